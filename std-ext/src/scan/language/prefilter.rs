//! The literal prefilter: finds the few lines worth reading before any parsing runs.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Words (any letter case) without which a line holds no header, token variable or Gcore
/// context.
pub(crate) const KEYWORDS: &[&str] = &[
    "authori",
    // Misspellings of `Authorization` that lose its start (`Athorization`, `Autorization`).
    "rizat",
    "x-auth",
    "apikey",
    "api_key",
    "api-key",
    "bearer",
    "gcore",
    "gcloud",
    "permanent",
];

/// The keywords, searched in a lowercased copy of the text: case-sensitive patterns let the
/// automaton use its SIMD prefilter, which a case-insensitive search with this many first
/// bytes cannot.
fn automaton() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        // With the token variables a configuration adds (`super::extra`).
        let words: Vec<String> = KEYWORDS
            .iter()
            .map(|k| (*k).to_owned())
            .chain(super::extra::keywords())
            .collect();
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(words)
            .expect("the keyword automaton builds")
    })
}

thread_local! {
    static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// True when `hay` mentions Gcore (`gcore`, any letter case).
pub(crate) fn mentions_gcore(hay: &[u8]) -> bool {
    super::token::find_ci(hay, b"gcore").is_some()
}

/// How much of a block is lowercased at a time: the copy stays this small (plus the longest
/// keyword) whatever the block's size, and each worker thread keeps one.
const WINDOW: usize = 64 << 10;

/// Calls `hit` with the start and end of the first keyword at or after each place it returns
/// (`None` stops), searching `block` a window at a time in a lowercased copy.
fn keywords(block: &[u8], mut hit: impl FnMut(usize, usize) -> Option<usize>) {
    let ac = automaton();
    // A keyword that starts in a window ends in its copy.
    let longest = ac.max_pattern_len();
    LOWER.with_borrow_mut(|lower| {
        let mut at = 0;
        'windows: while at < block.len() {
            let end = (at + WINDOW).min(block.len());
            let stop = (end + longest.saturating_sub(1)).min(block.len());
            lower.clear();
            lower.extend(block[at..stop].iter().map(u8::to_ascii_lowercase));
            let mut from = 0;
            while let Some(m) =
                ac.find(aho_corasick::Input::new(&lower[..]).span(from..lower.len()))
            {
                if at + m.start() >= end {
                    break;
                }
                let Some(next) = hit(at + m.start(), at + m.end()) else {
                    return;
                };
                if next >= end {
                    at = next;
                    continue 'windows;
                }
                from = next - at;
            }
            at = end;
        }
    });
}

/// The start of every line in `block` that may hold something: a keyword, or a run of hex
/// long enough for a complete secret. Sorted, without duplicates.
pub(crate) fn candidate_lines(block: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    keywords(block, |start, end| {
        out.push(line_start(block, start));
        Some(line_end(block, end) + 1)
    });
    let hex = hex_lines(block);
    if !hex.is_empty() {
        out.extend(hex);
        out.sort_unstable();
        out.dedup();
    }
    out
}

/// True when some line of `text` may hold something ([`candidate_lines`] is not empty), told
/// without listing the lines: for short texts read one by one (a string's lines, inline code).
pub(crate) fn is_candidate(text: &[u8]) -> bool {
    let mut found = false;
    keywords(text, |_, _| {
        found = true;
        None
    });
    found || !hex_lines(text).is_empty()
}

/// Lines holding a run of at least 128 lowercase hex digits. Such a run covers at least one
/// position that is a multiple of 64, so only those positions are looked at first.
fn hex_lines(block: &[u8]) -> Vec<usize> {
    const STEP: usize = 64;
    let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < block.len() {
        if hex(block[i]) {
            let mut s = i;
            while s > 0 && hex(block[s - 1]) {
                s -= 1;
            }
            let mut e = i + 1;
            while e < block.len() && hex(block[e]) {
                e += 1;
            }
            if e - s >= super::token::SECRET_LEN {
                let start = line_start(block, s);
                if out.last() != Some(&start) {
                    out.push(start);
                }
            }
            i = (e / STEP + 1) * STEP;
        } else {
            i += STEP;
        }
    }
    out
}

/// The start of the line holding byte `at`.
pub(crate) fn line_start(block: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &block[..at]).map_or(0, |p| p + 1)
}

/// The position of the newline ending the line holding byte `at` (or the block's length).
pub(crate) fn line_end(block: &[u8], at: usize) -> usize {
    if at >= block.len() {
        return block.len();
    }
    memchr::memchr(b'\n', &block[at..]).map_or(block.len(), |p| at + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_across_windows_are_found_once_each() {
        // The lines holding a keyword, found the plain way: every line, lowercased whole.
        let plain = |block: &[u8]| -> Vec<usize> {
            let mut out = Vec::new();
            let mut start = 0;
            for line in block.split(|&b| b == b'\n') {
                let lower = line.to_ascii_lowercase();
                if KEYWORDS
                    .iter()
                    .any(|k| memchr::memmem::find(&lower, k.as_bytes()).is_some())
                {
                    out.push(start);
                }
                start += line.len() + 1;
            }
            out
        };
        // Keywords right before, across and right after each window's end, on long and short
        // lines, and a line longer than a window with a keyword at each end.
        let mut block = Vec::new();
        for w in 1..4 {
            for shift in [0usize, 1, 2, 5, 6, 7, 40] {
                let target = w * WINDOW - shift;
                while block.len() + 20 < target {
                    block.extend_from_slice(b"plain text, nothing here\n");
                }
                block.resize(target.max(block.len()), b'x');
                block.extend_from_slice(b"BeArEr\nmore\n");
            }
        }
        block.extend_from_slice(b"gcore");
        block.extend(std::iter::repeat_n(b'y', WINDOW + 10));
        block.extend_from_slice(b"apikey\nlast line\nX-Auth");
        let found = candidate_lines(&block);
        assert_eq!(found, plain(&block));
        assert_eq!(found.len(), 3 * 7 + 2);
        assert!(is_candidate(&block) && !is_candidate(&[b'q'; 3 * WINDOW]));
    }

    #[test]
    fn keeps_only_candidate_lines() {
        let text = b"fn main() {}\nlet h = \"AUTHORIZATION\";\nx\ny = GCore\n";
        assert_eq!(candidate_lines(text), [13, 40]);
        let hex = "ab".repeat(64);
        let text = format!("a\nb\n{}{hex}\n", "z".repeat(100));
        assert_eq!(candidate_lines(text.as_bytes()), [4]);
        let short = "ab".repeat(60);
        assert!(candidate_lines(format!("x = 1_{short}\n").as_bytes()).is_empty());
        // Told at once, the same way.
        for text in [
            &b"fn main() {}\nlet h = \"AUTHORIZATION\";"[..],
            b"plain\ntext",
            b"",
            b"x-Auth-Token",
            format!("a\nb\n{}{hex}", "z".repeat(100)).as_bytes(),
            format!("x = 1_{short}").as_bytes(),
        ] {
            assert_eq!(
                is_candidate(text),
                !candidate_lines(text).is_empty(),
                "{text:?}"
            );
        }
        assert!(is_candidate(b"x-Auth-Token") && !is_candidate(b"plain\ntext"));
    }
}
