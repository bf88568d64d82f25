//! Sites: the places in a line where a header, a token or a token variable is written, one
//! file per kind of place. [`line`] reads one line in a language and returns what they found.

mod code;
mod collection;
mod data;
mod dotenv;
mod http;
mod leaks;
mod prose;
mod reader;
mod shell;
mod strings;
mod text;

pub(crate) use reader::{line, text_lines};
