//! Reading a JWT without allocating and without a decoded copy: each part's base64url is
//! decoded a byte at a time while just enough of its JSON is walked to find `token_type` and
//! `exp`. Nothing on the way is larger than a few dozen bytes, whatever the part's length.

use core::fmt;

use crate::base::TokenType;
use crate::class::{self, B64URL};

/// The largest decoded header or payload read.
pub(crate) const MAX_PART: usize = 2048;
/// Nesting deeper than this inside a claim value is not read.
const MAX_DEPTH: usize = 32;

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
    let Ok(mut header) = Decoder::new(header, 1) else {
        return false;
    };
    let mut seen = false;
    walk_object(&mut header, &mut |key, _| {
        seen |= key.is(b"alg") || key.is(b"typ")
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
    let mut claims = Claims {
        token_type: TokenType::Missing,
        exp: None,
    };
    walk_object(&mut Decoder::new(header, 1)?, &mut |_, _| {}).map_err(|()| Error::NotJson(1))?;
    walk_object(&mut Decoder::new(payload, 2)?, &mut |key, value| {
        if key.is(b"token_type") {
            claims.token_type = if value.raw.is(b"\"access\"") {
                TokenType::Access
            } else if value.raw.is(b"\"refresh\"") {
                TokenType::Refresh
            } else {
                TokenType::Other
            };
        } else if key.is(b"exp") {
            claims.exp = value.whole.get();
        }
    })
    .map_err(|()| Error::NotJson(2))?;
    Ok(claims)
}

/// The value of a base64url character.
fn sextet(b: u8) -> Option<u8> {
    Some(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    })
}

/// A base64url part (padding optional), decoded a chunk of up to 4 characters at a time as its
/// bytes are read. A final chunk of 2 or 3 characters gives 1 or 2 bytes; the bits left over
/// need not be zero.
struct Decoder<'a> {
    /// The characters not decoded yet.
    rest: &'a [u8],
    /// The bytes of the chunk decoded last, `chunk[at..len]` not read yet.
    chunk: [u8; 3],
    at: usize,
    len: usize,
}

impl<'a> Decoder<'a> {
    /// Checks part `n` as a whole before any of it is read: its length, then its characters.
    fn new(part: &'a [u8], n: u8) -> Result<Self, Error> {
        let body = part
            .strip_suffix(b"==")
            .or_else(|| part.strip_suffix(b"="))
            .unwrap_or(part);
        if body.len() % 4 == 1 {
            return Err(Error::Base64(n));
        }
        if body.len() / 4 * 3 + 2 > MAX_PART {
            return Err(Error::TooLong(n));
        }
        if body.iter().any(|&b| sextet(b).is_none()) {
            return Err(Error::Base64(n));
        }
        Ok(Decoder {
            rest: body,
            chunk: [0; 3],
            at: 0,
            len: 0,
        })
    }

    /// The next byte, not taken.
    fn peek(&mut self) -> Option<u8> {
        while self.at == self.len {
            if self.rest.is_empty() {
                return None;
            }
            let (chunk, rest) = self.rest.split_at(self.rest.len().min(4));
            self.rest = rest;
            let mut acc = 0u32;
            for (k, &c) in chunk.iter().enumerate() {
                acc |= u32::from(sextet(c).unwrap_or(0)) << (18 - 6 * k);
            }
            let [_, b0, b1, b2] = acc.to_be_bytes();
            self.chunk = [b0, b1, b2];
            self.at = 0;
            self.len = chunk.len() - 1;
        }
        Some(self.chunk[self.at])
    }

    /// Takes the byte [`Decoder::peek`] has just given.
    fn bump(&mut self) {
        self.at += 1;
    }

    /// Takes the next byte when it is `b`.
    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.bump();
        }
        hit
    }

    /// Takes JSON whitespace.
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.bump();
        }
    }
}

impl Iterator for Decoder<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.bump();
        Some(b)
    }
}

