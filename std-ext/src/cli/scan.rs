//! `gcore-auth-lint scan`: the arguments and the command.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use gcore_auth::Severity;

use crate::cli::Outcome;
use crate::cli::config;
pub use crate::cli::config::Level;

use crate::scan::patch::{Patch, patch};
use crate::scan::rewrite::Refused;
use crate::scan::{
    Baseline, Choice, Finding, MAX_FIX_BYTES, MAX_ROUNDS, Options, Outcome as ScanOutcome,
    PathFilter, STDIN_PATH, Selection, Written, codes, fix_content, fix_file, max_threads, output,
    scan_bytes, scan_paths, shown_path,
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
    /// A GitLab Code Quality report (JSON): findings on the lines of a merge request.
    Gitlab,
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
    /// The lowest severity that fails the scan (exit 1; default `error`). Findings below
    /// warning are shown only when this is `note`.
    #[arg(long, value_enum)]
    pub min_severity: Option<Level>,
    /// Read this configuration file instead of looking for one (`.gcore-auth-lint.toml`,
    /// `gcore-auth-lint.toml` or `[tool.gcore-auth-lint]` in `pyproject.toml`, in the folder of
    /// the first path or one above).
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long)]
    pub isolated: bool,
    /// Leave out the paths this glob matches (gitignore-style, relative to the current folder;
    /// a matching folder is not entered, a matching file named is not read). Repeatable; adds
    /// to the configuration's `exclude`.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Read only the files this glob matches, or with `!` leave out what it matches, as
    /// ripgrep's `--glob`. Repeatable.
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub glob: Vec<String>,
    /// Report only these codes (comma-separated, `all` for every one); replaces the
    /// configuration's `select`.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// Never report these codes (comma-separated); adds to the configuration's `ignore`.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Read the files .gitignore and .ignore files exclude too.
    #[arg(long)]
    pub no_ignore: bool,
    /// Read hidden files and folders (names starting with `.`): the default, since tokens
    /// live in `.env` files and CI configurations.
    #[arg(long, overrides_with = "no_hidden")]
    pub hidden: bool,
    /// Leave out hidden files and folders.
    #[arg(long, overrides_with = "hidden")]
    pub no_hidden: bool,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print how many findings of each code there are, instead of the findings (with
    /// `--format human` or `json`).
    #[arg(long, conflicts_with_all = ["fix", "diff", "write_baseline"])]
    pub statistics: bool,
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
    /// Apply the machine-applicable fixes, then report what is left (the exit status says
    /// whether anything is). A file is rewritten in place, as the file it is: it keeps its
    /// owner, mode, extended attributes, hard links and the descriptors others hold. A backup
    /// of its old content is written beside it first and removed when the file is safely
    /// written, so an interrupted fix never loses it (a scan reports a backup left behind). A
    /// file that changed while being fixed, or that another process has locked, is left as it
    /// is (a warning); a read-only file is not rewritten (an error, exit 2); a file over 16 MiB
    /// is not fixed (a note). Fixes that overlap are applied in turn, a fix in two parts is
    /// applied whole or not at all, and a fix that would add an error is not applied. With `-`
    /// (standard input, the only path then), the fixed text goes to standard output and the
    /// findings left to standard error. A FIFO, socket or device named is a usage error.
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    pub fix: bool,
    /// With `--fix` or `--diff`: also the fixes that may be incorrect (`Bearer` before a
    /// variable named for a permanent token, `X-API-Key` renamed `Authorization`).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print what `--fix` would change and change nothing; exit 1 when there is something to
    /// change. With `--format human` a unified diff (relative paths as `a/…` and `b/…`, for
    /// `git apply`), with `json` the files, hunks and edits, with `sarif` the findings with
    /// their `fixes`; every line redacted like any output.
    #[arg(long, conflicts_with = "write_baseline")]
    pub diff: bool,
    /// Read the lines each commit added to the repository the path is in, from these revisions
    /// (default `HEAD`; `A..B` for what `B` has and `A` has not, `^A` to leave out what `A`
    /// has), instead of its files: a token committed and deleted since is still in every clone.
    /// A line is reported once, at the oldest commit that added it, as `commit:path:line:col`;
    /// merges add nothing of their own (as `git log -p`). Put the path before `--git`.
    #[arg(long, num_args = 0.., value_name = "REV", conflicts_with_all = ["fix", "diff", "staged", "stdin_filename"])]
    pub git: Option<Vec<String>>,
    /// With `--git`: every reference (branches, tags, remote branches, stashes) as a revision.
    #[arg(long, requires = "git")]
    pub all: bool,
    /// With `--git`: only commits made since this date (`2024-05-01`, `2024-05-01 12:00`,
    /// `3 months ago`).
    #[arg(long, requires = "git", value_name = "DATE")]
    pub since: Option<String>,
    /// With `--git`: only commits made until this date.
    #[arg(long, requires = "git", value_name = "DATE")]
    pub until: Option<String>,
    /// Read what the index holds for each staged path (what `git commit` would record), not
    /// the working tree: for a plain git pre-commit hook. Paths limit it to what is under them.
    #[arg(long, conflicts_with_all = ["fix", "diff", "stdin_filename"])]
    pub staged: bool,
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
    execute_styled(args, out, false)
}

