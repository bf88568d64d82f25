//! What `scan --diff` shows: the difference between a file and its fixed content, as a
//! unified diff or as data (JSON), redacted like every output.
//!
//! Fixes change bytes inside lines and never add or remove a line, so the lines of the two
//! versions are compared pairwise: the time is linear in the number of lines. Only when the
//! line counts differ is a general line diff used (with a deadline).

use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, DiffOp};

use crate::render::printable;

/// How many unchanged lines a hunk shows around its changes.
const CONTEXT: usize = 1;

/// The difference between a file and its fixed content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Patch {
    /// The file, shown as in findings.
    pub path: String,
    /// How many fixes make the difference.
    pub fixes: usize,
    /// The changed places, with one unchanged line of context around each.
    pub hunks: Vec<Hunk>,
    /// The same changes as edits of the old content.
    pub edits: Vec<Edit>,
}

/// One hunk of a unified diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hunk {
    /// 1-based first line in the old content (0 when it has none).
    pub old_start: usize,
    /// How many old lines the hunk covers.
    pub old_lines: usize,
    /// 1-based first line in the new content.
    pub new_start: usize,
    /// How many new lines the hunk covers.
    pub new_lines: usize,
    /// The lines, each starting with ` ` (unchanged), `-` (old) or `+` (new), escaped and
    /// redacted, without their line ending.
    pub lines: Vec<String>,
}

/// One edit of the old content: replace bytes `start..end` with `text`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Byte offset of the first byte replaced.
    pub start: usize,
    /// Byte offset just after the last byte replaced.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column (in characters) of `start`.
    pub column: usize,
    /// 1-based line of `end`.
    pub end_line: usize,
    /// 1-based column (in characters) of `end`.
    pub end_column: usize,
    /// What goes there, escaped and redacted (a fix writes fixed words, never a secret).
    pub text: String,
}

/// One changed block: old lines `old`, new lines `new` (0-based, end exclusive).
#[derive(Clone, Copy, Debug)]
struct Block {
    old: (usize, usize),
    new: (usize, usize),
}

/// The lines of `bytes`, each with its line ending.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

/// The changed blocks, in order.
fn blocks(old: &[&[u8]], new: &[&[u8]]) -> Vec<Block> {
    let mut out = Vec::new();
    if old.len() == new.len() {
        let mut i = 0;
        while i < old.len() {
            if old[i] == new[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < old.len() && old[i] != new[i] {
                i += 1;
            }
            out.push(Block {
                old: (start, i),
                new: (start, i),
            });
        }
        return out;
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, old, new, Some(deadline));
    for op in ops {
        let (o, n) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => ((old_index, old_index + old_len), (new_index, new_index)),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => ((old_index, old_index), (new_index, new_index + new_len)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                (old_index, old_index + old_len),
                (new_index, new_index + new_len),
            ),
        };
        match out.last_mut() {
            Some(b) if b.old.1 == o.0 && b.new.1 == n.0 => {
                b.old.1 = o.1;
                b.new.1 = n.1;
            }
            _ => out.push(Block { old: o, new: n }),
        }
    }
    out
}

/// A line as a diff shows it: escaped and redacted, without its line ending.
fn shown(line: &[u8]) -> String {
    let body = line.strip_suffix(b"\n").unwrap_or(line);
    printable(&String::from_utf8_lossy(body)).into_owned()
}

