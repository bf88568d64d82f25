//! Properties over generated inputs: no panic, spans in bounds and on character boundaries,
//! the fast path agrees with the diagnosis pass, valid tokens pass, damaged ones never pass
//! silently, and no rendering shows a secret.

use std::fmt::Write;

use gcore_auth::{Policy, Report, Severity, check, check_line, check_token, is_accepted};
use proptest::prelude::*;

/// Everything a report can render: Display, Debug, each message and help, the reply.
fn renderings(report: &Report<'_>) -> String {
    let mut out = String::new();
    writeln!(out, "{report}\n{report:?}\n{}", report.reply_text()).unwrap();
    writeln!(out, "{:?} {}", report.reply_text(), report.reply()).unwrap();
    for d in report.diagnostics() {
        writeln!(out, "{d}\n{d:?}\n{}\n{}", d.message(), d.help()).unwrap();
    }
    if let Some(c) = report.credential() {
        writeln!(out, "{c:?}").unwrap();
        if let gcore_auth::Credential::Permanent(t) = c {
            writeln!(out, "{t}\n{}", t.secret()).unwrap();
        }
    }
    out
}

fn assert_spans(report: &Report<'_>, input: &[u8]) {
    let text = std::str::from_utf8(input).ok();
    for d in report.diagnostics() {
        let s = d.span();
        assert!(
            s.start <= s.end && s.end <= input.len(),
            "{d:?} out of {}",
            input.len()
        );
        if let Some(t) = text {
            assert!(
                t.is_char_boundary(s.start) && t.is_char_boundary(s.end),
                "{d:?} in {t:?}"
            );
        }
    }
}

/// No 8 consecutive characters of the secret beyond its first 4 appear in `out`.
fn assert_redacted(out: &str, secret: &str) {
    for start in 4..=secret.len().saturating_sub(8) {
        let window = &secret[start..start + 8];
        assert!(
            !out.contains(window),
            "secret window {window:?} shown in:\n{out}"
        );
    }
}

fn token() -> impl Strategy<Value = (String, String)> {
    (
        "[1-9][0-9]{0,9}",
        prop_oneof![Just('_'), Just('$')],
        "[0-9a-f]{128}",
    )
        .prop_map(|(id, sep, secret)| (format!("{id}{sep}{secret}"), secret))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_spans_hold(input in proptest::collection::vec(any::<u8>(), 0..300)) {
        for report in [check(&input), check_line(&input), check_token(&input)] {
            assert_spans(&report, &input);
            let _ = renderings(&report);
        }
    }

    #[test]
    fn never_panics_on_header_like_text(input in "(Authori[sz]ation|X-API-Key)?:? ?(APIKey|apikey|Bearer|bearer|Token)?[ \t]{0,3}([0-9]{0,6}[_$]?[0-9a-fA-F]{0,140}|eyJ[A-Za-z0-9_.-]{0,80}|\\$\\{?[A-Z_]{1,20}\\}?)[\\s\\PC\u{200b}\u{a0}'\"]{0,3}") {
        for report in [check(input.as_bytes()), check_line(input.as_bytes()), check_token(input.as_bytes())] {
            assert_spans(&report, input.as_bytes());
        }
    }

    #[test]
    fn fast_path_agrees(input in proptest::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(is_accepted(&input), check(&input).is_accepted());
    }

    #[test]
    fn fast_path_agrees_near_valid(
        (tok, _) in token(),
        scheme in "(APIKey|apikey|APIKEY|Bearer|ApiKey:|API-Key)",
        gap in "( |  |\t)",
        cut in 0usize..140,
        policy_min in 0usize..140,
    ) {
        let value = format!("{scheme}{gap}{tok}");
        let value = &value.as_bytes()[..value.len() - cut.min(value.len())];
        let policy = Policy::new().with_truncation_threshold(policy_min);
        prop_assert_eq!(policy.is_accepted(value), policy.check(value).is_accepted());
        prop_assert_eq!(is_accepted(value), check(value).is_accepted());
    }

    #[test]
    fn well_formed_tokens_are_accepted((tok, _) in token()) {
        let value = format!("APIKey {tok}");
        let report = check(value.as_bytes());
        prop_assert!(report.is_accepted(), "{}", report);
        prop_assert!(is_accepted(value.as_bytes()));
        prop_assert!(check_token(tok.as_bytes()).is_accepted());
        let line = format!("Authorization: APIKey {tok}");
        prop_assert!(check_line(line.as_bytes()).is_accepted());
    }

    #[test]
    fn a_deleted_secret_character_never_passes_silently((tok, secret) in token(), at in 0usize..128) {
        let sep = tok.len() - secret.len();
        let mut damaged = tok.clone();
        damaged.remove(sep + at);
        let value = format!("APIKey {damaged}");
        let report = check(value.as_bytes());
        prop_assert!(
            report.diagnostics().any(|d| d.severity() >= Severity::Warning),
            "{}", report
        );
    }

    #[test]
    fn no_rendering_shows_the_secret(
        (tok, secret) in token(),
        before in "[ -~]{0,20}",
        after in "[ -~\u{200b}\n]{0,20}",
        scheme in "(APIKey |Bearer |Authorization: APIKey |X-API-Key: |'|\"|APIKey \"|APIKey=|)",
    ) {
        for input in [format!("{scheme}{tok}{after}"), format!("{before}{tok}{after}"), format!("{scheme}{before}{tok}")] {
            for report in [check(input.as_bytes()), check_line(input.as_bytes()), check_token(input.as_bytes())] {
                assert_redacted(&renderings(&report), &secret);
            }
        }
    }
}

