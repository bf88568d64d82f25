//! The words headers are read by, shared by the checker and the scanner of `gcore-auth-lint`:
//! the header names people put a Gcore token in, the names of variables that hold one, and the
//! placeholders documentation writes where a token goes. The scanner judges files with these
//! same functions, so `check` and `scan` never disagree about a name or a value.
//!
//! ```
//! use gcore_auth::vocab;
//!
//! assert!(vocab::alternative_header(b"X-API-Key"));
//! assert!(!vocab::alternative_header(b"Accept"));
//! assert!(vocab::token_variable(b"GCORE_API_KEY"));
//! assert!(vocab::token_variable(b"gcore_token"));
//! assert!(!vocab::token_variable(b"GCORE_SSH_KEY"));
//! assert!(vocab::placeholder(b"<your-api-key>"));
//! assert!(vocab::names_permanent(b"{YOUR_API_KEY}"));
//! assert!(!vocab::placeholder(b"$GCORE_API_KEY"));
//! ```

use crate::lexicon::{self, ALTERNATIVE_NAMES, TOKEN_VARIABLES, contains_ci};

/// True for a header name people send a Gcore token in instead of `Authorization`
/// (`X-API-Key`, `Api-Key`, `X-Auth-Token`, …), in any letter case.
pub fn alternative_header(name: &[u8]) -> bool {
    ALTERNATIVE_NAMES
        .iter()
        .any(|a| name.eq_ignore_ascii_case(a))
}

/// Words that, as the last word of a Gcore name, make it a token variable.
const TOKEN_WORDS: &[&[u8]] = &[b"key", b"token", b"apikey", b"apitoken"];

/// Words that, before the last word, make a Gcore name some other key (`GCORE_SSH_KEY`,
/// `gcore_storage_access_key`).
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

/// True for a name that holds a Gcore permanent token: one of [`crate::TOKEN_VARIABLES`], or a
/// Gcore name (`GCORE` or `GCLOUD` in it) of letters, digits and `_` whose last word is `KEY`,
/// `TOKEN`, `APIKEY` or `APITOKEN`, with no word before it that makes it some other key
/// (`GCORE_SSH_KEY`, `gcore_storage_access_key`; `GCORE_SSH_KEY_NAME` ends in another word).
pub fn token_variable(name: &[u8]) -> bool {
    // Every such name ends with `key` or `token` before any trailing `_` (every entry of
    // TOKEN_VARIABLES and every word of TOKEN_WORDS does): most names are told at once.
    let end = name.len() - name.iter().rev().take_while(|&&c| c == b'_').count();
    let ends = |w: &[u8]| end >= w.len() && name[end - w.len()..end].eq_ignore_ascii_case(w);
    if !ends(b"key") && !ends(b"token") {
        return false;
    }
    if name.len() > 64 || !name.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_') {
        return false;
    }
    if TOKEN_VARIABLES
        .iter()
        .any(|v| name.eq_ignore_ascii_case(v.as_bytes()))
    {
        return true;
    }
    if !contains_ci(name, b"gcore") && !contains_ci(name, b"gcloud") {
        return false;
    }
    let mut words = name.split(|&c| c == b'_').filter(|w| !w.is_empty());
    let Some(last) = words.next_back() else {
        return false;
    };
    TOKEN_WORDS.iter().any(|w| last.eq_ignore_ascii_case(w))
        && !words.any(|w| OTHER_KEYS.iter().any(|o| w.eq_ignore_ascii_case(o)))
}

/// The options of the official clients that take a permanent token bare (the client adds
/// `APIKey ` itself): `api_key=`, `apiKey:`, `permanent_api_token =`.
const SDK_OPTIONS: &[&[u8]] = &[
    b"api_key",
    b"apikey",
    b"api_token",
    b"apitoken",
    b"permanent_api_token",
    b"permanent_token",
    b"permanenttoken",
    b"permanentapitoken",
];

/// True for the name of a client option that takes a permanent token bare (`api_key`,
/// `apiKey`, `permanent_api_token`), in any letter case.
pub fn sdk_option(name: &[u8]) -> bool {
    SDK_OPTIONS.iter().any(|o| name.eq_ignore_ascii_case(o))
}

/// True when `b` starts with a permanent token's shape: digits, then `_` or `$`, or nothing
/// (`29841_…`, `1234$…`, a bare id `29841`).
pub fn token_shape_at_start(b: &[u8]) -> bool {
    let id = b.iter().take_while(|c| c.is_ascii_digit()).count();
    id > 0 && (id == b.len() || matches!(b[id], b'_' | b'$'))
}

