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
    /// Text of unknown kind (`.txt`, no extension, standard input, a Gherkin feature, a
    /// literal block in reStructuredText): command lines, `Name: value` header lines and
    /// quoted name/value pairs, wherever they stand.
    Text,
    /// Rust: no `$` interpolation, `format!` braces, raw strings `r#"…"#`.
    Rust,
}

impl Mode {
    /// Source code, where a string can be built from variables.
    pub(crate) fn is_code(self) -> bool {
        self.lang().kind == Kind::Code
    }

    /// What the scanner knows of the language: its entry in [`LANGS`].
    pub(crate) fn lang(self) -> &'static Lang {
        let lang = &LANGS[self as usize];
        debug_assert_eq!(lang.mode, self, "LANGS is in the order of Mode");
        lang
    }
}

/// What the lines of a language are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Source code: headers are built in strings, maps and calls, from variables.
    Code,
    /// Configuration and data: keys and values.
    Data,
    /// Shell words and commands (`.env` files too).
    Shell,
    /// Raw HTTP header lines.
    Http,
    /// Prose: leaked tokens, and inline code read as one-line snippets.
    Prose,
    /// Text of unknown kind: commands, header lines and name/value pairs where they stand.
    Text,
}

/// References a language writes inside strings and values.
pub(crate) mod refs {
    /// `${X}`.
    pub(crate) const DOLLAR_BRACE: u16 = 1;
    /// `$X`.
    pub(crate) const DOLLAR_NAME: u16 = 1 << 1;
    /// `$(X)`: command substitution, Kubernetes' dependent variables, Makefiles.
    pub(crate) const DOLLAR_PAREN: u16 = 1 << 2;
    /// `{{X}}`: templates and `.http` clients.
    pub(crate) const DOUBLE_BRACE: u16 = 1 << 3;
    /// `#{X}`: Ruby, CoffeeScript.
    pub(crate) const HASH_BRACE: u16 = 1 << 4;
    /// `%s`, `%v`, `%(name)s`: printf-style formats.
    pub(crate) const PERCENT: u16 = 1 << 5;
    /// `{}`, `{0}`, `{name}`: format-method placeholders.
    pub(crate) const FORMAT_BRACE: u16 = 1 << 6;
    /// `<<name>>`: Hoppscotch's environment variables (in JSON).
    pub(crate) const DOUBLE_ANGLE: u16 = 1 << 7;
    /// `\(x)`: Swift's string interpolation.
    pub(crate) const BACKSLASH_PAREN: u16 = 1 << 8;
}

/// How a language quotes, escapes, interpolates and comments, as data: one entry per
/// [`Mode`], in [`LANGS`]. The string reader, the bracket matcher and the value readers are
/// driven by it instead of asking which language they are in.
#[derive(Debug)]
pub(crate) struct Lang {
    /// The mode this entry describes (its index in [`LANGS`]).
    pub(crate) mode: Mode,
    /// What its lines are.
    pub(crate) kind: Kind,
    /// The quotes that open a string.
    pub(crate) quotes: &'static [u8],
    /// Letters that may prefix a string (`f"…"`, `r"…"`, `@"…"`, `$"…"`).
    pub(crate) prefixes: &'static [u8],
    /// A quote whose strings are raw: no escapes (Go's backtick).
    pub(crate) raw_quote: Option<u8>,
    /// A quote whose strings are literal: no escapes and no references (TOML's and the shell's
    /// single quote).
    pub(crate) literal_quote: Option<u8>,
    /// A quote whose strings double it to include it and have no escapes (YAML's `'it''s'`).
    pub(crate) doubled_quote: Option<u8>,
    /// A quote whose strings interpolate `${…}` although the language's other strings do not
    /// (JavaScript's template literals).
    pub(crate) template_quote: Option<u8>,
    /// Strings may be tripled (`"""…"""`).
    pub(crate) triple: bool,
    /// The references its strings and values hold ([`refs`]).
    pub(crate) refs: u16,
    /// `"APIKey %s" % key`: a format operator after a string.
    pub(crate) percent_operator: bool,
    /// What starts a comment that runs to the end of the line.
    pub(crate) comments: &'static [&'static [u8]],
    /// Bytes that end a plain (unquoted) value.
    pub(crate) value_stops: &'static [u8],
    /// Bare expressions are values (`var.token` in HCL), and `<<` opens a heredoc.
    pub(crate) expressions: bool,
    /// A raw string may be fenced with `#`s (Rust's `r#"…"#`).
    pub(crate) hashed_raw: bool,
}

