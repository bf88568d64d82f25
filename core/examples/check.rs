//! Checks each argument (a header line or value) and prints the report.
//!
//! `cargo run -p gcore-auth --example check -- "Authorization: Bearer 29841_c767..."`

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() -> ExitCode {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let policy = gcore_auth::Policy::new().with_clock(now);
    let mut rejected = false;
    for arg in std::env::args_os().skip(1) {
        let arg = arg.into_encoded_bytes();
        let report = policy.check_input(&arg);
        rejected |= !report.is_accepted();
        print!("{report}");
    }
    if rejected {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
