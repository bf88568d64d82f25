//! Markup with code blocks other than Markdown's: reStructuredText directives and literal
//! blocks, AsciiDoc listing and literal blocks.

use super::lang::{Mode, mode_of};

/// The language of the block a reStructuredText line opens: a `code-block`, `code` or
/// `sourcecode` directive in its language (text of unknown kind when it names none or one not
/// known), a paragraph ending in `::` as a literal block of text. `None` when it opens none.
pub(crate) fn rst_opens(line: &[u8]) -> Option<Mode> {
    let t = line.trim_ascii();
    if let Some(rest) = t.strip_prefix(b"..") {
        let rest = rest.trim_ascii_start();
        for directive in [&b"code-block::"[..], b"code::", b"sourcecode::"] {
            if let Some(lang) = rest.strip_prefix(directive) {
                let word = String::from_utf8_lossy(lang.trim_ascii()).to_string();
                return Some(match mode_of(&word) {
                    _ if word.is_empty() => Mode::Text,
                    Some(Mode::Prose) | None => Mode::Text,
                    Some(m) => m,
                });
            }
        }
        // A comment or another directive: no literal block, even with `::`.
        return None;
    }
    t.ends_with(b"::").then_some(Mode::Text)
}

/// AsciiDoc's block delimiter on `line`: four or more `-` (a listing block) or `.` (a literal
/// block), or three or more backticks (a fence); its character and length.
pub(crate) fn adoc_delimiter(line: &[u8]) -> Option<(u8, usize)> {
    let t = line.trim_ascii_end();
    let &c = t.first()?;
    let len = t.iter().take_while(|&&b| b == c).count();
    let whole = len == t.len();
    match c {
        b'-' | b'.' if whole && len >= 4 => Some((c, len)),
        b'`' if len >= 3 && !t[len..].contains(&b'`') => Some((c, 3)),
        _ => None,
    }
}

/// The language of an AsciiDoc block attribute line: `[source,bash]`, `[source, python]`,
/// `[,sh]` (text of unknown kind for a language not known). `None` when the line is no such
/// attribute.
pub(crate) fn adoc_source(line: &[u8]) -> Option<Mode> {
    let t = line.trim_ascii();
    let inner = t.strip_prefix(b"[")?.strip_suffix(b"]")?;
    let mut parts = inner.split(|&b| b == b',');
    let style = parts.next()?.trim_ascii();
    if !(style.is_empty() || style.eq_ignore_ascii_case(b"source")) {
        return None;
    }
    let lang = parts.next().map(<[u8]>::trim_ascii).unwrap_or_default();
    let lang = String::from_utf8_lossy(lang).to_string();
    Some(match mode_of(&lang) {
        _ if lang.is_empty() => Mode::Text,
        Some(Mode::Prose) | None => Mode::Text,
        Some(m) => m,
    })
}

/// Where the AsciiDoc block whose body starts at `from` ends: the next line with the same
/// delimiter (a fence closes on three or more backticks), or the end of `block`.
pub(crate) fn adoc_block_end(block: &[u8], from: usize, delimiter: (u8, usize)) -> usize {
    let mut at = from;
    while at < block.len() {
        let end = memchr::memchr(b'\n', &block[at..]).map_or(block.len(), |p| at + p);
        let line = &block[at..end];
        if adoc_delimiter(line.strip_suffix(b"\r").unwrap_or(line)) == Some(delimiter) {
            return at;
        }
        at = end + 1;
    }
    block.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rst_blocks() {
        assert_eq!(rst_opens(b".. code-block:: bash"), Some(Mode::Shell));
        assert_eq!(rst_opens(b"  .. code:: python"), Some(Mode::Python));
        assert_eq!(rst_opens(b".. sourcecode::"), Some(Mode::Text));
        assert_eq!(rst_opens(b".. code-block:: http"), Some(Mode::Http));
        assert_eq!(rst_opens(b"Send it like this::"), Some(Mode::Text));
        assert_eq!(rst_opens(b".. note:: a::"), None);
        assert_eq!(rst_opens(b"Plain text."), None);
    }

    #[test]
    fn asciidoc_blocks() {
        assert_eq!(adoc_source(b"[source,bash]"), Some(Mode::Shell));
        assert_eq!(
            adoc_source(b"[source, python, linenums]"),
            Some(Mode::Python)
        );
        assert_eq!(adoc_source(b"[,sh]"), Some(Mode::Shell));
        assert_eq!(adoc_source(b"[source]"), Some(Mode::Text));
        assert_eq!(adoc_source(b"[NOTE]"), None);
        assert_eq!(adoc_delimiter(b"----"), Some((b'-', 4)));
        assert_eq!(adoc_delimiter(b"......"), Some((b'.', 6)));
        assert_eq!(adoc_delimiter(b"```bash"), Some((b'`', 3)));
        assert_eq!(adoc_delimiter(b"---"), None);
        assert_eq!(adoc_delimiter(b"---- x"), None);
        let doc = b"----\ncurl\n----\nafter\n";
        assert_eq!(adoc_block_end(doc, 5, (b'-', 4)), 10);
    }
}
