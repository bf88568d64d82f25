//! Permanent tokens written into files: `<id>_<secret>` or `<id>$<secret>` with a long
//! lowercase hex secret.

use std::ops::Range;
use std::sync::OnceLock;

use regex_lite::Regex;

/// A real-looking permanent token found in a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Leak {
    /// The whole token.
    pub(crate) token: Range<usize>,
    /// The secret (after the separator).
    pub(crate) secret: Range<usize>,
}

/// A token starting a word, or glued to the scheme before it (`APIKey29841_…`). A `$` may be
/// escaped (`29841\$…` in double quotes keeps it for the shell).
fn shape() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:\b|(?i:apikey|bearer))([0-9]+)(?:_|\\?\$)([0-9a-f]{32,})\b")
            .expect("the token pattern compiles")
    })
}

/// The secret length every complete token has.
pub(crate) const SECRET_LEN: usize = 128;

/// True when the line names Gcore: `APIKey`, `GCORE_`, `gcore` or `Authorization`.
pub(crate) fn gcore_context(line: &[u8]) -> bool {
    ["apikey", "gcore", "authorization"]
        .iter()
        .any(|k| find_ci(line, k.as_bytes()).is_some())
}

/// Every real-looking permanent token in `line`: a secret of exactly 128 lowercase hex
/// characters anywhere, or of 32 or more on a line with Gcore context. Documentation examples
/// and made-up secrets (one character repeated, a repeating pattern) are left out.
pub(crate) fn leaks(line: &[u8]) -> Vec<Leak> {
    // The pattern is slow to run, and most lines hold no 32 lowercase hex digits in a row,
    // which every secret it finds needs (looked for before the line's UTF-8 is checked).
    if !has_hex_run(line, 32) {
        return Vec::new();
    }
    let Ok(text) = std::str::from_utf8(line) else {
        // Tokens are ASCII: scan the longest valid stretches.
        let mut out = Vec::new();
        let mut at = 0;
        for chunk in line.utf8_chunks() {
            let valid = chunk.valid();
            for mut l in leaks(valid.as_bytes()) {
                l.token = l.token.start + at..l.token.end + at;
                l.secret = l.secret.start + at..l.secret.end + at;
                out.push(l);
            }
            at += valid.len() + chunk.invalid().len();
        }
        return out;
    };
    let mut context = None;
    let mut out = Vec::new();
    for c in shape().captures_iter(text) {
        let (Some(all), Some(id), Some(secret)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let len = secret.len();
        if len != SECRET_LEN && !*context.get_or_insert_with(|| gcore_context(line)) {
            continue;
        }
        if made_up(secret.as_str().as_bytes()) {
            continue;
        }
        out.push(Leak {
            token: id.start()..all.end(),
            secret: secret.start()..secret.end(),
        });
    }
    out
}

/// True when `line` holds `n` (at least 1) lowercase hex digits in a row. Such a run covers a
/// position that is a multiple of `n`, so only those positions are looked at first.
fn has_hex_run(line: &[u8], n: usize) -> bool {
    let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let mut i = n - 1;
    while i < line.len() {
        if hex(line[i]) {
            let mut s = i;
            while s > 0 && hex(line[s - 1]) {
                s -= 1;
            }
            let mut e = i + 1;
            while e < line.len() && hex(line[e]) && e - s < n {
                e += 1;
            }
            if e - s >= n {
                return true;
            }
            // No run through `i`: the next one starts after `e`.
            i = e + n;
        } else {
            i += n;
        }
    }
    false
}

/// A secret nobody was issued: few distinct characters or a short repeating pattern.
pub(crate) fn made_up(secret: &[u8]) -> bool {
    let mut seen = [false; 256];
    for &b in secret {
        seen[b as usize] = true;
    }
    let distinct = seen.iter().filter(|&&s| s).count();
    if distinct < 6 {
        return true;
    }
    (1..=secret.len() / 2)
        .any(|p| secret.len().is_multiple_of(p) && secret[p..] == secret[..secret.len() - p])
        || secret
            .windows(8)
            .any(|w| w == b"01234567" || w == b"deadbeef" || w == b"abcdef01")
}

/// The first position of `needle` (lowercase ASCII) in `hay`, ignoring ASCII case.
pub(crate) fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let up = first.to_ascii_uppercase();
    let mut from = 0;
    while let Some(p) = memchr::memchr2(first, up, &hay[from..]) {
        let at = from + p;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const S64: &str = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366";
    const T64: &str = "9f1c2b7d04e8a35f6c0d9e2b817a4c53f0e6d2a98b1c7e4f3a5d60c2b9e8f147";

    #[test]
    fn hex_runs_are_found_wherever_they_lie() {
        // Against the plain count, over lines of hex and other bytes in every arrangement a
        // small generator makes.
        let plain = |line: &[u8], n: usize| {
            let mut run = 0;
            line.iter().any(|&b| {
                run = if b.is_ascii_hexdigit() && !b.is_ascii_uppercase() {
                    run + 1
                } else {
                    0
                };
                run >= n
            })
        };
        let mut seed = 0x9e37_79b9_u32;
        let mut long_runs = 0;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let len = (seed % 90) as usize;
            // One byte in `rare` on average is not lowercase hex.
            let rare = 3 + (seed as usize >> 8) % 80;
            let line: Vec<u8> = (0..len)
                .map(|k| {
                    let r = (seed.rotate_left(k as u32 % 32) as usize).wrapping_mul(k + 1);
                    match r % rare {
                        0 => b"xA-"[r % 3],
                        _ => b"0123456789abcdef"[(r >> 4) % 16],
                    }
                })
                .collect();
            for n in [1, 4, 32] {
                assert_eq!(has_hex_run(&line, n), plain(&line, n), "{n} {line:?}");
            }
            long_runs += usize::from(plain(&line, 32));
        }
        // Both answers were asked for.
        assert!((100..19_000).contains(&long_runs), "{long_runs}");
        assert!(has_hex_run(&[b'a'; 32], 32));
        assert!(!has_hex_run(&[b'a'; 31], 32));
        assert!(has_hex_run(format!("zz{}", "f".repeat(32)).as_bytes(), 32));
        assert!(!has_hex_run(
            format!("{}z{}", "f".repeat(31), "f".repeat(31)).as_bytes(),
            32
        ));
    }

    #[test]
    fn finds_real_looking_tokens() {
        let line = format!("x = '29841_{S64}{T64}'");
        let l = leaks(line.as_bytes());
        assert_eq!(
            l,
            [Leak {
                token: 5..139,
                secret: 11..139
            }]
        );
        // 64 hex only with context.
        assert!(leaks(format!("key = '29841_{S64}'").as_bytes()).is_empty());
        assert_eq!(
            leaks(format!("GCORE_API_KEY=29841${S64}").as_bytes()).len(),
            1
        );
        // Cache keys and digests with underscores stay quiet.
        assert!(leaks(format!("cache_2_{S64}{T64}").as_bytes()).is_empty());
        assert!(leaks(format!("gcore 1_{S64}{T64}x").as_bytes()).is_empty());
        // Made-up secrets.
        assert!(leaks(format!("1_{S64}{S64}").as_bytes()).is_empty());
        assert!(leaks(format!("gcore 1_{}", "a".repeat(40)).as_bytes()).is_empty());
        // Glued to its scheme, or with the `$` escaped for a shell: still the token.
        let glued = format!("h = 'APIKey29841_{S64}{T64}'");
        assert_eq!(leaks(glued.as_bytes())[0].token, 11..145);
        let escaped = format!("curl -H \"Authorization: APIKey 29841\\${S64}{T64}\""); // gcore-auth-lint: allow
        let l = leaks(escaped.as_bytes());
        assert_eq!((l[0].token.start, l[0].secret.start), (31, 38));
        assert!(leaks(format!("'Tokens29841_{S64}{T64}'").as_bytes()).is_empty());
        assert!(made_up(b"0123456789abcdef0123456789abcdef"));
        assert!(has_hex_run(b"x 0123456789abcdef0123456789abcdef", 32));
        assert!(!has_hex_run(b"x 0123456789abcdef0123456789abcdeF", 32));
        assert!(!has_hex_run(b"0123456789abcdef-0123456789abcdef", 32));
        assert!(!made_up(S64.as_bytes()));
    }

    #[test]
    fn invalid_utf8_around_a_token() {
        let mut line = b"\xff\xfe gcore ".to_vec();
        line.extend_from_slice(format!("1_{S64}").as_bytes());
        assert_eq!(leaks(&line)[0].token, 9..75);
    }
}