/// True when `b` holds a permanent token's shape anywhere: a digit, `_` or `$`, then at least
/// four hex digits (`29841_c767…`, `id=1234$0d16`).
pub fn contains_token_shape(b: &[u8]) -> bool {
    b.windows(2).enumerate().any(|(k, w)| {
        w[0].is_ascii_digit()
            && matches!(w[1], b'_' | b'$')
            && b[k + 2..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count()
                >= 4
    })
}

/// Words that stand for a key when they are the whole credential.
const PLACEHOLDER_WORDS: &[&[u8]] = &[
    b"none",
    b"null",
    b"nil",
    b"dummy",
    b"unused",
    b"fake",
    b"test",
    b"testing",
    b"example",
    b"sample",
    b"placeholder",
    b"changeme",
    b"change-me",
    b"change_me",
    b"redacted",
    b"secret",
    b"token",
    b"key",
    b"apikey",
    b"api-key",
    b"api_key",
    b"xxx",
    b"foo",
    b"bar",
    b"abc",
    b"todo",
    b"tbd",
];

/// Parts of a word of letters that make it a name for a key rather than a key.
const NAMING: &[&[u8]] = &[
    b"your", b"my_", b"my-", b"key", b"token", b"secret", b"here", b"insert",
];

/// True when `cred` (a credential as written in a file or a document, after any scheme) is a
/// placeholder for a token rather than one: an elision (`...`, `…`, `xxxx`, `****`, `4***1`),
/// a wrapped name (`<token>`, `[key]`, `{YOUR_API_KEY}`, `{{token}}`, `%TOKEN%`), a word that
/// names a key (`your-api-key`, `My API Key`, `none`, `dummy`, `unused`), one repeated
/// character, or an obviously short example token (`1234$0d16599c`: a secret of fewer than 32
/// hex characters). A variable (`$GCORE_API_KEY`, `${X}`) and a short number are not.
pub fn placeholder(cred: &[u8]) -> bool {
    let c = strip_quotes(cred.trim_ascii());
    if c.is_empty() {
        return false;
    }
    if elided(c) {
        return true;
    }
    let wrapped =
        |o: &[u8], e: &[u8]| c.len() > o.len() + e.len() && c.starts_with(o) && c.ends_with(e);
    if wrapped(b"<", b">") || wrapped(b"[", b"]") || wrapped(b"{{", b"}}") || wrapped(b"%", b"%") {
        return true;
    }
    // `{YOUR_API_KEY}`: a braced name no language around it expands (a `${…}` is a variable).
    if wrapped(b"{", b"}")
        && c[1..c.len() - 1]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' ' | b'.'))
    {
        return true;
    }
    if PLACEHOLDER_WORDS.iter().any(|w| c.eq_ignore_ascii_case(w)) {
        return true;
    }
    // Words of letters that name a key: `YOUR_API_KEY`, `api-token`, `My API Key`.
    let letters = c
        .iter()
        .all(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'-' | b' '));
    if letters && NAMING.iter().any(|n| contains_ci(c, n)) {
        return true;
    }
    if c.len() > 1 && c.iter().all(|&b| b == c[0]) {
        return true;
    }
    // A short number (`1234`) is a truncated token, not a placeholder; a short example token
    // is one.
    let id = c.iter().take_while(|b| b.is_ascii_digit()).count();
    if id == c.len() {
        return false;
    }
    if id > 0 && matches!(c[id], b'_' | b'$') {
        let secret = &c[id + 1..];
        let hex = secret.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        return hex == secret.len() && hex > 0 && hex < 32;
    }
    false
}

/// True when a credential leaves part of itself out (`...`, `…`, `xxx`, `**`).
pub fn elided(cred: &[u8]) -> bool {
    [&b"..."[..], "…".as_bytes(), b"xxx", b"**"]
        .iter()
        .any(|e| contains_ci(cred, e))
}

/// True when a placeholder names a permanent API token rather than any token: a permanent
/// token's shape (`29841_c767...`), or `api key`, `api token` or `permanent` in it whatever
/// joins the words (`your-api-key`, `{YOUR_API_KEY}`, `<API token>`, `apiKey`). The checker
/// reads `Bearer <placeholder>` by the same rule.
pub fn names_permanent(cred: &[u8]) -> bool {
    lexicon::names_permanent(strip_quotes(cred.trim_ascii()))
}

