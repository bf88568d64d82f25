//! Scanning files and trees for Gcore Authorization headers, tokens and token variables.
//!
//! [`scan_bytes`] reads one file's content without I/O; [`scan_paths`] walks trees in
//! parallel (gitignore-aware, hidden files included, `.git` skipped, only regular files read,
//! binary files skipped, large files read in chunks); [`crate::cli::scan::run`] is the `gcore-auth-lint scan`
//! command.
//!
//! ```
//! use gcore_auth_lint::scan::scan_bytes;
//!
//! let script = b"curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/iam/clients/me\n";
//! let findings = scan_bytes("deploy.sh", script);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].code.as_str(), "scheme-bearer");
//! assert_eq!((findings[0].line, findings[0].column), (1, 32));
//! assert_eq!(findings[0].server_reply.as_deref(), Some("Given token not valid for any token type"));
//! ```

mod baseline;
mod diagnose;
mod file;
mod finding;
mod fixer;
mod judge;
mod language;
pub(crate) mod output;
pub mod patch;
mod path;
pub mod rewrite;
mod select;
mod sites;
mod source;

pub use baseline::Baseline;
pub use file::scan_bytes;
pub use finding::{Commit, FileEdit, FileFix, Finding, Outcome, Provenance, ReadError};
pub use fixer::{Choice, Fixed, MAX_FIX_BYTES, MAX_ROUNDS, Written, fix_content, fix_file};
pub use language::configure;
pub use language::extra::Extra;
pub use output::{github, gitlab, help_uri, human, json, rule_markdown, sarif, sarif_run};
pub use path::STDIN_PATH;
pub(crate) use path::shown_path;
pub use select::{Selection, UnknownCode, codes};
pub use source::filter::{BadGlob, PathFilter};
pub use source::git::{History, HistoryOptions, MAX_BLOB_BYTES, scan_history, scan_staged};
pub use source::walk::{Options, PIECE_OVERLAP, max_threads, scan_paths, scan_reader};
