//! Byte classes as `const` 256-entry tables, and the SWAR loop over a secret's hex run.

/// ASCII digit.
pub(crate) const DIGIT: u8 = 1;
/// Lowercase hex digit.
pub(crate) const LHEX: u8 = 2;
/// RFC 9110 `tchar`: a header name or scheme character.
pub(crate) const TCHAR: u8 = 4;
/// base64url alphabet (`A-Z a-z 0-9 - _`).
pub(crate) const B64URL: u8 = 8;
/// Space or horizontal tab.
pub(crate) const WS: u8 = 16;
/// Control byte other than horizontal tab.
pub(crate) const CTL: u8 = 32;
/// Identifier character of a variable name (`A-Z a-z 0-9 _`).
pub(crate) const IDENT: u8 = 64;
/// A byte that can start an elision in a placeholder (`.`, `*`, `x`, `X`, the lead byte of `…`).
pub(crate) const ELIDE: u8 = 128;

const fn build() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut c = 0;
        if b.is_ascii_digit() {
            c |= DIGIT | LHEX;
        }
        if b >= b'a' && b <= b'f' {
            c |= LHEX;
        }
        if b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            )
        {
            c |= TCHAR;
        }
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            c |= B64URL;
        }
        if b == b' ' || b == b'\t' {
            c |= WS;
        }
        if (b < 0x20 && b != b'\t') || b == 0x7f {
            c |= CTL;
        }
        if b.is_ascii_alphanumeric() || b == b'_' {
            c |= IDENT;
        }
        if matches!(b, b'.' | b'*' | b'x' | b'X' | 0xE2) {
            c |= ELIDE;
        }
        t[i] = c;
        i += 1;
    }
    t
}

/// The class bits of every byte.
pub(crate) static CLASS: [u8; 256] = build();

/// True when `b` has any of the class bits in `mask`.
#[inline(always)]
pub(crate) fn is(b: u8, mask: u8) -> bool {
    CLASS[b as usize] & mask != 0
}

/// The length of the run of bytes of class `mask` at the start of `bytes`.
#[inline]
pub(crate) fn run(bytes: &[u8], mask: u8) -> usize {
    bytes
        .iter()
        .position(|&b| !is(b, mask))
        .unwrap_or(bytes.len())
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// High bit of each byte set where that byte is within `lo..=hi`; `x` must be all ASCII.
#[inline(always)]
const fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let ge_lo = x.wrapping_add(ONES * (0x80 - lo as u64));
    let gt_hi = x.wrapping_add(ONES * (0x7f - hi as u64));
    ge_lo & !gt_hi & HIGH
}

/// The little-endian words of the whole 8-byte chunks of `bytes`, and what is left over.
#[inline(always)]
fn words(bytes: &[u8]) -> (impl Iterator<Item = u64> + '_, &[u8]) {
    let chunks = bytes.chunks_exact(8);
    let rest = chunks.remainder();
    let words = chunks.map(|chunk| {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        u64::from_le_bytes(word)
    });
    (words, rest)
}

/// The index of the first byte that `hit` marks (its high bit set in `hit`'s result), eight
/// bytes at a time; bytes of the leftover tail are judged by `plain`. `hit` may mark bytes
/// after the first one wrongly (carries run upwards), never before it.
#[inline(always)]
fn first(bytes: &[u8], hit: impl Fn(u64) -> u64, plain: impl Fn(u8) -> bool) -> usize {
    let (words, rest) = words(bytes);
    let mut done = 0;
    for x in words {
        let h = hit(x) & HIGH;
        if h != 0 {
            return done + (h.trailing_zeros() / 8) as usize;
        }
        done += 8;
    }
    done + rest.iter().position(|&b| plain(b)).unwrap_or(rest.len())
}

/// High bit of each byte set where that byte equals `b`, exactly (no carry between bytes).
#[inline(always)]
const fn eq_byte(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * b as u64);
    !(((y & !HIGH).wrapping_add(!HIGH)) | y) & HIGH
}

/// Bytes judged per block by [`blocks`].
#[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64"))]
const BLOCK: usize = 32;

