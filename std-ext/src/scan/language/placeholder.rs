//! Placeholders in files: what documentation and tests write where a reader puts a real token.
//!
//! `check` calls each of these an error, because the API would reject it; in a file they are a
//! note at most (`token-placeholder`), and the other diagnoses of the credential (its charset,
//! its length, a `…` that is not ASCII, a `{NAME}` that no language expands) say nothing more.

/// True when `cred` (a credential as written in a file, after any scheme) is a placeholder
/// ([`gcore_auth::vocab::placeholder`]: the checker's words).
pub(crate) fn placeholder(cred: &[u8]) -> bool {
    gcore_auth::vocab::placeholder(cred)
}

/// True when a placeholder names a permanent API key rather than any token
/// ([`gcore_auth::vocab::names_permanent`]).
pub(crate) fn names_permanent(cred: &[u8]) -> bool {
    gcore_auth::vocab::names_permanent(cred)
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
