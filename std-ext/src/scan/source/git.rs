//! Source: a git repository's history (the lines each commit adds) and its index (what is
//! staged), read through gitoxide (`gix`), a pure-Rust git library: its object database, its
//! commit walk, its tree diff with rename tracking and its index. No pack is parsed here.
//!
//! History: every commit reachable from the revisions asked for (default `HEAD`) is diffed
//! against its parent, as `git log -p` does: a merge commit adds nothing of its own (its
//! parents' commits are read instead; a line written only while resolving a conflict is not
//! seen), a rename or a copy adds only the lines it changes. Each blob a commit adds or changes
//! is scanned whole (so that a line keeps the context its language gives it: a Markdown fence, a
//! YAML block), and its findings on the lines that commit added are kept. One line (its code,
//! its text without indentation) is reported once, at the oldest commit that added it, with how
//! many later commits added it again, at how many paths, and whether `HEAD` still holds it.
//! Memory holds the largest blob read and the findings, never the history.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc;

use gcore_auth::Code;
use sha2::{Digest, Sha256};

use crate::scan::file::scan_as;
use crate::scan::finding::{Commit, Finding, Outcome, Provenance, ReadError};
use crate::scan::path::shown_path;

/// Blobs larger than this are not read (counted as skipped), as files over it are read in
/// pieces by the tree walk: a history holds no text file that large.
pub const MAX_BLOB_BYTES: u64 = 16 << 20;

/// The cache of decoded objects each worker keeps.
const OBJECT_CACHE_BYTES: usize = 16 << 20;

/// What to read of a repository's history.
#[derive(Clone, Debug, Default)]
pub struct HistoryOptions {
    /// A folder in the repository (its work tree or its git folder).
    pub repo: PathBuf,
    /// Revisions whose history is read: `HEAD` when empty. `A..B` reads what `B` has and `A`
    /// has not; `^A` leaves out what `A` has.
    pub revs: Vec<String>,
    /// Every reference (branches, tags, remotes, stashes) as a revision.
    pub all: bool,
    /// Only commits made at or after this time (seconds since the Unix epoch).
    pub since: Option<i64>,
    /// Only commits made at or before this time (seconds since the Unix epoch).
    pub until: Option<i64>,
    /// Worker threads (0: one per core).
    pub threads: usize,
}

/// What a history scan read.
#[derive(Debug, Default)]
pub struct History {
    /// The findings (each with its [`Commit`]), newest introducing commit first; the blobs
    /// scanned as files; what could not be read.
    pub outcome: Outcome,
    /// Commits read (merges included).
    pub commits: u64,
    /// Merge commits, whose own changes are not read.
    pub merges: u64,
    /// Blobs over [`MAX_BLOB_BYTES`], not read.
    pub too_large: u64,
    /// Whether the repository is a shallow clone: its history is partial, and a boundary
    /// commit's lines count as added there.
    pub shallow: bool,
}

/// Where the paths of a scan of `repo` are relative to, and what `HEAD` is.
fn provenance(repo: &gix::Repository) -> Provenance {
    Provenance {
        root: repo.workdir().unwrap_or(repo.git_dir()).to_path_buf(),
        head: repo.head_id().ok().map(|id| id.to_string()),
    }
}

/// The repository `path` is in, or why it cannot be opened.
fn open(path: &Path) -> Result<gix::Repository, String> {
    gix::discover(path).map_err(|e| {
        format!(
            "{}: not in a git repository, or one that cannot be opened ({})",
            shown_path(path),
            e
        )
    })
}

