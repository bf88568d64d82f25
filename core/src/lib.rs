//! Offline checks of Gcore API `Authorization` headers: what the API would answer, and why.
//!
//! Every Gcore API call carries `Authorization: APIKey <id>_<secret>` (legacy tokens
//! `<id>$<secret>`; short-lived JWTs go with `Bearer`). This crate recognises the ways people
//! get that wrong, without any network access: it names each mistake with a stable
//! [`Code`], points at the bytes, predicts the API's reply and says how sure that prediction
//! is ([`Basis`]). It never prints a secret: every output shows at most a token's id, its
//! separator and the first 4 characters of its secret.
//!
//! `#![no_std]`, no allocation, no `unsafe`. One diagnosis pass builds every [`Report`]; the
//! boolean [`is_accepted`] answers from the bytes alone where they decide (the well-formed
//! value and the commonest mistakes) and asks that pass otherwise.
//!
//! # Fixes
//!
//! A diagnosis whose right value is certain or likely carries its repair:
//! [`Diagnostic::fix`] gives one or two [`Edit`]s of fixed text (a scheme word, a header name,
//! a space, or nothing) and an [`Applicability`] in rustc's sense. A fix never changes a byte
//! of a secret and never carries bytes of the input. A fix waits while the input has pasted or
//! control characters, whose own fixes come first, because they change how the rest reads;
//! applying fixes round by round, each round the ones that do not overlap, settles.
//!
//! # Footprint
//!
//! A [`Report`] borrows its input and keeps up to [`DEFAULT_CAPACITY`] (8) diagnoses in at
//! most 256 bytes; a larger capacity costs 16 bytes per diagnosis (`Report<'_, 32>`, built
//! with [`Policy::diagnose`]). A check needs no heap and little stack: the JWT payload is
//! decoded as its JSON is read, and an input is copied (into a 256-byte buffer, on the stack
//! of that path alone) only when it holds characters that must be read as something else,
//! such as a no-break space. A longer input with such characters is read as it is: each
//! character is still diagnosed, but the structure around it is read from the raw bytes. The
//! peak stack of [`check_input`], the returned report included, is measured by
//! `cargo run --release -p gcore-auth-benches --example footprint` over inputs that take every
//! path: under 2 KiB on x86-64 (about 1 KiB for a well-formed value, 1.5 KiB for a JWT, 2 KiB
//! for a value that needs cleaning). A Cortex-M4F binary that calls it links under 20 KiB of
//! `.text` and `.rodata` at `opt-level = "s"` (`.ci/footprint`).
//!
//! # Stability
//!
//! Code names ([`Code::as_str`]) are never renamed. The enums that may grow ([`Code`],
//! [`Reply`], [`Basis`], [`Credential`]) and the catalogue [`Entry`] are `#[non_exhaustive]`;
//! those that name a closed set ([`Severity`], [`InputKind`], [`Separator`], [`TokenType`]) are
//! not.
//!
//! # Features
//!
//! Both off by default, both without allocation: `serde` serializes reports, diagnoses,
//! credentials and codes; `defmt` formats codes and reports for embedded loggers.
//!
//! ```
//! use gcore_auth::{check, check_line, Code, Reply};
//!
//! let secret = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366";
//! let good = format!("APIKey 29841_{secret}{secret}");
//! assert!(check(good.as_bytes()).is_accepted());
//! assert!(gcore_auth::is_accepted(good.as_bytes()));
//!
//! // A legacy token in double quotes: the shell kept only the id.
//! let report = check(b"APIKey 29841");
//! assert!(!report.is_accepted());
//! assert_eq!(report.diagnostics().next().unwrap().code(), Code::TokenTruncated);
//! assert_eq!(report.reply_text().to_string(), "Bad permanent token: 29841");
//!
//! // A permanent token sent with Bearer.
//! let line = format!("Authorization: Bearer 29841_{secret}{secret}");
//! let report = check_line(line.as_bytes());
//! assert!(report.has(Code::SchemeBearer));
//! assert_eq!(report.reply(), Reply::NotValidForAnyTokenType);
//! assert!(!report.to_string().contains(&secret[4..12]));
//! ```
#![no_std]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(test)]
extern crate std;

/// The crate README's examples run as doctests (it is packaged with the crate).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

