//! The rules of NTPv5 messages: [`V5Rule`].

use core::fmt;

use crate::fields::ExtensionFieldType;

/// The rule an NTPv5 packet (draft-ietf-ntp-ntpv5, the `v5` module's
/// pinned revision) breaks: the reason carried by
/// [`Error::V5`](crate::Error::V5). Section numbers are those of
/// draft-ietf-ntp-ntpv5-07, whose wire format -08 and -09 keep.
///
/// The framing of the extension fields (a length of at least 4 that
/// fits the packet) is the one field-rule engine's, shared with NTPv4,
/// and its breaks are [`Error::Trailer`](crate::Error::Trailer)
/// ([`TrailerRule::FieldTooShort`](crate::TrailerRule::FieldTooShort) with
/// `minimum` 4, [`TrailerRule::FieldPastEnd`](crate::TrailerRule::FieldPastEnd),
/// [`TrailerRule::FieldHeaderTruncated`](crate::TrailerRule::FieldHeaderTruncated));
/// what the draft adds is here.
///
/// ```
/// use ntp_wire::V5Rule;
///
/// let rule = V5Rule::UnknownFlags { flags: 0x0008 };
/// assert_eq!(
///     rule.to_string(),
///     "flags 0x0008 set bits other than synchronized (0x1), interleaved (0x2) and \
///      authentication NAK (0x4) (draft-ietf-ntp-ntpv5-07 section 6)",
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum V5Rule {
    /// A version 1 to 4 packet where an NTPv5 one is needed (the version
    /// field is 5 in every NTPv5 packet, section 6).
    Version {
        /// The version field.
        version: u8,
    },
    /// NTPv5 has two modes: 3 (request) and 4 (response) (section 6;
    /// ntpd-rs refuses the others with `MalformedMode`).
    Mode {
        /// The mode field.
        mode: u8,
    },
    /// The packet is not a whole number of 32-bit words (section 6:
    /// "MUST be divisible by 4").
    Unaligned {
        /// Octets in the packet.
        length: u32,
    },
    /// A timescale above 3 (section 6 defines 0 UTC, 1 TAI, 2 UT1, 3
    /// leap-smeared UTC; ntpd-rs refuses others with
    /// `MalformedTimescale`). Lenient reading keeps it.
    UnknownTimescale {
        /// The timescale octet.
        timescale: u8,
    },
    /// Flag bits other than 0x0001, 0x0002 and 0x0004 (section 6; ntpd-rs
    /// refuses them with `InvalidFlags`). Lenient reading keeps them.
    UnknownFlags {
        /// The 16-bit flags field.
        flags: u16,
    },
    /// A field other than Correction after the MAC, which must be the
    /// last field unless one is explicitly allowed after it (section 7.3;
    /// section 7.6 allows the Correction).
    AfterMac {
        /// The type of the field after the MAC.
        field_type: ExtensionFieldType,
    },
    /// Anything after the Correction, which must be the last field
    /// (section 7.6).
    AfterCorrection {
        /// The type of the field after the Correction.
        field_type: ExtensionFieldType,
    },
    /// A field of fixed length with another length: Server Information
    /// is 8 octets (section 7.5), Correction 28 (7.6), Reference Timestamp
    /// 12 (7.7), Monotonic and Secondary Receive Timestamp 16 (7.8, 7.9).
    FieldLength {
        /// The field's type.
        field_type: ExtensionFieldType,
        /// Its length field.
        length: u16,
        /// The length its section fixes.
        expected: u16,
    },
    /// A field's value is too short for its layout: a MAC needs its
    /// 4-octet key id (section 7.3), a Reference IDs Request its 2-octet
    /// offset (section 7.4).
    ValueTooShort {
        /// The field's type.
        field_type: ExtensionFieldType,
        /// Its length field (header and value).
        length: u16,
        /// The least length its layout takes.
        minimum: u16,
    },
    /// A field value given to a writer does not fit the 16-bit length
    /// field (header included).
    FieldTooLong {
        /// Octets the field would need (saturated at `u32::MAX`).
        needed: u32,
    },
    /// A Padding field of this many octets cannot be written: a field
    /// takes at least its 4-octet header, and a packet is a whole number
    /// of words (sections 6, 7.2).
    PaddingLength {
        /// Octets asked for.
        length: u32,
    },
    /// A draft server was asked to answer a request without Draft
    /// Identification, which in a draft implementation's request is
    /// required (section 7.1; ntpd-rs 1.9 drops such requests).
    DraftMissing,
    /// The request's Draft Identification differs from the server's: a
    /// server must not respond to a draft it does not know (section 7.1).
    DraftMismatch,
    /// A request of the final protocol (the server has no draft string)
    /// carries a Draft Identification (section 7.1).
    DraftUnexpected,
    /// A chunk outside the 512-octet Bloom filter (section 7.4).
    ChunkOutOfRange {
        /// Offset of the chunk (saturated at `u16::MAX`).
        offset: u16,
        /// Octets of the chunk (saturated at `u16::MAX`).
        length: u16,
    },
}

