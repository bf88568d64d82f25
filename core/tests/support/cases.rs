//! The case-table format shared by every test that runs the tables (`tests/cases/*.tsv`; the
//! format is described at the top of `check.tsv`). Included with `#[path]` by the core's,
//! the command line's and the benchmarks' tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub struct Case {
    pub at: String,
    pub input: String,
    pub verdict: String,
    pub reply: String,
    pub codes: String,
}

pub struct Table {
    pub defines: Vec<(String, String)>,
    pub cases: Vec<Case>,
}

/// `\t \r \n \\` and `\u{XXXX}`; any other backslash stays as it is.
pub fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let simple = match tail.chars().next() {
            Some('t') => Some('\t'),
            Some('r') => Some('\r'),
            Some('n') => Some('\n'),
            Some('\\') => Some('\\'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            rest = &tail[1..];
            continue;
        }
        let braced = tail.strip_prefix("u{").and_then(|body| {
            let hex = body
                .find('}')
                .filter(|&n| (1..=6).contains(&n))
                .map(|n| &body[..n])?;
            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            Some((c, 3 + hex.len()))
        });
        match braced {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('\\');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn load(path: &Path) -> Table {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let mut defines: Vec<(String, String)> = Vec::new();
    let mut cases = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(def) = line.strip_prefix("#define ") {
            let (k, v) = def.split_once(' ').unwrap();
            defines.push((k.to_owned(), v.to_owned()));
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols: Vec<&str> = line.split('\t').collect();
        cols.resize(4, "");
        let mut input = cols[0].to_owned();
        for (k, v) in &defines {
            input = input.replace(&format!("{{{k}}}"), v);
        }
        cases.push(Case {
            at: format!("{name}:{}", n + 1),
            input: unescape(&input),
            verdict: cols[1].trim().to_owned(),
            reply: cols[2].to_owned(),
            codes: cols[3].trim().to_owned(),
        });
    }
    Table { defines, cases }
}

/// Every table in `dir` (the core's `tests/cases`), `check.tsv` among them.
pub fn tables(dir: &Path) -> Vec<Table> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    paths.sort();
    assert!(
        paths.iter().any(|p| p.ends_with("check.tsv")),
        "no check.tsv in {}",
        dir.display()
    );
    paths.iter().map(|p| load(p)).collect()
}

impl Case {
    /// Judges what a check said against this row: its verdict (`accepted`/`rejected`), the
    /// reply text (`None` for no reply) and the codes present.
    pub fn judge(
        &self,
        verdict: &str,
        reply: Option<&str>,
        present: &[&str],
    ) -> Result<(), String> {
        if verdict != self.verdict {
            return Err(format!("verdict {verdict}, want {}", self.verdict));
        }
        match self.reply.as_str() {
            "-" if reply.is_some() => return Err(format!("reply {reply:?}, want none")),
            "-" | "*" | "" => {}
            want => match want.strip_prefix("prefix:") {
                Some(prefix) if !reply.is_some_and(|g| g.starts_with(prefix)) => {
                    return Err(format!("reply {reply:?}, want prefix {prefix:?}"));
                }
                Some(_) => {}
                None if reply != Some(want) => {
                    return Err(format!("reply {reply:?}, want {want:?}"));
                }
                None => {}
            },
        }
        for code in self
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
}
