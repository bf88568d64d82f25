//! The fast path: one table-driven pass over the shapes most values have, building their
//! report directly. It takes the canonical well-formed value `APIKey <digits>_<lowercase hex>`
//! (any letter case of `APIKey`, `_` or `$`), the same token after `Bearer` or after another
//! scheme people use, and `APIKey` with only an id, a variable reference or a placeholder
//! after it, and the empty value. Anything else is left to the diagnosis pass.
//!
//! Every report built here equals the diagnosis pass's report for the same input, field by
//! field (property tests below), so the fast path changes how soon the answer comes, never
//! what it is.

use crate::Policy;
use crate::class::{self, DIGIT};
use crate::code::{Basis, Code, Severity};
use crate::detail::{Detail, Near};
use crate::parse::{legacy_dollar, placeholder, variable};
use crate::redact::{Redacted, TokenEcho};
use crate::report::{Credential, InputKind, PermanentToken, Report, Separator, ServerReply, Span};

/// The secret length below which a value could still be a documentation example
/// (`1234_abcdef`), whatever the policy's truncation threshold.
const MIN_FAST_SECRET: usize = 32;

/// The longest word after `APIKey ` that [`short`] reads.
const SHORT_MAX: usize = 64;

/// Scheme words people send instead of `APIKey`, with the scheme the diagnosis pass makes of
/// them ([`crate::parse::scheme_of`] gives `Unknown { near, known: true }` for each, in any
/// letter case; a test holds this table to it).
const OTHER_SCHEMES: &[(&[u8], Near)] = &[
    (b"token", Near::None),
    (b"basic", Near::None),
    (b"digest", Near::None),
    (b"jwt", Near::None),
    (b"key", Near::ApiKey),
    (b"apitoken", Near::ApiKey),
    (b"oauth", Near::None),
    (b"hmac", Near::None),
    (b"negotiate", Near::None),
    (b"gcore", Near::None),
];

/// The scheme word of a value the fast path takes.
#[derive(Clone, Copy)]
enum Lead {
    ApiKey { exact: bool },
    Bearer { exact: bool },
    Other(Near),
}

fn lead(w: &[u8]) -> Option<Lead> {
    if w.len() == 6 {
        if w == b"APIKey" {
            return Some(Lead::ApiKey { exact: true });
        }
        if w.eq_ignore_ascii_case(b"apikey") {
            return Some(Lead::ApiKey { exact: false });
        }
        if w.eq_ignore_ascii_case(b"bearer") {
            return Some(Lead::Bearer {
                exact: w == b"Bearer",
            });
        }
    }
    OTHER_SCHEMES
        .iter()
        .find(|(name, _)| w.eq_ignore_ascii_case(name))
        .map(|&(_, near)| Lead::Other(near))
}

/// Where the parts of a canonical token are (offsets into the token).
struct Canonical {
    id_len: usize,
    dollar: bool,
}

/// `<1 to 20 digits><_ or $><lowercase hex, long enough not to be truncated>`, to the end.
#[inline]
fn canonical(policy: &Policy, t: &[u8]) -> Option<Canonical> {
    let id_len = class::run(t, DIGIT);
    if id_len == 0 || id_len > 20 {
        return None;
    }
    let (&sep, secret) = t[id_len..].split_first()?;
    if sep != b'_' && sep != b'$' {
        return None;
    }
    let min = policy.truncation_threshold_len().max(MIN_FAST_SECRET);
    if secret.len() >= min && class::lhex_run(secret) == secret.len() {
        Some(Canonical {
            id_len,
            dollar: sep == b'$',
        })
    } else {
        None
    }
}

/// `Some(true)` when the value is certainly accepted; `None` when the diagnosis pass must say.
#[inline]
pub(crate) fn classify(policy: &Policy, v: &[u8]) -> Option<bool> {
    let (scheme, token) = v.split_at_checked(7)?;
    if !scheme[..6].eq_ignore_ascii_case(b"apikey") || scheme[6] != b' ' {
        return None;
    }
    canonical(policy, token).map(|_| true)
}

/// What follows `APIKey ` when it is not a canonical token.
enum Short {
    IdOnly,
    Variable { braced_placeholder: bool },
    Placeholder,
}

/// Fills the empty `report` of a value of a shape the fast path takes (or of
/// `Authorization: ` and such a value, for a line); false, with the report left empty, for
/// anything else.
#[inline(never)]
pub(crate) fn fill(policy: &Policy, report: &mut Report<'_>) -> bool {
    fill_in(policy, report).is_some()
}

