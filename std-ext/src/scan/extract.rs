//! One line: where headers, tokens and token variables are, and what the core says of them.

use std::ops::Range;

use gcore_auth::{Applicability, Code, InputKind, Policy, Severity, TokenEcho};

use super::context::{Around, Facts, Hosts, Tracked};
use super::expr::{self, code_value, config_value, is_ident, json_string, skip_ws};
use super::lang::{Kind, Mode};
use super::placeholder;
use super::shell::{self, Word};
use super::token::{self, find_ci};
use super::value::Value;
use crate::Report;

/// One diagnosis in a line, its span in bytes of the line.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub(crate) span: Range<usize>,
    pub(crate) code: Code,
    pub(crate) severity: Severity,
    pub(crate) message: String,
    pub(crate) reply: Option<String>,
    pub(crate) fix: Option<HitFix>,
}

/// A hit's repair: edits of the line (byte ranges, fixed text), in order, not overlapping.
#[derive(Clone, Debug)]
pub(crate) struct HitFix {
    pub(crate) edits: Vec<(Range<usize>, &'static str)>,
    pub(crate) applicability: Applicability,
    pub(crate) message: &'static str,
}

/// What a line holds: diagnoses, and the bytes that are secret (hidden in snippets).
#[derive(Debug, Default)]
pub(crate) struct LineOut {
    pub(crate) hits: Vec<Hit>,
    pub(crate) hide: Vec<Range<usize>>,
    /// A YAML `name: GCORE_API_KEY` item: its `value:` comes on the next line.
    pub(crate) value_next: bool,
    /// Names the line assigns a Gcore token to (`secret = os.environ["GCORE_API_KEY"]`).
    pub(crate) tracks: Vec<Vec<u8>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// A whole `Name: value` header line.
    Line,
    /// A bare token (an environment variable, an SDK's `api_key`).
    Token,
}

struct Ctx<'l, 'a, 'b> {
    line: &'l [u8],
    mode: Mode,
    placeholders_fine: bool,
    around: &'a mut Around<'b>,
    out: LineOut,
    /// Source ranges already read as a value.
    done: Vec<Range<usize>>,
    cuts_done: Vec<Range<usize>>,
    /// The line is read as shell words (a script, a `curl -H` command): whitespace outside
    /// quotes separates words there.
    shellish: bool,
}

/// Reads one line in `mode`. `placeholders_fine` is false only where a placeholder would be
/// used as-is (a `.env` file that is not a template).
pub(crate) fn line(
    line: &[u8],
    mode: Mode,
    placeholders_fine: bool,
    around: &mut Around<'_>,
    value_of_token: bool,
) -> LineOut {
    let mut cx = Ctx {
        line,
        mode,
        placeholders_fine,
        around,
        out: LineOut::default(),
        done: Vec::new(),
        cuts_done: Vec::new(),
        shellish: mode.lang().kind == Kind::Shell
            || memchr::memmem::find(line, b"-H").is_some()
            || memchr::memmem::find(line, b"--header").is_some(),
    };
    cx.leaks();
    if mode == Mode::Prose {
        cx.inline_code();
        return cx.out;
    }
    cx.out.tracks = assignments(line, cx.around.tracked);
    let has_header_flag = memchr::memmem::find(line, b"-H").is_some()
        || memchr::memmem::find(line, b"--header").is_some();
    if mode == Mode::Yaml {
        let t = line.trim_ascii_start();
        let t = t.strip_prefix(b"- ").unwrap_or(t).trim_ascii_start();
        if value_of_token {
            if let Some(rest) = t.strip_prefix(b"value:") {
                let at = line.len() - rest.len();
                let mut v = Value::new();
                if let Some(end) = config_value(line, at, mode, &mut v) {
                    if !v.is_empty() {
                        cx.check(&v, Check::Token);
                    }
                    cx.done.push(at..end);
                }
            }
        }
        if let Some(name) = t.strip_prefix(b"name:") {
            let name = name.trim_ascii();
            let name = name
                .strip_prefix(b"\"")
                .and_then(|n| n.strip_suffix(b"\""))
                .unwrap_or(name);
            cx.out.value_next = token_variable(name);
        }
        if t.starts_with(b"run:") || t.starts_with(b"export ") {
            // Shell in a CI step.
            let words = shell::words(line);
            cx.shell(&words);
            return cx.out;
        }
    }
    // JSON text (a JSON file, a flow mapping in YAML) holds commands only inside strings,
    // which are read as embedded text.
    let json_text = mode == Mode::Json || (mode == Mode::Yaml && find_ci(line, b"{\"").is_some());
    let kind = mode.lang().kind;
    if mode == Mode::Env && cx.dotenv() {
        // A token variable's value, read as dotenv readers read it.
    } else if kind == Kind::Shell {
        let words = shell::words(line);
        cx.shell(&words);
    } else if has_header_flag && !json_text {
        let words = shell::words(line);
        cx.curl(&words);
    }
    match kind {
        Kind::Shell | Kind::Prose => {}
        Kind::Http => cx.http(),
        Kind::Data => cx.data(),
        Kind::Code => cx.keys(),
    }
    cx.out
}

const ALT_HEADERS: &[&str] = &[
    "x-api-key",
    "api-key",
    "x-apikey",
    "x-gcore-api-key",
    "gcore-api-key",
    "x-auth-token",
];

const SDK_KEYS: &[&str] = &[
    "api_key",
    "apikey",
    "api_token",
    "apitoken",
    "permanent_api_token",
    "permanent_token",
    "permanenttoken",
    "permanentapitoken",
];

/// What a name in a line stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Key {
    /// The `Authorization` header (or a misspelling of it).
    Header,
    /// A header people wrongly put a Gcore token in (`X-API-Key`).
    AltHeader,
    /// A variable named for a Gcore token (`GCORE_API_KEY`): holds a bare token.
    Token,
    /// An SDK option or setting that holds a bare API key (`api_key=`): a Gcore token only
    /// where something ties it to Gcore (a Gcore client, a Gcore token's shape).
    Sdk,
}

