//! The `serde` feature: a report serializes whole, and shows no more of a secret than
//! `Display` does. Run with `cargo test -p gcore-auth --features serde --test serde`.
#![cfg(feature = "serde")]

#[test]
fn a_report_serializes_with_its_reply_and_diagnoses() {
    let secret = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366";
    let value = format!("Bearer 29841_{secret}");
    let report = gcore_auth::check(value.as_bytes());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["kind"], "value");
    assert_eq!(json["accepted"], false);
    assert_eq!(json["reply"], "not-valid-for-any-token-type");
    assert_eq!(
        json["reply_text"],
        "Given token not valid for any token type"
    );
    assert_eq!(json["reply_basis"], "documented");
    assert_eq!(json["diagnostics"][0]["code"], "scheme-bearer");
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    assert_eq!(json["diagnostics"][0]["span"]["start"], 7);
    assert_eq!(json["credential"]["permanent"]["id"], "29841");
    assert_eq!(json["credential"]["permanent"]["secret"], "e330…");
    let text = json.to_string();
    assert!(!text.contains(&secret[4..12]), "{text}");
}

#[test]
fn the_echo_is_redacted() {
    let report = gcore_auth::check(b"APIKey \"29841$c767abcdef0123\"");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["reply_text"], "Bad permanent token: \"29841$c767…");
}
