//! The properties the fuzz targets check, shared with the regression tests so that every
//! input a fuzzer ever found stays an ordinary `cargo test`.
//!
//! Each function panics with a description of the broken property; none of them panics on a
//! correct core and scanner, whatever the input.
//!
//! ```
//! use gcore_auth_benches::props;
//! let value = gcore_auth_benches::valid_value();
//! props::all_checks(&value);
//! props::fast_path_agrees(&value);
//! props::redaction(&props::Embedding {
//!     prefix: b"curl -H '",
//!     frame: props::Frame::Line,
//!     id: 29841,
//!     dollar: false,
//!     seed: 7,
//!     secret_len: 128,
//!     suffix: b"' https://example.test",
//! });
//! let rendered = props::scan("deploy.sh", b"curl -H 'Authorization: APIKey 29841' https://api.gcore.com\n");
//! assert!(rendered.contains("deploy.sh:1:"));
//! ```

use std::fmt::Write as _;

use base64::Engine as _;

use gcore_auth::{Credential, Escaped, InputKind, Policy, Reply, Report, Severity, Span};

/// The policies the classifier and the pass are compared under: the default and ones that
/// move each knob.
pub const POLICIES: [Policy; 5] = [
    Policy::DEFAULT,
    Policy::new().with_truncation_threshold(0),
    Policy::new()
        .with_truncation_threshold(64)
        .with_expected_secret_len(64),
    Policy::new()
        .with_truncation_threshold(200)
        .with_expected_secret_len(256),
    Policy::new().with_clock(1_700_000_000),
];

/// Checks `input` as a value, a line and a token into reports of the command line's capacity
/// ([`gcore_auth_lint::CAPACITY`] diagnoses, so every diagnosis its outputs can show is
/// rendered), and with `check_input` (the core's default capacity); asserts every report
/// invariant ([`report`]) and returns all renderings, one after the other.
pub fn all_checks(input: &[u8]) -> String {
    let mut out = String::new();
    for kind in [InputKind::Value, InputKind::Line, InputKind::Token] {
        let checked: gcore_auth_lint::Report<'_> = Policy::DEFAULT.diagnose(input, kind);
        out.push_str(&report(&checked, input, kind));
    }
    out.push_str(&report(
        &gcore_auth::check_input(input),
        input,
        InputKind::of(input),
    ));
    out
}

