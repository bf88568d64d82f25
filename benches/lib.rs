//! Inputs shared by the benchmarks of `gcore-auth`, the regular expressions they are
//! measured against, and ([`props`]) the properties the fuzz targets check.
//!
//! Every input is built here, once, so the benchmarks, the tests that pin what each input is
//! (`tests/cases.rs`) and the ratio table agree on what was measured. The fuzz targets (in
//! `../fuzz`) call [`props`], and so do the regression tests of every input they found
//! (`tests/fuzz_regressions.rs`).
//!
//! ```
//! let valid = gcore_auth_benches::valid_value();
//! assert_eq!(valid.len(), 141);
//! assert!(gcore_auth::is_accepted(&valid));
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use gcore_auth::Code;

pub mod corpus;
pub mod props;

/// The verdict of a report that is kept alive whole: `black_box` sees its address, so every
/// field must be built even where only the verdict is read. Taken by reference, so the report
/// is not copied on the way.
#[inline(always)]
pub fn built<const N: usize>(report: &gcore_auth::Report<'_, N>) -> bool {
    std::hint::black_box(report);
    report.is_accepted()
}

/// The baseline: what a hand-written validator would match a header value against.
pub const VALUE_PATTERN: &str = r"^(?i:apikey) [0-9]+[_$][0-9a-f]{128}$";

/// The baseline for whole header lines.
pub const LINE_PATTERN: &str = r"^(?i:authorization):[ \t]*(?i:apikey) [0-9]+[_$][0-9a-f]{128}$";

/// What a pattern-only secret scanner looks for: the shape of a permanent token.
pub const TOKEN_SHAPE_PATTERN: &str = r"[0-9]+[_$][0-9a-f]{32,}";

/// A 128-character lowercase hex secret (random, never a real token).
pub const SECRET: &str = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366\
                          cdcf1ba1cde11df51cf198d4af1124d30269bfb42bc7ec02e5f2a25212efcef3";

/// The token id used in every input.
pub const ID: &str = "29841";

/// One benchmark input: a name (the criterion parameter), the bytes, and what a check must
/// find in it (`None`: accepted with no diagnosis).
#[derive(Clone, Debug)]
pub struct Case {
    /// The criterion parameter: short, kebab-case, stable across runs.
    pub name: &'static str,
    /// The bytes checked.
    pub input: Vec<u8>,
    /// The first diagnosis the check reports, `None` for a clean accepted input.
    pub first_code: Option<Code>,
    /// Whether the check accepts the input.
    pub accepted: bool,
}

impl Case {
    fn new(name: &'static str, input: impl Into<Vec<u8>>, first_code: Option<Code>) -> Case {
        let accepted = first_code.is_none();
        Case {
            name,
            input: input.into(),
            first_code,
            accepted,
        }
    }
}

/// `APIKey 29841_<128 lowercase hex>`: the canonical well-formed value, 141 bytes.
pub fn valid_value() -> Vec<u8> {
    format!("APIKey {ID}_{SECRET}").into_bytes()
}

/// The header values of the `validate` group: the valid value first, then one value for each
/// class of invalid input.
pub fn value_cases() -> Vec<Case> {
    let valid = String::from_utf8(valid_value()).expect("ASCII");
    let mut upper = valid.clone();
    upper.replace_range(valid.len() - 16.., &SECRET[112..].to_ascii_uppercase());
    vec![
        Case::new("valid", valid.clone(), None),
        Case::new(
            "bearer-permanent",
            format!("Bearer {ID}_{SECRET}"),
            Some(Code::SchemeBearer),
        ),
        Case::new(
            "truncated",
            format!("APIKey {ID}"),
            Some(Code::TokenTruncated),
        ),
        Case::new(
            "zero-width-space",
            format!("APIKey\u{200b} {ID}_{SECRET}"),
            Some(Code::NonAscii),
        ),
        Case::new(
            "trailing-newline",
            format!("{valid}\n"),
            Some(Code::ControlCharacter),
        ),
        Case::new("uppercase-hex", upper, Some(Code::TokenSecretCharset)),
        Case::new(
            "placeholder",
            "APIKey 29841_c767...",
            Some(Code::TokenPlaceholder),
        ),
        Case::new(
            "unknown-scheme",
            format!("Token {ID}_{SECRET}"),
            Some(Code::SchemeUnknown),
        ),
        Case::new(
            "unexpanded-variable",
            "APIKey $GCORE_API_KEY",
            Some(Code::TokenVariable),
        ),
        Case::new("empty", "", Some(Code::CredentialsEmpty)),
    ]
}

/// The header lines of the `line` group.
pub fn line_cases() -> Vec<Case> {
    let valid = String::from_utf8(valid_value()).expect("ASCII");
    vec![
        Case::new("valid", format!("Authorization: {valid}"), None),
        Case::new(
            "misspelled-name",
            format!("Authorisation: {valid}"),
            Some(Code::HeaderNameWrong),
        ),
        Case::new(
            "other-header",
            format!("X-API-Key: {ID}_{SECRET}"),
            Some(Code::HeaderNameWrong),
        ),
        Case::new(
            "bearer-permanent",
            format!("Authorization: Bearer {ID}_{SECRET}"),
            Some(Code::SchemeBearer),
        ),
        Case::new(
            "truncated",
            format!("Authorization: APIKey {ID}"),
            Some(Code::TokenTruncated),
        ),
        Case::new(
            "no-colon",
            format!("Authorization {valid}"),
            Some(Code::HeaderSyntax),
        ),
    ]
}
