//! `scan --fix` keeps a file's identity and every byte, through the binary: the inode (hard
//! links, an appending descriptor), owner and group, extended attributes; a read-only or locked
//! file is left; standard input is fixed to standard output; a FIFO is a usage error; a file
//! over the size limit gets a note; a backup left by an interrupted fix is reported; a baseline
//! survives a full disk; `--diff` speaks the format asked for. Tests that need root or a small
//! tmpfs say SKIPPED where they cannot run.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

/// A 128-character secret (not a real one).
const SECRET: &str = "9757f22e4b42afe705eb381347c93cf631e69c1091b287ae5c03e6f97f5d2deec8e876c38e583c13a2feb2d6b6d577f7ae325701e45a9699aebb4d5683b42c11";

fn lint() -> Command {
    let mut cmd = Command::cargo_bin("gcore-auth-lint").unwrap();
    cmd.env_clear()
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

/// Runs `scan --no-progress <args>`: the status, standard output and standard error.
fn scan(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut cmd = lint();
    cmd.arg("scan").arg("--no-progress").args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_no_secret(text: &str) {
    for start in 4..SECRET.len() - 8 {
        let w = &SECRET[start..start + 8];
        assert!(!text.contains(w), "secret piece {w} leaked in:\n{text}");
    }
}

fn bearer_line() -> String {
    format!(
        "curl -H \"Authorization: Bearer 29841_{SECRET}\" https://api.gcore.com/iam/clients/me\n"
    )
}

fn fixed_line() -> String {
    bearer_line().replace("Bearer", "APIKey")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn the_inode_hard_links_and_an_appending_descriptor_survive() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    let other_name = dir.path().join("same.sh");
    fs::write(&file, bearer_line()).unwrap();
    fs::hard_link(&file, &other_name).unwrap();
    let ino = fs::metadata(&file).unwrap().ino();
    // A logger holds the file open for appending.
    let mut logger = fs::OpenOptions::new().append(true).open(&file).unwrap();

    let (code, out, err) = scan(&["--fix", p(&file)], None);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("fixed 1 problem in 1 file"), "{err}");
    logger.write_all(b"# appended\n").unwrap();
    drop(logger);

    let want = format!("{}# appended\n", fixed_line());
    assert_eq!(fs::read_to_string(&file).unwrap(), want);
    assert_eq!(fs::read_to_string(&other_name).unwrap(), want);
    assert_eq!(fs::metadata(&file).unwrap().ino(), ino);
    assert_eq!(fs::metadata(&file).unwrap().nlink(), 2);
    // No backup is left beside it.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn owner_and_group_survive() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    fs::write(&file, bearer_line()).unwrap();
    if std::os::unix::fs::chown(&file, Some(1234), Some(5678)).is_err() {
        eprintln!("SKIPPED: changing a file's owner needs root");
        return;
    }
    let (_, out, err) = scan(&["--fix", p(&file)], None);
    assert!(err.contains("fixed 1 problem in 1 file"), "{out}{err}");
    let m = fs::metadata(&file).unwrap();
    assert_eq!((m.uid(), m.gid()), (1234, 5678));
    assert_eq!(fs::read_to_string(&file).unwrap(), fixed_line());
}

#[test]
fn extended_attributes_survive() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    fs::write(&file, bearer_line()).unwrap();
    if xattr::set(&file, "user.origin", b"kept").is_err() {
        eprintln!("SKIPPED: this file system takes no user extended attributes");
        return;
    }
    let (_, out, err) = scan(&["--fix", p(&file)], None);
    assert!(err.contains("fixed 1 problem in 1 file"), "{out}{err}");
    assert_eq!(
        xattr::get(&file, "user.origin").unwrap().as_deref(),
        Some(&b"kept"[..])
    );
}

