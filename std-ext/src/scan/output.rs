//! The outputs of a scan: human, JSON, SARIF 2.1.0 and GitHub Actions workflow commands. All
//! of them print only what a [`Finding`] holds, which is already redacted.

use std::collections::BTreeMap;

use gcore_auth::{Applicability, Code, Severity};
use serde::Serialize;
use serde_sarif::sarif;

use super::finding::{FileFix, Finding, Outcome};

/// The human output: `path:line:col: severity[code]: message`, the redacted snippet, the
/// predicted reply when there is one, and the fix with the line as it reads after it.
pub fn human(findings: &[Finding]) -> String {
    human_styled(findings, false)
}

/// [`human()`], with ANSI styles when `color`: the severity and code in bold, red for errors,
/// yellow for warnings, cyan for notes (as rustc and ruff colour them).
pub fn human_styled(findings: &[Finding], color: bool) -> String {
    let mut out = String::new();
    for f in findings {
        if color {
            let style = anstyle::Style::new().bold().fg_color(Some(
                match f.severity {
                    Severity::Error => anstyle::AnsiColor::Red,
                    Severity::Warning => anstyle::AnsiColor::Yellow,
                    Severity::Note => anstyle::AnsiColor::Cyan,
                }
                .into(),
            ));
            let commit = f
                .commit
                .as_ref()
                .map_or(String::new(), |c| format!("{}:", c.short()));
            out.push_str(&format!(
                "{commit}{}:{}:{}: {style}{}[{}]{style:#}: {}\n    | {}\n",
                f.path, f.line, f.column, f.severity, f.code, f.message, f.snippet
            ));
        } else {
            out.push_str(&format!("{f}\n    | {}\n", f.snippet));
        }
        if let Some(reply) = &f.server_reply {
            out.push_str(&format!("    = reply: {reply}\n"));
        }
        if let Some(c) = &f.commit {
            out.push_str(&format!("    = commit: {}\n", history_note(c)));
        }
        if let Some(fix) = &f.fix {
            let how = match fix.applicability {
                Applicability::MachineApplicable => "",
                _ => " (maybe incorrect: `--fix --unsafe-fixes` applies it)",
            };
            out.push_str(&format!(
                "    = help: {}{how}\n    | {}\n",
                fix.message, fix.patched
            ));
        }
    }
    out
}

/// GitHub Actions workflow commands, one per finding: `::error file=…,line=…,col=…,
/// endColumn=…,title=…::message`, so that a workflow shows each finding on its line
/// (errors as errors, warnings as warnings, notes as notices). Property values and messages
/// are escaped as the runner reads them (`%`, `\r`, `\n`, and in properties `:` and `,`).
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "notice",
        };
        let mut message = f.message.clone();
        if let Some(reply) = &f.server_reply {
            message.push_str(&format!("\nreply: {reply}"));
        }
        out.push_str(&format!(
            "::{level} file={},line={},col={},endColumn={},title={}::{}\n",
            github_property(&f.path),
            f.line,
            f.column,
            f.end_column,
            github_property(&format!("gcore-auth-lint {}", f.code)),
            github_data(&message)
        ));
    }
    out
}

