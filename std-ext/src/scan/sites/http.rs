//! Raw HTTP: `Name: value` header lines.
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
