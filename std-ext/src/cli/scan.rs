//! `gcore-auth-lint scan`: the arguments and the command.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use gcore_auth::Severity;

use crate::cli::Outcome;

use crate::scan::{
    Baseline, Choice, Options, Outcome as ScanOutcome, Written, diff, fix_content, fix_file,
    max_threads, output, scan_paths, shown_path,
};

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: severity[code]: message`, a redacted snippet and the predicted reply.
    Human,
    /// `{"findings": [...], "files_scanned": N, "bytes_scanned": N, "errors": [...]}`; each
    /// error is a path that could not be read: `{"path": ..., "message": ...}`.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`): annotations on
    /// the lines of a pull request.
    Github,
}

/// The lowest severity that fails the scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Level {
    /// Notes, warnings and errors.
    Note,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
}

impl Level {
    fn severity(self) -> Severity {
        match self {
            Level::Note => Severity::Note,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        }
    }
}

/// Find Gcore Authorization headers, tokens and token variables in files and report what is
/// wrong.
///
/// Exit status: 0 no finding at the failing level, 1 findings, 2 usage errors or an incomplete
/// scan. A path that cannot be read (given or found by walking) is reported on standard error
/// and the scan goes on; the findings are all reported, and the status is then 2 even when
/// there are findings: a scan that missed files can neither call a tree clean nor claim it named
/// every problem in it. A standard output closed early by its reader (`| head`) changes
/// neither the status nor what goes to standard error.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = EXIT_STATUS)]
pub struct ScanArgs {
    /// Files or folders to scan. Folders are walked, honouring .gitignore and .ignore files, and
    /// only the regular files in them are read; an ignore file that is not a regular file or is
    /// over 1 MiB is not used (with a warning). Whatever is named is read: a FIFO (`<(cmd)`),
    /// `/dev/stdin`, and `-` for standard input (shown as `<stdin>`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Read standard input (`-`) as if it were the file at this path: its language (by its
    /// name), and its name in every output. Without it, standard input is text whose kind its
    /// first lines tell (a shebang, an import, a Markdown heading), else text of unknown kind,
    /// where commands and header lines are read wherever they stand.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// Exit with status 0 even when findings reach `--min-severity` (an incomplete scan still
    /// exits 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Print the findings and nothing else: no count of them on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The lowest severity that fails the scan (exit 1). Findings below warning are shown
    /// only when this is `note`.
    #[arg(long, value_enum, default_value_t = Level::Error)]
    pub min_severity: Level,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the fingerprints of every finding to this baseline file, then exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Follow symbolic links.
    #[arg(long)]
    pub follow: bool,
    /// Worker threads (default: one per core). At most 4 per core and never more than 64: a
    /// larger number is lowered to that, with a note.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Never show the progress line.
    #[arg(long)]
    pub no_progress: bool,
    /// Apply the machine-applicable fixes in place, then report what is left (the exit status
    /// says whether anything is). A file is rewritten whole and atomically (a temporary file in
    /// its folder, renamed over it), keeps its permissions, and is left alone if it changed
    /// while being fixed. Fixes that overlap are applied in turn, and a fix that would add an
    /// error is not applied.
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    pub fix: bool,
    /// With `--fix` or `--diff`: also the fixes that may be incorrect (`Bearer` before a
    /// variable named for a permanent token, `X-API-Key` renamed `Authorization`).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what `--fix` would change (redacted like every output) and
    /// change nothing; exit 1 when there is something to change.
    #[arg(long, conflicts_with = "write_baseline")]
    pub diff: bool,
}

/// The exit statuses of a scan, as `--help` shows them.
const EXIT_STATUS: &str = "Exit status: 0 no finding at the failing level, 1 findings, 2 usage \
    errors or an incomplete scan. A path that cannot be read (given or found by walking) is \
    reported on standard error and the scan goes on; every finding is still reported, and the \
    status is 2 even with findings: a scan that missed files can neither call a tree clean nor \
    claim it named every problem in it. A standard output closed early (`| head`) changes \
    neither the status nor standard error.";

/// Runs `gcore-auth-lint scan` with standard output and error, and returns the exit status.
pub fn run(args: &ScanArgs) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(crate::cli::QuietPipe::new(stdout.lock()));
    let result = execute(args, &mut out).and_then(|clean| {
        out.flush()
            .map_err(|e| format!("cannot write to standard output: {e}"))?;
        Ok(clean)
    });
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(message) => {
            eprintln!(
                "gcore-auth-lint: error: {}",
                crate::render::printable(&message)
            );
            ExitCode::from(2)
        }
    }
}

