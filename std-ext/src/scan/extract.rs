//! One line: where headers, tokens and token variables are, and what the core says of them.

use std::ops::Range;

use gcore_auth::{Code, Report, Severity, TokenEcho};

use super::expr::{self, code_value, config_value};
use super::lang::Mode;
use super::shell::{self, Word};
use super::token::{self, find_ci};
use super::value::Value;

/// One diagnosis in a line, its span in bytes of the line.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub(crate) span: Range<usize>,
    pub(crate) code: Code,
    pub(crate) severity: Severity,
    pub(crate) message: String,
    pub(crate) reply: Option<String>,
}

/// What a line holds: diagnoses, and the bytes that are secret (hidden in snippets).
#[derive(Debug, Default)]
pub(crate) struct LineOut {
    pub(crate) hits: Vec<Hit>,
    pub(crate) hide: Vec<Range<usize>>,
    /// A YAML `name: GCORE_API_KEY` item: its `value:` comes on the next line.
    pub(crate) value_next: bool,
}

/// Whether the whole file mentions Gcore, asked only when a line needs it.
pub(crate) trait GcoreFile {
    fn mentions_gcore(&mut self) -> bool;
}

impl<F: FnMut() -> bool> GcoreFile for F {
    fn mentions_gcore(&mut self) -> bool {
        self()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// A whole `Name: value` header line.
    Line,
    /// A bare token (an environment variable, an SDK's `api_key`).
    Token,
}

struct Ctx<'l, 'g> {
    line: &'l [u8],
    mode: Mode,
    placeholders_fine: bool,
    gcore: &'g mut dyn GcoreFile,
    out: LineOut,
    /// Source ranges already read as a value.
    done: Vec<Range<usize>>,
    cuts_done: Vec<Range<usize>>,
}

/// Reads one line in `mode`. `placeholders_fine` is false only where a placeholder would be
/// used as-is (a `.env` file that is not a template).
pub(crate) fn line(
    line: &[u8],
    mode: Mode,
    placeholders_fine: bool,
    gcore: &mut dyn GcoreFile,
    value_of_token: bool,
) -> LineOut {
    let mut cx = Ctx {
        line,
        mode,
        placeholders_fine,
        gcore,
        out: LineOut::default(),
        done: Vec::new(),
        cuts_done: Vec::new(),
    };
    cx.leaks();
    if mode == Mode::Prose {
        return cx.out;
    }
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
    if mode == Mode::Shell || mode == Mode::Env {
        let words = shell::words(line);
        cx.shell(&words);
    } else if has_header_flag {
        let words = shell::words(line);
        cx.curl(&words);
    }
    match mode {
        Mode::Shell | Mode::Env => {}
        Mode::Http => cx.http(),
        _ => cx.keys(),
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
    /// A variable or option that holds a bare token.
    Token,
}

impl Ctx<'_, '_> {
    fn classify(&mut self, word: &[u8]) -> Option<Key> {
        if word.is_empty() || word.len() > 64 {
            return None;
        }
        if gcore_auth::is_header_line(word) && !word.contains(&b'_') {
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
            && self.gcore.mentions_gcore()
        {
            return Some(Key::Token);
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
            });
        }
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
            if key == Key::Token {
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
        let name_len = line[start..]
            .iter()
            .take_while(|c| !matches!(c, b':' | b' ' | b'\t'))
            .count();
        let name = &line[start..start + name_len];
        let Some(key) = self.classify(name) else {
            return;
        };
        if key == Key::Token {
            return;
        }
        let mut end = line.len();
        while end > start && matches!(line[end - 1], b' ' | b'\t' | b'\r') {
            end -= 1;
        }
        let mut v = Value::new();
        expr::plain(line, start, end, Mode::Http, &mut v);
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
            } else if line.get(we) == Some(&b':') && key != Key::Token {
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
        if key != Key::Token {
            v.lits(&line[ws..we], ws);
            v.lits_from(b": ", sep.clone());
        }
        let prefix = v.bytes.len();
        let end = if mode.is_code() {
            match code_value(line, vstart, mode, &mut v) {
                Some(end) => end,
                None if key != Key::Token
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
        if key == Key::Token {
            if value.is_empty() {
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

    /// True when a header is a Gcore one: its value has the `APIKey` scheme, a
    /// permanent-token shape or a Gcore token variable, or the line or the file names Gcore.
    /// Headers for other APIs (`Basic …`, `Bearer $OPENAI_API_KEY`) are not judged.
    fn gcore_value(&mut self, v: &Value) -> bool {
        let b = &v.bytes;
        if find_ci(b, b"apikey").is_some()
            || v.vars.iter().any(|x| x.gcore)
            || find_ci(self.line, b"gcore").is_some()
        {
            return true;
        }
        if other_host(self.line) {
            // `https://api.openai.com/…` on the line: a header for another API.
            return false;
        }
        b.windows(2).enumerate().any(|(k, w)| {
            w[0].is_ascii_digit()
                && matches!(w[1], b'_' | b'$')
                && b[k + 2..]
                    .iter()
                    .take_while(|c| c.is_ascii_hexdigit())
                    .count()
                    >= 4
        }) || self.gcore.mentions_gcore()
    }

    /// The message of a diagnosis, with each variable's stand-in replaced by its source text.
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
        let report = match how {
            Check::Line => gcore_auth::check_line(&v.bytes),
            Check::Token => gcore_auth::check_token(&v.bytes),
        };
        self.collect(v, &report);
    }

    fn collect(&mut self, v: &Value, report: &Report<'_>) {
        if let Some(s) = report.secret_span() {
            let src = v.map_span(s.start..s.end);
            if src.start < src.end {
                self.out.hide.push(src);
            }
        }
        let reply = report.server_reply().to_string();
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
            if code == Code::TokenPlaceholder && self.placeholders_fine {
                continue;
            }
            if code == Code::TokenLegacySeparator && !v.cuts.is_empty() && self.mode != Mode::Env {
                continue;
            }
            let span = v.map_span(r);
            let error = d.severity() == Severity::Error;
            self.out.hits.push(Hit {
                span,
                code,
                severity: d.severity(),
                message: self.message(v, d.message().to_string()),
                reply: error.then(|| reply.clone()),
            });
        }
    }
}

/// True when the line has a URL and none of its URLs is a Gcore host.
fn other_host(line: &[u8]) -> bool {
    let mut from = 0;
    let mut any = false;
    while let Some(p) = memchr::memmem::find(&line[from..], b"://") {
        let host_start = from + p + 3;
        let host_len = line[host_start..]
            .iter()
            .take_while(|c| {
                c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'{' | b'}' | b'$')
            })
            .count();
        let host = &line[host_start..host_start + host_len];
        if find_ci(host, b"gcore").is_some() || host.contains(&b'{') || host.contains(&b'$') {
            return false;
        }
        any |= host_len > 0;
        from = host_start;
    }
    any
}

fn skip_ws(line: &[u8], mut i: usize) -> usize {
    while i < line.len() && matches!(line[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    i
}

/// True for a name that holds a Gcore token: one of `gcore_auth::TOKEN_VARIABLES`, or a name
/// with `GCORE`/`GCLOUD` and `KEY`/`TOKEN` in it.
pub(crate) fn token_variable(name: &[u8]) -> bool {
    if name.is_empty()
        || name.len() > 64
        || !name.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        return false;
    }
    gcore_auth::TOKEN_VARIABLES
        .iter()
        .any(|v| name.eq_ignore_ascii_case(v.as_bytes()))
        || ((find_ci(name, b"gcore").is_some() || find_ci(name, b"gcloud").is_some())
            && (find_ci(name, b"key").is_some() || find_ci(name, b"token").is_some()))
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