/// [`execute`], with ANSI colours in the human report when `color` (and it goes to standard
/// output, not to `--output`).
pub fn execute_styled(
    args: &ScanArgs,
    out: &mut dyn Write,
    color: bool,
) -> Result<Outcome, String> {
    let mut settings = Settings::of(args)?;
    settings.color = color && args.output.is_none();
    match &args.output {
        Some(path) => {
            let mut file =
                std::fs::File::create(path).map_err(|e| format!("{}: {e}", shown_path(path)))?;
            let outcome = execute_with(args, &settings, &mut file)?;
            file.sync_all()
                .map_err(|e| format!("{}: {e}", shown_path(path)))?;
            Ok(outcome)
        }
        None => execute_with(args, &settings, out),
    }
}

/// What a scan does once the command line and the configuration file are merged.
struct Settings {
    filter: PathFilter,
    selection: Selection,
    level: Level,
    baseline: Option<PathBuf>,
    hidden: bool,
    respect_ignore_files: bool,
    color: bool,
}

impl Settings {
    /// The flags over the configuration file (if any is read) over the defaults.
    fn of(args: &ScanArgs) -> Result<Settings, String> {
        let loaded = if args.isolated {
            None
        } else if let Some(path) = &args.config {
            Some(config::read(path)?.ok_or_else(|| {
                format!(
                    "{}: no [tool.gcore-auth-lint] table in it",
                    shown_path(path)
                )
            })?)
        } else {
            let first = args.paths.iter().find(|p| p.as_os_str() != "-");
            let first = first.cloned().unwrap_or_else(|| PathBuf::from("."));
            config::discover(&first)?
        };
        let cwd = std::env::current_dir().map_err(|e| format!("the current folder: {e}"))?;
        let bad_glob = |e: crate::scan::BadGlob| format!("bad glob `{}`: {}", e.pattern, e.message);
        let mut filter = PathFilter::new(&cwd);
        let mut selection = Selection::default();
        let (mut level, mut baseline, mut hidden, mut respect) = (None, None, true, true);
        if let Some(l) = &loaded {
            let c = &l.config;
            let at = |s: &toml::Spanned<String>| l.position(s.span().start);
            let codes_of = |names: &[toml::Spanned<String>]| {
                names
                    .iter()
                    .map(|n| {
                        codes([n.get_ref().as_str()]).map_err(|e| {
                            format!(
                                "{}: unknown code `{}` (`gcore-auth-lint rules` lists them)",
                                at(n),
                                e.0
                            )
                        })
                    })
                    .try_fold(std::collections::BTreeSet::new(), |mut all, c| {
                        all.extend(c?);
                        Ok::<_, String>(all)
                    })
            };
            let globs = c
                .exclude
                .iter()
                .chain(&c.extend_exclude)
                .map(String::as_str);
            filter = filter
                .exclude(&l.dir, globs)
                .map_err(|e| format!("{}: {}", shown_path(&l.path), bad_glob(e)))?;
            if let Some(sel) = &c.select {
                selection = selection.select(codes_of(sel)?);
            }
            selection = selection.ignore(codes_of(&c.ignore)?);
            for (pattern, names) in &c.per_file_ignores {
                selection = selection
                    .ignore_in(&cwd, &l.dir, pattern, codes_of(names)?)
                    .map_err(|e| format!("{}: {}", shown_path(&l.path), bad_glob(e)))?;
            }
            for v in &c.token_variables {
                let name = v.get_ref();
                let ok = !name.is_empty()
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                if !ok {
                    return Err(format!(
                        "{}: `{name}` is no variable name (letters, digits and `_`)",
                        at(v)
                    ));
                }
            }
            let extra = crate::scan::Extra {
                token_variables: c
                    .token_variables
                    .iter()
                    .map(|v| v.get_ref().clone())
                    .collect(),
                api_hosts: c.api_hosts.clone(),
                languages: c
                    .languages
                    .iter()
                    .map(|(k, v)| (k.clone(), v.get_ref().clone()))
                    .collect(),
            };
            let adds = !(extra.token_variables.is_empty()
                && extra.api_hosts.is_empty()
                && extra.languages.is_empty());
            if adds {
                crate::scan::configure(extra)
                    .map_err(|e| format!("{}: {e}", shown_path(&l.path)))?;
            }
            level = c.min_severity;
            baseline = c.baseline.as_ref().map(|b| l.dir.join(b));
            hidden = c.hidden.unwrap_or(true);
            respect = c.respect_gitignore.unwrap_or(true);
        }
        let flag_codes = |names: &[String]| {
            codes(names.iter().map(String::as_str)).map_err(|e| {
                format!(
                    "unknown code `{}` (`gcore-auth-lint rules` lists them)",
                    e.0
                )
            })
        };
        filter = filter
            .exclude(&cwd, args.exclude.iter().map(String::as_str))
            .map_err(bad_glob)?
            .globs(args.glob.iter().map(String::as_str))
            .map_err(bad_glob)?;
        if let Some(sel) = &args.select {
            selection = selection.select(flag_codes(sel)?);
        }
        selection = selection.ignore(flag_codes(&args.ignore)?);
        Ok(Settings {
            filter,
            selection,
            level: args.min_severity.or(level).unwrap_or(Level::Error),
            baseline: args.baseline.clone().or(baseline),
            hidden: if args.no_hidden {
                false
            } else {
                args.hidden || hidden
            },
            respect_ignore_files: respect && !args.no_ignore,
            color: false,
        })
    }
}