/// The first bytes of a key or raw value and its length: enough to compare it with a name.
#[derive(Default)]
struct Text {
    head: [u8; 16],
    len: usize,
}

impl Text {
    fn push(&mut self, b: u8) {
        if let Some(slot) = self.head.get_mut(self.len) {
            *slot = b;
        }
        self.len = self.len.saturating_add(1);
    }

    /// The text is exactly `s`.
    fn is(&self, s: &[u8]) -> bool {
        self.head.get(..self.len) == Some(s)
    }
}

/// The integer part of a non-negative JSON number (`1700000000`, `1700000000.5`), read a byte
/// at a time: digits, then the end or a `.`.
struct Whole {
    /// The digits so far; `None` once past `u64`.
    acc: Option<u64>,
    digits: usize,
    /// Set at the first byte that is no digit: whether it is a `.` after a digit.
    stop: Option<bool>,
}

impl Default for Whole {
    fn default() -> Self {
        Whole {
            acc: Some(0),
            digits: 0,
            stop: None,
        }
    }
}

impl Whole {
    fn push(&mut self, b: u8) {
        if self.stop.is_some() {
            return;
        }
        if b.is_ascii_digit() {
            self.acc = self
                .acc
                .and_then(|a| a.checked_mul(10)?.checked_add(u64::from(b - b'0')));
            self.digits += 1;
        } else {
            self.stop = Some(self.digits > 0 && b == b'.');
        }
    }

    fn get(&self) -> Option<u64> {
        if self.digits == 0 || self.stop == Some(false) {
            None
        } else {
            self.acc
        }
    }
}

/// A top-level value as it is walked: its raw text (quotes included, escapes as written) and
/// whether it is a whole number.
#[derive(Default)]
struct Value {
    raw: Text,
    whole: Whole,
}

impl Value {
    fn push(&mut self, b: u8) {
        self.raw.push(b);
        self.whole.push(b);
    }
}

/// A scalar other than a string: a run of these.
fn is_bare(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')
}

/// A JSON string, `push` given the bytes between its quotes as written. Escapes are
/// `\" \\ \/ \b \f \n \r \t` and `\u` (its hex digits are plain bytes).
fn string(src: &mut Decoder<'_>, mut push: impl FnMut(u8)) -> Result<(), ()> {
    if !src.eat(b'"') {
        return Err(());
    }
    loop {
        match src.next().ok_or(())? {
            b'"' => return Ok(()),
            b'\\' => {
                let e = src.next().ok_or(())?;
                if !b"\"\\/bfnrtu".contains(&e) {
                    return Err(());
                }
                push(b'\\');
                push(e);
            }
            b => push(b),
        }
    }
}

/// A JSON string with its quotes, into `v`.
fn quoted(src: &mut Decoder<'_>, v: &mut Value) -> Result<(), ()> {
    v.push(b'"');
    string(src, |b| v.push(b))?;
    v.push(b'"');
    Ok(())
}

/// A value: an object or array (skipped without recursion: depth counted, any bracket closing
/// any, strings respected), a string, or a bare scalar.
fn value(src: &mut Decoder<'_>, v: &mut Value) -> Result<(), ()> {
    match src.peek().ok_or(())? {
        b'{' | b'[' => {
            let mut depth = 0usize;
            loop {
                let b = src.peek().ok_or(())?;
                if b == b'"' {
                    quoted(src, v)?;
                    continue;
                }
                src.bump();
                v.push(b);
                match b {
                    b'{' | b'[' => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Err(());
                        }
                    }
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(());
                        }
                    }
                    _ => {}
                }
            }
        }
        b'"' => quoted(src, v),
        b if is_bare(b) => {
            while let Some(b) = src.peek().filter(|&b| is_bare(b)) {
                src.bump();
                v.push(b);
            }
            Ok(())
        }
        _ => Err(()),
    }
}

