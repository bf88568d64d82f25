//! The `gcore-auth-lint` command line: `check`, `env`, `explain` and `rules`.
//!
//! Exit status: 0 when every input is accepted, 1 when any is rejected, 2 for usage and I/O
//! errors (the message goes to standard error and nothing to standard output). `scan` also
//! exits 2 when some path could not be read, after reporting everything it found. A standard
//! output closed early by its reader (`| head`) changes nothing: no message, the same status.
//!
//! Every subcommand is one variant of [`Command`] with its own arguments struct and one arm in
//! [`Command::run`]; a new one returns `Result<Outcome, Failure>` like the others.

pub mod config;
pub mod scan;

use scan::{ScanArgs, execute_styled};

use std::borrow::Cow;
use std::ffi::OsString;
use std::fmt;
use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use gcore_auth::{Code, Entry, InputKind, Policy};
use serde::Serialize;

use crate::Report;
use crate::env::{self, Lookup};
use crate::render::{Origin, entry_reply, human, json, printable};

/// Lint Gcore API `Authorization` headers and token variables offline: names each mistake,
/// points at it, and predicts what the API would answer.
#[derive(Debug, Parser)]
#[command(
    name = "gcore-auth-lint",
    version,
    max_term_width = 100,
    after_help = "Exit status: 0 when every input is accepted, 1 when any is rejected, 2 for usage \
                  or I/O errors (for `scan`: also when some path could not be read, findings or \
                  not). A standard output closed early (`| head`) changes neither the status nor \
                  standard error.\nColours: only on a terminal, never with NO_COLOR set."
)]
pub struct Cli {
    /// When to colour the output: `auto` on a terminal without NO_COLOR set, `always`, or
    /// `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always (even into a pipe or a file).
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check header lines (`Authorization: APIKey …`), header values (`APIKey …`) or tokens.
    #[command(
        after_help = "An input is a header line when a header name and a colon start it, or when \
                      its first word is `Authorization` in any case or misspelled (then a missing \
                      or misplaced colon is reported); otherwise it is a header value.\n\n\
                      Examples:\n  \
                      gcore-auth-lint check 'Authorization: APIKey 29841_c767…'\n  \
                      grep -h '^Authorization:' requests.http | gcore-auth-lint check --format json\n  \
                      gcore-auth-lint check --token \"$GCORE_API_KEY\""
    )]
    Check(CheckArgs),
    /// Check the token variables real tools read (GCORE_API_KEY first).
    Env(EnvArgs),
    /// Explain a diagnosis code: what it means, what the API answers and why, the fix
    /// (automatic or not).
    Explain(ExplainArgs),
    /// List every diagnosis code with its severity, marking those with an automatic fix.
    Rules(RulesArgs),
    /// Find Gcore Authorization headers, tokens and token variables in files and trees.
    Scan(Box<ScanArgs>),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to standard output.
    #[command(
        after_help = "Examples:\n  gcore-auth-lint completions bash > ~/.local/share/bash-completion/completions/gcore-auth-lint\n  gcore-auth-lint completions zsh > \"${fpath[1]}/_gcore-auth-lint\""
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output: `gcore-auth-lint man | man -l -`.
    Man,
}

/// The output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text like rustc's, with carets under each mistake.
    #[default]
    Human,
    /// One JSON object per input (JSON Lines when there are several).
    Json,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Judge JWT expiry at this time (Unix seconds) instead of the system clock.
    #[arg(long, value_name = "UNIX")]
    pub now: Option<u64>,
    /// Treat every input as a bare token, as an environment variable or an SDK's `api_key`
    /// holds it.
    #[arg(long)]
    pub token: bool,
    /// A whole header line (`Name: value`) or a header value. None or `-`: read standard input,
    /// one input per line.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<OsString>,
}

/// Arguments of `env`.
#[derive(Debug, Args)]
pub struct EnvArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Judge JWT expiry at this time (Unix seconds) instead of the system clock.
    #[arg(long, value_name = "UNIX")]
    pub now: Option<u64>,
    /// The variables to check (each must be set). Default: every token variable that is set.
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// The code, for example `token-truncated` (`gcore-auth-lint rules` lists them).
    #[arg(value_name = "CODE", ignore_case = true, hide_possible_values = true,
          value_parser = PossibleValuesParser::new(Code::ALL.iter().map(|c| PossibleValue::new(c.as_str()))))]
    pub code: String,
}

/// Arguments of `rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: RulesFormat,
}

