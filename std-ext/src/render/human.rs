//! The human output: rustc-like snippets with carets, each fix as rustc shows a suggestion
//! (the fixed line), then the predicted reply.

use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};
use gcore_auth::{
    Applicability, Credential, Edit, Fix, Hidden, Policy, Reply, Report, Severity, Span,
};

use super::{Origin, Shown, printable};

/// Inputs longer than this many bytes are shown as excerpts around what the diagnoses point at.
pub const MAX_SHOWN_BYTES: usize = 4096;

const ERROR: Style = AnsiColor::BrightRed.on_default().effects(Effects::BOLD);
const OK: Style = AnsiColor::BrightGreen.on_default().effects(Effects::BOLD);
const NOTE: Style = AnsiColor::BrightCyan.on_default().effects(Effects::BOLD);

/// Renders one report: each diagnosis with the shown input and carets under its span, then
/// the verdict with the predicted reply and its basis. With `color`, ANSI styles are used.
///
/// A diagnosis that carries a fix ([`gcore_auth::Diagnostic::fix`]) is followed by a `help:`
/// naming it (`(maybe incorrect)` when it may be) and the fixed input as rustc shows a
/// suggestion: the line before and after (`-` and `+`), or `+` under what is inserted. The
/// fixed input is shown escaped and redacted by the same rule as the input: a fix never
/// shows more of a secret than its first 4 characters.
///
/// ```
/// use gcore_auth_lint::render::{Origin, human};
///
/// let report = gcore_auth::check_input(b"Authorization: APIKey 29841"); // gcore-auth-lint: allow
/// let text = human::render(&report, &Origin::Argument, false);
/// assert!(text.starts_with("error[token-truncated]: only the token id arrived"));
/// assert!(text.contains("  |                       ^^^^^\n"));
/// assert!(text.ends_with(
///     "rejected: the API would answer 401 \"Bad permanent token: 29841\" (documented)\n"
/// ));
///
/// let report = gcore_auth::check_input(b"Bearer $GCORE_API_KEY");
/// let text = human::render(&report, &Origin::Argument, false);
/// assert!(text.contains(
///     "help: send a permanent token with `APIKey` (maybe incorrect)\n  |\n\
///      1 - Bearer $GCORE_API_KEY\n\
///      1 + APIKey $GCORE_API_KEY\n"
/// ));
/// ```
pub fn render<const N: usize>(report: &Report<'_, N>, origin: &Origin<'_>, color: bool) -> String {
    let fixes: Vec<Option<Fix<'_>>> = report.diagnostics().map(|d| d.fix()).collect();
    // Huge inputs are cut around what the diagnoses point at and what their fixes edit.
    let spans: Vec<Span> = report
        .diagnostics()
        .map(|d| d.span())
        .chain(
            fixes
                .iter()
                .flatten()
                .flat_map(|f| f.edits().iter().map(Edit::span)),
        )
        .collect();
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
    let suggestions: Vec<Option<Suggestion>> = fixes
        .iter()
        .map(|f| {
            f.as_ref()
                .map(|f| Suggestion::new(report, f, &shown, &spans))
        })
        .collect();
    let mut out = String::new();
    for ((d, (message, help, note)), suggestion) in
        report.diagnostics().zip(&messages).zip(&suggestions)
    {
        let level = match d.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let snippet = origin.snippet(&shown);
        let group = level
            .primary_title(message.as_str())
            .id(d.code().as_str())
            .element(snippet.annotation(AnnotationKind::Primary.span(shown.map(d.span()))))
            .element(Level::HELP.message(help.as_str()))
            .element(Level::NOTE.message(note.as_str()));
        let mut groups = vec![group];
        if let Some(s) = suggestion {
            // rustc's way: the fixed line, with what changed marked.
            let title = Group::with_title(Level::HELP.secondary_title(s.title.as_str()));
            groups.push(if s.patches.is_empty() {
                title
            } else {
                let patches = s
                    .patches
                    .iter()
                    .map(|(r, t)| Patch::new(r.clone(), t.as_str()));
                title.element(origin.snippet(&shown).patches(patches))
            });
        }
        out.push_str(&renderer.render(&groups));
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

    /// A snippet of the shown input, with its path and line number.
    fn snippet<'a, T: Clone>(&self, shown: &'a Shown) -> Snippet<'a, T> {
        let snippet = Snippet::source(shown.text()).line_start(self.line());
        match self {
            Origin::Argument => snippet,
            Origin::Stdin { .. } => snippet.path("<stdin>"),
            Origin::Variable(name) => snippet.path(printable(name).into_owned()),
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

/// A fix as the human output shows it: its title, and the replacements of ranges of the shown
/// input that make the shown fixed input.
#[derive(Debug, PartialEq, Eq)]
struct Suggestion {
    title: String,
    patches: Vec<(Range<usize>, String)>,
}

impl Suggestion {
    /// The suggestion of `fix`, a fix of a diagnosis of `report`, whose input is shown as
    /// `shown` (cut around `focus` when huge).
    ///
    /// The patches are the fix's own edits, moved onto the shown text, when they make exactly
    /// what the fixed input is shown as by the same rule; else (an edit next to or inside a
    /// hidden part, where the first 4 characters of a secret count differently once an
    /// invisible character is gone) one replacement of what differs, cut only between escapes
    /// and hidden parts. No patch is left where the two look the same. The fixed input is
    /// shown with the secret of the input (moved by the edits) hidden after its first 4
    /// characters, and with what the rule finds in it: never more of a secret than its first
    /// 4 characters.
    fn new<const N: usize>(
        report: &Report<'_, N>,
        fix: &Fix<'_>,
        shown: &Shown,
        focus: &[Span],
    ) -> Suggestion {
        let title = match fix.applicability() {
            Applicability::MachineApplicable => fix.message().to_owned(),
            Applicability::MaybeIncorrect => format!("{} (maybe incorrect)", fix.message()),
        };
        let edits = fix.edits();
        let after = fixed_shown(report, fix, focus);
        let patches: Vec<(Range<usize>, String)> = edits
            .iter()
            .map(|e| (shown.map(e.span()), e.text().to_owned()))
            .collect();
        // Two edits inside one hidden part map onto the same `…`: they cannot be shown apart.
        let apart = patches.windows(2).all(|w| w[0].0.end <= w[1].0.start);
        if apart && patched(shown.text(), &patches) == after.text() {
            return Suggestion { title, patches };
        }
        let (a, b) = (shown.text(), after.text());
        let mut start = a
            .char_indices()
            .zip(b.chars())
            .find(|((_, x), y)| x != y)
            .map_or(a.len().min(b.len()), |((i, _), _)| i);
        // Never cut inside an escape or a hidden part of either text.
        loop {
            let cut = start
                .min(shown.piece_at(start).start)
                .min(after.piece_at(start).start);
            if cut == start {
                break;
            }
            start = cut;
        }
        let mut tail = a
            .chars()
            .rev()
            .zip(b.chars().rev())
            .take_while(|(x, y)| x == y)
            .map(|(x, _)| x.len_utf8())
            .sum::<usize>()
            .min(a.len() - start)
            .min(b.len() - start);
        loop {
            let cut = tail
                .min(a.len() - shown.piece_at(a.len() - tail).end)
                .min(b.len() - after.piece_at(b.len() - tail).end);
            if cut == tail {
                break;
            }
            tail = cut;
        }
        let (end, replace) = (a.len() - tail, &b[start..b.len() - tail]);
        Suggestion {
            title,
            patches: if start == end && replace.is_empty() {
                Vec::new()
            } else {
                vec![(start..end, replace.to_owned())]
            },
        }
    }
}

/// The input fixed by `fix`, shown as its own check shows it, with the secret of the input
/// (moved by the edits) hidden after its first 4 characters too, and what the input hid
/// hidden still, except those 4 characters; cut around `focus` (moved) when the input was
/// cut.
fn fixed_shown<const N: usize>(report: &Report<'_, N>, fix: &Fix<'_>, focus: &[Span]) -> Shown {
    let edits = fix.edits();
    let fixed: Vec<u8> = fix.pieces().flatten().copied().collect();
    let moved = |s: Span| Span::new(moved(edits, s.start, false), moved(edits, s.end, true));
    let known: Vec<Span> = report.secret_span().map(moved).into_iter().collect();
    let fixed_report: Report<'_, 1> = Policy::new().diagnose(&fixed, report.input_kind());
    // A fix may glue the end of a secret to the word after it (removing a control character
    // between them), and the fixed input, read on its own, then shows that end: what the input
    // hid stays hidden. Only the secret's first 4 characters, which a removed invisible
    // character may have pushed into the hidden part, are shown as the fixed input shows them.
    let shown_secret = known.first().map(|s| {
        let start = s.start.min(fixed.len());
        let end = s.end.min(fixed.len()).max(start);
        // 4 characters, a byte that is not UTF-8 counting one.
        let mut at = start;
        for _ in 0..gcore_auth::SHOWN_SECRET_CHARS {
            let rest = &fixed[at..end];
            at += (1..=rest.len().min(4))
                .find(|&n| std::str::from_utf8(&rest[..n]).is_ok())
                .unwrap_or(rest.len().min(1));
        }
        Span::new(start, at)
    });
    let hidden_before = report
        .hidden()
        .map(moved)
        .map(move |h| match shown_secret {
            Some(s) if h.start < s.end && h.end > s.start => Span::new(s.end.max(h.start), h.end),
            _ => h,
        })
        .filter(|h| h.start < h.end);
    let hidden = Hidden::new(&fixed, &known)
        .chain(fixed_report.hidden())
        .chain(hidden_before);
    let focus: Vec<Span> = focus.iter().map(|&s| moved(s)).collect();
    // Cut when the input was cut, whatever the fixed input's length.
    let max_len = if report.input().len() > MAX_SHOWN_BYTES {
        0
    } else {
        usize::MAX
    };
    Shown::excerpt_hiding(&fixed, hidden, &focus, max_len)
}

/// `text` with each range (in order, not overlapping) replaced.
fn patched(text: &str, patches: &[(Range<usize>, String)]) -> String {
    let bytes = crate::edit::apply(
        text.as_bytes(),
        patches.iter().map(|(r, with)| (r.clone(), with.as_str())),
    );
    // Ranges on character boundaries replaced by text: UTF-8 still.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Where byte offset `at` of an input is once `edits` (in order, not overlapping) are made.
/// An offset strictly inside an edit, or where one inserts, goes before the edit's text for
/// the start of a range, after it for its end: a range so moved holds every edit it touches.
fn moved(edits: &[Edit], at: usize, end: bool) -> usize {
    let mut shift = 0isize;
    for e in edits {
        let (s, len) = (e.span(), e.text().len() as isize);
        if s.end < at || (s.end == at && s.start < s.end) {
            shift += len - s.len() as isize;
        } else if s.start < at {
            let to = s.start as isize + shift + if end { len } else { 0 };
            return to as usize;
        } else if s.start == at && s.is_empty() && end {
            shift += len;
        } else {
            break;
        }
    }
    (at as isize + shift) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use gcore_auth::{Code, InputKind};

    const HEX128: &str = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366cdcf1ba1cde11df51cf198d4af1124d30269bfb42bc7ec02e5f2a25212efcef3";

    /// The suggestion of the fix of the diagnosis with `code` of `input`.
    fn suggestion(input: &str, code: Code) -> Suggestion {
        let report = gcore_auth::check_input(input.as_bytes());
        let d = report.diagnostics().find(|d| d.code() == code).unwrap();
        let fix = d.fix().unwrap();
        let spans: Vec<Span> = report.diagnostics().map(|d| d.span()).collect();
        let shown = Shown::excerpt(report.input(), report.hidden(), &spans, MAX_SHOWN_BYTES);
        Suggestion::new(&report, &fix, &shown, &spans)
    }

    /// The help groups of the fixes in the human output of `input`, each up to its blank line.
    fn helps(input: &str) -> Vec<String> {
        let report = gcore_auth::check_input(input.as_bytes());
        let text = render(&report, &Origin::Argument, false);
        text.split("\nhelp: ")
            .skip(1)
            .map(|h| format!("help: {}", &h[..h.find("\n\n").unwrap() + 1]))
            .collect()
    }

    #[test]
    fn a_fix_is_shown_as_the_fixed_line() {
        let t = format!("29841_{HEX128}");
        for (input, help) in [
            (
                format!("Bearer {t}"),
                "help: send a permanent token with `APIKey`\n  |\n1 - Bearer 29841_e330…\n1 + APIKey 29841_e330…\n  |\n",
            ),
            // Maybe incorrect: the variable may hold something else than its name says.
            (
                "Bearer $GCORE_API_KEY".into(),
                "help: send a permanent token with `APIKey` (maybe incorrect)\n  |\n1 - Bearer $GCORE_API_KEY\n1 + APIKey $GCORE_API_KEY\n  |\n",
            ),
            // Two deletions.
            (
                format!("APIKey \"{t}\""),
                "help: remove the quotes\n  |\n1 - APIKey \"29841_e330…\"\n1 + APIKey 29841_e330…\n  |\n",
            ),
            // An insertion.
            (
                format!("Authorization: {t}"),
                "help: put `APIKey ` before the permanent token\n  |\n1 | Authorization: APIKey 29841_e330…\n  |                ++++++\n",
            ),
            // The line ending, shown escaped, goes whole.
            (
                format!("APIKey {t}\n"),
                "help: remove the control character\n  |\n1 - APIKey 29841_e330…\\n\n1 + APIKey 29841_e330…\n  |\n",
            ),
        ] {
            assert_eq!(helps(&input), [help], "{input:?}");
        }
    }

    #[test]
    fn no_help_without_a_fix() {
        let report = gcore_auth::check_input(b"Authorization: APIKey 29841"); // gcore-auth-lint: allow
        assert_eq!(
            report.diagnostics().next().unwrap().code(),
            Code::TokenTruncated
        );
        let text = render(&report, &Origin::Argument, false);
        assert!(!text.contains("\nhelp:"), "{text}");
        assert!(helps("APIKey 29841").is_empty());
    }

    #[test]
    fn an_escape_is_deleted_whole() {
        let input = format!("APIKey \u{200b}29841_{HEX128}");
        let s = suggestion(&input, Code::NonAscii);
        assert_eq!(s.title, "remove the invisible character");
        // The fix's own edit, on the 8 characters of the escape.
        assert_eq!(s.patches, [(7..15, String::new())]);
        assert_eq!(
            helps(&input),
            [
                "help: remove the invisible character\n  |\n1 - APIKey \\u{200b}29841_e330…\n1 + APIKey 29841_e330…\n  |\n"
            ]
        );
    }

    #[test]
    fn an_edit_next_to_a_hidden_secret_shows_the_fixed_input_as_it_is_shown() {
        // The invisible character counted among the 4 shown characters of the secret: once it
        // is gone, the fixed input shows 4 characters of the secret, as its own check would.
        let s = suggestion(&format!("APIKey 29841_\u{200b}{HEX128}"), Code::NonAscii);
        assert_eq!(s.patches, [(13..24, "e330".to_owned())]);
        // Glued to the scheme, the token is hidden from the scheme's fifth character on.
        let input = format!("APIKey29841_{HEX128}");
        let s = suggestion(&input, Code::SchemeUnknown);
        assert_eq!(s.patches, [(4..4, "ey 29841_e330".to_owned())]);
        assert_eq!(
            helps(&input),
            [
                "help: put one space between `APIKey` and the token\n  |\n1 | APIKey 29841_e330…\n  |     +++++++++++++\n"
            ]
        );
        // Quotes: the opening one is an escape, the closing one inside the hidden part.
        let s = suggestion(
            &format!("APIKey \u{201c}29841_{HEX128}\u{201d}"),
            Code::Quoted,
        );
        // Shown `\u{201c}29841_e330…`: the quote is punctuation before the token, not one of
        // its characters, so removing it changes only itself.
        assert_eq!(s.patches, [(7..15, String::new())]);
    }

    #[test]
    fn an_edit_inside_a_hidden_secret_changes_nothing_shown() {
        let input = format!("APIKey 29841_{}\x01{}", &HEX128[..40], &HEX128[40..]);
        let s = suggestion(&input, Code::ControlCharacter);
        assert_eq!(s.title, "remove the control character");
        assert!(s.patches.is_empty());
        // The title alone.
        assert_eq!(helps(&input), ["help: remove the control character\n"]);
    }

    #[test]
    fn edits_inside_one_hidden_part_are_shown_as_one_change() {
        // A bare token: everything after its first 4 characters is hidden, the quotes too.
        let input = "APIKey '$GCORE_API_KEY'";
        let report: Report<'_, 8> = Policy::new().diagnose(input.as_bytes(), InputKind::Token);
        let d = report
            .diagnostics()
            .find(|d| d.code() == Code::Quoted)
            .unwrap();
        let fix = d.fix().unwrap();
        assert_eq!(fix.edits().len(), 2);
        let shown = Shown::new(report.input(), report.hidden());
        assert_eq!(shown.text(), "APIK…");
        let s = Suggestion::new(&report, &fix, &shown, &[]);
        // Neither edit can be shown; the fixed bare token is shown the same way.
        assert!(s.patches.is_empty(), "{s:?}");
        let text = render(&report, &Origin::Argument, false);
        assert!(text.contains("\nhelp: remove the quotes\n\n"), "{text}");
    }

    proptest::proptest! {
        /// Over inputs with every kind of fixable mistake, next to escapes and secrets: the
        /// patches of a fix, in order on the shown text, make the fixed input as shown.
        #[test]
        fn a_shown_fix_makes_the_fixed_input_as_shown(
            input in "(Authori[sz]ation|X-API-Key)?( ?: ?|  )?[\"'\u{201c}]?(APIKey|apikey|Bearer|bearer|Token|APIKye|APIKey:|APIKey=)?([ \t\u{a0}\u{200b}]{0,3})(APIKey |Bearer )?['\"]?([0-9]{0,6}[_$]?[0-9a-fA-F\u{200b}\u{1}]{0,140}|\\$\\{?[A-Z_]{1,20}\\}?|your-api-key)['\"\u{201d}]?[\\s\u{200b}\u{a0}\u{1}\r\n]{0,3}",
            kind in proptest::sample::select(&[InputKind::Line, InputKind::Value, InputKind::Token][..]),
        ) {
            let report: Report<'_, 16> = Policy::new().diagnose(input.as_bytes(), kind);
            let spans: Vec<Span> = report.diagnostics().map(|d| d.span()).collect();
            let shown = Shown::excerpt(report.input(), report.hidden(), &spans, MAX_SHOWN_BYTES);
            for d in report.diagnostics() {
                let Some(fix) = d.fix() else { continue };
                let s = Suggestion::new(&report, &fix, &shown, &spans);
                let mut last = 0;
                for (range, _) in &s.patches {
                    proptest::prop_assert!(last <= range.start && range.start <= range.end);
                    proptest::prop_assert!(shown.text().is_char_boundary(range.start));
                    proptest::prop_assert!(shown.text().is_char_boundary(range.end));
                    last = range.end;
                }
                let after = fixed_shown(&report, &fix, &spans);
                proptest::prop_assert_eq!(patched(shown.text(), &s.patches), after.text(), "{:?}", input);
            }
            let _ = render(&report, &Origin::Stdin { line: 3 }, false);
        }
    }

    #[test]
    fn offsets_move_with_the_edits() {
        let t = format!("29841_{HEX128}");
        let quoted = format!("APIKey \"{t}\"");
        let report = gcore_auth::check_input(quoted.as_bytes());
        let fix = report.diagnostics().find_map(|d| d.fix()).unwrap();
        let edits = fix.edits();
        let end = quoted.len();
        // Before, inside and after the deleted opening quote; the closing one.
        assert_eq!(moved(edits, 7, false), 7);
        assert_eq!(moved(edits, 7, true), 7);
        assert_eq!(moved(edits, 8, false), 7);
        assert_eq!(moved(edits, 13, false), 12);
        assert_eq!(moved(edits, end - 1, true), end - 2);
        assert_eq!(moved(edits, end, true), end - 2);
        let bare = format!("Authorization: {t}");
        let report = gcore_auth::check_input(bare.as_bytes());
        let fix = report.diagnostics().find_map(|d| d.fix()).unwrap();
        // `APIKey ` inserted at 15: a range starting there starts before it, one ending there
        // ends after it.
        assert_eq!(moved(fix.edits(), 15, false), 15);
        assert_eq!(moved(fix.edits(), 15, true), 22);
        assert_eq!(moved(fix.edits(), 14, true), 14);
        assert_eq!(moved(fix.edits(), 16, false), 23);
    }

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
