//! The fixture trees under `tests/fixtures/scan/<kind>/`: each is scanned as a tree and the
//! findings must be exactly those listed in its `expected.tsv` (path, line, column, end
//! column, code, severity).

use std::path::{Path, PathBuf};

use gcore_auth_lint::scan::{Options, scan_paths};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scan")
}

/// The findings of one fixture tree as `path\tline\tcolumn\tend\tcode\tseverity` rows, paths
/// relative to it.
fn actual(dir: &Path) -> Vec<String> {
    let opts = Options {
        paths: vec![dir.to_path_buf()],
        progress: false,
        ..Options::default()
    };
    let outcome = scan_paths(&opts).expect("the fixture tree exists");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let prefix = format!("{}/", dir.display());
    outcome
        .findings
        .iter()
        .filter(|f| !f.path.ends_with("expected.tsv"))
        .map(|f| {
            let rel = f.path.strip_prefix(&prefix).unwrap_or(&f.path);
            format!(
                "{rel}\t{}\t{}\t{}\t{}\t{}",
                f.line, f.column, f.end_column, f.code, f.severity
            )
        })
        .collect()
}

fn expected(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("expected.tsv")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn check(lang: &str) {
    let dir = fixtures().join(lang);
    let got = actual(&dir);
    let want = expected(&dir);
    assert_eq!(
        got,
        want,
        "findings in {lang} differ; got:\n{}\n",
        got.join("\n")
    );
}

macro_rules! fixture_tests {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { check(stringify!($name)); } )*
    };
}

fixture_tests!(
    shell,
    dockerfile,
    http,
    python,
    go,
    js,
    yaml,
    json,
    toml,
    terraform,
    env,
    markdown,
    precision,
    realtext,
    text,
    rst,
    asciidoc,
    collections,
    kubernetes,
    notebook,
    gherkin,
    strings,
    misreads,
    interpolation,
);