/// The output format of `rules`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// One line per code.
    #[default]
    Human,
    /// One JSON object per code.
    Json,
    /// The whole catalogue as a Markdown page, a section per code (the page SARIF's `helpUri`
    /// links to).
    Markdown,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// How a command ended when it ran to its end: the exit status 0, 1 or 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every input was accepted (exit status 0).
    Accepted,
    /// At least one input was rejected (exit status 1).
    Rejected,
    /// Some input could not be read (`scan`: a file or folder); everything that could be read
    /// was reported (exit status 2, whatever was found: an incomplete scan cannot call a tree
    /// clean, nor say it named every problem in it).
    Incomplete,
}

impl Outcome {
    /// `Accepted` when `all_accepted`, else `Rejected`.
    pub const fn of(all_accepted: bool) -> Outcome {
        if all_accepted {
            Outcome::Accepted
        } else {
            Outcome::Rejected
        }
    }

    /// The exit status: 0, 1 or 2.
    pub const fn code(self) -> u8 {
        match self {
            Outcome::Accepted => 0,
            Outcome::Rejected => 1,
            Outcome::Incomplete => 2,
        }
    }
}

/// A usage or I/O error: exit status 2, the message on standard error (with control and
/// invisible characters escaped), nothing on standard output.
#[derive(Debug)]
pub struct Failure(String);

impl Failure {
    /// A failure with this message.
    pub fn new(message: impl Into<String>) -> Failure {
        Failure(message.into())
    }

    /// A failure of an I/O operation: "cannot {what}: {error}". (A standard output closed by
    /// its reader is no failure: it is written to through `QuietPipe`.)
    pub fn io(what: &str, error: io::Error) -> Failure {
        Failure(format!("cannot {what}: {error}"))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failure {}

/// Standard output that its reader may close early (`… | head`): once the pipe is closed,
/// the rest of the output is dropped without an error or a message, and the command ends
/// with the exit status it would have had. `check` and `scan` both end so: the verdict does not
/// depend on how much of the report was read.
pub(crate) struct QuietPipe<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> QuietPipe<W> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: W) -> QuietPipe<W> {
        QuietPipe {
            inner,
            closed: false,
        }
    }

    fn closed<T>(&mut self, r: io::Result<T>, ok: T) -> io::Result<T> {
        match r {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(ok)
            }
            r => r,
        }
    }
}

impl<W: Write> Write for QuietPipe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let r = self.inner.write(buf);
        self.closed(r, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.flush();
        self.closed(r, ())
    }
}

/// Where a command writes, and whether it may use colours.
pub struct Context<'a> {
    /// Standard output (buffered).
    pub out: &'a mut dyn Write,
    /// True when ANSI colours may be written (a terminal, and no NO_COLOR).
    pub color: bool,
}

impl Context<'_> {
    /// Writes `text` to the output.
    pub fn write(&mut self, text: &str) -> Result<(), Failure> {
        self.out
            .write_all(text.as_bytes())
            .map_err(|e| Failure::io("write to standard output", e))
    }
}

impl Command {
    /// Runs the command.
    pub fn run(self, cx: &mut Context<'_>) -> Result<Outcome, Failure> {
        match self {
            Command::Check(args) => check(args, cx),
            Command::Env(args) => env_command(args, cx),
            Command::Explain(args) => explain(args, cx),
            Command::Rules(args) => rules(args, cx),
            Command::Scan(args) => execute_styled(&args, cx.out, cx.color).map_err(Failure::new),
            Command::Completions(args) => {
                let mut cmd = <Cli as clap::CommandFactory>::command();
                let mut buf = Vec::new();
                clap_complete::generate(args.shell, &mut cmd, "gcore-auth-lint", &mut buf);
                cx.out
                    .write_all(&buf)
                    .map_err(|e| Failure::io("write to standard output", e))?;
                Ok(Outcome::Accepted)
            }
            Command::Man => {
                let cmd = <Cli as clap::CommandFactory>::command();
                let mut buf = Vec::new();
                clap_mangen::Man::new(cmd)
                    .render(&mut buf)
                    .map_err(|e| Failure::io("write the manual page", e))?;
                cx.out
                    .write_all(&buf)
                    .map_err(|e| Failure::io("write to standard output", e))?;
                Ok(Outcome::Accepted)
            }
        }
    }
}

/// Parses the command line, runs the command and turns the result into the exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to standard output with status 0; errors to standard error
            // with status 2, with whatever the user typed escaped.
            let plain = e.render().to_string();
            let shown = printable(&plain);
            if e.use_stderr() && shown != plain {
                eprint!("{shown}");
            } else {
                let _ = e.print();
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let stdout = io::stdout();
    let color = match cli.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never,
    };
    let mut out = io::BufWriter::new(QuietPipe::new(stdout.lock()));
    let result = cli
        .command
        .run(&mut Context {
            out: &mut out,
            color,
        })
        .and_then(|outcome| {
            out.flush()
                .map_err(|e| Failure::io("write to standard output", e))?;
            Ok(outcome)
        });
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(failure) => {
            let label = anstyle::AnsiColor::BrightRed
                .on_default()
                .effects(anstyle::Effects::BOLD);
            if !failure.0.is_empty() {
                anstream::eprintln!("{label}error:{label:#} {}", printable(&failure.0));
            }
            ExitCode::from(2)
        }
    }
}

