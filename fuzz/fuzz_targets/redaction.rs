//! A generated token of any shape (hex, uppercase, non-hex, look-alikes, split by any
//! separator: any punctuation or symbol of Unicode, plain, doubled, spaced, as an HTML or URL
//! encoding; base64 or percent-encoded), in any position (after a scheme as the value's first
//! or a later word), embedded in arbitrary bytes, never shows in any rendering beyond its id,
//! separator and first 4 characters.
#![no_main]

use gcore_auth_benches::props::{Embedding, Frame, Shape, redaction_shaped};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    frame: u8,
    shape: u8,
    detail: u8,
    joiner: u32,
    id: u64,
    dollar: bool,
    twice: bool,
    in_name: bool,
    seed: u64,
    secret_len: u8,
    prefix: &'a [u8],
    suffix: &'a [u8],
}

fuzz_target!(|input: Input<'_>| {
    let frame = Frame::ALL[usize::from(input.frame) % Frame::ALL.len()];
    redaction_shaped(
        &Embedding {
            prefix: input.prefix,
            frame,
            id: input.id,
            dollar: input.dollar,
            seed: input.seed,
            // 32 to 160 characters; 128 (the real length) once in eight.
            secret_len: if input.secret_len.is_multiple_of(8) {
                128
            } else {
                32 + usize::from(input.secret_len) / 2
            },
            suffix: input.suffix,
        },
        Shape::pick_any(input.shape, input.detail, input.joiner),
        input.twice,
        input.in_name,
    );
});
