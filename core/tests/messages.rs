//! Messages are API: each diagnosis's exact text and span, and the exact reply text.

use gcore_auth::{Basis, Code, Policy, Reply, Severity, check, check_line, check_token};

const HEX128: &str = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366cdcf1ba1cde11df51cf198d4af1124d30269bfb42bc7ec02e5f2a25212efcef3";

/// `(input kind, input, code, span, full Display of the diagnosis)`
macro_rules! message_tests {
    ($($name:ident: $f:ident($input:expr) => $code:ident $span:expr, $text:expr;)*) => {$(
        #[test]
        fn $name() {
            let input: String = $input;
            let report = $f(input.as_bytes());
            let d = report
                .diagnostics()
                .find(|d| d.code() == Code::$code)
                .unwrap_or_else(|| panic!("no {} in {report}", Code::$code));
            assert_eq!(d.span().start..d.span().end, $span, "{report}");
            assert_eq!(d.to_string(), $text);
        }
    )*};
}

fn tok(s: &str) -> String {
    s.replace("{HEX}", HEX128)
}

message_tests! {
    header_no_colon: check_line(tok("Authorization APIKey 29841_{HEX}")) => HeaderSyntax 13..14,
        "error[header-syntax]: no colon after the header name";
    header_space_before_colon: check_line(tok("Authorization : APIKey 29841_{HEX}")) => HeaderSyntax 13..14,
        "error[header-syntax]: whitespace between the header name and the colon";
    header_misspelled: check_line(tok("Authorisation: APIKey 29841_{HEX}")) => HeaderNameWrong 0..13,
        "error[header-name-wrong]: the header is named `Authorisation`, not `Authorization`";
    header_alternative: check_line(tok("X-API-Key: 29841_{HEX}")) => HeaderNameWrong 0..9,
        "error[header-name-wrong]: the API does not read the `X-API-Key` header; it reads only `Authorization`";
    header_other: check_line("Content-Type: application/json".into()) => HeaderNameWrong 0..12,
        "error[header-name-wrong]: this is a `Content-Type` header, not `Authorization`: the request carries no credentials";
    name_in_value: check_line(tok("Authorization: Authorization: APIKey 29841_{HEX}")) => HeaderNameInValue 15..29,
        "error[header-name-in-value]: the value starts with `Authorization:` again";
    bearer_permanent: check(tok("Bearer 29841_{HEX}")) => SchemeBearer 7..141,
        "error[scheme-bearer]: `Bearer` with a permanent API token; permanent tokens go with `APIKey`";
    unknown_scheme: check(tok("Token 29841_{HEX}")) => SchemeUnknown 0..5,
        "error[scheme-unknown]: unknown scheme `Token`";
    glued_colon: check(tok("APIKey:29841_{HEX}")) => SchemeUnknown 0..141,
        "error[scheme-unknown]: `APIKey:` is not a scheme: a colon is glued to it";
    apikey_case: check(tok("apikey 29841_{HEX}")) => SchemeCase 0..6,
        "note[scheme-case]: the scheme is spelled `apikey`; `APIKey` is matched in any letter case";
    bearer_case: check("bearer x.y.z".into()) => SchemeCase 0..6,
        "error[scheme-case]: the scheme is spelled `bearer`; `Bearer` is matched only exactly so";
    tab: check(tok("APIKey\t29841_{HEX}")) => Whitespace 6..7,
        "warning[whitespace]: a tab between the scheme and the token";
    trailing_newline: check(tok("APIKey 29841_{HEX}\n")) => ControlCharacter 141..142,
        "error[control-character]: trailing line ending: control character '\\n' (U+000A LINE FEED) at byte 141";
    zero_width: check(tok("APIKey \u{200b}29841_{HEX}")) => NonAscii 7..10,
        "error[non-ascii]: non-ASCII character '\\u{200b}' (U+200B ZERO WIDTH SPACE) at byte 7";
    bom: check(tok("\u{feff}APIKey 29841_{HEX}")) => NonAscii 0..3,
        "error[non-ascii]: non-ASCII character '\\u{feff}' (U+FEFF ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)) at byte 0";
    invalid_utf8: check(tok("APIKey 29841_\u{0}{HEX}").replace('\0', "\u{ff}")) => NonAscii 13..15,
        "error[non-ascii]: non-ASCII character (a letter or digit outside ASCII, not shown as it may be part of a secret) at byte 13";
    truncated_id_only: check("APIKey 29841".into()) => TokenTruncated 7..12,
        "error[token-truncated]: only the token id arrived: the separator and secret are missing";
    truncated_short: check("APIKey 29841_c767".into()) => TokenTruncated 13..17,
        "error[token-truncated]: the secret is 4 characters long, shorter than 32: the token is cut short";
    secret_length: check(tok("APIKey 29841_{HEX}{HEX}")) => TokenSecretLength 13..269,
        "warning[token-secret-length]: the secret is 256 characters long; complete secrets have 128";
    uppercase: check(tok("APIKey 29841_{HEX}").to_uppercase().replacen("APIKEY", "APIKey", 1)) => TokenSecretCharset 13..14,
        "error[token-secret-charset]: uppercase hex digit 'E' at offset 0 of the secret; secrets are lowercase hex";
    uppercase_past_the_shown_characters: check(tok("APIKey 29841_{HEX}").replacen("e330c", "e330C", 1)) => TokenSecretCharset 17..18,
        "error[token-secret-charset]: an uppercase hex digit at offset 4 of the secret; secrets are lowercase hex";
    letter_past_the_shown_characters: check(tok("APIKey 29841_{HEX}").replacen("e330c", "e330g", 1)) => TokenSecretCharset 17..18,
        "error[token-secret-charset]: the character at offset 4 of the secret is not a lowercase hex digit";
    letter_among_the_shown_characters: check(tok("APIKey 29841_{HEX}").replacen("e330", "e3g0", 1)) => TokenSecretCharset 15..16,
        "error[token-secret-charset]: 'g' (U+0067) at offset 2 of the secret is not a lowercase hex digit";
    id_letter_past_four: check(tok("APIKey 2984a1_{HEX}")) => TokenIdInvalid 11..12,
        "error[token-id-invalid]: the character at offset 4 of the token id is not a digit";
    id_letter_among_four: check(tok("APIKey 29a41_{HEX}")) => TokenIdInvalid 9..10,
        "error[token-id-invalid]: 'a' (U+0061) at offset 2 of the token id is not a digit";
    glued_char: check(tok("APIKey 29841_{HEX},")) => TokenSecretCharset 141..142,
        "error[token-secret-charset]: ',' (U+002C) at offset 128 of the secret is not a lowercase hex digit";
    empty_id: check(tok("APIKey _{HEX}")) => TokenIdInvalid 7..8,
        "error[token-id-invalid]: the token has no id before its separator";
    legacy: check(tok("APIKey 29841${HEX}")) => TokenLegacySeparator 12..13,
        "warning[token-legacy-separator]: the legacy `$` separator (deprecated v1 token format)";
    variable: check("APIKey ${GCORE_API_KEY}".into()) => TokenVariable 7..23,
        "error[token-variable]: the variable reference `${GCORE_API_KEY}` was sent literally instead of its value";
    placeholder: check("APIKey 29841_c767...".into()) => TokenPlaceholder 7..20,
        "error[token-placeholder]: `29841_c767…` is a placeholder or documentation example, not a token";
    includes_scheme: check_token(tok("APIKey 29841_{HEX}")) => TokenIncludesScheme 0..6,
        "error[token-includes-scheme]: the token starts with the scheme `APIKey`, which the client adds again";
    jwt_apikey: check("APIKey eyJhbGciOiJIUzI1NiJ9.e30.c2ln".into()) => JwtWithApikey 7..36,
        "error[jwt-with-apikey]: a JWT sent with the `APIKey` scheme";
    jwt_not_json: check("Bearer eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.c2ln".into()) => JwtMalformed 7..44,
        "error[jwt-malformed]: the JWT cannot be read: the payload is not a JSON object";
    jwt_corrupt_payload: check("Bearer eyJhbGciOiJIUzI1NiJ9.e30!.c2ln".into()) => JwtMalformed 7..37,
        "error[jwt-malformed]: the JWT cannot be read: the payload is not base64url";
    bearer_placeholder_for_a_key: check("Bearer your-api-key".into()) => SchemeBearer 7..19,
        "error[scheme-bearer]: `Bearer` with a placeholder for a permanent API token; permanent tokens go with `APIKey`";
    bearer_placeholder: check("Bearer ...".into()) => SchemeBearer 7..10,
        "error[scheme-bearer]: `Bearer` with a placeholder, not a JWT (three base64url parts)";
    bearer_not_a_jwt: check("Bearer abc123".into()) => SchemeBearer 7..13,
        "error[scheme-bearer]: `Bearer` with a token that is not a JWT (three base64url parts)";
    legacy_placeholder: check("APIKey 29841$c767...".into()) => TokenLegacySeparator 12..13,
        "warning[token-legacy-separator]: the legacy `$` separator (deprecated v1 token format)";
    bearer_placeholder_no_id: check("Bearer 123...".into()) => SchemeBearer 7..13,
        "error[scheme-bearer]: `Bearer` with a placeholder, not a JWT (three base64url parts)";
    bearer_placeholder_no_digits: check("Bearer _abc...".into()) => SchemeBearer 7..14,
        "error[scheme-bearer]: `Bearer` with a placeholder, not a JWT (three base64url parts)";
    bearer_placeholder_token_shape: check("Bearer 29841_c767...".into()) => SchemeBearer 7..20,
        "error[scheme-bearer]: `Bearer` with a placeholder for a permanent API token; permanent tokens go with `APIKey`";
    legacy_placeholder_token: check_token("29841$c767...".into()) => TokenLegacySeparator 5..6,
        "warning[token-legacy-separator]: the legacy `$` separator (deprecated v1 token format)";
}

