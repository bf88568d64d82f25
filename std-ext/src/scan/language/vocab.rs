//! The words the scanner reads sites by: header names people use, SDK options, the names
//! of token variables.

use super::expr::is_ident;
use super::token::find_ci;

const ALT_HEADERS: &[&str] = &[
    "x-api-key",
    "api-key",
    "x-apikey",
    "x-gcore-api-key",
    "gcore-api-key",
    "x-auth-token",
];

const SDK_KEYS: &[&str] = &[
    "api_key",
    "apikey",
    "api_token",
    "apitoken",
    "permanent_api_token",
    "permanent_token",
    "permanenttoken",
    "permanentapitoken",
];

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

/// What a name in a line stands for, if anything.
pub(crate) fn classify(word: &[u8]) -> Option<Key> {
    if word.is_empty() || word.len() > 64 {
        return None;
    }
    if gcore_auth::InputKind::of(word) == gcore_auth::InputKind::Line && !word.contains(&b'_') {
        return Some(Key::Header);
    }
    if ALT_HEADERS
        .iter()
        .any(|h| word.eq_ignore_ascii_case(h.as_bytes()))
    {
        return Some(Key::AltHeader);
    }
    if token_variable(word) {
        return Some(Key::Token);
    }
    if SDK_KEYS
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k.as_bytes()))
    {
        return Some(Key::Sdk);
    }
    None
}

/// True when literal text names a Gcore token variable (`'APIKey $GCORE_API_KEY'`, sent as
/// written).
pub(crate) fn names_token_variable(b: &[u8]) -> bool {
    b.split(|&c| !is_ident(c)).any(token_variable)
}

/// True for a name that holds a Gcore token: one of `gcore_auth::TOKEN_VARIABLES`, or a
/// Gcore name (`GCORE`/`GCLOUD` in it) whose last word is `KEY`, `TOKEN`, `APIKEY` or
/// `APITOKEN`, with no word before it that makes it some other key (`GCORE_SSH_KEY`,
/// `gcore_storage_access_key`; `GCORE_SSH_KEY_NAME` ends in another word).
pub(crate) fn token_variable(name: &[u8]) -> bool {
    if name.is_empty()
        || name.len() > 64
        || !name.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        return false;
    }
    if gcore_auth::TOKEN_VARIABLES
        .iter()
        .any(|v| name.eq_ignore_ascii_case(v.as_bytes()))
    {
        return true;
    }
    if find_ci(name, b"gcore").is_none() && find_ci(name, b"gcloud").is_none() {
        return false;
    }
    let words: Vec<Vec<u8>> = name
        .split(|&c| c == b'_')
        .filter(|w| !w.is_empty())
        .map(<[u8]>::to_ascii_lowercase)
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    if !matches!(&last[..], b"key" | b"token" | b"apikey" | b"apitoken") {
        return false;
    }
    const OTHER_KEYS: &[&[u8]] = &[
        b"ssh",
        b"access",
        b"s3",
        b"storage",
        b"secret",
        b"private",
        b"public",
        b"kms",
        b"encryption",
        b"signing",
        b"sign",
        b"cache",
        b"idempotency",
        b"refresh",
        b"registry",
    ];
    !words[..words.len() - 1]
        .iter()
        .any(|w| OTHER_KEYS.contains(&&w[..]))
}

/// A key whose value is code in the language of a sibling `lang` (`source`, `code`).
pub(crate) fn code_key(k: &[u8]) -> bool {
    ["source", "code", "sample", "snippet", "content", "example"]
        .iter()
        .any(|c| k.eq_ignore_ascii_case(c.as_bytes()))
}
