//! Reading a JWT without allocating: base64url into a fixed buffer, then just enough JSON
//! (read with nom) to find `token_type` and `exp`.

use core::fmt;

use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{escaped, is_not, tag, take_while1};
use nom::character::complete::{multispace0, one_of};
use nom::combinator::{opt, recognize};
use nom::sequence::delimited;

use crate::class::{self, B64URL};
use crate::report::TokenType;

/// The largest decoded header or payload read.
pub(crate) const MAX_PART: usize = 2048;
/// Nesting deeper than this inside a claim value is not read.
const MAX_DEPTH: usize = 32;

type Res<'i, O> = nom::IResult<&'i [u8], O, ()>;

/// Why a JWT could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Error {
    /// Part 1 or 2 is not base64url.
    Base64(u8),
    /// A part decodes to more than [`MAX_PART`] bytes.
    TooLong(u8),
    /// Part 1 or 2 is not a JSON object.
    NotJson(u8),
    /// The payload has no whole-number `exp` claim.
    NoExp,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = |p: &u8| if *p == 1 { "header" } else { "payload" };
        match self {
            Error::Base64(p) => write!(f, "the {} is not base64url", part(p)),
            Error::TooLong(p) => write!(f, "the {} is longer than {MAX_PART} bytes", part(p)),
            Error::NotJson(p) => write!(f, "the {} is not a JSON object", part(p)),
            Error::NoExp => f.write_str("the payload has no whole-number `exp` claim"),
        }
    }
}

/// What the payload says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Claims {
    pub(crate) token_type: TokenType,
    pub(crate) exp: Option<u64>,
}

/// Three non-empty base64url parts joined by dots (a trailing `=` padding allowed).
pub(crate) fn is_three_parts(w: &[u8]) -> bool {
    if class::count_byte(w, b'.') != 2 {
        return false;
    }
    let mut parts = 0;
    for part in w.split(|&b| b == b'.') {
        parts += 1;
        let body = part
            .strip_suffix(b"==")
            .or_else(|| part.strip_suffix(b"="))
            .unwrap_or(part);
        if body.is_empty() || class::run(body, B64URL) != body.len() {
            return false;
        }
    }
    parts == 3
}

/// Decodes base64url (padding optional) into `out`; the number of bytes written.
fn decode(input: &[u8], out: &mut [u8; MAX_PART], part: u8) -> Result<usize, Error> {
    let input = input
        .strip_suffix(b"==")
        .or_else(|| input.strip_suffix(b"="))
        .unwrap_or(input);
    if input.len() % 4 == 1 {
        return Err(Error::Base64(part));
    }
    if input.len() / 4 * 3 + 2 > MAX_PART {
        return Err(Error::TooLong(part));
    }
    let val = |b: u8| -> Result<u32, Error> {
        Ok(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return Err(Error::Base64(part)),
        } as u32)
    };
    let mut n = 0;
    for chunk in input.chunks(4) {
        let mut acc = 0u32;
        for (k, &b) in chunk.iter().enumerate() {
            acc |= val(b)? << (18 - 6 * k);
        }
        let bytes = acc.to_be_bytes();
        let len = chunk.len() - 1;
        out[n..n + len].copy_from_slice(&bytes[1..1 + len]);
        n += len;
    }
    Ok(n)
}

/// Three parts whose first decodes to a JWT header (a JSON object with `alg` or `typ`): a JWT,
/// even when a later part is corrupt (a pasted character, a cut signature).
pub(crate) fn has_jwt_header(w: &[u8]) -> bool {
    if class::count_byte(w, b'.') != 2 {
        return false;
    }
    let header = w.split(|&b| b == b'.').next().unwrap_or(&[]);
    if header.is_empty() {
        return false;
    }
    let mut buf = [0u8; MAX_PART];
    let Ok(n) = decode(header, &mut buf, 1) else {
        return false;
    };
    let mut seen = false;
    read_object(&buf[..n], &mut |key, _| {
        seen |= matches!(key, b"alg" | b"typ")
    })
    .is_ok()
        && seen
}

/// Decodes and reads a three-part JWT.
pub(crate) fn read(token: &[u8]) -> Result<Claims, Error> {
    let mut parts = token.split(|&b| b == b'.');
    let (Some(header), Some(payload)) = (parts.next(), parts.next()) else {
        return Err(Error::Base64(1));
    };
    let mut buf = [0u8; MAX_PART];
    let n = decode(header, &mut buf, 1)?;
    let mut claims = Claims {
        token_type: TokenType::Missing,
        exp: None,
    };
    read_object(&buf[..n], &mut |_, _| {}).map_err(|()| Error::NotJson(1))?;
    let n = decode(payload, &mut buf, 2)?;
    read_object(&buf[..n], &mut |key, value| match key {
        b"token_type" => {
            claims.token_type = match value {
                b"\"access\"" => TokenType::Access,
                b"\"refresh\"" => TokenType::Refresh,
                _ => TokenType::Other,
            }
        }
        b"exp" => claims.exp = whole_number(value),
        _ => {}
    })
    .map_err(|()| Error::NotJson(2))?;
    Ok(claims)
}

