//! The scan and the file system: odd file names, paths that cannot be read, what is read and
//! what is not (FIFOs, devices, standard input), overlapping paths, and the exit statuses that
//! follow.

#![cfg(unix)]

use std::ffi::OsStr;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A line with one error finding (`scheme-bearer` at column 32).
const BAD: &str = "curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/\n";

/// What a run of the binary left: its exit status, standard output and standard error.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    out: String,
    err: String,
}

fn lint() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gcore-auth-lint"));
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

/// Runs `cmd` with `stdin` (or nothing) on its standard input. A run that has not ended after
/// two minutes is killed and fails the test: it hung (on a FIFO, say), which is the fault some
/// of these tests look for, not a slow machine.
fn run(cmd: &mut Command, stdin: Option<&[u8]>) -> Run {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let writer = stdin.map(|data| {
        let mut pipe = child.stdin.take().unwrap();
        let data = data.to_vec();
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = pipe.write_all(&data);
        })
    });
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the scan hung: killed after two minutes");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    Run {
        code: status.code(),
        out: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        err: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// `gcore-auth-lint scan ARGS…`.
fn scan<A: AsRef<OsStr>>(args: &[A]) -> Run {
    run(lint().arg("scan").arg("--no-progress").args(args), None)
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.out).unwrap_or_else(|e| panic!("{e}: {r:?}"))
}

fn os(bytes: &[u8]) -> &OsStr {
    OsStr::from_bytes(bytes)
}

// --- how paths are shown

#[test]
fn odd_file_names_are_shown_escaped_in_findings_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let name = os(b"a\nb\x1b[31m.sh");
    std::fs::write(dir.path().join(name), BAD).unwrap();
    // A link to nothing, followed: a warning that names it.
    std::os::unix::fs::symlink("nowhere", dir.path().join(os(b"l\x1b[31m\nk"))).unwrap();
    let r = scan(&[OsStr::new("--follow"), dir.path().as_os_str()]);
    assert_eq!(r.code, Some(1), "{r:?}");
    let root = dir.path().display();
    assert!(
        r.out.starts_with(&format!(
            "{root}/a\\nb\\u{{1b}}[31m.sh:1:32: error[scheme-bearer]"
        )),
        "{r:?}"
    );
    assert!(
        r.err.contains(&format!("{root}/l\\u{{1b}}[31m\\nk: ")),
        "{r:?}"
    );
    assert!(!r.out.contains('\x1b') && !r.err.contains('\x1b'), "{r:?}");
    // The finding, its snippet, its reply, and its fix with the patched line.
    assert_eq!(r.out.lines().count(), 5, "{r:?}");
    // JSON carries the same shown path.
    let r = scan(&[
        OsStr::new("--format"),
        OsStr::new("json"),
        dir.path().as_os_str(),
    ]);
    assert_eq!(
        json(&r)["findings"][0]["path"],
        format!("{root}/a\\nb\\u{{1b}}[31m.sh")
    );
}

// --- paths that cannot be read: reported, the rest scanned, exit status 2

/// The last line of standard error of a scan that could not read `n` paths.
fn incomplete(n: usize) -> String {
    let paths = if n == 1 { "path" } else { "paths" };
    format!(
        "gcore-auth-lint: the scan is incomplete: {n} {paths} could not be read (exit status 2)\n"
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_named_file_that_cannot_be_read_makes_the_scan_incomplete() {
    // A regular file whose first read fails (EIO), whoever reads it, root included.
    let mem = "/proc/self/mem";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.sh"), BAD).unwrap();
    let r = scan(&[OsStr::new(mem), dir.path().as_os_str()]);
    assert_eq!(r.code, Some(2), "{r:?}");
    // What could be read is still reported.
    assert!(
        r.out.starts_with(&format!(
            "{}/a.sh:1:32: error[scheme-bearer]",
            dir.path().display()
        )),
        "{r:?}"
    );
    assert!(
        r.err
            .starts_with("gcore-auth-lint: error: cannot scan /proc/self/mem: Input/output error"),
        "{r:?}"
    );
    assert!(r.err.ends_with(&incomplete(1)), "{r:?}");
    // JSON lists it.
    let r = scan(&["--format", "json", mem]);
    assert_eq!(r.code, Some(2), "{r:?}");
    let v = json(&r);
    assert_eq!(v["findings"], serde_json::json!([]));
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v}");
    assert_eq!(errors[0]["path"], mem);
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Input/output error"),
        "{v}"
    );
}

