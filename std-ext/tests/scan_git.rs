//! `scan --git` and `scan --staged` on repositories built here with the git command line:
//! a token added then removed, added in two branches and merged, renamed, beside a binary
//! blob, in a shallow clone, in a corrupt repository; what is staged but not in the working
//! tree.

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

/// A made-up secret of 128 hex digits that looks random (no repeating pattern).
fn secret(seed: u32) -> String {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(12_345);
    (0..128)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from_digit(x % 16, 16).unwrap()
        })
        .collect()
}

fn token(seed: u32) -> String {
    format!("29841_{}", secret(seed))
}

fn curl(token: &str) -> String {
    format!("curl -H \"Authorization: APIKey {token}\" https://api.gcore.com/iam/clients/me\n")
}

/// Runs git in `dir` with a fixed identity and dates, and no user configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, args, "2024-01-01T00:00:00Z")
}

fn git_at(dir: &Path, args: &[&str], date: &str) -> String {
    let out = Process::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "A")
        .env("GIT_AUTHOR_EMAIL", "a@example.com")
        .env("GIT_COMMITTER_NAME", "A")
        .env("GIT_COMMITTER_EMAIL", "a@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn init(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
}

/// Writes `files`, stages everything and commits at `date`; returns the commit id.
fn commit(dir: &Path, files: &[(&str, &str)], date: &str) -> String {
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    git_at(dir, &["add", "-A"], date);
    git_at(dir, &["commit", "-q", "--allow-empty", "-m", date], date);
    git(dir, &["rev-parse", "HEAD"])
}

fn lint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("gcore-auth-lint").unwrap();
    cmd.env_clear().env("NO_COLOR", "1").current_dir(dir);
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["scan", "--no-progress", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(lint(dir).args(&all));
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}")),
    )
}

