//! The std extension of `gcore-auth`: rendering reports (human, JSON, SARIF), checking the
//! token environment variables, and scanning files and trees. The `gcore-auth-lint` binary is
//! a thin command line over this library.
#![deny(missing_docs)]

pub mod cli;
mod edit;
pub mod env;
pub mod render;
pub mod scan;

/// How many diagnoses the reports this crate builds keep (`check`, `env`, `scan`): every one
/// the diagnosis pass finds in practice, more than the core's default
/// ([`gcore_auth::DEFAULT_CAPACITY`]).
pub const CAPACITY: usize = 16;

/// The report this crate builds for its outputs: a core report keeping [`CAPACITY`] diagnoses.
pub type Report<'a> = gcore_auth::Report<'a, CAPACITY>;
