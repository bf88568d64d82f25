//! The input as it may be shown: escaped, with secrets redacted, and with a byte-offset map so
//! that diagnostic spans can be moved onto the shown text.

use std::ops::Range;

use gcore_auth::{Hidden, Span};

/// What stands for a hidden part of a secret.
pub const ELLIPSIS: &str = "…";

/// How many bytes around each point of interest an excerpt keeps.
const CONTEXT: usize = 48;

/// Shorter stretches are shown rather than elided.
const MIN_ELIDED: usize = 32;

/// The input as shown in every output: every character that is not printable ASCII escaped
/// (`\n`, `\t`, `\0`, `\\`, `\u{200b}`, `\xff`), and every range of a
/// [`gcore_auth::Hidden`] (every secret after what may be shown of it) shown as `…`. The only
/// non-ASCII character in the text is `…`.
///
/// ```
/// use gcore_auth::{Hidden, Span};
/// use gcore_auth_lint::render::Shown;
///
/// let input = b"APIKey 29841_c4647d7e4a966820de78\n";
/// let shown = Shown::new(input, Hidden::new(input, &[]));
/// assert_eq!(shown.text(), "APIKey 29841_c464…\\n");
/// // The line feed (byte 33) is shown as the two characters `\n`.
/// assert_eq!(shown.map(Span::new(33, 34)), 20..22);
/// // The id is shown as it is.
/// assert_eq!(shown.map(Span::new(7, 12)), 7..12);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    text: String,
    segments: Vec<Segment>,
    input_len: usize,
}

/// Which characters are escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Every character that is not printable ASCII (`\n`, `\\`, `\u{e9}`, `\u{200b}`): for
    /// `check`, where a look-alike letter is the mistake to see.
    Escaped,
    /// The text as it is: only what a terminal must not receive or cannot show is escaped
    /// (control characters but tab, bidirectional controls and invisible characters, bytes that
    /// are not UTF-8), in the same forms; `\` and visible non-ASCII characters stay. For scan
    /// snippets and file names.
    AsIs,
}

/// A piece of the input and the text that shows it. Segments cover the input without gaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    input: (usize, usize),
    shown: (usize, usize),
    /// The piece is shown byte for byte (printable ASCII), so offsets inside it map 1:1.
    exact: bool,
}

/// A stretch of the input not shown character by character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    /// The hidden part of a secret: shown as `…`.
    Secret,
    /// Left out of an excerpt of a huge input: shown as `…(N bytes)…`.
    Elided,
}

impl Shown {
    /// The whole input, escaped, with the `hidden` ranges (of this input) as `…`: for a
    /// report, [`gcore_auth::Report::hidden`].
    pub fn new(input: &[u8], hidden: Hidden<'_>) -> Shown {
        Shown::build(input, hidden, None)
    }

    /// The whole input, with the `hidden` ranges as `…`, in `style`.
    ///
    /// ```
    /// use gcore_auth::{Hidden, Span};
    /// use gcore_auth_lint::render::{Shown, Style};
    ///
    /// let input = "C:\\Temp\\Gcore é\u{200b}\u{202e}.sh".as_bytes();
    /// let shown = Shown::styled(input, [], Style::AsIs);
    /// assert_eq!(shown.text(), "C:\\Temp\\Gcore é\\u{200b}\\u{202e}.sh");
    /// ```
    pub fn styled(input: &[u8], hidden: impl IntoIterator<Item = Span>, style: Style) -> Shown {
        Shown::build_styled(input, hidden, None, style)
    }

    /// Like [`Shown::new`], but an input longer than `max_len` bytes is cut to the parts
    /// around its start and around the start and end of each span in `focus`; what is left
    /// out is shown as `…(N bytes)…`.
    pub fn excerpt(input: &[u8], hidden: Hidden<'_>, focus: &[Span], max_len: usize) -> Shown {
        Shown::excerpt_hiding(input, hidden, focus, max_len)
    }

    /// Like [`Shown::excerpt`], with the hidden ranges given as spans in any order, which may
    /// overlap: for ranges the rule found in several ways.
    pub(crate) fn excerpt_hiding(
        input: &[u8],
        hidden: impl IntoIterator<Item = Span>,
        focus: &[Span],
        max_len: usize,
    ) -> Shown {
        if input.len() <= max_len {
            return Shown::build(input, hidden, None);
        }
        let mut keep = vec![(0, CONTEXT.min(input.len()))];
        let around = |at: usize| (at.saturating_sub(CONTEXT), (at + CONTEXT).min(input.len()));
        for span in focus {
            keep.push(around(span.start.min(input.len())));
            keep.push(around(span.end.min(input.len())));
        }
        Shown::build(input, hidden, Some(&keep))
    }

