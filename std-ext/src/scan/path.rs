//! How a path is shown: in findings, warnings and errors alike.

use std::path::Path;

/// How standard input is shown in findings and messages (given as `-`).
pub const STDIN_PATH: &str = "<stdin>";

/// The path as shown to people and machines: its raw bytes escaped (and redacted) by
/// [`gcore_auth::Escaped`], the same as every other text this crate prints from input. A file
/// name holding a line ending or an escape sequence cannot break a line of output or drive the
/// terminal. Every path in a [`super::Finding`], a warning or an error goes through here.
pub(crate) fn shown_path(path: &Path) -> String {
    gcore_auth::Escaped(&raw_bytes(path)).to_string()
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
