//! A finding: one diagnosis at one place in one file, owned and already redacted.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use gcore_auth::{Applicability, Code, Hidden, Severity, Span};
use sha2::{Digest, Sha256};

use super::diagnose::{Hit, HitFix};
use super::path::shown_path;
use crate::render::{Shown, Style};

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
    /// The repair, when the finding has a certain or likely one that can be made in the file.
    pub fix: Option<FileFix>,
    /// Where in a repository's history the line was added (`scan --git`); `None` for a file.
    pub commit: Option<Commit>,
}

/// The commit that added a finding's line to a repository's history, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The commit's full id, in hex.
    pub id: String,
    /// Its author time, in seconds since the Unix epoch.
    pub author_time: i64,
    /// Later commits that added the same line again (in another file, or after removing it).
    pub later_commits: usize,
    /// The paths the line was added at, its first one included.
    pub paths: usize,
    /// Whether `HEAD` still holds the line at one of those paths.
    pub in_head: bool,
}

impl Commit {
    /// The id's first 12 digits, as human output shows it.
    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(12)]
    }

    /// The author time as `YYYY-MM-DD HH:MM:SS UTC` (RFC 3339's form without the `T`).
    pub fn time(&self) -> String {
        match jiff::Timestamp::from_second(self.author_time) {
            Ok(t) => t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
            Err(_) => format!("{} seconds after 1970", self.author_time),
        }
    }

    /// The author time in RFC 3339 (`2024-05-01T12:00:00Z`), as JSON and SARIF give it.
    pub fn rfc3339(&self) -> String {
        match jiff::Timestamp::from_second(self.author_time) {
            Ok(t) => t.to_string(),
            Err(_) => self.author_time.to_string(),
        }
    }
}

/// A finding's repair: edits of the file, in order and not overlapping, all on the finding's
/// line. Its texts are fixed words (a scheme, a header name, a space, a quote, a backslash, or
/// nothing): a fix never carries bytes of the file, so every output shows it whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFix {
    /// What it does, in a few words.
    pub message: &'static str,
    /// Whether `scan --fix` applies it (machine-applicable) or only `--unsafe-fixes` does.
    pub applicability: Applicability,
    /// The edits.
    pub edits: Vec<FileEdit>,
    /// The line as it reads after the fix, escaped and redacted like the snippet.
    pub patched: String,
}

/// One edit of a file: replace bytes `start..end` (an empty range inserts) with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    /// Byte offset of the first byte replaced, in the file.
    pub start: usize,
    /// Byte offset just after the last byte replaced.
    pub end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters) of `start`.
    pub column: usize,
    /// 1-based column (in characters) of `end`.
    pub end_column: usize,
    /// What goes there.
    pub text: &'static str,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every finding, sorted by path, line, column and code.
    pub findings: Vec<Finding>,
    /// Text files read.
    pub files_scanned: u64,
    /// Bytes read from them.
    pub bytes_scanned: u64,
    /// Files skipped as binary.
    pub binary_skipped: u64,
    /// Entries found by walking that are not regular files (FIFOs, sockets, devices, and with
    /// `follow_links` links to them): skipped without being opened.
    pub not_regular_skipped: u64,
    /// Paths that could not be read: the scan went on without them, and is incomplete.
    pub errors: Vec<ReadError>,
    /// What the scan passed over without missing anything to scan (a symbolic link loop, a link
    /// to nothing, an ignore file not used), one message each, every path in it shown escaped.
    pub warnings: Vec<String>,
    /// The files with a finding that carries a fix, as shown and as found, sorted (files read
    /// as streams, such as standard input or a FIFO, are never listed: they cannot be
    /// rewritten).
    pub fixable: Vec<(String, std::path::PathBuf)>,
    /// For a scan of a repository's history or index: its work tree and `HEAD`, which paths
    /// are relative to.
    pub provenance: Option<Provenance>,
}

/// The repository a history or index scan read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// Its work tree (its git folder when bare): the paths of findings are relative to it.
    pub root: std::path::PathBuf,
    /// The commit `HEAD` names, in hex, when it names one.
    pub head: Option<String>,
}

/// A file or folder that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct ReadError {
    /// The path, shown escaped like the paths of findings.
    pub path: String,
    /// Why it could not be read.
    pub message: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl ReadError {
    pub(crate) fn new(path: &Path, e: &std::io::Error) -> ReadError {
        ReadError {
            path: shown_path(path),
            message: e.to_string(),
        }
    }
}

