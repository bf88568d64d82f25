//! The words the grammar and the redaction rule know, as data: header names, scheme words,
//! variable and placeholder forms, and the names that hold tokens or secrets. Also the two
//! ways words are compared: ASCII case-insensitive containment and a capped edit distance.
//!
//! Depends only on the byte classes.

use crate::class::{self, DIGIT};

/// The one header the API reads.
pub(crate) const AUTHORIZATION: &[u8] = b"authorization";

/// Other headers people put a Gcore token in.
pub(crate) const ALTERNATIVE_NAMES: &[&[u8]] = &[
    b"x-api-key",
    b"api-key",
    b"apikey",
    b"api_key",
    b"x-apikey",
    b"x-auth-token",
    b"x-auth",
    b"auth",
    b"token",
    b"x-token",
    b"x-api-token",
    b"api-token",
    b"authentication",
    b"x-authentication",
    b"x-authorization",
    b"proxy-authorization",
    b"x-gcore-api-key",
    b"gcore-api-key",
    b"permanent-token",
    b"bearer",
];

/// The scheme of permanent tokens, as every official client spells it.
pub(crate) const APIKEY: &[u8] = b"APIKey";
/// The scheme of JWTs, the only spelling the API matches.
pub(crate) const BEARER: &[u8] = b"Bearer";

/// How a scheme word is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SchemeWord {
    /// `APIKey` or `Bearer`, in any letter case.
    Ours,
    /// A scheme people send instead: what follows it is a credential.
    Credential,
    /// A scheme people send instead, followed by a credential only when it looks like one
    /// (`Token`, `Basic` and `JWT` are also ordinary words in prose).
    CredentialIfMaterial,
    /// A scheme people send instead, not read as a credential's opener by the redaction rule.
    Known,
}

/// Every scheme word known, lowercase, with how it is treated.
pub(crate) const SCHEMES: &[(&[u8], SchemeWord)] = &[
    (b"apikey", SchemeWord::Ours),
    (b"bearer", SchemeWord::Ours),
    (b"api-key", SchemeWord::Credential),
    (b"token", SchemeWord::CredentialIfMaterial),
    (b"basic", SchemeWord::CredentialIfMaterial),
    (b"jwt", SchemeWord::CredentialIfMaterial),
    (b"digest", SchemeWord::Known),
    (b"key", SchemeWord::Known),
    (b"api_key", SchemeWord::Known),
    (b"apitoken", SchemeWord::Known),
    (b"api-token", SchemeWord::Known),
    (b"oauth", SchemeWord::Known),
    (b"hmac", SchemeWord::Known),
    (b"negotiate", SchemeWord::Known),
    (b"gcore", SchemeWord::Known),
];

/// How `word` is treated as a scheme, in any letter case.
pub(crate) fn scheme_word(word: &[u8]) -> Option<SchemeWord> {
    SCHEMES
        .iter()
        .find(|(w, _)| word.eq_ignore_ascii_case(w))
        .map(|&(_, s)| s)
}

/// Words that, with their letters squeezed out of punctuation, mean `APIKey`.
pub(crate) const APIKEY_SQUEEZED: &[&[u8]] = &[b"apikey", b"apitoken", b"key"];

/// Code that reads an environment variable, written where its value should be.
pub(crate) const VARIABLE_CODE: &[&[u8]] = &[
    b"os.environ",
    b"os.getenv(",
    b"process.env.",
    b"process.env[",
    b"env::var(",
    b"std::env::var(",
    b"System.getenv(",
    b"Environment.GetEnvironmentVariable(",
    b"ENV[",
    b"ENV.fetch(",
    b"getenv(",
];

/// Documentation examples that are never real tokens, matched whole in any letter case.
pub(crate) const EXAMPLES: &[&[u8]] = &[
    b"1234_abcdef",
    b"1234$abcdef",
    b"7711_eyJ0eXAiOiJKV",
    b"7711$eyJ0eXAiOiJKV",
    b"changeme",
    b"change-me",
    b"redacted",
];

/// Elisions that mark a shortened example (a secret never holds them).
pub(crate) const ELISIONS: &[&[u8]] = &[b"...", "…".as_bytes(), b"xxxx", b"****"];

/// A placeholder word names one of these (`YOUR_API_KEY`, `api-token`, `secret`).
pub(crate) const PLACEHOLDER_NOUNS: &[&[u8]] = &[b"key", b"token", b"secret"];

/// A variable or placeholder naming one of these holds a permanent token.
pub(crate) const PERMANENT_PARTS: &[&[u8]] = &[b"api_key", b"apikey", b"api-key", b"permanent"];

/// A placeholder naming one of these, whatever joins its letters, stands for a permanent token.
pub(crate) const PERMANENT_PLACEHOLDER_WORDS: &[&[u8]] = &[b"apikey", b"apitoken", b"permanent"];

