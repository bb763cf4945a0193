//! Extension field types (RFC 7822 section 3, the IANA "NTP Extension
//! Field Types" registry as RFC 9748 left it).

use crate::wire::wire_enum;

wire_enum! {
    /// The 16-bit Field Type of an extension field (RFC 7822 section 3;
    /// the registry of RFC 9748 section 4.3; NTPv5 fields use the same 16
    /// bits, draft-ietf-ntp-ntpv5-07 section 7, and the `V5_` constants are
    /// the draft's values, named by [`ntpv5_name`](Self::ntpv5_name)).
    ///
    /// A newtype, not an enum: any value read is kept and written back as
    /// is. The constants are the registry's assignments; [`name`](Self::name)
    /// gives the registry's name for a known value, and for the ranges it
    /// reserves.
    ///
    /// One value has two readings: 0x0204 is the NTS Cookie (RFC 8915) and
    /// also an Autokey request (RFC 5906) as ntpd sent it on the wire: first
    /// octet R|E|version 2, second octet the code, here 4 ("autokey"). The
    /// old registry listed the Autokey values nibble-swapped (0x0402 for
    /// that message); RFC 9748 registers the values ntpd sent and keeps the
    /// swapped ones reserved. Which
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
    /// 0x0000, Crypto-NAK; authentication failure (RFC 5905, as RFC 9748
    /// section 4.3 lists it).
    CRYPTO_NAK = 0x0000 => "Crypto-NAK; authentication failure",
    /// 0x0002, No-Operation request: the first of the Autokey values the
    /// registry listed nibble-swapped, reserved for historic reasons by
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
    /// 0xF501, NTPv5 Padding (draft-ietf-ntp-ntpv5-07 section 7.2): any
    /// value, ignored.
    V5_PADDING = 0xf501 => "Reserved for Experimental Use",
    /// 0xF502, NTPv5 Message Authentication Code (draft-ietf-ntp-ntpv5-07
    /// section 7.3): key id and MAC; the last field, or followed only by
    /// a Correction.
    V5_MAC = 0xf502 => "Reserved for Experimental Use",
    /// 0xF503, NTPv5 Reference IDs Request (draft-ietf-ntp-ntpv5-07
    /// section 7.4): an offset into the server's Bloom filter.
    V5_REFERENCE_IDS_REQUEST = 0xf503 => "Reserved for Experimental Use",
    /// 0xF504, NTPv5 Reference IDs Response (draft-ietf-ntp-ntpv5-07
    /// section 7.4): a chunk of the server's Bloom filter.
    V5_REFERENCE_IDS_RESPONSE = 0xf504 => "Reserved for Experimental Use",
    /// 0xF505, NTPv5 Server Information (draft-ietf-ntp-ntpv5-07 section
    /// 7.5): the versions the server supports.
    V5_SERVER_INFORMATION = 0xf505 => "Reserved for Experimental Use",
    /// 0xF506, NTPv5 Correction (draft-ietf-ntp-ntpv5-07 section 7.6):
    /// delay corrections of on-path devices; the last field.
    V5_CORRECTION = 0xf506 => "Reserved for Experimental Use",
    /// 0xF507, NTPv5 Reference Timestamp (draft-ietf-ntp-ntpv5-07 section
    /// 7.7).
    V5_REFERENCE_TIMESTAMP = 0xf507 => "Reserved for Experimental Use",
    /// 0xF508, NTPv5 Monotonic Receive Timestamp (draft-ietf-ntp-ntpv5-07
    /// section 7.8).
    V5_MONOTONIC_RECEIVE_TIMESTAMP = 0xf508 => "Reserved for Experimental Use",
    /// 0xF509, NTPv5 Secondary Receive Timestamp (draft-ietf-ntp-ntpv5-07
    /// section 7.9).
    V5_SECONDARY_RECEIVE_TIMESTAMP = 0xf509 => "Reserved for Experimental Use",
    /// 0xF5FF, NTPv5 Draft Identification (draft-ietf-ntp-ntpv5-07 section
    /// 7.1): the ASCII name of the draft a draft implementation speaks.
    V5_DRAFT_IDENTIFICATION = 0xf5ff => "Reserved for Experimental Use",
}

impl ExtensionFieldType {
    /// `true` for the four NTS field types of RFC 8915 section 7.5.
    #[must_use]
    pub const fn is_nts(self) -> bool {
        matches!(self.0, 0x0104 | 0x0204 | 0x0304 | 0x0404)
    }

    /// The Autokey message (RFC 5906 section 13) this value is as ntpd put
    /// it on the wire and RFC 9748 section 4.3 now registers it: R and E
    /// bits and the version 2 in the high octet, the code 0 to 9 in the
    /// low one (0x0200-0x0209 requests, 0x8200-0x8209 responses,
    /// 0xC200-0xC209 error responses). 0x0204 is also the NTS Cookie, the
    /// name [`name`](Self::name) gives it. See
    /// [`AutokeyField`](crate::trailer::AutokeyField).
    #[must_use]
    pub const fn autokey_code(self) -> Option<u8> {
        let [hi, lo] = self.0.to_be_bytes();
        if hi & 0x3f == 0x02 && hi & 0xc0 != 0x40 && lo <= 9 {
            Some(lo)
        } else {
            None
        }
    }

