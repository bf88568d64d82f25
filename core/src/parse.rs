//! The diagnosis pass: reads a line, value or token and records every diagnosis.

use nom::Parser;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while1};
use nom::character::complete::space0;
use nom::combinator::recognize;
use nom::sequence::preceded;

use crate::class::{self, DIGIT, IDENT, TCHAR, WS};
use crate::code::{Basis, Code, Severity};
use crate::detail::{Detail, Glued, Near, NoSchemeKind};
use crate::jwt;
use crate::redact::{Char, TokenEcho};
use crate::report::{
    Credential, InputKind, JwtClaims, PermanentToken, ReplyKind, Report, Separator, ServerReply,
    TokenType,
};
use crate::view::View;
use crate::{Policy, Redacted};

type Res<'i, O> = nom::IResult<&'i [u8], O, ()>;

/// Where a range of the view came from: byte offsets into [`View::bytes`].
#[derive(Clone, Copy, Debug)]
struct R {
    start: usize,
    end: usize,
}

impl R {
    fn is_empty(self) -> bool {
        self.start == self.end
    }
    fn sub(self, from: usize, to: usize) -> R {
        R {
            start: self.start + from,
            end: self.start + to,
        }
    }
    fn from(self, at: usize) -> R {
        R {
            start: self.start + at,
            end: self.end,
        }
    }
}

struct Ctx<'v, 'a> {
    policy: &'v Policy,
    view: &'v View<'a>,
    report: &'v mut Report<'a>,
}

/// The fast path when it takes the input, else the diagnosis pass. Either fills the same
/// local report in place (no `Option` to move a report out of).
#[inline]
pub(crate) fn check<'a>(policy: &Policy, input: &'a [u8], kind: InputKind) -> Report<'a> {
    let mut report = Report::new(input, kind);
    if !crate::fast::fill(policy, &mut report) {
        diagnose(policy, &mut report);
    }
    report
}

/// The diagnosis pass alone, for any input.
pub(crate) fn diagnosis_pass<'a>(policy: &Policy, input: &'a [u8], kind: InputKind) -> Report<'a> {
    let mut report = Report::new(input, kind);
    diagnose(policy, &mut report);
    report
}

/// The diagnosis pass: fills an empty report of its input.
#[inline(never)]
fn diagnose<'a>(policy: &Policy, report: &mut Report<'a>) {
    let mut view = View::new(report.input);
    view.scan(report);
    let all = R {
        start: 0,
        end: view.bytes().len(),
    };
    let kind = report.kind;
    let mut cx = Ctx {
        policy,
        view: &view,
        report,
    };
    match kind {
        InputKind::Line => cx.line(),
        InputKind::Value => cx.value(all, true),
        InputKind::Token => cx.bare_token(all),
    }
}

/// True when `input` reads as a whole header line: a header-name token followed by a colon
/// (optionally after spaces), or a first word that is `Authorization` in any letter case or
/// within two edits of it.
///
/// ```
/// use gcore_auth::is_header_line;
/// assert!(is_header_line(b"Authorization: APIKey 29841_c767"));
/// assert!(is_header_line(b"X-API-Key: 29841_c767"));
/// assert!(is_header_line(b"Authorisation APIKey 29841_c767"));
/// assert!(!is_header_line(b"APIKey 29841_c767"));
/// assert!(!is_header_line(b"Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"));
/// ```
pub fn is_header_line(input: &[u8]) -> bool {
    let input = &input[class::run(input, WS)..];
    let name_len = class::run(input, TCHAR);
    let rest = &input[name_len..];
    let after_ws = &rest[class::run(rest, WS)..];
    if after_ws.first() == Some(&b':') {
        return true;
    }
    name_len > 0 && near_authorization(&input[..name_len])
}

/// `Authorization` in any case, or within two edits of it.
fn near_authorization(word: &[u8]) -> bool {
    word.len() < 24 && edit_distance_ci(word, b"authorization") <= 2
}

/// Optimal-string-alignment distance, ASCII case-insensitive, capped at 3: the callers only
/// ask whether two words are within two edits. Words of 32 bytes or more, and words whose
/// lengths differ by more than 2, are 3 at once; otherwise only the band of cells within two
/// of the diagonal is computed, on lowercased copies.
pub(crate) fn edit_distance_ci(a: &[u8], b: &[u8]) -> usize {
    const N: usize = 33;
    const FAR: u8 = 3;
    if a.len() >= N || b.len() >= N || a.len().abs_diff(b.len()) > 2 {
        return usize::from(FAR);
    }
    let mut la = [0u8; N];
    let mut lb = [0u8; N];
    for (d, s) in la.iter_mut().zip(a) {
        *d = s.to_ascii_lowercase();
    }
    for (d, s) in lb.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    let (a, b) = (&la[..a.len()], &lb[..b.len()]);
    let mut before = [FAR; N];
    let mut prev = [FAR; N];
    for (j, cell) in prev.iter_mut().enumerate().take(b.len().min(2) + 1) {
        *cell = j as u8;
    }
    for i in 1..=a.len() {
        let mut cur = [FAR; N];
        if i <= 2 {
            cur[0] = i as u8;
        }
        for j in i.saturating_sub(2).max(1)..=(i + 2).min(b.len()) {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            cur[j] = v.min(FAR);
        }
        before = prev;
        prev = cur;
    }
    usize::from(prev[b.len()])
}

