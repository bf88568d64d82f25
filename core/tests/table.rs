//! The case tables (`tests/cases/*.tsv`) run through the library. The format is described at
//! the top of `check.tsv`; `more.tsv` holds the project's own further cases.

use gcore_auth::{Policy, Report};

/// The clock of the table tests: 2027-01-15, after `JWT_EXPIRED` and before `JWT_ACCESS`.
const NOW: u64 = 1_800_000_000;

#[path = "support/cases.rs"]
mod cases;
use cases::Case;

fn judge(case: &Case, report: &Report<'_>) -> Result<(), String> {
    let verdict = report.verdict().as_str();
    if verdict != case.verdict {
        return Err(format!("verdict {verdict}, want {}", case.verdict));
    }
    let reply = report.server_reply();
    let got = reply.has_text().then(|| reply.to_string());
    match case.reply.as_str() {
        "-" if got.is_some() => return Err(format!("reply {got:?}, want none")),
        "-" | "*" | "" => {}
        want => match want.strip_prefix("prefix:") {
            Some(prefix) if !got.as_deref().is_some_and(|g| g.starts_with(prefix)) => {
                return Err(format!("reply {got:?}, want prefix {prefix:?}"));
            }
            Some(_) => {}
            None if got.as_deref() != Some(want) => {
                return Err(format!("reply {got:?}, want {want:?}"));
            }
            None => {}
        },
    }
    let present: Vec<&str> = report
        .diagnostics()
        .iter()
        .map(|d| d.code().as_str())
        .collect();
    for code in case
        .codes
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        match code.strip_prefix('!') {
            Some(absent) if present.contains(&absent) => {
                return Err(format!("{absent} present, want absent (got {present:?})"));
            }
            Some(_) => {}
            None if !present.contains(&code) => {
                return Err(format!("{code} missing (got {present:?})"));
            }
            None => {}
        }
    }
    Ok(())
}

fn run(name: &str) {
    let policy = Policy::new().now(NOW);
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(name);
    let cases = cases::load(&path).cases;
    assert!(cases.len() >= 20, "{name}: only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let report = policy.check_input(case.input.as_bytes());
        if let Err(why) = judge(case, &report) {
            failures.push(format!("{} {:?}: {why}\n{report}", case.at, case.input));
        }
        // The fast path agrees on every case.
        let value_report = policy.check(case.input.as_bytes());
        assert_eq!(
            policy.is_accepted(case.input.as_bytes()),
            value_report.is_accepted(),
            "{}",
            case.at
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn shared_case_table() {
    run("check.tsv");
}

#[test]
fn project_case_table() {
    run("more.tsv");
}
