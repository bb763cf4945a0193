//! The rules of what follows a v1-v4 header: [`TrailerRule`].

use core::fmt;

use crate::fields::ExtensionFieldType;

/// The rule a trailer breaks: the reason carried by
/// [`Error::Trailer`](crate::Error::Trailer). The trailer is everything
/// after the 48-octet header of versions 1 to 4: extension fields
/// (RFC 7822), a MAC (RFC 5905 section 7.5) or an older authenticator,
/// and what fields carry (NTS, RFC 8915; Autokey, RFC 5906; the checksum
/// complement, RFC 7821), and the MS-SNTP authenticators ([MS-SNTP]
/// section 2.2).
///
/// The field rules are generic (`FieldMissing`, `FieldRepeated`, ...)
/// and name the [`ExtensionFieldType`] they are about.
///
/// In [lenient](crate::trailer::Strictness::Lenient) walks the same values
/// name what was accepted out of spec
/// ([`ExtensionField::waived`](crate::trailer::ExtensionField::waived)).
///
/// ```
/// use ntp_wire::{ExtensionFieldType, TrailerRule};
///
/// let rule = TrailerRule::FieldRepeated { field_type: ExtensionFieldType::NTS_COOKIE };
/// assert_eq!(rule.to_string(), "a second NTS Cookie (0x0204) field, where one is allowed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum TrailerRule {
    /// The packet is longer than `u32::MAX` octets, which no UDP datagram
    /// can be; nothing after the header is read.
    PacketTooLong,
    /// An NTPv4 trailer is a whole number of 32-bit words (RFC 7822
    /// section 3; chrony drops packets whose length is not a multiple of 4).
    Unaligned {
        /// Octets after the header.
        trailer_len: u32,
    },
    /// Fewer than the 4 octets of an extension field header are left.
    FieldHeaderTruncated {
        /// Octets left.
        available: u16,
    },
    /// An extension field is shorter than its format allows: 16 octets
    /// after an NTPv4 header (RFC 7822 section 3), its own 4-octet header
    /// inside NTS's encrypted part (RFC 8915 section 5.6).
    FieldTooShort {
        /// The length field.
        length: u16,
        /// The smallest length allowed where the field is.
        minimum: u16,
    },
    /// An extension field's length runs past the end of the packet.
    FieldPastEnd {
        /// The length field.
        length: u16,
        /// Octets left from the start of the field.
        available: u32,
    },
    /// An extension field's length is not a multiple of 4 (RFC 7822
    /// section 3: the length includes the padding).
    FieldNotAligned {
        /// The length field.
        length: u16,
    },
    /// The last extension field of a packet without a MAC is shorter than
    /// 28 octets (RFC 7822 section 3, updating RFC 5905 section 7.5), so
    /// it could be taken for a MAC.
    LastFieldTooShort {
        /// The length field.
        length: u16,
    },
    /// A MAC or authenticator of a length no known algorithm gives at this
    /// version: at version 4 a MAC is 20 or 24 octets (RFC 5905 section
    /// 7.5, RFC 8573); at version 3 or lower the lengths are those of
    /// [`MacAlgorithm`](crate::trailer::MacAlgorithm)'s table.
    MacLength {
        /// Octets of key id and digest.
        length: u32,
        /// The packet's version.
        version: u8,
    },
    /// Something was written after the MAC or crypto-NAK, which ends a
    /// packet (RFC 5905 section 7.5).
    AfterMac,
    /// A crypto-NAK is the whole trailer (RFC 5905 section 7.5): it cannot
    /// follow extension fields.
    CryptoNakNotAlone,
    /// A field length asked of a writer is below what the body needs, or
    /// not a multiple of 4 (RFC 7822 section 3).
    FieldLengthRequest {
        /// The length asked for (saturated at `u32::MAX`).
        length: u32,
        /// The smallest length that holds the body.
        minimum: u16,
    },
    /// Extension fields exist only at version 4 (RFC 5905 section 7.5);
    /// the packet being written has an older version number.
    FieldBeforeVersion4,
    /// An extension field body does not fit the 16-bit length field.
    FieldTooLong {
        /// Octets the field would need (saturated at `u32::MAX`).
        needed: u32,
    },
    /// A field the message needs is absent: an NTS request without
    /// Unique Identifier, Cookie or Authenticator (RFC 8915 sections
    /// 5.3-5.7), a packet without the Checksum Complement asked for.
    FieldMissing {
        /// The type missing.
        field_type: ExtensionFieldType,
    },
    /// A field that may appear once appears again (a second NTS Unique
    /// Identifier or Cookie, RFC 8915 sections 5.3 and 5.7).
    FieldRepeated {
        /// The type repeated.
        field_type: ExtensionFieldType,
    },
    /// A field where its specification forbids it: an NTS Cookie or
    /// Placeholder in a response (RFC 8915 section 5.7).
    FieldUnexpected {
        /// The type found.
        field_type: ExtensionFieldType,
    },
    /// Something follows a field that must be last: the NTS Authenticator
    /// (RFC 8915 section 5.6), the Checksum Complement (RFC 7821 section
    /// 3).
    FieldNotLast {
        /// The type that must be last.
        field_type: ExtensionFieldType,
    },
    /// A field's body is shorter than its specification needs: an NTS
    /// Unique Identifier below 32 octets (RFC 8915 section 5.3), an NTS
    /// Authenticator that cannot hold its two lengths and a 16-octet
    /// nonce (section 5.6), an Autokey message without its association id
    /// (RFC 5906 section 10).
    FieldBodyTooShort {
        /// The field's type.
        field_type: ExtensionFieldType,
        /// Body octets (after the 4-octet field header).
        body_len: u16,
        /// The fewest body octets allowed.
        minimum: u16,
    },
    /// A field's length differs from the one its specification fixes
    /// (the Checksum Complement is 28 octets, RFC 7821 section 3).
    FieldLength {
        /// The field's type.
        field_type: ExtensionFieldType,
        /// The length field.
        length: u16,
        /// The length required.
        expected: u16,
    },
    /// A Cookie Placeholder of another length than the cookie (RFC 8915
    /// section 5.5).
    NtsPlaceholderSize {
        /// Length of the cookie field.
        cookie: u16,
        /// Length of the placeholder field.
        placeholder: u16,
    },
    /// The nonce and ciphertext lengths, each padded to a word, do not fit
    /// in the NTS Authenticator body (RFC 8915 section 5.6).
    NtsLengthsPastBody {
        /// The nonce length field.
        nonce_len: u16,
        /// The ciphertext length field.
        ciphertext_len: u16,
        /// Body octets after the two length fields.
        available: u16,
    },
    /// An Autokey value length runs past the field (RFC 5906 section 10).
    AutokeyValueLength {
        /// The value length field.
        length: u32,
    },
    /// An Autokey signature length runs past the field (RFC 5906 section
    /// 10).
    AutokeySignatureLength {
        /// The signature length field.
        length: u32,
    },
    /// An MS-SNTP authenticator is neither 20 nor 72 octets ([MS-SNTP]
    /// section 2.2).
    MsSntpLength {
        /// Octets after the header.
        length: u32,
    },
}

