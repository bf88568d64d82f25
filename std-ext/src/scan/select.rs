//! Which codes a scan reports: `select` and `ignore` lists, and ignores per path (ruff's
//! `per-file-ignores`).

use std::collections::BTreeSet;
use std::path::Path;

use gcore_auth::Code;

use super::finding::Finding;
use super::source::filter::{BadGlob, PathFilter};

/// The codes reported. The default reports every code.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Only these codes, when set.
    select: Option<BTreeSet<Code>>,
    /// Never these.
    ignore: BTreeSet<Code>,
    /// These codes are not reported in the files a filter matches.
    per_file: Vec<(PathFilter, BTreeSet<Code>)>,
}

/// A code name that is not in the catalogue.
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownCode(pub String);

/// The codes named by `names`: catalogue codes, or `all`.
pub fn codes<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<BTreeSet<Code>, UnknownCode> {
    let mut out = BTreeSet::new();
    for n in names {
        let n = n.trim();
        if n.eq_ignore_ascii_case("all") {
            out.extend(Code::ALL.iter().copied());
            continue;
        }
        out.insert(
            Code::from_name(&n.to_ascii_lowercase()).ok_or_else(|| UnknownCode(n.to_owned()))?,
        );
    }
    Ok(out)
}

impl Selection {
    /// Reports only `codes` (replacing an earlier selection).
    pub fn select(mut self, codes: BTreeSet<Code>) -> Selection {
        self.select = Some(codes);
        self
    }

    /// Never reports `codes` (added to the codes ignored already).
    pub fn ignore(mut self, codes: BTreeSet<Code>) -> Selection {
        self.ignore.extend(codes);
        self
    }

    /// Does not report `codes` in the files `pattern` matches, relative to `base` (`cwd`
    /// being the folder shown paths are relative to).
    pub fn ignore_in(
        mut self,
        cwd: &Path,
        base: &Path,
        pattern: &str,
        codes: BTreeSet<Code>,
    ) -> Result<Selection, BadGlob> {
        let filter = PathFilter::new(cwd).exclude(base, [pattern])?;
        self.per_file.push((filter, codes));
        Ok(self)
    }

    /// True when the code `code` is reported in the file shown as `path`.
    pub fn allows(&self, code: Code, path: &str) -> bool {
        self.select.as_ref().is_none_or(|s| s.contains(&code))
            && !self.ignore.contains(&code)
            && !self
                .per_file
                .iter()
                .any(|(f, codes)| codes.contains(&code) && f.excluded(Path::new(path), false))
    }

    /// True when `finding` is reported.
    pub fn takes(&self, finding: &Finding) -> bool {
        self.allows(finding.code, &finding.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_ignore_and_per_file() {
        let sel = Selection::default()
            .select(codes(["scheme-bearer", "hardcoded-token", "scheme-case"]).unwrap())
            .ignore(codes(["scheme-case"]).unwrap())
            .ignore_in(
                Path::new("/repo"),
                Path::new("/repo"),
                "docs/**",
                codes(["hardcoded-token"]).unwrap(),
            )
            .unwrap();
        assert!(sel.allows(Code::SchemeBearer, "docs/a.md"));
        assert!(!sel.allows(Code::SchemeCase, "a.sh"));
        assert!(!sel.allows(Code::HardcodedToken, "docs/a.md"));
        assert!(sel.allows(Code::HardcodedToken, "src/a.sh"));
        assert!(!sel.allows(Code::TokenPlaceholder, "a.sh"));
        assert_eq!(
            codes(["scheme-bearer", "no-such-code"]),
            Err(UnknownCode("no-such-code".to_owned()))
        );
        assert_eq!(codes(["ALL"]).unwrap().len(), Code::ALL.len());
    }
}