/// The commits named by `opts`: the ones to read from and the ones to leave out.
fn tips(
    repo: &gix::Repository,
    opts: &HistoryOptions,
) -> Result<(Vec<gix::ObjectId>, Vec<gix::ObjectId>), String> {
    let commit = |spec: &str| -> Result<gix::ObjectId, String> {
        let id = repo
            .rev_parse_single(spec)
            .map_err(|e| format!("revision `{spec}`: {e}"))?;
        let commit = id
            .object()
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| format!("revision `{spec}` names no commit: {e}"))?;
        Ok(commit.id)
    };
    let (mut include, mut exclude) = (Vec::new(), Vec::new());
    if opts.all {
        let platform = repo
            .references()
            .map_err(|e| format!("cannot read the references: {e}"))?;
        let refs = platform
            .all()
            .map_err(|e| format!("cannot read the references: {e}"))?;
        for r in refs {
            let mut r = r.map_err(|e| format!("cannot read a reference: {e}"))?;
            // A tag of a tree or a blob names no history.
            if let Ok(c) = r.peel_to_commit() {
                include.push(c.id);
            }
        }
        if let Ok(id) = repo.head_id() {
            include.push(id.detach());
        }
    }
    for rev in &opts.revs {
        if let Some((from, to)) = rev.split_once("..") {
            if to.starts_with('.') {
                return Err(format!(
                    "revision `{rev}`: `A...B` is not read; name both sides (`A B`)"
                ));
            }
            exclude.push(commit(if from.is_empty() { "HEAD" } else { from })?);
            include.push(commit(if to.is_empty() { "HEAD" } else { to })?);
        } else if let Some(hidden) = rev.strip_prefix('^') {
            exclude.push(commit(hidden)?);
        } else {
            include.push(commit(rev)?);
        }
    }
    if include.is_empty() && !opts.all {
        match repo.head_id() {
            Ok(id) => include.push(id.detach()),
            Err(_) if repo.head().is_ok_and(|h| h.is_unborn()) => {
                return Err("HEAD names no commit yet: nothing to read".to_owned());
            }
            Err(e) => return Err(short_ids(&format!("HEAD cannot be read: {e}"))),
        }
    }
    include.sort();
    include.dedup();
    Ok((include, exclude))
}

/// `message` with every full object id cut to its first 12 digits, as `git log --oneline`
/// shows one: a full id is 40 hex digits, which output takes for a secret and hides.
fn short_ids(message: &str) -> String {
    static RE: std::sync::OnceLock<regex_lite::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex_lite::Regex::new(r"\b([0-9a-f]{12})[0-9a-f]{28}\b").expect("the id pattern compiles")
    });
    re.replace_all(message, "$1").into_owned()
}

/// One commit to diff.
struct Job {
    seq: u64,
    id: gix::ObjectId,
    parent: Option<gix::ObjectId>,
}

/// A finding on a line a commit added.
struct Added {
    seq: u64,
    commit: gix::ObjectId,
    author_time: i64,
    path: Vec<u8>,
    key: [u8; 32],
    /// The line without its indentation: what is looked for in `HEAD`. Never shown.
    line: Vec<u8>,
    finding: Finding,
}

/// What the workers counted.
#[derive(Default)]
struct Counts {
    blobs: u64,
    bytes: u64,
    binary: u64,
    too_large: u64,
}

/// One reported line, with every commit that added it.
struct Entry {
    first: Added,
    later: usize,
    paths: BTreeSet<Vec<u8>>,
}

