//! The diagnosis pass: reads a line, value or token through the grammar and records every
//! diagnosis. Every report comes from here.

use nom::Parser;
use nom::bytes::complete::{tag, tag_no_case};
use nom::character::complete::space0;
use nom::combinator::recognize;

use crate::base::{InputKind, Separator, Span32};
use crate::class::{self, DIGIT};
use crate::diagnosis::{Cred, Detail, Sink};
use crate::grammar::token::{self, MIN_EXAMPLE_FREE, legacy_dollar, placeholder, variable};
use crate::grammar::value::{Glued, NoSchemeKind, Scheme, apikey_space, scheme_of};
use crate::grammar::{is_quote, is_ws, jwt, lead_ws, line, strip_quotes, trail_ws, word_len};
use crate::lexicon::{ALTERNATIVE_NAMES, AUTHORIZATION, names_permanent, near_authorization};
use crate::policy::Policy;
use crate::unicode::next_char;
use crate::view::{self, Cleaned, VIEW_CAP, View};

/// Diagnoses of one character code kept per input.
const MAX_CHAR_DIAGNOSES: u32 = 4;

/// Runs the pass over `input` (at most [`crate::base::MAX_INPUT`] bytes) into `sink`.
pub(crate) fn run(policy: &Policy, input: &[u8], kind: InputKind, sink: &mut Sink<'_>) {
    let mut known = 0;
    if kind == InputKind::Value {
        // The commonest value, well formed, is printable ASCII throughout: it needs no
        // characters pass and no cleaning. Otherwise what was read of it is printable ASCII,
        // and the characters pass starts after it.
        let mut cx = Ctx {
            policy,
            view: View::raw(input, input.len()),
            sink,
        };
        match cx.well_formed(R {
            start: 0,
            end: input.len(),
        }) {
            Ok(()) => return,
            Err(read) => known = read,
        }
    }
    let (mut controls, mut non_ascii) = (0u32, 0u32);
    let scan = view::scan(input, known, |c| {
        let seen = if c.control {
            &mut controls
        } else {
            &mut non_ascii
        };
        *seen += 1;
        if *seen > MAX_CHAR_DIAGNOSES {
            sink.facts.dropped = sink.facts.dropped.saturating_add(1);
            return;
        }
        let detail = if c.control {
            Detail::Control {
                trailing: c.trailing,
            }
        } else {
            Detail::NonAscii
        };
        sink.push(c.span.into(), detail);
    });
    if scan.needs_cleaning && scan.cut <= VIEW_CAP {
        cleaned(policy, input, scan.cut, kind, sink);
    } else {
        walk(policy, View::raw(input, scan.cut), kind, sink);
    }
}

/// The pass over a cleaned copy of the input: only this path holds the copy on its stack.
#[inline(never)]
fn cleaned(policy: &Policy, input: &[u8], cut: usize, kind: InputKind, sink: &mut Sink<'_>) {
    let mut c = Cleaned::new();
    if c.clean(&input[..cut]).is_some() {
        walk(policy, View::cleaned(input, &c), kind, sink);
    } else {
        walk(policy, View::raw(input, cut), kind, sink);
    }
}

fn walk(policy: &Policy, view: View<'_>, kind: InputKind, sink: &mut Sink<'_>) {
    let all = R {
        start: 0,
        end: view.bytes().len(),
    };
    let mut cx = Ctx { policy, view, sink };
    match kind {
        InputKind::Line => cx.line(all),
        InputKind::Value => cx.value(all, true),
        InputKind::Token => cx.bare_token(all),
    }
}

/// A range of the view's bytes.
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

struct Ctx<'v, 's, 'p> {
    policy: &'p Policy,
    view: View<'v>,
    sink: &'p mut Sink<'s>,
}