/// Asserts the invariants of one report on `input`, then renders it every way there is:
/// `Display` and `Debug` of the report, of each diagnosis, its message and help, of the
/// predicted reply, of the credential and its secret, and of the escaped input.
///
/// Invariants: the report is about `input` and of the expected kind; every span is in
/// bounds, and on character boundaries when `input` is UTF-8; accepted exactly when no error
/// was met, with no reply predicted then and one predicted otherwise; the reply has a status
/// exactly when it has a text; no scanner-only code; messages and help are non-empty and
/// free of raw control characters; the escaped input is printable ASCII and `…` only.
pub fn report<const N: usize>(report: &Report<'_, N>, input: &[u8], kind: InputKind) -> String {
    assert_eq!(report.input(), input, "the report is about another input");
    assert_eq!(report.input_kind(), kind, "wrong input kind");
    let text = std::str::from_utf8(input).ok();
    let check_span = |what: &str, s: Span| {
        assert!(
            s.start <= s.end && s.end <= input.len(),
            "{what} span {s:?} out of bounds (input of {} bytes)",
            input.len()
        );
        if let Some(t) = text {
            assert!(
                t.is_char_boundary(s.start) && t.is_char_boundary(s.end),
                "{what} span {s:?} not on character boundaries"
            );
        }
    };

    assert!(
        report.diagnostics().len() <= N,
        "more diagnoses kept than the report's capacity"
    );
    let mut errors = 0;
    for d in report.diagnostics() {
        check_span(d.code().as_str(), d.span());
        assert!(
            !d.code().is_scanner_only(),
            "scanner-only code {} from a value check",
            d.code()
        );
        errors += usize::from(d.severity() == Severity::Error);
    }
    if let Some(s) = report.secret_span() {
        check_span("secret", s);
    }
    if let Some(c) = report.credential() {
        check_span("credential", c.span());
    }

    let reply = report.reply();
    let reply_text = report.reply_text();
    // A reply text is a 401; the front end's 400 has a status and no API text.
    let front_end = reply == Reply::BadRequest;
    assert_eq!(reply.status().is_some(), reply.has_text() || front_end);
    assert_eq!(reply.status() == Some(400), front_end);
    // The exact text is the reply's own, but for the token the echoing reply quotes.
    if reply == Reply::BadPermanentToken {
        assert!(
            reply_text.to_string().starts_with("Bad permanent token: "),
            "the echoing reply reads {reply_text}"
        );
    } else {
        assert_eq!(reply_text.to_string(), reply.to_string());
    }
    // The verdict the report prints is the one it answers.
    let verdict = if report.is_accepted() {
        "accepted"
    } else {
        "rejected"
    };
    assert!(
        report
            .to_string()
            .starts_with(&format!("{} {verdict}: ", kind.as_str())),
        "the report does not print its verdict `{verdict}` first"
    );
    if report.is_accepted() {
        assert_eq!(errors, 0, "accepted with an error kept");
        assert_eq!(report.reply_basis(), None);
        assert_eq!(reply, Reply::Accepted);
    } else {
        assert!(
            errors > 0 || report.dropped() > 0,
            "rejected with no error kept and none dropped"
        );
        assert!(report.reply_basis().is_some());
        assert_ne!(reply, Reply::Accepted);
    }

    let mut out = String::new();
    let mut put = |args: std::fmt::Arguments<'_>| {
        out.write_fmt(args).expect("rendering never fails");
        out.push('\n');
    };
    put(format_args!("{report}"));
    put(format_args!("{report:?}"));
    for d in report.diagnostics() {
        let message = d.message().to_string();
        let help = d.help().to_string();
        for (what, t) in [("message", &message), ("help", &help)] {
            assert!(!t.is_empty(), "{} has an empty {what}", d.code());
            assert!(
                !t.chars().any(char::is_control),
                "{} {what} has a raw control character: {:?}",
                d.code(),
                Escaped(t.as_bytes())
            );
        }
        put(format_args!("{d}"));
        put(format_args!("{d:?}"));
        put(format_args!("{message}"));
        put(format_args!("{help}"));
    }
    put(format_args!("{reply}"));
    put(format_args!("{reply:?}"));
    put(format_args!("{reply_text}"));
    put(format_args!("{reply_text:?}"));
    match report.credential() {
        Some(Credential::Permanent(t)) => {
            put(format_args!("{t}"));
            put(format_args!("{t:?}"));
            put(format_args!("{}", t.secret()));
            put(format_args!("{:?}", t.secret()));
        }
        Some(c) => put(format_args!("{c:?}")),
        None => {}
    }
    let escaped = Escaped(input).to_string();
    assert!(
        escaped
            .chars()
            .all(|c| c == ' ' || c.is_ascii_graphic() || c == '…'),
        "the escaped input has a character left unescaped"
    );
    put(format_args!("{escaped}"));
    put(format_args!("{:?}", Escaped(input)));
    // The command line's renderings of it.
    use gcore_auth_lint::render::{Origin, human, json};
    put(format_args!(
        "{}",
        human::render(report, &Origin::Argument, false)
    ));
    let json = json::render(report, &Origin::Variable("GCORE_API_KEY")).expect("JSON renders");
    put(format_args!("{json}"));
    out
}

/// Asserts that the accept classifier answers what the diagnosis pass answers, under the
/// default policy (the free functions) and under each of [`POLICIES`]: `is_accepted(v)` is
/// `check(v).is_accepted()`, and the classifier's answer for a line is that of its value.
pub fn fast_path_agrees(value: &[u8]) {
    assert_eq!(
        gcore_auth::is_accepted(value),
        gcore_auth::check(value).is_accepted(),
        "is_accepted and check disagree on {:?}",
        Escaped(value)
    );
    for policy in POLICIES {
        assert_eq!(
            policy.is_accepted(value),
            policy.check(value).is_accepted(),
            "is_accepted and check disagree under {policy:?} on {:?}",
            Escaped(value)
        );
    }
}

/// What stands between the arbitrary prefix and the generated token: the position the token
/// is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// Nothing: the token right after the prefix.
    Bare,
    /// `APIKey `.
    ApiKey,
    /// `Bearer `.
    Bearer,
    /// `Authorization: APIKey `.
    Line,
    /// `GCORE_API_KEY=`.
    Variable,
    /// `APIKey "`: an opening quote the suffix may or may not close.
    Quoted,
    /// A URL parameter: `https://api.gcore.com/iam/users/me?apikey=` … `&page=2`.
    Url,
    /// A default expansion: `${GCORE_API_KEY:-` … `}`.
    Default,
    /// A JSON member: `{"api_key": "` … `"}`.
    Json,
    /// A value of several words, the token after the first: `Authorization: APIKey x `.
    Words,
    /// A Markdown table cell: `| Authorization | APIKey ` … ` |`.
    Cell,
}

