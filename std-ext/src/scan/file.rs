//! The scanner of one file: it reads the file's blocks in its language (Markdown fences, YAML
//! block scalars, plain lines), hands each candidate line to the site readers and turns what
//! they find into findings, honouring suppressions.

use std::ops::Range;

use super::diagnose::Hit;
use super::finding::Finding;
use super::judge;
use super::language::lang::{self, FileKind, Mode};
use super::language::markup;
use super::language::notebook;
use super::language::prefilter;
use super::language::value::Value;
use super::language::{placeholder, token};
use super::path::STDIN_PATH;
use super::sites;
use crate::render::Shown;
use gcore_auth::{Hidden, Span};

/// Scans one file's content (no I/O) and returns every finding, in line order.
///
/// `path` decides the language (by extension or file name, or a shebang) and is copied into
/// each finding as every output shows it: escaped like any input, with a token in a file name
/// redacted. Suppression comments are honoured. Any bytes are accepted.
pub fn scan_bytes(path: &str, content: &[u8]) -> Vec<Finding> {
    scan_as(path, shown_name(path), content)
}

/// [`scan_bytes`] of the file at `path`, shown as `shown` (escaped and redacted).
pub(crate) fn scan_as(path: &str, shown: String, content: &[u8]) -> Vec<Finding> {
    Scanner::new(path, shown, content).read_whole(content)
}

/// [`scan_bytes`] of the file found at `path`: its shown name (escaped and redacted, as
/// [`crate::scan::Finding`]s show it) is made only if the file has something to report.
pub(crate) fn scan_file_at(path: &std::path::Path, content: &[u8]) -> Vec<Finding> {
    let name = path.to_string_lossy();
    let mut scanner = Scanner::new(&name, String::new(), content);
    scanner.raw = Some(path.to_path_buf());
    scanner.read_whole(content)
}

/// A path as every output shows it: escaped, and a token in a file name redacted.
pub(crate) fn shown_name(path: &str) -> String {
    gcore_auth::Escaped(path.as_bytes()).to_string()
}

/// The scanner of one file, fed blocks of whole lines in order.
pub(crate) struct Scanner {
    /// The path as shown; made from `raw` when the first finding needs it.
    path: String,
    /// The file's path, when its shown form is still to be made.
    raw: Option<std::path::PathBuf>,
    kind: FileKind,
    /// The language of the open fenced block in Markdown, with its fence.
    fence: Option<(Mode, u8, usize)>,
    /// The number of lines before the current block.
    lines_before: usize,
    /// The number of bytes before the current block, while the file is read in whole lines
    /// (`None` once a line was read in pieces: fixes are then not offered).
    bytes_before: Option<usize>,
    /// The last line of the previous block (for `pragma: allowlist nextline secret`).
    prev_tail: Vec<u8>,
    /// What is worked out once for the file.
    facts: judge::Facts,
    /// Names that hold a Gcore token in this file.
    tracked: judge::Tracked,
    /// The scope of the current line when it is narrower than the block: an open fenced block
    /// or YAML block scalar, from its first line to its end.
    scope: Option<Range<usize>>,
    /// The language of AsciiDoc's `[source,…]` line, waiting for its block.
    source_attr: Option<Mode>,
    /// The open YAML block scalar (a `source: |-` code sample, a `description: |` text).
    yaml_block: Option<YamlBlock>,
    /// The last `lang:` key seen in YAML: the column of its key and its language.
    yaml_lang: Option<(usize, Mode)>,
    /// Where the current block lies in a line longer than a reading piece.
    piece: Piece,
    /// The current block is the whole file: no line after its last candidate line is read.
    whole: bool,
    findings: Vec<Finding>,
}

/// Where a block lies in a line longer than a reading piece: such a line is read in pieces
/// that overlap (see `walk::scan_reader`), and a finding in the overlap belongs to one of them.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Piece {
    /// The block's first line goes on from the block before.
    pub(crate) continues: bool,
    /// The characters of that line before this block.
    pub(crate) chars_before: usize,
    /// The block's last line goes on in the next block.
    pub(crate) cut: bool,
    /// How many bytes at a cut end of the block belong to the neighbouring piece: a finding
    /// that starts there is reported by it, not by this block.
    pub(crate) margin: usize,
}

