//! Rendering: the message and help of each diagnosis, and the plain-text report. Everything
//! quoted from the input goes through the redaction rule.

use core::fmt::{self, Formatter, Result};

use crate::base::{InputKind, Span, Span32, TokenType};
use crate::code::Reply;
use crate::diagnosis::{Cred, Detail, Facts};
use crate::grammar::value::{Glued, Near, NoSchemeKind};
use crate::hide::Hidden;
use crate::hide::SHOWN_SECRET_CHARS;
use crate::redact::{Input, TokenEcho, write_char_escaped};
use crate::report::{Diagnostic, Report};
use crate::unicode::{Char, next_char};

/// The character under a span: the view's ASCII stand-in when there was one, else the first
/// character of the input there.
fn char_under(text: &[u8], ascii: u8) -> Char {
    if ascii != 0 {
        return Char::Valid(char::from(ascii));
    }
    next_char(text).map_or(Char::Invalid(0), |(c, _)| c)
}

fn is_hex(c: Char) -> bool {
    matches!(c, Char::Valid(c) if c.is_ascii_hexdigit())
}

fn is_alphanumeric(c: Char) -> bool {
    matches!(c, Char::Valid(c) if c.is_alphanumeric())
}

/// A character shown as itself (an ASCII character within the shown part of a secret).
struct Plain(Char);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        write_char_escaped(f, self.0)
    }
}

/// Input text in a message: escaped, cut after 40 bytes, and redacted by the hidden ranges
/// of the whole input (a word alone may not look like a secret where its line does).
struct Quote<'a> {
    input: &'a [u8],
    span: Span,
    facts: &'a Facts,
}

impl fmt::Display for Quote<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        let Span { start, end } = self.span;
        let hidden = hidden_in(self.input, self.facts).filter_map(|h| {
            let (s, e) = (h.start.max(start), h.end.min(end));
            (s < e).then(|| Span::new(s - start, e - start))
        });
        f.write_str("`")?;
        if crate::redact::write_redacted(f, &self.input[start..end], hidden, 40)? {
            f.write_str("…")?;
        }
        f.write_str("`")
    }
}

/// The ranges of `input` no output may show ([`Report::hidden`]).
fn hidden_in<'a>(input: &'a [u8], facts: &Facts) -> Hidden<'a> {
    let credential = match facts.kind {
        InputKind::Token => {
            let start = match facts.cred {
                Cred::Permanent { span, .. } | Cred::Jwt { span, .. } => span.start as usize,
                Cred::None => 0,
            }
            .min(input.len());
            // To the end of its line: a line ending after it stays visible.
            let end = input[start..]
                .iter()
                .position(|&b| matches!(b, b'\r' | b'\n'))
                .map_or(input.len(), |p| start + p);
            Some(Span::new(start, end))
        }
        _ => None,
    };
    Hidden::new(input, &[])
        .secret(facts.secret.map(Span32::wide))
        .credential(credential)
}

/// A character with its code point and name: `'\u{200b}' (U+200B ZERO WIDTH SPACE)`. A letter
/// or digit outside ASCII (a look-alike) is not named: it may be a character of a secret.
struct Named(Char);

impl fmt::Display for Named {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        match self.0 {
            Char::Valid(c) if !c.is_ascii() && c.is_alphanumeric() => f.write_str(
                "(a letter or digit outside ASCII, not shown as it may be part of a secret)",
            ),
            Char::Valid(c) => {
                f.write_str("'")?;
                write_char_escaped(f, Char::Valid(c))?;
                write!(f, "' (U+{:04X}", c as u32)?;
                if let Some(name) = crate::unicode::char_name(c) {
                    write!(f, " {name}")?;
                }
                f.write_str(")")
            }
            Char::Invalid(b) => write!(f, "byte 0x{b:02X} (not valid UTF-8)"),
        }
    }
}

fn near_help(f: &mut Formatter<'_>, near: Near) -> Result {
    match near {
        Near::ApiKey => f.write_str("write the scheme as `APIKey`, then one space, then the token"),
        Near::Bearer => f.write_str("write the scheme as `Bearer` (for JWTs) or `APIKey` (for permanent tokens)"),
        Near::None => f.write_str("use `APIKey <id>_<secret>` for a permanent token or `Bearer <jwt>` for a JWT access token"),
    }
}