    /// The same input (`input`, which this shows) in another `style`, with the same parts
    /// hidden or left out.
    ///
    /// ```
    /// use gcore_auth::Hidden;
    /// use gcore_auth_lint::render::{Shown, Style};
    ///
    /// let input = "é APIKey 29841_c4647d7e4a966820de78".as_bytes();
    /// let shown = Shown::new(input, Hidden::new(input, &[]));
    /// assert_eq!(shown.text(), "\\u{e9} APIKey 29841_c464…");
    /// assert_eq!(shown.restyle(input, Style::AsIs).text(), "é APIKey 29841_c464…");
    /// ```
    pub fn restyle(&self, input: &[u8], style: Style) -> Shown {
        let mut out = Builder {
            shown: Shown {
                text: String::new(),
                segments: Vec::new(),
                input_len: self.input_len,
            },
            run: None,
            style,
        };
        for seg in &self.segments {
            let (from, to) = (seg.input.0.min(input.len()), seg.input.1.min(input.len()));
            let text = &self.text[seg.shown.0..seg.shown.1];
            if !seg.exact && text.starts_with(ELLIPSIS) {
                out.opaque(from, to, text);
            } else {
                out.escape(input, from, to);
            }
        }
        out.finish()
    }

    /// The text to show.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The range of [`Shown::text`] that shows the bytes of `span` (clamped to the input).
    /// A span starting or ending inside an escape or a hidden part covers all of it; an empty
    /// span maps to an empty range where its position is shown.
    pub fn map(&self, span: Span) -> Range<usize> {
        let end = span.end.min(self.input_len);
        let start = span.start.min(end);
        let from = self.position(start);
        if start == end {
            return from..from;
        }
        let last = self.segment(end - 1);
        let mut to = if last.exact {
            last.shown.0 + (end - last.input.0)
        } else {
            last.shown.1
        };
        // An exact piece may hold characters of several bytes (shown as they are): a span
        // ending inside one covers it.
        while !self.text.is_char_boundary(to) {
            to += 1;
        }
        from..to
    }

    /// Where the byte at `at` starts being shown (the end of the text for the input's end).
    fn position(&self, at: usize) -> usize {
        if at >= self.input_len {
            return self.text.len();
        }
        let seg = self.segment(at);
        if seg.exact {
            // Inside a character of several bytes shown as it is: where it starts.
            let mut p = seg.shown.0 + (at - seg.input.0);
            while !self.text.is_char_boundary(p) {
                p -= 1;
            }
            p
        } else {
            seg.shown.0
        }
    }

    /// The segment holding byte `at` (which must be inside the input).
    fn segment(&self, at: usize) -> Segment {
        let i = self.segments.partition_point(|s| s.input.1 <= at);
        self.segments[i]
    }

    /// Where `at` (an offset of [`Shown::text`]) falls strictly inside the text of an escape,
    /// a hidden part or a left-out part: the range of that text; else `at..at`. A change of
    /// the shown text is cut only at the ends of these, never inside one.
    pub(crate) fn piece_at(&self, at: usize) -> Range<usize> {
        let i = self.segments.partition_point(|s| s.shown.1 <= at);
        match self.segments.get(i) {
            Some(s) if !s.exact && s.shown.0 < at => s.shown.0..s.shown.1,
            _ => at..at,
        }
    }

    fn build(
        input: &[u8],
        hidden: impl IntoIterator<Item = Span>,
        keep: Option<&[(usize, usize)]>,
    ) -> Shown {
        Shown::build_styled(input, hidden, keep, Style::Escaped)
    }

    fn build_styled(
        input: &[u8],
        hidden: impl IntoIterator<Item = Span>,
        keep: Option<&[(usize, usize)]>,
        style: Style,
    ) -> Shown {
        let mut gaps: Vec<(usize, usize, Gap)> = hidden
            .into_iter()
            .map(|s| {
                (
                    s.start.min(input.len()),
                    s.end.min(input.len()),
                    Gap::Secret,
                )
            })
            .filter(|g| g.0 < g.1)
            .collect();
        if let Some(keep) = keep {
            gaps.extend(
                elided(input, keep)
                    .into_iter()
                    .map(|(s, e)| (s, e, Gap::Elided)),
            );
        }
        let gaps = merge(gaps);
        let mut out = Builder {
            shown: Shown {
                text: String::new(),
                segments: Vec::new(),
                input_len: input.len(),
            },
            run: None,
            style,
        };
        let mut at = 0;
        for (start, end, gap) in gaps {
            out.escape(input, at, start);
            match gap {
                Gap::Secret => out.opaque(start, end, ELLIPSIS),
                Gap::Elided => out.opaque(start, end, &format!("…({} bytes)…", end - start)),
            }
            at = end;
        }
        out.escape(input, at, input.len());
        out.finish()
    }
}