#[test]
fn the_exit_statuses_are_in_the_help() {
    let r = run(lint().args(["scan", "--help"]), None);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(
        r.out.contains(
            "Exit status: 0 no finding at the failing level, 1 findings, 2 usage errors or an \
             incomplete scan."
        ),
        "{r:?}"
    );
    assert!(
        r.out
            .contains("the status is 2 even with findings: a scan that missed files"),
        "{r:?}"
    );
}

#[test]
fn a_path_that_does_not_exist_is_reported_and_the_rest_scanned() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.sh"), BAD).unwrap();
    let missing = dir.path().join("missing");
    let r = scan(&[missing.as_os_str(), dir.path().as_os_str()]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.out.matches("error[scheme-bearer]").count(), 1, "{r:?}");
    assert!(
        r.err.starts_with(&format!(
            "gcore-auth-lint: error: cannot scan {}: No such file or directory",
            missing.display()
        )),
        "{r:?}"
    );
    // A complete scan has an empty list of errors.
    let r = scan(&[
        OsStr::new("--format"),
        OsStr::new("json"),
        dir.path().as_os_str(),
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(json(&r)["errors"], serde_json::json!([]));
}

#[test]
fn files_and_folders_without_permission_make_the_scan_incomplete() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.sh"), BAD).unwrap();
    std::fs::write(p.join("locked.sh"), BAD).unwrap();
    std::fs::create_dir(p.join("locked")).unwrap();
    std::fs::write(p.join("locked/b.sh"), BAD).unwrap();
    let none = std::fs::Permissions::from_mode(0o000);
    std::fs::set_permissions(p.join("locked.sh"), none.clone()).unwrap();
    std::fs::set_permissions(p.join("locked"), none).unwrap();
    let readable = std::fs::read(p.join("locked.sh")).is_ok();
    let r = scan(&[p]);
    std::fs::set_permissions(p.join("locked"), std::fs::Permissions::from_mode(0o700)).unwrap();
    if readable {
        // Permissions do not stop this user (root): the other tests of this group read what
        // nobody can.
        assert_eq!(r.code, Some(1), "{r:?}");
        return;
    }
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.out.matches("error[scheme-bearer]").count(), 1, "{r:?}");
    for locked in ["locked.sh", "locked"] {
        assert!(
            r.err.contains(&format!(
                "gcore-auth-lint: error: cannot scan {}/{locked}: Permission denied",
                p.display()
            )),
            "{r:?}"
        );
    }
    assert!(r.err.ends_with(&incomplete(2)), "{r:?}");
}

#[test]
fn folders_deeper_than_the_path_limit_are_reported_not_dropped() {
    // Two chains of 12 folders of 200 bytes each, the second moved to the bottom of the first:
    // every call here names less than 4096 bytes, but the file at the bottom lies deeper.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let seg = "x".repeat(200);
    let chain: std::path::PathBuf = (0..12).map(|_| seg.as_str()).collect();
    std::fs::create_dir_all(p.join("top").join(&chain)).unwrap();
    std::fs::create_dir_all(p.join("low").join(&chain)).unwrap();
    std::fs::write(p.join("low").join(&chain).join("a.sh"), BAD).unwrap();
    std::fs::rename(p.join("low"), p.join("top").join(&chain).join("low")).unwrap();
    std::fs::write(p.join("b.sh"), BAD).unwrap();
    let r = scan(&[p]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.out.matches("error[scheme-bearer]").count(), 1, "{r:?}");
    let error = r
        .err
        .lines()
        .find(|l| l.starts_with("gcore-auth-lint: error: cannot scan "))
        .unwrap_or_else(|| panic!("{r:?}"));
    assert!(
        error.starts_with(&format!(
            "gcore-auth-lint: error: cannot scan {}/top/{}/low/",
            p.display(),
            chain.display()
        )),
        "{error}"
    );
    assert!(
        error.ends_with(": File name too long (os error 36)"),
        "{error}"
    );
    assert!(r.err.ends_with(&incomplete(1)), "{r:?}");
}

// --- what is named is read: standard input, FIFOs, devices

