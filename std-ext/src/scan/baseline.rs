//! Baselines: the fingerprints of findings accepted earlier, so that only new ones report.
//! A fingerprint is the sha256 of the path, the code and the finding's normalised, redacted
//! text: a baseline never holds a secret.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::finding::Finding;

/// The fingerprints of accepted findings.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    /// The format version (1).
    pub version: u32,
    /// One entry per accepted finding.
    pub findings: Vec<Entry>,
}

/// One accepted finding.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// sha256 (hex) of the path, the code and the normalised text.
    pub fingerprint: String,
    /// The path (for people reading the file).
    pub path: String,
    /// The code (for people reading the file).
    pub code: String,
}

impl Baseline {
    /// The baseline of these findings.
    pub fn of(findings: &[Finding]) -> Baseline {
        Baseline {
            version: 1,
            findings: findings
                .iter()
                .map(|f| Entry {
                    fingerprint: f.fingerprint.clone(),
                    path: f.path.clone(),
                    code: f.code.as_str().to_owned(),
                })
                .collect(),
        }
    }

    /// Reads a baseline file. A UTF-8 byte order mark before the JSON, as some Windows editors
    /// write, is allowed.
    pub fn read(path: &Path) -> io::Result<Baseline> {
        let text = std::fs::read_to_string(path)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let b: Baseline = serde_json::from_str(text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        if b.version != 1 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("unsupported baseline version {}", b.version),
            ));
        }
        Ok(b)
    }

    /// Writes the baseline as JSON, atomically: to a temporary file in the same folder,
    /// synced, then renamed over `path` (a baseline is this tool's own file, so replacing it
    /// is right). On any error, a full disk included, the previous baseline stays whole and
    /// the temporary file is removed.
    pub fn write(&self, path: &Path) -> io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).map_err(io::Error::other)?;
        text.push('\n');
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::Builder::new()
            .prefix(".gcore-auth-lint-baseline")
            .tempfile_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// The findings not in the baseline (each baseline entry accepts one finding).
    pub fn filter(&self, findings: Vec<Finding>) -> Vec<Finding> {
        let mut left: HashMap<&str, usize> = HashMap::new();
        for e in &self.findings {
            *left.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        findings
            .into_iter()
            .filter(|f| match left.get_mut(f.fingerprint.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect()
    }
}