impl Ctx<'_, '_, '_> {
    fn classify(&mut self, word: &[u8]) -> Option<Key> {
        if word.is_empty() || word.len() > 64 {
            return None;
        }
        if gcore_auth::InputKind::of(word) == gcore_auth::InputKind::Line && !word.contains(&b'_') {
            return Some(Key::Header);
        }
        if ALT_HEADERS
            .iter()
            .any(|h| word.eq_ignore_ascii_case(h.as_bytes()))
        {
            return Some(Key::AltHeader);
        }
        if token_variable(word) {
            return Some(Key::Token);
        }
        if SDK_KEYS
            .iter()
            .any(|k| word.eq_ignore_ascii_case(k.as_bytes()))
        {
            return Some(Key::Sdk);
        }
        None
    }

    // ---- leaked tokens --------------------------------------------------------------------

    fn leaks(&mut self) {
        for leak in token::leaks(self.line) {
            let t = &self.line[leak.token.clone()];
            let sep = leak.secret.start - leak.token.start;
            let shown = TokenEcho::new(t, Some(sep));
            self.out.hide.push(leak.secret.clone());
            self.out.hits.push(Hit {
                span: leak.token.clone(),
                code: Code::HardcodedToken,
                severity: Code::HardcodedToken.entry().severity,
                message: format!(
                    "a permanent token `{shown}` ({}-character secret) is written into the file",
                    leak.secret.len()
                ),
                reply: None,
                fix: None,
            });
        }
    }

    // ---- prose -----------------------------------------------------------------------------

    /// Inline code in prose (`` `curl -H "Authorization: …"` ``, `` `APIKey 7711_…` ``): each
    /// span is read as a one-line snippet of its own: a command, a header line or a value.
    fn inline_code(&mut self) {
        let line = self.line;
        let mut from = 0;
        while let Some(p) = memchr::memchr(b'`', &line[from..]) {
            let open = from + p;
            let ticks = line[open..].iter().take_while(|&&b| b == b'`').count();
            let body = open + ticks;
            let Some(close) = memchr::memmem::find(&line[body..], &line[open..body]) else {
                break;
            };
            let span = body..body + close;
            from = span.end + ticks;
            let text = line[span.clone()].trim_ascii();
            if text.is_empty() || super::prefilter::candidate_lines(text).is_empty() {
                continue;
            }
            let at = span.start
                + (line[span.clone()].len() - line[span.clone()].trim_ascii_start().len());
            self.snippet(at, text);
        }
    }

    /// One inline snippet at `at` in the line. Its quoting is unknown, so a `$NAME` in it is
    /// a reference the reader expands, never a literal.
    fn snippet(&mut self, at: usize, text: &[u8]) {
        let first = text.iter().take_while(|c| !c.is_ascii_whitespace()).count();
        let word = &text[..first];
        let end = at + text.len();
        if word.eq_ignore_ascii_case(b"curl") {
            let mut facts = Facts::within(self.around.file_gcore());
            let tracked = self.around.tracked;
            let mut around = Around::new(
                text,
                0..text.len(),
                0..text.len(),
                Mode::Shell,
                &mut facts,
                tracked,
            );
            let out = line(text, Mode::Shell, true, &mut around, false);
            // Its leaked tokens are the line's own, already reported.
            self.absorb(out, |r| at + r.start..at + r.end, false);
        } else if (word.eq_ignore_ascii_case(b"apikey") || word.eq_ignore_ascii_case(b"bearer"))
            && first < text.len()
        {
            // A bare value: read as the value of an `Authorization` header.
            let mut v = Value::new();
            v.lits_from(b"Authorization: ", at..at);
            snippet_text(self.line, at, end, &mut v);
            if self.gcore_value(&v) {
                self.check(&v, Check::Line);
            }
        } else if text.contains(&b':')
            && gcore_auth::InputKind::of(text) == gcore_auth::InputKind::Line
        {
            // A header line; a name alone (`` `Authorization` ``) is a word in a sentence.
            self.header_line(at..end, Mode::Prose);
        }
    }

    // ---- .env ------------------------------------------------------------------------------

    /// `[export] NAME=value` for a token variable, as python-dotenv and docker compose read
    /// it: the value is the rest of the line (spaces included), without its quotes or an
    /// unquoted ` #` comment; `${X}` is a reference, any other `$` is kept. True when the
    /// line was one.
    fn dotenv(&mut self) -> bool {
        let line = self.line;
        let mut at = skip_ws(line, 0);
        if line[at..].starts_with(b"export ") {
            at = skip_ws(line, at + 7);
        }
        let name_len = line[at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
        let eq = skip_ws(line, at + name_len);
        if name_len == 0 || line.get(eq) != Some(&b'=') || !token_variable(&line[at..at + name_len])
        {
            return false;
        }
        let start = skip_ws(line, eq + 1);
        let mut v = Value::new();
        match line.get(start) {
            Some(&q @ (b'"' | b'\'')) => {
                let end =
                    memchr::memchr(q, &line[start + 1..]).map_or(line.len(), |e| start + 1 + e);
                dotenv_text(line, start + 1, end, q == b'"', &mut v);
            }
            _ => {
                let mut end = line.len();
                if let Some(c) = memchr::memmem::find(&line[start..], b" #") {
                    end = start + c;
                }
                while end > start && matches!(line[end - 1], b' ' | b'\t' | b'\r') {
                    end -= 1;
                }
                dotenv_text(line, start, end, true, &mut v);
            }
        }
        if !v.is_empty() {
            self.check(&v, Check::Token);
        }
        self.done.push(at..line.len());
        true
    }

    // ---- shell -----------------------------------------------------------------------------

    /// Shell lines: `curl -H`, assignments of token variables, header lines in words, and
    /// `$`-format tokens the shell cuts.
    fn shell(&mut self, words: &[Word]) {
        self.curl(words);
        let dockerfile_env = words.first().is_some_and(|w| {
            w.value.bytes.eq_ignore_ascii_case(b"ENV") || w.value.bytes.eq_ignore_ascii_case(b"ARG")
        });
        for (k, w) in words.iter().enumerate() {
            if self.is_done(&w.src) {
                continue;
            }
            let b = &w.value.bytes;
            let eq = b.iter().position(|&c| c == b'=');
            if let Some(eq) = eq {
                let name = &b[..eq];
                if !w.value.any_var(0..eq) && token_variable(name) {
                    let value = w.value.tail(eq + 1);
                    if !value.is_empty() {
                        self.check(&value, Check::Token);
                    }
                    self.cuts(&w.value, Some(&value));
                    self.done.push(w.src.clone());
                    continue;
                }
            } else if dockerfile_env && k == 1 && token_variable(b) && words.len() > 2 {
                // `ENV GCORE_API_KEY value`
                let value = &words[2].value;
                self.check(value, Check::Token);
                self.cuts(value, Some(value));
                self.done.push(w.src.start..words[2].src.end);
                continue;
            }
            // `H="Authorization: APIKey …"`
            if let Some(at) = find_ci(b, b"authori") {
                let start = if at > 0 && eq.is_some_and(|e| e + 1 == at) {
                    at
                } else if at == 0 {
                    0
                } else {
                    usize::MAX
                };
                if start != usize::MAX {
                    let value = w.value.tail(start);
                    let name_len = value
                        .bytes
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                        .count();
                    if value.bytes.get(name_len) == Some(&b':')
                        && self.classify(&value.bytes[..name_len]) == Some(Key::Header)
                        && self.gcore_value(&value)
                    {
                        self.check(&value, Check::Line);
                        self.cuts(&value, Some(&value));
                        self.done.push(w.src.clone());
                        continue;
                    }
                }
            }
            if token::gcore_context(self.line) {
                self.cuts(&w.value, None);
            }
        }
    }

    /// `-H "Authorization: …"`, `--header "…"`, `-H"…"`, `--header=…`.
    fn curl(&mut self, words: &[Word]) {
        let mut k = 0;
        while k < words.len() {
            let b = &words[k].value.bytes;
            let (header, src) = if (b == b"-H" || b == b"--header") && k + 1 < words.len() {
                k += 1;
                (
                    words[k].value.clone(),
                    words[k - 1].src.start..words[k].src.end,
                )
            } else if b.starts_with(b"--header=") {
                (words[k].value.tail(9), words[k].src.clone())
            } else if b.starts_with(b"-H") && b.len() > 2 && !words[k].value.any_var(0..2) {
                (words[k].value.tail(2), words[k].src.clone())
            } else {
                k += 1;
                continue;
            };
            k += 1;
            let name_len = header
                .bytes
                .iter()
                .take_while(|c| !matches!(c, b':' | b' ' | b'\t'))
                .count();
            let Some(key) = self.classify(&header.bytes[..name_len]) else {
                continue;
            };
            if matches!(key, Key::Token | Key::Sdk) {
                continue;
            }
            if !self.gcore_value(&header) {
                continue;
            }
            self.check(&header, Check::Line);
            self.cuts(&header, Some(&header));
            self.done.push(src);
        }
    }

    /// Reports each `$`-format token the shell cuts in `v` (once per place).
    fn cuts(&mut self, v: &Value, checked: Option<&Value>) {
        let _ = checked;
        if self.mode == Mode::Env {
            // `.env` readers differ on `$`; the core's legacy-separator warning covers it.
            return;
        }
        for cut in &v.cuts {
            if self.cuts_done.iter().any(|d| d.start == cut.src.start) {
                continue;
            }
            self.cuts_done.push(cut.src.clone());
            let name = &self.line[cut.name.clone()];
            let shown_name = TokenEcho::new(name, Some(0));
            // What is left after the id is secret too: only the id is shown.
            let mut received =
                gcore_auth::Escaped(&cut.received[..cut.id_len.min(cut.received.len())])
                    .to_string();
            // (A 16-digit or longer id is already cut, with its own `…`.)
            if cut.received.len() > cut.id_len && !received.ends_with('…') {
                received.push('…');
            }
            let place = if cut.double_quoted {
                "inside double quotes"
            } else {
                "unquoted"
            };
            // All of the token after the `$` is secret, not just the part the shell reads as a
            // name (`$7` of `$7fdd…`): hide it as one range so 4 characters show in all.
            let tail = self.line[cut.name.start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            self.out
                .hide
                .push(cut.name.start..(cut.name.start + tail).max(cut.name.end));
            self.out.hits.push(Hit {
                span: cut.src.clone(),
                code: Code::ShellExpansion,
                severity: Code::ShellExpansion.entry().severity,
                message: format!(
                    "{place} the shell expands `${shown_name}` as a variable: the server receives `{received}`"
                ),
                reply: Some(format!("Bad permanent token: {received}")),
                // Only in shell text itself: inside a YAML, JSON or program string a `\$` or a
                // quote would be read by that language first.
                fix: (self.mode.lang().kind == Kind::Shell)
                    .then(|| cut_fix(cut, word_end(self.line, cut.name.start))),
            });
        }
    }

    // ---- .http / .rest --------------------------------------------------------------------

    fn http(&mut self) {
        let line = self.line;
        let start = line
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let mut end = line.len();
        while end > start && matches!(line[end - 1], b' ' | b'\t' | b'\r') {
            end -= 1;
        }
        // `.http` clients substitute only `{{X}}`.
        self.header_line(start..end, Mode::Http);
    }

    /// A whole `Name: value` header line at `r`, with references as `interp` reads them.
    fn header_line(&mut self, r: Range<usize>, interp: Mode) {
        let line = &self.line[..r.end];
        let start = r.start;
        let name_len = line[start..]
            .iter()
            .take_while(|c| !matches!(c, b':' | b' ' | b'\t'))
            .count();
        let name = &line[start..start + name_len];
        let Some(key) = self.classify(name) else {
            return;
        };
        if matches!(key, Key::Token | Key::Sdk) {
            return;
        }
        let mut v = Value::new();
        match interp {
            Mode::Http => expr::plain(line, start, r.end, interp, &mut v),
            _ => snippet_text(line, start, r.end, &mut v),
        }
        if !self.gcore_value(&v) {
            return;
        }
        self.check(&v, Check::Line);
    }

    // ---- code and configuration -----------------------------------------------------------

    /// Names in code and configuration followed by a value: header maps, calls, assignments.
    fn keys(&mut self) {
        let line = self.line;
        let mut i = 0;
        while i < line.len() {
            let b = line[i];
            if !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
                i += 1;
                continue;
            }
            let ws = i;
            while i < line.len()
                && (line[i].is_ascii_alphanumeric() || line[i] == b'_' || line[i] == b'-')
            {
                i += 1;
            }
            let we = i;
            if self.is_done(&(ws..we)) {
                continue;
            }
            let Some(key) = self.classify(&line[ws..we]) else {
                continue;
            };
            if let Some(end) = self.key_value(key, ws, we) {
                i = i.max(end);
            }
        }
    }

    /// Data (YAML, JSON, TOML, HCL): only keys are names, never words inside a string or a
    /// plain scalar (`description: Configure the Authorization: APIKey header.`). A string
    /// value that is a whole header line (`- "Authorization: APIKey …"`) is a header unless its
    /// key forwards headers elsewhere (`origin_http_headers`); a string with line breaks
    /// (`"source": "import os\n…"`) is embedded text, read in the language of a sibling
    /// `lang` or as Markdown.
    fn data(&mut self) {
        let line = self.line;
        let n = line.len();
        if self.mode == Mode::Yaml && line.trim_ascii_start().starts_with(b"\\") {
            // The continuation of a double-quoted scalar broken over lines: text, not keys.
            return;
        }
        let comments = self.mode.lang().comments;
        // The containers open on this line: whether each is a mapping, and whether it sits
        // under a key that forwards headers elsewhere (`probe: {"http_get": {"headers": …}}`).
        let mut stack: Vec<(bool, bool)> = Vec::new();
        let mut key_pos = true;
        let mut owner: Option<Range<usize>> = None;
        let mut lang: Option<Mode> = None;
        let mut i = 0;
        while i < n {
            let b = line[i];
            match b {
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    continue;
                }
                b'#' | b'/'
                    if comments.iter().any(|c| line[i..].starts_with(c))
                        && (i == 0 || matches!(line[i - 1], b' ' | b'\t')) =>
                {
                    break;
                }
                b'-' if self.mode == Mode::Yaml
                    && key_pos
                    && matches!(line.get(i + 1), Some(b' ') | None) =>
                {
                    i += 1;
                    continue;
                }
                b'{' | b'[' => {
                    let forwarded = stack.last().is_some_and(|c| c.1)
                        || owner
                            .as_ref()
                            .is_some_and(|o| forwarded_key(&line[o.clone()]));
                    stack.push((b == b'{', forwarded));
                    key_pos = b == b'{';
                    i += 1;
                    continue;
                }
                b'}' | b']' => {
                    stack.pop();
                    i += 1;
                    continue;
                }
                b',' => {
                    key_pos = stack.last().is_some_and(|c| c.0);
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let quoted = matches!(b, b'"' | b'\'');
            if !(quoted || b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.')) {
                i += 1;
                continue;
            }
            // A quoted or bare word, and whether a key's separator follows it.
            let (key, end) = if quoted {
                let end = string_end(line, i, self.mode);
                (i + 1..end.saturating_sub(1).max(i + 1), end)
            } else {
                let len = line[i..]
                    .iter()
                    .take_while(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'$')
                    })
                    .count();
                (i..i + len, i + len)
            };
            let j = skip_ws(line, end);
            let sep = match line.get(j) {
                Some(b'=') => quoted || line.get(j + 1) != Some(&b'='),
                Some(b':') => {
                    quoted
                        || matches!(
                            line.get(j + 1),
                            None | Some(b' ' | b'\t' | b'"' | b'\'' | b'{' | b'[')
                        )
                }
                _ => false,
            };
            if key_pos && sep {
                i = self
                    .data_key(key.clone(), forwarded(&stack), &mut lang)
                    .unwrap_or(j + 1);
                owner = Some(key);
                key_pos = false;
                continue;
            }
            i = end;
            key_pos = false;
            if quoted {
                if !forwarded(&stack) {
                    self.data_string(key.start - 1, end, owner.clone(), lang);
                }
                continue;
            }
            if stack.is_empty() && self.mode == Mode::Yaml {
                // A plain scalar runs to the end of the line.
                break;
            }
            // A bare value in a flow collection or an expression: read on.
        }
    }

    /// A key at `key` (inside quotes or bare) and its value; returns where the value ends
    /// when it was read. Under a key that forwards headers elsewhere nothing is read.
    fn data_key(
        &mut self,
        key: Range<usize>,
        forwarded: bool,
        lang: &mut Option<Mode>,
    ) -> Option<usize> {
        let name = &self.line[key.clone()];
        if forwarded || self.is_done(&key) {
            return None;
        }
        if name.eq_ignore_ascii_case(b"lang") || name.eq_ignore_ascii_case(b"language") {
            // `"lang": "Python"`: the language of the code samples that follow.
            let line = self.line;
            let mut at = key.end;
            if matches!(line.get(at), Some(b'"' | b'\'')) {
                at += 1;
            }
            at = skip_ws(line, at) + 1;
            at = skip_ws(line, at);
            let (from, to) = if matches!(line.get(at), Some(b'"' | b'\'')) {
                (at + 1, string_end(line, at, self.mode).saturating_sub(1))
            } else {
                let len = line[at.min(line.len())..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+'))
                    .count();
                (at, at + len)
            };
            let word = line.get(from..to.max(from)).unwrap_or_default();
            *lang = std::str::from_utf8(word)
                .ok()
                .and_then(super::lang::mode_of);
            return None;
        }
        let classified = self.classify(name)?;
        self.key_value(classified, key.start, key.end)
    }

    /// A string value from `start` (its opening quote) to `end` (after its closing quote),
    /// held by the key at `owner`.
    fn data_string(
        &mut self,
        start: usize,
        end: usize,
        owner: Option<Range<usize>>,
        lang: Option<Mode>,
    ) {
        let line = self.line;
        let inner =
            &line[(start + 1).min(end)..end.saturating_sub(1).max(start + 1).min(line.len())];
        let forwarded = owner
            .as_ref()
            .is_some_and(|o| forwarded_key(&line[o.clone()]));
        // A whole header line in a string.
        let name_len = inner
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        if name_len > 0 && inner.get(name_len) == Some(&b':') && !forwarded {
            if let Some(Key::Header | Key::AltHeader) = self.classify(&inner[..name_len]) {
                let _ = self.key_value(Key::Header, start + 1, start + 1 + name_len);
                return;
            }
        }
        // Embedded text: a string with escaped line breaks.
        if line[start] == b'"' && memchr::memmem::find(inner, b"\\n").is_some() {
            let mut v = Value::new();
            if json_string(line, start, &mut v).is_some() {
                // A code sample in its sibling's `lang`, else in what its first line says.
                let lang = match owner.as_ref().map(|o| &line[o.clone()]) {
                    Some(k) if code_key(k) => lang.or_else(|| {
                        let first = v.bytes.split(|&b| b == b'\n').next().unwrap_or_default();
                        super::lang::detect(first)
                    }),
                    _ => None,
                };
                self.embedded(&v, lang);
            }
        }
    }

    /// Reads rebuilt text with line breaks (a code sample or a description inside a JSON
    /// string) line by line, in `lang` or as Markdown, and maps what it finds back to the
    /// line it was written on.
    fn embedded(&mut self, v: &Value, lang: Option<Mode>) {
        let text = &v.bytes;
        let mut facts = Facts::within(self.around.file_gcore());
        let tracked = self.around.tracked;
        let mut fence = None;
        let mut fence_start = 0;
        let mut off = 0;
        for sub in text.split(|&b| b == b'\n') {
            let start = off;
            off += sub.len() + 1;
            if lang.is_none() && super::lang::fence_step(sub, &mut fence) {
                fence_start = off;
                continue;
            }
            if super::prefilter::candidate_lines(sub).is_empty() {
                continue;
            }
            let mode = lang.unwrap_or_else(|| fence.map_or(Mode::Prose, |f| f.0));
            let scope = if fence.is_some() {
                fence_start..text.len()
            } else {
                0..text.len()
            };
            let mut around = Around::new(
                text,
                start..start + sub.len(),
                scope,
                mode,
                &mut facts,
                tracked,
            );
            let out = line(sub, mode, true, &mut around, false);
            // A token decoded from escapes may be one the line's own reading did not see.
            self.absorb(out, |r| v.map_span(start + r.start..start + r.end), true);
        }
    }

    /// Takes in what a nested reading found (a snippet, a line of embedded text), its spans
    /// mapped onto this line by `map`; leaked tokens only when `leaks`.
    fn absorb(&mut self, out: LineOut, map: impl Fn(Range<usize>) -> Range<usize>, leaks: bool) {
        for hit in out.hits {
            if leaks || hit.code != Code::HardcodedToken {
                let span = map(hit.span.clone());
                let fix = hit.fix.map(|f| HitFix {
                    edits: f.edits.into_iter().map(|(r, t)| (map(r), t)).collect(),
                    ..f
                });
                self.out.hits.push(Hit { span, fix, ..hit });
            }
        }
        for h in out.hide {
            self.out.hide.push(map(h));
        }
    }

    /// The value after the name at `ws..we`; returns where it ends.
    fn key_value(&mut self, key: Key, ws: usize, we: usize) -> Option<usize> {
        let line = self.line;
        let mode = self.mode;
        let q = if ws > 0 && matches!(line[ws - 1], b'"' | b'\'' | b'`') {
            Some(line[ws - 1])
        } else {
            None
        };
        let mut after = we;
        if let Some(q) = q {
            if line.get(we) == Some(&q) {
                after = we + 1;
            } else if line.get(we) == Some(&b':') && !matches!(key, Key::Token | Key::Sdk) {
                // A whole header line inside a string: `"Authorization: APIKey " + key`.
                let mut start = ws - 1;
                while start > 0
                    && matches!(
                        line[start - 1],
                        b'f' | b'F' | b'r' | b'R' | b'b' | b'$' | b'@'
                    )
                    && start + 2 >= ws - 1
                {
                    start -= 1;
                }
                let mut v = Value::new();
                let end = if mode.is_code() {
                    code_value(line, start, mode, &mut v)
                } else {
                    config_value(line, start, mode, &mut v)
                }?;
                if !v.bytes[..].starts_with(&line[ws..we]) {
                    return None;
                }
                if !self.gcore_value(&v) {
                    return None;
                }
                self.check(&v, Check::Line);
                self.done.push(start..end);
                return Some(end);
            } else {
                return None;
            }
        }
        let mut i = skip_ws(line, after);
        if line.get(i) == Some(&b']') {
            i = skip_ws(line, i + 1);
        }
        let rest = &line[i.min(line.len())..];
        let sep_len = if rest.starts_with(b":=") || rest.starts_with(b"=>") {
            2
        } else if (rest.starts_with(b"=") && !rest.starts_with(b"=="))
            || (rest.starts_with(b":") && !rest.starts_with(b"::"))
            || (rest.starts_with(b",") && q.is_some() && setter_call(line, ws - 1))
        {
            1
        } else {
            return None;
        };
        let sep = i..i + sep_len;
        let vstart = i + sep_len;
        let mut v = Value::new();
        let bare = matches!(key, Key::Token | Key::Sdk);
        if !bare {
            v.lits(&line[ws..we], ws);
            v.lits_from(b": ", sep.clone());
        }
        let prefix = v.bytes.len();
        let end = if mode.is_code() {
            match code_value(line, vstart, mode, &mut v) {
                Some(end) => end,
                None if !bare
                    && q.is_none()
                    && line[..ws].iter().all(|b| matches!(b, b' ' | b'\t')) =>
                {
                    // A raw header line in an example (`Authorization: Bearer …`).
                    self.http();
                    return Some(line.len());
                }
                None => return None,
            }
        } else if mode == Mode::Yaml && skip_ws(line, vstart) >= line.len() {
            // A mapping or a block scalar follows on the next lines.
            return None;
        } else {
            config_value(line, vstart, mode, &mut v)?
        };
        self.done.push(ws..end);
        let value = v.tail(prefix);
        if bare {
            if value.is_empty() {
                return Some(end);
            }
            if key == Key::Sdk && !self.sdk_value(&value) {
                return Some(end);
            }
            if describes(&value) {
                // `GCORE_PERMANENT_API_TOKEN = "Permanent API token (https://…)"`: a table
                // of what each variable means, not a value.
                return Some(end);
            }
            self.check(&value, Check::Token);
            return Some(end);
        }
        if !self.gcore_value(&value) {
            return Some(end);
        }
        self.check(&v, Check::Line);
        Some(end)
    }

    /// True when a header is bound for the Gcore API. The request's URL decides first: a
    /// Gcore API host in the command or statement says yes, another concrete host says no.
    /// Without one, the value must carry its own tie to Gcore: a Gcore token variable (or a
    /// name that holds one), a token of Gcore's shape, a Gcore client around it, or the
    /// `APIKey` scheme in a file (or block) that talks to Gcore. Headers with none of these
    /// (origin headers Gcore forwards, inference endpoints, webhooks, other APIs) are not
    /// judged.
    fn gcore_value(&mut self, v: &Value) -> bool {
        let here = Hosts::of(self.line);
        if here.gcore {
            return true;
        }
        if here.other {
            return false;
        }
        let statement = self.around.statement_hosts();
        if statement.gcore {
            return true;
        }
        if statement.other {
            return false;
        }
        if self.gcore_var(v) || gcore_shape(&v.bytes) || names_token_variable(&v.literal()) {
            return true;
        }
        if self.around.in_gcore_call() {
            return true;
        }
        let scope = self.around.scope_hosts();
        if scope.gcore && !scope.other {
            return true;
        }
        find_ci(&v.bytes, b"apikey").is_some() && (scope.gcore || self.around.file_gcore())
    }

    /// True when a variable of `v` is a Gcore token variable or a name that holds one.
    fn gcore_var(&self, v: &Value) -> bool {
        v.vars.iter().any(|x| {
            x.gcore || {
                let src = v.map_span(x.at.clone());
                self.around
                    .tracked
                    .holds(self.line.get(src).unwrap_or_default())
            }
        })
    }

    /// True when an SDK option's value (`api_key=…`) is a Gcore token: the option sits in a
    /// Gcore client, or the value is read from a Gcore token variable, or it has a Gcore
    /// token's shape or carries a scheme a Gcore token never has.
    fn sdk_value(&mut self, v: &Value) -> bool {
        if self.gcore_var(v) || gcore_shape(&v.bytes) || names_token_variable(&v.literal()) {
            return true;
        }
        let t = v.bytes.trim_ascii_start();
        let scheme = |w: &[u8]| {
            t.len() > w.len() && t[..w.len()].eq_ignore_ascii_case(w) && t[w.len()] == b' '
        };
        if scheme(b"apikey") || scheme(b"bearer") {
            return true;
        }
        let here = Hosts::of(self.line);
        self.around.in_gcore_call() || (here.gcore && !here.other)
    }

    /// The message of a diagnosis, with each variable's stand-in replaced by its source text.
    /// The core fix of a diagnosis of rebuilt value `v`, as edits of the line: each edit's
    /// rebuilt bytes must come one for one from literal source text, with nothing between
    /// them in the source (an edit across `"APIKey" + " "` would cut the `+`), and its fixed
    /// text must keep the line's syntax (no whitespace outside quotes in shell words, no `:`
    /// in an unquoted YAML scalar). `None` when any edit cannot be made so.
    fn source_fix(&self, v: &Value, fix: &gcore_auth::Fix<'_>) -> Option<HitFix> {
        let mut edits = Vec::new();
        for e in fix.edits() {
            let s = e.span();
            let src = source_range(v, s.start..s.end)?;
            let text = e.text();
            let quoted = quoted_at(self.line, src.start);
            let deleted = &self.line[src.clone()];
            let spaces = |b: &[u8]| b.iter().any(|c| matches!(c, b' ' | b'\t'));
            if self.shellish && !quoted && (spaces(text.as_bytes()) || spaces(deleted)) {
                return None;
            }
            if self.mode == Mode::Yaml && !quoted && text.contains(':') {
                return None;
            }
            edits.push((src, text));
        }
        Some(HitFix {
            edits,
            applicability: fix.applicability(),
            message: fix.message(),
        })
    }

    fn message(&self, v: &Value, text: String) -> String {
        let mut text = text;
        for var in &v.vars {
            let stand = String::from_utf8_lossy(&v.bytes[var.at.clone()]).into_owned();
            if !text.contains(&stand) {
                continue;
            }
            let src = v.map_span(var.at.clone());
            let shown = &self.line[src.start..src.end.min(src.start + 60)];
            let mut shown = gcore_auth::Escaped(shown).to_string();
            if src.end > src.start + 60 {
                shown.push('…');
            }
            text = text.replace(&stand, &shown);
        }
        text
    }

    fn is_done(&self, r: &Range<usize>) -> bool {
        self.done
            .iter()
            .any(|d| d.start <= r.start && r.end <= d.end)
    }

    // ---- the core ------------------------------------------------------------------------

    /// Checks a rebuilt value with the core and keeps what the source really says: variables
    /// expand, so what is only about a variable's stand-in is dropped.
    fn check(&mut self, v: &Value, how: Check) {
        let tracked = self.around.tracked;
        let retagged;
        let v = if !tracked.is_empty() && v.vars.iter().any(|x| !x.permanent) {
            retagged = v.retag(self.line, |t| tracked.holds(t));
            &retagged
        } else {
            v
        };
        let kind = match how {
            Check::Line => InputKind::Line,
            Check::Token => InputKind::Token,
        };
        let report: Report<'_> = Policy::DEFAULT.diagnose(&v.bytes, kind);
        self.collect(v, &report, how);
    }

    fn collect(&mut self, v: &Value, report: &Report<'_>, how: Check) {
        if let Some(s) = report.secret_span() {
            let src = v.map_span(s.start..s.end);
            if src.start < src.end {
                self.out.hide.push(src);
            }
        }
        let parts = Parts::of(&v.bytes, how);
        // A placeholder in a file (docs, tests, templates) is for the reader to fill in: a
        // note, and nothing about its shape. What surrounds it can still be wrong.
        let core_placeholder = report.has(Code::TokenPlaceholder);
        // One root cause: a placeholder is reported as such, never by its shape. It is a note
        // where a reader fills it in (docs, tests, templates) and an error where it is used as
        // written (a `.env` file).
        let placeholder = core_placeholder || self.placeholder(v, &parts);
        let placeholder_severity = if self.placeholders_fine {
            Severity::Note
        } else {
            Severity::Error
        };
        // In a `.env` file the scheme in the value is the mistake; an example after it is not
        // a second one.
        let after_scheme = report.has(Code::TokenIncludesScheme);
        let reply = report.reply_text().to_string();
        let mut noted = false;
        for d in report.diagnostics() {
            let r = d.span().start..d.span().end;
            let code = d.code();
            if code == Code::TokenVariable && (v.any_var(r.clone()) || r.is_empty()) {
                continue;
            }
            if v.all_var(r.clone()) {
                let keep = match code {
                    Code::SchemeBearer => true,
                    Code::SchemeMissing => v.var_at(r.clone()).is_some_and(|x| x.permanent),
                    _ => false,
                };
                if !keep {
                    continue;
                }
            }
            if code == Code::SchemeMissing
                && v.any_var(r.clone())
                && !v.vars.iter().any(|x| x.permanent)
            {
                continue;
            }
            if code == Code::TokenLegacySeparator && !v.cuts.is_empty() && self.mode != Mode::Env {
                continue;
            }
            let mut severity = d.severity();
            if placeholder {
                let keep = match code {
                    Code::SchemeBearer => {
                        parts.scheme_is_word
                            && placeholder::names_permanent(&v.bytes[parts.credential.clone()])
                    }
                    Code::TokenPlaceholder => !after_scheme && !std::mem::replace(&mut noted, true),
                    Code::HeaderNameWrong
                    | Code::HeaderNameInValue
                    | Code::HeaderSyntax
                    | Code::SchemeUnknown
                    | Code::SchemeCase
                    | Code::SchemeRepeated
                    | Code::Quoted
                    | Code::Whitespace
                    | Code::ControlCharacter
                    | Code::TokenIncludesScheme => parts.scheme_is_word,
                    // A short token (`1234$0d16599c`) teaches the deprecated format as a
                    // real one would; an example the catalogue knows (`1234$abcdef`) or an
                    // elided one (`29841$c767...`) is only a placeholder.
                    Code::TokenLegacySeparator => parts.scheme_is_word && !core_placeholder,
                    _ => false,
                };
                if !keep {
                    continue;
                }
                if code == Code::TokenPlaceholder {
                    severity = placeholder_severity;
                }
            }
            let span = v.map_span(r);
            let error = severity == Severity::Error;
            let fix = d.fix().and_then(|f| self.source_fix(v, &f));
            self.out.hits.push(Hit {
                span,
                code,
                severity,
                message: self.message(v, d.message().to_string()),
                reply: error.then(|| reply.clone()),
                fix,
            });
        }
        if placeholder && !noted && !after_scheme {
            let span = v.map_span(parts.credential.clone());
            let shown = TokenEcho::new(&v.bytes[parts.credential.clone()], None);
            self.out.hits.push(Hit {
                span,
                code: Code::TokenPlaceholder,
                severity: placeholder_severity,
                message: self.message(
                    v,
                    format!("`{shown}` is a placeholder or documentation example, not a token"),
                ),
                reply: None,
                fix: None,
            });
        }
    }

    /// True when the credential of a rebuilt value is a placeholder: a placeholder word, or
    /// after `Bearer` a literal that is neither a JWT nor a permanent token (a made-up stand-in
    /// for a JWT, `Bearer ABC`, `Bearer token 123`). A credential built from a variable is not.
    fn placeholder(&self, v: &Value, parts: &Parts) -> bool {
        let c = parts.credential.clone();
        if !parts.scheme_is_word {
            // `<auth-scheme> <authorization-parameters>`: the scheme itself is a placeholder.
            return true;
        }
        if c.is_empty() || v.any_var(c.clone()) {
            return false;
        }
        let cred = &v.bytes[c];
        if placeholder::placeholder(cred) {
            return true;
        }
        parts.bearer
            && !cred.contains(&b'.')
            && !cred.contains(&b'$')
            && !gcore_shape_at_start(cred)
            && !names_token_variable(cred)
    }
}

