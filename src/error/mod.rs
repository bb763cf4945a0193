//! The crate's one error type, scoped by message kind.
//!
//! Every fallible function in the crate returns [`Result<T>`](Result). The
//! variants that any layer can give (a short input, a full output buffer,
//! a version or mode no reader takes) sit at the top level; everything a
//! particular kind of message can break is one variant carrying the
//! offset and a rule enum of that kind's own ([`TrailerRule`] for what
//! follows a v1-v4 header and the field framing NTPv5 shares with it,
//! [`NtsKeRule`] for NTS-KE record streams, [`ControlRule`] for control
//! messages, [`PrivateRule`] for mode 7 messages, [`V5Rule`] for NTPv5),
//! so a
//! caller that reads only time packets never matches against the rules of
//! another kind.
//!
//! Offsets and lengths are `u32`: they index one UDP payload (at most
//! 65 507 octets) or one NTS-KE stream, and keep `Error` at 16 octets and
//! `Result<usize>` at 16, which the hot paths return in registers. Inputs
//! longer than `u32::MAX` octets are refused before anything is read from
//! them ([`TrailerRule::PacketTooLong`], [`NtsKeRule::StreamTooLong`]).

use crate::fields::Mode;

mod control;
mod nts_ke;
mod private;
mod trailer;
mod v5;

pub use control::{ControlRule, MruTag};
pub use nts_ke::NtsKeRule;
pub use private::{PrivateField, PrivateRule};
pub use trailer::TrailerRule;
pub use v5::V5Rule;

/// Shorthand for `core::result::Result<T, ntp_wire::Error>`.
pub type Result<T> = core::result::Result<T, Error>;

/// Why a packet could not be read or written.
///
/// `Copy`, allocation-free and `#[non_exhaustive]`: new message kinds add
/// variants without a breaking change. (Peer-list text has its own error,
/// [`PeerListError`](crate::w32time::PeerListError).)
///
/// ```
/// use ntp_wire::{Error, Packet, TrailerRule};
///
/// // Too short for the 48-octet header.
/// assert_eq!(
///     Packet::new_checked(&[0x23u8; 12][..]).unwrap_err(),
///     Error::Truncated { needed: 48, available: 12 },
/// );
/// // A version 4 packet whose 5 trailing octets are no whole word.
/// let mut buf = [0u8; 53];
/// buf[0] = 0x23;
/// let err = Packet::new_checked(&buf[..])?.trailer().check().unwrap_err();
/// assert_eq!(
///     err,
///     Error::Trailer { offset: 48, rule: TrailerRule::Unaligned { trailer_len: 5 } },
/// );
/// assert_eq!(
///     err.to_string(),
///     "invalid trailer at offset 48: 5 octets follow the header; \
///      an NTPv4 trailer is a multiple of 4 (RFC 7822 section 3)",
/// );
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The input ends before a structure it must hold: an NTP header needs
    /// 48 octets (RFC 5905 section 7.3), the first octet of any message 1.
    #[error("packet truncated: {needed} octets needed, only {available} available")]
    Truncated {
        /// Octets the structure needs.
        needed: u32,
        /// Octets the input has (saturated at `u32::MAX`).
        available: u32,
    },
    /// The version number (bits 2-4 of octet 0) is 0, 6 or 7: no NTP
    /// version has that number (RFC 5905 section 7.3 defines the field;
    /// versions 1 to 4 are RFC 1059, 1119, 1305 and 5905, version 5 the
    /// NTPv5 draft). Also a number above 7 given where a version is
    /// expected.
    #[error("unsupported NTP version {version}: NTP versions are 1 to 5")]
    BadVersion {
        /// The 3-bit version field as received.
        version: u8,
    },
    /// Version 5 where a v1-v4 packet is needed: an NTPv5 packet
    /// (draft-ietf-ntp-ntpv5), whose header differs from RFC 5905's after
    /// octet 3. [`Message::parse`](crate::Message::parse) reads every kind.
    #[error("NTPv5 packet: its header layout differs from NTPv4 and needs an NTPv5 reader")]
    Ntpv5,
    /// Mode 6 (control) or 7 (private) where a time packet is needed:
    /// those messages have their own 12- and 8-octet headers (RFC 9327,
    /// ntpd's `ntp_request.h`), not the 48-octet header of RFC 5905
    /// section 7.3. [`Message::parse`](crate::Message::parse) reads every
    /// kind.
    #[error("mode {} ({}) has its own message layout, not the 48-octet NTP header", *mode as u8, mode.name())]
    UnsupportedMode {
        /// The mode received.
        mode: Mode,
    },
    /// The output buffer is too small for what is being written.
    #[error("output buffer too small: {needed} octets needed, only {available} available")]
    BufferTooSmall {
        /// Octets the write needs (saturated at `u32::MAX`).
        needed: u32,
        /// Octets the buffer has (saturated at `u32::MAX`).
        available: u32,
    },
    /// A reply was asked for a packet of a mode that gets none (RFC 5905
    /// section 9.2: modes 0, 2, 4 and 5 are never answered), or a request
    /// was asked for a mode that is not a request.
    #[error("mode {} ({}) is not answered: only client (3) and symmetric active (1) requests get a time reply", *mode as u8, mode.name())]
    NotARequest {
        /// The mode of the packet.
        mode: Mode,
    },
    /// A request was asked for with a zero transmit timestamp: the reply
    /// echoes it as its origin, and a zero origin means "unset" (RFC 5905
    /// section 7.3) and matches no request (section 8), so the reply could
    /// never be accepted.
    #[error("a request's transmit timestamp must not be zero: the reply echoes it as its origin, and a zero origin matches no request (RFC 5905 sections 7.3 and 8); read the clock again or send a random value")]
    ZeroTransmitTimestamp,
    /// What follows a v1-v4 header breaks a rule of its RFC: an extension
    /// field, MAC or authenticator, NTS field, Autokey message, checksum
    /// complement or MS-SNTP authenticator; or the framing of an NTPv5
    /// extension field (a length below 4, or past the end: the one
    /// field-rule engine's). `offset` is where the broken
    /// structure starts, in octets from the start of the packet (of the
    /// plaintext for decrypted NTS fields).
    #[error("invalid trailer at offset {offset}: {rule}")]
    Trailer {
        /// Offset of the structure that breaks the rule.
        offset: u32,
        /// The rule broken.
        rule: TrailerRule,
    },
    /// An NTS Key Establishment record stream (RFC 8915 section 4) breaks
    /// a rule; `offset` counts from the start of the stream.
    #[error("invalid NTS-KE message at offset {offset}: {rule}")]
    NtsKe {
        /// Offset of the record that breaks the rule.
        offset: u32,
        /// The rule broken.
        rule: NtsKeRule,
    },
    /// A control message (mode 6, RFC 9327) breaks a rule: its header,
    /// data, MAC placement, fragments, variable list or READ_MRU
    /// parameters. `offset` counts from the start of the message, or of
    /// the data given to a data reader.
    #[error("invalid control message at offset {offset}: {rule}")]
    Control {
        /// Offset of the structure that breaks the rule.
        offset: u32,
        /// The rule broken.
        rule: ControlRule,
    },
    /// An ntpd private message (mode 7, `ntp_request.h`) breaks a rule;
    /// `offset` is where the broken field or structure starts, in octets
    /// from the start of the message.
    #[error("invalid private message (mode 7) at offset {offset}: {rule}")]
    Private {
        /// Offset of the field or structure that breaks the rule.
        offset: u32,
        /// The rule broken.
        rule: PrivateRule,
    },
    /// An NTPv5 packet (draft-ietf-ntp-ntpv5) breaks a rule of the draft:
    /// its header, the order or layout of its extension fields, or what a
    /// builder was asked to write. `offset` is where the broken structure
    /// starts, in octets from the start of the packet.
    #[error("invalid NTPv5 packet at offset {offset}: {rule}")]
    V5 {
        /// Offset of the structure that breaks the rule.
        offset: u32,
        /// The rule broken.
        rule: V5Rule,
    },
}

