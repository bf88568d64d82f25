//! Writing new content into an existing file *as the file it is*: the same inode, so its owner,
//! group, mode, extended attributes (ACLs, security labels), hard links and the descriptors
//! other processes hold on it all stay.
//!
//! The model is gofmt's: a backup of the old content is written beside the file first, the
//! file is rewritten in place, and the backup is removed. A crash or kill at any point leaves
//! the old content in the file, or the new one, or the old one in the backup: never only half
//! of the file. The backup is created in the file's own folder, readable by its creator alone
//! (mode 0600), and its name starts with [`BACKUP_PREFIX`], so that a scan finds one left
//! behind and says so.
//!
//! The window in which another writer's change can be lost is as small as the OS allows: the
//! file is read, compared and written through one open descriptor, under an advisory lock
//! (`flock`), and compared again just before the write.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub use super::path::{BACKUP_PREFIX, is_leftover};

/// Why a file was not rewritten, when that is no I/O error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// It changed between the read and the write (another writer): left as it is.
    Changed,
    /// Another process holds a lock on it.
    Locked,
    /// No one may write it (its mode has no write permission): not rewritten, even by a user
    /// the mode does not bind.
    ReadOnly,
    /// It is not a regular file.
    NotRegular,
    /// It is larger than the limit given.
    TooLarge,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refused::Changed => "it changed while it was being fixed: left as it is",
            Refused::Locked => "another process holds a lock on it: left as it is",
            Refused::ReadOnly => "it is read-only (its mode allows no one to write it): not fixed",
            Refused::NotRegular => "not a regular file: not fixed",
            Refused::TooLarge => "too large to fix",
        })
    }
}

/// A file opened for rewriting: locked, with the content it held when read.
#[derive(Debug)]
pub struct Open {
    file: File,
    /// Where it really is (links followed): its backup goes into this folder.
    real: PathBuf,
    /// What it held when read.
    pub content: Vec<u8>,
    len: u64,
    mtime: Option<SystemTime>,
}

/// Opens the regular file at `path` (a link is followed) for rewriting: checks that it may be
/// written, takes an advisory lock, and reads it whole, if it is at most `limit` bytes.
pub fn open(path: &Path, limit: u64) -> io::Result<Result<Open, Refused>> {
    // The target's type is known before it is opened: a FIFO is never opened (that would wait
    // for a writer).
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Ok(Err(Refused::NotRegular));
    }
    if meta.permissions().readonly() {
        return Ok(Err(Refused::ReadOnly));
    }
    if meta.len() > limit {
        return Ok(Err(Refused::TooLarge));
    }
    let real = std::fs::canonicalize(path)?;
    let mut file = OpenOptions::new().read(true).write(true).open(&real)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Ok(Err(Refused::Locked)),
        // A file system without locks: the comparisons below still guard the write.
        Err(std::fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Err(Refused::NotRegular));
    }
    if meta.len() > limit {
        return Ok(Err(Refused::TooLarge));
    }
    let mut content = Vec::with_capacity(meta.len() as usize);
    (&mut file).take(limit + 1).read_to_end(&mut content)?;
    if content.len() as u64 > limit {
        return Ok(Err(Refused::TooLarge));
    }
    Ok(Ok(Open {
        file,
        real,
        len: meta.len(),
        mtime: meta.modified().ok(),
        content,
    }))
}

impl Open {
    /// Writes `new` into the file in place of what it held, as the module says. On an error
    /// the old content is put back; if even that fails, the backup is kept and the error names
    /// it.
    pub fn replace(mut self, new: &[u8]) -> io::Result<Result<(), Refused>> {
        let backup = self.backup()?;
        if !self.unchanged()? {
            return Ok(Err(Refused::Changed));
        }
        let from = self
            .content
            .iter()
            .zip(new)
            .take_while(|(a, b)| a == b)
            .count();
        match write_at(&mut self.file, new, from) {
            Ok(()) => {
                // The new content is safe on disk: the backup can go. A failure to remove it
                // is reported; the next scan reports the file too.
                backup.close()?;
                Ok(Ok(()))
            }
            Err(e) => {
                let old = std::mem::take(&mut self.content);
                if write_at(&mut self.file, &old, from).is_ok() {
                    return Err(e);
                }
                let kept = backup.into_temp_path().keep().map_err(|k| k.error)?;
                Err(io::Error::new(
                    e.kind(),
                    format!(
                        "{e}; the file may be cut short: its old content is in {}",
                        super::path::shown_path(&kept)
                    ),
                ))
            }
        }
    }

