//! A header line: `Name: value`, or what people write for it.

use crate::class::{self, TCHAR, WS};
use crate::lexicon::near_authorization;

/// True when `input` reads as a whole header line ([`crate::InputKind::of`] says how).
pub(crate) fn is_header_line(input: &[u8]) -> bool {
    let input = &input[class::run(input, WS)..];
    let name_len = class::run(input, TCHAR);
    let rest = &input[name_len..];
    let after_ws = &rest[class::run(rest, WS)..];
    // `https://…` is a URL: a scheme, not a header name.
    if rest.starts_with(b"://") {
        return false;
    }
    if after_ws.first() == Some(&b':') {
        return true;
    }
    name_len > 0 && near_authorization(&input[..name_len])
}

/// The parts of a header line, as offsets into it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line {
    /// Whitespace before the name (an obsolete line folding).
    pub(crate) lead: usize,
    /// The name's length, after `lead`.
    pub(crate) name_len: usize,
    /// Whitespace after the name.
    pub(crate) gap: usize,
    /// A colon follows the gap.
    pub(crate) colon: bool,
    /// Where the value starts (after the colon, or after one `=` or `;` put for it).
    pub(crate) value: usize,
}

/// Splits a header line into its parts.
pub(crate) fn split(b: &[u8]) -> Line {
    let lead = class::run(b, WS);
    let line = &b[lead..];
    let name_len = class::run(line, TCHAR);
    let after = &line[name_len..];
    let gap = class::run(after, WS);
    let colon = after.get(gap) == Some(&b':');
    let skip = if colon {
        1
    } else {
        usize::from(matches!(after.get(gap), Some(b'=' | b';')))
    };
    Line {
        lead,
        name_len,
        gap,
        colon,
        value: lead + name_len + gap + skip,
    }
}
