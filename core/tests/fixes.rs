//! Fixes: the exact repair each fixable diagnosis carries, and properties over generated
//! inputs: a fix removes its diagnosis and adds no error, never changes a secret, and fixing
//! until nothing is left to fix ends and is idempotent; no fix output shows a secret.

use std::collections::BTreeMap;

use gcore_auth::{Applicability, Code, Fix, InputKind, Policy, Report, Severity};
use proptest::prelude::*;

const SECRET: &str = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366";

type Big<'a> = Report<'a, 32>;

fn report(input: &[u8], kind: InputKind) -> Big<'_> {
    Policy::DEFAULT
        .with_clock(1_700_000_000)
        .diagnose(input, kind)
}

fn apply(fix: &Fix<'_>) -> Vec<u8> {
    fix.pieces().flatten().copied().collect()
}

/// Every fix of a report's diagnoses with its code: (code, applicability, patched input).
fn fixes(input: &[u8], kind: InputKind) -> Vec<(Code, Applicability, String)> {
    let r = report(input, kind);
    r.diagnostics()
        .filter_map(|d| {
            let f = d.fix()?;
            Some((
                d.code(),
                f.applicability(),
                String::from_utf8_lossy(&apply(&f)).into_owned(),
            ))
        })
        .collect()
}

fn one(input: &str, kind: InputKind, code: Code) -> Option<(Applicability, String)> {
    let all: Vec<_> = fixes(input.as_bytes(), kind)
        .into_iter()
        .filter(|f| f.0 == code)
        .collect();
    assert!(all.len() <= 1, "{input:?}: {all:?}");
    all.into_iter().next().map(|(_, a, s)| (a, s))
}

#[test]
fn each_fixable_mistake_gets_its_exact_repair() {
    use Applicability::{MachineApplicable as Sure, MaybeIncorrect as Maybe};
    use InputKind::{Line, Token, Value};
    let t = format!("29841_{SECRET}");
    let legacy = format!("29841${SECRET}");
    let cases: Vec<(InputKind, String, Code, Applicability, String)> = vec![
        (
            Value,
            format!("Bearer {t}"),
            Code::SchemeBearer,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Line,
            format!("Authorization: Bearer {t}"),
            Code::SchemeBearer,
            Sure,
            format!("Authorization: APIKey {t}"),
        ),
        (
            Value,
            format!("Bearer APIKey {t}"),
            Code::SchemeBearer,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            "Bearer $GCORE_API_KEY".into(),
            Code::SchemeBearer,
            Maybe,
            "APIKey $GCORE_API_KEY".into(),
        ),
        (
            Value,
            "Bearer your-api-key".into(),
            Code::SchemeBearer,
            Maybe,
            "APIKey your-api-key".into(),
        ),
        (
            Value,
            t.clone(),
            Code::SchemeMissing,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Line,
            format!("Authorization: {t}"),
            Code::SchemeMissing,
            Sure,
            format!("Authorization: APIKey {t}"),
        ),
        (
            Value,
            format!("bearer {t}"),
            Code::SchemeCase,
            Sure,
            format!("Bearer {t}"),
        ),
        (
            Value,
            format!("APIKey APIKey {t}"),
            Code::SchemeRepeated,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKey  \t{t}"),
            Code::Whitespace,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("  APIKey {t}"),
            Code::Whitespace,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Line,
            format!("Authorisation: APIKey {t}"),
            Code::HeaderNameWrong,
            Sure,
            format!("Authorization: APIKey {t}"),
        ),
        (
            Line,
            format!("X-API-Key: APIKey {t}"),
            Code::HeaderNameWrong,
            Maybe,
            format!("Authorization: APIKey {t}"),
        ),
        (
            Line,
            format!("Authorization  : APIKey {t}"),
            Code::HeaderSyntax,
            Sure,
            format!("Authorization: APIKey {t}"),
        ),
        (
            Line,
            format!("Authorization APIKey {t}"),
            Code::HeaderSyntax,
            Sure,
            format!("Authorization: APIKey {t}"),
        ),
        (
            Value,
            format!("Authorization: authorization : APIKey {t}"),
            Code::HeaderNameInValue,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("\"APIKey {t}\""),
            Code::Quoted,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKey '{t}'"),
            Code::Quoted,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKey \u{201c}{t}\u{201d}"),
            Code::Quoted,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Token,
            format!("APIKey {t}"),
            Code::TokenIncludesScheme,
            Sure,
            t.clone(),
        ),
        (
            Value,
            format!("APIKey:{t}"),
            Code::SchemeUnknown,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKey: {t}"),
            Code::SchemeUnknown,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKey{t}"),
            Code::SchemeUnknown,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKye {t}"),
            Code::SchemeUnknown,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("Token {t}"),
            Code::SchemeUnknown,
            Maybe,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKey {t}\n"),
            Code::ControlCharacter,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKey 29841_\u{200b}{SECRET}"),
            Code::NonAscii,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKey\u{a0}{t}"),
            Code::NonAscii,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKey {}\x01{}", &t[..40], &t[40..]),
            Code::ControlCharacter,
            Sure,
            format!("APIKey {t}"),
        ),
        (
            Value,
            format!("APIKey {legacy}"),
            Code::TokenLegacySeparator,
            Sure,
            String::new(),
        ),
    ];
    for (kind, input, code, applicability, fixed) in cases {
        let got = one(&input, kind, code);
        if fixed.is_empty() {
            assert_eq!(got, None, "{input:?}");
        } else {
            assert_eq!(got, Some((applicability, fixed)), "{input:?} {code}");
        }
    }
}