/// How many bytes of context a snippet keeps on either side of the finding.
const SNIPPET_CONTEXT: usize = 120;

impl Finding {
    /// The finding of `hit` on `line`, shown through `shown` (the line, escaped and redacted).
    /// `offset` is where the line starts in the file, when known: only then is a fix kept.
    /// `known` are the line's secret ranges, for showing the patched line.
    pub(crate) fn from_hit(
        path: &str,
        line_no: usize,
        line: &[u8],
        hit: Hit,
        shown: &Shown,
        offset: Option<usize>,
        known: &[Span],
    ) -> Finding {
        let start = hit.span.start.min(line.len());
        let span = start..hit.span.end.min(line.len()).max(start);
        let column = char_count(&line[..span.start]) + 1;
        let end_column = column + char_count(&line[span.clone()]);
        let normalized = collapse(&shown.text()[shown.map(Span::new(span.start, span.end))]);
        // The snippet shows the line as it is (the fingerprint keeps the escaped form, so
        // that baselines stay valid).
        let snippet = cut(line, &shown.restyle(line, Style::AsIs), span.clone());
        let fingerprint = fingerprint(path, hit.code, &normalized);
        let fix = match (hit.fix, offset) {
            (Some(f), Some(at)) => file_fix(f, line, line_no, at, known, span.clone()),
            _ => None,
        };
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
            fix,
            commit: None,
        }
    }
}

/// The part of `line` around `span` as `shown` shows it, cut to [`SNIPPET_CONTEXT`] bytes on
/// either side (with `…` where cut) and without the indentation before it.
fn cut(line: &[u8], shown: &Shown, span: Range<usize>) -> String {
    let text = |r: Range<usize>| &shown.text()[shown.map(Span::new(r.start, r.end))];
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
    snippet
}

/// A hit's fix as edits of the file, with the patched line shown: the line's secret ranges
/// move with the edits before them, and the patched line is hidden by them and by the rule.
fn file_fix(
    f: HitFix,
    line: &[u8],
    line_no: usize,
    offset: usize,
    known: &[Span],
    about: Range<usize>,
) -> Option<FileFix> {
    let mut edits: Vec<(Range<usize>, &'static str)> = f.edits;
    edits.sort_by_key(|e| (e.0.start, e.0.end));
    if edits.windows(2).any(|w| w[0].0.end > w[1].0.start)
        || edits.iter().any(|e| e.0.end > line.len())
    {
        return None;
    }
    let patched = crate::edit::apply(line, edits.iter().cloned());
    // Where a position of the line goes in the patched line: after every edit that ends
    // before it (or at it, for a start; an insertion right at the end of a range goes after
    // the range).
    let moved = |p: usize, end: bool| -> usize {
        let mut q = p as isize;
        for (r, t) in &edits {
            let before = r.end < p || (r.end == p && (!end || r.start < r.end));
            if before {
                q += t.len() as isize - (r.end - r.start) as isize;
            }
        }
        q.max(0) as usize
    };
    // Everything the line hides stays hidden (a fix moves a secret, never changes it), and
    // the rule hides what it finds in the patched line besides.
    let known: Vec<Span> = Hidden::new(line, known)
        .map(|s| {
            Span::new(
                moved(s.start, false),
                moved(s.end, true).max(moved(s.start, false)),
            )
        })
        .collect();
    let shown = Shown::styled(&patched, Hidden::new(&patched, &known), Style::AsIs);
    let first = moved(edits[0].0.start.min(about.start), false);
    let last = moved(edits[edits.len() - 1].0.end.max(about.end), true);
    let patched_text = cut(&patched, &shown, first..last.min(patched.len()).max(first));
    Some(FileFix {
        message: f.message,
        applicability: f.applicability,
        edits: edits
            .into_iter()
            .map(|(r, text)| FileEdit {
                start: offset + r.start,
                end: offset + r.end,
                line: line_no,
                column: char_count(&line[..r.start]) + 1,
                end_column: char_count(&line[..r.end]) + 1,
                text,
            })
            .collect(),
        patched: patched_text,
    })
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
    /// `path:line:col: severity[code]: message`, and `commit:path:line:col: …` for a finding of
    /// a repository's history.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(c) = &self.commit {
            write!(f, "{}:", c.short())?;
        }
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
            .field("fix", &self.fix)
            .field("commit", &self.commit)
            .finish()
    }
}
