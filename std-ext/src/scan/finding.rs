//! A finding: one diagnosis at one place in one file, owned and already redacted.

use std::fmt;
use std::ops::Range;

use gcore_auth::{Code, Severity, Span};
use sha2::{Digest, Sha256};

use super::extract::Hit;
use crate::render::Shown;

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
    /// The finding of `hit` on `line`, shown through `shown` (the line, escaped and redacted).
    pub(crate) fn from_hit(
        path: &str,
        line_no: usize,
        line: &[u8],
        hit: Hit,
        shown: &Shown,
    ) -> Finding {
        let start = hit.span.start.min(line.len());
        let span = start..hit.span.end.min(line.len()).max(start);
        let column = char_count(&line[..span.start]) + 1;
        let end_column = column + char_count(&line[span.clone()]);
        let text = |r: Range<usize>| &shown.text()[shown.map(Span::new(r.start, r.end))];
        let normalized = collapse(text(span.clone()));
        let from = span.start.saturating_sub(SNIPPET_CONTEXT);
        let to = (span.end + SNIPPET_CONTEXT).min(line.len());
        let lead = line[from..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let shown_part = text(from + lead.min(span.start.saturating_sub(from))..to);
        let mut snippet = String::new();
        if from > 0 && !shown_part.starts_with('…') {
            snippet.push('…');
        }
        snippet.push_str(shown_part);
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
