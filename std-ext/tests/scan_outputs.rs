//! The scan through the binary: every output format, redaction, SARIF structure, baselines,
//! suppression, exit statuses, and files that are odd (binary, unreadable, huge, looping).

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// A 128-character secret (not a real one) and its parts that must never be printed.
const SECRET: &str = "9757f22e4b42afe705eb381347c93cf631e69c1091b287ae5c03e6f97f5d2deec8e876c38e583c13a2feb2d6b6d577f7ae325701e45a9699aebb4d5683b42c11";

/// Every 8-character window of the secret after its first 4 characters.
fn assert_no_secret(text: &str) {
    for start in 4..SECRET.len() - 8 {
        let w = &SECRET[start..start + 8];
        assert!(
            !text.contains(w),
            "secret piece {w} at {start} leaked in:\n{text}"
        );
    }
}

/// A tree with one of each kind of leak and mistake, in several languages.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("deploy.sh"),
        format!(
            "curl -H \"Authorization: Bearer 29841_{SECRET}\" https://api.gcore.com/iam/clients/me\n\
             export GCORE_API_KEY=\"29841${SECRET}\"\n"
        ),
    )
    .unwrap();
    std::fs::write(
        p.join("app.py"),
        format!("headers = {{\"Authorization\": \"Token 29841_{SECRET}\"}}\n"),
    )
    .unwrap();
    std::fs::write(
        p.join(".env"),
        format!("GCORE_API_KEY=29841_{}\n", &SECRET[..100]),
    )
    .unwrap();
    std::fs::write(
        p.join("README.md"),
        format!("A token in prose: 29841_{SECRET}.\n"),
    )
    .unwrap();
    dir
}

fn scan(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("gcore-auth-lint")
        .unwrap()
        .arg("scan")
        .args(args)
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn human_output_is_redacted() {
    let dir = tree();
    let (code, out, err) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert_no_secret(&out);
    assert_no_secret(&err);
    let root = dir.path().display().to_string();
    assert!(
        out.contains(&format!(
            "{root}/deploy.sh:1:32: error[scheme-bearer]: `Bearer` with a permanent API token; permanent tokens go with `APIKey`\n    | curl -H \"Authorization: Bearer 29841_9757…\" https://api.gcore.com/iam/clients/me\n    = reply: Given token not valid for any token type\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{root}/deploy.sh:2:23: error[shell-expansion]: inside double quotes the shell expands `$9` as a variable: the server receives `29841…`\n"
        )),
        "{out}"
    );
    assert!(
        out.contains("    = reply: Bad permanent token: 29841…\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{root}/README.md:1:19: error[hardcoded-token]: a permanent token `29841_9757…` (128-character secret) is written into the file\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{root}/.env:1:21: warning[token-secret-length]")),
        "{out}"
    );
}

#[test]
fn json_output_is_redacted_and_complete() {
    let dir = tree();
    let (code, out, _) = scan(dir.path(), &["--format", "json"]);
    assert_eq!(code, 1);
    assert_no_secret(&out);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files_scanned"], 4);
    let bytes: u64 = ["deploy.sh", "app.py", ".env", "README.md"]
        .iter()
        .map(|f| std::fs::metadata(dir.path().join(f)).unwrap().len())
        .sum();
    assert_eq!(v["bytes_scanned"], bytes);
    let findings = v["findings"].as_array().unwrap();
    let keys: Vec<&str> = findings[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "code",
            "column",
            "end_column",
            "fix",
            "line",
            "message",
            "path",
            "server_reply",
            "severity"
        ]
    );
    let app = findings
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("app.py") && f["code"] == "scheme-unknown")
        .unwrap();
    assert_eq!(app["line"], 1);
    assert_eq!(app["column"], 30);
    assert_eq!(app["end_column"], 35);
    assert_eq!(app["severity"], "error");
    assert_eq!(
        app["server_reply"],
        "Authentication credentials were not provided."
    );
    let path = app["path"].as_str().unwrap();
    assert_eq!(path, format!("{}/app.py", dir.path().display()));
    let warning = findings
        .iter()
        .find(|f| f["severity"] == "warning")
        .unwrap();
    assert_eq!(warning["server_reply"], Value::Null);
}

