//! What each diagnosis says: the data behind it and its message and help texts.

use core::fmt::{self, Formatter, Result};

use crate::code::Code;
use crate::jwt;
use crate::redact::{Char, Char as RChar, SHOWN_SECRET_CHARS, write_char_escaped};
use crate::report::TokenType;

/// A scheme word the intended one is near to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Near {
    ApiKey,
    Bearer,
    None,
}

/// What is glued to `APIKey` in a mangled scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Glued {
    Colon,
    Equals,
    Token,
    Other,
}

/// What the first word of a value with no scheme is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NoSchemeKind {
    Permanent,
    Jwt,
    Other,
}

/// The data behind a diagnosis. Text taken from the input is printed escaped and redacted.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Detail<'a> {
    Folded,
    NoColon,
    SpaceBeforeColon,
    EmptyName,
    NameMisspelled(&'a [u8]),
    NameAlternative(&'a [u8]),
    NameOther(&'a [u8]),
    NameInValue,
    Empty,
    NoScheme(NoSchemeKind),
    BearerPermanent,
    BearerApiKey,
    BearerVariable(&'a [u8]),
    BearerOther,
    BearerPlaceholder {
        permanent: bool,
    },
    UnknownScheme {
        word: &'a [u8],
        near: Near,
    },
    MangledScheme {
        near: Near,
        glued: Glued,
    },
    ApiKeyCase(&'a [u8]),
    BearerCase(&'a [u8]),
    Repeated(&'a [u8]),
    Leading,
    Trailing,
    BetweenTab,
    BetweenSeveral(usize),
    Char {
        c: Char,
        offset: usize,
        trailing: bool,
    },
    QuotedValue,
    QuotedToken,
    NoToken {
        bearer: bool,
    },
    IdOnly,
    NoSecret,
    ShortSecret {
        len: usize,
        min: usize,
    },
    SecretLength {
        len: usize,
        expected: usize,
    },
    SecretChar {
        c: Char,
        offset: usize,
    },
    EmptyId,
    IdChar {
        c: Char,
        offset: usize,
    },
    NoSeparator,
    LegacySeparator,
    Variable(&'a [u8]),
    Placeholder(&'a [u8]),
    TokenWords {
        bearer: bool,
    },
    IncludesScheme(&'a [u8]),
    JwtWithApiKey,
    JwtMalformed(jwt::Error),
    JwtWrongType(TokenType),
    JwtExpired {
        exp: u64,
        now: u64,
    },
    JwtBearer {
        exp: u64,
        now: Option<u64>,
    },
}

/// Input text in a message: escaped, redacted, and cut after 40 bytes.
struct Quote<'a>(&'a [u8]);

impl fmt::Display for Quote<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        f.write_str("`")?;
        if crate::redact::write_redacted(f, self.0, crate::Hidden::new(self.0, &[]), 40)? {
            f.write_str("…")?;
        }
        f.write_str("`")
    }
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

impl Detail<'_> {
    pub(crate) fn message(&self, code: Code, f: &mut Formatter<'_>) -> Result {
        use Detail::*;
        match *self {
            Folded => f.write_str("the line starts with whitespace (an obsolete line folding)"),
            NoColon => f.write_str("no colon after the header name"),
            SpaceBeforeColon => f.write_str("whitespace between the header name and the colon"),
            EmptyName => f.write_str("the header name is empty"),
            NameMisspelled(n) => write!(f, "the header is named {}, not `Authorization`", Quote(n)),
            NameAlternative(n) => write!(
                f,
                "the API does not read the {} header; it reads only `Authorization`",
                Quote(n)
            ),
            NameOther(n) => write!(
                f,
                "this is a {} header, not `Authorization`: the request carries no credentials",
                Quote(n)
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
            BearerVariable(v) => write!(
                f,
                "`Bearer` with {}, which holds a permanent API token",
                Quote(v)
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
            UnknownScheme { word, .. } => write!(f, "unknown scheme {}", Quote(word)),
            MangledScheme {
                glued: Glued::Colon,
                ..
            } => f.write_str("`APIKey:` is not a scheme: a colon is glued to it"),
            MangledScheme {
                glued: Glued::Equals,
                ..
            } => f.write_str("`APIKey=` is not a scheme: an equals sign is glued to it"),
            MangledScheme { .. } => f.write_str("no space between `APIKey` and the token"),
            ApiKeyCase(w) => write!(
                f,
                "the scheme is spelled {}; `APIKey` is matched in any letter case",
                Quote(w)
            ),
            BearerCase(w) => write!(
                f,
                "the scheme is spelled {}; `Bearer` is matched only exactly so",
                Quote(w)
            ),
            Repeated(w) => write!(f, "the scheme is written twice (a second {})", Quote(w)),
            Leading => f.write_str("whitespace before the value"),
            Trailing => f.write_str("whitespace after the value"),
            BetweenTab => f.write_str("a tab between the scheme and the token"),
            BetweenSeveral(n) => write!(f, "{n} spaces between the scheme and the token"),
            Char {
                c,
                offset,
                trailing,
            } => match code {
                Code::ControlCharacter if trailing => write!(
                    f,
                    "trailing line ending: control character {} at byte {offset}",
                    Named(c)
                ),
                Code::ControlCharacter => {
                    write!(f, "control character {} at byte {offset}", Named(c))
                }
                _ => write!(f, "non-ASCII character {} at byte {offset}", Named(c)),
            },
            QuotedValue => f.write_str("the whole value is in quotes"),
            QuotedToken => f.write_str("the token is in quotes"),
            NoToken { bearer: false } => f.write_str("no token after the scheme"),
            NoToken { bearer: true } => f.write_str("no token after `Bearer`"),
            IdOnly => {
                f.write_str("only the token id arrived: the separator and secret are missing")
            }
            NoSecret => f.write_str("the token ends at its separator: the secret is missing"),
            ShortSecret { len, min } => write!(
                f,
                "the secret is {len} character{} long, shorter than {min}: the token is cut short",
                if len == 1 { "" } else { "s" }
            ),
            SecretLength { len, expected } => write!(
                f,
                "the secret is {len} characters long; complete secrets have {expected}"
            ),
            // A letter or digit past the shown characters is secret material: not named.
            SecretChar {
                c: RChar::Valid(c),
                offset,
            } if c.is_ascii_hexdigit() && offset < SHOWN_SECRET_CHARS => {
                write!(
                    f,
                    "uppercase hex digit '{c}' at offset {offset} of the secret; secrets are lowercase hex"
                )
            }
            SecretChar {
                c: RChar::Valid(c),
                offset,
            } if c.is_ascii_hexdigit() => write!(
                f,
                "an uppercase hex digit at offset {offset} of the secret; secrets are lowercase hex"
            ),
            SecretChar {
                c: RChar::Valid(c),
                offset,
            } if c.is_alphanumeric() && offset >= SHOWN_SECRET_CHARS => write!(
                f,
                "the character at offset {offset} of the secret is not a lowercase hex digit"
            ),
            SecretChar { c, offset } => write!(
                f,
                "{} at offset {offset} of the secret is not a lowercase hex digit",
                Named(c)
            ),
            EmptyId => f.write_str("the token has no id before its separator"),
            IdChar {
                c: RChar::Valid(c),
                offset,
            } if c.is_alphanumeric() && offset >= SHOWN_SECRET_CHARS => write!(
                f,
                "the character at offset {offset} of the token id is not a digit"
            ),
            IdChar { c, offset } => write!(
                f,
                "{} at offset {offset} of the token id is not a digit",
                Named(c)
            ),
            NoSeparator => f.write_str("no `_` separator: a permanent token is `<id>_<secret>`"),
            LegacySeparator => f.write_str("the legacy `$` separator (deprecated v1 token format)"),
            Variable(v) => write!(
                f,
                "the variable reference {} was sent literally instead of its value",
                Quote(v)
            ),
            Placeholder(p) => write!(
                f,
                "{} is a placeholder or documentation example, not a token",
                Quote(p)
            ),
            TokenWords { bearer: false } => {
                f.write_str("whitespace inside the token: more than one word follows the scheme")
            }
            TokenWords { bearer: true } => {
                f.write_str("whitespace inside the token: more than one word follows `Bearer`")
            }
            IncludesScheme(w) => write!(
                f,
                "the token starts with the scheme {}, which the client adds again",
                Quote(w)
            ),
            JwtWithApiKey => f.write_str("a JWT sent with the `APIKey` scheme"),
            JwtMalformed(e) => write!(f, "the JWT cannot be read: {e}"),
            JwtWrongType(TokenType::Missing) => f.write_str("the JWT has no `token_type` claim"),
            JwtWrongType(t) => write!(
                f,
                "the JWT is a `{}` token, not an `access` token",
                t.as_str()
            ),
            JwtExpired { exp, now } => write!(
                f,
                "the JWT expired at {} ({} before the check's clock)",
                crate::time::Utc(exp),
                crate::time::Ago(now - exp)
            ),
            JwtBearer {
                exp,
                now: Some(now),
            } if exp > now => write!(
                f,
                "a well-formed access JWT, valid until {} (for {} more)",
                crate::time::Utc(exp),
                crate::time::Ago(exp - now)
            ),
            JwtBearer { exp, .. } => write!(
                f,
                "a well-formed access JWT, valid until {}",
                crate::time::Utc(exp)
            ),
        }
    }

    pub(crate) fn help(&self, code: Code, f: &mut Formatter<'_>) -> Result {
        use Detail::*;
        match *self {
            Folded | NoColon | SpaceBeforeColon | EmptyName => f.write_str("write the line as `Authorization: APIKey <id>_<secret>`"),
            NameMisspelled(_) => f.write_str("rename the header to `Authorization`"),
            NameAlternative(_) | NameOther(_) => f.write_str("send the token as `Authorization: APIKey <id>_<secret>`"),
            NameInValue => f.write_str("remove the repeated `Authorization:` from the value"),
            Empty => f.write_str("the token variable is probably unset or empty: set it (for example `GCORE_API_KEY`) and send `APIKey <id>_<secret>`"),
            NoScheme(NoSchemeKind::Jwt) => f.write_str("put `Bearer ` before a JWT access token"),
            NoScheme(_) => f.write_str("put `APIKey ` before the token: `Authorization: APIKey <id>_<secret>`"),
            BearerPermanent | BearerApiKey | BearerVariable(_) => f.write_str("send permanent tokens as `Authorization: APIKey <id>_<secret>`; the API answers \"Given token not valid for any token type\" otherwise"),
            BearerPlaceholder { permanent: true } => f.write_str("put the token after `APIKey`: `Authorization: APIKey <id>_<secret>`"),
            BearerOther | BearerPlaceholder { permanent: false } => f.write_str("`Bearer` takes a JWT access token from `POST /iam/auth/jwt/login`; send permanent tokens with `APIKey`"),
            UnknownScheme { near, .. } | MangledScheme { near, .. } => near_help(f, near),
            ApiKeyCase(_) => f.write_str("nothing breaks, but `APIKey` is the spelling every official client sends"),
            BearerCase(_) => f.write_str("write `Bearer` with a capital B and the rest lowercase"),
            Repeated(_) => f.write_str("keep one scheme word; if a variable holds `APIKey …`, store only the bare token in it"),
            Leading | Trailing => f.write_str("remove the whitespace around the value"),
            BetweenTab | BetweenSeveral(_) => f.write_str("use exactly one space between the scheme and the token"),
            Char { trailing: true, .. } => f.write_str("strip the line ending: `$(cat file)` drops it, `read -r` too; in code use `.strip()` or `.trim()`"),
            Char { .. } if code == Code::ControlCharacter => f.write_str("remove the control character; HTTP clients refuse to send header values containing it"),
            Char { .. } => f.write_str("delete the character and retype that part of the value by hand; tokens are plain ASCII"),
            QuotedValue => f.write_str("remove the quotes from the value; quote only at the shell or config level"),
            QuotedToken => f.write_str("remove the quotes around the token"),
            NoToken { .. } => f.write_str("put the token after the scheme; the variable meant to hold it is probably empty"),
            IdOnly | NoSecret | ShortSecret { .. } => f.write_str("copy the whole token; if a shell cut a `$`-format token at its `$` (double quotes, no quotes), use single quotes (the reply may also read \"Bad token: …\")"),
            SecretLength { .. } => f.write_str("compare the token with the one shown when it was created; copy it again if it differs"),
            SecretChar { .. } => f.write_str("use the token exactly as issued, in lowercase, with nothing glued to it"),
            EmptyId | IdChar { .. } | NoSeparator => f.write_str("use the whole token as issued: its numeric id, `_`, then the secret"),
            LegacySeparator => f.write_str("it still works; keep it in single quotes, and issue a new `_`-format token before the v1 endpoints go"),
            Variable(_) => f.write_str("make the variable expand (double quotes in a shell, the right template syntax) or use the value itself"),
            Placeholder(_) => f.write_str("create a token in the Gcore Customer Portal (Profile → API Tokens) and use it"),
            TokenWords { bearer: false } => f.write_str("send exactly one token after the scheme, without spaces"),
            TokenWords { bearer: true } => f.write_str("send exactly one token after `Bearer`; the JWT authenticator rejects a header of more than two space-delimited values"),
            IncludesScheme(_) => f.write_str("store only the token (`<id>_<secret>`) in the variable; the client adds `APIKey ` itself"),
            JwtWithApiKey => f.write_str("send JWT access tokens as `Authorization: Bearer <jwt>`"),
            JwtMalformed(_) => f.write_str("log in again (`POST /iam/auth/jwt/login`) and send the `access` token whole"),
            JwtWrongType(_) => f.write_str("send the `access` token; a refresh token only gets new access tokens (`POST /iam/auth/jwt/refresh`)"),
            JwtExpired { .. } => f.write_str("refresh the access token (`POST /iam/auth/jwt/refresh`) or log in again; access tokens live one hour"),
            JwtBearer { .. } => f.write_str("nothing to fix; access tokens live one hour, so refresh it in time"),
        }
    }
}
