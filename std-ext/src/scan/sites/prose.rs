//! Prose: inline code spans read as one-line snippets of their own.

use super::super::diagnose::Check;
use super::super::judge::{Around, Facts};
use super::super::language::expr::is_ident;
use super::super::language::lang::Mode;
use super::super::language::prefilter;
use super::super::language::value::Value;
use super::reader::Ctx;

impl Ctx<'_, '_, '_> {
    /// Inline code in prose (`` `curl -H "Authorization: …"` ``, `` `APIKey 7711_…` ``): each
    /// span is read as a one-line snippet of its own: a command, a header line or a value.
    pub(crate) fn inline_code(&mut self) {
        let line = self.line;
        let mut from = 0;
        while let Some(p) = memchr::memchr(b'`', &line[from..]) {
            let open = from + p;
            let ticks = line[open..].iter().take_while(|&&b| b == b'`').count();
            let body = open + ticks;
            let Some(close) = memchr::memmem::find(&line[body..], &line[open..body]) else {
                break;
            };
            let span = body..body + close;
            from = span.end + ticks;
            let text = line[span.clone()].trim_ascii();
            if text.is_empty() || !prefilter::is_candidate(text) {
                continue;
            }
            let at = span.start
                + (line[span.clone()].len() - line[span.clone()].trim_ascii_start().len());
            self.snippet(at, text);
        }
    }

    /// One inline snippet at `at` in the line. Its quoting is unknown, so a `$NAME` in it is
    /// a reference the reader expands, never a literal.
    pub(crate) fn snippet(&mut self, at: usize, text: &[u8]) {
        let first = text.iter().take_while(|c| !c.is_ascii_whitespace()).count();
        let word = &text[..first];
        let end = at + text.len();
        if word.eq_ignore_ascii_case(b"curl") {
            let mut facts = Facts::within(self.around.file_gcore());
            let tracked = self.around.tracked;
            let mut around = Around::new(
                text,
                0..text.len(),
                0..text.len(),
                Mode::Shell,
                &mut facts,
                tracked,
            );
            let out = super::reader::line(text, Mode::Shell, true, &mut around, false);
            // Its leaked tokens are the line's own, already reported.
            self.absorb(out, |r| at + r.start..at + r.end, false);
        } else if (word.eq_ignore_ascii_case(b"apikey") || word.eq_ignore_ascii_case(b"bearer"))
            && first < text.len()
        {
            // A bare value: read as the value of an `Authorization` header.
            let mut v = Value::new();
            v.lits_from(b"Authorization: ", at..at);
            snippet_text(self.line, at, end, &mut v);
            if self.gcore_value(&v) {
                self.check(&v, Check::Line);
            }
        } else if text.contains(&b':')
            && gcore_auth::InputKind::of(text) == gcore_auth::InputKind::Line
        {
            // A header line; a name alone (`` `Authorization` ``) is a word in a sentence.
            self.header_line(at..end, Mode::Prose);
        }
    }
}

/// The text of an inline snippet from `from` to `to`: a `$NAME` or `${NAME}` that starts a
/// word is a reference the reader expands; a `$` inside a word (`1234$abcdef`, a legacy
/// token) is literal.
pub(crate) fn snippet_text(line: &[u8], from: usize, to: usize, v: &mut Value) {
    let mut i = from;
    while i < to {
        let word_start = i == from || !line[i - 1].is_ascii_alphanumeric();
        if line[i] == b'$' && word_start && i + 1 < to {
            let end = if line[i + 1] == b'{' {
                memchr::memchr(b'}', &line[i..to]).map_or(to, |e| i + e + 1)
            } else {
                i + 1 + line[i + 1..to].iter().take_while(|&&b| is_ident(b)).count()
            };
            if end > i + 1 {
                v.var(&line[i..end], i..end);
                i = end;
                continue;
            }
        }
        v.lit(line[i], i..i + 1);
        i += 1;
    }
}
