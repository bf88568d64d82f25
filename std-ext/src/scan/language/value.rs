//! A header line, value or token as a program would send it, rebuilt from source text: its
//! literal bytes, the variables it is built from, and where each byte came from in the line.

use std::ops::Range;

use super::token::find_ci;

/// One byte of a rebuilt value: the source bytes it came from, and whether it stands for a
/// variable.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Src {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) var: bool,
}

/// A variable in a rebuilt value.
#[derive(Clone, Debug)]
pub(crate) struct Var {
    /// Where the stand-in `${NAME}` sits in the rebuilt bytes.
    pub(crate) at: Range<usize>,
    /// True when the name reads like a permanent token's (`gcore_auth::permanent_name`).
    pub(crate) permanent: bool,
    /// True when the name is a Gcore one (`GCORE_API_KEY`, `gcore_token`).
    pub(crate) gcore: bool,
}

/// A `$`-format token that a shell cuts at the `$` (`29841$c767…` in double quotes).
#[derive(Clone, Debug)]
pub(crate) struct DollarCut {
    /// The token in the line, from its id to the end of the expanded name.
    pub(crate) src: Range<usize>,
    /// What the shell leaves of it: the id and anything after the expanded name.
    pub(crate) received: Vec<u8>,
    /// The length of the id.
    pub(crate) id_len: usize,
    /// The expanded name (the secret, or its first part), for the message.
    pub(crate) name: Range<usize>,
    /// Inside double quotes (else unquoted).
    pub(crate) double_quoted: bool,
}

/// A value rebuilt from source: literal bytes as the program would send them, each variable
/// replaced by `${NAME}` so the core recognises it as a reference.
#[derive(Clone, Debug, Default)]
pub(crate) struct Value {
    pub(crate) bytes: Vec<u8>,
    pub(crate) map: Vec<Src>,
    pub(crate) vars: Vec<Var>,
    pub(crate) cuts: Vec<DollarCut>,
}

impl Value {
    pub(crate) fn new() -> Value {
        Value::default()
    }

    /// The same value read from a line that starts `by` bytes earlier: every source range
    /// moves on by `by`.
    pub(crate) fn shift(&mut self, by: usize) {
        for s in &mut self.map {
            s.start += by;
            s.end += by;
        }
        for c in &mut self.cuts {
            c.src = c.src.start + by..c.src.end + by;
            c.name = c.name.start + by..c.name.end + by;
        }
    }

    /// A literal byte from source bytes `src`.
    pub(crate) fn lit(&mut self, b: u8, src: Range<usize>) {
        self.bytes.push(b);
        self.map.push(Src {
            start: src.start,
            end: src.end,
            var: false,
        });
    }

    /// Literal bytes copied one for one from the line, starting at `at`.
    pub(crate) fn lits(&mut self, bytes: &[u8], at: usize) {
        self.bytes.extend_from_slice(bytes);
        self.map.extend((at..at + bytes.len()).map(|i| Src {
            start: i,
            end: i + 1,
            var: false,
        }));
    }

    /// Literal bytes that all come from source bytes `src` (an escape, a synthetic separator).
    pub(crate) fn lits_from(&mut self, bytes: &[u8], src: Range<usize>) {
        for &b in bytes {
            self.lit(b, src.clone());
        }
    }

    /// A variable whose source text is `name_text` at `src`. It stands in the rebuilt value
    /// as a reference the core recognises: `${GCORE_API_KEY}` when the name reads like a
    /// permanent token's, `${V<n>}` otherwise.
    pub(crate) fn var(&mut self, name_text: &[u8], src: Range<usize>) {
        // A name the configuration adds holds a permanent token, and ties the value to Gcore.
        let added = super::extra::token_variable(trim_reference(name_text));
        let permanent = added || gcore_auth::permanent_name(trim_reference(name_text));
        let gcore = added
            || gcore_auth::TOKEN_VARIABLES
                .iter()
                .any(|v| find_ci(name_text, v.to_ascii_lowercase().as_bytes()).is_some())
            || find_ci(name_text, b"gcore").is_some()
            || find_ci(name_text, b"gcloud").is_some();
        self.var_as(src, permanent, gcore);
    }

    /// A variable at `src` whose permanence and tie to Gcore are known.
    fn var_as(&mut self, src: Range<usize>, permanent: bool, gcore: bool) {
        let start = self.bytes.len();
        let stand = if permanent {
            match self.vars.iter().filter(|v| v.permanent).count() {
                0 => "${GCORE_API_KEY}".to_owned(),
                n => format!("${{GCORE_API_KEY_{n}}}"),
            }
        } else {
            format!("${{V{}}}", self.vars.len())
        };
        for &b in stand.as_bytes() {
            self.bytes.push(b);
            self.map.push(Src {
                start: src.start,
                end: src.end,
                var: true,
            });
        }
        self.vars.push(Var {
            at: start..self.bytes.len(),
            permanent,
            gcore,
        });
    }

