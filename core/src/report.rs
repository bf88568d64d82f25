//! The result of a check: the diagnoses, the predicted reply and the credential, in a compact
//! report whose diagnosis capacity the caller chooses; and the checks that build it.

use crate::base::{InputKind, MAX_INPUT, Separator, Span, Span32, TokenType};
use crate::code::{Basis, Code, Reply, Severity};
use crate::diagnosis::{Cred, Diag, Facts, Sink, pass};
use crate::policy::Policy;

/// How many diagnoses a [`Report`] keeps unless its type says otherwise; further ones are
/// counted in [`Report::dropped`]. At most 255 can be asked for.
pub const DEFAULT_CAPACITY: usize = 8;

/// The result of a check, keeping up to `N` diagnoses ([`DEFAULT_CAPACITY`] by default). Its
/// `Display` renders a plain-text report without allocating, and like every other output never
/// shows more of a secret than its first 4 characters.
///
/// A report is small (at most 256 bytes at the default capacity, 16 bytes more per extra
/// diagnosis) and borrows the input: each diagnosis stores only its kind and span, and what
/// it quotes is read back from the input when it is rendered.
#[derive(Clone)]
pub struct Report<'a, const N: usize = DEFAULT_CAPACITY> {
    pub(crate) input: &'a [u8],
    pub(crate) kind: InputKind,
    pub(crate) diags: heapless::Vec<Diag, N, u8>,
    pub(crate) facts: Facts,
}

/// Saturates a length to `u32` for the facts a message quotes.
fn sat(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a, const N: usize> Report<'a, N> {
    /// Runs the diagnosis pass over `input` (its first 4 GiB) under `policy`.
    #[inline(always)]
    pub(crate) fn build(policy: &Policy, input: &'a [u8], kind: InputKind) -> Report<'a, N> {
        let input = input.get(..MAX_INPUT).unwrap_or(input);
        let mut report = Report {
            input,
            kind,
            diags: heapless::Vec::new(),
            facts: Facts {
                reply: None,
                echo: Span32::default(),
                echo_secret: u32::MAX,
                secret: None,
                cred: Cred::None,
                clock: policy.clock(),
                min: sat(policy.truncation_threshold()),
                expected: sat(policy.expected_secret_len()),
                dropped: 0,
                kind,
                line_unsure: false,
            },
        };
        report.fill(policy);
        report
    }

    /// Fills an empty report in place.
    #[inline(never)]
    fn fill(&mut self, policy: &Policy) {
        let mut sink = Sink {
            diags: self.diags.as_mut_view(),
            facts: &mut self.facts,
        };
        pass::run(policy, self.input, self.kind, &mut sink);
    }

    /// The checked input.
    pub const fn input(&self) -> &'a [u8] {
        self.input
    }

    /// What kind of input was checked.
    pub const fn input_kind(&self) -> InputKind {
        self.kind
    }

    /// True when no diagnosis is an error. Accepted never means "this token works": a deleted
    /// or expired token is only known to the API.
    pub const fn is_accepted(&self) -> bool {
        self.facts.reply.is_none()
    }

    /// The predicted reply: that of the first error in the order the server meets them
    /// (characters the client refuses, header name, scheme, credentials), or
    /// [`Reply::Accepted`]. [`Report::reply_text`] gives its exact text.
    pub const fn reply(&self) -> Reply {
        match self.facts.reply {
            Some(d) => d.judgement().2,
            None => Reply::Accepted,
        }
    }

    /// The basis of the predicted reply (`None` when accepted).
    pub const fn reply_basis(&self) -> Option<Basis> {
        match self.facts.reply {
            Some(d) => Some(d.judgement().1),
            None => None,
        }
    }

    /// Every diagnosis kept, in the order the server meets them.
    pub fn diagnostics(&self) -> Diagnostics<'_> {
        Diagnostics {
            input: self.input,
            facts: &self.facts,
            iter: self.diags.iter(),
        }
    }

    /// How many diagnoses did not fit in the report (the first ones are kept), or were beyond
    /// the 4 kept of each character code.
    pub const fn dropped(&self) -> usize {
        self.facts.dropped as usize
    }

    /// True when a diagnosis with this code is kept.
    pub fn has(&self, code: Code) -> bool {
        self.diags.iter().any(|d| d.detail.code() == code)
    }

    /// The credential found, if any.
    pub fn credential(&self) -> Option<Credential<'a>> {
        let input = self.input;
        match self.facts.cred {
            Cred::None => None,
            Cred::Permanent {
                span,
                separator,
                id_end,
                secret_start,
            } => {
                let span = span.wide();
                let id = &input[span.start..id_end as usize];
                Some(Credential::Permanent(PermanentToken {
                    // A malformed id may be anything; only valid UTF-8 is given as text.
                    id: core::str::from_utf8(id).unwrap_or(""),
                    separator,
                    secret: Redacted::new(&input[(secret_start as usize).min(span.end)..span.end]),
                    span,
                }))
            }
            Cred::Jwt {
                span,
                token_type,
                exp,
            } => Some(Credential::Jwt(JwtClaims {
                token_type,
                exp,
                span: span.wide(),
            })),
        }
    }

    /// The bytes of the input that hold secret material beyond what may be shown (the secret
    /// of a permanent token after its first 4 characters). Renderers of the input hide them.
    pub fn secret_span(&self) -> Option<Span> {
        self.facts.secret.map(Span32::wide)
    }
}