#[test]
fn quoted_header_names_are_redacted_and_cut() {
    let line = tok("{HEX}: APIKey 1_{HEX}");
    let report = check_line(line.as_bytes());
    let d = report.diagnostics().next().unwrap();
    assert_eq!(
        d.to_string(),
        "error[header-name-wrong]: this is a `e330…` header, not `Authorization`: the request carries no credentials"
    );
    let long = "X-".to_string() + &"Abc-".repeat(20);
    let line = format!("{long}: v");
    let report = check_line(line.as_bytes());
    assert!(
        report
            .diagnostics()
            .next()
            .unwrap()
            .to_string()
            .contains("`X-Abc-Abc-Abc-Abc-Abc-Abc-Abc-Abc-Abc-Ab…`")
    );
}

#[test]
fn a_dollar_without_an_id_is_no_legacy_separator() {
    // `$c767...` lost its id: a placeholder, but not a legacy-format one.
    for report in [check(b"APIKey $c767..."), check_token(b"$c767...")] {
        assert!(report.has(Code::TokenPlaceholder), "{report}");
        assert!(!report.has(Code::TokenLegacySeparator), "{report}");
    }
}

#[test]
fn jwt_messages_name_the_time() {
    // {"token_type":"access","exp":1700000000}
    let jwt =
        "Bearer eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzAwMDAwMDAwfQ.c2ln";
    let expired = Policy::new()
        .with_clock(1_700_003_600)
        .check(jwt.as_bytes());
    assert_eq!(
        expired.diagnostics().next().unwrap().to_string(),
        "error[jwt-expired]: the JWT expired at 2023-11-14 22:13:20 UTC (1 h before the check's clock)"
    );
    let fresh = Policy::new()
        .with_clock(1_699_999_000)
        .check(jwt.as_bytes());
    assert_eq!(
        fresh.diagnostics().next().unwrap().to_string(),
        "note[jwt-bearer]: a well-formed access JWT, valid until 2023-11-14 22:13:20 UTC (for 16 min more)"
    );
    let no_clock = check(jwt.as_bytes());
    assert!(no_clock.is_accepted());
    assert_eq!(
        no_clock.diagnostics().next().unwrap().message().to_string(),
        "a well-formed access JWT, valid until 2023-11-14 22:13:20 UTC"
    );
}