/// The scheme and credential of a rebuilt value, as byte ranges of it.
struct Parts {
    /// The credential after the scheme (the whole value when there is no scheme).
    credential: Range<usize>,
    /// The scheme is a word (`APIKey`, `Bearer`, `Basic`), not a placeholder (`<scheme>`).
    scheme_is_word: bool,
    /// The scheme is `Bearer` in any letter case.
    bearer: bool,
}

impl Parts {
    fn of(b: &[u8], how: Check) -> Parts {
        let mut at = 0;
        if how == Check::Line {
            at = memchr::memchr(b':', b).map_or(0, |c| c + 1);
        }
        while at < b.len() && matches!(b[at], b' ' | b'\t') {
            at += 1;
        }
        // `Authorization: Authorization: APIKey …`: the repeated name is a diagnosis of its own
        // (`header-name-in-value`); the scheme is what follows it.
        loop {
            const NAME: &[u8] = b"authorization";
            let rest = &b[at..];
            if rest.len() < NAME.len() || !rest[..NAME.len()].eq_ignore_ascii_case(NAME) {
                break;
            }
            let gap = rest[NAME.len()..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
            if rest.get(NAME.len() + gap) != Some(&b':') {
                break;
            }
            at += NAME.len() + gap + 1;
            while at < b.len() && matches!(b[at], b' ' | b'\t') {
                at += 1;
            }
        }
        let mut end = b.len()
            - b[at..]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_whitespace())
                .count();
        end = end.max(at);
        // Quotes around the whole value are a diagnosis of their own, not part of the scheme.
        if end > at + 1 && matches!(b[at], b'"' | b'\'') && b[end - 1] == b[at] {
            at += 1;
            end -= 1;
        }
        let word = b[at..end]
            .iter()
            .take_while(|c| !matches!(c, b' ' | b'\t'))
            .count();
        let first = &b[at..at + word];
        let more = at + word < end;
        let is_scheme_word = |w: &[u8]| {
            !w.is_empty()
                && w.iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
        };
        let known = first.eq_ignore_ascii_case(b"apikey") || first.eq_ignore_ascii_case(b"bearer");
        if more && (known || (how == Check::Line && !first.starts_with(b"$"))) {
            let mut c = at + word;
            while c < end && matches!(b[c], b' ' | b'\t') {
                c += 1;
            }
            return Parts {
                credential: c..end,
                scheme_is_word: is_scheme_word(first) || first.starts_with(b"${"),
                bearer: first.eq_ignore_ascii_case(b"bearer"),
            };
        }
        if known {
            return Parts {
                credential: end..end,
                scheme_is_word: true,
                bearer: first.eq_ignore_ascii_case(b"bearer"),
            };
        }
        Parts {
            credential: at..end,
            scheme_is_word: true,
            bearer: false,
        }
    }
}

