//! The reported leaks, end to end: every command and output format, with secrets that are not
//! one long hex run (split by whitespace or punctuation, non-hex, encoded, look-alikes), in
//! every position a credential is written (after a scheme, in a token variable, a URL
//! parameter, a default expansion, a second copy, a file name). Nothing shows more than the
//! id, the separator and the first 4 characters of the secret, and the fixes the human and
//! JSON outputs show depend on nothing more of it.

use assert_cmd::Command;
use base64::Engine as _;
use gcore_auth::{InputKind, Policy};
use gcore_auth_lint::render::{Origin, human, json};
use proptest::prelude::*;

/// 128 lowercase hex characters.
const S: &str = "9d27b6a48f1c03e5a7d2c8b4f60e19a3c5b7d9e1f2a4c6b8d0e2f4a6c8b0d2e4f6a8c0b2d4e6f8a0c2b4d6e8f0a2c4b6d8e0f2a4c6b8d1e3f5a7c9b1d3e5f7a9";
/// 128 letters that are not hex digits, and digits.
const N: &str = "Qz7mPkR2tWx9nLsG4hVy8jKq3rTz6pMw1sNk5gHx0yRt7vLq2mPz9kWs4nGh8jVx3tRy6qKm1pLz5wNs0hGk7xTy2rMq9vPz4sWn8kLh3gRx6tYm1qVz5pKs0nHw7jLx2";

fn lint() -> Command {
    let mut cmd = Command::cargo_bin("gcore-auth-lint").unwrap();
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

/// `secret` with `sep` after every `n` characters.
fn split(secret: &str, n: usize, sep: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    chars
        .chunks(n)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Panics when `output` holds any 5 consecutive characters of `secret` past its first 4
/// (searched with the separators the secret was split by taken out of both).
fn assert_hidden(what: &str, output: &str, secret: &str) {
    let squeeze = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || !c.is_ascii() && c.is_alphanumeric())
            .collect()
    };
    let output = squeeze(output);
    let secret: Vec<char> = squeeze(secret).chars().collect();
    for start in 4..secret.len().saturating_sub(4) {
        let piece: String = secret[start..start + 5].iter().collect();
        assert!(
            !output.contains(&piece),
            "{what}: characters {start}.. of the secret are shown"
        );
    }
}

fn stdout_and_stderr(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `check` of `value` in every format, as an argument and as a token.
fn check_everywhere(what: &str, value: &str, secret: &str) {
    for format in ["human", "json"] {
        let text = stdout_and_stderr(lint().args(["check", "--format", format, value]));
        assert_hidden(&format!("{what}, check {format}"), &text, secret);
        let text = stdout_and_stderr(lint().args(["check", "--format", format, "--token", value]));
        assert_hidden(&format!("{what}, check --token {format}"), &text, secret);
        let text = stdout_and_stderr(
            lint()
                .args(["env", "--format", format])
                .env("GCORE_API_KEY", value),
        );
        assert_hidden(&format!("{what}, env {format}"), &text, secret);
    }
}

/// `scan` of a file holding `content` (named `name`) in every format, and a baseline of it.
fn scan_everywhere(what: &str, name: &str, content: &str, secret: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), content).unwrap();
    for format in ["human", "json", "sarif"] {
        let out = lint()
            .current_dir(dir.path())
            .args(["scan", "--min-severity", "note", "--format", format, "."])
            .output()
            .unwrap();
        // Something was found, and shown.
        assert_eq!(out.status.code(), Some(1), "{what}: nothing found");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_hidden(&format!("{what}, scan {format}"), &text, secret);
    }
    let baseline = dir.path().join("baseline.json");
    lint()
        .current_dir(dir.path())
        .args(["scan", "--min-severity", "note", "--write-baseline"])
        .arg(&baseline)
        .arg(name)
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&baseline).unwrap();
    assert_hidden(&format!("{what}, baseline"), &text, secret);
}

#[test]
fn a_secret_split_by_whitespace() {
    for sep in [" ", "  ", "\t"] {
        let secret = split(S, 8, sep);
        let value = format!("Authorization: APIKey 29841_{secret}");
        check_everywhere(&format!("split by {sep:?}"), &value, &secret);
        check_everywhere(
            &format!("split by {sep:?}"),
            &format!("29841_{secret}"),
            &secret,
        );
        scan_everywhere(
            &format!("split by {sep:?}"),
            "deploy.sh",
            &format!("curl -H \"{value}\" https://api.gcore.com/iam/users/me\n"),
            &secret,
        );
    }
}

