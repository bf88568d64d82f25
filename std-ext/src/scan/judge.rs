//! Judge: is a site bound for the Gcore API? What surrounds a line: the command or statement it belongs to, the calls it sits in, the
//! text it is scoped to (a file, a fenced block, an embedded sample) and the names that hold a
//! Gcore token there. The destination rule reads these: Gcore's rules apply only to a header
//! bound for the Gcore API.

use std::ops::Range;

use super::language::expr::is_ident;
use super::language::lang::Mode;
use super::language::token::find_ci;
use super::language::value::Value;
use super::language::vocab::{names_token_variable, token_variable};

/// How far a statement or a call is looked for around a line.
const REACH_LINES: usize = 40;
/// How many bytes a statement or a call search reads at most on either side.
const REACH_BYTES: usize = 8 << 10;

/// Where the URLs of a piece of text point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Hosts {
    /// A Gcore API host (`api.gcore.com`, `api.gcorelabs.com`, `*.api.gcore.com`).
    pub(crate) gcore: bool,
    /// Some other concrete host (`api.openai.com`, an inference endpoint on `*.gcore.dev`).
    pub(crate) other: bool,
}

impl Hosts {
    /// The hosts of every `scheme://host` URL in `text`. A templated host (`{{base}}`,
    /// `$API`) says nothing either way.
    pub(crate) fn of(text: &[u8]) -> Hosts {
        let mut out = Hosts::default();
        let mut from = 0;
        while let Some(p) = memchr::memmem::find(&text[from..], b"://") {
            let start = from + p + 3;
            let len = text[start..]
                .iter()
                .take_while(|c| {
                    c.is_ascii_alphanumeric()
                        || matches!(c, b'.' | b'-' | b'{' | b'}' | b'$' | b'<')
                })
                .count();
            let host = &text[start..start + len];
            from = start;
            if host.is_empty() || host.iter().any(|c| matches!(c, b'{' | b'}' | b'$' | b'<')) {
                continue;
            }
            if gcore_api_host(host) {
                out.gcore = true;
            } else {
                out.other = true;
            }
        }
        out
    }
}

/// True for a host of the Gcore API: `api.gcore.com`, `api.gcorelabs.com` and their regional
/// subdomains (`<region>.api.gcore.com`, `api.<region>.gcore.com`).
pub(crate) fn gcore_api_host(host: &[u8]) -> bool {
    let h = host.to_ascii_lowercase();
    let h = h.strip_suffix(b".").unwrap_or(&h);
    let under = |domain: &[u8]| h == domain || h.ends_with(&[b".", domain].concat()[..]);
    if super::language::extra::api_host(h) {
        return true;
    }
    if !(under(b"gcore.com") || under(b"gcorelabs.com")) {
        return false;
    }
    h.starts_with(b"api.") || h.windows(5).any(|w| w == b".api.")
}

/// True when `text` names a Gcore client: an SDK constructor or package (`Gcore(`,
/// `gcore.NewClient`, `from gcore import`), or the Terraform provider.
pub(crate) fn gcore_client(text: &[u8]) -> bool {
    find_ci(text, b"gcore").is_some() || find_ci(text, b"gcloud").is_some()
}

/// What is worked out once for a file (or an embedded text) and kept across its lines.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    /// Whether the file mentions Gcore.
    gcore: Option<bool>,
    /// The hosts of the last scope asked about, with its range in the current block.
    scope_hosts: Option<(Range<usize>, Hosts)>,
}

impl Facts {
    /// Facts of an embedded text whose file is known to mention Gcore, or not.
    pub(crate) fn within(file_gcore: bool) -> Facts {
        Facts {
            gcore: Some(file_gcore),
            scope_hosts: None,
        }
    }

    /// Forgets what refers to positions in a block (a new block of the same file comes).
    pub(crate) fn new_block(&mut self) {
        self.scope_hosts = None;
    }
}