#[test]
fn a_token_committed_then_deleted_is_reported_once_at_the_commit_that_added_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let t = token(1);
    commit(d, &[("deploy.sh", "#!/bin/sh\n")], "2024-01-01T00:00:00Z");
    let added = commit(
        d,
        &[("deploy.sh", &format!("#!/bin/sh\n{}", curl(&t)))],
        "2024-02-01T10:20:30Z",
    );
    commit(d, &[("README.md", "# x\n")], "2024-03-01T00:00:00Z");
    commit(d, &[("notes.txt", "n\n")], "2024-04-01T00:00:00Z");
    commit(d, &[("deploy.sh", "#!/bin/sh\n")], "2024-05-01T00:00:00Z");
    let (code, out, err) = run(lint(d).args(["scan", "--no-progress", "--git"]));
    assert_eq!(code, 1, "{err}");
    let short = &added[..12];
    assert_eq!(
        out,
        format!(
            "{short}:deploy.sh:2:32: error[hardcoded-token]: a permanent token `29841_{}…` (128-character secret) is written into the file: revoke the token in the Customer Portal (it is gone from HEAD, but every clone of the history holds it)\n    \
             | curl -H \"Authorization: APIKey 29841_{}…\" https://api.gcore.com/iam/clients/me\n    \
             = commit: added in {added} on 2024-02-01 10:20:30 UTC; no longer in HEAD\n",
            &secret(1)[..4],
            &secret(1)[..4],
        )
    );
    assert_eq!(
        err,
        "gcore-auth-lint: read 5 commits (0 of them merges, whose own changes are not read) and 5 blobs\n\
         gcore-auth-lint: 1 error, 0 warnings, 0 notes in 5 blobs scanned\n"
    );
    assert!(!out.contains(&secret(1)[..5]) && !err.contains(&secret(1)[..5]));
    let (_, v) = json(d, &["--git"]);
    let f = &v["findings"][0];
    assert_eq!(f["commit"], added.as_str());
    assert_eq!(f["author_time"], "2024-02-01T10:20:30Z");
    assert_eq!(
        (f["line"].as_u64(), f["in_head"].as_bool()),
        (Some(2), Some(false))
    );
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    // Five blobs: the three versions of deploy.sh, README.md and notes.txt.
    assert_eq!(v["files_scanned"], 5);
    assert_eq!(v["bytes_scanned"], 10 + 10 + curl(&t).len() + 4 + 2 + 10);
    // The working tree is clean: a scan of the files finds nothing.
    let (code, out, _) = run(lint(d).args(["scan", "--no-progress", "."]));
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn a_token_added_in_two_branches_and_merged_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let t = token(2);
    commit(d, &[("a.txt", "a\n")], "2024-01-01T00:00:00Z");
    git(d, &["checkout", "-q", "-b", "feature"]);
    let first = commit(d, &[("ci/deploy.sh", &curl(&t))], "2024-02-01T00:00:00Z");
    git(d, &["checkout", "-q", "main"]);
    let second = commit(
        d,
        &[("scripts/deploy.sh", &format!("# deploy\n{}", curl(&t)))],
        "2024-03-01T00:00:00Z",
    );
    git_at(
        d,
        &["merge", "-q", "--no-edit", "feature"],
        "2024-04-01T00:00:00Z",
    );
    let (code, v) = json(d, &["--git"]);
    assert_eq!(code, 1);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v:#}");
    let f = &findings[0];
    assert_eq!(f["commit"], first.as_str());
    assert_eq!(f["path"], "ci/deploy.sh");
    assert_eq!(f["line"], 1);
    assert_eq!(f["later_commits"], 1);
    assert_eq!(f["paths"], 2);
    assert_eq!(f["in_head"], true);
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .ends_with("and still in HEAD: revoke the token in the Customer Portal (deleting it from the files does not un-leak it)")
    );
    assert_ne!(first, second);
    // Only the main branch's own history before the merge: the second commit.
    let (_, v) = json(d, &["--git", "main~1"]);
    assert_eq!(v["findings"][0]["commit"], second.as_str());
    assert_eq!(v["findings"][0]["line"], 2);
    // What the feature branch has and main~1 has not.
    let (_, v) = json(d, &["--git", "main~1..feature"]);
    assert_eq!(v["findings"][0]["commit"], first.as_str());
    assert_eq!(v["findings"][0]["later_commits"], 0);
}

#[test]
fn a_rename_adds_nothing_and_keeps_the_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let text =
        "curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/iam/clients/me\n";
    let added = commit(d, &[("old.sh", text)], "2024-01-01T00:00:00Z");
    let (_, v) = json(d, &["--git"]);
    let before = v["findings"][0]["commit"].clone();
    assert_eq!(before, added.as_str());
    let (code, _, err) = run(lint(d).args([
        "scan",
        "--no-progress",
        "--write-baseline",
        "../baseline.json",
        "--git",
    ]));
    assert_eq!(code, 0, "{err}");
    git(d, &["mv", "old.sh", "new.sh"]);
    git_at(d, &["commit", "-q", "-m", "mv"], "2024-02-01T00:00:00Z");
    let (_, v) = json(d, &["--git"]);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["commit"], added.as_str());
    assert_eq!(findings[0]["path"], "old.sh");
    assert_eq!(findings[0]["in_head"], true);
    // The baseline written before the move still covers the finding.
    let (code, out, _) = run(lint(d).args([
        "scan",
        "--no-progress",
        "--baseline",
        "../baseline.json",
        "--git",
    ]));
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn binary_blobs_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let t = token(3);
    let mut bin = b"GIF89a\0\0".to_vec();
    bin.extend_from_slice(curl(&t).as_bytes());
    fs::write(d.join("logo.gif"), &bin).unwrap();
    commit(d, &[("a.txt", "a\n")], "2024-01-01T00:00:00Z");
    let (code, out, err) = run(lint(d).args(["scan", "--no-progress", "--git"]));
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(
        err,
        "gcore-auth-lint: read 1 commit (0 of them merges, whose own changes are not read) and 1 blob; skipped 1 binary and 0 over 16 MiB\n"
    );
}

