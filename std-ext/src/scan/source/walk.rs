//! Walking trees and reading files: parallel, gitignore-aware, hidden files included, `.git`
//! skipped, only regular files read, binary files skipped, large files read in chunks with
//! bounded memory.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ignore::{WalkBuilder, WalkState};

use super::super::file::{Piece, Scanner};
use super::super::finding::{Finding, Outcome, ReadError};
use super::super::path::{STDIN_PATH, is_leftover, shown_path};
use super::diffs;
use super::filter::PathFilter;
use super::ignores::Ignores;

/// How a scan walks and reads.
#[derive(Clone, Debug)]
pub struct Options {
    /// Files or folders to scan.
    pub paths: Vec<PathBuf>,
    /// Follow symbolic links (loops are reported and skipped).
    pub follow_links: bool,
    /// Worker threads (0: one per core). At most [`max_threads`]: a larger number is lowered
    /// to it.
    pub threads: usize,
    /// Files larger than this are read in chunks instead of whole.
    pub whole_file_limit: u64,
    /// The chunk size for large files (lines longer than this are read in pieces).
    pub chunk_size: usize,
    /// Show a progress line on stderr when it is a terminal and the scan takes over a second.
    pub progress: bool,
    /// Read standard input as if it were the file at this path (its language, its name in
    /// every output); `None`: as text whose kind its first lines tell, shown as
    /// [`STDIN_PATH`].
    pub stdin_filename: Option<String>,
    /// Paths left out by name (`exclude` globs, `--glob`): folders that match are not entered,
    /// and files named that match are not read.
    pub filter: Arc<PathFilter>,
    /// Read hidden files and folders (names starting with `.`) found by walking. On by
    /// default: tokens live in `.env` files and CI configurations.
    pub hidden: bool,
    /// Honour `.gitignore` and `.ignore` files (`--no-ignore` turns it off).
    pub respect_ignore_files: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            paths: vec![PathBuf::from(".")],
            follow_links: false,
            threads: 0,
            whole_file_limit: 16 << 20,
            chunk_size: 4 << 20,
            progress: true,
            stdin_filename: None,
            filter: Arc::new(PathFilter::default()),
            hidden: true,
            respect_ignore_files: true,
        }
    }
}

/// The first bytes looked at to tell a binary file (a NUL byte there).
const BINARY_PROBE: usize = 8192;

/// True when `head`, a file's first bytes, says the file is binary: a NUL byte in its first
/// [`BINARY_PROBE`] bytes, as ripgrep tells one.
pub(super) fn binary(head: &[u8]) -> bool {
    memchr::memchr(0, &head[..head.len().min(BINARY_PROBE)]).is_some()
}

/// The most worker threads a scan uses: 4 per core, and never more than 64. The work is
/// reading files; threads beyond that only wait on the same disks, and each costs a stack and
/// its start and stop (2,000 took over 30 seconds before reading anything).
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.saturating_mul(4).min(64)
}

