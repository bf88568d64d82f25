//! The case tables of the core (`../core/tests/cases/*.tsv`, format described at the top of
//! `check.tsv`) run through the `gcore-auth-lint` binary: the JSON contract row by row, and no
//! secret in any output format.

use std::path::PathBuf;

#[path = "../../core/tests/support/cases.rs"]
mod cases;
use cases::{Case, Table, unescape};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The clock of the table tests: 2027-01-15, after `JWT_EXPIRED` and before `JWT_ACCESS`.
const NOW: &str = "1800000000";

/// Every table in `../core/tests/cases`.
fn tables() -> Vec<Table> {
    cases::tables(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/cases"))
}

/// Runs `check` on one input: as an argument, or as the one line of standard input when it
/// holds a NUL byte (which no argument can carry).
fn check(input: &str, extra: &[&str]) -> Output {
    let mut cmd = Command::cargo_bin("gcore-auth-lint").unwrap();
    cmd.arg("check").args(extra).args(["--now", NOW]);
    if input.contains('\0') {
        assert!(!input.contains('\n'), "cannot pass {input:?}");
        cmd.write_stdin(format!("{input}\n"));
    } else {
        cmd.arg("--").arg(input);
    }
    cmd.output().unwrap()
}

fn judge(case: &Case, out: &Output) -> Result<(), String> {
    let want = match case.verdict.as_str() {
        "accepted" => 0,
        "rejected" => 1,
        other => return Err(format!("bad verdict column {other:?}")),
    };
    if out.status.code() != Some(want) {
        return Err(format!(
            "exit {:?}, want {want}; stderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = std::str::from_utf8(&out.stdout).map_err(|e| e.to_string())?;
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() != 1 {
        return Err(format!("{} lines of output, want 1", lines.len()));
    }
    let v: Value = serde_json::from_str(lines[0]).map_err(|e| e.to_string())?;
    let present: Vec<&str> = v["diagnostics"]
        .as_array()
        .ok_or("no diagnostics array")?
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default())
        .collect();
    if !(v["server_reply"].is_null() || v["server_reply"].is_string()) {
        return Err(format!(
            "server_reply {}, want a string or null",
            v["server_reply"]
        ));
    }
    let verdict = v["verdict"].as_str().ok_or("no verdict")?;
    case.judge(verdict, v["server_reply"].as_str(), &present)
}

/// The shape of one JSON object: the contract fields with their types.
fn assert_schema(v: &Value, at: &str) {
    let kind = v["input_kind"].as_str().unwrap();
    assert!(["line", "value", "token"].contains(&kind), "{at}: {v}");
    assert!(
        ["accepted", "rejected"].contains(&v["verdict"].as_str().unwrap()),
        "{at}"
    );
    assert!(
        v["server_reply"].is_null() || v["server_reply"].is_string(),
        "{at}"
    );
    assert_eq!(
        v["reply_basis"].is_null(),
        v["verdict"] == "accepted",
        "{at}"
    );
    assert!(v["dropped"].is_u64(), "{at}");
    assert!(v["input"].is_string(), "{at}");
    for d in v["diagnostics"].as_array().unwrap() {
        let code = d["code"].as_str().unwrap();
        let entry = gcore_auth::Code::from_name(code).unwrap().entry();
        assert!(
            ["error", "warning", "note"].contains(&d["severity"].as_str().unwrap()),
            "{at}"
        );
        assert!(
            ["documented", "library", "inferred", "rfc", "policy"]
                .contains(&d["basis"].as_str().unwrap()),
            "{at}"
        );
        assert!(!d["message"].as_str().unwrap().is_empty(), "{at}");
        assert!(!d["help"].as_str().unwrap().is_empty(), "{at}");
        let (start, end) = (d["span"]["start"].as_u64(), d["span"]["end"].as_u64());
        assert!(start.unwrap() <= end.unwrap(), "{at}");
        // A fix only where the catalogue says the code carries one; its edits in order.
        let fix = &d["fix"];
        if !fix.is_null() {
            assert!(entry.autofix.is_some(), "{at}: {code} has a fix");
            assert!(!fix["message"].as_str().unwrap().is_empty(), "{at}");
            assert!(
                ["machine-applicable", "maybe-incorrect"]
                    .contains(&fix["applicability"].as_str().unwrap()),
                "{at}"
            );
            let edits = fix["edits"].as_array().unwrap();
            assert!(!edits.is_empty(), "{at}");
            let mut last = 0;
            for e in edits {
                let (start, end) = (e["span"]["start"].as_u64(), e["span"]["end"].as_u64());
                assert!(last <= start.unwrap() && start <= end, "{at}: {fix}");
                assert!(e["replacement"].is_string(), "{at}: {fix}");
                last = end.unwrap();
            }
        }
        // `scheme-case` is the one code whose severity and basis depend on the scheme.
        if code != "scheme-case" {
            assert_eq!(d["severity"], entry.severity.as_str(), "{at}: {code}");
            assert_eq!(d["basis"], entry.basis.as_str(), "{at}: {code}");
        }
    }
    match &v["credential"] {
        Value::Null => {}
        c if c["kind"] == "permanent" => {
            assert!(c["id"].is_string() && c["secret"].is_string(), "{at}: {c}");
            assert!(c["secret_length"].is_u64(), "{at}: {c}");
            assert!(
                c["separator"].is_null() || c["separator"].is_string(),
                "{at}"
            );
        }
        c if c["kind"] == "jwt" => {
            assert!(c["token_type"].is_string(), "{at}: {c}");
            assert!(c["exp"].is_null() || c["exp"].is_u64(), "{at}: {c}");
        }
        c => panic!("{at}: credential {c}"),
    }
}

#[test]
fn every_row_through_the_json_output() {
    let mut failures = Vec::new();
    let mut count = 0;
    for table in tables() {
        for case in &table.cases {
            count += 1;
            let out = check(&case.input, &["--format", "json"]);
            match judge(case, &out) {
                Ok(()) => assert_schema(&serde_json::from_slice(&out.stdout).unwrap(), &case.at),
                Err(why) => failures.push(format!("{} {:?}: {why}", case.at, case.input)),
            }
        }
    }
    assert!(count >= 150, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The secrets of a table: every `HEX*` define of 64 or more characters (the shorter ones are
/// patterned, not random), and the signature of every `JWT*` define.
fn secrets(table: &Table) -> Vec<String> {
    table
        .defines
        .iter()
        .filter_map(|(k, v)| {
            if k.starts_with("HEX") && v.len() >= 64 {
                Some(v.clone())
            } else if k.starts_with("JWT") {
                v.splitn(3, '.').nth(2).map(str::to_owned)
            } else {
                None
            }
        })
        .collect()
}

/// Fails when any 8-character window of a secret beyond its first 4 characters is in `out`
/// (letter case ignored: an upper-cased secret is the same secret).
fn assert_no_secret(out: &[u8], secrets: &[String], what: &str) {
    let out = String::from_utf8_lossy(out).to_ascii_lowercase();
    for secret in secrets {
        let secret = secret.to_ascii_lowercase();
        if secret.len() < 12 {
            continue;
        }
        for start in 4..=secret.len() - 8 {
            let window = &secret[start..start + 8];
            assert!(
                !out.contains(window),
                "{what}: `{window}` (from offset {start} of a secret) is in the output:\n{out}"
            );
        }
    }
}

#[test]
fn no_secret_in_any_output_format() {
    let mut count = 0;
    for table in tables() {
        let secrets = secrets(&table);
        assert!(!secrets.is_empty());
        for case in &table.cases {
            for format in ["human", "json"] {
                for mode in [&[][..], &["--token"][..]] {
                    let mut args = vec!["--format", format];
                    args.extend(mode);
                    let out = check(&case.input, &args);
                    assert!(
                        out.status.code() == Some(0) || out.status.code() == Some(1),
                        "{}: {:?}",
                        case.at,
                        out
                    );
                    let what = format!("{} {format} {mode:?}", case.at);
                    assert_no_secret(&out.stdout, &secrets, &what);
                    assert_no_secret(&out.stderr, &secrets, &what);
                    count += 1;
                }
            }
        }
    }
    assert!(count >= 600, "only {count} runs");
}

#[test]
fn the_secret_window_check_can_fail() {
    let secret = "e330ccb17b3f6f8b137ddda52a76d045".to_owned();
    let caught = std::panic::catch_unwind(|| {
        assert_no_secret(
            b"APIKey 1_e330ccb17b3f",
            std::slice::from_ref(&secret),
            "test",
        )
    });
    assert!(caught.is_err());
    // The first 4 characters and the ellipsis are allowed.
    assert_no_secret("APIKey 1_e330…".as_bytes(), &[secret], "test");
}

#[test]
fn unescaping_follows_the_table_format() {
    assert_eq!(unescape(r"a\tb\r\n\\"), "a\tb\r\n\\");
    assert_eq!(unescape(r"\u{200B}x\u{0}"), "\u{200b}x\0");
    assert_eq!(unescape(r"\q \u{zz} \u{1234567}"), r"\q \u{zz} \u{1234567}");
}