/// How many whole blocks at the start of `bytes` have no byte that `bad` marks: each block is
/// judged with no branch per byte (so `bad` combines its tests with `|` and `&`, not `||` and
/// `&&`), and the compiler can use vector instructions. The caller
/// finds the first marked byte within the block that follows, eight bytes at a time.
///
/// Only on targets with vector units: elsewhere (a Cortex-M, say) the unrolled blocks would
/// cost flash and gain nothing over eight bytes at a time, so no block is judged.
#[inline(always)]
#[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64"))]
fn blocks(bytes: &[u8], bad: impl Fn(u8) -> bool) -> usize {
    let mut done = 0;
    for block in bytes.chunks_exact(BLOCK) {
        if block.iter().fold(0u8, |acc, &b| acc | u8::from(bad(b))) != 0 {
            break;
        }
        done += BLOCK;
    }
    done
}

#[inline(always)]
#[cfg(not(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64")))]
fn blocks(_: &[u8], _: impl Fn(u8) -> bool) -> usize {
    0
}

/// The length of the lowercase-hex run at the start of `bytes`: whole blocks at a time, then
/// eight bytes at a time (SWAR) within the block that ends the run.
#[inline]
pub(crate) fn lhex_run(bytes: &[u8]) -> usize {
    // `b - '0' < 10` or `b - 'a' < 6`, unsigned: one compare each, no branch.
    let done = blocks(bytes, not_lhex);
    done + lhex_run_swar(&bytes[done..])
}

// The block tests of the scans: each must mark exactly the bytes its scan stops at (a test
// holds them to the class table), with no branch per byte.

/// Not a lowercase hex digit: `b - '0' < 10` or `b - 'a' < 6`, unsigned, fails.
#[inline(always)]
fn not_lhex(b: u8) -> bool {
    (b.wrapping_sub(b'0') >= 10) & (b.wrapping_sub(b'a') >= 6)
}

/// A space or a tab.
#[inline(always)]
fn blank(b: u8) -> bool {
    (b == b' ') | (b == b'\t')
}

/// Not printable ASCII (`0x20..=0x7e`).
#[inline(always)]
fn not_printable(b: u8) -> bool {
    b.wrapping_sub(0x20) >= 0x5f
}

/// A byte that can start an elision: `.`, `*`, `x`, `X` or 0xE2 (the lead byte of `…`).
#[inline(always)]
fn elides(b: u8) -> bool {
    (b == b'.') | (b == b'*') | (b | 0x20 == b'x') | (b == 0xE2)
}

/// [`lhex_run`] eight bytes at a time.
#[inline]
fn lhex_run_swar(bytes: &[u8]) -> usize {
    // A non-ASCII byte is marked by its own high bit; `in_range` is exact on ASCII bytes.
    first(
        bytes,
        |x| x | !(in_range(x, b'0', b'9') | in_range(x, b'a', b'f')),
        |b| !is(b, LHEX),
    )
}

/// The index of the first space or tab in `bytes` (or its length), eight bytes at a time.
#[inline]
pub(crate) fn find_ws(bytes: &[u8]) -> usize {
    let done = blocks(bytes, blank);
    done + first(
        &bytes[done..],
        |x| eq_byte(x, b' ') | eq_byte(x, b'\t'),
        |b| b == b' ' || b == b'\t',
    )
}

/// The length of the run of printable ASCII (`0x20..=0x7e`) at the start of `bytes`, eight
/// bytes at a time.
#[inline]
pub(crate) fn printable_run(bytes: &[u8]) -> usize {
    let done = blocks(bytes, not_printable);
    done + first(
        &bytes[done..],
        |x| x | !in_range(x, 0x20, 0x7e),
        |b| !(0x20..0x7f).contains(&b),
    )
}

/// True when `bytes` has a byte that can start an elision (`.`, `*`, `x`, `X`, or 0xE2, the
/// lead byte of `…`), eight bytes at a time.
#[inline]
pub(crate) fn has_elision(bytes: &[u8]) -> bool {
    // `| 0x20` folds `X` onto `x` and nothing else onto it.
    let hit = |x: u64| {
        eq_byte(x, b'.') | eq_byte(x, b'*') | eq_byte(x | (ONES * 0x20), b'x') | eq_byte(x, 0xE2)
    };
    let done = blocks(bytes, elides);
    done + first(&bytes[done..], hit, |b| is(b, ELIDE)) < bytes.len()
}