#[test]
fn no_fix_where_the_right_value_is_unknown() {
    let t = format!("29841_{SECRET}");
    for (kind, input) in [
        (InputKind::Value, "APIKey 29841".to_string()),
        (InputKind::Value, "APIKey 29841_c767".into()),
        (InputKind::Value, "APIKey your-api-key".into()),
        (InputKind::Value, format!("APIKey 29841${SECRET}")),
        (InputKind::Value, format!("APIKey {}", t.to_uppercase())),
        (InputKind::Value, "APIKey $GCORE_API_KEY".into()),
        (
            InputKind::Value,
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxfQ.c2ln".into(),
        ),
        (InputKind::Value, format!("APIKey {t}\nX-Other: 1")),
        (
            InputKind::Value,
            format!("APIKey 29841_{}\u{2013}{}", &SECRET[..40], &SECRET[40..]),
        ),
        (InputKind::Value, format!("apikey {t}")),
        (InputKind::Value, "Basic dXNlcjpwYXNzd29yZA==".into()),
        (InputKind::Value, "APIKye APIKey A".into()),
        (InputKind::Value, "".into()),
        (InputKind::Line, format!("Foo: {t}")),
        (InputKind::Value, format!("APIKey {t} {t}")),
    ] {
        let all = fixes(input.as_bytes(), kind);
        assert!(all.is_empty(), "{input:?}: {all:?}");
    }
}

#[test]
fn a_jwt_sent_with_apikey_is_moved_to_bearer_only_while_it_lives() {
    // {"token_type":"access","exp":1800000000}
    let live = "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxODAwMDAwMDAwfQ.c2ln";
    // {"token_type":"access","exp":1}
    let dead = "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxfQ.c2ln";
    assert_eq!(
        one(
            &format!("APIKey {live}"),
            InputKind::Value,
            Code::JwtWithApikey
        ),
        Some((Applicability::MaybeIncorrect, format!("Bearer {live}")))
    );
    assert_eq!(
        one(
            &format!("APIKey {dead}"),
            InputKind::Value,
            Code::JwtWithApikey
        ),
        None
    );
}

