//! Extension field types (RFC 7822 section 3, the IANA "NTP Extension
//! Field Types" registry as RFC 9748 left it).

use crate::wire::wire_enum;

wire_enum! {
    /// The 16-bit Field Type of an extension field (RFC 7822 section 3;
    /// NTPv5 fields use the same 16 bits, draft-ietf-ntp-ntpv5 section 7).
    ///
    /// A newtype, not an enum: any value read is kept and written back as
    /// is. The constants are the registry's assignments; [`name`](Self::name)
    /// gives the registry's name for a known value, and for the ranges it
    /// reserves.
    ///
    /// One value has two readings: 0x0204 is the NTS Cookie (RFC 8915) and
    /// also an Autokey request (RFC 5906) as ntpd sent it on the wire: first
    /// octet R|E|version 2, second octet the code, here 4 ("autokey"). The
    /// old registry listed the Autokey values byte-swapped (0x0402 for that
    /// message), and RFC 9748 keeps those swapped values reserved. Which
    /// protocol a 0x0204 belongs to is the caller's context (an NTS
    /// association or an Autokey one); this crate reads it as NTS by
    /// default, and [`AutokeyField`](crate::trailer::AutokeyField) reads it
    /// as Autokey on request.
    ///
    /// ```
    /// use ntp_wire::ExtensionFieldType;
    ///
    /// assert_eq!(ExtensionFieldType(0x0204), ExtensionFieldType::NTS_COOKIE);
    /// assert_eq!(ExtensionFieldType::NTS_COOKIE.to_string(), "NTS Cookie (0x0204)");
    /// assert_eq!(ExtensionFieldType(0x0302).name(), Some("Reserved for historic reasons (Autokey)"));
    /// assert_eq!(ExtensionFieldType(0x1234).to_string(), "0x1234");
    /// ```
    pub struct ExtensionFieldType(u16) as "{:#06x}", else ExtensionFieldType::range_name;
    /// 0x0002, No-Operation request: the first of the Autokey values the
    /// registry listed byte-swapped, reserved for historic reasons by
    /// RFC 9748 (see [`is_reserved_autokey`](Self::is_reserved_autokey)).
    RESERVED_NO_OPERATION = 0x0002 => "Reserved for historic reasons (Autokey)",
    /// 0x0104, NTS Unique Identifier (RFC 8915 section 5.3).
    NTS_UNIQUE_IDENTIFIER = 0x0104 => "Unique Identifier",
    /// 0x0204, NTS Cookie (RFC 8915 section 5.4).
    NTS_COOKIE = 0x0204 => "NTS Cookie",
    /// 0x0304, NTS Cookie Placeholder (RFC 8915 section 5.5).
    NTS_COOKIE_PLACEHOLDER = 0x0304 => "NTS Cookie Placeholder",
    /// 0x0404, NTS Authenticator and Encrypted Extension Fields (RFC 8915
    /// section 5.6).
    NTS_AUTHENTICATOR = 0x0404 => "NTS Authenticator and Encrypted Extension Fields",
    /// 0x2005, UDP Checksum Complement (RFC 7821 section 3).
    CHECKSUM_COMPLEMENT = 0x2005 => "Checksum Complement",
}

impl ExtensionFieldType {
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
    /// experimental use.
    #[must_use]
    pub const fn is_experimental(self) -> bool {
        self.0 >= 0xf000
    }

    /// The name of the reserved range a value not assigned one by one
    /// falls in.
    const fn range_name(self) -> Option<&'static str> {
        if self.is_reserved_autokey() {
            Some("Reserved for historic reasons (Autokey)")
        } else if self.is_experimental() {
            Some("Private or experimental use")
        } else {
            None
        }
    }
}
