//! `scan`'s configuration file and the flags that tune it, through the binary: exclude globs,
//! select and ignore, per-file ignores, min-severity and baseline from the file, flags over the
//! file, `--config`, `--isolated`, errors that name the file and line, hidden files,
//! `--no-ignore` and the hint when ignore files skipped everything, `--output`,
//! `--statistics`, and this repository scanning clean with its own configuration.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("gcore-auth-lint")
        .unwrap()
        .env_clear()
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .arg("scan")
        .arg("--no-progress")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const BEARER: &str =
    "curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/iam/clients/me\n";
const TRUNCATED: &str =
    "curl -H \"Authorization: APIKey 29841\" https://api.gcore.com/iam/clients/me\n";

/// A tree: `deploy.sh` (scheme-bearer), `docs/guide.sh` (token-truncated), `.ci/run.sh`
/// (scheme-bearer), `tests/fixtures/bad.sh` (both).
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["docs", ".ci", "tests/fixtures"] {
        fs::create_dir_all(d.join(sub)).unwrap();
    }
    fs::write(d.join("deploy.sh"), BEARER).unwrap();
    fs::write(d.join("docs/guide.sh"), TRUNCATED).unwrap();
    fs::write(d.join(".ci/run.sh"), BEARER).unwrap();
    fs::write(
        d.join("tests/fixtures/bad.sh"),
        format!("{BEARER}{TRUNCATED}"),
    )
    .unwrap();
    dir
}

/// The `path:line:col: severity[code]` heads of a human report, sorted.
fn heads(out: &str) -> Vec<String> {
    let mut v: Vec<String> = out
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split("]: ").next().unwrap().to_owned() + "]")
        .collect();
    v.sort();
    v
}

#[test]
fn the_file_excludes_selects_and_ignores_per_path() {
    let dir = tree();
    let (code, out, _) = run(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(
        heads(&out),
        [
            "./.ci/run.sh:1:32: error[scheme-bearer]",
            "./deploy.sh:1:32: error[scheme-bearer]",
            "./docs/guide.sh:1:32: error[token-truncated]",
            "./tests/fixtures/bad.sh:1:32: error[scheme-bearer]",
            "./tests/fixtures/bad.sh:2:32: error[token-truncated]",
        ]
    );
    fs::write(
        dir.path().join(".gcore-auth-lint.toml"),
        "extend-exclude = [\"fixtures\"]\n\n[per-file-ignores]\n\"docs/**\" = [\"token-truncated\"]\n",
    )
    .unwrap();
    let (code, out, _) = run(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(
        heads(&out),
        [
            "./.ci/run.sh:1:32: error[scheme-bearer]",
            "./deploy.sh:1:32: error[scheme-bearer]",
        ]
    );
    // Found from a folder below too; a file named that is excluded is not read.
    let (code, out, _) = run(
        &dir.path().join("docs"),
        &["guide.sh", "../tests/fixtures/bad.sh"],
    );
    assert_eq!((code, out.as_str()), (0, ""));

    // Flags: --select replaces, --ignore adds, --exclude adds; --isolated reads no file.
    let (_, out, _) = run(
        dir.path(),
        &["--isolated", "--select", "token-truncated", "."],
    );
    assert_eq!(
        heads(&out),
        [
            "./docs/guide.sh:1:32: error[token-truncated]",
            "./tests/fixtures/bad.sh:2:32: error[token-truncated]",
        ]
    );
    let (code, out, _) = run(dir.path(), &["--ignore", "scheme-bearer", "."]);
    assert_eq!((code, out.as_str()), (0, ""));
    let (_, out, _) = run(dir.path(), &["--exclude", ".ci", "."]);
    assert_eq!(heads(&out), ["./deploy.sh:1:32: error[scheme-bearer]"]);
    let (_, out, _) = run(dir.path(), &["--no-hidden", "."]);
    assert_eq!(heads(&out), ["./deploy.sh:1:32: error[scheme-bearer]"]);
    let (_, out, _) = run(
        dir.path(),
        &["--isolated", "-g", "*.sh", "-g", "!tests", "."],
    );
    assert_eq!(heads(&out).len(), 3, "{out}");
}

#[test]
fn min_severity_and_baseline_come_from_the_file_and_flags_win() {
    let dir = tree();
    let d = dir.path();
    // A warning only: a whitespace mistake.
    let ws = tempfile::tempdir().unwrap();
    fs::write(
        ws.path().join("a.sh"),
        "curl -H \"Authorization: APIKey  $GCORE_API_KEY\" https://api.gcore.com/iam\n",
    )
    .unwrap();
    let (code, out, _) = run(ws.path(), &["."]);
    assert_eq!(code, 0, "{out}");
    fs::write(
        ws.path().join("gcore-auth-lint.toml"),
        "min-severity = \"warning\"\n",
    )
    .unwrap();
    let (code, _, _) = run(ws.path(), &["."]);
    assert_eq!(code, 1);
    let (code, _, _) = run(ws.path(), &["--min-severity", "error", "."]);
    assert_eq!(code, 0);

    let (code, _, _) = run(d, &["--write-baseline", "base.json", "."]);
    assert_eq!(code, 0);
    fs::write(d.join("gcore-auth-lint.toml"), "baseline = \"base.json\"\n").unwrap();
    let (code, out, _) = run(d, &["."]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn bad_files_are_errors_that_name_the_line() {
    let dir = tree();
    let cfg = dir.path().join("gcore-auth-lint.toml");
    for (text, want) in [
        (
            "ignore = []\nexlude = [\"x\"]\n",
            "gcore-auth-lint.toml:2:1: unknown field `exlude`, expected one of",
        ),
        (
            "ignore = [\"scheme-bearer\", \"no-such\"]\n",
            "gcore-auth-lint.toml:1:28: unknown code `no-such` (`gcore-auth-lint rules` lists them)",
        ),
        (
            "min-severity = \"loud\"\n",
            "gcore-auth-lint.toml:1:16: unknown variant `loud`",
        ),
        (
            "exclude = [\"a[b\"]\n",
            "gcore-auth-lint.toml: bad glob `a[b`",
        ),
        (
            "exclude = [\n",
            "gcore-auth-lint.toml:1:12: unclosed array, expected `]`",
        ),
    ] {
        fs::write(&cfg, text).unwrap();
        let (code, out, err) = run(dir.path(), &["."]);
        assert_eq!((code, out.as_str()), (2, ""), "{text}");
        assert!(err.contains(want), "{text}: {err}");
    }
    // `--isolated` reads no file; `--config` names one; a bad flag code is an error too.
    let (code, _, _) = run(dir.path(), &["--isolated", "."]);
    assert_eq!(code, 1);
    fs::write(dir.path().join("other.toml"), "ignore = [\"all\"]\n").unwrap();
    let (code, out, _) = run(dir.path(), &["--config", "other.toml", "."]);
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, _, err) = run(dir.path(), &["--isolated", "--select", "nope", "."]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown code `nope`"), "{err}");
    // A pyproject.toml without our table is not a configuration.
    fs::remove_file(&cfg).unwrap();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.ruff]\nline-length = 99\n",
    )
    .unwrap();
    let (code, _, _) = run(dir.path(), &["."]);
    assert_eq!(code, 1);
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.gcore-auth-lint]\nignore = [\"all\"]\n",
    )
    .unwrap();
    let (code, _, _) = run(dir.path(), &["."]);
    assert_eq!(code, 0);
}

#[test]
fn ignored_trees_get_a_hint_and_no_ignore_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join(".git")).unwrap();
    fs::create_dir_all(d.join("build/gen")).unwrap();
    fs::write(d.join(".gitignore"), "gen/\n").unwrap();
    fs::write(d.join("build/gen/a.sh"), BEARER).unwrap();
    let (code, out, err) = run(d, &["build"]);
    assert_eq!((code, out.as_str()), (0, ""));
    assert!(
        err.contains(
            "warning: build: every file in it was skipped by an ignore file (.gitignore, \
             .ignore, or one in a folder above it): --no-ignore reads them"
        ),
        "{err}"
    );
    let (code, out, _) = run(d, &["--no-ignore", "build"]);
    assert_eq!(code, 1);
    assert_eq!(heads(&out), ["build/gen/a.sh:1:32: error[scheme-bearer]"]);
}

