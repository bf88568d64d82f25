//! The catalogue of diagnosis codes: stable names, severities, bases and explanations.

use core::fmt;

/// How serious a diagnosis is. Only errors make a verdict `rejected`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Severity {
    /// Informational: the input works, but something is worth knowing.
    Note,
    /// The input works, but is fragile or unusual.
    Warning,
    /// The API will not authenticate this input.
    Error,
}

impl Severity {
    /// The lowercase name used in every output: `note`, `warning` or `error`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far a diagnosis and its predicted reply can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Basis {
    /// Gcore's own public documentation or OpenAPI specs say so.
    Documented,
    /// The behaviour of the open-source server or client libraries involved.
    Library,
    /// Reasoned from those, never confirmed against the live API.
    Inferred,
    /// An HTTP standard (RFC 9110 or RFC 9112) says so.
    Rfc,
    /// This project's own policy (for example what counts as a leaked secret).
    Policy,
}

impl Basis {
    /// The lowercase name used in every output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Basis::Documented => "documented",
            Basis::Library => "library",
            Basis::Inferred => "inferred",
            Basis::Rfc => "rfc",
            Basis::Policy => "policy",
        }
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reply the Gcore API is predicted to give.
///
/// `Display` prints the exact message text for the three replies that have one ("Bad
/// permanent token: &lt;token as received&gt;" for the echoing reply: a [`crate::Report`] prints the
/// echoed token itself) and a description otherwise.
///
/// ```
/// use gcore_auth::Reply;
/// assert_eq!(Reply::NotProvided.to_string(), "Authentication credentials were not provided.");
/// assert_eq!(Reply::NotProvided.status(), Some(401));
/// assert_eq!(Reply::BadRequest.status(), Some(400));
/// assert_eq!(Reply::Accepted.status(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Reply {
    /// No error reply: the API accepts the header (as far as offline checking can tell).
    Accepted,
    /// 401 "Authentication credentials were not provided."
    NotProvided,
    /// 401 "Bad permanent token: &lt;token as received&gt;"
    BadPermanentToken,
    /// 401 "Given token not valid for any token type"
    NotValidForAnyTokenType,
    /// The HTTP client refuses to send the header: no reply at all.
    NeverSent,
    /// The HTTP front end rejects the malformed header line with 400; the API never sees it.
    BadRequest,
    /// Rejected, but what the API answers is not documented.
    Unknown,
}

impl Reply {
    /// True when the API answers with a message text (then `Display` gives exactly that text).
    pub const fn has_text(self) -> bool {
        matches!(
            self,
            Reply::NotProvided | Reply::BadPermanentToken | Reply::NotValidForAnyTokenType
        )
    }