#[test]
fn a_secret_split_by_punctuation_or_invisible_characters() {
    for sep in ["-", ".", ":", ",", "/", "+", "\u{200b}", "\u{feff}"] {
        let secret = split(S, 8, sep);
        let value = format!("APIKey 29841_{secret}");
        check_everywhere(&format!("split by {sep:?}"), &value, &secret);
        // As the second word after the scheme.
        let second = format!("APIKey 29841_c767 29841_{secret}");
        check_everywhere(&format!("split by {sep:?}, second word"), &second, &secret);
        scan_everywhere(
            &format!("split by {sep:?}"),
            "request.http",
            &format!("GET https://api.gcore.com/iam/users/me\nAuthorization: {value}\n"),
            &secret,
        );
        // Outside a header: a token variable, an SDK argument, a second copy in a comment.
        scan_everywhere(
            &format!("split by {sep:?}, .env"),
            ".env",
            &format!("GCORE_API_KEY=APIKey 29841_{secret}\n"),
            &secret,
        );
        scan_everywhere(
            &format!("split by {sep:?}, SDK"),
            "client.py",
            &format!("client = Gcore(api_key=\"Bearer 29841_{secret}\")  # 29841_{secret}\n"),
            &secret,
        );
    }
}

#[test]
fn a_secret_that_is_not_hex() {
    check_everywhere("non-hex", &format!("Authorization: APIKey 29841_{N}"), N);
    check_everywhere("non-hex", &format!("APIKey 29841_{N}"), N);
    check_everywhere(
        "uppercase",
        &format!("APIKey 29841_{}", S.to_uppercase()),
        S,
    );
    scan_everywhere(
        "non-hex",
        "client.py",
        &format!(
            "requests.get(\"https://api.gcore.com/iam/users/me\", headers={{\"Authorization\": \"APIKey 29841_{N}\"}})\n"
        ),
        N,
    );
    // Look-alike letters in place of hex ones.
    let look = S.replace('a', "\u{430}").replace('e', "\u{435}");
    check_everywhere("look-alikes", &format!("APIKey 29841_{look}"), &look);
}

#[test]
fn a_secret_with_a_non_numeric_id_or_written_twice() {
    check_everywhere("non-numeric id", &format!("APIKey abc_{S}"), S);
    check_everywhere("non-numeric id", &format!("APIKey key{N}_{S}"), S);
    check_everywhere("twice", &format!("APIKey 29841_{S} 29841_{S}"), S);
    check_everywhere("twice, non-hex", &format!("APIKey 29841_{N}, 29841_{N}"), N);
}

#[test]
fn an_encoded_token() {
    let token = format!("29841_{S}");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&token);
    check_everywhere("base64", &format!("APIKey {b64}"), &b64);
    check_everywhere("base64", &format!("Basic {b64}"), &b64);
    let pct = format!("29841%5F{S}");
    check_everywhere("percent", &format!("APIKey {pct}"), S);
    let all: String = token.bytes().map(|b| format!("%{b:02X}")).collect();
    scan_everywhere(
        "percent",
        "deploy.sh",
        &format!(
            "curl \"https://api.gcore.com/iam/users/me?apikey={all}\" -H 'Authorization: Bearer 29841_c767...'\n"
        ),
        &all,
    );
}

#[test]
fn a_url_parameter_and_a_default_expansion() {
    let secret = split(S, 8, "-");
    scan_everywhere(
        "URL parameter",
        "deploy.sh",
        &format!(
            "curl \"https://api.gcore.com/iam/users/me?apikey=29841_{secret}\" -H 'Authorization: Bearer 29841_c767...'\n"
        ),
        &secret,
    );
    scan_everywhere(
        "default expansion",
        "deploy.sh",
        &format!(
            "curl -H \"Authorization: Bearer ${{GCORE_API_KEY:-29841_{N}}}\" https://api.gcore.com/iam/users/me\n"
        ),
        N,
    );
    check_everywhere(
        "default expansion",
        &format!("APIKey ${{GCORE_API_KEY:-29841_{N}}}"),
        N,
    );
}

#[test]
fn a_token_in_a_file_name() {
    for secret in [S, N] {
        scan_everywhere(
            "file name",
            &format!("29841_{secret}.sh"),
            "curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/iam/users/me\n",
            secret,
        );
    }
}

#[test]
fn a_token_in_a_usage_error() {
    for args in [
        vec![
            "scan".to_owned(),
            "--threads".to_owned(),
            format!("29841_{S}"),
        ],
        vec![
            "check".to_owned(),
            "--format".to_owned(),
            format!("29841_{N}"),
        ],
        vec![format!("29841_{S}")],
    ] {
        let out = lint().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{:?}", args[0]);
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(text.contains("29841_"), "{text}");
        assert_hidden(
            "usage error",
            &text,
            if args.len() == 3 && args[0] == "check" {
                N
            } else {
                S
            },
        );
    }
}

