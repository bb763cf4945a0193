//! Extension field types (RFC 7822 section 3, the IANA "NTP Extension
//! Field Types" registry as RFC 9748 left it).

use core::fmt;

/// The 16-bit Field Type of an extension field (RFC 7822 section 3).
///
/// A newtype, not an enum: any value read is kept and written back as is.
/// The constants are the registry's assignments; [`name`](Self::name) gives
/// the registry's name for a known value.
///
/// One value has two readings: 0x0204 is the NTS Cookie (RFC 8915) and also
/// an Autokey request (RFC 5906) as ntpd sent it on the wire: first octet
/// R|E|version 2, second octet the code, here 4 ("autokey"). The old
/// registry listed the Autokey values byte-swapped (0x0402 for that
/// message), and RFC 9748 keeps those swapped values reserved. Which
/// protocol a 0x0204 belongs to is the caller's context (an NTS association
/// or an Autokey one); this crate reads it as NTS by default, and
/// [`AutokeyField`](crate::trailer::AutokeyField) reads it as Autokey on
/// request.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ExtensionFieldType(
    /// The 16-bit Field Type (RFC 7822 section 3).
    pub u16,
);

impl ExtensionFieldType {
    /// 0x0104, NTS Unique Identifier (RFC 8915 section 5.3).
    pub const NTS_UNIQUE_IDENTIFIER: ExtensionFieldType = ExtensionFieldType(0x0104);
    /// 0x0204, NTS Cookie (RFC 8915 section 5.4).
    pub const NTS_COOKIE: ExtensionFieldType = ExtensionFieldType(0x0204);
    /// 0x0304, NTS Cookie Placeholder (RFC 8915 section 5.5).
    pub const NTS_COOKIE_PLACEHOLDER: ExtensionFieldType = ExtensionFieldType(0x0304);
    /// 0x0404, NTS Authenticator and Encrypted Extension Fields (RFC 8915
    /// section 5.6).
    pub const NTS_AUTHENTICATOR: ExtensionFieldType = ExtensionFieldType(0x0404);
    /// 0x2005, UDP Checksum Complement (RFC 7821 section 3).
    pub const CHECKSUM_COMPLEMENT: ExtensionFieldType = ExtensionFieldType(0x2005);
    /// 0x0002, No-Operation request: the first of the Autokey values the
    /// registry listed byte-swapped, reserved for historic reasons by
    /// RFC 9748 (see [`is_reserved_autokey`](Self::is_reserved_autokey)).
    pub const RESERVED_NO_OPERATION: ExtensionFieldType = ExtensionFieldType(0x0002);

    /// `true` for the four NTS field types of RFC 8915 section 7.5.
    #[must_use]
    pub const fn is_nts(self) -> bool {
        matches!(self.0, 0x0104 | 0x0204 | 0x0304 | 0x0404)
    }

    /// `true` for the Autokey values as the registry listed them (RFC 5906
    /// section 13: R and E bits and the code 0-9 in the high octet, the
    /// version 2 in the low octet: 0x0002 ... 0x0902 requests, 0x8002 ...
    /// 0x8902 responses, 0xC002 ... 0xC902 errors), which RFC 9748 keeps
    /// reserved for historic reasons. ntpd put version and code the other
    /// way round on the wire (0x02cc, 0x82cc, 0xC2cc): see
    /// [`AutokeyField`](crate::trailer::AutokeyField).
    #[must_use]
    pub const fn is_reserved_autokey(self) -> bool {
        let [hi, lo] = self.0.to_be_bytes();
        lo == 0x02 && hi & 0x3f <= 9 && hi & 0xc0 != 0x40
    }

    /// `true` for 0xF000-0xFFFF, the range kept for private and
    /// experimental use (RFC 7822 section 3).
    #[must_use]
    pub const fn is_experimental(self) -> bool {
        self.0 >= 0xf000
    }

    /// The registry's name, or `None` for a value it does not assign (RFC 7822 section 3).
    #[must_use]
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0104 => "Unique Identifier",
            0x0204 => "NTS Cookie",
            0x0304 => "NTS Cookie Placeholder",
            0x0404 => "NTS Authenticator and Encrypted Extension Fields",
            0x2005 => "Checksum Complement",
            _ if self.is_reserved_autokey() => "Reserved for historic reasons (Autokey)",
            _ if self.is_experimental() => "Private or experimental use",
            _ => return None,
        })
    }
}

impl From<u16> for ExtensionFieldType {
    fn from(v: u16) -> ExtensionFieldType {
        ExtensionFieldType(v)
    }
}

impl From<ExtensionFieldType> for u16 {
    fn from(v: ExtensionFieldType) -> u16 {
        v.0
    }
}

impl fmt::Debug for ExtensionFieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExtensionFieldType({:#06x})", self.0)
    }
}

impl fmt::Display for ExtensionFieldType {
    /// `NTS Cookie (0x0204)`, or `0xabcd` for an unassigned value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({:#06x})", self.0),
            None => write!(f, "{:#06x}", self.0),
        }
    }
}
