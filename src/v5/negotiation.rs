//! Reaching NTPv5 from an older version (draft-ietf-ntp-ntpv5-07 section
//! 12): a v4 client request whose reference timestamp is a magic value,
//! which a server that speaks NTPv5 echoes.

use crate::fields::{Mode, Version};
use crate::header::{Header as V4Header, Packet as V4Packet};
use crate::kind::is_time_v1_to_v4;
use crate::time::Timestamp;

/// The two upgrade offers of section 12: the reference timestamp of an
/// NTPv1-v4 client request that says "I speak NTPv5", echoed in the
/// reply's reference timestamp by a server that does too.
///
/// - [`Upgrade::Draft`]: `NTP5DRFT` (0x4E54503544524654), for draft
///   implementations ("remove before publication"). ntpd-rs 1.9 echoes it
///   at version 4 only (not at 3; seen live, `tests/data/v5`).
/// - [`Upgrade::Final`]: `NTP5NTP5` (0x4E5450354E545035), for the final
///   protocol. ntpd-rs 1.9 does not echo it.
///
/// As dates the magics read 1941-08-24T01:13:25Z and 2077-09-29T07:41:41Z
/// (era 0 and era 1 readings of the same value), so a server that does
/// not know them takes them for a reference timestamp and never echoes.
///
/// ```
/// use ntp_wire::v5::Upgrade;
/// use ntp_wire::{Header, Mode, Packet, Timestamp, Version};
///
/// // The client's v4 request offering NTPv5 (draft).
/// let request = Upgrade::Draft.request(Version::V4, Timestamp::from_bits(0x1234));
/// assert_eq!(&request.to_bytes()[16..24], b"NTP5DRFT");
/// let bytes = request.to_bytes();
/// assert_eq!(Upgrade::offered(&Packet::new_checked(&bytes[..])?), Some(Upgrade::Draft));
///
/// // The server's v4 reply, echoing it: the client may now switch to v5.
/// let mut reply = Header { origin_timestamp: request.transmit_timestamp, ..Header::new(Version::V4, Mode::Server) };
/// Upgrade::Draft.accept(&mut reply);
/// let bytes = reply.to_bytes();
/// assert!(Upgrade::Draft.accepted(&Packet::new_checked(&bytes[..])?));
/// assert!(!Upgrade::Final.accepted(&Packet::new_checked(&bytes[..])?));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Upgrade {
    /// `NTP5DRFT`: a draft implementation's offer.
    Draft,
    /// `NTP5NTP5`: the final protocol's offer.
    Final,
}

impl Upgrade {
    /// `NTP5DRFT` as a timestamp.
    pub const DRAFT_MAGIC: Timestamp = Timestamp::from_bits(u64::from_be_bytes(*b"NTP5DRFT"));
    /// `NTP5NTP5` as a timestamp.
    pub const FINAL_MAGIC: Timestamp = Timestamp::from_bits(u64::from_be_bytes(*b"NTP5NTP5"));

    /// The reference timestamp that carries this offer.
    #[must_use]
    pub const fn reference_timestamp(self) -> Timestamp {
        match self {
            Upgrade::Draft => Upgrade::DRAFT_MAGIC,
            Upgrade::Final => Upgrade::FINAL_MAGIC,
        }
    }

    /// The offer a reference timestamp carries, if it is one of the two.
    #[must_use]
    pub const fn from_reference_timestamp(t: Timestamp) -> Option<Upgrade> {
        match t.to_bits() {
            b if b == Upgrade::DRAFT_MAGIC.to_bits() => Some(Upgrade::Draft),
            b if b == Upgrade::FINAL_MAGIC.to_bits() => Some(Upgrade::Final),
            _ => None,
        }
    }

    /// A client request (mode 3) of `version` (4 in practice; section 12
    /// speaks of versions 1 to 4) carrying this offer, with `transmit` as
    /// its transmit timestamp and everything else zero.
    #[must_use]
    pub const fn request(self, version: Version, transmit: Timestamp) -> V4Header {
        V4Header {
            reference_timestamp: self.reference_timestamp(),
            transmit_timestamp: transmit,
            ..V4Header::new(version, Mode::Client)
        }
    }

    /// The offer `packet` makes: a version 1 to 4 client request (mode 3)
    /// whose reference timestamp is a magic. A server that speaks NTPv5
    /// answers it with [`Upgrade::accept`].
    #[must_use]
    pub fn offered<T: AsRef<[u8]>>(packet: &V4Packet<T>) -> Option<Upgrade> {
        let octet0 = packet.as_bytes().first().copied()?;
        if packet.check_len().is_err() || !is_time_v1_to_v4(octet0) || packet.mode() != Mode::Client
        {
            return None;
        }
        Upgrade::from_reference_timestamp(packet.reference_timestamp())
    }

    /// Marks a server's v1-v4 reply as accepting the offer: its reference
    /// timestamp becomes the magic (section 12: "respond with the same
    /// reference timestamp").
    pub fn accept(self, reply: &mut V4Header) {
        reply.reference_timestamp = self.reference_timestamp();
    }

    /// `true` if `reply`, a v1-v4 server reply (mode 4), echoes this offer:
    /// the client can switch to NTPv5. Matching the reply to the request
    /// (origin timestamp) is the caller's, as for any reply.
    #[must_use]
    pub fn accepted<T: AsRef<[u8]>>(self, reply: &V4Packet<T>) -> bool {
        let Some(&octet0) = reply.as_bytes().first() else {
            return false;
        };
        reply.check_len().is_ok()
            && is_time_v1_to_v4(octet0)
            && reply.mode() == Mode::Server
            && reply.reference_timestamp() == self.reference_timestamp()
    }
}
