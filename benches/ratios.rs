//! Prints the ratio table of the last benchmark run from criterion's saved estimates.
//!
//! `cargo run -p gcore-auth-benches --bin ratios [CRITERION_DIR]` (default: the workspace's
//! `target/criterion`, or `$CARGO_TARGET_DIR/criterion`). For every group, one row per input
//! with each implementation's median time, its throughput and its speedup over the group's
//! baseline (`regex`), then the performance targets of the `validate` group.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gcore_auth_benches::corpus::scan_corpus;
use gcore_auth_benches::{line_cases, value_cases};
use serde::Deserialize;

/// The implementation every other one is compared with.
const BASELINE: &str = "regex";

#[derive(Deserialize)]
struct Benchmark {
    group_id: String,
    function_id: Option<String>,
    value_str: Option<String>,
    /// `{"Bytes": n}`, `{"Elements": n}`, ...: only bytes give a GB/s figure.
    throughput: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Estimates {
    median: Estimate,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
}

/// One measurement: nanoseconds per iteration and bytes per iteration.
#[derive(Clone, Copy)]
struct Point {
    ns: f64,
    bytes: Option<u64>,
}

impl Point {
    fn gb_per_s(self) -> Option<f64> {
        // bytes per nanosecond is gigabytes per second.
        self.bytes.map(|b| b as f64 / self.ns)
    }
}

/// group -> input -> function -> point, in the order first seen per group.
#[derive(Default)]
struct Table {
    groups: BTreeMap<String, Group>,
}

#[derive(Default)]
struct Group {
    functions: Vec<String>,
    inputs: Vec<String>,
    points: BTreeMap<(String, String), Point>,
}

fn collect(dir: &Path, table: &mut Table) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new") {
            if let Some((bench, est)) = read_pair(&path) {
                add(table, bench, est);
            }
        } else if path.file_name().is_some_and(|n| n != "report") {
            collect(&path, table)?;
        }
    }
    Ok(())
}

fn read_pair(dir: &Path) -> Option<(Benchmark, Estimates)> {
    let bench = std::fs::read(dir.join("benchmark.json")).ok()?;
    let est = std::fs::read(dir.join("estimates.json")).ok()?;
    Some((
        serde_json::from_slice(&bench).ok()?,
        serde_json::from_slice(&est).ok()?,
    ))
}

fn add(table: &mut Table, bench: Benchmark, est: Estimates) {
    let group = table.groups.entry(bench.group_id).or_default();
    let function = bench.function_id.unwrap_or_default();
    let input = bench.value_str.unwrap_or_default();
    if !group.functions.contains(&function) {
        group.functions.push(function.clone());
    }
    if !group.inputs.contains(&input) {
        group.inputs.push(input.clone());
    }
    let bytes = bench.throughput.as_ref().and_then(|t| {
        t.get("Bytes")
            .or_else(|| t.get("BytesDecimal"))
            .and_then(serde_json::Value::as_u64)
    });
    group.points.insert(
        (input, function),
        Point {
            ns: est.median.point_estimate,
            bytes,
        },
    );
}

fn order(functions: &mut [String]) {
    // Ours first, the baselines last, in a fixed order.
    let rank = |f: &str| match f {
        "is_accepted" => 0,
        "check" => 1,
        "check_line" => 2,
        "scan_bytes" => 3,
        "regex" => 8,
        "regex-lite" => 9,
        _ => 5,
    };
    functions.sort_by_key(|f| rank(f));
}

fn fmt_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

/// Inputs in the order the benchmarks define them; any other after, by name.
fn order_inputs(name: &str, inputs: &mut [String]) {
    let known: Vec<&str> = match name {
        "validate" => value_cases().iter().map(|c| c.name).collect(),
        "line" => line_cases().iter().map(|c| c.name).collect(),
        "scan" => scan_corpus().iter().map(|f| f.name).collect(),
        _ => Vec::new(),
    };
    inputs.sort_by_key(|i| {
        (
            known.iter().position(|k| k == i).unwrap_or(known.len()),
            i.clone(),
        )
    });
}

