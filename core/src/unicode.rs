//! Decoding possibly invalid UTF-8 and naming the characters people paste by mistake.

/// A character as decoded from possibly invalid UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Char {
    /// A valid character.
    Valid(char),
    /// A byte that does not start a valid UTF-8 sequence.
    Invalid(u8),
}

/// Decodes the first character of `bytes`: `(char, its length)`. An invalid sequence yields
/// its first byte as [`Char::Invalid`] with length 1. `None` only for empty input.
pub(crate) fn next_char(bytes: &[u8]) -> Option<(Char, usize)> {
    let b0 = *bytes.first()?;
    if b0 < 0x80 {
        return Some((Char::Valid(b0 as char), 1));
    }
    let (len, init) = match b0 {
        0xC2..=0xDF => (2, (b0 & 0x1F) as u32),
        0xE0..=0xEF => (3, (b0 & 0x0F) as u32),
        0xF0..=0xF4 => (4, (b0 & 0x07) as u32),
        _ => return Some((Char::Invalid(b0), 1)),
    };
    if bytes.len() < len {
        return Some((Char::Invalid(b0), 1));
    }
    let mut cp = init;
    for &b in &bytes[1..len] {
        if b & 0xC0 != 0x80 {
            return Some((Char::Invalid(b0), 1));
        }
        cp = (cp << 6) | (b & 0x3F) as u32;
    }
    // Reject overlong forms and out-of-range values; char::from_u32 rejects surrogates.
    let min = match len {
        2 => 0x80,
        3 => 0x800,
        _ => 0x1_0000,
    };
    match char::from_u32(cp) {
        Some(c) if cp >= min => Some((Char::Valid(c), len)),
        _ => Some((Char::Invalid(b0), 1)),
    }
}

/// The Unicode name of characters that turn up in pasted tokens, for messages.
pub(crate) fn char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{0}' => "NULL",
        '\u{9}' => "CHARACTER TABULATION",
        '\u{a}' => "LINE FEED",
        '\u{b}' => "LINE TABULATION",
        '\u{c}' => "FORM FEED",
        '\u{d}' => "CARRIAGE RETURN",
        '\u{1b}' => "ESCAPE",
        '\u{7f}' => "DELETE",
        '\u{85}' => "NEXT LINE",
        '\u{a0}' => "NO-BREAK SPACE",
        '\u{ad}' => "SOFT HYPHEN",
        '\u{2000}' => "EN QUAD",
        '\u{2001}' => "EM QUAD",
        '\u{2002}' => "EN SPACE",
        '\u{2003}' => "EM SPACE",
        '\u{2004}' => "THREE-PER-EM SPACE",
        '\u{2005}' => "FOUR-PER-EM SPACE",
        '\u{2006}' => "SIX-PER-EM SPACE",
        '\u{2007}' => "FIGURE SPACE",
        '\u{2008}' => "PUNCTUATION SPACE",
        '\u{2009}' => "THIN SPACE",
        '\u{200a}' => "HAIR SPACE",
        '\u{200b}' => "ZERO WIDTH SPACE",
        '\u{200c}' => "ZERO WIDTH NON-JOINER",
        '\u{200d}' => "ZERO WIDTH JOINER",
        '\u{200e}' => "LEFT-TO-RIGHT MARK",
        '\u{200f}' => "RIGHT-TO-LEFT MARK",
        '\u{2010}' => "HYPHEN",
        '\u{2011}' => "NON-BREAKING HYPHEN",
        '\u{2012}' => "FIGURE DASH",
        '\u{2013}' => "EN DASH",
        '\u{2014}' => "EM DASH",
        '\u{2018}' => "LEFT SINGLE QUOTATION MARK",
        '\u{2019}' => "RIGHT SINGLE QUOTATION MARK",
        '\u{201c}' => "LEFT DOUBLE QUOTATION MARK",
        '\u{201d}' => "RIGHT DOUBLE QUOTATION MARK",
        '\u{2026}' => "HORIZONTAL ELLIPSIS",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202f}' => "NARROW NO-BREAK SPACE",
        '\u{205f}' => "MEDIUM MATHEMATICAL SPACE",
        '\u{2060}' => "WORD JOINER",
        '\u{2212}' => "MINUS SIGN",
        '\u{3000}' => "IDEOGRAPHIC SPACE",
        '\u{feff}' => "ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)",
        '\u{fffd}' => "REPLACEMENT CHARACTER",
        _ => return None,
    })
}

/// What a non-ASCII character stands for when the structure of a value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stands {
    /// A space that looks like one (no-break space and friends).
    Space,
    /// Invisible: read as if absent.
    Nothing,
    /// A typographic quote: read as `"` or `'`.
    Quote(u8),
    /// A typographic dash: read as `-`.
    Dash,
    /// `…`: read as `...`.
    Ellipsis,
    /// Anything else: an ordinary (wrong) character.
    Itself,
}

pub(crate) fn stands_for(c: char) -> Stands {
    match c {
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{85}' => {
            Stands::Space
        }
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' => Stands::Nothing,
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => Stands::Quote(b'\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => {
            Stands::Quote(b'"')
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Stands::Dash,
        '\u{2026}' => Stands::Ellipsis,
        _ => Stands::Itself,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_std() {
        for s in ["a", "é", "\u{200b}", "\u{1f600}", "\u{feff}"] {
            let (c, n) = next_char(s.as_bytes()).unwrap();
            assert_eq!(c, Char::Valid(s.chars().next().unwrap()));
            assert_eq!(n, s.len());
        }
    }

    #[test]
    fn invalid_sequences_are_single_bytes() {
        for bad in [
            &b"\xff"[..],
            b"\xc0\x80",
            b"\xe2\x80",
            b"\xed\xa0\x80",
            b"\xf5\x80\x80\x80",
        ] {
            assert_eq!(next_char(bad), Some((Char::Invalid(bad[0]), 1)));
        }
    }
}