const CODE_REFS: u16 = refs::FORMAT_BRACE | refs::PERCENT | refs::DOUBLE_BRACE;
const DATA_REFS: u16 =
    refs::DOLLAR_BRACE | refs::DOLLAR_NAME | refs::DOLLAR_PAREN | refs::DOUBLE_BRACE;

const BASE: Lang = Lang {
    mode: Mode::Prose,
    kind: Kind::Data,
    quotes: b"\"'",
    prefixes: b"",
    raw_quote: None,
    literal_quote: None,
    doubled_quote: None,
    template_quote: None,
    triple: false,
    refs: DATA_REFS,
    percent_operator: false,
    comments: &[],
    value_stops: b"",
    expressions: false,
    hashed_raw: false,
};

const CODE: Lang = Lang {
    kind: Kind::Code,
    quotes: b"\"'`",
    prefixes: b"rRbBuUfF$@",
    refs: CODE_REFS,
    comments: &[b"//", b"/*"],
    ..BASE
};

/// One entry per [`Mode`], in the order of its variants.
pub(crate) static LANGS: [Lang; 14] = [
    Lang {
        mode: Mode::Shell,
        kind: Kind::Shell,
        literal_quote: Some(b'\''),
        comments: &[b"#"],
        ..BASE
    },
    Lang {
        mode: Mode::Http,
        kind: Kind::Http,
        refs: refs::DOUBLE_BRACE,
        ..BASE
    },
    Lang {
        mode: Mode::Python,
        triple: true,
        percent_operator: true,
        comments: &[b"#"],
        ..CODE
    },
    Lang {
        mode: Mode::Go,
        raw_quote: Some(b'`'),
        ..CODE
    },
    Lang {
        mode: Mode::Js,
        template_quote: Some(b'`'),
        ..CODE
    },
    Lang {
        mode: Mode::Code,
        refs: CODE_REFS
            | refs::DOLLAR_BRACE
            | refs::DOLLAR_NAME
            | refs::HASH_BRACE
            | refs::BACKSLASH_PAREN,
        ..CODE
    },
    Lang {
        mode: Mode::Yaml,
        doubled_quote: Some(b'\''),
        comments: &[b"#"],
        ..BASE
    },
    Lang {
        mode: Mode::Json,
        refs: DATA_REFS | refs::DOUBLE_ANGLE,
        value_stops: b",}]",
        ..BASE
    },
    Lang {
        mode: Mode::Toml,
        literal_quote: Some(b'\''),
        comments: &[b"#"],
        value_stops: b"#",
        ..BASE
    },
    Lang {
        mode: Mode::Terraform,
        comments: &[b"#", b"//"],
        value_stops: b"#",
        expressions: true,
        ..BASE
    },
    Lang {
        mode: Mode::Env,
        kind: Kind::Shell,
        literal_quote: Some(b'\''),
        comments: &[b"#"],
        ..BASE
    },
    Lang {
        mode: Mode::Prose,
        kind: Kind::Prose,
        ..BASE
    },
    Lang {
        mode: Mode::Text,
        kind: Kind::Text,
        ..BASE
    },
    Lang {
        mode: Mode::Rust,
        quotes: b"\"",
        prefixes: b"rbcRB",
        refs: refs::FORMAT_BRACE,
        hashed_raw: true,
        ..CODE
    },
];

/// The end (one past) of a bracketed group opened by `line[at]`, skipping the strings of
/// `lang` inside it (their escapes respected, except in raw and literal strings). The one
/// bracket matcher of the scanner: code, data and shell all use it.
pub(crate) fn group_end(line: &[u8], at: usize, lang: &Lang) -> usize {
    let (open, shut) = match line[at] {
        b'(' => (b'(', b')'),
        b'[' => (b'[', b']'),
        b'{' => (b'{', b'}'),
        _ => return at + 1,
    };
    let mut depth = 0usize;
    let mut j = at;
    while j < line.len() {
        let b = line[j];
        if b == open {
            depth += 1;
        } else if b == shut {
            depth -= 1;
            if depth == 0 {
                return j + 1;
            }
        } else if lang.quotes.contains(&b) {
            let escapes = lang.raw_quote != Some(b)
                && lang.literal_quote != Some(b)
                && lang.doubled_quote != Some(b);
            let mut k = j + 1;
            while k < line.len() && line[k] != b {
                if escapes && line[k] == b'\\' {
                    k += 1;
                }
                k += 1;
            }
            j = k;
        }
        j += 1;
    }
    line.len()
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
    /// reStructuredText: text, with `code-block` directives and `::` literal blocks.
    Rst,
    /// AsciiDoc: text, with `----` listing blocks (`[source,bash]`) and `....` literal blocks.
    AsciiDoc,
    /// A Jupyter notebook: JSON whose code cells are read in the notebook's language.
    Notebook,
}

