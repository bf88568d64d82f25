//! The `tree` group: a whole scan of a folder (walking, reading, the prefilter and every
//! reader), over generated trees of both shapes the scanner meets: keyword-dense docs and
//! sparse code. The shapes' ratio shows where a change helps; ripgrep on a real tree is the
//! other yardstick (`cargo run --release -p gcore-auth-benches --bin scan-vs-rg`).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use gcore_auth_benches::corpus::scan_trees;
use gcore_auth_lint::scan::{Options, scan_paths};

/// Files in each tree.
const FILES: usize = 512;

fn tree(c: &mut Criterion) {
    let mut group = c.benchmark_group("tree");
    group.sample_size(20);
    for tree in scan_trees(FILES) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut bytes = 0;
        for (path, content) in &tree.files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
            std::fs::write(&path, content).expect("a file");
            bytes += content.len() as u64;
        }
        let opts = Options {
            paths: vec![dir.path().to_path_buf()],
            progress: false,
            ..Options::default()
        };
        group.throughput(Throughput::Bytes(bytes));
        group.bench_with_input(BenchmarkId::new("scan_paths", tree.name), &opts, |b, o| {
            b.iter(|| scan_paths(o).expect("the scan runs").findings.len())
        });
    }
    group.finish();
}

criterion_group!(benches, tree);
criterion_main!(benches);
