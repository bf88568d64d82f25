//! A driver for profilers (callgrind, perf): runs one implementation on one benchmark input
//! in a loop, so the profile shows where the time of that case goes.
//!
//! `cargo run --release -p gcore-auth-benches --example profile -- check valid 100000`
//! (implementations: `is_accepted`, `check`, `check_line`; inputs: the names of the value
//! cases, or of the line cases for `check_line`).

use std::hint::black_box;
use std::process::ExitCode;

use gcore_auth_benches::{built, line_cases, value_cases};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [function, input, rest @ ..] = args.as_slice() else {
        eprintln!("usage: profile <is_accepted|check|check_line> <input name> [iterations]");
        return ExitCode::from(2);
    };
    let iterations: u64 = match rest.first().map(|n| n.parse()) {
        None => 100_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("profile: bad iteration count: {e}");
            return ExitCode::from(2);
        }
    };
    let cases = if function == "check_line" {
        line_cases()
    } else {
        value_cases()
    };
    let Some(case) = cases.iter().find(|c| c.name == input) else {
        let names: Vec<_> = cases.iter().map(|c| c.name).collect();
        eprintln!("profile: no input {input:?}; one of {names:?}");
        return ExitCode::from(2);
    };
    let run: fn(&[u8]) -> bool = match function.as_str() {
        "is_accepted" => gcore_auth::is_accepted,
        "check" => |v| built(&gcore_auth::check(v)),
        "check_line" => |v| built(&gcore_auth::check_line(v)),
        other => {
            eprintln!("profile: unknown implementation {other:?}");
            return ExitCode::from(2);
        }
    };
    let mut accepted = 0u64;
    for _ in 0..iterations {
        accepted += u64::from(run(black_box(&case.input)));
    }
    println!("{function} {input}: accepted {accepted} of {iterations}");
    ExitCode::SUCCESS
}