impl fmt::Display for TrailerRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TrailerRule::*;
        match *self {
            PacketTooLong => f.write_str("the packet is longer than 4 GiB, which no UDP datagram can be"),
            Unaligned { trailer_len } => write!(f, "{trailer_len} octets follow the header; an NTPv4 trailer is a multiple of 4 (RFC 7822 section 3)"),
            FieldHeaderTruncated { available } => write!(f, "only {available} octets left, an extension field header needs 4"),
            FieldTooShort { length, minimum: 16 } => write!(f, "extension field length {length} is below the minimum of 16 (RFC 7822 section 3)"),
            FieldTooShort { length, minimum } => write!(f, "extension field length {length} is below the minimum of {minimum}"),
            FieldPastEnd { length, available } => write!(f, "extension field length {length} runs past the packet: {available} octets left"),
            FieldNotAligned { length } => write!(f, "extension field length {length} is not a multiple of 4 (RFC 7822 section 3)"),
            LastFieldTooShort { length } => write!(f, "last extension field is {length} octets without a MAC; it must be at least 28 (RFC 7822 section 3, updating RFC 5905 section 7.5)"),
            MacLength { length, version: 4.. } => write!(f, "a {length}-octet MAC matches no algorithm: version 4 takes 20 or 24 (RFC 5905 section 7.5, RFC 8573)"),
            MacLength { length, .. } => write!(f, "a {length}-octet authenticator matches no algorithm: versions 1 to 3 take 4 (crypto-NAK), 12, 20, 24, 28, 32, 36, 52, 68 or 72"),
            AfterMac => f.write_str("nothing may follow the MAC or crypto-NAK (RFC 5905 section 7.5)"),
            CryptoNakNotAlone => f.write_str("a crypto-NAK is the whole trailer; it cannot follow extension fields (RFC 5905 section 7.5)"),
            FieldLengthRequest { length, minimum } => write!(f, "field length {length} asked for; it must be a multiple of 4 and at least {minimum}"),
            FieldBeforeVersion4 => f.write_str("extension fields need version 4; set the header's version first"),
            FieldTooLong { needed } => write!(f, "an extension field of {needed} octets does not fit its 16-bit length"),
            FieldMissing { field_type } => write!(f, "no {field_type} field, which this message needs"),
            FieldRepeated { field_type } => write!(f, "a second {field_type} field, where one is allowed"),
            FieldUnexpected { field_type } => write!(f, "the {field_type} field is not allowed here"),
            FieldNotLast { field_type } => write!(f, "something follows the {field_type} field, which must be the last item"),
            FieldBodyTooShort { field_type, body_len, minimum } => write!(f, "{field_type} body of {body_len} octets; at least {minimum} are required"),
            FieldLength { field_type, length, expected } => write!(f, "{field_type} field of {length} octets; it must be {expected}"),
            NtsPlaceholderSize { cookie, placeholder } => write!(f, "cookie placeholder of {placeholder} octets, the cookie field has {cookie}; they must be equal (RFC 8915 section 5.5)"),
            NtsLengthsPastBody { nonce_len, ciphertext_len, available } => write!(f, "nonce length {nonce_len} and ciphertext length {ciphertext_len}, padded, exceed the {available} octets of the NTS Authenticator body"),
            AutokeyValueLength { length } => write!(f, "Autokey value length {length} runs past the field (RFC 5906 section 10)"),
            AutokeySignatureLength { length } => write!(f, "Autokey signature length {length} runs past the field (RFC 5906 section 10)"),
            MsSntpLength { length } => write!(f, "an MS-SNTP authenticator is 20 or 72 octets, not {length} ([MS-SNTP] section 2.2)"),
        }
    }
}

const _: () = assert!(core::mem::size_of::<TrailerRule>() <= 8);
