//! Pins what every benchmark input is, so a change in the core's verdicts cannot silently
//! turn a benchmark of one path into a benchmark of another.

use gcore_auth::{Code, InputKind};
use gcore_auth_benches::{LINE_PATTERN, VALUE_PATTERN, line_cases, valid_value, value_cases};

#[test]
fn the_valid_value_is_141_bytes_and_clean() {
    let v = valid_value();
    assert_eq!(v.len(), 141);
    let report = gcore_auth::check(&v);
    assert!(report.is_accepted());
    assert!(report.diagnostics().is_empty(), "{report}");
}

#[test]
fn value_cases_have_their_first_code_and_verdict() {
    let cases = value_cases();
    assert_eq!(cases[0].name, "valid");
    for case in &cases {
        let report = gcore_auth::check(&case.input);
        assert_eq!(report.input_kind(), InputKind::Value);
        assert_eq!(
            report.diagnostics().next().map(|d| d.code()),
            case.first_code,
            "{}: {report}",
            case.name
        );
        assert_eq!(report.is_accepted(), case.accepted, "{}", case.name);
        assert_eq!(
            gcore_auth::is_accepted(&case.input),
            case.accepted,
            "{}",
            case.name
        );
    }
}

#[test]
fn line_cases_have_their_first_code_and_verdict() {
    for case in &line_cases() {
        let report = gcore_auth::check_line(&case.input);
        assert_eq!(report.input_kind(), InputKind::Line);
        assert_eq!(
            report.diagnostics().next().map(|d| d.code()),
            case.first_code,
            "{}: {report}",
            case.name
        );
        assert_eq!(report.is_accepted(), case.accepted, "{}", case.name);
    }
}

#[test]
fn the_baselines_agree_with_the_check_on_every_input() {
    let regex = regex::Regex::new(VALUE_PATTERN).unwrap();
    let lite = regex_lite::Regex::new(VALUE_PATTERN).unwrap();
    for case in &value_cases() {
        let text = std::str::from_utf8(&case.input).unwrap();
        assert_eq!(
            regex.is_match(text),
            case.accepted,
            "regex on {}",
            case.name
        );
        assert_eq!(
            lite.is_match(text),
            case.accepted,
            "regex-lite on {}",
            case.name
        );
    }
    let regex = regex::Regex::new(LINE_PATTERN).unwrap();
    for case in &line_cases() {
        let text = std::str::from_utf8(&case.input).unwrap();
        assert_eq!(
            regex.is_match(text),
            case.accepted,
            "line regex on {}",
            case.name
        );
    }
}

#[test]
fn every_invalid_class_is_a_distinct_code() {
    let mut codes: Vec<Code> = value_cases().iter().filter_map(|c| c.first_code).collect();
    let n = codes.len();
    codes.sort();
    codes.dedup();
    assert_eq!(
        codes.len(),
        n,
        "two invalid value cases measure the same class"
    );
}