#[test]
fn edits_say_what_they_replace_and_print_no_secret() {
    let input = format!("APIKey \"29841_{SECRET}\"");
    let r = report(input.as_bytes(), InputKind::Value);
    let d = r.diagnostics().find(|d| d.code() == Code::Quoted).unwrap();
    let fix = d.fix().unwrap();
    assert_eq!(fix.to_string(), "remove the quotes");
    assert_eq!(fix.message(), "remove the quotes");
    let [open, close] = fix.edits() else { panic!() };
    assert_eq!(
        (open.span().start, open.span().end, open.text()),
        (7, 8, "")
    );
    let end = input.len();
    assert_eq!(
        (close.span().start, close.span().end, close.text()),
        (end - 1, end, "")
    );
    assert_eq!((fix.span().start, fix.span().end), (7, input.len()));
    let debug = format!("{fix:?}");
    assert!(!debug.contains(&SECRET[4..12]), "{debug}");
    assert!(debug.contains("MachineApplicable"), "{debug}");
    assert_eq!(Applicability::MaybeIncorrect.to_string(), "maybe-incorrect");
    assert_eq!(
        Applicability::MachineApplicable.as_str(),
        "machine-applicable"
    );
}

#[test]
fn the_catalogue_says_which_codes_carry_a_fix() {
    for code in Code::ALL {
        let has = code.entry().autofix.is_some();
        let expected = matches!(
            code,
            Code::HeaderSyntax
                | Code::HeaderNameWrong
                | Code::HeaderNameInValue
                | Code::SchemeMissing
                | Code::SchemeBearer
                | Code::SchemeUnknown
                | Code::SchemeCase
                | Code::SchemeRepeated
                | Code::Whitespace
                | Code::ControlCharacter
                | Code::NonAscii
                | Code::Quoted
                | Code::TokenIncludesScheme
                | Code::JwtWithApikey
                | Code::ShellExpansion
        );
        assert_eq!(has, expected, "{code}");
    }
}

fn error_counts(r: &Big<'_>) -> BTreeMap<Code, usize> {
    let mut m = BTreeMap::new();
    for d in r.diagnostics().filter(|d| d.severity() == Severity::Error) {
        *m.entry(d.code()).or_default() += 1;
    }
    m
}

fn code_count(r: &Big<'_>, code: Code) -> usize {
    r.diagnostics().filter(|d| d.code() == code).count()
}

