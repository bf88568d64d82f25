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
        let block = self.around.block();
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
        let Some(vstart) =
            pairs::sibling_value(block, at + ne + usize::from(quoted), key.start, self.mode)
        else {
            return;
        };
        // A header list: the container above the pair's object is held by a `header…` key.
        // The request: the container holding the list, or the list's own holder in YAML.
        let level = if self.mode == Mode::Yaml && !line.contains(&b'{') {
            1
        } else {
            2
        };
        let up = pairs::ancestors(block, at + key.start, self.mode, 4, level);
        let list = if self.mode == Mode::Yaml && !line.contains(&b'{') {
            up.first()
        } else {
            up.get(1)
        };
        if !list.is_some_and(|(k, _)| {
            super::super::language::token::find_ci(&block[k.clone()], b"header").is_some()
        }) {
            return;
        }
        let mut v = Value::new();
        v.lits(&line[ns..ne], at + ns);
        v.lits_from(b": ", at + ne..at + ne);
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