fn execute_with(
    args: &ScanArgs,
    settings: &Settings,
    out: &mut dyn Write,
) -> Result<Outcome, String> {
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
        filter: std::sync::Arc::new(settings.filter.clone()),
        hidden: settings.hidden,
        respect_ignore_files: settings.respect_ignore_files,
        ..Options::default()
    };
    let baseline = match &settings.baseline {
        Some(p) => Some(Baseline::read(p).map_err(|e| format!("{}: {e}", shown_path(p)))?),
        None => None,
    };
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return Err("--unsafe-fixes applies only with --fix or --diff".to_owned());
    }
    if args.diff && matches!(args.format, Format::Github | Format::Gitlab) {
        return Err(
            "--diff prints a unified diff (--format human), json or sarif, not github or gitlab"
                .to_owned(),
        );
    }
    let fail = settings.level.severity();
    let choice = Choice {
        unsafe_fixes: args.unsafe_fixes,
        min_severity: fail.min(Severity::Warning),
        baseline: baseline.as_ref(),
        selection: Some(&settings.selection),
    };
    if args.fix || args.diff {
        if args.paths.iter().any(|p| p.as_os_str() == "-") {
            if args.paths.len() > 1 {
                return Err(format!(
                    "{} reads standard input (`-`) alone: name no other path with it",
                    if args.fix { "--fix" } else { "--diff" }
                ));
            }
            return fix_stdin(args, fail, choice, out);
        }
        streams_refused(args)?;
    }
    let mut outcome = match (&args.git, args.staged) {
        (Some(revs), _) => history(args, revs)?,
        (None, true) => {
            let named: Vec<PathBuf> = args
                .paths
                .iter()
                .filter(|p| p.as_os_str() != ".")
                .cloned()
                .collect();
            crate::scan::scan_staged(&repository(args)?, &named)?
        }
        (None, false) => scan_paths(&opts).map_err(|e| e.to_string())?,
    };
    if args.diff {
        return diff_only(&outcome, choice, args, out);
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
        .filter(|f| f.severity >= shown && takes(settings, &outcome, f))
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
    if args.statistics {
        let text = statistics(&findings, args.format)?;
        out.write_all(text.as_bytes())
            .map_err(|e| format!("cannot write to standard output: {e}"))?;
        if incomplete {
            say_incomplete(outcome.errors.len());
            return Ok(Outcome::Incomplete);
        }
        return Ok(Outcome::of(
            args.exit_zero || !findings.iter().any(|f| f.severity >= fail),
        ));
    }
    let text = match args.format {
        Format::Human => output::human_styled(&findings, settings.color),
        Format::Json => with_errors(output::json(&findings, &outcome), &outcome)?,
        Format::Sarif => output::sarif_run(&findings, &outcome),
        Format::Github => output::github(&findings),
        Format::Gitlab => output::gitlab(&findings),
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
            counted(
                outcome.files_scanned as usize,
                if args.git.is_some() { "blob" } else { "file" }
            )
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

/// Whether the configuration and flags let `f` be reported: its code, and its path against
/// `exclude`, `--glob` and `per-file-ignores`. A path of a repository's history or index is
/// relative to the repository's work tree.
fn takes(settings: &Settings, outcome: &ScanOutcome, f: &Finding) -> bool {
    match &outcome.provenance {
        Some(p) => {
            let path = p.root.join(&f.path);
            !settings.filter.excluded(&path, false)
                && settings.selection.allows(f.code, &path.to_string_lossy())
        }
        None => settings.selection.takes(f),
    }
}

/// The repository `--git` and `--staged` read: the one the first path is in.
fn repository(args: &ScanArgs) -> Result<PathBuf, String> {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err("--git and --staged read a repository, not standard input".to_owned());
    }
    if args.git.is_some() && args.paths.len() > 1 {
        return Err(
            "--git reads one repository: name one path, before --git (its revisions follow it)"
                .to_owned(),
        );
    }
    Ok(args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from(".")))
}

