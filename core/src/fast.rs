//! The fast path: one table-driven pass that recognises the canonical well-formed value
//! `APIKey <digits>_<lowercase hex>` (any letter case of `APIKey`, `_` or `$`). Anything else
//! is left to the diagnosis pass, so the answer always equals `check(value).is_accepted()`.
//!
//! For such a value the report is built here directly (the notes and warnings it can carry
//! are few and fixed); tests check that it equals the diagnosis pass's report, field by field.

use crate::Policy;
use crate::class::{self, DIGIT};
use crate::code::Code;
use crate::detail::Detail;
use crate::redact::Redacted;
use crate::report::{Credential, InputKind, PermanentToken, Report, Separator, Span};

/// The secret length below which a value could still be a documentation example
/// (`1234_abcdef`), whatever the policy's truncation threshold.
const MIN_FAST_SECRET: usize = 32;

/// Where the parts of a canonical value are (offsets into the value).
struct Canonical {
    id_end: usize,
    dollar: bool,
}

#[inline]
fn canonical(policy: &Policy, v: &[u8]) -> Option<Canonical> {
    let (scheme, rest) = v.split_at_checked(7)?;
    if !scheme[..6].eq_ignore_ascii_case(b"apikey") || scheme[6] != b' ' {
        return None;
    }
    let id = class::run(rest, DIGIT);
    if id == 0 || id > 20 {
        return None;
    }
    let (&sep, secret) = rest[id..].split_first()?;
    if sep != b'_' && sep != b'$' {
        return None;
    }
    let min = policy.truncation_threshold_len().max(MIN_FAST_SECRET);
    if secret.len() >= min && class::lhex_run(secret) == secret.len() {
        Some(Canonical {
            id_end: 7 + id,
            dollar: sep == b'$',
        })
    } else {
        None
    }
}

/// `Some(true)` when the value is certainly accepted; `None` when the diagnosis pass must say.
#[inline]
pub(crate) fn classify(policy: &Policy, v: &[u8]) -> Option<bool> {
    canonical(policy, v).map(|_| true)
}

/// The report of a canonical value (or of `Authorization: ` and a canonical value, for a
/// line), or `None` for anything else.
#[inline]
pub(crate) fn report<'a>(policy: &Policy, input: &'a [u8], kind: InputKind) -> Option<Report<'a>> {
    const NAME: &[u8] = b"authorization: ";
    let at = match kind {
        InputKind::Line
            if input.len() > NAME.len() && input[..NAME.len()].eq_ignore_ascii_case(NAME) =>
        {
            NAME.len()
        }
        InputKind::Value => 0,
        _ => return None,
    };
    let value = &input[at..];
    let c = canonical(policy, value)?;
    let mut report = Report::new(input, kind);
    if &value[..6] != b"APIKey" {
        report.push_code(
            Code::SchemeCase,
            Span::new(at, at + 6),
            Detail::ApiKeyCase(&value[..6]),
        );
    }
    let sep_at = at + c.id_end;
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
        id: core::str::from_utf8(&input[at + 7..sep_at]).unwrap_or(""),
        separator: Some(if c.dollar {
            Separator::Dollar
        } else {
            Separator::Underscore
        }),
        secret: Redacted::new(&input[secret.start..]),
        span: Span::new(at + 7, input.len()),
    }));
    Some(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{diagnose_line, diagnose_value};
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

    proptest! {
        #[test]
        fn fast_report_equals_the_diagnosis_pass(
            scheme in "(APIKey|apikey|APIKEY|ApiKey|aPIkEY)",
            id in "[0-9]{1,20}",
            sep in "(_|\\$)",
            secret in "[0-9a-f]{0,200}",
            line in any::<bool>(),
            name in "(Authorization|authorization|AUTHORIZATION)",
            expected in prop_oneof![Just(128usize), 0usize..200],
            threshold in prop_oneof![Just(32usize), 0usize..200],
        ) {
            let policy = Policy::new().expected_secret_len(expected).truncation_threshold(threshold);
            let value = format!("{scheme} {id}{sep}{secret}");
            let input = if line { format!("{name}: {value}") } else { value };
            let kind = if line { InputKind::Line } else { InputKind::Value };
            let slow = if line { diagnose_line(&policy, input.as_bytes()) } else { diagnose_value(&policy, input.as_bytes()) };
            let fast = report(&policy, input.as_bytes(), kind);
            if let Some(fast) = &fast {
                prop_assert!(slow.is_accepted());
                prop_assert_eq!(summary(fast), summary(&slow));
            }
            if !line {
                prop_assert_eq!(classify(&policy, input.as_bytes()).is_some(), fast.is_some());
            }
        }
    }

    #[test]
    fn canonical_values_take_the_fast_path() {
        let secret = "0123456789abcdef".repeat(8);
        let v = format!("APIKey 29841_{secret}");
        assert!(report(&Policy::DEFAULT, v.as_bytes(), InputKind::Value).is_some());
        let l = format!("authorization: apikey 7${secret}");
        let r = report(&Policy::DEFAULT, l.as_bytes(), InputKind::Line).unwrap();
        let codes: Vec<_> = r.diagnostics().iter().map(|d| d.code().as_str()).collect();
        assert_eq!(codes, ["scheme-case", "token-legacy-separator"]);
        assert_eq!(
            r.to_string(),
            diagnose_line(&Policy::DEFAULT, l.as_bytes()).to_string()
        );
        for other in ["APIKey  1_", "Bearer 1_", "APIKey 1_xyz"] {
            let v = format!("{other}{secret}");
            assert!(
                report(&Policy::DEFAULT, v.as_bytes(), InputKind::Value).is_none(),
                "{other}"
            );
        }
        assert!(report(&Policy::DEFAULT, v.as_bytes(), InputKind::Token).is_none());
    }
}
