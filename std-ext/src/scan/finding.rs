//! A finding: one diagnosis at one place in one file, owned and already redacted.

use std::fmt;
use std::ops::Range;

use gcore_auth::{Code, Escaped, HEX_RUN_REDACTED, SHOWN_SECRET_CHARS, Severity};
use sha2::{Digest, Sha256};

use super::extract::Hit;

/// One diagnosis at one place in a file. Every text in it is already redacted: it never holds
/// more of a secret than its first 4 characters.
#[derive(Clone, PartialEq, Eq)]
pub struct Finding {
    /// The path as given, joined with the file's relative path.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters) of the first character.
    pub column: usize,
    /// 1-based column (in characters) just after the last character.
    pub end_column: usize,
    /// The catalogue code.
    pub code: Code,
    /// The severity.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The predicted reply of the API, for errors that have one.
    pub server_reply: Option<String>,
    /// The line, escaped and redacted (cut around the finding when long).
    pub snippet: String,
    /// The text the finding is about, escaped, redacted and with whitespace collapsed.
    pub normalized: String,
    /// sha256 (hex) of the path, the code and the normalised text: what baselines store.
    pub fingerprint: String,
}

/// How many bytes of context a snippet keeps on either side of the finding.
const SNIPPET_CONTEXT: usize = 120;

impl Finding {
    pub(crate) fn from_hit(
        path: &str,
        line_no: usize,
        line: &[u8],
        hit: Hit,
        hide: &[Range<usize>],
    ) -> Finding {
        let span = hit.span.start.min(line.len())
            ..hit
                .span
                .end
                .min(line.len())
                .max(hit.span.start.min(line.len()));
        let column = char_count(&line[..span.start]) + 1;
        let end_column = column + char_count(&line[span.clone()]);
        let mut hide = hide.to_vec();
        hide.extend(jwts(line));
        let normalized = collapse(&redact(line, span.clone(), &hide));
        let mut from = span.start.saturating_sub(SNIPPET_CONTEXT);
        let mut to = (span.end + SNIPPET_CONTEXT).min(line.len());
        // Never start or end a snippet inside a secret.
        for h in &hide {
            if h.start < from && from < h.end {
                from = h.start;
            }
            if h.start < to && to < h.end {
                to = h.end;
            }
        }
        while from > 0 && (line[from] & 0xC0) == 0x80 {
            from -= 1;
        }
        while to < line.len() && (line[to] & 0xC0) == 0x80 {
            to += 1;
        }
        let lead = line[from..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let mut snippet = String::new();
        let shown = redact(
            line,
            from + lead.min(span.start.saturating_sub(from))..to,
            &hide,
        );
        if from > 0 && !shown.starts_with('…') {
            snippet.push('…');
        }
        snippet.push_str(&shown);
        if to < line.len() && !snippet.ends_with('…') {
            snippet.push('…');
        }
        let fingerprint = fingerprint(path, hit.code, &normalized);
        Finding {
            path: path.to_owned(),
            line: line_no,
            column,
            end_column,
            code: hit.code,
            severity: hit.severity,
            message: hit.message,
            server_reply: hit.reply,
            snippet,
            normalized,
            fingerprint,
        }
    }
}

/// sha256 of the path, the code and the normalised (redacted) text, as lowercase hex.
pub(crate) fn fingerprint(path: &str, code: Code, normalized: &str) -> String {
    let mut h = Sha256::new();
    h.update(path.as_bytes());
    h.update([0]);
    h.update(code.as_str().as_bytes());
    h.update([0]);
    h.update(normalized.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Characters in `bytes` (invalid UTF-8 bytes count one each).
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// JWTs in a line: hidden like secrets.
fn jwts(line: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&line[from..], b"eyJ") {
        let s = from + p;
        let len = line[s..]
            .iter()
            .take_while(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'=' | b'+' | b'/')
            })
            .count();
        if len >= 16 {
            out.push(s..s + len);
        }
        from = s + len.max(1);
    }
    out
}

