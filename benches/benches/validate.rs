//! The `validate` group: the fast path, the full check and two regex baselines on the same
//! header values, so their ratios come from one run.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use gcore_auth_benches::{VALUE_PATTERN, built, value_cases};

fn validate(c: &mut Criterion) {
    let regex = regex::Regex::new(VALUE_PATTERN).expect("pattern compiles");
    let lite = regex_lite::Regex::new(VALUE_PATTERN).expect("pattern compiles");
    let mut group = c.benchmark_group("validate");
    for case in value_cases() {
        let input = case.input.as_slice();
        // Criterion needs a non-zero throughput; the empty value counts as one byte.
        group.throughput(Throughput::Bytes(input.len().max(1) as u64));
        group.bench_with_input(BenchmarkId::new("is_accepted", case.name), input, |b, v| {
            b.iter(|| gcore_auth::is_accepted(black_box(v)))
        });
        group.bench_with_input(BenchmarkId::new("check", case.name), input, |b, v| {
            b.iter(|| built(&gcore_auth::check(black_box(v))))
        });
        // The regex crates match `&str`: the baselines get the string already validated as
        // UTF-8 (their best case), while gcore-auth takes the raw bytes.
        let text = std::str::from_utf8(input).expect("every case is UTF-8");
        group.bench_with_input(BenchmarkId::new("regex", case.name), text, |b, s| {
            b.iter(|| regex.is_match(black_box(s)))
        });
        group.bench_with_input(BenchmarkId::new("regex-lite", case.name), text, |b, s| {
            b.iter(|| lite.is_match(black_box(s)))
        });
    }
    group.finish();
}

criterion_group!(benches, validate);

fn main() {
    eprintln!(
        "size_of::<gcore_auth::Report>() = {} bytes",
        std::mem::size_of::<gcore_auth::Report<'static>>()
    );
    benches();
    Criterion::default().configure_from_args().final_summary();
}