/// A GitLab Code Quality report: a JSON array with one issue per finding (`description`,
/// `check_name`, `fingerprint`, `severity`, `location.path`, `location.lines.begin`), so that a
/// merge request shows each finding. Severities: `info` for notes, `minor` for warnings,
/// `major` for errors, `critical` for a token written into a file. A fingerprint is the
/// finding's baseline fingerprint, made unique within the report when two findings share it.
pub fn gitlab(findings: &[Finding]) -> String {
    #[derive(Serialize)]
    struct Lines {
        begin: usize,
        end: usize,
    }
    #[derive(Serialize)]
    struct Location<'a> {
        path: &'a str,
        lines: Lines,
    }
    #[derive(Serialize)]
    struct Issue<'a> {
        description: String,
        check_name: &'static str,
        fingerprint: String,
        severity: &'static str,
        location: Location<'a>,
    }
    let mut seen = std::collections::HashMap::new();
    let issues: Vec<Issue<'_>> = findings
        .iter()
        .map(|f| {
            let n = seen.entry(f.fingerprint.as_str()).or_insert(0usize);
            *n += 1;
            let fingerprint = if *n == 1 {
                f.fingerprint.clone()
            } else {
                format!("{}-{n}", f.fingerprint)
            };
            let mut description = format!("{}: {}", f.code.as_str(), f.message);
            if let Some(reply) = &f.server_reply {
                description.push_str(&format!(" (predicted reply: {reply})"));
            }
            Issue {
                description,
                check_name: f.code.as_str(),
                fingerprint,
                severity: match f.severity {
                    _ if f.code == Code::HardcodedToken => "critical",
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Note => "info",
                },
                location: Location {
                    path: f.path.strip_prefix("./").unwrap_or(&f.path),
                    lines: Lines {
                        begin: f.line,
                        end: f.line,
                    },
                },
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_default();
    s.push('\n');
    s
}

/// A workflow command's message, escaped.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_column: usize,
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    server_reply: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
    /// For a finding of a repository's history: the commit that added the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    /// Its author time, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    author_time: Option<String>,
    /// Later commits that added the line again.
    #[serde(skip_serializing_if = "Option::is_none")]
    later_commits: Option<usize>,
    /// The paths it was added at.
    #[serde(skip_serializing_if = "Option::is_none")]
    paths: Option<usize>,
    /// Whether `HEAD` still holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    in_head: Option<bool>,
}

/// What human output says of the commit that added a finding's line.
fn history_note(c: &super::finding::Commit) -> String {
    let mut s = format!("added in {} on {}", c.id, c.time());
    if c.later_commits > 0 {
        s.push_str(&format!(
            ", again in {} later {}",
            c.later_commits,
            if c.later_commits == 1 {
                "commit"
            } else {
                "commits"
            }
        ));
    }
    if c.paths > 1 {
        s.push_str(&format!(", at {} paths", c.paths));
    }
    s.push_str(if c.in_head {
        "; still in HEAD"
    } else {
        "; no longer in HEAD"
    });
    s
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'static str,
    applicability: &'static str,
    edits: Vec<JsonEdit>,
    patched: &'a str,
}

#[derive(Serialize)]
struct JsonEdit {
    start_byte: usize,
    end_byte: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'static str,
}

impl<'a> JsonFix<'a> {
    fn new(f: &'a FileFix) -> JsonFix<'a> {
        JsonFix {
            message: f.message,
            applicability: f.applicability.as_str(),
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    start_byte: e.start,
                    end_byte: e.end,
                    line: e.line,
                    column: e.column,
                    end_line: e.line,
                    end_column: e.end_column,
                    replacement: e.text,
                })
                .collect(),
            patched: &f.patched,
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    findings: Vec<JsonFinding<'a>>,
    files_scanned: u64,
    bytes_scanned: u64,
}

/// The JSON output: `{"findings": [...], "files_scanned": N, "bytes_scanned": N}`.
pub fn json(findings: &[Finding], outcome: &Outcome) -> String {
    let report = JsonReport {
        findings: findings
            .iter()
            .map(|f| JsonFinding {
                path: &f.path,
                line: f.line,
                column: f.column,
                end_column: f.end_column,
                code: f.code.as_str(),
                severity: f.severity.as_str(),
                message: &f.message,
                server_reply: f.server_reply.as_deref(),
                fix: f.fix.as_ref().map(JsonFix::new),
                commit: f.commit.as_ref().map(|c| c.id.as_str()),
                author_time: f.commit.as_ref().map(super::finding::Commit::rfc3339),
                later_commits: f.commit.as_ref().map(|c| c.later_commits),
                paths: f.commit.as_ref().map(|c| c.paths),
                in_head: f.commit.as_ref().map(|c| c.in_head),
            })
            .collect(),
        files_scanned: outcome.files_scanned,
        bytes_scanned: outcome.bytes_scanned,
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
    s.push('\n');
    s
}

fn level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Note => sarif::ResultLevel::Note,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Error => sarif::ResultLevel::Error,
    }
}

/// A code's catalogue entry in Markdown: SARIF's `help.markdown`, and a section of the page
/// `rules --format markdown` prints (`docs/rules.md`).
pub fn rule_markdown(code: Code) -> String {
    let e = code.entry();
    format!(
        "**{}**\n\n{}\n\n**Fix:** {}\n\n**Predicted reply:** {} ({})\n\n**Source:** {}",
        e.summary,
        e.why,
        e.fix,
        crate::render::entry_reply(&e),
        e.basis,
        e.source
    )
}

/// Where a code is documented: its section of `docs/rules.md` in the project's repository.
pub fn help_uri(code: Code) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{}",
        env!("CARGO_PKG_REPOSITORY"),
        code.as_str()
    )
}