/// True when `b` starts with a permanent token's shape: digits, then `_` or `$` (or nothing).
fn gcore_shape_at_start(b: &[u8]) -> bool {
    let id = b.iter().take_while(|c| c.is_ascii_digit()).count();
    id > 0 && (id == b.len() || matches!(b[id], b'_' | b'$'))
}

/// The names a line assigns a Gcore token to: `secret = os.environ["GCORE_API_KEY"]`,
/// `token := os.Getenv("GCORE_API_KEY")`, `cfg.key = os.getenv(...)`, a struct field
/// `APIKey: os.Getenv(...)`, `KEY=$GCORE_API_KEY`, or a copy of a name already tracked.
pub(crate) fn assignments(line: &[u8], tracked: &Tracked) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let n = line.len();
    let mut i = 0;
    while i < n {
        let op = if line[i..].starts_with(b":=") {
            2
        } else if (line[i] == b'='
            && line.get(i + 1) != Some(&b'=')
            && !(i > 0 && matches!(line[i - 1], b'=' | b'!' | b'<' | b'>' | b'+' | b'-')))
            || (line[i] == b':' && matches!(line.get(i + 1), Some(b' ' | b'\t')))
        {
            1
        } else {
            i += 1;
            continue;
        };
        let mut e = i;
        while e > 0 && matches!(line[e - 1], b' ' | b'\t') {
            e -= 1;
        }
        if e > 0 && matches!(line[e - 1], b'"' | b'\'') {
            e -= 1;
        }
        let mut s = e;
        while s > 0 && (is_ident(line[s - 1]) || matches!(line[s - 1], b'.' | b'>' | b'$')) {
            s -= 1;
        }
        let lhs = &line[s..e];
        let from = i + op;
        let mut to = from;
        let mut depth = 0i32;
        while to < n {
            match line[to] {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth == 0 => break,
                b')' | b']' | b'}' => depth -= 1,
                b',' | b';' | b'#' if depth == 0 => break,
                _ => {}
            }
            to += 1;
        }
        let rhs = line[from..to].trim_ascii();
        if !lhs.is_empty()
            && lhs.iter().any(|b| b.is_ascii_alphabetic())
            && reads_token(rhs, tracked)
        {
            out.push(lhs.strip_prefix(b"$").unwrap_or(lhs).to_vec());
        }
        i = from.max(i + 1);
    }
    out
}