    /// `true` for the Autokey values as the old registry listed them,
    /// nibble-swapped (RFC 5906 section 13 as printed: 0x0002, 0x0102,
    /// 0x0302 ... 0x0902 requests, the same with 0x80 responses and 0xC0
    /// errors; the code 2 has no swapped twin, since 0x0202 is itself the
    /// Certificate request), which RFC 9748 section 4.3 keeps reserved for
    /// historic reasons.
    #[must_use]
    pub const fn is_reserved_autokey(self) -> bool {
        let [hi, lo] = self.0.to_be_bytes();
        lo == 0x02 && hi & 0x3f <= 9 && hi & 0x3f != 2 && hi & 0xc0 != 0x40
    }

    /// The name draft-ietf-ntp-ntpv5-07 section 7 gives a field type after
    /// an NTPv5 header ("Padding", "Draft Identification", ...), `None`
    /// for the others. [`name`](Self::name) stays the registry's: the
    /// draft's values are placeholders in the experimental range, which
    /// IANA does not assign.
    ///
    /// ```
    /// use ntp_wire::ExtensionFieldType;
    ///
    /// let t = ExtensionFieldType::V5_DRAFT_IDENTIFICATION;
    /// assert_eq!(t.ntpv5_name(), Some("Draft Identification"));
    /// assert_eq!(t.name(), Some("Reserved for Experimental Use"));
    /// assert_eq!(ExtensionFieldType::NTS_COOKIE.ntpv5_name(), None);
    /// ```
    #[must_use]
    pub const fn ntpv5_name(self) -> Option<&'static str> {
        Some(match self.0 {
            0xf501 => "Padding",
            0xf502 => "Message Authentication Code",
            0xf503 => "Reference IDs Request",
            0xf504 => "Reference IDs Response",
            0xf505 => "Server Information",
            0xf506 => "Correction",
            0xf507 => "Reference Timestamp",
            0xf508 => "Monotonic Receive Timestamp",
            0xf509 => "Secondary Receive Timestamp",
            0xf5ff => "Draft Identification",
            _ => return None,
        })
    }

    /// `true` for the field types of the NTPv5 draft (draft-ietf-ntp-ntpv5-07
    /// section 7, the `V5_` constants): 0xF501 to 0xF509 and 0xF5FF. They
    /// are placeholders in the experimental range (the draft's IANA section
    /// asks for real values), so a v4 packet may use them for something
    /// else; after an NTPv5 header they mean what the draft says.
    #[must_use]
    pub const fn is_ntpv5_draft(self) -> bool {
        matches!(self.0, 0xf501..=0xf509 | 0xf5ff)
    }

    /// `true` for 0xF000-0xFFFF, the range RFC 9748 section 4.3 reserves
    /// for experimental use ("reserved for experimentation and development.
    /// IANA cannot assign them.").
    #[must_use]
    pub const fn is_experimental(self) -> bool {
        self.0 >= 0xf000
    }

    /// The name of the range or family a value not listed one by one
    /// falls in.
    const fn range_name(self) -> Option<&'static str> {
        if let Some(code) = self.autokey_code() {
            let [hi, _] = self.0.to_be_bytes();
            let names = match hi & 0xc0 {
                0x00 => &AUTOKEY_REQUESTS,
                0x80 => &AUTOKEY_RESPONSES,
                _ => &AUTOKEY_ERRORS,
            };
            Some(names[code as usize])
        } else if self.is_reserved_autokey() {
            Some("Reserved for historic reasons (Autokey)")
        } else if self.is_experimental() {
            Some("Reserved for Experimental Use")
        } else {
            None
        }
    }
}

/// RFC 9748 section 4.3's names of the Autokey messages, by code.
const AUTOKEY_REQUESTS: [&str; 10] = [
    "Autokey No-Operation Request",
    "Autokey Association Message Request",
    "Autokey Certificate Message Request",
    "Autokey Cookie Message Request",
    "Autokey Autokey Message Request",
    "Autokey Leapseconds Value Message Request",
    "Autokey Sign Message Request",
    "Autokey IFF Identity Message Request",
    "Autokey GQ Identity Message Request",
    "Autokey MV Identity Message Request",
];
/// The same messages as responses (R bit).
const AUTOKEY_RESPONSES: [&str; 10] = [
    "Autokey No-Operation Response",
    "Autokey Association Message Response",
    "Autokey Certificate Message Response",
    "Autokey Cookie Message Response",
    "Autokey Autokey Message Response",
    "Autokey Leapseconds Value Message Response",
    "Autokey Sign Message Response",
    "Autokey IFF Identity Message Response",
    "Autokey GQ Identity Message Response",
    "Autokey MV Identity Message Response",
];
/// The same messages as error responses (R and E bits).
const AUTOKEY_ERRORS: [&str; 10] = [
    "Autokey No-Operation Error Response",
    "Autokey Association Message Error Response",
    "Autokey Certificate Message Error Response",
    "Autokey Cookie Message Error Response",
    "Autokey Autokey Message Error Response",
    "Autokey Leapseconds Value Message Error Response",
    "Autokey Sign Message Error Response",
    "Autokey IFF Identity Message Error Response",
    "Autokey GQ Identity Message Error Response",
    "Autokey MV Identity Message Error Response",
];
