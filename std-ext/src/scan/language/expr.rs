//! Values in source code and configuration: string literals (with f-strings, template literals
//! and format placeholders as variables), concatenations, and plain configuration scalars.

use super::lang::{Lang, Mode, group_end, refs};
use super::value::Value;

pub(crate) fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

pub(crate) fn skip_ws(line: &[u8], mut i: usize) -> usize {
    while i < line.len() && matches!(line[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    i
}

/// A string literal at `at` (its prefix letters included); returns its end.
pub(crate) fn string(line: &[u8], at: usize, mode: Mode, v: &mut Value) -> Option<usize> {
    let lang = mode.lang();
    let n = line.len();
    let mut i = at;
    let mut fstring = false;
    let mut raw = false;
    while i < n && i - at < 2 && lang.prefixes.contains(&line[i]) {
        match line[i] {
            b'f' | b'F' | b'$' => fstring = true,
            b'r' | b'R' | b'@' => raw = true,
            _ => {}
        }
        i += 1;
    }
    // `r#"…"#`: as many `#`s close the string as open it.
    let mut hashes = 0;
    if raw && lang.hashed_raw {
        hashes = line[i..].iter().take_while(|&&b| b == b'#').count();
        i += hashes;
    }
    let q = *line.get(i)?;
    if !lang.quotes.contains(&q) {
        return None;
    }
    let template = lang.template_quote == Some(q);
    raw |= lang.raw_quote == Some(q);
    let triple = lang.triple && line[i..].starts_with(&[q, q, q]);
    let mut close: Vec<u8> = if triple {
        line[i..i + 3].to_vec()
    } else {
        line[i..i + 1].to_vec()
    };
    i += close.len();
    close.extend(std::iter::repeat_n(b'#', hashes));
    let doubled = lang.doubled_quote == Some(q);
    let literal = lang.literal_quote == Some(q);
    let refs = if template {
        lang.refs | refs::DOLLAR_BRACE
    } else {
        lang.refs
    };
    while i < n {
        if line[i..].starts_with(&close) {
            if doubled && line.get(i + 1) == Some(&q) {
                v.lit(q, i..i + 2);
                i += 2;
                continue;
            }
            return Some(i + close.len());
        }
        let b = line[i];
        if b == b'\\'
            && line.get(i + 1) == Some(&b'(')
            && !raw
            && !literal
            && refs & refs::BACKSLASH_PAREN != 0
        {
            // Swift's `"\\(token)"`.
            let end = group_end(line, i + 1, lang);
            v.var(&line[i..end], i..end);
            i = end;
            continue;
        }
        if b == b'\\' && !raw && !doubled && !literal && i + 1 < n {
            i = escape(line, i, v);
            continue;
        }
        if !literal {
            if line[i..].starts_with(b"${") && refs & refs::DOLLAR_BRACE == 0 {
                // Not interpolated here: the braces are sent as written.
                v.lits(&line[i..i + 2], i);
                i += 2;
                continue;
            }
            if let Some(end) = interpolation(line, i, lang, refs, fstring) {
                v.var(&line[i..end], i..end);
                i = end;
                continue;
            }
            if fstring && (line[i..].starts_with(b"{{") || line[i..].starts_with(b"}}")) {
                v.lit(b, i..i + 2);
                i += 2;
                continue;
            }
        }
        v.lit(b, i..i + 1);
        i += 1;
    }
    Some(n)
}

/// A JSON string at `at` (its opening `"`), its escapes decoded and nothing else read into
/// it: the text of embedded code or prose. Returns its end.
pub(crate) fn json_string(line: &[u8], at: usize, v: &mut Value) -> Option<usize> {
    if line.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    while i < line.len() {
        match line[i] {
            b'"' => return Some(i + 1),
            b'\\' if i + 1 < line.len() => i = escape(line, i, v),
            _ => {
                // The plain bytes up to the next quote or escape, at once.
                let run =
                    memchr::memchr2(b'"', b'\\', &line[i + 1..]).map_or(line.len() - i, |p| p + 1);
                v.lits(&line[i..i + run], i);
                i += run;
            }
        }
    }
    Some(line.len())
}

/// True when the JSON string opening at `at` closes on `line` (a string that runs off the end
/// of the line goes on on the next one: a YAML flow scalar folded there).
pub(crate) fn json_string_closes(line: &[u8], at: usize) -> bool {
    let mut i = at + 1;
    while i < line.len() {
        match line[i] {
            b'"' => return true,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    false
}

/// A reference inside a string or value at `i`, of the kinds `refs` allows: returns its end.
fn interpolation(line: &[u8], i: usize, lang: &Lang, refs: u16, fstring: bool) -> Option<usize> {
    let rest = &line[i..];
    let has = |r: u16| refs & r != 0;
    if rest.starts_with(b"${") && has(refs::DOLLAR_BRACE) {
        return Some(group_end(line, i + 1, lang));
    }
    if rest.starts_with(b"<<") && has(refs::DOUBLE_ANGLE) {
        // Hoppscotch's environment variables.
        let len = rest[2..]
            .iter()
            .take_while(|&&b| is_ident(b) || b == b'.')
            .count();
        if len > 0 && rest[2 + len..].starts_with(b">>") {
            return Some(i + 2 + len + 2);
        }
    }
    if rest.starts_with(b"{{") && !fstring && has(refs::DOUBLE_BRACE) {
        return memchr::memmem::find(&rest[2..], b"}}").map(|e| i + 2 + e + 2);
    }
    if rest.starts_with(b"{") && !rest.starts_with(b"{{") {
        if fstring {
            return Some(group_end(line, i, lang));
        }
        if has(refs::FORMAT_BRACE) && rest.get(1) == Some(&b'$') && has(refs::DOLLAR_NAME) {
            // PHP's `"APIKey {$apiKey}"`, `"{$cfg->key}"`.
            return Some(group_end(line, i, lang));
        }
        if has(refs::FORMAT_BRACE) {
            // `"APIKey {}".format(key)`, `"{0}"`, `"{key}"`.
            let inner = rest[1..]
                .iter()
                .take_while(|&&b| is_ident(b) || b == b':')
                .count();
            if rest.get(1 + inner) == Some(&b'}') {
                return Some(i + inner + 2);
            }
        }
    }
    if rest.starts_with(b"%") && has(refs::PERCENT) {
        // `%s`, `%v`, `%d`, `%(name)s`.
        if let Some(&c) = rest.get(1) {
            if matches!(c, b's' | b'v' | b'd' | b'q') {
                return Some(i + 2);
            }
            if c == b'(' {
                let e = group_end(line, i + 1, lang);
                if line.get(e) == Some(&b's') {
                    return Some(e + 1);
                }
            }
        }
    }
    if rest.starts_with(b"#{") && has(refs::HASH_BRACE) {
        return Some(group_end(line, i + 1, lang));
    }
    if rest.starts_with(b"$(") && has(refs::DOLLAR_PAREN) {
        return Some(group_end(line, i + 1, lang));
    }
    if rest.starts_with(b"$") && has(refs::DOLLAR_NAME) {
        let name = rest[1..].iter().take_while(|&&b| is_ident(b)).count();
        if name > 0 && !rest[1].is_ascii_digit() {
            return Some(i + 1 + name);
        }
    }
    None
}

/// An escape sequence at `i` (a backslash): its bytes as the program sees them.
fn escape(line: &[u8], i: usize, v: &mut Value) -> usize {
    let c = line[i + 1];
    let simple = match c {
        b'n' => Some(b'\n'),
        b't' => Some(b'\t'),
        b'r' => Some(b'\r'),
        b'0' => Some(0),
        b'a' => Some(7),
        b'b' => Some(8),
        b'f' => Some(12),
        b'v' => Some(11),
        b'e' => Some(27),
        _ => None,
    };
    if let Some(b) = simple {
        v.lit(b, i..i + 2);
        return i + 2;
    }
    let hex_char = |from: usize, len: usize| -> Option<u32> {
        let digits = line.get(from..from + len)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let decoded = match c {
        b'x' => hex_char(i + 2, 2).map(|c| (c, 4)),
        b'u' if line.get(i + 2) == Some(&b'{') => {
            let len = line[i + 3..]
                .iter()
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if len > 0 && len <= 6 && line.get(i + 3 + len) == Some(&b'}') {
                hex_char(i + 3, len).map(|c| (c, len + 4))
            } else {
                None
            }
        }
        b'u' => hex_char(i + 2, 4).map(|c| (c, 6)),
        b'U' => hex_char(i + 2, 8).map(|c| (c, 10)),
        _ => None,
    };
    if let Some((cp, len)) = decoded {
        let src = i..i + len;
        if c == b'x' {
            v.lit(cp as u8, src);
        } else {
            let ch = char::from_u32(cp).unwrap_or('\u{fffd}');
            let mut buf = [0u8; 4];
            v.lits_from(ch.encode_utf8(&mut buf).as_bytes(), src);
        }
        return i + len;
    }
    v.lit(c, i..i + 2);
    i + 2
}

/// An expression term that is not a string: a name, a call, an index (`os.environ["X"]`).
fn name_term(line: &[u8], at: usize, lang: &Lang) -> Option<usize> {
    let n = line.len();
    let first = *line.get(at)?;
    if !(first.is_ascii_alphabetic() || matches!(first, b'_' | b'$' | b'@')) {
        return None;
    }
    let mut i = at;
    while i < n {
        let b = line[i];
        if is_ident(b) || matches!(b, b'$' | b'@' | b'.' | b'!') {
            i += 1;
        } else if line[i..].starts_with(b"::")
            || line[i..].starts_with(b"->")
            || line[i..].starts_with(b"?.")
        {
            i += 2;
        } else if matches!(b, b'(' | b'[') {
            i = group_end(line, i, lang);
        } else {
            break;
        }
    }
    Some(i)
}

/// A formatting call (`fmt.Sprintf("APIKey %s", key)`, `String.format(…)`, `sprintf(…)`) at
/// `at..end`: its format string is the value, each placeholder standing for the argument
/// that fills it. Returns false (adding nothing) when the call is not one.
fn format_call(line: &[u8], at: usize, end: usize, mode: Mode, v: &mut Value) -> bool {
    let Some(open) = memchr::memchr(b'(', &line[at..end]).map(|p| at + p) else {
        return false;
    };
    // Rust's `format!(…)` is a macro call.
    let callee = line[at..open].strip_suffix(b"!").unwrap_or(&line[at..open]);
    let last = callee
        .rsplit(|&c| c == b'.' || c == b':')
        .next()
        .unwrap_or(callee);
    const FORMATTERS: &[&str] = &["sprintf", "format", "sprint", "fmt", "printf"];
    if !FORMATTERS
        .iter()
        .any(|f| last.eq_ignore_ascii_case(f.as_bytes()))
        || end == 0
    {
        return false;
    }
    let close = end - 1;
    if line[close] != b')' {
        return false;
    }
    let args = call_args(line, open, close, mode);
    let Some(first) = args.first().cloned() else {
        return false;
    };
    let mut format = Value::new();
    if string(line, first.start, mode, &mut format) != Some(first.end) {
        return false;
    }
    fill(line, &format, args[1..].iter().cloned(), v);
    true
}

/// Adds the rebuilt `format` to `v`, each of its placeholders standing for the next of `args`
/// (source ranges of the arguments), or for itself when the arguments run out.
fn fill(
    line: &[u8],
    format: &Value,
    mut args: impl Iterator<Item = std::ops::Range<usize>>,
    v: &mut Value,
) {
    let mut k = 0;
    for var in &format.vars {
        while k < var.at.start {
            let m = format.map[k];
            v.lit(format.bytes[k], m.start..m.end);
            k += 1;
        }
        match args.next() {
            Some(arg) if !arg.is_empty() => v.var(&line[arg.clone()], arg),
            _ => {
                let m = format.map[var.at.start];
                v.var(&line[m.start..m.end], m.start..m.end);
            }
        }
        k = var.at.end;
    }
    while k < format.bytes.len() {
        let m = format.map[k];
        v.lit(format.bytes[k], m.start..m.end);
        k += 1;
    }
}

/// The arguments of the call whose `(` is at `open` and `)` at `close`, split at commas
/// outside brackets and strings, each trimmed.
fn call_args(line: &[u8], open: usize, close: usize, mode: Mode) -> Vec<std::ops::Range<usize>> {
    let mut args = Vec::new();
    let mut from = open + 1;
    let mut j = from;
    while j < close {
        match line[j] {
            b'(' | b'[' | b'{' => j = group_end(line, j, mode.lang()),
            b'"' | b'\'' | b'`' => {
                let mut scratch = Value::new();
                j = string(line, j, mode, &mut scratch).unwrap_or(j + 1);
            }
            b',' => {
                args.push(from..j);
                from = j + 1;
                j += 1;
            }
            _ => j += 1,
        }
    }
    args.push(from..close.max(from));
    args.into_iter()
        .map(|r| {
            let s = r.start
                + line[r.clone()]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
            let e = r.end
                - line[s..r.end]
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
            s..e.max(s)
        })
        .collect()
}

/// What may end a value in code: the end of the line, a closing bracket, a separator, a
/// comment, or an `or`/`||`/`??` fallback.
fn ends_value(line: &[u8], i: usize, lang: &Lang) -> bool {
    let rest = &line[i..];
    rest.is_empty()
        || matches!(rest[0], b',' | b')' | b'}' | b']' | b';' | b'\n')
        || lang.comments.iter().any(|c| rest.starts_with(c))
        || rest.starts_with(b"||")
        || rest.starts_with(b"??")
        || rest.starts_with(b"or ")
        || rest.starts_with(b"if ")
        || rest.starts_with(b"\\")
}

/// A value in code at `at`: strings, names and calls joined by `+` (or Python's `%`).
/// Returns its end, or `None` when the text there is not a value expression.
pub(crate) fn code_value(line: &[u8], at: usize, mode: Mode, v: &mut Value) -> Option<usize> {
    let lang = mode.lang();
    let mut i = skip_ws(line, at);
    let mut terms = 0;
    loop {
        let mut format = Value::new();
        if let Some(end) = string(line, i, mode, &mut format) {
            i = end;
            // `"APIKey {}".format(key)`: the arguments fill the placeholders.
            let args = if line[i..].starts_with(b".format(") {
                let open = i + 7;
                let close = group_end(line, open, lang);
                call_args(line, open, close.saturating_sub(1).max(open + 1), mode)
            } else {
                Vec::new()
            };
            fill(line, &format, args.into_iter(), v);
            // `.format(…)`, `.strip()`: methods on the string keep its literal text.
            while line.get(i) == Some(&b'.') {
                match name_term(line, i + 1, lang) {
                    Some(e) => i = e,
                    None => break,
                }
            }
        } else if let Some(end) = name_term(line, i, lang) {
            let text = &line[i..end];
            if matches!(
                text,
                b"true" | b"false" | b"None" | b"null" | b"nil" | b"undefined"
            ) {
                return None;
            }
            if !format_call(line, i, end, mode, v) {
                v.var(text, i..end);
            }
            i = end;
        } else if line.get(i).is_some_and(u8::is_ascii_digit) {
            let e = i + line[i..].iter().take_while(|b| is_ident(**b)).count();
            v.lits(&line[i..e], i);
            i = e;
        } else {
            return None;
        }
        terms += 1;
        i = skip_ws(line, i);
        match line.get(i) {
            Some(b'+') if line.get(i + 1) != Some(&b'=') => {
                i = skip_ws(line, i + 1);
            }
            Some(b'%') if lang.percent_operator && line.get(i + 1) != Some(&b'=') => {
                // `"APIKey %s" % key`: the right side only fills the placeholders.
                let j = skip_ws(line, i + 1);
                let e = if line.get(j) == Some(&b'(') {
                    group_end(line, j, lang)
                } else {
                    name_term(line, j, lang)?
                };
                i = skip_ws(line, e);
                break;
            }
            _ => break,
        }
        if terms > 32 {
            return None;
        }
    }
    if ends_value(line, i, lang) {
        Some(i)
    } else {
        None
    }
}

/// A value in configuration at `at`: a quoted string, a Terraform expression, or a plain
/// scalar up to a comment or the end of the line.
pub(crate) fn config_value(line: &[u8], at: usize, mode: Mode, v: &mut Value) -> Option<usize> {
    let i = skip_ws(line, at);
    if i >= line.len() {
        return Some(i);
    }
    let lang = mode.lang();
    if lang.expressions && line[i..].starts_with(b"<<") {
        // A heredoc: its lines follow.
        return None;
    }
    if matches!(line[i], b'"' | b'\'') {
        return string(line, i, mode, v);
    }
    if lang.expressions
        && let Some(end) = name_term(line, i, lang)
    {
        v.var(&line[i..end], i..end);
        return Some(end);
    }
    // A plain scalar.
    let mut end = line.len();
    let stops = lang.value_stops;
    for (k, &b) in line[i..].iter().enumerate() {
        if stops.contains(&b) || (b == b'#' && k > 0 && matches!(line[i + k - 1], b' ' | b'\t')) {
            end = i + k;
            break;
        }
    }
    while end > i && matches!(line[end - 1], b' ' | b'\t' | b'\r') {
        end -= 1;
    }
    plain(line, i, end, mode, v);
    Some(end)
}

/// Literal text from `from` to `to` with template references (`{{X}}`, `${X}`) as variables.
pub(crate) fn plain(line: &[u8], from: usize, to: usize, mode: Mode, v: &mut Value) {
    let lang = mode.lang();
    let mut i = from;
    while i < to {
        if let Some(end) = interpolation(&line[..to], i, lang, lang.refs, false) {
            v.var(&line[i..end], i..end);
            i = end;
        } else {
            v.lit(line[i], i..i + 1);
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_decoded_with_their_sources() {
        let read = |line: &[u8], at: usize| {
            let mut v = Value::new();
            let end = json_string(line, at, &mut v);
            let starts: Vec<usize> = v.map.iter().map(|s| s.start).collect();
            (end, String::from_utf8_lossy(&v.bytes).into_owned(), starts)
        };
        // Plain runs, an escape between them, and the byte each decoded byte came from.
        assert_eq!(
            read(br#"x = "ab\ncd" + y"#, 4),
            (Some(12), "ab\ncd".to_owned(), vec![5, 6, 7, 9, 10])
        );
        // Unclosed: to the end of the line, a final backslash kept as it is.
        assert_eq!(
            read(br#"k: "abc"#, 3),
            (Some(7), "abc".to_owned(), vec![4, 5, 6])
        );
        assert_eq!(
            read(br#"k: "ab\"#, 3),
            (Some(7), "ab\\".to_owned(), vec![4, 5, 6])
        );
        assert_eq!(
            read(b"\"abcdef", 0),
            (Some(7), "abcdef".to_owned(), vec![1, 2, 3, 4, 5, 6])
        );
        assert_eq!(read(b"\"\"", 0), (Some(2), String::new(), vec![]));
        assert_eq!(read(b"abc", 0).0, None);
    }

    fn code(line: &str, mode: Mode) -> Option<String> {
        let mut v = Value::new();
        code_value(line.as_bytes(), 0, mode, &mut v)?;
        Some(String::from_utf8_lossy(&v.bytes).into_owned())
    }

    #[test]
    fn code_values() {
        assert_eq!(
            code(r#""Bearer " + os.environ["GCORE_API_KEY"]}"#, Mode::Python).as_deref(),
            Some("Bearer ${GCORE_API_KEY}")
        );
        assert_eq!(
            code(r#"f"APIKey {key}", timeout=3)"#, Mode::Python).as_deref(),
            Some("APIKey ${V0}")
        );
        assert_eq!(
            code("`APIKey ${k}` }", Mode::Js).as_deref(),
            Some("APIKey ${V0}")
        );
        assert_eq!(
            code(r#""APIKey %s" % key"#, Mode::Python).as_deref(),
            Some("APIKey ${V0}")
        );
        assert_eq!(
            code(r#""APIKey {}".format(k))"#, Mode::Python).as_deref(),
            Some("APIKey ${V0}")
        );
        assert_eq!(
            code(r#""a\u200bb\n""#, Mode::Js).as_deref(),
            Some("a\u{200b}b\n")
        );
        assert_eq!(code("Bearer token", Mode::Js), None);
        assert_eq!(code("None", Mode::Python), None);
        // `${…}` is not interpolated in a Python string: sent as written.
        assert_eq!(
            code(r#""APIKey ${GCORE_API_KEY}""#, Mode::Python).as_deref(),
            Some("APIKey ${GCORE_API_KEY}")
        );
        assert_eq!(
            code("'APIKey ${t}'", Mode::Js).as_deref(),
            Some("APIKey ${t}")
        );
    }

    #[test]
    fn config_values() {
        let run = |line: &str, mode| {
            let mut v = Value::new();
            let end = config_value(line.as_bytes(), 0, mode, &mut v).unwrap();
            (String::from_utf8_lossy(&v.bytes).into_owned(), end)
        };
        assert_eq!(
            run(" APIKey {{token}}  # c", Mode::Yaml),
            ("APIKey ${V0}".into(), 17)
        );
        assert_eq!(run(r#" "it''s" x"#, Mode::Json), ("it''s".into(), 8));
        assert_eq!(run(" 'it''s'", Mode::Yaml), ("it's".into(), 8));
        assert_eq!(run(" var.token", Mode::Terraform), ("${V0}".into(), 10));
        assert_eq!(run(r#" "${var.t}""#, Mode::Terraform), ("${V0}".into(), 11));
    }
}
