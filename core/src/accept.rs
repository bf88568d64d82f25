//! The accept classifier behind [`crate::is_accepted`]: tables and SWAR, no report. It
//! answers at once for the shapes whose answer is certain from their bytes alone (the
//! well-formed value, and the commonest mistakes: a control or non-ASCII character, an empty
//! value, a scheme other than ours, `bearer` in another case, `Bearer` before a permanent
//! token, an id alone, a short or non-hex secret, a variable reference) and defers every other
//! input to the diagnosis pass. A property test below and a fuzz target hold its answers to
//! the diagnosis pass's.

use crate::class::{self, DIGIT};
use crate::grammar::token;
use crate::grammar::token::MIN_EXAMPLE_FREE;
use crate::lexicon::BEARER;
use crate::policy::Policy;

/// `Some(answer)` when the value's bytes decide whether the API accepts it; `None` when the
/// diagnosis pass must say.
#[inline]
pub(crate) fn classify(policy: &Policy, v: &[u8]) -> Option<bool> {
    if v.is_empty() {
        // credentials-empty
        return Some(false);
    }
    // A control or non-ASCII character is an error wherever it is.
    let mut i = 0;
    loop {
        i += class::printable_run(&v[i..]);
        match v.get(i) {
            None => break,
            Some(b'\t') => i += 1,
            Some(_) => return Some(false),
        }
    }
    let w = v
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(v.len());
    if w == 0 {
        // A digit first: a token with no scheme (scheme-missing).
        return v[0].is_ascii_digit().then_some(false);
    }
    if w == v.len() {
        // One word: a scheme with no token, or a word that is no scheme.
        return Some(false);
    }
    if v[w] != b' ' {
        return None;
    }
    let (scheme, token) = (&v[..w], &v[w + 1..]);
    if scheme.eq_ignore_ascii_case(b"apikey") {
        apikey_token(policy, token)
    } else if scheme.eq_ignore_ascii_case(BEARER) {
        // `bearer` in another case is ignored by the API; `Bearer` before a permanent token
        // (a digit first: no JWT starts so) is refused.
        (scheme != BEARER || token.first().is_some_and(u8::is_ascii_digit)).then_some(false)
    } else {
        // Any other word of letters first is no scheme of ours (scheme-unknown or -missing).
        Some(false)
    }
}

