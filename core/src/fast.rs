//! The fast path: one table-driven pass that recognises the canonical well-formed value
//! `APIKey <digits>_<lowercase hex>` (any letter case of `APIKey`, `_` or `$`). Anything else
//! is left to the diagnosis pass, so the answer always equals `check(value).is_accepted()`.

use crate::Policy;
use crate::class::{self, DIGIT};

/// The secret length below which a value could still be a documentation example
/// (`1234_abcdef`), whatever the policy's truncation threshold.
const MIN_FAST_SECRET: usize = 32;

/// `Some(true)` when the value is certainly accepted; `None` when the diagnosis pass must say.
#[inline]
pub(crate) fn classify(policy: &Policy, v: &[u8]) -> Option<bool> {
    let (scheme, rest) = v.split_at_checked(7)?;
    if !scheme[..6].eq_ignore_ascii_case(b"apikey") || scheme[6] != b' ' {
        return None;
    }
    let id = class::run(rest, DIGIT);
    if id == 0 || id > 20 {
        return None;
    }
    let (&sep, secret) = rest[id..].split_first()?;
    if sep != b'_' && sep != b'$' {
        return None;
    }
    let min = policy.truncation_threshold_len().max(MIN_FAST_SECRET);
    if secret.len() >= min && class::lhex_run(secret) == secret.len() {
        Some(true)
    } else {
        None
    }
}
