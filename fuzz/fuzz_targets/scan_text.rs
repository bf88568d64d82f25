//! The scanner over arbitrary file content, under each language's path: the findings'
//! invariants hold and every output renders (the JSON and SARIF ones parse).
#![no_main]

use gcore_auth_benches::props::{SCAN_PATHS, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the path, hence the language; the rest is the file.
    if let Some((&pick, content)) = data.split_first() {
        scan(SCAN_PATHS[usize::from(pick) % SCAN_PATHS.len()], content);
    }
});
