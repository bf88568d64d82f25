//! The std extension of `gcore-auth`: rendering reports (human, JSON, SARIF), checking the
//! token environment variables, and scanning files and trees. The `gcore-auth-lint` binary is
//! a thin command line over this library.
#![deny(missing_docs)]

pub mod cli;
pub mod env;
pub mod render;
pub mod scan;
