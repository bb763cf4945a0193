//! The version number (RFC 5905 section 7.3).

use core::fmt;

/// The 3-bit version number, bits 2-4 of octet 0 (RFC 5905 section 7.3).
///
/// Any 3-bit value can be held, so a packet read and written again keeps its
/// bits. Which versions a message may carry is [`Kind`](crate::Kind)'s rule:
/// 1 to 4 share the 48-octet layout of RFC 5905 (versions 1-3 are RFC 1059,
/// 1119 and 1305; Windows sends 3, Windows 2000 was seen sending 2), 5 is
/// NTPv5 (a different layout), 0, 6 and 7 are no NTP version.
///
/// ```
/// use ntp_wire::Version;
///
/// assert_eq!(Version::from_bits(0x23 >> 3), Version::V4);
/// assert_eq!(Version::V3.to_string(), "NTPv3");
/// assert_eq!(Version::new(9), None);
/// ```
///
/// Under the `serde` feature it is the bare number; deserializing accepts
/// 0 to 7 (every 3-bit value) and refuses larger numbers, which no packet
/// can carry.
///
/// ```
/// use ntp_wire::Version;
///
/// let v = Version::from_bits(0x1b >> 3); // octet 0 of a Windows request
/// assert_eq!((v, v.to_string()), (Version::V3, "NTPv3".to_string()));
/// assert_eq!(Version::new(5), Some(Version::V5));
/// assert_eq!(Version::new(8), None); // three bits hold 0 to 7
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Version(u8);

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Version {
    /// A number from 0 to 7; above that an `invalid_value` error, so a
    /// `Version` always fits the 3-bit field it came from.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Version, D::Error> {
        let v = u8::deserialize(d)?;
        if v > 0b111 {
            return Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Unsigned(u64::from(v)),
                &"an NTP version number from 0 to 7",
            ));
        }
        Ok(Version(v))
    }
}

impl Version {
    /// NTP version 1 (RFC 1059).
    pub const V1: Version = Version(1);
    /// NTP version 2 (RFC 1119).
    pub const V2: Version = Version(2);
    /// NTP version 3 (RFC 1305).
    pub const V3: Version = Version(3);
    /// NTP version 4 (RFC 5905).
    pub const V4: Version = Version(4);
    /// NTP version 5 (draft-ietf-ntp-ntpv5), a different header layout.
    pub const V5: Version = Version(5);

    /// From the three low bits of `bits` (higher bits ignored; RFC 5905 section 7.3).
    #[must_use]
    pub const fn from_bits(bits: u8) -> Version {
        Version(bits & 0b111)
    }

    /// The 3-bit wire value (RFC 5905 section 7.3).
    #[must_use]
    pub const fn to_bits(self) -> u8 {
        self.0
    }

    /// The version `value`, `None` above 7 (the field has 3 bits).
    #[must_use]
    pub const fn new(value: u8) -> Option<Version> {
        if value > 0b111 {
            None
        } else {
            Some(Version(value))
        }
    }
}

impl Default for Version {
    /// Version 4.
    fn default() -> Version {
        Version::V4
    }
}

impl fmt::Debug for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "V{}", self.0)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NTPv{}", self.0)
    }
}
