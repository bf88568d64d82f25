//! The core's modules form a pipeline, and each uses only the modules before it: bytes →
//! vocabulary → input view and lexicon → grammar → diagnosis → report → rendering. This test
//! reads the sources and holds every `crate::` path outside comments and test modules to that
//! order, so an import cycle cannot come back unnoticed.

use std::path::Path;

/// Every module, in pipeline order. A module may use the modules listed before it.
const ORDER: &[&str] = &[
    "class",
    "unicode",
    "time",
    "base",
    "code",
    "policy",
    "lexicon",
    "vocab",
    "view",
    "grammar",
    "grammar::token",
    "grammar::value",
    "grammar::line",
    "grammar::jwt",
    "accept",
    "diagnosis",
    "diagnosis::pass",
    "report",
    "fix",
    "hide",
    "redact",
    "text",
    "serial",
];

/// The module a source file holds: `grammar/token.rs` is `grammar::token`.
fn module_of(rel: &Path) -> String {
    let s = rel.with_extension("").to_string_lossy().replace('/', "::");
    s.strip_suffix("::mod").map_or(s.clone(), str::to_string)
}

/// The `crate::a::b` paths of the code (not comments, not `#[cfg(test)]` modules), as the
/// longest prefix that is a module in [`ORDER`], or the path itself when none is.
fn uses(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or("");
    let mut found = Vec::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
            let module = (1..=parts.len())
                .rev()
                .map(|n| parts[..n].join("::"))
                .find(|m| ORDER.contains(&m.as_str()))
                .unwrap_or(path.clone());
            found.push(module);
        }
        // `use crate::x::{a, b}` groups name modules of x too: `crate::grammar::{jwt, line}`.
        if let Some(open) = line.find("crate::grammar::{") {
            let group = &line[open + "crate::grammar::{".len()..];
            let group = group.split('}').next().unwrap_or("");
            for name in group.split(',').map(str::trim) {
                let m = format!("grammar::{name}");
                if ORDER.contains(&m.as_str()) {
                    found.push(m);
                }
            }
        }
    }
    found
}

#[test]
fn every_module_uses_only_the_modules_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut wrong = Vec::new();
    let mut seen = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let module = module_of(rel);
        if module == "lib" {
            continue;
        }
        seen.push(module.clone());
        let Some(rank) = ORDER.iter().position(|m| *m == module) else {
            wrong.push(format!("{module}: not in the pipeline order"));
            continue;
        };
        for used in uses(&std::fs::read_to_string(file).unwrap()) {
            match ORDER.iter().position(|m| *m == used) {
                Some(r) if r < rank || used == module => {}
                // A submodule's own parent module is a namespace of the same stage.
                Some(_) if module.starts_with(&format!("{used}::")) => {}
                Some(_) => wrong.push(format!("{module} uses {used}, which comes after it")),
                None => wrong.push(format!("{module} uses crate::{used}, not a module path")),
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(
        seen.len(),
        ORDER.len(),
        "every module has a place: {seen:?}"
    );
}

#[test]
fn a_path_to_a_later_module_is_noticed() {
    assert_eq!(
        uses("use crate::report::Report;\nfn f() { crate::grammar::jwt::read(b\"\"); }"),
        ["report", "grammar::jwt"]
    );
    assert_eq!(uses("// crate::text in a comment\n"), Vec::<String>::new());
    assert_eq!(
        uses("use crate::grammar::{is_ws, jwt, line};"),
        ["grammar", "grammar::jwt", "grammar::line"]
    );
    assert_eq!(
        uses("x\n#[cfg(test)]\nuse crate::text;"),
        Vec::<String>::new()
    );
}