/// The surroundings of one line of a block.
pub(crate) struct Around<'b> {
    block: &'b [u8],
    line: Range<usize>,
    /// Where the scope of the line starts in the block (a fenced block's first line).
    floor: usize,
    /// Where the scope ends (a fenced block's closing fence), else the block's end.
    ceiling: usize,
    mode: Mode,
    statement: Option<Range<usize>>,
    calls: Option<Vec<Range<usize>>>,
    facts: &'b mut Facts,
    /// Names that hold a Gcore permanent token in this file (value tracking).
    pub(crate) tracked: &'b Tracked,
}

impl<'b> Around<'b> {
    pub(crate) fn new(
        block: &'b [u8],
        line: Range<usize>,
        scope: Range<usize>,
        mode: Mode,
        facts: &'b mut Facts,
        tracked: &'b Tracked,
    ) -> Around<'b> {
        Around {
            block,
            floor: scope.start.min(line.start),
            ceiling: scope.end.max(line.end).min(block.len()),
            line,
            mode,
            statement: None,
            calls: None,
            facts,
            tracked,
        }
    }

    /// The block the line is in.
    pub(crate) fn block(&self) -> &'b [u8] {
        self.block
    }

    /// Where the line is in the block.
    pub(crate) fn line_range(&self) -> Range<usize> {
        self.line.clone()
    }

    /// True when the file mentions Gcore anywhere.
    pub(crate) fn file_gcore(&mut self) -> bool {
        let block = self.block;
        *self
            .facts
            .gcore
            .get_or_insert_with(|| super::language::prefilter::mentions_gcore(block))
    }

    /// The hosts named in the whole scope (a code file, a fenced block), read once per scope.
    pub(crate) fn scope_hosts(&mut self) -> Hosts {
        let scope = self.floor..self.ceiling;
        match &self.facts.scope_hosts {
            Some((r, hosts)) if *r == scope => *hosts,
            _ => {
                let hosts = Hosts::of(&self.block[scope.clone()]);
                self.facts.scope_hosts = Some((scope, hosts));
                hosts
            }
        }
    }

    /// The hosts named in the command or statement that holds the line.
    pub(crate) fn statement_hosts(&mut self) -> Hosts {
        let r = self.statement();
        Hosts::of(&self.block[r])
    }

    /// True when the line sits inside a call whose callee names `word` (`Header.Set(`,
    /// `set_header(`), in any letter case.
    pub(crate) fn in_call_naming(&mut self, word: &[u8]) -> bool {
        let block = self.block;
        self.calls()
            .iter()
            .any(|c| find_ci(&block[c.clone()], word).is_some())
    }

    /// True when the line sits inside a call of a Gcore client (`Gcore(`, `gcore.NewClient(`).
    pub(crate) fn in_gcore_call(&mut self) -> bool {
        let block = self.block;
        self.calls().iter().any(|c| gcore_client(&block[c.clone()]))
    }

    /// The command or statement holding the line: shell lines joined by a trailing `\`, code
    /// lines joined while a bracket is open, within the scope.
    fn statement(&mut self) -> Range<usize> {
        if let Some(r) = &self.statement {
            return r.clone();
        }
        let mut start = self.line.start;
        let mut end = self.line.end;
        if matches!(self.mode, Mode::Http | Mode::Text) {
            // A header line belongs to the request line above it (`GET https://…`), the lines
            // between them not blank.
            if let Some(r) = self.request_line() {
                start = r;
            }
        }
        if matches!(self.mode, Mode::Shell | Mode::Text) {
            // Backwards while the previous line ends with `\`.
            for _ in 0..REACH_LINES {
                if start <= self.floor || self.line.start - start > REACH_BYTES {
                    break;
                }
                let prev_end = start - 1;
                let prev_start =
                    super::language::prefilter::line_start(self.block, prev_end).max(self.floor);
                if !continued(&self.block[prev_start..prev_end]) {
                    break;
                }
                start = prev_start;
            }
            for _ in 0..REACH_LINES {
                if end >= self.ceiling
                    || !continued(&self.block[start.max(line_from(self.block, end))..end])
                {
                    break;
                }
                end = super::language::prefilter::line_end(self.block, end + 1).min(self.ceiling);
                if end - self.line.end > REACH_BYTES {
                    break;
                }
            }
        } else {
            let calls = self.calls().to_vec();
            if let Some(outer) = calls.last() {
                start =
                    super::language::prefilter::line_start(self.block, outer.start).max(self.floor);
            }
            // Forward while brackets opened before or on the line stay open.
            let mut depth: isize = 0;
            for &b in &self.block[start..self.line.end] {
                depth += bracket(b);
            }
            let mut lines = 0;
            while depth > 0 && end < self.ceiling && lines < REACH_LINES {
                let next =
                    super::language::prefilter::line_end(self.block, end + 1).min(self.ceiling);
                for &b in &self.block[end..next] {
                    depth += bracket(b);
                }
                end = next;
                lines += 1;
                if end - self.line.end > REACH_BYTES {
                    break;
                }
            }
        }
        let r = start..end;
        self.statement = Some(r.clone());
        r
    }

    /// The start of the request line (`GET https://…`, `POST {{base}}/x HTTP/1.1`) whose
    /// headers run down to this line with no blank line between, within the scope.
    fn request_line(&self) -> Option<usize> {
        let mut start = self.line.start;
        for _ in 0..REACH_LINES {
            let line = &self.block[start..super::language::prefilter::line_end(self.block, start)];
            if request_line(line) {
                return Some(start);
            }
            if line.trim_ascii().is_empty() || start <= self.floor {
                return None;
            }
            start = super::language::prefilter::line_start(self.block, start - 1).max(self.floor);
        }
        None
    }

    /// The callees of the calls that are open at the start of the line, innermost first.
    fn calls(&mut self) -> &[Range<usize>] {
        if self.calls.is_none() {
            self.calls = Some(open_calls(self.block, self.floor, self.line.start));
        }
        self.calls.as_deref().unwrap_or(&[])
    }
}

