//! The result of a check: verdict, predicted reply, diagnoses and the parsed credential.

use core::fmt;

use crate::code::{Basis, Code, Severity};
use crate::detail::Detail;
use crate::hide::Hidden;
use crate::redact::{Redacted, TokenEcho};

/// How many diagnoses a [`Report`] keeps; further ones are counted in [`Report::dropped`].
pub const MAX_DIAGNOSTICS: usize = 16;

/// A byte range into the checked input. Always on character boundaries when the input is UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The number of bytes covered.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte (it then points between two bytes).
    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// What kind of input was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputKind {
    /// A whole `Name: value` header line.
    Line,
    /// A header value, `<scheme> <credentials>`.
    Value,
    /// A bare token where only a token is expected (an environment variable, an SDK's `api_key`).
    Token,
}

impl InputKind {
    /// `line`, `value` or `token`.
    pub const fn as_str(self) -> &'static str {
        match self {
            InputKind::Line => "line",
            InputKind::Value => "value",
            InputKind::Token => "token",
        }
    }
}

/// The reply a diagnosis predicts, without data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReplyKind {
    /// No error reply: the API accepts the header (as far as offline checking can tell).
    Accepted,
    /// 401 "Authentication credentials were not provided."
    NotProvided,
    /// 401 "Bad permanent token: <token as received>"
    BadPermanentToken,
    /// 401 "Given token not valid for any token type"
    NotValidForAnyTokenType,
    /// The HTTP client refuses to send the header: no reply at all.
    NeverSent,
    /// The HTTP front end rejects the malformed header line with 400; the API never sees it.
    BadRequest,
    /// Rejected, but what the API answers is not documented.
    Unknown,
}

/// The reply the Gcore API is predicted to give. `Display` prints the exact reply text for the
/// three replies that have one (with the token echo redacted) and a description otherwise.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerReply<'a> {
    /// No error reply: the API accepts the header, as far as offline checking can tell.
    Accepted,
    /// 401 "Authentication credentials were not provided."
    NotProvided,
    /// 401 "Bad permanent token: …", echoing the token as the server received it (redacted).
    BadPermanentToken(TokenEcho<'a>),
    /// 401 "Given token not valid for any token type"
    NotValidForAnyTokenType,
    /// The HTTP client refuses to send the header.
    NeverSent,
    /// 400 from the HTTP front end: the header line is malformed, the API never sees it.
    BadRequest,
    /// Rejected, with no documented reply to predict.
    Unknown,
}

impl ServerReply<'_> {
    /// The kind of reply, without data.
    pub const fn kind(&self) -> ReplyKind {
        match self {
            ServerReply::Accepted => ReplyKind::Accepted,
            ServerReply::NotProvided => ReplyKind::NotProvided,
            ServerReply::BadPermanentToken(_) => ReplyKind::BadPermanentToken,
            ServerReply::NotValidForAnyTokenType => ReplyKind::NotValidForAnyTokenType,
            ServerReply::NeverSent => ReplyKind::NeverSent,
            ServerReply::BadRequest => ReplyKind::BadRequest,
            ServerReply::Unknown => ReplyKind::Unknown,
        }
    }

    /// True when the API answers with a message text (then `Display` gives exactly that text).
    pub const fn has_text(&self) -> bool {
        matches!(
            self,
            ServerReply::NotProvided
                | ServerReply::BadPermanentToken(_)
                | ServerReply::NotValidForAnyTokenType
        )
    }

    /// The HTTP status of the reply, when there is an error reply.
    pub const fn status(&self) -> Option<u16> {
        match self {
            ServerReply::BadRequest => Some(400),
            _ if self.has_text() => Some(401),
            _ => None,
        }
    }
}

impl fmt::Display for ServerReply<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerReply::Accepted => f.write_str("no error reply (accepted)"),
            ServerReply::NotProvided => {
                f.write_str("Authentication credentials were not provided.")
            }
            ServerReply::BadPermanentToken(echo) => write!(f, "Bad permanent token: {echo}"),
            ServerReply::NotValidForAnyTokenType => {
                f.write_str("Given token not valid for any token type")
            }
            ServerReply::NeverSent => {
                f.write_str("no reply: the HTTP client refuses to send the header")
            }
            ServerReply::BadRequest => f.write_str(
                "400 Bad Request from the HTTP front end; the API never sees the header",
            ),
            ServerReply::Unknown => f.write_str("no prediction: the reply is not documented"),
        }
    }
}

impl fmt::Debug for ServerReply<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}({self})", self.kind())
    }
}

/// One diagnosis: a code with its severity, basis, predicted reply and the bytes it is about.
#[derive(Clone, Copy)]
pub struct Diagnostic<'a> {
    pub(crate) code: Code,
    pub(crate) severity: Severity,
    pub(crate) basis: Basis,
    pub(crate) reply: ReplyKind,
    pub(crate) span: Span,
    pub(crate) detail: Detail<'a>,
}