/// The environment variables real tools read a Gcore token from, `GCORE_API_KEY` first.
///
/// `GCORE_API_KEY`: gcore-python, gcore-go, terraform provider v2, the docs;
/// `GCORE_PERMANENT_TOKEN`: terraform provider v0; `GCORE_PERMANENT_API_TOKEN`: lego,
/// external-dns; `GCORE_APIKEY`: gcore-cli; `GCLOUD_API_TOKEN`: gcorelabscloud-go;
/// `CLOUD_API_KEY`: the ansible collection; `GCORE_TOKEN`: octodns-gcore; `GCORE_API_TOKEN`:
/// FastEdge tooling.
pub const TOKEN_VARIABLES: &[&str] = &[
    "GCORE_API_KEY",
    "GCORE_PERMANENT_TOKEN",
    "GCORE_PERMANENT_API_TOKEN",
    "GCORE_APIKEY",
    "GCLOUD_API_TOKEN",
    "CLOUD_API_KEY",
    "GCORE_TOKEN",
    "GCORE_API_TOKEN",
];

/// A name ending in one of these holds a secret (`GCORE_API_KEY`, `access_token`).
const SECRET_NAME_ENDS: &[&[u8]] = &[
    b"key",
    b"token",
    b"secret",
    b"password",
    b"passwd",
    b"pwd",
    b"credentials",
    b"credential",
];