// The layers, lowest first; a module uses only modules of lower layers (a test reads the
// sources and holds every `crate::` path to this order):
//
// 0. bytes, characters and dates: `class`, `unicode`, `time`
// 1. vocabulary: `base` (spans, input kinds), `code` (codes, severities, replies), `policy`
// 2. input view and lexicon: `view` (the characters pass), `lexicon` (words as data)
// 3. grammar: `grammar::{line, value, token, jwt}`, and the accept classifier `accept`
// 4. diagnosis: `diagnosis` (what each finding is) and `diagnosis::pass` (the pass)
// 5. report: `report` (the compact report, its diagnoses and credential, the checks), and
//    `fix` (the repair a diagnosis carries)
// 6. rendering and redaction: `hide` (the rule), `redact` (escaped output), `text` (messages),
//    `serial` (the optional serde and defmt formats)
mod class;
mod time;
mod unicode;

mod base;
mod code;
mod policy;

mod lexicon;
mod view;
pub mod vocab;

mod accept;
mod grammar;

mod diagnosis;

mod report;

mod fix;

mod hide;
mod redact;
mod serial;
mod text;

pub use base::{InputKind, Separator, Span, TokenType};
pub use code::{Basis, Code, Entry, Reply, Severity};
pub use fix::{Applicability, Edit, Fix, Pieces};
pub use hide::{Hidden, SHOWN_SECRET_CHARS};
pub use lexicon::TOKEN_VARIABLES;
pub use policy::Policy;
pub use redact::Escaped;
/// For `gcore-auth-lint`, which echoes tokens it finds in files; not part of the stable API.
#[doc(hidden)]
pub use redact::TokenEcho;
pub use report::{
    Credential, DEFAULT_CAPACITY, Diagnostic, Diagnostics, JwtClaims, PermanentToken, Redacted,
    Report,
};
pub use text::ReplyText;

/// For `gcore-auth-lint`; not part of the stable API. True for a variable name that holds a
/// permanent token: one of [`TOKEN_VARIABLES`], or a
/// name containing `API_KEY`, `APIKEY`, `API-KEY` or `PERMANENT` (any letter case).
///
/// ```
/// use gcore_auth::permanent_name;
/// assert!(permanent_name(b"GCORE_API_KEY"));
/// assert!(permanent_name(b"GCLOUD_API_TOKEN"));
/// assert!(permanent_name(b"my_apikey"));
/// assert!(!permanent_name(b"ACCESS_TOKEN"));
/// ```
#[doc(hidden)]
pub fn permanent_name(name: &[u8]) -> bool {
    lexicon::permanent_name(name)
}

/// Checks a header value (`APIKey 29841_…`) with [`Policy::DEFAULT`] (no clock).
///
/// ```
/// let report = gcore_auth::check(b"Token 29841_c767");
/// assert_eq!(report.diagnostics().next().unwrap().code().as_str(), "scheme-unknown");
/// assert_eq!(report.reply_text().to_string(), "Authentication credentials were not provided.");
/// ```
#[inline]
pub fn check(value: &[u8]) -> Report<'_> {
    Policy::DEFAULT.check(value)
}

/// Checks a whole `Name: value` header line with [`Policy::DEFAULT`].
///
/// ```
/// let report = gcore_auth::check_line(b"Authorisation: APIKey 29841_c767");
/// assert_eq!(report.diagnostics().next().unwrap().code().as_str(), "header-name-wrong");
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
/// let codes: Vec<_> = report.diagnostics().map(|d| d.code().as_str()).collect();
/// assert_eq!(codes, ["token-includes-scheme", "token-truncated"]);
/// ```
#[inline]
pub fn check_token(token: &[u8]) -> Report<'_> {
    Policy::DEFAULT.check_token(token)
}

/// Checks a header line when the input looks like one ([`InputKind::of`]), else a value.
pub fn check_input(input: &[u8]) -> Report<'_> {
    Policy::DEFAULT.check_input(input)
}

/// Whether the API accepts the value: for every input equal to `check(value).is_accepted()`,
/// and faster where the bytes alone decide it (no report is built then).
///
/// ```
/// assert!(!gcore_auth::is_accepted(b"Bearer 29841_c767"));
/// ```
pub fn is_accepted(value: &[u8]) -> bool {
    Policy::DEFAULT.is_accepted(value)
}