impl Scanner {
    /// A scanner for the file at `path`, shown as `shown` (already escaped and redacted),
    /// whose content starts with `head`.
    pub(crate) fn new(path: &str, shown: String, head: &[u8]) -> Scanner {
        let first = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
        Scanner {
            path: shown,
            raw: None,
            kind: kind_of(path, first, head),
            fence: None,
            lines_before: 0,
            bytes_before: Some(0),
            prev_tail: Vec::new(),
            facts: judge::Facts::default(),
            tracked: judge::Tracked::default(),
            scope: None,
            source_attr: None,
            yaml_block: None,
            yaml_lang: None,
            piece: Piece::default(),
            whole: false,
            findings: Vec::new(),
        }
    }

    /// Reads `content`, the whole file, and returns the findings.
    fn read_whole(mut self, content: &[u8]) -> Vec<Finding> {
        self.whole = true;
        self.block(content);
        self.finish()
    }

    /// Reads a block that is, or ends or starts with, a piece of a line longer than a reading
    /// piece (the last line may lack its newline).
    pub(crate) fn piece(&mut self, block: &[u8], piece: Piece) {
        if piece.continues || piece.cut {
            self.bytes_before = None;
        }
        self.piece = piece;
        self.block(block);
        self.piece = Piece::default();
    }

    /// The findings, sorted by line, column and code.
    pub(crate) fn finish(mut self) -> Vec<Finding> {
        self.findings.sort_by(|a, b| {
            (a.line, a.column, a.code, a.end_column).cmp(&(b.line, b.column, b.code, b.end_column))
        });
        self.findings.dedup_by(|a, b| {
            (a.line, a.column, a.end_column, a.code) == (b.line, b.column, b.end_column, b.code)
        });
        self.findings
    }

    /// Reads a block of whole lines (the last one may lack its newline).
    pub(crate) fn block(&mut self, block: &[u8]) {
        self.facts.new_block();
        let candidates = prefilter::candidate_lines(block);
        if self.kind == FileKind::Markdown {
            self.markdown(block, &candidates);
        } else if self.kind == FileKind::Rst {
            self.rst(block, &candidates);
        } else if self.kind == FileKind::AsciiDoc {
            self.asciidoc(block, &candidates);
        } else if self.kind == FileKind::Notebook {
            self.notebook(block);
        } else if self.kind == FileKind::Plain(Mode::Yaml) {
            self.yaml(block, &candidates);
        } else if !candidates.is_empty() {
            let mode = match self.kind {
                FileKind::Plain(m) => m,
                _ => Mode::Env,
            };
            let mut counted = 0;
            let mut line_no = self.lines_before;
            for start in candidates {
                line_no += memchr::memchr_iter(b'\n', &block[counted..start]).count();
                counted = start;
                self.line(block, start, line_no + 1, mode, false);
            }
        }
        self.lines_before += memchr::memchr_iter(b'\n', block).count();
        self.bytes_before = self.bytes_before.map(|b| b + block.len());
        if self.piece.cut && memchr::memchr(b'\n', block).is_none() {
            // A piece of a line that goes on: the line before it stays the one before.
            return;
        }
        let tail_start = prefilter::line_start(block, block.len().saturating_sub(1));
        let tail = &block[tail_start..];
        self.prev_tail.clear();
        self.prev_tail
            .extend_from_slice(&tail[..tail.len().min(4096)]);
    }

    fn markdown(&mut self, block: &[u8], candidates: &[usize]) {
        for (start, end, line_no, is_candidate) in
            lines(block, candidates, self.lines_before, self.whole)
        {
            let line = &block[start..end];
            if self.fence_line(line) {
                // A fence opens or closes here; an open block is the scope of its lines.
                self.scope = self
                    .fence
                    .map(|f| end + 1..fence_end(block, (end + 1).min(block.len()), f.1));
            } else if is_candidate {
                let mode = self.fence.map_or(Mode::Prose, |f| f.0);
                self.line(block, start, line_no, mode, false);
            }
        }
    }