/// A date for `--since` or `--until`, in seconds since the Unix epoch.
fn date(flag: &str, text: &str) -> Result<i64, String> {
    let now = jiff::Zoned::now();
    gix::date::parse(text, Some(now))
        .map(|t| t.seconds)
        .map_err(|e| format!("{flag} `{text}`: not a date ({e})"))
}

/// `scan --git`: the history's findings, with what was read said on standard error.
fn history(args: &ScanArgs, revs: &[String]) -> Result<ScanOutcome, String> {
    let opts = crate::scan::HistoryOptions {
        repo: repository(args)?,
        revs: revs.to_vec(),
        all: args.all,
        since: args
            .since
            .as_deref()
            .map(|d| date("--since", d))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|d| date("--until", d))
            .transpose()?,
        threads: args.threads,
    };
    let h = crate::scan::scan_history(&opts)?;
    if !args.quiet {
        let mut read = format!(
            "read {} ({} of them merges, whose own changes are not read) and {}",
            counted(h.commits as usize, "commit"),
            h.merges,
            counted(h.outcome.files_scanned as usize, "blob")
        );
        if h.outcome.binary_skipped > 0 || h.too_large > 0 {
            read.push_str(&format!(
                "; skipped {} binary and {} over 16 MiB",
                h.outcome.binary_skipped, h.too_large
            ));
        }
        say(&read);
    }
    Ok(h.outcome)
}

/// `--fix` and `--diff` rewrite files: a named FIFO, socket or device is a usage error,
/// told before anything is opened (opening a FIFO would wait for a writer).
fn streams_refused(args: &ScanArgs) -> Result<(), String> {
    for p in &args.paths {
        if let Ok(m) = std::fs::metadata(p)
            && !m.is_file()
            && !m.is_dir()
        {
            return Err(format!(
                "{} rewrites files, and {} is not a regular file (a FIFO, socket or \
                     device): pipe it to standard input instead (`scan {} - < {}`)",
                if args.fix { "--fix" } else { "--diff" },
                shown_path(p),
                if args.fix { "--fix" } else { "--diff" },
                shown_path(p),
            ));
        }
    }
    Ok(())
}

/// The files with a finding that carries a fix `choice` takes, but which were read as a
/// stream (over 16 MiB): no fix is applied to them. Each is told with a note.
fn unfixable(outcome: &ScanOutcome, choice: Choice<'_>) -> Vec<String> {
    let fixable: std::collections::HashSet<&str> =
        outcome.fixable.iter().map(|(s, _)| s.as_str()).collect();
    let mut out: Vec<String> = outcome
        .findings
        .iter()
        .filter(|f| choice.takes(f) && !fixable.contains(f.path.as_str()))
        .map(|f| f.path.clone())
        .collect();
    out.dedup();
    for path in &out {
        say(&format!(
            "note: {path} is over {} MiB: its fixes are not applied (a fix reads and writes a \
             file whole)",
            MAX_FIX_BYTES >> 20
        ));
    }
    out
}

