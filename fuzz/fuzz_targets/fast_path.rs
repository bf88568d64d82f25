//! Differential: the fast path against the diagnosis pass alone (whole reports for a value, a
//! line and a token) and `is_accepted(v) == check(v).is_accepted()`, under several policies.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gcore_auth_benches::props::fast_path_agrees(data));
