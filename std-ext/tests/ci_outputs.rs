//! What CI systems and shells get: the GitLab Code Quality report, SARIF locations against a
//! `%SRCROOT%` base with percent-encoded URIs and rules with a `helpUri`, colours on demand,
//! shell completions, the manual page, and the rules page the `helpUri`s link to, kept current.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};

fn lint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("gcore-auth-lint").unwrap();
    cmd.env_clear().env("NO_COLOR", "1").current_dir(dir);
    cmd
}

fn stdout(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

const BEARER: &str =
    "curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/iam/clients/me\n";

#[test]
fn gitlab_code_quality() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.sh"), format!("{BEARER}{BEARER}")).unwrap();
    let (code, out) =
        stdout(lint(dir.path()).args(["scan", "--no-progress", "--format", "gitlab", "."]));
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    let fp = issues[0]["fingerprint"].as_str().unwrap().to_owned();
    assert_eq!(fp.len(), 64);
    assert_eq!(
        issues[1],
        json!({
            "description": "scheme-bearer: `Bearer` with `$GCORE_API_KEY`, which holds a permanent API token (predicted reply: Given token not valid for any token type)",
            "check_name": "scheme-bearer",
            "fingerprint": format!("{fp}-2"),
            "severity": "major",
            "location": {"path": "a.sh", "lines": {"begin": 2, "end": 2}}
        })
    );
}

#[test]
fn sarif_uris_are_relative_to_srcroot_and_rules_link_their_help() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("1512164195");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("a #1.sh"), BEARER).unwrap();
    let (_, out) =
        stdout(lint(dir.path()).args(["scan", "--no-progress", "--format", "sarif", "."]));
    let v: Value = serde_json::from_str(&out).unwrap();
    let run = &v["runs"][0];
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    let loc = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        *loc,
        json!({"uri": "1512164195/a%20%231.sh", "uriBaseId": "%SRCROOT%"})
    );
    let rule = &run["tool"]["driver"]["rules"][0];
    assert_eq!(
        rule["helpUri"],
        format!(
            "{}/blob/main/docs/rules.md#{}",
            env!("CARGO_PKG_REPOSITORY"),
            rule["id"].as_str().unwrap()
        )
    );
    // An absolute path is a file URI (in a folder whose name looks like no secret).
    let fixed = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sarif-absolute");
    fs::create_dir_all(&fixed).unwrap();
    let abs = fixed.join("a #1.sh");
    fs::write(&abs, BEARER).unwrap();
    let (_, out) = stdout(
        lint(dir.path())
            .args(["scan", "--no-progress", "--isolated", "--format", "sarif"])
            .arg(&abs),
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let loc = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    let want = format!("file://{}/a%20%231.sh", fixed.display());
    assert_eq!(loc["uri"], want.as_str());
    assert!(loc.get("uriBaseId").is_none());
}

#[test]
fn color_on_demand() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.sh"), BEARER).unwrap();
    let (_, plain) = stdout(lint(dir.path()).args(["scan", "--no-progress", "a.sh"]));
    assert!(
        plain.starts_with("a.sh:1:32: error[scheme-bearer]: "),
        "{plain}"
    );
    let (_, colored) =
        stdout(lint(dir.path()).args(["scan", "--no-progress", "--color", "always", "a.sh"]));
    assert!(
        colored.starts_with("a.sh:1:32: \u{1b}[1m\u{1b}[31merror[scheme-bearer]\u{1b}[0m: "),
        "{colored:?}"
    );
    let (_, never) =
        stdout(lint(dir.path()).args(["--color", "never", "check", "Authorization: Bearer 29841"]));
    assert!(!never.contains('\u{1b}'));
}

#[test]
fn completions_and_man_page() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_gcore__auth__lint()"),
        ("zsh", "#compdef gcore-auth-lint"),
        ("fish", "complete -c gcore-auth-lint"),
    ] {
        let (code, out) = stdout(lint(dir.path()).args(["completions", shell]));
        assert_eq!(code, 0);
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(out.contains("--min-severity"), "{shell}");
    }
    let (code, out) = stdout(lint(dir.path()).arg("man"));
    assert_eq!(code, 0);
    assert!(out.contains(".TH gcore-auth-lint 1"), "{out}");
    assert!(out.contains("scan"), "{out}");
}

/// `docs/rules.md` is what `rules --format markdown` prints; regenerate it with
/// `cargo run -p gcore-auth-lint -- rules --format markdown > docs/rules.md`.
#[test]
fn the_rules_page_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let (_, out) = stdout(lint(root).args(["rules", "--format", "markdown"]));
    let page = fs::read_to_string(root.join("docs/rules.md")).unwrap();
    assert!(page == out, "docs/rules.md is out of date: regenerate it");
    for code in gcore_auth::Code::ALL {
        assert!(page.contains(&format!("\n## {}\n", code.as_str())));
    }
}

