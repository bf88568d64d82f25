//! What stands where a token goes: a permanent token's parts, an unexpanded variable
//! reference, or a placeholder.

use nom::Parser;
use nom::bytes::complete::{tag, tag_no_case, take_while1};
use nom::sequence::preceded;

use crate::class::{self, DIGIT, IDENT};
use crate::lexicon::{
    ELISIONS, EXAMPLES, VARIABLE_CODE, contains_ci, permanent_name, placeholder_word,
};

type Res<'i, O> = nom::IResult<&'i [u8], O, ()>;

/// The secret length below which a token could still be a documentation example
/// (`1234_abcdef`), whatever the policy's truncation threshold.
pub(crate) const MIN_EXAMPLE_FREE: usize = 32;

/// A permanent token's parts, as offsets into the word: `<id><separator><secret>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parts {
    /// The digits at the start.
    pub(crate) id_len: usize,
    /// The first `_` or `$`, if any.
    pub(crate) sep_at: Option<usize>,
}

/// Splits a word into a permanent token's parts.
pub(crate) fn parts(w: &[u8]) -> Parts {
    let id_len = class::run(w, DIGIT);
    let sep_at = if matches!(w.get(id_len), Some(b'_' | b'$')) {
        Some(id_len)
    } else {
        w.iter().position(|&c| c == b'_' || c == b'$')
    };
    Parts { id_len, sep_at }
}

/// The well-formed token: `<digits><_ or $><lowercase hex>` to the end of `t`, with a secret of
/// at least `min` characters. `Ok` with the separator's offset; else `Err` with the length of
/// the start of `t` that was read and is printable ASCII (the digits, the separator and the
/// hex run after it).
#[inline]
pub(crate) fn well_formed(t: &[u8], min: usize) -> Result<usize, usize> {
    let id_len = class::run(t, DIGIT);
    let Some((&sep, secret)) = t.get(id_len..).and_then(<[u8]>::split_first) else {
        return Err(id_len);
    };
    if id_len == 0 || (sep != b'_' && sep != b'$') {
        return Err(id_len);
    }
    let hex = class::lhex_run(secret);
    if secret.len() >= min && hex == secret.len() {
        Ok(id_len)
    } else {
        Err(id_len + 1 + hex)
    }
}

/// An unexpanded variable reference.
pub(crate) struct Variable {
    /// The name reads like a permanent token's (for `Bearer $GCORE_API_KEY`).
    pub(crate) permanent_name: bool,
    /// `{your_api_key}`: a single braced placeholder word, also a documentation placeholder.
    pub(crate) braced_placeholder: bool,
}

fn ident(i: &[u8]) -> Res<'_, &[u8]> {
    take_while1(|b| class::is(b, IDENT)).parse_complete(i)
}

/// Recognises `$NAME`, `${NAME}`, `%NAME%`, `$env:NAME`, `{{NAME}}`, `{{$dotenv NAME}}`,
/// `${process.env.NAME}`, `{NAME}`, `os.environ[...]` and their relatives, as a whole.
pub(crate) fn variable(b: &[u8]) -> Option<Variable> {
    let name: &[u8];
    let mut braced_placeholder = false;
    let dollar = preceded(tag::<_, _, ()>("$"), ident).parse_complete(b);
    let env = preceded(tag_no_case::<_, _, ()>("$env:"), ident).parse_complete(b);
    if let Ok((b"", n)) = dollar {
        // `$c767…` is a token that lost its id, not a variable.
        if n.len() >= 16 && class::lhex_run(n) == n.len() {
            return None;
        }
        name = n;
    } else if let Ok((b"", n)) = env {
        name = n;
    } else if b.len() > 3 && b.starts_with(b"${") && b.ends_with(b"}") {
        name = &b[2..b.len() - 1];
    } else if b.len() > 2 && b[0] == b'%' && b[b.len() - 1] == b'%' {
        name = &b[1..b.len() - 1];
        if !name.iter().all(|&c| class::is(c, IDENT)) {
            return None;
        }
    } else if b.len() > 4 && b.starts_with(b"{{") && b.ends_with(b"}}") {
        name = &b[2..b.len() - 2];
    } else if b.len() > 2 && b[0] == b'{' && b[b.len() - 1] == b'}' {
        name = &b[1..b.len() - 1];
        if !name.iter().all(|&c| class::is(c, IDENT)) {
            return None;
        }
        braced_placeholder = placeholder_word(name);
    } else {
        if !VARIABLE_CODE.iter().any(|p| b.starts_with(p)) {
            return None;
        }
        name = b;
    }
    if name.is_empty() {
        return None;
    }
    Some(Variable {
        permanent_name: permanent_name(name),
        braced_placeholder,
    })
}

/// Where the `$` of a legacy-format token is (`29841$c767...`: digits, then `$`), if it is one.
/// A placeholder of that shape teaches the deprecated format as much as a real token does.
pub(crate) fn legacy_dollar(w: &[u8]) -> Option<usize> {
    let id = class::run(w, DIGIT);
    (id > 0 && w.get(id) == Some(&b'$')).then_some(id)
}

/// Documentation examples and placeholders (never real tokens).
pub(crate) fn placeholder(w: &[u8]) -> bool {
    if w.is_empty() {
        return false;
    }
    if EXAMPLES.iter().any(|e| w.eq_ignore_ascii_case(e)) {
        return true;
    }
    // One pass decides whether the elisions can occur at all (a secret never has these bytes).
    if class::has_elision(w) && ELISIONS.iter().any(|e| contains_ci(w, e)) {
        return true;
    }
    let wrapped = |open: u8, close: u8| w.len() >= 2 && w[0] == open && w[w.len() - 1] == close;
    if wrapped(b'<', b'>') || wrapped(b'[', b']') {
        return true;
    }
    placeholder_word(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    /// A well-formed token gives its separator's offset; any other word how much of its start
    /// was read (digits, a separator and the hex after it), which the characters pass skips.
    #[test]
    fn a_well_formed_token_or_how_far_it_was_read() {
        let hex = "0123456789abcdef0123456789abcdef";
        assert_eq!(well_formed(format!("29841_{hex}").as_bytes(), 32), Ok(5));
        assert_eq!(well_formed(format!("7${hex}").as_bytes(), 32), Ok(1));
        assert_eq!(well_formed(format!("29841_{hex}").as_bytes(), 33), Err(38));
        assert_eq!(well_formed(b"29841_abcX\n", 0), Err(9));
        assert_eq!(well_formed(b"29841_", 1), Err(6));
        assert_eq!(well_formed(b"29841", 0), Err(5));
        assert_eq!(well_formed(b"29841-abc", 0), Err(5));
        assert_eq!(well_formed(b"_abc", 0), Err(0));
        assert_eq!(well_formed(b"", 0), Err(0));
    }
}
