//! A generated corpus for the scanner benchmark: files of the kinds the scanner reads, with
//! headers, token variables and tokens at realistic densities (most lines hold none).

use crate::SECRET;

/// One generated file: a benchmark parameter name, the path the scanner is told (it decides
/// the language) and the content.
#[derive(Clone, Debug)]
pub struct File {
    /// The criterion parameter.
    pub name: &'static str,
    /// The path given to the scanner.
    pub path: &'static str,
    /// The content.
    pub content: Vec<u8>,
}

/// Lines of each kind repeat with a counter until a file reaches this many bytes.
pub const FILE_SIZE: usize = 256 * 1024;

fn fill(mut line: impl FnMut(usize) -> String) -> Vec<u8> {
    let mut out = Vec::with_capacity(FILE_SIZE + 256);
    let mut n = 0;
    while out.len() < FILE_SIZE {
        out.extend_from_slice(line(n).as_bytes());
        out.push(b'\n');
        n += 1;
    }
    out
}

/// Source code with no header and no token: what most files of a tree look like.
fn code(n: usize) -> String {
    match n % 6 {
        0 => format!("/// Returns the {n}th value of the sequence, wrapping on overflow."),
        1 => format!("pub fn step_{n}(x: u64) -> u64 {{"),
        2 => format!(
            "    let y = x.wrapping_mul({}).rotate_left({});",
            n * 31 + 7,
            n % 63
        ),
        3 => format!(
            "    if y % {} == 0 {{ return y ^ 0x{:x}; }}",
            n % 97 + 2,
            n * 2654435761
        ),
        4 => "    y.wrapping_add(1)".to_owned(),
        _ => "}".to_owned(),
    }
}

/// A deploy script: commands, a `curl` with a header every 25 lines, an export of a
/// `$`-format token inside double quotes every 200 lines.
fn shell(n: usize) -> String {
    match n % 200 {
        0 => format!("export GCORE_API_KEY=\"{}${}\"", 29841 + n, &SECRET[..64]),
        k if k % 25 == 1 => format!(
            "curl -sS -H \"Authorization: APIKey $GCORE_API_KEY\" https://api.gcore.com/cloud/v1/projects/{n}"
        ),
        k if k % 25 == 2 => format!(
            "curl -sS -H 'Authorization: Bearer {}_{}' https://api.gcore.com/iam/clients/me",
            n,
            &SECRET[..40]
        ),
        k if k % 3 == 0 => format!("echo \"step {n}: deploying release $RELEASE to $REGION\""),
        k if k % 3 == 1 => {
            format!("if [ -f \"build/out-{n}.tar.gz\" ]; then tar xzf \"build/out-{n}.tar.gz\"; fi")
        }
        _ => format!("sleep {}", n % 5),
    }
}

/// An environment file: settings, with a token every 50 lines.
fn env(n: usize) -> String {
    match n % 50 {
        0 => format!("GCORE_API_KEY={}_{SECRET}", 1000 + n),
        10 => "GCORE_PERMANENT_TOKEN=${GCORE_API_KEY}".to_owned(),
        k => format!(
            "SERVICE_{n}_URL=https://service-{k}.internal.example:{}/v1",
            8000 + k
        ),
    }
}

/// Python calling the API: a header dict every 20 lines.
fn python(n: usize) -> String {
    match n % 20 {
        0 => format!("def call_{n}(session, project_id):"),
        1 => "    headers = {\"Authorization\": \"APIKey \" + os.environ[\"GCORE_API_KEY\"]}"
            .to_owned(),
        2 => format!(
            "    return session.get(f\"https://api.gcore.com/cloud/v1/instances/{{project_id}}/{n}\", headers=headers)"
        ),
        3 => format!(
            "    # bearer by mistake: \"Authorization\": \"Bearer {n}_{}\"",
            &SECRET[..48]
        ),
        k => format!("    total_{k} = sum(x * {k} for x in range({n}))"),
    }
}

