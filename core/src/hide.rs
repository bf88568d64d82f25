//! Where the secrets are in some bytes: the one redaction rule every rendering uses.
//!
//! A secret is found by its *position* first, whatever its shape:
//!
//! - after an `Authorization` scheme (`APIKey …`, `Bearer …`; `Token`, `Basic` and `JWT` when
//!   what follows looks like secret material), to the end of the value: however many words,
//!   separators or encodings it holds. The value ends with its line, or at the closing quote
//!   or bracket of one it opened with (`"Authorization: APIKey …"`, `(APIKey …)`), unless
//!   pieces of a secret are glued to that closer;
//! - in the quoted value of a secret-named key or variable (`GCORE_API_KEY="…"`,
//!   `"api_key": "…"`, `x-api-key: '…'`);
//! - in a URL parameter with a secret name (`?apikey=…`, `&token=…`), to the parameter's end;
//! - in the default of a shell expansion of a secret-named variable (`${GCORE_API_KEY:-…}`);
//!
//! and anywhere else by its *look*: a run of words that holds a long hex or mixed
//! letter-and-digit word, several shorter ones, or a token shape (`<digits>_<secret>`). What
//! joins the words does not matter: any 1 or 2 characters that are not letters, digits or line
//! ends (punctuation and symbols of any script, invisible and control characters, bytes that
//! are not UTF-8, an HTML or URL encoding of one such as `&amp;`, `&#124;` or `%7C`), with at
//! most two spaces or tabs around them. Whether the words are secret material is decided by
//! the words alone, so a secret cut by any separator is hidden as one cut by `-`.
//!
//! Each secret is shown as at most its numeric id, its separator and the first 4 characters
//! after them; the rest is a hidden range. Ranges come in order and never overlap.

use crate::base::Span;
use crate::lexicon::{SchemeWord, scheme_word, secret_name};
use crate::unicode::{Char, next_char};

/// How many characters of a secret may be shown.
pub const SHOWN_SECRET_CHARS: usize = 4;

/// A word of this many hex digits, or of letters and digits, is treated as secret material
/// wherever it appears, even outside a recognised token: only its first 4 characters are
/// shown. Shorter words are secret material by their position or together ([`Hidden`]).
pub(crate) const HEX_RUN_REDACTED: usize = 16;

/// A word this long (in characters) made of hex digits, or of letters and digits, is a secret
/// on its own.
const STRONG: usize = HEX_RUN_REDACTED;

/// An ASCII word this long is a secret on its own whatever its letters, if it holds this many
/// different characters (not `xxxx…`).
const STRONG_ANY: usize = 32;
const STRONG_ANY_DISTINCT: u32 = 10;

/// Shorter words that look like secret material are a secret together when their lengths add
/// up to this, and so are the words after an id and its separator (`29841_9 4 3 0 …`).
const WEAK_TOTAL: usize = 16;

/// Words of any length that look like secret material are a secret together when their
/// lengths add up to this, and between a quarter and seven eighths of their characters are
/// digits (a secret split every character or two, not a list of numbers).
const MATERIAL_TOTAL: usize = 32;

/// This many percent-encoded bytes in a run are a secret together (`%32%39%38…`).
const PERCENT_ESCAPES: usize = 16;

/// At most this many separator characters (or encoded characters, `&amp;`, `%7C`) join two
/// words of one secret, and at most this many spaces around them.
const MAX_JOIN: usize = 2;

/// An id is at most this many digits.
const MAX_ID: usize = 20;

/// The ranges of some bytes that no output may show, in order and disjoint: every secret
/// after what may be shown of it. See the module documentation for the rule.
///
/// ```
/// use gcore_auth::{Hidden, Span};
/// let line = b"Authorization: APIKey 29841_0123 4567 89ab cdef";
/// let hidden: Vec<Span> = Hidden::new(line, &[]).collect();
/// // The id, the separator and 4 characters stay; the other words of the token go.
/// assert_eq!(hidden, [Span::new(32, line.len())]);
/// ```
#[derive(Clone)]
pub struct Hidden<'a> {
    bytes: &'a [u8],
    /// Where the rules resume looking.
    at: usize,
    /// A range the rules found and not returned yet.
    pending: Option<Span>,
    /// Secrets the caller knows of (the whole secret: its first characters stay shown).
    known: &'a [Span],
    /// One more, held by value (a report's secret).
    secret: Option<Span>,
    /// A credential the caller knows of: its id, separator and first characters stay shown.
    credential: Option<Span>,
    /// Everything before this was returned or shown.
    floor: usize,
}

impl<'a> Hidden<'a> {
    /// The hidden ranges of `bytes`, by the rule and for each `known` secret span (a secret
    /// the caller located: everything after its first 4 characters is hidden too).
    pub fn new(bytes: &'a [u8], known: &'a [Span]) -> Hidden<'a> {
        Hidden {
            bytes,
            at: 0,
            pending: None,
            known,
            secret: None,
            credential: None,
            floor: 0,
        }
    }

    /// Also hides the secret at `span` after its first 4 characters.
    pub(crate) fn secret(mut self, span: Option<Span>) -> Hidden<'a> {
        self.secret = span;
        self
    }

    /// Also hides the credential at `span` (a token, or what stands where one goes) after its
    /// id, its separator and 4 more characters, however many words it has.
    ///
    /// ```
    /// use gcore_auth::{Hidden, Span};
    /// let token = b"29841_abcd efgh ijkl";
    /// let hidden: Vec<Span> = Hidden::new(token, &[]).credential(Some(Span::new(0, 20))).collect();
    /// assert_eq!(hidden, [Span::new(10, 20)]);
    /// ```
    pub fn credential(mut self, span: Option<Span>) -> Hidden<'a> {
        self.credential = span.and_then(|s| {
            let end = s.end.min(self.bytes.len());
            credential(self.bytes, s.start.min(end), end)
        });
        self
    }

    /// The next range the rules find. Rule ranges come in order and never overlap, and
    /// [`Iterator::next`] unites every one that starts inside what it returns, so none starts
    /// before what was returned ends.
    fn next_rule(&mut self) -> Option<Span> {
        self.pending.take().or_else(|| {
            let (r, resume) = find(self.bytes, self.at)?;
            self.at = resume;
            Some(r)
        })
    }

    /// The hidden parts of the known secrets and credential: each after its first characters.
    fn known_parts(&self) -> impl Iterator<Item = Span> + '_ {
        self.known
            .iter()
            .chain(&self.secret)
            .map(|s| {
                let end = s.end.min(self.bytes.len());
                let start = s.start.min(end);
                Span::new(
                    start + skip_chars(&self.bytes[start..end], SHOWN_SECRET_CHARS),
                    end,
                )
            })
            .chain(self.credential)
            .filter(|s| s.start < s.end)
    }
}

/// Shows where it is, never the bytes it reads.
impl core::fmt::Debug for Hidden<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Hidden")
            .field("len", &self.bytes.len())
            .field("shown_up_to", &self.floor)
            .finish_non_exhaustive()
    }
}

impl Iterator for Hidden<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let rule = self.next_rule();
        // The first known part not shown yet, from where it is not shown yet.
        let known = self
            .known_parts()
            .filter(|s| s.end > self.floor)
            .min_by_key(|s| s.start)
            .map(|s| Span::new(s.start.max(self.floor), s.end));
        let mut r = [rule, known]
            .into_iter()
            .flatten()
            .min_by_key(|s| s.start)?;
        if rule != Some(r) {
            self.pending = rule;
        }
        // Unite everything that overlaps or touches it.
        loop {
            if let Some(a) = self.next_rule() {
                if a.start <= r.end {
                    r.end = r.end.max(a.end);
                    continue;
                }
                self.pending = Some(a);
            }
            let end = r.end;
            match self
                .known_parts()
                .filter(|b| b.start <= end && b.end > end)
                .map(|b| b.end)
                .max()
            {
                Some(e) => r.end = e,
                None => break,
            }
        }
        self.floor = r.end;
        Some(r)
    }
}

/// The byte length of the first `n` characters of `bytes` (an invalid byte counts one).
pub(crate) fn skip_chars(bytes: &[u8], n: usize) -> usize {
    let mut at = 0;
    for _ in 0..n {
        match next_char(&bytes[at..]) {
            Some((_, len)) => at += len,
            None => break,
        }
    }
    at
}

