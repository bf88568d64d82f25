//! How a path is shown: in findings, warnings and errors alike.

use std::path::Path;

/// How standard input is shown in findings and messages (given as `-`).
pub const STDIN_PATH: &str = "<stdin>";

/// The path as shown to people and machines: as it is, but for what a terminal must not
/// receive (control characters, bidirectional controls, invisible characters, bytes that are
/// not UTF-8: escaped as [`crate::render::Style::AsIs`] says), and for secrets, which the one
/// redaction rule ([`gcore_auth::Hidden`]) finds in the whole path, so a secret spread over
/// folder names is hidden as one. A file name holding a line ending or an escape sequence
/// cannot break a line of output or drive the terminal. Every path in a [`super::Finding`], a
/// warning or an error goes through here.
pub(crate) fn shown_path(path: &Path) -> String {
    let bytes = raw_bytes(path);
    let hidden = gcore_auth::Hidden::new(&bytes, &[]);
    crate::render::Shown::styled(&bytes, hidden, crate::render::Style::AsIs)
        .text()
        .to_owned()
}

#[cfg(unix)]
fn raw_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn raw_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    match path.to_string_lossy() {
        std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
        std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
    }
}

/// The start of the name of a backup that `scan --fix` writes beside a file while it rewrites
/// it, and removes when done. One found by a scan was left by a fix that was interrupted.
pub const BACKUP_PREFIX: &str = ".gcore-auth-lint-backup-";

/// True when a file named `name` was left by an interrupted `scan --fix` or
/// `--write-baseline`: a backup ([`BACKUP_PREFIX`]), the temporary file of a baseline, or
/// the temporary file of earlier versions' fixes (which renamed a new file over the old one).
///
/// ```
/// use gcore_auth_lint::scan::rewrite::is_leftover;
/// assert!(is_leftover(b".gcore-auth-lint-backup-x1y2z3.deploy.sh"));
/// assert!(is_leftover(b".gcore-auth-lint-fixAbC123"));
/// assert!(is_leftover(b".gcore-auth-lint-baselineAbC123"));
/// assert!(!is_leftover(b".gcore-auth-lint.toml"));
/// assert!(!is_leftover(b"gcore-auth-lint-backup-notes.md"));
/// ```
pub fn is_leftover(name: &[u8]) -> bool {
    [
        BACKUP_PREFIX,
        ".gcore-auth-lint-fix",
        ".gcore-auth-lint-baseline",
    ]
    .iter()
    .any(|p| name.starts_with(p.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn control_bytes_and_invalid_utf8_are_escaped() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(OsStr::from_bytes(b"d/a\nb\x1b[31m\xff.sh"));
        assert_eq!(shown_path(p), "d/a\\nb\\u{1b}[31m\\xff.sh");
        assert_eq!(shown_path(Path::new("src/main.rs")), "src/main.rs");
    }
}