impl Frame {
    /// Every frame, for generators that pick one by index.
    pub const ALL: [Frame; 11] = [
        Frame::Bare,
        Frame::ApiKey,
        Frame::Bearer,
        Frame::Line,
        Frame::Variable,
        Frame::Quoted,
        Frame::Url,
        Frame::Default,
        Frame::Json,
        Frame::Words,
        Frame::Cell,
    ];

    /// The text of the frame before the token.
    pub const fn text(self) -> &'static str {
        match self {
            Frame::Bare => "",
            Frame::ApiKey => "APIKey ",
            Frame::Bearer => "Bearer ",
            Frame::Line => "Authorization: APIKey ",
            Frame::Variable => "GCORE_API_KEY=",
            Frame::Quoted => "APIKey \"",
            Frame::Url => "https://api.gcore.com/iam/users/me?apikey=",
            Frame::Default => "${GCORE_API_KEY:-",
            Frame::Json => "{\"api_key\": \"",
            Frame::Words => "Authorization: APIKey x ",
            Frame::Cell => "| Authorization | APIKey ",
        }
    }

    /// The text of the frame after the token.
    pub const fn close(self) -> &'static str {
        match self {
            Frame::Url => "&page=2",
            Frame::Default => "}",
            Frame::Json => "\"}",
            Frame::Cell => " |",
            _ => "",
        }
    }
}

/// Separators a secret is split by: whitespace, punctuation and invisible characters.
pub const SPLITTERS: [&str; 13] = [
    " ", "\t", "-", ".", ":", ",", "/", "+", "_", "\u{200b}", "\u{feff}", "\u{a0}", "  ",
];

/// The shape of a secret: its characters, how it is split, how the token is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Lowercase hex, as issued.
    Hex,
    /// Uppercase hex.
    UpperHex,
    /// Letters that are not hex digits, and digits.
    Alnum,
    /// Lowercase hex with Cyrillic look-alikes of `a`, `c` and `e` among it.
    LookAlike,
    /// Lowercase hex with a separator from [`SPLITTERS`] after every `every` characters.
    Split {
        /// Characters between separators (1 to 16).
        every: usize,
        /// An index into [`SPLITTERS`].
        by: usize,
    },
    /// The whole token (id, separator, secret) in standard base64.
    Base64,
    /// The whole token percent-encoded, every byte.
    Percent,
    /// The separator percent-encoded (`29841%5F…`).
    PercentSeparator,
    /// Lowercase hex with `by`, written as `written`, after every `every` characters: any
    /// character that is not a letter, digit, space or control character
    /// ([`Shape::pick_any`]).
    Joined {
        /// Characters between separators (1 to 16).
        every: usize,
        /// The separator.
        by: char,
        /// How it is written.
        written: Written,
    },
}

/// How the separator of a [`Shape::Joined`] secret is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// The character itself: `|`.
    Plain,
    /// Twice: `||`.
    Twice,
    /// With a space on each side: ` | `.
    Spaced,
    /// An HTML decimal character reference: `&#124;`.
    HtmlDecimal,
    /// An HTML hexadecimal character reference: `&#x7c;`.
    HtmlHex,
    /// An HTML named character reference where the character has a common one (`&amp;`,
    /// `&lt;`, `&middot;`, …), else a decimal one.
    HtmlNamed,
    /// Percent-encoded UTF-8: `%7C`, `%E2%80%A2`.
    Url,
}

impl Written {
    /// Every way, for generators that pick one by index.
    pub const ALL: [Written; 7] = [
        Written::Plain,
        Written::Twice,
        Written::Spaced,
        Written::HtmlDecimal,
        Written::HtmlHex,
        Written::HtmlNamed,
        Written::Url,
    ];

    /// `c` written this way.
    pub fn write(self, c: char) -> String {
        const NAMED: [(char, &str); 12] = [
            ('&', "amp"),
            ('<', "lt"),
            ('>', "gt"),
            ('"', "quot"),
            ('\'', "apos"),
            ('|', "verbar"),
            ('\u{b7}', "middot"),
            ('\u{2022}', "bull"),
            ('\u{2013}', "ndash"),
            ('\u{2014}', "mdash"),
            ('\u{a7}', "sect"),
            ('\u{2192}', "rarr"),
        ];
        match self {
            Written::Plain => c.to_string(),
            Written::Twice => format!("{c}{c}"),
            Written::Spaced => format!(" {c} "),
            Written::HtmlDecimal => format!("&#{};", c as u32),
            Written::HtmlHex => format!("&#x{:x};", c as u32),
            Written::HtmlNamed => match NAMED.iter().find(|(n, _)| *n == c) {
                Some((_, name)) => format!("&{name};"),
                None => format!("&#{};", c as u32),
            },
            Written::Url => c.to_string().bytes().map(|b| format!("%{b:02X}")).collect(),
        }
    }
}