#[test]
fn since_and_until_choose_commits_by_date() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    commit(d, &[("a.sh", &curl(&token(4)))], "2023-01-01T00:00:00Z");
    let late = commit(d, &[("b.sh", &curl(&token(5)))], "2024-06-01T00:00:00Z");
    let (_, v) = json(d, &["--git", "--since", "2024-01-01"]);
    let commits: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["commit"].as_str().unwrap())
        .collect();
    assert_eq!(commits, [late.as_str()]);
    let (_, v) = json(d, &["--git", "--until", "2024-01-01"]);
    assert_eq!(v["findings"][0]["path"], "a.sh");
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    let (code, _, err) = run(lint(d).args(["scan", "--git", "--since", "someday"]));
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: --since `someday`: not a date"),
        "{err}"
    );
}

#[test]
fn a_shallow_clone_says_its_history_is_partial() {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin");
    fs::create_dir(&origin).unwrap();
    init(&origin);
    commit(
        &origin,
        &[("a.sh", &curl(&token(6)))],
        "2024-01-01T00:00:00Z",
    );
    commit(&origin, &[("b.txt", "b\n")], "2024-02-01T00:00:00Z");
    let last = commit(&origin, &[("c.txt", "c\n")], "2024-03-01T00:00:00Z");
    let url = format!("file://{}", origin.display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
    );
    let shallow = dir.path().join("shallow");
    let (code, out, err) = run(lint(&shallow).args(["scan", "--no-progress", "--git"]));
    // The token's commit is beyond the boundary; the boundary commit's tree holds it, so its
    // line counts as added there.
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("warning: the repository is a shallow clone: its history is partial"),
        "{err}"
    );
    let boundary = git(&shallow, &["rev-parse", "HEAD~1"]);
    assert!(
        out.starts_with(&format!("{}:a.sh:1:", &boundary[..12])),
        "{out}"
    );
    assert_ne!(boundary, last);
}

