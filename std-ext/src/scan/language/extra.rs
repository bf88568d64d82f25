//! What a configuration adds to the scanner's vocabulary: names of variables that hold a Gcore
//! token, hosts that stand for the Gcore API (a company proxy in front of it), and the
//! language of file names the scanner does not know. Process-wide: [`super::configure`] sets it once,
//! before the first scan; without it nothing is added.

use std::sync::OnceLock;

use globset::{Glob, GlobSet, GlobSetBuilder};

/// What a configuration adds.
#[derive(Clone, Debug, Default)]
pub struct Extra {
    /// Variable names that hold a Gcore token (matched in any letter case).
    pub token_variables: Vec<String>,
    /// Hosts of the Gcore API besides Gcore's own (a host or any subdomain of it).
    pub api_hosts: Vec<String>,
    /// File-name globs and the extension whose language they are read in (`("*.tpl", "sh")`).
    pub languages: Vec<(String, String)>,
}

/// [`Extra`], ready to ask.
#[derive(Debug)]
struct Compiled {
    extra: Extra,
    names: GlobSet,
}

static EXTRA: OnceLock<Compiled> = OnceLock::new();

fn get() -> &'static Compiled {
    EXTRA.get_or_init(|| compile(Extra::default()).expect("an empty vocabulary compiles"))
}

fn compile(extra: Extra) -> Result<Compiled, String> {
    let mut b = GlobSetBuilder::new();
    for (pattern, _) in &extra.languages {
        b.add(Glob::new(pattern).map_err(|e| format!("bad glob `{pattern}`: {}", e.kind()))?);
    }
    let names = b.build().map_err(|e| e.to_string())?;
    Ok(Compiled { extra, names })
}

/// Sets what the configuration adds, once, before the first scan ([`super::configure`] checks
/// its languages first). An error when it was set already or a scan has run (the scanner's
/// keyword search is built from it), or when a glob is bad.
pub(crate) fn set(extra: Extra) -> Result<(), String> {
    let compiled = compile(extra)?;
    EXTRA
        .set(compiled)
        .map_err(|_| "the scanner's vocabulary is set already".to_owned())
}

/// True when `name` is a token variable the configuration adds.
pub(crate) fn token_variable(name: &[u8]) -> bool {
    get()
        .extra
        .token_variables
        .iter()
        .any(|v| name.eq_ignore_ascii_case(v.as_bytes()))
}

/// The token variable names the configuration adds, lower-cased: keywords of the prefilter.
pub(crate) fn keywords() -> impl Iterator<Item = String> {
    get()
        .extra
        .token_variables
        .iter()
        .map(|v| v.to_ascii_lowercase())
}

/// True when `host` (lower-cased, without a final dot) is a host the configuration adds, or a
/// subdomain of one.
pub(crate) fn api_host(host: &[u8]) -> bool {
    get().extra.api_hosts.iter().any(|h| {
        let h = h.to_ascii_lowercase();
        let h = h.trim_end_matches('.').as_bytes();
        host == h || (host.ends_with(h) && host[..host.len() - h.len()].ends_with(b"."))
    })
}

/// The extension whose language the file named `name` is read in, when the configuration
/// says.
pub(crate) fn language(name: &str) -> Option<&'static str> {
    let c = get();
    let hit = c.names.matches(name);
    hit.first().map(|&i| c.extra.languages[i].1.as_str())
}