/// Characters that make the character after them an escape in some language.
const ESCAPES: [char; 1] = ['\\'];

/// Blocks of Unicode where punctuation and symbols are: ASCII and Latin-1 punctuation,
/// combining marks, general punctuation and invisible characters, currency, letter-like
/// symbols, arrows, mathematical and technical symbols, box drawing, shapes, dingbats, CJK
/// punctuation, full-width forms, emoji.
const PUNCTUATION_BLOCKS: [(u32, u32); 20] = [
    (0x21, 0x2f),
    (0x3a, 0x40),
    (0x5b, 0x60),
    (0x7b, 0x7e),
    (0xa1, 0xbf),
    (0x300, 0x36f),
    (0x2010, 0x205e),
    (0x2060, 0x2064),
    (0x20a0, 0x20c0),
    (0x2100, 0x214f),
    (0x2190, 0x23ff),
    (0x2500, 0x27bf),
    (0x2900, 0x2bff),
    (0x3001, 0x303f),
    (0xfe30, 0xfe6b),
    (0xff01, 0xff0f),
    (0xff1a, 0xff20),
    (0xff3b, 0xff40),
    (0xff5b, 0xff65),
    (0x1f300, 0x1faff),
];

/// A separator from a number: a character that is not a letter, digit, space or control
/// character. Half of the numbers pick one in the blocks where punctuation and symbols are
/// (ASCII and Latin-1 punctuation, general punctuation, arrows, mathematical symbols, CJK
/// punctuation, full-width forms, emoji, …), the others anywhere in Unicode (unassigned and
/// private-use characters included); from there, the first such character.
pub fn joiner(n: u32) -> char {
    // Neighbouring numbers pick far-apart characters.
    let n = n.wrapping_mul(0x9e37_79b1);
    let start = if n & 1 == 0 {
        let total: u32 = PUNCTUATION_BLOCKS.iter().map(|(a, b)| b - a + 1).sum();
        let mut k = (n >> 1) % total;
        let mut at = 0;
        for (a, b) in PUNCTUATION_BLOCKS {
            if k <= b - a {
                at = a + k;
                break;
            }
            k -= b - a + 1;
        }
        at
    } else {
        (n >> 1) % 0x11_0000
    };
    (start..0x11_0000)
        .chain(0x21..start)
        .filter_map(char::from_u32)
        .find(|c| !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
        .expect("there are punctuation characters")
}

impl Shape {
    /// A shape from two arbitrary numbers.
    pub fn pick(kind: u8, detail: u8) -> Shape {
        match kind % 8 {
            0 => Shape::Hex,
            1 => Shape::UpperHex,
            2 => Shape::Alnum,
            3 => Shape::LookAlike,
            4 => Shape::Split {
                every: 1 + usize::from(detail % 16),
                by: usize::from(detail / 16) % SPLITTERS.len(),
            },
            5 => Shape::Base64,
            6 => Shape::Percent,
            _ => Shape::PercentSeparator,
        }
    }

    /// A shape from three arbitrary numbers: those of [`Shape::pick`], and once in three a
    /// secret joined by any separator ([`joiner`] of `by`, written any [`Written`] way).
    pub fn pick_any(kind: u8, detail: u8, by: u32) -> Shape {
        match kind % 12 {
            k @ 0..8 => Shape::pick(k, detail),
            _ => Shape::Joined {
                every: 1 + usize::from(detail % 16),
                by: joiner(by),
                written: Written::ALL[usize::from(detail / 16) % Written::ALL.len()],
            },
        }
    }

    fn alphabet(self) -> &'static [&'static str] {
        const HEX: [&str; 16] = [
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f",
        ];
        const UPPER: [&str; 16] = [
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F",
        ];
        // No `x`: a run of them reads as a placeholder (`xxxx`), which the diagnosis names.
        const ALNUM: [&str; 28] = [
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "g", "h", "k", "m", "n", "p", "q",
            "r", "s", "t", "w", "z", "G", "H", "K", "M", "P", "R",
        ];
        const LOOK: [&str; 19] = [
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f",
            "\u{430}", "\u{441}", "\u{435}",
        ];
        match self {
            Shape::UpperHex => &UPPER,
            Shape::Alnum => &ALNUM,
            Shape::LookAlike => &LOOK,
            _ => &HEX,
        }
    }
}

/// A generated, valid-looking permanent token embedded in arbitrary bytes:
/// `prefix`, the frame, `<id>_<secret>` (or `$`) in its shape, the frame's close, `suffix`.
#[derive(Clone, Copy, Debug)]
pub struct Embedding<'a> {
    /// Arbitrary bytes before the frame.
    pub prefix: &'a [u8],
    /// What comes between the prefix and the token.
    pub frame: Frame,
    /// The token id.
    pub id: u64,
    /// `$` rather than `_`.
    pub dollar: bool,
    /// Seeds the secret's characters.
    pub seed: u64,
    /// The secret's length, clamped to 32..=256.
    pub secret_len: usize,
    /// Arbitrary bytes after the token.
    pub suffix: &'a [u8],
}

