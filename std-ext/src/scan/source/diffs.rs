//! Source: patches, as `git diff`, `git log -p`, `git format-patch` and `diff -u` write them,
//! from standard input or a `.patch`/`.diff` file. Read as text, a patch mixes every language
//! of the files it changes, and each line starts with `+`, `-` or a space: read so, a Go
//! struct's `apiKey: apiKey,` is a header line and a removed line counts as sent. Read here,
//! each file's new side (its context and added lines) is scanned in the language of the file's
//! name, and only what the patch adds is reported, at its line and column in the patch.

use std::io::{self, BufRead};

use super::super::file::scan_as;
use super::super::finding::{Finding, fingerprint};

/// The most of one file's new side kept for scanning (lines past it are not read).
const MAX_SECTION: usize = 16 << 20;

/// True when `head` (the first bytes of a stream) starts a patch: its first line opens one
/// (`diff `, `commit <id>`, `From <id> `, `--- `, `Index: `), and a `+++ ` file header and a
/// `@@ -` hunk header follow.
pub(crate) fn looks_like_patch(head: &[u8]) -> bool {
    let first = head
        .split(|&b| b == b'\n')
        .find(|l| !l.trim_ascii().is_empty())
        .unwrap_or_default();
    let opens = first.starts_with(b"diff ")
        || first.starts_with(b"--- ")
        || first.starts_with(b"Index: ")
        || commit_line(first, b"commit ")
        || commit_line(first, b"From ");
    opens
        && head.split(|&b| b == b'\n').any(|l| l.starts_with(b"+++ "))
        && head.split(|&b| b == b'\n').any(|l| l.starts_with(b"@@ -"))
}

/// `prefix` and a full hex object id.
fn commit_line(line: &[u8], prefix: &[u8]) -> bool {
    line.strip_prefix(prefix).is_some_and(|rest| {
        let hex = rest.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        hex == 40 || hex == 64
    })
}

/// True when a file's name says it holds a patch.
pub(crate) fn patch_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".patch") || lower.ends_with(".diff")
}

/// One file's new side, as read so far.
#[derive(Default)]
struct Section {
    /// The file's path in the patch (`b/` left out); empty for a deleted file.
    path: String,
    /// Its context and added lines, each ending with `\n`.
    text: Vec<u8>,
    /// For each of those lines: its line number in the patch, and whether it is added.
    lines: Vec<(usize, bool)>,
}

/// Reads a patch line by line and scans each file's new side when the file's part ends.
pub(crate) struct PatchScanner {
    /// The patch's own path, as shown.
    shown: String,
    line_no: usize,
    section: Option<Section>,
    /// Old and new lines left in the current hunk.
    hunk: Option<(usize, usize)>,
    findings: Vec<Finding>,
}

impl PatchScanner {
    /// A scanner of the patch shown as `shown`.
    pub(crate) fn new(shown: String) -> PatchScanner {
        PatchScanner {
            shown,
            line_no: 0,
            section: None,
            hunk: None,
            findings: Vec::new(),
        }
    }

