//! The environment variables real tools read a Gcore token from.

use std::ffi::OsString;

use gcore_auth::TOKEN_VARIABLES;

/// A token variable that is set, with its value as raw bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Variable {
    /// The variable's name.
    pub name: String,
    /// The value, byte for byte (on Unix even when it is not valid UTF-8).
    pub value: Vec<u8>,
}

impl std::fmt::Debug for Variable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the value: it is a secret.
        f.debug_struct("Variable")
            .field("name", &self.name)
            .field("value", &format_args!("<{} bytes>", self.value.len()))
            .finish()
    }
}

/// What looking the variables up found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The variables that are set, in the order asked for.
    Set(Vec<Variable>),
    /// None of the variables asked for about is set (or, with names given, these are not).
    Unset(Vec<String>),
}

/// Looks up `names`, or when empty every variable of [`TOKEN_VARIABLES`] (only those set are
/// kept). With names given, each must be set. `get` reads one variable (`std::env::var_os`).
///
/// ```
/// use std::ffi::OsString;
/// use gcore_auth_lint::env::{lookup, Lookup};
///
/// let env = |name: &str| (name == "GCORE_TOKEN").then(|| OsString::from("29841_c767"));
/// let Lookup::Set(found) = lookup(&[], env) else { panic!() };
/// assert_eq!(found[0].name, "GCORE_TOKEN");
/// assert_eq!(found[0].value, b"29841_c767");
/// assert_eq!(lookup(&["GCORE_API_KEY".into()], env), Lookup::Unset(vec!["GCORE_API_KEY".into()]));
/// ```
pub fn lookup(names: &[String], get: impl Fn(&str) -> Option<OsString>) -> Lookup {
    let asked: Vec<&str> = if names.is_empty() {
        TOKEN_VARIABLES.to_vec()
    } else {
        names.iter().map(String::as_str).collect()
    };
    let mut set = Vec::new();
    let mut unset = Vec::new();
    for name in asked {
        match get(name) {
            Some(value) => set.push(Variable {
                name: name.to_owned(),
                value: into_bytes(value),
            }),
            None => unset.push(name.to_owned()),
        }
    }
    if set.is_empty() || (!names.is_empty() && !unset.is_empty()) {
        Lookup::Unset(unset)
    } else {
        Lookup::Set(set)
    }
}

/// The raw bytes of an OS string: exact on Unix; elsewhere invalid sequences become U+FFFD,
/// which the check reports as a non-ASCII character.
pub fn into_bytes(value: OsString) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        value.into_vec()
    }
    #[cfg(not(unix))]
    {
        value.to_string_lossy().into_owned().into_bytes()
    }
}

/// What happens when the token variable is missing, for the error message.
///
/// ```
/// let text = gcore_auth_lint::env::unset_message(&["GCORE_API_KEY".into()], false);
/// assert!(text.starts_with("GCORE_API_KEY is not set"));
/// assert!(text.contains("gcore-go sends no `Authorization` header"));
/// ```
pub fn unset_message(unset: &[String], all: bool) -> String {
    let what = if all {
        format!(
            "none of the token variables is set ({})",
            TOKEN_VARIABLES.join(", ")
        )
    } else {
        match unset {
            [one] => format!("{one} is not set"),
            many => format!("{} are not set", many.join(", ")),
        }
    };
    format!(
        "{what}\n  \
         without GCORE_API_KEY, gcore-python raises \"The api_key client option must be set ...\" \
         and gcore-go sends no `Authorization` header at all, so the API answers 401 \
         \"Authentication credentials were not provided.\"\n  \
         help: export GCORE_API_KEY=<id>_<secret> (create a token in the Gcore Customer Portal, \
         Profile → API Tokens)"
    )
}
