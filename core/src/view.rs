//! The input view: the characters pass, and the bytes the structure is read from.
//!
//! Control and non-ASCII characters are found first, on the raw bytes ([`scan`]). The
//! structure is then read from a view in which they stand for what they look like (a no-break
//! space for a space, a zero-width space for nothing, a smart quote for a quote) and the view
//! is cut at the first CR or LF, so one pasted character gives one diagnosis rather than a
//! cascade. Every position in the view maps back to a byte of the input.
//!
//! An input that needs no cleaning is read in place. Only one that does is copied, into a
//! [`Cleaned`] buffer that its caller puts on the stack for that case alone. The buffer is
//! small ([`VIEW_CAP`] bytes) so that the whole check fits in 2 KiB of stack: a longer input is
//! read raw, its characters still diagnosed one by one.

use crate::base::Span;
use crate::unicode::{Char, Stands, next_char, stands_for};

/// Inputs up to this many bytes get a cleaned view; longer ones are read raw. A header line
/// with a permanent token is about 160 bytes.
pub(crate) const VIEW_CAP: usize = 256;
/// Edits a cleaned view can hold.
const MAX_EDITS: usize = 32;

/// A control or non-ASCII character found by [`scan`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found {
    /// Its bytes in the input.
    pub(crate) span: Span,
    /// A control character (else a non-ASCII character or an invalid byte).
    pub(crate) control: bool,
    /// Only line endings follow it.
    pub(crate) trailing: bool,
}

/// What [`scan`] learned of the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scan {
    /// Where the view ends: the first CR or LF, else the input's end.
    pub(crate) cut: usize,
    /// A character before the cut stands for something else: the view must be cleaned.
    pub(crate) needs_cleaning: bool,
}

/// Finds every control and non-ASCII character of `raw`, in order, and where the view ends.
/// The first `known` bytes are known to be printable ASCII already.
pub(crate) fn scan(raw: &[u8], known: usize, mut on: impl FnMut(Found)) -> Scan {
    let mut cut = raw.len();
    let mut needs_cleaning = false;
    let mut i = known.min(raw.len());
    while i < raw.len() {
        // Fast skip over printable ASCII, eight bytes at a time.
        i += crate::class::printable_run(&raw[i..]);
        let Some(&b) = raw.get(i) else { break };
        if b == b'\t' {
            i += 1;
            continue;
        }
        let n = next_char(&raw[i..]).map_or(1, |(_, n)| n);
        if (b == b'\r' || b == b'\n') && cut == raw.len() {
            cut = i;
        }
        if i < cut {
            needs_cleaning = true;
        }
        let control = b < 0x80;
        let trailing = control && raw[i..].iter().all(|&b| b == b'\r' || b == b'\n');
        on(Found {
            span: Span::new(i, i + n),
            control,
            trailing,
        });
        i += n;
    }
    Scan {
        cut,
        needs_cleaning,
    }
}

/// The cleaned copy of an input of at most [`VIEW_CAP`] bytes, with the anchors that map its
/// positions back to the input.
pub(crate) struct Cleaned {
    buf: heapless::Vec<u8, VIEW_CAP>,
    /// `(view position, input position)` from which positions advance together.
    anchors: heapless::Vec<(u16, u16), MAX_EDITS>,
}

impl Cleaned {
    pub(crate) const fn new() -> Cleaned {
        Cleaned {
            buf: heapless::Vec::new(),
            anchors: heapless::Vec::new(),
        }
    }

    /// Cleans `raw` (already cut, at most [`VIEW_CAP`] bytes); `None` when it does not fit.
    pub(crate) fn clean(&mut self, raw: &[u8]) -> Option<()> {
        self.anchors.push((0, 0)).ok()?;
        let mut i = 0;
        while i < raw.len() {
            // Printable ASCII is copied a run at a time.
            let run = crate::class::printable_run(&raw[i..]);
            if run > 0 {
                self.buf.extend_from_slice(&raw[i..i + run]).ok()?;
                i += run;
                continue;
            }
            let b = raw[i];
            if b == b'\t' {
                self.buf.push(b).ok()?;
                i += 1;
                continue;
            }
            let (c, n) = next_char(&raw[i..])?;
            let stands = match c {
                Char::Valid(c) if b >= 0x80 => stands_for(c),
                Char::Valid(_) => Stands::Nothing, // a control byte
                Char::Invalid(_) => Stands::Itself,
            };
            match stands {
                Stands::Space => self.buf.push(b' ').ok()?,
                Stands::Nothing => {}
                Stands::Quote(q) => self.buf.push(q).ok()?,
                Stands::Dash => self.buf.push(b'-').ok()?,
                Stands::Ellipsis => self.buf.extend_from_slice(b"...").ok()?,
                Stands::Itself => self.buf.extend_from_slice(&raw[i..i + n]).ok()?,
            }
            i += n;
            // Both fit in u16: the view and the input are at most VIEW_CAP bytes.
            self.anchors.push((self.buf.len() as u16, i as u16)).ok()?;
        }
        Some(())
    }
}

