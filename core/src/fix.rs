//! Fixes: the repair a diagnosis carries when its right value is certain, as edits of the
//! input that never change a byte of a secret (they move or keep the token, nothing else).

use core::fmt;

use crate::base::{InputKind, Span};
use crate::diagnosis::{Cred, Detail};
use crate::grammar::jwt;
use crate::grammar::value::{Glued, Near, NoSchemeKind};
use crate::report::Diagnostic;
use crate::unicode::{Char, Stands, next_char, stands_for};

/// How far a fix can be trusted, in rustc's sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Applicability {
    /// Shown, and applied only on request: the repair is likely but not certain (the token may
    /// be something else than its name or shape says).
    MaybeIncorrect,
    /// Safe to apply unattended: the repair is certain and changes nothing else.
    MachineApplicable,
}

impl Applicability {
    /// The kebab-case name every output uses: `machine-applicable` or `maybe-incorrect`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::MachineApplicable => "machine-applicable",
            Applicability::MaybeIncorrect => "maybe-incorrect",
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One edit: replace the bytes under [`Edit::span`] with [`Edit::text`]; an empty span is an
/// insertion, an empty text a deletion. The text is fixed (a scheme word, a header name, a
/// space, a colon, or nothing): an edit never carries bytes of the input, so every output can
/// show it whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    span: Span,
    text: &'static str,
}

impl Edit {
    /// The bytes of the input it replaces.
    pub const fn span(&self) -> Span {
        self.span
    }

    /// What it puts there.
    pub const fn text(&self) -> &'static str {
        self.text
    }
}

/// The most edits one fix makes.
const MAX_EDITS: usize = 2;

/// A diagnosis's repair ([`Diagnostic::fix`]): one or more edits of the input, in order and
/// not overlapping, and how far it can be trusted.
///
/// ```
/// use gcore_auth::{check, Applicability, Code};
/// let secret = "c767".repeat(32);
/// let value = format!("Bearer 29841_{secret}");
/// let report = check(value.as_bytes());
/// let d = report.diagnostics().find(|d| d.code() == Code::SchemeBearer).unwrap();
/// let fix = d.fix().unwrap();
/// assert_eq!(fix.applicability(), Applicability::MachineApplicable);
/// assert_eq!(fix.to_string(), "send a permanent token with `APIKey`");
/// let fixed: Vec<u8> = fix.pieces().flatten().copied().collect();
/// assert_eq!(fixed, format!("APIKey 29841_{secret}").as_bytes());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Fix<'r> {
    input: &'r [u8],
    edits: heapless::Vec<Edit, MAX_EDITS, u8>,
    applicability: Applicability,
    message: &'static str,
}

impl<'r> Fix<'r> {
    fn new(input: &'r [u8], applicability: Applicability, message: &'static str) -> Fix<'r> {
        Fix {
            input,
            edits: heapless::Vec::new(),
            applicability,
            message,
        }
    }

    fn edit(mut self, span: Span, text: &'static str) -> Fix<'r> {
        // At most two edits are ever made; a third would be a bug caught by the tests.
        let _ = self.edits.push(Edit { span, text });
        self
    }

    /// The edits, in input order.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// How far it can be trusted.
    pub const fn applicability(&self) -> Applicability {
        self.applicability
    }

    /// What it does, in a few words (the same text as its `Display`).
    pub const fn message(&self) -> &'static str {
        self.message
    }

    /// The bytes the edits cover, from the first edit's start to the last one's end.
    pub fn span(&self) -> Span {
        match (self.edits.first(), self.edits.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => Span::new(0, 0),
        }
    }

    /// The patched input, as the pieces to write one after another (no allocation):
    /// `fix.pieces().flatten()` gives its bytes.
    pub fn pieces(&self) -> Pieces<'_, 'r> {
        Pieces {
            fix: self,
            next: 0,
            at: 0,
            in_edit: false,
        }
    }
}

impl fmt::Display for Fix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl fmt::Debug for Fix<'_> {
    /// Spans and fixed text only: the input is not printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fix")
            .field("message", &self.message)
            .field("applicability", &self.applicability)
            .field("edits", &&self.edits[..])
            .finish()
    }
}

/// The pieces of a patched input ([`Fix::pieces`]).
#[derive(Clone)]
pub struct Pieces<'f, 'r> {
    fix: &'f Fix<'r>,
    next: usize,
    at: usize,
    in_edit: bool,
}

