//! The human output: rustc-like snippets with carets, then the predicted reply.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};
use gcore_auth::{Credential, Reply, Report, Severity};

use super::{Origin, Shown, printable};

/// Inputs longer than this many bytes are shown as excerpts around what the diagnoses point at.
pub const MAX_SHOWN_BYTES: usize = 4096;

const ERROR: Style = AnsiColor::BrightRed.on_default().effects(Effects::BOLD);
const OK: Style = AnsiColor::BrightGreen.on_default().effects(Effects::BOLD);
const NOTE: Style = AnsiColor::BrightCyan.on_default().effects(Effects::BOLD);

/// Renders one report: each diagnosis with the shown input and carets under its span, then
/// the verdict with the predicted reply and its basis. With `color`, ANSI styles are used.
///
/// ```
/// use gcore_auth_lint::render::{Origin, human};
///
/// let report = gcore_auth::check_input(b"Authorization: APIKey 29841");
/// let text = human::render(&report, &Origin::Argument, false);
/// assert!(text.starts_with("error[token-truncated]: only the token id arrived"));
/// assert!(text.contains("  |                       ^^^^^\n"));
/// assert!(text.ends_with(
///     "rejected: the API would answer 401 \"Bad permanent token: 29841\" (documented)\n"
/// ));
/// ```
pub fn render<const N: usize>(report: &Report<'_, N>, origin: &Origin<'_>, color: bool) -> String {
    let spans: Vec<_> = report.diagnostics().map(|d| d.span()).collect();
    let shown = Shown::excerpt(report.input(), report.hidden(), &spans, MAX_SHOWN_BYTES);
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let messages: Vec<(String, String, String)> = report
        .diagnostics()
        .map(|d| {
            (
                d.message().to_string(),
                d.help().to_string(),
                format!(
                    "basis: {}; `gcore-auth-lint explain {}` says more",
                    d.basis(),
                    d.code()
                ),
            )
        })
        .collect();
    let mut out = String::new();
    for (d, (message, help, note)) in report.diagnostics().zip(&messages) {
        let level = match d.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let mut snippet = Snippet::source(shown.text())
            .line_start(origin.line())
            .annotation(AnnotationKind::Primary.span(shown.map(d.span())));
        match origin {
            Origin::Argument => {}
            Origin::Stdin { .. } => snippet = snippet.path("<stdin>"),
            Origin::Variable(name) => snippet = snippet.path(printable(name)),
        }
        let group = level
            .primary_title(message.as_str())
            .id(d.code().as_str())
            .element(snippet)
            .element(Level::HELP.message(help.as_str()))
            .element(Level::NOTE.message(note.as_str()));
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    if report.dropped() > 0 {
        let _ = writeln!(
            out,
            "({} more diagnoses were found but not kept)\n",
            report.dropped()
        );
    }
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    };
    match report.reply_basis() {
        Some(basis) => {
            let reply = report.reply();
            let what = match reply {
                _ if reply.has_text() => format!(
                    "the API would answer {} \"{}\"",
                    reply.status().unwrap_or(401),
                    report.reply_text()
                ),
                Reply::NeverSent => {
                    "no reply: HTTP clients refuse to send this header at all".to_owned()
                }
                Reply::BadRequest => {
                    "the HTTP front end would answer 400 Bad Request; the API never sees the header"
                        .to_owned()
                }
                _ => "the API would not authenticate this, and its exact reply is not documented"
                    .to_owned(),
            };
            let _ = writeln!(out, "{} {what} ({basis})", paint(ERROR, "rejected:"));
        }
        None => {
            // The input is shown here unless a snippet above showed it already.
            let what = if report.diagnostics().is_empty() {
                format!(" for {}", origin.describe(&shown))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{} no error reply predicted{what}",
                paint(OK, "accepted:")
            );
            let (scheme, variable) = match (report.credential(), origin) {
                (Some(Credential::Jwt(_)), Origin::Variable(name)) => ("Bearer", printable(name)),
                (Some(Credential::Jwt(_)), _) => ("Bearer", "ACCESS_TOKEN".into()),
                (_, Origin::Variable(name)) => ("APIKey", printable(name)),
                _ => ("APIKey", "GCORE_API_KEY".into()),
            };
            let unknown = if scheme == "Bearer" {
                "whether its signature is valid or it was revoked"
            } else {
                "whether the token was deleted or has expired"
            };
            let _ = writeln!(
                out,
                "  {} offline checking cannot know {unknown}; ask the API (`GET /iam/clients/me`) without printing the token:",
                paint(NOTE, "note:")
            );
            let _ = writeln!(
                out,
                "        curl -H \"Authorization: {scheme} ${variable}\" https://api.gcore.com/iam/clients/me"
            );
        }
    }
    out
}

impl Origin<'_> {
    /// The line number shown in the snippet gutter.
    fn line(&self) -> usize {
        match self {
            Origin::Stdin { line } => *line,
            _ => 1,
        }
    }

    /// The input in words, for the verdict of an accepted input.
    fn describe(&self, shown: &Shown) -> String {
        match self {
            Origin::Variable(name) => format!("{}={}", printable(name), shown.text()),
            Origin::Stdin { line } => format!("line {line}: {}", shown.text()),
            Origin::Argument => shown.text().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_only_when_asked() {
        for input in [
            &b"Bearer 29841"[..],
            b"APIKey 29841_0123456789abcdef0123456789abcdef",
        ] {
            let report = gcore_auth::check_input(input);
            let plain = render(&report, &Origin::Argument, false);
            let styled = render(&report, &Origin::Argument, true);
            assert!(!plain.contains('\x1b'), "{plain}");
            assert!(styled.contains("\x1b["), "{styled}");
            // The same text once the styles are stripped.
            let stripped: String = anstream::adapter::strip_str(&styled).to_string();
            assert_eq!(stripped, plain);
        }
    }

    #[test]
    fn carets_point_at_the_escaped_character() {
        let report = gcore_auth::check_input("APIKey\u{a0}29841".as_bytes());
        let text = render(&report, &Origin::Stdin { line: 7 }, false);
        assert!(
            text.contains(" --> <stdin>:7:7\n  |\n7 | APIKey\\u{a0}29841\n  |       ^^^^^^\n"),
            "{text}"
        );
    }

    #[test]
    fn a_jwt_is_named_with_bearer_in_the_advice() {
        // {"typ":"JWT","alg":"RS256"} . {"token_type":"access","exp":4102444800} . signature
        let jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjo0MTAyNDQ0ODAwfQ.s9nFQtUBu5IhenxmhhXOTb4kWk4";
        let value = format!("Bearer {jwt}");
        let report = gcore_auth::Policy::new()
            .with_clock(0)
            .check(value.as_bytes());
        let text = render(&report, &Origin::Variable("TOKEN"), false);
        assert!(
            text.contains("whether its signature is valid or it was revoked"),
            "{text}"
        );
        assert!(
            text.contains("curl -H \"Authorization: Bearer $TOKEN\""),
            "{text}"
        );
        // The whole JWT is a bearer credential: only its first 4 characters are shown.
        assert!(text.contains("Bearer eyJ0…"), "{text}");
        assert!(!text.contains("eyJ0eX") && !text.contains("s9nF"), "{text}");
    }
}
