//! A header value's first word, read as a scheme.

use crate::class;
use crate::grammar::strip_quotes;
use crate::grammar::token::{placeholder, variable};
use crate::lexicon::{APIKEY_SQUEEZED, edit_distance_ci, scheme_word};

/// A scheme word the intended one is near to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Near {
    ApiKey,
    Bearer,
    None,
}

/// What is glued to `APIKey` in a mangled scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Glued {
    Colon,
    Equals,
    Token,
    Other,
}

/// What the first word of a value with no scheme is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NoSchemeKind {
    Permanent,
    Jwt,
    Other,
}

/// A value's first word, read as a scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    ApiKey {
        exact: bool,
    },
    Bearer {
        exact: bool,
    },
    /// `APIKey:`, `APIKey=…`, `APIKey29841_…`
    Mangled {
        near: Near,
        glued: Glued,
    },
    /// Another word; `known` when it is a scheme people use (or a near miss of ours).
    Unknown {
        near: Near,
        known: bool,
    },
    /// No scheme word: the first word is the token.
    None(NoSchemeKind),
}

/// `APIKey` in any letter case and one space at the start of `b`, read as one word: whether it
/// is spelled exactly `APIKey`. (`| 0x20` lowercases a letter and makes no other byte a
/// lowercase letter, so only the six letters are folded.)
#[inline]
pub(crate) fn apikey_space(b: &[u8]) -> Option<bool> {
    const WANT: u64 = u64::from_le_bytes(*b"apikey \0");
    const FOLD: u64 = 0x0000_2020_2020_2020;
    const MASK: u64 = 0x00ff_ffff_ffff_ffff;
    let head: [u8; 8] = b.get(..8)?.try_into().ok()?;
    let word = u64::from_le_bytes(head);
    ((word | FOLD) & MASK == WANT).then(|| &b[..6] == crate::lexicon::APIKEY)
}

/// What the first word of a value is, as a scheme.
pub(crate) fn scheme_of(w: &[u8]) -> Scheme {
    if w.len() == 6 {
        if w.eq_ignore_ascii_case(b"apikey") {
            return Scheme::ApiKey {
                exact: w == crate::lexicon::APIKEY,
            };
        }
        if w.eq_ignore_ascii_case(b"bearer") {
            return Scheme::Bearer {
                exact: w == crate::lexicon::BEARER,
            };
        }
    }
    // `${api_key}` is a variable holding the token, not a misspelled scheme.
    if variable(strip_quotes(w)).is_some() {
        return Scheme::None(NoSchemeKind::Other);
    }
    if w.len() > 6 && w[..6].eq_ignore_ascii_case(b"apikey") {
        let glued = match w[6] {
            b':' => Glued::Colon,
            b'=' => Glued::Equals,
            c if c.is_ascii_digit() || c == b'_' || c == b'$' => Glued::Token,
            _ => Glued::Other,
        };
        if glued != Glued::Other {
            return Scheme::Mangled {
                near: Near::ApiKey,
                glued,
            };
        }
    }
    let trimmed = {
        let mut t = w;
        while let [head @ .., b':' | b'=' | b','] = t {
            t = head;
        }
        t
    };
    let mut letters = [0u8; 16];
    let mut n = 0;
    for &c in trimmed.iter().filter(|c| c.is_ascii_alphanumeric()) {
        if n == letters.len() {
            n = usize::MAX;
            break;
        }
        letters[n] = c;
        n += 1;
    }
    let squeezed = if n <= letters.len() {
        &letters[..n]
    } else {
        &[][..]
    };
    let near = if APIKEY_SQUEEZED
        .iter()
        .any(|k| squeezed.eq_ignore_ascii_case(k))
        || (trimmed.len() < 12 && edit_distance_ci(trimmed, b"apikey") <= 2)
    {
        Near::ApiKey
    } else if trimmed.len() < 12 && edit_distance_ci(trimmed, b"bearer") <= 2 {
        Near::Bearer
    } else {
        Near::None
    };
    let known = near != Near::None || scheme_word(trimmed).is_some();
    if !known {
        if let Some(kind) = token_like(w) {
            return Scheme::None(kind);
        }
    }
    Scheme::Unknown { near, known }
}

/// Whether a word is itself a token (so it is not a scheme).
fn token_like(w: &[u8]) -> Option<NoSchemeKind> {
    let inner = strip_quotes(w);
    if inner.first().is_some_and(u8::is_ascii_digit) {
        return Some(NoSchemeKind::Permanent);
    }
    if inner.starts_with(b"eyJ") {
        return Some(NoSchemeKind::Jwt);
    }
    if variable(inner).is_some() || placeholder(inner) {
        return Some(NoSchemeKind::Other);
    }
    if class::lhex_run(inner) >= 16 || matches!(inner.first(), Some(b'_' | b'$')) {
        return Some(NoSchemeKind::Permanent);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apikey_and_a_space_in_any_letter_case() {
        assert_eq!(apikey_space(b"APIKey 1"), Some(true));
        assert_eq!(apikey_space(b"apikey 1_abc"), Some(false));
        assert_eq!(apikey_space(b"ApIkEy x"), Some(false));
        // Eight bytes at least, then exactly a space after six letters.
        for no in [
            &b"APIKey "[..],
            b"APIKey\t1",
            b"APIKey\x001",
            b"APIKey:1",
            b"APIKe  1",
            b"@PIKey 1",
            b"APIK\x05y 1",
            b"Bearer 1",
            b"APIKeys 1",
        ] {
            assert_eq!(apikey_space(no), None, "{no:?}");
        }
        // Every byte that folds onto a letter of `apikey` is that letter in some case.
        for b in 0..=255u8 {
            let mut v = *b"APIKey 1";
            v[0] = b;
            assert_eq!(apikey_space(&v).is_some(), b == b'A' || b == b'a', "{b}");
        }
    }
}
