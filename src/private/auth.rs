//! The authenticated request: where ntpd finds timestamp, key id and
//! digest, and which octets the digest covers.
//!
//! ntpd's `process_private` (`ntpd/ntp_request.c`, NTP 4.2.8 and 4.3,
//! since the 2009 change for digests longer than MD5's) has one rule,
//! written here once ([`locate`]) and used by the view and the builder:
//!
//! 1. the packet holds the header, the items (number times size) and at
//!    least 28 octets of timestamp, key id and 16-octet digest
//!    (`REQ_TAIL_MIN`), else [`PrivateRule::AuthTooShort`];
//! 2. it is at most 216 octets (`REQ_LEN_NOMAC` + `MAX_MAC_LEN`), else
//!    [`PrivateRule::AuthTooLong`];
//! 3. with `noslop` = 8 + items + 8 rounded up to 4: if the packet is
//!    longer than `noslop` + 24, key id and a 16-octet digest are its
//!    last 20 octets ([`AuthLayout::AtEnd`]: ntpdc's fixed-size MD5
//!    requests, 212 octets); else key id and digest start at `noslop`
//!    ([`AuthLayout::AfterItems`]: what ntpdc sends for digests longer
//!    than 16 octets, 44 octets for one 4-octet item with SHA-1), and
//!    their length, the rest of the packet, must be one a MAC has
//!    ([`MacAlgorithm::for_length`] at version 4: 20 or 24), else
//!    [`PrivateRule::AuthMacLength`];
//! 4. the timestamp is the 8 octets before the key id, and the digest
//!    covers everything before the key id (`authdecrypt(keyid, pkt,
//!    recv_len - mac_len, mac_len)`).
//!
//! A 216-octet request with a 20-octet digest in the fixed layout (the
//! size of `struct req_pkt`) is read by this rule as an MD5-sized MAC at
//! the end unless its items fill at least 173 octets of the data area
//! (then both layouts coincide), so ntpd refuses it: ntpdc never sends
//! it.

use core::ops::Range;

use super::field;
use crate::time::Timestamp;
use crate::trailer::{Mac, MacAlgorithm};
use crate::wire::{be_u64, pad4, to_u16, to_u32, Span};
use crate::{Error, PrivateRule, Result};

/// Where the timestamp, key id and digest of an authenticated request
/// are, as ntpd's `process_private` finds them (the rule is
/// [`Authenticator`]'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum AuthLayout {
    /// The last 28 octets: timestamp, key id, 16-octet digest, whatever
    /// the items; the octets between the items and the timestamp are
    /// padding. ntpdc's requests with 16-octet digests (MD5), 212 octets
    /// (header, 176-octet data area, timestamp, key id, digest), or 180
    /// and 68 after ntpdc shrinks its requests for an old ntpd.
    AtEnd,
    /// Right after the items, the timestamp ending on a 4-octet
    /// boundary, then key id and digest to the end of the packet:
    /// ntpdc's requests with digests longer than 16 octets (SHA-1: 44
    /// octets for one 4-octet item), "located relative to the start of
    /// the packet, with the digest size determined by the packet size".
    AfterItems,
}

/// The authenticator of a request with the A bit set (ntpd's
/// `struct req_pkt_tail`): a timestamp (the sender's transmit time,
/// which ntpd wants within 10 s of its receive time), the key id and the
/// digest, and which octets the digest covers. Nothing is computed here.
///
/// ```text
///  0               8 (or more, padding)       L-M-8     L-M      L
/// +--------+-------+---------+--------------+----------+--------+--------+
/// | header | items | padding | ...          | timestamp| key id | digest |
/// +--------+-------+---------+--------------+----------+--------+--------+
///  <------------ authenticated_range: 0 .. L-M ------------>
/// ```
///
/// (`L` the packet length, `M` key id plus digest: 20 for MD5, 24 for
/// SHA-1.) The digest is ntpd's `MD5(key || octets)` / `SHA1(key ||
/// octets)` over the authenticated range, as for NTP's MAC (RFC 5905
/// section 7.5).
///
/// The rules, from ntpd's `process_private` (`ntpd/ntp_request.c`):
/// header, items and at least 28 octets of tail; at most 216 octets in
/// all; with `noslop` = 8 + items + 8 rounded up to 4, a packet longer
/// than `noslop + 24` has key id and a 16-octet digest in its last 20
/// octets ([`AuthLayout::AtEnd`]), any other has them from `noslop` to
/// its end ([`AuthLayout::AfterItems`]), 20 or 24 octets
/// ([`MacAlgorithm::for_length`] at version 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Authenticator<'a> {
    /// Timestamp, key id and digest, and the layout they were found in.
    span: Span<'a, AuthLayout>,
}

