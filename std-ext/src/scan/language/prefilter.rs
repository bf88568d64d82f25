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

/// The start of every line in `block` that may hold something: a keyword, or a run of hex
/// long enough for a complete secret. Sorted, without duplicates.
pub(crate) fn candidate_lines(block: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let ac = automaton();
    LOWER.with_borrow_mut(|lower| {
        lower.clear();
        lower.extend(block.iter().map(u8::to_ascii_lowercase));
        let mut at = 0;
        while at < lower.len() {
            let Some(m) = ac.find(aho_corasick::Input::new(&lower[..]).span(at..lower.len()))
            else {
                break;
            };
            out.push(line_start(block, m.start()));
            at = line_end(block, m.end()) + 1;
        }
        if lower.capacity() > 8 << 20 {
            *lower = Vec::new();
        }
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
    let ac = automaton();
    let found = LOWER.with_borrow_mut(|lower| {
        lower.clear();
        lower.extend(text.iter().map(u8::to_ascii_lowercase));
        let found = ac.is_match(&lower[..]);
        if lower.capacity() > 8 << 20 {
            *lower = Vec::new();
        }
        found
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