    /// Reads every line of `reader`; returns the bytes read.
    pub(crate) fn read(&mut self, mut reader: impl BufRead) -> io::Result<u64> {
        let mut line = Vec::new();
        let mut total = 0u64;
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line)?;
            if n == 0 {
                return Ok(total);
            }
            total += n as u64;
            self.line(&line);
        }
    }

    /// One line of the patch, with its line ending.
    pub(crate) fn line(&mut self, raw: &[u8]) {
        self.line_no += 1;
        let line = raw.strip_suffix(b"\n").unwrap_or(raw);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some((old, new)) = self.hunk {
            let (kind, body) = match line.split_first() {
                Some((&k, body)) => (k, body),
                // An empty line in a hunk is an empty context line (some tools strip the space).
                None => (b' ', &b""[..]),
            };
            let (old, new) = match kind {
                b' ' => (old.saturating_sub(1), new.saturating_sub(1)),
                b'-' => (old.saturating_sub(1), new),
                b'+' => (old, new.saturating_sub(1)),
                // `\ No newline at end of file`.
                b'\\' => (old, new),
                _ => {
                    // Not a hunk line: the hunk was shorter than said.
                    self.hunk = None;
                    return self.header(line);
                }
            };
            if matches!(kind, b' ' | b'+')
                && let Some(s) = &mut self.section
                && s.text.len() + body.len() < MAX_SECTION
            {
                s.text.extend_from_slice(body);
                s.text.push(b'\n');
                s.lines.push((self.line_no, kind == b'+'));
            }
            self.hunk = (old > 0 || new > 0).then_some((old, new));
            return;
        }
        self.header(line);
    }

    /// A line outside a hunk: a file header, a hunk header, or anything else (commit message,
    /// `index` line), which says nothing.
    fn header(&mut self, line: &[u8]) {
        if line.starts_with(b"diff ")
            || commit_line(line, b"commit ")
            || commit_line(line, b"From ")
        {
            self.end_section();
        } else if let Some(name) = line.strip_prefix(b"+++ ") {
            self.end_section();
            // `+++ b/path`, `+++ path\t2024-…` (diff -u), `+++ /dev/null` (deleted).
            let name = name.split(|&b| b == b'\t').next().unwrap_or_default();
            let name = String::from_utf8_lossy(name);
            let name = name.trim().trim_matches('"');
            let path = if name == "/dev/null" {
                String::new()
            } else {
                name.strip_prefix("b/").unwrap_or(name).to_owned()
            };
            self.section = Some(Section {
                path,
                ..Section::default()
            });
        } else if let Some(spec) = line.strip_prefix(b"@@ -") {
            self.hunk = hunk_lengths(spec);
        }
    }

    /// Scans the file part read so far and keeps what it finds on added lines.
    fn end_section(&mut self) {
        let Some(s) = self.section.take() else {
            return;
        };
        if s.path.is_empty() || !s.lines.iter().any(|&(_, added)| added) {
            return;
        }
        for mut f in scan_as(&s.path, s.path.clone(), &s.text) {
            let Some(&(line_no, true)) = s.lines.get(f.line - 1) else {
                continue;
            };
            // The finding, where it is in the patch: one column to the right (the `+`).
            f.line = line_no;
            f.column += 1;
            f.end_column += 1;
            f.fix = None;
            f.path = self.shown.clone();
            f.fingerprint = fingerprint(&f.path, f.code, &f.normalized);
            self.findings.push(f);
        }
    }

    /// The findings, in the patch's line order.
    pub(crate) fn finish(mut self) -> Vec<Finding> {
        self.end_section();
        self.findings.sort_by(|a, b| {
            (a.line, a.column, a.code.as_str()).cmp(&(b.line, b.column, b.code.as_str()))
        });
        self.findings
    }
}

/// The old and new line counts of a hunk header's `a,b +c,d @@` (a count left out is 1).
fn hunk_lengths(spec: &[u8]) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(spec).ok()?;
    let (old, rest) = text.split_once(" +")?;
    let new = rest.split(" @@").next()?;
    let count = |r: &str| -> Option<usize> {
        match r.split_once(',') {
            Some((_, n)) => n.trim().parse().ok(),
            None => r.trim().parse::<usize>().ok().map(|_| 1),
        }
    };
    let (old, new) = (count(old)?, count(new)?);
    (old > 0 || new > 0).then_some((old, new))
}

/// Scans a whole patch held in memory (a `.patch` file), shown as `shown`.
pub(crate) fn scan_patch(shown: String, content: &[u8]) -> Vec<Finding> {
    let mut p = PatchScanner::new(shown);
    for line in content.split_inclusive(|&b| b == b'\n') {
        p.line(line);
    }
    p.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_is_told_by_its_first_lines() {
        assert!(looks_like_patch(
            b"diff --git a/x.sh b/x.sh\nindex 1..2 100644\n--- a/x.sh\n+++ b/x.sh\n@@ -1 +1 @@\n-a\n+b\n"
        ));
        let id = "0123456789abcdef0123456789abcdef01234567";
        assert!(looks_like_patch(
            format!("commit {id}\nAuthor: a\n\n    m\n\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+x\n").as_bytes()
        ));
        assert!(!looks_like_patch(b"# Notes\n--- \n+++ b\n"));
        assert!(!looks_like_patch(b"curl -H 'a: b'\n@@ -1 +1 @@\n+++ x\n"));
        assert!(patch_name("fix.PATCH") && patch_name("a.diff") && !patch_name("a.diffs"));
    }

    #[test]
    fn hunk_headers_give_their_lengths() {
        assert_eq!(hunk_lengths(b"1,3 +1,4 @@ fn x"), Some((3, 4)));
        assert_eq!(hunk_lengths(b"0,0 +1 @@"), Some((0, 1)));
        assert_eq!(hunk_lengths(b"5 +5 @@"), Some((1, 1)));
        assert_eq!(hunk_lengths(b"x"), None);
    }
}