/// The callee name before each bracket still open at `at`, innermost first (`Gcore(` on an
/// earlier line, `requests.get(` around a headers mapping).
fn open_calls(block: &[u8], floor: usize, at: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut lines = 0;
    let low = floor.max(at.saturating_sub(REACH_BYTES));
    let mut i = at;
    while i > low && lines < REACH_LINES && out.len() < 4 {
        i -= 1;
        match block[i] {
            b'\n' => lines += 1,
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' if depth > 0 => depth -= 1,
            b'(' => {
                let end = i;
                let mut s = i;
                while s > low
                    && (block[s - 1].is_ascii_alphanumeric()
                        || matches!(block[s - 1], b'_' | b'.' | b':'))
                {
                    s -= 1;
                }
                if s < end {
                    out.push(s..end);
                }
            }
            _ => {}
        }
    }
    out
}

fn bracket(b: u8) -> isize {
    match b {
        b'(' | b'[' | b'{' => 1,
        b')' | b']' | b'}' => -1,
        _ => 0,
    }
}

fn line_from(block: &[u8], end: usize) -> usize {
    super::language::prefilter::line_start(block, end)
}

/// True for an HTTP request line: a method in capitals, then a URL or a path.
fn request_line(line: &[u8]) -> bool {
    const METHODS: &[&[u8]] = &[
        b"GET ",
        b"POST ",
        b"PUT ",
        b"PATCH ",
        b"DELETE ",
        b"HEAD ",
        b"OPTIONS ",
    ];
    let t = line.trim_ascii_start();
    METHODS.iter().any(|m| {
        t.starts_with(m) && {
            let rest = t[m.len()..].trim_ascii_start();
            rest.starts_with(b"/") || rest.starts_with(b"http") || rest.starts_with(b"{{")
        }
    })
}

/// True when a shell line continues on the next one (ends with `\`).
fn continued(line: &[u8]) -> bool {
    line.trim_ascii_end().ends_with(b"\\")
}

