//! The command line's behaviour: exit statuses, standard input, odd inputs, `env`, `explain`,
//! `rules` and the JSON shape.

use assert_cmd::Command;
use serde_json::{Value, json};

const HEX128: &str = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366cdcf1ba1cde11df51cf198d4af1124d30269bfb42bc7ec02e5f2a25212efcef3";
/// `{"typ":"JWT","alg":"RS256"}` . `{"token_type":"access","exp":4102444800}` . signature
const JWT: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjo0MTAyNDQ0ODAwfQ.s9nFQtUBu5IhenxmhhXOTb4kWk4_aiZuAKrwDKUZMWglgmPVtG0UZCdkDUzbJV72qwrMalhiv";

fn lint() -> Command {
    let mut cmd = Command::cargo_bin("gcore-auth-lint").unwrap();
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

fn good() -> String {
    format!("Authorization: APIKey 29841_{HEX128}")
}

/// The JSON objects of standard output, one per line.
fn objects(stdout: &[u8]) -> Vec<Value> {
    std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn codes(v: &Value) -> Vec<&str> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

#[test]
fn exit_status_is_0_when_all_are_accepted_and_1_when_any_is_rejected() {
    lint().args(["check", &good()]).assert().code(0);
    lint().args(["check", "APIKey 29841"]).assert().code(1);
    lint()
        .args(["check", &good(), "APIKey 29841", &good()])
        .assert()
        .code(1);
}

#[test]
fn usage_errors_exit_2_with_nothing_on_stdout() {
    for args in [
        &["check", "--format", "xml", "x"][..],
        &["check", "--now", "yesterday", "x"],
        &["check", "--no-such-flag"],
        &["frobnicate"],
        &[],
        &["explain"],
        &["explain", "token-truncate"],
        &["rules", "extra"],
    ] {
        let out = lint().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    // Help and version are not errors.
    lint().arg("--help").assert().code(0);
    lint().arg("--version").assert().code(0);
}

#[test]
fn an_unknown_code_lists_the_codes() {
    let out = lint().args(["explain", "tokn-truncated"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for code in gcore_auth::Code::ALL {
        assert!(err.contains(code.as_str()), "{code} missing from:\n{err}");
    }
    assert!(
        err.contains("a similar value exists: 'token-truncated'"),
        "{err}"
    );
}

#[test]
fn stdin_holds_one_input_per_line() {
    let input = format!("{}\nAPIKey 29841\n\nBearer 29841_{HEX128}\n", good());
    let out = lint()
        .args(["check", "--format", "json"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = objects(&out.stdout);
    assert_eq!(v.len(), 4);
    assert_eq!(v[0]["verdict"], "accepted");
    assert_eq!(v[0]["input_kind"], "line");
    assert_eq!(v[1]["server_reply"], "Bad permanent token: 29841");
    assert_eq!(v[1]["input_kind"], "value");
    // An empty line is an empty value; the final line ending is not an input.
    assert_eq!(codes(&v[2]), ["credentials-empty"]);
    assert_eq!(
        v[3]["server_reply"],
        "Given token not valid for any token type"
    );
}

#[test]
fn a_dash_reads_stdin_among_the_arguments() {
    let out = lint()
        .args(["check", "--format", "json", "APIKey 1", "-", "APIKey 2"])
        .write_stdin("APIKey 3\nAPIKey 4")
        .output()
        .unwrap();
    let inputs: Vec<Value> = objects(&out.stdout)
        .iter()
        .map(|v| v["input"].clone())
        .collect();
    assert_eq!(inputs, ["APIKey 1", "APIKey 3", "APIKey 4", "APIKey 2"]);
    let out = lint()
        .args(["check", "-", "-"])
        .write_stdin("x\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_empty_stdin_is_an_error() {
    let out = lint().arg("check").write_stdin("").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: nothing to check: standard input is empty\n"
    );
    // A single line ending is one empty input.
    let out = lint()
        .args(["check", "--format", "json"])
        .write_stdin("\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(codes(&objects(&out.stdout)[0]), ["credentials-empty"]);
}

#[test]
fn a_carriage_return_before_the_line_ending_stays_in_the_input() {
    let out = lint()
        .args(["check", "--format", "json"])
        .write_stdin(format!("{}\r\n", good()))
        .output()
        .unwrap();
    let v = &objects(&out.stdout)[0];
    assert_eq!(codes(v), ["control-character"]);
    assert_eq!(
        v["diagnostics"][0]["span"],
        json!({"start": 156, "end": 157})
    );
    assert_eq!(v["input"], "Authorization: APIKey 29841_e330…\\r");
}

#[test]
fn a_10_mb_line_gets_a_clear_result() {
    let mut line = format!("{}zz", good()).into_bytes();
    line.extend(std::iter::repeat_n(b'a', 10 << 20));
    line.push(b'\n');
    for format in ["human", "json"] {
        let out = lint()
            .args(["check", "--format", format])
            .write_stdin(line.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(
            out.stdout.len() < 10_000,
            "{format}: {} bytes",
            out.stdout.len()
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("token-secret-charset"), "{text}");
        assert!(!text.contains("aaaaaaaa"), "{text}");
    }
    // A huge line of non-hex characters is cut, not printed whole.
    let mut line = b"Authorization: APIKey ".to_vec();
    line.extend(std::iter::repeat_n(b'x', 10 << 20));
    let out = lint().arg("check").write_stdin(line).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.len() < 10_000, "{} bytes", text.len());
    assert!(text.contains("bytes)…"), "{text}");
}

#[test]
fn invalid_utf8_on_stdin_is_diagnosed() {
    let out = lint()
        .args(["check", "--format", "json"])
        .write_stdin(b"APIKey \xff\xfe29841\n".to_vec())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = &objects(&out.stdout)[0];
    // A token without a separator may be all secret: only its first 4 characters show.
    assert_eq!(v["input"], "APIKey \\xff\\xfe29…");
    assert_eq!(v["diagnostics"][0]["code"], "non-ascii");
    assert_eq!(v["diagnostics"][0]["span"], json!({"start": 7, "end": 8}));
    assert_eq!(
        v["diagnostics"][0]["message"],
        "non-ASCII character byte 0xFF (not valid UTF-8) at byte 7"
    );
}

#[cfg(unix)]
#[test]
fn invalid_utf8_arguments_are_checked_byte_for_byte() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let arg = OsString::from_vec(b"Authorization: APIKey 29841_\xff".to_vec());
    let out = lint()
        .args(["check", "--format", "json"])
        .arg(arg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = &objects(&out.stdout)[0];
    assert_eq!(v["input"], "Authorization: APIKey 29841_\\xff");
    assert_eq!(v["diagnostics"][0]["code"], "non-ascii");
    assert_eq!(v["diagnostics"][0]["span"], json!({"start": 28, "end": 29}));
    let human = lint()
        .arg("check")
        .arg(OsString::from_vec(b"APIKey \xff".to_vec()))
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("1 | APIKey \\xff\n  |        ^^^^\n"),
        "{text}"
    );
}

#[test]
fn nul_bytes_are_diagnosed() {
    let out = lint()
        .args(["check", "--format", "json"])
        .write_stdin(format!("APIKey 29841_\0{HEX128}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = &objects(&out.stdout)[0];
    assert_eq!(v["diagnostics"][0]["code"], "control-character");
    assert_eq!(v["diagnostics"][0]["span"], json!({"start": 13, "end": 14}));
    assert_eq!(v["server_reply"], Value::Null);
    // 4 characters after the separator, the NUL among them.
    assert_eq!(v["input"], "APIKey 29841_\\0e33…");
    let out = lint()
        .arg("check")
        .write_stdin("APIKey \0\n")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1 | APIKey \\0\n  |        ^^\n"), "{text}");
    assert!(!text.contains('\0'));
}

#[test]
fn the_json_object_is_the_contract() {
    let out = lint()
        .args([
            "check",
            "--format",
            "json",
            "Authorization: APIKey 29841_c767",
        ])
        .output()
        .unwrap();
    assert_eq!(
        objects(&out.stdout),
        [json!({
            "input_kind": "line",
            "input": "Authorization: APIKey 29841_c767",
            "verdict": "rejected",
            "server_reply": "Bad permanent token: 29841_c767",
            "reply_basis": "documented",
            "diagnostics": [{
                "code": "token-truncated",
                "severity": "error",
                "basis": "documented",
                "message": "the secret is 4 characters long, shorter than 32: the token is cut short",
                "help": "copy the whole token; if a shell cut a `$`-format token at its `$` (double quotes, no quotes), use single quotes (the reply may also read \"Bad token: …\")",
                "span": {"start": 28, "end": 32},
                "fix": null,
            }],
            "dropped": 0,
            "credential": {"kind": "permanent", "id": "29841", "separator": "_", "secret": "c767", "secret_length": 4},
        })]
    );
    let out = lint()
        .args(["check", "--format", "json", &good()])
        .output()
        .unwrap();
    let v = &objects(&out.stdout)[0];
    assert_eq!(v["server_reply"], Value::Null);
    assert_eq!(v["reply_basis"], Value::Null);
    assert_eq!(v["diagnostics"], json!([]));
    assert_eq!(
        v["credential"],
        json!({"kind": "permanent", "id": "29841", "separator": "_", "secret": "e330…", "secret_length": 128})
    );
}

/// The `fix` of each diagnosis of the JSON output of `check` for `input`, with its code.
fn fixes(args: &[&str], input: &str) -> Vec<(String, Value)> {
    let out = lint()
        .args(["check", "--format", "json"])
        .args(args)
        .arg(input)
        .output()
        .unwrap();
    let v = &objects(&out.stdout)[0];
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_owned(), d["fix"].clone()))
        .collect()
}

/// `input` with the edits of a JSON fix made.
fn apply(input: &str, fix: &Value) -> String {
    let mut out = String::new();
    let mut at = 0;
    for e in fix["edits"].as_array().unwrap() {
        let start = e["span"]["start"].as_u64().unwrap() as usize;
        let end = e["span"]["end"].as_u64().unwrap() as usize;
        out.push_str(&input[at..start]);
        out.push_str(e["replacement"].as_str().unwrap());
        at = end;
    }
    out + &input[at..]
}

#[test]
fn json_fixes_are_edits_of_the_input() {
    let t = format!("29841_{HEX128}");
    let line = format!("Authorization: Bearer {t}");
    assert_eq!(
        fixes(&[], &line),
        [(
            "scheme-bearer".to_owned(),
            json!({
                "message": "send a permanent token with `APIKey`",
                "applicability": "machine-applicable",
                "edits": [{"span": {"start": 15, "end": 21}, "replacement": "APIKey"}],
            })
        )]
    );
    let variable = "Bearer $GCORE_API_KEY";
    let all = fixes(&[], variable);
    assert_eq!(
        all,
        [
            (
                "scheme-bearer".to_owned(),
                json!({
                    "message": "send a permanent token with `APIKey`",
                    "applicability": "maybe-incorrect",
                    "edits": [{"span": {"start": 0, "end": 6}, "replacement": "APIKey"}],
                })
            ),
            ("token-variable".to_owned(), Value::Null),
        ]
    );
    assert_eq!(apply(variable, &all[0].1), "APIKey $GCORE_API_KEY");
    // Two deletions, at the byte offsets of the quotes.
    let quoted = format!("APIKey \"{t}\"");
    let all = fixes(&[], &quoted);
    assert_eq!(
        all,
        [(
            "quoted".to_owned(),
            json!({
                "message": "remove the quotes",
                "applicability": "machine-applicable",
                "edits": [
                    {"span": {"start": 7, "end": 8}, "replacement": ""},
                    {"span": {"start": 142, "end": 143}, "replacement": ""},
                ],
            })
        )]
    );
    assert_eq!(apply(&quoted, &all[0].1), format!("APIKey {t}"));
    // An insertion.
    assert_eq!(
        fixes(&[], &t),
        [(
            "scheme-missing".to_owned(),
            json!({
                "message": "put `APIKey ` before the permanent token",
                "applicability": "machine-applicable",
                "edits": [{"span": {"start": 0, "end": 0}, "replacement": "APIKey "}],
            })
        )]
    );
    // A bare token: the scheme goes.
    let with_scheme = format!("APIKey {t}");
    let all = fixes(&["--token"], &with_scheme);
    assert_eq!(all[0].0, "token-includes-scheme");
    assert_eq!(apply(&with_scheme, &all[0].1), t);
    // No fix where the right value is unknown.
    assert_eq!(
        fixes(&[], "APIKey 29841"),
        [("token-truncated".to_owned(), Value::Null)]
    );
}

#[test]
fn now_sets_the_clock_for_jwt_expiry() {
    let header = format!("Authorization: Bearer {JWT}");
    let out = lint()
        .args(["check", "--format", "json", "--now", "4102444799", &header])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = &objects(&out.stdout)[0];
    assert_eq!(codes(v), ["jwt-bearer"]);
    assert_eq!(
        v["credential"],
        json!({"kind": "jwt", "token_type": "access", "exp": 4102444800u64})
    );
    let out = lint()
        .args(["check", "--format", "json", "--now", "4102444801", &header])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = &objects(&out.stdout)[0];
    assert_eq!(codes(v), ["jwt-expired"]);
    assert_eq!(
        v["server_reply"],
        "Given token not valid for any token type"
    );
}

#[test]
fn token_mode_checks_bare_tokens() {
    let out = lint()
        .args([
            "check",
            "--token",
            "--format",
            "json",
            &format!("29841_{HEX128}"),
            "APIKey 29841",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = objects(&out.stdout);
    assert_eq!(v[0]["input_kind"], "token");
    assert_eq!(v[0]["verdict"], "accepted");
    assert_eq!(codes(&v[1]), ["token-includes-scheme", "token-truncated"]);
}

#[test]
fn human_output_never_has_colours_when_piped_or_with_no_color() {
    for env in [&[][..], &[("NO_COLOR", "1")][..]] {
        let mut cmd = Command::cargo_bin("gcore-auth-lint").unwrap();
        cmd.env_clear().envs(env.iter().copied());
        let out = cmd.args(["check", "Bearer 29841"]).output().unwrap();
        assert!(!out.stdout.contains(&0x1b), "{env:?}");
    }
}

#[test]
fn accepted_inputs_say_what_only_the_api_knows() {
    let out = lint().args(["check", &good()]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "accepted: no error reply predicted for Authorization: APIKey 29841_e330…\n"
        )
    );
    assert!(text.contains("deleted or has expired"), "{text}");
    assert!(text.contains(
        "curl -H \"Authorization: APIKey $GCORE_API_KEY\" https://api.gcore.com/iam/clients/me"
    ));
}

// --- env

#[test]
fn env_checks_every_token_variable_that_is_set() {
    let out = lint()
        .args(["env", "--format", "json"])
        .env("GCORE_TOKEN", "APIKey 29841")
        .env("GCORE_API_KEY", format!("29841_{HEX128}"))
        .env("UNRELATED", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = objects(&out.stdout);
    assert_eq!(v.len(), 2);
    // In the order of the list, GCORE_API_KEY first.
    assert_eq!(v[0]["variable"], "GCORE_API_KEY");
    assert_eq!(v[0]["verdict"], "accepted");
    assert_eq!(v[0]["input_kind"], "token");
    assert_eq!(v[1]["variable"], "GCORE_TOKEN");
    assert_eq!(codes(&v[1]), ["token-includes-scheme", "token-truncated"]);
    // `check` has no variable field.
    let out = lint()
        .args(["check", "--format", "json", "x"])
        .output()
        .unwrap();
    assert!(objects(&out.stdout)[0].get("variable").is_none());
}

#[test]
fn env_with_names_checks_those() {
    let out = lint()
        .args(["env", "MY_TOKEN"])
        .env("MY_TOKEN", format!("29841_{HEX128}"))
        .env("GCORE_API_KEY", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("accepted: no error reply predicted for MY_TOKEN=29841_e330…\n"),
        "{text}"
    );
    assert!(
        text.contains("curl -H \"Authorization: APIKey $MY_TOKEN\""),
        "{text}"
    );
    // A named variable that is not set is an error.
    let out = lint()
        .args(["env", "MY_TOKEN", "GCORE_API_KEY"])
        .env("MY_TOKEN", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: GCORE_API_KEY is not set\n"),
        "{err}"
    );
}

#[test]
fn env_with_nothing_set_says_what_the_sdks_do() {
    let out = lint().arg("env").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: none of the token variables is set (GCORE_API_KEY, "),
        "{err}"
    );
    for name in gcore_auth::TOKEN_VARIABLES {
        assert!(err.contains(name), "{name}: {err}");
    }
    assert!(err.contains("gcore-python raises \"The api_key client option must be set ...\""));
    assert!(err.contains("gcore-go sends no `Authorization` header at all"));
    assert!(err.contains("\"Authentication credentials were not provided.\""));
}

#[test]
fn env_diagnoses_an_empty_variable() {
    let out = lint()
        .args(["env", "--format", "json"])
        .env("GCORE_API_KEY", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = &objects(&out.stdout)[0];
    assert_eq!(v["variable"], "GCORE_API_KEY");
    assert_eq!(codes(v), ["credentials-empty"]);
}

#[cfg(unix)]
#[test]
fn env_reads_non_utf8_values_byte_for_byte() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let value = OsString::from_vec(format!("29841_{HEX128}\n").into_bytes());
    let out = lint()
        .args(["env", "--format", "json"])
        .env("GCORE_API_KEY", value)
        .env("GCORE_TOKEN", OsString::from_vec(b"29841_\xff".to_vec()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = objects(&out.stdout);
    assert_eq!(codes(&v[0]), ["control-character"]);
    assert_eq!(v[0]["input"], "29841_e330…\\n");
    assert_eq!(v[1]["diagnostics"][0]["code"], "non-ascii");
    assert_eq!(v[1]["input"], "29841_\\xff");
}

// --- explain and rules

#[test]
fn explain_prints_the_catalogue_entry() {
    let out = lint().args(["explain", "scheme-bearer"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let e = gcore_auth::Code::SchemeBearer.entry();
    assert!(
        text.starts_with(&format!("scheme-bearer: {}\n", e.summary)),
        "{text}"
    );
    let reply = gcore_auth_lint::render::entry_reply(&e);
    for part in [&reply, e.why, e.fix, e.source, "documented", "error"] {
        assert!(text.contains(part), "{part} missing:\n{text}");
    }
    assert!(
        text.contains(&format!("\n\nAutomatic fix: {}\n\n", e.autofix.unwrap())),
        "{text}"
    );
    let none = lint().args(["explain", "jwt-expired"]).output().unwrap();
    assert!(String::from_utf8(none.stdout).unwrap().contains(
        "\n\nAutomatic fix: none (the right value is unknown, or only a new token would do)\n\n"
    ));
    // Any letter case.
    let upper = lint().args(["explain", "SCHEME-BEARER"]).output().unwrap();
    assert_eq!(String::from_utf8(upper.stdout).unwrap(), text);
    // JSON.
    let out = lint()
        .args(["explain", "--format", "json", "hardcoded-token"])
        .output()
        .unwrap();
    let v = &objects(&out.stdout)[0];
    assert_eq!(v["code"], "hardcoded-token");
    assert_eq!(v["basis"], "policy");
    assert_eq!(v["scanner_only"], true);
    assert_eq!(v["autofix"], Value::Null);
    let out = lint()
        .args(["explain", "--format", "json", "quoted"])
        .output()
        .unwrap();
    assert_eq!(
        objects(&out.stdout)[0]["autofix"],
        "machine-applicable: remove the quotes"
    );
    assert!(
        v["why"]
            .as_str()
            .unwrap()
            .starts_with("A permanent token gives")
    );
}

#[test]
fn rules_lists_every_code_once() {
    let out = lint().arg("rules").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), gcore_auth::Code::ALL.len());
    assert!(
        lines[0].starts_with("error    header-syntax "),
        "{}",
        lines[0]
    );
    for (line, code) in lines.iter().zip(gcore_auth::Code::ALL) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], code.entry().severity.as_str());
        assert_eq!(words[1], code.as_str());
        assert!(line.contains(code.entry().summary));
        // Codes whose diagnoses may carry a fix are marked.
        assert_eq!(
            line.ends_with(" (fixable)") || line.ends_with("; fixable)"),
            code.entry().autofix.is_some(),
            "{line}"
        );
    }
    let out = lint().args(["rules", "--format", "json"]).output().unwrap();
    let v = objects(&out.stdout);
    assert_eq!(v.len(), gcore_auth::Code::ALL.len());
    assert_eq!(
        v[13],
        json!({
            "code": "token-missing",
            "severity": "error",
            "summary": "a scheme with nothing after it",
            "reply": "no prediction: the outcome is not documented",
            "basis": "inferred",
            "scanner_only": false,
        })
    );
}
