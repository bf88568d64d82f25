//! The grammar: what the parts of a header line, a value and a token are, read from the view's
//! bytes. It returns structures and never diagnoses; the diagnosis pass decides what they mean.

pub(crate) mod jwt;
pub(crate) mod line;
pub(crate) mod token;
pub(crate) mod value;

use crate::class::{self, WS};

/// Space or tab.
pub(crate) fn is_ws(b: u8) -> bool {
    class::is(b, WS)
}

/// `"` or `'`.
pub(crate) fn is_quote(b: u8) -> bool {
    b == b'"' || b == b'\''
}

/// The length of the first word of `b` (up to the first space or tab).
pub(crate) fn word_len(b: &[u8]) -> usize {
    class::find_ws(b)
}

/// The whitespace at the start of `b`.
pub(crate) fn lead_ws(b: &[u8]) -> usize {
    class::run(b, WS)
}

/// The whitespace at the end of `b`.
pub(crate) fn trail_ws(b: &[u8]) -> usize {
    b.iter().rev().take_while(|&&c| is_ws(c)).count()
}

/// `w` without one quote at each end.
pub(crate) fn strip_quotes(w: &[u8]) -> &[u8] {
    let w = w
        .strip_prefix(b"\"")
        .or_else(|| w.strip_prefix(b"'"))
        .unwrap_or(w);
    w.strip_suffix(b"\"")
        .or_else(|| w.strip_suffix(b"'"))
        .unwrap_or(w)
}