impl Diagnostic<'_> {
    fn write_message(&self, f: &mut Formatter<'_>) -> Result {
        use Detail::*;
        let span = self.diag.span.wide();
        let text = &self.input[span.start..span.end];
        let (c, offset) = match self.diag.detail {
            SecretChar { offset, ascii } | IdChar { offset, ascii } => {
                (char_under(text, ascii), offset as usize)
            }
            _ => (char_under(text, 0), span.start),
        };
        let (min, expected) = (self.facts.min, self.facts.expected);
        let now = self.facts.clock;
        let exp = match self.facts.cred {
            Cred::Jwt { exp, .. } => exp.unwrap_or(0),
            _ => 0,
        };
        match self.diag.detail {
            Folded => f.write_str("the line starts with whitespace (an obsolete line folding)"),
            NoColon => f.write_str("no colon after the header name"),
            SpaceBeforeColon => f.write_str("whitespace between the header name and the colon"),
            EmptyName => f.write_str("the header name is empty"),
            NameMisspelled => write!(f, "the header is named {}, not `Authorization`", Quote { input: self.input, span, facts: self.facts }),
            NameAlternative => write!(
                f,
                "the API does not read the {} header; it reads only `Authorization`",
                Quote { input: self.input, span, facts: self.facts }
            ),
            NameOther => write!(
                f,
                "this is a {} header, not `Authorization`: the request carries no credentials",
                Quote { input: self.input, span, facts: self.facts }
            ),
            NameInValue => f.write_str("the value starts with `Authorization:` again"),
            Empty => f.write_str("the value is empty"),
            NoScheme(NoSchemeKind::Permanent) => {
                f.write_str("a bare permanent token with no `APIKey` scheme before it")
            }
            NoScheme(NoSchemeKind::Jwt) => {
                f.write_str("a bare JWT with no `Bearer` scheme before it")
            }
            NoScheme(NoSchemeKind::Other) => {
                f.write_str("no scheme: the value does not start with `APIKey` or `Bearer`")
            }
            BearerPermanent => f.write_str(
                "`Bearer` with a permanent API token; permanent tokens go with `APIKey`",
            ),
            BearerApiKey => {
                f.write_str("`Bearer APIKey …`: the scheme the server sees is `Bearer`")
            }
            BearerVariable => write!(
                f,
                "`Bearer` with {}, which holds a permanent API token",
                Quote { input: self.input, span, facts: self.facts }
            ),
            BearerOther => {
                f.write_str("`Bearer` with a token that is not a JWT (three base64url parts)")
            }
            BearerPlaceholder { permanent: true } => f.write_str(
                "`Bearer` with a placeholder for a permanent API token; permanent tokens go with `APIKey`",
            ),
            BearerPlaceholder { permanent: false } => {
                f.write_str("`Bearer` with a placeholder, not a JWT (three base64url parts)")
            }
            UnknownScheme { .. } => write!(f, "unknown scheme {}", Quote { input: self.input, span, facts: self.facts }),
            MangledScheme {
                glued: Glued::Colon,
                ..
            } => f.write_str("`APIKey:` is not a scheme: a colon is glued to it"),
            MangledScheme {
                glued: Glued::Equals,
                ..
            } => f.write_str("`APIKey=` is not a scheme: an equals sign is glued to it"),
            MangledScheme { .. } => f.write_str("no space between `APIKey` and the token"),
            ApiKeyCase => write!(
                f,
                "the scheme is spelled {}; `APIKey` is matched in any letter case",
                Quote { input: self.input, span, facts: self.facts }
            ),
            BearerCase => write!(
                f,
                "the scheme is spelled {}; `Bearer` is matched only exactly so",
                Quote { input: self.input, span, facts: self.facts }
            ),
            Repeated => write!(f, "the scheme is written twice (a second {})", Quote { input: self.input, span, facts: self.facts }),
            Leading => f.write_str("whitespace before the value"),
            Trailing => f.write_str("whitespace after the value"),
            BetweenTab => f.write_str("a tab between the scheme and the token"),
            BetweenSeveral(n) => write!(f, "{n} spaces between the scheme and the token"),
            Control { trailing: true } => write!(
                f,
                "trailing line ending: control character {} at byte {offset}",
                Named(c)
            ),
            Control { .. } => write!(f, "control character {} at byte {offset}", Named(c)),
            NonAscii => write!(f, "non-ASCII character {} at byte {offset}", Named(c)),
            QuotedValue => f.write_str("the whole value is in quotes"),
            QuotedToken => f.write_str("the token is in quotes"),
            NoToken { bearer: false } => f.write_str("no token after the scheme"),
            NoToken { bearer: true } => f.write_str("no token after `Bearer`"),
            IdOnly => {
                f.write_str("only the token id arrived: the separator and secret are missing")
            }
            NoSecret => f.write_str("the token ends at its separator: the secret is missing"),
            ShortSecret { len } => write!(
                f,
                "the secret is {len} character{} long, shorter than {min}: the token is cut short",
                if len == 1 { "" } else { "s" }
            ),
            SecretLength { len } => write!(
                f,
                "the secret is {len} characters long; complete secrets have {expected}"
            ),
            // A letter or digit past the shown characters is secret material: not named.
            SecretChar { .. } if is_hex(c) && offset < SHOWN_SECRET_CHARS => {
                write!(
                    f,
                    "uppercase hex digit '{}' at offset {offset} of the secret; secrets are lowercase hex",
                    Plain(c)
                )
            }
            SecretChar { .. } if is_hex(c) => write!(
                f,
                "an uppercase hex digit at offset {offset} of the secret; secrets are lowercase hex"
            ),
            SecretChar { .. } if is_alphanumeric(c) && offset >= SHOWN_SECRET_CHARS => write!(
                f,
                "the character at offset {offset} of the secret is not a lowercase hex digit"
            ),
            SecretChar { .. } => write!(
                f,
                "{} at offset {offset} of the secret is not a lowercase hex digit",
                Named(c)
            ),
            EmptyId => f.write_str("the token has no id before its separator"),
            IdChar { .. } if is_alphanumeric(c) && offset >= SHOWN_SECRET_CHARS => write!(
                f,
                "the character at offset {offset} of the token id is not a digit"
            ),
            IdChar { .. } => write!(
                f,
                "{} at offset {offset} of the token id is not a digit",
                Named(c)
            ),
            NoSeparator => f.write_str("no `_` separator: a permanent token is `<id>_<secret>`"),
            LegacySeparator => f.write_str("the legacy `$` separator (deprecated v1 token format)"),
            Variable => write!(
                f,
                "the variable reference {} was sent literally instead of its value",
                Quote { input: self.input, span, facts: self.facts }
            ),
            Placeholder => write!(
                f,
                "{} is a placeholder or documentation example, not a token",
                Quote { input: self.input, span, facts: self.facts }
            ),
            TokenWords { bearer: false } => {
                f.write_str("whitespace inside the token: more than one word follows the scheme")
            }
            TokenWords { bearer: true } => {
                f.write_str("whitespace inside the token: more than one word follows `Bearer`")
            }
            IncludesScheme => write!(
                f,
                "the token starts with the scheme {}, which the client adds again",
                Quote { input: self.input, span, facts: self.facts }
            ),
            JwtWithApiKey => f.write_str("a JWT sent with the `APIKey` scheme"),
            JwtMalformed(e) => write!(f, "the JWT cannot be read: {e}"),
            JwtWrongType(TokenType::Missing) => f.write_str("the JWT has no `token_type` claim"),
            JwtWrongType(t) => write!(
                f,
                "the JWT is a `{}` token, not an `access` token",
                t.as_str()
            ),
            JwtExpired => write!(
                f,
                "the JWT expired at {} ({} before the check's clock)",
                crate::time::Utc(exp),
                crate::time::Ago(now.unwrap_or(exp).saturating_sub(exp))
            ),
            JwtBearer if exp > now.unwrap_or(u64::MAX) => write!(
                f,
                "a well-formed access JWT, valid until {} (for {} more)",
                crate::time::Utc(exp),
                crate::time::Ago(exp - now.unwrap_or(0))
            ),
            JwtBearer => write!(
                f,
                "a well-formed access JWT, valid until {}",
                crate::time::Utc(exp)
            ),
        }
    }

    fn write_help(&self, f: &mut Formatter<'_>) -> Result {
        use Detail::*;
        match self.diag.detail {
            Folded | NoColon | SpaceBeforeColon | EmptyName => f.write_str("write the line as `Authorization: APIKey <id>_<secret>`"),
            NameMisspelled => f.write_str("rename the header to `Authorization`"),
            NameAlternative | NameOther => f.write_str("send the token as `Authorization: APIKey <id>_<secret>`"),
            NameInValue => f.write_str("remove the repeated `Authorization:` from the value"),
            Empty => f.write_str("the token variable is probably unset or empty: set it (for example `GCORE_API_KEY`) and send `APIKey <id>_<secret>`"),
            NoScheme(NoSchemeKind::Jwt) => f.write_str("put `Bearer ` before a JWT access token"),
            NoScheme(_) => f.write_str("put `APIKey ` before the token: `Authorization: APIKey <id>_<secret>`"),
            BearerPermanent | BearerApiKey | BearerVariable => f.write_str("send permanent tokens as `Authorization: APIKey <id>_<secret>`; the API answers \"Given token not valid for any token type\" otherwise"),
            BearerPlaceholder { permanent: true } => f.write_str("put the token after `APIKey`: `Authorization: APIKey <id>_<secret>`"),
            BearerOther | BearerPlaceholder { permanent: false } => f.write_str("`Bearer` takes a JWT access token from `POST /iam/auth/jwt/login`; send permanent tokens with `APIKey`"),
            UnknownScheme { near, .. } | MangledScheme { near, .. } => near_help(f, near),
            ApiKeyCase => f.write_str("nothing breaks, but `APIKey` is the spelling every official client sends"),
            BearerCase => f.write_str("write `Bearer` with a capital B and the rest lowercase"),
            Repeated => f.write_str("keep one scheme word; if a variable holds `APIKey …`, store only the bare token in it"),
            Leading | Trailing => f.write_str("remove the whitespace around the value"),
            BetweenTab | BetweenSeveral(_) => f.write_str("use exactly one space between the scheme and the token"),
            Control { trailing: true } => f.write_str("strip the line ending: `$(cat file)` drops it, `read -r` too; in code use `.strip()` or `.trim()`"),
            Control { .. } => f.write_str("remove the control character; HTTP clients refuse to send header values containing it"),
            NonAscii => f.write_str("delete the character and retype that part of the value by hand; tokens are plain ASCII"),
            QuotedValue => f.write_str("remove the quotes from the value; quote only at the shell or config level"),
            QuotedToken => f.write_str("remove the quotes around the token"),
            NoToken { .. } => f.write_str("put the token after the scheme; the variable meant to hold it is probably empty"),
            IdOnly | NoSecret | ShortSecret { .. } => f.write_str("copy the whole token; if a shell cut a `$`-format token at its `$` (double quotes, no quotes), use single quotes (the reply may also read \"Bad token: …\")"),
            SecretLength { .. } => f.write_str("compare the token with the one shown when it was created; copy it again if it differs"),
            SecretChar { .. } => f.write_str("use the token exactly as issued, in lowercase, with nothing glued to it"),
            EmptyId | IdChar { .. } | NoSeparator => f.write_str("use the whole token as issued: its numeric id, `_`, then the secret"),
            LegacySeparator => f.write_str("it still works; keep it in single quotes, and issue a new `_`-format token before the v1 endpoints go"),
            Variable => f.write_str("make the variable expand (double quotes in a shell, the right template syntax) or use the value itself"),
            Placeholder => f.write_str("create a token in the Gcore Customer Portal (Profile → API Tokens) and use it"),
            TokenWords { bearer: false } => f.write_str("send exactly one token after the scheme, without spaces"),
            TokenWords { bearer: true } => f.write_str("send exactly one token after `Bearer`; the JWT authenticator rejects a header of more than two space-delimited values"),
            IncludesScheme => f.write_str("store only the token (`<id>_<secret>`) in the variable; the client adds `APIKey ` itself"),
            JwtWithApiKey => f.write_str("send JWT access tokens as `Authorization: Bearer <jwt>`"),
            JwtMalformed(_) => f.write_str("log in again (`POST /iam/auth/jwt/login`) and send the `access` token whole"),
            JwtWrongType(_) => f.write_str("send the `access` token; a refresh token only gets new access tokens (`POST /iam/auth/jwt/refresh`)"),
            JwtExpired => f.write_str("refresh the access token (`POST /iam/auth/jwt/refresh`) or log in again; access tokens live one hour"),
            JwtBearer => f.write_str("nothing to fix; access tokens live one hour, so refresh it in time"),
        }
    }
}

