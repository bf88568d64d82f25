//! Which language a file, or a fenced block in Markdown, is written in.

/// How a line is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Shell: scripts, Dockerfiles, Makefiles, shell code blocks.
    Shell,
    /// `.http`/`.rest` files and raw HTTP: header lines, `{{X}}` substituted by the client.
    Http,
    /// Python.
    Python,
    /// Go.
    Go,
    /// JavaScript and TypeScript.
    Js,
    /// Other source code.
    Code,
    /// YAML.
    Yaml,
    /// JSON.
    Json,
    /// TOML.
    Toml,
    /// Terraform and HCL.
    Terraform,
    /// `.env` files.
    Env,
    /// Prose: only leaked tokens are reported.
    Prose,
}

impl Mode {
    /// Source code, where a string can be built from variables.
    pub(crate) fn is_code(self) -> bool {
        matches!(self, Mode::Python | Mode::Go | Mode::Js | Mode::Code)
    }
}

/// The kind of a whole file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// One mode for every line.
    Plain(Mode),
    /// Markdown: prose, with fenced code blocks read by their language.
    Markdown,
    /// A `.env` file meant as a template (`.env.example`): placeholders are expected there.
    EnvTemplate,
}

/// The file's kind from its path (extension or name) and its first line (a shebang).
pub(crate) fn file_kind(path: &str, first_line: &[u8]) -> FileKind {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    if lower == ".env" || lower.ends_with(".env") || lower.starts_with(".env.") {
        let template = [
            ".example",
            ".sample",
            ".template",
            ".dist",
            ".tmpl",
            ".defaults",
        ]
        .iter()
        .any(|s| lower.ends_with(s));
        return if template {
            FileKind::EnvTemplate
        } else {
            FileKind::Plain(Mode::Env)
        };
    }
    if lower == "dockerfile"
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".dockerfile")
        || lower == "containerfile"
        || lower == "makefile"
        || lower == "gnumakefile"
        || lower.ends_with(".mk")
    {
        return FileKind::Plain(Mode::Shell);
    }
    let ext = match lower.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => "",
    };
    match ext {
        "md" | "markdown" | "mdx" | "mkd" => FileKind::Markdown,
        "" => {
            if first_line.starts_with(b"#!") && shebang_shell(first_line) {
                FileKind::Plain(Mode::Shell)
            } else if first_line.starts_with(b"#!") {
                FileKind::Plain(Mode::Code)
            } else {
                FileKind::Plain(Mode::Prose)
            }
        }
        _ => FileKind::Plain(mode_of(ext).unwrap_or(Mode::Prose)),
    }
}

fn shebang_shell(line: &[u8]) -> bool {
    let line = String::from_utf8_lossy(line);
    ["sh", "bash", "zsh", "ksh", "dash", "ash"].iter().any(|s| {
        line.split(|c: char| c == '/' || c.is_whitespace())
            .any(|w| w == *s)
    })
}

/// The mode of a file extension or a Markdown fence's info word.
pub(crate) fn mode_of(word: &str) -> Option<Mode> {
    let w = word.to_ascii_lowercase();
    Some(match w.as_str() {
        "sh" | "bash" | "zsh" | "ksh" | "shell" | "console" | "shell-session" | "shellsession"
        | "terminal" | "curl" | "dockerfile" | "docker" | "makefile" | "make" | "fish" => {
            Mode::Shell
        }
        "http" | "rest" => Mode::Http,
        "py" | "python" | "python3" | "pyw" | "pyi" | "ipython" => Mode::Python,
        "go" | "golang" => Mode::Go,
        "js" | "javascript" | "mjs" | "cjs" | "jsx" | "ts" | "typescript" | "tsx" | "mts"
        | "cts" | "node" => Mode::Js,
        "yaml" | "yml" => Mode::Yaml,
        "json" | "jsonc" | "json5" => Mode::Json,
        "toml" => Mode::Toml,
        "tf" | "tfvars" | "hcl" | "terraform" => Mode::Terraform,
        "env" | "dotenv" => Mode::Env,
        "rs" | "rust" | "c" | "h" | "cc" | "cpp" | "hpp" | "cxx" | "java" | "kt" | "kts"
        | "scala" | "rb" | "ruby" | "php" | "cs" | "csharp" | "swift" | "lua" | "pl" | "perl"
        | "r" | "dart" | "ex" | "exs" | "erl" | "hs" | "ml" | "clj" | "groovy" | "gradle"
        | "vue" | "svelte" | "ps1" | "psm1" | "powershell" | "bat" | "cmd" | "ini" | "cfg"
        | "conf" | "properties" | "xml" | "html" | "htm" | "sql" | "nix" | "zig" | "jl"
        | "code" | "" => Mode::Code,
        "txt" | "text" | "plain" | "plaintext" | "rst" | "adoc" | "asciidoc" | "log" => Mode::Prose,
        _ => return None,
    })
}

