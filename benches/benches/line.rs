//! The `line` group: `check_line` on whole header lines, beside a regex baseline.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use gcore_auth_benches::{LINE_PATTERN, built, line_cases};

fn line(c: &mut Criterion) {
    let regex = regex::Regex::new(LINE_PATTERN).expect("pattern compiles");
    let mut group = c.benchmark_group("line");
    for case in line_cases() {
        let input = case.input.as_slice();
        group.throughput(Throughput::Bytes(input.len().max(1) as u64));
        group.bench_with_input(BenchmarkId::new("check_line", case.name), input, |b, v| {
            b.iter(|| built(&gcore_auth::check_line(black_box(v))))
        });
        let text = std::str::from_utf8(input).expect("every case is UTF-8");
        group.bench_with_input(BenchmarkId::new("regex", case.name), text, |b, s| {
            b.iter(|| regex.is_match(black_box(s)))
        });
    }
    group.finish();
}

criterion_group!(benches, line);
criterion_main!(benches);
