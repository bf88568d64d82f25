//! The vocabulary every layer shares: byte spans, input kinds, token separators and JWT token
//! types. Depends on nothing else in the crate.

/// A byte range into the checked input. Always on character boundaries when the input is UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
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

/// A span as stored in a report: two `u32` offsets (a checked input is at most
/// [`MAX_INPUT`] bytes long).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Span32 {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

/// The longest input a check reads; bytes after it are not looked at.
pub(crate) const MAX_INPUT: usize = u32::MAX as usize;

impl Span32 {
    /// `start..end`; both are offsets into an input of at most [`MAX_INPUT`] bytes.
    pub(crate) const fn new(start: usize, end: usize) -> Span32 {
        Span32 {
            start: start as u32,
            end: end as u32,
        }
    }

    pub(crate) const fn wide(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

impl From<Span> for Span32 {
    fn from(s: Span) -> Span32 {
        Span32::new(s.start, s.end)
    }
}

/// What kind of input was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
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

/// The separator between a permanent token's id and its secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
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

/// The `token_type` claim of a JWT.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
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