/// How many characters of a secret may be shown.
const SHOWN: usize = gcore_auth::SHOWN_SECRET_CHARS;

/// `len` characters of `alphabet` from `seed` (splitmix64).
fn secret(seed: u64, len: usize, alphabet: &[&'static str]) -> Vec<&'static str> {
    let mut state = seed;
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        for k in 0..8 {
            if out.len() < len {
                out.push(alphabet[((z >> (8 * k)) & 0xff) as usize % alphabet.len()]);
            }
        }
    }
    out
}

/// The same secret with every character after the shown ones replaced by a different one of
/// the same alphabet and the same class (a digit, a hex letter, another letter, in the same
/// case, or a non-ASCII one): what is printed may depend on where a kind of character is (a
/// diagnosis points at the first uppercase letter), never on which one it is.
fn twin(secret: &[&'static str], alphabet: &[&'static str]) -> Vec<&'static str> {
    let class = |c: &str| {
        let b = c.as_bytes()[0];
        match b {
            b'0'..=b'9' => 0,
            b'a'..=b'f' => 1,
            b'A'..=b'F' => 2,
            b'g'..=b'z' => 3,
            b'G'..=b'Z' => 4,
            _ => 5,
        }
    };
    secret
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if i < SHOWN {
                return c;
            }
            let same: Vec<&'static str> = alphabet
                .iter()
                .copied()
                .filter(|&o| class(o) == class(c))
                .collect();
            let at = same.iter().position(|&h| h == c).expect("in alphabet");
            same[(at + 1 + i % (same.len() - 1)) % same.len()]
        })
        .collect()
}

/// The token in its shape.
fn token(e: &Embedding<'_>, shape: Shape, secret: &[&str]) -> Vec<u8> {
    let sep = if e.dollar { "$" } else { "_" };
    let mut body = String::new();
    let joined = match shape {
        Shape::Split { every, by } => Some((every, SPLITTERS[by].to_owned())),
        Shape::Joined { every, by, written } => Some((every, written.write(by))),
        _ => None,
    };
    for (i, c) in secret.iter().enumerate() {
        if let Some((every, by)) = &joined
            && i > 0
            && i % every == 0
        {
            body.push_str(by);
        }
        body.push_str(c);
    }
    let plain = format!("{}{sep}{body}", e.id);
    match shape {
        Shape::Base64 => base64::engine::general_purpose::STANDARD
            .encode(&plain)
            .into_bytes(),
        Shape::Percent => plain
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
            .into_bytes(),
        Shape::PercentSeparator => format!("{}%{:02X}{body}", e.id, sep.as_bytes()[0]).into_bytes(),
        _ => plain.into_bytes(),
    }
}

fn assemble(e: &Embedding<'_>, shape: Shape, token: &[u8], twice: bool) -> Vec<u8> {
    let mut input = e.prefix.to_vec();
    input.extend_from_slice(e.frame.text().as_bytes());
    input.extend_from_slice(token);
    input.extend_from_slice(e.frame.close().as_bytes());
    // A word glued onto the last piece of a split secret makes one word of them that may
    // not look like secret material (`… ca` then `curl` reads `cacurl`), and that piece is
    // shown: not a case this property covers.
    let glued = e.frame.close().is_empty()
        && e.suffix.first().is_some_and(u8::is_ascii_alphanumeric)
        && matches!(shape, Shape::Split { .. } | Shape::Joined { .. });
    if glued {
        input.push(b'\n');
    }
    input.extend_from_slice(e.suffix);
    if twice {
        input.extend_from_slice(b" and again ");
        input.extend_from_slice(token);
    }
    input
}

/// Where two renderings first differ, with a little context (never a whole secret).
fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let context = |s: &str| {
        let mut lo = at.saturating_sub(48);
        while !s.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (at + 8).min(s.len());
        while !s.is_char_boundary(hi) {
            hi += 1;
        }
        s[lo..hi].to_owned()
    };
    format!("at byte {at}: {:?} / {:?}", context(a), context(b))
}