/// Names that hold a Gcore permanent token in a file: the last segment of each assignment's
/// target (`secret`, `cfg.key` as `key`, `APIKey` of a struct field), lowercased.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tracked {
    names: Vec<Vec<u8>>,
}

impl Tracked {
    /// Records `name` (an assignment target) as holding a Gcore token.
    pub(crate) fn add(&mut self, name: &[u8]) {
        let last = last_segment(name).to_ascii_lowercase();
        if !last.is_empty() && !self.names.contains(&last) && self.names.len() < 256 {
            self.names.push(last);
        }
    }

    /// True when the reference `text` (`secret`, `self.cfg.key`, `$TOKEN`) names a tracked
    /// variable.
    pub(crate) fn holds(&self, text: &[u8]) -> bool {
        if self.names.is_empty() {
            return false;
        }
        // `${secret}`, `{self.api_token}` (an f-string's), `$TOKEN`: the name inside.
        let t = super::language::value::trim_reference(text.trim_ascii());
        if !t
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-' | b'>' | b':'))
        {
            return false;
        }
        let last = last_segment(t);
        self.names.iter().any(|n| last.eq_ignore_ascii_case(n))
    }

    /// True when no name is tracked.
    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// The last identifier of a dotted or arrowed name: `cfg.key` gives `key`.
fn last_segment(name: &[u8]) -> &[u8] {
    let start = name
        .iter()
        .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
        .map_or(0, |p| p + 1);
    &name[start..]
}

/// True when a header value rebuilt from `line` is bound for the Gcore API. The request's URL
/// decides first: a Gcore API host in the command or statement says yes, another concrete host
/// says no. Without one, the value must carry its own tie to Gcore: a Gcore token variable (or
/// a name that holds one), a token of Gcore's shape, a Gcore client around it, or the `APIKey`
/// scheme in a file (or block) that talks to Gcore. Headers with none of these (origin headers
/// Gcore forwards, inference endpoints, webhooks, other APIs) are not judged.
pub(crate) fn bound_for_gcore(line: &[u8], around: &mut Around<'_>, v: &Value) -> bool {
    let here = Hosts::of(line);
    if here.gcore {
        return true;
    }
    if here.other {
        return false;
    }
    let statement = around.statement_hosts();
    if statement.gcore {
        return true;
    }
    if statement.other {
        return false;
    }
    if gcore_var(line, around, v) || gcore_shape(&v.bytes) || names_token_variable(&v.literal()) {
        return true;
    }
    if around.in_gcore_call() {
        return true;
    }
    let scope = around.scope_hosts();
    if scope.gcore && !scope.other {
        return true;
    }
    find_ci(&v.bytes, b"apikey").is_some() && (scope.gcore || around.file_gcore())
}

/// True when a header written as a name/value pair (`v` rebuilt from bytes of the block) is
/// bound for the Gcore API. The request that holds it decides first: a Gcore API host in its
/// URL or its `host` says yes, another concrete host says no; a pair under a key that forwards
/// headers elsewhere (a probe, an origin) is not Gcore's unless its own host is. Otherwise the
/// value's own ties decide, as for any header.
pub(crate) fn pair_bound(
    around: &mut Around<'_>,
    request: &[u8],
    forwarded: bool,
    v: &Value,
) -> bool {
    let mut hosts = Hosts::of(request);
    for host in super::language::pairs::bare_hosts(request) {
        if gcore_api_host(&host) {
            hosts.gcore = true;
        } else if host.contains(&b'.') && !host.contains(&b'{') {
            hosts.other = true;
        }
    }
    if hosts.gcore {
        return true;
    }
    if hosts.other || forwarded {
        return false;
    }
    let block = around.block();
    if gcore_var(block, around, v) || gcore_shape(&v.bytes) || names_token_variable(&v.literal()) {
        return true;
    }
    let scope = around.scope_hosts();
    if scope.gcore && !scope.other {
        return true;
    }
    find_ci(&v.bytes, b"apikey").is_some() && (scope.gcore || around.file_gcore())
}

/// True when a variable of `v` is a Gcore token variable or a name that holds one.
fn gcore_var(line: &[u8], around: &Around<'_>, v: &Value) -> bool {
    v.vars.iter().any(|x| {
        x.gcore || {
            let src = v.map_span(x.at.clone());
            around.tracked.holds(line.get(src).unwrap_or_default())
        }
    })
}

/// True when an SDK option's value (`api_key=…`) is a Gcore token: the option sits in a
/// Gcore client, or the value is read from a Gcore token variable, or it has a Gcore
/// token's shape or carries a scheme a Gcore token never has.
pub(crate) fn sdk_token(line: &[u8], around: &mut Around<'_>, v: &Value) -> bool {
    if gcore_var(line, around, v) || gcore_shape(&v.bytes) || names_token_variable(&v.literal()) {
        return true;
    }
    let t = v.bytes.trim_ascii_start();
    let scheme =
        |w: &[u8]| t.len() > w.len() && t[..w.len()].eq_ignore_ascii_case(w) && t[w.len()] == b' ';
    if scheme(b"apikey") || scheme(b"bearer") {
        return true;
    }
    let here = Hosts::of(line);
    around.in_gcore_call() || (here.gcore && !here.other)
}

/// A key whose headers are sent somewhere other than the Gcore API: to a customer's origin,
/// an upstream, a health probe, a webhook.
pub(crate) fn forwarded_key(k: &[u8]) -> bool {
    // One pass over the key for all the words, any letter case (it is asked of every key of
    // every data line).
    static WORDS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    // The shortest word is 5 bytes.
    k.len() >= 5
        && WORDS
            .get_or_init(|| {
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build([
                        "origin", "upstream", "backend", "proxy", "forward", "probe", "webhook",
                        "callback", "http_get", "httpget",
                    ])
                    .expect("the forwarding words build")
            })
            .is_match(k)
}

/// True when a token variable's literal value is a description of it: several words or a
/// URL, with no token's shape and no scheme in front.
pub(crate) fn describes(v: &Value) -> bool {
    let text = v.literal();
    let t = text.trim_ascii();
    let words = t
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty())
        .count();
    let first = t.split(u8::is_ascii_whitespace).next().unwrap_or_default();
    (words >= 3 || memchr::memmem::find(t, b"://").is_some())
        && !gcore_shape(t)
        && !first.eq_ignore_ascii_case(b"apikey")
        && !first.eq_ignore_ascii_case(b"bearer")
}