    /// The HTTP status of the reply, when there is an error reply.
    pub const fn status(self) -> Option<u16> {
        match self {
            Reply::BadRequest => Some(400),
            _ if self.has_text() => Some(401),
            _ => None,
        }
    }
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reply::Accepted => "no error reply (accepted)",
            Reply::NotProvided => "Authentication credentials were not provided.",
            Reply::BadPermanentToken => "Bad permanent token: <token as received>",
            Reply::NotValidForAnyTokenType => "Given token not valid for any token type",
            Reply::NeverSent => "no reply: the HTTP client refuses to send the header",
            Reply::BadRequest => {
                "400 Bad Request from the HTTP front end; the API never sees the header"
            }
            Reply::Unknown => "no prediction: the reply is not documented",
        })
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        /// A diagnosis code. Its [`Code::as_str`] name is stable: never renamed, only added to.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable kebab-case name (the SARIF `ruleId`, what a user types to allow it).
            pub const fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The code with this name, if there is one.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $( $name => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    /// The header line is not `Name: value`.
    HeaderSyntax = "header-syntax",
    /// The header is not `Authorization`.
    HeaderNameWrong = "header-name-wrong",
    /// The value itself starts with `Authorization:`.
    HeaderNameInValue = "header-name-in-value",
    /// An empty or whitespace-only value.
    CredentialsEmpty = "credentials-empty",
    /// A bare token with no scheme.
    SchemeMissing = "scheme-missing",
    /// `Bearer` with something that is not a JWT.
    SchemeBearer = "scheme-bearer",
    /// A scheme the API does not know, or a mangled one.
    SchemeUnknown = "scheme-unknown",
    /// The scheme spelled in another letter case.
    SchemeCase = "scheme-case",
    /// The scheme written twice.
    SchemeRepeated = "scheme-repeated",
    /// Unusual whitespace around the scheme or the value.
    Whitespace = "whitespace",
    /// A control byte in the value.
    ControlCharacter = "control-character",
    /// A non-ASCII character in the value.
    NonAscii = "non-ascii",
    /// Quotes around the value or the token.
    Quoted = "quoted",
    /// A scheme with nothing after it.
    TokenMissing = "token-missing",
    /// A permanent token cut short.
    TokenTruncated = "token-truncated",
    /// A secret of unexpected length.
    TokenSecretLength = "token-secret-length",
    /// A character outside lowercase hex in the secret.
    TokenSecretCharset = "token-secret-charset",
    /// No id, or a non-digit in the id.
    TokenIdInvalid = "token-id-invalid",
    /// The legacy `$` separator.
    TokenLegacySeparator = "token-legacy-separator",
    /// An unexpanded variable reference instead of a token.
    TokenVariable = "token-variable",
    /// A documentation example or placeholder instead of a token.
    TokenPlaceholder = "token-placeholder",
    /// Whitespace inside the token.
    TokenWhitespace = "token-whitespace",
    /// A bare token that already starts with a scheme.
    TokenIncludesScheme = "token-includes-scheme",
    /// A JWT sent with the `APIKey` scheme.
    JwtWithApikey = "jwt-with-apikey",
    /// A `Bearer` JWT that cannot be decoded.
    JwtMalformed = "jwt-malformed",
    /// A JWT whose `token_type` is not `access`.
    JwtWrongType = "jwt-wrong-type",
    /// A JWT whose `exp` has passed.
    JwtExpired = "jwt-expired",
    /// A well-formed access JWT.
    JwtBearer = "jwt-bearer",
    /// A real-looking permanent token written into a file (scanner only).
    HardcodedToken = "hardcoded-token",
    /// A `$`-format token that a shell cuts at the `$` (scanner only).
    ShellExpansion = "shell-expansion",
}

/// The catalogue entry of a code: what `explain` and `rules` print, and SARIF rule text.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Entry {
    /// The code.
    pub code: Code,
    /// The usual severity (`scheme-case` is a note for `APIKey` spellings, an error for `Bearer`).
    pub severity: Severity,
    /// One line: what the code means.
    pub summary: &'static str,
    /// The reply this code predicts (`scheme-case` predicts none for `APIKey` spellings and
    /// 401 "Authentication credentials were not provided." for `bearer`; `quoted` predicts
    /// that reply for a quoted value and "Bad permanent token: …" for a quoted token).
    pub reply: Reply,
    /// The basis of the prediction.
    pub basis: Basis,
    /// Why the API answers what it answers.
    pub why: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    /// The repair [`crate::Diagnostic::fix`] carries, and its applicability; `None` where the
    /// right value is unknown.
    pub autofix: Option<&'static str>,
    /// Where the fact comes from.
    pub source: &'static str,
}

const NOT_PROVIDED: Reply = Reply::NotProvided;
const BAD_TOKEN: Reply = Reply::BadPermanentToken;
const NOT_VALID: Reply = Reply::NotValidForAnyTokenType;
const NO_REPLY: Reply = Reply::Unknown;
const ACCEPTED: Reply = Reply::Accepted;

impl Code {
    /// The scanner-only codes, which the value checks never produce.
    pub const fn is_scanner_only(self) -> bool {
        matches!(self, Code::HardcodedToken | Code::ShellExpansion)
    }

    /// The catalogue entry of this code.
    pub const fn entry(self) -> Entry {
        ENTRIES[self as usize]
    }

    /// The severity, basis and reply of the code's entry, read from the table.
    pub(crate) const fn usual(self) -> (Severity, Basis, Reply) {
        let e = &ENTRIES[self as usize];
        (e.severity, e.basis, e.reply)
    }