fn mkfifo(path: &std::path::Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A shell script with [`BAD`] on its line 2: a stream has no name to tell its language, its
/// first line does.
fn script() -> Vec<u8> {
    format!("#!/bin/sh\n{BAD}").into_bytes()
}

#[test]
fn a_dash_reads_standard_input() {
    let r = run(lint().args(["scan", "--no-progress", "-"]), Some(&script()));
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.out.starts_with("<stdin>:2:32: error[scheme-bearer]"),
        "{r:?}"
    );
    // Clean input: exit status 0, one file scanned.
    let r = run(
        lint().args(["scan", "--no-progress", "--format", "json", "-"]),
        Some(b"echo hello\n"),
    );
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(json(&r)["files_scanned"], 1);
}

/// Standard input without a name is text whose first lines tell its kind, else text of unknown
/// kind: the six mistakes of the text fixture are found there as in `notes.txt`, line for line.
#[test]
fn standard_input_without_a_name_is_read_as_text() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scan/text");
    let text = std::fs::read(dir.join("notes.txt")).unwrap();
    let r = run(lint().args(["scan", "--no-progress", "-"]), Some(&text));
    assert_eq!(r.code, Some(1), "{r:?}");
    let from_stdin: Vec<&str> = r
        .out
        .lines()
        .filter_map(|l| l.strip_prefix("<stdin>:"))
        .collect();
    // (The repository's own configuration leaves its fixtures out.)
    let from_file = run(
        lint()
            .args(["scan", "--no-progress", "--isolated"])
            .arg(dir.join("notes.txt")),
        None,
    );
    let prefix = format!("{}:", dir.join("notes.txt").display());
    let expected: Vec<&str> = from_file
        .out
        .lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .collect();
    assert_eq!(from_stdin, expected);
    assert_eq!(
        from_stdin.iter().filter(|l| l.contains(": error[")).count(),
        7,
        "{from_stdin:?}"
    );
    // Python piped in is read as Python (its first line tells), a `.env` named so as dotenv.
    let py = b"import os\nh = {\"Authorization\": \"Bearer \" + os.environ[\"GCORE_API_KEY\"]}\n";
    let r = run(lint().args(["scan", "--no-progress", "-"]), Some(py));
    assert!(
        r.out.starts_with("<stdin>:2:35: error[scheme-bearer]"),
        "{r:?}"
    );
    let env = b"GCORE_API_KEY=APIKey 29841\n";
    let r = run(
        lint().args([
            "scan",
            "--no-progress",
            "--stdin-filename",
            "deploy/.env",
            "-",
        ]),
        Some(env),
    );
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.out
            .starts_with("deploy/.env:1:15: error[token-includes-scheme]"),
        "{r:?}"
    );
}

#[test]
fn dev_stdin_named_is_read() {
    let r = run(
        lint().args(["scan", "--no-progress", "/dev/stdin"]),
        Some(&script()),
    );
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.out.starts_with("/dev/stdin:2:32: error[scheme-bearer]"),
        "{r:?}"
    );
}

#[test]
fn a_fifo_named_is_read_as_a_stream() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("headers.sh");
    mkfifo(&fifo);
    let path = fifo.clone();
    // Opening a FIFO to write waits for its reader: the scan.
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().write(true).open(&path)?;
        f.write_all(BAD.as_bytes())
    });
    let r = scan(&[&fifo]);
    // A scan that never opened the FIFO leaves the writer waiting: open it here to free it.
    let _reader = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let _ = writer.join().unwrap();
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.out
            .starts_with(&format!("{}:1:32: error[scheme-bearer]", fifo.display())),
        "{r:?}"
    );
}

// --- ignore files: only regular files of at most 1 MiB are read

fn git_init(dir: &std::path::Path) {
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success());
}

/// The warning about an ignore file not used.
fn not_used(path: &std::path::Path, why: &str) -> String {
    format!(
        "gcore-auth-lint: warning: {}: not used as an ignore file: {why}\n",
        path.display()
    )
}

