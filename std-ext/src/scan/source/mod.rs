//! Source: walking trees, reading files and streams, and ignore files; a repository's history
//! and index.

pub(crate) mod diffs;
pub mod filter;
pub mod git;
pub(crate) mod ignores;
pub(crate) mod walk;