/// A name that holds a secret: it ends with one of [`SECRET_NAME_ENDS`] (`GCORE_API_KEY`,
/// `apiKey`, `x-api-key`, `access_token`), and is not the bare word `key`.
pub(crate) fn secret_name(name: &[u8]) -> bool {
    let ends = |suffix: &[u8]| {
        name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    !name.eq_ignore_ascii_case(b"key") && SECRET_NAME_ENDS.iter().any(|s| ends(s))
}

/// True for a variable name that holds a permanent token: one of [`TOKEN_VARIABLES`], or a
/// name containing `API_KEY`, `APIKEY`, `API-KEY` or `PERMANENT` (any letter case).
pub(crate) fn permanent_name(name: &[u8]) -> bool {
    // The parts first: they decide most names, `GCORE_API_KEY` among them.
    PERMANENT_PARTS.iter().any(|p| contains_ci(name, p))
        || TOKEN_VARIABLES
            .iter()
            .any(|v| contains_ci(name, v.as_bytes()))
}

/// True when a placeholder names a permanent API token rather than any token: a permanent
/// token's shape (`29841_c767...`), or `api key`, `api token` or `permanent` in it whatever
/// joins the words (`your-api-key`, `{YOUR_API_KEY}`, `<API token>`, `apiKey`).
pub(crate) fn names_permanent(w: &[u8]) -> bool {
    let id = class::run(w, DIGIT);
    (id > 0 && matches!(w.get(id), Some(b'_' | b'$')))
        || PERMANENT_PLACEHOLDER_WORDS
            .iter()
            .any(|p| contains_squeezed(w, p))
}

/// `word` (lowercase letters) occurs in `hay` read by its letters and digits alone, every
/// other byte skipped, ASCII case-insensitively: `API-Key` holds `apikey`.
pub(crate) fn contains_squeezed(hay: &[u8], word: &[u8]) -> bool {
    (0..hay.len())
        .filter(|&s| hay[s].is_ascii_alphanumeric())
        .any(|s| {
            let mut letters = hay[s..].iter().filter(|b| b.is_ascii_alphanumeric());
            word.iter()
                .all(|w| letters.next().is_some_and(|b| b.eq_ignore_ascii_case(w)))
        })
}

/// A word of letters, `_` and `-` that names a key or token: `YOUR_API_KEY`, `api-token`.
pub(crate) fn placeholder_word(w: &[u8]) -> bool {
    w.iter()
        .all(|&c| c.is_ascii_alphabetic() || c == b'_' || c == b'-')
        && PLACEHOLDER_NOUNS.iter().any(|k| contains_ci(w, k))
}

/// `needle` occurs in `hay`, ASCII case-insensitively.
pub(crate) fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// `Authorization` in any case, or within two edits of it.
pub(crate) fn near_authorization(word: &[u8]) -> bool {
    word.len() < 24 && edit_distance_ci(word, AUTHORIZATION) <= 2
}

/// Optimal-string-alignment distance (edits: insert, delete, substitute, swap two neighbours),
/// ASCII case-insensitive, capped at 3: the callers only ask whether two words of fewer than
/// 24 bytes are within two edits. Words of 25 bytes or more, words whose lengths differ by
/// more than 2, and words whose letters differ too much to be two edits apart are 3 at once;
/// otherwise only the band of cells within two of the diagonal is computed, on lowercased
/// copies.
pub(crate) fn edit_distance_ci(a: &[u8], b: &[u8]) -> usize {
    const N: usize = 25;
    const FAR: u8 = 3;
    if a.len() >= N || b.len() >= N || a.len().abs_diff(b.len()) > 2 || !letters_close(a, b) {
        return usize::from(FAR);
    }
    let mut la = [0u8; N];
    let mut lb = [0u8; N];
    for (d, s) in la.iter_mut().zip(a) {
        *d = s.to_ascii_lowercase();
    }
    for (d, s) in lb.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    let (a, b) = (&la[..a.len()], &lb[..b.len()]);
    let mut before = [FAR; N];
    let mut prev = [FAR; N];
    for (j, cell) in prev.iter_mut().enumerate().take(b.len().min(2) + 1) {
        *cell = j as u8;
    }
    for i in 1..=a.len() {
        let mut cur = [FAR; N];
        if i <= 2 {
            cur[0] = i as u8;
        }
        for j in i.saturating_sub(2).max(1)..=(i + 2).min(b.len()) {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            cur[j] = v.min(FAR);
        }
        before = prev;
        prev = cur;
    }
    usize::from(prev[b.len()])
}

/// A necessary condition for two edits: the letter counts of `a` and `b` differ by at most 4
/// in all (a substitution moves two counts by one, an insertion or deletion one, a swap
/// none). Counted in 32 buckets by the low five bits of the lowercased byte: bytes that share
/// a bucket only hide differences, so the condition stays necessary.
fn letters_close(a: &[u8], b: &[u8]) -> bool {
    let mut count = [0i8; 32];
    for &c in a {
        count[usize::from(c.to_ascii_lowercase() & 31)] += 1;
    }
    for &c in b {
        count[usize::from(c.to_ascii_lowercase() & 31)] -= 1;
    }
    count.iter().map(|c| c.unsigned_abs() as u32).sum::<u32>() <= 4
}

#[cfg(test)]
mod tests {
    use super::{edit_distance_ci, letters_close};
    use proptest::prelude::*;
    use std::vec::Vec;

    /// The full table, for reference.
    fn plain(a: &[u8], b: &[u8]) -> usize {
        let (a, b): (Vec<u8>, Vec<u8>) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
        let mut d = std::vec![std::vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn the_distance_equals_the_full_table_up_to_three(
            a in "[a-dA-D]{0,12}", b in "[a-dA-D]{0,12}",
        ) {
            prop_assert_eq!(edit_distance_ci(a.as_bytes(), b.as_bytes()), plain(a.as_bytes(), b.as_bytes()).min(3));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Words a few edits apart, where the answer is most often 1 or 2.
        #[test]
        fn near_words_too(
            a in "[a-cA-C]{0,12}",
            edits in proptest::collection::vec((0u8..4, any::<prop::sample::Index>(), "[a-cA-C]"), 0..4),
        ) {
            let mut b: Vec<u8> = a.clone().into_bytes();
            for (op, at, c) in edits {
                let c = c.as_bytes()[0];
                let i = at.index(b.len() + 1);
                match op {
                    0 => b.insert(i, c),
                    1 if i < b.len() => { b.remove(i); }
                    2 if i < b.len() => b[i] = c,
                    3 if i + 1 < b.len() => b.swap(i, i + 1),
                    _ => {}
                }
            }
            prop_assert_eq!(edit_distance_ci(a.as_bytes(), &b), plain(a.as_bytes(), &b).min(3));
        }
    }

    /// The letter-count filter lets through words two edits apart and stops words that are
    /// far apart, so the table is computed only for near words.
    #[test]
    fn letter_counts_settle_far_words() {
        assert!(letters_close(b"Token", b"tokne"));
        assert!(letters_close(b"apikey", b"APIKEy"));
        assert!(letters_close(b"apikey", b"apkiey"));
        assert!(letters_close(b"bearer", b"baerr"));
        assert!(letters_close(b"abcd", b"abxy"));
        assert!(!letters_close(b"abcd", b"axyz"));
        assert!(!letters_close(b"Token", b"apikey"));
        assert!(!letters_close(b"Token", b"bearer"));
        assert!(!letters_close(b"", b"abcde"));
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance_ci(b"Authorization", b"authorization"), 0);
        assert_eq!(edit_distance_ci(b"Authorisation", b"authorization"), 1);
        assert_eq!(edit_distance_ci(b"Authroization", b"authorization"), 1);
        assert_eq!(edit_distance_ci(b"Authorizaton", b"authorization"), 1);
        assert_eq!(edit_distance_ci(b"Athorizaton", b"authorization"), 2);
        assert_eq!(edit_distance_ci(b"Authentication", b"authorization"), 3);
        assert_eq!(edit_distance_ci(b"ab", b"ba"), 1);
        assert_eq!(edit_distance_ci(b"", b"ab"), 2);
        assert_eq!(edit_distance_ci(b"abc", b""), 3);
        assert_eq!(edit_distance_ci(b"ApiKye", b"apikey"), 1);
        assert!(edit_distance_ci(b"Token", b"authorization") > 2);
        assert_eq!(edit_distance_ci(&[b'a'; 40], b"a"), 3);
        assert_eq!(edit_distance_ci(&[b'a'; 25], &[b'a'; 24]), 3);
        assert_eq!(edit_distance_ci(&[b'a'; 24], &[b'A'; 23]), 1);
    }
}