/// Walks exactly one JSON object (whitespace around it allowed), calling `on` with each
/// top-level key (as written, without quotes) and value, in order.
fn walk_object(src: &mut Decoder<'_>, on: &mut dyn FnMut(&Text, &Value)) -> Result<(), ()> {
    src.skip_ws();
    if !src.eat(b'{') {
        return Err(());
    }
    src.skip_ws();
    if !src.eat(b'}') {
        loop {
            let mut key = Text::default();
            string(src, |b| key.push(b))?;
            src.skip_ws();
            if !src.eat(b':') {
                return Err(());
            }
            src.skip_ws();
            let mut v = Value::default();
            value(src, &mut v)?;
            src.skip_ws();
            on(&key, &v);
            if !src.eat(b',') {
                break;
            }
            src.skip_ws();
        }
        if !src.eat(b'}') {
            return Err(());
        }
    }
    src.skip_ws();
    match src.peek() {
        None => Ok(()),
        Some(_) => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::format;
    use std::string::String;
    use std::vec::Vec;

    /// The reader as it was before the streaming one: each part decoded into a buffer, then
    /// read with nom. The property below holds the streaming reader to its answers.
    mod reference {
        use nom::Parser;
        use nom::branch::alt;
        use nom::bytes::complete::{escaped, is_not, tag, take_while1};
        use nom::character::complete::{multispace0, one_of};
        use nom::combinator::{opt, recognize};
        use nom::sequence::delimited;

        use super::super::{Claims, Error, MAX_DEPTH, MAX_PART};
        use crate::base::TokenType;
        use crate::class;

        type Res<'i, O> = nom::IResult<&'i [u8], O, ()>;

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

        pub(super) fn has_jwt_header(w: &[u8]) -> bool {
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

        pub(super) fn read(token: &[u8]) -> Result<Claims, Error> {
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
    }

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

    /// Walks `json` as the decoder gives it, whatever its length.
    fn walk_json(json: &[u8], on: &mut dyn FnMut(&Text, &Value)) -> Result<(), ()> {
        let encoded = b64(json);
        let mut src = Decoder {
            rest: encoded.as_bytes(),
            chunk: [0; 3],
            at: 0,
            len: 0,
        };
        walk_object(&mut src, on)
    }

    #[test]
    fn reads_nested_claims_and_ignores_them() {
        let mut keys = 0;
        walk_json(
            br#"{"a": [1, {"b": "}"}], "exp": 5, "c": {"d": []}}"#,
            &mut |_, _| keys += 1,
        )
        .unwrap();
        assert_eq!(keys, 3);
    }

    #[test]
    fn keys_and_values_are_seen_as_written() {
        let mut seen = Vec::new();
        walk_json(
            br#" { "al\u0067" : "a\"b" , "exp":[1], "e":-1.5e3 } "#,
            &mut |k, v| seen.push((k.len, k.is(br"al\u0067"), v.raw.len, v.whole.get())),
        )
        .unwrap();
        assert_eq!(
            seen,
            [(8, true, 6, None), (3, false, 3, None), (1, false, 6, None)]
        );
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
            b"{\"a\":\"\\x\"}",
            b"",
        ] {
            assert!(walk_json(bad, &mut |_, _| {}).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let mut deep = [b'['; 4000];
        deep[0] = b'{';
        assert!(walk_json(&deep, &mut |_, _| {}).is_err());
        // 32 levels inside a value are read, 33 are not.
        for (depth, ok) in [(32, true), (33, false)] {
            let json = format!("{{\"a\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
            assert_eq!(walk_json(json.as_bytes(), &mut |_, _| {}).is_ok(), ok);
        }
    }

    #[test]
    fn decodes_base64url() {
        let out: Vec<u8> = Decoder::new(b"eyJ0eXAiOiJKV1QifQ", 1).unwrap().collect();
        assert_eq!(out, br#"{"typ":"JWT"}"#);
        assert_eq!(Decoder::new(b"a", 2).err(), Some(Error::Base64(2)));
        assert_eq!(Decoder::new(b"ab*d", 2).err(), Some(Error::Base64(2)));
        // Padding or not, a final chunk of 2 or 3 characters, bits left over that are not zero.
        for (part, bytes) in [
            (&b"e30"[..], &b"{}"[..]),
            (b"e30=", b"{}"),
            (b"e30==", b"{}"),
            (b"e31", b"{}"),
            (b"ew", b"{"),
            (b"e_", b"{"),
            (b"", b""),
            (b"==", b""),
        ] {
            let out: Vec<u8> = Decoder::new(part, 1).unwrap().collect();
            assert_eq!(out, bytes, "{part:?}");
        }
        assert_eq!(Decoder::new(b"e30===", 1).err(), Some(Error::Base64(1)));
        assert_eq!(Decoder::new(b"e3=0", 1).err(), Some(Error::Base64(1)));
    }

    #[test]
    fn the_length_is_judged_before_the_characters() {
        let long = [b'*'; 2736];
        assert_eq!(
            Decoder::new(&long[..2732], 2).err(),
            Some(Error::TooLong(2))
        );
        assert_eq!(Decoder::new(&long[..2731], 2).err(), Some(Error::Base64(2)));
        assert_eq!(Decoder::new(&long[..2733], 2).err(), Some(Error::Base64(2)));
    }

    /// A payload of `len` bytes of JSON with both claims.
    fn payload_of(len: usize) -> Vec<u8> {
        let mut payload = br#"{"token_type":"access","exp":1700000000,"pad":""#.to_vec();
        payload.resize(len - 2, b'x');
        payload.extend(b"\"}");
        payload
    }

    #[test]
    fn a_long_payload_reads() {
        let claims = Claims {
            token_type: TokenType::Access,
            exp: Some(1_700_000_000),
        };
        for (len, want) in [
            (1500, Ok(claims)),
            (MAX_PART, Ok(claims)),
            (MAX_PART + 1, Err(Error::TooLong(2))),
        ] {
            let payload = payload_of(len);
            assert_eq!(payload.len(), len);
            let token = format!("{}.{}.c2ln", b64(br#"{"alg":"HS256"}"#), b64(&payload));
            assert_eq!(read(token.as_bytes()), want, "{len}");
            assert!(has_jwt_header(token.as_bytes()));
        }
    }

    #[test]
    fn the_last_claim_wins() {
        let token = format!(
            "e30.{}",
            b64(br#"{"exp":5,"token_type":"refresh","exp":"5","token_type":"access"}"#)
        );
        assert_eq!(
            read(token.as_bytes()),
            Ok(Claims {
                token_type: TokenType::Access,
                exp: None,
            })
        );
    }

    fn whole_number(v: &[u8]) -> Option<u64> {
        let mut w = Whole::default();
        v.iter().for_each(|&b| w.push(b));
        w.get()
    }

    #[test]
    fn exp_must_be_a_whole_number() {
        assert_eq!(whole_number(b"1700000000"), Some(1_700_000_000));
        assert_eq!(whole_number(b"1700000000.25"), Some(1_700_000_000));
        assert_eq!(whole_number(b"\"1700000000\""), None);
        assert_eq!(whole_number(b"-5"), None);
        assert_eq!(whole_number(b"99999999999999999999999"), None);
        assert_eq!(whole_number(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(whole_number(b"1."), Some(1));
        assert_eq!(whole_number(b".5"), None);
        assert_eq!(whole_number(b"1e5"), None);
    }

    /// base64url of `bytes`, without padding.
    fn b64(bytes: &[u8]) -> String {
        const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let mut b = [0u8; 3];
            b[..chunk.len()].copy_from_slice(chunk);
            let n = u32::from_be_bytes([0, b[0], b[1], b[2]]);
            for k in 0..=chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * k)) as usize & 63]));
            }
        }
        out
    }

    fn strs(list: &[&'static str]) -> impl Strategy<Value = String> + use<> {
        prop::sample::select(list.to_vec()).prop_map(String::from)
    }

    /// JSON whitespace mostly, sometimes a byte that only looks like it.
    fn ws() -> impl Strategy<Value = String> {
        prop_oneof![
            150 => Just(String::new()),
            50 => "[ \t\r\n]{1,3}",
            1 => strs(&["\u{b}", "\u{c}", "\u{a0}"]),
        ]
    }

    /// A JSON string, its escapes sometimes wrong.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            75 => "[a-zA-Z0-9 _.:,{}-]{1,4}",
            25 => strs(&[r#"\""#, r"\\", r"\/", r"\b", r"\f", r"\n", r"\r", r"\t", r"\u00e9", r"\u"]),
            1 => strs(&[r"\x", r"\", "\"", "é", "\u{0}", "[", "]", r"\\\"]),
        ];
        prop::collection::vec(piece, 0..5).prop_map(|p| format!("\"{}\"", p.concat()))
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            60 => strs(&["\"token_type\"", "\"exp\"", "\"alg\"", "\"typ\""]),
            20 => strs(&[
                "\"a\"", "\"token_typ\"", "\"token_type_\"", "\"exp \"", "\"EXP\"",
                r#""al\u0067""#, r#""x\"""#, "\"\"", "\"0123456789abcdefg\"",
            ]),
            10 => text(),
            1 => strs(&["exp", "'exp'", "\"exp", "1", "{}"]),
        ]
    }

    fn scalar() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => strs(&[
                "\"access\"", "\"refresh\"", "\"Access\"", "\"access \"", r#""acc\u0065ss""#,
                "access", "\"\"", "\"accessx\"", "\"refres\"", "1700000000", "1700000000.5",
                "\"1700000000\"", "-5", "1e9", "1.", "1.2.3", ".5", "007", "0",
                "18446744073709551615", "18446744073709551616", "99999999999999999999999",
                "true", "null", "+1", "1-2", "1.e5",
            ]),
            2 => "[0-9]{1,22}(\\.[0-9a-z]{0,3})?",
            1 => "[A-Za-z0-9+.-]{1,6}",
            2 => text(),
        ]
    }

    /// Brackets nested around the depth limit, `[` or `{` chosen by `bits`.
    fn deep() -> impl Strategy<Value = String> {
        (28usize..36, any::<u64>()).prop_map(|(n, bits)| {
            let pick = |k: usize, open: bool| match (bits >> (k % 64) & 1 == 1, open) {
                (true, true) => '{',
                (true, false) => '}',
                (false, true) => '[',
                (false, false) => ']',
            };
            let open: String = (0..n).map(|k| pick(k, true)).collect();
            let close: String = (0..n).rev().map(|k| pick(k, false)).collect();
            format!("{open}{close}")
        })
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![40 => scalar(), 1 => deep()].prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec((ws(), inner.clone(), ws()), 0..4).prop_map(|items| {
                    let items: Vec<String> =
                        items.iter().map(|(a, v, b)| format!("{a}{v}{b}")).collect();
                    format!("[{}]", items.join(","))
                }),
                prop::collection::vec((key(), ws(), inner, ws()), 0..4).prop_map(|members| {
                    let members: Vec<String> = members
                        .iter()
                        .map(|(k, a, v, b)| format!("{k}{a}:{b}{v}"))
                        .collect();
                    format!("{{{}}}", members.join(","))
                }),
            ]
        })
    }

    /// A member: `token_type` or `exp` with a value of their kind, or any key and value.
    fn member() -> impl Strategy<Value = (String, String)> {
        let token_type = strs(&[
            "\"access\"",
            "\"refresh\"",
            "\"Access\"",
            "\"access \"",
            r#""acc\u0065ss""#,
            "access",
            "\"refresh\\\"\"",
            "[\"access\"]",
            "\"\"",
        ]);
        let exp = prop_oneof![3 => "[0-9]{1,21}(\\.[0-9]{0,2})?", 1 => scalar(), 1 => value()];
        prop_oneof![
            2 => (strs(&["\"token_type\""]), token_type),
            2 => (strs(&["\"exp\""]), exp),
            4 => (key(), value()),
            1 => (key(), deep()),
        ]
    }

    fn object() -> impl Strategy<Value = String> {
        (
            ws(),
            prop::collection::vec((ws(), member(), ws(), ws(), ws()), 0..5),
            ws(),
        )
            .prop_map(|(before, members, after)| {
                let members: Vec<String> = members
                    .iter()
                    .map(|(a, (k, v), b, c, d)| format!("{a}{k}{b}:{c}{v}{d}"))
                    .collect();
                format!("{before}{{{}}}{after}", members.join(","))
            })
    }

    /// JSON-ish text: mostly an object, sometimes another value or one near [`MAX_PART`]
    /// bytes, sometimes with a byte inserted, deleted or cut off.
    fn json() -> impl Strategy<Value = Vec<u8>> {
        let base = prop_oneof![
            6 => object(),
            1 => value(),
            1 => (1990usize..2060)
                .prop_map(|n| format!("{{\"exp\":5,\"p\":\"{}\"}}", "x".repeat(n - 16))),
        ];
        (
            base,
            0u8..16,
            any::<prop::sample::Index>(),
            prop::sample::select(b"{}[]\",:\\ x1.\t\0".to_vec()),
        )
            .prop_map(|(text, how, at, b)| {
                let mut t = text.into_bytes();
                match how {
                    4 => t.truncate(at.index(t.len() + 1)),
                    5 => t.insert(at.index(t.len() + 1), b),
                    6 if !t.is_empty() => {
                        t.remove(at.index(t.len()));
                    }
                    7 => t.push(b),
                    _ => {}
                }
                t
            })
    }

    /// One dot-separated part: base64url of JSON-ish text (padded or not, sometimes damaged),
    /// random base64url, or random bytes.
    fn part() -> impl Strategy<Value = Vec<u8>> {
        let encoded = (
            json(),
            0u8..12,
            0u8..40,
            any::<prop::sample::Index>(),
            prop::sample::select(b"AQgw_-+/=* \xc3.".to_vec()),
        )
            .prop_map(|(json, pad, how, at, b)| {
                let mut e = b64(&json).into_bytes();
                match pad {
                    1 => e.resize(e.len().div_ceil(4) * 4, b'='),
                    2 => e.push(b'='),
                    3 => e.extend(b"=="),
                    4 => e.extend(b"==="),
                    _ => {}
                }
                match how {
                    6 => e.push(b),
                    7 if !e.is_empty() => *e.last_mut().unwrap() = b,
                    8 => e.insert(at.index(e.len() + 1), b),
                    9 if !e.is_empty() => {
                        e.remove(at.index(e.len()));
                    }
                    _ => {}
                }
                e
            });
        prop_oneof![
            24 => encoded,
            2 => "[A-Za-z0-9_-]{0,24}={0,3}".prop_map(String::into_bytes),
            1 => (2720usize..2740).prop_map(|n| b"ICAg".repeat(700)[..n].to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..24),
        ]
    }

    /// Two to four parts, three most often.
    fn token() -> impl Strategy<Value = Vec<Vec<u8>>> {
        let parts = |n| prop::collection::vec(part(), n);
        prop_oneof![1 => parts(2), 4 => parts(3), 1 => parts(4)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn reads_as_the_buffered_reader_did(parts in token()) {
            let token = parts.join(&b'.');
            prop_assert_eq!(read(&token), reference::read(&token));
            prop_assert_eq!(has_jwt_header(&token), reference::has_jwt_header(&token));
        }
    }
}