fn rule(code: Code) -> sarif::ReportingDescriptor {
    let e = code.entry();
    let help = format!(
        "{}\n\nFix: {}\n\nPredicted reply: {} ({}).\n\nSource: {}",
        e.why,
        e.fix,
        crate::render::entry_reply(&e),
        e.basis,
        e.source
    );
    sarif::ReportingDescriptor::builder()
        .id(code.as_str())
        .name(code.as_str())
        .short_description(
            sarif::MultiformatMessageString::builder()
                .text(e.summary)
                .build(),
        )
        .full_description(
            sarif::MultiformatMessageString::builder()
                .text(e.why)
                .build(),
        )
        .help(
            sarif::MultiformatMessageString::builder()
                .text(help)
                .markdown(rule_markdown(code))
                .build(),
        )
        .help_uri(help_uri(code))
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(serde_json::Value::from(e.severity.as_str()))
                .build(),
        )
        .properties({
            // A committed token is a leaked secret: a security alert, as code scanning
            // ranks them (`security-severity` from 0 to 10).
            let leak = code == Code::HardcodedToken;
            let mut tags = vec![e.basis.as_str().to_owned()];
            let mut more = BTreeMap::from([(
                "reply".to_owned(),
                serde_json::Value::from(crate::render::entry_reply(&e)),
            )]);
            if leak {
                tags.push("security".to_owned());
                more.insert(
                    "security-severity".to_owned(),
                    serde_json::Value::from("9.0"),
                );
            }
            sarif::PropertyBag::builder()
                .tags(tags)
                .additional_properties(more)
                .build()
        })
        .build()
}

/// The SARIF 2.1.0 output: one run, the whole catalogue as rules, one result per finding.
pub fn sarif(findings: &[Finding]) -> String {
    sarif_of(findings, &[], None)
}

/// [`sarif()`] of a scan's outcome: the run's invocation says whether it read everything
/// (`executionSuccessful`), with one error notification per path it could not read, so that an
/// incomplete scan never looks complete.
pub fn sarif_run(findings: &[Finding], outcome: &Outcome) -> String {
    sarif_of(findings, &outcome.errors, outcome.provenance.as_ref())
}