/// The difference between `before` and `after`, the content of the file shown as `path`
/// before and after `fixes` fixes.
///
/// ```
/// use gcore_auth_lint::scan::patch::patch;
/// let p = patch("run.sh", b"a\nBearer x\nc\n", b"a\nAPIKey x\nc\n", 1);
/// assert_eq!(p.hunks[0].lines, [" a", "-Bearer x", "+APIKey x", " c"]);
/// assert_eq!((p.edits[0].line, p.edits[0].column, p.edits[0].end_column), (2, 1, 7));
/// assert_eq!(p.edits[0].text, "APIKey");
/// ```
pub fn patch(path: &str, before: &[u8], after: &[u8], fixes: usize) -> Patch {
    let old = lines(before);
    let new = lines(after);
    let blocks = blocks(&old, &new);
    let mut hunks: Vec<Hunk> = Vec::new();
    let mut edits = Vec::new();
    // Where each old line starts.
    let mut starts = Vec::with_capacity(old.len() + 1);
    let mut at = 0;
    for l in &old {
        starts.push(at);
        at += l.len();
    }
    starts.push(at);
    let mut i = 0;
    while i < blocks.len() {
        // The blocks whose context touches go into one hunk.
        let mut j = i + 1;
        while j < blocks.len() && blocks[j].old.0 - blocks[j - 1].old.1 <= 2 * CONTEXT {
            j += 1;
        }
        let first = blocks[i];
        let last = blocks[j - 1];
        let lead = first.old.0.min(CONTEXT);
        let old_from = first.old.0 - lead;
        let new_from = first.new.0 - lead;
        let old_to = (last.old.1 + CONTEXT).min(old.len());
        let new_to = new.len().min(last.new.1 + (old_to - last.old.1));
        let mut text = Vec::new();
        let mut o = old_from;
        for b in &blocks[i..j] {
            text.extend(old[o..b.old.0].iter().map(|l| format!(" {}", shown(l))));
            text.extend(
                old[b.old.0..b.old.1]
                    .iter()
                    .map(|l| format!("-{}", shown(l))),
            );
            if b.old.1 == old.len() && old.last().is_some_and(|l| !l.ends_with(b"\n")) {
                text.push("\\ No newline at end of file".to_owned());
            }
            text.extend(
                new[b.new.0..b.new.1]
                    .iter()
                    .map(|l| format!("+{}", shown(l))),
            );
            if b.new.1 == new.len() && new.last().is_some_and(|l| !l.ends_with(b"\n")) {
                text.push("\\ No newline at end of file".to_owned());
            }
            o = b.old.1;
            edits.extend(block_edits(b, &old, &new, &starts));
        }
        text.extend(old[o..old_to].iter().map(|l| format!(" {}", shown(l))));
        if old_to == old.len() && o < old_to && old.last().is_some_and(|l| !l.ends_with(b"\n")) {
            text.push("\\ No newline at end of file".to_owned());
        }
        let start = |from: usize, len: usize| if len == 0 { from } else { from + 1 };
        hunks.push(Hunk {
            old_start: start(old_from, old_to - old_from),
            old_lines: old_to - old_from,
            new_start: start(new_from, new_to - new_from),
            new_lines: new_to - new_from,
            lines: text,
        });
        i = j;
    }
    Patch {
        path: path.to_owned(),
        fixes,
        hunks,
        edits,
    }
}

/// The edits of one block: within each changed line when lines pair up, else the block's
/// old lines replaced whole.
fn block_edits(b: &Block, old: &[&[u8]], new: &[&[u8]], starts: &[usize]) -> Vec<Edit> {
    let paired = b.old.1 - b.old.0 == b.new.1 - b.new.0;
    if paired {
        return (b.old.0..b.old.1)
            .zip(b.new.0..b.new.1)
            .flat_map(|(o, n)| line_edits(o, old[o], new[n], starts[o]))
            .collect();
    }
    let start = starts[b.old.0];
    let end = starts[b.old.1];
    let text: Vec<u8> = new[b.new.0..b.new.1].concat();
    vec![Edit {
        start,
        end,
        line: b.old.0 + 1,
        column: 1,
        end_line: b.old.1 + 1,
        end_column: 1,
        text: printable(&String::from_utf8_lossy(&text)).into_owned(),
    }]
}

/// The pieces of a line a word diff works on: runs of letters and digits, and single other
/// characters (an invalid byte alone).
fn pieces(line: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < line.len() {
        let word = |b: u8| b.is_ascii_alphanumeric();
        let len = if word(line[at]) {
            line[at..].iter().take_while(|&&b| word(b)).count()
        } else {
            utf8_len(&line[at..])
        };
        out.push(&line[at..at + len]);
        at += len;
    }
    out
}