#[test]
fn sarif_structure() {
    let dir = tree();
    let (code, out, _) = scan(dir.path(), &["--format", "sarif"]);
    assert_eq!(code, 1);
    assert_no_secret(&out);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "gcore-auth-lint");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let codes: Vec<&str> = gcore_auth::Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(ids, codes);
    for (rule, code) in rules.iter().zip(gcore_auth::Code::ALL) {
        let e = code.entry();
        assert_eq!(rule["shortDescription"]["text"], e.summary);
        assert_eq!(rule["fullDescription"]["text"], e.why);
        assert!(rule["help"]["text"].as_str().unwrap().contains(e.fix));
        assert_eq!(rule["defaultConfiguration"]["level"], e.severity.as_str());
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert!(codes.contains(&id));
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], id);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["message"]["text"].as_str().is_some());
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].as_str().is_some());
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        assert_eq!(
            r["partialFingerprints"]["gcoreAuthLint/v1"]
                .as_str()
                .unwrap()
                .len(),
            64
        );
    }
    let bearer = results
        .iter()
        .find(|r| r["ruleId"] == "scheme-bearer")
        .unwrap();
    assert_eq!(
        bearer["locations"][0]["physicalLocation"]["region"]["startColumn"],
        32
    );
    assert_eq!(run["columnKind"], "unicodeCodePoints");
}

#[test]
fn baselines_hold_fingerprints_only() {
    let dir = tree();
    let base = tempfile::NamedTempFile::new().unwrap();
    let bpath = base.path().to_str().unwrap();
    let (code, _, err) = scan(dir.path(), &["--write-baseline", bpath]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(base.path()).unwrap();
    assert_no_secret(&text);
    let v: Value = serde_json::from_str(&text).unwrap();
    // Not even the first characters (a fingerprint, 64 hex digits of a hash, may hold any
    // 4 digits by chance: it is not looked at).
    let mut without_hashes = v.clone();
    for f in without_hashes["findings"].as_array_mut().unwrap() {
        f["fingerprint"] = Value::Null;
    }
    let shown = without_hashes.to_string();
    assert!(
        !shown.contains("9757"),
        "not even the first characters: {text}"
    );
    assert_eq!(v["version"], 1);
    assert!(v["findings"].as_array().unwrap().len() >= 6);
    // Everything known: clean.
    let (code, out, _) = scan(dir.path(), &["--baseline", bpath]);
    assert_eq!((code, out.as_str()), (0, ""));
    // A new finding still reports.
    std::fs::write(
        dir.path().join("new.sh"),
        "curl -H 'Authorization: APIKey $GCORE_API_KEY' https://api.gcore.com/\n",
    )
    .unwrap();
    let (code, out, _) = scan(dir.path(), &["--baseline", bpath]);
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().filter(|l| l.contains(": error[")).count(),
        1,
        "{out}"
    );
    assert!(out.contains("new.sh:1:32: error[token-variable]"), "{out}");
    // A broken baseline is a usage error.
    std::fs::write(base.path(), "{").unwrap();
    let (code, _, err) = scan(dir.path(), &["--baseline", bpath]);
    assert_eq!(code, 2);
    assert!(err.contains("error:"), "{err}");
}