#[test]
fn a_read_only_file_is_reported_and_left() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    fs::write(&file, bearer_line()).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    let (code, out, err) = scan(&["--fix", p(&file)], None);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("deploy.sh: it is read-only (its mode allows no one to write it): not fixed"),
        "{err}"
    );
    assert!(out.contains("error[scheme-bearer]"), "{out}");
    assert_eq!(fs::read_to_string(&file).unwrap(), bearer_line());
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn a_locked_file_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    fs::write(&file, bearer_line()).unwrap();
    let held = fs::File::open(&file).unwrap();
    held.lock().unwrap();
    let (code, out, err) = scan(&["--fix", p(&file)], None);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("warning: ")
            && err.contains("deploy.sh: another process holds a lock on it: left as it is"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), bearer_line());
    drop(held);
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let (code, out, err) = scan(&["--fix", "-"], Some(&bearer_line()));
    assert_eq!(out, fixed_line());
    // The finding left (the token written into the text) goes to standard error.
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("<stdin>:1:32: error[hardcoded-token]"),
        "{err}"
    );
    assert!(err.contains("fixed 1 problem in 1 file"), "{err}");
    assert_no_secret(&err);

    // Its name tells its language; JSON goes to standard error too.
    let py = "h = {\"Authorization\": \"Bearer \" + os.environ[\"GCORE_API_KEY\"]}\n";
    let (code, out, err) = scan(
        &[
            "--fix",
            "--unsafe-fixes",
            "--stdin-filename",
            "client.py",
            "--format",
            "json",
            "-",
        ],
        Some(py),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, py.replace("Bearer", "APIKey"));
    let report = err.split("gcore-auth-lint: ").next().unwrap();
    let v: Value = serde_json::from_str(report).unwrap();
    assert_eq!(v["findings"], Value::Array(vec![]));

    // Nothing to fix: the text goes through unchanged, byte for byte.
    let text = "no header here\r\nat all";
    let (code, out, _) = scan(&["--fix", "-"], Some(text));
    assert_eq!((code, out.as_str()), (0, text));

    // `-` takes no other path.
    let (code, _, err) = scan(&["--fix", "-", "."], Some(text));
    assert_eq!(code, 2);
    assert!(
        err.contains("--fix reads standard input (`-`) alone: name no other path with it"),
        "{err}"
    );
}

#[test]
fn diff_of_standard_input() {
    let (code, out, _) = scan(&["--diff", "-"], Some(&bearer_line()));
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "--- a/<stdin>\n+++ b/<stdin>\n@@ -1 +1 @@\n\
         -curl -H \"Authorization: Bearer 29841_9757…\" https://api.gcore.com/iam/clients/me\n\
         +curl -H \"Authorization: APIKey 29841_9757…\" https://api.gcore.com/iam/clients/me\n"
    );
}

#[test]
fn a_fifo_is_a_usage_error_and_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for flag in ["--fix", "--diff"] {
        let (code, out, err) = scan(&[flag, p(&fifo)], None);
        assert_eq!(code, 2, "{out}{err}");
        assert!(
            err.contains(&format!(
                "error: {flag} rewrites files, and {}/pipe is not a regular file (a FIFO, socket \
                 or device): pipe it to standard input instead",
                dir.path().display()
            )),
            "{err}"
        );
    }
}

#[test]
fn a_file_over_the_limit_gets_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.sh");
    let mut content = bearer_line().into_bytes();
    // 17 MiB of comment lines after it.
    let filler = "# filler line of a large generated script\n".repeat((17 << 20) / 42 + 1);
    content.extend_from_slice(filler.as_bytes());
    fs::write(&file, &content).unwrap();

    let (code, out, err) = scan(&["--diff", p(&file)], None);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains(
            "big.sh is over 16 MiB: its fixes are not applied (a fix reads and writes a file whole)"
        ),
        "{err}"
    );
    let (code, _, err) = scan(&["--fix", p(&file)], None);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("big.sh is over 16 MiB"), "{err}");
    assert!(err.contains("nothing to fix"), "{err}");
    assert!(fs::read(&file).unwrap() == content);
}

#[test]
fn a_backup_left_behind_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("deploy.sh"), fixed_line()).unwrap();
    let left = dir.path().join(".gcore-auth-lint-backup-Ab12Cd.deploy.sh");
    fs::write(&left, bearer_line()).unwrap();
    let (code, out, err) = scan(&[p(dir.path())], None);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(".gcore-auth-lint-backup-Ab12Cd.deploy.sh: left by an interrupted `scan --fix` or `--write-baseline`"),
        "{err}"
    );
    // It holds the old content, and is scanned like any file.
    assert!(
        out.contains(".gcore-auth-lint-backup-Ab12Cd.deploy.sh:1:32: error[scheme-bearer]"),
        "{out}"
    );
    assert_no_secret(&err);
}

#[test]
fn the_round_limit_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("z.sh");
    let value = "ab\u{200b}".repeat(600);
    fs::write(
        &file,
        format!("curl -H \"Authorization: APIKey 29841_{value}cd\" https://api.gcore.com/iam\n"),
    )
    .unwrap();
    let (_, _, err) = scan(&["--fix", p(&file)], None);
    assert!(
        err.contains("z.sh: --fix stopped after 100 rounds with fixes left (what is left is reported below): run it again"),
        "{err}"
    );
}

/// A small file system to fill: root mounts a 64 KiB tmpfs, unmounted when dropped.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount() -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk(dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