/// True when `b` holds a token of Gcore's shape: digits, `_` or `$`, then hex.
pub(crate) fn gcore_shape(b: &[u8]) -> bool {
    gcore_auth::vocab::contains_token_shape(b)
}

/// The names a line assigns a Gcore token to: `secret = os.environ["GCORE_API_KEY"]`,
/// `token := os.Getenv("GCORE_API_KEY")`, `cfg.key = os.getenv(...)`, a struct field
/// `APIKey: os.Getenv(...)`, `KEY=$GCORE_API_KEY`, or a copy of a name already tracked.
pub(crate) fn assignments(line: &[u8], tracked: &Tracked) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let n = line.len();
    let mut i = 0;
    while i < n {
        // Only `=` and `:` start an assignment.
        let Some(p) = memchr::memchr2(b'=', b':', &line[i..]) else {
            break;
        };
        i += p;
        let op = if line[i..].starts_with(b":=") {
            2
        } else if (line[i] == b'='
            && line.get(i + 1) != Some(&b'=')
            && !(i > 0 && matches!(line[i - 1], b'=' | b'!' | b'<' | b'>' | b'+' | b'-')))
            || (line[i] == b':' && matches!(line.get(i + 1), Some(b' ' | b'\t')))
        {
            1
        } else {
            i += 1;
            continue;
        };
        let mut e = i;
        while e > 0 && matches!(line[e - 1], b' ' | b'\t') {
            e -= 1;
        }
        if e > 0 && matches!(line[e - 1], b'"' | b'\'') {
            e -= 1;
        }
        let mut s = e;
        while s > 0 && (is_ident(line[s - 1]) || matches!(line[s - 1], b'.' | b'>' | b'$')) {
            s -= 1;
        }
        let lhs = &line[s..e];
        let from = i + op;
        if lhs.is_empty() || !lhs.iter().any(|b| b.is_ascii_alphabetic()) {
            i = from;
            continue;
        }
        let mut to = from;
        let mut depth = 0i32;
        // The first byte of the value that is not white space: once the value is longer than
        // any that reads a token, it is left (a long line of JSON has a `: ` every few bytes,
        // and reading each one's value to the line's end took time quadratic in its length).
        let mut first = None;
        let mut too_long = false;
        while to < n {
            match line[to] {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth == 0 => break,
                b')' | b']' | b'}' => depth -= 1,
                b',' | b';' | b'#' if depth == 0 => break,
                _ => {}
            }
            if !line[to].is_ascii_whitespace() {
                let f = *first.get_or_insert(to);
                if to - f >= MAX_TOKEN_EXPR {
                    too_long = true;
                    break;
                }
            }
            to += 1;
        }
        let rhs = line[from..to].trim_ascii();
        if !too_long && reads_token(rhs, tracked) {
            out.push(lhs.strip_prefix(b"$").unwrap_or(lhs).to_vec());
        }
        i = from.max(i + 1);
    }
    out
}