/// Asserts that a generated token embedded in arbitrary bytes never shows in any rendering
/// beyond its id, separator and first 4 characters: of the four checks, and of a scan of the
/// bytes as a file (its findings, the human, JSON and SARIF outputs and the baseline).
///
/// The property is differential: every rendering must stay the same, byte for byte, when
/// every hidden character of the secret is replaced by a different one. Nothing printed can
/// then depend on a hidden character, so none shows anywhere; and unlike a search of the
/// renderings for pieces of the secret, it cannot be fooled by a fuzzer that copies pieces
/// of the secret into the bytes around it (which libFuzzer learns to do from the harness's
/// own comparisons).
pub fn redaction(e: &Embedding<'_>) {
    redaction_shaped(e, Shape::Hex, false, false);
}

/// [`redaction`] with a secret of any [`Shape`]; with `twice`, a second copy of the token
/// follows the suffix; with `in_name`, the file scanned is named after the token too.
pub fn redaction_shaped(e: &Embedding<'_>, shape: Shape, twice: bool, in_name: bool) {
    let len = e.secret_len.clamp(32, 256);
    let alphabet = shape.alphabet();
    let s1 = secret(e.seed, len, alphabet);
    let mut s2 = twin(&s1, alphabet);
    // After an escape character, which character follows changes what the text holds (`\b`
    // is a backspace in a string, `\c` two characters): that one stays the same.
    if let Shape::Joined { every, by, .. } = shape
        && ESCAPES.contains(&by)
    {
        for i in (every..len).step_by(every) {
            s2[i] = s1[i];
        }
    }
    let fixed = SCAN_PATHS[(e.seed % SCAN_PATHS.len() as u64) as usize];
    let render = |secret: &[&str]| {
        let token = token(e, shape, secret);
        let input = assemble(e, shape, &token, twice);
        let path = if in_name {
            let ext = fixed.rsplit_once('.').map_or("", |(_, x)| x);
            format!("keys/{}.{ext}", String::from_utf8_lossy(&token))
        } else {
            fixed.to_owned()
        };
        let mut out = all_checks(&input);
        out.push_str(&scan(&path, &input));
        out
    };
    let r1 = render(&s1);
    let r2 = render(&s2);
    if r1 != r2 && std::env::var_os("DEBUG_REDACTION").is_some() {
        let at = r1
            .bytes()
            .zip(r2.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        eprintln!(
            "{}",
            &r1[r1.floor_char_boundary(at.saturating_sub(1500))..r1.floor_char_boundary(at + 200)]
        );
    }
    if r1 != r2 {
        panic!(
            "a rendering depends on the hidden part of a {shape:?} secret, {}",
            first_difference(&r1, &r2)
        );
    }
}

/// The paths [`scan`] inputs are scanned under, one per language the scanner tells apart.
pub const SCAN_PATHS: [&str; 23] = [
    "deploy.sh",
    ".env",
    ".env.example",
    "client.py",
    "main.go",
    "index.ts",
    "config.yaml",
    "main.tf",
    "settings.toml",
    "README.md",
    "request.http",
    "notes.txt",
    "Dockerfile",
    "Makefile",
    "script",
    "src/lib.rs",
    "guide.rst",
    "guide.adoc",
    "client.ipynb",
    "api.postman_collection.json",
    "resources.bru",
    "steps.feature",
    "<stdin>",
];

/// Scans `content` as the file at `path`, asserts the invariants of the findings and
/// returns every rendering of them (`Display`, `Debug`, the human, JSON and SARIF outputs).
///
/// Invariants: each finding is about `path`, on a line of the content, with columns inside
/// that line (counted in characters, an invalid byte counting one); findings come in line
/// and column order; messages are non-empty; no text of a finding holds a raw control
/// character; fingerprints are 64 lowercase hex digits; the JSON and SARIF outputs parse.
pub fn scan(path: &str, content: &[u8]) -> String {
    use gcore_auth_lint::scan::{Outcome, human, json, sarif, scan_bytes};

    let findings = scan_bytes(path, content);
    let lines: Vec<&[u8]> = content.split(|&b| b == b'\n').collect();
    let chars = |b: &[u8]| b.iter().filter(|&&c| c & 0xC0 != 0x80).count();
    let mut out = String::new();
    let mut last = (0, 0);
    for f in &findings {
        assert_eq!(
            f.path,
            Escaped(path.as_bytes()).to_string(),
            "a finding about another path"
        );
        assert!(
            f.line >= 1 && f.line <= lines.len(),
            "line {} of a {}-line file",
            f.line,
            lines.len()
        );
        let width = chars(lines[f.line - 1]);
        assert!(
            f.column >= 1 && f.column <= f.end_column && f.end_column <= width + 1,
            "{}:{}..{} outside a line of {width} characters",
            f.line,
            f.column,
            f.end_column
        );
        assert!((f.line, f.column) >= last, "findings out of order");
        last = (f.line, f.column);
        assert!(!f.message.is_empty(), "{} has an empty message", f.code);
        let texts = [
            Some(&f.message),
            f.server_reply.as_ref(),
            Some(&f.snippet),
            Some(&f.normalized),
        ];
        // A tab is shown as it is (it drives no terminal); every other control character is
        // escaped.
        for t in texts.into_iter().flatten() {
            assert!(
                !t.chars().any(|c| c.is_control() && c != '\t'),
                "{} at {}:{} holds a raw control character",
                f.code,
                f.line,
                f.column
            );
        }
        assert!(
            f.fingerprint.len() == 64
                && f.fingerprint
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            "fingerprint {:?}",
            f.fingerprint
        );
        out.push_str(&format!("{f}\n{f:?}\n{}\n{}\n", f.snippet, f.normalized));
    }
    let outcome = Outcome {
        files_scanned: 1,
        bytes_scanned: content.len() as u64,
        ..Outcome::default()
    };
    let json = json(&findings, &outcome);
    let sarif = sarif(&findings);
    let baseline = serde_json::to_string(&gcore_auth_lint::scan::Baseline::of(&findings))
        .expect("a baseline serialises");
    for (what, text) in [("JSON", &json), ("SARIF", &sarif)] {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
            panic!("the {what} output does not parse: {e}");
        }
    }
    out.push_str(&human(&findings));
    out.push_str(&json);
    out.push_str(&sarif);
    out.push_str(&baseline);
    out
}

