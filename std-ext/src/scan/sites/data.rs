//! Data (YAML, JSON, TOML, HCL): keys and their values, and text embedded in strings.
use std::ops::Range;

use super::super::judge::forwarded_key;
use super::super::language::expr::{self, json_string, skip_ws};
use super::super::language::lang::{self, Mode};
use super::super::language::pairs;
use super::super::language::prefilter;
use super::super::language::token::find_ci;
use super::super::language::value::Value;
use super::super::language::vocab::{Key, code_key};
use super::reader::Ctx;

impl Ctx<'_, '_, '_> {
    /// Data (YAML, JSON, TOML, HCL): only keys are names, never words inside a string or a
    /// plain scalar (`description: Configure the Authorization: APIKey header.`). A string
    /// value that is a whole header line (`- "Authorization: APIKey …"`) is a header unless its
    /// key forwards headers elsewhere (`origin_http_headers`); a string with line breaks
    /// (`"source": "import os\n…"`) is embedded text, read in the language of a sibling
    /// `lang` or as Markdown.
    pub(crate) fn data(&mut self) {
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
    pub(crate) fn data_key(
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
            *lang = std::str::from_utf8(word).ok().and_then(lang::mode_of);
            return None;
        }
        if pairs::names_key(name) {
            // `"key": "Authorization"` with its `"value"` beside it: a header in a list.
            self.header_pair(key.clone());
        }
        if name.eq_ignore_ascii_case(b"bearer") {
            // Postman's `"bearer": [{"key": "token", "value": …}]`.
            if let Some(open) = self.line[key.end..].iter().position(|&b| b == b'[') {
                self.bearer_auth(key.end + open);
            }
        }
        let classified = self.classify(name).or_else(|| {
            if gcore_auth::vocab::alternative_header(name) && self.data_header_place(key.start) {
                self.classify_header(name)
            } else {
                None
            }
        })?;
        self.key_value(classified, key.start, key.end)
    }

    /// A string value from `start` (its opening quote) to `end` (after its closing quote),
    /// held by the key at `owner`.
    pub(crate) fn data_string(
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
        if name_len > 0
            && inner.get(name_len) == Some(&b':')
            && !forwarded
            && let Some(Key::Header | Key::AltHeader) = self.classify_header(&inner[..name_len])
        {
            let _ = self.key_value(Key::Header, start + 1, start + 1 + name_len);
            return;
        }
        // A command (a `package.json` script), read as shell.
        if line[start] == b'"' && self.command_json_string(start) {
            return;
        }
        // Embedded text: a string with escaped line breaks.
        if line[start] == b'"' && memchr::memmem::find(inner, b"\\n").is_some() {
            let mut v = Value::new();
            if json_string(line, start, &mut v).is_some() {
                // A string folded onto the next line: its last line here is cut, and is not
                // read (`api_key="My API` / `Key"` is no two-word token).
                if !expr::json_string_closes(line, start) {
                    let whole = memchr::memrchr(b'\n', &v.bytes).map_or(0, |p| p + 1);
                    v = v.head(whole);
                }
                // A code sample in its sibling's `lang`, else in what its first line says.
                let lang = match owner.as_ref().map(|o| &line[o.clone()]) {
                    Some(k) if code_key(k) => lang.or_else(|| {
                        let first = v.bytes.split(|&b| b == b'\n').next().unwrap_or_default();
                        lang::detect(first)
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
    pub(crate) fn embedded(&mut self, v: &Value, lang: Option<Mode>) {
        let file_gcore = self.around.file_gcore();
        let mut tracked = self.around.tracked.clone();
        let mut found = Vec::new();
        super::reader::text_lines(
            &v.bytes,
            file_gcore,
            &mut tracked,
            |_| lang,
            |start, out| {
                found.push((start, out));
            },
        );
        for (start, out) in found {
            // A token decoded from escapes may be one the line's own reading did not see.
            self.absorb(out, |r| v.map_span(start + r.start..start + r.end), true);
        }
    }
}

/// The end (after the closing quote) of the string opening at `at`.
pub(crate) fn string_end(line: &[u8], at: usize, mode: Mode) -> usize {
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
pub(crate) fn forwarded(stack: &[(bool, bool)]) -> bool {
    stack.last().is_some_and(|c| c.1)
}

impl Ctx<'_, '_, '_> {
    /// True when the data key at `at` of the line sits in a mapping held by a `headers` key
    /// (`headers:` above it in YAML, `"headers": {` in JSON): only there is a key such as
    /// `api-key` a header name, not under a CI step's `with:`.
    pub(crate) fn data_header_place(&mut self, at: usize) -> bool {
        let block = self.around.block();
        let at = self.around.line_range().start + at;
        if self.mode == Mode::Toml {
            // The table the key is in: `[gcore.headers]`.
            let mut p = at;
            while let Some(q) = p.checked_sub(1) {
                p = prefilter::line_start(block, q);
                let l = block[p..q].trim_ascii();
                if l.starts_with(b"[") {
                    return find_ci(l, b"header").is_some();
                }
            }
            return false;
        }
        pairs::ancestors(block, at, self.mode, 3, usize::MAX)
            .iter()
            .any(|(k, _)| find_ci(&block[k.clone()], b"header").is_some())
    }
}
