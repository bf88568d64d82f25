//! Source: walking trees, reading files and streams, and ignore files.

pub(crate) mod ignores;
pub(crate) mod walk;