/// The integer part of a non-negative JSON number (`1700000000`, `1700000000.5`).
fn whole_number(v: &[u8]) -> Option<u64> {
    let digits = class::run(v, class::DIGIT);
    if digits == 0 || !(digits == v.len() || v[digits] == b'.') {
        return None;
    }
    v[..digits].iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

fn string(i: &[u8]) -> Res<'_, &[u8]> {
    recognize(delimited(
        tag("\""),
        opt(escaped(is_not("\"\\"), '\\', one_of("\"\\/bfnrtu"))),
        tag("\""),
    ))
    .parse_complete(i)
}

fn scalar(i: &[u8]) -> Res<'_, &[u8]> {
    alt((
        string,
        take_while1(|b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')),
    ))
    .parse_complete(i)
}

/// A nested object or array, skipped without recursion (depth counted, strings respected).
fn nested(i: &[u8]) -> Res<'_, &[u8]> {
    let mut depth = 0usize;
    let mut k = 0;
    while k < i.len() {
        match i[k] {
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(nom::Err::Error(()));
                }
                k += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1).ok_or(nom::Err::Error(()))?;
                k += 1;
                if depth == 0 {
                    return Ok((&i[k..], &i[..k]));
                }
            }
            b'"' => {
                let (_, s) = string(&i[k..])?;
                k += s.len();
            }
            _ if depth == 0 => return Err(nom::Err::Error(())),
            _ => k += 1,
        }
    }
    Err(nom::Err::Error(()))
}

fn value(i: &[u8]) -> Res<'_, &[u8]> {
    alt((nested, scalar)).parse_complete(i)
}

/// Reads a JSON object, calling `on` with each top-level key (without quotes) and raw value.
fn read_object(i: &[u8], on: &mut dyn FnMut(&[u8], &[u8])) -> Result<(), ()> {
    let ws = |i| multispace0::<_, ()>(i);
    let (mut i, _) = (ws, tag("{"), ws).parse_complete(i).map_err(|_| ())?;
    if let Ok((rest, _)) = (tag::<_, _, ()>("}"), ws).parse_complete(i) {
        return if rest.is_empty() { Ok(()) } else { Err(()) };
    }
    loop {
        let (rest, (key, _, _, _, v, _)) = (string, ws, tag(":"), ws, value, ws)
            .parse_complete(i)
            .map_err(|_| ())?;
        on(&key[1..key.len() - 1], v);
        if let Ok((rest, _)) = (tag::<_, _, ()>(","), ws).parse_complete(rest) {
            i = rest;
            continue;
        }
        let (rest, _) = (tag::<_, _, ()>("}"), ws)
            .parse_complete(rest)
            .map_err(|_| ())?;
        return if rest.is_empty() { Ok(()) } else { Err(()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jwt_header_makes_a_jwt() {
        // `{"alg":"HS256"}`, a payload with a pasted `!`, a signature.
        assert!(has_jwt_header(b"eyJhbGciOiJIUzI1NiJ9.e30!.c2ln"));
        assert!(has_jwt_header(b"eyJ0eXAiOiJKV1QifQ.x.y"));
        // `{}` has neither `alg` nor `typ`; two parts or four are no JWT; nor is plain text.
        assert!(!has_jwt_header(b"e30.e30.c2ln"));
        assert!(!has_jwt_header(b"eyJhbGciOiJIUzI1NiJ9.e30"));
        assert!(!has_jwt_header(b"eyJhbGciOiJIUzI1NiJ9.e30.c2ln.x"));
        assert!(!has_jwt_header(b"abc.def.ghi"));
        assert!(!has_jwt_header(b".e30.c2ln"));
    }

    #[test]
    fn reads_nested_claims_and_ignores_them() {
        let mut keys = 0;
        read_object(
            br#"{"a": [1, {"b": "}"}], "exp": 5, "c": {"d": []}}"#,
            &mut |_, _| keys += 1,
        )
        .unwrap();
        assert_eq!(keys, 3);
    }

    #[test]
    fn rejects_what_is_not_an_object() {
        for bad in [
            &b"[]"[..],
            b"{",
            b"{\"a\"}",
            b"{\"a\":1,}",
            b"not-json",
            b"{\"a\":1} x",
        ] {
            assert!(read_object(bad, &mut |_, _| {}).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let mut deep = [b'['; 4000];
        deep[0] = b'{';
        assert!(read_object(&deep, &mut |_, _| {}).is_err());
    }

    #[test]
    fn decodes_base64url() {
        let mut out = [0u8; MAX_PART];
        let n = decode(b"eyJ0eXAiOiJKV1QifQ", &mut out, 1).unwrap();
        assert_eq!(&out[..n], br#"{"typ":"JWT"}"#);
        assert_eq!(decode(b"a", &mut out, 2), Err(Error::Base64(2)));
        assert_eq!(decode(b"ab*d", &mut out, 2), Err(Error::Base64(2)));
    }

    #[test]
    fn exp_must_be_a_whole_number() {
        assert_eq!(whole_number(b"1700000000"), Some(1_700_000_000));
        assert_eq!(whole_number(b"1700000000.25"), Some(1_700_000_000));
        assert_eq!(whole_number(b"\"1700000000\""), None);
        assert_eq!(whole_number(b"-5"), None);
        assert_eq!(whole_number(b"99999999999999999999999"), None);
    }
}