/// Other headers people put a Gcore token in.
const ALTERNATIVE_NAMES: &[&[u8]] = &[
    b"x-api-key",
    b"api-key",
    b"apikey",
    b"api_key",
    b"x-apikey",
    b"x-auth-token",
    b"x-auth",
    b"auth",
    b"token",
    b"x-token",
    b"x-api-token",
    b"api-token",
    b"authentication",
    b"x-authentication",
    b"x-authorization",
    b"proxy-authorization",
    b"x-gcore-api-key",
    b"gcore-api-key",
    b"permanent-token",
    b"bearer",
];

fn is_ws(b: u8) -> bool {
    class::is(b, WS)
}

fn is_quote(b: u8) -> bool {
    b == b'"' || b == b'\''
}

fn ws0(i: &[u8]) -> Res<'_, &[u8]> {
    take_while(is_ws).parse_complete(i)
}

/// The first word of `i` and what follows it (SWAR search for the first space or tab).
fn word(i: &[u8]) -> Res<'_, &[u8]> {
    let n = class::find_ws(i);
    Ok((&i[n..], &i[..n]))
}

impl<'v, 'a> Ctx<'v, 'a> {
    fn bytes(&self, r: R) -> &'v [u8] {
        &self.view.bytes()[r.start..r.end]
    }

    fn raw(&self, r: R) -> &'a [u8] {
        self.view.raw(r.start, r.end)
    }

    fn push(&mut self, code: Code, r: R, detail: Detail<'a>) {
        let span = self.view.span(r.start, r.end);
        self.report.push_code(code, span, detail);
    }

    fn push_full(
        &mut self,
        code: Code,
        severity: Severity,
        basis: Basis,
        reply: ServerReply<'a>,
        r: R,
        detail: Detail<'a>,
    ) {
        let span = self.view.span(r.start, r.end);
        self.report
            .push_with(code, (severity, basis), reply, span, detail);
    }

    fn trim(&self, r: R) -> R {
        let b = self.bytes(r);
        let lead = class::run(b, WS);
        let trail = b[lead..].iter().rev().take_while(|&&c| is_ws(c)).count();
        r.sub(lead, b.len() - trail)
    }

    // ---- header line --------------------------------------------------------------------

    fn line(&mut self) {
        let all = R {
            start: 0,
            end: self.view.bytes().len(),
        };
        let b = self.bytes(all);
        let lead = class::run(b, WS);
        if lead > 0 {
            self.push(Code::HeaderSyntax, all.sub(0, lead), Detail::Folded);
        }
        let line = all.from(lead);
        let b = self.bytes(line);
        let name_len = class::run(b, TCHAR);
        let name = line.sub(0, name_len);
        let after = &b[name_len..];
        let gap = class::run(after, WS);
        let value = if after.get(gap) == Some(&b':') {
            if name_len == 0 {
                self.push(Code::HeaderSyntax, line.sub(0, 1), Detail::EmptyName);
            } else if gap > 0 {
                self.push(
                    Code::HeaderSyntax,
                    line.sub(name_len, name_len + gap),
                    Detail::SpaceBeforeColon,
                );
            }
            line.from(name_len + gap + 1)
        } else {
            // No colon: the rest after the name (and one `=` or `;` put for the colon).
            let at = name_len + gap;
            self.push(Code::HeaderSyntax, line.sub(name_len, at), Detail::NoColon);
            let skip = usize::from(matches!(after.get(gap), Some(b'=' | b';')));
            line.from(at + skip)
        };
        if name_len > 0 {
            let n = self.bytes(name);
            if !n.eq_ignore_ascii_case(b"authorization") {
                let raw_name = self.raw(name);
                let detail = if near_authorization(n) {
                    Detail::NameMisspelled(raw_name)
                } else if ALTERNATIVE_NAMES.iter().any(|a| n.eq_ignore_ascii_case(a)) {
                    Detail::NameAlternative(raw_name)
                } else {
                    self.push(Code::HeaderNameWrong, name, Detail::NameOther(raw_name));
                    return;
                };
                self.push(Code::HeaderNameWrong, name, detail);
            }
        }
        let value = self.trim(value);
        self.value(value, false);
    }

    // ---- header value -------------------------------------------------------------------

    /// `warn_outer`: leading and trailing whitespace deserve a warning (not in a line, where
    /// it is optional whitespace around the field value).
    fn value(&mut self, r: R, warn_outer: bool) {
        let b = self.bytes(r);
        let lead = class::run(b, WS);
        if lead == b.len() {
            self.push(Code::CredentialsEmpty, r, Detail::Empty);
            return;
        }
        let trail = b.iter().rev().take_while(|&&c| is_ws(c)).count();
        if warn_outer && lead > 0 {
            self.push(Code::Whitespace, r.sub(0, lead), Detail::Leading);
        }
        if warn_outer && trail > 0 {
            self.push(
                Code::Whitespace,
                r.sub(b.len() - trail, b.len()),
                Detail::Trailing,
            );
        }
        let mut r = r.sub(lead, b.len() - trail);

        // `Authorization: Authorization: …`
        let mut seen = false;
        loop {
            let b = self.bytes(r);
            let parsed: Res<'_, &[u8]> =
                recognize((tag_no_case("authorization"), space0, tag(":"))).parse_complete(b);
            let Ok((rest, name)) = parsed else { break };
            if !seen {
                self.push(
                    Code::HeaderNameInValue,
                    r.sub(0, name.len()),
                    Detail::NameInValue,
                );
                seen = true;
            }
            let skip = b.len() - rest.len();
            r = self.trim(r.from(skip));
            if r.is_empty() {
                self.push(Code::CredentialsEmpty, r, Detail::Empty);
                return;
            }
        }

        // Quotes around the whole value.
        let b = self.bytes(r);
        if b.len() >= 2 && is_quote(b[0]) && is_quote(b[b.len() - 1]) && b.iter().any(|&c| is_ws(c))
        {
            self.push_full(
                Code::Quoted,
                Severity::Error,
                Basis::Inferred,
                ServerReply::NotProvided,
                r,
                Detail::QuotedValue,
            );
            r = self.trim(r.sub(1, b.len() - 1));
            if r.is_empty() {
                self.push(Code::CredentialsEmpty, r, Detail::Empty);
                return;
            }
        }

        let b = self.bytes(r);
        let (after_first, first) = word(b).unwrap_or((b, b));
        let first_r = r.sub(0, first.len());
        let (_, gap) = ws0(after_first).unwrap_or((after_first, &[]));
        let rest_r = r.from(first.len() + gap.len());
        let gap_r = r.sub(first.len(), first.len() + gap.len());
        let scheme = scheme_of(self.bytes(first_r));

        if !rest_r.is_empty() && gap != b" " {
            let d = if gap.contains(&b'\t') {
                Detail::BetweenTab
            } else {
                Detail::BetweenSeveral(gap.len())
            };
            self.push(Code::Whitespace, gap_r, d);
        }

        match scheme {
            Scheme::ApiKey { exact } => {
                if !exact {
                    self.push(
                        Code::SchemeCase,
                        first_r,
                        Detail::ApiKeyCase(self.raw(first_r)),
                    );
                }
                let rest_r = self.repeated_scheme(rest_r, false);
                self.permanent(rest_r, false);
            }
            Scheme::Bearer { exact } => {
                if !exact {
                    self.push_full(
                        Code::SchemeCase,
                        Severity::Error,
                        Basis::Inferred,
                        ServerReply::NotProvided,
                        first_r,
                        Detail::BearerCase(self.raw(first_r)),
                    );
                }
                self.bearer(rest_r);
            }
            Scheme::Mangled { near, glued } => {
                self.push(
                    Code::SchemeUnknown,
                    first_r,
                    Detail::MangledScheme { near, glued },
                );
                let glued_r = first_r.from(6);
                let glued_r = match glued {
                    Glued::Colon | Glued::Equals => glued_r.from(1),
                    _ => glued_r,
                };
                if rest_r.is_empty() && glued_r.is_empty() {
                    self.push(
                        Code::TokenMissing,
                        rest_r,
                        Detail::NoToken { bearer: false },
                    );
                } else if glued_r.is_empty() {
                    self.permanent(rest_r, false);
                } else {
                    // The token glued to the scheme, plus whatever follows.
                    self.permanent(
                        R {
                            start: glued_r.start,
                            end: r.end,
                        },
                        false,
                    );
                }
            }
            Scheme::Unknown { near, known } => {
                let raw = self.raw(first_r);
                if rest_r.is_empty() && !known {
                    self.push(
                        Code::SchemeMissing,
                        first_r,
                        Detail::NoScheme(NoSchemeKind::Other),
                    );
                    self.permanent(first_r, false);
                    return;
                }
                self.push(
                    Code::SchemeUnknown,
                    first_r,
                    Detail::UnknownScheme { word: raw, near },
                );
                if rest_r.is_empty() {
                    self.push(
                        Code::TokenMissing,
                        rest_r,
                        Detail::NoToken { bearer: false },
                    );
                } else if self.looks_like_permanent(rest_r) {
                    self.permanent(rest_r, false);
                } else {
                    // `Basic dXNl…`: credentials of another scheme are secret too.
                    self.mark_secret(rest_r);
                }
            }
            Scheme::None(kind) => {
                self.push(Code::SchemeMissing, first_r, Detail::NoScheme(kind));
                match kind {
                    NoSchemeKind::Jwt => self.mark_secret(first_r),
                    _ => self.permanent(r, false),
                }
            }
        }
    }

    /// A second scheme word after the first: `APIKey APIKey …`. Returns what follows it.
    fn repeated_scheme(&mut self, rest: R, after_bearer: bool) -> R {
        let b = self.bytes(rest);
        // Both scheme words have 6 letters: look no further than the 7th byte.
        if b.len() < 6 || b.get(6).is_some_and(|&c| !is_ws(c)) {
            return rest;
        }
        let (w, after) = b.split_at(6);
        let is_apikey = w.eq_ignore_ascii_case(b"apikey");
        let is_bearer = w.eq_ignore_ascii_case(b"bearer");
        if !(is_apikey || is_bearer) || (after_bearer && is_apikey) {
            return rest;
        }
        let w_r = rest.sub(0, w.len());
        self.push(Code::SchemeRepeated, w_r, Detail::Repeated(self.raw(w_r)));
        let (_, gap) = ws0(after).unwrap_or((after, &[]));
        rest.from(w.len() + gap.len())
    }

    fn looks_like_permanent(&self, r: R) -> bool {
        let b = strip_quotes(self.bytes(r));
        let id = class::run(b, DIGIT);
        (id > 0 && (id == b.len() || matches!(b[id], b'_' | b'$')))
            || variable(b).is_some()
            || placeholder(b)
            || matches!(b.first(), Some(b'_' | b'$')) && class::lhex_run(&b[1..]) >= 16
    }

    // ---- bearer -------------------------------------------------------------------------

    fn bearer(&mut self, r: R) {
        if r.is_empty() {
            self.push(Code::TokenMissing, r, Detail::NoToken { bearer: true });
            return;
        }
        let b = self.bytes(r);
        // `Bearer APIKey 29841_…`
        let (after, w) = word(b).unwrap_or((b, b));
        if w.eq_ignore_ascii_case(b"apikey") {
            let w_r = r.sub(0, w.len());
            self.push(Code::SchemeBearer, w_r, Detail::BearerApiKey);
            let (_, gap) = ws0(after).unwrap_or((after, &[]));
            self.permanent(r.from(w.len() + gap.len()), true);
            return;
        }
        let r = self.repeated_scheme(r, true);
        if r.is_empty() {
            self.push(Code::TokenMissing, r, Detail::NoToken { bearer: true });
            return;
        }
        let b = self.bytes(r);
        if let Some(var) = variable(b) {
            if var.permanent_name {
                self.push(Code::SchemeBearer, r, Detail::BearerVariable(self.raw(r)));
            }
            self.push(Code::TokenVariable, r, Detail::Variable(self.raw(r)));
            return;
        }
        let (after, w) = word(b).unwrap_or((b, b));
        let t = r.sub(0, w.len());
        if !after.is_empty() {
            self.push(
                Code::TokenWhitespace,
                r.from(w.len()),
                Detail::TokenWords { bearer: true },
            );
        }
        if jwt::is_three_parts(w) || jwt::has_jwt_header(w) {
            self.jwt(t, w);
            return;
        }
        // A placeholder says what it stands for: `your-api-key` a permanent token, `...` or
        // `<token>` anything, a JWT included.
        let detail = if placeholder(w) {
            Detail::BearerPlaceholder {
                permanent: names_permanent(w),
            }
        } else if self.looks_like_permanent(t) {
            Detail::BearerPermanent
        } else {
            Detail::BearerOther
        };
        self.push(Code::SchemeBearer, t, detail);
        if !matches!(detail, Detail::BearerOther) {
            self.permanent(t, true);
        } else {
            self.mark_secret(t);
        }
    }

    /// Marks `r` as secret material for renderers, unless a token's secret is marked already.
    fn mark_secret(&mut self, r: R) {
        if self.report.secret.is_none() && !r.is_empty() {
            self.report.secret = Some(self.view.span(r.start, r.end));
        }
    }

    fn jwt(&mut self, t: R, w: &[u8]) {
        self.mark_secret(t);
        match jwt::read(w) {
            Err(e) => self.push(Code::JwtMalformed, t, Detail::JwtMalformed(e)),
            Ok(claims) => {
                let span = self.view.span(t.start, t.end);
                self.report.credential = Some(Credential::Jwt(JwtClaims {
                    token_type: claims.token_type,
                    exp: claims.exp,
                    span,
                }));
                if claims.token_type != TokenType::Access {
                    self.push(
                        Code::JwtWrongType,
                        t,
                        Detail::JwtWrongType(claims.token_type),
                    );
                }
                match (claims.exp, self.policy.clock()) {
                    (None, _) => self.push(
                        Code::JwtMalformed,
                        t,
                        Detail::JwtMalformed(jwt::Error::NoExp),
                    ),
                    (Some(exp), Some(now)) if exp <= now => {
                        self.push(Code::JwtExpired, t, Detail::JwtExpired { exp, now })
                    }
                    (Some(exp), _) => {
                        if claims.token_type == TokenType::Access {
                            self.push(
                                Code::JwtBearer,
                                t,
                                Detail::JwtBearer {
                                    exp,
                                    now: self.policy.clock(),
                                },
                            );
                        }
                    }
                }
            }
        }
    }

    // ---- bare token (environment variable, SDK api_key) ---------------------------------

    fn bare_token(&mut self, r: R) {
        let b = self.bytes(r);
        let lead = class::run(b, WS);
        if lead == b.len() {
            self.push(Code::CredentialsEmpty, r, Detail::Empty);
            return;
        }
        let trail = b.iter().rev().take_while(|&&c| is_ws(c)).count();
        if lead > 0 {
            self.push(Code::Whitespace, r.sub(0, lead), Detail::Leading);
        }
        if trail > 0 {
            self.push(
                Code::Whitespace,
                r.sub(b.len() - trail, b.len()),
                Detail::Trailing,
            );
        }
        let r = r.sub(lead, b.len() - trail);
        let b = self.bytes(r);
        let (after, w) = word(b).unwrap_or((b, b));
        if w.eq_ignore_ascii_case(b"apikey") || w.eq_ignore_ascii_case(b"bearer") {
            let w_r = r.sub(0, w.len());
            self.push(
                Code::TokenIncludesScheme,
                w_r,
                Detail::IncludesScheme(self.raw(w_r)),
            );
            let (_, gap) = ws0(after).unwrap_or((after, &[]));
            let rest = r.from(w.len() + gap.len());
            if rest.is_empty() {
                self.push(Code::TokenMissing, rest, Detail::NoToken { bearer: false });
                return;
            }
            self.permanent(rest, false);
            return;
        }
        self.permanent(r, false);
    }

    // ---- permanent token ----------------------------------------------------------------

    /// Everything after an `APIKey` scheme (or where a permanent token is expected).
    fn permanent(&mut self, r: R, after_bearer: bool) {
        if r.is_empty() {
            self.push(
                Code::TokenMissing,
                r,
                Detail::NoToken {
                    bearer: after_bearer,
                },
            );
            return;
        }
        let b = self.bytes(r);
        if self.variable(r, b) {
            return;
        }
        let (after, w) = word(b).unwrap_or((b, b));
        let mut t = r.sub(0, w.len());
        if !after.is_empty() {
            self.push(
                Code::TokenWhitespace,
                r.from(w.len()),
                Detail::TokenWords {
                    bearer: after_bearer,
                },
            );
        }
        // Quotes around the token.
        let quote_start = w.first().copied().filter(|&c| is_quote(c)).is_some();
        let quote_end = w.len() > 1 && w.last().copied().filter(|&c| is_quote(c)).is_some();
        let token_raw = t;
        if quote_start || quote_end {
            let inner_start = usize::from(quote_start);
            let inner_end = w.len() - usize::from(quote_end);
            t = t.sub(inner_start, inner_end.max(inner_start));
            let secret_at = self
                .bytes(t)
                .iter()
                .position(|&c| c == b'_' || c == b'$')
                .map(|p| self.view.map(t.start + p + 1) - self.view.map(token_raw.start));
            let echo = TokenEcho::new(self.raw(token_raw), secret_at);
            self.push_full(
                Code::Quoted,
                Severity::Error,
                Basis::Inferred,
                ServerReply::BadPermanentToken(echo),
                token_raw,
                Detail::QuotedToken,
            );
            let inner = self.bytes(t);
            if self.variable(t, inner) {
                return;
            }
        }
        let w = self.bytes(t);
        if w.is_empty() {
            self.push(
                Code::TokenMissing,
                t,
                Detail::NoToken {
                    bearer: after_bearer,
                },
            );
            return;
        }
        if placeholder(w) {
            if let Some(at) = legacy_dollar(w) {
                self.push(
                    Code::TokenLegacySeparator,
                    t.sub(at, at + 1),
                    Detail::LegacySeparator,
                );
            }
            self.push(Code::TokenPlaceholder, t, Detail::Placeholder(self.raw(t)));
            return;
        }
        if w.starts_with(b"eyJ") && w.contains(&b'.') {
            self.mark_secret(t);
            if !after_bearer {
                self.push(Code::JwtWithApikey, t, Detail::JwtWithApiKey);
            }
            return;
        }
        self.split_token(token_raw, t);
    }

    /// Reports an unexpanded variable reference covering `r`; true if there was one.
    fn variable(&mut self, r: R, b: &[u8]) -> bool {
        match variable(b) {
            Some(v) => {
                self.push(Code::TokenVariable, r, Detail::Variable(self.raw(r)));
                if v.braced_placeholder {
                    self.push(Code::TokenPlaceholder, r, Detail::Placeholder(self.raw(r)));
                }
                true
            }
            None => false,
        }
    }

    /// `<id><sep><secret>`. `sent` is the token as the server gets it (quotes included).
    fn split_token(&mut self, sent: R, t: R) {
        let w = self.bytes(t);
        let id_len = class::run(w, DIGIT);
        let sep_at = w.iter().position(|&c| c == b'_' || c == b'$');
        let echo_for = |cx: &Self, secret_start: Option<usize>| {
            let at = secret_start.map(|s| cx.view.map(t.start + s) - cx.view.map(sent.start));
            TokenEcho::new(cx.raw(sent), at)
        };
        let Some(sep_at) = sep_at else {
            if id_len == w.len() {
                self.report.credential = Some(Credential::Permanent(PermanentToken {
                    id: core::str::from_utf8(self.raw(t)).unwrap_or(""),
                    separator: None,
                    secret: Redacted::new(&[]),
                    span: self.view.span(t.start, t.end),
                }));
                let echo = echo_for(self, None);
                self.push_full(
                    Code::TokenTruncated,
                    Severity::Error,
                    Basis::Documented,
                    ServerReply::BadPermanentToken(echo),
                    t,
                    Detail::IdOnly,
                );
            } else {
                self.mark_secret(t);
                self.push(Code::TokenIdInvalid, t, Detail::NoSeparator);
            }
            return;
        };
        let sep = if w[sep_at] == b'$' {
            Separator::Dollar
        } else {
            Separator::Underscore
        };
        let id_r = t.sub(0, sep_at);
        let secret_r = t.from(sep_at + 1);
        let secret_span = self.view.span(secret_r.start, secret_r.end);
        self.report.secret = Some(secret_span);
        let raw_input = self.report.input;
        self.report.credential = Some(Credential::Permanent(PermanentToken {
            id: core::str::from_utf8(self.raw(id_r)).unwrap_or(""),
            separator: Some(sep),
            secret: Redacted::new(&raw_input[secret_span.start..secret_span.end]),
            span: self.view.span(t.start, t.end),
        }));
        if sep_at == 0 {
            self.push(Code::TokenIdInvalid, t.sub(0, 1), Detail::EmptyId);
        } else if id_len < sep_at {
            let c = char_at(self.bytes(t.from(id_len)));
            self.push(
                Code::TokenIdInvalid,
                t.sub(id_len, id_len + char_len(self.bytes(t.from(id_len)))),
                Detail::IdChar { c, offset: id_len },
            );
        }
        if sep == Separator::Dollar {
            self.push(
                Code::TokenLegacySeparator,
                t.sub(sep_at, sep_at + 1),
                Detail::LegacySeparator,
            );
        }
        let secret = self.bytes(secret_r);
        if secret.is_empty() {
            let echo = echo_for(self, Some(sep_at + 1));
            self.push_full(
                Code::TokenTruncated,
                Severity::Error,
                Basis::Documented,
                ServerReply::BadPermanentToken(echo),
                t,
                Detail::NoSecret,
            );
            return;
        }
        let hex = class::lhex_run(secret);
        let len = secret.len();
        if hex < len {
            let c = char_at(&secret[hex..]);
            let n = char_len(&secret[hex..]);
            self.push(
                Code::TokenSecretCharset,
                secret_r.sub(hex, hex + n),
                Detail::SecretChar { c, offset: hex },
            );
        }
        let min = self.policy.truncation_threshold_len();
        let expected = self.policy.expected_secret_length();
        if len < min {
            let echo = echo_for(self, Some(sep_at + 1));
            self.push_full(
                Code::TokenTruncated,
                Severity::Error,
                Basis::Documented,
                ServerReply::BadPermanentToken(echo),
                secret_r,
                Detail::ShortSecret { len, min },
            );
        } else if hex == len && len != expected {
            self.push(
                Code::TokenSecretLength,
                secret_r,
                Detail::SecretLength { len, expected },
            );
        }
    }
}

