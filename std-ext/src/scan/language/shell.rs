//! Shell words as a POSIX shell reads them: quotes removed, `$X`, `${X}`, `$(…)` and backticks
//! kept as variables, and `$`-format tokens that the shell would cut at the `$` noted.

use std::ops::Range;

use super::lang::{Mode, group_end};
use super::value::{DollarCut, Value};

/// One shell word: what the shell passes on, and where it is in the line.
#[derive(Debug)]
pub(crate) struct Word {
    pub(crate) value: Value,
    pub(crate) src: Range<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Q {
    None,
    Double,
}

/// The shell words of `line` from byte `at` on (a command that starts within a line of text),
/// their ranges in `line`.
pub(crate) fn words_from(line: &[u8], at: usize) -> Vec<Word> {
    let mut out = words(&line[at..]);
    for w in &mut out {
        w.src = w.src.start + at..w.src.end + at;
        w.value.shift(at);
    }
    out
}

/// Splits `line` into shell words, stopping at a comment. Operators (`;`, `|`, `&`, `<`, `>`,
/// parentheses) end words and are dropped.
pub(crate) fn words(line: &[u8]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = line.len();
    while i < n {
        let b = line[i];
        if b == b' ' || b == b'\t' || b == b'\r' {
            i += 1;
            continue;
        }
        if matches!(b, b';' | b'|' | b'&' | b'<' | b'>' | b'(' | b')') {
            i += 1;
            continue;
        }
        if b == b'#' {
            break;
        }
        let start = i;
        let mut v = Value::new();
        while i < n {
            let b = line[i];
            match b {
                b' ' | b'\t' | b'\r' | b';' | b'|' | b'&' | b'<' | b'>' | b'(' | b')' => break,
                b'\'' => {
                    i += 1;
                    while i < n && line[i] != b'\'' {
                        v.lit(line[i], i..i + 1);
                        i += 1;
                    }
                    i += 1;
                }
                b'"' => {
                    i += 1;
                    while i < n && line[i] != b'"' {
                        i = unit(line, i, &mut v, Q::Double);
                    }
                    i += 1;
                }
                _ => i = unit(line, i, &mut v, Q::None),
            }
        }
        let end = i.min(n);
        out.push(Word {
            value: v,
            src: start..end,
        });
    }
    out
}

/// Reads one unit (a character, an escape or an expansion) at `i` outside single quotes.
fn unit(line: &[u8], i: usize, v: &mut Value, q: Q) -> usize {
    let n = line.len();
    match line[i] {
        b'\\' if i + 1 < n => {
            let c = line[i + 1];
            if q == Q::Double && !matches!(c, b'$' | b'`' | b'"' | b'\\') {
                v.lit(b'\\', i..i + 1);
                v.lit(c, i + 1..i + 2);
            } else {
                v.lit(c, i..i + 2);
            }
            i + 2
        }
        b'`' => {
            let end = memchr::memchr(b'`', &line[i + 1..]).map_or(n, |e| i + 1 + e + 1);
            v.var(&line[i..end], i..end);
            end
        }
        b'$' => dollar(line, i, v, q),
        c => {
            v.lit(c, i..i + 1);
            i + 1
        }
    }
}

fn dollar(line: &[u8], i: usize, v: &mut Value, q: Q) -> usize {
    let n = line.len();
    let Some(&c) = line.get(i + 1) else {
        v.lit(b'$', i..i + 1);
        return i + 1;
    };
    match c {
        b'{' => {
            // `${X}`, `${{ secrets.X }}` (a CI template, substituted before the shell runs).
            let end = if line[i + 1..].starts_with(b"{{") {
                memchr::memmem::find(&line[i + 3..], b"}}").map_or(n, |e| i + 3 + e + 2)
            } else {
                group_end(line, i + 1, Mode::Shell.lang())
            };
            v.var(&line[i..end], i..end);
            end
        }
        b'(' => {
            let end = group_end(line, i + 1, Mode::Shell.lang());
            v.var(&line[i..end], i..end);
            end
        }
        b'\'' if q == Q::None => {
            // `$'…'`: ANSI-C quoting, literal for our purpose.
            let mut j = i + 2;
            while j < n && line[j] != b'\'' {
                v.lit(line[j], j..j + 1);
                j += 1;
            }
            j + 1
        }
        c if c.is_ascii_alphanumeric() || c == b'_' => {
            let name_end = if c.is_ascii_digit() {
                i + 2
            } else {
                i + 1
                    + line[i + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                        .count()
            };
            if let Some(id_len) = id_before(v)
                && cut_secret(&line[i + 1..])
            {
                let id_start = v.map[v.bytes.len() - id_len].start;
                let rest_len = line[name_end..]
                    .iter()
                    .take_while(|b| {
                        !b.is_ascii_whitespace() && !matches!(b, b'"' | b'\'' | b'$' | b';')
                    })
                    .count();
                let mut received = v.bytes[v.bytes.len() - id_len..].to_vec();
                received.extend_from_slice(&line[name_end..name_end + rest_len]);
                v.cuts.push(DollarCut {
                    src: id_start..name_end,
                    received,
                    id_len,
                    name: i + 1..name_end,
                    double_quoted: q == Q::Double,
                });
                // Checked as written: the core judges the token itself.
                v.lits(&line[i..name_end], i);
                return name_end;
            }
            v.var(&line[i..name_end], i..name_end);
            name_end
        }
        b'$' if line
            .get(i + 2)
            .is_some_and(|b| matches!(b, b'(' | b'{') || b.is_ascii_alphabetic() || *b == b'_') =>
        {
            // make's `$$(cmd)`, `$${X}`: the shell gets `$(cmd)`, `${X}`.
            dollar(line, i + 1, v, q)
        }
        b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-' => {
            v.var(&line[i..i + 2], i..i + 2);
            i + 2
        }
        _ => {
            v.lit(b'$', i..i + 1);
            i + 1
        }
    }
}

/// The length of the literal digit run just before the end of `v` when it starts a token (at
/// the start of the word or after a space, `=`, `:` or a quote).
fn id_before(v: &Value) -> Option<usize> {
    let digits = v
        .bytes
        .iter()
        .rev()
        .zip(v.map.iter().rev())
        .take_while(|(b, s)| b.is_ascii_digit() && !s.var)
        .count();
    if digits == 0 {
        return None;
    }
    let before = v.bytes.len() - digits;
    if before == 0
        || matches!(
            v.bytes[before - 1],
            b' ' | b'\t' | b'=' | b':' | b'"' | b'\''
        )
    {
        Some(digits)
    } else {
        None
    }
}

/// True when what follows a `$` reads as a secret: lowercase hex, or a placeholder made from a
/// hex start (`c767...`, `0d1659...`).
fn cut_secret(after: &[u8]) -> bool {
    let hex = after
        .iter()
        .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
        .count();
    hex >= 16
        || (hex >= 4
            && (after[hex..].starts_with(b"...") || after[hex..].starts_with("…".as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        words(line.as_bytes())
            .into_iter()
            .map(|w| String::from_utf8_lossy(&w.value.bytes).into_owned())
            .collect()
    }

    #[test]
    fn quotes_and_variables() {
        assert_eq!(
            texts(r#"curl -H "Authorization: APIKey $GCORE_API_KEY" x"#),
            ["curl", "-H", "Authorization: APIKey ${GCORE_API_KEY}", "x"] // gcore-auth-lint: allow
        );
        assert_eq!(
            texts(r#"curl -H 'Authorization: APIKey $GCORE_API_KEY'"#), // gcore-auth-lint: allow
            ["curl", "-H", "Authorization: APIKey $GCORE_API_KEY"]      // gcore-auth-lint: allow
        );
        assert_eq!(texts(r#"a\ b "c\"d" e#f # g"#), ["a b", "c\"d", "e#f"]);
        assert_eq!(
            texts("x=$(cat f) y=${{ secrets.K }}"),
            ["x=${V0}", "y=${V0}"]
        );
    }

    #[test]
    fn dollar_token_cut() {
        let w = words(br#"export K="29841$c767abcdef0123456789" L='1$c767abcdef0123456789'"#);
        let c = &w[1].value.cuts;
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].received, b"29841");
        assert_eq!(c[0].src, 10..36);
        assert!(c[0].double_quoted);
        assert!(w[2].value.cuts.is_empty());
        let w = words(b"K=29841$0d1659...");
        assert_eq!(w[0].value.cuts[0].received, b"29841d1659...");
        assert!(!w[0].value.cuts[0].double_quoted);
        // An ordinary variable after digits is not a token.
        assert!(
            words(b"echo 100$HOME")
                .iter()
                .all(|w| w.value.cuts.is_empty())
        );
    }
}
