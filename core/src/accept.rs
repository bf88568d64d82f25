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
use crate::grammar::value::apikey_space;
use crate::lexicon::BEARER;
use crate::policy::Policy;

/// The shortest value the diagnosis pass can accept under `policy`: `APIKey 1_` and a secret
/// of the policy's threshold (at least one character: an empty secret is cut short), or
/// `Bearer ` and the shortest JWT the pass reads as a live access token (`e30`, the header
/// `{}`; a payload of `{"exp":0,"token_type":"access"}`, 42 base64url characters; one
/// character of signature), 55 bytes. A test builds both.
pub(crate) fn min_accepted_len(policy: &Policy) -> usize {
    const APIKEY_TOKEN: usize = "APIKey 1_".len();
    const BEARER_JWT: usize = 55;
    APIKEY_TOKEN
        .saturating_add(policy.truncation_threshold().max(1))
        .min(BEARER_JWT)
}

/// A byte that is an error wherever it stands: a control character (but tab) or a byte that
/// is not ASCII.
#[inline(always)]
fn always_wrong(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b >= 0x7f
}

/// `Some(answer)` when the value's bytes decide whether the API accepts it; `None` when the
/// diagnosis pass must say.
///
/// No byte is read twice and no scan for control or non-ASCII characters is made: "accepted"
/// is said only of a value made of `APIKey`, a space, digits, a separator and lowercase hex;
/// "rejected" holds whatever else the value has, as such a character is an error too (and
/// where there is none, the view the pass reads is the bytes themselves); and where the
/// classifier stops at such a character, that alone decides.
#[inline]
pub(crate) fn classify(policy: &Policy, v: &[u8]) -> Option<bool> {
    if v.len() < min_accepted_len(policy) {
        // credentials-empty, token-truncated, a placeholder, a variable...
        return Some(false);
    }
    if apikey_space(v).is_some() {
        return apikey_token(policy, &v[7..]);
    }
    let w = v
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(v.len());
    if w == v.len() {
        // One word: a scheme with no token, or a word that is no scheme.
        return Some(false);
    }
    if w == 0 {
        // A digit first: a token with no scheme (scheme-missing).
        return (v[0].is_ascii_digit() || always_wrong(v[0])).then_some(false);
    }
    if v[w] != b' ' {
        return always_wrong(v[w]).then_some(false);
    }
    // `APIKey ` was read above: this value is longer than its eight bytes.
    let (scheme, token) = (&v[..w], &v[w + 1..]);
    if scheme.eq_ignore_ascii_case(BEARER) {
        // `bearer` in another case is ignored by the API; `Bearer` before a permanent token
        // (a digit first: no JWT starts so) is refused.
        (scheme != BEARER
            || token
                .first()
                .is_some_and(|&b| b.is_ascii_digit() || always_wrong(b)))
        .then_some(false)
    } else {
        // Any other word of letters first is no scheme of ours (scheme-unknown or -missing).
        Some(false)
    }
}

/// What follows `APIKey `, when its first bytes decide.
#[inline]
fn apikey_token(policy: &Policy, t: &[u8]) -> Option<bool> {
    let min = policy.truncation_threshold();
    // Where the reading of a well-formed token stopped: after the hex run that follows the
    // separator, when there is one. No byte is read again below.
    let read = match token::well_formed(t, min.max(MIN_EXAMPLE_FREE)) {
        Ok(_) => return Some(true),
        Err(read) => read,
    };
    match *t.first()? {
        // A variable reference, or a token with no id: token-variable or token-id-invalid.
        b'$' | b'_' => Some(false),
        b'0'..=b'9' => {
            let id = class::run(t, DIGIT);
            if !matches!(t.get(id), Some(b'_' | b'$')) {
                // token-truncated (the id alone), token-id-invalid or token-whitespace.
                return Some(false);
            }
            match t.get(read) {
                // Whitespace after the token: a warning or an error, the pass says.
                Some(b' ' | b'\t') => None,
                // token-secret-charset (or a placeholder, or a quote).
                Some(_) => Some(false),
                // token-truncated (or a documentation example).
                None if read - id - 1 < min => Some(false),
                None => None,
            }
        }
        b => always_wrong(b).then_some(false),
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

    /// The shortest accepted values are as long as [`min_accepted_len`] says, and one byte
    /// less is never accepted.
    #[test]
    fn the_shortest_accepted_values() {
        // `{}` and `{"exp":0,"token_type":"access"}`, base64url without padding.
        let jwt_value = "Bearer e30.eyJleHAiOjAsInRva2VuX3R5cGUiOiJhY2Nlc3MifQ.x";
        assert_eq!(jwt_value.len(), 55);
        assert!(Policy::DEFAULT.check(jwt_value.as_bytes()).is_accepted());
        for threshold in [0, 1, 5, 32, 46, 47, 60] {
            let p = Policy::DEFAULT.with_truncation_threshold(threshold);
            let min = min_accepted_len(&p);
            let secret = "a".repeat(threshold.max(1));
            let token_value = format!("APIKey 1_{secret}");
            if token_value.len() <= 55 {
                assert_eq!(token_value.len(), min);
                assert!(
                    p.check(token_value.as_bytes()).is_accepted(),
                    "{token_value}"
                );
            } else {
                assert_eq!(min, 55);
            }
            assert!(p.check(jwt_value.as_bytes()).is_accepted());
            assert!(p.is_accepted(jwt_value.as_bytes()));
            assert!(p.is_accepted(token_value.as_bytes()), "{token_value}");
            assert!(!p.check(&jwt_value.as_bytes()[..54]).is_accepted());
            assert!(
                !p.check(&token_value.as_bytes()[..token_value.len() - 1])
                    .is_accepted()
            );
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
            (format!("\u{200b}APIKey 1_{secret}"), Some(false)),
            (format!("Bearer \u{200b}1_{secret}"), Some(false)),
            (format!("APIKey \u{200b}1_{secret}"), Some(false)),
            (format!("Bearer\t1_{secret}"), None),
            (format!("APIKey 1\u{200b}_{secret}"), Some(false)),
            (format!("APIKey 1_{}", &secret[..31]), Some(false)),
            (format!("APIKey 1_{}", &secret[..10]), Some(false)),
            // Long enough to be read, and a secret shorter than the threshold.
            (
                format!("APIKey 123456789012_{}", &secret[..31]),
                Some(false),
            ),
            (format!("APIKey _{secret}"), Some(false)),
            (format!("APIKey 1-{secret}"), Some(false)),
            (format!("APIKey 1_{secret}A"), Some(false)),
            ("APIKey 29841_c767...".into(), Some(false)),
            ("APIKey $GCORE_API_KEY".into(), Some(false)),
            ("APIKey {your_api_key}".into(), Some(false)),
            (
                "APIKey {your_permanent_api_key_from_the_portal}".into(),
                None,
            ),
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