/// The length of the character at the start of `bytes` (1 for an invalid byte).
fn utf8_len(bytes: &[u8]) -> usize {
    let n = match bytes[0] {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => 1,
    };
    if n <= bytes.len() && std::str::from_utf8(&bytes[..n]).is_ok() {
        n
    } else {
        1
    }
}

/// The number of characters in `bytes` (an invalid byte counts one).
fn chars(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut at = 0;
    while at < bytes.len() {
        at += utf8_len(&bytes[at..]);
        n += 1;
    }
    n
}

/// The edits that turn the old line `index` (starting at byte `offset`) into `new`, by a diff
/// of their words.
fn line_edits(index: usize, old: &[u8], new: &[u8], offset: usize) -> Vec<Edit> {
    let a = pieces(old);
    let b = pieces(new);
    let ops = similar::capture_diff_slices(Algorithm::Myers, &a, &b);
    // Where each old piece starts.
    let mut byte_at = Vec::with_capacity(a.len() + 1);
    let mut x = 0;
    for w in &a {
        byte_at.push(x);
        x += w.len();
    }
    byte_at.push(x);
    // A replacement that keeps every letter and digit only took characters out or put some
    // in (an invisible character inside a token): diffed again character by character, so
    // that the edit never carries the letters and digits it keeps.
    let alnum = |p: &[&[u8]]| -> Vec<u8> {
        p.iter()
            .flat_map(|w| w.iter().copied())
            .filter(u8::is_ascii_alphanumeric)
            .collect()
    };
    let ops: Vec<(std::ops::Range<usize>, Vec<u8>)> = ops
        .into_iter()
        .flat_map(|op| {
            let (o, n) = (op.old_range(), op.new_range());
            if let DiffOp::Replace { .. } = op
                && alnum(&a[o.clone()]) == alnum(&b[n.clone()])
            {
                let x: Vec<&[u8]> = a[o.clone()].iter().flat_map(|w| chunks(w)).collect();
                let y: Vec<&[u8]> = b[n.clone()].iter().flat_map(|w| chunks(w)).collect();
                return fine(&x, &y, byte_at[o.start]);
            }
            if let DiffOp::Equal { .. } = op {
                return Vec::new();
            }
            vec![(byte_at[o.start]..byte_at[o.end], b[n].concat())]
        })
        .collect();
    let mut out: Vec<Edit> = Vec::new();
    for (range, text) in ops {
        let (s, e) = (range.start, range.end);
        let text = printable(&String::from_utf8_lossy(&text)).into_owned();
        // A delete and an insert at one place are one replacement.
        if let Some(last) = out.last_mut().filter(|l| l.end == offset + s) {
            last.end = offset + e;
            last.end_column = chars(&old[..e]) + 1;
            last.text.push_str(&text);
            continue;
        }
        out.push(Edit {
            start: offset + s,
            end: offset + e,
            line: index + 1,
            column: chars(&old[..s]) + 1,
            end_line: index + 1,
            end_column: chars(&old[..e]) + 1,
            text,
        });
    }
    out
}

/// The characters of `word`, each alone (an invalid byte alone).
fn chunks(word: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < word.len() {
        let n = utf8_len(&word[at..]);
        out.push(&word[at..at + n]);
        at += n;
    }
    out
}

/// The changes between the characters `x` and `y`, `x` starting at byte `base` of the line:
/// byte ranges of the line and what replaces them.
fn fine(x: &[&[u8]], y: &[&[u8]], base: usize) -> Vec<(std::ops::Range<usize>, Vec<u8>)> {
    let mut at = Vec::with_capacity(x.len() + 1);
    let mut b = base;
    for c in x {
        at.push(b);
        b += c.len();
    }
    at.push(b);
    similar::capture_diff_slices(Algorithm::Myers, x, y)
        .into_iter()
        .filter(|op| !matches!(op, DiffOp::Equal { .. }))
        .map(|op| {
            let (o, n) = (op.old_range(), op.new_range());
            (at[o.start]..at[o.end], y[n].concat())
        })
        .collect()
}

