//! The case tables (`tests/cases/*.tsv`) run through the library. The format is described at
//! the top of `check.tsv`; `more.tsv` holds the project's own further cases.

use gcore_auth::{Policy, Report};

/// The clock of the table tests: 2027-01-15, after `JWT_EXPIRED` and before `JWT_ACCESS`.
const NOW: u64 = 1_800_000_000;

struct Case {
    at: String,
    input: String,
    verdict: String,
    reply: String,
    codes: String,
}

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let rest: String = chars.clone().collect();
                if let Some(body) = rest.strip_prefix("u{") {
                    let hex: String = body.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
                    if body[hex.len()..].starts_with('}') {
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                        for _ in 0..hex.len() + 3 {
                            chars.next();
                        }
                        continue;
                    }
                }
                out.push('\\');
                continue;
            }
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}

fn load(name: &str) -> Vec<Case> {
    let path = format!("{}/tests/cases/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut defines: Vec<(String, String)> = Vec::new();
    let mut cases = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(def) = line.strip_prefix("#define ") {
            let (k, v) = def.split_once(' ').unwrap();
            defines.push((k.to_string(), v.to_string()));
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols: Vec<&str> = line.split('\t').collect();
        cols.resize(4, "");
        let mut input = cols[0].to_string();
        for (k, v) in &defines {
            input = input.replace(&format!("{{{k}}}"), v);
        }
        cases.push(Case {
            at: format!("{name}:{}", n + 1),
            input: unescape(&input),
            verdict: cols[1].trim().to_string(),
            reply: cols[2].to_string(),
            codes: cols[3].trim().to_string(),
        });
    }
    cases
}

fn judge(case: &Case, report: &Report<'_>) -> Result<(), String> {
    let verdict = report.verdict().as_str();
    if verdict != case.verdict {
        return Err(format!("verdict {verdict}, want {}", case.verdict));
    }
    let reply = report.server_reply();
    let got = reply.has_text().then(|| reply.to_string());
    match case.reply.as_str() {
        "-" if got.is_some() => return Err(format!("reply {got:?}, want none")),
        "-" | "*" | "" => {}
        want => match want.strip_prefix("prefix:") {
            Some(prefix) if !got.as_deref().is_some_and(|g| g.starts_with(prefix)) => {
                return Err(format!("reply {got:?}, want prefix {prefix:?}"));
            }
            Some(_) => {}
            None if got.as_deref() != Some(want) => {
                return Err(format!("reply {got:?}, want {want:?}"));
            }
            None => {}
        },
    }
    let present: Vec<&str> = report
        .diagnostics()
        .iter()
        .map(|d| d.code().as_str())
        .collect();
    for code in case
        .codes
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        match code.strip_prefix('!') {
            Some(absent) if present.contains(&absent) => {
                return Err(format!("{absent} present, want absent (got {present:?})"));
            }
            Some(_) => {}
            None if !present.contains(&code) => {
                return Err(format!("{code} missing (got {present:?})"));
            }
            None => {}
        }
    }
    Ok(())
}

fn run(name: &str) {
    let policy = Policy::new().now(NOW);
    let cases = load(name);
    assert!(cases.len() >= 20, "{name}: only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let report = policy.check_input(case.input.as_bytes());
        if let Err(why) = judge(case, &report) {
            failures.push(format!("{} {:?}: {why}\n{report}", case.at, case.input));
        }
        // The fast path agrees on every case.
        let value_report = policy.check(case.input.as_bytes());
        assert_eq!(
            policy.is_accepted(case.input.as_bytes()),
            value_report.is_accepted(),
            "{}",
            case.at
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn shared_case_table() {
    run("check.tsv");
}

#[test]
fn project_case_table() {
    run("more.tsv");
}
