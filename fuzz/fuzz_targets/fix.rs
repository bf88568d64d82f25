//! Fixes on arbitrary bytes: every fix of a value, line or token removes its diagnosis, adds
//! no error, keeps the secret and shows nothing of the input, and fixing settles; the first
//! byte chooses the input kind, or a file kind for `scan --fix` on the rest as a file.
#![no_main]

use gcore_auth::InputKind;
use gcore_auth_benches::props;
use libfuzzer_sys::fuzz_target;

const FILES: [&str; 8] = [
    "deploy.sh",
    "client.py",
    "README.md",
    ".env",
    "ci.yml",
    "config.json",
    "api.http",
    "main.go",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    match pick % 11 {
        0 => props::fixes(rest, InputKind::Value),
        1 => props::fixes(rest, InputKind::Line),
        2 => props::fixes(rest, InputKind::Token),
        n => props::scan_fixes(FILES[usize::from(n - 3)], rest),
    }
});
