//! Which paths a scan leaves out by name: `exclude` globs (from a configuration file or
//! `--exclude`) and ripgrep-style `--glob` patterns.
//!
//! A pattern is matched against the path relative to the folder it belongs to (the
//! configuration file's folder, or the current folder for a flag), gitignore-style: a pattern
//! without `/` matches a file or folder name at any depth (`*.lock`, `fixtures`), one with `/`
//! matches from that folder down (`docs/legacy/**`, `/build`). A folder that matches is not
//! entered.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// Globs that belong to one folder.
#[derive(Clone, Debug)]
struct Rooted {
    base: PathBuf,
    set: GlobSet,
}

impl Rooted {
    fn matches(&self, abs: &Path) -> bool {
        match abs.strip_prefix(&self.base) {
            Ok(rel) if !rel.as_os_str().is_empty() => self.set.is_match(rel),
            _ => false,
        }
    }
}

/// The path filter of a scan. The default leaves nothing out.
#[derive(Clone, Debug, Default)]
pub struct PathFilter {
    exclude: Vec<Rooted>,
    /// `--glob` patterns without `!`: when there are any, a file is read only if one matches.
    include: Vec<Rooted>,
    /// The current folder, which relative paths are joined to.
    cwd: PathBuf,
}

/// A glob pattern that could not be read.
#[derive(Debug)]
pub struct BadGlob {
    /// The pattern.
    pub pattern: String,
    /// Why.
    pub message: String,
}

fn glob(pattern: &str) -> Result<Glob, BadGlob> {
    let p = pattern.strip_suffix('/').unwrap_or(pattern);
    let anchored = p.strip_prefix('/');
    let p = match anchored {
        Some(rest) => rest.to_owned(),
        None if p.contains('/') => p.to_owned(),
        None => format!("**/{p}"),
    };
    GlobBuilder::new(&p)
        .literal_separator(true)
        .build()
        .map_err(|e| BadGlob {
            pattern: pattern.to_owned(),
            message: e.kind().to_string(),
        })
}

fn set<'a>(base: &Path, patterns: impl Iterator<Item = &'a str>) -> Result<Rooted, BadGlob> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(glob(p)?);
        // A folder pattern also covers what is inside it (a name at any depth too).
        let trimmed = p.trim_end_matches('/');
        let inner = if trimmed.contains('/') {
            format!("{trimmed}/**")
        } else {
            format!("**/{trimmed}/**")
        };
        b.add(glob(&inner)?);
    }
    Ok(Rooted {
        base: base.to_path_buf(),
        set: b.build().map_err(|e| BadGlob {
            pattern: String::new(),
            message: e.to_string(),
        })?,
    })
}

/// `path` joined to `cwd` when relative, with `.` and `..` resolved by name.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

impl PathFilter {
    /// A filter that leaves nothing out, for paths relative to `cwd`.
    pub fn new(cwd: &Path) -> PathFilter {
        PathFilter {
            cwd: absolute(Path::new("/"), cwd),
            ..PathFilter::default()
        }
    }

    /// Also leaves out what `patterns` match, relative to `base`.
    pub fn exclude<'a>(
        mut self,
        base: &Path,
        patterns: impl IntoIterator<Item = &'a str>,
    ) -> Result<PathFilter, BadGlob> {
        let base = absolute(&self.cwd, base);
        let patterns: Vec<&str> = patterns.into_iter().collect();
        if !patterns.is_empty() {
            self.exclude.push(set(&base, patterns.into_iter())?);
        }
        Ok(self)
    }

    /// ripgrep's `--glob`: a pattern includes what it matches (then only what some such
    /// pattern matches is read), `!pattern` excludes it; relative to the current folder.
    pub fn globs<'a>(
        mut self,
        patterns: impl IntoIterator<Item = &'a str>,
    ) -> Result<PathFilter, BadGlob> {
        let (not, yes): (Vec<&str>, Vec<&str>) =
            patterns.into_iter().partition(|p| p.starts_with('!'));
        let cwd = self.cwd.clone();
        self = self.exclude(&cwd, not.iter().map(|p| &p[1..]))?;
        if !yes.is_empty() {
            let mut b = GlobSetBuilder::new();
            for p in yes {
                b.add(glob(p)?);
            }
            self.include.push(Rooted {
                base: cwd,
                set: b.build().map_err(|e| BadGlob {
                    pattern: String::new(),
                    message: e.to_string(),
                })?,
            });
        }
        Ok(self)
    }

    /// True when nothing is left out.
    pub fn is_empty(&self) -> bool {
        self.exclude.is_empty() && self.include.is_empty()
    }

    /// True when the file or folder at `path` (as found: relative to the current folder, or
    /// absolute) is left out. An include pattern applies to files only.
    pub fn excluded(&self, path: &Path, is_dir: bool) -> bool {
        if self.is_empty() {
            return false;
        }
        let abs = absolute(&self.cwd, path);
        if self.exclude.iter().any(|r| r.matches(&abs)) {
            return true;
        }
        !is_dir && !self.include.is_empty() && !self.include.iter().any(|r| r.matches(&abs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_like_gitignore() {
        let f = PathFilter::new(Path::new("/repo"))
            .exclude(
                Path::new("/repo"),
                ["fixtures", "*.lock", "docs/legacy/**", "/build"],
            )
            .unwrap();
        assert!(f.excluded(Path::new("std-ext/tests/fixtures"), true));
        assert!(f.excluded(Path::new("std-ext/tests/fixtures/a.sh"), false));
        assert!(f.excluded(Path::new("/repo/a/fixtures/b/c.sh"), false));
        assert!(f.excluded(Path::new("./Cargo.lock"), false));
        assert!(f.excluded(Path::new("/repo/docs/legacy/x.md"), false));
        assert!(f.excluded(Path::new("build"), true));
        assert!(!f.excluded(Path::new("src/build"), true));
        assert!(!f.excluded(Path::new("docs/new/x.md"), false));
        assert!(!f.excluded(Path::new("/elsewhere/fixtures"), true));
        assert!(!f.excluded(Path::new("fixtures.md"), false));
    }

    #[test]
    fn globs_include_and_exclude() {
        let f = PathFilter::new(Path::new("/repo"))
            .globs(["*.sh", "!vendor"])
            .unwrap();
        assert!(f.excluded(Path::new("a.md"), false));
        assert!(!f.excluded(Path::new("src/a.sh"), false));
        assert!(!f.excluded(Path::new("src"), true));
        assert!(f.excluded(Path::new("vendor/a.sh"), false));
        let e = PathFilter::new(Path::new("/repo"))
            .globs(["a[b"])
            .unwrap_err();
        assert_eq!(e.pattern, "a[b");
    }
}