impl<'r> Iterator for Pieces<'_, 'r> {
    type Item = &'r [u8];

    fn next(&mut self) -> Option<&'r [u8]> {
        let input = self.fix.input;
        if self.in_edit {
            self.in_edit = false;
            let e = self.fix.edits[self.next];
            self.next += 1;
            self.at = e.span.end;
            return Some(e.text.as_bytes());
        }
        match self.fix.edits.get(self.next) {
            Some(e) => {
                self.in_edit = true;
                Some(&input[self.at.min(e.span.start)..e.span.start])
            }
            None if self.at <= input.len() => {
                let tail = &input[self.at..];
                self.at = input.len() + 1;
                Some(tail)
            }
            None => None,
        }
    }
}

const APIKEY_TEXT: &str = "APIKey";
const BEARER_TEXT: &str = "Bearer";

impl<'r> Diagnostic<'r> {
    /// The repair of this diagnosis, when its right value is certain or likely; `None` where
    /// it is unknown (a truncated token, a placeholder, the legacy separator, an expired JWT).
    /// A fix never changes a byte of a secret: it moves or keeps the token, nothing else.
    /// Which code gets which fix is written in its catalogue entry ([`crate::Entry::autofix`]).
    pub fn fix(&self) -> Option<Fix<'r>> {
        use Applicability::{MachineApplicable as Sure, MaybeIncorrect as Maybe};
        let input = self.input;
        let span = self.diag.span.wide();
        let new = |a, m| Fix::new(input, a, m);
        let text = |a, m, t| Some(new(a, m).edit(span, t));
        let delete = |a, m, s: Span| Some(new(a, m).edit(s, ""));
        if self.facts.line_unsure && !matches!(self.diag.detail, Detail::NoColon) {
            return None;
        }
        // A pasted or control character changes how the rest reads: it is fixed first, and
        // the rest once the input reads as what it is.
        let pasted = |b: &[u8]| b.iter().any(|&b| b >= 0x7f || (b < 0x20 && b != b'\t'));
        match self.diag.detail {
            Detail::Control { .. } | Detail::NonAscii => {}
            // Typographic quotes are what this fix removes.
            Detail::QuotedValue | Detail::QuotedToken => {
                let inner = unquoted(input, span)?;
                // Unquoted, a token that starts with a scheme word would read as the scheme.
                let head = input.get(inner.start..inner.start + 6).unwrap_or_default();
                let scheme_inside = matches!(self.diag.detail, Detail::QuotedToken)
                    && (head.eq_ignore_ascii_case(b"apikey")
                        || head.eq_ignore_ascii_case(b"bearer"));
                if scheme_inside
                    || pasted(&input[..span.start])
                    || pasted(&input[inner.start..inner.end])
                    || pasted(&input[span.end..])
                {
                    return None;
                }
            }
            _ if pasted(input) => return None,
            _ => {}
        }
        match self.diag.detail {
            Detail::NameMisspelled => text(Sure, "spell the header `Authorization`", AUTH_TEXT),
            Detail::NameAlternative => text(
                Maybe,
                "send the token in the `Authorization` header",
                AUTH_TEXT,
            ),
            Detail::Folded => delete(Sure, "start the line with the header name", span),
            Detail::SpaceBeforeColon => delete(Sure, "put the colon right after the name", span),
            Detail::NoColon if !span.is_empty() => {
                text(Sure, "put a colon after the header name", ": ")
            }
            Detail::NameInValue => {
                let end = after_names(input, span.start);
                delete(
                    Sure,
                    "remove the repeated `Authorization:`",
                    Span::new(span.start, end),
                )
            }
            Detail::NoScheme(NoSchemeKind::Permanent) => Some(
                new(Sure, "put `APIKey ` before the permanent token")
                    .edit(Span::new(span.start, span.start), "APIKey "),
            ),
            Detail::BearerPermanent => self.scheme_before(span.start, b"bearer", Sure),
            Detail::BearerVariable | Detail::BearerPlaceholder { permanent: true } => {
                self.scheme_before(span.start, b"bearer", Maybe)
            }
            Detail::BearerApiKey => {
                let w = word_before(input, span.start)?;
                // A JWT after both schemes: which one was meant is unknown.
                let token = &input[span.end + ws_len(&input[span.end..])..];
                let token = &token[token
                    .iter()
                    .take_while(|&&c| c == b'"' || c == b'\'')
                    .count()..];
                (input[w.start..w.end].eq_ignore_ascii_case(b"bearer")
                    && !token.starts_with(b"eyJ"))
                .then(|| {
                    new(Sure, "keep only the `APIKey` scheme")
                        .edit(Span::new(w.start, span.start), "")
                })
            }
            Detail::BearerCase => text(Sure, "write `Bearer` exactly so", BEARER_TEXT),
            Detail::MangledScheme { glued, .. } => mangled(input, span, glued),
            Detail::UnknownScheme { near } => {
                let permanent = matches!(
                    self.facts.cred,
                    Cred::Permanent {
                        separator: Some(_),
                        ..
                    }
                );
                // Only where a permanent token was read after it: anything else may be
                // another credential, or come out as something else after the fix.
                match near {
                    Near::ApiKey if permanent => {
                        text(Sure, "write the scheme `APIKey`", APIKEY_TEXT)
                    }
                    Near::None | Near::Bearer if permanent => {
                        text(Maybe, "send a permanent token with `APIKey`", APIKEY_TEXT)
                    }
                    _ => None,
                }
            }
            Detail::IncludesScheme => {
                // Only when one token follows one scheme word: after `APIKey APIKey …` which
                // word was meant as what is unknown.
                let end = span.end + ws_len(&input[span.end..]);
                let token = &input[end..];
                let one_token = !token.is_empty()
                    && scheme_word_at(input, end).is_none()
                    && !token.iter().any(|&c| c == b' ' || c == b'\t');
                if !one_token {
                    return None;
                }
                delete(
                    Sure,
                    "store only the token, without a scheme",
                    Span::new(span.start, end),
                )
            }
            Detail::Repeated => {
                let mut end = span.start;
                while let Some(w) = scheme_word_at(input, end) {
                    end = w + ws_len(&input[w..]);
                }
                delete(Sure, "write the scheme once", Span::new(span.start, end))
            }
            Detail::Leading | Detail::Trailing => delete(Sure, "remove the whitespace", span),
            Detail::BetweenTab | Detail::BetweenSeveral(_) => {
                text(Sure, "use one space after the scheme", " ")
            }
            Detail::Control { trailing } => {
                let b = *input.get(span.start)?;
                // A line break inside the value ends what is sent: which part was meant is
                // unknown. At the end it is the line ending of a file the token came from.
                if !trailing && (b == b'\r' || b == b'\n') {
                    return None;
                }
                delete(Sure, "remove the control character", span)
            }
            Detail::NonAscii => match next_char(&input[span.start..])? {
                (Char::Valid(c), _) => match stands_for(c) {
                    Stands::Nothing => delete(Sure, "remove the invisible character", span),
                    Stands::Space => text(Sure, "replace it with a plain space", " "),
                    _ => None,
                },
                _ => None,
            },
            Detail::QuotedValue | Detail::QuotedToken => {
                let inner = unquoted(input, span)?;
                Some(
                    new(Sure, "remove the quotes")
                        .edit(Span::new(span.start, inner.start), "")
                        .edit(Span::new(inner.end, span.end), ""),
                )
            }
            Detail::JwtWithApiKey if self.facts.kind != InputKind::Token => {
                let claims = jwt::read(&input[span.start..span.end]).ok()?;
                let live = match (claims.exp, self.facts.clock) {
                    (Some(exp), Some(now)) => exp > now,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                (claims.token_type == crate::base::TokenType::Access && live)
                    .then(|| self.scheme_before(span.start, b"apikey", Maybe))
                    .flatten()
                    .map(|mut f| {
                        f.message = "send a JWT with `Bearer`";
                        f.edits[0].text = BEARER_TEXT;
                        f
                    })
            }
            _ => None,
        }
    }

