//! The `gcore-auth-lint` command line.
use std::process::ExitCode;

fn main() -> ExitCode {
    gcore_auth_lint::cli::main()
}
