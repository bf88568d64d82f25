//! The configuration file of `scan`, as ruff reads its own: `.gcore-auth-lint.toml`,
//! `gcore-auth-lint.toml`, or the `[tool.gcore-auth-lint]` table of `pyproject.toml`, the
//! first found in the folder of the first path scanned or a folder above it (in that order
//! within a folder). `--config FILE` names one; `--isolated` reads none. Flags given on the
//! command line override the file.
//!
//! ```toml
//! # .gcore-auth-lint.toml
//! extend-exclude = ["tests/fixtures", "*.snap"]   # globs, relative to this file's folder
//! ignore = ["token-placeholder"]                   # codes never reported
//! min-severity = "warning"                         # note | warning | error
//! baseline = "gcore-auth-baseline.json"
//!
//! token-variables = ["CDN_PURGE_KEY"]             # more names that hold a token
//! api-hosts = ["gcore-proxy.example.com"]          # more hosts of the API
//!
//! [per-file-ignores]
//! "docs/**" = ["hardcoded-token"]
//!
//! [languages]
//! "*.tpl" = "sh"                                   # read these names as shell
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gcore_auth::Severity;
use serde::Deserialize;
use toml::Spanned;

/// The names looked for in each folder, in order (`pyproject.toml` counts only with a
/// `[tool.gcore-auth-lint]` table).
pub const NAMES: [&str; 3] = [
    ".gcore-auth-lint.toml",
    "gcore-auth-lint.toml",
    "pyproject.toml",
];

/// The settings of a configuration file. Every key is optional; an unknown key is an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Globs of paths never read (replaces the default, which is empty).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Globs of paths never read, besides `exclude`.
    #[serde(default)]
    pub extend_exclude: Vec<String>,
    /// Only these codes are reported (`all` for every code; the default).
    pub select: Option<Vec<Spanned<String>>>,
    /// These codes are never reported.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Codes not reported in the files a glob matches.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<Spanned<String>>>,
    /// The lowest severity that fails the scan.
    pub min_severity: Option<Level>,
    /// A baseline file (relative to the configuration file's folder).
    pub baseline: Option<PathBuf>,
    /// Read hidden files and folders (default true).
    pub hidden: Option<bool>,
    /// Honour `.gitignore` and `.ignore` files (default true).
    pub respect_gitignore: Option<bool>,
    /// More names of variables that hold a Gcore token (`MY_CDN_KEY`).
    #[serde(default)]
    pub token_variables: Vec<Spanned<String>>,
    /// More hosts of the Gcore API: a proxy in front of it (`gcore-proxy.example.com`, and its
    /// subdomains).
    #[serde(default)]
    pub api_hosts: Vec<String>,
    /// The language of file names the scanner does not know: a glob of the name and the
    /// extension to read it as (`"*.tpl" = "sh"`).
    #[serde(default)]
    pub languages: BTreeMap<String, Spanned<String>>,
}

/// A configuration file read: its settings, where it is, and its text (for error positions).
#[derive(Debug)]
pub struct Loaded {
    /// The settings.
    pub config: Config,
    /// The file.
    pub path: PathBuf,
    /// Its folder: relative paths and globs in it are relative to this.
    pub dir: PathBuf,
    text: String,
}

#[derive(Deserialize)]
struct PyProject {
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Tool {
    #[serde(rename = "gcore-auth-lint")]
    ours: Option<Config>,
}

impl Loaded {
    /// `file:line:column` of the byte `at` of the file.
    pub fn position(&self, at: usize) -> String {
        let before = &self.text[..at.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{}:{line}:{column}", crate::scan::shown_path(&self.path))
    }
}

/// Reads the configuration file at `path`. `Ok(None)` for a `pyproject.toml` without our
/// table. A file that cannot be read or parsed, an unknown key and a bad value are errors
/// that name the file and the line.
pub fn read(path: &Path) -> Result<Option<Loaded>, String> {
    let shown = crate::scan::shown_path(path);
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
    let bad = |e: toml::de::Error| {
        let at = e.span().map_or(String::new(), |s| {
            let before = &text[..s.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!(":{line}:{column}")
        });
        format!("{shown}{at}: {}", e.message())
    };
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let config = if is_pyproject {
        let p: PyProject = toml::from_str(&text).map_err(bad)?;
        match p.tool.and_then(|t| t.ours) {
            Some(c) => c,
            None => return Ok(None),
        }
    } else {
        toml::from_str(&text).map_err(bad)?
    };
    let absolute = std::path::absolute(path).map_err(|e| format!("{shown}: {e}"))?;
    let dir = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Some(Loaded {
        config,
        path: path.to_path_buf(),
        dir,
        text,
    }))
}

/// The configuration file that applies to a scan of `first` (the first path scanned): the
/// first of [`NAMES`] found in its folder or a folder above.
pub fn discover(first: &Path) -> Result<Option<Loaded>, String> {
    let start = std::path::absolute(first).unwrap_or_else(|_| first.to_path_buf());
    let start = if start.is_dir() {
        start
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or(start)
    };
    for dir in start.ancestors() {
        for name in NAMES {
            let candidate = dir.join(name);
            if candidate.is_file()
                && let Some(loaded) = read(&candidate)?
            {
                return Ok(Some(loaded));
            }
        }
    }
    Ok(None)
}

/// The lowest severity that fails the scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Notes, warnings and errors.
    Note,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
}

impl Level {
    pub(crate) fn severity(self) -> Severity {
        match self {
            Level::Note => Severity::Note,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_bad_values_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("gcore-auth-lint.toml");
        std::fs::write(&f, "ignore = []\nexclud = [\"x\"]\n").unwrap();
        let e = read(&f).unwrap_err();
        assert!(e.ends_with("gcore-auth-lint.toml:2:1: unknown field `exclud`, expected one of `exclude`, `extend-exclude`, `select`, `ignore`, `per-file-ignores`, `min-severity`, `baseline`, `hidden`, `respect-gitignore`, `token-variables`, `api-hosts`, `languages`"), "{e}");
        std::fs::write(&f, "min-severity = \"loud\"\n").unwrap();
        let e = read(&f).unwrap_err();
        assert!(e.contains("gcore-auth-lint.toml:1:16: unknown variant `loud`, expected one of `note`, `warning`, `error`"), "{e}");
    }

    #[test]
    fn the_nearest_file_wins_and_a_pyproject_needs_our_table() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            dir.path().join("gcore-auth-lint.toml"),
            "ignore = [\"scheme-case\"]\n",
        )
        .unwrap();
        std::fs::write(
            sub.join("pyproject.toml"),
            "[tool.ruff]\nline-length = 100\n",
        )
        .unwrap();
        let found = discover(&sub).unwrap().unwrap();
        assert_eq!(found.path, dir.path().join("gcore-auth-lint.toml"));
        assert_eq!(found.config.ignore[0].get_ref(), "scheme-case");
        std::fs::write(
            sub.join("pyproject.toml"),
            "[tool.gcore-auth-lint]\nextend-exclude = [\"x\"]\n",
        )
        .unwrap();
        let found = discover(&sub.join("file.sh")).unwrap().unwrap();
        assert_eq!(found.path, sub.join("pyproject.toml"));
        assert_eq!(found.config.extend_exclude, ["x"]);
        assert_eq!(found.position(5), format!("{}:1:6", found.path.display()));
    }
}