    /// reStructuredText: a `code-block`/`code`/`sourcecode` directive's indented body in its
    /// language (text of unknown kind when it names none), a `::` literal block as text of
    /// unknown kind, everything else as prose.
    fn rst(&mut self, block: &[u8], candidates: &[usize]) {
        for (start, end, line_no, is_candidate) in
            lines(block, candidates, self.lines_before, self.whole)
        {
            let line = &block[start..end];
            let indent = line.iter().take_while(|&&b| b == b' ').count();
            let blank = line[indent..].iter().all(u8::is_ascii_whitespace);
            if let Some((mode, _, opener)) = self.fence {
                if blank || indent > opener {
                    if is_candidate && !blank {
                        self.line(block, start, line_no, mode, false);
                    }
                    continue;
                }
                self.fence = None;
                self.scope = None;
            }
            if let Some(mode) = markup::rst_opens(line) {
                let body = (end + 1).min(block.len());
                self.fence = Some((mode, b' ', indent));
                self.scope = Some(body..yaml_block_end(block, body, indent));
            }
            if is_candidate {
                self.line(block, start, line_no, Mode::Prose, false);
            }
        }
    }

    /// AsciiDoc: a `----` listing block in the language of the `[source,…]` line before it
    /// (text of unknown kind without one), a `....` literal block and a Markdown-style fence
    /// likewise, everything else as prose.
    fn asciidoc(&mut self, block: &[u8], candidates: &[usize]) {
        for (start, end, line_no, is_candidate) in
            lines(block, candidates, self.lines_before, self.whole)
        {
            let line = &block[start..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if let Some((mode, c, len)) = self.fence {
                if markup::adoc_delimiter(line) == Some((c, len)) {
                    self.fence = None;
                    self.scope = None;
                } else if is_candidate {
                    self.line(block, start, line_no, mode, false);
                }
                continue;
            }
            if let Some((c, len)) = markup::adoc_delimiter(line) {
                let mode = self.source_attr.take().unwrap_or(Mode::Text);
                let body = (end + 1).min(block.len());
                self.fence = Some((mode, c, len));
                self.scope = Some(body..markup::adoc_block_end(block, body, (c, len)));
                continue;
            }
            if let Some(mode) = markup::adoc_source(line) {
                self.source_attr = Some(mode);
                continue;
            }
            if !line.trim_ascii().is_empty() {
                self.source_attr = None;
            }
            if is_candidate {
                self.line(block, start, line_no, Mode::Prose, false);
            }
        }
    }

    /// A Jupyter notebook: each code cell read in the notebook's language (a `%%bash` cell and
    /// a `!command` line as shell), each Markdown cell as Markdown; what they find is reported
    /// at its line and column in the `.ipynb` file.
    fn notebook(&mut self, block: &[u8]) {
        let language = notebook::language(block);
        for cell in notebook::cells(block) {
            let (mut text, code) = (cell.text, cell.code);
            let mut modes: Vec<Option<Mode>> = Vec::new();
            let mut cell_mode = code.then_some(language);
            let mut first = true;
            for sub in text.bytes.split(|&b| b == b'\n') {
                let magic = first && notebook::shell_magic(sub);
                if magic {
                    cell_mode = Some(Mode::Shell);
                }
                first = false;
                modes.push(match cell_mode {
                    Some(Mode::Python) if sub.trim_ascii_start().starts_with(b"!") => {
                        Some(Mode::Shell)
                    }
                    m if magic => m.map(|_| Mode::Text),
                    m => m,
                });
            }
            // `!curl …` is a shell command once its `!` is gone.
            let mut off = 0;
            for (k, sub_len) in text
                .bytes
                .split(|&b| b == b'\n')
                .map(<[u8]>::len)
                .collect::<Vec<_>>()
                .into_iter()
                .enumerate()
            {
                if modes[k] == Some(Mode::Shell)
                    && cell_mode == Some(Mode::Python)
                    && let Some(p) = text.bytes[off..off + sub_len]
                        .iter()
                        .position(|&b| b == b'!')
                {
                    text.bytes[off + p] = b' ';
                }
                off += sub_len + 1;
            }
            let hits = self.embedded(&text, |k| modes.get(k).copied().flatten());
            self.report_mapped(block, hits);
        }
    }

    /// Reads rebuilt text (a notebook cell) line by line, line `k` in `mode_of(k)` or, where
    /// that is `None`, as Markdown (prose with fenced blocks); returns what it finds, its spans
    /// in bytes of the block the text's source map points into.
    fn embedded(
        &mut self,
        text: &Value,
        mode_of: impl Fn(usize) -> Option<Mode>,
    ) -> Vec<(Hit, Vec<Range<usize>>)> {
        let mut found = Vec::new();
        sites::text_lines(
            &text.bytes,
            true,
            &mut self.tracked,
            mode_of,
            |start, out| {
                let map = |r: &Range<usize>| text.map_span(start + r.start..start + r.end);
                let hide: Vec<Range<usize>> = out.hide.iter().map(map).collect();
                for mut hit in out.hits {
                    hit.span = map(&hit.span);
                    if let Some(fix) = &mut hit.fix {
                        for e in &mut fix.edits {
                            e.0 = map(&e.0);
                        }
                    }
                    found.push((hit, hide.clone()));
                }
            },
        );
        found
    }

    /// Reports hits whose spans are bytes of `block` (found in text embedded in it), each on
    /// the line of `block` where it starts.
    fn report_mapped(&mut self, block: &[u8], found: Vec<(Hit, Vec<Range<usize>>)>) {
        for (mut hit, hide) in found {
            let start = prefilter::line_start(block, hit.span.start.min(block.len()));
            let end = prefilter::line_end(block, start);
            let line_no =
                self.lines_before + memchr::memchr_iter(b'\n', &block[..start]).count() + 1;
            let rel = |r: &Range<usize>| {
                r.start.clamp(start, end) - start..r.end.clamp(start, end) - start
            };
            hit.span = rel(&hit.span);
            if let Some(fix) = &hit.fix
                && fix.edits.iter().any(|e| e.0.start < start || e.0.end > end)
            {
                hit.fix = None;
            }
            if let Some(fix) = &mut hit.fix {
                for e in &mut fix.edits {
                    e.0 = rel(&e.0);
                }
            }
            let hide: Vec<Range<usize>> = hide
                .iter()
                .filter(|h| h.end > start && h.start < end)
                .map(rel)
                .collect();
            self.report(block, start, line_no, vec![hit], &hide);
        }
    }

    /// YAML: block scalars are read as the text they hold. A code sample (`source: |-` after
    /// `lang: Python`) in its language, a `run:` or `script:` as shell, anything else as
    /// Markdown (prose with fenced blocks); every other line as YAML.
    fn yaml(&mut self, block: &[u8], candidates: &[usize]) {
        for (start, end, line_no, is_candidate) in
            lines(block, candidates, self.lines_before, self.whole)
        {
            let mut line = &block[start..end];
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            let indent = line.iter().take_while(|&&b| b == b' ').count();
            let blank = indent == line.len() || line[indent..].iter().all(u8::is_ascii_whitespace);
            if let Some(b) = &mut self.yaml_block {
                if blank || indent > b.indent {
                    let text = &line[indent.min(b.indent + 1)..];
                    if b.detect && !blank {
                        // A code sample with no `lang`: its first line tells, else Markdown.
                        b.detect = false;
                        b.mode = lang::detect(text);
                    }
                    let mode = match b.mode {
                        Some(m) => Some(m),
                        None if lang::fence_step(text.trim_ascii_start(), &mut b.fence) => None,
                        None => Some(b.fence.map_or(Mode::Prose, |f| f.0)),
                    };
                    if let (Some(mode), true) = (mode, is_candidate) {
                        self.line(block, start, line_no, mode, false);
                    }
                    continue;
                }
                self.yaml_block = None;
                self.scope = None;
            }
            let (key_col, key, value) = yaml_key(line);
            if key.eq_ignore_ascii_case(b"lang") || key.eq_ignore_ascii_case(b"language") {
                let word = placeholder::strip_quotes(value.trim_ascii());
                self.yaml_lang = std::str::from_utf8(word)
                    .ok()
                    .and_then(lang::mode_of)
                    .map(|m| (key_col, m));
            }
            if block_indicator(value) {
                let sibling = self.yaml_lang.filter(|l| l.0 == key_col).map(|l| l.1);
                let code = super::language::vocab::code_key(key);
                let mode = if code && sibling.is_some() {
                    sibling
                } else if shell_key(key) {
                    Some(Mode::Shell)
                } else {
                    None
                };
                let body = (end + 1).min(block.len());
                self.scope = Some(body..yaml_block_end(block, body, indent));
                self.yaml_block = Some(YamlBlock {
                    indent,
                    mode,
                    detect: code && mode.is_none(),
                    fence: None,
                });
            }
            if is_candidate {
                self.line(block, start, line_no, Mode::Yaml, false);
            }
        }
    }

    /// Opens or closes a fenced code block; true when `line` is a fence.
    fn fence_line(&mut self, line: &[u8]) -> bool {
        lang::fence_step(line, &mut self.fence)
    }

    /// Reads the line starting at `start` in `block`.
    fn line(
        &mut self,
        block: &[u8],
        start: usize,
        line_no: usize,
        mode: Mode,
        value_of_token: bool,
    ) {
        let end = prefilter::line_end(block, start);
        let mut line = &block[start..end];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        let placeholders_fine = mode != Mode::Env || self.kind == FileKind::EnvTemplate;
        let scope = self.scope.clone().unwrap_or(0..block.len());
        let mut around = judge::Around::new(
            block,
            start..end,
            scope,
            mode,
            &mut self.facts,
            &self.tracked,
        );
        let out = sites::line(line, mode, placeholders_fine, &mut around, value_of_token);
        for name in &out.tracks {
            self.tracked.add(name);
        }
        if out.value_next && !value_of_token && end < block.len() {
            // `- name: GCORE_API_KEY` then `value: …` on the next line.
            self.line(block, end + 1, line_no + 1, mode, true);
        }
        self.report(block, start, line_no, out.hits, &out.hide);
        self.report_mapped(block, out.elsewhere);
    }

    /// Turns the hits of the line at `start` in `block` (their spans and hidden ranges in bytes
    /// of the line) into findings, honouring suppressions and the overlap of pieces.
    fn report(
        &mut self,
        block: &[u8],
        start: usize,
        line_no: usize,
        hits: Vec<Hit>,
        hide: &[Range<usize>],
    ) {
        if hits.is_empty() {
            return;
        }
        let end = prefilter::line_end(block, start);
        let mut line = &block[start..end];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        let prev = if start == 0 {
            &self.prev_tail[..]
        } else {
            let p = prefilter::line_start(block, start - 1);
            &block[p..start - 1]
        };
        let allow = Allow::read(line, prev);
        // The line as shown, built once and only for a hit that is reported.
        let mut shown = None;
        let known: Vec<Span> = hide.iter().map(|h| Span::new(h.start, h.end)).collect();
        let offset = self.bytes_before.map(|b| b + start);
        let p = self.piece;
        let continued = p.continues && start == 0;
        let mut hits = hits;
        for hit in &mut hits {
            if hit.code == gcore_auth::Code::HeaderNameWrong
                && duplicate_authorization(
                    block,
                    start,
                    start + hit.span.start..start + hit.span.end,
                )
            {
                // Renamed, the header would be a second `Authorization` in the same request,
                // mapping or table (a duplicate key, or one that overrides the other).
                hit.fix = None;
            }
        }
        // No half fixes: while the header's name is wrong and its rename is not certain, a
        // certain repair of its value (`X-API-Key: APIKey …`) still leaves a header the API
        // ignores. The parts go together, as sure as the least sure of them.
        let uncertain_name = hits.iter().any(|h| {
            h.code == gcore_auth::Code::HeaderNameWrong
                && h.fix
                    .as_ref()
                    .is_none_or(|f| f.applicability != gcore_auth::Applicability::MachineApplicable)
        });
        if uncertain_name {
            for hit in &mut hits {
                if let Some(f) = &mut hit.fix {
                    f.applicability = gcore_auth::Applicability::MaybeIncorrect;
                }
            }
        }
        for hit in hits {
            if allow.allows(hit.code) {
                continue;
            }
            // In the overlap with the piece before or after: that piece reports it.
            let at = start + hit.span.start;
            if (continued && at < p.margin)
                || (p.cut && end == block.len() && at >= block.len().saturating_sub(p.margin))
            {
                continue;
            }
            let shown = shown.get_or_insert_with(|| Shown::new(line, Hidden::new(line, &known)));
            if let Some(raw) = self.raw.take() {
                self.path = super::path::shown_path(&raw);
            }
            let mut f = Finding::from_hit(&self.path, line_no, line, hit, shown, offset, &known);
            if continued {
                f.column += p.chars_before;
                f.end_column += p.chars_before;
            }
            self.findings.push(f);
        }
    }
}

/// The kind of the file at `path` whose content starts with `head`: by its name, and for text
/// whose name says nothing (standard input, no extension) by its first lines.
fn kind_of(path: &str, first: &[u8], head: &[u8]) -> FileKind {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let kind = lang::file_kind(path, first);
    if path == STDIN_PATH || (kind == FileKind::Plain(Mode::Text) && !name.contains('.')) {
        return lang::sniff(head);
    }
    kind
}

/// True when renaming the header at `name` (bytes of `block`, on the line at `start`) to
/// `Authorization` would make a second one in the same request, mapping or table: another
/// `Authorization` on the same line, or, when the name starts its line as a key does (`key:`,
/// `"key" =`, `- key:`, `-H "key: …"`), on a neighbouring line of the same indentation that
/// starts with it (a multi-line map, a YAML or TOML table, a multi-line curl command).
fn duplicate_authorization(block: &[u8], start: usize, name: Range<usize>) -> bool {
    let line = line_at(block, start);
    let mut at = 0;
    while let Some(p) = token::find_ci(&line[at..], b"authorization") {
        if !name.contains(&(start + at + p)) {
            return true;
        }
        at += p + 1;
    }
    let (indent, key) = key_start(line);
    if key != name.start - start {
        return false;
    }
    let neighbour = |l: &[u8]| {
        let (i, k) = key_start(l);
        i == indent && l[k..].len() >= 13 && l[k..k + 13].eq_ignore_ascii_case(b"authorization")
    };
    let mut up = start;
    while let Some(p) = up.checked_sub(1) {
        up = prefilter::line_start(block, p);
        let l = line_at(block, up);
        if l.trim_ascii().is_empty() || key_start(l).0 != indent {
            break;
        }
        if neighbour(l) {
            return true;
        }
    }
    let mut down = prefilter::line_end(block, start) + 1;
    while down < block.len() {
        let l = line_at(block, down);
        if l.trim_ascii().is_empty() || key_start(l).0 != indent {
            break;
        }
        if neighbour(l) {
            return true;
        }
        down = prefilter::line_end(block, down) + 1;
    }
    false
}

/// The line of `block` starting at `start`, without its line ending.
fn line_at(block: &[u8], start: usize) -> &[u8] {
    let l = &block[start..prefilter::line_end(block, start)];
    l.strip_suffix(b"\r").unwrap_or(l)
}

/// A line's indentation, and where a key written first on it starts: after the indentation,
/// a YAML `- `, a curl `-H `/`--header ` and an opening quote.
fn key_start(line: &[u8]) -> (usize, usize) {
    let indent = line
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t'))
        .count();
    let mut k = indent;
    for prefix in [&b"- "[..], b"-H ", b"--header ", b"-H\t", b"--header\t"] {
        if line[k..].starts_with(prefix) {
            k += prefix.len();
            k += line[k..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
        }
    }
    if matches!(line.get(k), Some(b'"' | b'\'' | b'`')) {
        k += 1;
    }
    (indent, k)
}

/// Every line of `block`: its start, its end (its newline or the block's end), its 1-based
/// number after `lines_before` lines, and whether the prefilter kept it (`candidates` are
/// sorted line starts). When the block is the whole file (`whole`), the lines end with the
/// last candidate line: the state the lines after it would set up (an open fence, a block
/// scalar) has no line left to read.
fn lines<'a>(
    block: &'a [u8],
    candidates: &'a [usize],
    lines_before: usize,
    whole: bool,
) -> impl Iterator<Item = (usize, usize, usize, bool)> + 'a {
    let mut next = candidates.iter().peekable();
    let mut start = 0;
    let mut line_no = lines_before;
    let until = match candidates.last() {
        _ if !whole => block.len(),
        Some(&last) => last + 1,
        None => 0,
    };
    std::iter::from_fn(move || {
        if start >= until {
            return None;
        }
        let end = prefilter::line_end(block, start);
        line_no += 1;
        let is_candidate = next.next_if(|&&c| c == start).is_some();
        let item = (start, end, line_no, is_candidate);
        start = end + 1;
        Some(item)
    })
}

