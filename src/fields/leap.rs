//! The leap indicator (RFC 5905 section 7.3, figure 9).

use core::fmt;

/// The 2-bit leap indicator, bits 0-1 of octet 0 (RFC 5905 section 7.3,
/// figure 9): a warning of a leap second at the end of the current UTC day,
/// or that the sender's clock is unsynchronized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[repr(u8)]
pub enum LeapIndicator {
    /// 0: no warning.
    #[default]
    NoWarning = 0,
    /// 1: the last minute of the day has 61 seconds.
    InsertSecond = 1,
    /// 2: the last minute of the day has 59 seconds.
    DeleteSecond = 2,
    /// 3: alarm condition, the clock is unsynchronized.
    Unsynchronized = 3,
}

impl LeapIndicator {
    /// From the two low bits of `bits` (higher bits are ignored), so every
    /// value on the wire has a reading (RFC 5905 section 7.3, figure 9).
    #[must_use]
    pub const fn from_bits(bits: u8) -> LeapIndicator {
        match bits & 0b11 {
            0 => LeapIndicator::NoWarning,
            1 => LeapIndicator::InsertSecond,
            2 => LeapIndicator::DeleteSecond,
            _ => LeapIndicator::Unsynchronized,
        }
    }

    /// The 2-bit wire value (RFC 5905 section 7.3, figure 9).
    #[must_use]
    pub const fn to_bits(self) -> u8 {
        self as u8
    }

    /// The meaning in words (RFC 5905 section 7.3, figure 9).
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            LeapIndicator::NoWarning => "no warning",
            LeapIndicator::InsertSecond => "last minute of the day has 61 seconds",
            LeapIndicator::DeleteSecond => "last minute of the day has 59 seconds",
            LeapIndicator::Unsynchronized => "unsynchronized",
        }
    }
}

impl fmt::Display for LeapIndicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}