/// What the first word of a value is, as a scheme.
pub(crate) fn scheme_of(w: &[u8]) -> Scheme {
    if w == b"APIKey" {
        return Scheme::ApiKey { exact: true };
    }
    if w.eq_ignore_ascii_case(b"apikey") {
        return Scheme::ApiKey { exact: false };
    }
    if w == b"Bearer" {
        return Scheme::Bearer { exact: true };
    }
    if w.eq_ignore_ascii_case(b"bearer") {
        return Scheme::Bearer { exact: false };
    }
    // `${api_key}` is a variable holding the token, not a misspelled scheme.
    if variable(strip_quotes(w)).is_some() {
        return Scheme::None(NoSchemeKind::Other);
    }
    if w.len() > 6 && w[..6].eq_ignore_ascii_case(b"apikey") {
        let glued = match w[6] {
            b':' => Glued::Colon,
            b'=' => Glued::Equals,
            c if c.is_ascii_digit() || c == b'_' || c == b'$' => Glued::Token,
            _ => Glued::Other,
        };
        if glued != Glued::Other {
            return Scheme::Mangled {
                near: Near::ApiKey,
                glued,
            };
        }
    }
    let trimmed = {
        let mut t = w;
        while let [head @ .., b':' | b'=' | b','] = t {
            t = head;
        }
        t
    };
    let mut letters = [0u8; 16];
    let mut n = 0;
    for &c in trimmed.iter().filter(|c| c.is_ascii_alphanumeric()) {
        if n == letters.len() {
            n = usize::MAX;
            break;
        }
        letters[n] = c;
        n += 1;
    }
    let squeezed = if n <= letters.len() {
        &letters[..n]
    } else {
        &[][..]
    };
    let near = if squeezed.eq_ignore_ascii_case(b"apikey")
        || squeezed.eq_ignore_ascii_case(b"apitoken")
        || squeezed.eq_ignore_ascii_case(b"key")
        || (trimmed.len() < 12 && edit_distance_ci(trimmed, b"apikey") <= 2)
    {
        Near::ApiKey
    } else if trimmed.len() < 12 && edit_distance_ci(trimmed, b"bearer") <= 2 {
        Near::Bearer
    } else {
        Near::None
    };
    const KNOWN: &[&[u8]] = &[
        b"token",
        b"basic",
        b"jwt",
        b"digest",
        b"key",
        b"bearer:",
        b"apikey:",
        b"api-key",
        b"api_key",
        b"apitoken",
        b"api-token",
        b"oauth",
        b"hmac",
        b"negotiate",
        b"gcore",
    ];
    let known = near != Near::None || KNOWN.iter().any(|k| trimmed.eq_ignore_ascii_case(k));
    if !known {
        if let Some(kind) = token_like(w) {
            return Scheme::None(kind);
        }
    }
    Scheme::Unknown { near, known }
}