/// True when an expression reads a Gcore token: it names a Gcore token variable (and is not
/// just a string holding that name), or it is a name already tracked.
fn reads_token(rhs: &[u8], tracked: &Tracked) -> bool {
    if rhs.is_empty() || rhs.len() > 200 {
        return false;
    }
    if tracked.holds(rhs) {
        return true;
    }
    let quoted_name = rhs.len() >= 2
        && matches!(rhs[0], b'"' | b'\'')
        && rhs[rhs.len() - 1] == rhs[0]
        && rhs[1..rhs.len() - 1].iter().all(|&b| is_ident(b));
    if quoted_name {
        return false;
    }
    rhs.split(|&b| !is_ident(b)).any(token_variable)
}

/// True when literal text names a Gcore token variable (`'APIKey $GCORE_API_KEY'`, sent as
/// written).
fn names_token_variable(b: &[u8]) -> bool {
    b.split(|&c| !is_ident(c)).any(token_variable)
}

/// The text of an inline snippet from `from` to `to`: a `$NAME` or `${NAME}` that starts a
/// word is a reference the reader expands; a `$` inside a word (`1234$abcdef`, a legacy
/// token) is literal.
fn snippet_text(line: &[u8], from: usize, to: usize, v: &mut Value) {
    let mut i = from;
    while i < to {
        let word_start = i == from || !line[i - 1].is_ascii_alphanumeric();
        if line[i] == b'$' && word_start && i + 1 < to {
            let end = if line[i + 1] == b'{' {
                memchr::memchr(b'}', &line[i..to]).map_or(to, |e| i + e + 1)
            } else {
                i + 1 + line[i + 1..to].iter().take_while(|&&b| is_ident(b)).count()
            };
            if end > i + 1 {
                v.var(&line[i..end], i..end);
                i = end;
                continue;
            }
        }
        v.lit(line[i], i..i + 1);
        i += 1;
    }
}

