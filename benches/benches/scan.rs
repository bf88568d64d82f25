//! The `scan` group: the scanner's throughput over a generated corpus, beside a regex that
//! only finds token-shaped strings (what a pattern-only secret scanner does).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use gcore_auth_benches::{TOKEN_SHAPE_PATTERN, corpus::scan_corpus};
use gcore_auth_lint::scan::scan_bytes;

fn scan(c: &mut Criterion) {
    let regex = regex::bytes::Regex::new(TOKEN_SHAPE_PATTERN).expect("pattern compiles");
    let mut group = c.benchmark_group("scan");
    for file in scan_corpus() {
        group.throughput(Throughput::Bytes(file.content.len() as u64));
        let content = file.content.as_slice();
        group.bench_with_input(
            BenchmarkId::new("scan_bytes", file.name),
            content,
            |b, content| b.iter(|| scan_bytes(file.path, black_box(content)).len()),
        );
        group.bench_with_input(
            BenchmarkId::new("regex", file.name),
            content,
            |b, content| b.iter(|| regex.find_iter(black_box(content)).count()),
        );
    }
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);