/// The mode of a Markdown fence's info string (`sh`, `python title="x"`, `{.bash}`).
pub(crate) fn fence_mode(info: &[u8]) -> Mode {
    let info = String::from_utf8_lossy(info);
    let word = info
        .trim()
        .trim_start_matches('{')
        .trim_start_matches('.')
        .split(|c: char| c.is_whitespace() || c == ',' || c == '}' || c == '{')
        .next()
        .unwrap_or("");
    match mode_of(word) {
        Some(Mode::Prose) | None => Mode::Code,
        Some(m) => m,
    }
}

/// An open fenced block in Markdown: its language, fence character and fence length.
pub(crate) type Fence = (Mode, u8, usize);

/// Opens or closes a fenced code block at `line` (CommonMark: up to three spaces, then three
/// or more backticks or tildes); true when `line` is a fence.
pub(crate) fn fence_step(line: &[u8], fence: &mut Option<Fence>) -> bool {
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    if indent > 3 {
        return false;
    }
    let rest = &line[indent..];
    let Some(&c) = rest.first() else {
        return false;
    };
    if c != b'`' && c != b'~' {
        return false;
    }
    let len = rest.iter().take_while(|&&b| b == c).count();
    if len < 3 {
        return false;
    }
    match *fence {
        Some((_, fc, flen)) => {
            if fc == c && len >= flen && rest[len..].iter().all(|b| b.is_ascii_whitespace()) {
                *fence = None;
                return true;
            }
            false
        }
        None => {
            let info = &rest[len..];
            if c == b'`' && info.contains(&b'`') {
                return false;
            }
            *fence = Some((fence_mode(info), c, len));
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        assert_eq!(file_kind("a/.env", b""), FileKind::Plain(Mode::Env));
        assert_eq!(file_kind("a/prod.env", b""), FileKind::Plain(Mode::Env));
        assert_eq!(file_kind(".env.example", b""), FileKind::EnvTemplate);
        assert_eq!(file_kind("x/Dockerfile", b""), FileKind::Plain(Mode::Shell));
        assert_eq!(
            file_kind("run", b"#!/usr/bin/env bash"),
            FileKind::Plain(Mode::Shell)
        );
        assert_eq!(
            file_kind("run", b"#!/usr/bin/python3"),
            FileKind::Plain(Mode::Code)
        );
        assert_eq!(file_kind("README", b"hello"), FileKind::Plain(Mode::Prose));
        assert_eq!(file_kind("a.tf", b""), FileKind::Plain(Mode::Terraform));
        assert_eq!(file_kind("notes.txt", b""), FileKind::Plain(Mode::Prose));
        assert_eq!(file_kind("README.md", b""), FileKind::Markdown);
        assert_eq!(fence_mode(b"console"), Mode::Shell);
        assert_eq!(fence_mode(b"{.python}"), Mode::Python);
        assert_eq!(fence_mode(b""), Mode::Code);
        assert_eq!(fence_mode(b"text"), Mode::Code);
    }
}