/// Runs the scan, writes the report to `out` (notes, warnings and paths that could not be read
/// go to standard error) and returns how it ended: [`Outcome::Accepted`] (exit status 0),
/// [`Outcome::Rejected`] when a finding reaches `--min-severity` (1), [`Outcome::Incomplete`]
/// when some path could not be read, findings or not (2). `Err` is a usage error or a fatal
/// I/O error (2), with nothing written to `out`.
pub fn execute(args: &ScanArgs, out: &mut dyn Write) -> Result<Outcome, String> {
    let most = max_threads();
    if args.threads > most {
        say(&format!(
            "note: --threads {} is more than a scan uses here, {most} (4 per core, at most 64): \
             using {most}",
            args.threads
        ));
    }
    let opts = Options {
        paths: args.paths.clone(),
        follow_links: args.follow,
        threads: args.threads,
        progress: !args.no_progress,
        stdin_filename: args.stdin_filename.clone(),
        ..Options::default()
    };
    let baseline = match &args.baseline {
        Some(p) => Some(Baseline::read(p).map_err(|e| format!("{}: {e}", shown_path(p)))?),
        None => None,
    };
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return Err("--unsafe-fixes applies only with --fix or --diff".to_owned());
    }
    let mut outcome = scan_paths(&opts).map_err(|e| e.to_string())?;
    let fail = args.min_severity.severity();
    let choice = Choice {
        unsafe_fixes: args.unsafe_fixes,
        min_severity: fail.min(Severity::Warning),
        baseline: baseline.as_ref(),
    };
    if args.diff {
        return diff_only(&outcome, choice, out, args.exit_zero);
    }
    let mut fix_failed = false;
    if args.fix {
        fix_failed = fix_files(&outcome, choice);
        // What is left.
        outcome = scan_paths(&opts).map_err(|e| e.to_string())?;
    }
    for w in &outcome.warnings {
        say(&format!("warning: {w}"));
    }
    for e in &outcome.errors {
        say(&format!("error: cannot scan {e}"));
    }
    let incomplete = !outcome.errors.is_empty() || fix_failed;
    let shown = fail.min(Severity::Warning);
    let mut findings: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.severity >= shown)
        .cloned()
        .collect();
    if let Some(path) = &args.write_baseline {
        Baseline::of(&findings)
            .write(path)
            .map_err(|e| format!("{}: {e}", shown_path(path)))?;
        say(&format!(
            "wrote {} fingerprints to {}",
            findings.len(),
            shown_path(path)
        ));
        return Ok(if incomplete {
            say_incomplete(outcome.errors.len());
            Outcome::Incomplete
        } else {
            Outcome::Accepted
        });
    }
    if let Some(b) = &baseline {
        findings = b.filter(findings);
    }
    let text = match args.format {
        Format::Human => output::human(&findings),
        Format::Json => with_errors(output::json(&findings, &outcome), &outcome)?,
        Format::Sarif => output::sarif_run(&findings, &outcome),
        Format::Github => output::github(&findings),
    };
    out.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write to standard output: {e}"))?;
    if args.format == Format::Human && !findings.is_empty() && !args.quiet {
        let count = |s| findings.iter().filter(|f| f.severity == s).count();
        say(&format!(
            "{}, {}, {} in {} scanned",
            counted(count(Severity::Error), "error"),
            counted(count(Severity::Warning), "warning"),
            counted(count(Severity::Note), "note"),
            counted(outcome.files_scanned as usize, "file")
        ));
    }
    if incomplete {
        say_incomplete(outcome.errors.len());
        return Ok(Outcome::Incomplete);
    }
    Ok(Outcome::of(
        args.exit_zero || !findings.iter().any(|f| f.severity >= fail),
    ))
}

/// `--fix`: fixes every file with a chosen fix, and says what it did on standard error. True
/// when a file could not be fixed (the scan is then incomplete).
fn fix_files(outcome: &ScanOutcome, choice: Choice<'_>) -> bool {
    let (mut fixes, mut files, mut failed) = (0, 0, false);
    for (shown, path) in &outcome.fixable {
        match fix_file(path, shown, choice) {
            Ok(Written::Fixed(n)) => {
                fixes += n;
                files += 1;
            }
            Ok(Written::Unchanged) => {}
            Ok(Written::ChangedMeanwhile) => {
                say(&format!(
                    "warning: {shown} changed while it was being fixed: left as it is"
                ));
            }
            Err(e) => {
                say(&format!("error: cannot fix {shown}: {e}"));
                failed = true;
            }
        }
    }
    say(&fix_summary(fixes, files, "fixed {}"));
    failed
}