/// The fixes of every diagnosis of `input` read as `kind` (under the default policy and a
/// clock): each edit in bounds, on character boundaries and after the one before; applying a
/// fix removes a diagnosis of its code and adds no error of any code (when the report kept
/// every diagnosis); the secret's characters (its ASCII graphic ones: pasted whitespace,
/// invisible and control characters are not part of it) are still there in the same order;
/// no fix's `Display` or `Debug` holds anything of the input; and fixing all machine-applicable
/// and then all fixes, round by round, settles without adding errors (within 10 rounds and one
/// for every byte: a report keeps 4 diagnoses of each character code, line breaks inside the
/// value among them, which have no fix, so a run of pasted characters may take a round for
/// each one of them).
pub fn fixes(input: &[u8], kind: InputKind) {
    let policy = Policy::DEFAULT.with_clock(1_700_000_000);
    let report: Report<'_, 64> = policy.diagnose(input, kind);
    let text = std::str::from_utf8(input).ok();
    let issued = |b: &[u8]| -> Vec<u8> { b.iter().copied().filter(u8::is_ascii_graphic).collect() };
    let secret = report.secret_span().map(|s| issued(&input[s.start..s.end]));
    let before = error_counts(&report);
    for d in report.diagnostics() {
        let Some(fix) = d.fix() else { continue };
        let mut last = 0;
        for e in fix.edits() {
            let s = e.span();
            assert!(
                last <= s.start && s.start <= s.end && s.end <= input.len(),
                "{} fix edit {s:?} out of order or bounds",
                d.code()
            );
            if let Some(t) = text {
                assert!(
                    t.is_char_boundary(s.start) && t.is_char_boundary(s.end),
                    "{} fix edit {s:?} not on character boundaries",
                    d.code()
                );
            }
            last = s.end;
        }
        let shown = format!("{fix} {fix:?}");
        assert!(
            shown.is_ascii() && !shown.contains(['\n', '\r']),
            "a fix rendering holds input bytes: {shown}"
        );
        let fixed: Vec<u8> = fix.pieces().flatten().copied().collect();
        if report.dropped() > 0 {
            continue;
        }
        let after: Report<'_, 64> = policy.diagnose(&fixed, kind);
        let count = |r: &Report<'_, 64>| r.diagnostics().filter(|x| x.code() == d.code()).count();
        assert!(
            count(&after) < count(&report),
            "the fix of {} ({fix}) leaves it",
            d.code()
        );
        for (code, n) in error_counts(&after) {
            assert!(
                before.get(&code).is_some_and(|b| n <= *b),
                "the fix of {} ({fix}) adds {code}",
                d.code()
            );
        }
        if let Some(secret) = &secret {
            let fixed = issued(&fixed);
            assert!(
                secret.is_empty() || fixed.windows(secret.len()).any(|w| w == &secret[..]),
                "the fix of {} ({fix}) changes the secret",
                d.code()
            );
        }
    }
    for unsafe_too in [false, true] {
        let mut cur = input.to_vec();
        for round in 0.. {
            assert!(round < 10 + input.len(), "fixing does not settle");
            let r: Report<'_, 64> = policy.diagnose(&cur, kind);
            let mut taken: Vec<gcore_auth::Edit> = Vec::new();
            for d in r.diagnostics() {
                let Some(f) = d.fix() else { continue };
                if !unsafe_too && f.applicability() != gcore_auth::Applicability::MachineApplicable
                {
                    continue;
                }
                let s = f.span();
                if taken.iter().any(|e| {
                    (s.start < e.span().end && e.span().start < s.end) || s.start == e.span().start
                }) {
                    continue;
                }
                taken.extend_from_slice(f.edits());
            }
            if taken.is_empty() {
                break;
            }
            taken.sort_by_key(|e| (e.span().start, e.span().end));
            let mut next = Vec::new();
            let mut at = 0;
            for e in &taken {
                next.extend_from_slice(&cur[at..e.span().start]);
                next.extend_from_slice(e.text().as_bytes());
                at = e.span().end;
            }
            next.extend_from_slice(&cur[at..]);
            let n: Report<'_, 64> = policy.diagnose(&next, kind);
            let errors = |r: &Report<'_, 64>| {
                r.diagnostics()
                    .filter(|x| x.severity() == Severity::Error)
                    .count()
            };
            if r.dropped() == 0 && n.dropped() == 0 {
                assert!(errors(&n) <= errors(&r), "a round of fixes adds errors");
            }
            cur = next;
        }
    }
}

