//! The `gcore-auth-lint` command line.
fn main() {}
