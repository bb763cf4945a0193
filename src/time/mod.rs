//! NTP's time formats (RFC 5905 section 6) and their conversions.
//!
//! - [`Timestamp`]: the 64-bit 32.32 timestamp of the header, era-less.
//! - [`ShortTime`]: the 32-bit 16.16 short format of root delay and dispersion.
//! - [`Time32`]: NTPv5's 32-bit 4.28 format of root delay and dispersion.
//! - [`DateTime`]: the 128-bit date format, era included.
//! - [`TimeDelta`]: the signed wrapping difference of two timestamps.
//! - [`UnixTime`]: seconds and nanoseconds since 1970, the bridge to host
//!   clocks (and to `std::time::SystemTime` under the `std` feature).
//!
//! Nothing here reads a clock except [`Timestamp::now`] (feature `std`).
//!
#![cfg_attr(not(feature = "std"), doc = "[`Timestamp::now`]: Timestamp")]

mod civil;
mod date;
mod delta;
mod short;
mod time32;
mod timestamp;
mod unix;

pub use date::DateTime;
pub use delta::TimeDelta;
pub use short::ShortTime;
pub use time32::Time32;
pub use timestamp::Timestamp;
pub use unix::{UnixTime, NTP_TO_UNIX_SECONDS};

/// A `Duration` for people: seconds with nine decimals, `1.500000000 s`,
/// the unit every human-readable quantity of the crate uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Seconds(pub(crate) core::time::Duration);

impl core::fmt::Display for Seconds {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}.{:09} s", self.0.as_secs(), self.0.subsec_nanos())
    }
}

#[cfg(test)]
mod tests;