/// `--fix`: fixes every file with a chosen fix, and says what it did on standard error. True
/// when a file could not be fixed (the scan is then incomplete).
fn fix_files(outcome: &ScanOutcome, choice: Choice<'_>) -> bool {
    let (mut fixes, mut files, mut failed) = (0, 0, false);
    for (shown, path) in &outcome.fixable {
        match fix_file(path, shown, choice) {
            Ok(Written::Fixed { applied, ran_out }) => {
                fixes += applied;
                files += 1;
                if ran_out {
                    say_ran_out(shown);
                }
            }
            Ok(Written::Unchanged) => {}
            Ok(Written::Refused(why @ (Refused::Changed | Refused::Locked))) => {
                say(&format!("warning: {shown}: {why}"));
            }
            Ok(Written::Refused(Refused::TooLarge)) => {
                say(&format!(
                    "note: {shown} is over {} MiB: its fixes are not applied (a fix reads and \
                     writes a file whole)",
                    MAX_FIX_BYTES >> 20
                ));
            }
            Ok(Written::Refused(why)) => {
                say(&format!("error: cannot fix {shown}: {why}"));
                failed = true;
            }
            Err(e) => {
                say(&format!("error: cannot fix {shown}: {e}"));
                failed = true;
            }
        }
    }
    unfixable(outcome, choice);
    say(&fix_summary(fixes, files, "fixed {}"));
    failed
}

fn say_ran_out(shown: &str) {
    say(&format!(
        "warning: {shown}: --fix stopped after {MAX_ROUNDS} rounds with fixes left (what is \
         left is reported below): run it again"
    ));
}

/// `--diff`: prints what `--fix` would change and changes nothing.
fn diff_only(
    outcome: &ScanOutcome,
    choice: Choice<'_>,
    args: &ScanArgs,
    out: &mut dyn Write,
) -> Result<Outcome, String> {
    let (mut fixes, mut failed) = (0, false);
    let mut patches = Vec::new();
    let mut fixed_paths = std::collections::HashSet::new();
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
        if fixed.ran_out {
            say_ran_out(shown);
        }
        if fixed.applied > 0 && fixed.content != content {
            fixes += fixed.applied;
            fixed_paths.insert(shown.as_str());
            patches.push(patch(shown, &content, &fixed.content, fixed.applied));
        }
    }
    let large = unfixable(outcome, choice);
    let chosen: Vec<Finding> = outcome
        .findings
        .iter()
        .filter(|f| choice.takes(f) && fixed_paths.contains(f.path.as_str()))
        .cloned()
        .collect();
    let chosen = match choice.baseline {
        Some(b) => b.filter(chosen),
        None => chosen,
    };
    write_patches(&patches, &chosen, outcome, args.format, out)?;
    say(&fix_summary(fixes, patches.len(), "{} would be fixed"));
    if failed || !outcome.errors.is_empty() {
        for e in &outcome.errors {
            say(&format!("error: cannot scan {e}"));
        }
        return Ok(Outcome::Incomplete);
    }
    Ok(Outcome::of(
        args.exit_zero || (fixes == 0 && large.is_empty()),
    ))
}

/// The patches in the format asked for: unified diffs, JSON (`{"files": [...], "fixes": N}`),
/// or SARIF with the findings whose fixes make them.
fn write_patches(
    patches: &[Patch],
    findings: &[Finding],
    outcome: &ScanOutcome,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), String> {
    let text = match format {
        Format::Json => {
            /// What `--diff --format json` prints (before the `errors` member).
            #[derive(serde::Serialize)]
            struct Report<'a> {
                files: &'a [Patch],
                fixes: usize,
            }
            let report = Report {
                files: patches,
                fixes: patches.iter().map(|p| p.fixes).sum(),
            };
            let mut t = serde_json::to_string_pretty(&report)
                .map_err(|e| format!("cannot write JSON: {e}"))?;
            t.push('\n');
            with_errors(t, outcome)?
        }
        Format::Sarif => output::sarif_run(findings, outcome),
        Format::Human | Format::Github | Format::Gitlab => {
            patches.iter().map(Patch::unified).collect()
        }
    };
    out.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write to standard output: {e}"))
}

