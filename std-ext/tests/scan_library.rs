//! The scanner's library API: chunked reading equals whole-file reading, odd bytes never
//! panic, and no finding ever carries more than 4 characters of a secret.

use gcore_auth_lint::scan::{Options, scan_bytes, scan_paths, scan_reader};
use proptest::prelude::*;

const SECRET: &str = "2a0e1e75ee43aa0de52a39fb039798519c7441cbe5d55c983a82bb07a1b0187b7f3aeb3399346bfb4832e11b9ed87c78127f186554d99d7e3ac10c0076b7e1f4";

fn rows(findings: &[gcore_auth_lint::scan::Finding]) -> Vec<(usize, usize, &'static str)> {
    findings
        .iter()
        .map(|f| (f.line, f.column, f.code.as_str()))
        .collect()
}

/// A shell script of `n` lines with a finding every 97 lines.
fn script(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i % 97 == 5 {
            s.push_str("curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/\n");
        } else if i % 211 == 7 {
            s.push_str(&format!("export GCORE_API_KEY=29841_{SECRET}\n"));
        } else {
            s.push_str("echo ordinary line of a deployment script with nothing to see\n");
        }
    }
    s
}

#[test]
fn chunked_reading_finds_the_same() {
    let text = script(3000);
    let whole = scan_bytes("deploy.sh", text.as_bytes());
    assert_eq!(whole.len(), 3000 / 97 + 1 + 3000 / 211 + 1);
    for chunk in [1024, 4096, 65536] {
        let (chunked, bytes) = scan_reader("deploy.sh", text.as_bytes(), chunk)
            .unwrap()
            .expect("text");
        assert_eq!(bytes, text.len() as u64);
        assert_eq!(rows(&chunked), rows(&whole), "chunk {chunk}");
    }
    // Through the walker with a tiny whole-file limit: the file is streamed.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deploy.sh"), &text).unwrap();
    let opts = Options {
        paths: vec![dir.path().to_path_buf()],
        whole_file_limit: 1000,
        chunk_size: 2048,
        progress: false,
        ..Options::default()
    };
    let out = scan_paths(&opts).unwrap();
    assert_eq!(rows(&out.findings), rows(&whole));
    assert_eq!(out.bytes_scanned, text.len() as u64);
}

#[test]
fn markdown_fences_span_chunks() {
    let mut md = String::from("# Gcore\n\n```sh\n");
    for _ in 0..200 {
        md.push_str("echo filler filler filler filler filler filler filler\n");
    }
    md.push_str("curl -H \"Authorization: Bearer $GCORE_API_KEY\" https://api.gcore.com/\n```\n");
    md.push_str("Prose with Authorization: Bearer your-api-key is only prose.\n");
    let whole = scan_bytes("README.md", md.as_bytes());
    assert_eq!(rows(&whole), [(204, 32, "scheme-bearer")]);
    let (chunked, _) = scan_reader("README.md", md.as_bytes(), 1024)
        .unwrap()
        .unwrap();
    assert_eq!(rows(&chunked), rows(&whole));
}

#[test]
fn lines_longer_than_a_chunk() {
    let mut text = "x".repeat(5000);
    text.push_str(&format!(" GCORE_API_KEY=29841_{SECRET}\nnext\n"));
    let (f, _) = scan_reader("a.env", text.as_bytes(), 1024)
        .unwrap()
        .unwrap();
    // The piece holding the token is scanned; its line number stays right.
    assert!(f.iter().all(|f| f.line == 1), "{f:?}");
    assert!(
        f.iter().any(|f| f.code.as_str() == "hardcoded-token"),
        "{f:?}"
    );
    let dbg = format!("{f:?}");
    assert!(!dbg.contains(&SECRET[4..12]), "{dbg}");
}

#[test]
fn binary_content_is_skipped_by_the_reader() {
    let mut bytes = vec![0u8, 1, 2];
    bytes.extend_from_slice(format!("GCORE_API_KEY=29841_{SECRET}\n").as_bytes());
    assert!(scan_reader("x.env", &bytes[..], 4096).unwrap().is_none());
}

fn assert_redacted(findings: &[gcore_auth_lint::scan::Finding]) {
    for f in findings {
        let all = format!(
            "{f} {f:?} {} {} {}",
            f.snippet,
            f.normalized,
            f.server_reply.clone().unwrap_or_default()
        );
        for start in 4..SECRET.len() - 8 {
            assert!(!all.contains(&SECRET[start..start + 8]), "{all}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_any_language(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        path in prop::sample::select(vec![
            "a.sh", "a.py", "a.go", "a.ts", "a.yaml", "a.json", "a.toml", "a.tf", ".env",
            "README.md", "api.http", "Dockerfile", "notes.txt", "x",
        ]),
    ) {
        let f = scan_bytes(path, &bytes);
        assert_redacted(&f);
    }

    #[test]
    fn planted_secrets_never_leak(
        before in "[ -~]{0,40}",
        after in "[ -~]{0,40}",
        shape in prop::sample::select(vec![
            "curl -H \"Authorization: Bearer 29841_{S}\"",
            "curl -H \"Authorization: APIKey 29841${S}\"",
            "headers = {{\"Authorization\": \"Token 29841_{S}\"}}",
            "GCORE_API_KEY=29841_{S}",
            "export GCORE_API_KEY=\"APIKey 29841_{S}\"",
            "Authorization: APIKey 29841_{S}",
            "gcore 29841_{S}",
            "api_key = \"29841_{S}\" # gcore",
        ]),
        path in prop::sample::select(vec!["a.sh", "a.py", ".env", "README.md", "a.http", "a.yaml"]),
    ) {
        let line = format!("{before}{}{after}\n", shape.replace("{S}", SECRET).replace("{{", "{").replace("}}", "}"));
        let f = scan_bytes(path, line.as_bytes());
        assert_redacted(&f);
    }
}

/// An OpenAPI code sample in a YAML flow scalar folded across lines: the cut last line of the
/// sample is not read (`api_key="My API` is no two-word token), the whole lines before it are.
#[test]
fn a_code_sample_folded_onto_the_next_line() {
    let folded = "paths:\n  /v1/x:\n    get: {\"x-codeSamples\": [{\"lang\": \"Python\", \"source\": \"from gcore import Gcore\\n\\nclient = Gcore(\\n    api_key=\\\"My API\n      Key\\\",\\n)\"}]}\n";
    assert_eq!(rows(&scan_bytes("api.yaml", folded.as_bytes())), []);
    let shell = "paths:\n  /v1/x:\n    get: {\"x-codeSamples\": [{\"lang\": \"Shell\", \"source\": \"curl -H \\\"Authorization: Bearer $GCORE_API_KEY\\\" https://api.gcore.com/x\\necho \\\"one\n      two\\\"\"}]}\n";
    assert_eq!(
        rows(&scan_bytes("api.yaml", shell.as_bytes())),
        [(3, 90, "scheme-bearer")]
    );
}