struct Text<'r, 'a> {
    d: &'r Diagnostic<'a>,
    help: bool,
}

impl fmt::Display for Text<'_, '_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        if self.help {
            self.d.write_help(f)
        } else {
            self.d.write_message(f)
        }
    }
}

impl<'r> Diagnostic<'r> {
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

impl fmt::Display for Diagnostic<'_> {
    /// `error[token-truncated]: message` (like rustc's first line).
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        write!(
            f,
            "{}[{}]: {}",
            self.severity(),
            self.code(),
            self.message()
        )
    }
}

impl fmt::Debug for Diagnostic<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        f.debug_struct("Diagnostic")
            .field("code", &self.code())
            .field("severity", &self.severity())
            .field("basis", &self.basis())
            .field("reply", &self.reply())
            .field("span", &self.span())
            .field("message", &format_args!("{}", self.message()))
            .finish()
    }
}

/// The exact text of a report's predicted reply ([`Report::reply_text`]).
#[derive(Clone, Copy)]
pub struct ReplyText<'r> {
    reply: Reply,
    echo: Option<TokenEcho<'r>>,
}

impl fmt::Display for ReplyText<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        match (self.reply, self.echo) {
            (Reply::BadPermanentToken, Some(echo)) => write!(f, "Bad permanent token: {echo}"),
            (reply, _) => write!(f, "{reply}"),
        }
    }
}