#[test]
fn replies_are_the_documented_texts() {
    let r = check(b"APIKey 29841");
    assert_eq!(r.reply_text().to_string(), "Bad permanent token: 29841");
    assert_eq!(r.reply().status(), Some(401));
    assert_eq!(r.reply_basis(), Some(Basis::Documented));
    let value = tok("APIKey 29841_{HEX}'");
    let r = check(value.as_bytes());
    assert_eq!(r.reply(), Reply::BadPermanentToken);
    assert_eq!(
        r.reply_text().to_string(),
        "Bad permanent token: 29841_e330…"
    );
    let r = check(b"APIKey 29841_c767");
    assert_eq!(
        r.reply_text().to_string(),
        "Bad permanent token: 29841_c767"
    );
    let r = check(b"APIKey 29841_c7670");
    assert_eq!(
        r.reply_text().to_string(),
        "Bad permanent token: 29841_c767…"
    );
    let v = tok("Bearer 29841_{HEX}");
    let r = check(v.as_bytes());
    assert_eq!(
        r.reply_text().to_string(),
        "Given token not valid for any token type"
    );
    let r = check(b"");
    assert_eq!(
        r.reply_text().to_string(),
        "Authentication credentials were not provided."
    );
    let r = check_line(b"Authorization APIKey 29841");
    assert_eq!(r.reply(), Reply::BadRequest);
    assert_eq!(r.reply().status(), Some(400));
    assert!(!r.reply().has_text());
    assert_eq!(r.reply_basis(), Some(Basis::Rfc));
    assert_eq!(
        r.reply_text().to_string(),
        "400 Bad Request from the HTTP front end; the API never sees the header"
    );
    let v = tok("APIKey 29841_{HEX}\r\n");
    let r = check(v.as_bytes());
    assert_eq!(r.reply(), Reply::NeverSent);
    assert!(!r.reply().has_text());
    assert_eq!(r.reply().status(), None);
}

