//! Signed differences of NTP timestamps.

use core::fmt;
use core::time::Duration;

/// A signed time difference in NTP's 32.32 fixed-point format: the result of
/// subtracting two [`Timestamp`](super::Timestamp)s.
///
/// RFC 5905 section 6 permits only one operation on timestamps:
/// "twos-complement subtraction, yielding a [...] 63-bit signed result",
/// with the full 64-bit precision kept. Taken modulo 2^64, such a
/// difference is right whatever eras the two timestamps are in, as long as
/// they are less than 68 years apart. Resolution 2^-32 s (about 233 ps);
/// range about +-68 years.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TimeDelta(i64);

impl TimeDelta {
    /// No difference (RFC 5905 section 6).
    pub const ZERO: TimeDelta = TimeDelta(0);

    /// From the raw signed 32.32 value (seconds in the upper 32 bits; RFC 5905 section 6).
    #[must_use]
    pub const fn from_bits(bits: i64) -> TimeDelta {
        TimeDelta(bits)
    }

    /// The raw signed 32.32 value (RFC 5905 section 6).
    #[must_use]
    pub const fn to_bits(self) -> i64 {
        self.0
    }

    /// From whole seconds (RFC 5905 section 6).
    #[must_use]
    pub const fn from_secs(secs: i32) -> TimeDelta {
        TimeDelta((secs as i64) << 32)
    }

    /// From nanoseconds, rounded to the nearest 2^-32 s (saturating beyond
    /// the +-68 year range; RFC 5905 section 6).
    #[must_use]
    pub fn from_nanos(nanos: i64) -> TimeDelta {
        let bits =
            ((i128::from(nanos) << 32) + i128::from(nanos.signum()) * 500_000_000) / 1_000_000_000;
        TimeDelta(bits.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }

    /// The difference in nanoseconds, rounded to the nearest nanosecond (RFC 5905 section 6).
    #[must_use]
    pub const fn as_nanos(self) -> i64 {
        // |bits| * 1e9 / 2^32 < 2^63, so the quotient fits in i64.
        let scaled = self.0 as i128 * 1_000_000_000;
        let half = if scaled < 0 { -(1 << 31) } else { 1 << 31 };
        ((scaled + half) / (1i128 << 32)) as i64
    }

    /// The difference in seconds as a float (RFC 5905 section 6): a
    /// convenience; offsets, delays and checks stay in integers.
    #[must_use]
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 4_294_967_296.0
    }

    /// The magnitude as a `Duration` (exact to the nanosecond, truncated; RFC 5905 section 6).
    #[must_use]
    pub const fn abs_duration(self) -> Duration {
        let m = self.0.unsigned_abs();
        let frac_nanos = ((m & 0xffff_ffff) * 1_000_000_000) >> 32;
        Duration::new(m >> 32, frac_nanos as u32)
    }

    /// `true` when the difference is negative (RFC 5905 section 6).
    #[must_use]
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Sum, or `None` on overflow (RFC 5905 section 6).
    #[must_use]
    pub const fn checked_add(self, rhs: TimeDelta) -> Option<TimeDelta> {
        match self.0.checked_add(rhs.0) {
            Some(v) => Some(TimeDelta(v)),
            None => None,
        }
    }

    /// Difference, or `None` on overflow (RFC 5905 section 6).
    #[must_use]
    pub const fn checked_sub(self, rhs: TimeDelta) -> Option<TimeDelta> {
        match self.0.checked_sub(rhs.0) {
            Some(v) => Some(TimeDelta(v)),
            None => None,
        }
    }

    /// The mean of two differences, computed without overflow (rounds
    /// toward negative infinity at the last 2^-32 s). This is the halving in
    /// RFC 5905's offset formula: `((T2 - T1) + (T3 - T4)) / 2`.
    #[must_use]
    pub const fn midpoint(a: TimeDelta, b: TimeDelta) -> TimeDelta {
        TimeDelta(((a.0 as i128 + b.0 as i128) >> 1) as i64)
    }
}

impl fmt::Debug for TimeDelta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TimeDelta({self})")
    }
}

impl fmt::Display for TimeDelta {
    /// Seconds with nine decimals: `-0.000123456 s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.as_nanos();
        let sign = if n < 0 { "-" } else { "" };
        let m = n.unsigned_abs();
        write!(f, "{sign}{}.{:09} s", m / 1_000_000_000, m % 1_000_000_000)
    }
}