impl Error {
    /// [`Error::Truncated`] from octet counts of any size.
    #[inline]
    #[must_use]
    pub(crate) const fn truncated(needed: usize, available: usize) -> Error {
        Error::Truncated {
            needed: crate::wire::to_u32(needed),
            available: crate::wire::to_u32(available),
        }
    }

    /// `Ok` when `available` octets hold the `needed` ones, else
    /// [`Error::Truncated`]: the length rule of every view's `check_len`.
    #[inline]
    pub(crate) const fn at_least(needed: usize, available: usize) -> Result<()> {
        if available < needed {
            Err(Error::truncated(needed, available))
        } else {
            Ok(())
        }
    }

    /// [`Error::BufferTooSmall`] from octet counts of any size.
    #[inline]
    #[must_use]
    pub(crate) const fn buffer_too_small(needed: usize, available: usize) -> Error {
        Error::BufferTooSmall {
            needed: crate::wire::to_u32(needed),
            available: crate::wire::to_u32(available),
        }
    }

    /// [`Error::Trailer`] at an offset of any size.
    #[inline]
    #[must_use]
    pub(crate) const fn trailer(offset: usize, rule: TrailerRule) -> Error {
        Error::Trailer {
            offset: crate::wire::to_u32(offset),
            rule,
        }
    }

    /// [`Error::Control`] at an offset of any size.
    #[inline]
    #[must_use]
    pub(crate) const fn control(offset: usize, rule: ControlRule) -> Error {
        Error::Control {
            offset: crate::wire::to_u32(offset),
            rule,
        }
    }

    /// [`Error::Private`] at an offset of any size.
    #[inline]
    #[must_use]
    pub(crate) const fn private(offset: usize, rule: PrivateRule) -> Error {
        Error::Private {
            offset: crate::wire::to_u32(offset),
            rule,
        }
    }

    /// [`Error::V5`] at an offset of any size.
    #[inline]
    #[must_use]
    pub(crate) const fn v5(offset: usize, rule: V5Rule) -> Error {
        Error::V5 {
            offset: crate::wire::to_u32(offset),
            rule,
        }
    }

    /// [`Error::NtsKe`] at an offset of any size.
    #[inline]
    #[must_use]
    pub(crate) const fn nts_ke(offset: usize, rule: NtsKeRule) -> Error {
        Error::NtsKe {
            offset: crate::wire::to_u32(offset),
            rule,
        }
    }
}

// The sizes the hot paths rely on (module docs): `Error` and
// `Result<usize>` in two registers (`Result<Option<Mac>>` is pinned
// beside `Mac`). Every rule enum is at most 8 octets (asserted beside
// each), so a new kind cannot grow them unnoticed.
const _: () = assert!(core::mem::size_of::<Error>() == 16);
const _: () = assert!(core::mem::size_of::<Result<usize>>() == 16);
const _: () = assert!(core::mem::size_of::<Result<()>>() == 16);

#[cfg(test)]
mod tests;
