//! Measures `gcore-auth-lint scan` against ripgrep on a real tree, in one run: the two
//! commands run in interleaved pairs (which one goes first alternates), so a machine that gets
//! slower or faster meanwhile slows both alike, and the ratio of their medians is printed.
//!
//! ```text
//! cargo build --release -p gcore-auth-lint
//! cargo run --release -p gcore-auth-benches --bin scan-vs-rg -- [--runs N] [--scan BIN] DIR
//! ```
//!
//! ripgrep searches the same files for the scanner's four main keywords, as fast as a tool can
//! read them: `rg -c -i --hidden -g '!.git' -e authorization -e apikey -e gcore -e bearer DIR`.
//! The scan is `gcore-auth-lint scan --exit-zero --quiet DIR`. `--runs` pairs are timed (30 by
//! default) after 3 untimed ones; `--scan` names the binary (default: the workspace's release
//! build). Peak memory is not measured here: `/usr/bin/time -f %M` on each command gives it.

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scan-vs-rg: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut runs = 30usize;
    let mut scan = default_scan();
    let mut dir = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--runs") => {
                runs = args
                    .next()
                    .and_then(|n| n.to_str()?.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--runs takes a whole number above 0")?;
            }
            Some("--scan") => scan = args.next().ok_or("--scan takes a path")?.into(),
            Some("-h" | "--help") => {
                println!("usage: scan-vs-rg [--runs N] [--scan BIN] DIR");
                return Ok(());
            }
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => {
                return Err(
                    "one folder only (usage: scan-vs-rg [--runs N] [--scan BIN] DIR)".into(),
                );
            }
        }
    }
    let dir = dir.ok_or("usage: scan-vs-rg [--runs N] [--scan BIN] DIR")?;
    if !dir.is_dir() {
        return Err(format!("{}: not a folder", dir.display()));
    }
    if !scan.is_file() {
        return Err(format!(
            "{}: no such binary (build it with `cargo build --release -p gcore-auth-lint`, or \
             name one with --scan)",
            scan.display()
        ));
    }
    let mut scan_cmd = Command::new(&scan);
    scan_cmd.args(["scan", "--exit-zero", "--quiet"]).arg(&dir);
    let mut rg_cmd = Command::new("rg");
    rg_cmd
        .args(["-c", "-i", "--hidden", "-g", "!.git"])
        .args([
            "-e",
            "authorization",
            "-e",
            "apikey",
            "-e",
            "gcore",
            "-e",
            "bearer",
        ])
        .arg(&dir);
    let (mut s, mut r) = (Vec::new(), Vec::new());
    for k in 0..runs + 3 {
        let (a, b) = if k % 2 == 0 {
            let a = time(&mut scan_cmd, "scan", &[0])?;
            (a, time(&mut rg_cmd, "rg", &[0, 1])?)
        } else {
            let b = time(&mut rg_cmd, "rg", &[0, 1])?;
            (time(&mut scan_cmd, "scan", &[0])?, b)
        };
        if k >= 3 {
            s.push(a);
            r.push(b);
        }
    }
    let ratios: Vec<f64> = s.iter().zip(&r).map(|(a, b)| secs(*a) / secs(*b)).collect();
    let (ms, mr) = (
        median(s.iter().map(|d| secs(*d)).collect()),
        median(r.iter().map(|d| secs(*d)).collect()),
    );
    println!("{} ({runs} interleaved pairs)", dir.display());
    println!("  scan     median {:8.1} ms", ms * 1e3);
    println!("  ripgrep  median {:8.1} ms", mr * 1e3);
    println!(
        "  scan / ripgrep: {:.2} (median of the pairs' ratios: {:.2})",
        ms / mr,
        median(ratios)
    );
    Ok(())
}

/// The workspace's release build of the scanner.
fn default_scan() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    target.join("release").join("gcore-auth-lint")
}

/// The wall time of one run of `cmd`, whose exit status must be one of `ok`.
fn time(cmd: &mut Command, name: &str, ok: &[i32]) -> Result<Duration, String> {
    let start = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("{name}: cannot run it: {e}"))?;
    let took = start.elapsed();
    match status.code() {
        Some(c) if ok.contains(&c) => Ok(took),
        _ => Err(format!("{name}: exited with {status}")),
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}