/// Text and paths are shown as they are: letters of any script, spaces, `#` and `\` stay; what
/// a terminal must not receive (a zero-width space, a control character) is escaped; a secret
/// is hidden wherever it is.
#[test]
fn text_and_paths_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("15121641951").join("Документы");
    fs::create_dir_all(&sub).unwrap();
    fs::write(
        sub.join("заметки #1 é.sh"),
        "# Запрос — café\ncurl -H \"Authorization: Bearer\u{200b} $GCORE_API_KEY\" https://api.gcore.com/iam/clients/me # ключ\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("29841_0123456789abcdef0123456789abcdef.sh"),
        BEARER,
    )
    .unwrap();
    let (code, out) = stdout(lint(dir.path()).args(["scan", "--no-progress", "."]));
    assert_eq!(code, 1);
    let want = r#"./15121641951/Документы/заметки #1 é.sh:2:31: error[non-ascii]: non-ASCII character '\u{200b}' (U+200B ZERO WIDTH SPACE) at byte 21
    | curl -H "Authorization: Bearer\u{200b} $GCORE_API_KEY" https://api.gcore.com/iam/clients/me # ключ
    = reply: no prediction: the reply is not documented
    = help: remove the invisible character
    | curl -H "Authorization: Bearer $GCORE_API_KEY" https://api.gcore.com/iam/clients/me # ключ
./15121641951/Документы/заметки #1 é.sh:2:33: error[scheme-bearer]: `Bearer` with `$GCORE_API_KEY`, which holds a permanent API token
    | curl -H "Authorization: Bearer\u{200b} $GCORE_API_KEY" https://api.gcore.com/iam/clients/me # ключ
    = reply: no prediction: the reply is not documented
./29841_0123….sh:1:32: error[scheme-bearer]: `Bearer` with `$GCORE_API_KEY`, which holds a permanent API token
    | curl -H "Authorization: Bearer $GCORE_API_KEY" https://api.gcore.com/iam/clients/me
    = reply: Given token not valid for any token type
    = help: send a permanent token with `APIKey` (maybe incorrect: `--fix --unsafe-fixes` applies it)
    | curl -H "Authorization: APIKey $GCORE_API_KEY" https://api.gcore.com/iam/clients/me
"#;
    assert_eq!(out, want);
    let (_, out) =
        stdout(lint(dir.path()).args(["scan", "--no-progress", "--format", "json", "."]));
    let v: Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "./15121641951/Документы/заметки #1 é.sh",
            "./15121641951/Документы/заметки #1 é.sh",
            "./29841_0123….sh"
        ]
    );
    let patched = v["findings"][0]["fix"]["patched"].as_str().unwrap();
    assert!(patched.ends_with("# ключ"), "{patched}");
    let (_, out) =
        stdout(lint(dir.path()).args(["scan", "--no-progress", "--format", "sarif", "."]));
    let v: Value = serde_json::from_str(&out).unwrap();
    let uris: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        [
            "15121641951/%D0%94%D0%BE%D0%BA%D1%83%D0%BC%D0%B5%D0%BD%D1%82%D1%8B/%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B8%20%231%20%C3%A9.sh",
            "15121641951/%D0%94%D0%BE%D0%BA%D1%83%D0%BC%D0%B5%D0%BD%D1%82%D1%8B/%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B8%20%231%20%C3%A9.sh",
            "29841_0123%E2%80%A6.sh"
        ]
    );
    let (_, out) =
        stdout(lint(dir.path()).args(["scan", "--no-progress", "--format", "github", "."]));
    let files: Vec<&str> = out.lines().map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(
        files,
        [
            "::error file=./15121641951/Документы/заметки #1 é.sh",
            "::error file=./15121641951/Документы/заметки #1 é.sh",
            "::error file=./29841_0123….sh"
        ]
    );
}

/// A link to the API in text of unknown kind (HTML, a `git log -p` of docs) is no header
/// named `https`.
#[test]
fn a_link_is_no_header() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("notes.txt"),
        "<li><a href=\"https://api.gcore.com/docs/dns#tag/zones\" rel=\"external\">API documentation</a></li>\n\
         +<a href='https://api.gcore.com/iam' title='x'>IAM</a>\n\
         header \"Authorization\" is \"Bearer $GCORE_API_KEY\" for https://api.gcore.com/iam\n",
    )
    .unwrap();
    let (code, out) = stdout(lint(dir.path()).args(["scan", "--no-progress", "notes.txt"]));
    assert_eq!(code, 1);
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("notes.txt:"))
            .collect::<Vec<_>>(),
        [
            "notes.txt:3:35: error[scheme-bearer]: `Bearer` with `$GCORE_API_KEY`, which holds a permanent API token"
        ]
    );
}