/// Quotes around a scalar (`"…"`, `'…'`), removed.
fn strip_quotes(c: &[u8]) -> &[u8] {
    for q in [b'"', b'\''] {
        if c.len() >= 2 && c[0] == q && c[c.len() - 1] == q {
            return &c[1..c.len() - 1];
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in [
            "{YOUR_API_KEY}",
            "<token>",
            "your-api-key",
            "...",
            "…",
            "*****",
            "4***1",
            "xxxxx",
            "none",
            "dummy",
            "unused",
            "changeme",
            "My API Key",
            "add your api key",
            "1234$0d16599c",
            "29841_c767...",
            "1111$3ec8…9604e",
            "{{token}}",
            "ABC",
            "test",
            "0000",
            "'none'",
        ] {
            assert!(placeholder(p.as_bytes()), "{p}");
        }
        for p in [
            "29841",
            "29841_",
            "1234",
            "$GCORE_API_KEY",
            "${GCORE_API_KEY}",
            "29841_9757f22e4b42afe705eb381347c93cf6",
            "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
            "sk-live-abc123",
            "",
            // An empty wrapper, one character, a separator with no id, no separator.
            "<>",
            "x",
            "_abc",
            "$abc",
            "12ab",
            // Half a wrapper is no wrapper.
            "<29841_abc",
            "29841_abc>",
            "{29841_abc",
            "[29841_abc",
        ] {
            assert!(!placeholder(p.as_bytes()), "{p}");
        }
    }

    #[test]
    fn permanent_placeholders() {
        assert!(names_permanent(b"your-api-key"));
        assert!(names_permanent(b"{YOUR_API_KEY}"));
        assert!(names_permanent(b"29841_c767..."));
        assert!(names_permanent(b"<API token>"));
        assert!(names_permanent(b"my_apikey"));
        assert!(names_permanent(b"permanent-token"));
        assert!(!names_permanent(b"..."));
        assert!(!names_permanent(b"<token>"));
        assert!(!names_permanent(b"token"));
        assert!(!names_permanent(b"api"));
    }

    #[test]
    fn names() {
        for n in [
            "GCORE_API_KEY",
            "gcore_api_token",
            "GCLOUD_API_TOKEN",
            "CLOUD_API_KEY",
            "MY_GCORE_KEY",
            "gcore_apikey",
        ] {
            assert!(token_variable(n.as_bytes()), "{n}");
        }
        for n in [
            "GCORE_SSH_KEY",
            "gcore_storage_access_key",
            "GCORE_SSH_KEY_NAME",
            "GCORE_URL",
            "API_KEY",
            "gcore-api-key",
            "",
            "_",
        ] {
            assert!(!token_variable(n.as_bytes()), "{n}");
        }
        // At most 64 bytes of letters, digits and `_`.
        let long = |n: usize| {
            let mut name = [b'A'; 70];
            name[..6].copy_from_slice(b"GCORE_");
            name[n - 4..n].copy_from_slice(b"_KEY");
            token_variable(&name[..n])
        };
        assert!(long(64) && !long(65));
        assert!(!token_variable(b"GCORE API_KEY") && !token_variable(b"GCORE.API_KEY"));
        assert!(token_variable(b"gcloud_api_token") && !token_variable(b"cloud_token"));
        assert!(token_variable(b"GCORE__KEY") && !token_variable(b"GCORE_KEY_NAME"));
        // Trailing `_` end no word; the last word is what counts, in any letter case.
        assert!(token_variable(b"GCORE_KEY__") && token_variable(b"GCORE_API_KEY_"));
        assert!(token_variable(b"gcore_ApiToken") && token_variable(b"Gcore_Api_Token"));
        assert!(!token_variable(b"_") && !token_variable(b"KEY") && !token_variable(b"TOKEN_"));
        assert!(!token_variable(b"GCORE_KEYS") && !token_variable(b"GCORE_TOKENS_"));
        assert!(sdk_option(b"apiKey") && !sdk_option(b"api"));
        assert!(token_shape_at_start(b"29841_x") && token_shape_at_start(b"29841"));
        assert!(!token_shape_at_start(b"x29841") && !token_shape_at_start(b"29841-x"));
        assert!(!token_shape_at_start(b"_x") && !token_shape_at_start(b""));
        assert!(contains_token_shape(b"key=29841_c767") && !contains_token_shape(b"29841_c7"));
        assert!(alternative_header(b"x-api-key"));
        assert!(alternative_header(b"X-Auth-Token"));
        assert!(!alternative_header(b"Authorization"));
    }
}
