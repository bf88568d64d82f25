//! Diagnose: a site's rebuilt value to the core's report, kept to what the source really
//! says (variables expand, placeholders are notes), with its fix as edits of the line.

use std::ops::Range;

use gcore_auth::{Applicability, Code, InputKind, Policy, Severity, TokenEcho};

use super::judge::Tracked;
use super::language::lang::Mode;
use super::language::placeholder;
use super::language::value::Value;
use super::language::vocab::names_token_variable;
use crate::Report;

/// One diagnosis in a line, its span in bytes of the line.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub(crate) span: Range<usize>,
    pub(crate) code: Code,
    pub(crate) severity: Severity,
    pub(crate) message: String,
    pub(crate) reply: Option<String>,
    pub(crate) fix: Option<HitFix>,
}

/// A hit's repair: edits of the line (byte ranges, fixed text), in order, not overlapping.
#[derive(Clone, Debug)]
pub(crate) struct HitFix {
    pub(crate) edits: Vec<(Range<usize>, &'static str)>,
    pub(crate) applicability: Applicability,
    pub(crate) message: &'static str,
}

/// What a line holds: diagnoses, and the bytes that are secret (hidden in snippets).
#[derive(Debug, Default)]
pub(crate) struct LineOut {
    pub(crate) hits: Vec<Hit>,
    pub(crate) hide: Vec<Range<usize>>,
    /// A YAML `name: GCORE_API_KEY` item: its `value:` comes on the next line.
    pub(crate) value_next: bool,
    /// Hits found on other lines of the block (a header whose name and value stand on lines
    /// of their own), their spans and hidden ranges in bytes of the block.
    pub(crate) elsewhere: Vec<(Hit, Vec<Range<usize>>)>,
    /// Names the line assigns a Gcore token to (`secret = os.environ["GCORE_API_KEY"]`).
    pub(crate) tracks: Vec<Vec<u8>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// A whole `Name: value` header line.
    Line,
    /// A bare token (an environment variable, an SDK's `api_key`).
    Token,
}

/// What a diagnosis needs to know of the line its value was read from.
pub(crate) struct Site<'l, 't> {
    /// The line (or embedded text) the value's source map points into.
    pub(crate) line: &'l [u8],
    /// How the line is read.
    pub(crate) mode: Mode,
    /// False only where a placeholder would be used as-is (a `.env` file, not a template).
    pub(crate) placeholders_fine: bool,
    /// The line is read as shell words: whitespace outside quotes separates words there.
    pub(crate) shellish: bool,
    /// Names that hold a Gcore token in the file.
    pub(crate) tracked: &'t Tracked,
}

impl Site<'_, '_> {
    /// Checks a rebuilt value with the core and keeps what the source really says: variables
    /// expand, so what is only about a variable's stand-in is dropped.
    pub(crate) fn check(&self, v: &Value, how: Check, out: &mut LineOut) {
        let tracked = self.tracked;
        let retagged;
        let v = if !tracked.is_empty() && v.vars.iter().any(|x| !x.permanent) {
            retagged = v.retag(self.line, |t| tracked.holds(t));
            &retagged
        } else {
            v
        };
        let kind = match how {
            Check::Line => InputKind::Line,
            Check::Token => InputKind::Token,
        };
        let report: Report<'_> = Policy::DEFAULT.diagnose(&v.bytes, kind);
        self.collect(v, &report, how, out);
    }