/// Applies every fix of `input` that overlaps no earlier one (machine-applicable ones only
/// unless `unsafe_too`), once. `None` when nothing was fixable.
fn fix_round(input: &[u8], kind: InputKind, unsafe_too: bool) -> Option<Vec<u8>> {
    let r = report(input, kind);
    let mut edits: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    for d in r.diagnostics() {
        let Some(f) = d.fix() else { continue };
        if f.applicability() != Applicability::MachineApplicable && !unsafe_too {
            continue;
        }
        let s = f.span();
        if edits
            .iter()
            .any(|e| s.start < e.1 && e.0 < s.end || s.start == e.0 && s.end == e.1)
        {
            continue;
        }
        for e in f.edits() {
            edits.push((e.span().start, e.span().end, e.text().as_bytes().to_vec()));
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e, t) in edits {
        out.extend_from_slice(&input[at..s]);
        out.extend_from_slice(&t);
        at = e;
    }
    out.extend_from_slice(&input[at..]);
    Some(out)
}

fn header_like() -> impl Strategy<Value = (InputKind, String)> {
    let kind = prop_oneof![
        Just(InputKind::Value),
        Just(InputKind::Line),
        Just(InputKind::Token)
    ];
    let text = "(Authori[sz]ation|X-API-Key|authorization)?( ?: ?|  )?(Authorization: )?[\"'\u{201c}]?(APIKey|apikey|Bearer|bearer|Token|APIKye|APIKey:|APIKey=)?([ \t\u{a0}\u{200b}]{0,3})(APIKey |Bearer )?['\"]?([0-9]{0,6}[_$]?[0-9a-fA-F]{0,140}|eyJ[A-Za-z0-9_.-]{0,80}|\\$\\{?[A-Z_]{1,20}\\}?|your-api-key)['\"\u{201d}]?[\\s\u{200b}\u{a0}\u{feff}\u{1}\r\n]{0,3}";
    (kind, text)
}

proptest! {
    // `PROPTEST_CASES` runs more.
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(2048), ..ProptestConfig::default() })]

    #[test]
    fn a_fix_removes_its_diagnosis_and_adds_no_error((kind, input) in header_like()) {
        let r = report(input.as_bytes(), kind);
        if r.dropped() > 0 {
            return Ok(());
        }
        let before = error_counts(&r);
        let secret = r.secret_span().map(|s| &input.as_bytes()[s.start..s.end]);
        for d in r.diagnostics() {
            let Some(fix) = d.fix() else { continue };
            let mut last = 0;
            for e in fix.edits() {
                let s = e.span();
                prop_assert!(last <= s.start && s.start <= s.end && s.end <= input.len());
                prop_assert!(input.is_char_boundary(s.start) && input.is_char_boundary(s.end));
                last = s.end;
            }
            let fixed = apply(&fix);
            let after_r = report(&fixed, kind);
            prop_assert!(
                code_count(&after_r, d.code()) < code_count(&r, d.code()),
                "{:?} fix of {} in {:?} gave {:?}", fix, d.code(), input, String::from_utf8_lossy(&fixed)
            );
            let after = error_counts(&after_r);
            for (code, n) in &after {
                prop_assert!(
                    before.get(code).is_some_and(|b| n <= b),
                    "{} added by the fix of {} in {:?}: {:?}", code, d.code(), input, String::from_utf8_lossy(&fixed)
                );
            }
            if let Some(secret) = secret {
                // Its characters as issued: pasted whitespace, invisible and control
                // characters in its place are not part of it.
                let issued = |b: &[u8]| -> Vec<u8> { b.iter().copied().filter(u8::is_ascii_graphic).collect() };
                let (secret, fixed) = (issued(secret), issued(&fixed));
                prop_assert!(
                    secret.is_empty() || fixed.windows(secret.len()).any(|w| w == &secret[..]),
                    "the fix of {} changed the secret in {:?}", d.code(), input
                );
            }
        }
    }

    #[test]
    fn fixing_until_nothing_is_left_ends_and_is_idempotent(
        (kind, input) in header_like(),
        unsafe_too in any::<bool>(),
    ) {
        let mut cur = input.clone().into_bytes();
        let mut rounds = 0;
        while let Some(next) = fix_round(&cur, kind, unsafe_too) {
            let was = report(&cur, kind).diagnostics().filter(|d| d.severity() == Severity::Error).count();
            let now = report(&next, kind).diagnostics().filter(|d| d.severity() == Severity::Error).count();
            prop_assert!(now <= was, "{:?} -> {:?}", String::from_utf8_lossy(&cur), String::from_utf8_lossy(&next));
            cur = next;
            rounds += 1;
            prop_assert!(rounds < 10, "{:?} does not settle", input);
        }
        prop_assert_eq!(fix_round(&cur, kind, unsafe_too), None);
    }

    #[test]
    fn no_fix_output_shows_a_secret(
        secret in "[0-9a-zA-Z+/=_-]{40,140}",
        shape in 0usize..6,
    ) {
        let input = match shape {
            0 => format!("Bearer 29841_{secret}"),
            1 => format!("\"APIKey 29841_{secret}\""),
            2 => format!("APIKey '29841_{secret}'\n"),
            3 => format!("bearer {secret}"),
            4 => format!("APIKey\u{a0}29841_{}\u{200b}{}", &secret[..20], &secret[20..]),
            _ => format!("Authorisation: APIKey  {secret}"),
        };
        for kind in [InputKind::Value, InputKind::Line, InputKind::Token] {
            let r = report(input.as_bytes(), kind);
            for d in r.diagnostics() {
                if let Some(f) = d.fix() {
                    let out = format!("{f} {f:?} {:?}", f.edits());
                    for start in 4..=secret.len() - 8 {
                        prop_assert!(!out.contains(&secret[start..start + 8]), "{}", out);
                    }
                }
            }
        }
    }
}

