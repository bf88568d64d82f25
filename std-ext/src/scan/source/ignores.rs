//! The ignore files of a walk, read by the scanner rather than by the walker so that what is
//! read can be checked first: `.ignore` and `.gitignore` in each folder and above the folders
//! given, `info/exclude` of a repository, and git's global excludes file.
//!
//! An ignore file is used only when it is a regular file (or a link to one) of at most
//! [`IGNORE_FILE_LIMIT`] bytes. A FIFO would stop the scan until someone writes to it, a link
//! to `/dev/zero` would fill memory, and a huge file costs far more memory than its size once
//! compiled: each is left unused, with a warning that names it.
//!
//! The rules are those of the `ignore` crate's walker, which this replaces: `.ignore` wins over
//! `.gitignore`, which wins over `info/exclude`, then the global file; a deeper folder's file
//! wins over a shallower one's; `.gitignore`, `info/exclude` and the global file apply only in
//! a git repository, and no `.gitignore` above a repository's top folder applies inside it.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::super::path::shown_path;

/// The largest ignore file used, in bytes: 1 MiB, some 50,000 patterns. A larger one is not
/// used (with a warning).
pub(crate) const IGNORE_FILE_LIMIT: u64 = 1 << 20;

/// The ignore rules met during one walk, folder by folder.
pub(crate) struct Ignores {
    /// The rules of each folder walked, by its path as the walker spells it. A folder with no
    /// ignore file of its own shares its parent's.
    walked: Mutex<HashMap<PathBuf, Arc<Level>>>,
    /// The rules of the folders above the folders given, by absolute path.
    above: Mutex<HashMap<PathBuf, Arc<Level>>>,
    /// Git's global excludes file, read when first needed.
    global: OnceLock<Gitignore>,
    /// The ignore files not used, and why.
    warnings: Mutex<Vec<String>>,
}

/// The rules that apply in one folder: its own and, through `parent`, those above it.
struct Level {
    /// The folder as the walker spells it (absolute above the folders given).
    dir: PathBuf,
    /// The folder as an absolute path, to match paths against the folders above a root.
    abs: PathBuf,
    /// Above a folder given: its rules are matched with absolute paths.
    above_root: bool,
    ignore: Gitignore,
    git: Gitignore,
    exclude: Gitignore,
    /// The folder holds `.git`: the top of a repository.
    has_git: bool,
    /// This folder or one above it holds `.git`.
    any_git: bool,
    /// This level or one above it has a rule.
    any_rules: bool,
    parent: Option<Arc<Level>>,
}

impl Ignores {
    pub(crate) fn new() -> Ignores {
        Ignores {
            walked: Mutex::default(),
            above: Mutex::default(),
            global: OnceLock::new(),
            warnings: Mutex::default(),
        }
    }