/// Scans every file under `opts.paths`, in parallel.
///
/// What is read: every path given, whatever it is (a regular file, a FIFO such as `<(cmd)`,
/// `/dev/stdin`, `-` for standard input), and in each folder given every regular file found by
/// walking it that no ignore file excludes. Ignore files are read only when they are regular
/// files of at most 1 MiB; any other is not used, with a warning in [`Outcome::warnings`].
///
/// Every path that cannot be read, given or found by walking (one that does not exist, a file
/// or folder that cannot be opened or read), is recorded in [`Outcome::errors`] and the scan
/// goes on with the others; the result is `Ok` even then.
pub fn scan_paths(opts: &Options) -> io::Result<Outcome> {
    let mut tally = Tally::default();
    // The folders and regular files given, with their place in the list.
    let mut roots = Vec::new();
    let (mut stdin_read, mut streams_read) = (false, HashSet::new());
    for (at, p) in opts.paths.iter().enumerate() {
        if p.as_os_str() == "-" {
            if !std::mem::replace(&mut stdin_read, true) {
                let name = match &opts.stdin_filename {
                    Some(n) => super::super::file::shown_name(n),
                    None => STDIN_PATH.to_owned(),
                };
                let scan = stream(&name, io::stdin().lock(), opts.chunk_size);
                tally.record(None, (at, name), scan);
            }
            continue;
        }
        match std::fs::metadata(p) {
            // A file named that an exclude pattern matches is left out (pre-commit names
            // every staged file).
            Ok(md) if md.is_file() && opts.filter.excluded(p, false) => {}
            Ok(md) if md.is_dir() || md.is_file() => roots.push((at, p)),
            // A FIFO, a character device: named, so read, as a stream (once).
            Ok(md) => {
                if file_id(&md).is_none_or(|id| streams_read.insert(id)) {
                    let shown = shown_path(p);
                    let scan = File::open(p).and_then(|f| stream(&shown, f, opts.chunk_size));
                    tally.record(None, (at, shown), scan);
                }
            }
            Err(e) => push(&tally.errors, ReadError::new(p, &e)),
        }
    }
    if let Some((first, rest)) = roots.split_first() {
        if opts.follow_links || overlap(&roots) {
            // A file can be reached twice: each is read once, shown by the first path given.
            tally.seen = Some(Mutex::default());
        }
        let mut builder = WalkBuilder::new(first.1);
        for p in rest {
            builder.add(p.1);
        }
        // The walker's own reading of ignore files is off: it would open a FIFO, or read a
        // link to /dev/zero, to the end. `Ignores` checks each one first.
        let ignores = Arc::new(Ignores::new());
        let rules = ignores.clone();
        let filter = opts.filter.clone();
        let (hidden, respect) = (opts.hidden, opts.respect_ignore_files);
        builder
            .standard_filters(false)
            .follow_links(opts.follow_links)
            .threads(opts.threads.min(max_threads()))
            .filter_entry(move |e| {
                entered(e, hidden, &filter)
                    && !(respect && rules.ignored(e.path(), e.depth(), is_dir(e)))
            });
        walk(&builder, &roots, opts, &tally);
        lock(&tally.warnings).extend(ignores.take_warnings());
        if respect && tally.files.load(Ordering::Relaxed) == 0 {
            for (_, root) in &roots {
                if all_ignored(root, opts) {
                    push(
                        &tally.warnings,
                        format!(
                            "{}: every file in it was skipped by an ignore file (.gitignore, \
                             .ignore, or one in a folder above it): --no-ignore reads them",
                            shown_path(root)
                        ),
                    );
                }
            }
        }
    }
    Ok(tally.outcome())
}

/// True when the folder `root` holds a regular file the scan would read but for ignore files
/// (ripgrep's hint when nothing was searched).
fn all_ignored(root: &Path, opts: &Options) -> bool {
    if !root.is_dir() {
        return false;
    }
    let filter = opts.filter.clone();
    let hidden = opts.hidden;
    WalkBuilder::new(root)
        .standard_filters(false)
        .filter_entry(move |e| entered(e, hidden, &filter))
        .build()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_some_and(|t| t.is_file()))
}

/// True when the walk enters or reads the entry `e` whatever the ignore files say: not `.git`,
/// not hidden unless `hidden` (a path given is always read), not left out by `filter`.
fn entered(e: &ignore::DirEntry, hidden: bool, filter: &PathFilter) -> bool {
    let name = e.file_name();
    name != ".git"
        && (hidden || e.depth() == 0 || !name.as_encoded_bytes().starts_with(b"."))
        && (e.depth() == 0 || !filter.excluded(e.path(), is_dir(e)))
}

fn is_dir(e: &ignore::DirEntry) -> bool {
    e.file_type().is_some_and(|t| t.is_dir())
}

