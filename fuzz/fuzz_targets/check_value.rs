//! `check` on arbitrary bytes: every report invariant holds and every rendering works.
#![no_main]

use gcore_auth::InputKind;
use gcore_auth_benches::props;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    props::report(&gcore_auth::check(data), data, InputKind::Value);
});