/// The diagnoses of a report, in order ([`Report::diagnostics`]).
#[derive(Clone)]
pub struct Diagnostics<'r> {
    input: &'r [u8],
    facts: &'r Facts,
    iter: core::slice::Iter<'r, Diag>,
}

impl Diagnostics<'_> {
    /// True when there is no diagnosis left.
    pub fn is_empty(&self) -> bool {
        self.iter.len() == 0
    }
}

impl<'r> Iterator for Diagnostics<'r> {
    type Item = Diagnostic<'r>;

    fn next(&mut self) -> Option<Diagnostic<'r>> {
        let diag = self.iter.next()?;
        Some(Diagnostic {
            input: self.input,
            facts: self.facts,
            diag,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }
}

impl DoubleEndedIterator for Diagnostics<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let diag = self.iter.next_back()?;
        Some(Diagnostic {
            input: self.input,
            facts: self.facts,
            diag,
        })
    }
}

impl ExactSizeIterator for Diagnostics<'_> {}

impl core::iter::FusedIterator for Diagnostics<'_> {}

/// One diagnosis of a report: a code with its severity, basis, predicted reply and the bytes
/// it is about. Its `Display` is `error[token-truncated]: message`, like rustc's first line.
#[derive(Clone, Copy)]
pub struct Diagnostic<'r> {
    pub(crate) input: &'r [u8],
    pub(crate) facts: &'r Facts,
    pub(crate) diag: &'r Diag,
}

impl Diagnostic<'_> {
    /// The catalogue code.
    pub const fn code(&self) -> Code {
        self.diag.detail.code()
    }

    /// Error, warning or note.
    pub const fn severity(&self) -> Severity {
        self.diag.detail.judgement().0
    }

    /// How far the diagnosis and its reply can be trusted.
    pub const fn basis(&self) -> Basis {
        self.diag.detail.judgement().1
    }

    /// The reply this diagnosis alone would cause.
    pub const fn reply(&self) -> Reply {
        self.diag.detail.judgement().2
    }

    /// The bytes of the input it is about.
    pub const fn span(&self) -> Span {
        self.diag.span.wide()
    }
}