impl fmt::Debug for ReplyText<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        write!(f, "{:?}({self})", self.reply)
    }
}

impl<const N: usize> Report<'_, N> {
    /// The exact text of the predicted reply, for the three replies that have one (the token
    /// echo of "Bad permanent token: …" redacted), else a description of what happens.
    ///
    /// ```
    /// let report = gcore_auth::check(b"APIKey 29841");
    /// assert_eq!(report.reply_text().to_string(), "Bad permanent token: 29841");
    /// ```
    pub fn reply_text(&self) -> ReplyText<'_> {
        let reply = self.reply();
        let echo = (reply == Reply::BadPermanentToken).then(|| {
            let s = self.facts.echo.wide();
            let at = self.facts.echo_secret;
            TokenEcho::new(
                &self.input[s.start..s.end],
                (at != u32::MAX).then_some(at as usize),
            )
        });
        ReplyText { reply, echo }
    }

    fn verdict(&self) -> &'static str {
        if self.is_accepted() {
            "accepted"
        } else {
            "rejected"
        }
    }
}

impl<const N: usize> fmt::Display for Report<'_, N> {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        writeln!(
            f,
            "{} {}: {}",
            self.kind.as_str(),
            self.verdict(),
            Input {
                input: self.input,
                hidden: self.hidden()
            }
        )?;
        for d in self.diagnostics() {
            writeln!(f, "  {d}")?;
            writeln!(f, "    help: {}", d.help())?;
        }
        if self.dropped() > 0 {
            writeln!(f, "  ({} more diagnoses not kept)", self.dropped())?;
        }
        match (self.reply().has_text(), self.reply_basis()) {
            (true, Some(basis)) => {
                writeln!(f, "  reply: 401 \"{}\" ({basis})", self.reply_text())
            }
            (_, Some(basis)) => writeln!(f, "  reply: {} ({basis})", self.reply_text()),
            (_, None) => writeln!(
                f,
                "  reply: none predicted; only the API knows whether the token is deleted or expired"
            ),
        }
    }
}

struct List<'r>(crate::report::Diagnostics<'r>);

impl fmt::Debug for List<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}

impl<const N: usize> fmt::Debug for Report<'_, N> {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        f.debug_struct("Report")
            .field(
                "input",
                &format_args!(
                    "{}",
                    Input {
                        input: self.input,
                        hidden: self.hidden()
                    }
                ),
            )
            .field("kind", &self.kind)
            .field("accepted", &self.is_accepted())
            .field("reply", &self.reply_text())
            .field("diagnostics", &List(self.diagnostics()))
            .field("dropped", &self.dropped())
            .field("credential", &self.credential())
            .finish()
    }
}

impl<const N: usize> Report<'_, N> {
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
        hidden_in(self.input, &self.facts)
    }
}