#[test]
fn fixes_wait_for_pasted_and_control_characters() {
    let t = format!("29841_{SECRET}");
    // The character's own fix comes first; the rest waits until the input reads as it is.
    for input in [
        format!("Bearer {t}\x01"),
        format!("Bearer {t}\u{7f}"),
        format!("Bearer\u{200b} {t}"),
    ] {
        assert_eq!(
            one(&input, InputKind::Value, Code::SchemeBearer),
            None,
            "{input:?}"
        );
        assert!(
            !fixes(input.as_bytes(), InputKind::Value).is_empty(),
            "{input:?}"
        );
    }
    // Quotes wait for what is inside them or after them, not for themselves.
    for input in [
        format!("\"APIKey 29841_\u{200b}{SECRET}\""),
        format!("\"APIKey {t}\"\x01"),
        format!("\x01\"APIKey {t}\""),
    ] {
        assert_eq!(
            one(&input, InputKind::Value, Code::Quoted),
            None,
            "{input:?}"
        );
    }
    assert_eq!(
        one(
            &format!("\u{201c}APIKey {t}\u{201d}"),
            InputKind::Value,
            Code::Quoted
        ),
        Some((Applicability::MachineApplicable, format!("APIKey {t}")))
    );
}

#[test]
fn a_folded_line_and_a_jwt_in_a_token_variable() {
    let t = format!("29841_{SECRET}");
    assert_eq!(
        one(
            &format!("\tAuthorization: APIKey {t}"),
            InputKind::Line,
            Code::HeaderSyntax
        ),
        Some((
            Applicability::MachineApplicable,
            format!("Authorization: APIKey {t}")
        ))
    );
    // In a token variable the scheme is the mistake: `Bearer` there would be one too.
    let live = "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxODAwMDAwMDAwfQ.c2ln";
    assert_eq!(
        one(
            &format!("APIKey {live}"),
            InputKind::Token,
            Code::JwtWithApikey
        ),
        None
    );
    assert_eq!(
        one(
            &format!("APIKey {live}"),
            InputKind::Token,
            Code::TokenIncludesScheme
        ),
        Some((Applicability::MachineApplicable, live.to_owned()))
    );
}

#[test]
fn the_edges_of_each_rule() {
    use Applicability::MachineApplicable as Sure;
    let t = format!("29841_{SECRET}");
    // A token variable: only a single token after a single scheme word.
    for input in [format!("APIKey {t} x"), format!("APIKey {t}\tx")] {
        assert_eq!(
            one(&input, InputKind::Token, Code::TokenIncludesScheme),
            None,
            "{input:?}"
        );
    }
    let glued = format!("APIKey29841_{SECRET}");
    assert_eq!(
        one(
            &format!("APIKey {glued}"),
            InputKind::Token,
            Code::TokenIncludesScheme
        ),
        Some((Sure, glued))
    );
    // Every repeat goes, and nothing after the schemes, however short.
    assert_eq!(
        one(
            "APIKey APIKey abcdef",
            InputKind::Value,
            Code::SchemeRepeated
        ),
        Some((Sure, "APIKey abcdef".to_owned()))
    );
    assert_eq!(
        one(
            "Authorization: APIKey 1",
            InputKind::Value,
            Code::HeaderNameInValue
        ),
        Some((Sure, "APIKey 1".to_owned()))
    );
    // Expired at the clock's very second: no fix.
    let at_clock =
        "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzAwMDAwMDAwfQ.c2ln";
    assert_eq!(
        one(
            &format!("APIKey {at_clock}"),
            InputKind::Value,
            Code::JwtWithApikey
        ),
        None
    );
    // Quotes inside quotes: which were meant is unknown.
    for input in [
        format!("\"'APIKey {t}\""),
        format!("\"APIKey {t}'\""),
        "\"\"".into(),
    ] {
        assert_eq!(
            one(&input, InputKind::Value, Code::Quoted),
            None,
            "{input:?}"
        );
    }
}
