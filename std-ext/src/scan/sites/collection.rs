//! Headers written as name/value pairs in a list: API-client collections (Postman's `header`
//! arrays of `{"key", "value"}`, Insomnia's and Hoppscotch's `headers`), Kubernetes
//! `httpHeaders` of `name:`/`value:` items. The request that holds the list gives the
//! destination.

use std::ops::Range;

use super::super::diagnose::{Check, LineOut, Site};
use super::super::judge;
use super::super::language::expr::{config_value, skip_ws};
use super::super::language::lang::Mode;
use super::super::language::pairs;
use super::super::language::value::Value;
use super::super::language::vocab::Key;
use super::reader::Ctx;

impl Ctx<'_, '_, '_> {
    /// The pair whose name key (`key`, `name`) is at `key` in the line.
    pub(crate) fn header_pair(&mut self, key: Range<usize>) {
        let line = self.line;
        let at = self.around.line_range().start;
        // The name: the key's string value.
        let mut i = key.end;
        if matches!(line.get(i), Some(b'"' | b'\'')) {
            i += 1;
        }
        i = skip_ws(line, i);
        if line.get(i) != Some(&b':') {
            return;
        }
        i = skip_ws(line, i + 1);
        let quoted = matches!(line.get(i), Some(b'"' | b'\''));
        let (ns, ne) = match line.get(i) {
            Some(&q @ (b'"' | b'\'')) => match memchr::memchr(q, &line[i + 1..]) {
                Some(e) => (i + 1, i + 1 + e),
                None => return,
            },
            _ => {
                let len = line[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
                    .count();
                (i, i + len)
            }
        };
        if !matches!(
            self.classify_header(&line[ns..ne]),
            Some(Key::Header | Key::AltHeader)
        ) {
            return;
        }
        self.pair_at(at + key.start, at + ns..at + ne, quoted, key.start);
    }

    /// A Postman bearer auth whose `"bearer": [` list opens on this line at `open`: its
    /// `{"key": "token", "value": …}` entry, wherever it stands, is the request's
    /// `Authorization: Bearer` header.
    pub(crate) fn bearer_auth(&mut self, open: usize) {
        let block = self.around.block();
        let from = self.around.line_range().start + open;
        let end = block.len().min(from + 2048);
        let mut at = from;
        while let Some(p) = memchr::memmem::find(&block[at..end], b"\"key\"") {
            let k = at + p;
            at = k + 5;
            let mut i = skip_ws(block, k + 5);
            if block.get(i) != Some(&b':') {
                continue;
            }
            i = skip_ws(block, i + 1);
            while i < end && matches!(block[i], b'\n' | b'\r' | b' ' | b'\t') {
                i += 1;
            }
            if block[i..end].starts_with(b"\"token\"") {
                let col = k - memchr::memrchr(b'\n', &block[..k]).map_or(0, |q| q + 1);
                self.pair_at(k + 1, i + 1..i + 6, true, col);
                return;
            }
        }
    }

    /// The pair whose name key starts at `key_pos` and whose name is `name` (bytes of the
    /// block; `quoted` when in quotes), the key at column `key_col` of its line.
    fn pair_at(&mut self, key_pos: usize, name: Range<usize>, quoted: bool, key_col: usize) {
        let block = self.around.block();
        let line_has_brace = {
            let s = memchr::memrchr(b'\n', &block[..key_pos]).map_or(0, |q| q + 1);
            let e = memchr::memchr(b'\n', &block[key_pos..]).map_or(block.len(), |q| key_pos + q);
            block[s..e].contains(&b'{')
        };
        let Some(vstart) =
            pairs::sibling_value(block, name.end + usize::from(quoted), key_col, self.mode)
        else {
            return;
        };
        // A header list: the container above the pair's object is held by a `header…` key;
        // the request is the container holding the list (the list's own holder in YAML). A
        // Postman bearer auth (`"auth": {"bearer": [{"key": "token", "value": …}]}`) is an
        // `Authorization: Bearer` header of the request holding the `auth`.
        let yaml_block = self.mode == Mode::Yaml && !line_has_brace;
        let list_level = if yaml_block { 0 } else { 1 };
        let shape = pairs::ancestors(block, key_pos, self.mode, 4, usize::MAX);
        let list_key = shape.get(list_level).map(|(k, _)| &block[k.clone()]);
        let bearer = !yaml_block
            && list_key.is_some_and(|k| k.eq_ignore_ascii_case(b"bearer"))
            && block[name.clone()].eq_ignore_ascii_case(b"token")
            && shape
                .get(2)
                .is_some_and(|(k, _)| block[k.clone()].eq_ignore_ascii_case(b"auth"));
        if !bearer
            && list_key
                .is_none_or(|k| super::super::language::token::find_ci(k, b"header").is_none())
        {
            return;
        }
        let level = list_level + 1 + usize::from(bearer);
        let up = pairs::ancestors(block, key_pos, self.mode, 4, level);
        let mut v = Value::new();
        if bearer {
            v.lits_from(b"Authorization: Bearer ", vstart..vstart);
        } else {
            v.lits(&block[name.clone()], name.start);
            v.lits_from(b": ", name.end..name.end);
        }
        // The value ends with its line.
        let vline = memchr::memchr(b'\n', &block[vstart..]).map_or(block.len(), |p| vstart + p);
        let vline = if block[..vline].ends_with(b"\r") {
            vline - 1
        } else {
            vline
        };
        if config_value(&block[..vline], vstart, self.mode, &mut v).is_none() {
            return;
        }
        let forwarded = up
            .iter()
            .any(|(k, _)| judge::forwarded_key(&block[k.clone()]));
        let request = up
            .get(level)
            .map_or(&block[0..0], |(_, r)| &block[r.clone()]);
        if !judge::pair_bound(self.around, request, forwarded, &v) {
            return;
        }
        let site = Site {
            line: block,
            mode: self.mode,
            placeholders_fine: self.placeholders_fine,
            shellish: false,
            tracked: self.around.tracked,
        };
        let mut out = LineOut::default();
        site.check(&v, Check::Line, &mut out);
        for hit in out.hits {
            self.out.elsewhere.push((hit, out.hide.clone()));
        }
    }
}