/// Whether a word is itself a token (so it is not a scheme).
fn token_like(w: &[u8]) -> Option<NoSchemeKind> {
    let inner = strip_quotes(w);
    if inner.first().is_some_and(u8::is_ascii_digit) {
        return Some(NoSchemeKind::Permanent);
    }
    if inner.starts_with(b"eyJ") {
        return Some(NoSchemeKind::Jwt);
    }
    if variable(inner).is_some() || placeholder(inner) {
        return Some(NoSchemeKind::Other);
    }
    if class::lhex_run(inner) >= 16 || matches!(inner.first(), Some(b'_' | b'$')) {
        return Some(NoSchemeKind::Permanent);
    }
    None
}

fn char_at(b: &[u8]) -> Char {
    crate::unicode::next_char(b).map_or(Char::Invalid(0), |(c, _)| c)
}

fn char_len(b: &[u8]) -> usize {
    crate::unicode::next_char(b).map_or(1, |(_, n)| n)
}

fn strip_quotes(w: &[u8]) -> &[u8] {
    let w = w
        .strip_prefix(b"\"")
        .or_else(|| w.strip_prefix(b"'"))
        .unwrap_or(w);
    w.strip_suffix(b"\"")
        .or_else(|| w.strip_suffix(b"'"))
        .unwrap_or(w)
}