    fn collect(&self, v: &Value, report: &Report<'_>, how: Check, out: &mut LineOut) {
        if let Some(s) = report.secret_span() {
            let src = v.map_span(s.start..s.end);
            if src.start < src.end {
                out.hide.push(src);
            }
        }
        let parts = Parts::of(&v.bytes, how);
        // A placeholder in a file (docs, tests, templates) is for the reader to fill in: a
        // note, and nothing about its shape. What surrounds it can still be wrong.
        let core_placeholder = report.has(Code::TokenPlaceholder);
        // One root cause: a placeholder is reported as such, never by its shape. It is a note
        // where a reader fills it in (docs, tests, templates) and an error where it is used as
        // written (a `.env` file).
        let placeholder = core_placeholder || self.placeholder(v, &parts);
        let placeholder_severity = if self.placeholders_fine {
            Severity::Note
        } else {
            Severity::Error
        };
        // In a `.env` file the scheme in the value is the mistake; an example after it is not
        // a second one.
        let after_scheme = report.has(Code::TokenIncludesScheme);
        let reply = report.reply_text().to_string();
        let mut noted = false;
        for d in report.diagnostics() {
            let r = d.span().start..d.span().end;
            let code = d.code();
            if code == Code::TokenVariable && (v.any_var(r.clone()) || r.is_empty()) {
                continue;
            }
            if v.all_var(r.clone()) {
                let keep = match code {
                    Code::SchemeBearer => true,
                    Code::SchemeMissing => v.var_at(r.clone()).is_some_and(|x| x.permanent),
                    _ => false,
                };
                if !keep {
                    continue;
                }
            }
            if code == Code::SchemeMissing
                && v.any_var(r.clone())
                && !v.vars.iter().any(|x| x.permanent)
            {
                continue;
            }
            if code == Code::TokenLegacySeparator && !v.cuts.is_empty() && self.mode != Mode::Env {
                continue;
            }
            let mut severity = d.severity();
            if placeholder {
                let keep = match code {
                    Code::SchemeBearer => {
                        parts.scheme_is_word
                            && placeholder::names_permanent(&v.bytes[parts.credential.clone()])
                    }
                    Code::TokenPlaceholder => !after_scheme && !std::mem::replace(&mut noted, true),
                    Code::HeaderNameWrong
                    | Code::HeaderNameInValue
                    | Code::HeaderSyntax
                    | Code::SchemeUnknown
                    | Code::SchemeCase
                    | Code::SchemeRepeated
                    | Code::Quoted
                    | Code::Whitespace
                    | Code::ControlCharacter
                    | Code::TokenIncludesScheme => parts.scheme_is_word,
                    // A short token (`1234$0d16599c`) teaches the deprecated format as a
                    // real one would; an example the catalogue knows (`1234$abcdef`) or an
                    // elided one (`29841$c767...`) is only a placeholder.
                    Code::TokenLegacySeparator => parts.scheme_is_word && !core_placeholder,
                    _ => false,
                };
                if !keep {
                    continue;
                }
                if code == Code::TokenPlaceholder {
                    severity = placeholder_severity;
                }
            }
            let span = v.map_span(r);
            let error = severity == Severity::Error;
            let fix = d.fix().and_then(|f| self.source_fix(v, &f));
            out.hits.push(Hit {
                span,
                code,
                severity,
                message: self.message(v, d.message().to_string()),
                reply: error.then(|| reply.clone()),
                fix,
            });
        }
        if placeholder && !noted && !after_scheme {
            let span = v.map_span(parts.credential.clone());
            let shown = TokenEcho::new(&v.bytes[parts.credential.clone()], None);
            out.hits.push(Hit {
                span,
                code: Code::TokenPlaceholder,
                severity: placeholder_severity,
                message: self.message(
                    v,
                    format!("`{shown}` is a placeholder or documentation example, not a token"),
                ),
                reply: None,
                fix: None,
            });
        }
    }

    /// True when the credential of a rebuilt value is a placeholder: a placeholder word, or
    /// after `Bearer` a literal that is neither a JWT nor a permanent token (a made-up stand-in
    /// for a JWT, `Bearer ABC`, `Bearer token 123`). A credential built from a variable is not.
    fn placeholder(&self, v: &Value, parts: &Parts) -> bool {
        let c = parts.credential.clone();
        if !parts.scheme_is_word {
            // `<auth-scheme> <authorization-parameters>`: the scheme itself is a placeholder.
            return true;
        }
        if c.is_empty() || v.any_var(c.clone()) {
            return false;
        }
        let cred = &v.bytes[c];
        if placeholder::placeholder(cred) {
            return true;
        }
        // A long run is material of some kind, which the core judges (a token with its
        // separator missing, a mangled JWT), not a stand-in.
        parts.bearer
            && cred.len() < 32
            && !cred.contains(&b'.')
            && !cred.contains(&b'$')
            && !cred.split(|c| matches!(c, b' ' | b'\t')).any(|w| {
                gcore_shape_at_start(w)
                    || w.eq_ignore_ascii_case(b"apikey")
                    || w.eq_ignore_ascii_case(b"bearer")
            })
            && !names_token_variable(cred)
    }
    /// The message of a diagnosis, with each variable's stand-in replaced by its source text.
    /// The core fix of a diagnosis of rebuilt value `v`, as edits of the line: each edit's
    /// rebuilt bytes must come one for one from literal source text, with nothing between
    /// them in the source (an edit across `"APIKey" + " "` would cut the `+`), and its fixed
    /// text must keep the line's syntax (no whitespace outside quotes in shell words, no `:`
    /// in an unquoted YAML scalar). `None` when any edit cannot be made so.
    fn source_fix(&self, v: &Value, fix: &gcore_auth::Fix<'_>) -> Option<HitFix> {
        let mut edits = Vec::new();
        for e in fix.edits() {
            let s = e.span();
            let src = source_range(v, s.start..s.end)?;
            let text = e.text();
            let quoted = quoted_at(self.line, src.start);
            let deleted = &self.line[src.clone()];
            let spaces = |b: &[u8]| b.iter().any(|c| matches!(c, b' ' | b'\t'));
            if self.shellish && !quoted && (spaces(text.as_bytes()) || spaces(deleted)) {
                return None;
            }
            if self.mode == Mode::Yaml && !quoted && text.contains(':') {
                return None;
            }
            edits.push((src, text));
        }
        Some(HitFix {
            edits,
            applicability: fix.applicability(),
            message: fix.message(),
        })
    }