    /// The catalogue entry, written out (the table below is built from it once).
    const fn make_entry(self) -> Entry {
        use Basis::*;
        use Severity::*;
        let (severity, summary, reply, basis, why, fix, source) = match self {
            Code::HeaderSyntax => (
                Error,
                "the header line is not `Name: value`",
                Reply::BadRequest,
                Rfc,
                "A header line is a field name, a colon and the value. A line without the colon, with whitespace before the colon, with an empty name or starting with whitespace (an obsolete line folding) is rejected by HTTP front ends before the API sees it.",
                "Write the line as `Authorization: APIKey <id>_<secret>`: the name, a colon right after it, one space, the value.",
                "RFC 9112 §5",
            ),
            Code::HeaderNameWrong => (
                Error,
                "the header is not `Authorization`",
                NOT_PROVIDED,
                Documented,
                "The API reads credentials only from the `Authorization` header (its name is case-insensitive). A misspelled name (`Authorisation`, `Authorizaton`) or another header people try (`X-API-Key`, `Api-Key`, `X-Auth-Token`, `Token`) is ignored, so the request arrives without credentials.",
                "Send the token in `Authorization: APIKey <id>_<secret>`.",
                "Gcore documentation: developer-tools/rest-api/authentication; Django REST Framework rest_framework/authentication.py",
            ),
            Code::HeaderNameInValue => (
                Error,
                "the value itself starts with `Authorization:`",
                NOT_PROVIDED,
                Inferred,
                "The header name was written twice (`-H \"Authorization: Authorization: APIKey …\"`), so the scheme the server sees is `Authorization:`, which no authenticator recognises; the header is ignored.",
                "Remove the repeated `Authorization:` from the value.",
                "Django REST Framework rest_framework/authentication.py (get_authorization_header)",
            ),
            Code::CredentialsEmpty => (
                Error,
                "the value is empty",
                NOT_PROVIDED,
                Inferred,
                "An empty or whitespace-only value carries no scheme and no token; authenticators skip it. The usual cause is a variable that was not set and expanded to nothing.",
                "Set the token variable (for example `GCORE_API_KEY`) and send `Authorization: APIKey $GCORE_API_KEY`.",
                "Django REST Framework rest_framework/authentication.py",
            ),
            Code::SchemeMissing => (
                Error,
                "a bare token with no scheme",
                NOT_PROVIDED,
                Inferred,
                "The API recognises a header only by its scheme word (`APIKey` or `Bearer`). A bare token is ignored, so the request is unauthenticated.",
                "Put `APIKey ` before a permanent token: `Authorization: APIKey <id>_<secret>`.",
                "Django REST Framework rest_framework/authentication.py (TokenAuthentication.keyword)",
            ),
            Code::SchemeBearer => (
                Error,
                "`Bearer` with something that is not a JWT",
                NOT_VALID,
                Documented,
                "`Bearer` is for the short-lived JWT access tokens from `POST /iam/auth/jwt/login`. The JWT authenticator tries to decode whatever follows it; a permanent API token is not a JWT, so it answers \"Given token not valid for any token type\".",
                "Send permanent tokens with `APIKey`: `Authorization: APIKey <id>_<secret>`.",
                "Gcore documentation: developer-tools/rest-api/error-handling; djangorestframework-simplejwt authentication.py",
            ),
            Code::SchemeUnknown => (
                Error,
                "a scheme the API does not know, or a mangled one",
                NOT_PROVIDED,
                Inferred,
                "Only `APIKey` (any letter case) and `Bearer` are recognised. Any other word (`Token`, `Basic`, `JWT`), or `APIKey` glued to punctuation or to the token (`APIKey:`, `APIKey=`, `APIKey29841_…`), matches no authenticator, so the header is ignored.",
                "Write `APIKey`, one space, then the token.",
                "Django REST Framework rest_framework/authentication.py; djangorestframework-simplejwt authentication.py",
            ),
            Code::SchemeCase => (
                Note,
                "the scheme is spelled in another letter case",
                ACCEPTED,
                Documented,
                "The permanent-token keyword is compared case-insensitively, and Gcore's OpenAPI specs themselves write `apikey`, so `apikey` and `APIKEY` work. The JWT authenticator matches `Bearer` exactly: `bearer` is not recognised, and the request falls through as unauthenticated.",
                "Write `APIKey` and `Bearer` exactly so.",
                "Gcore OpenAPI iam_api.yaml securitySchemes.APIKey; djangorestframework-simplejwt authentication.py (AUTH_HEADER_TYPE_BYTES)",
            ),
            Code::SchemeRepeated => (
                Error,
                "the scheme is written twice",
                NO_REPLY,
                Inferred,
                "`APIKey APIKey <token>` has three words: the authenticators split the value on whitespace and expect exactly two. It happens when a variable that already holds `APIKey …` is sent by an SDK that adds the scheme itself.",
                "Keep one scheme word; store only the bare token in the variable.",
                "Django REST Framework rest_framework/authentication.py; gcore-python _client.py",
            ),
            Code::Whitespace => (
                Warning,
                "unusual whitespace around the scheme or the value",
                ACCEPTED,
                Library,
                "The server splits the value on any whitespace, so a tab, several spaces, or leading and trailing whitespace still work; other parsers and proxies may not be as lenient.",
                "Use exactly one space between the scheme and the token, and nothing around them.",
                "Django REST Framework rest_framework/authentication.py (auth.split())",
            ),
            Code::ControlCharacter => (
                Error,
                "a control character in the value",
                Reply::NeverSent,
                Rfc,
                "Header values cannot contain CR, LF, NUL or other control bytes. HTTP clients refuse to send them (Python's http.client and Go's net/http guard against header injection). The usual cause is a token read from a file with its trailing newline.",
                "Strip the line ending and any other control characters from the value (for example `$(tr -d '\\r\\n' < token.txt)`).",
                "RFC 9110 §5.5",
            ),
            Code::NonAscii => (
                Error,
                "a non-ASCII character in the value",
                NO_REPLY,
                Inferred,
                "Tokens are pure ASCII. A pasted zero-width space, byte-order mark, no-break space, soft hyphen, smart quote or dash is invisible or looks right, but clients encode it in incompatible ways (Latin-1 in Python, raw UTF-8 in curl) and the server never matches it.",
                "Delete the character and retype that part of the value by hand.",
                "RFC 9110 §5.5",
            ),
            Code::Quoted => (
                Error,
                "quotes around the value or the token",
                NOT_PROVIDED,
                Inferred,
                "Quotes are not part of the header syntax for these schemes: quotes around the whole value make the scheme `\"APIKey`, which no authenticator knows; quotes around the token become part of the token. They usually come from a config or shell layer that quoted twice.",
                "Remove the quotes from the value itself; quote only at the shell or config level.",
                "RFC 9110 §11",
            ),
            Code::TokenMissing => (
                Error,
                "a scheme with nothing after it",
                NO_REPLY,
                Inferred,
                "The scheme word is there but the token is not: the variable that should follow it was empty or unset.",
                "Put the token after the scheme: `APIKey <id>_<secret>`.",
                "Django REST Framework rest_framework/authentication.py",
            ),
            Code::TokenTruncated => (
                Error,
                "the permanent token is cut short",
                BAD_TOKEN,
                Documented,
                "A permanent token is `<id>_<secret>` (legacy `<id>$<secret>`), with a long hex secret. Only the id, or the id and separator, or a short piece of the secret reached the server. Inside double quotes a shell expands `$c767…` of a legacy token to nothing, leaving the id. A newer revision of Gcore's documentation prints the reply as \"Bad token: …\".",
                "Copy the whole token; in a shell put a `$`-format token in single quotes, or read it from a variable (`\"$GCORE_API_KEY\"`).",
                "Gcore documentation: developer-tools/rest-api/authentication, error-handling",
            ),
            Code::TokenSecretLength => (
                Warning,
                "the secret has an unexpected length",
                ACCEPTED,
                Inferred,
                "Every complete token seen has a 128-character hex secret. The length is not published, so other lengths are only suspicious: the token may have been cut or joined with something.",
                "Compare the token with the one shown when it was created; copy it again if it differs.",
                "Gcore documentation: account-settings/api-tokens",
            ),
            Code::TokenSecretCharset => (
                Error,
                "the secret has a character outside lowercase hex",
                NO_REPLY,
                Inferred,
                "Secrets are lowercase hex. Uppercase letters (a token passed through an upper-casing filter) or other characters (glued punctuation, a second value) mean the server's hash of it will not match.",
                "Use the token exactly as issued, in lowercase, with nothing glued to it.",
                "Gcore documentation: account-settings/api-tokens",
            ),
            Code::TokenIdInvalid => (
                Error,
                "the token id is missing or not a number",
                NO_REPLY,
                Inferred,
                "A permanent token starts with its numeric id and a separator: `29841_…`. Without them the server cannot look the token up.",
                "Use the whole token, starting with its id and `_`.",
                "Gcore documentation: developer-tools/rest-api/authentication",
            ),
            Code::TokenLegacySeparator => (
                Warning,
                "the legacy `$` separator",
                ACCEPTED,
                Documented,
                "`<id>$<secret>` is the deprecated v1 format. Such tokens still authenticate, but every shell, Makefile or template in between may expand `$…` to nothing, and the v1 token endpoints are being removed.",
                "Issue a new token (format `<id>_<secret>`); until then keep this one in single quotes.",
                "Gcore documentation: account-settings/api-tokens",
            ),
            Code::TokenVariable => (
                Error,
                "an unexpanded variable reference instead of a token",
                NO_REPLY,
                Inferred,
                "The literal text of a variable reference (`$GCORE_API_KEY`, `${GCORE_API_KEY}`, `%GCORE_API_KEY%`, `{{GCORE_API_KEY}}`) was sent: nothing expanded it, usually because it sat in single quotes or in a file no tool templates.",
                "Make the variable expand (double quotes in a shell, the right templating syntax) or paste the value.",
                "Django REST Framework rest_framework/authentication.py",
            ),
            Code::TokenPlaceholder => (
                Error,
                "a documentation example or placeholder instead of a token",
                NO_REPLY,
                Inferred,
                "The value is a placeholder (`your-api-key`, `<api-key>`) or an example from the documentation (`29841_c767...`), not a real token.",
                "Create a token in the Gcore Customer Portal (Profile → API Tokens) and use it.",
                "Gcore documentation: account-settings/api-tokens",
            ),
            Code::TokenWhitespace => (
                Error,
                "whitespace inside the token",
                NO_REPLY,
                Library,
                "The server splits the value on whitespace and expects exactly two words, the scheme and the token; with more it gives up (the JWT authenticator answers \"Authorization header must contain two space-delimited values\").",
                "Send one token, without spaces.",
                "Django REST Framework rest_framework/authentication.py; djangorestframework-simplejwt authentication.py",
            ),
            Code::TokenIncludesScheme => (
                Error,
                "a bare token that already starts with a scheme",
                NO_REPLY,
                Inferred,
                "SDKs and tools put `APIKey ` in front of the variable themselves, so a variable holding `APIKey <token>` goes out as `APIKey APIKey <token>`.",
                "Store only the token (`<id>_<secret>`) in the variable.",
                "gcore-python _client.py; gcore-go option/requestoption.go",
            ),
            Code::JwtWithApikey => (
                Error,
                "a JWT sent with the `APIKey` scheme",
                NO_REPLY,
                Inferred,
                "JWT access tokens go with `Bearer`; the permanent-token authenticator cannot look a JWT up.",
                "Send JWTs as `Authorization: Bearer <jwt>`.",
                "Gcore documentation: developer-tools/rest-api/authentication",
            ),
            Code::JwtMalformed => (
                Error,
                "a `Bearer` token that cannot be decoded as a JWT",
                NOT_VALID,
                Library,
                "A JWT is three base64url parts, the first two JSON objects; the payload must carry `token_type` and `exp`. The JWT authenticator rejects anything else.",
                "Log in again (`POST /iam/auth/jwt/login`) and send the `access` token whole.",
                "djangorestframework-simplejwt tokens.py",
            ),
            Code::JwtWrongType => (
                Error,
                "the JWT is not an access token",
                NOT_VALID,
                Library,
                "Only tokens whose `token_type` is `access` authenticate requests; a `refresh` token is for getting new access tokens.",
                "Send the `access` token, or exchange the refresh token for one (`POST /iam/auth/jwt/refresh`).",
                "djangorestframework-simplejwt tokens.py (AccessToken.token_type)",
            ),
            Code::JwtExpired => (
                Error,
                "the JWT has expired",
                NOT_VALID,
                Library,
                "Access tokens live one hour, refresh tokens 24 hours; after `exp` the JWT authenticator rejects them.",
                "Refresh the access token or log in again.",
                "Gcore documentation: developer-tools/rest-api/authentication; djangorestframework-simplejwt tokens.py",
            ),
            Code::JwtBearer => (
                Note,
                "a well-formed access JWT",
                ACCEPTED,
                Documented,
                "The token is a JWT access token sent with `Bearer`, as the API expects. Its signature and revocation can only be checked by the API; access tokens live one hour.",
                "Nothing to fix; refresh it before it expires.",
                "Gcore documentation: developer-tools/rest-api/authentication",
            ),
            Code::HardcodedToken => (
                Error,
                "a real-looking permanent token written into a file",
                NO_REPLY,
                Policy,
                "A permanent token gives full API access until it expires or is deleted. Written into a file it leaks to everyone who can read the repository, its history, its forks and its CI logs.",
                "Delete the token in the Customer Portal (it is compromised), issue a new one, and read it from an environment variable such as `GCORE_API_KEY`.",
                "Gcore documentation: account-settings/api-tokens",
            ),
            Code::ShellExpansion => (
                Error,
                "a `$`-format token that a shell cuts at the `$`",
                BAD_TOKEN,
                Documented,
                "In double quotes or unquoted, a shell reads `$c767…` in `29841$c767…` as a variable and expands it to nothing: the server receives only the id, and answers \"Bad permanent token: 29841\".",
                "Put the token in single quotes, or in a variable expanded as `\"$GCORE_API_KEY\"`, or issue a new `_`-format token.",
                "Gcore documentation: developer-tools/rest-api/authentication",
            ),
        };
        Entry {
            code: self,
            severity,
            summary,
            reply,
            basis,
            why,
            fix,
            autofix: self.autofix(),
            source,
        }
    }