/// A value's first word, read as a scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    ApiKey {
        exact: bool,
    },
    Bearer {
        exact: bool,
    },
    /// `APIKey:`, `APIKey=…`, `APIKey29841_…`
    Mangled {
        near: Near,
        glued: Glued,
    },
    /// Another word; `known` when it is a scheme people use (or a near miss of ours).
    Unknown {
        near: Near,
        known: bool,
    },
    /// No scheme word: the first word is the token.
    None(NoSchemeKind),
}

/// An unexpanded variable reference.
pub(crate) struct Variable {
    /// The name reads like a permanent token's (for `Bearer $GCORE_API_KEY`).
    pub(crate) permanent_name: bool,
    /// `{your_api_key}`: a single braced placeholder word, also a documentation placeholder.
    pub(crate) braced_placeholder: bool,
}

fn ident(i: &[u8]) -> Res<'_, &[u8]> {
    take_while1(|b| class::is(b, IDENT)).parse_complete(i)
}

/// Recognises `$NAME`, `${NAME}`, `%NAME%`, `$env:NAME`, `{{NAME}}`, `{{$dotenv NAME}}`,
/// `${process.env.NAME}`, `{NAME}`, `os.environ[...]` and their relatives, as a whole.
pub(crate) fn variable(b: &[u8]) -> Option<Variable> {
    let name: &[u8];
    let mut braced_placeholder = false;
    let dollar = preceded(tag::<_, _, ()>("$"), ident).parse_complete(b);
    let env = preceded(tag_no_case::<_, _, ()>("$env:"), ident).parse_complete(b);
    if let Ok((b"", n)) = dollar {
        // `$c767…` is a token that lost its id, not a variable.
        if n.len() >= 16 && class::lhex_run(n) == n.len() {
            return None;
        }
        name = n;
    } else if let Ok((b"", n)) = env {
        name = n;
    } else if b.len() > 3 && b.starts_with(b"${") && b.ends_with(b"}") {
        name = &b[2..b.len() - 1];
    } else if b.len() > 2 && b[0] == b'%' && b[b.len() - 1] == b'%' {
        name = &b[1..b.len() - 1];
        if !name.iter().all(|&c| class::is(c, IDENT)) {
            return None;
        }
    } else if b.len() > 4 && b.starts_with(b"{{") && b.ends_with(b"}}") {
        name = &b[2..b.len() - 2];
    } else if b.len() > 2 && b[0] == b'{' && b[b.len() - 1] == b'}' {
        name = &b[1..b.len() - 1];
        if !name.iter().all(|&c| class::is(c, IDENT)) {
            return None;
        }
        braced_placeholder = placeholder_word(name);
    } else {
        const CODE: &[&[u8]] = &[
            b"os.environ",
            b"os.getenv(",
            b"process.env.",
            b"process.env[",
            b"env::var(",
            b"std::env::var(",
            b"System.getenv(",
            b"Environment.GetEnvironmentVariable(",
            b"ENV[",
            b"ENV.fetch(",
            b"getenv(",
        ];
        if !CODE.iter().any(|p| b.starts_with(p)) {
            return None;
        }
        name = b;
    }
    if name.is_empty() {
        return None;
    }
    Some(Variable {
        permanent_name: permanent_name(name),
        braced_placeholder,
    })
}

