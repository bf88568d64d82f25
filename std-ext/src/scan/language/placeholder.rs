//! Placeholders in files: what documentation and tests write where a reader puts a real token.
//!
//! `check` calls each of these an error, because the API would reject it; in a file they are a
//! note at most (`token-placeholder`), and the other diagnoses of the credential (its charset,
//! its length, a `…` that is not ASCII, a `{NAME}` that no language expands) say nothing more.

/// Words that stand for a key when they are the whole credential.
const WORDS: &[&str] = &[
    "none",
    "null",
    "nil",
    "dummy",
    "unused",
    "fake",
    "test",
    "testing",
    "example",
    "sample",
    "placeholder",
    "changeme",
    "change-me",
    "change_me",
    "redacted",
    "secret",
    "token",
    "key",
    "apikey",
    "api-key",
    "api_key",
    "xxx",
    "foo",
    "bar",
    "abc",
    "todo",
    "tbd",
];

/// Parts of a word that make it a name for a key rather than a key.
const NAMING: &[&str] = &[
    "your", "my_", "my-", "key", "token", "secret", "here", "insert",
];

/// True when `cred` (a credential as written in a file, after any scheme) is a placeholder:
/// an elision (`...`, `…`, `xxxx`, `****`, `4***1`), a wrapped name (`<token>`, `[key]`,
/// `{YOUR_API_KEY}`, `{{token}}`), a word that names a key (`your-api-key`, `My API Key`,
/// `none`, `dummy`, `unused`), a value of one repeated character, a short number, or an
/// obviously short example token (`1234$0d16599c`: a secret of fewer than 32 characters).
pub(crate) fn placeholder(cred: &[u8]) -> bool {
    let c = cred.trim_ascii();
    let c = strip_quotes(c);
    if c.is_empty() {
        return false;
    }
    if elided(c) {
        return true;
    }
    let lower = c.to_ascii_lowercase();
    let has = |n: &[u8]| lower.windows(n.len()).any(|w| w == n);
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
    if WORDS.iter().any(|w| lower == w.as_bytes()) {
        return true;
    }
    // Words of letters that name a key: `YOUR_API_KEY`, `api-token`, `My API Key`.
    let letters = c
        .iter()
        .all(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'-' | b' '));
    if letters && NAMING.iter().any(|n| has(n.as_bytes())) {
        return true;
    }
    if c.iter().all(|&b| b == c[0]) && c.len() > 1 {
        return true;
    }
    // A short number (`1234`, `123`) or a short example token.
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

/// True when a credential leaves part of itself out (`...`, `…`, `xxxx`, `****`).
pub(crate) fn elided(cred: &[u8]) -> bool {
    let lower = cred.to_ascii_lowercase();
    let has = |n: &[u8]| lower.windows(n.len()).any(|w| w == n);
    has(b"...") || has("…".as_bytes()) || has(b"xxx") || has(b"**")
}

/// True when a placeholder names a permanent API key rather than any token: `your-api-key`,
/// `{YOUR_API_KEY}`, `<api-key>`, `29841_c767...` (a permanent token's shape).
pub(crate) fn names_permanent(cred: &[u8]) -> bool {
    let c = strip_quotes(cred.trim_ascii());
    let id = c.iter().take_while(|b| b.is_ascii_digit()).count();
    if id > 0 && matches!(c.get(id), Some(b'_' | b'$')) {
        return true;
    }
    let lower: Vec<u8> = c
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(u8::to_ascii_lowercase)
        .collect();
    let has = |n: &[u8]| lower.windows(n.len()).any(|w| w == n);
    has(b"apikey") || has(b"permanent") || has(b"apitoken")
}

/// Quotes around a scalar (`"…"`, `'…'`), removed.
pub(crate) fn strip_quotes(c: &[u8]) -> &[u8] {
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
        assert!(!names_permanent(b"..."));
        assert!(!names_permanent(b"<token>"));
        assert!(!names_permanent(b"token"));
    }
}
