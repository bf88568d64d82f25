//! The reader of one line: where it holds sites (headers, tokens, token variables) and what
//! the site files find there. Each kind of place has its own file beside this one; they share
//! this reader's state.

use std::ops::Range;

use gcore_auth::Code;

use super::super::diagnose::{Check, Hit, HitFix, LineOut, Site};
use super::super::judge::{self, Around, Facts, Tracked, assignments};
use super::super::language::expr::config_value;
use super::super::language::lang;
use super::super::language::lang::{Kind, Mode};
use super::super::language::prefilter;
use super::super::language::shell;
use super::super::language::token::find_ci;
use super::super::language::value::Value;
use super::super::language::vocab::{Key, classify, classify_header, token_variable};

pub(crate) struct Ctx<'l, 'a, 'b> {
    pub(super) line: &'l [u8],
    pub(super) mode: Mode,
    pub(super) placeholders_fine: bool,
    pub(super) around: &'a mut Around<'b>,
    pub(super) out: LineOut,
    /// Source ranges already read as a value.
    pub(super) done: Vec<Range<usize>>,
    pub(super) cuts_done: Vec<Range<usize>>,
    /// The line is read as shell words (a script, a `curl -H` command): whitespace outside
    /// quotes separates words there.
    pub(super) shellish: bool,
}

/// Reads text of its own (decoded from a string, a notebook cell) line by line: line `k` in
/// `mode_of(k)`, or where that is `None` as Markdown (prose with fenced blocks). Calls `each`
/// with where each line read starts in `text` and what it found; the names a line assigns a
/// Gcore token to are tracked for the lines after it.
pub(crate) fn text_lines(
    text: &[u8],
    file_gcore: bool,
    tracked: &mut Tracked,
    mode_of: impl Fn(usize) -> Option<Mode>,
    mut each: impl FnMut(usize, LineOut),
) {
    let mut facts = Facts::within(file_gcore);
    let mut fence = None;
    let mut fence_start = 0;
    let mut off = 0;
    for (k, sub) in text.split(|&b| b == b'\n').enumerate() {
        let start = off;
        off += sub.len() + 1;
        let given = mode_of(k);
        if given.is_none() && lang::fence_step(sub, &mut fence) {
            fence_start = off;
            continue;
        }
        if !prefilter::is_candidate(sub) {
            continue;
        }
        let mode = given.unwrap_or_else(|| fence.map_or(Mode::Prose, |f| f.0));
        let scope = if fence.is_some() {
            fence_start..text.len()
        } else {
            0..text.len()
        };
        let mut around = Around::new(
            text,
            start..start + sub.len(),
            scope,
            mode,
            &mut facts,
            tracked,
        );
        let out = line(sub, mode, true, &mut around, false);
        for name in &out.tracks {
            tracked.add(name);
        }
        each(start, out);
    }
}

/// Reads one line in `mode`. `placeholders_fine` is false only where a placeholder would be
/// used as-is (a `.env` file that is not a template).
pub(crate) fn line(
    line: &[u8],
    mode: Mode,
    placeholders_fine: bool,
    around: &mut Around<'_>,
    value_of_token: bool,
) -> LineOut {
    let mut cx = Ctx {
        line,
        mode,
        placeholders_fine,
        around,
        out: LineOut::default(),
        done: Vec::new(),
        cuts_done: Vec::new(),
        shellish: mode.lang().kind == Kind::Shell
            || memchr::memmem::find(line, b"-H").is_some()
            || memchr::memmem::find(line, b"--header").is_some(),
    };
    cx.leaks();
    if mode == Mode::Prose {
        cx.inline_code();
        return cx.out;
    }
    if mode.is_code() && comment_line(line, mode) {
        // A comment in code describes the code (its inline code is an example, not a
        // request): only a token written into it is reported.
        return cx.out;
    }
    cx.out.tracks = assignments(line, cx.around.tracked);
    if mode == Mode::Text {
        cx.text();
        return cx.out;
    }
    let has_header_flag = memchr::memmem::find(line, b"-H").is_some()
        || memchr::memmem::find(line, b"--header").is_some();
    if mode == Mode::Yaml {
        let t = line.trim_ascii_start();
        let t = t.strip_prefix(b"- ").unwrap_or(t).trim_ascii_start();
        if value_of_token && let Some(rest) = t.strip_prefix(b"value:") {
            let at = line.len() - rest.len();
            let mut v = Value::new();
            if let Some(end) = config_value(line, at, mode, &mut v) {
                if !v.is_empty() {
                    cx.check(&v, Check::Token);
                }
                cx.done.push(at..end);
            }
        }
        if let Some(name) = t.strip_prefix(b"name:") {
            let name = name.trim_ascii();
            let name = name
                .strip_prefix(b"\"")
                .and_then(|n| n.strip_suffix(b"\""))
                .unwrap_or(name);
            cx.out.value_next = token_variable(name);
        }
        if t.starts_with(b"run:") || t.starts_with(b"export ") {
            // Shell in a CI step.
            let words = shell::words(line);
            cx.shell(&words);
            return cx.out;
        }
    }
    // JSON text (a JSON file, a flow mapping in YAML) holds commands only inside strings,
    // which are read as embedded text.
    let json_text = mode == Mode::Json || (mode == Mode::Yaml && find_ci(line, b"{\"").is_some());
    let kind = mode.lang().kind;
    if mode == Mode::Env && cx.dotenv() {
        // A token variable's value, read as dotenv readers read it.
    } else if kind == Kind::Shell {
        let words = shell::words(line);
        cx.shell(&words);
    } else if has_header_flag && !json_text {
        let words = shell::words(line);
        cx.curl(&words);
    }
    match kind {
        Kind::Shell | Kind::Prose | Kind::Text => {}
        Kind::Http => cx.http(),
        Kind::Data => cx.data(),
        Kind::Code => {
            cx.command_strings();
            cx.keys();
        }
    }
    cx.out
}

