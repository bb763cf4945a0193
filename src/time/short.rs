//! The 32-bit NTP short format (RFC 5905 section 6, figure 3).

use core::fmt;
use core::time::Duration;

use super::unix::NANOS_PER_SEC;

/// A 32-bit NTP short-format value: 16 bits of seconds, 16 bits of fraction
/// (RFC 5905 section 6). The header carries root delay and root dispersion
/// this way.
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Seconds              |           Fraction            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// The raw 32 bits are kept exactly: RFC 5905 reads the value as unsigned
/// ([`ShortTime::to_duration`]), while ntpd reads root delay as a signed
/// 16.16 value ([`ShortTime::to_signed_nanos`]), and a codec must not decide
/// between them.
///
/// Precision: a fraction unit is 2^-16 s (about 15.3 us), coarser than a
/// nanosecond. `Duration` -> `ShortTime` rounds up to the next unit;
/// `ShortTime` -> `Duration` truncates to the nanosecond, so
/// short -> duration -> short is exact and duration -> short -> duration can
/// gain up to 15.3 us.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ShortTime(u32);

impl ShortTime {
    /// Zero seconds (RFC 5905 section 6).
    pub const ZERO: ShortTime = ShortTime(0);

    /// The largest value: 65535 + 65535/65536 s (RFC 5905 section 6).
    pub const MAX: ShortTime = ShortTime(u32::MAX);

    /// From seconds and fraction (units of 2^-16 s; RFC 5905 section 6).
    #[must_use]
    pub const fn new(seconds: u16, fraction: u16) -> ShortTime {
        ShortTime(((seconds as u32) << 16) | fraction as u32)
    }

    /// From the raw 32-bit wire value (RFC 5905 section 6).
    #[must_use]
    pub const fn from_bits(bits: u32) -> ShortTime {
        ShortTime(bits)
    }

    /// The raw 32-bit wire value (RFC 5905 section 6).
    #[must_use]
    pub const fn to_bits(self) -> u32 {
        self.0
    }

    /// Whole seconds (the upper 16 bits; RFC 5905 section 6).
    #[must_use]
    pub const fn seconds(self) -> u16 {
        (self.0 >> 16) as u16
    }

    /// Fraction in units of 2^-16 s (the lower 16 bits; RFC 5905 section 6).
    #[must_use]
    pub const fn fraction(self) -> u16 {
        self.0 as u16
    }

    /// The unsigned reading of RFC 5905 as a `Duration`, truncated to the
    /// nanosecond.
    #[must_use]
    pub const fn to_duration(self) -> Duration {
        let nanos = ((self.fraction() as u64 * NANOS_PER_SEC as u64) >> 16) as u32;
        Duration::new(self.seconds() as u64, nanos)
    }

    /// The short time of a `Duration`, fraction rounded up to the next
    /// 2^-16 s; `None` if it exceeds [`ShortTime::MAX`] (RFC 5905 section 6).
    #[must_use]
    pub const fn from_duration(d: Duration) -> Option<ShortTime> {
        let frac = ((d.subsec_nanos() as u64) << 16).div_ceil(NANOS_PER_SEC as u64);
        let bits = ((d.as_secs() as u128) << 16) + frac as u128;
        if bits > u32::MAX as u128 {
            None
        } else {
            Some(ShortTime(bits as u32))
        }
    }

    /// The signed 16.16 reading that ntpd applies to root delay, in
    /// nanoseconds (negative when the top bit is set), rounded toward
    /// negative infinity: `0xffffffff`, -15258.79 ns, reads as -15259 (RFC 5905 section 6).
    #[must_use]
    pub const fn to_signed_nanos(self) -> i64 {
        ((self.0 as i32 as i64) * NANOS_PER_SEC as i64) >> 16
    }

    /// The unsigned reading in seconds as a float (RFC 5905 section 6):
    /// a convenience; the response checks use the integer value.
    #[must_use]
    pub fn as_secs_f64(self) -> f64 {
        f64::from(self.0) / 65_536.0
    }
}

impl From<ShortTime> for Duration {
    fn from(s: ShortTime) -> Duration {
        s.to_duration()
    }
}

impl fmt::Debug for ShortTime {
    /// `ShortTime(0x0001f295 = 1.947586 s)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShortTime({:#010x} = {self})", self.0)
    }
}

impl fmt::Display for ShortTime {
    /// Seconds with six decimals (the format's resolution is 15 us).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.to_duration();
        write!(f, "{}.{:06} s", d.as_secs(), d.subsec_micros())
    }
}
