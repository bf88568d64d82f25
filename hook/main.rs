//! `gcore-auth-lint-hook`: `gcore-auth-lint scan` for pre-commit, which installs it from the
//! repository root. Takes the same options as `gcore-auth-lint scan`; pre-commit appends the
//! staged file names.
use std::process::ExitCode;

use clap::Parser;
use gcore_auth_lint::cli::scan::{ScanArgs, run};

/// Find Gcore Authorization headers, tokens and token variables in the given files and report
/// what is wrong. Exit status: 0 clean, 1 findings, 2 usage or I/O errors.
#[derive(Parser)]
#[command(name = "gcore-auth-lint-hook", version)]
struct Hook {
    #[command(flatten)]
    scan: ScanArgs,
}

fn main() -> ExitCode {
    run(&Hook::parse().scan)
}