/// Markdown documentation: prose, and a shell block with a `curl` every 40 lines.
fn markdown(n: usize) -> String {
    match n % 40 {
        0 => "```sh".to_owned(),
        1 => format!(
            "curl -H \"Authorization: APIKey {n}_{}\" https://api.gcore.com/iam/users",
            &SECRET[..32]
        ),
        2 => "```".to_owned(),
        k => format!(
            "Section {n}.{k}: the service keeps {k} replicas and answers within {} ms.",
            k * 3
        ),
    }
}

/// Code where every line builds a header and nothing on it names a host: each line's
/// destination is decided from its scope, which must be read once, not once per line.
fn headers(n: usize) -> String {
    format!("    h{n} = {{\"Authorization\": \"Bearer \" + token_{n}}}  # gcore client")
}

/// An OpenAPI document: code samples in YAML block scalars after their `lang`.
fn openapi(n: usize) -> String {
    match n % 8 {
        0 => format!("  /cdn/resources/{n}:"),
        1 => "    get:".to_owned(),
        2 => "      x-codeSamples:".to_owned(),
        3 => "      - lang: Python".to_owned(),
        4 => "        source: |-".to_owned(),
        5 => "          client = Gcore(".to_owned(),
        6 => "              api_key=os.environ.get(\"GCORE_API_KEY\"),".to_owned(),
        _ => "          )".to_owned(),
    }
}

/// The generated corpus: one file of each kind, [`FILE_SIZE`] bytes or a line more each.
pub fn scan_corpus() -> Vec<File> {
    vec![
        File {
            name: "code",
            path: "src/sequence.rs",
            content: fill(code),
        },
        File {
            name: "shell",
            path: "deploy.sh",
            content: fill(shell),
        },
        File {
            name: "env",
            path: ".env",
            content: fill(env),
        },
        File {
            name: "python",
            path: "client.py",
            content: fill(python),
        },
        File {
            name: "markdown",
            path: "README.md",
            content: fill(markdown),
        },
        File {
            name: "headers",
            path: "client_headers.py",
            content: fill(headers),
        },
        File {
            name: "openapi",
            path: "openapi.yaml",
            content: fill(openapi),
        },
    ]
}

/// A generated tree of one shape, as (relative path, content) pairs.
#[derive(Clone, Debug)]
pub struct Tree {
    /// The criterion parameter.
    pub name: &'static str,
    /// The files.
    pub files: Vec<(String, Vec<u8>)>,
}

/// A kind of file in a generated tree: its folder, its extension and its line generator.
type Kind = (&'static str, &'static str, fn(usize) -> String);

/// The two shapes of tree the scanner meets: `docs`, keyword-dense Markdown and OpenAPI YAML
/// with a few scripts (a documentation site), and `code`, many source files of which few
/// mention a header or a token (an application's repository). `files` files each, every one
/// 1/16 of [`FILE_SIZE`].
pub fn scan_trees(files: usize) -> Vec<Tree> {
    let part = |content: Vec<u8>, k: usize| {
        // A different sixteenth of the generated file for each copy, cut at a line's end.
        let size = FILE_SIZE / 16;
        let start = (k % 16) * size;
        let start = content[..start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let end = content[(start + size).min(content.len())..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(content.len(), |p| start + size + p + 1);
        content[start..end].to_vec()
    };
    let kinds = |spec: &[Kind]| -> Vec<(String, Vec<u8>)> {
        let whole: Vec<Vec<u8>> = spec.iter().map(|s| fill(s.2)).collect();
        (0..files)
            .map(|k| {
                let (dir, ext, _) = spec[k % spec.len()];
                let path = format!("{dir}/{:03}/file{k}.{ext}", k / 64);
                (path, part(whole[k % spec.len()].clone(), k))
            })
            .collect()
    };
    vec![
        Tree {
            name: "docs",
            files: kinds(&[
                ("guides", "md", markdown),
                ("api", "yaml", openapi),
                ("guides", "md", markdown),
                ("scripts", "sh", shell),
            ]),
        },
        Tree {
            name: "code",
            files: kinds(&[
                ("src", "rs", code),
                ("src", "rs", code),
                ("src", "rs", code),
                ("src", "rs", code),
                ("src", "rs", code),
                ("src", "rs", code),
                ("app", "py", python),
                ("deploy", "env", env),
            ]),
        },
    ]
}