/// True when a file could be reached from two of the paths given: one of them is, or is inside,
/// another.
fn overlap(roots: &[(usize, &PathBuf)]) -> bool {
    let resolved: Vec<PathBuf> = roots
        .iter()
        .map(|(_, p)| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        .collect();
    let mut all = HashSet::new();
    for p in &resolved {
        if !all.insert(p.as_path()) {
            return true;
        }
    }
    resolved
        .iter()
        .any(|p| p.ancestors().skip(1).any(|a| all.contains(a)))
}

/// A file's identity: its device and inode.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = ();

fn file_id(md: &std::fs::Metadata) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((md.dev(), md.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = md;
        None
    }
}

/// Where a file was reached: the place in the list of the first path given that leads to it,
/// and its path as shown. A file reached twice is reported under its least key.
type Key = (usize, String);

/// Walks the folders and files of `builder` (the `roots`, with their places in the list of
/// paths) and scans every regular file.
fn walk(builder: &WalkBuilder, roots: &[(usize, &PathBuf)], opts: &Options, tally: &Tally) {
    let done = Arc::new(AtomicBool::new(false));
    let progress = opts.progress && io::stderr().is_terminal();
    std::thread::scope(|s| {
        if progress {
            let done = done.clone();
            s.spawn(move || show_progress(&done, &tally.files, &tally.bytes));
        }
        builder.build_parallel().run(|| {
            let mut buf = Vec::new();
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        match walk_problem(&e) {
                            Problem::Error(e) => push(&tally.errors, e),
                            Problem::Warning(w) => push(&tally.warnings, w),
                        }
                        return WalkState::Continue;
                    }
                };
                // A folder given, or its entries: only regular files are opened. A FIFO would
                // wait for a writer, a device could be read forever. (The folders and files
                // given have the type of what they lead to.)
                match entry.file_type() {
                    Some(t) if t.is_file() => {}
                    Some(t) if t.is_dir() || t.is_symlink() => return WalkState::Continue,
                    _ => {
                        tally.not_regular.fetch_add(1, Ordering::Relaxed);
                        return WalkState::Continue;
                    }
                }
                // The path as shown is made only when something needs it: a finding, an
                // error, a fix, or telling apart two paths to one file.
                let shown = std::cell::LazyCell::new(|| shown_path(entry.path()));
                let first = match tally.seen {
                    // The first path given that leads here: the walker joins names to it.
                    Some(_) => roots
                        .iter()
                        .find(|r| entry.path().starts_with(r.1))
                        .map_or(usize::MAX, |r| r.0),
                    None => 0,
                };
                let key = || (first, String::clone(&shown));
                // A backup left by an interrupted fix holds a file's old content, secrets
                // and all: said, and scanned like any file.
                if is_leftover(entry.file_name().as_encoded_bytes()) {
                    push(
                        &tally.warnings,
                        format!(
                            "{}: left by an interrupted `scan --fix` or `--write-baseline`: it \
                             holds a file's content from before the fix (compare it with the \
                             file named after it in the same folder, then delete it)",
                            *shown
                        ),
                    );
                }
                let mut id = None;
                let scan = scan_file(&shown, entry.path(), opts, &mut buf, |file| {
                    id = file;
                    tally.seen.is_none() || tally.wanted(file, &key())
                });
                match scan {
                    // Gone since its folder was listed: nothing left unread.
                    Err(e) if e.kind() == io::ErrorKind::NotFound && entry.depth() > 0 => {
                        push(&tally.warnings, format!("{}: {e}", *shown));
                    }
                    // A file with nothing to report or fix (a binary file, one that is no
                    // longer regular, clean text), read once: its path is not shown anywhere.
                    Ok(scan) if tally.seen.is_none() && scan.quiet() => tally.count(&scan, true),
                    scan => tally.record(id, key(), scan),
                }
                WalkState::Continue
            })
        });
        done.store(true, Ordering::Relaxed);
    });
}

/// What a scan collects, shared by the walker's threads.
#[derive(Default)]
struct Tally {
    findings: Mutex<Vec<Finding>>,
    fixable: Mutex<Vec<(String, PathBuf)>>,
    errors: Mutex<Vec<ReadError>>,
    warnings: Mutex<Vec<String>>,
    files: AtomicU64,
    bytes: AtomicU64,
    binary: AtomicU64,
    not_regular: AtomicU64,
    /// When a file can be reached twice (overlapping paths, links followed): each file read,
    /// by identity, with the key it was reached by and what its scan found. Counted at the end.
    seen: Option<Mutex<HashMap<FileId, (Key, FileScan)>>>,
}

impl Tally {
    /// Whether the file `id`, reached by `key`, is to be read: not when it was reached by a
    /// lesser key already.
    fn wanted(&self, id: Option<FileId>, key: &Key) -> bool {
        match (&self.seen, id) {
            (Some(seen), Some(id)) => lock(seen).get(&id).is_none_or(|(k, _)| key < k),
            _ => true,
        }
    }