#[test]
fn a_corrupt_repository_or_no_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("repo");
    fs::create_dir(&d).unwrap();
    init(&d);
    let t = token(7);
    commit(&d, &[("a.sh", &curl(&t))], "2024-01-01T00:00:00Z");
    let blob = git(&d, &["rev-parse", "HEAD:a.sh"]);
    commit(&d, &[("b.txt", "b\n")], "2024-02-01T00:00:00Z");
    // The blob holding the token is gone.
    let object = d.join(".git/objects").join(&blob[..2]).join(&blob[2..]);
    fs::remove_file(&object).unwrap();
    let (code, out, err) = run(lint(&d).args(["scan", "--no-progress", "--git"]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(&format!(
            "error: cannot scan commit {}: blob {}: ",
            &git(&d, &["rev-parse", "HEAD~1"])[..12],
            &blob[..12]
        )),
        "{err}"
    );
    assert!(
        err.contains("the scan is incomplete: 1 path could not be read (exit status 2)"),
        "{err}"
    );
    assert!(!err.contains(&secret(7)[..5]));
    // A commit that cannot be read stops the walk, said as such.
    let head = git(&d, &["rev-parse", "HEAD"]);
    let object = d.join(".git/objects").join(&head[..2]).join(&head[2..]);
    fs::remove_file(&object).unwrap();
    let (code, _, err) = run(lint(&d).args(["scan", "--no-progress", "--git"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("error: HEAD cannot be read: "), "{err}");
    // Not a repository at all.
    let plain = dir.path().join("plain");
    fs::create_dir(&plain).unwrap();
    let (code, _, err) = run(lint(&plain)
        .args(["scan", "--git"])
        .env("GIT_CEILING_DIRECTORIES", dir.path()));
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: .: not in a git repository"),
        "{err}"
    );
    // A revision that names nothing.
    let (code, _, err) =
        run(lint(dir.path().join("repo").as_path()).args(["scan", "--git", "nosuch"]));
    assert_eq!(code, 2);
    assert!(err.starts_with("error: revision `nosuch`"), "{err}");
}

#[test]
fn staged_reads_the_index_not_the_working_tree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    commit(d, &[("a.txt", "a\n")], "2024-01-01T00:00:00Z");
    let t = token(8);
    fs::write(d.join("deploy.sh"), curl(&t)).unwrap();
    git(d, &["add", "deploy.sh"]);
    // The working tree no longer holds it; the index does.
    fs::write(
        d.join("deploy.sh"),
        "curl https://api.gcore.com/iam/clients/me\n",
    )
    .unwrap();
    // A file changed but not staged is not read.
    fs::write(d.join("a.txt"), curl(&token(9))).unwrap();
    let (code, out, err) = run(lint(d).args(["scan", "--no-progress", "--staged"]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        format!(
            "deploy.sh:1:32: error[hardcoded-token]: a permanent token `29841_{}…` (128-character secret) is written into the file\n    \
             | curl -H \"Authorization: APIKey 29841_{}…\" https://api.gcore.com/iam/clients/me\n",
            &secret(8)[..4],
            &secret(8)[..4]
        )
    );
    let (code, out, _) = run(lint(d).args(["scan", "--no-progress", "."]));
    assert_eq!(code, 1);
    assert!(
        out.starts_with("./a.txt:1:32: error[hardcoded-token]"),
        "{out}"
    );
    // Limited to a path with nothing staged under it.
    fs::create_dir(d.join("docs")).unwrap();
    let (code, out, _) = run(lint(d).args(["scan", "--no-progress", "--staged", "docs"]));
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn sarif_of_history_names_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let added = commit(d, &[("a.sh", &curl(&token(10)))], "2024-01-01T00:00:00Z");
    let (_, out, _) = run(lint(d).args(["scan", "--no-progress", "--format", "sarif", "--git"]));
    let v: Value = serde_json::from_str(&out).unwrap();
    let run = &v["runs"][0];
    assert_eq!(
        run["versionControlProvenance"][0]["revisionId"],
        added.as_str()
    );
    assert_eq!(
        run["versionControlProvenance"][0]["mappedTo"]["uriBaseId"],
        "%SRCROOT%"
    );
    let location = &run["results"][0]["locations"][0];
    assert_eq!(location["properties"]["commit"], added.as_str());
    assert_eq!(location["properties"]["authorTime"], "2024-01-01T00:00:00Z");
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "a.sh"
    );
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf8_is_shown_escaped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.sh");
    fs::write(d.join(name), curl(&token(11))).unwrap();
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "x"]);
    let (code, out, _) = run(lint(d).args(["scan", "--no-progress", "--git"]));
    assert_eq!(code, 1);
    assert!(
        out.contains(":caf\\xe9.sh:1:32: error[hardcoded-token]"),
        "{out}"
    );
}

#[test]
fn a_submodule_is_passed_over_and_a_broken_ref_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let first = commit(d, &[("a.txt", "a\n")], "2024-01-01T00:00:00Z");
    // A submodule entry (a gitlink to a commit this repository does not hold).
    git(
        d,
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("160000,{first},vendor/lib"),
        ],
    );
    git(d, &["commit", "-q", "-m", "submodule"]);
    let (code, out, err) = run(lint(d).args(["scan", "--no-progress", "--git", "--all"]));
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert_eq!(
        err,
        "gcore-auth-lint: read 2 commits (0 of them merges, whose own changes are not read) and 1 blob\n"
    );
    fs::write(d.join(".git/refs/heads/broken"), "not an id\n").unwrap();
    let (code, _, err) = run(lint(d).args(["scan", "--no-progress", "--git", "--all"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("error: cannot read "), "{err}");
}

#[test]
fn the_configuration_excludes_and_ignores_history_paths_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    commit(
        d,
        &[
            ("fixtures/a.sh", &curl(&token(12))),
            ("docs/b.md", &format!("```sh\n{}```\n", curl(&token(13)))),
            ("c.sh", &curl(&token(14))),
            (
                ".gcore-auth-lint.toml",
                "extend-exclude = [\"fixtures\"]\n[per-file-ignores]\n\"docs/*.md\" = [\"hardcoded-token\"]\n",
            ),
        ],
        "2024-01-01T00:00:00Z",
    );
    let paths = |v: &Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, v) = json(d, &["--git"]);
    assert_eq!(paths(&v), ["c.sh"]);
    // Staged again (changed), the same files are read from the index, and left out the same way.
    for name in ["fixtures/a.sh", "docs/b.md", "c.sh"] {
        let mut text = fs::read_to_string(d.join(name)).unwrap();
        text.push_str("# more\n");
        fs::write(d.join(name), text).unwrap();
    }
    git(d, &["add", "-A"]);
    let (_, v) = json(d, &["--staged"]);
    assert_eq!(paths(&v), ["c.sh"]);
    let (_, v) = json(d, &["--isolated", "--git"]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 3);
}

