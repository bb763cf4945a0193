//! The 64-bit NTP timestamp format (RFC 5905 section 6, figure 3).

use core::fmt;
use core::ops::Sub;

use super::unix::{UnixTime, NANOS_PER_SEC, NTP_TO_UNIX_SECONDS};
use super::{DateTime, TimeDelta};

/// A 64-bit NTP timestamp: 32 bits of seconds and 32 bits of fraction since
/// the start of the current era (RFC 5905 section 6, figure 3).
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            Seconds                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            Fraction                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// The wire carries no era: era 0 began 1900-01-01 00:00:00 UTC, era 1 begins
/// 2036-02-07 06:28:16 UTC. Turning a timestamp into a date therefore needs a
/// rule for the era, see [`Timestamp::to_unix`] (the RFC 4330 window) and
/// [`Timestamp::to_unix_near`] (nearest to a pivot you choose).
///
/// The value zero is special: RFC 5905 uses it for "unknown or unset"
/// (section 7.3), so [`Timestamp::is_zero`] is how a receiver asks.
///
/// Subtracting two timestamps (`a - b`) gives a [`TimeDelta`] computed as a
/// wrapping 64-bit two's complement difference (RFC 5905 section 6), correct
/// across an era boundary. There is deliberately no `Ord`: timestamps wrap.
///
/// Precision: a fraction unit is 2^-32 s (about 233 ps), finer than a
/// nanosecond. Converting nanoseconds to a timestamp rounds the fraction up
/// and converting back truncates, so nanoseconds -> timestamp -> nanoseconds
/// is exact; timestamp -> nanoseconds -> timestamp can move the fraction by
/// up to 4 units (less than 1 ns).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Timestamp(u64);

/// Converts nanoseconds (`< 1e9`) to a 32-bit binary fraction, rounding up
/// so that [`fraction_to_nanos`] gives the same nanoseconds back.
pub(crate) const fn nanos_to_fraction(nanos: u32) -> u32 {
    // ceil(nanos * 2^32 / 1e9) < 2^32 for nanos < 1e9.
    (((nanos as u64) << 32).div_ceil(NANOS_PER_SEC as u64)) as u32
}

/// Converts a 32-bit binary fraction to nanoseconds, truncating.
pub(crate) const fn fraction_to_nanos(fraction: u32) -> u32 {
    ((fraction as u64 * NANOS_PER_SEC as u64) >> 32) as u32
}

impl Timestamp {
    /// The zero timestamp, meaning "unknown or unset" (RFC 5905 section 7.3).
    pub const ZERO: Timestamp = Timestamp(0);

    /// Unix seconds of the first instant of era 1, 2036-02-07 06:28:16 UTC
    /// (2^32 s after 1900-01-01). Its wire timestamp is zero, the same as
    /// 1900-01-01 00:00:00 UTC and as "unset" (RFC 5905 section 6).
    pub const ERA_1_START_UNIX_SECS: i64 = (1i64 << 32) - NTP_TO_UNIX_SECONDS;

    /// From seconds and fraction of the era (RFC 5905 section 6).
    #[must_use]
    pub const fn new(seconds: u32, fraction: u32) -> Timestamp {
        Timestamp(((seconds as u64) << 32) | fraction as u64)
    }

    /// From the raw 64-bit wire value (seconds in the upper half; RFC 5905 section 6).
    #[must_use]
    pub const fn from_bits(bits: u64) -> Timestamp {
        Timestamp(bits)
    }

    /// The raw 64-bit wire value (RFC 5905 section 6).
    #[must_use]
    pub const fn to_bits(self) -> u64 {
        self.0
    }

    /// From the 8 octets on the wire (network byte order; RFC 5905 section 6).
    #[must_use]
    pub const fn from_be_bytes(bytes: [u8; 8]) -> Timestamp {
        Timestamp(u64::from_be_bytes(bytes))
    }

    /// The 8 octets for the wire (network byte order; RFC 5905 section 6).
    #[must_use]
    pub const fn to_be_bytes(self) -> [u8; 8] {
        self.0.to_be_bytes()
    }

    /// Seconds since the start of the era (the upper 32 bits; RFC 5905 section 6).
    #[must_use]
    pub const fn seconds(self) -> u32 {
        (self.0 >> 32) as u32
    }

    /// Fraction of a second in units of 2^-32 s (the lower 32 bits; RFC 5905 section 6).
    #[must_use]
    pub const fn fraction(self) -> u32 {
        self.0 as u32
    }

    /// `true` for the all-zero value that RFC 5905 uses for "unset".
    #[must_use]
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The timestamp of a Unix time: the era is dropped, as on the wire.
    /// Times before 1900 and after 2036 wrap into the 32-bit seconds field (RFC 5905 section 6).
    #[must_use]
    pub const fn from_unix(t: UnixTime) -> Timestamp {
        let t = UnixTime::new(t.secs, t.nanos);
        let ntp_secs = t.secs.wrapping_add(NTP_TO_UNIX_SECONDS) as u32;
        Timestamp::new(ntp_secs, nanos_to_fraction(t.nanos))
    }

