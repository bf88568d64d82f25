//! Language: how each kind of file writes strings, values, commands and blocks.

pub(crate) mod expr;
pub(crate) mod lang;
pub(crate) mod markup;
pub(crate) mod notebook;
pub(crate) mod pairs;
pub(crate) mod placeholder;
pub(crate) mod prefilter;
pub(crate) mod shell;
pub(crate) mod token;
pub(crate) mod value;
pub(crate) mod vocab;