/// An open YAML block scalar.
struct YamlBlock {
    /// The indentation of the line that opened it: content is indented further.
    indent: usize,
    /// The language of a code sample; `None` for Markdown.
    mode: Option<Mode>,
    /// A code sample with no `lang`: its first line decides its language.
    detect: bool,
    /// The open fenced block inside Markdown content.
    fence: Option<lang::Fence>,
}

/// The column, name and value text of a YAML mapping entry (`  - lang: Python` gives the
/// column of `lang`, `lang` and ` Python`); an empty name when the line is no entry.
fn yaml_key(line: &[u8]) -> (usize, &[u8], &[u8]) {
    let mut at = line.iter().take_while(|&&b| b == b' ').count();
    while line[at..].starts_with(b"- ") {
        at += 2;
        at += line[at..].iter().take_while(|&&b| b == b' ').count();
    }
    let rest = &line[at..];
    let (name, after) = match rest.first() {
        Some(&q @ (b'"' | b'\'')) => match memchr::memchr(q, &rest[1..]) {
            Some(e) => (&rest[1..1 + e], &rest[2 + e..]),
            None => return (at, &[], &[]),
        },
        _ => {
            let len = rest
                .iter()
                .take_while(|c| !matches!(c, b':' | b' ' | b'\t' | b'#'))
                .count();
            (&rest[..len], &rest[len..])
        }
    };
    match after.strip_prefix(b":") {
        Some(value) if value.is_empty() || matches!(value[0], b' ' | b'\t') => (at, name, value),
        _ => (at, &[], &[]),
    }
}

