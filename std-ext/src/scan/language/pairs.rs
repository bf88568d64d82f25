//! Name/value pairs in data: a header written as `{"key": "Authorization", "value": "…"}`
//! (Postman, Hoppscotch), `{"name": …, "value": …}` (Insomnia, Kubernetes `httpHeaders`),
//! on one line or over several, and the request object that holds them.

use std::ops::Range;

use super::lang::{Mode, group_end};

/// How far a pair's value or its request is looked for.
const REACH: usize = 64 << 10;
/// How many lines a YAML pair's value is looked for below its name.
const YAML_LINES: usize = 12;

/// The keys whose string names a header in a name/value pair.
pub(crate) fn names_key(k: &[u8]) -> bool {
    ["key", "name", "header", "field"]
        .iter()
        .any(|w| k.eq_ignore_ascii_case(w.as_bytes()))
}

/// Where the value of the `value` key beside a pair's name starts (a quote or a plain
/// scalar), looking on from `from` (just after the name's string) within the same object:
/// JSON and YAML flow mappings by brackets, YAML block mappings by indentation (`key_col` is
/// the name key's column on its line).
pub(crate) fn sibling_value(
    block: &[u8],
    from: usize,
    key_col: usize,
    mode: Mode,
) -> Option<usize> {
    let line_end = memchr::memchr(b'\n', &block[from..]).map_or(block.len(), |p| from + p);
    let flow = mode != Mode::Yaml || block[from..line_end].contains(&b',');
    if flow {
        let mut depth = 0i32;
        let mut i = from;
        let end = block.len().min(from + REACH);
        while i < end {
            match block[i] {
                b'"' => {
                    let s = i;
                    i = string_end(block, i);
                    // An unclosed string ends at its line or the block, with no quote to drop.
                    let inner = &block[s + 1..i];
                    let inner = inner.strip_suffix(b"\"").unwrap_or(inner);
                    if depth == 0 && inner.eq_ignore_ascii_case(b"value") {
                        let j = skip_space(block, i);
                        if block.get(j) == Some(&b':') {
                            return Some(skip_space(block, j + 1));
                        }
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth < 0 {
                        return None;
                    }
                }
                b'v' if mode == Mode::Yaml && depth == 0 && block[i..].starts_with(b"value:") => {
                    return Some(skip_space(block, i + 6));
                }
                _ => {}
            }
            i += 1;
        }
        return None;
    }
    // A YAML block mapping: the next lines indented as the name key, up to the item's end.
    let mut at = line_end + 1;
    for _ in 0..YAML_LINES {
        if at >= block.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &block[at..]).map_or(block.len(), |p| at + p);
        let line = &block[at..end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        if line[indent..].iter().all(u8::is_ascii_whitespace) {
            at = end + 1;
            continue;
        }
        if indent != key_col || line[indent..].starts_with(b"- ") {
            return None;
        }
        let rest = &line[indent..];
        for key in [&b"value:"[..], b"\"value\":", b"'value':"] {
            if rest.starts_with(key) {
                return Some(skip_space(block, at + indent + key.len()));
            }
        }
        at = end + 1;
    }
    None
}

/// The enclosing containers of the position `at`, innermost first, up to `levels`: each as
/// the key that holds it (empty when none) and its range in `block`, measured only for the
/// container `ranged` levels up (the others start where they open and end there).
pub(crate) fn ancestors(
    block: &[u8],
    at: usize,
    mode: Mode,
    levels: usize,
    ranged: usize,
) -> Vec<(Range<usize>, Range<usize>)> {
    let line_start = |p: usize| memchr::memrchr(b'\n', &block[..p]).map_or(0, |q| q + 1);
    let line_end = |p: usize| memchr::memchr(b'\n', &block[p..]).map_or(block.len(), |q| p + q);
    let mut out = Vec::new();
    let flow = mode != Mode::Yaml || {
        let s = line_start(at);
        block[s..line_end(at)].contains(&b'{')
    };
    if flow {
        let low = at.saturating_sub(REACH);
        let mut depth = 0usize;
        let mut i = at;
        while i > low && out.len() < levels {
            i -= 1;
            match block[i] {
                b'}' | b']' => depth += 1,
                b'{' | b'[' if depth > 0 => depth -= 1,
                b'{' | b'[' => {
                    let end = if out.len() == ranged {
                        group_end(block, i, Mode::Json.lang()).min(block.len().min(i + REACH))
                    } else {
                        i
                    };
                    out.push((key_before(block, i), i..end));
                }
                _ => {}
            }
        }
        return out;
    }
    // YAML by indentation: each line above indented less than the last is an ancestor, and so
    // is a key at the same indentation as a `- ` item below it (`headers:` then `- name: …`).
    let start = line_start(at);
    let first = &block[start..line_end(at)];
    let mut col = first.iter().take_while(|&&b| b == b' ').count();
    let mut item = first[col..].starts_with(b"- ");
    let mut p = start;
    while p > 0 && out.len() < levels {
        let s = line_start(p - 1);
        let line = &block[s..p - 1];
        p = s;
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let blank = line[indent..].iter().all(u8::is_ascii_whitespace);
        let dash = line[indent..].starts_with(b"- ");
        if blank
            || line[indent..].starts_with(b"#")
            || !(indent < col || (indent == col && item && !dash))
        {
            continue;
        }
        item = dash;
        col = indent;
        let mut k = s + indent;
        if block[k..].starts_with(b"- ") {
            k += 2;
        }
        let klen = block[k..]
            .iter()
            .take_while(|c| !matches!(c, b':' | b'\n' | b' '))
            .count();
        // Its range: down to the next line indented no further.
        let mut e = line_end(s) + 1;
        while out.len() == ranged && e < block.len() && e - s < REACH {
            let le = line_end(e);
            let l = &block[e..le];
            let i = l.iter().take_while(|&&b| b == b' ').count();
            if i <= indent && !l[i..].iter().all(u8::is_ascii_whitespace) {
                break;
            }
            e = le + 1;
        }
        let key = if block.get(k + klen) == Some(&b':') {
            k..k + klen
        } else {
            k..k
        };
        out.push((key, s..e.min(block.len())));
    }
    out
}

/// The key before a container opening at `open` (`"header": [`, `headers: {`), or an empty
/// range.
fn key_before(block: &[u8], open: usize) -> Range<usize> {
    let mut i = open;
    while i > 0 && matches!(block[i - 1], b' ' | b'\t' | b'\r' | b'\n') {
        i -= 1;
    }
    if i == 0 || !matches!(block[i - 1], b':' | b'=') {
        return open..open;
    }
    i -= 1;
    if i > 0 && matches!(block[i - 1], b':' | b'=') {
        // `:=`, `==` is no assignment but harmless here.
        i -= 1;
    }
    while i > 0 && matches!(block[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    let end = if i > 0 && matches!(block[i - 1], b'"' | b'\'') {
        i - 1
    } else {
        i
    };
    let mut s = end;
    while s > 0
        && (block[s - 1].is_ascii_alphanumeric() || matches!(block[s - 1], b'_' | b'-' | b'$'))
    {
        s -= 1;
    }
    s..end
}

/// The end (after the closing quote) of the JSON string opening at `at`.
fn string_end(block: &[u8], at: usize) -> usize {
    let mut k = at + 1;
    while k < block.len() {
        match block[k] {
            b'\\' => k += 2,
            b'"' => return k + 1,
            b'\n' => return k,
            _ => k += 1,
        }
    }
    block.len()
}

fn skip_space(block: &[u8], mut i: usize) -> usize {
    while i < block.len() && matches!(block[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// The values of `host` keys in `text` (`host: api.gcore.com`, `"host": "api.gcore.com"`),
/// and the dotted `"host": ["api", "gcore", "com"]` of a Postman URL, joined.
pub(crate) fn bare_hosts(text: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&text[from..], b"host") {
        let at = from + p + 4;
        from = at;
        let mut i = at;
        if text.get(i) == Some(&b'"') {
            i += 1;
        }
        i = skip_space(text, i);
        if text.get(i) != Some(&b':') {
            continue;
        }
        i = skip_space(text, i + 1);
        if text.get(i) == Some(&b'[') {
            let end = memchr::memchr(b']', &text[i..]).map_or(text.len(), |e| i + e);
            let parts: Vec<&[u8]> = text[i + 1..end]
                .split(|&b| b == b',')
                .map(|s| {
                    let s = s.trim_ascii();
                    let s = s.strip_prefix(b"\"").unwrap_or(s);
                    s.strip_suffix(b"\"").unwrap_or(s)
                })
                .collect();
            out.push(parts.join(&b'.'));
            continue;
        }
        let v = &text[i..];
        let v = v
            .strip_prefix(b"\"")
            .or_else(|| v.strip_prefix(b"'"))
            .unwrap_or(v);
        let len = v
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-'))
            .count();
        if len > 0 {
            out.push(v[..len].to_vec());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_pairs_and_their_request() {
        let doc = br#"{"request": {"method": "GET", "header": [
  {"key": "Authorization",
   "value": "Bearer {{gcore_api_key}}"}
 ], "url": {"raw": "https://api.gcore.com/x", "host": ["api", "gcore", "com"]}}}"#;
        let name = memchr::memmem::find(doc, b"\"Authorization\"").unwrap();
        let v = sibling_value(doc, name + 15, 0, Mode::Json).unwrap();
        assert!(doc[v..].starts_with(b"\"Bearer"));
        let up = ancestors(doc, name, Mode::Json, 3, 2);
        assert_eq!(up.len(), 3);
        assert_eq!(&doc[up[1].0.clone()], b"header");
        assert_eq!(&doc[up[2].0.clone()], b"request");
        assert!(memchr::memmem::find(&doc[up[2].1.clone()], b"api.gcore.com").is_some());
        assert_eq!(
            bare_hosts(&doc[up[2].1.clone()]),
            vec![b"api.gcore.com".to_vec()]
        );
        // Another object's value is not this pair's.
        let other = br#"[{"key": "Authorization"}, {"value": "x"}]"#;
        assert_eq!(sibling_value(other, 24, 0, Mode::Json), None);
    }

    #[test]
    fn a_quote_that_ends_its_line_or_the_text_is_an_empty_string() {
        // A lone quote before a newline ends there: the value on the next line is found.
        let split = b"{\"key\": \"Authorization\", \"\n\"value\": \"x\"}";
        assert_eq!(sibling_value(split, 24, 0, Mode::Json), Some(36));
        // A lone quote at the very end, after an escape at the end, or unclosed.
        for doc in [
            &b"{\"key\": \"Authorization\", \""[..],
            b"{\"key\": \"Authorization\", \"\\",
            b"{\"key\": \"Authorization\", \"value",
        ] {
            assert_eq!(sibling_value(doc, 24, 0, Mode::Json), None, "{doc:?}");
        }
        let closed = b"{\"key\": \"Authorization\", \"value\": \"x\"}";
        assert_eq!(sibling_value(closed, 24, 0, Mode::Json), Some(34));
    }

    #[test]
    fn yaml_pairs_and_their_parents() {
        let doc = b"httpGet:\n  host: api.gcore.com\n  httpHeaders:\n  - name: Authorization\n    value: Bearer x\n  - name: X\n";
        let name = memchr::memmem::find(doc, b"Authorization").unwrap();
        let col = 4;
        let v = sibling_value(doc, name + 13, col, Mode::Yaml).unwrap();
        assert!(doc[v..].starts_with(b"Bearer x"));
        let up = ancestors(doc, name, Mode::Yaml, 2, 1);
        assert_eq!(&doc[up[0].0.clone()], b"httpHeaders");
        assert_eq!(&doc[up[1].0.clone()], b"httpGet");
        assert_eq!(
            bare_hosts(&doc[up[1].1.clone()]),
            vec![b"api.gcore.com".to_vec()]
        );
    }
}
