//! A point on the Unix time line, the meeting point of NTP's formats and the
//! host's clock.

use core::fmt;

/// Seconds from the NTP prime epoch (1900-01-01 00:00:00 UTC) to the Unix
/// epoch (1970-01-01 00:00:00 UTC): 70 years with 17 leap days
/// (RFC 5905 section 6 and figure 4).
pub const NTP_TO_UNIX_SECONDS: i64 = 2_208_988_800;

/// Nanoseconds in a second.
pub(crate) const NANOS_PER_SEC: u32 = 1_000_000_000;

/// Seconds and nanoseconds since 1970-01-01 00:00:00 UTC, leap seconds not
/// counted (POSIX time; RFC 5905 section 6).
///
/// `secs` may be negative (dates before 1970, such as the NTP prime epoch
/// 1900); `nanos` is always in `0..1_000_000_000` when produced by this crate.
/// `Display` prints the UTC date: `2036-02-07T06:28:16.000000000Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct UnixTime {
    /// Whole seconds since 1970-01-01 00:00:00 UTC (RFC 5905 section 6).
    pub secs: i64,
    /// Nanoseconds past `secs`, in `0..1_000_000_000` (RFC 5905 section 6).
    pub nanos: u32,
}

impl UnixTime {
    /// 1970-01-01 00:00:00 UTC (RFC 5905 section 6).
    pub const EPOCH: UnixTime = UnixTime { secs: 0, nanos: 0 };

    /// A time from seconds and nanoseconds; nanoseconds of a second or more
    /// carry into the seconds (saturating at the ends of `i64`; RFC 5905 section 6).
    #[must_use]
    pub const fn new(secs: i64, nanos: u32) -> UnixTime {
        let carry = (nanos / NANOS_PER_SEC) as i64;
        UnixTime {
            secs: secs.saturating_add(carry),
            nanos: nanos % NANOS_PER_SEC,
        }
    }
}

impl fmt::Display for UnixTime {
    /// The UTC date, `2036-02-07T06:28:16.000000000Z`. A value built with
    /// `nanos` of a second or more (the fields are public) prints as
    /// [`UnixTime::new`] would carry it, never with ten or more digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = UnixTime::new(self.secs, self.nanos);
        super::civil::write_utc(f, t.secs, t.nanos)
    }
}

#[cfg(feature = "std")]
impl From<std::time::SystemTime> for UnixTime {
    /// The system time as Unix seconds and nanoseconds (before-1970 times
    /// included).
    fn from(t: std::time::SystemTime) -> UnixTime {
        match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => UnixTime::new(
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            ),
            Err(e) => {
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                if d.subsec_nanos() == 0 {
                    UnixTime::new(secs.saturating_neg(), 0)
                } else {
                    UnixTime::new(-secs - 1, NANOS_PER_SEC - d.subsec_nanos())
                }
            }
        }
    }
}

#[cfg(feature = "std")]
impl UnixTime {
    /// This time as a `SystemTime`, or `None` where the platform's
    /// `SystemTime` cannot hold it (RFC 5905 section 6).
    #[must_use]
    pub fn to_system_time(self) -> Option<std::time::SystemTime> {
        use std::time::{Duration, UNIX_EPOCH};
        if self.secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(self.secs.unsigned_abs(), self.nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(self.secs.unsigned_abs()))?
                .checked_add(Duration::from_nanos(u64::from(self.nanos)))
        }
    }
}