/// What a character is to the rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter or digit.
    Word(WordChar),
    /// A character that may join the words of one secret.
    Join { space: bool },
    /// Anything else: ends a secret.
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WordChar {
    Digit,
    HexLower,
    HexUpper,
    Lower,
    Upper,
    /// A letter or digit outside ASCII (a look-alike, a full-width digit).
    Foreign,
}

fn class_at(bytes: &[u8], at: usize) -> (Class, usize) {
    let Some((c, n)) = next_char(&bytes[at..]) else {
        return (Class::Other, 1);
    };
    let class = match c {
        Char::Valid(c) => match c {
            '0'..='9' => Class::Word(WordChar::Digit),
            'a'..='f' => Class::Word(WordChar::HexLower),
            'A'..='F' => Class::Word(WordChar::HexUpper),
            'g'..='z' => Class::Word(WordChar::Lower),
            'G'..='Z' => Class::Word(WordChar::Upper),
            ' ' | '\t' => Class::Join { space: true },
            // Line ends end a secret: its pieces on other lines are other text.
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Class::Other,
            c if c.is_alphanumeric() => Class::Word(WordChar::Foreign),
            c if !c.is_ascii() && c.is_whitespace() => Class::Join { space: true },
            // Whatever is not a letter, a digit or a line end may join the pieces of a secret:
            // punctuation and symbols of any script, invisible and control characters.
            _ => Class::Join { space: false },
        },
        // A byte that is not UTF-8 joins like an invisible character.
        Char::Invalid(_) => Class::Join { space: false },
    };
    (class, n)
}

/// The length of an HTML character reference at the start of `bytes` (`&amp;`, `&#124;`,
/// `&#x7c;`), which joins words as one character does.
fn entity_len(bytes: &[u8]) -> Option<usize> {
    let body = bytes.strip_prefix(b"&")?;
    let (skip, max, ok): (usize, usize, fn(&u8) -> bool) = match body {
        [b'#', b'x' | b'X', ..] => (2, 6, u8::is_ascii_hexdigit),
        [b'#', ..] => (1, 7, u8::is_ascii_digit),
        _ => (0, 10, u8::is_ascii_alphabetic),
    };
    let len = body[skip..]
        .iter()
        .take(max + 1)
        .take_while(|b| ok(b))
        .count();
    let min = if skip == 0 { 2 } else { 1 };
    let closed = body.get(skip + len) == Some(&b';');
    ((min..=max).contains(&len) && closed).then_some(1 + skip + len + 1)
}

/// The length of a percent-encoded character that is not a letter or digit at the start of
/// `bytes` (`%7C`, `%E2%80%A2`), which joins words as one character does.
fn percent_len(bytes: &[u8]) -> Option<usize> {
    let byte = |at: usize| -> Option<u8> {
        match bytes.get(at..at + 3)? {
            [b'%', h, l] if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                let digit = |d: u8| (d as char).to_digit(16).unwrap_or(0) as u8;
                Some(digit(*h) << 4 | digit(*l))
            }
            _ => None,
        }
    };
    let lead = byte(0)?;
    let more = match lead {
        0x00..=0x7f if lead.is_ascii_alphanumeric() => return None,
        0x00..=0x7f => 0,
        0xc2..=0xdf => 1,
        0xe0..=0xef => 2,
        0xf0..=0xf4 => 3,
        _ => return None,
    };
    (1..=more)
        .all(|k| byte(3 * k).is_some_and(|b| b & 0xc0 == 0x80))
        .then_some(3 + 3 * more)
}

/// One word: a run of letters and digits.
#[derive(Clone, Copy, Default)]
struct Word {
    start: usize,
    end: usize,
    len: usize,
    digits: usize,
    /// Letters, in or out of ASCII.
    letters: usize,
    /// Letters that are not hex digits.
    other_letters: usize,
    foreign: usize,
    lower: usize,
    /// Uppercase letters after the first character.
    inner_upper: usize,
    /// The ASCII characters it holds, one bit each.
    seen: u128,
}

impl Word {
    fn read(bytes: &[u8], start: usize) -> Word {
        let mut w = Word {
            start,
            end: start,
            ..Word::default()
        };
        // (`class_at` reads the end of the bytes as `Other`.)
        while let (Class::Word(c), n) = class_at(bytes, w.end) {
            let upper = matches!(c, WordChar::HexUpper | WordChar::Upper);
            match c {
                WordChar::Digit => w.digits += 1,
                WordChar::HexLower | WordChar::HexUpper => w.letters += 1,
                WordChar::Lower | WordChar::Upper => {
                    w.letters += 1;
                    w.other_letters += 1;
                }
                WordChar::Foreign => {
                    w.letters += 1;
                    w.foreign += 1;
                }
            }
            if upper && w.len > 0 {
                w.inner_upper += 1;
            }
            w.lower += usize::from(matches!(c, WordChar::HexLower | WordChar::Lower));
            if n == 1 {
                w.seen |= 1 << bytes[w.end];
            }
            w.len += 1;
            w.end += n;
        }
        w
    }

    fn all_hex(&self) -> bool {
        self.other_letters == 0 && self.foreign == 0
    }

    fn mixed(&self) -> bool {
        self.digits > 0 && self.letters > 0
    }

    /// A secret on its own.
    fn strong(&self) -> bool {
        (self.len >= STRONG && (self.all_hex() || self.mixed()))
            || (self.len >= STRONG_ANY
                && self.foreign == 0
                && self.seen.count_ones() >= STRONG_ANY_DISTINCT)
    }

    /// Looks like a piece of secret material.
    fn weak(&self) -> bool {
        self.strong()
            || self.mixed()
            || (self.all_hex() && self.len >= 6)
            || (self.inner_upper > 0 && self.lower > 0)
            || (self.foreign > 0 && self.foreign < self.len)
    }

    /// Can start a secret: holds digits, or is hex, or is long and mixed.
    fn material(&self) -> bool {
        self.strong()
            || self.digits > 0
            || self.all_hex()
            || (self.foreign > 0 && self.foreign < self.len)
    }

    /// May continue a secret after the separators before it.
    fn continues(&self, tight: bool) -> bool {
        self.material() || self.weak() || (tight && self.len >= 6)
    }

    /// An id: digits only, short enough.
    fn id(&self) -> bool {
        self.digits == self.len && self.len <= MAX_ID
    }
}

/// The separators after `at` (characters that are not letters, digits or line ends, or HTML
/// or URL encodings of them): their end and whether a space is among them, if there are 1 to
/// [`MAX_JOIN`] of them besides at most [`MAX_JOIN`] spaces, and a word follows.
fn join_after(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
    join_from(bytes, at, at, 0, 0)
}

/// [`join_after`] from `end`, after `marks` separators and `spaces` spaces. An encoding
/// (`%7e`) is read as one separator if a word follows it so, else as a `%` before a word: the
/// last piece of a secret cut by `%` may begin with hex digits.
fn join_from(
    bytes: &[u8],
    at: usize,
    end: usize,
    marks: usize,
    spaces: usize,
) -> Option<(usize, bool)> {
    if end >= bytes.len() {
        return None;
    }
    let (class, n) = class_at(bytes, end);
    let space = match class {
        Class::Word(_) => return (end > at).then_some((end, spaces > 0)),
        Class::Join { space } => space,
        Class::Other => return None,
    };
    let (marks, spaces) = if space {
        (marks, spaces + 1)
    } else {
        (marks + 1, spaces)
    };
    if marks > MAX_JOIN || spaces > MAX_JOIN {
        return None;
    }
    let encoded = match bytes[end] {
        b'&' => entity_len(&bytes[end..]),
        b'%' => percent_len(&bytes[end..]),
        _ => None,
    };
    encoded
        .and_then(|e| join_from(bytes, at, end + e, marks, spaces))
        .or_else(|| join_from(bytes, at, end + n, marks, spaces))
}