#[test]
fn huge_values_are_diagnosed_without_panic() {
    let mut big = b"APIKey 29841_".to_vec();
    big.resize(10 * 1024 * 1024, b'a');
    {
        let report = check(&big);
        assert!(report.has(gcore_auth::Code::TokenSecretLength));
        assert!(report.is_accepted());
    }
    big.push(b'\n');
    big.extend_from_slice("\u{200b}".as_bytes());
    let report = check(&big);
    assert!(!report.is_accepted());
    assert_redacted(&renderings(&report), &"a".repeat(64));
}

#[test]
fn many_problems_keep_the_first_and_count_the_rest() {
    // Six zero-width spaces: four are diagnosed, two counted as dropped.
    let input = "APIKey 29841_".to_string() + &"\u{200b}".repeat(6) + &"a".repeat(128);
    let report = check(input.as_bytes());
    let non_ascii = report
        .diagnostics()
        .filter(|d| d.code() == gcore_auth::Code::NonAscii);
    assert_eq!(non_ascii.count(), 4);
    assert_eq!(report.dropped(), 2);

    // More diagnoses than fit: the first ones in server order are kept.
    let input = "\u{1}\u{1}\u{1}\u{1}\u{1}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0} Authorization: \"bearer Bearer APIKey '2a841$c7G' x\" ";
    let report: Report<'_, 16> =
        gcore_auth::Policy::DEFAULT.diagnose(input.as_bytes(), gcore_auth::InputKind::Value);
    let codes: Vec<&str> = report.diagnostics().map(|d| d.code().as_str()).collect();
    assert_eq!(report.diagnostics().len(), 16, "{codes:?}");
    let mut want = vec!["control-character"; 4];
    want.extend(["non-ascii"; 4]);
    want.extend([
        "whitespace",
        "whitespace",
        "header-name-in-value",
        "quoted",
        "scheme-case",
    ]);
    want.extend(["scheme-repeated", "token-whitespace", "scheme-bearer"]);
    assert_eq!(codes, want);
    // The fifth control character, the fifth no-break space, and one more whitespace warning.
    assert_eq!(report.dropped(), 3);

    // At the default capacity the first eight are kept, the same reply is predicted, and the
    // rest are counted.
    let small = check(input.as_bytes());
    let kept: Vec<&str> = small.diagnostics().map(|d| d.code().as_str()).collect();
    assert_eq!(kept, want[..gcore_auth::DEFAULT_CAPACITY]);
    assert_eq!(small.dropped(), 3 + 16 - gcore_auth::DEFAULT_CAPACITY);
    assert_eq!(small.reply(), report.reply());
    assert_eq!(
        small.reply_text().to_string(),
        report.reply_text().to_string()
    );
}
