//! `scan --fix`, `--unsafe-fixes` and `--diff` through the binary, and the fix each output
//! shows: exact edits in JSON and SARIF, redaction, file permissions, links, exit statuses.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// A 128-character secret (not a real one).
const SECRET: &str = "9757f22e4b42afe705eb381347c93cf631e69c1091b287ae5c03e6f97f5d2deec8e876c38e583c13a2feb2d6b6d577f7ae325701e45a9699aebb4d5683b42c11";

fn assert_no_secret(text: &str) {
    for start in 4..SECRET.len() - 8 {
        let w = &SECRET[start..start + 8];
        assert!(!text.contains(w), "secret piece {w} leaked in:\n{text}");
    }
}

fn scan(args: &[&str], paths: &[&Path]) -> (i32, String, String) {
    let out = Command::cargo_bin("gcore-auth-lint")
        .unwrap()
        .arg("scan")
        .arg("--no-progress")
        .args(args)
        .args(paths)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn bearer_line() -> String {
    format!(
        "curl -H \"Authorization: Bearer 29841_{SECRET}\" https://api.gcore.com/iam/clients/me\n"
    )
}

#[test]
fn json_and_sarif_carry_the_exact_edits() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    let content = format!("#!/bin/sh\n{}", bearer_line());
    std::fs::write(&file, &content).unwrap();

    let (code, out, _) = scan(&["--format", "json"], &[&file]);
    assert_eq!(code, 1);
    assert_no_secret(&out);
    let v: Value = serde_json::from_str(&out).unwrap();
    let fix = &v["findings"][0]["fix"];
    assert_eq!(fix["message"], "send a permanent token with `APIKey`");
    assert_eq!(fix["applicability"], "machine-applicable");
    // `Bearer` on line 2, columns 25..31, bytes 10 + 24 .. 10 + 30.
    assert_eq!(
        fix["edits"],
        serde_json::json!([{
            "start_byte": 34, "end_byte": 40, "line": 2, "column": 25, "end_line": 2,
            "end_column": 31, "replacement": "APIKey"
        }])
    );
    assert_eq!(&content[34..40], "Bearer");
    assert_eq!(
        fix["patched"],
        "curl -H \"Authorization: APIKey 29841_9757…\" https://api.gcore.com/iam/clients/me"
    );

    let (_, out, _) = scan(&["--format", "sarif"], &[&file]);
    assert_no_secret(&out);
    let v: Value = serde_json::from_str(&out).unwrap();
    let fixes = &v["runs"][0]["results"][0]["fixes"];
    assert_eq!(
        fixes[0]["description"]["text"],
        "send a permanent token with `APIKey`"
    );
    let change = &fixes[0]["artifactChanges"][0];
    assert!(
        change["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("deploy.sh")
    );
    assert_eq!(
        change["replacements"][0],
        serde_json::json!({
            "deletedRegion": {"startLine": 2, "startColumn": 25, "endLine": 2, "endColumn": 31,
                              "byteOffset": 34, "byteLength": 6},
            "insertedContent": {"text": "APIKey"}
        })
    );

    let (_, out, _) = scan(&[], &[&file]);
    assert_no_secret(&out);
    assert!(
        out.contains(
            "    = help: send a permanent token with `APIKey`\n    | curl -H \"Authorization: APIKey 29841_9757…\" https://api.gcore.com/iam/clients/me\n"
        ),
        "{out}"
    );
}

#[test]
fn fix_rewrites_in_place_keeps_the_mode_and_reports_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    let other = dir.path().join("client.py");
    std::fs::write(&file, format!("#!/bin/sh\n{}", bearer_line())).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o750)).unwrap();
    let py = "import os\nh = {\"Authorization\": \"Bearer \" + os.environ[\"GCORE_API_KEY\"]}\n";
    std::fs::write(&other, py).unwrap();

    // `--diff` shows the machine-applicable change, redacted, and changes nothing.
    let (code, out, err) = scan(&["--diff"], &[dir.path()]);
    assert_eq!(code, 1, "{err}");
    assert_no_secret(&out);
    assert!(
        out.contains("-curl -H \"Authorization: Bearer 29841_9757…"),
        "{out}"
    );
    assert!(
        out.contains("+curl -H \"Authorization: APIKey 29841_9757…"),
        "{out}"
    );
    assert!(!out.contains("client.py"), "{out}");
    assert!(err.contains("1 problem in 1 file would be fixed"), "{err}");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), py);

    // `--fix` applies it; the maybe-incorrect fix of the Python file is left, and reported.
    let (code, out, err) = scan(&["--fix"], &[dir.path()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("fixed 1 problem in 1 file"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        format!(
            "#!/bin/sh\ncurl -H \"Authorization: APIKey 29841_{SECRET}\" https://api.gcore.com/iam/clients/me\n"
        )
    );
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o750);
    assert!(
        out.contains("client.py:2:35: error[scheme-bearer]"),
        "{out}"
    );
    assert!(
        out.contains("(maybe incorrect: `--fix --unsafe-fixes` applies it)"),
        "{out}"
    );
    // What no fix can repair: the token written into the file.
    let left: Vec<&str> = out.lines().filter(|l| l.contains("deploy.sh:")).collect();
    assert_eq!(left.len(), 1, "{out}");
    assert!(
        left[0].contains("deploy.sh:2:32: error[hardcoded-token]"),
        "{out}"
    );
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);

    // `--unsafe-fixes` applies that one too; only the leaked token is left.
    let (code, out, err) = scan(&["--fix", "--unsafe-fixes"], &[dir.path()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(!out.contains("client.py"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&other).unwrap(),
        "import os\nh = {\"Authorization\": \"APIKey \" + os.environ[\"GCORE_API_KEY\"]}\n"
    );
    // Fixing again changes nothing; with the leak allowed nothing is left, and the status is 0.
    let fixed = std::fs::read_to_string(&file).unwrap();
    let allowed = fixed.replace(
        "clients/me\n",
        "clients/me # gcore-auth-lint: allow(hardcoded-token)\n",
    );
    std::fs::write(&file, &allowed).unwrap();
    let (code, _, err) = scan(&["--fix", "--unsafe-fixes"], &[dir.path()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("nothing to fix"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), allowed);
}

#[test]
fn a_link_is_followed_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.sh");
    let link = dir.path().join("link.sh");
    std::fs::write(&target, bearer_line()).unwrap();
    std::os::unix::fs::symlink("real.sh", &link).unwrap();
    let (code, out, err) = scan(&["--fix"], &[&link]);
    // The token written into the file is left.
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("error[hardcoded-token]"), "{out}");
    assert!(!out.contains("scheme-bearer"), "{out}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("Authorization: APIKey 29841_")
    );
}

