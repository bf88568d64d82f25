//! The JSON output: one object per input (JSON Lines when there are several).
//!
//! The field names and values are a contract read by other tools:
//! `input_kind`, `verdict`, `server_reply` (the exact reply text, or null when the API answers
//! without one), `reply_basis`, `diagnostics` (`code`, `severity`, `basis`, `message`, `help`,
//! `span` with byte offsets into the input, `fix`), `dropped`, `credential`, plus `input` (the
//! input as shown: escaped and redacted) and, for environment variables, `variable`.
//!
//! A diagnosis's `fix` is null, or its repair: `message`, `applicability`
//! (`machine-applicable` or `maybe-incorrect`) and `edits`, each a `span` of the input (byte
//! offsets; empty for an insertion) and the `replacement` text (empty for a deletion). The
//! replacement is fixed text, never bytes of the input: applying the edits in order gives the
//! fixed input, and prints no secret.

use gcore_auth::{Credential, Report, Separator, Span};
use serde::Serialize;

use super::{Origin, Shown};

/// One checked input.
#[derive(Debug, Serialize)]
pub struct Input<'a> {
    /// The environment variable the value was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable: Option<&'a str>,
    /// `line`, `value` or `token`.
    pub input_kind: &'static str,
    /// The input, escaped, with secrets redacted (huge inputs cut around the diagnoses).
    pub input: String,
    /// `accepted` or `rejected`.
    pub verdict: &'static str,
    /// The exact text the API is predicted to answer, if it answers with one.
    pub server_reply: Option<String>,
    /// The basis of the predicted reply (null when accepted).
    pub reply_basis: Option<&'static str>,
    /// The diagnoses, in the order the server meets them.
    pub diagnostics: Vec<Diagnostic>,
    /// How many diagnoses were found beyond those kept.
    pub dropped: usize,
    /// The credential found, if any.
    pub credential: Option<CredentialJson>,
}

/// One diagnosis.
#[derive(Debug, Serialize)]
pub struct Diagnostic {
    /// The catalogue code.
    pub code: &'static str,
    /// `error`, `warning` or `note`.
    pub severity: &'static str,
    /// `documented`, `library`, `inferred`, `rfc` or `policy`.
    pub basis: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The bytes of the input it is about.
    pub span: SpanJson,
    /// Its repair, when the right value is certain or likely.
    pub fix: Option<FixJson>,
}

/// A repair: edits of the input.
#[derive(Debug, Serialize)]
pub struct FixJson {
    /// What it does, in a few words.
    pub message: &'static str,
    /// `machine-applicable` (safe to apply unattended) or `maybe-incorrect` (likely, to be
    /// reviewed).
    pub applicability: &'static str,
    /// The edits, in input order, not overlapping.
    pub edits: Vec<EditJson>,
}

/// One edit: replace the bytes of `span` with `replacement`.
#[derive(Debug, Serialize)]
pub struct EditJson {
    /// The bytes of the input it replaces (empty: an insertion).
    pub span: SpanJson,
    /// What it puts there (fixed text; empty: a deletion).
    pub replacement: &'static str,
}

/// A byte range into the input.
#[derive(Debug, Serialize)]
pub struct SpanJson {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl From<Span> for SpanJson {
    fn from(span: Span) -> SpanJson {
        SpanJson {
            start: span.start,
            end: span.end,
        }
    }
}

/// The credential found, with its secret redacted.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum CredentialJson {
    /// A permanent API token.
    Permanent {
        /// The token id (escaped).
        id: String,
        /// `_`, `$` or null.
        separator: Option<char>,
        /// The first 4 characters of the secret, then `…`.
        secret: String,
        /// The length of the secret in bytes.
        secret_length: usize,
    },
    /// A JWT whose payload could be read.
    Jwt {
        /// `access`, `refresh`, `other` or `missing`.
        token_type: &'static str,
        /// The `exp` claim (Unix seconds).
        exp: Option<u64>,
    },
}

impl<'a> Input<'a> {
    /// The JSON form of a report.
    pub fn new<const N: usize>(report: &Report<'_, N>, origin: &Origin<'a>) -> Input<'a> {
        let reply = report.reply();
        Input {
            variable: match origin {
                Origin::Variable(name) => Some(name),
                _ => None,
            },
            input_kind: report.input_kind().as_str(),
            input: Shown::excerpt(
                report.input(),
                report.hidden(),
                &report.diagnostics().map(|d| d.span()).collect::<Vec<_>>(),
                super::human::MAX_SHOWN_BYTES,
            )
            .text()
            .to_owned(),
            verdict: if report.is_accepted() {
                "accepted"
            } else {
                "rejected"
            },
            server_reply: reply.has_text().then(|| report.reply_text().to_string()),
            reply_basis: report.reply_basis().map(|b| b.as_str()),
            diagnostics: report
                .diagnostics()
                .map(|d| Diagnostic {
                    code: d.code().as_str(),
                    severity: d.severity().as_str(),
                    basis: d.basis().as_str(),
                    message: d.message().to_string(),
                    help: d.help().to_string(),
                    span: d.span().into(),
                    fix: d.fix().map(|f| FixJson {
                        message: f.message(),
                        applicability: f.applicability().as_str(),
                        edits: f
                            .edits()
                            .iter()
                            .map(|e| EditJson {
                                span: e.span().into(),
                                replacement: e.text(),
                            })
                            .collect(),
                    }),
                })
                .collect(),
            dropped: report.dropped(),
            credential: report.credential().and_then(|c| match c {
                Credential::Permanent(t) => Some(CredentialJson::Permanent {
                    id: gcore_auth::Escaped(t.id().as_bytes()).to_string(),
                    separator: t.separator().map(Separator::as_char),
                    secret: t.secret().to_string(),
                    secret_length: t.secret().len(),
                }),
                Credential::Jwt(j) => Some(CredentialJson::Jwt {
                    token_type: j.token_type().as_str(),
                    exp: j.exp(),
                }),
                // A kind of credential this output has no form for yet.
                _ => None,
            }),
        }
    }
}

/// Renders a report as one line of JSON (without the line ending).
///
/// ```
/// use gcore_auth_lint::render::{Origin, json};
///
/// let report = gcore_auth::check_input(b"APIKey 29841");
/// let line = json::render(&report, &Origin::Argument)?;
/// let value: serde_json::Value = serde_json::from_str(&line)?;
/// assert_eq!(value["verdict"], "rejected");
/// assert_eq!(value["server_reply"], "Bad permanent token: 29841");
/// assert_eq!(value["diagnostics"][0]["code"], "token-truncated");
/// // Which part of a token arrived is known, not the rest of it: no fix.
/// assert_eq!(value["diagnostics"][0]["fix"], serde_json::Value::Null);
///
/// let report = gcore_auth::check_input(b"apikey  29841");
/// let value: serde_json::Value = serde_json::from_str(&json::render(&report, &Origin::Argument)?)?;
/// assert_eq!(
///     value["diagnostics"][0]["fix"],
///     serde_json::json!({
///         "message": "use one space after the scheme",
///         "applicability": "machine-applicable",
///         "edits": [{"span": {"start": 6, "end": 8}, "replacement": " "}]
///     })
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn render<const N: usize>(
    report: &Report<'_, N>,
    origin: &Origin<'_>,
) -> serde_json::Result<String> {
    serde_json::to_string(&Input::new(report, origin))
}