/// True when a YAML value opens a block scalar: `|`, `|-`, `>+`, `|2`, a comment after it.
fn block_indicator(value: &[u8]) -> bool {
    let v = value.trim_ascii();
    let v = match memchr::memchr(b'#', v) {
        Some(p) => v[..p].trim_ascii(),
        None => v,
    };
    matches!(v.first(), Some(b'|' | b'>'))
        && v[1..]
            .iter()
            .all(|b| matches!(b, b'-' | b'+' | b'0'..=b'9'))
}

/// Where the YAML block scalar whose content starts at `from` ends: the first non-blank line
/// indented no further than `indent`.
fn yaml_block_end(block: &[u8], from: usize, indent: usize) -> usize {
    first_line(block, from, |line| {
        let i = line.iter().take_while(|&&b| b == b' ').count();
        i <= indent && !line[i..].iter().all(u8::is_ascii_whitespace)
    })
}

/// The start of the first line of `block` from `from` on for which `ends` holds, or the
/// block's end.
fn first_line(block: &[u8], from: usize, ends: impl Fn(&[u8]) -> bool) -> usize {
    let mut at = from;
    while at < block.len() {
        let end = prefilter::line_end(block, at);
        if ends(&block[at..end]) {
            return at;
        }
        at = end + 1;
    }
    block.len()
}