    /// Replaces the scheme word `was` (any letter case) right before `at` with `APIKey`.
    fn scheme_before(&self, at: usize, was: &[u8], a: Applicability) -> Option<Fix<'r>> {
        let w = word_before(self.input, at)?;
        // After a repeated scheme the repeat is fixed first.
        let repeat = word_before(self.input, w.start)
            .is_some_and(|p| scheme_word_at(self.input, p.start).is_some());
        (!repeat && self.input[w.start..w.end].eq_ignore_ascii_case(was)).then(|| {
            Fix::new(self.input, a, "send a permanent token with `APIKey`").edit(w, APIKEY_TEXT)
        })
    }
}

const AUTH_TEXT: &str = "Authorization";

/// `APIKey:`, `APIKey=…`, `APIKey29841_…`: what is glued to the scheme becomes one space, or
/// nothing when a space follows already.
fn mangled(input: &[u8], span: Span, glued: Glued) -> Option<Fix<'_>> {
    // The scheme reader calls a word mangled only when it is `APIKey` and something glued.
    if span.len() < 7 {
        return None;
    }
    let at = span.start + 6;
    // `APIKey:APIKey …` would become the scheme written twice: which one was meant is unknown.
    let glue = usize::from(matches!(glued, Glued::Colon | Glued::Equals));
    let rest = &input[at + glue..];
    let rest = &rest[ws_len(rest)..];
    if scheme_word_at(rest, 0).is_some() {
        return None;
    }
    let fix = Fix::new(
        input,
        Applicability::MachineApplicable,
        "put one space between `APIKey` and the token",
    );
    match glued {
        Glued::Colon | Glued::Equals if span.len() > 7 => {
            Some(fix.edit(Span::new(at, at + 1), " "))
        }
        Glued::Colon | Glued::Equals => Some(fix.edit(Span::new(at, at + 1), "")),
        Glued::Token => Some(fix.edit(Span::new(at, at), " ")),
        Glued::Other => None,
    }
}