/// The file's kind from its path (extension or name) and its first line (a shebang).
pub(crate) fn file_kind(path: &str, first_line: &[u8]) -> FileKind {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    // A file name the configuration gives a language to is read as a file of that extension.
    match super::extra::language(name) {
        Some(ext) => kind_by_name(&format!("file.{ext}"), first_line),
        None => kind_by_name(path, first_line),
    }
}

/// True when files with the extension `ext` are read in a language of their own (not as text
/// of unknown kind).
pub(crate) fn known_extension(ext: &str) -> bool {
    ext == "txt" || kind_by_name(&format!("file.{ext}"), b"") != FileKind::Plain(Mode::Text)
}

/// [`file_kind`] by the name alone.
fn kind_by_name(path: &str, first_line: &[u8]) -> FileKind {
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
    let mut ext = match lower.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => "",
    };
    // A template or example of a file is written in the file's language:
    // `config.yml.template`, `settings.json.example`, `app.py.j2`.
    const WRAPPERS: &[&str] = &[
        "template", "tmpl", "tpl", "j2", "jinja", "jinja2", "example", "sample", "dist", "in",
        "orig", "bak",
    ];
    if WRAPPERS.contains(&ext) {
        let stem = &lower[..lower.len() - ext.len() - 1];
        if let Some((inner_stem, inner)) = stem.rsplit_once('.')
            && !inner_stem.is_empty()
            && mode_of(inner).is_some()
        {
            ext = inner;
        }
    }
    match ext {
        "md" | "markdown" | "mdx" | "mkd" => FileKind::Markdown,
        "rst" | "rest" if ext == "rst" || !head_is_http(first_line) => FileKind::Rst,
        "adoc" | "asciidoc" | "asc" => FileKind::AsciiDoc,
        "ipynb" => FileKind::Notebook,
        "" => {
            if first_line.starts_with(b"#!") && shebang_shell(first_line) {
                FileKind::Plain(Mode::Shell)
            } else if first_line.starts_with(b"#!") {
                FileKind::Plain(Mode::Code)
            } else {
                FileKind::Plain(Mode::Text)
            }
        }
        _ => FileKind::Plain(mode_of(ext).unwrap_or(Mode::Text)),
    }
}

/// True when a `.rest` file starts as an HTTP client file does (a request line, a `###`
/// separator, a variable), not as reStructuredText.
fn head_is_http(first_line: &[u8]) -> bool {
    let t = first_line.trim_ascii();
    t.is_empty() || t.starts_with(b"###") || t.starts_with(b"@") || detect(t) == Some(Mode::Http)
}

