//! The knobs of a check: the clock and the secret-length policy.

use crate::report::{InputKind, Report};

/// How a check is made. Build it with the `const fn` methods; [`Policy::DEFAULT`] is what the
/// free functions ([`crate::check`] and friends) use.
///
/// ```
/// use gcore_auth::Policy;
/// const STRICT: Policy = Policy::new().now(1_900_000_000).expected_secret_len(128);
/// assert_eq!(STRICT.clock(), Some(1_900_000_000));
/// assert_eq!(Policy::default().truncation_threshold_len(), 32);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Policy {
    now: Option<u64>,
    expected_secret_len: usize,
    truncation_threshold: usize,
}

impl Policy {
    /// No clock (JWT expiry is not judged), secrets expected to be 128 hex characters,
    /// shorter than 32 counts as truncated.
    pub const DEFAULT: Policy = Policy {
        now: None,
        expected_secret_len: 128,
        truncation_threshold: 32,
    };

    /// The same as [`Policy::DEFAULT`].
    pub const fn new() -> Policy {
        Policy::DEFAULT
    }

    /// Judge JWT expiry against this time (Unix seconds).
    #[must_use]
    pub const fn now(mut self, unix_seconds: u64) -> Policy {
        self.now = Some(unix_seconds);
        self
    }

    /// Do not judge JWT expiry.
    #[must_use]
    pub const fn without_clock(mut self) -> Policy {
        self.now = None;
        self
    }

    /// The secret length that raises no `token-secret-length` warning (default 128).
    #[must_use]
    pub const fn expected_secret_len(mut self, len: usize) -> Policy {
        self.expected_secret_len = len;
        self
    }

    /// Secrets shorter than this are `token-truncated` (default 32).
    #[must_use]
    pub const fn truncation_threshold(mut self, len: usize) -> Policy {
        self.truncation_threshold = len;
        self
    }

    /// The clock, if one was given.
    pub const fn clock(&self) -> Option<u64> {
        self.now
    }

    /// The expected secret length.
    pub const fn expected_secret_length(&self) -> usize {
        self.expected_secret_len
    }

    /// The truncation threshold.
    pub const fn truncation_threshold_len(&self) -> usize {
        self.truncation_threshold
    }

    /// Checks a header value (`APIKey 29841_…`) under this policy.
    #[inline]
    pub fn check<'a>(&self, value: &'a [u8]) -> Report<'a> {
        crate::parse::check(self, value, InputKind::Value)
    }

    /// Checks a whole header line (`Authorization: APIKey 29841_…`) under this policy.
    #[inline]
    pub fn check_line<'a>(&self, line: &'a [u8]) -> Report<'a> {
        crate::parse::check(self, line, InputKind::Line)
    }

    /// Checks a bare token, as found in an environment variable, under this policy.
    #[inline]
    pub fn check_token<'a>(&self, token: &'a [u8]) -> Report<'a> {
        crate::parse::check(self, token, InputKind::Token)
    }

    /// Checks a header line when the input looks like one ([`crate::is_header_line`]), else a
    /// header value.
    pub fn check_input<'a>(&self, input: &'a [u8]) -> Report<'a> {
        if crate::is_header_line(input) {
            self.check_line(input)
        } else {
            self.check(input)
        }
    }

    /// The diagnosis pass alone, without the fast path: the reference the fast path's reports
    /// are compared with by the differential fuzz target. Equal to the matching `check*`
    /// method's report for every input; not part of the stable API.
    ///
    /// ```
    /// use gcore_auth::{InputKind, Policy};
    /// let v = b"Bearer 29841_0123456789abcdef0123456789abcdef";
    /// let slow = Policy::DEFAULT.diagnosis_pass(v, InputKind::Value);
    /// assert_eq!(format!("{slow:?}"), format!("{:?}", Policy::DEFAULT.check(v)));
    /// ```
    #[doc(hidden)]
    pub fn diagnosis_pass<'a>(&self, input: &'a [u8], kind: InputKind) -> Report<'a> {
        crate::parse::diagnosis_pass(self, input, kind)
    }

    /// The fast path: equal to `self.check(value).is_accepted()` for every input.
    pub fn is_accepted(&self, value: &[u8]) -> bool {
        match crate::fast::classify(self, value) {
            Some(answer) => answer,
            None => self.check(value).is_accepted(),
        }
    }
}

impl Default for Policy {
    fn default() -> Policy {
        Policy::DEFAULT
    }
}