/// `secret` with every character after the first 4 replaced by another of its kind (digit,
/// hex letter, other letter, in its case): a secret no output may tell from `secret`.
fn other_secret(secret: &str) -> String {
    let rotate = |c: char, from: u8, to: u8| -> char {
        let (c, from, to) = (c as u8, from, to);
        (from + (c - from + 1) % (to - from + 1)) as char
    };
    secret
        .chars()
        .enumerate()
        .map(|(i, c)| match c {
            _ if i < 4 => c,
            '0'..='9' => rotate(c, b'0', b'9'),
            'a'..='f' => rotate(c, b'a', b'f'),
            'g'..='z' => rotate(c, b'g', b'z'),
            'A'..='F' => rotate(c, b'A', b'F'),
            'G'..='Z' => rotate(c, b'G', b'Z'),
            c => c,
        })
        .collect()
}

/// An input holding `secret` whose diagnoses carry fixes next to, around or inside the
/// secret, and how it is checked.
fn fixable(shape: usize, secret: &str, cut: usize) -> (String, InputKind) {
    let (head, tail) = secret.split_at(cut.min(secret.len()));
    let value = |v: String| (v, InputKind::Value);
    match shape {
        0 => value(format!("Bearer 29841_{secret}")),
        1 => value(format!("\"APIKey 29841_{secret}\"")),
        2 => value(format!("APIKey '29841_{secret}'\n")),
        3 => value(format!("bearer 29841_{secret}")),
        4 => value(format!("APIKey\u{a0}29841_{head}\u{200b}{tail}")),
        5 => (
            format!("Authorisation: APIKey  29841_{secret}"),
            InputKind::Line,
        ),
        6 => value(format!("APIKey29841_{secret}")),
        7 => value(format!("29841_{secret}")),
        8 => value(format!("APIKey 29841_{head}\x01{tail}")),
        9 => value(format!("APIKey APIKey 29841_{secret}")),
        10 => value(format!("Token 29841_{secret}")),
        11 => value(format!("  APIKey 29841_{secret}\t")),
        12 => (format!("APIKey 29841_{secret}"), InputKind::Token),
        13 => value(format!("APIKey \u{201c}29841_{secret}\u{201d}")),
        14 => value(format!("APIKey: {secret}")),
        // Huge: shown cut around the diagnoses and the edits.
        _ => value(format!("Bearer 29841_{secret}{}", " ".repeat(5000))),
    }
}

/// The codes of the diagnoses of `input`, and its human and JSON outputs as `check` and `env`
/// write them.
fn outputs(input: &str, kind: InputKind) -> (Vec<gcore_auth::Code>, String) {
    let report: gcore_auth_lint::Report<'_> = Policy::new()
        .with_clock(1_700_000_000)
        .diagnose(input.as_bytes(), kind);
    let codes = report.diagnostics().map(|d| d.code()).collect();
    let mut out = String::new();
    for origin in [Origin::Argument, Origin::Variable("GCORE_API_KEY")] {
        out.push_str(&human::render(&report, &origin, false));
        out.push_str(&json::render(&report, &origin).unwrap());
    }
    (codes, out)
}

proptest! {
    // `PROPTEST_CASES` runs more.
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256), ..ProptestConfig::default() })]

    /// What every output shows, fixes included, is the same for two secrets that differ only
    /// after their first 4 characters: no output shows more of a secret. (Unless they are not
    /// judged alike: `…WwWW…` is a real-looking secret, `…XxXX…` an elided example.)
    #[test]
    fn fixes_show_no_more_of_a_secret_than_its_first_4_characters(
        secret in prop_oneof!["[0-9a-f]{32,140}", "[0-9a-zA-Z]{32,140}"],
        shape in 0usize..16,
        cut in 0usize..140,
    ) {
        let (input, kind) = fixable(shape, &secret, cut);
        let (codes, shown) = outputs(&input, kind);
        let other = other_secret(&secret);
        prop_assert_ne!(&other[4..], &secret[4..]);
        let (other_input, _) = fixable(shape, &other, cut);
        let (other_codes, other_shown) = outputs(&other_input, kind);
        prop_assume!(codes == other_codes);
        prop_assert_eq!(&shown, &other_shown, "{:?}", input);
        // The property holds of something: a fix is shown.
        prop_assert!(
            shown.contains("\nhelp: ") && shown.contains("\"applicability\":"),
            "no fix for {:?}:\n{}", input, shown
        );
    }
}