/// Text of a dotenv value from `from` to `to`: `${X}` a reference where `expand`, the rest
/// literal.
fn dotenv_text(line: &[u8], from: usize, to: usize, expand: bool, v: &mut Value) {
    let mut i = from;
    while i < to {
        if expand && line[i..to].starts_with(b"${") {
            let end = memchr::memchr(b'}', &line[i..to]).map_or(to, |e| i + e + 1);
            v.var(&line[i..end], i..end);
            i = end;
        } else {
            v.lit(line[i], i..i + 1);
            i += 1;
        }
    }
}

/// The end (after the closing quote) of the string opening at `at`.
fn string_end(line: &[u8], at: usize, mode: Mode) -> usize {
    let lang = mode.lang();
    let q = line[at];
    let doubled = lang.doubled_quote == Some(q);
    let escapes = !doubled && lang.literal_quote != Some(q) && lang.raw_quote != Some(q);
    let mut k = at + 1;
    while k < line.len() {
        if line[k] == b'\\' && escapes {
            k += 2;
            continue;
        }
        if line[k] == q {
            if doubled && line.get(k + 1) == Some(&q) {
                k += 2;
                continue;
            }
            return k + 1;
        }
        k += 1;
    }
    line.len()
}

/// True when the innermost container open on a data line sits under a key that forwards
/// headers elsewhere.
fn forwarded(stack: &[(bool, bool)]) -> bool {
    stack.last().is_some_and(|c| c.1)
}

