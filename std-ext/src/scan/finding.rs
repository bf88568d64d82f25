//! A finding: one diagnosis at one place in one file, owned and already redacted.

use std::fmt;

use gcore_auth::{Code, Escaped, ServerReply, Severity};

/// One diagnosis at one place in a file. Every text in it is already redacted: it never holds
/// more of a secret than its first 4 characters.
#[derive(Clone, PartialEq, Eq)]
pub struct Finding {
    /// The path as given, joined with the file's relative path.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based byte column of the first byte.
    pub column: usize,
    /// 1-based byte column one past the last byte.
    pub end_column: usize,
    /// The catalogue code.
    pub code: Code,
    /// The severity.
    pub severity: Severity,
    /// What is wrong (redacted).
    pub message: String,
    /// The predicted reply (redacted), when the finding is an error with a prediction.
    pub server_reply: Option<String>,
    /// The text the finding is about, redacted and escaped.
    pub snippet: String,
}

impl Finding {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        path: &str,
        line: usize,
        column: usize,
        end_column: usize,
        code: Code,
        severity: Severity,
        message: String,
        reply: ServerReply<'_>,
        snippet: &[u8],
    ) -> Finding {
        let server_reply = match reply {
            ServerReply::Accepted => None,
            r => Some(r.to_string()),
        };
        Finding {
            path: path.to_owned(),
            line,
            column,
            end_column,
            code,
            severity,
            message,
            server_reply,
            snippet: Escaped(snippet).to_string(),
        }
    }
}

impl fmt::Display for Finding {
    /// `path:line:col: severity[code]: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.path, self.line, self.column, self.severity, self.code, self.message
        )
    }
}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("path", &self.path)
            .field("line", &self.line)
            .field("column", &self.column)
            .field("end_column", &self.end_column)
            .field("code", &self.code)
            .field("severity", &self.severity)
            .field("message", &self.message)
            .field("server_reply", &self.server_reply)
            .field("snippet", &self.snippet)
            .finish()
    }
}