/// A run of words that may be one secret, from its first word.
struct Run {
    /// Where the secret starts (after a leading id and separator, after leading words that
    /// cannot be part of a secret).
    secret_start: Option<usize>,
    /// The secret starts after an id and its separator: a word of digits and `_` at its
    /// start is a piece of the secret, not another id.
    after_id: bool,
    /// The end of the last word that belongs to the secret.
    end: usize,
    strong: bool,
    weak_words: usize,
    weak_len: usize,
    /// Characters of its words that are hex, hold digits, or look like secret material.
    material_len: usize,
    /// The digits among them.
    material_digits: usize,
    /// Words after a lone `%` that start with two hex digits: percent-encoded bytes.
    percent_escapes: usize,
    /// An id and separator, then a word that looks like secret material.
    token: bool,
    /// Characters of the words after an id and its separator.
    after_id_len: usize,
    /// Where the word after the run starts, if the run stopped before one.
    next: usize,
}

impl Run {
    fn is_secret(&self) -> bool {
        self.strong
            || self.token
            || self.after_id_len >= WEAK_TOTAL
            || (self.weak_words >= 2 && self.weak_len >= WEAK_TOTAL)
            || self.percent_escapes >= PERCENT_ESCAPES
            || (self.material_len >= MATERIAL_TOTAL
                && self.material_digits * 4 >= self.material_len
                && self.material_digits * 8 <= self.material_len * 7)
    }

    /// Reads the run that starts with the word at `start`.
    fn read(bytes: &[u8], start: usize) -> Run {
        let first = Word::read(bytes, start);
        let mut run = Run {
            secret_start: None,
            after_id: false,
            end: first.end,
            strong: false,
            weak_words: 0,
            weak_len: 0,
            material_len: 0,
            material_digits: 0,
            percent_escapes: 0,
            token: false,
            after_id_len: 0,
            next: first.end,
        };
        let mut word = first;
        let mut joined_tight = true;
        let mut after_id = false;
        let mut seen_id = false;
        loop {
            let scheme = opens_credential(&bytes[word.start..word.end]);
            let belongs = !scheme
                && if run.secret_start.is_none() {
                    word.material()
                } else {
                    word.continues(joined_tight)
                };
            if belongs {
                if run.secret_start.is_none() {
                    run.secret_start = Some(word.start);
                    run.after_id = seen_id;
                }
                run.end = word.end;
                // Short words count only when glued to the others: `sha256 md5 crc32`
                // are words of a sentence.
                if word.weak() && (joined_tight || word.len >= 4) {
                    run.weak_words += 1;
                    run.weak_len += word.len;
                }
                // `<id>_<secret>`: more of the secret than may be shown.
                run.token |= after_id && (word.weak() || word.len > SHOWN_SECRET_CHARS);
                // Or as many characters after it as a secret of shorter words has, however
                // many of them are digits.
                if seen_id {
                    run.after_id_len += word.len;
                }
                run.strong |= word.strong();
                if word.material() || word.weak() {
                    run.material_len += word.len;
                    run.material_digits += word.digits;
                }
                let escape = bytes[..word.start].ends_with(b"%")
                    && matches!(bytes.get(word.start..word.start + 2),
                        Some([a, b]) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit());
                run.percent_escapes += usize::from(escape);
            } else {
                // A run starts at its first word that belongs, and ends before the first
                // that does not.
                run.next = word.start;
                break;
            }
            after_id = false;
            let Some((next, space)) = join_after(bytes, word.end) else {
                run.next = word.end;
                break;
            };
            // An id and its separator stay shown: the secret starts after them.
            if !seen_id
                && word.id()
                && next == word.end + 1
                && matches!(bytes[word.end], b'_' | b'$')
            {
                seen_id = true;
                if run.secret_start == Some(word.start) && run.weak_words == 0 {
                    run.secret_start = None;
                }
                after_id = true;
            }
            joined_tight = !space;
            word = Word::read(bytes, next);
        }
        run
    }
}

/// Where hiding starts in a credential at `bytes[start..end]`: after its id and separator
/// (`29841_`) and 4 more characters, or after its first 4 characters (separators and
/// invisible characters before it are skipped). Without `id`, it holds no id (one was
/// skipped before it). With `id_alone`, `end` when it is an id alone (nothing to hide).
fn shown_end(bytes: &[u8], mut start: usize, end: usize, id: bool, id_alone: bool) -> usize {
    // Separators and invisible characters before it are no part of it.
    while start < end {
        match class_at(bytes, start) {
            (Class::Join { .. }, n) => start += n,
            _ => break,
        }
    }
    let digits = bytes[start..end]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let mut from = start;
    if id_alone && digits == end - start && digits <= MAX_ID {
        return end;
    }
    if id
        && (1..=MAX_ID).contains(&digits)
        && start + digits < end
        && matches!(bytes[start + digits], b'_' | b'$')
    {
        from = start + digits + 1;
    }
    (from + skip_chars(&bytes[from..end], SHOWN_SECRET_CHARS)).min(end)
}

/// The end of the words after `end` that continue a secret (joined as in a [`Run`]).
fn extend(bytes: &[u8], mut end: usize) -> usize {
    let mut from = end;
    while let Some((next, space)) = join_after(bytes, from) {
        let word = Word::read(bytes, next);
        if !word.continues(!space) {
            break;
        }
        from = word.end;
        end = word.end;
    }
    end
}

/// The hidden part of a credential at `bytes[start..end]`, if any (an id alone stays).
fn credential(bytes: &[u8], start: usize, end: usize) -> Option<Span> {
    let end = trim_end(bytes, start, end);
    let from = shown_end(bytes, start, end, true, true);
    (from < end).then(|| Span::new(from, end))
}

/// The hidden part of secret material found by its look at `bytes[start..end]`, if any;
/// without `id`, it holds no id (one was skipped before it).
fn material(bytes: &[u8], start: usize, end: usize, id: bool) -> Option<Span> {
    let from = shown_end(bytes, start, end, id, false);
    (from < end).then(|| Span::new(from, end))
}

/// `end` moved back over trailing spaces and tabs (never before `start`).
fn trim_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    end
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// A scheme word after which a credential always follows.
fn opens_credential(word: &[u8]) -> bool {
    matches!(
        scheme_word(word),
        Some(SchemeWord::Ours | SchemeWord::Credential)
    )
}

/// Characters that cannot start a credential written after a scheme.
fn ends_credential(b: u8) -> bool {
    matches!(
        b,
        b'\r'
            | b'\n'
            | b'"'
            | b'\''
            | b'`'
            | b'\\'
            | b'|'
            | b'<'
            | b'>'
            | b'('
            | b')'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b';'
            | b'&'
    )
}

/// How far back before a scheme its value's opening quote or bracket is looked for.
const OPENER_REACH: usize = 64;

/// The quote or bracket a value opens with, if the scheme word at `at` is inside one on its
/// line (`"Authorization: APIKey …`, `(APIKey …`, `| APIKey …`, `f(a: int, apiKey: …`):
/// looked for back over names, `:`, `=`, `,` and `*`. Its closer, and whether the opener is
/// escaped (`\"`: the value is inside a string, and `\"` closes it).
fn closer_before(bytes: &[u8], at: usize) -> Option<(u8, bool)> {
    let from = at.saturating_sub(OPENER_REACH);
    let open = from
        + bytes[from..at]
            .iter()
            .rposition(|&b| !(is_ident(b) || b" \t:=,*".contains(&b)))?;
    let close = match bytes[open] {
        b @ (b'"' | b'\'' | b'`' | b'|') => b,
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        b'<' => b'>',
        _ => return None,
    };
    Some((close, open > 0 && bytes[open - 1] == b'\\'))
}