/// The end of `APIKey` or `Bearer` (any letter case) at `at`, when a word of its own.
fn scheme_word_at(input: &[u8], at: usize) -> Option<usize> {
    let w = input.get(at..at + 6)?;
    ((w.eq_ignore_ascii_case(b"apikey") || w.eq_ignore_ascii_case(b"bearer"))
        && input.get(at + 6).is_none_or(|&c| c == b' ' || c == b'\t'))
    .then_some(at + 6)
}

/// Spaces and tabs at the start of `b`.
fn ws_len(b: &[u8]) -> usize {
    b.iter().take_while(|&&c| c == b' ' || c == b'\t').count()
}

/// The letters of the word that ends, after spaces or tabs, right before `at`.
fn word_before(input: &[u8], at: usize) -> Option<Span> {
    let end = at
        - input[..at]
            .iter()
            .rev()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
    let start = end
        - input[..end]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
    (start < end).then(|| Span::new(start, end))
}

/// Where the value starts after every `Authorization:` (and the whitespace after it) from `at`.
fn after_names(input: &[u8], mut at: usize) -> usize {
    const NAME: &[u8] = b"authorization";
    loop {
        let rest = &input[at..];
        if !rest
            .get(..NAME.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(NAME))
        {
            return at;
        }
        let gap = ws_len(&rest[NAME.len()..]);
        if rest.get(NAME.len() + gap) != Some(&b':') {
            return at;
        }
        at += NAME.len() + gap + 1;
        at += ws_len(&input[at..]);
    }
}

/// The inside of a quoted span: without the pair of quotes (straight or typographic) at its
/// ends. `None` unless both ends are quotes and the inside is neither empty nor quoted again:
/// then which quotes were meant is unknown. (An inside with a typographic quote holds a
/// pasted character, and waits for that character's own fix.)
fn unquoted(input: &[u8], span: Span) -> Option<Span> {
    let b = &input[span.start..span.end];
    let head = match next_char(b)? {
        (Char::Valid(c), n) if is_quote_char(c) => n,
        _ => return None,
    };
    // The last character starts at the last byte that is not a continuation byte.
    let lead = (0..b.len()).rev().find(|&i| b[i] & 0xC0 != 0x80)?;
    let tail = match next_char(&b[lead..]) {
        Some((Char::Valid(c), n)) if lead >= head && lead + n == b.len() && is_quote_char(c) => n,
        _ => return None,
    };
    let inner = &b[head..lead];
    let quote = |c: Option<&u8>| matches!(c, Some(b'"' | b'\''));
    if inner.is_empty() || quote(inner.first()) || quote(inner.last()) {
        return None;
    }
    Some(Span::new(span.start + head, span.end - tail))
}

fn is_quote_char(c: char) -> bool {
    c == '"' || c == '\'' || matches!(stands_for(c), Stands::Quote(_))
}
