//! `check_line` (and `check_input`) on arbitrary bytes: every report invariant holds and
//! every rendering works.
#![no_main]

use gcore_auth::InputKind;
use gcore_auth_benches::props;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    props::report(&gcore_auth::check_line(data), data, InputKind::Line);
    props::report(&gcore_auth::check_input(data), data, InputKind::of(data));
});
