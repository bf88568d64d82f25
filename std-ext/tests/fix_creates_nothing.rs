//! No half fixes: after `--fix` (with or without `--unsafe-fixes`), no line has a finding that
//! the fix created. Files of several generated header lines, in several languages, are fixed
//! by the library's `fix_content`; each line's codes after the fix must be among its codes
//! before. (The one exception is the token written into the file, `hardcoded-token`: a fix
//! never changes a secret but can make one visible, `APIKey29841_…` read as a token once the
//! space is in.) And a token the shell cut at its `$` (`shell-expansion`) hides its legacy
//! separator from what the API receives: once the fix escapes the `$`, the API receives the
//! whole `<id>$<secret>`, and `token-legacy-separator` tells of a separator that was in the
//! text all along.

use std::collections::{BTreeMap, BTreeSet};

use gcore_auth::Severity;
use gcore_auth_lint::scan::{Choice, fix_content, scan_bytes};
use proptest::prelude::*;

fn header() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "Authorization",
        "authorization",
        "Authorisation",
        "X-API-Key",
        "APIKey",
        "Athorization",
    ]);
    let scheme = prop::sample::select(vec![
        "APIKey ",
        "Bearer ",
        "apikey ",
        "bearer ",
        "Token ",
        "",
        "APIKey APIKey ",
        "APIKey  ",
        "APIKey\u{200b} ",
        "Bearer APIKey ",
        "APIKey:",
    ]);
    let id = "[1-9][0-9]{0,6}";
    let sep = prop::sample::select(vec!["_", "$", "", "_ ", "_\u{200b}"]);
    let secret = prop_oneof![
        "[0-9a-f]{128}",
        "[0-9a-f]{40,60}",
        "[0-9a-f]{127}[G-Z]",
        Just(String::new()),
    ];
    let variable = prop::sample::select(vec!["$GCORE_API_KEY", "${GCORE_TOKEN}", "$GCORE_JWT", ""]);
    let tail = prop::sample::select(vec!["", " ", "\\n", "\u{200b}"]);
    (name, scheme, id, sep, secret, variable, tail).prop_map(
        |(n, s, id, sep, secret, var, tail)| {
            if var.is_empty() {
                format!("{n}: {s}{id}{sep}{secret}{tail}")
            } else {
                format!("{n}: {s}{var}{tail}")
            }
        },
    )
}

/// A line of a file of kind `ext` sending `header` to the API.
fn line(ext: &str, header: &str, quote: char) -> String {
    let url = "https://api.gcore.com/iam/clients/me";
    match ext {
        "py" => {
            let (name, value) = header.split_once(": ").unwrap_or((header, ""));
            format!("requests.get(\"{url}\", headers={{\"{name}\": \"{value}\"}})")
        }
        "http" => format!("GET {url}\n{header}\n"),
        "yaml" => {
            let (name, value) = header.split_once(": ").unwrap_or((header, ""));
            format!("headers:\n  {name}: \"{value}\"\nurl: {url}")
        }
        _ => format!("curl -H {quote}{header}{quote} {url}"),
    }
}

/// Each line's codes (1-based line numbers), but for the token written into the file.
fn codes(path: &str, content: &[u8]) -> BTreeMap<usize, BTreeSet<&'static str>> {
    let mut m: BTreeMap<usize, BTreeSet<&'static str>> = BTreeMap::new();
    for f in scan_bytes(path, content) {
        if f.code.as_str() != "hardcoded-token" && f.severity >= Severity::Warning {
            m.entry(f.line).or_default().insert(f.code.as_str());
        }
    }
    m
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_fix_creates_no_finding(
        headers in prop::collection::vec(header(), 1..4),
        ext in prop::sample::select(vec!["sh", "txt", "py", "http", "yaml", "md"]),
        quote in prop::sample::select(vec!['"', '\'']),
        unsafe_fixes in any::<bool>(),
    ) {
        let path = format!("deploy.{ext}");
        let body: Vec<String> = headers.iter().map(|h| line(ext, h, quote)).collect();
        let mut content = body.join("\n");
        content.push('\n');
        if ext == "md" {
            content = format!("```sh\n{content}```\n");
        }
        let choice = Choice { unsafe_fixes, min_severity: Severity::Warning, baseline: None, selection: None };
        let fixed = fix_content(&path, content.as_bytes(), choice);
        // A fix never adds or removes a line, so lines compare one to one.
        prop_assert_eq!(
            fixed.content.iter().filter(|&&b| b == b'\n').count(),
            content.matches('\n').count()
        );
        let before = codes(&path, content.as_bytes());
        let after = codes(&path, &fixed.content);
        for (line, now) in &after {
            let was = before.get(line).cloned().unwrap_or_default();
            let created: Vec<_> = now
                .difference(&was)
                .filter(|c| !(**c == "token-legacy-separator" && was.contains("shell-expansion")))
                .collect();
            prop_assert!(
                created.is_empty(),
                "line {} of {}: the fix created {:?}\nbefore:\n{}\nafter:\n{}",
                line, path, created, content, String::from_utf8_lossy(&fixed.content)
            );
        }
    }
}
