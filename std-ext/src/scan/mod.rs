//! Scanning files and trees for Gcore Authorization headers, tokens and token variables.

mod finding;

pub use finding::Finding;

/// Scans one file's content (no I/O) and returns every finding, in line order.
///
/// `path` decides the language (by extension or file name) and is copied into each finding.
pub fn scan_bytes(path: &str, content: &[u8]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, line) in content.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(at) = memchr::memmem::find(line, b"Authorization:") else {
            continue;
        };
        let rest = &line[at..];
        let end = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\'')
            .unwrap_or(rest.len());
        let header = &rest[..end];
        let report = gcore_auth::check_line(header);
        for d in report.diagnostics() {
            let span = d.span();
            out.push(Finding::new(
                path,
                i + 1,
                at + span.start + 1,
                at + span.end + 1,
                d.code(),
                d.severity(),
                d.message().to_string(),
                report.server_reply(),
                header,
            ));
        }
    }
    out
}