/// What separates the pieces of a secret in [`a_secret_split_by_any_separator_in_every_output`]:
/// every ASCII punctuation character, spaces, characters of other scripts and symbols, HTML
/// and URL encodings, and short runs of them (a sweep of 46 of these found 32 that leaked).
const JOINERS: [&str; 54] = [
    "-",
    ".",
    "_",
    ":",
    ",",
    "/",
    "+",
    "=",
    "%",
    "~",
    "$",
    " ",
    "\t",
    "\\",
    "|",
    ";",
    "&",
    "'",
    "\"",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "#",
    "*",
    "!",
    "?",
    "@",
    "^",
    "`",
    "\u{b7}",
    "\u{2022}",
    "\u{ff0d}",
    "&amp;",
    "&#124;",
    "&#x7c;",
    "%7C",
    "%E2%80%A2",
    "\u{2192}",
    "\u{2014}",
    "\u{a7}",
    "\u{20ac}",
    "\u{2605}",
    "\u{3001}",
    "\u{ff5c}",
    "\u{1f511}",
    "\u{200b}",
    "\u{a0}",
    " | ",
    "::",
];

#[test]
fn a_secret_split_by_any_separator_in_every_output() {
    let mut leaks = Vec::new();
    let mut runs = 0;
    for sep in JOINERS {
        // 64 characters, in pieces of 8: short enough for a file name.
        let secret = split(&S[..64], 8, sep);
        let token = format!("29841_{secret}");
        let dir = tempfile::tempdir().unwrap();
        // What is run, the exit statuses it may have, and how.
        let mut commands: Vec<(String, &[i32], Command)> = Vec::new();
        let mut command =
            |what: String, status: &'static [i32], args: &[&str], var: Option<&str>| {
                let mut cmd = lint();
                cmd.current_dir(dir.path()).args(args);
                if let Some(var) = var {
                    cmd.env(var, "29841");
                }
                commands.push((what, status, cmd));
            };
        // `check` of a header line, and of a value whose token is its second word.
        for format in ["human", "json"] {
            for value in [
                format!("Authorization: APIKey {token}"),
                format!("APIKey x {token}"),
            ] {
                let args = ["check", "--format", format, "--", &value];
                command(format!("check {format} {value:?}"), &[1], &args, None);
            }
        }
        // `scan` of a file holding it, and of a file whose name (and folders, for `/`) hold
        // it. (Split by `$`, the header holds shell variables: nothing to report.)
        std::fs::write(
            dir.path().join("deploy.sh"),
            format!(
                "curl -H \"Authorization: APIKey {token}\" https://api.gcore.com/iam/users/me\n"
            ),
        )
        .unwrap();
        let file = dir.path().join("named").join(format!("{token}.sh"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(
            &file,
            "curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/iam/users/me\n",
        )
        .unwrap();
        for format in ["human", "json", "sarif", "github"] {
            for path in ["deploy.sh", "named"] {
                let args = ["scan", "--format", format, path];
                command(format!("scan {format} {path}"), &[0, 1], &args, None);
            }
        }
        // A fix shown as a diff: its header names the file, its context lines hold the secret
        // (in a comment above the fixed line); and the baseline file, which records them.
        std::fs::write(
            dir.path().join("context.sh"),
            format!(
                "# {token}\ncurl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/iam/users/me\n"
            ),
        )
        .unwrap();
        for path in ["context.sh", "named"] {
            let args = ["scan", "--unsafe-fixes", "--diff", path];
            command(format!("scan --diff {path}"), &[1], &args, None);
        }
        let args = ["scan", "--write-baseline", "baseline.json", "."];
        command("scan --write-baseline".into(), &[0, 1], &args, None);
        // A path that does not exist: cannot scan it.
        let missing = format!("missing/{token}.sh");
        command("cannot scan".into(), &[2], &["scan", &missing], None);
        // `env`: a variable named after it, set (where a name may hold the separator) and
        // unset.
        let name = format!("GCORE_API_KEY_{secret}");
        if !sep.contains('=') {
            command("env set".into(), &[1], &["env", "--", &name], Some(&name));
        }
        command("env unset".into(), &[2], &["env", "--", &name], None);
        // `explain` of an unknown code, an unknown option and an unknown command.
        command("explain".into(), &[2], &["explain", &token], None);
        let bogus = format!("--bogus={token}");
        command("unknown option".into(), &[2], &["check", &bogus], None);
        command("unknown command".into(), &[2], &[&token], None);
        for (what, status, mut cmd) in commands {
            runs += 1;
            let out = cmd.output().unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let mut text = text;
            if what.contains("--write-baseline") {
                text += &std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
            }
            let code = out.status.code().unwrap_or(-1);
            assert!(status.contains(&code), "{sep:?}, {what}: {code}\n{text}");
            let what = format!("{sep:?}: {what}");
            // The separators out of the output, and the secret searched without them: an
            // encoded separator shares characters with an encoded `…` (`%E2%80%A2`, `%E2%80%A6`).
            let text = text.replace(sep, "");
            if std::panic::catch_unwind(|| assert_hidden(&what, &text, &S[..64])).is_err() {
                leaks.push(what);
            }
        }
    }
    assert_eq!(runs, JOINERS.len() * 21 - 1, "every output was looked at");
    assert_eq!(leaks, Vec::<String>::new(), "{} leaks", leaks.len());
}
