//! Making edits of a text by byte range, the one way every output and `scan --fix` make them.

use std::ops::Range;

/// `input` with each edit made: its range replaced by its text. The edits are in order and do
/// not overlap; one that reaches before the end of the previous one, or past the input, is cut
/// to fit rather than panicking.
pub(crate) fn apply<'t>(
    input: &[u8],
    edits: impl IntoIterator<Item = (Range<usize>, &'t str)>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() + 16);
    let mut at = 0;
    for (r, text) in edits {
        let start = r.start.clamp(at, input.len());
        out.extend_from_slice(&input[at..start]);
        out.extend_from_slice(text.as_bytes());
        at = r.end.clamp(start, input.len());
    }
    out.extend_from_slice(&input[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_replace_insert_and_delete() {
        assert_eq!(
            apply(b"Bearer 1_ab", [(0..6, "APIKey")]),
            b"APIKey 1_ab".to_vec()
        );
        assert_eq!(apply(b"'x'", [(0..1, ""), (2..3, "")]), b"x".to_vec());
        assert_eq!(apply(b"1_ab", [(0..0, "APIKey ")]), b"APIKey 1_ab".to_vec());
        // Overlapping or out of range: cut to fit.
        assert_eq!(apply(b"abc", [(1..2, "X"), (0..9, "Y")]), b"aXY".to_vec());
    }
}
