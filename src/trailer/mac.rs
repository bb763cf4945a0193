//! The MAC that may end a packet (RFC 5905 section 7.5, RFC 8573), and
//! the authenticators of older versions.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                           Key Identifier                      |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .                                                               .
//! .         Digest (8, 16, 20, 32 or 64 octets)                   .
//! .                                                               .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! The digest covers everything before the key id:
//! [`Mac::authenticated_range`]. A key id of zero with no digest, as the
//! whole trailer, is the crypto-NAK ([`TrailerItem::CryptoNak`](super::TrailerItem)).

use core::fmt;
use core::ops::Range;

use super::layout::{self, be_u32, Waived};
use crate::TrailerRule;

/// A MAC or authenticator: key id and digest, borrowed from the packet
/// (RFC 5905 section 7.5; RFC 8573 for AES-CMAC).
///
/// ```
/// use ntp_wire::trailer::{MacAlgorithm, TrailerItem};
/// use ntp_wire::Packet;
///
/// // A 48-octet header, key id 1 and a 20-octet SHA-1 digest.
/// let mut buf = [0u8; 72];
/// buf[0] = 0x23; // version 4, mode 3
/// buf[48..52].copy_from_slice(&1u32.to_be_bytes());
/// buf[52..].fill(0x5a);
/// let packet = Packet::new_checked(&buf[..])?;
/// let Some(Ok(TrailerItem::Mac(mac))) = packet.trailer().next() else { panic!("a MAC") };
/// assert_eq!(mac.key_id(), 1);
/// assert_eq!(mac.digest(), &[0x5a; 20][..]);
/// assert_eq!(mac.algorithm(), MacAlgorithm::Sha1);
/// // What the digest covers: everything before the key id.
/// assert_eq!(mac.authenticated_range(), 0..48);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mac<'a> {
    bytes: &'a [u8],
    offset: usize,
    waived: Option<Waived>,
}

impl<'a> Mac<'a> {
    /// `bytes` is key id and digest, at least 4 octets (the walk checks).
    #[inline]
    pub(crate) const fn from_parts(
        bytes: &'a [u8],
        offset: usize,
        waived: Option<Waived>,
    ) -> Mac<'a> {
        Mac {
            bytes,
            offset,
            waived,
        }
    }

    /// Key Identifier, the first 4 octets, big-endian (RFC 5905). MS-SNTP
    /// writes its key id little-endian: read that one with
    /// [`MsSntpAuthenticator`](super::MsSntpAuthenticator).
    #[inline]
    #[must_use]
    pub fn key_id(&self) -> u32 {
        be_u32(self.bytes, layout::MAC_KEY_ID)
    }

    /// The digest after the key id (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub fn digest(&self) -> &'a [u8] {
        &self.bytes[layout::MAC_DIGEST..]
    }

    /// Key id and digest as on the wire (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Offset of the key id in the packet (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Octets of key id and digest (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Always `false` (a MAC holds at least its key id; RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The octets the digest covers: the packet from its start up to the
    /// key id (RFC 5905 section 7.5; chrony and ntpd hash key ‖ these).
    #[inline]
    #[must_use]
    pub const fn authenticated_range(&self) -> Range<usize> {
        0..self.offset
    }

    /// Where the digest lies in the packet (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn digest_range(&self) -> Range<usize> {
        self.offset + layout::MAC_DIGEST..self.offset + self.bytes.len()
    }

    /// The algorithm family the digest length points to (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn algorithm(&self) -> MacAlgorithm {
        MacAlgorithm::from_digest_len(self.bytes.len() - layout::MAC_DIGEST)
    }

    /// The rule a lenient walk waived to read this MAC (a length no
    /// algorithm uses, Wireshark-style recovery); `None` otherwise (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub fn waived(&self) -> Option<TrailerRule> {
        self.waived.map(|w| w.rule(self.len()))
    }
}

/// The digest algorithms a MAC's length points to. The wire carries no
/// algorithm: the key id selects a key, and the key its algorithm, so this
/// is only what the length allows (RFC 5905 section 7.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum MacAlgorithm {
    /// 8 octets: the DES-CBC checksum of NTPv2/v3 (RFC 1305 appendix C).
    Des,
    /// 16 octets: MD5 (RFC 5905) or AES-128-CMAC (RFC 8573); MS-SNTP's
    /// 68-octet packets too.
    Md5OrAesCmac,
    /// 20 octets: SHA-1.
    Sha1,
    /// 32 octets: SHA-256 (chrony's longer keys, version 3 only).
    Sha256,
    /// 64 octets: SHA-512 (chrony, version 3 only).
    Sha512,
    /// Any other length (lenient walks only).
    Other(usize),
}

impl MacAlgorithm {
    /// From the digest length (after the key id; RFC 5905 section 7.5).
    #[must_use]
    pub const fn from_digest_len(len: usize) -> MacAlgorithm {
        match len {
            8 => MacAlgorithm::Des,
            16 => MacAlgorithm::Md5OrAesCmac,
            20 => MacAlgorithm::Sha1,
            32 => MacAlgorithm::Sha256,
            64 => MacAlgorithm::Sha512,
            n => MacAlgorithm::Other(n),
        }
    }

    /// Digest octets (RFC 5905 section 7.5).
    #[must_use]
    pub const fn digest_len(self) -> usize {
        match self {
            MacAlgorithm::Des => 8,
            MacAlgorithm::Md5OrAesCmac => 16,
            MacAlgorithm::Sha1 => 20,
            MacAlgorithm::Sha256 => 32,
            MacAlgorithm::Sha512 => 64,
            MacAlgorithm::Other(n) => n,
        }
    }
}

impl fmt::Display for MacAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MacAlgorithm::Des => f.write_str("DES"),
            MacAlgorithm::Md5OrAesCmac => f.write_str("MD5 or AES-CMAC"),
            MacAlgorithm::Sha1 => f.write_str("SHA-1"),
            MacAlgorithm::Sha256 => f.write_str("SHA-256"),
            MacAlgorithm::Sha512 => f.write_str("SHA-512"),
            MacAlgorithm::Other(n) => write!(f, "unknown ({n}-octet digest)"),
        }
    }
}