/// A key whose value is code in the language of a sibling `lang` (`source`, `code`).
pub(crate) fn code_key(k: &[u8]) -> bool {
    ["source", "code", "sample", "snippet", "content", "example"]
        .iter()
        .any(|c| k.eq_ignore_ascii_case(c.as_bytes()))
}

/// A key whose headers are sent somewhere other than the Gcore API: to a customer's origin,
/// an upstream, a health probe, a webhook.
fn forwarded_key(k: &[u8]) -> bool {
    [
        "origin", "upstream", "backend", "proxy", "forward", "probe", "webhook", "callback",
        "http_get", "httpget",
    ]
    .iter()
    .any(|w| find_ci(k, w.as_bytes()).is_some())
}

/// True when a token variable's literal value is a description of it: several words or a
/// URL, with no token's shape and no scheme in front.
fn describes(v: &Value) -> bool {
    let text = v.literal();
    let t = text.trim_ascii();
    let words = t
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty())
        .count();
    let first = t.split(u8::is_ascii_whitespace).next().unwrap_or_default();
    (words >= 3 || memchr::memmem::find(t, b"://").is_some())
        && !gcore_shape(t)
        && !first.eq_ignore_ascii_case(b"apikey")
        && !first.eq_ignore_ascii_case(b"bearer")
}

/// True when `b` holds a token of Gcore's shape: digits, `_` or `$`, then hex.
fn gcore_shape(b: &[u8]) -> bool {
    b.windows(2).enumerate().any(|(k, w)| {
        w[0].is_ascii_digit()
            && matches!(w[1], b'_' | b'$')
            && b[k + 2..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count()
                >= 4
    })
}

/// True for a name that holds a Gcore token: one of `gcore_auth::TOKEN_VARIABLES`, or a
/// Gcore name (`GCORE`/`GCLOUD` in it) whose last word is `KEY`, `TOKEN`, `APIKEY` or
/// `APITOKEN`, with no word before it that makes it some other key (`GCORE_SSH_KEY`,
/// `gcore_storage_access_key`; `GCORE_SSH_KEY_NAME` ends in another word).
pub(crate) fn token_variable(name: &[u8]) -> bool {
    if name.is_empty()
        || name.len() > 64
        || !name.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        return false;
    }
    if gcore_auth::TOKEN_VARIABLES
        .iter()
        .any(|v| name.eq_ignore_ascii_case(v.as_bytes()))
    {
        return true;
    }
    if find_ci(name, b"gcore").is_none() && find_ci(name, b"gcloud").is_none() {
        return false;
    }
    let words: Vec<Vec<u8>> = name
        .split(|&c| c == b'_')
        .filter(|w| !w.is_empty())
        .map(<[u8]>::to_ascii_lowercase)
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    if !matches!(&last[..], b"key" | b"token" | b"apikey" | b"apitoken") {
        return false;
    }
    const OTHER_KEYS: &[&[u8]] = &[
        b"ssh",
        b"access",
        b"s3",
        b"storage",
        b"secret",
        b"private",
        b"public",
        b"kms",
        b"encryption",
        b"signing",
        b"sign",
        b"cache",
        b"idempotency",
        b"refresh",
        b"registry",
    ];
    !words[..words.len() - 1]
        .iter()
        .any(|w| OTHER_KEYS.contains(&&w[..]))
}