    /// Counts the scan of the file `id`, reached by `key`.
    fn record(&self, id: Option<FileId>, key: Key, scan: io::Result<FileScan>) {
        let scan = match scan {
            Ok(FileScan::Skipped) => return,
            Ok(scan) => scan,
            Err(e) => {
                return push(
                    &self.errors,
                    ReadError {
                        path: key.1,
                        message: e.to_string(),
                    },
                );
            }
        };
        if let (Some(seen), Some(id)) = (&self.seen, id) {
            let mut seen = lock(seen);
            match seen.get(&id) {
                Some((k, _)) if *k <= key => return,
                // Reached first by a later path: that scan is taken back.
                Some((_, earlier)) => self.count(earlier, false),
                None => {}
            }
            self.count(&scan, true);
            seen.insert(id, (key, scan));
            return;
        }
        self.count(&scan, true);
        if let FileScan::Text {
            findings, fixable, ..
        } = scan
        {
            if let Some(path) = fixable {
                push(&self.fixable, (key.1, path));
            }
            if !findings.is_empty() {
                lock(&self.findings).extend(findings);
            }
        }
    }

    /// Adds the counts of a file's scan, or takes them back.
    fn count(&self, scan: &FileScan, add: bool) {
        let step = |counter: &AtomicU64, n: u64| {
            if add {
                counter.fetch_add(n, Ordering::Relaxed);
            } else {
                counter.fetch_sub(n, Ordering::Relaxed);
            }
        };
        match scan {
            FileScan::Text { bytes, .. } => {
                step(&self.files, 1);
                step(&self.bytes, *bytes);
            }
            FileScan::Binary => step(&self.binary, 1),
            FileScan::NotRegular => step(&self.not_regular, 1),
            FileScan::Skipped => {}
        }
    }

    fn outcome(mut self) -> Outcome {
        if let Some(seen) = self.seen.take() {
            let findings = self.findings.get_mut().unwrap_or_else(|p| p.into_inner());
            let fixable = self.fixable.get_mut().unwrap_or_else(|p| p.into_inner());
            for (_, (key, scan)) in into_inner(seen) {
                if let FileScan::Text {
                    findings: f,
                    fixable: path,
                    ..
                } = scan
                {
                    findings.extend(f);
                    fixable.extend(path.map(|p| (key.1, p)));
                }
            }
        }
        let mut findings = into_inner(self.findings);
        findings.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code))
        });
        let mut errors = into_inner(self.errors);
        errors.sort();
        errors.dedup();
        let mut warnings = into_inner(self.warnings);
        warnings.sort();
        warnings.dedup();
        let mut fixable = into_inner(self.fixable);
        fixable.sort();
        fixable.dedup();
        Outcome {
            findings,
            fixable,
            files_scanned: self.files.into_inner(),
            bytes_scanned: self.bytes.into_inner(),
            binary_skipped: self.binary.into_inner(),
            not_regular_skipped: self.not_regular.into_inner(),
            errors,
            warnings,
            provenance: None,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn into_inner<T>(m: Mutex<T>) -> T {
    m.into_inner().unwrap_or_else(|p| p.into_inner())
}

/// A walk error: a path that could not be read, or only worth a warning.
enum Problem {
    Error(ReadError),
    Warning(String),
}

/// Sorts a walk error. A symbolic link loop and a link to nothing (or an entry gone since its
/// folder was listed) leave nothing unscanned: warnings. Anything else is a path that could not
/// be read.
fn walk_problem(e: &ignore::Error) -> Problem {
    let (path, message) = walk_error(e);
    let path = path.map(shown_path).unwrap_or_default();
    let gone = e
        .io_error()
        .is_some_and(|io| io.kind() == io::ErrorKind::NotFound);
    if gone || matches!(innermost(e), ignore::Error::Loop { .. }) {
        Problem::Warning(format!("{path}: {message}"))
    } else {
        Problem::Error(ReadError { path, message })
    }
}

fn innermost(e: &ignore::Error) -> &ignore::Error {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => innermost(err),
        other => other,
    }
}