#[test]
fn helps_tell_the_fix() {
    let v = tok("Bearer 29841_{HEX}");
    let r = check(v.as_bytes());
    assert_eq!(
        r.diagnostics().next().unwrap().help().to_string(),
        "send permanent tokens as `Authorization: APIKey <id>_<secret>`; the API answers \"Given token not valid for any token type\" otherwise"
    );
    let r = check(b"APIKey 29841");
    assert_eq!(
        r.diagnostics().next().unwrap().help().to_string(),
        "copy the whole token; if a shell cut a `$`-format token at its `$` (double quotes, no quotes), use single quotes (the reply may also read \"Bad token: …\")"
    );
}

#[test]
fn severities_and_bases_follow_the_catalogue() {
    for &code in Code::ALL {
        let e = code.entry();
        assert_eq!(e.code, code);
        assert!(
            !e.summary.is_empty() && !e.why.is_empty() && !e.fix.is_empty(),
            "{code}"
        );
        assert_eq!(Code::from_name(code.as_str()), Some(code));
    }
    assert_eq!(Code::ALL.len(), 30);
    let v = tok("apikey 29841_{HEX}");
    let r = check(v.as_bytes());
    assert_eq!(
        (
            r.diagnostics().next().unwrap().severity(),
            r.diagnostics().next().unwrap().basis()
        ),
        (Severity::Note, Basis::Documented)
    );
    let r = check(b"bearer x.y.z");
    assert_eq!(
        (
            r.diagnostics().next().unwrap().severity(),
            r.diagnostics().next().unwrap().basis()
        ),
        (Severity::Error, Basis::Inferred)
    );
    assert_eq!(Code::ControlCharacter.entry().basis, Basis::Rfc);
    assert_eq!(Code::HardcodedToken.entry().basis, Basis::Policy);
}