#[inline(always)]
fn fill_in<'a>(policy: &Policy, report: &mut Report<'a>) -> Option<()> {
    const NAME: &[u8] = b"authorization: ";
    let input = report.input;
    let at = match report.kind {
        InputKind::Line
            if input.len() > NAME.len() && input[..NAME.len()].eq_ignore_ascii_case(NAME) =>
        {
            NAME.len()
        }
        InputKind::Value => 0,
        _ => return None,
    };
    let value = &input[at..];
    if value.is_empty() {
        report.push_code(Code::CredentialsEmpty, Span::new(at, at), Detail::Empty);
        return Some(());
    }
    let w = value.iter().position(|b| !b.is_ascii_alphabetic())?;
    if value[w] != b' ' {
        return None;
    }
    let scheme = &value[..w];
    let lead = lead(scheme)?;
    let scheme_span = Span::new(at, at + w);
    let t = at + w + 1;
    let token = &input[t..];
    let token_span = Span::new(t, input.len());
    if let Some(c) = canonical(policy, token) {
        match lead {
            Lead::ApiKey { exact } => {
                if !exact {
                    report.push_code(Code::SchemeCase, scheme_span, Detail::ApiKeyCase(scheme));
                }
            }
            Lead::Bearer { exact } => {
                if !exact {
                    report.push_with(
                        Code::SchemeCase,
                        (Severity::Error, Basis::Inferred),
                        ServerReply::NotProvided,
                        scheme_span,
                        Detail::BearerCase(scheme),
                    );
                }
                report.push_code(Code::SchemeBearer, token_span, Detail::BearerPermanent);
            }
            Lead::Other(near) => report.push_code(
                Code::SchemeUnknown,
                scheme_span,
                Detail::UnknownScheme { word: scheme, near },
            ),
        }
        canonical_token(policy, report, t, c);
        return Some(());
    }
    // From here on only `APIKey` and one short word of printable ASCII, unquoted: an id
    // alone, a variable reference or a placeholder.
    let Lead::ApiKey { exact } = lead else {
        return None;
    };
    let short = short(token)?;
    if !exact {
        report.push_code(Code::SchemeCase, scheme_span, Detail::ApiKeyCase(scheme));
    }
    match short {
        Short::IdOnly => {
            report.credential = Some(Credential::Permanent(PermanentToken {
                id: core::str::from_utf8(token).unwrap_or(""),
                separator: None,
                secret: Redacted::new(&[]),
                span: token_span,
            }));
            report.push_with(
                Code::TokenTruncated,
                (Severity::Error, Basis::Documented),
                ServerReply::BadPermanentToken(TokenEcho::new(token, None)),
                token_span,
                Detail::IdOnly,
            );
        }
        Short::Variable { braced_placeholder } => {
            report.push_code(Code::TokenVariable, token_span, Detail::Variable(token));
            if braced_placeholder {
                report.push_code(
                    Code::TokenPlaceholder,
                    token_span,
                    Detail::Placeholder(token),
                );
            }
        }
        Short::Placeholder => {
            if let Some(at) = legacy_dollar(token) {
                let at = token_span.start + at;
                report.push_code(
                    Code::TokenLegacySeparator,
                    Span::new(at, at + 1),
                    Detail::LegacySeparator,
                );
            }
            report.push_code(
                Code::TokenPlaceholder,
                token_span,
                Detail::Placeholder(token),
            );
        }
    }
    Some(())
}

/// What a word after `APIKey ` that is not a canonical token is, when the fast path can say.
fn short(token: &[u8]) -> Option<Short> {
    // Ids, variable names and placeholders are short; a long word is left to the diagnosis
    // pass without reading it twice.
    if token.len() > SHORT_MAX {
        return None;
    }
    let (&first, _) = token.split_first()?;
    let last = token[token.len() - 1];
    if class::printable_run(token) != token.len()
        || class::find_ws(token) != token.len()
        || matches!(first, b'"' | b'\'')
        || matches!(last, b'"' | b'\'')
        // `APIKey APIKey`: a repeated scheme.
        || token.eq_ignore_ascii_case(b"apikey")
        || token.eq_ignore_ascii_case(b"bearer")
    {
        return None;
    }
    if class::run(token, DIGIT) == token.len() {
        // Digits are neither a variable reference nor a placeholder: the id alone.
        Some(Short::IdOnly)
    } else if let Some(var) = variable(token) {
        Some(Short::Variable {
            braced_placeholder: var.braced_placeholder,
        })
    } else if placeholder(token) {
        Some(Short::Placeholder)
    } else {
        None
    }
}

