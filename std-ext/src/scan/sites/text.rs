//! Text of unknown kind: a `.txt` file, a file with no extension, standard input, a Gherkin
//! feature, a literal block. Nothing says where code starts, so each line is read for what it
//! can be: a command (`curl`, `wget`, `http`, PowerShell's `Invoke-RestMethod`), a
//! `Name: value` header line, a token variable's assignment, a quoted name/value pair
//! (`header "Authorization" is "…"`, a `| Authorization | … |` table row), or prose with
//! inline code.

use super::super::language::lang::Mode;
use super::super::language::shell;
use super::super::language::vocab::Key;
use super::reader::Ctx;

/// Words that start a command sending an HTTP request.
pub(super) const COMMANDS: &[&[u8]] = &[b"curl", b"wget", b"http", b"https", b"xh", b"curlie"];

/// PowerShell's request commands: their `-Headers @{…}` is a map, read as code.
const POWERSHELL: &[&[u8]] = &[b"invoke-restmethod", b"invoke-webrequest", b"irm", b"iwr"];

impl Ctx<'_, '_, '_> {
    /// One line of text of unknown kind.
    pub(crate) fn text(&mut self) {
        if self.dotenv() {
            return;
        }
        let line = self.line;
        if let Some(at) = command_at(line, COMMANDS) {
            // The command runs from its first word on; what comes before it is prose.
            self.shellish = true;
            let words = shell::words_from(line, at);
            self.shell(&words);
            return;
        }
        if command_at(line, POWERSHELL).is_some() {
            self.keys();
            return;
        }
        if let Some(r) = header_at(line) {
            self.header_line(r, Mode::Text);
            return;
        }
        self.pairs();
        self.inline_code();
    }

    /// Quoted name/value pairs on one line: `header "Authorization" is "APIKey …"` (Gherkin
    /// steps), `set_header('Authorization', '…')` in a language not known, and table rows
    /// `| Authorization | APIKey … |`.
    fn pairs(&mut self) {
        let line = self.line;
        let trimmed = line.trim_ascii();
        if trimmed.starts_with(b"|") {
            let cells: Vec<(usize, usize)> = cells(line);
            for pair in cells.windows(2) {
                let (ns, ne) = pair[0];
                if matches!(
                    self.classify_header(&line[ns..ne]),
                    Some(Key::Header | Key::AltHeader)
                ) {
                    self.pair(ns..ne, pair[1].0..pair[1].1);
                }
            }
            return;
        }
        let quoted = quoted_strings(line);
        for (k, &(ns, ne)) in quoted.iter().enumerate() {
            if !matches!(
                self.classify_header(&line[ns..ne]),
                Some(Key::Header | Key::AltHeader)
            ) {
                continue;
            }
            // The value is the next quoted string, with only a few words between them.
            if let Some(&(vs, ve)) = quoted.get(k + 1) {
                let between = &line[ne + 1..vs - 1];
                let words = between
                    .split(u8::is_ascii_whitespace)
                    .filter(|w| !w.is_empty());
                if words.count() <= 3 && between.len() <= 24 {
                    self.pair(ns..ne, vs..ve);
                }
            }
        }
    }
}

/// Where a command of `commands` starts in `line`: a word that begins the line (after a prompt
/// such as `$ ` or `> `) or follows a space, a backtick or a quote, followed by a space.
fn command_at(line: &[u8], commands: &[&[u8]]) -> Option<usize> {
    let mut at = 0;
    while at < line.len() {
        let start = at;
        let len = line[at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
            .count();
        if len == 0 {
            at += 1;
            continue;
        }
        at += len;
        let word = &line[start..start + len];
        let before = start.checked_sub(1).map(|p| line[p]);
        let after = line.get(start + len);
        if matches!(
            before,
            None | Some(b' ' | b'\t' | b'`' | b'"' | b'\'' | b'$' | b'>' | b'!' | b'(')
        ) && matches!(after, Some(b' ' | b'\t'))
            && commands.iter().any(|c| word.eq_ignore_ascii_case(c))
        {
            return Some(start);
        }
    }
    None
}

/// The range of a `Name: value` header line in `line`: after indentation, a list bullet or a
/// quote marker, a name of letters, digits and `-`, a colon, and the value to the end of the
/// line (trailing whitespace left out).
fn header_at(line: &[u8]) -> Option<std::ops::Range<usize>> {
    let mut start = line
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    for marker in [&b"- "[..], b"* ", b"> ", b"+ "] {
        if line[start..].starts_with(marker) {
            start += marker.len();
        }
    }
    // HTTP header names are letters, digits and `-`; `API_KEY: …` is a setting, not a header.
    let name = line[start..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    if name == 0 || line.get(start + name) != Some(&b':') {
        return None;
    }
    let mut end = line.len();
    while end > start && matches!(line[end - 1], b' ' | b'\t' | b'\r') {
        end -= 1;
    }
    Some(start..end)
}

/// The inner ranges of the quoted strings of `line` (`"…"` or `'…'`, a backslash escaping the
/// next byte).
fn quoted_strings(line: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let q = line[i];
        if !matches!(q, b'"' | b'\'')
            || (q == b'\'' && i > 0 && line[i - 1].is_ascii_alphanumeric())
        {
            i += 1;
            continue;
        }
        let mut k = i + 1;
        while k < line.len() && line[k] != q {
            if line[k] == b'\\' {
                k += 1;
            }
            k += 1;
        }
        if k >= line.len() {
            break;
        }
        out.push((i + 1, k));
        i = k + 1;
    }
    out
}

/// The cells of a table row `| a | b |`, trimmed.
fn cells(line: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bars: Vec<usize> = memchr::memchr_iter(b'|', line).collect();
    for w in bars.windows(2) {
        let (mut s, mut e) = (w[0] + 1, w[1]);
        while s < e && matches!(line[s], b' ' | b'\t') {
            s += 1;
        }
        while e > s && matches!(line[e - 1], b' ' | b'\t') {
            e -= 1;
        }
        out.push((s, e));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_start_at_a_word() {
        assert_eq!(command_at(b"$ curl -H x", COMMANDS), Some(2));
        assert_eq!(command_at(b"Run `curl -H x`", COMMANDS), Some(5));
        assert_eq!(command_at(b"curling is a sport", COMMANDS), None);
        assert_eq!(command_at(b"the curl", COMMANDS), None);
        assert_eq!(command_at(b"libcurl -H", COMMANDS), None);
        assert_eq!(
            command_at(b"PS> Invoke-RestMethod -Uri x", POWERSHELL),
            Some(4)
        );
    }

    #[test]
    fn header_lines_pairs_and_cells() {
        assert_eq!(header_at(b"  Authorization: APIKey x \r"), Some(2..25));
        assert_eq!(header_at(b"- X-API-Key: x"), Some(2..14));
        assert_eq!(header_at(b"Note that Authorization: x"), None);
        assert_eq!(header_at(b": x"), None);
        assert_eq!(
            quoted_strings(br#"header "a" is 'b\'c' don't"#),
            vec![(8, 9), (15, 19)]
        );
        assert_eq!(cells(b"| a | b c |"), vec![(2, 3), (6, 9)]);
    }
}