/// The path a walk error is about, and why; any other path in the reason shown escaped.
fn walk_error(e: &ignore::Error) -> (Option<&Path>, String) {
    match e {
        ignore::Error::WithPath { path, err } => {
            let (inner, message) = walk_error(err);
            (inner.or(Some(path)), message)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err)
        }
        ignore::Error::Loop { ancestor, child } => (
            Some(child),
            format!(
                "file system loop: it leads back to {}; not followed",
                shown_path(ancestor)
            ),
        ),
        ignore::Error::Partial(errs) => {
            let parts: Vec<_> = errs.iter().map(walk_error).collect();
            let path = parts.iter().find_map(|p| p.0);
            let text: Vec<_> = parts.into_iter().map(|p| p.1).collect();
            (path, text.join("; "))
        }
        // No path in the others: an I/O error's own text, a glob, a file type name.
        other => (None, other.to_string()),
    }
}

fn push<T>(list: &Mutex<Vec<T>>, item: T) {
    lock(list).push(item);
}

fn show_progress(done: &AtomicBool, files: &AtomicU64, bytes: &AtomicU64) {
    let start = Instant::now();
    let mut shown = false;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        if start.elapsed() < Duration::from_secs(1) || done.load(Ordering::Relaxed) {
            continue;
        }
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[Kscanning: {} files, {} MiB",
            files.load(Ordering::Relaxed),
            bytes.load(Ordering::Relaxed) >> 20
        );
        let _ = err.flush();
        shown = true;
    }
    if shown {
        let _ = write!(io::stderr(), "\r\x1b[K");
    }
}

enum FileScan {
    Text {
        findings: Vec<Finding>,
        bytes: u64,
        /// The file's path when a finding in it carries a fix (`scan --fix` rewrites it).
        fixable: Option<PathBuf>,
    },
    Binary,
    /// Not a regular file after all: not read.
    NotRegular,
    /// Read by way of another path.
    Skipped,
}

/// Scans the regular file at `path`, once it is open and `wanted` says yes to its identity.
fn scan_file<F: FnOnce() -> String>(
    shown: &std::cell::LazyCell<String, F>,
    path: &Path,
    opts: &Options,
    buf: &mut Vec<u8>,
    wanted: impl FnOnce(Option<FileId>) -> bool,
) -> io::Result<FileScan> {
    let mut file = File::open(path)?;
    let md = file.metadata()?;
    if !md.is_file() {
        // Replaced by something else since its folder was read.
        return Ok(FileScan::NotRegular);
    }
    if !wanted(file_id(&md)) {
        return Ok(FileScan::Skipped);
    }
    let len = md.len();
    if len <= opts.whole_file_limit {
        buf.clear();
        // The first block tells a binary file (a NUL byte there) before the rest is read.
        (&mut file).take(BINARY_PROBE as u64).read_to_end(buf)?;
        if binary(buf) {
            return Ok(FileScan::Binary);
        }
        (&mut file)
            .take(opts.whole_file_limit + 1 - buf.len() as u64)
            .read_to_end(buf)?;
        if buf.len() as u64 <= opts.whole_file_limit {
            if binary(buf) {
                return Ok(FileScan::Binary);
            }
            let findings = if diffs::patch_name(&path.to_string_lossy()) {
                diffs::scan_patch(shown_path(path), buf)
            } else {
                super::super::file::scan_file_at(path, buf)
            };
            let n = buf.len() as u64;
            if buf.capacity() > 4 << 20 {
                *buf = Vec::new();
            }
            let fixable = findings
                .iter()
                .any(|f| f.fix.is_some())
                .then(|| path.to_path_buf());
            return Ok(FileScan::Text {
                findings,
                bytes: n,
                fixable,
            });
        }
        // It grew while we read it: go on in chunks from what we have.
        let head = std::mem::take(buf);
        return stream(shown, io::Cursor::new(head).chain(file), opts.chunk_size);
    }
    stream(shown, file, opts.chunk_size)
}

impl FileScan {
    /// True when the scan has nothing to report or fix: only counted.
    fn quiet(&self) -> bool {
        match self {
            FileScan::Text {
                findings, fixable, ..
            } => findings.is_empty() && fixable.is_none(),
            FileScan::Binary | FileScan::NotRegular | FileScan::Skipped => true,
        }
    }
}

fn stream(shown: &str, reader: impl Read, chunk: usize) -> io::Result<FileScan> {
    match read_pieces(shown, true, reader, chunk)? {
        Some((findings, bytes)) => Ok(FileScan::Text {
            findings,
            bytes,
            fixable: None,
        }),
        None => Ok(FileScan::Binary),
    }
}