#[test]
fn a_baseline_survives_a_full_disk() {
    let Some(disk) = SmallDisk::mount() else {
        eprintln!("SKIPPED: mounting a small tmpfs needs root");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Many findings make a baseline larger than the disk.
    let lines = bearer_line().repeat(600);
    fs::write(dir.path().join("deploy.sh"), &lines).unwrap();
    let baseline = disk.0.path().join("baseline.json");
    let old = "{\n  \"version\": 1,\n  \"findings\": []\n}\n";
    fs::write(&baseline, old).unwrap();
    let (code, _, err) = scan(&["--write-baseline", p(&baseline), p(dir.path())], None);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(fs::read_to_string(&baseline).unwrap(), old);
    assert_eq!(fs::read_dir(disk.0.path()).unwrap().count(), 1);
}

#[test]
fn diff_speaks_the_format_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    fs::write(&file, format!("#!/bin/sh\n{}", bearer_line())).unwrap();

    let (code, out, _) = scan(&["--diff", "--format", "json", p(&file)], None);
    assert_eq!(code, 1);
    assert_no_secret(&out);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["fixes"], 1);
    let f = &v["files"][0];
    assert_eq!(f["path"], p(&file));
    assert_eq!(
        f["edits"],
        serde_json::json!([{"start": 34, "end": 40, "line": 2, "column": 25, "end_line": 2, "end_column": 31, "text": "APIKey"}])
    );
    assert_eq!(
        f["hunks"][0]["lines"],
        serde_json::json!([
            " #!/bin/sh",
            "-curl -H \"Authorization: Bearer 29841_9757…\" https://api.gcore.com/iam/clients/me",
            "+curl -H \"Authorization: APIKey 29841_9757…\" https://api.gcore.com/iam/clients/me"
        ])
    );
    assert_eq!(v["errors"], serde_json::json!([]));

    let (code, out, _) = scan(&["--diff", "--format", "sarif", p(&file)], None);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "scheme-bearer");
    let r = &results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(r["insertedContent"]["text"], "APIKey");

    // An absolute path's headers are the path itself.
    let (_, out, _) = scan(&["--diff", p(&file)], None);
    let head = format!("--- {0}\n+++ {0}\n@@ -1,2 +1,2 @@\n", p(&file));
    assert!(out.starts_with(&head), "{out}");

    let (code, _, err) = scan(&["--diff", "--format", "github", p(&file)], None);
    assert_eq!(code, 2);
    assert!(err.contains("--diff prints a unified diff"), "{err}");
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        format!("#!/bin/sh\n{}", bearer_line())
    );
}

/// Killed at any point, `--fix` leaves the old content or the new one in the file, or, while
/// it writes, the old content in a backup beside it, which the next scan reports. Half the
/// kills are spread over the time one whole run takes; the other half come as soon as the
/// backup appears (the window in which the file itself is written).
#[test]
fn a_kill_at_any_point_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    let old = bearer_line().repeat(300);
    let new = fixed_line().repeat(300);
    let run = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("gcore-auth-lint"))
            .args(["scan", "--no-progress", "--fix"])
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    fs::write(&file, &old).unwrap();
    let start = std::time::Instant::now();
    run().wait().unwrap();
    let whole = start.elapsed();
    assert_eq!(fs::read_to_string(&file).unwrap(), new);
    let backup_names = || -> Vec<std::path::PathBuf> {
        fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != "deploy.sh")
            .map(|e| e.path())
            .collect()
    };
    let mut left = 0;
    for k in 0..16u32 {
        // Clean the folder and start again from the old content.
        for b in backup_names() {
            fs::remove_file(b).unwrap();
        }
        fs::write(&file, &old).unwrap();
        let mut child = run();
        if k % 2 == 0 {
            std::thread::sleep(whole * k / 16);
        } else {
            // As soon as the backup is there (or the run is over).
            while backup_names().is_empty() && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_micros(20));
            }
            std::thread::sleep(Duration::from_micros(u64::from(k) * 50));
        }
        let _ = child.kill();
        child.wait().unwrap();
        let now = fs::read_to_string(&file).unwrap();
        let backups: Vec<String> = backup_names()
            .iter()
            .map(|path| {
                let name = path.file_name().unwrap().to_str().unwrap();
                assert!(name.starts_with(".gcore-auth-lint-backup-"), "{name}");
                assert!(name.ends_with(".deploy.sh"), "{name}");
                let mode = fs::metadata(path).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{name}");
                fs::read_to_string(path).unwrap()
            })
            .collect();
        assert!(backups.len() <= 1);
        let backed_up = backups.contains(&old);
        assert!(
            now == old || now == new || backed_up,
            "kill {k}: the file holds neither version and no backup holds the old one"
        );
        if let Some(b) = backups.first() {
            left += 1;
            // A backup cut short is only ever beside an untouched file.
            assert!(*b == old || now == old, "kill {k}");
            let (_, _, err) = scan(&[p(dir.path())], None);
            assert!(err.contains("left by an interrupted `scan --fix`"), "{err}");
        }
    }
    eprintln!("{left} of 16 kills left a backup");
}
