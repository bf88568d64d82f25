//! Code: header maps, calls and assignments, values built from strings and variables.

use super::super::diagnose::Check;
use super::super::judge;
use super::super::judge::describes;
use super::super::language::expr::{code_value, config_value, skip_ws};
use super::super::language::lang::Mode;
use super::super::language::pairs;
use super::super::language::token::find_ci;
use super::super::language::value::Value;
use super::super::language::vocab::Key;
use super::reader::Ctx;

impl Ctx<'_, '_, '_> {
    /// Names in code and configuration followed by a value: header maps, calls, assignments.
    pub(crate) fn keys(&mut self) {
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
            let word = &line[ws..we];
            let key = self.classify(word).or_else(|| {
                if gcore_auth::vocab::alternative_header(word) && self.header_place(ws, we) {
                    self.classify_header(word)
                } else {
                    None
                }
            });
            let Some(key) = key else {
                continue;
            };
            if let Some(end) = self.key_value(key, ws, we) {
                i = i.max(end);
            }
        }
    }

    /// The value after the name at `ws..we`; returns where it ends.
    pub(crate) fn key_value(&mut self, key: Key, ws: usize, we: usize) -> Option<usize> {
        let line = self.line;
        let mode = self.mode;
        // `Frame::ApiKey =>`: a path (an enum variant), not a key; `?apikey=` in a URL is a
        // query parameter, not an option.
        if (ws >= 2 && &line[ws - 2..ws] == b"::")
            || (key == Key::Sdk && ws > 0 && matches!(line[ws - 1], b'?' | b'&'))
        {
            return None;
        }
        // A quote escaped inside another string (`"-H \\"Authorization: …\\""`) opens nothing:
        // the name is words of that string's text.
        let escaped = ws > 1 && line[ws - 2] == b'\\';
        let q = if ws > 0 && matches!(line[ws - 1], b'"' | b'\'' | b'`') && !escaped {
            Some(line[ws - 1])
        } else if escaped {
            return None;
        } else {
            None
        };
        // Swift's `setValue("Bearer \\(key)", forHTTPHeaderField: "Authorization")`: the value
        // is the call's first argument, before the name.
        if q.is_some() && !matches!(key, Key::Token | Key::Sdk) {
            let before = line[..ws - 1].trim_ascii_end();
            if before.ends_with(b"forHTTPHeaderField:") {
                let open = open_paren(line, ws - 1, mode)?;
                let vstart = skip_ws(line, open + 1);
                let mut v = Value::new();
                v.lits(&line[ws..we], ws);
                v.lits_from(b": ", vstart..vstart);
                let prefix = v.bytes.len();
                code_value(line, vstart, mode, &mut v)?;
                if v.bytes.len() > prefix && self.gcore_value(&v.tail(prefix)) {
                    self.check(&v, Check::Line);
                }
                return Some(we + 1);
            }
        }
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
            let before = &line[..ws];
            let in_client = (judge::gcore_client(before) && before.contains(&b'('))
                || self.around.in_gcore_call();
            if key == Key::Sdk && self.mode.is_code() && builds_header(&value) && !in_client {
                // `APIKey = "APIKey " + token`: a variable named for the key that builds the
                // header's value from one, not an option holding a bare token (inside a Gcore
                // client's call it is the option, and the client adds the scheme again).
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
}

/// True when the string opening at `quote` is the first argument of a call that sets a header
/// or a variable: `Header.Set(`, `headers.append(`, `os.Setenv(`.
pub(crate) fn setter_call(line: &[u8], quote: usize) -> bool {
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
        "setrequestproperty",
        "addrequestproperty",
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

impl Ctx<'_, '_, '_> {
    /// True when the name at `ws..we` of a code line sits where headers are listed: a quoted
    /// name with a `-` (no identifier has one: `"X-API-Key"`), a line or call that names
    /// headers (`headers = {`, `req.Header.Set(`), or a map held by a `headers` key.
    pub(crate) fn header_place(&mut self, ws: usize, we: usize) -> bool {
        let line = self.line;
        let quoted = ws > 0 && matches!(line[ws - 1], b'"' | b'\'' | b'`');
        if quoted && line[ws..we].contains(&b'-') {
            return true;
        }
        if find_ci(&line[..ws], b"header").is_some() || self.around.in_call_naming(b"header") {
            return true;
        }
        let block = self.around.block();
        let at = self.around.line_range().start + ws;
        pairs::ancestors(block, at, Mode::Json, 1, usize::MAX)
            .first()
            .is_some_and(|(k, _)| find_ci(&block[k.clone()], b"header").is_some())
    }
}

/// True when a value is a scheme word and a variable after it (`"APIKey " + token`,
/// `f"Bearer {key}"`): a header value being built, not a bare token.
fn builds_header(v: &Value) -> bool {
    let b = &v.bytes;
    let word = b.iter().take_while(|c| !matches!(c, b' ' | b'\t')).count();
    let scheme = &b[..word];
    let rest = word
        + b[word..]
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t'))
            .count();
    (scheme.eq_ignore_ascii_case(b"apikey") || scheme.eq_ignore_ascii_case(b"bearer"))
        && rest > word
        && rest < b.len()
        && v.all_var(rest..b.len())
}

/// The `(` still open at `at` in `line` (the innermost), strings of `mode` skipped.
fn open_paren(line: &[u8], at: usize, mode: Mode) -> Option<usize> {
    let lang = mode.lang();
    let mut open = Vec::new();
    let mut i = 0;
    while i < at {
        let b = line[i];
        if lang.quotes.contains(&b) {
            let mut k = i + 1;
            while k < line.len() && line[k] != b {
                if line[k] == b'\\' {
                    k += 1;
                }
                k += 1;
            }
            i = k + 1;
            continue;
        }
        match b {
            b'(' => open.push(i),
            b')' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}