    /// True when the entry at `path` (a folder when `is_dir`), found `depth` levels below a
    /// folder given, is ignored.
    pub(crate) fn ignored(&self, path: &Path, depth: usize, is_dir: bool) -> bool {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return false;
        };
        let level = self.level(dir, depth.saturating_sub(1));
        let global = if level.any_git { self.global() } else { &EMPTY };
        if !level.any_rules && global.is_empty() {
            return false;
        }
        // The path as an absolute one, for the levels above the folder given; made when needed.
        let mut abs = None;
        let (mut m_ignore, mut m_git, mut m_exclude) = (Match::None, Match::None, Match::None);
        let mut saw_git = false;
        let mut at = Some(&level);
        while let Some(l) = at {
            at = l.parent.as_ref();
            if l.ignore.is_empty() && l.git.is_empty() && l.exclude.is_empty() {
                saw_git |= l.has_git;
                continue;
            }
            let p = if l.above_root {
                abs.get_or_insert_with(|| {
                    level
                        .abs
                        .join(path.strip_prefix(&level.dir).unwrap_or(name.as_ref()))
                })
                .as_path()
            } else {
                path
            };
            if m_ignore.is_none() {
                m_ignore = l.ignore.matched(p, is_dir);
            }
            if level.any_git && !saw_git {
                if m_git.is_none() {
                    m_git = l.git.matched(p, is_dir);
                }
                if m_exclude.is_none() {
                    m_exclude = l.exclude.matched(p, is_dir);
                }
            }
            saw_git |= l.has_git;
        }
        m_ignore
            .or(m_git)
            .or(m_exclude)
            .or(global.matched(path, is_dir))
            .is_ignore()
    }

    /// The ignore files not used so far, and why, one message each.
    pub(crate) fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.warnings))
    }

    /// The rules of the walked folder `dir`, `depth` levels below a folder given.
    fn level(&self, dir: &Path, depth: usize) -> Arc<Level> {
        if let Some(l) = lock(&self.walked).get(dir) {
            return l.clone();
        }
        let (parent, abs) = match dir.parent() {
            Some(up) if depth > 0 => {
                let parent = self.level(up, depth - 1);
                let abs = parent
                    .abs
                    .join(dir.strip_prefix(&parent.dir).unwrap_or(dir));
                (Some(parent), abs)
            }
            _ => {
                let abs = absolute(dir);
                (abs.parent().map(|up| self.above(up)), abs)
            }
        };
        let level = self.load(dir.to_path_buf(), abs, false, parent);
        lock(&self.walked)
            .entry(dir.to_path_buf())
            .or_insert(level)
            .clone()
    }

    /// The rules of the folder `abs` above a folder given.
    fn above(&self, abs: &Path) -> Arc<Level> {
        if let Some(l) = lock(&self.above).get(abs) {
            return l.clone();
        }
        let parent = abs.parent().map(|up| self.above(up));
        let level = self.load(abs.to_path_buf(), abs.to_path_buf(), true, parent);
        lock(&self.above)
            .entry(abs.to_path_buf())
            .or_insert(level)
            .clone()
    }

    /// Reads the ignore files of `dir`; a folder with none shares `parent`'s level.
    fn load(
        &self,
        dir: PathBuf,
        abs: PathBuf,
        above_root: bool,
        parent: Option<Arc<Level>>,
    ) -> Arc<Level> {
        let has_git = dir.join(".git").metadata().is_ok();
        let any_git = has_git || parent.as_ref().is_some_and(|p| p.any_git);
        // Patterns are matched relative to the folder holding them, in the form the paths
        // matched against them take.
        let root = if above_root { &abs } else { &dir };
        let ignore = self.rules(&dir.join(".ignore"), root);
        // A .gitignore only counts in a repository: not read outside one.
        let git = if any_git {
            self.rules(&dir.join(".gitignore"), root)
        } else {
            Gitignore::empty()
        };
        let exclude = match has_git.then(|| common_dir(&dir)).flatten() {
            Some(common) => self.rules(&common.join("info").join("exclude"), root),
            None => Gitignore::empty(),
        };
        let own = !ignore.is_empty() || !git.is_empty() || !exclude.is_empty();
        if let Some(p) = &parent
            && !own
            && !has_git
            && !above_root
            && !p.above_root
        {
            // Nothing of its own: its parent's level serves, with the same paths.
            return p.clone();
        }
        Arc::new(Level {
            dir,
            abs,
            above_root,
            ignore,
            git,
            exclude,
            has_git,
            any_git,
            any_rules: own || parent.as_ref().is_some_and(|p| p.any_rules),
            parent,
        })
    }

    /// Git's global excludes file (`core.excludesFile`, else `~/.config/git/ignore`).
    fn global(&self) -> &Gitignore {
        self.global.get_or_init(|| {
            let Some(path) = ignore::gitignore::gitconfig_excludes_path() else {
                return Gitignore::empty();
            };
            let root = std::env::current_dir().unwrap_or_default();
            self.rules(&path, &root)
        })
    }

    /// The rules of the ignore file `file`, patterns relative to `root`: none when there is no
    /// such file, or when it is not used (a warning says why).
    fn rules(&self, file: &Path, root: &Path) -> Gitignore {
        let text = match read_small(file, IGNORE_FILE_LIMIT) {
            Ok(Some(text)) => text,
            Ok(None) => return Gitignore::empty(),
            Err(why) => {
                lock(&self.warnings).push(format!(
                    "{}: not used as an ignore file: {why}",
                    shown_path(file)
                ));
                return Gitignore::empty();
            }
        };
        let mut builder = GitignoreBuilder::new(root);
        let text = String::from_utf8_lossy(&text);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        for line in text.lines() {
            // A pattern that is no glob is left out, as the walker did.
            let _ = builder.add_line(Some(file.to_path_buf()), line);
        }
        builder.build().unwrap_or_else(|_| Gitignore::empty())
    }
}

static EMPTY: std::sync::LazyLock<Gitignore> = std::sync::LazyLock::new(Gitignore::empty);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// `dir` as an absolute path: resolved when it can be, else joined to the current folder.
fn absolute(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir)
        .or_else(|_| std::env::current_dir().map(|cwd| cwd.join(dir)))
        .unwrap_or_else(|_| dir.to_path_buf())
}

/// The folder holding `info/exclude` for the repository whose top folder is `dir`: `.git`
/// itself, or for a linked worktree (`.git` is a file: `gitdir: …`) the common folder of the
/// repository it belongs to.
fn common_dir(dir: &Path) -> Option<PathBuf> {
    let dot_git = dir.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git);
    }
    let first_line = |file: &Path| -> Option<String> {
        let text = read_small(file, 4096).ok()??;
        let text = String::from_utf8(text).ok()?;
        Some(text.lines().next()?.trim_end().to_owned())
    };
    let git_dir = dir.join(first_line(&dot_git)?.strip_prefix("gitdir: ")?);
    match first_line(&git_dir.join("commondir")) {
        Some(common) => Some(git_dir.join(common)),
        None => Some(git_dir),
    }
}

/// Reads `path` when it is a regular file (or a link to one) of at most `limit` bytes:
/// `Ok(None)` when there is nothing there, `Err` with the reason it is not read otherwise.
fn read_small(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, String> {
    let md = match std::fs::metadata(path) {
        Ok(md) => md,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    if md.is_dir() {
        return Ok(None);
    }
    let check = |md: &std::fs::Metadata| {
        if !md.is_file() {
            return Err(format!("it is {}, not a regular file", kind(md)));
        }
        if md.len() > limit {
            return Err(too_big(md.len(), limit));
        }
        Ok(())
    };
    check(&md)?;
    let file = File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    // What was opened is what was looked at, not something put there since.
    check(
        &file
            .metadata()
            .map_err(|e| format!("cannot read it: {e}"))?,
    )?;
    let mut text = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut text)
        .map_err(|e| format!("cannot read it: {e}"))?;
    if text.len() as u64 > limit {
        return Err(too_big(text.len() as u64, limit));
    }
    Ok(Some(text))
}

fn too_big(len: u64, limit: u64) -> String {
    format!("it is larger than {} KiB ({len} bytes)", limit >> 10)
}

/// What kind of file `md` is, for a message: "a FIFO", "a character device", ….
fn kind(md: &std::fs::Metadata) -> &'static str {
    let t = md.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}