impl Patch {
    /// The patch as a unified diff. A relative path gets git's `a/` and `b/` prefixes (apply
    /// it with `patch -p1` or `git apply`); an absolute one is written as it is (`patch -p0`).
    ///
    /// ```
    /// use gcore_auth_lint::scan::patch::patch;
    /// let p = patch("/srv/run.sh", b"Bearer x\n", b"APIKey x\n", 1);
    /// assert_eq!(p.unified(), "--- /srv/run.sh\n+++ /srv/run.sh\n@@ -1 +1 @@\n-Bearer x\n+APIKey x\n");
    /// ```
    pub fn unified(&self) -> String {
        let name = self.path.strip_prefix("./").unwrap_or(&self.path);
        let (a, b) = if name.starts_with('/') {
            (name.to_owned(), name.to_owned())
        } else {
            (format!("a/{name}"), format!("b/{name}"))
        };
        let mut out = format!("--- {a}\n+++ {b}\n");
        let range = |start: usize, len: usize| {
            if len == 1 {
                format!("{start}")
            } else {
                format!("{start},{len}")
            }
        };
        for h in &self.hunks {
            out.push_str(&format!(
                "@@ -{} +{} @@\n",
                range(h.old_start, h.old_lines),
                range(h.new_start, h.new_lines)
            ));
            for l in &h.lines {
                out.push_str(l);
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_join_when_their_context_touches() {
        let before = b"1\n2\nBearer a\n4\nBearer b\n6\n7\n8\nBearer c";
        let after = b"1\n2\nAPIKey a\n4\nAPIKey b\n6\n7\n8\nAPIKey c";
        let p = patch("x", before, after, 3);
        assert_eq!(
            p.unified(),
            "--- a/x\n+++ b/x\n@@ -2,5 +2,5 @@\n 2\n-Bearer a\n+APIKey a\n 4\n-Bearer b\n\
             +APIKey b\n 6\n@@ -8,2 +8,2 @@\n 8\n-Bearer c\n\\ No newline at end of file\n\
             +APIKey c\n\\ No newline at end of file\n"
        );
        let at: Vec<_> = p.edits.iter().map(|e| (e.start, e.end, e.line)).collect();
        assert_eq!(at, [(4, 10, 3), (15, 21, 5), (30, 36, 9)]);
    }

    #[test]
    fn edits_are_the_words_that_change() {
        let p = patch("x", b"K=29841$abcd gcore\n", b"K='29841$abcd' gcore\n", 1);
        let e: Vec<_> = p
            .edits
            .iter()
            .map(|e| (e.start, e.end, e.column, e.text.as_str()))
            .collect();
        assert_eq!(e, [(2, 2, 3, "'"), (12, 12, 13, "'")]);
        // A deleted invisible character inside a word, in a line that is not UTF-8 elsewhere.
        let p = patch(
            "x",
            b"\xff APIKey 12\xe2\x80\x8b34\n",
            b"\xff APIKey 1234\n",
            1,
        );
        let e: Vec<_> = p
            .edits
            .iter()
            .map(|e| (e.start, e.end, e.column, e.end_column, e.text.as_str()))
            .collect();
        assert_eq!(e, [(11, 14, 12, 13, "")]);
    }

    #[test]
    fn a_line_count_change_falls_back_to_a_line_diff() {
        let p = patch("x", b"a\nb\nc\n", b"a\nc\n", 1);
        assert_eq!(
            p.unified(),
            "--- a/x\n+++ b/x\n@@ -1,3 +1,2 @@\n a\n-b\n c\n"
        );
        assert_eq!(
            (p.edits[0].start, p.edits[0].end, p.edits[0].text.as_str()),
            (2, 4, "")
        );
    }

    #[test]
    fn many_changed_lines_take_linear_time() {
        // 50,000 changed lines: a quadratic diff would not finish.
        let before = "Bearer x\n".repeat(50_000);
        let after = "APIKey x\n".repeat(50_000);
        let p = patch("x", before.as_bytes(), after.as_bytes(), 50_000);
        assert_eq!(p.hunks.len(), 1);
        assert_eq!(p.edits.len(), 50_000);
    }
}
