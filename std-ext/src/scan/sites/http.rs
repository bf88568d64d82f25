//! Raw HTTP: `Name: value` header lines, in `.http`/`.rest` requests and in the `headers { }`
//! block of a Bruno `.bru` request (whose `auth:bearer { token: … }` is an `Authorization:
//! Bearer` header).
use std::ops::Range;

use super::super::diagnose::Check;
use super::super::language::expr::{self};
use super::super::language::lang::Mode;
use super::super::language::value::Value;
use super::super::language::vocab::Key;
use super::prose::snippet_text;
use super::reader::Ctx;

impl Ctx<'_, '_, '_> {
    pub(crate) fn http(&mut self) {
        let line = self.line;
        let start = line
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let mut end = line.len();
        while end > start && matches!(line[end - 1], b' ' | b'\t' | b'\r') {
            end -= 1;
        }
        if line[start..end].ends_with(b"{") {
            // A block opens here (`auth:bearer {`): its name is no header.
            return;
        }
        // In a block (`headers {`, `auth:bearer {`, a JSON body's `{`), what the block is
        // decides.
        let block = self.around.block();
        let at = self.around.line_range().start;
        match opener(block, at) {
            None => {}
            Some(o) if o.eq_ignore_ascii_case(b"headers") => {}
            Some(o) if o.eq_ignore_ascii_case(b"auth:bearer") => {
                let rest = &line[start..end];
                if let Some(value) = rest.strip_prefix(b"token:") {
                    let vstart = end - value.trim_ascii_start().len();
                    let mut v = Value::new();
                    v.lits_from(b"Authorization: Bearer ", vstart..vstart);
                    expr::plain(line, vstart, end, Mode::Http, &mut v);
                    if self.gcore_value(&v) {
                        self.check(&v, Check::Line);
                    }
                }
                return;
            }
            // Metadata, variables, a body, a script: no headers there.
            Some(_) => return,
        }
        // `.http` clients substitute only `{{X}}`.
        self.header_line(start..end, Mode::Http);
    }

    /// A whole `Name: value` header line at `r`, with references as `interp` reads them.
    pub(crate) fn header_line(&mut self, r: Range<usize>, interp: Mode) {
        let line = &self.line[..r.end];
        let start = r.start;
        let name_len = line[start..]
            .iter()
            .take_while(|c| !matches!(c, b':' | b' ' | b'\t'))
            .count();
        let name = &line[start..start + name_len];
        let Some(key) = self.classify_header(name) else {
            return;
        };
        if matches!(key, Key::Token | Key::Sdk) {
            return;
        }
        let mut v = Value::new();
        match interp {
            Mode::Http => expr::plain(line, start, r.end, interp, &mut v),
            _ => snippet_text(line, start, r.end, &mut v),
        }
        if !self.gcore_value(&v) {
            return;
        }
        self.check(&v, Check::Line);
    }

    /// A header written as two parts of one line: its name at `name`, its value at `value`
    /// (a Gherkin step, a table row), references read as in a snippet.
    pub(crate) fn pair(&mut self, name: Range<usize>, value: Range<usize>) {
        let line = self.line;
        let mut v = Value::new();
        v.lits(&line[name.clone()], name.start);
        v.lits_from(b": ", name.end..value.start);
        snippet_text(line, value.start, value.end, &mut v);
        if !self.gcore_value(&v) {
            return;
        }
        self.check(&v, Check::Line);
        self.done.push(name.start..value.end);
    }
}

/// The name of the block the line at `at` is in (`headers` of `headers {`, `auth:bearer`, the
/// empty name of a JSON body's `{`): the nearest line above ending in `{` whose block no line
/// of `}` at its indentation closed; `None` outside any block.
fn opener(block: &[u8], at: usize) -> Option<&[u8]> {
    let mut end = at;
    for _ in 0..200 {
        if end == 0 {
            return None;
        }
        let start = memchr::memrchr(b'\n', &block[..end - 1]).map_or(0, |p| p + 1);
        let line = block[start..end - 1].trim_ascii_end();
        end = start;
        let t = line.trim_ascii_start();
        if t.starts_with(b"}") && line.len() - t.len() == 0 {
            // A block at the top closed above: the line is outside it.
            return None;
        }
        if let Some(name) = t.strip_suffix(b"{")
            && line.len() - t.len() == 0
        {
            return Some(name.trim_ascii());
        }
    }
    None
}