struct Builder {
    shown: Shown,
    /// The exact run being built: (input start, shown start).
    run: Option<(usize, usize)>,
    style: Style,
}

impl Builder {
    /// Shows `input[from..to]` character by character.
    fn escape(&mut self, input: &[u8], from: usize, to: usize) {
        let mut at = from;
        for chunk in input[from..to].utf8_chunks() {
            for c in chunk.valid().chars() {
                let n = c.len_utf8();
                let plain = match self.style {
                    Style::Escaped => c == ' ' || (c.is_ascii_graphic() && c != '\\'),
                    Style::AsIs => c == '\t' || !(c.is_control() || super::invisible(c)),
                };
                if plain {
                    if self.run.is_none() {
                        self.run = Some((at, self.shown.text.len()));
                    }
                    self.shown.text.push(c);
                } else {
                    let escaped = match c {
                        '\n' => "\\n".to_owned(),
                        '\r' => "\\r".to_owned(),
                        '\t' => "\\t".to_owned(),
                        '\0' => "\\0".to_owned(),
                        '\\' => "\\\\".to_owned(),
                        c => format!("\\u{{{:x}}}", c as u32),
                    };
                    self.opaque(at, at + n, &escaped);
                }
                at += n;
            }
            for &b in chunk.invalid() {
                self.opaque(at, at + 1, &format!("\\x{b:02x}"));
                at += 1;
            }
        }
    }

    /// Shows `input[from..to]` as `text`, as a whole.
    fn opaque(&mut self, from: usize, to: usize, text: &str) {
        self.close(from);
        let start = self.shown.text.len();
        self.shown.text.push_str(text);
        self.shown.segments.push(Segment {
            input: (from, to),
            shown: (start, self.shown.text.len()),
            exact: false,
        });
    }

    /// Ends the exact run, if any, at input offset `at`.
    fn close(&mut self, at: usize) {
        if let Some((input, shown)) = self.run.take() {
            self.shown.segments.push(Segment {
                input: (input, at),
                shown: (shown, self.shown.text.len()),
                exact: true,
            });
        }
    }

    fn finish(mut self) -> Shown {
        let end = self.shown.input_len;
        self.close(end);
        self.shown
    }
}

/// The complement of `keep` (ranges of bytes to show), on character boundaries, leaving out
/// gaps too short to be worth it.
fn elided(input: &[u8], keep: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut keep = keep.to_vec();
    keep.sort_unstable();
    let boundary = |mut at: usize| {
        // Never start or end a gap inside a UTF-8 sequence (at most 3 continuation bytes).
        for _ in 0..3 {
            if at < input.len() && (input[at] & 0xC0) == 0x80 {
                at += 1;
            }
        }
        at
    };
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end) in keep.into_iter().chain([(input.len(), input.len())]) {
        if start > at + MIN_ELIDED {
            let (s, e) = (boundary(at), boundary(start));
            if s < e {
                out.push((s, e));
            }
        }
        at = at.max(end);
    }
    out
}

