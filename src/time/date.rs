//! The 128-bit NTP date format (RFC 5905 section 6, figure 3).

use core::fmt;

use super::unix::{UnixTime, NANOS_PER_SEC, NTP_TO_UNIX_SECONDS};
use super::Timestamp;

/// A 128-bit NTP date: signed era number, seconds into the era, and a 64-bit
/// fraction (RFC 5905 section 6, figure 3). Unlike [`Timestamp`] it names its
/// era, so it is an unambiguous point in time from 1900 - 2^31 eras to far
/// beyond any date that matters.
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           Era Number                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           Era Offset                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |                           Fraction                            |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// Era 0 starts 1900-01-01 00:00:00 UTC, era 1 starts 2036-02-07 06:28:16
/// UTC, era -1 starts 1763-11-24 17:31:44 UTC. Fields are ordered so that
/// the derived `Ord` is chronological.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DateTime {
    /// Era number: how many 2^32 s spans since 1900-01-01 (negative before; RFC 5905 section 6).
    pub era: i32,
    /// Seconds into the era: the same value as a [`Timestamp`]'s seconds (RFC 5905 section 6).
    pub era_offset: u32,
    /// Fraction of a second in units of 2^-64 s (RFC 5905 section 6).
    pub fraction: u64,
}

impl DateTime {
    /// From era, seconds into the era and 64-bit fraction (RFC 5905 section 6).
    #[must_use]
    pub const fn new(era: i32, era_offset: u32, fraction: u64) -> DateTime {
        DateTime {
            era,
            era_offset,
            fraction,
        }
    }

    /// From the 16 octets of the format (network byte order; RFC 5905 section 6).
    #[must_use]
    pub const fn from_be_bytes(b: [u8; 16]) -> DateTime {
        DateTime {
            era: i32::from_be_bytes([b[0], b[1], b[2], b[3]]),
            era_offset: u32::from_be_bytes([b[4], b[5], b[6], b[7]]),
            fraction: u64::from_be_bytes([b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]]),
        }
    }

    /// The 16 octets of the format (network byte order; RFC 5905 section 6).
    #[must_use]
    pub const fn to_be_bytes(self) -> [u8; 16] {
        let e = self.era.to_be_bytes();
        let o = self.era_offset.to_be_bytes();
        let f = self.fraction.to_be_bytes();
        [
            e[0], e[1], e[2], e[3], o[0], o[1], o[2], o[3], f[0], f[1], f[2], f[3], f[4], f[5],
            f[6], f[7],
        ]
    }

    /// Seconds since 1900-01-01 00:00:00 UTC (negative before; RFC 5905 section 6).
    #[must_use]
    pub const fn seconds_since_1900(self) -> i64 {
        ((self.era as i64) << 32) + self.era_offset as i64
    }

    /// The 64-bit timestamp of this date: era dropped, fraction truncated to
    /// 32 bits (RFC 5905 section 6).
    #[must_use]
    pub const fn to_timestamp(self) -> Timestamp {
        Timestamp::new(self.era_offset, (self.fraction >> 32) as u32)
    }

    /// The date of a Unix time. Exact: the 64-bit fraction resolves every
    /// nanosecond, and [`DateTime::to_unix`] gives the same time back, for
    /// every time but the last 2208988800 s below `i64::MAX`, whose seconds
    /// since 1900 do not fit in `i64`: those saturate to the last second of
    /// era `i32::MAX` (RFC 5905 section 6).
    #[must_use]
    pub const fn from_unix(t: UnixTime) -> DateTime {
        let t = UnixTime::new(t.secs, t.nanos);
        // i64 seconds since 1900 cover +-292e9 years; saturating keeps the
        // conversion total at the extremes.
        let s = t.secs.saturating_add(NTP_TO_UNIX_SECONDS);
        let era = era_of(s as i128);
        let fraction = ((t.nanos as u128) << 64).div_ceil(NANOS_PER_SEC as u128) as u64;
        DateTime {
            era,
            era_offset: s as u32,
            fraction,
        }
    }

    /// This date as Unix seconds and nanoseconds (fraction truncated to the
    /// nanosecond). The first 2208988800 s of era `i32::MIN` lie before
    /// `i64::MIN` Unix seconds and saturate there (RFC 5905 section 6).
    #[must_use]
    pub const fn to_unix(self) -> UnixTime {
        let nanos = ((self.fraction as u128 * NANOS_PER_SEC as u128) >> 64) as u32;
        UnixTime {
            // Saturates only in era i32::MIN, before 2208988800 s into it.
            secs: self
                .seconds_since_1900()
                .saturating_sub(NTP_TO_UNIX_SECONDS),
            nanos,
        }
    }

    /// The date of a wire timestamp, in the era that puts it nearest to
    /// `pivot` (within 2^31 s either side), as [`Timestamp::to_unix_near`].
    /// The era saturates at `i32::MIN` and `i32::MAX`: a pivot in one of
    /// those outermost eras can give a date in that era rather than the
    /// nearer one beyond it, which the format cannot name (RFC 5905 section 6).
    #[must_use]
    pub const fn from_timestamp_near(ts: Timestamp, pivot: DateTime) -> DateTime {
        let pivot_ts = pivot.to_timestamp();
        let delta_secs =
            (ts.wrapping_delta(pivot_ts).to_bits() as i128 + (pivot_ts.fraction() as i128)) >> 32;
        let era = era_of(pivot.seconds_since_1900() as i128 + delta_secs);
        DateTime {
            era,
            era_offset: ts.seconds(),
            fraction: (ts.fraction() as u64) << 32,
        }
    }
}

/// The era holding `secs` seconds since 1900, clamped to the `i32` range.
const fn era_of(secs: i128) -> i32 {
    let era = secs >> 32;
    if era > i32::MAX as i128 {
        i32::MAX
    } else if era < i32::MIN as i128 {
        i32::MIN
    } else {
        era as i32
    }
}

impl From<UnixTime> for DateTime {
    fn from(t: UnixTime) -> DateTime {
        DateTime::from_unix(t)
    }
}

impl From<DateTime> for UnixTime {
    fn from(d: DateTime) -> UnixTime {
        d.to_unix()
    }
}

impl fmt::Debug for DateTime {
    /// `DateTime(era 1, 0x00000000.0000000000000000 = 2036-02-07T06:28:16.000000000Z)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DateTime(era {}, {:#010x}.{:016x} = {})",
            self.era,
            self.era_offset,
            self.fraction,
            self.to_unix()
        )
    }
}

impl fmt::Display for DateTime {
    /// The UTC date and time.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_unix(), f)
    }
}
