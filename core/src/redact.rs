//! Printing input bytes safely: escaped, and never more than 4 characters of a secret.

use core::fmt;

use crate::base::Span;
use crate::hide::{Hidden, SHOWN_SECRET_CHARS};
use crate::report::{PermanentToken, Redacted};
use crate::unicode::Char;

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_secret(f, self.bytes)
    }
}

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\" ({} bytes)", self.bytes.len())
    }
}

/// The token as the server would receive it, for the "Bad permanent token: …" reply: shown
/// whole up to the secret, then at most 4 characters of the secret and `…`.
///
/// ```
/// use gcore_auth::TokenEcho;
/// assert_eq!(TokenEcho::new(b"29841", None).to_string(), "29841");
/// assert_eq!(TokenEcho::new(b"29841_c767abcdef", Some(6)).to_string(), "29841_c767…");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TokenEcho<'a> {
    raw: &'a [u8],
    secret_start: Option<usize>,
}

impl<'a> TokenEcho<'a> {
    /// The token bytes as sent and where its secret starts (the byte after the separator).
    pub const fn new(raw: &'a [u8], secret_start: Option<usize>) -> TokenEcho<'a> {
        TokenEcho { raw, secret_start }
    }
}

impl fmt::Display for TokenEcho<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.secret_start {
            Some(at) if at <= self.raw.len() => {
                write_escaped(f, &self.raw[..at])?;
                write_secret(f, &self.raw[at..])
            }
            _ => write_escaped(f, self.raw),
        }
    }
}

impl fmt::Debug for TokenEcho<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// Writes the first 4 characters of a secret, then `…` if there is more.
fn write_secret(f: &mut fmt::Formatter<'_>, secret: &[u8]) -> fmt::Result {
    let shown = crate::hide::skip_chars(secret, SHOWN_SECRET_CHARS);
    write_plain(f, &secret[..shown], usize::MAX)?;
    if shown < secret.len() {
        f.write_str("…")?;
    }
    Ok(())
}

/// Writes bytes with every non-printable or non-ASCII character escaped (`\n`, `\u{200b}`,
/// `\xff`) and every secret the redaction rule finds ([`crate::Hidden`]) cut to what may be
/// shown of it and `…`.
pub(crate) fn write_escaped(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    write_redacted(f, bytes, Hidden::new(bytes, &[]), usize::MAX).map(|_| ())
}

/// Writes `bytes` escaped, each range of `hidden` (ranges of `bytes`) as `…`, stopping once
/// `limit` input bytes are written. Returns true when it stopped early.
pub(crate) fn write_redacted(
    f: &mut fmt::Formatter<'_>,
    bytes: &[u8],
    hidden: impl IntoIterator<Item = Span>,
    limit: usize,
) -> Result<bool, fmt::Error> {
    let mut at = 0;
    for hidden in hidden {
        if write_plain(f, &bytes[at..hidden.start], limit.saturating_sub(at))? {
            return Ok(true);
        }
        if hidden.start >= limit {
            return Ok(true);
        }
        f.write_str("…")?;
        at = hidden.end;
    }
    write_plain(f, &bytes[at..], limit.saturating_sub(at))
}

/// Writes bytes escaped, stopping once `limit` of them are written; true when it stopped.
fn write_plain(f: &mut fmt::Formatter<'_>, bytes: &[u8], limit: usize) -> Result<bool, fmt::Error> {
    let mut i = 0;
    while let Some((c, n)) = crate::unicode::next_char(&bytes[i..]) {
        if i >= limit {
            return Ok(true);
        }
        write_char_escaped(f, c)?;
        i += n;
    }
    Ok(false)
}

pub(crate) fn write_char_escaped(f: &mut fmt::Formatter<'_>, c: Char) -> fmt::Result {
    match c {
        Char::Valid('\n') => f.write_str("\\n"),
        Char::Valid('\r') => f.write_str("\\r"),
        Char::Valid('\t') => f.write_str("\\t"),
        Char::Valid('\0') => f.write_str("\\0"),
        Char::Valid('\\') => f.write_str("\\\\"),
        Char::Valid(c) if c == ' ' || c.is_ascii_graphic() => {
            let mut buf = [0u8; 4];
            f.write_str(c.encode_utf8(&mut buf))
        }
        Char::Valid(c) => write!(f, "\\u{{{:x}}}", c as u32),
        Char::Invalid(b) => write!(f, "\\x{b:02x}"),
    }
}

/// The whole input, escaped, with its hidden ranges shown as `…`.
pub(crate) struct Input<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) hidden: Hidden<'a>,
}

impl fmt::Display for Input<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_redacted(f, self.input, self.hidden.clone(), usize::MAX).map(|_| ())
    }
}

/// Displays any bytes escaped and redacted, as every output of this crate does.
///
/// ```
/// use gcore_auth::Escaped;
/// assert_eq!(Escaped(b"APIKey\xe2\x80\x8b 1\n").to_string(), "APIKey\\u{200b} 1\\n");
/// ```
#[derive(Clone, Copy)]
pub struct Escaped<'a>(pub &'a [u8]);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(f, self.0)
    }
}

impl fmt::Debug for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

impl fmt::Debug for PermanentToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PermanentToken")
            .field("id", &Escaped(self.id.as_bytes()))
            .field("separator", &self.separator)
            .field("secret", &self.secret)
            .field("span", &self.span)
            .finish()
    }
}

impl fmt::Display for PermanentToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Escaped(self.id.as_bytes()))?;
        if let Some(sep) = self.separator {
            write!(f, "{}", sep.as_char())?;
        }
        write!(f, "{}", self.secret)
    }
}
