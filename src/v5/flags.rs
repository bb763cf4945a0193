//! The flags of an NTPv5 header (draft-ietf-ntp-ntpv5-07 section 6).

use core::fmt;

/// The 16-bit Flags of an NTPv5 header, octets 14-15
/// (draft-ietf-ntp-ntpv5-07 section 6).
///
/// | bit | name | request | response |
/// |---|---|---|---|
/// | 0x0001 | Synchronized | 0 | the server's clock is synchronized |
/// | 0x0002 | Interleaved | asks for interleaved mode | this response is interleaved |
/// | 0x0004 | Authentication NAK | 0 | the request failed authentication (stratum 0 then) |
///
/// Every other bit is unassigned: a strict reading
/// ([`Packet::new_checked`](super::Packet::new_checked)) refuses them with
/// [`V5Rule::UnknownFlags`](crate::V5Rule::UnknownFlags), as ntpd-rs
/// does; a lenient one keeps them, and writing gives them back.
///
/// ```
/// use ntp_wire::v5::Flags;
///
/// let f = Flags::SYNCHRONIZED | Flags::INTERLEAVED;
/// assert_eq!(f.bits(), 0x0003);
/// assert!(f.is_synchronized() && f.is_interleaved() && !f.is_auth_nak());
/// assert_eq!(f.to_string(), "0x0003 (synchronized, interleaved)");
/// assert_eq!(Flags(0x0108).unknown_bits(), 0x0108);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Flags(pub u16);

impl Flags {
    /// No flag set: what a request carries unless it asks for interleaved
    /// mode.
    pub const NONE: Flags = Flags(0);
    /// 0x0001: the server is synchronized (responses only).
    pub const SYNCHRONIZED: Flags = Flags(0x0001);
    /// 0x0002: interleaved mode asked for (request) or used (response).
    pub const INTERLEAVED: Flags = Flags(0x0002);
    /// 0x0004: authentication NAK (responses only; section 7.3).
    pub const AUTH_NAK: Flags = Flags(0x0004);
    /// Every bit the draft assigns.
    pub const KNOWN: Flags = Flags(0x0007);

    /// The 16 bits.
    #[must_use]
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// `true` if every bit of `other` is set here.
    #[must_use]
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    /// 0x0001 is set.
    #[must_use]
    pub const fn is_synchronized(self) -> bool {
        self.contains(Flags::SYNCHRONIZED)
    }

    /// 0x0002 is set.
    #[must_use]
    pub const fn is_interleaved(self) -> bool {
        self.contains(Flags::INTERLEAVED)
    }

    /// 0x0004 is set.
    #[must_use]
    pub const fn is_auth_nak(self) -> bool {
        self.contains(Flags::AUTH_NAK)
    }

    /// The bits the draft does not assign (zero in a strict reading).
    #[must_use]
    pub const fn unknown_bits(self) -> u16 {
        self.0 & !Flags::KNOWN.0
    }

    /// These flags with `other`'s bits set too.
    #[must_use]
    pub const fn with(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
}

impl core::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        self.with(rhs)
    }
}

impl fmt::Display for Flags {
    /// `0x0003 (synchronized, interleaved)`, `0x0000`, `0x0008 (unknown
    /// 0x0008)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#06x}", self.0)?;
        let names = [
            (Flags::SYNCHRONIZED, "synchronized"),
            (Flags::INTERLEAVED, "interleaved"),
            (Flags::AUTH_NAK, "authentication NAK"),
        ];
        let mut sep = " (";
        for (flag, name) in names {
            if self.contains(flag) {
                write!(f, "{sep}{name}")?;
                sep = ", ";
            }
        }
        if self.unknown_bits() != 0 {
            write!(f, "{sep}unknown {:#06x}", self.unknown_bits())?;
            sep = ", ";
        }
        if sep == ", " {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// A 64-bit cookie of the NTPv5 header (draft-ietf-ntp-ntpv5-07 section
/// 6): the Server Cookie (octets 16-23) and the Client Cookie (24-31).
///
/// The client puts a random client cookie in each request and matches the
/// response by it (ntpd-rs keeps it as the "expected origin timestamp");
/// the server cookie lets a server find the transmit timestamp of its
/// previous response in interleaved mode (section 8). Both are opaque
/// octets, kept as received.
///
/// ```
/// use ntp_wire::v5::Cookie;
///
/// let c = Cookie::from_u64(0x0b61_51a7_683a_30d8);
/// assert_eq!(c.0, [0x0b, 0x61, 0x51, 0xa7, 0x68, 0x3a, 0x30, 0xd8]);
/// assert_eq!(c.to_string(), "0b6151a7683a30d8");
/// assert!(Cookie::ZERO.is_zero());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Cookie(pub [u8; 8]);

impl Cookie {
    /// Eight zero octets: the server cookie of a basic-mode request.
    pub const ZERO: Cookie = Cookie([0; 8]);

    /// The cookie whose octets are `v` in network order.
    #[must_use]
    pub const fn from_u64(v: u64) -> Cookie {
        Cookie(v.to_be_bytes())
    }

    /// The octets read as a big-endian number.
    #[must_use]
    pub const fn to_u64(self) -> u64 {
        u64::from_be_bytes(self.0)
    }

    /// Every octet is zero.
    #[must_use]
    pub const fn is_zero(self) -> bool {
        self.to_u64() == 0
    }
}

impl fmt::Display for Cookie {
    /// Sixteen lowercase hex digits, as tcpdump-style tools print them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}
