//! No rendering shows more of a secret than its id, separator and first 4 characters,
//! whatever the secret's shape and wherever it is written: the differential property of
//! [`props::redaction_shaped`] over generated secrets, shapes, positions and surroundings.

use gcore_auth_benches::props::{self, Embedding, Frame, Shape, Written};
use proptest::prelude::*;

/// Bytes that change how the surroundings read: quotes, separators, words, line ends.
fn around() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            Just(&b" "[..]),
            Just(&b"\""[..]),
            Just(&b"'"[..]),
            Just(&b"="[..]),
            Just(&b": "[..]),
            Just(&b"\n"[..]),
            Just(&b"curl -H "[..]),
            Just(&b"export "[..]),
            Just(&b"x"[..]),
            Just(&b"7"[..]),
            Just(&b"-"[..]),
            Just(&b"}"[..]),
            Just(&b"\\"[..]),
            Just("\u{200b}".as_bytes()),
        ],
        0..4,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_rendering_shows_a_hidden_character(
        frame in 0..Frame::ALL.len(),
        kind in any::<u8>(),
        detail in any::<u8>(),
        by in any::<u32>(),
        id in prop_oneof![Just(29841u64), 1u64..1_000_000, any::<u64>()],
        dollar in any::<bool>(),
        seed in any::<u64>(),
        long in any::<bool>(),
        twice in any::<bool>(),
        in_name in any::<bool>(),
        prefix in around(),
        suffix in around(),
    ) {
        let e = Embedding {
            prefix: &prefix,
            frame: Frame::ALL[frame],
            id,
            dollar,
            seed,
            secret_len: if long { 128 } else { 32 + (seed % 97) as usize },
            suffix: &suffix,
        };
        props::redaction_shaped(&e, Shape::pick_any(kind, detail, by), twice, in_name);
    }
}

/// Every shape in every position, once, with nothing around: the cases the issue reported.
#[test]
fn every_shape_in_every_position() {
    for frame in Frame::ALL {
        for kind in 0..8u8 {
            for detail in [
                0u8,
                7,
                16 + 7,
                32 + 7,
                48 + 7,
                64 + 7,
                112 + 7,
                128 + 7,
                144 + 7,
                160 + 7,
                192 + 7,
                3,
                1,
            ] {
                for (twice, in_name) in [(false, false), (true, false), (false, true)] {
                    props::redaction_shaped(
                        &Embedding {
                            prefix: b"",
                            frame,
                            id: 29841,
                            dollar: false,
                            seed: u64::from(kind) * 1000 + u64::from(detail),
                            secret_len: 128,
                            suffix: b"",
                        },
                        Shape::pick(kind, detail),
                        twice,
                        in_name,
                    );
                }
            }
        }
    }
}

/// Separators the issue reported (a sweep of 46 found 32 that leaked), and more of Unicode.
const JOINERS: [char; 48] = [
    '-',
    '.',
    '_',
    ':',
    ',',
    '/',
    '+',
    '=',
    '%',
    '~',
    '$',
    '\\',
    '|',
    ';',
    '&',
    '\'',
    '"',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    '<',
    '>',
    '#',
    '*',
    '!',
    '?',
    '@',
    '^',
    '`',
    '\u{b7}',
    '\u{2022}',
    '\u{ff0d}',
    '\u{2192}',
    '\u{2014}',
    '\u{a7}',
    '\u{b6}',
    '\u{20ac}',
    '\u{2605}',
    '\u{3001}',
    '\u{300c}',
    '\u{ff5c}',
    '\u{1f511}',
    '\u{301}',
    '\u{e000}',
    '\u{10ffff}',
];

/// Each of those separators, written each way, in every position: nothing shows.
#[test]
fn every_joiner_in_every_position() {
    for (j, by) in JOINERS.into_iter().enumerate() {
        for (w, written) in Written::ALL.into_iter().enumerate() {
            // Every position for the character itself; a few, in turn, for its encodings.
            let frames: Vec<Frame> = if written == Written::Plain {
                Frame::ALL.to_vec()
            } else {
                vec![Frame::ALL[(j + w) % Frame::ALL.len()]]
            };
            for frame in frames {
                for every in [3, 8] {
                    props::redaction_shaped(
                        &Embedding {
                            prefix: b"",
                            frame,
                            id: 29841,
                            dollar: false,
                            seed: (j * 100 + w * 10 + every) as u64,
                            secret_len: 128,
                            suffix: b"",
                        },
                        Shape::Joined { every, by, written },
                        false,
                        every == 8,
                    );
                }
            }
        }
    }
}

/// The generated separators are any character but letters, digits, spaces and control
/// characters, from every part of Unicode.
#[test]
fn joiners_come_from_all_of_unicode() {
    let picked: std::collections::BTreeSet<char> = (0..20_000u32).map(props::joiner).collect();
    for c in &picked {
        assert!(
            !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control(),
            "{c:?}"
        );
    }
    assert!(picked.len() > 10_000, "{}", picked.len());
    // ASCII punctuation, symbols and punctuation of other blocks, unassigned and private-use
    // characters.
    for c in ['|', '&', '\u{b7}', '\u{2022}', '\u{ff0d}', '\u{2192}'] {
        assert_eq!(
            (0..200_000u32).map(props::joiner).find(|&p| p == c),
            Some(c),
            "{c:?}"
        );
    }
    assert!(
        picked
            .iter()
            .any(|&c| ('\u{e000}'..='\u{f8ff}').contains(&c))
    );
    assert!(picked.iter().any(|&c| c > '\u{30000}'));
}