#[test]
fn output_file_and_statistics() {
    let dir = tree();
    let (code, out, _) = run(dir.path(), &["--statistics", "."]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "3  scheme-bearer    error  (3 fixable)\n2  token-truncated  error\n"
    );
    let (_, out, _) = run(dir.path(), &["--statistics", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v,
        serde_json::json!([
            {"code": "scheme-bearer", "severity": "error", "count": 3, "fixable": 3},
            {"code": "token-truncated", "severity": "error", "count": 2, "fixable": 0}
        ])
    );
    let (code, out, _) = run(dir.path(), &["--format", "json", "-o", "report.json", "."]);
    assert_eq!((code, out.as_str()), (1, ""));
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 5);
}

#[test]
fn this_repository_scans_clean_with_its_own_configuration() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let (code, out, err) = run(root, &["."]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let (code, out, _) = run(root, &["--isolated", "--statistics", "."]);
    assert_eq!(code, 1);
    assert!(out.contains("hardcoded-token"), "{out}");
}

#[test]
fn token_variables_hosts_and_languages_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A variable no one would know holds a Gcore token, a proxy in front of the API, and a
    // template the scanner cannot tell the language of.
    fs::write(
        d.join("deploy.sh"),
        "curl -H \"Authorization: Bearer $CDN_PURGE\" https://gw.corp.example/cdn/resources\n",
    )
    .unwrap();
    fs::write(
        d.join("client.tpl"),
        "import os, requests\nh = {\"Authorization\": \"Bearer \" + os.environ[\"GCORE_API_KEY\"]}\n\
         requests.get(\"https://api.gcore.com/iam\", headers=h)\n",
    )
    .unwrap();
    // Read as text of unknown kind, the Python line is misread.
    let (code, out, _) = run(d, &["."]);
    assert_eq!(code, 1);
    assert_eq!(heads(&out), ["./client.tpl:2:30: error[token-missing]"]);
    fs::write(
        d.join("gcore-auth-lint.toml"),
        "token-variables = [\"CDN_PURGE\"]\napi-hosts = [\"corp.example\"]\n\n\
         [languages]\n\"*.tpl\" = \"py\"\n",
    )
    .unwrap();
    let (code, out, _) = run(d, &["."]);
    assert_eq!(code, 1);
    assert_eq!(
        heads(&out),
        [
            "./client.tpl:2:35: error[scheme-bearer]",
            "./deploy.sh:1:32: error[scheme-bearer]",
        ]
    );
    for (text, want) in [
        (
            "token-variables = [\"A-B\"]\n",
            "gcore-auth-lint.toml:1:20: `A-B` is no variable name",
        ),
        (
            "[languages]\n\"*.x\" = \"nope\"\n",
            "`nope` (for `*.x`) is no extension the scanner reads in a language of its own",
        ),
    ] {
        fs::write(d.join("gcore-auth-lint.toml"), text).unwrap();
        let (code, _, err) = run(d, &["."]);
        assert_eq!(code, 2, "{text}");
        assert!(err.contains(want), "{text}: {err}");
    }
}
