//! The NTPv5 time32 format (draft-ietf-ntp-ntpv5 section 5).

use core::fmt;
use core::time::Duration;

use super::short::ShortTime;
use super::unix::NANOS_PER_SEC;

/// Bits of fraction in a [`Time32`].
const FRACTION_BITS: u32 = 28;
/// Mask of the fraction bits.
const FRACTION_MASK: u32 = (1 << FRACTION_BITS) - 1;

/// NTPv5's 32-bit time32 value: unsigned fixed point with 4 bits of
/// seconds and 28 bits of fraction, so at most 16 s (less one unit) with a
/// resolution of 2^-28 s, about 3.7 ns (draft-ietf-ntp-ntpv5 section 5:
/// "different from the 32-bit time format in NTPv4"). The NTPv5 header
/// carries root delay and root dispersion this way
/// ([`v5::Header`](crate::v5::Header)).
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Seconds|                     Fraction                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// `Duration` -> `Time32` rounds up to the next unit ([`from_duration`]:
/// `None` from 16 s on; [`saturating_from_duration`] stops at [`MAX`], as
/// ntpd-rs writes too long a delay); `Time32` -> `Duration` truncates to
/// the nanosecond, so time32 -> duration -> time32 is exact.
///
/// ```
/// use core::time::Duration;
/// use ntp_wire::time::Time32;
///
/// let t = Time32::from_bits(0x1800_0000); // 1.5 s
/// assert_eq!((t.seconds(), t.fraction()), (1, 0x0800_0000));
/// assert_eq!(t.to_duration(), Duration::from_millis(1500));
/// assert_eq!(t.to_string(), "1.500000000 s");
/// assert_eq!(Time32::from_duration(Duration::from_secs(16)), None);
/// assert_eq!(Time32::saturating_from_duration(Duration::from_secs(99)), Time32::MAX);
/// ```
///
/// [`from_duration`]: Time32::from_duration
/// [`saturating_from_duration`]: Time32::saturating_from_duration
/// [`MAX`]: Time32::MAX
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Time32(u32);

impl Time32 {
    /// Zero seconds.
    pub const ZERO: Time32 = Time32(0);

    /// The largest value: 16 s less 2^-28 s.
    pub const MAX: Time32 = Time32(u32::MAX);

    /// From the raw 32-bit wire value.
    #[must_use]
    pub const fn from_bits(bits: u32) -> Time32 {
        Time32(bits)
    }

    /// The raw 32-bit wire value.
    #[must_use]
    pub const fn to_bits(self) -> u32 {
        self.0
    }

    /// Whole seconds, 0 to 15 (the upper 4 bits).
    #[must_use]
    pub const fn seconds(self) -> u8 {
        (self.0 >> FRACTION_BITS) as u8
    }

    /// Fraction in units of 2^-28 s (the lower 28 bits).
    #[must_use]
    pub const fn fraction(self) -> u32 {
        self.0 & FRACTION_MASK
    }

    /// The value as a `Duration`, truncated to the nanosecond.
    #[must_use]
    pub const fn to_duration(self) -> Duration {
        let nanos = (self.fraction() as u64 * NANOS_PER_SEC as u64) >> FRACTION_BITS;
        Duration::new(self.seconds() as u64, nanos as u32)
    }

    /// The time32 of a `Duration`, fraction rounded up to the next
    /// 2^-28 s; `None` if that exceeds [`Time32::MAX`] (16 s or more, less
    /// the last unit).
    #[must_use]
    pub const fn from_duration(d: Duration) -> Option<Time32> {
        let frac = ((d.subsec_nanos() as u64) << FRACTION_BITS).div_ceil(NANOS_PER_SEC as u64);
        let bits = ((d.as_secs() as u128) << FRACTION_BITS) + frac as u128;
        if bits > u32::MAX as u128 {
            None
        } else {
            Some(Time32(bits as u32))
        }
    }

    /// [`Time32::from_duration`], or [`Time32::MAX`] for a duration too
    /// long for the format (ntpd-rs writes root delays and dispersions of
    /// 16 s and more this way).
    #[must_use]
    pub const fn saturating_from_duration(d: Duration) -> Time32 {
        match Time32::from_duration(d) {
            Some(t) => t,
            None => Time32::MAX,
        }
    }

    /// The NTPv4 short format (16.16) of the same value, truncated to its
    /// coarser unit of 2^-16 s: what a v4 reply of a server that also
    /// speaks v5 carries.
    #[must_use]
    pub const fn to_short_time(self) -> ShortTime {
        ShortTime::from_bits(self.0 >> 12)
    }

    /// The time32 of an NTPv4 short-format value (exact: 2^-16 s is a
    /// whole number of 2^-28 s); `None` from 16 s on, beyond this format.
    #[must_use]
    pub const fn from_short_time(s: ShortTime) -> Option<Time32> {
        let bits = s.to_bits();
        if bits >> 20 != 0 {
            None
        } else {
            Some(Time32(bits << 12))
        }
    }

    /// The value in seconds as a float (exact).
    #[must_use]
    pub fn as_secs_f64(self) -> f64 {
        f64::from(self.0) / f64::from(1u32 << FRACTION_BITS)
    }
}

impl From<Time32> for Duration {
    fn from(t: Time32) -> Duration {
        t.to_duration()
    }
}

impl fmt::Debug for Time32 {
    /// `Time32(0x18000000 = 1.500000000 s)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Time32({:#010x} = {self})", self.0)
    }
}

impl fmt::Display for Time32 {
    /// Seconds with nine decimals (the format's resolution is 3.7 ns).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.to_duration();
        write!(f, "{}.{:09} s", d.as_secs(), d.subsec_nanos())
    }
}
