//! The diagnosis: what each finding is ([`Detail`]), how it is stored ([`Diag`], 16 bytes),
//! what else the pass learns about the input ([`Facts`]), and the pass itself ([`pass`]).
//!
//! A finding stores only its kind and the few numbers its message needs; its code, severity,
//! basis and predicted reply derive from the kind, and the text it quotes is read back from the
//! input through its span when it is rendered.

pub(crate) mod pass;

use crate::base::{InputKind, Separator, Span32, TokenType};
use crate::code::{Basis, Code, Reply, Severity};
use crate::grammar::jwt;
use crate::grammar::value::{Glued, Near, NoSchemeKind};

/// What a diagnosis says. Text it quotes is the input under its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Detail {
    Folded,
    NoColon,
    SpaceBeforeColon,
    EmptyName,
    NameMisspelled,
    NameAlternative,
    NameOther,
    NameInValue,
    Empty,
    NoScheme(NoSchemeKind),
    BearerPermanent,
    BearerApiKey,
    BearerVariable,
    BearerOther,
    BearerPlaceholder {
        permanent: bool,
    },
    UnknownScheme {
        near: Near,
    },
    MangledScheme {
        near: Near,
        glued: Glued,
    },
    ApiKeyCase,
    BearerCase,
    Repeated,
    Leading,
    Trailing,
    BetweenTab,
    BetweenSeveral(u32),
    /// A control character: the character under the span.
    Control {
        trailing: bool,
    },
    /// A non-ASCII character or invalid byte: the character under the span.
    NonAscii,
    QuotedValue,
    QuotedToken,
    NoToken {
        bearer: bool,
    },
    IdOnly,
    NoSecret,
    ShortSecret {
        len: u32,
    },
    SecretLength {
        len: u32,
    },
    /// `ascii`: the character as the structure was read (a dash for a typographic dash), or 0
    /// when that is the character under the span.
    SecretChar {
        offset: u32,
        ascii: u8,
    },
    EmptyId,
    IdChar {
        offset: u32,
        ascii: u8,
    },
    NoSeparator,
    LegacySeparator,
    Variable,
    Placeholder,
    TokenWords {
        bearer: bool,
    },
    IncludesScheme,
    JwtWithApiKey,
    JwtMalformed(jwt::Error),
    JwtWrongType(TokenType),
    JwtExpired,
    JwtBearer,
}

impl Detail {
    /// The catalogue code.
    pub(crate) const fn code(self) -> Code {
        use Detail::*;
        match self {
            Folded | NoColon | SpaceBeforeColon | EmptyName => Code::HeaderSyntax,
            NameMisspelled | NameAlternative | NameOther => Code::HeaderNameWrong,
            NameInValue => Code::HeaderNameInValue,
            Empty => Code::CredentialsEmpty,
            NoScheme(_) => Code::SchemeMissing,
            BearerPermanent
            | BearerApiKey
            | BearerVariable
            | BearerOther
            | BearerPlaceholder { .. } => Code::SchemeBearer,
            UnknownScheme { .. } | MangledScheme { .. } => Code::SchemeUnknown,
            ApiKeyCase | BearerCase => Code::SchemeCase,
            Repeated => Code::SchemeRepeated,
            Leading | Trailing | BetweenTab | BetweenSeveral(_) => Code::Whitespace,
            Control { .. } => Code::ControlCharacter,
            NonAscii => Code::NonAscii,
            QuotedValue | QuotedToken => Code::Quoted,
            NoToken { .. } => Code::TokenMissing,
            IdOnly | NoSecret | ShortSecret { .. } => Code::TokenTruncated,
            SecretLength { .. } => Code::TokenSecretLength,
            SecretChar { .. } => Code::TokenSecretCharset,
            EmptyId | IdChar { .. } | NoSeparator => Code::TokenIdInvalid,
            LegacySeparator => Code::TokenLegacySeparator,
            Variable => Code::TokenVariable,
            Placeholder => Code::TokenPlaceholder,
            TokenWords { .. } => Code::TokenWhitespace,
            IncludesScheme => Code::TokenIncludesScheme,
            JwtWithApiKey => Code::JwtWithApikey,
            JwtMalformed(_) => Code::JwtMalformed,
            JwtWrongType(_) => Code::JwtWrongType,
            JwtExpired => Code::JwtExpired,
            JwtBearer => Code::JwtBearer,
        }
    }