/// `line[range]` escaped, with each secret range shown as its first 4 characters and `…`,
/// and every other run of 16 or more hex digits cut the same way.
pub(crate) fn redact(line: &[u8], range: Range<usize>, hide: &[Range<usize>]) -> String {
    let mut hide: Vec<Range<usize>> = hide.iter().filter(|h| h.start < h.end).cloned().collect();
    // A long hex run that either end of the range cuts: escaping only the part inside would
    // show it from the cut (the middle of a secret) or show too much of a short-looking
    // piece, so the whole run is hidden like a known secret.
    let hex = |b: &u8| b.is_ascii_hexdigit();
    for at in [range.start, range.end] {
        if at > 0 && line.get(at).is_some_and(hex) && hex(&line[at - 1]) {
            let start = at - line[..at].iter().rev().take_while(|b| hex(b)).count();
            let end = at + line[at..].iter().take_while(|b| hex(b)).count();
            if end - start >= HEX_RUN_REDACTED {
                hide.push(start..end);
            }
        }
    }
    hide.sort_by_key(|h| h.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for h in hide {
        match merged.last_mut() {
            Some(last) if h.start <= last.end => last.end = last.end.max(h.end),
            _ => merged.push(h),
        }
    }
    let mut out = String::new();
    let mut i = range.start;
    for h in merged {
        if h.end <= i || h.start >= range.end {
            continue;
        }
        if h.start > i {
            out.push_str(&Escaped(&line[i..h.start]).to_string());
        }
        // The first characters of the secret from where it is visible, then `…`.
        let start = h.start.max(i);
        let visible_before = h.start < i;
        if !visible_before {
            let shown = prefix_chars(&line[start..h.end.min(line.len())], SHOWN_SECRET_CHARS);
            out.push_str(&Escaped(&line[start..start + shown]).to_string());
            if start + shown < h.end {
                out.push('…');
            }
        } else {
            out.push('…');
        }
        i = h.end.min(range.end).max(i);
        if h.end > range.end {
            i = range.end;
        }
    }
    if i < range.end {
        out.push_str(&Escaped(&line[i..range.end]).to_string());
    }
    out
}

/// The byte length of the first `n` characters of `bytes`.
fn prefix_chars(bytes: &[u8], n: usize) -> usize {
    let mut count = 0;
    for (k, &b) in bytes.iter().enumerate() {
        if (b & 0xC0) != 0x80 {
            if count == n {
                return k;
            }
            count += 1;
        }
    }
    bytes.len()
}

impl fmt::Display for Finding {
    /// `path:line:col: severity[code]: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.path, self.line, self.column, self.severity, self.code, self.message
        )
    }
}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("path", &self.path)
            .field("line", &self.line)
            .field("column", &self.column)
            .field("end_column", &self.end_column)
            .field("code", &self.code)
            .field("severity", &self.severity)
            .field("message", &self.message)
            .field("server_reply", &self.server_reply)
            .field("snippet", &self.snippet)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_four_characters() {
        let line = b"k = '29841_zzzzzzzzzzzzzzzz' eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2ln";
        let mut hide = jwts(line);
        hide.push(11..27);
        assert_eq!(
            redact(line, 0..line.len(), &hide),
            "k = '29841_zzzz…' eyJh…"
        );
        assert_eq!(redact(line, 15..20, &hide), "…");
        // A hex run cut by the start of the range is hidden, not shown from the cut.
        assert_eq!(redact(b"abc 0123456789abcdef01 x", 8..24, &[]), "… x");
        assert_eq!(
            redact(b"abc 0123456789abcde x", 8..21, &[]),
            "456789abcde x"
        );
        // Cut by the end of the range: its first characters, as for a whole run.
        assert_eq!(redact(b"abc 0123456789abcdef01 x", 0..10, &[]), "abc 0123…");
        assert_eq!(
            redact(b"abc 0123456789abcdef01 x", 0..24, &[]),
            "abc 0123… x"
        );
    }
}