/// The policy of a check: the given time, else the system clock.
fn policy(now: Option<u64>) -> Policy {
    let now = now.or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .ok()
            .map(|d| d.as_secs())
    });
    match now {
        Some(secs) => Policy::new().with_clock(secs),
        None => Policy::new(),
    }
}

/// One input to check and where it came from.
struct Input {
    origin: Origin<'static>,
    bytes: Vec<u8>,
}

/// The inputs of `check`: the arguments, with standard input read for `-` or when there is none.
fn gather(args: Vec<OsString>) -> Result<Vec<Input>, Failure> {
    if args.is_empty() {
        if io::stdin().is_terminal() {
            return Err(Failure::new(
                "nothing to check: give INPUT arguments or pipe lines on standard input \
                 (see `gcore-auth-lint check --help`)",
            ));
        }
        return stdin_lines();
    }
    let mut inputs = Vec::with_capacity(args.len());
    let mut stdin_read = false;
    for arg in args {
        if arg == "-" {
            if stdin_read {
                return Err(Failure::new("`-` (standard input) is given more than once"));
            }
            stdin_read = true;
            inputs.extend(stdin_lines()?);
        } else {
            inputs.push(Input {
                origin: Origin::Argument,
                bytes: env::into_bytes(arg),
            });
        }
    }
    Ok(inputs)
}

/// Reads standard input: one input per line; a final line ending ends the last line.
fn stdin_lines() -> Result<Vec<Input>, Failure> {
    let mut data = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut data)
        .map_err(|e| Failure::io("read standard input", e))?;
    if data.is_empty() {
        return Err(Failure::new("nothing to check: standard input is empty"));
    }
    Ok(split_lines(&data)
        .enumerate()
        .map(|(i, line)| Input {
            origin: Origin::Stdin { line: i + 1 },
            bytes: line.to_vec(),
        })
        .collect())
}

/// The lines of `data`, split at `\n`; a final `\n` ends the last line rather than starting
/// an empty one. A `\r` before it stays part of the line.
fn split_lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let data = data.strip_suffix(b"\n").unwrap_or(data);
    data.split(|&b| b == b'\n')
}

/// Writes the reports of the inputs in the chosen format; the outcome of them all.
fn write_reports<'o>(
    reports: impl Iterator<Item = (Origin<'o>, Report<'o>)>,
    format: Format,
    cx: &mut Context<'_>,
) -> Result<Outcome, Failure> {
    let mut all_accepted = true;
    for (i, (origin, report)) in reports.enumerate() {
        all_accepted &= report.is_accepted();
        match format {
            Format::Json => {
                let mut line = json::render(&report, &origin)
                    .map_err(|e| Failure::new(format!("cannot write JSON: {e}")))?;
                line.push('\n');
                cx.write(&line)?;
            }
            Format::Human => {
                if i > 0 {
                    cx.write("\n")?;
                }
                let text = human::render(&report, &origin, cx.color);
                cx.write(&text)?;
            }
        }
    }
    Ok(Outcome::of(all_accepted))
}

fn check(args: CheckArgs, cx: &mut Context<'_>) -> Result<Outcome, Failure> {
    let policy = policy(args.now);
    let inputs = gather(args.inputs)?;
    let reports = inputs.iter().map(|input| {
        let kind = if args.token {
            InputKind::Token
        } else {
            InputKind::of(&input.bytes)
        };
        let report: Report<'_> = policy.diagnose(&input.bytes, kind);
        (input.origin, report)
    });
    write_reports(reports, args.format, cx)
}

fn env_command(args: EnvArgs, cx: &mut Context<'_>) -> Result<Outcome, Failure> {
    let policy = policy(args.now);
    match env::lookup(&args.names, |name| std::env::var_os(name)) {
        Lookup::Unset(unset) => Err(Failure::new(env::unset_message(
            &unset,
            args.names.is_empty(),
        ))),
        Lookup::Set(vars) => {
            let reports = vars.iter().map(|v| {
                let report: Report<'_> = policy.diagnose(&v.value, InputKind::Token);
                (Origin::Variable(&v.name), report)
            });
            write_reports(reports, args.format, cx)
        }
    }
}

