//! `.env` files: `NAME=value` as dotenv readers read it.

use super::super::diagnose::Check;
use super::super::language::expr::skip_ws;
use super::super::language::value::Value;
use super::super::language::vocab::token_variable;
use super::reader::Ctx;

impl Ctx<'_, '_, '_> {
    /// `[export] NAME=value` for a token variable, as python-dotenv and docker compose read
    /// it: the value is the rest of the line (spaces included), without its quotes or an
    /// unquoted ` #` comment; `${X}` is a reference, any other `$` is kept. True when the
    /// line was one.
    pub(crate) fn dotenv(&mut self) -> bool {
        let line = self.line;
        let mut at = skip_ws(line, 0);
        if line[at..].starts_with(b"export ") {
            at = skip_ws(line, at + 7);
        }
        let name_len = line[at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
        let eq = skip_ws(line, at + name_len);
        if name_len == 0 || line.get(eq) != Some(&b'=') || !token_variable(&line[at..at + name_len])
        {
            return false;
        }
        let start = skip_ws(line, eq + 1);
        let mut v = Value::new();
        match line.get(start) {
            Some(&q @ (b'"' | b'\'')) => {
                let end =
                    memchr::memchr(q, &line[start + 1..]).map_or(line.len(), |e| start + 1 + e);
                dotenv_text(line, start + 1, end, q == b'"', &mut v);
            }
            _ => {
                let mut end = line.len();
                if let Some(c) = memchr::memmem::find(&line[start..], b" #") {
                    end = start + c;
                }
                while end > start && matches!(line[end - 1], b' ' | b'\t' | b'\r') {
                    end -= 1;
                }
                dotenv_text(line, start, end, true, &mut v);
            }
        }
        if !v.is_empty() {
            self.check(&v, Check::Token);
        }
        self.done.push(at..line.len());
        true
    }
}

/// Text of a dotenv value from `from` to `to`: `${X}` a reference where `expand`, the rest
/// literal.
pub(crate) fn dotenv_text(line: &[u8], from: usize, to: usize, expand: bool, v: &mut Value) {
    let mut i = from;
    while i < to {
        if expand && line[i..to].starts_with(b"${") {
            let end = memchr::memchr(b'}', &line[i..to]).map_or(to, |e| i + e + 1);
            v.var(&line[i..end], i..end);
            i = end;
        } else {
            v.lit(line[i], i..i + 1);
            i += 1;
        }
    }
}