fn sarif_of(
    findings: &[Finding],
    unread: &[super::finding::ReadError],
    provenance: Option<&super::finding::Provenance>,
) -> String {
    let rules: Vec<_> = Code::ALL.iter().map(|&c| rule(c)).collect();
    let index = |c: Code| Code::ALL.iter().position(|&x| x == c).unwrap_or(0) as i64;
    let results: Vec<sarif::Result> = findings
        .iter()
        .map(|f| {
            let mut text = f.message.clone();
            if let Some(reply) = &f.server_reply {
                text.push_str(&format!(" (predicted reply: {reply})"));
            }
            let region = sarif::Region::builder()
                .start_line(f.line as i64)
                .start_column(f.column as i64)
                .end_line(f.line as i64)
                .end_column(f.end_column as i64)
                .snippet(
                    sarif::ArtifactContent::builder()
                        .text(f.snippet.clone())
                        .build(),
                )
                .build();
            let physical = sarif::PhysicalLocation::builder()
                .artifact_location(artifact(&f.path))
                .region(region)
                .build();
            let location = match &f.commit {
                Some(c) => sarif::Location::builder()
                    .physical_location(physical)
                    .properties(
                        sarif::PropertyBag::builder()
                            .additional_properties(BTreeMap::from([
                                ("commit".to_owned(), serde_json::Value::from(c.id.as_str())),
                                (
                                    "authorTime".to_owned(),
                                    serde_json::Value::from(c.rfc3339()),
                                ),
                                (
                                    "laterCommits".to_owned(),
                                    serde_json::Value::from(c.later_commits),
                                ),
                                ("inHead".to_owned(), serde_json::Value::from(c.in_head)),
                            ]))
                            .build(),
                    )
                    .build(),
                None => sarif::Location::builder()
                    .physical_location(physical)
                    .build(),
            };
            let fixes: Vec<sarif::Fix> = f.fix.iter().map(|x| fix(&f.path, x)).collect();
            sarif::Result::builder()
                .rule_id(f.code.as_str())
                .rule_index(index(f.code))
                .level(level(f.severity))
                .message(sarif::Message::builder().text(text).build())
                .locations(vec![location])
                .fixes(fixes)
                .partial_fingerprints(BTreeMap::from([(
                    "gcoreAuthLint/v1".to_owned(),
                    f.fingerprint.clone(),
                )]))
                .build()
        })
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name("gcore-auth-lint")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(rules)
        .build();
    let notifications: Vec<sarif::Notification> = unread
        .iter()
        .map(|e| {
            sarif::Notification::builder()
                .level(serde_json::Value::from("error"))
                .message(
                    sarif::Message::builder()
                        .text(format!("cannot scan {}: {}", e.path, e.message))
                        .build(),
                )
                .locations(vec![
                    sarif::Location::builder()
                        .physical_location(
                            sarif::PhysicalLocation::builder()
                                .artifact_location(artifact(&e.path))
                                .build(),
                        )
                        .build(),
                ])
                .build()
        })
        .collect();
    let invocation = if notifications.is_empty() {
        sarif::Invocation::builder()
            .execution_successful(true)
            .build()
    } else {
        sarif::Invocation::builder()
            .execution_successful(false)
            .tool_execution_notifications(notifications)
            .build()
    };
    // Relative paths are relative to the folder the scan ran in, or to the repository's.
    let folder_uri = |d: &std::path::Path| {
        let d = d.to_string_lossy().replace('\\', "/");
        format!("file://{}/", encode(d.trim_end_matches('/')))
    };
    let root = match provenance {
        Some(p) => folder_uri(&std::path::absolute(&p.root).unwrap_or_else(|_| p.root.clone())),
        None => std::env::current_dir().map_or_else(|_| "file:///".to_owned(), |d| folder_uri(&d)),
    };
    let version_control: Vec<sarif::VersionControlDetails> = provenance
        .map(|p| {
            let details = sarif::VersionControlDetails::builder()
                .repository_uri(root.clone())
                .mapped_to(
                    sarif::ArtifactLocation::builder()
                        .uri("")
                        .uri_base_id(SRCROOT)
                        .build(),
                );
            match &p.head {
                Some(head) => details.revision_id(head.clone()).build(),
                None => details.build(),
            }
        })
        .into_iter()
        .collect();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .original_uri_base_ids(BTreeMap::from([(
            SRCROOT.to_owned(),
            sarif::ArtifactLocation::builder().uri(root).build(),
        )]))
        .invocations(vec![invocation])
        .version_control_provenance(version_control)
        .results(results)
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .build();
    let log = sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build();
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

/// A finding's fix as a SARIF fix: its edits as replacements of regions given by line and
/// column and by byte offset. A maybe-incorrect fix says so in its description.
fn fix(path: &str, f: &FileFix) -> sarif::Fix {
    let replacements: Vec<sarif::Replacement> = f
        .edits
        .iter()
        .map(|e| {
            let region = sarif::Region::builder()
                .start_line(e.line as i64)
                .start_column(e.column as i64)
                .end_line(e.line as i64)
                .end_column(e.end_column as i64)
                .byte_offset(e.start as i64)
                .byte_length((e.end - e.start) as i64)
                .build();
            sarif::Replacement::builder()
                .deleted_region(region)
                .inserted_content(sarif::ArtifactContent::builder().text(e.text).build())
                .build()
        })
        .collect();
    let description = match f.applicability {
        Applicability::MachineApplicable => f.message.to_owned(),
        _ => format!("{} (maybe incorrect)", f.message),
    };
    sarif::Fix::builder()
        .description(sarif::Message::builder().text(description).build())
        .artifact_changes(vec![
            sarif::ArtifactChange::builder()
                .artifact_location(artifact(path))
                .replacements(replacements)
                .build(),
        ])
        .build()
}

/// The base that relative paths are given against: the folder the scan ran in.
const SRCROOT: &str = "%SRCROOT%";

/// Where a file is, for SARIF: a relative path as a URI reference against [`SRCROOT`], an
/// absolute one as a `file://` URI.
fn artifact(path: &str) -> sarif::ArtifactLocation {
    let p = path.trim_start_matches("./");
    if p.starts_with('/') {
        return sarif::ArtifactLocation::builder()
            .uri(format!("file://{}", encode(p)))
            .build();
    }
    sarif::ArtifactLocation::builder()
        .uri(encode(p))
        .uri_base_id(SRCROOT)
        .build()
}

/// A path's bytes percent-encoded as RFC 3986 asks of a path: unreserved characters and `/`
/// stay, every other byte (a space, `#`, `%`, each byte of a non-ASCII letter) is `%XX`.
fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
