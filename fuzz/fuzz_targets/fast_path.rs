//! Differential: the accept classifier against the diagnosis pass: `is_accepted(v) ==
//! check(v).is_accepted()`, under several policies.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gcore_auth_benches::props::fast_path_agrees(data));
