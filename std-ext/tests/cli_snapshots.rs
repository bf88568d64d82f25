//! Snapshots of the human output (`tests/snapshots/*.txt`), so that any change in wording or
//! layout is seen in review. Refresh them with `SNAPSHOTS=overwrite cargo test --test
//! cli_snapshots` and read the diff. The comparison is exact (`raw`): no wildcards, and
//! backslashes stay backslashes.

use assert_cmd::Command;
use snapbox::{assert_data_eq, file};

const HEX128: &str = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366cdcf1ba1cde11df51cf198d4af1124d30269bfb42bc7ec02e5f2a25212efcef3";
/// `{"typ":"JWT","alg":"RS256"}` . `{"token_type":"access","exp":1700000000}` . signature
const JWT_EXPIRED: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzAwMDAwMDAwfQ.yekfj27dpGjUa4ujRJmst6hbS4ZteX5cUQ91D0G";

/// Runs the binary with no colours and returns its exit status and standard output.
fn run(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::cargo_bin("gcore-auth-lint").unwrap();
    cmd.env_clear()
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn truncated_token() {
    let (code, out) = run(&["check", "Authorization: APIKey 29841"], None, &[]);
    assert_eq!(code, 1);
    assert_data_eq!(out, file!["snapshots/truncated.txt"].raw());
}

#[test]
fn permanent_token_with_bearer() {
    let input = format!("Authorization: Bearer 29841_{HEX128}");
    let (code, out) = run(&["check", &input], None, &[]);
    assert_eq!(code, 1);
    assert_data_eq!(out, file!["snapshots/bearer.txt"].raw());
}

#[test]
fn a_variable_with_bearer_gets_a_fix_that_may_be_incorrect() {
    let (code, out) = run(&["check", "Bearer $GCORE_API_KEY"], None, &[]);
    assert_eq!(code, 1);
    assert_data_eq!(out, file!["snapshots/bearer_variable.txt"].raw());
}

#[test]
fn quotes_are_removed_by_two_edits() {
    let input = format!("APIKey \"29841_{HEX128}\"");
    let (code, out) = run(&["check", &input], None, &[]);
    assert_eq!(code, 1);
    assert_data_eq!(out, file!["snapshots/quoted.txt"].raw());
}

#[test]
fn a_space_is_inserted_next_to_the_hidden_secret() {
    let input = format!("APIKey29841_{HEX128}");
    let (code, out) = run(&["check", &input], None, &[]);
    assert_eq!(code, 1);
    assert_data_eq!(out, file!["snapshots/glued.txt"].raw());
}

#[test]
fn zero_width_space_is_escaped_and_pointed_at() {
    let input = format!("Authorization: APIKey \u{200b}29841_{HEX128}");
    let (code, out) = run(&["check", &input], None, &[]);
    assert_eq!(code, 1);
    assert_data_eq!(out, file!["snapshots/zero_width_space.txt"].raw());
}

#[test]
fn accepted_with_notes() {
    let input = format!("Authorization: apikey 768660${HEX128}");
    let (code, out) = run(&["check", &input], None, &[]);
    assert_eq!(code, 0);
    assert_data_eq!(out, file!["snapshots/accepted_with_notes.txt"].raw());
}

#[test]
fn stdin_lines() {
    let input = format!(
        "Authorization: APIKey 29841_{HEX128}\nAuthorisation: APIKey 29841_{HEX128}\r\nAPIKey $GCORE_API_KEY\n"
    );
    let (code, out) = run(&["check"], Some(&input), &[]);
    assert_eq!(code, 1);
    assert_data_eq!(out, file!["snapshots/stdin.txt"].raw());
}

#[test]
fn expired_jwt() {
    let input = format!("Authorization: Bearer {JWT_EXPIRED}");
    let (code, out) = run(&["check", "--now", "1800000000", &input], None, &[]);
    assert_eq!(code, 1);
    assert_data_eq!(out, file!["snapshots/jwt_expired.txt"].raw());
}

#[test]
fn env_variable_with_the_scheme() {
    let value = format!("APIKey 29841${HEX128}");
    let (code, out) = run(&["env"], None, &[("GCORE_API_KEY", &value)]);
    assert_eq!(code, 1);
    assert_data_eq!(out, file!["snapshots/env.txt"].raw());
}

#[test]
fn explain() {
    let (code, out) = run(&["explain", "token-truncated"], None, &[]);
    assert_eq!(code, 0);
    assert_data_eq!(out, file!["snapshots/explain.txt"].raw());
}

#[test]
fn rules() {
    let (code, out) = run(&["rules"], None, &[]);
    assert_eq!(code, 0);
    assert_data_eq!(out, file!["snapshots/rules.txt"].raw());
}