    /// The same value with each variable that `holds` names (by its source text in `line`)
    /// marked as holding a Gcore permanent token: value tracking within a file.
    pub(crate) fn retag(&self, line: &[u8], holds: impl Fn(&[u8]) -> bool) -> Value {
        let mut out = Value::new();
        let mut k = 0;
        for var in &self.vars {
            while k < var.at.start {
                let m = self.map[k];
                out.bytes.push(self.bytes[k]);
                out.map.push(m);
                k += 1;
            }
            let src = self.map[var.at.start];
            let text = line.get(src.start..src.end).unwrap_or_default();
            let tracked = holds(text);
            out.var_as(
                src.start..src.end,
                var.permanent || tracked,
                var.gcore || tracked,
            );
            k = var.at.end;
        }
        while k < self.bytes.len() {
            out.bytes.push(self.bytes[k]);
            out.map.push(self.map[k]);
            k += 1;
        }
        out.cuts = self.cuts.clone();
        out
    }

    /// The literal bytes only (variables left out), for reading what the text itself says.
    pub(crate) fn literal(&self) -> Vec<u8> {
        self.bytes
            .iter()
            .zip(&self.map)
            .filter(|(_, s)| !s.var)
            .map(|(&b, _)| b)
            .collect()
    }

    /// True when nothing was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The value up to rebuilt byte `to`.
    pub(crate) fn head(&self, to: usize) -> Value {
        let to = to.min(self.bytes.len());
        let mut v = self.clone();
        v.bytes.truncate(to);
        v.map.truncate(to);
        v.vars.retain(|x| x.at.end <= to);
        let hi = v.map.last().map_or(0, |s| s.end);
        v.cuts.retain(|c| c.src.end <= hi);
        v
    }

    /// The part of the value from rebuilt byte `from` on.
    pub(crate) fn tail(&self, from: usize) -> Value {
        let mut v = Value::new();
        if from >= self.bytes.len() {
            return v;
        }
        v.bytes = self.bytes[from..].to_vec();
        v.map = self.map[from..].to_vec();
        v.vars = self
            .vars
            .iter()
            .filter(|x| x.at.start >= from)
            .map(|x| Var {
                at: x.at.start - from..x.at.end - from,
                permanent: x.permanent,
                gcore: x.gcore,
            })
            .collect();
        let lo = v.map[0].start;
        v.cuts = self
            .cuts
            .iter()
            .filter(|c| c.src.start >= lo)
            .cloned()
            .collect();
        v
    }

    /// The source range of rebuilt bytes `r` (an empty range points at the source byte).
    pub(crate) fn map_span(&self, r: Range<usize>) -> Range<usize> {
        if self.map.is_empty() {
            return 0..0;
        }
        let last = self.map.len() - 1;
        let s = self.map[r.start.min(last)];
        if r.start > last {
            return s.end..s.end;
        }
        if r.end <= r.start {
            return s.start..s.start;
        }
        let e = self.map[(r.end - 1).min(last)];
        s.start..e.end.max(s.start)
    }

    /// True when rebuilt bytes `r` are all inside variables.
    pub(crate) fn all_var(&self, r: Range<usize>) -> bool {
        r.start < r.end && r.end <= self.map.len() && self.map[r.start..r.end].iter().all(|s| s.var)
    }

    /// True when rebuilt bytes `r` touch a variable.
    pub(crate) fn any_var(&self, r: Range<usize>) -> bool {
        let end = r.end.min(self.map.len());
        r.start < end && self.map[r.start..end].iter().any(|s| s.var)
    }

    /// The variable covering rebuilt bytes `r`, if one does.
    pub(crate) fn var_at(&self, r: Range<usize>) -> Option<&Var> {
        self.vars
            .iter()
            .find(|v| v.at.start <= r.start && r.end <= v.at.end && r.start < r.end)
    }
}

/// The name inside a reference: `${X}`, `{{ X }}`, `$(X)`, `{X}`, `$X` give `X`.
pub(crate) fn trim_reference(text: &[u8]) -> &[u8] {
    let mut t = text;
    while let [b'$' | b'{' | b'(' | b'#' | b'`' | b' ', rest @ ..] = t {
        t = rest;
    }
    while let [rest @ .., b'}' | b')' | b'`' | b' '] = t {
        t = rest;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_literals_and_variables() {
        let mut v = Value::new();
        v.lits(b"Bearer ", 10);
        v.var(b"os.environ[\"GCORE_API_KEY\"]", 17..44);
        assert_eq!(v.bytes, b"Bearer ${GCORE_API_KEY}");
        assert_eq!(trim_reference(b"${{ secrets.K }}"), b"secrets.K");
        assert_eq!(trim_reference(b"$(cat f)"), b"cat f");
        assert!(v.vars[0].permanent);
        assert_eq!(v.map_span(0..6), 10..16);
        assert_eq!(v.map_span(7..v.bytes.len()), 17..44);
        v.var(b"$token", 44..50);
        v.var(b"self.api_key", 50..62);
        assert_eq!(v.bytes, b"Bearer ${GCORE_API_KEY}${V1}${GCORE_API_KEY_1}");
        assert!(v.all_var(7..9));
        assert!(!v.all_var(6..9));
        assert_eq!(v.tail(23).vars.len(), 2);
    }
}