/// `--fix -` and `--diff -`: standard input is read whole (at most 16 MiB), fixed, and with
/// `--fix` written to standard output as formatters do, the findings left going to standard
/// error; with `--diff` the difference goes to standard output.
fn fix_stdin(
    args: &ScanArgs,
    fail: Severity,
    choice: Choice<'_>,
    out: &mut dyn Write,
) -> Result<Outcome, String> {
    use std::io::Read;
    let shown = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| STDIN_PATH.to_owned());
    let mut content = Vec::new();
    let mut stdin = std::io::stdin().lock();
    (&mut stdin)
        .take(MAX_FIX_BYTES + 1)
        .read_to_end(&mut content)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    let write = |out: &mut dyn Write, bytes: &[u8]| {
        out.write_all(bytes)
            .map_err(|e| format!("cannot write to standard output: {e}"))
    };
    if content.len() as u64 > MAX_FIX_BYTES {
        say(&format!(
            "error: standard input is over {} MiB: not scanned and not fixed{}",
            MAX_FIX_BYTES >> 20,
            if args.fix {
                " (passed through as it is)"
            } else {
                ""
            }
        ));
        if args.fix {
            write(out, &content)?;
            std::io::copy(&mut stdin, out)
                .map_err(|e| format!("cannot pass standard input through: {e}"))?;
        }
        return Ok(Outcome::Incomplete);
    }
    let fixed = fix_content(&shown, &content, choice);
    if fixed.ran_out {
        say_ran_out(&shown);
    }
    let changed = fixed.applied > 0 && fixed.content != content;
    let fixes = if changed { fixed.applied } else { 0 };
    let one = ScanOutcome {
        files_scanned: 1,
        bytes_scanned: content.len() as u64,
        ..ScanOutcome::default()
    };
    let shown_min = fail.min(Severity::Warning);
    let keep = |findings: Vec<Finding>| -> Vec<Finding> {
        let f: Vec<Finding> = findings
            .into_iter()
            .filter(|f| f.severity >= shown_min && choice.selection.is_none_or(|s| s.takes(f)))
            .collect();
        match choice.baseline {
            Some(b) => b.filter(f),
            None => f,
        }
    };
    if args.diff {
        let patches: Vec<Patch> = if changed {
            vec![patch(&shown, &content, &fixed.content, fixes)]
        } else {
            Vec::new()
        };
        let chosen: Vec<Finding> = if changed {
            keep(scan_bytes(&shown, &content))
                .into_iter()
                .filter(|f| choice.takes(f))
                .collect()
        } else {
            Vec::new()
        };
        write_patches(&patches, &chosen, &one, args.format, out)?;
        say(&fix_summary(fixes, patches.len(), "{} would be fixed"));
        return Ok(Outcome::of(args.exit_zero || fixes == 0));
    }
    write(out, &fixed.content)?;
    let left = keep(scan_bytes(&shown, &fixed.content));
    let report = match args.format {
        Format::Human => output::human(&left),
        Format::Json => with_errors(output::json(&left, &one), &one)?,
        Format::Sarif => output::sarif_run(&left, &one),
        Format::Github => output::github(&left),
        Format::Gitlab => output::gitlab(&left),
    };
    let _ = std::io::stderr().write_all(report.as_bytes());
    say(&fix_summary(fixes, usize::from(changed), "fixed {}"));
    Ok(Outcome::of(
        args.exit_zero || !left.iter().any(|f| f.severity >= fail),
    ))
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

/// `--statistics`: how many findings of each code, most first, with how many carry a fix.
fn statistics(findings: &[Finding], format: Format) -> Result<String, String> {
    /// One line of the statistics.
    #[derive(serde::Serialize)]
    struct Row {
        code: &'static str,
        severity: &'static str,
        count: usize,
        fixable: usize,
    }
    let mut rows: Vec<Row> = Vec::new();
    for f in findings {
        let code = f.code.as_str();
        let fixable = usize::from(f.fix.is_some());
        match rows.iter_mut().find(|r| r.code == code) {
            Some(r) => {
                r.count += 1;
                r.fixable += fixable;
            }
            None => rows.push(Row {
                code,
                severity: f.severity.as_str(),
                count: 1,
                fixable,
            }),
        }
    }
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    match format {
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&rows)
                .map_err(|e| format!("cannot write JSON: {e}"))?;
            t.push('\n');
            Ok(t)
        }
        Format::Human => {
            let width = rows
                .iter()
                .map(|r| r.count.to_string().len())
                .max()
                .unwrap_or(1);
            let code_width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
            Ok(rows
                .iter()
                .map(|r| {
                    let fix = match r.fixable {
                        0 => String::new(),
                        n => format!("  ({n} fixable)"),
                    };
                    format!(
                        "{:>width$}  {:code_width$}  {}{fix}\n",
                        r.count, r.code, r.severity
                    )
                })
                .collect())
        }
        Format::Sarif | Format::Github | Format::Gitlab => {
            Err("--statistics prints human or json output, not sarif, github or gitlab".to_owned())
        }
    }
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