fn print_group(name: &str, group: &mut Group) {
    order(&mut group.functions);
    order_inputs(name, &mut group.inputs);
    let has_baseline = group.functions.iter().any(|f| f == BASELINE);
    println!("## {name}");
    println!();
    let mut header = String::from("| input | bytes |");
    let mut rule = String::from("|---|---:|");
    for f in &group.functions {
        header.push_str(&format!(" {f} |"));
        rule.push_str("---:|");
    }
    println!("{header}");
    println!("{rule}");
    for input in &group.inputs {
        let base = group.points.get(&(input.clone(), BASELINE.to_owned()));
        let bytes = group
            .functions
            .iter()
            .find_map(|f| group.points.get(&(input.clone(), f.clone()))?.bytes)
            .map_or_else(|| "-".to_owned(), |b| b.to_string());
        let mut row = format!("| {input} | {bytes} |");
        for f in &group.functions {
            let cell = match group.points.get(&(input.clone(), f.clone())) {
                None => "-".to_owned(),
                Some(p) => {
                    let mut cell = fmt_ns(p.ns);
                    if let Some(gbs) = p.gb_per_s() {
                        cell.push_str(&format!(", {gbs:.2} GB/s"));
                    }
                    if let (Some(b), true) = (base, f != BASELINE) {
                        cell.push_str(&format!(", ×{:.1}", b.ns / p.ns));
                    }
                    cell
                }
            };
            row.push_str(&format!(" {cell} |"));
        }
        println!("{row}");
    }
    println!();
    if has_baseline {
        println!(
            "Times are criterion's median per iteration; ×N is the `{BASELINE}` time divided by \
             that implementation's time (above 1: faster than `{BASELINE}`)."
        );
        println!();
    }
}

/// The targets of the `validate` group; returns false when one is missed.
fn print_targets(group: &Group) -> bool {
    let point = |input: &str, f: &str| group.points.get(&(input.to_owned(), f.to_owned()));
    let speedup = |input: &str, f: &str| Some(point(input, BASELINE)?.ns / point(input, f)?.ns);
    let mut all = true;
    let mut line = |ok: bool, text: String| {
        all &= ok;
        println!("- [{}] {text}", if ok { "x" } else { " " });
    };
    println!("### targets");
    println!();
    match speedup("valid", "is_accepted") {
        Some(s) => line(
            s >= 20.0,
            format!("is_accepted on `valid`: ×{s:.1} the regex (target ×20)"),
        ),
        None => line(false, "is_accepted on `valid`: not measured".to_owned()),
    }
    match speedup("valid", "check") {
        Some(s) => line(
            s >= 6.0,
            format!("check on `valid`: ×{s:.1} the regex (target ×6)"),
        ),
        None => line(false, "check on `valid`: not measured".to_owned()),
    }
    let regex_valid = point("valid", BASELINE).map(|p| p.ns);
    for input in group.inputs.iter().filter(|i| *i != "valid") {
        match speedup(input, "is_accepted") {
            Some(s) => line(
                s >= 1.0,
                format!(
                    "is_accepted on `{input}`: ×{s:.2} the regex on it (target: no slower, ×1)"
                ),
            ),
            None => line(false, format!("is_accepted on `{input}`: not measured")),
        }
        // A full diagnosis of an invalid value against the regex validating the valid one:
        // the regex gives up at the first wrong byte, so its time on the invalid value itself
        // says little.
        match (regex_valid, point(input, "check")) {
            (Some(base), Some(p)) => {
                let s = base / p.ns;
                line(
                    s >= 2.0,
                    format!("check on `{input}`: ×{s:.2} the regex on `valid` (target ×2)"),
                )
            }
            _ => line(false, format!("check on `{input}`: not measured")),
        }
    }
    if let Some(gbs) = point("valid", "is_accepted").and_then(|p| p.gb_per_s()) {
        println!();
        println!("is_accepted on `valid`: {gbs:.2} GB/s.");
    }
    println!();
    all
}

fn default_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join("target")
        },
        PathBuf::from,
    );
    target.join("criterion")
}

fn main() -> ExitCode {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(default_dir, PathBuf::from);
    let mut table = Table::default();
    if let Err(e) = collect(&dir, &mut table) {
        eprintln!("ratios: cannot read {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    if table.groups.is_empty() {
        eprintln!("ratios: no benchmark results under {}", dir.display());
        return ExitCode::from(2);
    }
    println!(
        "size_of::<gcore_auth::Report>() = {} bytes",
        std::mem::size_of::<gcore_auth::Report<'static>>()
    );
    println!();
    let mut met = true;
    for (name, group) in &mut table.groups {
        print_group(name, group);
        if name == "validate" {
            met &= print_targets(group);
        }
    }
    if met {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