#[test]
fn ignore_files_that_are_fifos_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    git_init(p);
    std::fs::create_dir(p.join("sub")).unwrap();
    mkfifo(&p.join(".gitignore"));
    mkfifo(&p.join("sub/.ignore"));
    std::fs::write(p.join("a.sh"), BAD).unwrap();
    std::fs::write(p.join("sub/b.sh"), BAD).unwrap();
    let r = scan(&[p]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.out.matches("error[scheme-bearer]").count(), 2, "{r:?}");
    let fifo = "it is a FIFO, not a regular file";
    assert!(
        r.err.contains(&not_used(&p.join(".gitignore"), fifo)),
        "{r:?}"
    );
    assert!(
        r.err.contains(&not_used(&p.join("sub/.ignore"), fifo)),
        "{r:?}"
    );
}

#[test]
fn a_gitignore_linked_to_dev_zero_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    git_init(p);
    std::os::unix::fs::symlink("/dev/zero", p.join(".gitignore")).unwrap();
    std::fs::write(p.join("a.sh"), BAD).unwrap();
    // Under a 1 GiB address-space limit, so that reading /dev/zero to its end fails fast
    // rather than taking the machine's memory; one worker thread, so that the address space
    // each thread's allocator reserves stays far below the limit.
    let mut cmd = Command::new("sh");
    cmd.env_clear()
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_gcore-auth-lint"))
        .args(["scan", "--no-progress", "--threads", "1"])
        .arg(p);
    let r = run(&mut cmd, None);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.out.matches("error[scheme-bearer]").count(), 1, "{r:?}");
    assert!(
        r.err.contains(&not_used(
            &p.join(".gitignore"),
            "it is a character device, not a regular file"
        )),
        "{r:?}"
    );
}

#[test]
fn an_ignore_file_over_1_mib_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut big = String::from("ignored.sh\n");
    while big.len() < 1_500_000 {
        big.push_str("# a comment line to make this ignore file large, as generated ones get\n");
    }
    std::fs::write(p.join(".ignore"), &big).unwrap();
    std::fs::write(p.join("ignored.sh"), BAD).unwrap();
    // A small one still works.
    std::fs::create_dir(p.join("sub")).unwrap();
    std::fs::write(p.join("sub/.ignore"), "x.sh\n").unwrap();
    std::fs::write(p.join("sub/x.sh"), BAD).unwrap();
    let r = scan(&[p]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.out.starts_with(&format!(
            "{}/ignored.sh:1:32: error[scheme-bearer]",
            p.display()
        )),
        "{r:?}"
    );
    assert_eq!(r.out.matches("error[scheme-bearer]").count(), 1, "{r:?}");
    let why = format!("it is larger than 1024 KiB ({} bytes)", big.len());
    assert!(r.err.contains(&not_used(&p.join(".ignore"), &why)), "{r:?}");
}

#[test]
fn entries_found_by_walking_that_are_not_regular_files_are_skipped_and_counted() {
    use gcore_auth_lint::scan::{Options, scan_paths};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.sh"), BAD).unwrap();
    mkfifo(&p.join("f.sh"));
    std::os::unix::fs::symlink("/dev/zero", p.join("z.sh")).unwrap();
    for (follow, skipped) in [(false, 1), (true, 2)] {
        let out = scan_paths(&Options {
            paths: vec![p.to_path_buf()],
            follow_links: follow,
            progress: false,
            ..Options::default()
        })
        .unwrap();
        assert_eq!(out.not_regular_skipped, skipped, "{follow}");
        assert_eq!(out.files_scanned, 1);
        assert_eq!(out.findings.len(), 1);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
    }
}