impl<'a> Authenticator<'a> {
    /// The authenticator of `packet`, whose key id ntpd reads at
    /// `key_id` ([`locate`] gave it), in `layout`.
    #[inline]
    pub(crate) fn new(packet: &'a [u8], key_id: usize, layout: AuthLayout) -> Authenticator<'a> {
        let start = key_id - field::TIMESTAMP_LEN;
        Authenticator {
            span: Span::with_meta(&packet[start..], to_u32(start), layout),
        }
    }

    /// Which layout ntpd found the tail in.
    #[inline]
    #[must_use]
    pub const fn layout(&self) -> AuthLayout {
        self.span.meta()
    }

    /// The request's timestamp, an NTP timestamp (the 8 octets before the
    /// key id).
    #[inline]
    #[must_use]
    pub fn timestamp(&self) -> Timestamp {
        Timestamp::from_bits(be_u64(self.span.bytes(), field::TAIL_TIMESTAMP))
    }

    /// The key id, big-endian (`keyid`; ntpd wants its `requestkey`).
    #[inline]
    #[must_use]
    pub fn key_id(&self) -> u32 {
        self.mac().key_id()
    }

    /// The digest after the key id: 16 or 20 octets.
    #[inline]
    #[must_use]
    pub fn digest(&self) -> &'a [u8] {
        self.mac().digest()
    }

    /// Key id and digest as a [`Mac`]: its length, its
    /// [`candidates`](Mac::candidates), its ranges in the packet.
    #[inline]
    #[must_use]
    pub fn mac(&self) -> Mac<'a> {
        let bytes = self.span.bytes();
        Mac::new(
            &bytes[field::TIMESTAMP_LEN..],
            to_u32(self.span.offset() + field::TIMESTAMP_LEN),
            4,
            false,
        )
    }

    /// The algorithms whose digest has this length
    /// ([`MacAlgorithm::for_length`] at version 4).
    #[inline]
    #[must_use]
    pub fn candidates(&self) -> &'static [MacAlgorithm] {
        self.mac().candidates()
    }

    /// Offset of the timestamp in the packet: where the authenticator
    /// starts.
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.span.offset()
    }

    /// Octets of timestamp, key id and digest: 28 or 32.
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.span.len()
    }

    /// Always `false`: an authenticator holds at least 28 octets.
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.span.len() == 0
    }

    /// Where the timestamp is in the packet.
    #[inline]
    #[must_use]
    pub const fn timestamp_range(&self) -> Range<usize> {
        self.span.offset()..self.span.offset() + field::TIMESTAMP_LEN
    }

    /// The octets the digest covers: the packet from its start to the key
    /// id (header, items, padding, timestamp).
    #[inline]
    #[must_use]
    pub const fn authenticated_range(&self) -> Range<usize> {
        0..self.span.offset() + field::TIMESTAMP_LEN
    }

    /// Where the digest is in the packet.
    #[inline]
    #[must_use]
    pub const fn digest_range(&self) -> Range<usize> {
        self.span.range_from(field::TIMESTAMP_LEN + 4)
    }
}

/// ntpd's rule (the [module documentation](self)): for an authenticated
/// request of `len` octets whose items take `items_len`, the layout and
/// the offset of the key id, or the rule broken and where.
#[inline]
pub(crate) fn locate(len: usize, items_len: usize) -> Result<(AuthLayout, usize)> {
    let items_end = field::DATA + items_len;
    let needed = items_end + field::TAIL_MIN;
    if len < needed {
        return Err(Error::private(
            items_end,
            PrivateRule::AuthTooShort {
                len: to_u16(len),
                needed: to_u16(needed),
            },
        ));
    }
    if len > field::AUTHENTICATED_MAX_LEN {
        return Err(Error::private(
            field::AUTHENTICATED_MAX_LEN,
            PrivateRule::AuthTooLong { len: to_u16(len) },
        ));
    }
    let noslop = pad4(items_end + field::TIMESTAMP_LEN);
    let (layout, mac_len) = if len > noslop + field::MAX_MAC_LEN {
        (AuthLayout::AtEnd, field::MD5_MAC_LEN)
    } else {
        (AuthLayout::AfterItems, len - noslop)
    };
    let key_id = len - mac_len;
    if MacAlgorithm::for_length(mac_len, 4).is_none() {
        return Err(Error::private(
            key_id,
            PrivateRule::AuthMacLength {
                mac_len: mac_len as u8,
            },
        ));
    }
    Ok((layout, key_id))
}
