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
    assert_eq!(r.out.lines().count(), 3, "{r:?}");
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
