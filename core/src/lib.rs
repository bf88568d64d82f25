//! Offline checks of Gcore API `Authorization` headers: what the API would answer, and why.
//!
//! Every Gcore API call carries `Authorization: APIKey <id>_<secret>` (legacy tokens
//! `<id>$<secret>`; short-lived JWTs go with `Bearer`). This crate recognises the ways people
//! get that wrong, without any network access: it names each mistake with a stable
//! [`Code`], points at the bytes, predicts the API's reply and says how sure that prediction
//! is ([`Basis`]). It never prints a secret: every output shows at most a token's id, its
//! separator and the first 4 characters of its secret.
//!
//! `#![no_std]`, no allocation, no `unsafe`. Two phases: a table-driven fast path, which
//! answers [`is_accepted`] and builds the report of the commonest shapes directly (a
//! well-formed value; a permanent token after `Bearer` or another known scheme; `APIKey` with
//! only an id, a variable reference or a placeholder; the empty value), and a nom-based
//! diagnosis pass for everything else. Both give the same [`Report`] for every input they
//! share.
//!
//! ```
//! use gcore_auth::{check, check_line, Code, ReplyKind};
//!
//! let secret = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366";
//! let good = format!("APIKey 29841_{secret}{secret}");
//! assert!(check(good.as_bytes()).is_accepted());
//! assert!(gcore_auth::is_accepted(good.as_bytes()));
//!
//! // A legacy token in double quotes: the shell kept only the id.
//! let report = check(b"APIKey 29841");
//! assert!(!report.is_accepted());
//! assert_eq!(report.diagnostics()[0].code(), Code::TokenTruncated);
//! assert_eq!(report.server_reply().to_string(), "Bad permanent token: 29841");
//!
//! // A permanent token sent with Bearer.
//! let line = format!("Authorization: Bearer 29841_{secret}{secret}");
//! let report = check_line(line.as_bytes());
//! assert!(report.has(Code::SchemeBearer));
//! assert_eq!(report.server_reply().kind(), ReplyKind::NotValidForAnyTokenType);
//! assert!(!report.to_string().contains(&secret[4..12]));
//! ```
#![no_std]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(test)]
extern crate std;

/// The README's example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

mod class;
mod code;
mod detail;
mod fast;
mod hide;
mod jwt;
mod parse;
mod policy;
mod redact;
mod report;
mod time;
mod unicode;
mod view;

pub use code::{Basis, Code, Entry, Severity};
pub use hide::Hidden;
pub use parse::{is_header_line, permanent_name};
pub use policy::Policy;
pub use redact::{Escaped, HEX_RUN_REDACTED, Redacted, SHOWN_SECRET_CHARS, TokenEcho};
pub use report::{
    Credential, Diagnostic, InputKind, JwtClaims, MAX_DIAGNOSTICS, PermanentToken, ReplyKind,
    Report, Separator, ServerReply, Span, TokenType, Verdict,
};

/// The environment variables real tools read a Gcore token from, `GCORE_API_KEY` first.
///
/// `GCORE_API_KEY`: gcore-python, gcore-go, terraform provider v2, the docs;
/// `GCORE_PERMANENT_TOKEN`: terraform provider v0; `GCORE_PERMANENT_API_TOKEN`: lego,
/// external-dns; `GCORE_APIKEY`: gcore-cli; `GCLOUD_API_TOKEN`: gcorelabscloud-go;
/// `CLOUD_API_KEY`: the ansible collection; `GCORE_TOKEN`: octodns-gcore; `GCORE_API_TOKEN`:
/// FastEdge tooling.
pub const TOKEN_VARIABLES: &[&str] = &[
    "GCORE_API_KEY",
    "GCORE_PERMANENT_TOKEN",
    "GCORE_PERMANENT_API_TOKEN",
    "GCORE_APIKEY",
    "GCLOUD_API_TOKEN",
    "CLOUD_API_KEY",
    "GCORE_TOKEN",
    "GCORE_API_TOKEN",
];

/// Checks a header value (`APIKey 29841_…`) with [`Policy::DEFAULT`] (no clock).
///
/// ```
/// let report = gcore_auth::check(b"Token 29841_c767");
/// assert_eq!(report.diagnostics()[0].code().as_str(), "scheme-unknown");
/// assert_eq!(report.server_reply().to_string(), "Authentication credentials were not provided.");
/// ```
#[inline]
pub fn check(value: &[u8]) -> Report<'_> {
    Policy::DEFAULT.check(value)
}

/// Checks a whole `Name: value` header line with [`Policy::DEFAULT`].
///
/// ```
/// let report = gcore_auth::check_line(b"Authorisation: APIKey 29841_c767");
/// assert_eq!(report.diagnostics()[0].code().as_str(), "header-name-wrong");
/// ```
#[inline]
pub fn check_line(line: &[u8]) -> Report<'_> {
    Policy::DEFAULT.check_line(line)
}

/// Checks a bare token where only a token is expected (an environment variable, an SDK's
/// `api_key`) with [`Policy::DEFAULT`]; adds `token-includes-scheme` when it starts with one.
///
/// ```
/// let report = gcore_auth::check_token(b"APIKey 29841");
/// let codes: Vec<_> = report.diagnostics().iter().map(|d| d.code().as_str()).collect();
/// assert_eq!(codes, ["token-includes-scheme", "token-truncated"]);
/// ```
#[inline]
pub fn check_token(token: &[u8]) -> Report<'_> {
    Policy::DEFAULT.check_token(token)
}

/// Checks a header line when the input looks like one ([`is_header_line`]), else a value.
pub fn check_input(input: &[u8]) -> Report<'_> {
    Policy::DEFAULT.check_input(input)
}

/// The fast path: for every input equal to `check(value).is_accepted()`.
///
/// ```
/// assert!(!gcore_auth::is_accepted(b"Bearer 29841_c767"));
/// ```
pub fn is_accepted(value: &[u8]) -> bool {
    Policy::DEFAULT.is_accepted(value)
}