impl<'a> Diagnostic<'a> {
    /// The catalogue code.
    pub const fn code(&self) -> Code {
        self.code
    }

    /// Error, warning or note.
    pub const fn severity(&self) -> Severity {
        self.severity
    }

    /// How far the diagnosis and its reply can be trusted.
    pub const fn basis(&self) -> Basis {
        self.basis
    }

    /// The reply this diagnosis alone would cause.
    pub const fn reply(&self) -> ReplyKind {
        self.reply
    }

    /// The bytes of the input it is about.
    pub const fn span(&self) -> Span {
        self.span
    }

    /// What is wrong, as a lowercase sentence fragment. Never shows a secret.
    pub fn message(&self) -> impl fmt::Display + '_ {
        Text {
            d: self,
            help: false,
        }
    }

    /// How to fix it. Never shows a secret.
    pub fn help(&self) -> impl fmt::Display + '_ {
        Text {
            d: self,
            help: true,
        }
    }
}

struct Text<'r, 'a> {
    d: &'r Diagnostic<'a>,
    help: bool,
}

impl fmt::Display for Text<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.help {
            self.d.detail.help(self.d.code, f)
        } else {
            self.d.detail.message(self.d.code, f)
        }
    }
}

impl fmt::Display for Diagnostic<'_> {
    /// `error[token-truncated]: message` (like rustc's first line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message())
    }
}

impl fmt::Debug for Diagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Diagnostic")
            .field("code", &self.code)
            .field("severity", &self.severity)
            .field("basis", &self.basis)
            .field("reply", &self.reply)
            .field("span", &self.span)
            .field("message", &format_args!("{}", self.message()))
            .finish()
    }
}

/// The separator between a permanent token's id and its secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Separator {
    /// `_`: the current format.
    Underscore,
    /// `$`: the deprecated v1 format.
    Dollar,
}

impl Separator {
    /// The separator character.
    pub const fn as_char(self) -> char {
        match self {
            Separator::Underscore => '_',
            Separator::Dollar => '$',
        }
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

impl fmt::Debug for PermanentToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PermanentToken")
            .field("id", &crate::Escaped(self.id.as_bytes()))
            .field("separator", &self.separator)
            .field("secret", &self.secret)
            .field("span", &self.span)
            .finish()
    }
}

impl fmt::Display for PermanentToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::Escaped(self.id.as_bytes()))?;
        if let Some(sep) = self.separator {
            write!(f, "{}", sep.as_char())?;
        }
        write!(f, "{}", self.secret)
    }
}

/// The `token_type` claim of a JWT.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenType {
    /// `access`: authenticates requests.
    Access,
    /// `refresh`: only for getting new access tokens.
    Refresh,
    /// Some other value.
    Other,
    /// No `token_type` claim.
    Missing,
}

impl TokenType {
    /// `access`, `refresh`, `other` or `missing`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenType::Access => "access",
            TokenType::Refresh => "refresh",
            TokenType::Other => "other",
            TokenType::Missing => "missing",
        }
    }
}

/// What was read from a JWT's payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

/// The verdict of a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// No error: the API accepts the header unless the token is deleted or expired.
    Accepted,
    /// At least one error.
    Rejected,
}

impl Verdict {
    /// `accepted` or `rejected`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
        }
    }
}

/// The result of a check. Its `Display` renders a plain-text report without allocating, and
/// like every other output never shows more of a secret than its first 4 characters.
#[derive(Clone)]
pub struct Report<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) kind: InputKind,
    pub(crate) diagnostics: heapless::Vec<Diagnostic<'a>, MAX_DIAGNOSTICS>,
    pub(crate) dropped: usize,
    pub(crate) credential: Option<Credential<'a>>,
    pub(crate) reply: ServerReply<'a>,
    pub(crate) reply_basis: Option<Basis>,
    pub(crate) secret: Option<Span>,
}