/// `--diff`: prints what `--fix` would change and changes nothing.
fn diff_only(
    outcome: &ScanOutcome,
    choice: Choice<'_>,
    out: &mut dyn Write,
    exit_zero: bool,
) -> Result<Outcome, String> {
    let (mut fixes, mut files, mut failed) = (0, 0, false);
    let mut text = String::new();
    for (shown, path) in &outcome.fixable {
        let content = match std::fs::read(path) {
            Ok(c) => c,
            Err(e) => {
                say(&format!("error: cannot read {shown}: {e}"));
                failed = true;
                continue;
            }
        };
        let fixed = fix_content(shown, &content, choice);
        if fixed.applied > 0 && fixed.content != content {
            fixes += fixed.applied;
            files += 1;
            text.push_str(&diff(shown, &content, &fixed.content));
        }
    }
    out.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write to standard output: {e}"))?;
    say(&fix_summary(fixes, files, "{} would be fixed"));
    if failed || !outcome.errors.is_empty() {
        for e in &outcome.errors {
            say(&format!("error: cannot scan {e}"));
        }
        return Ok(Outcome::Incomplete);
    }
    Ok(Outcome::of(exit_zero || fixes == 0))
}

/// Writes `gcore-auth-lint: {message}` on standard error. A standard error that cannot be
/// written to (closed) is no reason to stop.
fn say(message: &str) {
    // Paths in it are already escaped and redacted; the rest (an I/O error's text, a pattern
    // from an ignore file) goes through the same rule here.
    let _ = writeln!(
        std::io::stderr(),
        "gcore-auth-lint: {}",
        crate::render::printable(message)
    );
}

fn say_incomplete(errors: usize) {
    let paths = if errors == 1 { "path" } else { "paths" };
    say(&format!(
        "the scan is incomplete: {errors} {paths} could not be read (exit status 2)"
    ));
}

/// The JSON report with the paths that could not be read added as its last member, `errors`:
/// an array of `{"path", "message"}` objects, empty for a complete scan. The report's own
/// members keep their order.
fn with_errors(report: String, outcome: &ScanOutcome) -> Result<String, String> {
    let broken = |e: serde_json::Error| format!("cannot write JSON: {e}");
    // Nested one level: every line after the first indented by two more spaces (a JSON string
    // holds no raw line ending).
    let errors = serde_json::to_string_pretty(&outcome.errors)
        .map_err(broken)?
        .replace('\n', "\n  ");
    let body = report.trim_end().strip_suffix('}').map(str::trim_end);
    if let Some(body) = body.filter(|b| !b.ends_with('{')) {
        let text = format!("{body},\n  \"errors\": {errors}\n}}\n");
        if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
            return Ok(text);
        }
    }
    // Not the object expected: rebuilt, its members in name order.
    let mut v: serde_json::Value = serde_json::from_str(&report).map_err(broken)?;
    if let Some(map) = v.as_object_mut() {
        map.insert(
            "errors".to_owned(),
            serde_json::to_value(&outcome.errors).map_err(broken)?,
        );
    }
    let mut text = serde_json::to_string_pretty(&v).map_err(broken)?;
    text.push('\n');
    Ok(text)
}

/// What `--fix` or `--diff` did: `nothing to fix`, or `shape` with `{}` standing for
/// `N problems in M files`.
fn fix_summary(fixes: usize, files: usize, shape: &str) -> String {
    if fixes == 0 {
        return "nothing to fix".to_owned();
    }
    let what = format!(
        "{} in {}",
        counted(fixes, "problem"),
        counted(files, "file")
    );
    shape.replace("{}", &what)
}

/// `n` and a noun, plural unless `n` is 1: `1 error`, `2 files`.
fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{Outcome, ReadError};

    #[test]
    fn errors_come_last_in_the_json_report() {
        let outcome = Outcome {
            errors: vec![ReadError {
                path: "a\\nb".to_owned(),
                message: "Permission denied (os error 13)".to_owned(),
            }],
            ..Outcome::default()
        };
        let report = output::json(&[], &outcome);
        assert_eq!(
            with_errors(report, &outcome).unwrap(),
            "{\n  \"findings\": [],\n  \"files_scanned\": 0,\n  \"bytes_scanned\": 0,\n  \
             \"errors\": [\n    {\n      \"path\": \"a\\\\nb\",\n      \
             \"message\": \"Permission denied (os error 13)\"\n    }\n  ]\n}\n"
        );
        // An empty object takes them too.
        let v: serde_json::Value =
            serde_json::from_str(&with_errors("{}\n".to_owned(), &outcome).unwrap()).unwrap();
        assert_eq!(v["errors"][0]["path"], "a\\nb");
    }
}