/// The bytes the structure is read from, and the way back to the input.
#[derive(Clone, Copy)]
pub(crate) struct View<'v> {
    raw: &'v [u8],
    cut: usize,
    cleaned: Option<&'v Cleaned>,
}

impl<'v> View<'v> {
    /// `raw` as it is, up to `cut`.
    pub(crate) fn raw(raw: &'v [u8], cut: usize) -> View<'v> {
        View {
            raw,
            cut,
            cleaned: None,
        }
    }

    /// The cleaned copy of `raw`.
    pub(crate) fn cleaned(raw: &'v [u8], cleaned: &'v Cleaned) -> View<'v> {
        View {
            raw,
            cut: raw.len(),
            cleaned: Some(cleaned),
        }
    }

    /// True when the view is the input itself, whole (not cleaned, not cut).
    pub(crate) fn is_input(&self) -> bool {
        self.cleaned.is_none() && self.cut == self.raw.len()
    }

    /// The bytes the structure is read from.
    pub(crate) fn bytes(&self) -> &'v [u8] {
        match self.cleaned {
            Some(c) => &c.buf,
            None => &self.raw[..self.cut],
        }
    }

    /// The input position of a view position.
    pub(crate) fn map(&self, pos: usize) -> usize {
        let Some(c) = self.cleaned else {
            return pos;
        };
        let k = c.anchors.partition_point(|&(v, _)| usize::from(v) <= pos);
        let (v, r) = c.anchors[k.saturating_sub(1)];
        (usize::from(r) + (pos - usize::from(v))).min(self.raw.len())
    }

    /// The input span of a view span, widened to the boundaries of the valid characters it
    /// cuts (an invalid byte is a character of its own, whatever its bits).
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let s = self.map(start);
        let e = self.map(end).max(s);
        let s = char_around(self.raw, s).map_or(s, |(at, _)| at);
        let e = char_around(self.raw, e).map_or(e, |(at, n)| at + n);
        Span::new(s, e)
    }
}

/// The valid character that byte `at` of `raw` is inside of (not at its start): its start and
/// length.
fn char_around(raw: &[u8], at: usize) -> Option<(usize, usize)> {
    if raw.get(at)? & 0xC0 != 0x80 {
        return None;
    }
    let lead = (at.saturating_sub(3)..at)
        .rev()
        .find(|&i| raw[i] & 0xC0 != 0x80)?;
    match next_char(&raw[lead..])? {
        (Char::Valid(_), n) if lead + n > at => Some((lead, n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    fn found(raw: &[u8], known: usize) -> (Vec<(usize, usize, bool, bool)>, Scan) {
        let mut all = Vec::new();
        let scan = scan(raw, known, |f| {
            all.push((f.span.start, f.span.end, f.control, f.trailing))
        });
        (all, scan)
    }

    /// Each control and non-ASCII character is found once, in order, with its bytes; the
    /// view ends at the first line ending; only a character before it asks for cleaning.
    #[test]
    fn the_characters_pass() {
        let (all, s) = found(b"a\tb\x01c\xe2\x80\x8bd\x80e\r\n", 0);
        assert_eq!(
            all,
            [
                (3, 4, true, false),
                (5, 8, false, false),
                (9, 10, false, false),
                (11, 12, true, true),
                (12, 13, true, true),
            ]
        );
        assert_eq!((s.cut, s.needs_cleaning), (11, true));

        // A line ending alone: the view is cut there, and nothing before it needs cleaning.
        let (all, s) = found(b"APIKey 1_ab\n", 0);
        assert_eq!(all, [(11, 12, true, true)]);
        assert_eq!((s.cut, s.needs_cleaning), (11, false));

        // A line ending with text after it is not trailing; the first one cuts the view.
        let (all, s) = found(b"a\nb\rc", 0);
        assert_eq!(all, [(1, 2, true, false), (3, 4, true, false)]);
        assert_eq!((s.cut, s.needs_cleaning), (1, false));

        // What is known to be printable is not read again.
        let (all, s) = found(b"\x01bc\x02", 3);
        assert_eq!(all, [(3, 4, true, false)]);
        assert_eq!((s.cut, s.needs_cleaning), (4, true));
        let (all, _) = found(b"abc", 9);
        assert!(all.is_empty());
    }
}