/// What follows `APIKey `, when its first bytes decide.
#[inline]
fn apikey_token(policy: &Policy, t: &[u8]) -> Option<bool> {
    let min = policy.truncation_threshold();
    if token::well_formed(t, min.max(MIN_EXAMPLE_FREE)).is_some() {
        return Some(true);
    }
    match t.first()? {
        // A variable reference, or a token with no id: token-variable or token-id-invalid.
        b'$' | b'_' => Some(false),
        b'0'..=b'9' => {
            let id = class::run(t, DIGIT);
            let Some(&sep) = t.get(id) else {
                // token-truncated: the id alone.
                return Some(false);
            };
            if sep != b'_' && sep != b'$' {
                // token-id-invalid, token-whitespace or the id alone before spaces.
                return Some(false);
            }
            let secret = &t[id + 1..];
            let hex = class::lhex_run(secret);
            match secret.get(hex) {
                // Whitespace after the token: a warning or an error, the pass says.
                Some(b' ' | b'\t') => None,
                // token-secret-charset (or a placeholder, or a quote).
                Some(_) => Some(false),
                // token-truncated (or a documentation example).
                None if secret.len() < min => Some(false),
                None => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::format;
    use std::string::String;

    fn scheme() -> impl Strategy<Value = String> {
        prop_oneof![
            "(APIKey|apikey|APIKEY|ApiKey|aPIkEY|Bearer|bearer|BEARER)",
            "(Token|token|Basic|Key|APIKe|Bearr|[a-zA-Z]{1,10})",
        ]
        .prop_map(String::from)
    }

    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            // Canonical, and near misses of it.
            ("[0-9]{0,22}", "(_|\\$|-)", "[0-9a-f]{0,140}")
                .prop_map(|(id, sep, secret)| format!("{id}{sep}{secret}")),
            ("[0-9]{1,5}_[0-9a-f]{30,40}", "[A-Zg.x* \t\n\u{a0}\u{200b}]")
                .prop_map(|(t, c)| format!("{t}{c}")),
            "[0-9]{1,25}",
            "(\\$[A-Z_]{1,16}|\\{your_api_key\\}|1234_abcdef|[ -~]{0,12})",
        ]
        .prop_map(String::from)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// The classifier only ever says "accepted" when the diagnosis pass does.
        #[test]
        fn the_classifier_agrees_with_the_diagnosis_pass(
            scheme in scheme(),
            gap in prop_oneof![8 => Just(" "), 1 => Just("  "), 1 => Just("\t"), 1 => Just("")],
            token in token(),
            threshold in prop_oneof![Just(32usize), 0usize..200],
        ) {
            let policy = Policy::new().with_truncation_threshold(threshold);
            let value = format!("{scheme}{gap}{token}");
            let v = value.as_bytes();
            if let Some(answer) = classify(&policy, v) {
                prop_assert_eq!(answer, policy.check(v).is_accepted(), "{:?}", value);
            }
            prop_assert_eq!(policy.is_accepted(v), policy.check(v).is_accepted(), "{:?}", value);
        }
    }

    #[test]
    fn answers_for_the_shapes_it_knows_and_defers_the_rest() {
        let secret = "0123456789abcdef".repeat(8);
        let p = Policy::DEFAULT;
        let cases: &[(String, Option<bool>)] = &[
            (format!("APIKey 29841_{secret}"), Some(true)),
            (format!("apikey 7${secret}"), Some(true)),
            (
                format!("APIKEY 123456789012345678901234_{}", &secret[..32]),
                Some(true),
            ),
            (format!("Bearer 29841_{secret}"), Some(false)),
            (format!("bearer eyJhbGciOi.e30.{secret}"), Some(false)),
            (format!("Bearer eyJhbGciOi.e30.{secret}"), None),
            (format!("APIKey  1_{secret}"), None),
            (format!("APIKey 1_{secret} "), None),
            (format!("APIKey 1_{secret}\n"), Some(false)),
            (format!("APIKey\u{200b} 1_{secret}"), Some(false)),
            (format!("APIKey 1_{}", &secret[..31]), Some(false)),
            (format!("APIKey 1_{}", &secret[..10]), Some(false)),
            (format!("APIKey _{secret}"), Some(false)),
            (format!("APIKey 1-{secret}"), Some(false)),
            (format!("APIKey 1_{secret}A"), Some(false)),
            ("APIKey 29841_c767...".into(), Some(false)),
            ("APIKey $GCORE_API_KEY".into(), Some(false)),
            ("APIKey {your_api_key}".into(), None),
            (format!("Token 29841_{secret}"), Some(false)),
            (format!("Authorization: APIKey 1_{secret}"), None),
            (format!("29841_{secret}"), Some(false)),
            (format!("'APIKey 1_{secret}'"), None),
            ("APIKey 29841".into(), Some(false)),
            ("APIKey".into(), Some(false)),
            (String::new(), Some(false)),
        ];
        for (value, answer) in cases {
            assert_eq!(classify(&p, value.as_bytes()), *answer, "{value:?}");
            if let Some(answer) = answer {
                assert_eq!(
                    p.check(value.as_bytes()).is_accepted(),
                    *answer,
                    "{value:?}"
                );
            }
        }
        // The policy's threshold raises the bar for "accepted", never lowers it below 32.
        let short = format!("APIKey 1_{}", &secret[..40]);
        assert_eq!(
            classify(&p.with_truncation_threshold(64), short.as_bytes()),
            Some(false)
        );
        let example = format!("APIKey 1_{}", &secret[..31]);
        assert_eq!(
            classify(&p.with_truncation_threshold(0), example.as_bytes()),
            None
        );
    }
}