    /// Severity, basis and predicted reply: the code's, except where the detail decides.
    pub(crate) const fn judgement(self) -> (Severity, Basis, Reply) {
        match self {
            // `bearer`: the scheme is matched case-sensitively, so the header is ignored.
            Detail::BearerCase | Detail::QuotedValue => {
                (Severity::Error, Basis::Inferred, Reply::NotProvided)
            }
            Detail::QuotedToken => (Severity::Error, Basis::Inferred, Reply::BadPermanentToken),
            _ => self.code().usual(),
        }
    }

    pub(crate) const fn is_error(self) -> bool {
        matches!(self.judgement().0, Severity::Error)
    }
}

/// One stored diagnosis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Diag {
    pub(crate) span: Span32,
    pub(crate) detail: Detail,
}

/// The credential found, as offsets into the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cred {
    None,
    /// A permanent token at `span`: its id ends at `id_end` (the separator, or the span's end),
    /// its secret starts at `secret_start`.
    Permanent {
        span: Span32,
        separator: Option<Separator>,
        id_end: u32,
        secret_start: u32,
    },
    /// A JWT whose payload could be read.
    Jwt {
        span: Span32,
        token_type: TokenType,
        exp: Option<u64>,
    },
}

/// Everything the pass learns besides the diagnoses kept.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Facts {
    /// The first error's detail: it decides the predicted reply.
    pub(crate) reply: Option<Detail>,
    /// The token as the server receives it, for "Bad permanent token: …", and where its secret
    /// starts in it (`u32::MAX`: no secret).
    pub(crate) echo: Span32,
    pub(crate) echo_secret: u32,
    /// The bytes holding secret material beyond what may be shown.
    pub(crate) secret: Option<Span32>,
    pub(crate) cred: Cred,
    /// The policy's clock, and its lengths (as far as `u32` goes), for messages.
    pub(crate) clock: Option<u64>,
    pub(crate) min: u32,
    pub(crate) expected: u32,
    /// Diagnoses not kept: beyond the capacity, or beyond 4 of one character code.
    pub(crate) dropped: u32,
    /// What kind of input was checked (a token input hides its whole credential).
    pub(crate) kind: InputKind,
    /// A header line whose name or colon is missing: where its value starts is a guess, so
    /// only the colon's own fix is offered.
    pub(crate) line_unsure: bool,
}

/// Where the pass writes: the caller's diagnosis storage and the facts.
pub(crate) struct Sink<'s> {
    pub(crate) diags: &'s mut heapless::vec::VecView<Diag, u8>,
    pub(crate) facts: &'s mut Facts,
}

impl Sink<'_> {
    /// Adds a diagnosis; the first error decides the predicted reply.
    pub(crate) fn push(&mut self, span: Span32, detail: Detail) {
        if self.facts.reply.is_none() && detail.is_error() {
            self.facts.reply = Some(detail);
        }
        if self.diags.push(Diag { span, detail }).is_err() {
            self.facts.dropped = self.facts.dropped.saturating_add(1);
        }
    }

    /// Adds a diagnosis whose reply echoes the token `echo` (secret from `secret_at` in it).
    pub(crate) fn push_echo(
        &mut self,
        span: Span32,
        detail: Detail,
        echo: Span32,
        secret_at: Option<usize>,
    ) {
        if self.facts.reply.is_none() {
            self.facts.echo = echo;
            self.facts.echo_secret = secret_at.map_or(u32::MAX, |s| s as u32);
        }
        self.push(span, detail);
    }
}