/// True for a variable name that holds a permanent token: one of [`crate::TOKEN_VARIABLES`],
/// or a name containing `API_KEY`, `APIKEY` or `PERMANENT` (any letter case).
///
/// ```
/// use gcore_auth::permanent_name;
/// assert!(permanent_name(b"GCORE_API_KEY"));
/// assert!(permanent_name(b"GCLOUD_API_TOKEN"));
/// assert!(permanent_name(b"my_apikey"));
/// assert!(!permanent_name(b"ACCESS_TOKEN"));
/// ```
pub fn permanent_name(name: &[u8]) -> bool {
    crate::TOKEN_VARIABLES
        .iter()
        .any(|v| contains_ci(name, v.as_bytes()))
        || [&b"api_key"[..], b"apikey", b"api-key", b"permanent"]
            .iter()
            .any(|p| contains_ci(name, p))
}

/// A word of letters, `_` and `-` that names a key or token: `YOUR_API_KEY`, `api-token`.
fn placeholder_word(w: &[u8]) -> bool {
    w.iter()
        .all(|&c| c.is_ascii_alphabetic() || c == b'_' || c == b'-')
        && ["key", "token", "secret"]
            .iter()
            .any(|k| contains_ci(w, k.as_bytes()))
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// True when a placeholder names a permanent API token: `your-api-key`, `{YOUR_API_KEY}`,
/// `<api-token>`, or a permanent token's shape (`29841_c767...`).
pub(crate) fn names_permanent(w: &[u8]) -> bool {
    let id = class::run(w, DIGIT);
    (id > 0 && matches!(w.get(id), Some(b'_' | b'$')))
        || [
            &b"api_key"[..],
            b"apikey",
            b"api-key",
            b"api_token",
            b"api-token",
            b"permanent",
        ]
        .iter()
        .any(|p| contains_ci(w, p))
}

/// Where the `$` of a legacy-format token is (`29841$c767...`: digits, then `$`), if it is one.
/// A placeholder of that shape teaches the deprecated format as much as a real token does.
pub(crate) fn legacy_dollar(w: &[u8]) -> Option<usize> {
    let id = class::run(w, DIGIT);
    (id > 0 && w.get(id) == Some(&b'$')).then_some(id)
}

/// Documentation examples and placeholders (never real tokens).
pub(crate) fn placeholder(w: &[u8]) -> bool {
    const EXAMPLES: &[&[u8]] = &[
        b"1234_abcdef",
        b"1234$abcdef",
        b"7711_eyJ0eXAiOiJKV",
        b"7711$eyJ0eXAiOiJKV",
        b"changeme",
        b"change-me",
        b"redacted",
    ];
    if w.is_empty() {
        return false;
    }
    if EXAMPLES.iter().any(|e| w.eq_ignore_ascii_case(e)) {
        return true;
    }
    // One pass decides whether the elisions can occur at all (a secret never has these bytes).
    if class::has_elision(w)
        && (contains_ci(w, b"...")
            || contains_ci(w, "…".as_bytes())
            || contains_ci(w, b"xxxx")
            || contains_ci(w, b"****"))
    {
        return true;
    }
    let wrapped = |open: u8, close: u8| w.len() >= 2 && w[0] == open && w[w.len() - 1] == close;
    if wrapped(b'<', b'>') || wrapped(b'[', b']') {
        return true;
    }
    placeholder_word(w)
}

impl ReplyKind {
    /// The reply kind of a code that always predicts the same reply.
    pub(crate) const fn of(code: Code) -> ReplyKind {
        match code {
            Code::HeaderNameWrong
            | Code::HeaderNameInValue
            | Code::CredentialsEmpty
            | Code::SchemeMissing
            | Code::SchemeUnknown
            | Code::Quoted => ReplyKind::NotProvided,
            Code::SchemeBearer | Code::JwtMalformed | Code::JwtWrongType | Code::JwtExpired => {
                ReplyKind::NotValidForAnyTokenType
            }
            Code::TokenTruncated | Code::ShellExpansion => ReplyKind::BadPermanentToken,
            Code::ControlCharacter => ReplyKind::NeverSent,
            Code::HeaderSyntax => ReplyKind::BadRequest,
            Code::SchemeCase
            | Code::Whitespace
            | Code::TokenSecretLength
            | Code::TokenLegacySeparator
            | Code::JwtBearer => ReplyKind::Accepted,
            _ => ReplyKind::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::edit_distance_ci;
    use proptest::prelude::*;
    use std::vec::Vec;

    /// The full table, for reference.
    fn plain(a: &[u8], b: &[u8]) -> usize {
        let (a, b): (Vec<u8>, Vec<u8>) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
        let mut d = std::vec![std::vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    proptest! {
        #[test]
        fn banded_distance_equals_the_full_table_up_to_three(
            a in "[a-dA-D]{0,12}", b in "[a-dA-D]{0,12}",
        ) {
            prop_assert_eq!(edit_distance_ci(a.as_bytes(), b.as_bytes()), plain(a.as_bytes(), b.as_bytes()).min(3));
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance_ci(b"Authorization", b"authorization"), 0);
        assert_eq!(edit_distance_ci(b"Authorisation", b"authorization"), 1);
        assert_eq!(edit_distance_ci(b"Authroization", b"authorization"), 1);
        assert_eq!(edit_distance_ci(b"Authorizaton", b"authorization"), 1);
        assert_eq!(edit_distance_ci(b"Athorizaton", b"authorization"), 2);
        assert_eq!(edit_distance_ci(b"Authentication", b"authorization"), 3);
        assert_eq!(edit_distance_ci(b"ab", b"ba"), 1);
        assert_eq!(edit_distance_ci(b"", b"ab"), 2);
        assert_eq!(edit_distance_ci(b"abc", b""), 3);
        assert_eq!(edit_distance_ci(b"ApiKye", b"apikey"), 1);
        assert!(edit_distance_ci(b"Token", b"authorization") > 2);
        assert_eq!(edit_distance_ci(&[b'a'; 40], b"a"), 3);
    }
}