    /// The old content, written and synced to a new file beside this one, readable by its
    /// creator alone.
    fn backup(&mut self) -> io::Result<tempfile::NamedTempFile> {
        let dir = self.real.parent().unwrap_or(Path::new("."));
        // (Created readable by its creator alone: mode 0600 where modes exist.)
        let mut b = tempfile::Builder::new();
        b.prefix(BACKUP_PREFIX);
        // The name of the file it belongs to, when the folder allows names that long.
        let name = self.real.file_name().map(|n| {
            let mut s = std::ffi::OsString::from(".");
            s.push(n);
            s
        });
        let fits = name
            .as_ref()
            .is_some_and(|n| n.len() + BACKUP_PREFIX.len() + 6 <= 255);
        if let (Some(n), true) = (&name, fits) {
            b.suffix(n);
        }
        let mut tmp = b.tempfile_in(dir)?;
        tmp.write_all(&self.content)?;
        tmp.as_file().sync_all()?;
        Ok(tmp)
    }

    /// True when the file still holds what was read (its length, its modification time and
    /// its bytes, read again through the same descriptor).
    fn unchanged(&mut self) -> io::Result<bool> {
        let meta = self.file.metadata()?;
        if meta.len() != self.len || meta.modified().ok() != self.mtime {
            return Ok(false);
        }
        self.file.seek(SeekFrom::Start(0))?;
        let mut now = Vec::with_capacity(self.content.len());
        (&mut self.file).take(self.len + 1).read_to_end(&mut now)?;
        Ok(now == self.content)
    }
}

/// Writes `content[from..]` at offset `from`, sets the file's length to `content`'s and syncs.
fn write_at(file: &mut File, content: &[u8], from: usize) -> io::Result<()> {
    file.seek(SeekFrom::Start(from as u64))?;
    file.write_all(&content[from..])?;
    file.set_len(content.len() as u64)?;
    file.sync_all()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn a_rewrite_keeps_the_inode_and_leaves_no_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"one two three").unwrap();
        let ino = std::fs::metadata(&path).unwrap().ino();
        let open = open(&path, 1 << 20).unwrap().unwrap();
        assert_eq!(open.content, b"one two three");
        open.replace(b"one 2").unwrap().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one 2");
        assert_eq!(std::fs::metadata(&path).unwrap().ino(), ino);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // Longer content grows it.
        let open = super::open(&path, 1 << 20).unwrap().unwrap();
        open.replace(b"one 2 three four").unwrap().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one 2 three four");
    }

    #[test]
    fn a_change_after_the_read_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"one").unwrap();
        let open = open(&path, 1 << 20).unwrap().unwrap();
        // Another writer appends.
        let mut other = OpenOptions::new().append(true).open(&path).unwrap();
        std::io::Write::write_all(&mut other, b" more").unwrap();
        assert_eq!(open.replace(b"1").unwrap(), Err(Refused::Changed));
        assert_eq!(std::fs::read(&path).unwrap(), b"one more");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refusals() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(open(&path, 9).unwrap().unwrap_err(), Refused::TooLarge);
        assert_eq!(
            open(dir.path(), 9).unwrap().unwrap_err(),
            Refused::NotRegular
        );
        let held = File::open(&path).unwrap();
        held.lock().unwrap();
        assert_eq!(open(&path, 99).unwrap().unwrap_err(), Refused::Locked);
        drop(held);
        std::fs::set_permissions(
            &path,
            <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o444),
        )
        .unwrap();
        assert_eq!(open(&path, 99).unwrap().unwrap_err(), Refused::ReadOnly);
    }
}