#[test]
fn credential_is_parsed_and_redacted() {
    let value = tok("APIKey 29841${HEX}");
    let r = check(value.as_bytes());
    let Some(gcore_auth::Credential::Permanent(t)) = r.credential() else {
        panic!("{r}")
    };
    assert_eq!(t.id(), "29841");
    assert_eq!(t.separator(), Some(gcore_auth::Separator::Dollar));
    assert_eq!(t.secret().len(), 128);
    assert_eq!(format!("{:?}", t.secret()), "\"e330…\" (128 bytes)");
    assert_eq!(r.secret_span(), Some(gcore_auth::Span::new(13, 141)));
    assert_eq!(
        r.to_string().lines().next(),
        Some("value accepted: APIKey 29841$e330…")
    );
}

#[test]
fn other_credentials_are_redacted_too() {
    let jwt =
        "eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJl";
    for input in [
        format!("Bearer {jwt}"),
        format!("APIKey {jwt}"),
        jwt.to_string(),
        "Basic dXNlcjpwYXNzd29yZA==".to_string(),
        "Bearer Zm9vYmFyYmF6cXV4".to_string(),
    ] {
        let r = check(input.as_bytes());
        let shown = format!("{r}{r:?}");
        assert!(!shown.contains("c2lnbmF0dXJl"), "{shown}");
        assert!(!shown.contains("dXNlcjpwYXNz"), "{shown}");
        assert!(!shown.contains("vYmFyYmF6"), "{shown}");
    }
    let r = check(b"Basic dXNlcjpwYXNzd29yZA==");
    assert_eq!(
        r.to_string().lines().next(),
        Some("value rejected: Basic dXNl…")
    );
}

#[test]
fn one_character_is_singular() {
    let r = check(b"APIKey 29841_c");
    assert_eq!(
        r.diagnostics().next().unwrap().message().to_string(),
        "the secret is 1 character long, shorter than 32: the token is cut short"
    );
}

/// A token input is hidden after its id, separator and 4 characters to the end of its line,
/// however many words it has, in `Display` and `Debug` alike; the line ending stays visible.
#[test]
fn a_token_input_is_hidden_to_its_line_end() {
    let report = gcore_auth::check_token(b"29841_0123 4567 89ab cdef\n");
    let shown = report.to_string();
    assert!(
        shown.starts_with("token rejected: 29841_0123…\\n\n"),
        "{shown}"
    );
    let debug = format!("{report:?}");
    assert!(debug.contains("input: 29841_0123…\\n,"), "{debug}");
    for hidden in ["4567", "89ab", "cdef"] {
        assert!(
            !shown.contains(hidden) && !debug.contains(hidden),
            "{hidden}"
        );
    }
    // After a line ending, the rule alone applies.
    let report = gcore_auth::check_token(b"29841_0123 4567\r\nplain words");
    assert!(
        report
            .to_string()
            .starts_with("token rejected: 29841_0123…\\r\\nplain words\n"),
        "{report}"
    );
}

/// A malformed token's id can be anything before its separator: it prints through the
/// redaction rule, and so does nothing else of the input in `Debug` of `Hidden`.
#[test]
fn a_malformed_token_id_is_redacted_and_hidden_shows_no_bytes() {
    let input = tok("/x?apikey=qwertyuiopasdfghjklzx$a");
    let report = gcore_auth::check_token(input.as_bytes());
    let Some(gcore_auth::Credential::Permanent(t)) = report.credential() else {
        panic!("{report:?}")
    };
    assert_eq!(t.to_string(), "/x?apikey=qwer…$a");
    let debug = format!("{t:?}");
    assert!(
        debug.starts_with("PermanentToken { id: \"/x?apikey=qwer…\", "),
        "{debug}"
    );
    let hidden = format!("{:?}", gcore_auth::Hidden::new(input.as_bytes(), &[]));
    assert_eq!(hidden, "Hidden { len: 33, shown_up_to: 0, .. }");
}