/// A secret: `Display` and `Debug` show its first 4 characters and `…`.
///
/// ```
/// # use gcore_auth::{check, Credential};
/// let secret = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366";
/// let value = format!("APIKey 29841_{secret}{secret}");
/// let report = check(value.as_bytes());
/// let Some(Credential::Permanent(token)) = report.credential() else { panic!() };
/// assert_eq!(token.secret().to_string(), "e330…");
/// assert_eq!(token.secret().len(), 128);
/// assert_eq!(token.to_string(), "29841_e330…");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted<'a> {
    pub(crate) bytes: &'a [u8],
}

impl<'a> Redacted<'a> {
    pub(crate) const fn new(bytes: &'a [u8]) -> Redacted<'a> {
        Redacted { bytes }
    }

    /// The length of the secret in bytes.
    pub const fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True for an empty secret.
    pub const fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// A permanent API token as parsed: id, separator and the secret, which never prints whole.
/// Its id prints through the redaction rule too: when the token is malformed, what stands
/// before the separator can be anything, a secret included.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PermanentToken<'a> {
    pub(crate) id: &'a str,
    pub(crate) separator: Option<Separator>,
    pub(crate) secret: Redacted<'a>,
    pub(crate) span: Span,
}

impl<'a> PermanentToken<'a> {
    /// The token id (the digits before the separator; may be empty or odd when invalid).
    pub const fn id(&self) -> &'a str {
        self.id
    }

    /// The separator, if the token has one.
    pub const fn separator(&self) -> Option<Separator> {
        self.separator
    }

    /// The secret, redacted: its `Display` and `Debug` show the first 4 characters and `…`.
    pub const fn secret(&self) -> Redacted<'a> {
        self.secret
    }

    /// The bytes of the whole token in the input.
    pub const fn span(&self) -> Span {
        self.span
    }
}

/// What was read from a JWT's payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct JwtClaims {
    pub(crate) token_type: TokenType,
    pub(crate) exp: Option<u64>,
    pub(crate) span: Span,
}

impl JwtClaims {
    /// The `token_type` claim.
    pub const fn token_type(&self) -> TokenType {
        self.token_type
    }

    /// The `exp` claim (Unix seconds), if present and a whole number.
    pub const fn exp(&self) -> Option<u64> {
        self.exp
    }

    /// The bytes of the whole JWT in the input.
    pub const fn span(&self) -> Span {
        self.span
    }
}

/// The credential found in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credential<'a> {
    /// A permanent API token (`<id>_<secret>` or `<id>$<secret>`), possibly malformed.
    Permanent(PermanentToken<'a>),
    /// A JWT whose payload could be read.
    Jwt(JwtClaims),
}

impl Credential<'_> {
    /// The bytes of the credential in the input.
    pub const fn span(&self) -> Span {
        match self {
            Credential::Permanent(t) => t.span,
            Credential::Jwt(j) => j.span,
        }
    }
}

impl Policy {
    /// Checks a header value (`APIKey 29841_…`) under this policy.
    #[inline]
    pub fn check<'a>(&self, value: &'a [u8]) -> Report<'a> {
        Report::build(self, value, InputKind::Value)
    }

    /// Checks a whole header line (`Authorization: APIKey 29841_…`) under this policy.
    #[inline]
    pub fn check_line<'a>(&self, line: &'a [u8]) -> Report<'a> {
        Report::build(self, line, InputKind::Line)
    }

    /// Checks a bare token, as found in an environment variable, under this policy.
    #[inline]
    pub fn check_token<'a>(&self, token: &'a [u8]) -> Report<'a> {
        Report::build(self, token, InputKind::Token)
    }

    /// Checks a header line when the input looks like one ([`InputKind::of`]), else a header
    /// value.
    pub fn check_input<'a>(&self, input: &'a [u8]) -> Report<'a> {
        self.diagnose(input, InputKind::of(input))
    }

    /// Checks `input` as `kind` into a report that keeps up to `N` diagnoses.
    ///
    /// ```
    /// use gcore_auth::{InputKind, Policy, Report};
    /// let report: Report<'_, 32> = Policy::DEFAULT.diagnose(b"APIKey 29841", InputKind::Value);
    /// assert!(!report.is_accepted());
    /// ```
    pub fn diagnose<'a, const N: usize>(&self, input: &'a [u8], kind: InputKind) -> Report<'a, N> {
        Report::build(self, input, kind)
    }

    /// Whether the API accepts the value: equal to `self.check(value).is_accepted()` for every
    /// input, and faster where the bytes decide it (no report is built then).
    pub fn is_accepted(&self, value: &[u8]) -> bool {
        match crate::accept::classify(self, value) {
            Some(answer) => answer,
            None => self.check(value).is_accepted(),
        }
    }
}