/// What a canonical token starting at `t` adds to a report: the legacy-separator and
/// secret-length warnings, the secret's span and the credential.
fn canonical_token<'a>(policy: &Policy, report: &mut Report<'a>, t: usize, c: Canonical) {
    let input = report.input;
    let sep_at = t + c.id_len;
    let secret = Span::new(sep_at + 1, input.len());
    if c.dollar {
        report.push_code(
            Code::TokenLegacySeparator,
            Span::new(sep_at, sep_at + 1),
            Detail::LegacySeparator,
        );
    }
    let len = secret.len();
    let expected = policy.expected_secret_length();
    if len != expected {
        report.push_code(
            Code::TokenSecretLength,
            secret,
            Detail::SecretLength { len, expected },
        );
    }
    report.secret = Some(secret);
    report.credential = Some(Credential::Permanent(PermanentToken {
        // The id is ASCII digits.
        id: core::str::from_utf8(&input[t..sep_at]).unwrap_or(""),
        separator: Some(if c.dollar {
            Separator::Dollar
        } else {
            Separator::Underscore
        }),
        secret: Redacted::new(&input[secret.start..]),
        span: Span::new(t, input.len()),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Scheme, diagnosis_pass, scheme_of};
    use proptest::prelude::*;
    use std::format;
    use std::string::{String, ToString};
    use std::vec::Vec;

    /// Everything a report says, as text.
    fn summary(r: &Report<'_>) -> String {
        let diags: Vec<String> = r
            .diagnostics()
            .iter()
            .map(|d| format!("{d:?} {} {:?} {}", d.help(), d.reply(), d.basis()))
            .collect();
        format!(
            "{:?} {:?} {:?} {:?} {:?} {} {:?}\n{r}",
            r.input_kind(),
            r.verdict(),
            r.credential(),
            r.secret_span(),
            r.server_reply(),
            r.dropped(),
            diags
        )
    }

    /// The fast path's report, when it takes the input.
    fn report<'a>(policy: &Policy, input: &'a [u8], kind: InputKind) -> Option<Report<'a>> {
        let mut r = Report::new(input, kind);
        if fill(policy, &mut r) {
            Some(r)
        } else {
            assert!(r.diagnostics().is_empty() && r.credential().is_none());
            None
        }
    }

    /// The fast report of `input`, after checking it equals the diagnosis pass's.
    fn fast_equals_slow<'a>(policy: &Policy, input: &'a str, line: bool) -> Option<Report<'a>> {
        let kind = if line {
            InputKind::Line
        } else {
            InputKind::Value
        };
        let b = input.as_bytes();
        let fast = report(policy, b, kind)?;
        let slow = diagnosis_pass(policy, b, kind);
        assert_eq!(summary(&fast), summary(&slow), "{input:?}");
        Some(fast)
    }

    fn scheme() -> impl Strategy<Value = String> {
        prop_oneof![
            "(APIKey|apikey|APIKEY|ApiKey|aPIkEY|Bearer|bearer|BEARER)",
            "(Token|token|Basic|BASIC|Digest|JWT|Key|ApiToken|OAuth|HMAC|Negotiate|Gcore)",
            "(APIKe|Bearr|Authorization|Scheme|[a-zA-Z]{1,10})",
        ]
        .prop_map(String::from)
    }

    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            // Canonical, and near misses of it.
            ("[0-9]{1,22}", "(_|\\$|-)", "[0-9a-f]{0,140}")
                .prop_map(|(id, sep, secret)| format!("{id}{sep}{secret}")),
            ("[0-9]{1,5}_[0-9a-f]{30,40}", "[A-Zg.x*]").prop_map(|(t, c)| format!("{t}{c}")),
            // An id alone, variables, placeholders.
            "[0-9]{1,25}",
            "(\\$[A-Z_]{1,16}|\\$\\{[A-Za-z_]{1,12}\\}|%[A-Z_]{1,8}%|\\$env:[A-Z_]{1,8}|\\{\\{[a-z]{1,8}\\}\\})",
            "(\\{your_api_key\\}|\\{API_KEY\\}|\\$[0-9a-f]{16,20}|<token>|\\[key\\]|YOUR_API_KEY)",
            "([0-9]{1,5}_[0-9a-f]{1,8}(\\.\\.\\.|…|xxxx|\\*\\*\\*\\*)|1234_abcdef|changeme|REDACTED)",
            // What the fast path must leave alone.
            "(apikey|Bearer|APIKey 1_|eyJhbGciOi\\.e30\\.|\"1_2\"|'7_abc|[ -~]{0,12}|[\t \u{a0}\u{200b}\n])",
        ]
        .prop_map(String::from)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn fast_report_equals_the_diagnosis_pass(
            scheme in scheme(),
            gap in prop_oneof![8 => Just(" "), 1 => Just("  "), 1 => Just("\t"), 1 => Just("")],
            token in token(),
            line in any::<bool>(),
            name in "(Authorization|authorization|AUTHORIZATION)",
            expected in prop_oneof![Just(128usize), 0usize..200],
            threshold in prop_oneof![Just(32usize), 0usize..200],
        ) {
            let policy = Policy::new().expected_secret_len(expected).truncation_threshold(threshold);
            let value = format!("{scheme}{gap}{token}");
            let input = if line { format!("{name}: {value}") } else { value };
            let fast = fast_equals_slow(&policy, &input, line);
            if !line {
                let accepted = classify(&policy, input.as_bytes());
                prop_assert!(accepted.is_none() || fast.as_ref().is_some_and(|r| r.is_accepted()));
            }
        }
    }

    #[test]
    fn other_schemes_are_what_the_diagnosis_pass_makes_of_them() {
        for &(name, near) in OTHER_SCHEMES {
            let lower = core::str::from_utf8(name).unwrap().to_string();
            let mut capital = lower.clone();
            capital[..1].make_ascii_uppercase();
            for w in [lower.clone(), capital, lower.to_ascii_uppercase()] {
                assert_eq!(
                    scheme_of(w.as_bytes()),
                    Scheme::Unknown { near, known: true },
                    "{w}"
                );
            }
        }
    }

    #[test]
    fn every_lane_is_taken() {
        let policy = Policy::DEFAULT;
        let secret = "0123456789abcdef".repeat(8);
        let codes = |input: &str, line: bool| -> Vec<&'static str> {
            let r = fast_equals_slow(&policy, input, line)
                .unwrap_or_else(|| panic!("{input:?} takes the fast path"));
            r.diagnostics().iter().map(|d| d.code().as_str()).collect()
        };
        assert!(codes(&format!("APIKey 29841_{secret}"), false).is_empty());
        assert_eq!(
            codes(&format!("authorization: apikey 7${secret}"), true),
            ["scheme-case", "token-legacy-separator"]
        );
        assert_eq!(
            codes(&format!("Bearer 29841_{secret}"), false),
            ["scheme-bearer"]
        );
        assert_eq!(
            codes(&format!("bearer 29841${secret}"), false),
            ["scheme-case", "scheme-bearer", "token-legacy-separator"]
        );
        assert_eq!(
            codes(&format!("Token 29841_{}", &secret[..100]), false),
            ["scheme-unknown", "token-secret-length"]
        );
        assert_eq!(codes("APIKey 29841", false), ["token-truncated"]);
        assert_eq!(
            codes("Authorization: APIKEY 29841", true),
            ["scheme-case", "token-truncated"]
        );
        assert_eq!(codes("APIKey $GCORE_API_KEY", false), ["token-variable"]);
        assert_eq!(
            codes("APIKey {your_api_key}", false),
            ["token-variable", "token-placeholder"]
        );
        assert_eq!(codes("APIKey 29841_c767...", false), ["token-placeholder"]);
        assert_eq!(codes("", false), ["credentials-empty"]);
    }

    #[test]
    fn other_shapes_go_to_the_diagnosis_pass() {
        let secret = "0123456789abcdef".repeat(8);
        for other in [
            format!("APIKey  1_{secret}"),
            format!("APIKey 1_{secret} "),
            format!(" APIKey 1_{secret}"),
            format!("APIKey 1_xyz{secret}"),
            "Bearer $GCORE_API_KEY".to_string(),
            format!("Bearer eyJhbGciOiJIUzI1NiJ9.e30.{secret}"),
            format!("Scheme 1_{secret}"),
            "APIKey".to_string(),
            "APIKey apikey".to_string(),
            "APIKey 1_abc".to_string(),
            format!("APIKey '1_{secret}'"),
            format!("APIKey\u{200b} 1_{secret}"),
        ] {
            assert!(
                report(&Policy::DEFAULT, other.as_bytes(), InputKind::Value).is_none(),
                "{other:?}"
            );
        }
        let v = format!("APIKey 29841_{secret}");
        assert!(report(&Policy::DEFAULT, v.as_bytes(), InputKind::Token).is_none());
    }
}