const _: () = assert!(core::mem::size_of::<V5Rule>() <= 8);

/// A field type as an NTPv5 reader names it: the draft's name for its
/// types (`Padding (0xf501)`), the registry's for the others.
struct V5Name(ExtensionFieldType);

impl fmt::Display for V5Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.ntpv5_name() {
            Some(name) => write!(f, "{name} ({:#06x})", self.0 .0),
            None => fmt::Display::fmt(&self.0, f),
        }
    }
}

impl fmt::Display for V5Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use V5Rule::*;
        match *self {
            Version { version } => write!(f, "version {version} where an NTPv5 packet is needed (draft-ietf-ntp-ntpv5-07 section 6)"),
            Mode { mode } => write!(f, "mode {mode}: NTPv5 has only request (3) and response (4) packets (draft-ietf-ntp-ntpv5-07 section 6)"),
            Unaligned { length } => write!(f, "a packet of {length} octets; an NTPv5 packet is a multiple of 4 (draft-ietf-ntp-ntpv5-07 section 6)"),
            UnknownTimescale { timescale } => write!(f, "timescale {timescale} is none of 0 (UTC), 1 (TAI), 2 (UT1), 3 (leap-smeared UTC) (draft-ietf-ntp-ntpv5-07 section 6)"),
            UnknownFlags { flags } => write!(f, "flags {flags:#06x} set bits other than synchronized (0x1), interleaved (0x2) and authentication NAK (0x4) (draft-ietf-ntp-ntpv5-07 section 6)"),
            AfterMac { field_type } => write!(f, "a {} field follows the MAC; only a Correction may (draft-ietf-ntp-ntpv5-07 sections 7.3, 7.6)", V5Name(field_type)),
            AfterCorrection { field_type } => write!(f, "a {} field follows the Correction, which must be last (draft-ietf-ntp-ntpv5-07 section 7.6)", V5Name(field_type)),
            FieldLength { field_type, length, expected } => write!(f, "{} field of length {length}; it must be {expected} (draft-ietf-ntp-ntpv5-07 section 7)", V5Name(field_type)),
            ValueTooShort { field_type, length, minimum } => write!(f, "{} field of length {length}; its layout needs at least {minimum} (draft-ietf-ntp-ntpv5-07 section 7)", V5Name(field_type)),
            FieldTooLong { needed } => write!(f, "an extension field of {needed} octets does not fit its 16-bit length"),
            PaddingLength { length } => write!(f, "a Padding of {length} octets cannot be written: it takes a multiple of 4, at least 4 (draft-ietf-ntp-ntpv5-07 sections 6, 7.2)"),
            DraftMissing => f.write_str("the request has no Draft Identification, which a draft server requires (draft-ietf-ntp-ntpv5-07 section 7.1)"),
            DraftMismatch => f.write_str("the request's Draft Identification is not the server's draft (draft-ietf-ntp-ntpv5-07 section 7.1)"),
            DraftUnexpected => f.write_str("a Draft Identification in a request of the final protocol (draft-ietf-ntp-ntpv5-07 section 7.1)"),
            ChunkOutOfRange { offset, length } => write!(f, "a chunk of {length} octets at offset {offset} runs past the 512-octet Bloom filter (draft-ietf-ntp-ntpv5-07 section 7.4)"),
        }
    }
}