/// A byte that is not UTF-8 is a character of its own: a diagnosis about it points at that
/// byte alone (not at the byte before, whatever its bits) and names it by value.
#[test]
fn an_invalid_byte_in_a_token_is_named_and_pointed_at_alone() {
    let cases: [(&[u8], Code, std::ops::Range<usize>, &str); 4] = [
        (
            b"APIKey 29841_\x91abcdef0123456789abcdef0123456789abcdef",
            Code::TokenSecretCharset,
            13..14,
            "error[token-secret-charset]: byte 0x91 (not valid UTF-8) at offset 0 of the secret is not a lowercase hex digit",
        ),
        (
            b"APIKey 29841_0123\x91456789abcdef0123456789abcdef",
            Code::TokenSecretCharset,
            17..18,
            "error[token-secret-charset]: byte 0x91 (not valid UTF-8) at offset 4 of the secret is not a lowercase hex digit",
        ),
        (
            b"APIKey 2\x91841_0123456789abcdef0123456789abcdef",
            Code::TokenIdInvalid,
            8..9,
            "error[token-id-invalid]: byte 0x91 (not valid UTF-8) at offset 1 of the token id is not a digit",
        ),
        (
            b"APIKey 29841_0123\xe2\x80\x93456789abcdef0123456789abcdef",
            Code::TokenSecretCharset,
            17..20,
            "error[token-secret-charset]: '-' (U+002D) at offset 4 of the secret is not a lowercase hex digit",
        ),
    ];
    for (input, code, span, text) in cases {
        let report = check(input);
        let d = report
            .diagnostics()
            .find(|d| d.code() == code)
            .unwrap_or_else(|| panic!("no {code} in {report}"));
        assert_eq!(d.span().start..d.span().end, span, "{report}");
        assert_eq!(d.to_string(), text);
    }
}

/// A value that needs cleaning is cleaned when it fits the view's 256 bytes (one pasted
/// character, one diagnosis); a longer one is read as it is, each character still diagnosed.
#[test]
fn a_long_value_with_a_pasted_character_is_read_raw() {
    let short = tok("APIKey\u{a0}29841_{HEX}");
    let codes = |v: &str| -> Vec<&'static str> {
        check(v.as_bytes())
            .diagnostics()
            .map(|d| d.code().as_str())
            .collect()
    };
    assert_eq!(codes(&short), ["non-ascii"]);
    let long = tok("APIKey\u{a0}29841_{HEX}{HEX}");
    assert!(long.len() > 256);
    assert_eq!(
        codes(&long),
        [
            "non-ascii",
            "scheme-missing",
            "token-id-invalid",
            "token-secret-length"
        ]
    );
}

/// A word a message quotes is redacted as it stands in its input: `x29841_fddb9` alone does
/// not look like a secret, but as the first piece of a token split by spaces it is one.
#[test]
fn a_quoted_word_is_redacted_as_it_stands_in_its_input() {
    let split = "x29841_fddb9 4c4cd 0a1b2 c3d4e 5f6a7 b8c9d 0e1f2 a3b4c";
    let report = check(split.as_bytes());
    let d = report.diagnostics().next().unwrap();
    assert_eq!(d.code(), Code::SchemeUnknown);
    assert_eq!(
        d.to_string(),
        "error[scheme-unknown]: unknown scheme `x298…`"
    );
    // Alone, the same word is shown whole.
    let alone = check(b"x29841_fddb9 abc");
    let d = alone.diagnostics().next().unwrap();
    assert_eq!(
        d.to_string(),
        "error[scheme-unknown]: unknown scheme `x29841_fddb9`"
    );
}