    /// The Unix time of this timestamp by the RFC 4330 (SNTP, section 3)
    /// window: seconds with the top bit set are era 0 (1968-01-20 03:14:08
    /// to 2036-02-07 06:28:15 UTC), seconds with it clear are era 1
    /// (2036-02-07 06:28:16 to 2104-02-26 09:42:23 UTC).
    ///
    /// This window needs no clock and serves any time this side of 2104; to
    /// choose the era by a clock of your own, use [`Timestamp::to_unix_near`].
    #[must_use]
    pub const fn to_unix(self) -> UnixTime {
        let secs = self.seconds() as i64;
        let era_secs = if secs & 0x8000_0000 != 0 {
            secs
        } else {
            secs + (1 << 32)
        };
        UnixTime {
            secs: era_secs - NTP_TO_UNIX_SECONDS,
            nanos: fraction_to_nanos(self.fraction()),
        }
    }

    /// The Unix time of this timestamp in the era that puts it nearest to
    /// `pivot`: within `[pivot - 2^31 s, pivot + 2^31 s)`, about 68 years
    /// either side. With a trustworthy clock as the pivot this is right in
    /// every era; RFC 5905 section 6 leaves the era to such context.
    ///
    /// Where that window reaches past the `i64` seconds of [`UnixTime`]
    /// (a pivot within 68 years of `i64::MIN` or `i64::MAX` seconds), the
    /// seconds saturate at that end instead of wrapping to the other.
    #[must_use]
    pub const fn to_unix_near(self, pivot: UnixTime) -> UnixTime {
        let pivot = UnixTime::new(pivot.secs, pivot.nanos);
        let pivot_ts = Timestamp::from_unix(pivot);
        // pivot + (self - pivot) in 32.32, where the difference wraps.
        let pivot_bits = ((pivot.secs as i128) << 32) | pivot_ts.fraction() as i128;
        let bits = pivot_bits + self.wrapping_delta(pivot_ts).to_bits() as i128;
        let secs = bits >> 32;
        let secs = if secs > i64::MAX as i128 {
            i64::MAX
        } else if secs < i64::MIN as i128 {
            i64::MIN
        } else {
            secs as i64
        };
        UnixTime {
            secs,
            nanos: fraction_to_nanos(self.fraction()),
        }
    }

    /// This timestamp as a full [`DateTime`] in the given era (RFC 5905 section 6).
    #[must_use]
    pub const fn with_era(self, era: i32) -> DateTime {
        DateTime::new(era, self.seconds(), (self.fraction() as u64) << 32)
    }

    /// `self - earlier` as a wrapping two's complement difference
    /// (RFC 5905 section 6); the same as the `-` operator.
    #[must_use]
    pub const fn wrapping_delta(self, earlier: Timestamp) -> TimeDelta {
        TimeDelta::from_bits(self.0.wrapping_sub(earlier.0) as i64)
    }

    /// This timestamp moved by `delta`, wrapping at the era boundary (RFC 5905 section 6).
    #[must_use]
    pub const fn wrapping_add(self, delta: TimeDelta) -> Timestamp {
        Timestamp(self.0.wrapping_add(delta.to_bits() as u64))
    }
}

impl Sub for Timestamp {
    type Output = TimeDelta;

    /// Wrapping difference (RFC 5905 section 6); never panics.
    fn sub(self, rhs: Timestamp) -> TimeDelta {
        self.wrapping_delta(rhs)
    }
}

#[cfg(feature = "std")]
impl From<std::time::SystemTime> for Timestamp {
    /// The system time on the wire (era dropped).
    fn from(t: std::time::SystemTime) -> Timestamp {
        Timestamp::from_unix(UnixTime::from(t))
    }
}

#[cfg(feature = "std")]
impl Timestamp {
    /// The current system time as a timestamp (RFC 5905 section 6).
    #[must_use]
    pub fn now() -> Timestamp {
        Timestamp::from(std::time::SystemTime::now())
    }

    /// This timestamp as a `SystemTime`, era chosen by the RFC 4330 window
    /// ([`Timestamp::to_unix`]); `None` if the platform cannot hold it.
    #[must_use]
    pub fn to_system_time(self) -> Option<std::time::SystemTime> {
        self.to_unix().to_system_time()
    }
}

impl fmt::Debug for Timestamp {
    /// `Timestamp(0xeeb0f290.77b837b6 = 2026-11-25T05:37:20.467654687Z)`; the
    /// date uses the RFC 4330 era window. Zero prints as unset.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            write!(f, "Timestamp(0 = unset)")
        } else {
            write!(
                f,
                "Timestamp({:#010x}.{:08x} = {})",
                self.seconds(),
                self.fraction(),
                self.to_unix()
            )
        }
    }
}

impl fmt::Display for Timestamp {
    /// The UTC date by the RFC 4330 era window, or `unset` for zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            f.write_str("unset")
        } else {
            fmt::Display::fmt(&self.to_unix(), f)
        }
    }
}