#[test]
fn ignore_files_keep_their_meaning() {
    // The ignore files are read by the scanner, not the walker: the rules stay git's.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let files = [
        "norepo/a.sh",
        "norepo/b.sh",
        "repo/a.sh",
        "repo/b.sh",
        "repo/keep.log.sh",
        "repo/sub/x.sh",
        "repo/sub/y.sh",
        "repo/sub/deep/z.sh",
        "repo/build/o.sh",
        "repo/nested/n1.sh",
        "repo/nested/n2.sh",
        "repo/ex.sh",
        "repo/neg/q.sh",
        "repo/neg/r.sh",
    ];
    for f in files {
        let f = p.join(f);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, BAD).unwrap();
    }
    // No repository: .gitignore does not apply, .ignore does.
    std::fs::write(p.join("norepo/.gitignore"), "a.sh\n").unwrap();
    std::fs::write(p.join("norepo/.ignore"), "b.sh\n").unwrap();
    git_init(&p.join("repo"));
    git_init(&p.join("repo/nested"));
    std::fs::write(
        p.join("repo/.gitignore"),
        "b.sh\n*.log.sh\nbuild/\nsub/deep\nneg/*\n!neg/r.sh\nn2.sh\n",
    )
    .unwrap();
    // A deeper file wins; .ignore wins over .gitignore.
    std::fs::write(p.join("repo/sub/.gitignore"), "y.sh\n!z.sh\n").unwrap();
    std::fs::write(p.join("repo/sub/.ignore"), "!y.sh\n").unwrap();
    // A nested repository: the outer .gitignore stops at its top.
    std::fs::write(p.join("repo/nested/.gitignore"), "n1.sh\n").unwrap();
    std::fs::write(p.join("repo/.git/info/exclude"), "ex.sh\n").unwrap();
    let found = |root: &std::path::Path| -> Vec<String> {
        let r = scan(&[OsStr::new("--format"), OsStr::new("json"), root.as_os_str()]);
        let mut paths: Vec<String> = json(&r)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let path = f["path"].as_str().unwrap();
                path.strip_prefix(&format!("{}/", p.display()))
                    .unwrap()
                    .to_owned()
            })
            .collect();
        paths.dedup();
        paths
    };
    assert_eq!(
        found(p),
        [
            "norepo/a.sh",
            "repo/a.sh",
            "repo/neg/r.sh",
            "repo/nested/n2.sh",
            "repo/sub/x.sh",
            "repo/sub/y.sh"
        ]
    );
    // The ignore files above a folder given apply too.
    assert_eq!(
        found(&p.join("repo/sub")),
        ["repo/sub/x.sh", "repo/sub/y.sh"]
    );
    assert_eq!(found(&p.join("repo/neg")), ["repo/neg/r.sh"]);
}

// --- lines longer than a reading piece

/// A 128-character secret (not a real one).
const SECRET: &str = "2a0e1e75ee43aa0de52a39fb039798519c7441cbe5d55c983a82bb07a1b0187b7f3aeb3399346bfb4832e11b9ed87c78127f186554d99d7e3ac10c0076b7e1f4";

/// Each finding's line, columns, code and message.
fn rows(findings: &[gcore_auth_lint::scan::Finding]) -> Vec<(usize, usize, usize, String, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f.line,
                f.column,
                f.end_column,
                f.code.to_string(),
                f.message.clone(),
            )
        })
        .collect()
}

#[test]
fn a_header_cut_by_a_piece_boundary_is_found_once_and_whole() {
    use gcore_auth_lint::scan::{scan_bytes, scan_reader};
    // Lines far longer than the 1024-byte pieces, with a header at every position around the
    // piece boundaries: read in pieces, the line gives what it gives read whole.
    let header =
        format!("curl -H \"Authorization: Bearer 29841_{SECRET}\" https://api.gcore.com/iam");
    let mut found = 0;
    for lead in (0..3000).step_by(11) {
        // Two-byte characters before the header on every other line: a boundary can cut one,
        // and columns count characters.
        let filler = if lead % 2 == 0 {
            "x".repeat(lead)
        } else {
            "é".repeat(lead / 2)
        };
        let text = format!(
            "echo start\n{filler} {header} {}\necho end\n",
            "é".repeat(1500)
        );
        let whole = scan_bytes("a.sh", text.as_bytes());
        // `Bearer` with a permanent token, and the token itself.
        assert_eq!(whole.len(), 2, "{whole:?}");
        let (pieces, bytes) = scan_reader("a.sh", text.as_bytes(), 1024).unwrap().unwrap();
        assert_eq!(bytes, text.len() as u64);
        assert_eq!(rows(&pieces), rows(&whole), "lead {lead}");
        found += pieces.len();
    }
    assert_eq!(found, 2 * 273);
}

// --- threads