/// Sorts and unites overlapping or touching gaps; a gap holding any elided part is elided.
fn merge(mut gaps: Vec<(usize, usize, Gap)>) -> Vec<(usize, usize, Gap)> {
    gaps.sort_unstable_by_key(|g| (g.0, g.1));
    let mut out: Vec<(usize, usize, Gap)> = Vec::with_capacity(gaps.len());
    for (s, e, g) in gaps {
        match out.last_mut() {
            Some(last) if s <= last.1 => {
                last.1 = last.1.max(e);
                if g == Gap::Elided {
                    last.2 = Gap::Elided;
                }
            }
            _ => out.push((s, e, g)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn new(input: &[u8], secret: Option<Span>) -> Shown {
        Shown::new(input, Hidden::new(input, secret.as_slice()))
    }

    fn excerpt(input: &[u8], secret: Option<Span>, focus: &[Span], max_len: usize) -> Shown {
        Shown::excerpt(input, Hidden::new(input, secret.as_slice()), focus, max_len)
    }

    const HEX64: &str = "c4647d7e4a966820de789da58b36d74959386e25b0f68835a48a96ffd84bf537";

    /// The shown text of `span`.
    fn at(shown: &Shown, start: usize, end: usize) -> &str {
        &shown.text()[shown.map(Span::new(start, end))]
    }

    #[test]
    fn printable_ascii_is_shown_as_it_is() {
        let shown = new(b"Authorization: APIKey 29841", None); // gcore-auth-lint: allow
        assert_eq!(shown.text(), "Authorization: APIKey 29841"); // gcore-auth-lint: allow
        assert_eq!(shown.map(Span::new(22, 27)), 22..27);
        assert_eq!(shown.map(Span::new(0, 0)), 0..0);
        assert_eq!(shown.map(Span::new(27, 27)), 27..27);
    }

    #[test]
    fn control_and_invisible_characters_are_escaped() {
        let input = "A\tB\r\n\0\\ \u{200b}x\u{a0}".as_bytes();
        let shown = new(input, None);
        assert_eq!(shown.text(), "A\\tB\\r\\n\\0\\\\ \\u{200b}x\\u{a0}");
        assert_eq!(at(&shown, 1, 2), "\\t");
        assert_eq!(at(&shown, 3, 5), "\\r\\n");
        assert_eq!(at(&shown, 5, 6), "\\0");
        assert_eq!(at(&shown, 6, 7), "\\\\");
        assert_eq!(at(&shown, 8, 11), "\\u{200b}");
        assert_eq!(at(&shown, 11, 12), "x");
        assert_eq!(at(&shown, 12, 14), "\\u{a0}");
        assert_eq!(at(&shown, 0, 14), shown.text());
        // An empty span inside the text points before the escape of its byte.
        assert_eq!(shown.map(Span::new(8, 8)), 13..13);
    }

    #[test]
    fn invalid_utf8_is_shown_byte_by_byte() {
        let shown = new(b"X-Note \xff\xe2\x80 1", None);
        assert_eq!(shown.text(), "X-Note \\xff\\xe2\\x80 1");
        assert_eq!(at(&shown, 7, 8), "\\xff");
        assert_eq!(at(&shown, 8, 10), "\\xe2\\x80");
        assert_eq!(at(&shown, 11, 12), "1");
    }

    #[test]
    fn the_secret_shows_its_first_four_characters() {
        let input = format!("Authorization: APIKey 29841_{HEX64}{HEX64}\n"); // gcore-auth-lint: allow
        let secret = Span::new(28, 28 + 128);
        let shown = new(input.as_bytes(), Some(secret));
        assert_eq!(shown.text(), "Authorization: APIKey 29841_c464…\\n");
        assert_eq!(at(&shown, 22, 28), "29841_");
        // The whole token: id, separator, 4 characters and the ellipsis.
        assert_eq!(at(&shown, 22, 156), "29841_c464…");
        // A span inside the hidden part covers the ellipsis.
        assert_eq!(at(&shown, 100, 101), "…");
        assert_eq!(at(&shown, 156, 157), "\\n");
        assert_eq!(shown.map(Span::new(156, 156)), 35..35);
    }

    #[test]
    fn a_short_secret_that_is_not_hex_is_cut_too() {
        let input = b"APIKey 29841_zyxwvut";
        let shown = new(input, Some(Span::new(13, 20)));
        assert_eq!(shown.text(), "APIKey 29841_zyxw…");
        // Non-ASCII characters count as one each, and are escaped.
        let input = "APIKey 1_\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}".as_bytes();
        let shown = new(input, Some(Span::new(9, input.len())));
        assert_eq!(shown.text(), "APIKey 1_\\u{e9}\\u{e9}\\u{e9}\\u{e9}…");
    }

    #[test]
    fn hex_runs_are_cut_anywhere() {
        let input = format!("X-Key: {HEX64} and 0123456789abcde");
        let shown = new(input.as_bytes(), None);
        assert_eq!(shown.text(), "X-Key: c464… and 0123456789abcde");
        assert_eq!(at(&shown, 7, 71), "c464…");
        assert_eq!(at(&shown, 72, 75), "and");
    }

    #[test]
    fn jwt_signatures_are_cut() {
        let input = b"Bearer eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjR9.s9nFQtUBu5IhenxmhhXOTb4kWk4 x";
        let shown = new(input, None);
        // Where a credential goes, all of it after its first 4 characters.
        assert_eq!(shown.text(), "Bearer eyJh…");
        // Anywhere else too.
        let shown = new(b"x eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjR9", None);
        assert_eq!(shown.text(), "x eyJh…");
    }

    #[test]
    fn overlapping_secrets_are_hidden_once() {
        let input = format!("APIKey 29841_{HEX64}");
        // The secret span and the hex run start at the same byte.
        let shown = new(input.as_bytes(), Some(Span::new(13, 77)));
        assert_eq!(shown.text(), "APIKey 29841_c464…");
    }

    #[test]
    fn a_huge_input_is_cut_around_the_spans() {
        let mut input = b"X-Note: ".to_vec();
        input.extend(b"ab ".repeat(333_334));
        input.push(b'\n');
        let len = input.len();
        let shown = excerpt(&input, None, &[Span::new(len - 1, len)], 4096);
        assert!(shown.text().len() < 300, "{}", shown.text());
        assert!(shown.text().starts_with("X-Note: ab ab"));
        // 48 bytes kept at the start, 48 before and after the span's start.
        let marker = format!("…({} bytes)…", len - 97);
        assert!(shown.text().contains(&marker), "{}", shown.text());
        assert!(shown.text().ends_with("ab \\n"));
        assert_eq!(at(&shown, len - 1, len), "\\n");
        assert_eq!(at(&shown, 0, 6), "X-Note");
        // A span over the left-out part covers the marker.
        assert!(at(&shown, 1000, 2000).starts_with("…("));
        // Short inputs are shown whole.
        assert_eq!(
            excerpt(b"APIKey 1", None, &[], 4096),
            new(b"APIKey 1", None)
        );
    }

    #[test]
    fn an_excerpt_never_splits_a_character() {
        let mut input = "\u{200b}".repeat(10_000).into_bytes();
        input.extend(b"end");
        let len = input.len();
        let shown = excerpt(&input, None, &[Span::new(len - 3, len)], 4096);
        assert!(!shown.text().contains("\\x"), "{}", shown.text());
        assert_eq!(at(&shown, len - 3, len), "end");
    }

    /// Every segment covers the input in order, with no gap and no overlap.
    fn assert_covers(shown: &Shown) {
        let mut input_at = 0;
        let mut shown_at = 0;
        for s in &shown.segments {
            assert_eq!(s.input.0, input_at, "{shown:?}");
            assert_eq!(s.shown.0, shown_at, "{shown:?}");
            assert!(s.input.1 > s.input.0, "{shown:?}");
            if s.exact {
                assert_eq!(s.input.1 - s.input.0, s.shown.1 - s.shown.0);
            }
            input_at = s.input.1;
            shown_at = s.shown.1;
        }
        assert_eq!(input_at, shown.input_len);
        assert_eq!(shown_at, shown.text.len());
    }

    proptest! {
        #[test]
        fn spans_map_onto_the_text(
            input in proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b'7'), Just(b' '), Just(b'\n'), Just(0xe2), Just(0x80),
                            Just(0x8b), Just(0xff), Just(b'.'), Just(b'e'), Just(b'y'), Just(b'J')],
                0..200),
            secret in proptest::option::of((0usize..200, 0usize..200)),
            a in 0usize..200, b in 0usize..200,
        ) {
            let secret = secret.map(|(x, y)| Span::new(x.min(y).min(input.len()), x.max(y).min(input.len())));
            for shown in [new(&input, secret), excerpt(&input, secret, &[], 40)] {
                assert_covers(&shown);
                let (s, e) = (a.min(b), a.max(b));
                let r = shown.map(Span::new(s, e));
                prop_assert!(r.start <= r.end && r.end <= shown.text().len());
                prop_assert!(shown.text().is_char_boundary(r.start));
                prop_assert!(shown.text().is_char_boundary(r.end));
                if s < e.min(input.len()) {
                    prop_assert!(r.start < r.end);
                }
                prop_assert!(shown.text().chars().all(|c| c == '…' || c == ' ' || c.is_ascii_graphic()));
            }
        }

        #[test]
        fn without_secrets_the_text_is_what_the_core_prints(
            input in proptest::collection::vec(any::<u8>(), 0..100)
        ) {
            // Inputs with no hex run and no JWT: both escape the same way.
            let input: Vec<u8> = input.into_iter().filter(|b| !b.is_ascii_hexdigit()).collect();
            let shown = new(&input, None);
            prop_assert_eq!(shown.text(), gcore_auth::Escaped(&input).to_string());
        }
    }
}