/// How much the pieces of a line longer than a chunk overlap: 64 KiB, or half the chunk when
/// that is smaller (as in tests). A finding that starts in an overlap is reported by the piece
/// that holds the half of the overlap it starts in, so it is reported once, by a piece holding at
/// least half the overlap on either side of its start: 32 KiB, more than any header, token or
/// variable line the scanner reports needs (a header with a 128-character secret is some 200
/// bytes, a JWT a few KiB). Reading the overlap twice costs 1.6% of a 4 MiB chunk.
pub const PIECE_OVERLAP: usize = 64 << 10;

/// Scans a file from a reader in chunks of about `chunk_size` bytes (at least 1 KiB) of whole
/// lines, so memory stays bounded whatever the file's size. A line longer than a chunk is read
/// in pieces that overlap by [`PIECE_OVERLAP`] (at most half a chunk): what such a line holds
/// is reported once, whole, and at its columns in the line. Returns `None` for a binary file (a
/// NUL byte in its first 8 KiB), else the findings and the bytes read.
pub fn scan_reader(
    path: &str,
    reader: impl Read,
    chunk_size: usize,
) -> io::Result<Option<(Vec<Finding>, u64)>> {
    read_pieces(path, false, reader, chunk_size)
}

/// [`scan_reader`]; with `shown`, `path` is already as shown (escaped and redacted).
fn read_pieces(
    path: &str,
    shown: bool,
    mut reader: impl Read,
    chunk_size: usize,
) -> io::Result<Option<(Vec<Finding>, u64)>> {
    let chunk_size = chunk_size.max(1024);
    let overlap = PIECE_OVERLAP.min(chunk_size / 2);
    let mut buf = vec![0u8; chunk_size];
    let mut filled = 0;
    let mut total = 0u64;
    let mut scanner: Option<Scanner> = None;
    let mut eof = false;
    // Whether the line at the start of `buf` goes on from the block before, and how many
    // characters of it came before.
    let mut continues = false;
    let mut chars_before = 0;
    while !eof || filled > 0 {
        while !eof && filled < buf.len() {
            match reader.read(&mut buf[filled..]) {
                Ok(0) => eof = true,
                Ok(n) => {
                    filled += n;
                    total += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if filled == 0 {
            break;
        }
        let scanner = match &mut scanner {
            Some(s) => s,
            None => {
                if binary(&buf[..filled]) {
                    return Ok(None);
                }
                let head = &buf[..filled];
                let name = if shown {
                    path.to_owned()
                } else {
                    super::super::file::shown_name(path)
                };
                // A patch (`git diff | scan -`, a `.patch` file) is read as one, line by line.
                if diffs::patch_name(path) || (name == STDIN_PATH && diffs::looks_like_patch(head))
                {
                    let mut patch = diffs::PatchScanner::new(name);
                    let head = io::Cursor::new(head.to_vec());
                    let bytes = patch.read(io::BufReader::new(head.chain(reader)))?;
                    return Ok(Some((patch.finish(), bytes)));
                }
                scanner.insert(Scanner::new(path, name, head))
            }
        };
        // Whole lines; or, when one line fills the buffer, a piece of it.
        let newline = memchr::memrchr(b'\n', &buf[..filled]);
        let cut = !eof && newline.is_none();
        let end = match newline {
            Some(p) if !eof => p + 1,
            _ => filled,
        };
        let piece = Piece {
            continues,
            chars_before,
            cut,
            margin: overlap / 2,
        };
        scanner.piece(&buf[..end], piece);
        if cut {
            // The next piece starts `overlap` bytes back.
            let next = filled - overlap;
            chars_before += char_count(&buf[..next]);
            buf.copy_within(next..filled, 0);
            filled = overlap;
            continues = true;
        } else {
            buf.copy_within(end..filled, 0);
            filled -= end;
            continues = false;
            chars_before = 0;
        }
    }
    let findings = scanner.map(Scanner::finish).unwrap_or_default();
    Ok(Some((findings, total)))
}

/// Characters in `bytes`, counted as finding columns are (an invalid UTF-8 byte counts one).
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}