/// The longest expression (in bytes, white space around it left out) that is read as reading
/// a token.
const MAX_TOKEN_EXPR: usize = 200;

/// True when an expression (of at most [`MAX_TOKEN_EXPR`] bytes: `assignments` reads no
/// longer one) reads a Gcore token: it names a Gcore token variable (and is not just a string
/// holding that name), or it is a name already tracked.
fn reads_token(rhs: &[u8], tracked: &Tracked) -> bool {
    if rhs.is_empty() {
        return false;
    }
    if tracked.holds(rhs) {
        return true;
    }
    // A header value built with its scheme (`"APIKey $GCORE_API_KEY"`) is no bare token.
    let t = rhs.trim_ascii_start();
    let t = t
        .strip_prefix(b"\"")
        .or_else(|| t.strip_prefix(b"'"))
        .unwrap_or(t);
    if t.len() > 7
        && (t[..7].eq_ignore_ascii_case(b"apikey ") || t[..7].eq_ignore_ascii_case(b"bearer "))
    {
        return false;
    }
    let quoted_name = rhs.len() >= 2
        && matches!(rhs[0], b'"' | b'\'')
        && rhs[rhs.len() - 1] == rhs[0]
        && rhs[1..rhs.len() - 1].iter().all(|&b| is_ident(b));
    if quoted_name {
        return false;
    }
    rhs.split(|&b| !is_ident(b)).any(token_variable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_of_a_token_and_the_longest_value_read() {
        let none = Tracked::default();
        let names = |line: &str| assignments(line.as_bytes(), &none);
        assert_eq!(
            names("secret = os.environ[\"GCORE_API_KEY\"]"),
            [b"secret".to_vec()]
        );
        assert_eq!(
            names("token := os.Getenv(\"GCORE_API_KEY\"), x"),
            [b"token".to_vec()]
        );
        assert_eq!(names("KEY=$GCORE_API_KEY; b = 1"), [b"KEY".to_vec()]);
        // A target needs a letter: a number or nothing before the sign assigns nothing.
        assert!(names("42 = $GCORE_API_KEY").is_empty());
        assert!(names(" = $GCORE_API_KEY").is_empty());
        // A value of 200 bytes (white space around it aside) is read; one of 201 is not.
        let padded = |len: usize| {
            let call = "os.getenv(\"GCORE_API_KEY\") + ";
            format!("k =   {call}{}   , z = 1", "x".repeat(len - call.len()))
        };
        assert_eq!(names(&padded(MAX_TOKEN_EXPR)), [b"k".to_vec()]);
        assert!(names(&padded(MAX_TOKEN_EXPR + 1)).is_empty());
        // Every `: ` of a long JSON line is looked at, and each value ends where it ends.
        let long = format!(
            "{{\"a\": {{\"b\": \"{}\", \"c\": $GCORE_API_KEY}}}}",
            "y".repeat(5000)
        );
        assert_eq!(assignments(long.as_bytes(), &none), [b"c".to_vec()]);
    }

    #[test]
    fn keys_that_forward_headers_elsewhere() {
        for k in [
            "origin",
            "UPSTREAM",
            "backendHeaders",
            "x_proxy_url",
            "Forwarded",
            "probe",
            "my-webhook",
            "CallBack",
            "http_get",
            "httpGet",
            "livenessProbe",
        ] {
            assert!(forwarded_key(k.as_bytes()), "{k}");
        }
        for k in [
            "",
            "prob",
            "headers",
            "Authorization",
            "request",
            "orig_in",
            "http-get",
        ] {
            assert!(!forwarded_key(k.as_bytes()), "{k}");
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(
            Hosts::of(b"curl https://api.gcore.com/iam"),
            Hosts {
                gcore: true,
                other: false
            }
        );
        assert_eq!(
            Hosts::of(b"https://my-app.caas.gcore.dev/v1 http://localhost"),
            Hosts {
                gcore: false,
                other: true
            }
        );
        assert_eq!(
            Hosts::of(b"{{baseUrl}} https://{{host}}/x $API"),
            Hosts::default()
        );
        assert!(gcore_api_host(b"API.gcorelabs.com"));
        assert!(gcore_api_host(b"luxembourg.api.gcore.com"));
        assert!(!gcore_api_host(b"portal.gcore.com"));
        assert!(!gcore_api_host(b"api.gcore.com.evil.example"));
    }

    #[test]
    fn statements_and_calls() {
        let text = b"curl -X POST \\\n  -H 'Authorization: Bearer x' \\\n  https://api.gcore.com/cdn\necho https://example.com\n";
        let mut g = Facts::default();
        let t = Tracked::default();
        let second = 15..text[15..].iter().position(|&b| b == b'\n').unwrap() + 15;
        let mut a = Around::new(text, second, 0..text.len(), Mode::Shell, &mut g, &t);
        assert_eq!(
            a.statement_hosts(),
            Hosts {
                gcore: true,
                other: false
            }
        );
        assert_eq!(
            a.scope_hosts(),
            Hosts {
                gcore: true,
                other: true
            }
        );

        let py = b"client = OpenAI(\n    base_url=x,\n    api_key=\"none\",\n)\nc = Gcore(\n    api_key=k,\n)\n";
        let line = |n: usize| {
            let s = py
                .split(|&b| b == b'\n')
                .take(n)
                .map(|l| l.len() + 1)
                .sum::<usize>();
            s..s + py[s..].iter().position(|&b| b == b'\n').unwrap()
        };
        let mut g = Facts::default();
        let mut a = Around::new(py, line(2), 0..py.len(), Mode::Python, &mut g, &t);
        assert!(!a.in_gcore_call());
        let mut g = Facts::default();
        let mut a = Around::new(py, line(5), 0..py.len(), Mode::Python, &mut g, &t);
        assert!(a.in_gcore_call());
    }

    #[test]
    fn tracked_names() {
        let mut t = Tracked::default();
        assert!(t.is_empty());
        t.add(b"cfg.Key");
        t.add(b"secret");
        assert!(t.holds(b"self.cfg.key"));
        assert!(t.holds(b"${secret}"));
        assert!(t.holds(b"{self.cfg.key}"));
        assert!(!t.holds(b"secrets"));
        assert!(!t.holds(b"get(secret)"));
    }
}