/// A key whose block scalar is a shell script (`run: |` in CI, `script:`, `command:`).
fn shell_key(k: &[u8]) -> bool {
    [
        "run",
        "script",
        "scripts",
        "command",
        "commands",
        "cmd",
        "before_script",
        "after_script",
        "shell",
    ]
    .iter()
    .any(|c| k.eq_ignore_ascii_case(c.as_bytes()))
}

/// Where the fenced block holding the line at `from` ends: the next line that starts (after up
/// to three spaces) with three fence characters, or the end of the block.
fn fence_end(block: &[u8], from: usize, fence: u8) -> usize {
    first_line(block, from, |line| {
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        indent <= 3 && line[indent..].starts_with(&[fence; 3])
    })
}

/// The suppressions that apply to a line.
enum Allow {
    None,
    All,
    Codes(Vec<String>),
}

impl Allow {
    fn read(line: &[u8], prev: &[u8]) -> Allow {
        if memchr::memmem::find(line, b"pragma: allowlist secret").is_some()
            || memchr::memmem::find(prev, b"pragma: allowlist nextline secret").is_some()
        {
            return Allow::All;
        }
        const MARK: &[u8] = b"gcore-auth-lint: allow";
        // Every marker on the line counts (a string may hold one, a comment after it another).
        let mut codes = Vec::new();
        let mut from = 0;
        while let Some(at) = memchr::memmem::find(&line[from..], MARK) {
            let rest = &line[from + at + MARK.len()..];
            from += at + MARK.len();
            if rest.first() != Some(&b'(') {
                return Allow::All;
            }
            let close = memchr::memchr(b')', rest).unwrap_or(rest.len());
            codes.extend(
                String::from_utf8_lossy(&rest[1..close])
                    .split(',')
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty()),
            );
        }
        if codes.is_empty() && from == 0 {
            return Allow::None;
        }
        Allow::Codes(codes)
    }

    fn allows(&self, code: gcore_auth::Code) -> bool {
        match self {
            Allow::None => false,
            Allow::All => true,
            Allow::Codes(codes) => codes.iter().any(|c| c == code.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(path: &str, text: &str) -> Vec<(usize, &'static str)> {
        scan_bytes(path, text.as_bytes())
            .iter()
            .map(|f| (f.line, f.code.as_str()))
            .collect()
    }

    #[test]
    fn a_whole_file_is_walked_to_its_last_candidate_line_only() {
        let text = b"a\nb\nc\nd\n";
        let walked =
            |candidates: &[usize], whole| lines(text, candidates, 10, whole).collect::<Vec<_>>();
        assert_eq!(walked(&[2], true), [(0, 1, 11, false), (2, 3, 12, true)]);
        assert_eq!(walked(&[], true), []);
        // A block with more to come is walked to its end, for the state it leaves.
        assert_eq!(
            walked(&[2], false),
            [
                (0, 1, 11, false),
                (2, 3, 12, true),
                (4, 5, 13, false),
                (6, 7, 14, false)
            ]
        );
        // A candidate on the last line: every line is walked.
        assert_eq!(walked(&[6], true).len(), 4);
    }

    #[test]
    fn markdown_fences_choose_the_language() {
        let md = "# Title\n\nUse `Authorization: Bearer your-api-key`.\n\n```sh\ncurl -H \"Authorization: Bearer your-api-key\" https://api.gcore.com/iam/clients/me\n```\n\n```python\nh = {\"Authorization\": \"Bearer \" + os.environ[\"GCORE_API_KEY\"]}\n```\n";
        assert_eq!(
            codes("README.md", md),
            [
                (3, "scheme-bearer"),
                (3, "token-placeholder"),
                (6, "scheme-bearer"),
                (6, "token-placeholder"),
                (10, "scheme-bearer")
            ]
        );
    }

    #[test]
    fn yaml_block_scalars_are_read_as_what_they_hold() {
        // One line of the sample per string: a line of this file that holds a mistake on
        // purpose says so to the scanner.
        let yaml = [
            "x-codeSamples:",
            "- lang: Python",
            "  source: |-",
            "    key = os.environ.get(\"GCORE_API_KEY\")",
            "    h = {\"Authorization\": \"Bearer \" + key}",
            "steps:",
            "- script: |",
            "    curl -H 'Authorization: APIKey $GCORE_API_KEY' https://api.gcore.com/iam", // gcore-auth-lint: allow
            "description: |",
            "  Send Authorization: APIKey $GCORE_API_KEY in prose.",
            "  ```sh",
            "  curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/iam", // gcore-auth-lint: allow
            "  ```",
            "after: \"api_key=os.environ.get('GCORE_API_KEY')\"",
            "",
        ]
        .join("\n");
        let yaml = yaml.as_str();
        assert_eq!(
            codes("api.yaml", yaml),
            [
                (5, "scheme-bearer"),
                (8, "token-variable"),
                (12, "scheme-bearer")
            ]
        );
    }

    #[test]
    fn dotenv_values_are_the_rest_of_the_line() {
        // A `.env` file is used as written: its placeholder is an error, reported once.
        let env = "GCORE_API_KEY=APIKey 29841_c767...\nexport GCORE_TOKEN='29841$c767…'  # legacy\nGCORE_API_TOKEN=${GCORE_API_KEY}\n";
        assert_eq!(
            codes(".env", env),
            [(1, "token-includes-scheme"), (2, "token-placeholder")]
        );
    }

    #[test]
    fn suppressions() {
        let text = [
            "curl -H 'Authorization: Bearer $GCORE_API_KEY' # gcore-auth-lint: allow(token-variable)", // gcore-auth-lint: allow
            "curl -H 'Authorization: Bearer x' # gcore-auth-lint: allow",
            "# pragma: allowlist nextline secret",
            "curl -H 'Authorization: Token x'",
            "curl -H 'Authorization: Token x' # pragma: allowlist secret",
            "",
        ]
        .join("\n");
        let text = text.as_str();
        assert_eq!(codes("a.sh", text), [(1, "scheme-bearer")]);
    }
}
