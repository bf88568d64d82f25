//! Language: how each kind of file writes strings, values, commands and blocks.

pub(crate) mod expr;
pub mod extra;
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

/// Sets what a configuration adds to the vocabulary ([`extra::Extra`]), once, before the first
/// scan. An error when a language is given by an extension the scanner does not read in a
/// language of its own, when a glob is bad, or when it was set already or a scan has run.
pub fn configure(extra: extra::Extra) -> Result<(), String> {
    for (pattern, ext) in &extra.languages {
        if !lang::known_extension(ext) {
            return Err(format!(
                "`{ext}` (for `{pattern}`) is no extension the scanner reads in a language of \
                 its own (`sh`, `py`, `js`, `go`, `yaml`, `json`, `md`, `http`, `env`, …)"
            ));
        }
    }
    extra::set(extra)
}