    /// Which fix the code's diagnoses carry (written out for `explain`).
    const fn autofix(self) -> Option<&'static str> {
        Some(match self {
            Code::HeaderSyntax => {
                "machine-applicable: remove whitespace before the name or before the colon, and put a colon after a name that has none; none for an empty name"
            }
            Code::HeaderNameWrong => {
                "machine-applicable for a misspelling: rename the header `Authorization`; maybe-incorrect for another header people try (`X-API-Key`); none for any other name"
            }
            Code::HeaderNameInValue => "machine-applicable: remove the repeated `Authorization:`",
            Code::SchemeMissing => {
                "machine-applicable before a permanent token: insert `APIKey `; none before anything else"
            }
            Code::SchemeBearer => {
                "machine-applicable with a permanent token: replace `Bearer` with `APIKey` (remove it in `Bearer APIKey …`); maybe-incorrect when the token is a variable or a placeholder named for a permanent token; none otherwise"
            }
            Code::SchemeUnknown => {
                "machine-applicable for a near miss of `APIKey` (`APIKye`, `API-Key`, `APIKey:`, `APIKey=…`, `APIKey29841_…`): write `APIKey` and one space; maybe-incorrect for another scheme before a permanent token (`Token 29841_…`): write `APIKey`"
            }
            Code::SchemeCase => {
                "machine-applicable for `Bearer` spellings: write `Bearer`; none for `APIKey` spellings, which work"
            }
            Code::SchemeRepeated => "machine-applicable: remove the repeated scheme word",
            Code::Whitespace => {
                "machine-applicable: remove leading and trailing whitespace, and use one space between the scheme and the token"
            }
            Code::ControlCharacter => {
                "machine-applicable: remove the character; none for a line break inside the value, which leaves unknown which part was meant"
            }
            Code::NonAscii => {
                "machine-applicable for an invisible character (removed) or a look-alike space (a plain space); none for any other, whose right character is unknown"
            }
            Code::Quoted => "machine-applicable: remove the quotes",
            Code::TokenIncludesScheme => {
                "machine-applicable: remove the scheme word and keep the bare token"
            }
            Code::JwtWithApikey => {
                "maybe-incorrect, when the JWT reads as an access token that has not expired: replace `APIKey` with `Bearer`"
            }
            Code::ShellExpansion => {
                "machine-applicable: in double quotes write the `$` as `\\$`; unquoted, put the token in single quotes"
            }
            // The right value is unknown, or only a new token would do: a fix never changes
            // a byte of a secret.
            _ => return None,
        })
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Code {
    /// A code serializes as its stable name.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Code {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.as_str())
    }
}

/// Every code's entry, in catalogue order (`Code::ALL` lists the codes in declaration order).
const ENTRIES: [Entry; Code::ALL.len()] = {
    let mut table = [Code::HeaderSyntax.make_entry(); Code::ALL.len()];
    let mut i = 0;
    while i < table.len() {
        table[i] = Code::ALL[i].make_entry();
        i += 1;
    }
    table
};

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table is indexed by the code's discriminant: each entry is its own code's.
    #[test]
    fn each_entry_is_its_own_codes() {
        for (i, &code) in Code::ALL.iter().enumerate() {
            assert_eq!(code as usize, i);
            assert_eq!(code.entry().code, code);
            let e = code.make_entry();
            assert_eq!(code.usual(), (e.severity, e.basis, e.reply));
        }
    }
}