#[test]
fn exit_statuses_and_min_severity() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.sh"),
        "curl -H \"Authorization: APIKey  $GCORE_API_KEY\" https://api.gcore.com/\n",
    )
    .unwrap();
    // Only a warning: shown, exit 0.
    let (code, out, _) = scan(dir.path(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[whitespace]"), "{out}");
    let (code, _, _) = scan(dir.path(), &["--min-severity", "warning"]);
    assert_eq!(code, 1);
    let (code, _, err) = scan(Path::new("/nonexistent/gcore"), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/gcore"), "{err}");
    let (code, _, _) = scan(dir.path(), &["--format", "xml"]);
    assert_eq!(code, 2);
    // Clean tree.
    let clean = tempfile::tempdir().unwrap();
    std::fs::write(
        clean.path().join("ok.sh"),
        "curl -H \"Authorization: APIKey $GCORE_API_KEY\" https://api.gcore.com/\n",
    )
    .unwrap();
    let (code, out, _) = scan(clean.path(), &["--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"], serde_json::json!([]));
    assert_eq!(v["files_scanned"], 1);
}

#[test]
fn walking_hidden_ignored_binary_and_git() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let bad = "curl -H 'Authorization: Bearer $GCORE_API_KEY' https://api.gcore.com/\n";
    // .gitignore applies inside a git repository.
    std::process::Command::new("git")
        .arg("init")
        .arg("-q")
        .current_dir(p)
        .status()
        .unwrap();
    std::fs::write(p.join(".git/notes.sh"), bad).unwrap();
    std::fs::create_dir_all(p.join(".github/workflows")).unwrap();
    std::fs::write(p.join(".github/workflows/ci.sh"), bad).unwrap();
    std::fs::write(p.join(".gitignore"), "ignored.sh\n").unwrap();
    std::fs::write(p.join("ignored.sh"), bad).unwrap();
    let mut binary = bad.as_bytes().to_vec();
    binary.insert(0, 0);
    std::fs::write(p.join("blob.bin"), binary).unwrap();
    std::fs::write(
        p.join("latin1.sh"),
        b"# caf\xe9\ncurl -H 'Authorization: Bearer $GCORE_API_KEY' https://api.gcore.com/\n",
    )
    .unwrap();
    let (code, out, _) = scan(p, &["--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut paths: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    paths.sort();
    assert_eq!(paths, ["ci.sh", "ci.sh", "latin1.sh", "latin1.sh"]);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_symlink_loops_are_survived() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("sub")).unwrap();
    symlink(p, p.join("sub/loop")).unwrap();
    std::fs::write(
        p.join("sub/a.sh"),
        "curl -H 'Authorization: Token x' https://api.gcore.com/\n",
    )
    .unwrap();
    let locked = p.join("locked.sh");
    std::fs::write(&locked, "x").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&locked).is_ok(); // root reads anything
    // A file that cannot be read makes the scan incomplete: exit status 2, findings or not.
    let want = if readable { 1 } else { 2 };
    let (code, out, err) = scan(p, &["--follow"]);
    assert_eq!(code, want, "{out}{err}");
    assert_eq!(out.matches("error[scheme-unknown]").count(), 1, "{out}");
    assert!(err.contains("loop"), "{err}");
    if !readable {
        assert!(err.contains("locked.sh"), "{err}");
    }
    let (code, out, _) = scan(p, &[]);
    assert_eq!(code, want);
    assert_eq!(out.matches("error[scheme-unknown]").count(), 1, "{out}");
}

/// `--format github`: one workflow command per finding, at its file, line and columns, its
/// level from its severity, with `:` and `,` escaped in properties and line breaks in the
/// message; nothing of a secret.
#[test]
fn github_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("a,b: c.sh"),
        format!(
            "curl -H \"Authorization: Bearer 29841_{SECRET}\" https://api.gcore.com/iam/clients/me\n\
             curl -H 'Authorization: APIKey 1234$0d16599c' https://api.gcore.com/iam\n"
        ),
    )
    .unwrap();
    let (code, out, _) = scan(p, &["--no-progress", "--format", "github"]);
    assert_eq!(code, 1);
    assert_no_secret(&out);
    let shown = format!("{}/a%2Cb%3A c.sh", p.display());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "::error file={shown},line=1,col=32,endColumn=166,title=gcore-auth-lint scheme-bearer::`Bearer` with a permanent API token; permanent tokens go with `APIKey`%0Areply: Given token not valid for any token type"
            ),
            format!(
                "::error file={shown},line=1,col=32,endColumn=166,title=gcore-auth-lint hardcoded-token::a permanent token `29841_9757…` (128-character secret) is written into the file"
            ),
            format!(
                "::warning file={shown},line=2,col=36,endColumn=37,title=gcore-auth-lint token-legacy-separator::the legacy `$` separator (deprecated v1 token format)"
            ),
        ]
    );
}

/// `--exit-zero` reports the findings and exits 0; `--quiet` prints them without the count on
/// standard error; an unreadable path still makes the status 2.
#[test]
fn exit_zero_and_quiet() {
    let dir = tree();
    let (code, out, err) = scan(dir.path(), &["--no-progress", "--exit-zero"]);
    assert_eq!(code, 0);
    assert!(out.contains("error[scheme-bearer]"), "{out}");
    assert!(err.contains(" scanned"), "{err}");
    let (code, out, err) = scan(dir.path(), &["--no-progress", "--quiet"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[scheme-bearer]"), "{out}");
    assert_eq!(err, "");
    let missing = dir.path().join("missing");
    let out = Command::cargo_bin("gcore-auth-lint")
        .unwrap()
        .args(["scan", "--no-progress", "--exit-zero"])
        .arg(dir.path())
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// SARIF says whether the scan read everything: `executionSuccessful` true on a complete scan;
/// false on an incomplete one, with an error notification naming each unread path. A leaked
/// token's rule is a security alert, and every rule has Markdown help.
#[test]
fn sarif_invocation_and_rule_help() {
    let dir = tree();
    let (code, out, _) = scan(dir.path(), &["--no-progress", "--format", "sarif"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let run = &v["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert!(run["invocations"][0]["toolExecutionNotifications"].is_null());
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let leak = rules.iter().find(|r| r["id"] == "hardcoded-token").unwrap();
    assert_eq!(leak["properties"]["security-severity"], "9.0");
    assert!(
        leak["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("security"))
    );
    for r in rules {
        let md = r["help"]["markdown"].as_str().unwrap();
        assert!(md.starts_with("**") && md.contains("**Fix:**"), "{md}");
    }

    let missing = dir.path().join("missing.sh");
    let out = Command::cargo_bin("gcore-auth-lint")
        .unwrap()
        .args(["scan", "--no-progress", "--format", "sarif"])
        .arg(dir.path())
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("cannot scan {}", missing.display())),
        "{}",
        notes[0]
    );
    // The findings of what could be read are all there.
    assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty());
}
