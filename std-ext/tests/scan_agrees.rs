//! `check` and `scan` never disagree about the same header: for every generated header that is
//! not a placeholder, a one-line file sending it to the Gcore API (`curl -H '…' https://…`, in
//! text of unknown kind, a shell script and an `.http` file's request) gets from `scan` exactly
//! the error codes `check` gives the header line, besides the leak finding only `scan` makes.

use std::collections::BTreeSet;

use gcore_auth::{Policy, Severity};
use gcore_auth_lint::scan::scan_bytes;
use proptest::prelude::*;

fn header() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "Authorization",
        "authorization",
        "Authorisation",
        "X-API-Key",
        "Athorization",
    ]);
    let scheme = prop::sample::select(vec![
        "APIKey ",
        "Bearer ",
        "apikey ",
        "Token ",
        "",
        "APIKey APIKey ",
        "APIKey  ",
        "APIKey\u{200b} ",
        "Bearer APIKey ",
    ]);
    let id = "[1-9][0-9]{0,6}";
    let sep = prop::sample::select(vec!["_", "", "_ "]);
    let secret = prop_oneof![
        "[0-9a-f]{128}",
        "[0-9a-f]{40,60}",
        "[0-9a-f]{127}[G-Z]",
        Just(String::new()),
    ];
    let variable = prop::sample::select(vec!["$GCORE_API_KEY", "${GCORE_TOKEN}", ""]);
    (name, scheme, id, sep, secret, variable).prop_map(|(n, s, id, sep, secret, var)| {
        if var.is_empty() {
            format!("{n}: {s}{id}{sep}{secret}")
        } else {
            format!("{n}: {s}{var}")
        }
    })
}

/// The error codes `check` gives a header line.
fn checked(line: &str) -> BTreeSet<&'static str> {
    let report = Policy::DEFAULT.check_line(line.as_bytes());
    report
        .diagnostics()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| d.code().as_str())
        .filter(|c| *c != "token-placeholder")
        .collect()
}

/// The error codes `scan` reports for `content` at `path`, besides the leak finding.
fn scanned(path: &str, content: &str) -> BTreeSet<&'static str> {
    scan_bytes(path, content.as_bytes())
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code.as_str())
        .filter(|c| !matches!(*c, "hardcoded-token" | "token-placeholder"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn scan_of_a_one_line_file_agrees_with_check(line in header()) {
        let credential = line.split_once(": ").map_or("", |(_, v)| v);
        let last = credential.rsplit(' ').next().unwrap_or_default();
        prop_assume!(!gcore_auth::vocab::placeholder(last.as_bytes()));
        let want = checked(&line);
        let curl = format!("curl -H '{line}' https://api.gcore.com/iam/clients/me\n");
        prop_assert_eq!(scanned("notes.txt", &curl), want.clone(), "{}", curl);
        prop_assert_eq!(scanned("deploy.sh", &curl), want.clone(), "{}", curl);
        let http = format!("GET https://api.gcore.com/iam/clients/me\n{line}\n");
        prop_assert_eq!(scanned("me.http", &http), want.clone(), "{}", http);
        prop_assert_eq!(scanned("<stdin>", &http), want, "{}", http);
    }
}