/// How many times `needle` occurs in `bytes`, eight bytes at a time.
#[inline]
pub(crate) fn count_byte(bytes: &[u8], needle: u8) -> usize {
    let (words, rest) = words(bytes);
    let whole: u32 = words.map(|x| eq_byte(x, needle).count_ones()).sum();
    whole as usize + rest.iter().filter(|&&b| b == needle).count()
}

/// The plain loop [`lhex_run`] must equal.
#[cfg(test)]
pub(crate) fn lhex_run_plain(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        .unwrap_or(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each block test marks exactly the bytes its scan stops at.
    #[test]
    fn the_block_tests_mark_what_the_scans_stop_at() {
        for b in 0..=255u8 {
            assert_eq!(not_lhex(b), !is(b, LHEX), "{b}");
            assert_eq!(blank(b), b == b' ' || b == b'\t', "{b}");
            assert_eq!(not_printable(b), !(0x20..0x7f).contains(&b), "{b}");
            assert_eq!(elides(b), is(b, ELIDE), "{b}");
        }
    }

    /// Whole blocks of unmarked bytes are skipped, up to the block holding a marked one.
    #[test]
    #[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "aarch64"))]
    fn blocks_skip_whole_blocks_of_unmarked_bytes() {
        let mut bytes = [b'a'; 100];
        assert_eq!(blocks(&bytes, blank), 96);
        bytes[70] = b' ';
        assert_eq!(blocks(&bytes, blank), 64);
        bytes[0] = b' ';
        assert_eq!(blocks(&bytes, blank), 0);
        assert_eq!(blocks(&bytes[..31], not_printable), 0);
    }
    use proptest::prelude::*;

    #[test]
    fn every_byte_in_a_block_word_and_tail_is_judged() {
        // Eight bytes: one word alone. Forty-three: a whole 32-byte block, a word, a tail.
        let long = b"0123456789abcdef0123456789abcdef0123456789a";
        for run in [&b"0123abcd"[..], &long[..]] {
            for b in 0..=255u8 {
                for pos in 0..run.len() {
                    let mut w = run.to_vec();
                    w[pos] = b;
                    assert_eq!(lhex_run(&w), lhex_run_plain(&w), "byte {b:#x} at {pos}");
                }
            }
        }
    }

    #[test]
    fn whitespace_and_printable_runs_are_exact() {
        for b in 0..=255u8 {
            for pos in 0..12 {
                let mut w = *b"abcdefghijkl";
                w[pos] = b;
                let ws = w
                    .iter()
                    .position(|&c| c == b' ' || c == b'\t')
                    .unwrap_or(12);
                assert_eq!(find_ws(&w), ws, "byte {b:#x} at {pos}");
                let printable = w
                    .iter()
                    .position(|c| !(0x20..0x7f).contains(c))
                    .unwrap_or(12);
                assert_eq!(printable_run(&w), printable, "byte {b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn elisions_and_counts_are_exact() {
        for b in 0..=255u8 {
            for pos in 0..12 {
                let mut w = *b"0123456789ab";
                w[pos] = b;
                assert_eq!(
                    has_elision(&w),
                    w.iter().any(|&c| is(c, ELIDE)),
                    "byte {b:#x} at {pos}"
                );
                let dots = w.iter().filter(|&&c| c == b'.').count();
                assert_eq!(count_byte(&w, b'.'), dots, "byte {b:#x} at {pos}");
            }
        }
    }

    proptest! {
        #[test]
        fn swar_runs_equal_plain_loops(bytes in proptest::collection::vec(
            prop_oneof![Just(b' '), Just(b'\t'), Just(0x7f), Just(0x1f), Just(b'a'), any::<u8>()], 0..64)) {
            prop_assert_eq!(find_ws(&bytes), bytes.iter().position(|&c| c == b' ' || c == b'\t').unwrap_or(bytes.len()));
            prop_assert_eq!(printable_run(&bytes), bytes.iter().position(|c| !(0x20..0x7f).contains(c)).unwrap_or(bytes.len()));
        }

        #[test]
        fn swar_equals_plain(bytes in proptest::collection::vec(
            prop_oneof![8 => Just(b'a'), 8 => Just(b'f'), 8 => Just(b'0'), 8 => Just(b'9'), 1 => any::<u8>()], 0..160)) {
            prop_assert_eq!(lhex_run(&bytes), lhex_run_plain(&bytes));
        }
    }
}