    fn message(&self, v: &Value, text: String) -> String {
        let mut text = text;
        for var in &v.vars {
            let stand = String::from_utf8_lossy(&v.bytes[var.at.clone()]).into_owned();
            if !text.contains(&stand) {
                continue;
            }
            let src = v.map_span(var.at.clone());
            let shown = &self.line[src.start..src.end.min(src.start + 60)];
            let mut shown = gcore_auth::Escaped(shown).to_string();
            if src.end > src.start + 60 {
                shown.push('…');
            }
            text = text.replace(&stand, &shown);
        }
        text
    }
}

/// The scheme and credential of a rebuilt value, as byte ranges of it.
struct Parts {
    /// The credential after the scheme (the whole value when there is no scheme).
    credential: Range<usize>,
    /// The scheme is a word (`APIKey`, `Bearer`, `Basic`), not a placeholder (`<scheme>`).
    scheme_is_word: bool,
    /// The scheme is `Bearer` in any letter case.
    bearer: bool,
}

impl Parts {
    fn of(b: &[u8], how: Check) -> Parts {
        let mut at = 0;
        if how == Check::Line {
            at = memchr::memchr(b':', b).map_or(0, |c| c + 1);
        }
        while at < b.len() && matches!(b[at], b' ' | b'\t') {
            at += 1;
        }
        // `Authorization: Authorization: APIKey …`: the repeated name is a diagnosis of its own
        // (`header-name-in-value`); the scheme is what follows it.
        loop {
            const NAME: &[u8] = b"authorization";
            let rest = &b[at..];
            if rest.len() < NAME.len() || !rest[..NAME.len()].eq_ignore_ascii_case(NAME) {
                break;
            }
            let gap = rest[NAME.len()..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
            if rest.get(NAME.len() + gap) != Some(&b':') {
                break;
            }
            at += NAME.len() + gap + 1;
            while at < b.len() && matches!(b[at], b' ' | b'\t') {
                at += 1;
            }
        }
        let mut end = b.len()
            - b[at..]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_whitespace())
                .count();
        end = end.max(at);
        // Quotes around the whole value are a diagnosis of their own, not part of the scheme.
        if end > at + 1 && matches!(b[at], b'"' | b'\'') && b[end - 1] == b[at] {
            at += 1;
            end -= 1;
        }
        let word = b[at..end]
            .iter()
            .take_while(|c| !matches!(c, b' ' | b'\t'))
            .count();
        let first = &b[at..at + word];
        let more = at + word < end;
        // A scheme is a placeholder only when written as one (`<auth-scheme>`, `[scheme]`,
        // `{scheme}`); a word with a pasted invisible character in it is still a word.
        let is_scheme_word = |w: &[u8]| {
            !w.is_empty()
                && !w
                    .iter()
                    .any(|c| matches!(c, b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'|'))
        };
        let known = first.eq_ignore_ascii_case(b"apikey") || first.eq_ignore_ascii_case(b"bearer");
        if more && (known || (how == Check::Line && !first.starts_with(b"$"))) {
            let mut c = at + word;
            while c < end && matches!(b[c], b' ' | b'\t') {
                c += 1;
            }
            return Parts {
                credential: c..end,
                scheme_is_word: is_scheme_word(first) || first.starts_with(b"${"),
                bearer: first.eq_ignore_ascii_case(b"bearer"),
            };
        }
        if known {
            return Parts {
                credential: end..end,
                scheme_is_word: true,
                bearer: first.eq_ignore_ascii_case(b"bearer"),
            };
        }
        Parts {
            credential: at..end,
            scheme_is_word: true,
            bearer: false,
        }
    }
}

/// True when `b` starts with a permanent token's shape: digits, then `_` or `$` (or nothing).
fn gcore_shape_at_start(b: &[u8]) -> bool {
    gcore_auth::vocab::token_shape_at_start(b)
}

/// The source range of rebuilt bytes `r` of `v` when an edit of them can be made in the source:
/// every byte literal, each source byte standing for bytes inside `r` only, and the source
/// contiguous. An empty `r` is a position between two source bytes.
fn source_range(v: &Value, r: Range<usize>) -> Option<Range<usize>> {
    let map = &v.map;
    let own = |i: usize| -> bool {
        let m = map[i];
        !m.var
            && m.start < m.end
            && (i == 0
                || (map[i - 1].start, map[i - 1].end) != (m.start, m.end)
                || r.contains(&(i - 1)))
            && (i + 1 == map.len()
                || (map[i + 1].start, map[i + 1].end) != (m.start, m.end)
                || r.contains(&(i + 1)))
    };
    if r.is_empty() {
        let k = r.start;
        // Before byte `k` when it is the first byte its source stands for; else after byte
        // `k - 1` when that is the last one.
        let same = |a: usize, b: usize| (map[a].start, map[a].end) == (map[b].start, map[b].end);
        let first =
            |i: usize| !map[i].var && map[i].start < map[i].end && (i == 0 || !same(i - 1, i));
        let last = |i: usize| {
            !map[i].var && map[i].start < map[i].end && (i + 1 == map.len() || !same(i, i + 1))
        };
        return match (k.checked_sub(1), k < map.len()) {
            (_, true) if first(k) => Some(map[k].start..map[k].start),
            (Some(p), _) if p < map.len() && last(p) => Some(map[p].end..map[p].end),
            _ => None,
        };
    }
    if r.end > map.len() || !r.clone().all(own) {
        return None;
    }
    for i in r.start..r.end - 1 {
        let (a, b) = (map[i], map[i + 1]);
        if (a.start, a.end) != (b.start, b.end) && a.end != b.start {
            return None;
        }
    }
    Some(map[r.start].start..map[r.end - 1].end)
}

/// True when `at` is inside quotes of `line` as a shell or YAML reads them (`'…'`, `"…"`,
/// with `\` escaping in double quotes and outside).
fn quoted_at(line: &[u8], at: usize) -> bool {
    let mut q: Option<u8> = None;
    let mut i = 0;
    while i < at.min(line.len()) {
        let c = line[i];
        match q {
            Some(b'\'') if c == b'\'' => q = None,
            Some(b'"') if c == b'"' => q = None,
            Some(b'"') | None if c == b'\\' => i += 1,
            None if c == b'\'' || c == b'"' => q = Some(c),
            _ => {}
        }
        i += 1;
    }
    q.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `"Bearer " + key` rebuilt: `Bearer ` from a literal at 1..8, the variable at 11..14.
    fn concatenated() -> Value {
        let mut v = Value::new();
        v.lits(b"Bearer ", 1);
        v.var(b"key", 11..14);
        v
    }

    #[test]
    fn an_edit_is_made_in_the_source_only_where_its_bytes_are_literal_and_contiguous() {
        let v = concatenated();
        // `Bearer` itself, and an insertion before it or after the space.
        assert_eq!(source_range(&v, 0..6), Some(1..7));
        assert_eq!(source_range(&v, 0..0), Some(1..1));
        assert_eq!(source_range(&v, 7..7), Some(8..8));
        // Not across the variable or into it.
        assert_eq!(source_range(&v, 6..8), None);
        assert_eq!(source_range(&v, 8..9), None);
        // Two literals with source text between them (`"APIKey" + " "`): not across the gap.
        let mut v = Value::new();
        v.lits(b"APIKey", 1);
        v.lits(b" ", 12);
        assert_eq!(source_range(&v, 5..7), None);
        assert_eq!(source_range(&v, 6..7), Some(12..13));
        // An escape stands for one byte: edited whole, never half of it.
        let mut v = Value::new();
        v.lits(b"a", 0);
        v.lits_from(b"\t", 1..3);
        v.lits(b"b", 3);
        assert_eq!(source_range(&v, 1..2), Some(1..3));
        // Synthetic bytes with no source of their own (`Authorization: ` before a snippet).
        let mut v = Value::new();
        v.lits_from(b"Authorization: ", 4..4);
        v.lits(b"Bearer", 4);
        assert_eq!(source_range(&v, 0..13), None);
        assert_eq!(source_range(&v, 15..21), Some(4..10));
        assert_eq!(source_range(&v, 0..21), None);
    }

    #[test]
    fn quotes_are_read_as_a_shell_reads_them() {
        let line = br#"a "b \" c" 'd \' e"#;
        let inside: Vec<bool> = (0..line.len()).map(|i| quoted_at(line, i)).collect();
        // Inside from after an opening quote up to its closing one; `\"` does not close a double
        // quote, `\'` does close a single one.
        let expect: Vec<bool> = "000111111100111100".bytes().map(|b| b == b'1').collect();
        assert_eq!(inside, expect, "{}", String::from_utf8_lossy(line));
    }
}
