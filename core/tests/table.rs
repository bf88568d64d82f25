//! The case tables (`tests/cases/*.tsv`) run through the library. The format is described at
//! the top of `check.tsv`; `more.tsv` holds the project's own further cases.

use gcore_auth::{Policy, Report};

/// The clock of the table tests: 2027-01-15, after `JWT_EXPIRED` and before `JWT_ACCESS`.
const NOW: u64 = 1_800_000_000;

#[path = "support/cases.rs"]
mod cases;
use cases::Case;

fn judge(case: &Case, report: &Report<'_>) -> Result<(), String> {
    let text = report
        .reply()
        .has_text()
        .then(|| report.reply_text().to_string());
    let present: Vec<&str> = report.diagnostics().map(|d| d.code().as_str()).collect();
    let verdict = if report.is_accepted() {
        "accepted"
    } else {
        "rejected"
    };
    case.judge(verdict, text.as_deref(), &present)
}

fn run(name: &str) {
    let policy = Policy::new().with_clock(NOW);
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
