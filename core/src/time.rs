//! Printing Unix times and durations without allocating.

use core::fmt;

/// A Unix time as `2100-01-01 00:00:00 UTC`.
pub(crate) struct Utc(pub(crate) u64);

impl fmt::Display for Utc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0 / 86_400;
        let secs = self.0 % 86_400;
        // Howard Hinnant's civil_from_days, for days since 1970-01-01.
        let z = days as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        write!(
            f,
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        )
    }
}

/// A duration in its largest whole unit: `59 s`, `3 min`, `2 h`, `5 days`.
pub(crate) struct Ago(pub(crate) u64);

impl fmt::Display for Ago {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            s if s < 60 => write!(f, "{s} s"),
            s if s < 3600 => write!(f, "{} min", s / 60),
            s if s < 2 * 86_400 => write!(f, "{} h", s / 3600),
            s => write!(f, "{} days", s / 86_400),
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn dates() {
        assert_eq!(Utc(0).to_string(), "1970-01-01 00:00:00 UTC");
        assert_eq!(Utc(1_700_000_000).to_string(), "2023-11-14 22:13:20 UTC");
        assert_eq!(Utc(4_102_444_800).to_string(), "2100-01-01 00:00:00 UTC");
        assert_eq!(Utc(951_782_400).to_string(), "2000-02-29 00:00:00 UTC");
        assert_eq!(Utc(u64::MAX).to_string(), "584554051223-11-09 07:00:15 UTC");
    }

    #[test]
    fn durations() {
        assert_eq!(Ago(5).to_string(), "5 s");
        assert_eq!(Ago(3600).to_string(), "1 h");
        assert_eq!(Ago(90_000).to_string(), "25 h");
        assert_eq!(Ago(400_000).to_string(), "4 days");
    }
}
