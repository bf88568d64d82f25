//! Shell commands: `curl -H`, assignments of token variables, `$`-format tokens the shell cuts.

use gcore_auth::{Applicability, Code, TokenEcho};

use super::super::diagnose::{Check, Hit, HitFix};
use super::super::language::lang::{Kind, Mode};
use super::super::language::shell::Word;
use super::super::language::token::{self, find_ci};
use super::super::language::value::{self, Value};
use super::super::language::vocab::{Key, token_variable};
use super::reader::Ctx;

impl Ctx<'_, '_, '_> {
    /// Shell lines: `curl -H`, assignments of token variables, header lines in words, and
    /// `$`-format tokens the shell cuts.
    pub(crate) fn shell(&mut self, words: &[Word]) {
        self.curl(words);
        let dockerfile_env = words.first().is_some_and(|w| {
            w.value.bytes.eq_ignore_ascii_case(b"ENV") || w.value.bytes.eq_ignore_ascii_case(b"ARG")
        });
        for (k, w) in words.iter().enumerate() {
            if self.is_done(&w.src) {
                continue;
            }
            let b = &w.value.bytes;
            let eq = b.iter().position(|&c| c == b'=');
            if let Some(eq) = eq {
                let name = &b[..eq];
                if !w.value.any_var(0..eq) && token_variable(name) {
                    let value = w.value.tail(eq + 1);
                    if !value.is_empty() {
                        self.check(&value, Check::Token);
                    }
                    self.cuts(&w.value, Some(&value));
                    self.done.push(w.src.clone());
                    continue;
                }
            } else if dockerfile_env && k == 1 && token_variable(b) && words.len() > 2 {
                // `ENV GCORE_API_KEY value`
                let value = &words[2].value;
                self.check(value, Check::Token);
                self.cuts(value, Some(value));
                self.done.push(w.src.start..words[2].src.end);
                continue;
            }
            // `H="Authorization: APIKey …"`
            if let Some(at) = find_ci(b, b"authori") {
                let start = if at > 0 && eq.is_some_and(|e| e + 1 == at) {
                    at
                } else if at == 0 {
                    0
                } else {
                    usize::MAX
                };
                if start != usize::MAX {
                    let value = w.value.tail(start);
                    let name_len = value
                        .bytes
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                        .count();
                    if value.bytes.get(name_len) == Some(&b':')
                        && self.classify(&value.bytes[..name_len]) == Some(Key::Header)
                        && self.gcore_value(&value)
                    {
                        self.check(&value, Check::Line);
                        self.cuts(&value, Some(&value));
                        self.done.push(w.src.clone());
                        continue;
                    }
                }
            }
            if token::gcore_context(self.line) {
                self.cuts(&w.value, None);
            }
        }
    }

    /// `-H "Authorization: …"`, `--header "…"`, `-H"…"`, `--header=…`.
    pub(crate) fn curl(&mut self, words: &[Word]) {
        let mut k = 0;
        while k < words.len() {
            let b = &words[k].value.bytes;
            let (header, src) = if (b == b"-H" || b == b"--header") && k + 1 < words.len() {
                k += 1;
                (
                    words[k].value.clone(),
                    words[k - 1].src.start..words[k].src.end,
                )
            } else if b.starts_with(b"--header=") {
                (words[k].value.tail(9), words[k].src.clone())
            } else if b.starts_with(b"-H") && b.len() > 2 && !words[k].value.any_var(0..2) {
                (words[k].value.tail(2), words[k].src.clone())
            } else {
                k += 1;
                continue;
            };
            k += 1;
            let name_len = header
                .bytes
                .iter()
                .take_while(|c| !matches!(c, b':' | b' ' | b'\t'))
                .count();
            let Some(key) = self.classify_header(&header.bytes[..name_len]) else {
                continue;
            };
            if matches!(key, Key::Token | Key::Sdk) {
                continue;
            }
            if !self.gcore_value(&header) {
                continue;
            }
            self.check(&header, Check::Line);
            self.cuts(&header, Some(&header));
            self.done.push(src);
        }
    }

    /// Reports each `$`-format token the shell cuts in `v` (once per place).
    pub(crate) fn cuts(&mut self, v: &Value, checked: Option<&Value>) {
        let _ = checked;
        if self.mode == Mode::Env {
            // `.env` readers differ on `$`; the core's legacy-separator warning covers it.
            return;
        }
        for cut in &v.cuts {
            if self.cuts_done.iter().any(|d| d.start == cut.src.start) {
                continue;
            }
            self.cuts_done.push(cut.src.clone());
            let name = &self.line[cut.name.clone()];
            let shown_name = TokenEcho::new(name, Some(0));
            // What is left after the id is secret too: only the id is shown.
            let mut received =
                gcore_auth::Escaped(&cut.received[..cut.id_len.min(cut.received.len())])
                    .to_string();
            // (A 16-digit or longer id is already cut, with its own `…`.)
            if cut.received.len() > cut.id_len && !received.ends_with('…') {
                received.push('…');
            }
            let place = if cut.double_quoted {
                "inside double quotes"
            } else {
                "unquoted"
            };
            // All of the token after the `$` is secret, not just the part the shell reads as a
            // name (`$7` of `$7fdd…`): hide it as one range so 4 characters show in all.
            let tail = self.line[cut.name.start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            self.out
                .hide
                .push(cut.name.start..(cut.name.start + tail).max(cut.name.end));
            self.out.hits.push(Hit {
                span: cut.src.clone(),
                code: Code::ShellExpansion,
                severity: Code::ShellExpansion.entry().severity,
                message: format!(
                    "{place} the shell expands `${shown_name}` as a variable: the server receives `{received}`"
                ),
                reply: Some(format!("Bad permanent token: {received}")),
                // Only in shell text itself: inside a YAML, JSON or program string a `\$` or a
                // quote would be read by that language first.
                fix: (self.mode.lang().kind == Kind::Shell)
                    .then(|| cut_fix(cut, word_end(self.line, cut.name.start))),
            });
        }
    }
}

/// Where the unquoted shell word going on at `at` in `line` ends: at whitespace, a quote, a
/// backslash or an operator.
pub(crate) fn word_end(line: &[u8], at: usize) -> usize {
    at + line[at.min(line.len())..]
        .iter()
        .take_while(|c| {
            !c.is_ascii_whitespace()
                && !matches!(
                    c,
                    b'\'' | b'"' | b'`' | b'\\' | b';' | b'|' | b'&' | b'<' | b'>' | b'(' | b')'
                )
        })
        .count()
}

/// The fix of a `$`-format token the shell cuts: in double quotes the `$` is escaped; unquoted,
/// the token (its id to the end of its word, `end`) is put in single quotes.
pub(crate) fn cut_fix(cut: &value::DollarCut, end: usize) -> HitFix {
    let dollar = cut.name.start - 1;
    let edits = if cut.double_quoted {
        vec![(dollar..dollar, "\\")]
    } else {
        vec![(cut.src.start..cut.src.start, "'"), (end..end, "'")]
    };
    HitFix {
        edits,
        applicability: Applicability::MachineApplicable,
        message: if cut.double_quoted {
            "escape the `$` so the shell keeps it"
        } else {
            "put the token in single quotes so the shell keeps its `$`"
        },
    }
}