impl Ctx<'_, '_, '_> {
    /// What a name in the line stands for.
    pub(super) fn classify(&self, word: &[u8]) -> Option<Key> {
        classify(word)
    }

    /// What a name stands for in a place that lists headers (a `-H`, a header line, a
    /// `headers` map): alternative header names count there.
    pub(super) fn classify_header(&self, word: &[u8]) -> Option<Key> {
        classify_header(word)
    }

    /// Diagnoses a rebuilt value of the line with the core. A value that is a URL
    /// (`AUTHORIZATION = "https://…/oauth"`, an enum case named for the header) is never a
    /// credential: nothing is said of it.
    pub(super) fn check(&mut self, v: &Value, how: Check) {
        if is_url(v, how) || (self.mode.is_code() && is_prefix(v)) {
            return;
        }
        // A whole header line a program writes as raw HTTP ends with CRLF
        // (`"Authorization: APIKey …\r\n"`): that ends the line, it is not in the value. A
        // lone line break stays a mistake (`"APIKey " + key + "\n"`).
        let trimmed;
        let v = if how == Check::Line && self.mode.is_code() && v.bytes.ends_with(b"\r\n") {
            trimmed = v.head(v.bytes.len() - 2);
            &trimmed
        } else {
            v
        };
        let site = Site {
            line: self.line,
            mode: self.mode,
            placeholders_fine: self.placeholders_fine,
            shellish: self.shellish,
            tracked: self.around.tracked,
        };
        site.check(v, how, &mut self.out);
    }

    /// True when a header value of this line is bound for the Gcore API.
    pub(super) fn gcore_value(&mut self, v: &Value) -> bool {
        judge::bound_for_gcore(self.line, self.around, v)
    }

    /// True when an SDK option's value of this line is a Gcore token.
    pub(super) fn sdk_value(&mut self, v: &Value) -> bool {
        judge::sdk_token(self.line, self.around, v)
    }

    pub(crate) fn is_done(&self, r: &Range<usize>) -> bool {
        self.done
            .iter()
            .any(|d| d.start <= r.start && r.end <= d.end)
    }

    /// Takes in what a nested reading found (a snippet, a line of embedded text), its spans
    /// mapped onto this line by `map`; leaked tokens only when `leaks`.
    pub(crate) fn absorb(
        &mut self,
        out: LineOut,
        map: impl Fn(Range<usize>) -> Range<usize>,
        leaks: bool,
    ) {
        for hit in out.hits {
            if leaks || hit.code != Code::HardcodedToken {
                let span = map(hit.span.clone());
                let fix = hit.fix.map(|f| HitFix {
                    edits: f.edits.into_iter().map(|(r, t)| (map(r), t)).collect(),
                    ..f
                });
                self.out.hits.push(Hit { span, fix, ..hit });
            }
        }
        for h in out.hide {
            self.out.hide.push(map(h));
        }
    }
}

/// True when the credential of a rebuilt value (after the header name, for a header line) is
/// a URL: a scheme of letters, then `://`.
fn is_url(v: &Value, how: Check) -> bool {
    let b = &v.bytes;
    let from = match how {
        Check::Line => memchr::memchr(b':', b).map_or(0, |c| c + 1),
        Check::Token => 0,
    };
    let t = b[from..].trim_ascii_start();
    let t = t
        .strip_prefix(b"\"")
        .or_else(|| t.strip_prefix(b"'"))
        .unwrap_or(t);
    let scheme = t.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    scheme > 1 && t[scheme..].starts_with(b"://")
}

/// True when a line of code is a comment from its start: a comment marker of the language, or
/// the `*` of a block comment's inner line.
fn comment_line(line: &[u8], mode: Mode) -> bool {
    let t = line.trim_ascii_start();
    mode.lang().comments.iter().any(|c| t.starts_with(c))
        || (t.starts_with(b"* ") || t == b"*" || t.starts_with(b"*/"))
}

/// True when a literal value ends right after its scheme and one space (`"APIKey "`,
/// `"Authorization: Bearer "`): the start of a header that code completes elsewhere, not a
/// header sent with no token.
fn is_prefix(v: &Value) -> bool {
    let b = &v.bytes;
    if !v.vars.is_empty() || !b.ends_with(b" ") {
        return false;
    }
    let t = b.trim_ascii_end();
    let word = t
        .rsplit(|c| matches!(c, b' ' | b':' | b'\t'))
        .next()
        .unwrap_or_default();
    word.eq_ignore_ascii_case(b"apikey") || word.eq_ignore_ascii_case(b"bearer")
}