#[test]
fn threads_beyond_the_cap_are_lowered_with_a_note() {
    let cap = gcore_auth_lint::scan::max_threads();
    let cores = std::thread::available_parallelism().unwrap().get();
    assert_eq!(cap, (4 * cores).min(64));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.sh"), BAD).unwrap();
    let many = (cap + 100).to_string();
    let r = scan(&[
        OsStr::new("--threads"),
        OsStr::new(&many),
        dir.path().as_os_str(),
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.out.matches("error[scheme-bearer]").count(), 1, "{r:?}");
    assert!(
        r.err.starts_with(&format!(
            "gcore-auth-lint: note: --threads {many} is more than a scan uses here, {cap} \
             (4 per core, at most 64): using {cap}\n"
        )),
        "{r:?}"
    );
    // Up to the cap: no note.
    let r = scan(&[
        OsStr::new("--threads"),
        OsStr::new(&cap.to_string()),
        dir.path().as_os_str(),
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(!r.err.contains("note:"), "{r:?}");
}

// --- a file reached twice

#[test]
fn overlapping_paths_report_a_file_once_under_the_first_path_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("d/sub")).unwrap();
    std::fs::write(dir.path().join("d/a.sh"), BAD).unwrap();
    std::fs::write(dir.path().join("d/sub/b.sh"), BAD).unwrap();
    let paths = |args: &[&str]| -> (u64, Vec<String>) {
        let r = run(
            lint()
                .current_dir(dir.path())
                .args(["scan", "--no-progress", "--format", "json"])
                .args(args),
            None,
        );
        assert_eq!(r.code, Some(1), "{r:?}");
        let v = json(&r);
        let found = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_owned())
            .collect();
        (v["files_scanned"].as_u64().unwrap(), found)
    };
    let both = |a: &str, b: &str| (2, vec![a.to_owned(), b.to_owned()]);
    assert_eq!(paths(&["d", "d"]), both("d/a.sh", "d/sub/b.sh"));
    assert_eq!(paths(&["d", "d/a.sh"]), both("d/a.sh", "d/sub/b.sh"));
    assert_eq!(paths(&["d/sub", "d"]), both("d/a.sh", "d/sub/b.sh"));
    assert_eq!(paths(&["./d", "d"]), both("./d/a.sh", "./d/sub/b.sh"));
    assert_eq!(paths(&["./d/a.sh", "d"]), both("./d/a.sh", "d/sub/b.sh"));
    assert_eq!(paths(&["d", "./d/a.sh"]), both("d/a.sh", "d/sub/b.sh"));
    // A link followed to a file already read.
    std::os::unix::fs::symlink("a.sh", dir.path().join("d/link.sh")).unwrap();
    assert_eq!(paths(&["--follow", "d"]), both("d/a.sh", "d/sub/b.sh"));
}

// --- a standard output closed early (`| head`)

/// Runs `cmd` with its standard output a pipe whose reader is gone.
fn closed_stdout(cmd: &mut Command) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = cmd
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_standard_output_changes_neither_status_nor_stderr() {
    let hex = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366";
    let good = format!("APIKey 29841_{hex}{hex}");
    // `check`: the status of the verdict, nothing on stderr.
    assert_eq!(
        closed_stdout(lint().args(["check", "APIKey 29841"])),
        (Some(1), String::new())
    );
    assert_eq!(
        closed_stdout(lint().args(["check", &good])),
        (Some(0), String::new())
    );
    // `scan`: the same, with only its usual summary on stderr.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..50 {
        std::fs::write(dir.path().join(format!("a{i}.sh")), BAD).unwrap();
    }
    for format in ["human", "json", "sarif"] {
        let (code, err) = closed_stdout(
            lint()
                .args(["scan", "--no-progress", "--format", format])
                .arg(dir.path()),
        );
        assert_eq!(code, Some(1), "{format}: {err}");
        let summary = if format == "human" {
            "gcore-auth-lint: 50 errors, 0 warnings, 0 notes in 50 files scanned\n"
        } else {
            ""
        };
        assert_eq!(err, summary, "{format}");
    }
}

// --- baselines

#[test]
fn a_baseline_that_starts_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    std::fs::write(tree.join("a.sh"), BAD).unwrap();
    let base = dir.path().join("baseline.json");
    let r = scan(&[
        OsStr::new("--write-baseline"),
        base.as_os_str(),
        tree.as_os_str(),
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let mut text = "\u{feff}".as_bytes().to_vec();
    text.extend(std::fs::read(&base).unwrap());
    std::fs::write(&base, text).unwrap();
    let r = scan(&[OsStr::new("--baseline"), base.as_os_str(), tree.as_os_str()]);
    assert_eq!((r.code, r.out.as_str(), r.err.as_str()), (Some(0), "", ""));
}