/// The kind of text whose name says nothing (standard input, a file with no extension): its
/// first lines tell (a shebang, a shell command, an import, a Markdown fence or heading, a
/// JSON document), else it is text of unknown kind.
pub(crate) fn sniff(head: &[u8]) -> FileKind {
    let first = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
    if first.starts_with(b"#!") {
        return file_kind("", first);
    }
    let t = head.trim_ascii_start();
    match t.first() {
        Some(b'{') => return FileKind::Plain(Mode::Json),
        // `[1, …]`, `[{…}]`, `["…"]`: a JSON array; `[gcore]` is a TOML table.
        Some(b'[') => {
            // `[[servers]]` is a TOML array of tables, `[[1, 2]]` a JSON array.
            let inner = t[1..].trim_ascii_start();
            let inner = inner.strip_prefix(b"[").unwrap_or(inner).trim_ascii_start();
            return match inner.first() {
                Some(b'{' | b'"' | b'[' | b']' | b'-' | b'0'..=b'9') => FileKind::Plain(Mode::Json),
                _ => FileKind::Plain(Mode::Toml),
            };
        }
        _ => {}
    }
    let (mut fence, mut heading, mut first) = (false, false, true);
    for line in head.split(|&b| b == b'\n').take(40) {
        let t = line.trim_ascii();
        let at_first = !t.is_empty() && std::mem::replace(&mut first, false);
        if t.starts_with(b"```") || t.starts_with(b"~~~") {
            fence = true;
        } else if at_first && (t.starts_with(b"# ") || t.starts_with(b"## ")) {
            // A heading first; further down `# ` is as likely a comment.
            heading = true;
        }
        match detect(t) {
            // A command: text, where commands and headers are read anyway.
            Some(Mode::Shell) | None => {}
            // A request line first: an HTTP message, whose header values are sent as written
            // (further down, it is a request shown in text).
            Some(Mode::Http) if at_first => return FileKind::Plain(Mode::Http),
            Some(Mode::Http) => {}
            // An import, a package clause: that language.
            Some(m) if !fence => return FileKind::Plain(m),
            Some(_) => {}
        }
    }
    if fence || heading {
        FileKind::Markdown
    } else {
        FileKind::Plain(Mode::Text)
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
        "http" | "rest" | "bru" => Mode::Http,
        "py" | "python" | "python3" | "pyw" | "pyi" | "ipython" => Mode::Python,
        "go" | "golang" => Mode::Go,
        "js" | "javascript" | "mjs" | "cjs" | "jsx" | "ts" | "typescript" | "tsx" | "mts"
        | "cts" | "node" => Mode::Js,
        "yaml" | "yml" => Mode::Yaml,
        "json" | "jsonc" | "json5" => Mode::Json,
        "toml" => Mode::Toml,
        "tf" | "tfvars" | "hcl" | "terraform" => Mode::Terraform,
        "env" | "dotenv" => Mode::Env,
        "rs" | "rust" => Mode::Rust,
        "c" | "h" | "cc" | "cpp" | "hpp" | "cxx" | "java" | "kt" | "kts" | "scala" | "rb"
        | "ruby" | "php" | "cs" | "csharp" | "swift" | "lua" | "pl" | "perl" | "r" | "dart"
        | "ex" | "exs" | "erl" | "hs" | "ml" | "clj" | "groovy" | "gradle" | "vue" | "svelte"
        | "ps1" | "psm1" | "powershell" | "bat" | "cmd" | "ini" | "cfg" | "conf" | "properties"
        | "xml" | "html" | "htm" | "sql" | "nix" | "zig" | "jl" | "code" | "" => Mode::Code,
        "txt" | "text" | "plain" | "plaintext" | "log" | "feature" | "rst" | "adoc"
        | "asciidoc" => Mode::Text,
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

/// The language of a code sample with no `lang` beside it, from its first line: a shell
/// command, an import, a package clause, an HTTP request line. `None` when nothing tells.
pub(crate) fn detect(first_line: &[u8]) -> Option<Mode> {
    let t = first_line.trim_ascii();
    let t = t.strip_prefix(b"$ ").unwrap_or(t);
    let starts = |w: &str| t.len() >= w.len() && t[..w.len()].eq_ignore_ascii_case(w.as_bytes());
    let has = |w: &str| memchr::memmem::find(t, w.as_bytes()).is_some();
    Some(
        if [
            "curl ",
            "wget ",
            "http ",
            "export ",
            "#!/bin/",
            "#!/usr/bin/env bash",
            "#!/usr/bin/env sh",
        ]
        .iter()
        .any(|w| starts(w))
        {
            Mode::Shell
        } else if starts("import ") && (has(" from '") || has(" from \"")) {
            Mode::Js
        } else if starts("import ") || (starts("from ") && has(" import ")) || starts("def ") {
            Mode::Python
        } else if starts("package ") {
            Mode::Go
        } else if ["const ", "let ", "var ", "await ", "fetch(", "require("]
            .iter()
            .any(|w| starts(w))
        {
            Mode::Js
        } else if ["GET ", "POST ", "PUT ", "PATCH ", "DELETE "]
            .iter()
            .any(|w| t.starts_with(w.as_bytes()))
            && (has("http") || has("/"))
        {
            Mode::Http
        } else if starts("provider \"") || starts("resource \"") || starts("terraform {") {
            Mode::Terraform
        } else {
            return None;
        },
    )
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
    fn the_table_has_one_entry_per_mode_in_order() {
        for (k, lang) in LANGS.iter().enumerate() {
            assert_eq!(lang.mode as usize, k, "{:?}", lang.mode);
        }
        assert!(Mode::Python.is_code() && !Mode::Yaml.is_code());
    }

    #[test]
    fn detects_the_language_of_a_sample_from_its_first_line() {
        assert_eq!(
            detect(b"curl -H 'x' https://api.gcore.com"),
            Some(Mode::Shell)
        );
        assert_eq!(detect(b"$ export GCORE_API_KEY=x"), Some(Mode::Shell));
        assert_eq!(detect(b"import os"), Some(Mode::Python));
        assert_eq!(detect(b"from gcore import Gcore"), Some(Mode::Python));
        assert_eq!(detect(b"import Gcore from 'gcore';"), Some(Mode::Js));
        assert_eq!(detect(b"package main"), Some(Mode::Go));
        assert_eq!(detect(b"GET https://api.gcore.com/iam"), Some(Mode::Http));
        assert_eq!(detect(b"provider \"gcore\" {"), Some(Mode::Terraform));
        assert_eq!(detect(b"Returns the list of zones."), None);
    }

    #[test]
    fn one_bracket_matcher_for_every_language() {
        let py = Mode::Python.lang();
        assert_eq!(group_end(br#"(a, ")", 'x\')') + 1"#, 0, py), 16);
        // In the shell a single-quoted string has no escapes; a double-quoted one has.
        let sh = Mode::Shell.lang();
        assert_eq!(group_end(br"$(echo 'a\' b) c", 1, sh), 14);
        assert_eq!(group_end(br#"$(echo "a\")") c"#, 1, sh), 14);
        assert_eq!(group_end(b"(open", 0, sh), 5);
        assert_eq!(group_end(b"x", 0, sh), 1);
    }

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
        assert_eq!(file_kind("README", b"hello"), FileKind::Plain(Mode::Text));
        assert_eq!(file_kind("a.tf", b""), FileKind::Plain(Mode::Terraform));
        assert_eq!(file_kind("notes.txt", b""), FileKind::Plain(Mode::Text));
        assert_eq!(file_kind("guide.rst", b""), FileKind::Rst);
        assert_eq!(
            file_kind("api.rest", b"GET https://x"),
            FileKind::Plain(Mode::Http)
        );
        assert_eq!(file_kind("guide.adoc", b""), FileKind::AsciiDoc);
        assert_eq!(file_kind("a.ipynb", b""), FileKind::Notebook);
        assert_eq!(file_kind("login.feature", b""), FileKind::Plain(Mode::Text));
        assert_eq!(file_kind("get.bru", b""), FileKind::Plain(Mode::Http));
        assert_eq!(
            file_kind("tests/config.yml.template", b""),
            FileKind::Plain(Mode::Yaml)
        );
        assert_eq!(
            file_kind("a.json.example", b""),
            FileKind::Plain(Mode::Json)
        );
        assert_eq!(
            file_kind("notes.template", b""),
            FileKind::Plain(Mode::Text)
        );
        assert_eq!(sniff(b"import os\nx = 1\n"), FileKind::Plain(Mode::Python));
        assert_eq!(sniff(b"\n# Title\n"), FileKind::Markdown);
        assert_eq!(
            sniff(b"curl -H x https://api.gcore.com\n"),
            FileKind::Plain(Mode::Text)
        );
        assert_eq!(sniff(b"#!/bin/sh\n"), FileKind::Plain(Mode::Shell));
        assert_eq!(sniff(b"{\"a\": 1}"), FileKind::Plain(Mode::Json));
        assert_eq!(sniff(b"Some notes\n"), FileKind::Plain(Mode::Text));
        assert_eq!(sniff(b"[\n  {\"a\": 1}\n]"), FileKind::Plain(Mode::Json));
        assert_eq!(sniff(b"[gcore]\nkey = 1\n"), FileKind::Plain(Mode::Toml));
        assert_eq!(sniff(b"[[servers]]\n"), FileKind::Plain(Mode::Toml));
        assert_eq!(
            sniff(b"# A client.\n\"\"\"Doc.\"\"\"\nimport os\n"),
            FileKind::Plain(Mode::Python)
        );
        assert_eq!(sniff(b"# Title\n\nText\n"), FileKind::Markdown);
        assert_eq!(sniff(b"Intro\n```sh\nimport x\n```\n"), FileKind::Markdown);
        assert_eq!(file_kind("README.md", b""), FileKind::Markdown);
        assert_eq!(fence_mode(b"console"), Mode::Shell);
        assert_eq!(fence_mode(b"{.python}"), Mode::Python);
        assert_eq!(fence_mode(b""), Mode::Code);
        // A `text` block is text of unknown kind: its commands and header lines are read.
        assert_eq!(fence_mode(b"text"), Mode::Text);
    }
}