/// Scans the history `opts` names. `Err` when the repository cannot be opened or a revision
/// names no commit; an object that cannot be read is an error of the outcome (the scan goes on
/// and is incomplete).
pub fn scan_history(opts: &HistoryOptions) -> Result<History, String> {
    let mut repo = open(&opts.repo)?;
    // Each handle's cache of delta bases: git's default is 96 MiB, and there is a handle per
    // worker; a smaller one costs little here, where each blob is read once or twice.
    {
        let mut config = repo.config_snapshot_mut();
        config
            .set_value(&gix::config::tree::Core::DELTA_BASE_CACHE_LIMIT, "16m")
            .map_err(|e| format!("cannot configure the repository's caches: {e}"))?;
        config
            .commit()
            .map_err(|e| format!("cannot configure the repository's caches: {e}"))?;
    }
    let shallow = repo.is_shallow().unwrap_or(false);
    let (include, exclude) = tips(&repo, opts)?;
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    }
    .clamp(1, 64);
    let sync = repo.clone().into_sync();
    let errors = Mutex::new(Vec::<ReadError>::new());
    let counts = Mutex::new(Counts::default());
    let (mut commits, mut merges) = (0u64, 0u64);
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(threads * 4);
    let job_rx = Mutex::new(job_rx);
    let (add_tx, add_rx) = mpsc::channel::<Added>();
    let entries = std::thread::scope(|s| {
        for _ in 0..threads {
            let (sync, job_rx, add_tx, errors, counts) =
                (&sync, &job_rx, add_tx.clone(), &errors, &counts);
            s.spawn(move || {
                let mut repo = sync.to_thread_local();
                // Trees are read twice (as a commit's and as its child's parent tree): a
                // bounded cache of decoded objects saves inflating them again.
                repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
                let mut local = Counts::default();
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok(job) = job else { break };
                    if let Err(message) = diff_commit(&repo, &job, &add_tx, &mut local)
                        && let Ok(mut e) = errors.lock()
                    {
                        e.push(ReadError {
                            path: short_ids(&format!("commit {}", job.id)),
                            message: short_ids(&message),
                        });
                    }
                }
                if let Ok(mut c) = counts.lock() {
                    c.blobs += local.blobs;
                    c.bytes += local.bytes;
                    c.binary += local.binary;
                    c.too_large += local.too_large;
                }
            });
        }
        drop(add_tx);
        // The collector: one entry per line, at its oldest commit.
        let collector = s.spawn(move || {
            let mut entries: HashMap<[u8; 32], Entry> = HashMap::new();
            for a in add_rx {
                match entries.get_mut(&a.key) {
                    Some(e) => {
                        e.later += 1;
                        e.paths.insert(a.path.clone());
                        if a.seq > e.first.seq {
                            e.first = a;
                        }
                    }
                    None => {
                        let mut paths = BTreeSet::new();
                        paths.insert(a.path.clone());
                        entries.insert(
                            a.key,
                            Entry {
                                first: a,
                                later: 0,
                                paths,
                            },
                        );
                    }
                }
            }
            entries
        });
        let walk = repo
            .rev_walk(include)
            .with_hidden(exclude)
            .sorting(gix::revision::walk::Sorting::ByCommitTime(
                gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
            ))
            .all();
        match walk {
            Ok(walk) => {
                for info in walk {
                    let info = match info {
                        Ok(info) => info,
                        Err(e) => {
                            if let Ok(mut errs) = errors.lock() {
                                errs.push(ReadError {
                                    path: "history".to_owned(),
                                    message: short_ids(&format!("the commit walk stopped: {e}")),
                                });
                            }
                            break;
                        }
                    };
                    let time = info.commit_time.unwrap_or(0);
                    if opts.since.is_some_and(|t| time < t) || opts.until.is_some_and(|t| time > t)
                    {
                        continue;
                    }
                    commits += 1;
                    if info.parent_ids.len() > 1 {
                        merges += 1;
                        continue;
                    }
                    let job = Job {
                        seq: commits,
                        id: info.id,
                        parent: info.parent_ids.first().copied(),
                    };
                    if job_tx.send(job).is_err() {
                        break;
                    }
                }
            }
            Err(e) => {
                if let Ok(mut errs) = errors.lock() {
                    errs.push(ReadError {
                        path: "history".to_owned(),
                        message: short_ids(&format!("cannot walk the commits: {e}")),
                    });
                }
            }
        }
        drop(job_tx);
        collector.join().unwrap_or_default()
    });
    let in_head = in_head(&repo, &entries);
    let mut findings: Vec<(u64, Finding)> = entries
        .into_values()
        .map(|e| {
            let in_head = in_head.contains(&e.first.key);
            let mut f = e.first.finding;
            f.commit = Some(Commit {
                id: e.first.commit.to_string(),
                author_time: e.first.author_time,
                later_commits: e.later,
                paths: e.paths.len(),
                in_head,
            });
            if f.code == Code::HardcodedToken {
                f.message.push_str(if in_head {
                    ", and still in HEAD: revoke the token in the Customer Portal (deleting it \
                     from the files does not un-leak it)"
                } else {
                    ": revoke the token in the Customer Portal (it is gone from HEAD, but every \
                     clone of the history holds it)"
                });
            }
            (e.first.seq, f)
        })
        .collect();
    findings.sort_by(|(a, x), (b, y)| {
        (a, &x.path, x.line, x.column, x.code.as_str()).cmp(&(
            b,
            &y.path,
            y.line,
            y.column,
            y.code.as_str(),
        ))
    });
    let counts = counts.into_inner().unwrap_or_default();
    let mut errors = errors.into_inner().unwrap_or_default();
    errors.sort();
    let mut warnings = Vec::new();
    if shallow {
        warnings.push(
            "the repository is a shallow clone: its history is partial, and the lines of its \
             oldest commits count as added there"
                .to_owned(),
        );
    }
    Ok(History {
        outcome: Outcome {
            findings: findings.into_iter().map(|(_, f)| f).collect(),
            files_scanned: counts.blobs,
            bytes_scanned: counts.bytes,
            binary_skipped: counts.binary,
            errors,
            warnings,
            provenance: Some(provenance(&repo)),
            ..Outcome::default()
        },
        commits,
        merges,
        too_large: counts.too_large,
        shallow,
    })
}

