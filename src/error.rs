//! The crate's one error type.
//!
//! Every fallible function in the crate returns [`Result<T>`](Result). Each
//! variant carries what a caller needs to act: the octet counts that did not
//! fit, the offending value, and (for the layers after the header) the offset
//! into the packet where the rule was broken.

use crate::fields::Mode;

/// Shorthand for `core::result::Result<T, ntp_wire::Error>`.
pub type Result<T> = core::result::Result<T, Error>;

/// Why a packet could not be read or written.
///
/// `Copy`, allocation-free and `#[non_exhaustive]`: later layers (trailer,
/// control and private messages) add variants without a breaking change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The input ends before a structure it must hold: an NTP header needs 48
    /// octets (RFC 5905 section 7.3).
    #[error("packet truncated: {needed} octets needed, only {available} available")]
    Truncated {
        /// Octets the structure needs.
        needed: usize,
        /// Octets the input has.
        available: usize,
    },

    /// The version number (bits 2-4 of octet 0) is 0, 6 or 7: no NTP version
    /// uses that layout (RFC 5905 section 7.3 accepts 1-4 in a v4-style header).
    #[error("unsupported NTP version {version}: a v4-style header has version 1 to 4")]
    BadVersion {
        /// The 3-bit version field as received.
        version: u8,
    },

    /// Version 5: an NTPv5 packet (draft-ietf-ntp-ntpv5), whose header layout
    /// differs from versions 1-4 after octet 3 and is not read as a v4 header.
    #[error("NTPv5 packet: its header layout differs from NTPv4 and needs an NTPv5 reader")]
    Ntpv5,

    /// Mode 6 (control) or 7 (private) in a place that needs a time packet:
    /// those messages have their own 12- and 8-octet headers (RFC 9327,
    /// ntpd's mode 7), not the 48-octet header of RFC 5905 section 7.3.
    #[error("mode {} ({}) has its own message layout, not the 48-octet NTP header", *mode as u8, mode.name())]
    UnsupportedMode {
        /// The mode received.
        mode: Mode,
    },

    /// The output buffer is too small for what is being written.
    #[error("output buffer too small: {needed} octets needed, only {available} available")]
    BufferTooSmall {
        /// Octets the write needs.
        needed: usize,
        /// Octets the buffer has.
        available: usize,
    },

    /// A stratum-1 reference source name must be 1 to 4 printable ASCII
    /// characters, NUL-padded on the wire (RFC 5905 section 7.3, figure 12).
    #[error("reference source name must be 1 to 4 printable ASCII characters")]
    InvalidSourceName,

    /// A Windows Time peer-flags value is not `0x` followed by 1 to 8 hex
    /// digits ([MS-W32T] 2.2.11: a DWORD written as hex, such as `0x9`).
    /// `offset` and `len` locate the flags text in the string parsed (after
    /// the comma in a manual peer list); `len` 0 means nothing followed the
    /// comma.
    #[error("invalid Windows Time peer flags at offset {offset} ({len} characters): write 0x and 1 to 8 hex digits, such as 0x8 or 0x9")]
    InvalidPeerFlags {
        /// Offset of the flags text, in octets from the start of the input.
        offset: usize,
        /// Length of the flags text in octets.
        len: usize,
    },

    /// A manual peer list entry has no usable host name: it is empty (the
    /// entry starts with a comma), longer than the 253 octets of a DNS
    /// name, or holds a quote or control character.
    #[error("invalid peer host name at offset {offset} ({len} octets): a host is a DNS name or IP address of 1 to 253 characters, without quotes, commas or spaces")]
    InvalidPeerHost {
        /// Offset of the entry's host part, in octets from the start of the
        /// input.
        offset: usize,
        /// Length of the host part in octets.
        len: usize,
    },

    /// A host appears twice in a manual peer list (host names compare
    /// case-insensitively, as DNS names do).
    #[error("duplicate peer at offset {offset}: the same host is already listed at offset {first}; list each host once")]
    DuplicatePeer {
        /// Offset of the repeated entry.
        offset: usize,
        /// Offset of the entry it repeats.
        first: usize,
    },

    /// A reply was asked for a packet of a mode that gets none (RFC 5905
    /// section 9.2: modes 0, 2, 4 and 5 are never answered), or a request
    /// was asked for a mode that is not a request.
    #[error("mode {} ({}) is not answered: only client (3) and symmetric active (1) requests get a time reply", *mode as u8, mode.name())]
    NotARequest {
        /// The mode of the packet.
        mode: Mode,
    },
}
