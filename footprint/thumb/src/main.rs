//! A bare Cortex-M4F binary that checks bytes it cannot know at compile time and reads the
//! whole report, so that the linked `.text` and `.rodata` are what firmware calling
//! `gcore_auth::check_input` pays for. It is never run, only measured.
#![no_std]
#![no_main]

use core::hint::black_box;

use gcore_auth::Code;

/// The input. Read through `black_box`, so its content and length are unknown to the
/// optimiser and every path of the check stays in the binary.
static INPUT: [u8; 17] = *b"APIKey 29841_c767";

/// The entry symbol the linker looks for when there is no linker script.
#[unsafe(no_mangle)]
pub extern "C" fn _start() -> ! {
    loop {
        let input: &[u8] = black_box(&INPUT[..]);
        let report = gcore_auth::check_input(input);
        black_box(report.is_accepted());
        black_box(report.has(Code::TokenTruncated));
        // Every code the report names, by its stable name: what firmware would log.
        for &code in Code::ALL {
            if report.has(code) {
                black_box(code.as_str());
            }
        }
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