/// True when the string opening at `quote` is the first argument of a call that sets a header
/// or a variable: `Header.Set(`, `headers.append(`, `os.Setenv(`.
fn setter_call(line: &[u8], quote: usize) -> bool {
    let mut i = quote;
    while i > 0 && matches!(line[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    if i == 0 || line[i - 1] != b'(' {
        return false;
    }
    let end = i - 1;
    let start = line[..end]
        .iter()
        .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
        .map_or(0, |p| p + 1);
    let name = &line[start..end];
    const SETTERS: &[&str] = &[
        "set",
        "add",
        "append",
        "setrequestheader",
        "setheader",
        "header",
        "withheader",
        "addheader",
        "put",
        "insert",
        "setenv",
        "putenv",
        "setdefault",
        "set_header",
        "add_header",
        "with_header",
    ];
    SETTERS
        .iter()
        .any(|s| name.eq_ignore_ascii_case(s.as_bytes()))
}

/// The source range of rebuilt bytes `r` of `v` when an edit of them can be made in the source:
/// every byte literal, each source byte standing for bytes inside `r` only, and the source
/// contiguous. An empty `r` is a position between two source bytes.
fn source_range(v: &Value, r: Range<usize>) -> Option<Range<usize>> {
    let map = &v.map;
    let own = |i: usize| -> bool {
        let m = map[i];
        !m.var
            && m.start < m.end
            && (i == 0
                || (map[i - 1].start, map[i - 1].end) != (m.start, m.end)
                || r.contains(&(i - 1)))
            && (i + 1 == map.len()
                || (map[i + 1].start, map[i + 1].end) != (m.start, m.end)
                || r.contains(&(i + 1)))
    };
    if r.is_empty() {
        let k = r.start;
        // Before byte `k` when it is the first byte its source stands for; else after byte
        // `k - 1` when that is the last one.
        let same = |a: usize, b: usize| (map[a].start, map[a].end) == (map[b].start, map[b].end);
        let first =
            |i: usize| !map[i].var && map[i].start < map[i].end && (i == 0 || !same(i - 1, i));
        let last = |i: usize| {
            !map[i].var && map[i].start < map[i].end && (i + 1 == map.len() || !same(i, i + 1))
        };
        return match (k.checked_sub(1), k < map.len()) {
            (_, true) if first(k) => Some(map[k].start..map[k].start),
            (Some(p), _) if p < map.len() && last(p) => Some(map[p].end..map[p].end),
            _ => None,
        };
    }
    if r.end > map.len() || !r.clone().all(own) {
        return None;
    }
    for i in r.start..r.end - 1 {
        let (a, b) = (map[i], map[i + 1]);
        if (a.start, a.end) != (b.start, b.end) && a.end != b.start {
            return None;
        }
    }
    Some(map[r.start].start..map[r.end - 1].end)
}

/// True when `at` is inside quotes of `line` as a shell or YAML reads them (`'…'`, `"…"`,
/// with `\` escaping in double quotes and outside).
fn quoted_at(line: &[u8], at: usize) -> bool {
    let mut q: Option<u8> = None;
    let mut i = 0;
    while i < at.min(line.len()) {
        let c = line[i];
        match q {
            Some(b'\'') if c == b'\'' => q = None,
            Some(b'"') if c == b'"' => q = None,
            Some(b'"') | None if c == b'\\' => i += 1,
            None if c == b'\'' || c == b'"' => q = Some(c),
            _ => {}
        }
        i += 1;
    }
    q.is_some()
}

/// Where the unquoted shell word going on at `at` in `line` ends: at whitespace, a quote, a
/// backslash or an operator.
fn word_end(line: &[u8], at: usize) -> usize {
    at + line[at.min(line.len())..]
        .iter()
        .take_while(|c| {
            !c.is_ascii_whitespace()
                && !matches!(
                    c,
                    b'\'' | b'"' | b'`' | b'\\' | b';' | b'|' | b'&' | b'<' | b'>' | b'(' | b')'
                )
        })
        .count()
}

/// The fix of a `$`-format token the shell cuts: in double quotes the `$` is escaped; unquoted,
/// the token (its id to the end of its word, `end`) is put in single quotes.
fn cut_fix(cut: &super::value::DollarCut, end: usize) -> HitFix {
    let dollar = cut.name.start - 1;
    let edits = if cut.double_quoted {
        vec![(dollar..dollar, "\\")]
    } else {
        vec![(cut.src.start..cut.src.start, "'"), (end..end, "'")]
    };
    HitFix {
        edits,
        applicability: Applicability::MachineApplicable,
        message: if cut.double_quoted {
            "escape the `$` so the shell keeps it"
        } else {
            "put the token in single quotes so the shell keeps its `$`"
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `"Bearer " + key` rebuilt: `Bearer ` from a literal at 1..8, the variable at 11..14.
    fn concatenated() -> Value {
        let mut v = Value::new();
        v.lits(b"Bearer ", 1);
        v.var(b"key", 11..14);
        v
    }

    #[test]
    fn an_edit_is_made_in_the_source_only_where_its_bytes_are_literal_and_contiguous() {
        let v = concatenated();
        // `Bearer` itself, and an insertion before it or after the space.
        assert_eq!(source_range(&v, 0..6), Some(1..7));
        assert_eq!(source_range(&v, 0..0), Some(1..1));
        assert_eq!(source_range(&v, 7..7), Some(8..8));
        // Not across the variable or into it.
        assert_eq!(source_range(&v, 6..8), None);
        assert_eq!(source_range(&v, 8..9), None);
        // Two literals with source text between them (`"APIKey" + " "`): not across the gap.
        let mut v = Value::new();
        v.lits(b"APIKey", 1);
        v.lits(b" ", 12);
        assert_eq!(source_range(&v, 5..7), None);
        assert_eq!(source_range(&v, 6..7), Some(12..13));
        // An escape stands for one byte: edited whole, never half of it.
        let mut v = Value::new();
        v.lits(b"a", 0);
        v.lits_from(b"\t", 1..3);
        v.lits(b"b", 3);
        assert_eq!(source_range(&v, 1..2), Some(1..3));
        // Synthetic bytes with no source of their own (`Authorization: ` before a snippet).
        let mut v = Value::new();
        v.lits_from(b"Authorization: ", 4..4);
        v.lits(b"Bearer", 4);
        assert_eq!(source_range(&v, 0..13), None);
        assert_eq!(source_range(&v, 15..21), Some(4..10));
        assert_eq!(source_range(&v, 0..21), None);
    }

    #[test]
    fn quotes_are_read_as_a_shell_reads_them() {
        let line = br#"a "b \" c" 'd \' e"#;
        let inside: Vec<bool> = (0..line.len()).map(|i| quoted_at(line, i)).collect();
        // Inside from after an opening quote up to its closing one; `\"` does not close a double
        // quote, `\'` does close a single one.
        let expect: Vec<bool> = "000111111100111100".bytes().map(|b| b == b'1').collect();
        assert_eq!(inside, expect, "{}", String::from_utf8_lossy(line));
    }
}
