//! The words the scanner reads sites by: header names people use, SDK options, the names
//! of token variables.

use super::expr::is_ident;

/// What a name in a line stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Key {
    /// The `Authorization` header (or a misspelling of it).
    Header,
    /// A header people wrongly put a Gcore token in (`X-API-Key`).
    AltHeader,
    /// A variable named for a Gcore token (`GCORE_API_KEY`): holds a bare token.
    Token,
    /// An SDK option or setting that holds a bare API key (`api_key=`): a Gcore token only
    /// where something ties it to Gcore (a Gcore client, a Gcore token's shape).
    Sdk,
}

/// What a name stands for in a place that is a list of headers (a `-H`, a header line, a
/// `headers` map, a collection's header entry): there the names people put a Gcore token in
/// instead of `Authorization` (`X-API-Key`, `Token`) are header names too.
pub(crate) fn classify_header(word: &[u8]) -> Option<Key> {
    if word.len() <= 64 && gcore_auth::vocab::alternative_header(word) {
        let k = classify(word);
        return Some(if k == Some(Key::Header) {
            Key::Header
        } else {
            Key::AltHeader
        });
    }
    classify(word)
}

/// What a name in a line stands for anywhere else: `Authorization` (or a misspelling of it),
/// an alternative header name that says it is one (`X-API-Key`: only headers start with
/// `X-`), a token variable, an SDK option. A key that is only an alternative header name
/// elsewhere (`api-key:` under a CI step's `with:`) is nothing here.
pub(crate) fn classify(word: &[u8]) -> Option<Key> {
    if word.len() > 2
        && word[..2].eq_ignore_ascii_case(b"x-")
        && gcore_auth::vocab::alternative_header(word)
    {
        return Some(Key::AltHeader);
    }
    if word.is_empty() || word.len() > 64 {
        return None;
    }
    if gcore_auth::InputKind::of(word) == gcore_auth::InputKind::Line && !word.contains(&b'_') {
        return Some(Key::Header);
    }
    if token_variable(word) {
        return Some(Key::Token);
    }
    if gcore_auth::vocab::sdk_option(word) {
        return Some(Key::Sdk);
    }
    None
}

/// True when literal text names a Gcore token variable (`'APIKey $GCORE_API_KEY'`, sent as
/// written).
pub(crate) fn names_token_variable(b: &[u8]) -> bool {
    b.split(|&c| !is_ident(c)).any(token_variable)
}

/// True for a name that holds a Gcore token ([`gcore_auth::vocab::token_variable`]).
pub(crate) fn token_variable(name: &[u8]) -> bool {
    gcore_auth::vocab::token_variable(name) || super::extra::token_variable(name)
}

/// A key whose value is code in the language of a sibling `lang` (`source`, `code`).
pub(crate) fn code_key(k: &[u8]) -> bool {
    ["source", "code", "sample", "snippet", "content", "example"]
        .iter()
        .any(|c| k.eq_ignore_ascii_case(c.as_bytes()))
}