impl<'a> Report<'a> {
    pub(crate) fn new(input: &'a [u8], kind: InputKind) -> Report<'a> {
        Report {
            input,
            kind,
            diagnostics: heapless::Vec::new(),
            dropped: 0,
            credential: None,
            reply: ServerReply::Accepted,
            reply_basis: None,
            secret: None,
        }
    }

    /// Adds a diagnosis; the first error decides the predicted reply.
    pub(crate) fn push(&mut self, d: Diagnostic<'a>, reply: ServerReply<'a>) {
        if d.severity == Severity::Error && self.reply_basis.is_none() {
            self.reply = reply;
            self.reply_basis = Some(d.basis);
        }
        if self.diagnostics.push(d).is_err() {
            self.dropped += 1;
        }
    }

    /// Adds a diagnosis whose severity, basis and reply are not the code's usual ones.
    pub(crate) fn push_with(
        &mut self,
        code: Code,
        (severity, basis): (Severity, Basis),
        reply: ServerReply<'a>,
        span: Span,
        detail: Detail<'a>,
    ) {
        let d = Diagnostic {
            code,
            severity,
            basis,
            reply: reply.kind(),
            span,
            detail,
        };
        self.push(d, reply);
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
    pub fn is_accepted(&self) -> bool {
        self.reply_basis.is_none()
    }

    /// `Accepted` or `Rejected`.
    pub fn verdict(&self) -> Verdict {
        if self.is_accepted() {
            Verdict::Accepted
        } else {
            Verdict::Rejected
        }
    }

    /// The predicted reply: that of the first error in the order the server meets them
    /// (characters the client refuses, header name, scheme, credentials).
    pub const fn server_reply(&self) -> ServerReply<'a> {
        self.reply
    }

    /// The basis of the predicted reply (`None` when accepted).
    pub const fn reply_basis(&self) -> Option<Basis> {
        self.reply_basis
    }

    /// Every diagnosis kept, in the order the server meets them.
    pub fn diagnostics(&self) -> &[Diagnostic<'a>] {
        &self.diagnostics
    }

    /// How many diagnoses did not fit in the report (the first ones are kept).
    pub const fn dropped(&self) -> usize {
        self.dropped
    }

    /// True when a diagnosis with this code is present.
    pub fn has(&self, code: Code) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }

    /// The credential found, if any.
    pub const fn credential(&self) -> Option<Credential<'a>> {
        self.credential
    }

    /// The bytes of the input that hold secret material beyond what may be shown (the secret
    /// of a permanent token after its first 4 characters). Renderers of the input hide them.
    pub const fn secret_span(&self) -> Option<Span> {
        self.secret
    }

    /// The ranges of the input no output may show, in order ([`Hidden`]): the rule's, the
    /// secret's after its first 4 characters, and for a token input everything after the
    /// token's id, separator and 4 characters to the end of its line (a token split into
    /// words included).
    ///
    /// ```
    /// let report = gcore_auth::check_token(b"29841_0123 4567 89ab cdef");
    /// let hidden: Vec<_> = report.hidden().collect();
    /// assert_eq!(hidden, [gcore_auth::Span::new(10, 25)]);
    /// ```
    pub fn hidden(&self) -> Hidden<'_> {
        let credential = match self.kind {
            InputKind::Token => {
                let start = self
                    .credential
                    .map_or(0, |c| c.span().start)
                    .min(self.input.len());
                // To the end of its line: a line ending after it stays visible.
                let end = self.input[start..]
                    .iter()
                    .position(|&b| matches!(b, b'\r' | b'\n'))
                    .map_or(self.input.len(), |p| start + p);
                Some(Span::new(start, end))
            }
            _ => None,
        };
        Hidden::new(self.input, self.secret.as_slice()).credential(credential)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} {}: {}",
            self.kind.as_str(),
            self.verdict().as_str(),
            crate::redact::Input {
                input: self.input,
                hidden: self.hidden()
            }
        )?;
        for d in &self.diagnostics {
            writeln!(f, "  {d}")?;
            writeln!(f, "    help: {}", d.help())?;
        }
        if self.dropped > 0 {
            writeln!(f, "  ({} more diagnoses not kept)", self.dropped)?;
        }
        match (self.reply.has_text(), self.reply_basis) {
            (true, Some(basis)) => {
                writeln!(f, "  reply: 401 \"{}\" ({basis})", self.reply)
            }
            (_, Some(basis)) => writeln!(f, "  reply: {} ({basis})", self.reply),
            (_, None) => writeln!(
                f,
                "  reply: none predicted; only the API knows whether the token is deleted or expired"
            ),
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field(
                "input",
                &format_args!(
                    "{}",
                    crate::redact::Input {
                        input: self.input,
                        hidden: self.hidden()
                    }
                ),
            )
            .field("kind", &self.kind)
            .field("verdict", &self.verdict())
            .field("server_reply", &self.reply)
            .field("diagnostics", &&self.diagnostics[..])
            .field("dropped", &self.dropped)
            .field("credential", &self.credential)
            .finish()
    }
}

impl<'a> Report<'a> {
    /// Adds a diagnosis with the catalogue's severity, basis and reply for its code.
    pub(crate) fn push_code(&mut self, code: Code, span: Span, detail: Detail<'a>) {
        let entry = code.entry();
        let reply = ReplyKind::of(code);
        let server = match reply {
            ReplyKind::Accepted => ServerReply::Accepted,
            ReplyKind::NotProvided => ServerReply::NotProvided,
            ReplyKind::NotValidForAnyTokenType => ServerReply::NotValidForAnyTokenType,
            ReplyKind::NeverSent => ServerReply::NeverSent,
            ReplyKind::BadRequest => ServerReply::BadRequest,
            // The token echo is added by the callers that know the token.
            ReplyKind::BadPermanentToken | ReplyKind::Unknown => ServerReply::Unknown,
        };
        self.push(
            Diagnostic {
                code,
                severity: entry.severity,
                basis: entry.basis,
                reply,
                span,
                detail,
            },
            server,
        );
    }
}