/// The end of a value written from `from` after the scheme word at `scheme`: the end of its
/// line, or the closing quote or bracket of one the value opened with, and then the words
/// glued to it that continue a secret (`"…"abcd`: the closer joined its pieces).
fn value_end(bytes: &[u8], scheme: usize, from: usize) -> usize {
    let (close, escaped) = match closer_before(bytes, scheme) {
        Some((c, e)) => (Some(c), e),
        None => (None, false),
    };
    let quote = matches!(close, Some(b'"' | b'\'' | b'`'));
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' | b'\n' => return i,
            b'\\' if escaped && bytes.get(i + 1).copied() == close => return extend(bytes, i),
            b'\\' if quote && !matches!(bytes.get(i + 1), Some(b'\r' | b'\n')) => i += 2,
            b if Some(b) == close => return extend(bytes, i),
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A reference or template where a credential goes: not a secret itself.
fn is_reference(b: u8) -> bool {
    matches!(b, b'$' | b'{' | b'<' | b'%' | b'[' | b'(' | b'@' | b'*')
}

/// The end of a quoted text whose opening quote `q` is at `open`: the matching unescaped quote,
/// or the end of the line.
fn quote_end(bytes: &[u8], open: usize, q: u8) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\r' | b'\n' => return i,
            b if b == q => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The length of the characters outside ASCII that join words (invisible characters, spaces
/// that are not ASCII, bytes that are not UTF-8) at the start of `bytes`.
fn skip_invisible(bytes: &[u8]) -> usize {
    let mut at = 0;
    while at < bytes.len() && bytes[at] >= 0x80 {
        match class_at(bytes, at) {
            (Class::Join { .. }, n) => at += n,
            _ => break,
        }
    }
    at
}

fn skip_blanks(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
        at += 1;
    }
    at
}

/// After a scheme word at `bytes[start..end]`: another scheme word and its spaces, skipped.
fn skip_schemes(bytes: &[u8], mut at: usize) -> usize {
    loop {
        let len = bytes[at..].iter().take_while(|&&b| is_ident(b)).count();
        let word = &bytes[at..at + len];
        let next = skip_blanks(bytes, at + len);
        if next > at + len && opens_credential(word) {
            at = next;
        } else {
            return at;
        }
    }
}

/// A quoted credential opening at `open`, if it holds secret material: its hidden part and
/// the quoted text's end.
fn quoted(bytes: &[u8], open: usize) -> Option<(Option<Span>, usize)> {
    let q = bytes[open];
    let inner = open + 1;
    if inner >= bytes.len() || matches!(bytes[inner], b' ' | b'\t' | b'\r' | b'\n') {
        return None;
    }
    let end = quote_end(bytes, open, q);
    if bytes[inner] == q {
        return None;
    }
    let start = skip_schemes(bytes, inner);
    if start >= end || is_reference(bytes[start]) {
        return None;
    }
    // A quote that joins the pieces of a secret (`"abcd"efgh"`) does not end it.
    let end = extend(bytes, end);
    Some((credential(bytes, start, end), end))
}

/// The previous byte that is not a space or tab, before `at` and on the same line.
fn before(bytes: &[u8], at: usize) -> Option<u8> {
    bytes[..at]
        .iter()
        .rev()
        .find(|&&b| !matches!(b, b' ' | b'\t'))
        .copied()
        .filter(|&b| !matches!(b, b'\n' | b'\r'))
}

/// A scheme word at `start` (an identifier ending at `end`): the hidden part of the credential
/// after it and where looking resumes.
fn after_scheme(bytes: &[u8], start: usize, end: usize) -> Option<(Option<Span>, usize)> {
    let word = &bytes[start..end];
    let ours = opens_credential(word);
    let other = scheme_word(word) == Some(SchemeWord::CredentialIfMaterial);
    if !ours && !other {
        return None;
    }
    // A scheme opens a value: at the start of the line, or after `:`, a quote, `=`, `(`, `,`,
    // `[`, `{`, a backtick, `|` or `>`.
    let opens = before(bytes, start).is_none_or(|b| b":\"'=(,[{`|>".contains(&b));
    // Or after a header option given the value alone: `curl -H APIKey …`.
    let word_before = {
        let end = trim_end(bytes, 0, start);
        let len = bytes[..end]
            .iter()
            .rev()
            .take_while(|&&b| is_ident(b))
            .count();
        &bytes[end - len..end]
    };
    if !opens && word_before != b"-H" && word_before != b"--header" {
        return None;
    }
    // `APIKey 29841_…`, or a mangled `APIKey:29841_…` / `APIKey= 29841_…`.
    let glued = ours && matches!(bytes.get(end), Some(b':' | b'='));
    let c = skip_blanks(bytes, end + usize::from(glued));
    if (c == end && !glued) || c >= bytes.len() {
        return None;
    }
    let c = skip_schemes(bytes, c);
    let b = *bytes.get(c)?;
    // The quote the value opened with, closed after the scheme (`startsWith("Bearer ")`):
    // no credential.
    let closed = closer_before(bytes, start).is_some_and(|(close, _)| close == b)
        && join_after(bytes, c).is_none_or(|(_, space)| space);
    if closed {
        return None;
    }
    if b == b'"' || b == b'\'' {
        return quoted(bytes, c);
    }
    // An assignment (`apiKey := "…"`) is a name's, not a scheme's; a reference (`$KEY`, also
    // after a pasted invisible character) is not a credential.
    let first = c + skip_invisible(&bytes[c..]);
    let reference = bytes
        .get(first)
        .is_some_and(|&f| is_reference(f) || bytes[first..].starts_with(b"#{"));
    if reference || ends_credential(b) || matches!(b, b':' | b'=' | b'?') {
        return None;
    }
    if !ours && !matches!(class_at(bytes, c).0, Class::Word(_)) {
        return None;
    }
    if !ours {
        let run = Run::read(bytes, c);
        if !(run.is_secret() || Word::read(bytes, c).weak()) {
            return None;
        }
    }
    // Every word of the value is the credential's, whatever joins them.
    let stop = value_end(bytes, start, c);
    Some((credential(bytes, c, stop), stop))
}

/// A secret-named key or variable ending at `end`, then `=`, `:`, `:=`, `=>` or `?=` and a
/// quoted value, or a URL parameter: the hidden part of the value and where looking resumes.
fn after_name(bytes: &[u8], start: usize, end: usize) -> Option<(Option<Span>, usize)> {
    let name = &bytes[start..end];
    let url = start > 0 && matches!(bytes[start - 1], b'?' | b'&' | b';');
    if url && bytes.get(end) == Some(&b'=') {
        let url_name = secret_name(name)
            || [&b"key"[..], b"apikey", b"sig", b"signature", b"auth"]
                .iter()
                .any(|s| name.eq_ignore_ascii_case(s));
        if !url_name {
            return None;
        }
        let c = end + 1;
        if bytes
            .get(c)
            .is_none_or(|&b| matches!(b, b'$' | b'{' | b'<'))
        {
            return None;
        }
        let stop = bytes[c..]
            .iter()
            .position(|&b| {
                matches!(
                    b,
                    b'&' | b'#'
                        | b' '
                        | b'\t'
                        | b'\r'
                        | b'\n'
                        | b'"'
                        | b'\''
                        | b'`'
                        | b'<'
                        | b'>'
                        | b')'
                        | b']'
                )
            })
            .map_or(bytes.len(), |p| c + p);
        // A secret split by spaces goes on after them.
        let stop = extend(bytes, stop);
        return Some((credential(bytes, c, stop), stop));
    }
    if !secret_name(name) {
        return None;
    }
    let mut at = end;
    if matches!(bytes.get(at), Some(b'"' | b'\'')) {
        at += 1;
    }
    at = skip_blanks(bytes, at);
    let op = match bytes.get(at..) {
        Some([b':', b'=', ..] | [b'=', b'>', ..] | [b'?', b'=', ..]) => 2,
        Some([b'=' | b':', ..]) => 1,
        _ => return None,
    };
    let c = skip_blanks(bytes, at + op);
    match bytes.get(c) {
        Some(b'"' | b'\'' | b'`') => quoted(bytes, c),
        _ => None,
    }
}

/// `${NAME:-default}` (or `-`, `:=`, `=`, `:?`, `?`, `:+`, `+`) with a secret name, the `$` at
/// `at`: the hidden part of the default and where looking resumes.
fn default_expansion(bytes: &[u8], at: usize) -> Option<(Option<Span>, usize)> {
    if bytes.get(at + 1) != Some(&b'{') {
        return None;
    }
    let name_start = at + 2;
    let len = bytes[name_start..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_')
        .count();
    if !secret_name(&bytes[name_start..name_start + len]) {
        return None;
    }
    let mut c = name_start + len;
    if bytes.get(c) == Some(&b':') {
        c += 1;
    }
    if !matches!(bytes.get(c), Some(b'-' | b'=' | b'?' | b'+')) {
        return None;
    }
    c += 1;
    let stop = bytes[c..]
        .iter()
        .position(|&b| matches!(b, b'}' | b'\r' | b'\n'))
        .map_or(bytes.len(), |p| c + p);
    // A `}` that joins the pieces of a secret does not end it.
    let stop = extend(bytes, stop);
    let mut start = c;
    let mut end = stop;
    if matches!(bytes.get(c), Some(b'"' | b'\'')) {
        start = c + 1;
        end = quote_end(bytes, c, bytes[c]).min(stop);
    }
    if start >= end || bytes[start] == b'$' {
        return None;
    }
    Some((credential(bytes, start, end), stop))
}

/// The next hidden range at or after `from`, and where looking resumes after it.
fn find(bytes: &[u8], from: usize) -> Option<(Span, usize)> {
    let mut i = from;
    // Runs that start before this were read already and hold no secret; neither does any
    // run that starts inside them.
    let mut quiet_until = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let starts_ident = is_ident(b) && (i == 0 || !is_ident(bytes[i - 1]));
        if starts_ident {
            let end = i + bytes[i..].iter().take_while(|&&b| is_ident(b)).count();
            let found = after_scheme(bytes, i, end).or_else(|| after_name(bytes, i, end));
            if let Some((hidden, resume)) = found {
                match hidden {
                    Some(h) => return Some((h, resume.max(h.end))),
                    None => {
                        i = resume;
                        continue;
                    }
                }
            }
        }
        if b == b'$' {
            if let Some((hidden, resume)) = default_expansion(bytes, i) {
                match hidden {
                    Some(h) => return Some((h, resume.max(h.end))),
                    None => {
                        i = resume;
                        continue;
                    }
                }
            }
        }
        // Every word is reached at its start: past a word, a name or a value, looking goes on
        // at the character after it.
        let (class, n) = class_at(bytes, i);
        if matches!(class, Class::Word(_)) && i >= quiet_until {
            let run = Run::read(bytes, i);
            quiet_until = run.next;
            if run.is_secret() {
                if let Some(s) = run.secret_start {
                    if let Some(h) = material(bytes, s, run.end, !run.after_id) {
                        return Some((h, h.end));
                    }
                }
            }
            // Names and schemes inside the run are looked at on their own: go on word by
            // word, but never look at the same run twice from its later words.
            i = Word::read(bytes, i).end;
            continue;
        }
        i += n;
    }
    None
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::string::{String, ToString};
    use std::vec::Vec;

    use super::*;
    use crate::Escaped;

    const HEX: &str = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366";

    fn shown(s: &str) -> String {
        Escaped(s.as_bytes()).to_string()
    }

    /// Each input is shown as expected.
    fn each(cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            assert_eq!(shown(input), *expected, "{input:?}");
        }
    }

    /// `HEX` with `sep` after every `n` characters.
    fn split(n: usize, sep: &str) -> String {
        let mut out = String::new();
        for (i, c) in HEX.chars().enumerate() {
            if i > 0 && i % n == 0 {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn after_a_scheme_the_whole_value_is_the_credential() {
        for sep in [" ", "-", ".", ":", ",", "/", "+", "\u{200b}", "  ", "\t"] {
            let value = std::format!("APIKey 29841_{}", split(8, sep));
            assert_eq!(shown(&value), "APIKey 29841_e330…", "{sep:?}");
            let line = std::format!("Authorization: Bearer 29841_{}\r\n", split(8, sep)); // gcore-auth-lint: allow
            assert_eq!(
                shown(&line),
                "Authorization: Bearer 29841_e330…\\r\\n", // gcore-auth-lint: allow
                "{sep:?}"
            );
        }
        each(&[
            // Words a secret is split into are hidden whatever they look like.
            ("APIKey 29841_abcd efgh ijkl mnop", "APIKey 29841_abcd…"),
            ("apikey nothexatall_orso", "apikey noth…"),
            ("APIKey abc_defghijkl", "APIKey abc_…"),
            // The value ends at a quote, and a quoted token is the credential.
            (
                "-H \"Authorization: APIKey 29841_zyxwvutsr\" https://api.gcore.com",
                "-H \"Authorization: APIKey 29841_zyxw…\" https://api.gcore.com",
            ),
            ("APIKey '29841_zyxwvutsr'", "APIKey '29841_zyxw…'"),
        ]);
        // An id alone and short tokens stay.
        assert_eq!(shown("APIKey 29841"), "APIKey 29841");
        assert_eq!(shown("APIKey 29841_c767"), "APIKey 29841_c767");
        // References are not secrets, nor is a quote closed right after the scheme.
        for v in [
            "if (!auth.startsWith(\"Bearer \")) return",
            "\"APIKey #{ENV['GCORE_API_KEY']}\"",
            "APIKey $GCORE_API_KEY",
            "Bearer ${TOKEN}",
            "APIKey {api_key}",
            "Bearer <token>",
            "APIKey %GCORE_API_KEY%",
            "\"Bearer \" + token",
        ] {
            assert_eq!(shown(v), v);
        }
        each(&[
            (
                "\"APIKey \u{200b}{{gcore_api_key}}\"",
                "\"APIKey \\u{200b}{{gcore_api_key}}\"",
            ),
            (
                "value: APIKey \u{200b}$(GCORE_API_KEY)",
                "value: APIKey \\u{200b}$(GCORE_API_KEY)",
            ),
        ]);
        // A scheme opens a value only at its start: prose keeps its words.
        assert_eq!(
            shown("Use the APIKey scheme here"),
            "Use the APIKey scheme here"
        );
        // `Token` and `Basic` only before secret material.
        assert_eq!(
            shown("Token expiration is one hour"),
            "Token expiration is one hour"
        );
        assert_eq!(shown("Token zq9XkPw2LmNv"), "Token zq9X…");
        // A repeated scheme is skipped.
        assert_eq!(
            shown("Bearer APIKey 29841_zyxwvutsr"),
            "Bearer APIKey 29841_zyxw…"
        );
    }

    /// Separators a secret is cut by: every ASCII punctuation character, others of Unicode
    /// (punctuation, symbols, dashes, spaces, invisible ones), HTML and URL encodings of them,
    /// and short runs of them.
    const JOINERS: [&str; 58] = [
        "-",
        ".",
        "_",
        ":",
        ",",
        "/",
        "+",
        "=",
        "%",
        "~",
        "$",
        " ",
        "\t",
        "\\",
        "|",
        ";",
        "&",
        "'",
        "\"",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "<",
        ">",
        "#",
        "*",
        "!",
        "?",
        "@",
        "^",
        "`",
        "\u{b7}",
        "\u{2022}",
        "\u{ff0d}",
        "\u{2192}",
        "\u{3001}",
        "\u{a7}",
        "\u{2605}",
        "\u{1f511}",
        "\u{301}",
        "\u{a0}",
        "\u{3000}",
        "\u{2013}",
        "\u{200b}",
        "\u{1}",
        "&amp;",
        "&#124;",
        "&#x7c;",
        "%7C",
        "%E2%80%A2",
        " | ",
        "\\|",
        "::",
        "\t|",
        "&amp;&#124;",
    ];

    #[test]
    fn any_character_that_is_not_a_letter_or_digit_joins_the_pieces_of_a_secret() {
        for sep in JOINERS {
            for every in [1, 4, 8, 15] {
                // By its look, alone or after an id.
                let v = std::format!("echo {} done", split(every, sep));
                let pieces = split(every, sep);
                let first = &pieces[..skip_chars(pieces.as_bytes(), SHOWN_SECRET_CHARS)];
                let want = std::format!("echo {}… done", Escaped(first.as_bytes()));
                assert_eq!(shown(&v), want, "{sep:?} {every}");
                let v = std::format!("cp 29841_{pieces}.sh /tmp");
                assert!(
                    shown(&v).starts_with("cp 29841_e") && shown(&v).ends_with("….sh /tmp"),
                    "{sep:?} {every}: {}",
                    shown(&v)
                );
                // After a scheme, on a line or in a quoted header.
                let first = Escaped(first.as_bytes());
                let v = std::format!("Authorization: APIKey 29841_{pieces}");
                let want = std::format!("Authorization: APIKey 29841_{first}…");
                assert_eq!(shown(&v), want, "{sep:?} {every}");
                let v = std::format!(
                    "curl -H \"Authorization: Bearer 29841_{pieces}\" https://api.gcore.com"
                );
                let want = std::format!(
                    "curl -H \"Authorization: Bearer 29841_{first}…\" https://api.gcore.com"
                );
                assert_eq!(shown(&v), want, "{sep:?} {every}");
            }
        }
        // More than two separators besides spaces, or more than two spaces, end a secret.
        for v in [
            "x 1234abcd---5678ef01---9a8b7c6d",
            "x 1234abcd . . 5678ef01 . . 9a8b7c6d",
            "x 1234abcd   5678ef01   9a8b7c6d",
            "x 1234abcd&amp;&amp;&amp;5678ef01&amp;&amp;&amp;9a8b7c6d",
        ] {
            assert_eq!(shown(v), v);
        }
        // Prose and code keep their words.
        for v in [
            "| id | name | 12345 | ok |",
            "if (a1 && b2) { return c3[0x10]; }",
            "fn main() { println!(\"{:?}\", v); }",
            "See https://api.gcore.com/docs#section-2 (or the FAQ).",
            "Fish &amp; chips, 2&#189; cups, 100%7E off.",
            "\u{2022} one \u{2022} two \u{2022} three",
        ] {
            assert_eq!(shown(v), Escaped(v.as_bytes()).to_string());
        }
    }

    #[test]
    fn after_a_scheme_every_word_of_the_value_is_hidden() {
        let pieces = split(8, "|");
        each(&[
            // To the end of the line, whatever the words and their separators.
            (
                &std::format!("Authorization: APIKey x 29841_{pieces}"),
                "Authorization: APIKey x 29…",
            ),
            ("APIKey 29841_c767 more; words | here", "APIKey 29841_c767…"),
            ("Bearer 29841_abcd&efgh", "Bearer 29841_abcd…"),
            // To the closer of a quote or bracket the value opened with.
            (
                "(APIKey 29841_abcdefgh) and more",
                "(APIKey 29841_abcd…) and more",
            ),
            (
                "| Authorization | APIKey 29841_abcdefgh | header |",
                "| Authorization | APIKey 29841_abcd… | header |",
            ),
            (
                "{\"Authorization\": \"APIKey 29841_abcdefgh\", \"x\": 1}",
                "{\"Authorization\": \"APIKey 29841_abcd…\", \"x\": 1}",
            ),
            (
                "x = \"APIKey 29841_ab\\\"cdefgh\" y",
                "x = \"APIKey 29841_ab\\\\\"…\" y",
            ),
            // Unless pieces of a secret are glued to the closer: it joined them.
            (
                "\"Authorization: APIKey 29841_1a2b3c\"4d5e6f\"7a8b9c\" x",
                "\"Authorization: APIKey 29841_1a2b…\" x",
            ),
            (
                "(APIKey 29841_1a2b3c)4d5e6f)7a8b9c) x",
                "(APIKey 29841_1a2b…) x",
            ),
            (
                "APIKey '29841_1a2b3c'4d5e6f'7a8b9c' x",
                "APIKey '29841_1a2b…' x",
            ),
            (
                "token = \"1a2b3c\"4d5e6f\"7a8b9c\" x",
                "token = \"1a2b…\" x",
            ),
            (
                "${GCORE_API_KEY:-1a2b3c}4d5e6f}7a8b9c} x",
                "${GCORE_API_KEY:-1a2b…} x",
            ),
            // A closer escaped as its opener was ends the value (a string in a string).
            (
                "\"curl -H \\\"Authorization: APIKey 29841_abcdefgh\\\" https://api.gcore.com\"",
                "\"curl -H \\\\\"Authorization: APIKey 29841_abcd…\\\\\" https://api.gcore.com\"",
            ),
            (
                "f(token: string, apiKey: 29841_abcdefgh) {",
                "f(token: string, apiKey: 29841_abcd…) {",
            ),
            // A closer followed by other words ends the value.
            (
                "f(\"APIKey 29841_abcdefgh\").send()",
                "f(\"APIKey 29841_abcd…\").send()",
            ),
        ]);
    }

    #[test]
    fn secret_named_values_are_credentials() {
        each(&[
            (
                "GCORE_API_KEY=\"zyxw vuts rqpo\"",
                "GCORE_API_KEY=\"zyxw…\"",
            ),
            (
                "\"api_key\": \"qwertyuiopasdfgh\",",
                "\"api_key\": \"qwer…\",",
            ),
            ("x-api-key: 'abcdefghijk'", "x-api-key: 'abcd…'"), // gcore-auth-lint: allow
            ("token := `mnopqrstuvw`", "token := `mnop…`"),
            // The scheme inside the value stays shown.
            (
                "GCORE_API_KEY='APIKey 29841_zyxwvutsr'",
                "GCORE_API_KEY='APIKey 29841_zyxw…'",
            ),
        ]);
        // Not for other names, references, type annotations, comparisons or the word `key`.
        for v in [
            "\"key\": \"Authorization\"",
            "api_key = os.environ[\"GCORE_API_KEY\"]",
            "GCORE_API_KEY=\"${GCORE_API_KEY}\"",
            "token: str",
            "if token == \"abcdefgh\"",
            "name = \"abcdefghijkl\"",
        ] {
            assert_eq!(shown(v), v);
        }
    }

    #[test]
    fn url_parameters_and_default_expansions() {
        let url = std::format!(
            "https://api.gcore.com/x?apikey=29841_{}&page=2",
            split(8, "-")
        );
        assert_eq!(
            shown(&url),
            "https://api.gcore.com/x?apikey=29841_e330…&page=2"
        );
        assert_eq!(shown("/x?token=abcdefghij#top"), "/x?token=abcd…#top");
        assert_eq!(shown("/x?page=abcdefghij"), "/x?page=abcdefghij");
        let v = std::format!("${{GCORE_API_KEY:-29841_{HEX}}}");
        assert_eq!(shown(&v), "${GCORE_API_KEY:-29841_e330…}");
        assert_eq!(
            shown("${GCORE_API_KEY-\"zyxwvutsr\"}"),
            "${GCORE_API_KEY-\"zyxw…\"}"
        );
        assert_eq!(
            shown("${GCORE_API_KEY:-$OTHER_KEY}"),
            "${GCORE_API_KEY:-$OTHER_KEY}"
        );
        assert_eq!(shown("${VERSION:-latest}"), "${VERSION:-latest}");
    }

    #[test]
    fn secret_material_anywhere_else() {
        // A long hex word, a long letters-and-digits word, a long ASCII word.
        assert_eq!(shown(&std::format!("x {HEX} y")), "x e330… y");
        assert_eq!(shown("see Zk9QmW2xLp7RtV4n here"), "see Zk9Q… here");
        assert_eq!(shown("abcdefghijklmnopqrstuvwxyzabcdefgh"), "abcd…");
        // A token shape: the id, the separator and 4 characters.
        assert_eq!(shown("file 29841_zq9XkPw2.sh"), "file 29841_zq9X….sh");
        assert_eq!(shown(&std::format!("{HEX}.sh")), "e330….sh");
        // Shorter words together, split any way.
        for sep in [" ", "-", ".", ",", "\u{200b}"] {
            let v = std::format!("echo {} done", split(8, sep));
            assert_eq!(shown(&v), "echo e330… done", "{sep:?}");
        }
        // A JWT.
        assert_eq!(
            shown("t=eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjR9.s9nFQtUBu5IhenxmhhXOTb4kWk4 x"),
            "t=eyJh… x"
        );
        // What is not secret material stays.
        for v in [
            "curl -H \"Authorization: APIKey $GCORE_API_KEY\" https://api.gcore.com/cdn/resources/12345",
            "2026-11-29T12:36:20Z",
            "/usr/lib/x86_64-linux-gnu/libssl.so.1.1",
            "version 1.2.3-beta.4, build 0a1b2c",
            "GCORE_API_KEY_FOR_TESTING_PURPOSES",
            "The quick brown fox jumps over the lazy dog.",
            "sha256 md5 crc32 x86",
            "NewAuthorizationHeaderProvider",
        ] {
            assert_eq!(shown(v), v);
        }
    }

    /// Each rule and its limits, as every output shows the input.
    #[test]
    fn the_rule_case_by_case() {
        let cases = [
            ("a~b~c 1234abcd~5678ef01~9a8b7c6d", "a~b~…"),
            ("x 12ab%34cd%56ef%78ab%9c0d%1e2f", "x 12ab…"),
            ("x 12ab$34cd$56ef$78ab$9c0d$1e2f", "x 12ab…"),
            ("x 12ab=34cd=56ef=78ab=9c0d=1e2f", "x 12ab…"),
            (
                "x 1234abcd---5678ef01---9a8b7c6d---0a1b2c3d",
                "x 1234abcd---5678ef01---9a8b7c6d---0a1b2c3d",
            ),
            ("x 1234abcd 5678ef01 9a8b7c6d 0a1b2c3d", "x 1234…"),
            (
                "x 1234abcd\u{a0}5678ef01\u{a0}9a8b7c6d\u{a0}0a1b2c3d",
                "x 1234…",
            ),
            (
                "x 1234abcd\u{2013}5678ef01\u{2013}9a8b7c6d\u{2013}0a1b2c3d",
                "x 1234…",
            ),
            (
                "x 1234abcd\u{2212}5678ef01\u{2212}9a8b7c6d\u{2212}0a1b2c3d",
                "x 1234…",
            ),
            (
                "x 1234abcd\u{ad}5678ef01\u{ad}9a8b7c6d\u{ad}0a1b2c3d",
                "x 1234…",
            ),
            ("x abcdefghijklmnopqrstuvwxyzabcdefgh", "x abcd…"),
            ("x aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "x aaaa…"),
            (
                "x QwErTyUiOpAsDfGh ZxCvBnMqWeRtYuIo",
                "x QwErTyUiOpAsDfGh ZxCvBnMqWeRtYuIo",
            ),
            ("x 9wErTyUiOpAs qxCvBnMqWeRt", "x 9wEr…"),
            ("x GitHub OAuth2 tokens", "x GitHub OAuth2 tokens"),
            ("x 29841$c767abcdef1", "x 29841$c767…"),
            ("x 29841_c767", "x 29841_c767"),
            ("x 29841_c767a", "x 29841_c767…"),
            ("x 123456789012345678901_abcdefgh", "x 1234…"),
            (
                "x 12345678901234567890_abcdefgh",
                "x 12345678901234567890_abcd…",
            ),
            (
                "x 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0",
                "x 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0",
            ),
            (
                "x a b c d e f a b c d e f a b c d e f a b c d e f a b c d e f a b c d e f",
                "x a b c d e f a b c d e f a b c d e f a b c d e f a b c d e f a b c d e f",
            ),
            (
                "x 1 a 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 b 5 6 7 c 9 0 1 2 3 4",
                "x 1 a 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 b 5 6 7 c 9 0 1 2 3 4",
            ),
            (
                "x 1 a 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 b 5 6 7 c 9 0 1 2 3 4 d 6 e",
                "x 1 a …",
            ),
            ("x \u{435}330\u{441}\u{441}b17b3f6f8b", "x \\u{435}330…"),
            ("Authorization: APIKey 29841", "Authorization: APIKey 29841"), // gcore-auth-lint: allow
            ("APIKey 12345678901234567890123", "APIKey 1234…"),
            (
                "Bearer   \u{200b}29841_abcdefgh",
                "Bearer   \\u{200b}29841_abcd…",
            ),
            ("APIKey: 29841_abcdefgh", "APIKey: 29841_abcd…"),
            ("APIKey=29841_abcdefgh", "APIKey=29841_abcd…"),
            ("(APIKey 29841_abcdefgh)", "(APIKey 29841_abcd…)"),
            ("{APIKey 29841_abcdefgh}", "{APIKey 29841_abcd…}"),
            ("|APIKey 29841_abcdefgh|", "|APIKey 29841_abcd…|"),
            (
                "curl --header APIKey 29841_abcdefgh", // gcore-auth-lint: allow
                "curl --header APIKey 29841_abcd…",    // gcore-auth-lint: allow
            ),
            (
                "curl -X APIKey 29841_abcdefgh",
                "curl -X APIKey 29841_abcdefgh",
            ),
            ("APIKey 29841_abcd;efgh", "APIKey 29841_abcd…"),
            ("APIKey 29841_abcdefgh # done", "APIKey 29841_abcd…"),
            ("APIKey \"\"", "APIKey \"\""),
            ("APIKey \" 29841_abcdefgh\"", "APIKey \" 29841_abcdefgh\""),
            ("APIKey 'x\\'yzabcdefgh'", "APIKey 'x\\\\'y…'"),
            ("APIKey @file", "APIKey @file"),
            ("Basic dXNlcjpwYXNzd29yZA==", "Basic dXNl…"),
            ("Basic auth is", "Basic auth is"),
            ("JWT eyJhbGciOiJIUzI1NiJ9", "JWT eyJh…"),
            ("api-key zq9XkPw2LmNv", "api-key zq9X…"),
            ("apikey: str", "apikey: str"),
            ("apiKey := \"abcdefgh\"", "apiKey := \"abcd…\""),
            ("apiKey => 'abcdefgh'", "apiKey => 'abcd…'"),
            ("apiKey ?= \"abcdefgh\"", "apiKey ?= \"abcd…\""),
            ("api_key == \"abcdefgh\"", "api_key == \"abcdefgh\""),
            ("api_key::new(\"abcdefgh\")", "api_key::new(\"abcdefgh\")"),
            ("password: \"abcdefgh\"", "password: \"abcd…\""),
            ("db_passwd=\"abcdefgh\"", "db_passwd=\"abcd…\""),
            ("pwd='abcdefgh'", "pwd='abcd…'"),
            ("credentials: \"abcdefgh\"", "credentials: \"abcd…\""),
            ("my_credential = \"abcdefgh\"", "my_credential = \"abcd…\""),
            ("key = \"abcdefgh\"", "key = \"abcdefgh\""),
            ("KEY: 'abcdefgh'", "KEY: 'abcdefgh'"),
            ("\"secret\": \"abcdefgh\"", "\"secret\": \"abcd…\""),
            ("token = ''", "token = ''"),
            ("/x?key=abcdefgh&y=1", "/x?key=abcd…&y=1"),
            ("/x?sig=abcdefgh", "/x?sig=abcd…"),
            ("/x?signature=abcdefgh", "/x?signature=abcd…"),
            ("/x?auth=abcdefgh", "/x?auth=abcd…"),
            ("/x;token=abcdefgh", "/x;token=abcd…"),
            ("/x?apikey=$KEY", "/x?apikey=$KEY"),
            ("/x?apikey={key}", "/x?apikey={key}"),
            ("/x?apikey=abcdefgh xyz", "/x?apikey=abcd… xyz"),
            ("/x?token", "/x?token"),
            ("${GCORE_API_KEY=abcdefgh}", "${GCORE_API_KEY=abcd…}"),
            ("${GCORE_API_KEY?abcdefgh}", "${GCORE_API_KEY?abcd…}"),
            ("${GCORE_API_KEY:+abcdefgh}", "${GCORE_API_KEY:+abcd…}"),
            ("${GCORE_API_KEY:=abcdefgh}", "${GCORE_API_KEY:=abcd…}"),
            ("${GCORE_API_KEY+abcdefgh}", "${GCORE_API_KEY+abcd…}"),
            ("${GCORE_API_KEY:abcdefgh}", "${GCORE_API_KEY:abcdefgh}"),
            ("$GCORE_API_KEY:-abcdefgh", "$GCORE_API_KEY:-abcdefgh"),
            ("${GCORE_API_KEY:-'abcdefgh'}", "${GCORE_API_KEY:-'abcd…'}"),
            ("${GCORE_API_KEY:-}", "${GCORE_API_KEY:-}"),
        ];
        for (input, expected) in cases {
            assert_eq!(shown(input), expected, "{input:?}");
        }
        // What each kind of word adds: short words with digits and hex letters, words with an
        // uppercase letter after lowercase ones (not a capital at the start), look-alikes
        // among ASCII letters or digits (not a word all in another script).
        assert_eq!(shown("x 12ab 34cd 56ef 78ab"), "x 12ab…");
        assert_eq!(shown("x 1234 aBcDeFgH iJkLmNoP"), "x 1234…");
        assert_eq!(
            shown("x 1234 Abcdefgh Ijklmnop"),
            "x 1234 Abcdefgh Ijklmnop"
        );
        assert_eq!(
            shown("x 1\u{435}2\u{441}3\u{435}4\u{441}5\u{435}6\u{441}7\u{435}8\u{441}"),
            "x 1\\u{435}2\\u{441}…"
        );
        assert_eq!(
            shown("x \u{435}abc\u{441}def \u{435}abc\u{441}defab"),
            "x \\u{435}abc…"
        );
        assert!(!shown("x \u{43f}\u{440}\u{438}\u{432}\u{435}\u{442} \u{43f}\u{440}\u{438}\u{432}\u{435}\u{442}\u{43f}\u{440}\u{438}\u{432}\u{435}\u{442}").contains('…'));
        // Line ends end a secret: its pieces on other lines are shown.
        assert_eq!(
            shown("1234abcd\n5678ef01\n9a8b7c6d\n0a1b2c3d"),
            "1234abcd\\n5678ef01\\n9a8b7c6d\\n0a1b2c3d"
        );
        // Any other character that is not a letter or digit joins its pieces, a symbol too.
        assert_eq!(shown("1234abcd\u{2192}5678ef01\u{2192}9a8b7c6d"), "1234…");
        // The limits of each rule, one by one.
        for (input, expected) in [
            ("x 1234 GHIJKLMN OPQRSTUV", "x 1234 GHIJKLMN OPQRSTUV"),
            ("x key_1234abcd", "x key_1234abcd"),
            // Only digits make an id: the secret starts at `abcd`, not after it.
            ("x abcd_zq9XkPw2LmNvQ8xx", "x abcd…"),
            ("x 1234_zq9XkPw2LmNvQ8xx", "x 1234_zq9X…"),
            ("x 29841_12345", "x 29841_1234…"),
            ("x 29841_1234 5678", "x 29841_1234 5678"),
            ("x 29841_12 3456", "x 29841_12 3456"),
            ("x 29841_a1b2 c3d4", "x 29841_a1b2…"),
            // After an id, digits and `_` are pieces of the secret, not a second id.
            ("x 29841_80_2c_f5_d1_9a_3b_e7_c4_0d_e8", "x 29841_80_2…"),
            // After an id, 16 characters are a secret however many are digits.
            ("x 29841_9 4 3 0 b 9 2 4 1 6 7 7 7 e 8 7 7", "x 29841_9 4 …"),
            (
                "x 29841_9 4 3 0 b 9 2 4 1 6 7 7 7 e 8",
                "x 29841_9 4 3 0 b 9 2 4 1 6 7 7 7 e 8",
            ),
            // `%7e` is `~` between two pieces, and `%` before the last one.
            ("x 1a2b3c4d%7e5f6a7b8c9d%7e", "x 1a2b…"),
            ("x 1a2b3c4d&amp;5f6a7b8c9d&amp;x", "x 1a2b…&amp;x"),
            (
                "x %1%2%3%4%5%6%7%8%9%1%2%3%4%5%6%7%8%9",
                "x %1%2%3%4%5%6%7%8%9%1%2%3%4%5%6%7%8%9",
            ),
            (
                "x 32-39-38-34-31-35-36-33-33-30-36-36-36-32-33-31-33-37",
                "x 32-39-38-34-31-35-36-33-33-30-36-36-36-32-33-31-33-37",
            ),
            ("/x?apikey=-- y", "/x?apikey=-- y"),
            ("x 123456789012345678_", "x 1234…_"),
            ("/x?apikey=abcdefgh request", "/x?apikey=abcd… request"),
            ("token = \"abcdefgh", "token = \"abcd…"),
            (
                "token = \"abcdefgh\nmore text here",
                "token = \"abcd…\\nmore text here",
            ),
            ("token = \"ab\\\"cdefghij\" x", "token = \"ab\\\\\"…\" x"),
            ("Bearer APIKey", "Bearer APIK…"),
            ("Token:zq9XkPw2LmNvQ8", "Token:zq9XkPw2LmNvQ8"),
            ("APIKey,abcdefghij", "APIKey,abcdefghij"),
        ] {
            assert_eq!(shown(input), expected, "{input:?}");
        }
        // Words all in another script are not secret material, even after an id.
        for input in ["x 1234abcd привет приветпривет", "x 29841_приветпривет"]
        {
            assert!(!shown(input).contains('…'), "{input:?}");
        }
        // Percent-encoded bytes, which are mostly digits, unlike a list of numbers.
        assert_eq!(
            shown("x %32%39%38%34%31%5F%65%33%33%30%63%63%62%31%37%62%33%66 y"),
            "x %32%3… y"
        );
        assert_eq!(
            shown("x 10 20 30 40 50 60 70 80 90 10 20 30 40 50 60 70 80 90 y"),
            "x 10 20 30 40 50 60 70 80 90 10 20 30 40 50 60 70 80 90 y"
        );
        // A byte that is not UTF-8 joins the pieces of a secret too.
        assert_eq!(
            Escaped(b"x 1234abcd\xff5678ef01\xff9a8b7c6d\xff0a1b2c3d").to_string(),
            "x 1234…"
        );
    }

    #[test]
    fn known_secrets_are_hidden_too_and_ranges_never_overlap() {
        let line = "k = zzzzzzzzzzzz and 29841_abcdefabcdefabcdef";
        let known = [Span::new(4, 16)];
        let got: Vec<Span> = Hidden::new(line.as_bytes(), &known).collect();
        assert_eq!(got, [Span::new(8, 16), Span::new(31, line.len())]);
        // A known span inside a found one is merged into it.
        let known = [Span::new(33, 40)];
        let got: Vec<Span> = Hidden::new(line.as_bytes(), &known).collect();
        assert_eq!(got, [Span::new(31, line.len())]);
    }

    #[test]
    fn known_parts_that_overlap_a_found_range_are_united_with_it() {
        let line = b"x 29841_c767abcdef1 zzzzzzzzzzzzzz";
        // The rule hides `abcdef1` (12..19); the known secret from 14 hides 18.. on.
        let known = [Span::new(14, line.len())];
        let got: Vec<Span> = Hidden::new(line, &known).collect();
        assert_eq!(got, [Span::new(12, line.len())]);
        // Two known secrets that overlap one range: united too.
        let known = [Span::new(0, 16), Span::new(14, line.len())];
        let got: Vec<Span> = Hidden::new(line, &known).collect();
        assert_eq!(got, [Span::new(4, line.len())]);
        // A known secret of 4 characters or fewer hides nothing.
        assert_eq!(Hidden::new(b"ab cde fg", &[Span::new(3, 6)]).count(), 0);
        assert_eq!(Hidden::new(b"ab cdef fg", &[Span::new(3, 7)]).count(), 0);
        assert_eq!(
            Hidden::new(b"ab cdefg fg", &[Span::new(3, 8)]).collect::<Vec<_>>(),
            [Span::new(7, 8)]
        );
        // A known secret past the end is cut to it.
        assert_eq!(
            Hidden::new(b"ab cdefg", &[Span::new(3, 80)]).collect::<Vec<_>>(),
            [Span::new(7, 8)]
        );
    }

    #[test]
    fn long_inputs_take_linear_time() {
        // A million short words that each continue a run, and as many scheme words: every
        // run is read once.
        let words = "a1b2 ".repeat(200_000);
        assert_eq!(Hidden::new(words.as_bytes(), &[]).count(), 1);
        let schemes = "Bearer ".repeat(100_000);
        assert_eq!(Hidden::new(schemes.as_bytes(), &[]).count(), 0);
        // A megabyte of words, punctuation, encodings, quotes, brackets and schemes on one
        // line: each opens a value or a run once.
        let mixed = "ab!? (Token x1) &amp;\"APIKey\" %7C|[ 1a2b3c4d5e6f7a8b9c0d ".repeat(20_000);
        assert!(mixed.len() > 1_000_000);
        assert_eq!(Hidden::new(mixed.as_bytes(), &[]).count(), 20_000);
    }
}
