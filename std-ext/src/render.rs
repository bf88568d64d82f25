//! Rendering reports: the input as it may be shown (escaped, secrets redacted, spans
//! remapped), the rustc-like human output and the JSON output.

pub mod human;
pub mod json;
mod shown;

pub use shown::{ELLIPSIS, Shown, Style};

/// Where an input came from: shown in the human output and, for variables, in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin<'a> {
    /// A command-line argument.
    Argument,
    /// A line of standard input (1-based).
    Stdin {
        /// The line number.
        line: usize,
    },
    /// An environment variable.
    Variable(&'a str),
}

/// The reply a catalogue entry predicts, in the words `explain`, `rules` and the SARIF rules
/// print: `401 "<text>"` for a reply with a message text, else what happens instead. Two codes
/// predict a reply that depends on the input, and say so.
///
/// ```
/// use gcore_auth::Code;
/// use gcore_auth_lint::render::entry_reply;
/// assert_eq!(
///     entry_reply(&Code::TokenTruncated.entry()),
///     "401 \"Bad permanent token: <token as received>\""
/// );
/// assert_eq!(entry_reply(&Code::Whitespace.entry()), "none: the header is accepted");
/// ```
pub fn entry_reply(entry: &gcore_auth::Entry) -> std::borrow::Cow<'static, str> {
    use gcore_auth::{Code, Reply};
    match entry.code {
        Code::SchemeCase => {
            return "none for `APIKey` spellings (accepted); 401 \"Authentication credentials \
                    were not provided.\" for `bearer`"
                .into();
        }
        Code::Quoted => {
            return "401 \"Authentication credentials were not provided.\" when the whole value \
                    is quoted; 401 \"Bad permanent token: …\" when the token is"
                .into();
        }
        _ => {}
    }
    let reply = entry.reply;
    match reply {
        Reply::BadRequest => "400 from the front end (no API reply)".into(),
        Reply::NeverSent => "no reply: the HTTP client refuses to send the header".into(),
        Reply::Unknown => "no prediction: the outcome is not documented".into(),
        Reply::Accepted => "none: the header is accepted".into(),
        _ => match reply.status() {
            Some(status) if reply.has_text() => format!("{status} \"{reply}\"").into(),
            _ => reply.to_string().into(),
        },
    }
}

/// Text for a terminal with every control character (line feeds excepted) and every invisible
/// character escaped (`\u{1b}`, `\t`, `\u{200b}`), and every secret cut by the one redaction
/// rule ([`gcore_auth::Hidden`]): for messages that may quote what a user typed, such as usage
/// errors. Visible non-ASCII characters stay.
///
/// ```
/// use gcore_auth_lint::render::printable;
/// assert_eq!(printable("bad value '\x1b[31m'\n"), "bad value '\\u{1b}[31m'\n");
/// assert_eq!(printable("a\u{200b}b\tc → d"), "a\\u{200b}b\\tc → d");
/// assert_eq!(
///     printable("invalid value '29841_9d27b6a48f1c03e5a7d2c8b4f60e19a3' for '--threads'"),
///     "invalid value '29841_9d27…' for '--threads'"
/// );
/// ```
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let escape = |c: char| (c.is_control() && c != '\n') || invisible(c);
    let hidden: Vec<gcore_auth::Span> = gcore_auth::Hidden::new(text.as_bytes(), &[]).collect();
    if hidden.is_empty() && !text.chars().any(escape) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut ranges = hidden.iter().peekable();
    for (at, c) in text.char_indices() {
        while ranges.next_if(|r| r.end <= at).is_some() {}
        if let Some(r) = ranges.peek().filter(|r| r.start <= at) {
            if at == r.start {
                out.push('…');
            }
            continue;
        }
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.into()
}

/// Characters that show as nothing or as a plain space: format characters, variation
/// selectors, tag characters, fillers and whitespace other than the ASCII space.
pub(crate) fn invisible(c: char) -> bool {
    (c.is_whitespace() && !c.is_ascii())
        || matches!(c,
            '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
            | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
            | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}' | '\u{e0000}'..='\u{e0fff}')
}