/// The entries whose line a blob of `HEAD`'s tree still holds (at any path: the file may have
/// moved since). Reads `HEAD`'s text blobs once, and only when there is something to look for.
fn in_head(
    repo: &gix::Repository,
    entries: &HashMap<[u8; 32], Entry>,
) -> std::collections::HashSet<[u8; 32]> {
    let mut found = std::collections::HashSet::new();
    if entries.is_empty() {
        return found;
    }
    let Ok(tree) = repo.head_tree() else {
        return found;
    };
    let mut recorder = gix::traverse::tree::Recorder::default();
    if tree.traverse().breadthfirst(&mut recorder).is_err() {
        return found;
    }
    let mut counts = Counts::default();
    let records = recorder.records.iter();
    for blob in records.filter(|r| r.mode.is_blob() && !binary_by_name(r.filepath.as_ref())) {
        let Ok(Some(data)) = text_blob(repo, blob.oid, &mut counts) else {
            continue;
        };
        for (key, e) in entries {
            if !found.contains(key) && memchr::memmem::find(&data, &e.first.line).is_some() {
                found.insert(*key);
            }
        }
        if found.len() == entries.len() {
            break;
        }
    }
    found
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// File name endings of formats that are binary by definition (images, media, fonts,
/// archives, documents, compiled code): their blobs are counted as binary without being read.
/// A history holds every version of each, and reading them is most of the work otherwise.
const BINARY_ENDINGS: &[&str] = &[
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".tif", ".tiff", ".avif", ".heic",
    ".psd", ".mp4", ".mov", ".webm", ".mkv", ".avi", ".mp3", ".wav", ".ogg", ".flac", ".woff",
    ".woff2", ".ttf", ".otf", ".eot", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar",
    ".jar", ".war", ".pdf", ".docx", ".xlsx", ".pptx", ".exe", ".dll", ".so", ".dylib", ".a", ".o",
    ".class", ".pyc", ".wasm",
];

/// Whether `path` names a format that is binary by definition.
fn binary_by_name(path: &[u8]) -> bool {
    BINARY_ENDINGS.iter().any(|e| {
        path.len() > e.len() && path[path.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes())
    })
}

/// A blob's content, or why it is not scanned (`None`: binary or too large, counted).
fn text_blob(
    repo: &gix::Repository,
    id: gix::ObjectId,
    counts: &mut Counts,
) -> Result<Option<Vec<u8>>, String> {
    let header = repo
        .find_header(id)
        .map_err(|e| format!("blob {id}: {e}"))?;
    if header.size() > MAX_BLOB_BYTES {
        counts.too_large += 1;
        return Ok(None);
    }
    let blob = repo.find_blob(id).map_err(|e| format!("blob {id}: {e}"))?;
    let data = blob.detach().data;
    if super::walk::binary(&data) {
        counts.binary += 1;
        return Ok(None);
    }
    Ok(Some(data))
}

/// Diffs one commit against its parent and sends the findings on the lines it added.
fn diff_commit(
    repo: &gix::Repository,
    job: &Job,
    out: &mpsc::Sender<Added>,
    counts: &mut Counts,
) -> Result<(), String> {
    let commit = repo.find_commit(job.id).map_err(|e| e.to_string())?;
    let author_time = commit.author().map(|a| a.seconds()).unwrap_or(0);
    let tree = commit.tree().map_err(|e| e.to_string())?;
    let parent_tree = match job.parent {
        Some(p) => match repo.find_commit(p).and_then(|c| c.tree()) {
            Ok(t) => Some(t),
            // A shallow clone's boundary: its parent is not here, so everything counts as added.
            Err(_) if repo.is_shallow().unwrap_or(false) => None,
            Err(e) => return Err(format!("its parent {p}: {e}")),
        },
        None => None,
    };
    // Renames of identical content only: finding renamed-and-edited files would read every
    // added and deleted blob of the commit to compare them (hundreds of MiB for a commit that
    // moves a folder of images). A file renamed and edited counts as added; its lines are
    // reported once anyway, at the commit that first added them.
    let rewrites = gix::diff::Rewrites {
        copies: None,
        percentage: None,
        limit: 0,
        track_empty: false,
    };
    let options = gix::diff::Options::default().with_rewrites(Some(rewrites));
    let changes = repo
        .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), options)
        .map_err(|e| e.to_string())?;
    for change in changes {
        use gix::object::tree::diff::ChangeDetached as C;
        let (location, mode, id, old) = match change {
            C::Addition {
                location,
                entry_mode,
                id,
                ..
            } => (location, entry_mode, id, None),
            C::Modification {
                location,
                previous_entry_mode,
                previous_id,
                entry_mode,
                id,
            } => {
                let old = previous_entry_mode.is_blob().then_some(previous_id);
                (location, entry_mode, id, old)
            }
            C::Rewrite {
                source_entry_mode,
                source_id,
                location,
                entry_mode,
                id,
                ..
            } => {
                let old = source_entry_mode.is_blob().then_some(source_id);
                (location, entry_mode, id, old)
            }
            C::Deletion { .. } => continue,
        };
        if !mode.is_blob() {
            continue;
        }
        let path: &[u8] = location.as_ref();
        if binary_by_name(path) {
            counts.binary += 1;
            continue;
        }
        let Some(data) = text_blob(repo, id, counts)? else {
            continue;
        };
        counts.blobs += 1;
        counts.bytes += data.len() as u64;
        let name = String::from_utf8_lossy(path);
        let findings = scan_as(&name, shown_path(&path_of(path)), &data);
        if findings.is_empty() {
            continue;
        }
        let added = match old {
            Some(old) => {
                let before: Vec<u8> =
                    text_blob(repo, old, &mut Counts::default())?.unwrap_or_default();
                added_lines(&before, &data)
            }
            None => vec![true; lines(&data).len()],
        };
        let all = lines(&data);
        for f in findings {
            if !added.get(f.line - 1).copied().unwrap_or(false) {
                continue;
            }
            let line = all
                .get(f.line - 1)
                .copied()
                .unwrap_or_default()
                .trim_ascii()
                .to_vec();
            let mut h = Sha256::new();
            h.update(f.code.as_str().as_bytes());
            h.update([0]);
            h.update(&line);
            h.update([0]);
            h.update(f.normalized.as_bytes());
            let key: [u8; 32] = h.finalize().into();
            let added = Added {
                seq: job.seq,
                commit: job.id,
                author_time,
                path: path.to_vec(),
                key,
                line,
                finding: f,
            };
            if out.send(added).is_err() {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The lines of `data`, each without its line ending, as the scanner numbers them.
fn lines(data: &[u8]) -> Vec<&[u8]> {
    if data.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<&[u8]> = data
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .collect();
    if data.ends_with(b"\n") {
        out.pop();
    }
    out
}

/// For each line of `after`, whether `before` lacked it (a line diff, as `git diff` makes).
fn added_lines(before: &[u8], after: &[u8]) -> Vec<bool> {
    let (old, new) = (lines(before), lines(after));
    let mut added = vec![false; new.len()];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    for op in
        similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &old, &new, Some(deadline))
    {
        let range = op.new_range();
        if matches!(
            op.tag(),
            similar::DiffTag::Insert | similar::DiffTag::Replace
        ) {
            for a in &mut added[range] {
                *a = true;
            }
        }
    }
    added
}

/// Scans what the index holds for each staged path (an entry whose blob is not the one in
/// `HEAD`'s tree), under `paths` (the whole index when empty), as `git commit` would record it.
pub fn scan_staged(repo_path: &Path, paths: &[PathBuf]) -> Result<Outcome, String> {
    let repo = open(repo_path)?;
    let index = repo
        .index_or_empty()
        .map_err(|e| format!("cannot read the index: {e}"))?;
    let head = repo.head_tree().ok();
    let workdir = repo.workdir().map(Path::to_path_buf);
    let cwd = std::env::current_dir().map_err(|e| format!("the current folder: {e}"))?;
    // The prefixes, relative to the work tree, that the paths named stand for.
    let mut prefixes = Vec::new();
    if let Some(root) = &workdir {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        for p in paths {
            let abs = std::fs::canonicalize(cwd.join(p)).unwrap_or_else(|_| cwd.join(p));
            match abs.strip_prefix(&root) {
                Ok(rel) => prefixes.push(rel.to_path_buf()),
                Err(_) => {
                    return Err(format!(
                        "{}: outside the repository's work tree",
                        shown_path(p)
                    ));
                }
            }
        }
    }
    let mut outcome = Outcome::default();
    let mut counts = Counts::default();
    for entry in index.entries() {
        if entry.stage() != gix::index::entry::Stage::Unconflicted {
            continue;
        }
        let Some(mode) = entry.mode.to_tree_entry_mode() else {
            continue;
        };
        if !mode.is_blob() {
            continue;
        }
        let path: &[u8] = entry.path(&index).as_ref();
        if binary_by_name(path) {
            counts.binary += 1;
            continue;
        }
        let rel = path_of(path);
        if !prefixes.is_empty() && !prefixes.iter().any(|p| rel.starts_with(p)) {
            continue;
        }
        if let Some(tree) = &head
            && let Ok(Some(e)) = tree.lookup_entry_by_path(&rel)
            && e.object_id() == entry.id
            && e.mode() == mode
        {
            continue;
        }
        match text_blob(&repo, entry.id, &mut counts) {
            Ok(Some(data)) => {
                counts.blobs += 1;
                counts.bytes += data.len() as u64;
                let name = String::from_utf8_lossy(path);
                outcome
                    .findings
                    .extend(scan_as(&name, shown_path(&rel), &data));
            }
            Ok(None) => {}
            Err(message) => outcome.errors.push(ReadError {
                path: shown_path(&rel),
                message: short_ids(&message),
            }),
        }
    }
    outcome.provenance = Some(provenance(&repo));
    outcome.files_scanned = counts.blobs;
    outcome.bytes_scanned = counts.bytes;
    outcome.binary_skipped = counts.binary;
    if counts.too_large > 0 {
        outcome.warnings.push(format!(
            "{} staged over 16 MiB not read",
            if counts.too_large == 1 {
                "1 file".to_owned()
            } else {
                format!("{} files", counts.too_large)
            }
        ));
    }
    outcome.findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.code.as_str()).cmp(&(
            &b.path,
            b.line,
            b.column,
            b.code.as_str(),
        ))
    });
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_are_the_inserted_and_replaced_ones() {
        let before = b"a\nb\nc\n";
        let after = b"a\nB\nc\nd\n";
        assert_eq!(added_lines(before, after), [false, true, false, true]);
        assert_eq!(added_lines(b"", b"x"), [true]);
        assert_eq!(added_lines(b"x\r\ny\r\n", b"x\ny\r\n"), [false, false]);
    }

    #[test]
    fn binary_formats_are_told_by_name() {
        assert!(binary_by_name(b"images/a/Logo.PNG"));
        assert!(binary_by_name(b"font.woff2"));
        assert!(!binary_by_name(b"icon.svg"));
        assert!(!binary_by_name(b".png"));
        assert!(!binary_by_name(b"png.md"));
    }

    #[test]
    fn full_ids_are_cut_to_twelve_digits() {
        let id = "4a7d0c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c";
        assert_eq!(
            short_ids(&format!("commit {id}: blob {id} not found")),
            "commit 4a7d0c1e2f3a: blob 4a7d0c1e2f3a not found"
        );
        assert_eq!(short_ids("29841_abc"), "29841_abc");
    }

    #[test]
    fn lines_are_numbered_as_the_scanner_numbers_them() {
        assert_eq!(lines(b"a\r\nb"), [&b"a"[..], b"b"]);
        assert_eq!(lines(b"a\n"), [&b"a"[..]]);
        assert_eq!(lines(b""), Vec::<&[u8]>::new());
    }
}