impl<'v> Ctx<'v, '_, '_> {
    fn bytes(&self, r: R) -> &'v [u8] {
        &self.view.bytes()[r.start..r.end]
    }

    fn span(&self, r: R) -> Span32 {
        self.view.span(r.start, r.end).into()
    }

    fn push(&mut self, r: R, detail: Detail) {
        let span = self.span(r);
        self.sink.push(span, detail);
    }

    /// Pushes a diagnosis whose reply echoes the token `sent`, its secret from view offset
    /// `secret` (absolute) on.
    fn push_echo(&mut self, r: R, detail: Detail, sent: R, secret: Option<usize>) {
        let span = self.span(r);
        let echo = self.span(sent);
        let at = secret.map(|s| self.view.map(s) - self.view.map(sent.start));
        self.sink.push_echo(span, detail, echo, at);
    }

    fn trim(&self, r: R) -> R {
        let b = self.bytes(r);
        let lead = lead_ws(b);
        let trail = trail_ws(&b[lead..]);
        r.sub(lead, b.len() - trail)
    }

    /// What stands inside `r`'s outer whitespace, which is warned about when `warn`; `None`,
    /// after `credentials-empty`, when that is nothing.
    fn inside_whitespace(&mut self, r: R, warn: bool) -> Option<R> {
        let b = self.bytes(r);
        let lead = lead_ws(b);
        if lead == b.len() {
            self.push(r, Detail::Empty);
            return None;
        }
        let trail = trail_ws(b);
        if warn && lead > 0 {
            self.push(r.sub(0, lead), Detail::Leading);
        }
        if warn && trail > 0 {
            self.push(r.sub(b.len() - trail, b.len()), Detail::Trailing);
        }
        Some(r.sub(lead, b.len() - trail))
    }

    /// Marks `r` as secret material for renderers, unless a token's secret is marked already.
    fn mark_secret(&mut self, r: R) {
        if self.sink.facts.secret.is_none() && !r.is_empty() {
            self.sink.facts.secret = Some(self.span(r));
        }
    }

    // ---- header line --------------------------------------------------------------------

    fn line(&mut self, all: R) {
        let parts = line::split(self.bytes(all));
        if parts.lead > 0 {
            self.push(all.sub(0, parts.lead), Detail::Folded);
        }
        let l = all.from(parts.lead);
        let name = l.sub(0, parts.name_len);
        if parts.colon {
            if parts.name_len == 0 {
                self.sink.facts.line_unsure = true;
                self.push(l.sub(0, 1), Detail::EmptyName);
            } else if parts.gap > 0 {
                self.push(
                    l.sub(parts.name_len, parts.name_len + parts.gap),
                    Detail::SpaceBeforeColon,
                );
            }
        } else {
            self.sink.facts.line_unsure = true;
            self.push(
                l.sub(parts.name_len, parts.name_len + parts.gap),
                Detail::NoColon,
            );
        }
        let value = all.from(parts.value);
        if parts.name_len > 0 {
            let n = self.bytes(name);
            if !n.eq_ignore_ascii_case(AUTHORIZATION) {
                let detail = if near_authorization(n) {
                    Detail::NameMisspelled
                } else if ALTERNATIVE_NAMES.iter().any(|a| n.eq_ignore_ascii_case(a)) {
                    Detail::NameAlternative
                } else {
                    self.push(name, Detail::NameOther);
                    return;
                };
                self.push(name, detail);
            }
        }
        let value = self.trim(value);
        self.value(value, false);
    }

    // ---- header value -------------------------------------------------------------------

    /// `warn_outer`: leading and trailing whitespace deserve a warning (not in a line, where
    /// it is optional whitespace around the field value).
    fn value(&mut self, r: R, warn_outer: bool) {
        let whole = r;
        let Some(mut r) = self.inside_whitespace(r, warn_outer) else {
            return;
        };

        // The commonest shape first: `APIKey <id>_<secret>`, well formed. It takes the same
        // steps as the general reading below would, without the words it cannot hold. (A whole
        // value as it came was tried before the characters pass.)
        let tried =
            warn_outer && self.view.is_input() && r.start == whole.start && r.end == whole.end;
        if !tried && self.well_formed(r).is_ok() {
            return;
        }

        // `Authorization: Authorization: …`
        let mut seen = false;
        loop {
            let b = self.bytes(r);
            let parsed: Res<'_, &[u8]> =
                recognize((tag_no_case("authorization"), space0, tag(":"))).parse_complete(b);
            let Ok((rest, name)) = parsed else { break };
            if !seen {
                self.push(r.sub(0, name.len()), Detail::NameInValue);
                seen = true;
            }
            let skip = b.len() - rest.len();
            r = self.trim(r.from(skip));
            if r.is_empty() {
                self.push(r, Detail::Empty);
                return;
            }
        }

        // Quotes around the whole value.
        let b = self.bytes(r);
        if b.len() >= 2 && is_quote(b[0]) && is_quote(b[b.len() - 1]) && b.iter().any(|&c| is_ws(c))
        {
            self.push(r, Detail::QuotedValue);
            r = self.trim(r.sub(1, b.len() - 1));
            if r.is_empty() {
                self.push(r, Detail::Empty);
                return;
            }
        }

        let b = self.bytes(r);
        let first_len = word_len(b);
        let first_r = r.sub(0, first_len);
        let gap = lead_ws(&b[first_len..]);
        let rest_r = r.from(first_len + gap);
        let gap_r = r.sub(first_len, first_len + gap);
        let scheme = scheme_of(self.bytes(first_r));

        if !rest_r.is_empty() && self.bytes(gap_r) != b" " {
            let d = if self.bytes(gap_r).contains(&b'\t') {
                Detail::BetweenTab
            } else {
                Detail::BetweenSeveral(gap as u32)
            };
            self.push(gap_r, d);
        }

        match scheme {
            Scheme::ApiKey { exact } => {
                if !exact {
                    self.push(first_r, Detail::ApiKeyCase);
                }
                let rest_r = self.repeated_scheme(rest_r, false);
                self.permanent(rest_r, false);
            }
            Scheme::Bearer { exact } => {
                if !exact {
                    self.push(first_r, Detail::BearerCase);
                }
                self.bearer(rest_r);
            }
            Scheme::Mangled { near, glued } => {
                self.push(first_r, Detail::MangledScheme { near, glued });
                let glued_r = first_r.from(6);
                let glued_r = match glued {
                    Glued::Colon | Glued::Equals => glued_r.from(1),
                    _ => glued_r,
                };
                if rest_r.is_empty() && glued_r.is_empty() {
                    self.push(rest_r, Detail::NoToken { bearer: false });
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
                if rest_r.is_empty() && !known {
                    self.push(first_r, Detail::NoScheme(NoSchemeKind::Other));
                    self.permanent(first_r, false);
                    return;
                }
                self.push(first_r, Detail::UnknownScheme { near });
                if rest_r.is_empty() {
                    self.push(rest_r, Detail::NoToken { bearer: false });
                } else if self.looks_like_permanent(rest_r) {
                    self.permanent(rest_r, false);
                } else {
                    // `Basic dXNl…`: credentials of another scheme are secret too.
                    self.mark_secret(rest_r);
                }
            }
            Scheme::None(kind) => {
                self.push(first_r, Detail::NoScheme(kind));
                match kind {
                    NoSchemeKind::Jwt => self.mark_secret(first_r),
                    _ => self.permanent(r, false),
                }
            }
        }
    }

    /// A scheme word, one space and a well-formed token with a secret too long to be an
    /// example: `APIKey <id>_<secret>` above all, or that token after `Bearer` or another
    /// scheme. Read at once by the scheme reader and the credential code every token goes
    /// through, with the diagnoses the general reading below would give.
    ///
    /// `Err` with the length of the start of `r` it read, which is printable ASCII.
    #[inline]
    fn well_formed(&mut self, r: R) -> Result<(), usize> {
        #[cfg(test)]
        if tests::GENERAL_ONLY.with(std::cell::Cell::get) {
            return Err(0);
        }
        let b = self.bytes(r);
        // `APIKey ` is read as one word; any other scheme word letter by letter, and only
        // once the token after it is known to be well formed.
        let (w, apikey) = match apikey_space(b) {
            Some(exact) => (6, Some(Scheme::ApiKey { exact })),
            None => match b.iter().position(|c| !c.is_ascii_alphabetic()) {
                Some(w) if w > 0 && b[w] == b' ' => (w, None),
                // Letters are printable.
                Some(w) => return Err(w),
                None => return Err(b.len()),
            },
        };
        let min = self.policy.truncation_threshold().max(MIN_EXAMPLE_FREE);
        if let Err(read) = token::well_formed(&b[w + 1..], min) {
            return Err(w + 1 + read);
        }
        let (first, t) = (r.sub(0, w), r.from(w + 1));
        match apikey.unwrap_or_else(|| scheme_of(&b[..w])) {
            Scheme::ApiKey { exact } => {
                if !exact {
                    self.push(first, Detail::ApiKeyCase);
                }
            }
            Scheme::Bearer { exact } => {
                if !exact {
                    self.push(first, Detail::BearerCase);
                }
                self.push(t, Detail::BearerPermanent);
            }
            Scheme::Unknown { near, .. } => self.push(first, Detail::UnknownScheme { near }),
            // All of it was read, and is printable.
            Scheme::Mangled { .. } | Scheme::None(_) => return Err(b.len()),
        }
        self.split_token(t, t, true);
        #[cfg(test)]
        tests::TAKEN.with(|c| c.set(c.get() + 1));
        Ok(())
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
        self.push(w_r, Detail::Repeated);
        rest.from(w.len() + lead_ws(after))
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
            self.push(r, Detail::NoToken { bearer: true });
            return;
        }
        let b = self.bytes(r);
        // `Bearer APIKey 29841_…` (a word of 6 letters: no need to find the word's end).
        if b.len() >= 6
            && b[..6].eq_ignore_ascii_case(b"apikey")
            && b.get(6).is_none_or(|&c| is_ws(c))
        {
            self.push(r.sub(0, 6), Detail::BearerApiKey);
            let gap = lead_ws(&b[6..]);
            self.permanent(r.from(6 + gap), true);
            return;
        }
        let r = self.repeated_scheme(r, true);
        if r.is_empty() {
            self.push(r, Detail::NoToken { bearer: true });
            return;
        }
        let b = self.bytes(r);
        if let Some(var) = variable(b) {
            if var.permanent_name {
                self.push(r, Detail::BearerVariable);
            }
            self.push(r, Detail::Variable);
            return;
        }
        let w_len = word_len(b);
        let w = &b[..w_len];
        let t = r.sub(0, w_len);
        if w_len < b.len() {
            self.push(r.from(w_len), Detail::TokenWords { bearer: true });
        }
        if class::count_byte(w, b'.') == 2 && (jwt::is_three_parts(w) || jwt::has_jwt_header(w)) {
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
        self.push(t, detail);
        if !matches!(detail, Detail::BearerOther) {
            self.permanent(t, true);
        } else {
            self.mark_secret(t);
        }
    }

    fn jwt(&mut self, t: R, w: &[u8]) {
        self.mark_secret(t);
        match jwt::read(w) {
            Err(e) => self.push(t, Detail::JwtMalformed(e)),
            Ok(claims) => {
                self.sink.facts.cred = Cred::Jwt {
                    span: self.span(t),
                    token_type: claims.token_type,
                    exp: claims.exp,
                };
                if claims.token_type != crate::base::TokenType::Access {
                    self.push(t, Detail::JwtWrongType(claims.token_type));
                }
                match (claims.exp, self.policy.clock()) {
                    (None, _) => self.push(t, Detail::JwtMalformed(jwt::Error::NoExp)),
                    (Some(exp), Some(now)) if exp <= now => self.push(t, Detail::JwtExpired),
                    (Some(_), _) => {
                        if claims.token_type == crate::base::TokenType::Access {
                            self.push(t, Detail::JwtBearer);
                        }
                    }
                }
            }
        }
    }

    // ---- bare token (environment variable, SDK api_key) ---------------------------------

    fn bare_token(&mut self, r: R) {
        let Some(r) = self.inside_whitespace(r, true) else {
            return;
        };
        let b = self.bytes(r);
        let w_len = word_len(b);
        let w = &b[..w_len];
        if w.eq_ignore_ascii_case(b"apikey") || w.eq_ignore_ascii_case(b"bearer") {
            self.push(r.sub(0, w_len), Detail::IncludesScheme);
            let rest = r.from(w_len + lead_ws(&b[w_len..]));
            if rest.is_empty() {
                self.push(rest, Detail::NoToken { bearer: false });
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
        let w_len = word_len(b);
        let w = &b[..w_len];
        let mut t = r.sub(0, w_len);
        if w_len < b.len() {
            self.push(
                r.from(w_len),
                Detail::TokenWords {
                    bearer: after_bearer,
                },
            );
        }
        // Quotes around the token.
        let quote_start = w.first().is_some_and(|&c| is_quote(c));
        let quote_end = w.len() > 1 && w.last().is_some_and(|&c| is_quote(c));
        let token_raw = t;
        if quote_start || quote_end {
            let inner_start = usize::from(quote_start);
            let inner_end = w.len() - usize::from(quote_end);
            t = t.sub(inner_start, inner_end.max(inner_start));
            let secret_at = self
                .bytes(t)
                .iter()
                .position(|&c| c == b'_' || c == b'$')
                .map(|p| t.start + p + 1);
            self.push_echo(token_raw, Detail::QuotedToken, token_raw, secret_at);
            let inner = self.bytes(t);
            if self.variable(t, inner) {
                return;
            }
        }
        let w = self.bytes(t);
        if w.is_empty() {
            self.push(
                t,
                Detail::NoToken {
                    bearer: after_bearer,
                },
            );
            return;
        }
        if placeholder(w) {
            if let Some(at) = legacy_dollar(w) {
                self.push(t.sub(at, at + 1), Detail::LegacySeparator);
            }
            self.push(t, Detail::Placeholder);
            return;
        }
        if w.starts_with(b"eyJ") && w.contains(&b'.') {
            self.mark_secret(t);
            if !after_bearer {
                self.push(t, Detail::JwtWithApiKey);
            }
            return;
        }
        self.split_token(token_raw, t, false);
    }

    /// Reports an unexpanded variable reference covering `r`; true if there was one.
    fn variable(&mut self, r: R, b: &[u8]) -> bool {
        match variable(b) {
            Some(v) => {
                self.push(r, Detail::Variable);
                if v.braced_placeholder {
                    self.push(r, Detail::Placeholder);
                }
                true
            }
            None => false,
        }
    }

    /// `<id><sep><secret>`: the credential code every permanent token goes through. `sent` is
    /// the token as the server gets it (quotes included); `hex`: the secret is known to be
    /// lowercase hex throughout.
    fn split_token(&mut self, sent: R, t: R, hex: bool) {
        let w = self.bytes(t);
        let parts = token::parts(w);
        let id_len = parts.id_len;
        let Some(sep_at) = parts.sep_at else {
            if id_len == w.len() {
                let span = self.span(t);
                self.sink.facts.cred = Cred::Permanent {
                    span,
                    separator: None,
                    id_end: span.end,
                    secret_start: span.end,
                };
                self.push_echo(t, Detail::IdOnly, sent, None);
            } else {
                self.mark_secret(t);
                self.push(t, Detail::NoSeparator);
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
        let secret_span = self.span(secret_r);
        self.sink.facts.secret = Some(secret_span);
        self.sink.facts.cred = Cred::Permanent {
            span: self.span(t),
            separator: Some(sep),
            id_end: self.span(id_r).end,
            secret_start: secret_span.start,
        };
        if sep_at == 0 {
            self.push(t.sub(0, 1), Detail::EmptyId);
        } else if id_len < sep_at {
            let rest = self.bytes(t.from(id_len));
            let (c, n) = next_char(rest).unwrap_or((crate::unicode::Char::Invalid(rest[0]), 1));
            self.push(
                t.sub(id_len, id_len + n),
                Detail::IdChar {
                    offset: id_len as u32,
                    ascii: ascii_of(c),
                },
            );
        }
        if sep == Separator::Dollar {
            self.push(t.sub(sep_at, sep_at + 1), Detail::LegacySeparator);
        }
        let secret = self.bytes(secret_r);
        if secret.is_empty() {
            self.push_echo(t, Detail::NoSecret, sent, Some(t.start + sep_at + 1));
            return;
        }
        let len = secret.len();
        let hex = if hex { len } else { class::lhex_run(secret) };
        if hex < len {
            let (c, n) = next_char(&secret[hex..])
                .unwrap_or((crate::unicode::Char::Invalid(secret[hex]), 1));
            self.push(
                secret_r.sub(hex, hex + n),
                Detail::SecretChar {
                    offset: hex as u32,
                    ascii: ascii_of(c),
                },
            );
        }
        let min = self.policy.truncation_threshold();
        let expected = self.policy.expected_secret_len();
        if len < min {
            self.push_echo(
                secret_r,
                Detail::ShortSecret { len: len as u32 },
                sent,
                Some(t.start + sep_at + 1),
            );
        } else if hex == len && len != expected {
            self.push(secret_r, Detail::SecretLength { len: len as u32 });
        }
    }
}

type Res<'i, O> = nom::IResult<&'i [u8], O, ()>;

/// The view's character when it is ASCII (it may stand for another under the span), else 0.
fn ascii_of(c: crate::unicode::Char) -> u8 {
    match c {
        crate::unicode::Char::Valid(c) if c.is_ascii() => c as u8,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Report;
    use proptest::prelude::*;
    use std::format;
    use std::string::String;

    std::thread_local! {
        /// Turns the well-formed branch off, so the general reading can be compared with it.
        pub(super) static GENERAL_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        /// How often the branch read a value.
        pub(super) static TAKEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Everything a report says, as text.
    fn everything(r: &Report<'_, 16>) -> String {
        format!("{r:?}\n{r}\n{:?} {:?}", r.secret_span(), r.reply_basis())
    }

    fn both(policy: &Policy, input: &str, kind: InputKind) -> (String, String) {
        let fast: Report<'_, 16> = policy.diagnose(input.as_bytes(), kind);
        GENERAL_ONLY.with(|c| c.set(true));
        let general: Report<'_, 16> = policy.diagnose(input.as_bytes(), kind);
        GENERAL_ONLY.with(|c| c.set(false));
        (everything(&fast), everything(&general))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// The well-formed branch gives the report the general reading gives, in every letter
        /// case of every scheme word, under any policy, for values and lines.
        #[test]
        fn the_well_formed_branch_reads_as_the_general_reading(
            scheme in "(APIKey|apikey|APIKEY|Bearer|bearer|BEARER|Token|Basic|Key|ApiToken|Gcore|APIKe|Bearr|changeme|[a-zA-Z]{1,9})",
            id in "[0-9]{1,22}",
            sep in "(_|\\$)",
            secret in "[0-9a-f]{28,140}",
            line in any::<bool>(),
            expected in prop_oneof![Just(128usize), 0usize..200],
            threshold in prop_oneof![Just(32usize), 0usize..80],
        ) {
            let policy = Policy::new()
                .with_expected_secret_len(expected)
                .with_truncation_threshold(threshold);
            let value = format!("{scheme} {id}{sep}{secret}");
            let (input, kind) = if line {
                (format!("Authorization: {value}"), InputKind::Line)
            } else {
                (value, InputKind::Value)
            };
            let (fast, general) = both(&policy, &input, kind);
            prop_assert_eq!(fast, general);
        }
    }

    #[test]
    fn the_branch_is_taken_and_can_be_turned_off() {
        let secret = "0123456789abcdef".repeat(8);
        let input = format!("bearer 29841${secret}");
        let before = TAKEN.with(std::cell::Cell::get);
        let (fast, general) = both(&Policy::DEFAULT, &input, InputKind::Value);
        assert_eq!(TAKEN.with(std::cell::Cell::get), before + 1);
        assert_eq!(fast, general);
        assert!(
            fast.contains("scheme-case") && fast.contains("scheme-bearer"),
            "{fast}"
        );
        // Not a shape of the branch: a placeholder word before the token, a short secret.
        for other in [format!("changeme 1_{secret}"), "APIKey 1_c767".into()] {
            let before = TAKEN.with(std::cell::Cell::get);
            let (fast, general) = both(&Policy::DEFAULT, &other, InputKind::Value);
            assert_eq!(TAKEN.with(std::cell::Cell::get), before, "{other}");
            assert_eq!(fast, general);
        }
    }
}
