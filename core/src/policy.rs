//! The knobs of a check: the clock and the secret-length policy.

/// How a check is made. Build it with the `const fn` `with_*` methods; [`Policy::DEFAULT`] is
/// what the free functions ([`crate::check`] and friends) use. Each setting has a `with_*`
/// setter and a getter of the same name.
///
/// ```
/// use gcore_auth::Policy;
/// const STRICT: Policy = Policy::new().with_clock(1_900_000_000).with_expected_secret_len(128);
/// assert_eq!(STRICT.clock(), Some(1_900_000_000));
/// assert_eq!(STRICT.expected_secret_len(), 128);
/// assert_eq!(Policy::default().truncation_threshold(), 32);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Policy {
    clock: Option<u64>,
    expected_secret_len: usize,
    truncation_threshold: usize,
}

impl Policy {
    /// No clock (JWT expiry is not judged), secrets expected to be 128 hex characters,
    /// shorter than 32 counts as truncated.
    pub const DEFAULT: Policy = Policy {
        clock: None,
        expected_secret_len: 128,
        truncation_threshold: 32,
    };

    /// The same as [`Policy::DEFAULT`].
    pub const fn new() -> Policy {
        Policy::DEFAULT
    }

    /// Judge JWT expiry against this time (Unix seconds).
    #[must_use]
    pub const fn with_clock(mut self, unix_seconds: u64) -> Policy {
        self.clock = Some(unix_seconds);
        self
    }

    /// Do not judge JWT expiry.
    #[must_use]
    pub const fn without_clock(mut self) -> Policy {
        self.clock = None;
        self
    }

    /// The secret length that raises no `token-secret-length` warning (default 128).
    #[must_use]
    pub const fn with_expected_secret_len(mut self, len: usize) -> Policy {
        self.expected_secret_len = len;
        self
    }

    /// Secrets shorter than this are `token-truncated` (default 32).
    #[must_use]
    pub const fn with_truncation_threshold(mut self, len: usize) -> Policy {
        self.truncation_threshold = len;
        self
    }

    /// The clock (Unix seconds), if one was given.
    pub const fn clock(&self) -> Option<u64> {
        self.clock
    }

    /// The secret length that raises no `token-secret-length` warning.
    pub const fn expected_secret_len(&self) -> usize {
        self.expected_secret_len
    }

    /// Secrets shorter than this are `token-truncated`.
    pub const fn truncation_threshold(&self) -> usize {
        self.truncation_threshold
    }
}

impl Default for Policy {
    fn default() -> Policy {
        Policy::DEFAULT
    }
}
