//! Strings that hold a command: `"curl -H \\"Authorization: …\\" https://…"` in a program, a
//! `package.json` script. The string's decoded text is read as shell, its format placeholders
//! (`{}`, `%s`, `${x}`) as references, and what it finds is mapped back through the escapes.

use super::super::language::expr;
use super::super::language::lang::Mode;
use super::super::language::value::Value;
use super::reader::Ctx;
use super::text::COMMANDS;

impl Ctx<'_, '_, '_> {
    /// Reads each string literal of a code line whose text starts with a command as shell.
    pub(crate) fn command_strings(&mut self) {
        let line = self.line;
        let lang = self.mode.lang();
        let mut i = 0;
        while i < line.len() {
            let b = line[i];
            if !lang.quotes.contains(&b) || (i > 0 && line[i - 1] == b'\\') {
                i += 1;
                continue;
            }
            // A prefix letter (`f"…"`, `$"…"`) belongs to the string, and so do the `#`s of a
            // raw string (`r#"…"#`).
            let mut start = i;
            if lang.hashed_raw {
                while start > 0 && line[start - 1] == b'#' {
                    start -= 1;
                }
                if start == i || start == 0 || !matches!(line[start - 1], b'r' | b'R') {
                    start = i;
                }
            }
            let hashes = i - start;
            while start > 0
                && lang.prefixes.contains(&line[start - 1])
                && i - hashes - (start - 1) <= 2
                && (start < 2 || !line[start - 2].is_ascii_alphanumeric())
            {
                start -= 1;
            }
            // Only a string whose first word is a command is decoded.
            if !starts_with_command(&line[i + 1..]) {
                i += 1;
                continue;
            }
            let mut v = Value::new();
            let Some(end) = expr::string(line, start, self.mode, &mut v) else {
                i += 1;
                continue;
            };
            if starts_with_command(&v.bytes) {
                self.command(&v);
                self.done.push(start..end);
            }
            i = end.max(i + 1);
        }
    }

    /// A JSON string from `start` (its opening quote) that holds a command (a `package.json`
    /// script): read as shell; true when it did.
    pub(crate) fn command_json_string(&mut self, start: usize) -> bool {
        if !starts_with_command(&self.line[start + 1..]) {
            return false;
        }
        let mut v = Value::new();
        if expr::json_string(self.line, start, &mut v).is_none() || !starts_with_command(&v.bytes) {
            return false;
        }
        self.command(&v);
        true
    }

    /// Reads the decoded text of a string as a shell command. A placeholder of the program's
    /// string (`%s`, `{}`) is filled in before the shell runs, so whatever the shell's quoting
    /// around it, it is a value, never a name sent literally.
    fn command(&mut self, v: &Value) {
        let before = self.out.hits.len();
        self.embedded(v, Some(Mode::Shell));
        let filled: Vec<std::ops::Range<usize>> =
            v.vars.iter().map(|x| v.map_span(x.at.clone())).collect();
        let mut k = before;
        while k < self.out.hits.len() {
            let h = &self.out.hits[k];
            if h.code == gcore_auth::Code::TokenVariable
                && filled
                    .iter()
                    .any(|f| f.start < h.span.end && h.span.start < f.end)
            {
                self.out.hits.remove(k);
            } else {
                k += 1;
            }
        }
    }
}

/// True when text starts with a command that sends an HTTP request (`curl `, `wget `…).
pub(super) fn starts_with_command(text: &[u8]) -> bool {
    let t = text.trim_ascii_start();
    COMMANDS.iter().any(|c| {
        t.len() > c.len()
            && t[..c.len()].eq_ignore_ascii_case(c)
            && matches!(t[c.len()], b' ' | b'\t')
    })
}
