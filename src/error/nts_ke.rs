//! The rules of NTS Key Establishment record streams: [`NtsKeRule`].

use core::fmt;

/// The rule an NTS-KE record stream breaks (RFC 8915 section 4): the
/// reason carried by [`Error::NtsKe`](crate::Error::NtsKe). Record types
/// are the raw 15-bit values (the names are
/// [`RecordType`](crate::nts_ke::RecordType)'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum NtsKeRule {
    /// The stream is longer than `u32::MAX` octets; nothing is read.
    StreamTooLong,
    /// Fewer than the 4 octets of a record header are left.
    HeaderTruncated {
        /// Octets left.
        available: u16,
    },
    /// A record's body runs past the end of the data.
    RecordPastEnd {
        /// The body length field.
        body_len: u16,
        /// Octets left after the record header.
        available: u32,
    },
    /// A record body has the wrong size for its type (RFC 8915 section
    /// 4.1: End of Message is empty, a port is 2 octets, the protocol and
    /// algorithm lists are 16-bit values, errors and warnings 2 octets).
    BodyLength {
        /// The record type.
        record_type: u16,
        /// The body length field.
        body_len: u16,
    },
    /// The message does not end with a critical End of Message record
    /// (RFC 8915 section 4.1.1), or a record follows it.
    EndOfMessage,
    /// A record's critical bit contradicts RFC 8915 section 4.1: Next
    /// Protocol Negotiation, Error and Warning must have it set, New
    /// Cookie for NTPv4 must have it clear. (End of Message without it is
    /// [`EndOfMessage`](Self::EndOfMessage).)
    CriticalBit {
        /// The record type, without the critical bit.
        record_type: u16,
        /// The critical bit as the record has it.
        critical: bool,
    },
    /// A record body given to a writer does not fit the 16-bit length.
    RecordTooLong {
        /// Body octets (saturated at `u32::MAX`).
        body_len: u32,
    },
}

impl fmt::Display for NtsKeRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use NtsKeRule::*;
        match *self {
            StreamTooLong => f.write_str("the record stream is longer than 4 GiB"),
            HeaderTruncated { available } => write!(f, "only {available} octets left, a record header needs 4 (RFC 8915 section 4)"),
            RecordPastEnd { body_len, available } => write!(f, "record body length {body_len} runs past the data: {available} octets left"),
            BodyLength { record_type, body_len } => write!(f, "record type {record_type} cannot have a {body_len}-octet body (RFC 8915 section 4.1)"),
            EndOfMessage => f.write_str("a message ends with exactly one critical End of Message record (RFC 8915 section 4.1.1)"),
            CriticalBit { record_type, critical: false } => write!(f, "record type {record_type} must have its critical bit set (RFC 8915 section 4.1)"),
            CriticalBit { record_type, critical: true } => write!(f, "record type {record_type} must have its critical bit clear (RFC 8915 section 4.1)"),
            RecordTooLong { body_len } => write!(f, "a record body of {body_len} octets does not fit its 16-bit length"),
        }
    }
}

const _: () = assert!(core::mem::size_of::<NtsKeRule>() <= 8);