#[test]
fn a_file_that_cannot_be_rewritten_makes_the_scan_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    std::fs::create_dir(&sub).unwrap();
    let file = sub.join("deploy.sh");
    std::fs::write(&file, bearer_line()).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root can write anywhere: then there is nothing to observe.
    if tempfile::tempfile_in(&sub).is_ok() {
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("SKIPPED: this user can write into a read-only folder");
        return;
    }
    let (code, out, err) = scan(&["--fix"], &[dir.path()]);
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("error: cannot fix "), "{err}");
    assert!(
        out.contains("deploy.sh:1:25: error[scheme-bearer]"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), bearer_line());
}

#[test]
fn unsafe_fixes_alone_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = scan(&["--unsafe-fixes"], &[dir.path()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--unsafe-fixes applies only with --fix or --diff"),
        "{err}"
    );
    let (code, _, err) = scan(&["--fix", "--diff"], &[dir.path()]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn a_shell_cut_token_is_escaped_or_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("run.sh");
    let id_secret = format!("29841${SECRET}");
    std::fs::write(
        &file,
        format!(
            "curl -H \"Authorization: APIKey {id_secret}\" https://api.gcore.com/iam\n\
             GCORE_API_KEY={id_secret} gcore-cli whoami\n"
        ),
    )
    .unwrap();
    let (_, out, _) = scan(&["--diff"], &[&file]);
    assert_no_secret(&out);
    let (_, _, err) = scan(&["--fix"], &[&file]);
    assert!(err.contains("fixed 2 problems in 1 file"), "{err}");
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        fixed,
        format!(
            "curl -H \"Authorization: APIKey 29841\\${SECRET}\" https://api.gcore.com/iam\n\
             GCORE_API_KEY='{id_secret}' gcore-cli whoami\n"
        )
    );
    let (_, out, _) = scan(&["--format", "json"], &[&file]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "shell-expansion"),
        "{out}"
    );
}

#[test]
fn a_finding_the_baseline_accepts_is_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    std::fs::write(&file, bearer_line()).unwrap();
    let base = tempfile::NamedTempFile::new().unwrap();
    let base_arg = base.path().to_str().unwrap();
    let (code, _, _) = scan(&["--write-baseline", base_arg], &[&file]);
    assert_eq!(code, 0);
    let (code, out, err) = scan(&["--fix", "--baseline", base_arg], &[&file]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("nothing to fix"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), bearer_line());
    // Without the baseline it is fixed.
    let (_, _, err) = scan(&["--fix"], &[&file]);
    assert!(err.contains("fixed 1 problem in 1 file"), "{err}");
}

/// No half fixes: `X-API-Key: <token>` needs both the rename (maybe incorrect) and the scheme
/// (certain); `--fix` alone applies neither, `--fix --unsafe-fixes` both.
#[test]
fn a_fix_in_two_parts_is_applied_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    let content = format!("curl -H \"X-API-Key: 29841_{SECRET}\" https://api.gcore.com/iam\n");
    std::fs::write(&file, &content).unwrap();

    let (_, _, err) = scan(&["--fix"], &[&file]);
    assert!(err.contains("nothing to fix"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), content);

    let (code, _, err) = scan(&["--fix", "--unsafe-fixes"], &[&file]);
    assert!(err.contains("fixed 2 problems in 1 file"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        format!("curl -H \"Authorization: APIKey 29841_{SECRET}\" https://api.gcore.com/iam\n")
    );
    // What is left is the leaked token alone.
    assert_eq!(code, 1);
}
