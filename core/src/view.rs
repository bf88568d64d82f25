//! The characters pass, and the "view" of the input that the structure is read from.
//!
//! Control and non-ASCII characters are diagnosed first, on the raw bytes. The structure is
//! then read from a view in which they stand for what they look like (a no-break space for a
//! space, a zero-width space for nothing, a smart quote for a quote) and the view is cut at the
//! first CR or LF, so one pasted character gives one diagnosis rather than a cascade. Every
//! position in the view maps back to a byte of the input.

use crate::code::Code;
use crate::detail::Detail;
use crate::redact::Char;
use crate::report::{Report, Span};
use crate::unicode::{Stands, next_char, stands_for};

/// Inputs up to this many bytes get a cleaned view; longer ones are read raw.
const VIEW_CAP: usize = 1024;
/// Edits a cleaned view can hold.
const MAX_EDITS: usize = 48;
/// Diagnoses of one character code kept per input.
const MAX_CHAR_DIAGNOSES: usize = 4;

pub(crate) struct View<'a> {
    raw: &'a [u8],
    buf: heapless::Vec<u8, VIEW_CAP>,
    cleaned: bool,
    cut: usize,
    /// `(view position, input position)` from which positions advance together.
    anchors: heapless::Vec<(usize, usize), MAX_EDITS>,
}

impl<'a> View<'a> {
    /// A view of `raw` as it is; [`View::scan`] diagnoses its characters and cleans it.
    pub(crate) fn new(raw: &'a [u8]) -> View<'a> {
        View {
            raw,
            buf: heapless::Vec::new(),
            cleaned: false,
            cut: raw.len(),
            anchors: heapless::Vec::new(),
        }
    }

    /// Diagnoses control and non-ASCII characters of the input and cleans the view. Built in
    /// place, as the view is large (it holds the cleaned copy).
    pub(crate) fn scan(&mut self, report: &mut Report<'a>) {
        let raw = self.raw;
        let mut cut = raw.len();
        let mut needs_cleaning = false;
        let mut controls = 0;
        let mut non_ascii = 0;
        let mut i = 0;
        while i < raw.len() {
            // Fast skip over printable ASCII, eight bytes at a time.
            i += crate::class::printable_run(&raw[i..]);
            let Some(&b) = raw.get(i) else { break };
            if b == b'\t' {
                i += 1;
                continue;
            }
            let (c, n) = next_char(&raw[i..]).unwrap_or((Char::Invalid(b), 1));
            if b < 0x80 {
                if (b == b'\r' || b == b'\n') && cut == raw.len() {
                    cut = i;
                }
                if i < cut {
                    needs_cleaning = true;
                }
                controls += 1;
                if controls <= MAX_CHAR_DIAGNOSES {
                    let trailing = raw[i..].iter().all(|&b| b == b'\r' || b == b'\n');
                    report.push_code(
                        Code::ControlCharacter,
                        Span::new(i, i + 1),
                        Detail::Char {
                            c,
                            offset: i,
                            trailing,
                        },
                    );
                } else {
                    report.dropped += 1;
                }
            } else {
                if i < cut {
                    needs_cleaning = true;
                }
                non_ascii += 1;
                if non_ascii <= MAX_CHAR_DIAGNOSES {
                    report.push_code(
                        Code::NonAscii,
                        Span::new(i, i + n),
                        Detail::Char {
                            c,
                            offset: i,
                            trailing: false,
                        },
                    );
                } else {
                    report.dropped += 1;
                }
            }
            i += n;
        }
        self.cut = cut;
        if needs_cleaning && cut <= VIEW_CAP {
            self.cleaned = self.clean().is_some();
            if !self.cleaned {
                self.buf.clear();
                self.anchors.clear();
            }
        }
    }

    fn clean(&mut self) -> Option<()> {
        let raw = &self.raw[..self.cut];
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
            self.anchors.push((self.buf.len(), i)).ok()?;
        }
        Some(())
    }

    /// The bytes the structure is read from.
    pub(crate) fn bytes(&self) -> &[u8] {
        if self.cleaned {
            &self.buf
        } else {
            &self.raw[..self.cut]
        }
    }

    /// The input position of a view position.
    pub(crate) fn map(&self, pos: usize) -> usize {
        if !self.cleaned {
            return pos;
        }
        let k = self.anchors.partition_point(|&(v, _)| v <= pos);
        let (v, r) = self.anchors[k.saturating_sub(1)];
        (r + (pos - v)).min(self.raw.len())
    }

    /// The input span of a view span, widened to character boundaries.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let mut s = self.map(start);
        let mut e = self.map(end).max(s);
        while s > 0 && s < self.raw.len() && self.raw[s] & 0xC0 == 0x80 {
            s -= 1;
        }
        while e < self.raw.len() && e > 0 && self.raw[e] & 0xC0 == 0x80 {
            e += 1;
        }
        Span::new(s, e)
    }

    /// The input bytes of a view span.
    pub(crate) fn raw(&self, start: usize, end: usize) -> &'a [u8] {
        let s = self.span(start, end);
        &self.raw[s.start..s.end]
    }
}