#[test]
fn a_repository_without_commits_and_a_blob_over_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let (code, _, err) = run(lint(d).args(["scan", "--no-progress", "--git"]));
    assert_eq!(code, 2);
    assert_eq!(err, "error: HEAD names no commit yet: nothing to read\n");
    // 17 MiB of text holding a token: not read, and said so.
    let mut big = curl(&token(15));
    big.push_str(&"# padding line of a large generated file\n".repeat(17 << 20 >> 5));
    commit(
        d,
        &[("big.sh", &big), ("small.sh", &curl(&token(16)))],
        "2024-01-01T00:00:00Z",
    );
    let (code, out, err) = run(lint(d).args(["scan", "--no-progress", "--git"]));
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains(":small.sh:1:32: error[hardcoded-token]"),
        "{out}"
    );
    assert!(!out.contains("big.sh"), "{out}");
    assert!(
        err.starts_with(
            "gcore-auth-lint: read 1 commit (0 of them merges, whose own changes are not read) and 1 blob; skipped 0 binary and 1 over 16 MiB\n"
        ),
        "{err}"
    );
}

#[test]
fn a_patch_on_standard_input_or_in_a_file_is_read_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d);
    let bad =
        "curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/iam/clients/me\n";
    commit(
        d,
        &[
            ("deploy.sh", &format!("#!/bin/sh\n{bad}")),
            ("client.go", "package x\n"),
        ],
        "2024-01-01T00:00:00Z",
    );
    // The removed line is no finding; the added one is, at its place in the patch; a Go struct
    // field is no header line.
    fs::write(
        d.join("deploy.sh"),
        format!("#!/bin/sh\necho start\n{}", bad.replace("/me", "/me?x=1")),
    )
    .unwrap();
    fs::write(
        d.join("client.go"),
        "package x\n\nvar c = Config{\n\tapiKey: apiKey,\n}\n",
    )
    .unwrap();
    let patch = git(d, &["diff"]) + "\n";
    let line = patch.lines().position(|l| l.starts_with("+curl")).unwrap() + 1;
    let (code, out, err) = run(lint(d)
        .args(["scan", "--no-progress", "-"])
        .write_stdin(patch.clone()));
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out.lines().next().unwrap(),
        format!(
            "<stdin>:{line}:33: error[scheme-bearer]: `Bearer` with `$GCORE_API_KEY`, which holds a permanent API token"
        )
    );
    assert_eq!(out.matches("error[").count(), 1, "{out}");
    // The same patch as a file in a tree.
    let other = tempfile::tempdir().unwrap();
    fs::write(other.path().join("change.patch"), &patch).unwrap();
    let (code, out, _) = run(lint(other.path()).args(["scan", "--no-progress", "."]));
    assert_eq!(code, 1);
    assert!(
        out.starts_with(&format!("./change.patch:{line}:33: error[scheme-bearer]")),
        "{out}"
    );
    assert_eq!(out.matches("error[").count(), 1, "{out}");
}