/// A catalogue entry in JSON.
#[derive(Serialize)]
struct EntryJson {
    code: &'static str,
    severity: &'static str,
    summary: &'static str,
    reply: Cow<'static, str>,
    basis: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'static str>,
    /// The repair a diagnosis carries: a text, or null where there is none (`explain` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    autofix: Option<Option<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
    scanner_only: bool,
}

impl EntryJson {
    fn new(e: &Entry, full: bool) -> EntryJson {
        EntryJson {
            code: e.code.as_str(),
            severity: e.severity.as_str(),
            summary: e.summary,
            reply: entry_reply(e),
            basis: e.basis.as_str(),
            why: full.then_some(e.why),
            fix: full.then_some(e.fix),
            autofix: full.then_some(e.autofix),
            source: full.then_some(e.source),
            scanner_only: e.code.is_scanner_only(),
        }
    }

    fn line(&self) -> Result<String, Failure> {
        serde_json::to_string(self)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| Failure::new(format!("cannot write JSON: {e}")))
    }
}

fn explain(args: ExplainArgs, cx: &mut Context<'_>) -> Result<Outcome, Failure> {
    let code = Code::from_name(&args.code.to_ascii_lowercase())
        .ok_or_else(|| Failure::new(format!("unknown code `{}`", args.code)))?;
    let e = code.entry();
    let text = match args.format {
        Format::Json => EntryJson::new(&e, true).line()?,
        Format::Human => {
            let scanner = if code.is_scanner_only() {
                " (reported by the file scanner)"
            } else {
                ""
            };
            format!(
                "{code}: {summary}\n\n\
                 severity: {severity}{scanner}\n\
                 reply:    {reply}\n\
                 basis:    {basis}\n\n\
                 Why: {why}\n\n\
                 Fix: {fix}\n\n\
                 Automatic fix: {autofix}\n\n\
                 Source: {source}\n",
                summary = e.summary,
                severity = e.severity,
                reply = entry_reply(&e),
                basis = e.basis,
                why = e.why,
                fix = e.fix,
                autofix = autofix(&e),
                source = e.source,
            )
        }
    };
    cx.write(&text)?;
    Ok(Outcome::Accepted)
}

/// The automatic fix of an entry in words: its own, or why there is none.
fn autofix(e: &Entry) -> &'static str {
    match (e.autofix, e.code) {
        (Some(text), _) => text,
        (None, Code::JwtBearer) => "none (nothing to fix)",
        (None, _) => "none (the right value is unknown, or only a new token would do)",
    }
}

fn rules(args: RulesArgs, cx: &mut Context<'_>) -> Result<Outcome, Failure> {
    let width = Code::ALL
        .iter()
        .map(|c| c.as_str().len())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for code in Code::ALL {
        let e = code.entry();
        match args.format {
            RulesFormat::Json => text.push_str(&EntryJson::new(&e, false).line()?),
            RulesFormat::Markdown => {
                if text.is_empty() {
                    text.push_str(
                        "# Rules\n\nEvery diagnosis code of gcore-auth-lint: what it means, what \
                         the API answers and why, and the fix. Generated by `gcore-auth-lint \
                         rules --format markdown`.\n",
                    );
                }
                text.push_str(&format!(
                    "\n## {}\n\nSeverity: {}{}\n\n{}\n",
                    code.as_str(),
                    e.severity.as_str(),
                    if e.autofix.is_some() { "; fixable" } else { "" },
                    crate::scan::rule_markdown(*code)
                ));
            }
            RulesFormat::Human => {
                let marks = match (code.is_scanner_only(), e.autofix.is_some()) {
                    (true, true) => " (files only; fixable)",
                    (true, false) => " (files only)",
                    (false, true) => " (fixable)",
                    (false, false) => "",
                };
                text.push_str(&format!(
                    "{:<8} {:<width$}  {}{marks}\n",
                    e.severity.as_str(),
                    code.as_str(),
                    e.summary
                ));
            }
        }
    }
    cx.write(&text)?;
    Ok(Outcome::Accepted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(data: &[u8]) -> Vec<&[u8]> {
        split_lines(data).collect()
    }

    #[test]
    fn a_final_line_ending_ends_the_last_line() {
        assert_eq!(lines(b"a\nb\n"), [&b"a"[..], b"b"]);
        assert_eq!(lines(b"a\nb"), [&b"a"[..], b"b"]);
        assert_eq!(lines(b"a\n\n"), [&b"a"[..], b""]);
        assert_eq!(lines(b"\n"), [&b""[..]]);
        assert_eq!(lines(b"a\r\n"), [&b"a\r"[..]]);
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
