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
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!("{f}\n    | {}\n", f.snippet));
        if let Some(reply) = &f.server_reply {
            out.push_str(&format!("    = reply: {reply}\n"));
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
                .markdown(format!(
                    "**{}**\n\n{}\n\n**Fix:** {}\n\n**Predicted reply:** {} ({})\n\n**Source:** {}",
                    e.summary,
                    e.why,
                    e.fix,
                    crate::render::entry_reply(&e),
                    e.basis,
                    e.source
                ))
                .build(),
        )
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
    sarif_of(findings, &[])
}

/// [`sarif()`] of a scan's outcome: the run's invocation says whether it read everything
/// (`executionSuccessful`), with one error notification per path it could not read, so that an
/// incomplete scan never looks complete.
pub fn sarif_run(findings: &[Finding], outcome: &Outcome) -> String {
    sarif_of(findings, &outcome.errors)
}

fn sarif_of(findings: &[Finding], unread: &[super::finding::ReadError]) -> String {
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
            let location = sarif::Location::builder()
                .physical_location(
                    sarif::PhysicalLocation::builder()
                        .artifact_location(
                            sarif::ArtifactLocation::builder().uri(uri(&f.path)).build(),
                        )
                        .region(region)
                        .build(),
                )
                .build();
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
                                .artifact_location(
                                    sarif::ArtifactLocation::builder().uri(uri(&e.path)).build(),
                                )
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
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
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
                .artifact_location(sarif::ArtifactLocation::builder().uri(uri(path)).build())
                .replacements(replacements)
                .build(),
        ])
        .build()
}

/// A relative URI reference for a path: `/` separators, no leading `./`, reserved characters
/// percent-encoded.
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.trim_start_matches("./");
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
