//! Jupyter notebooks (nbformat 4): the language of their code and the text of each cell, each
//! byte mapped to where it is written in the `.ipynb` file.

use super::expr::json_string;
use super::lang::{Mode, mode_of};
use super::value::Value;

/// One cell: its source decoded from its JSON strings, and whether it is code.
pub(crate) struct Cell {
    pub(crate) text: Value,
    pub(crate) code: bool,
}

/// The language of the notebook's code cells: `metadata.kernelspec.language`, else
/// `language_info.name`, else Python (the default kernel).
pub(crate) fn language(file: &[u8]) -> Mode {
    let value_of = |key: &[u8], after: usize| -> Option<Mode> {
        let at = after + memchr::memmem::find(&file[after..], key)?;
        let rest = &file[at + key.len()..];
        let colon = rest.iter().position(|&b| b == b':')?;
        let rest = rest[colon + 1..].trim_ascii_start();
        let rest = rest.strip_prefix(b"\"")?;
        let end = memchr::memchr(b'"', rest)?;
        let word = String::from_utf8_lossy(&rest[..end]).to_string();
        Some(match word.to_ascii_lowercase().as_str() {
            "bash" | "sh" | "zsh" => Mode::Shell,
            w => match mode_of(w) {
                Some(Mode::Prose | Mode::Text) | None => Mode::Code,
                Some(m) => m,
            },
        })
    };
    let kernel = memchr::memmem::find(file, b"\"kernelspec\"");
    kernel
        .and_then(|k| value_of(b"\"language\"", k))
        .or_else(|| {
            memchr::memmem::find(file, b"\"language_info\"").and_then(|k| value_of(b"\"name\"", k))
        })
        .unwrap_or(Mode::Python)
}

/// True for a cell magic that runs the cell in a shell: `%%bash`, `%%sh`, `%%script bash`.
pub(crate) fn shell_magic(first_line: &[u8]) -> bool {
    let t = first_line.trim_ascii();
    t.starts_with(b"%%bash")
        || t.starts_with(b"%%sh")
        || t.starts_with(b"%%script bash")
        || t.starts_with(b"%%script sh")
}

/// Every cell with a `source`, in order: `"cell_type": "code"` (or another type) then its
/// `"source"`, a string or an array of strings. A key inside a JSON string is escaped
/// (`\"source\"`), so the raw `"source"` found is a key.
pub(crate) fn cells(file: &[u8]) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&file[from..], b"\"cell_type\"") {
        let at = from + p + 11;
        from = at;
        let next =
            memchr::memmem::find(&file[at..], b"\"cell_type\"").map_or(file.len(), |n| at + n);
        let code = after_colon(file, at).is_some_and(|v| file[v..].starts_with(b"\"code\""));
        let Some(s) = memchr::memmem::find(&file[at..next], b"\"source\"") else {
            continue;
        };
        let Some(mut i) = after_colon(file, at + s + 8) else {
            continue;
        };
        let mut text = Value::new();
        if file[i] == b'[' {
            i += 1;
            loop {
                while i < file.len() && matches!(file[i], b' ' | b'\t' | b'\r' | b'\n' | b',') {
                    i += 1;
                }
                if i >= file.len() || file[i] != b'"' {
                    break;
                }
                match json_string(file, i, &mut text) {
                    Some(end) if end > i => i = end,
                    _ => break,
                }
            }
        } else if file[i] == b'"' {
            json_string(file, i, &mut text);
        }
        out.push(Cell { text, code });
    }
    out
}

/// Where the value after the `:` following `at` starts.
fn after_colon(file: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    while i < file.len() && matches!(file[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    if file.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    while i < file.len() && matches!(file[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    (i < file.len()).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_language() {
        let nb = br##"{"cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "text"]},
  {"cell_type": "code", "metadata": {}, "outputs": [{"text": ["\"source\": x"]}],
   "source": ["import os\n", "!curl \"x\"\n"]}
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}}"##;
        let cells = cells(nb);
        assert_eq!(cells.len(), 2);
        assert!(!cells[0].code && cells[1].code);
        assert_eq!(cells[0].text.bytes, b"# Title\ntext");
        assert_eq!(cells[1].text.bytes, b"import os\n!curl \"x\"\n");
        // Each byte maps back into the file.
        let q = cells[1].text.map_span(16..17);
        assert_eq!(&nb[q], b"\\\"");
        assert_eq!(language(nb), Mode::Python);
        assert_eq!(
            language(br#"{"metadata": {"language_info": {"name": "bash"}}}"#),
            Mode::Shell
        );
        assert!(shell_magic(b"%%bash"));
        assert!(!shell_magic(b"%time x"));
    }
}