fn error_counts<const N: usize>(
    r: &Report<'_, N>,
) -> std::collections::BTreeMap<gcore_auth::Code, usize> {
    let mut m = std::collections::BTreeMap::new();
    for d in r.diagnostics().filter(|d| d.severity() == Severity::Error) {
        *m.entry(d.code()).or_default() += 1;
    }
    m
}

/// `scan --fix` on a file's content, without I/O: the fixed content (all fixes, the
/// maybe-incorrect ones too) has no more errors of any code than the original (but for tokens
/// written into the file, which a fix can make visible and never adds); fixing it
/// again changes nothing; each finding's fix is on the finding's line, in order and in bounds,
/// with a patched line free of raw control characters; and the diff of the change passes the
/// same rendering checks as every other output (no raw control character).
pub fn scan_fixes(path: &str, content: &[u8]) {
    use gcore_auth_lint::scan::patch::patch;
    use gcore_auth_lint::scan::{Choice, fix_content, scan_bytes};

    let findings = scan_bytes(path, content);
    let mut starts = vec![0];
    starts.extend(memchr_all(content).map(|p| p + 1));
    for f in &findings {
        let Some(fix) = &f.fix else { continue };
        let line_start = starts[f.line - 1];
        let line_end = starts.get(f.line).map_or(content.len(), |e| e - 1);
        let mut last = line_start;
        for e in &fix.edits {
            assert!(
                last <= e.start && e.start <= e.end && e.end <= line_end,
                "{} fix edit {}..{} outside line {} ({line_start}..{line_end})",
                f.code,
                e.start,
                e.end,
                f.line
            );
            last = e.end;
        }
        assert!(
            !fix.patched.chars().any(|c| c.is_control() && c != '\t'),
            "a patched line holds a raw control character but a tab"
        );
    }
    let choice = Choice {
        unsafe_fixes: true,
        min_severity: Severity::Note,
        baseline: None,
        selection: None,
    };
    let fixed = fix_content(path, content, choice);
    // A token written into the file is not added by a fix, which never changes a secret: a
    // fix can only make one visible (a NUL byte inside it removed, a space after `APIKey`).
    let errors = |c: &[u8]| {
        let mut m = std::collections::BTreeMap::new();
        for f in scan_bytes(path, c) {
            if f.severity == Severity::Error && f.code != gcore_auth::Code::HardcodedToken {
                *m.entry(f.code).or_insert(0usize) += 1;
            }
        }
        m
    };
    let (was, now) = (errors(content), errors(&fixed.content));
    for (code, n) in &now {
        assert!(
            was.get(code).is_some_and(|b| n <= b),
            "fixing adds {code} errors"
        );
    }
    let again = fix_content(path, &fixed.content, choice);
    assert!(
        !fixed.settled || (again.applied == 0 && again.content == fixed.content),
        "fixing is not idempotent"
    );
    let p = patch(path, content, &fixed.content, fixed.applied);
    let d = p.unified();
    assert!(
        !d.chars().any(|c| c.is_control() && c != '\n'),
        "the diff holds a raw control character"
    );
    // The edits of the diff are in order, apart and inside the old content.
    let mut last = 0;
    for e in &p.edits {
        assert!(
            last <= e.start && e.start <= e.end && e.end <= content.len(),
            "diff edit {}..{} out of order or bounds",
            e.start,
            e.end
        );
        last = e.end;
    }
}

fn memchr_all(content: &[u8]) -> impl Iterator<Item = usize> + '_ {
    content
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
}