impl InputKind {
    /// [`InputKind::Line`] when the input reads as a whole header line, else
    /// [`InputKind::Value`]. A line is a header-name token followed by a colon (optionally
    /// after spaces), or a first word that is `Authorization` in any letter case or within two
    /// edits of it.
    ///
    /// ```
    /// use gcore_auth::InputKind;
    /// assert_eq!(InputKind::of(b"Authorization: APIKey 29841_c767"), InputKind::Line);
    /// assert_eq!(InputKind::of(b"X-API-Key: 29841_c767"), InputKind::Line);
    /// assert_eq!(InputKind::of(b"Authorisation APIKey 29841_c767"), InputKind::Line);
    /// assert_eq!(InputKind::of(b"APIKey 29841_c767"), InputKind::Value);
    /// assert_eq!(InputKind::of(b"Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"), InputKind::Value);
    /// // A URL's scheme is no header name.
    /// assert_eq!(InputKind::of(b"https://api.gcore.com/iam"), InputKind::Value);
    /// ```
    pub fn of(input: &[u8]) -> InputKind {
        if crate::grammar::line::is_header_line(input) {
            InputKind::Line
        } else {
            InputKind::Value
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::size_of;

    /// The footprint the crate documents: a diagnosis is 16 bytes, and a report at the default
    /// capacity at most 256 (a footprint example in the benches measures the stack as well).
    /// The diagnoses iterate in order from both ends, know their number, and what did not
    /// fit is counted.
    #[test]
    fn diagnoses_iterate_and_overflow_is_counted() {
        let input = b"\x01\x01 Authorization: \"bearer Bearer APIKey '2a841$c7G' x\" ";
        let full: Report<'_, 16> = Policy::DEFAULT.diagnose(input, InputKind::Value);
        let small: Report<'_, 4> = Policy::DEFAULT.diagnose(input, InputKind::Value);
        let all: std::vec::Vec<Code> = full.diagnostics().map(|d| d.code()).collect();
        assert!(all.len() > 4, "{all:?}");
        assert_eq!(full.dropped(), 0);
        assert_eq!(small.dropped(), all.len() - 4);
        let mut it = small.diagnostics();
        assert_eq!(it.len(), 4);
        assert_eq!(it.size_hint(), (4, Some(4)));
        assert!(!it.is_empty());
        assert_eq!(it.next_back().map(|d| d.code()), Some(all[3]));
        assert_eq!(it.next().map(|d| d.code()), Some(all[0]));
        assert_eq!(it.len(), 2);
        it.next();
        it.next();
        assert!(it.is_empty());
        assert_eq!(it.size_hint(), (0, Some(0)));
        assert!(it.next().is_none());
        assert!(Policy::DEFAULT.check(b"").diagnostics().len() == 1);
    }

    #[test]
    fn a_report_fits_in_256_bytes() {
        assert_eq!(size_of::<Diag>(), 16);
        assert!(
            size_of::<Report<'_>>() <= 256,
            "{}",
            size_of::<Report<'_>>()
        );
        assert_eq!(
            size_of::<Report<'_, 9>>() - size_of::<Report<'_, 8>>(),
            size_of::<Diag>()
        );
    }
}
