//! The MAC that may end a packet (RFC 5905 section 7.5, RFC 8573), the
//! authenticators of older versions, and the one table of their lengths.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                           Key Identifier                      |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .                                                               .
//! .            Digest (8 to 64 octets, see the table)             .
//! .                                                               .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! The digest covers everything before the key id:
//! [`Mac::authenticated_range`]. A key id of zero with no digest, as the
//! whole trailer, is the crypto-NAK ([`TrailerItem::CryptoNak`](super::TrailerItem)).
//!
//! Which lengths end a packet is one table, [`MacAlgorithm::for_length`]'s,
//! which every reader and writer of the crate asks.

use core::fmt;
use core::ops::Range;

use super::layout;
use super::lenient::Waived;
use crate::wire::{be_u32, Span};
use crate::TrailerRule;

/// A MAC or authenticator: key id and digest, borrowed from the packet.
///
/// ```
/// use ntp_wire::trailer::{MacAlgorithm, TrailerItem};
/// use ntp_wire::Packet;
///
/// // A version 4 request signed with SHA-1: key id 7, 20-octet digest.
/// let mut buf = [0u8; 72];
/// buf[0] = 0x23;
/// buf[48..52].copy_from_slice(&7u32.to_be_bytes());
/// let packet = Packet::new_checked(&buf[..])?;
/// let Some(mac) = packet.trailer().mac()? else { panic!() };
/// assert_eq!((mac.key_id(), mac.digest().len()), (7, 20));
/// assert_eq!(mac.candidates(), &[MacAlgorithm::Sha1, MacAlgorithm::TruncatedTo20]);
/// assert_eq!((mac.authenticated_range(), mac.digest_range()), (0..48, 52..72));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mac<'a> {
    /// Key id and digest, with the packet's version and whether a lenient
    /// walk waived the length rule.
    span: Span<'a, (u8, bool)>,
}

impl<'a> Mac<'a> {
    /// `bytes` at `offset` is key id and digest, at least 4 octets (the
    /// walk checks, and that `offset + bytes.len()` fits a `u32`), in a
    /// packet of `version`.
    #[inline]
    pub(crate) const fn new(bytes: &'a [u8], offset: u32, version: u8, waived: bool) -> Mac<'a> {
        Mac {
            span: Span::with_meta(bytes, offset, (version, waived)),
        }
    }

    /// Key Identifier, the first 4 octets, big-endian (RFC 5905). MS-SNTP
    /// writes its key id little-endian: read that one with
    /// [`MsSntpAuthenticator`](super::MsSntpAuthenticator).
    #[inline]
    #[must_use]
    pub fn key_id(&self) -> u32 {
        be_u32(self.span.bytes(), layout::MAC_KEY_ID)
    }

    /// The digest after the key id (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub fn digest(&self) -> &'a [u8] {
        &self.span.bytes()[layout::MAC_DIGEST..]
    }

    /// Key id and digest as on the wire (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.span.bytes()
    }

    /// Offset of the key id in the packet (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.span.offset()
    }

    /// Octets of key id and digest (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.span.len()
    }

    /// Always `false` (a MAC holds at least its key id; RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.span.len() == 0
    }

    /// Octets of the digest: the length minus the 4-octet key id.
    #[inline]
    #[must_use]
    pub const fn digest_len(&self) -> usize {
        self.span.len() - layout::MAC_DIGEST
    }

    /// The octets the digest covers: the packet from its start up to the
    /// key id (RFC 5905 section 7.5; chrony and ntpd hash key ‖ these).
    #[inline]
    #[must_use]
    pub const fn authenticated_range(&self) -> Range<usize> {
        0..self.span.offset()
    }

    /// Where the digest lies in the packet (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub const fn digest_range(&self) -> Range<usize> {
        self.span.range_from(layout::MAC_DIGEST)
    }

    /// The algorithms that give a MAC of this length at this packet's
    /// version ([`MacAlgorithm::for_length`]); empty for a length no
    /// algorithm gives (lenient walks only). The wire carries no
    /// algorithm: the key id selects a key, and the key its algorithm.
    #[inline]
    #[must_use]
    pub const fn candidates(&self) -> &'static [MacAlgorithm] {
        match MacAlgorithm::for_length(self.span.len(), self.span.meta().0) {
            Some(c) => c,
            None => &[],
        }
    }

    /// The rule a lenient walk waived to read this MAC (a length no
    /// algorithm uses, Wireshark-style recovery); `None` otherwise (RFC 5905 section 7.5).
    #[inline]
    #[must_use]
    pub fn waived(&self) -> Option<TrailerRule> {
        let (version, waived) = self.span.meta();
        waived.then(|| Waived::MacLength { version }.rule(self.len()))
    }
}

/// The digest algorithms that give MACs and authenticators. The wire
/// carries no algorithm; a MAC's length narrows it to
/// [`Mac::candidates`].
///
/// Which lengths end a packet ([`MacAlgorithm::for_length`], the one
/// table every reader and writer of the crate asks, control messages'
/// included):
///
/// | octets (key id + digest) | digest | algorithms | versions |
/// |---:|---:|---|---|
/// | 4 | 0 | crypto-NAK (key id 0) | 1-4 |
/// | 12 | 8 | DES-CBC (RFC 1305 appendix C; ntpd before 4.2.8) | 1-3 |
/// | 20 | 16 | MD5 (RFC 5905), AES-128-CMAC (RFC 8573), AES-256-CMAC (chrony) | 1-4 |
/// | 24 | 20 | SHA-1; at version 4 also any longer digest truncated to 20 (chrony) | 1-4 |
/// | 28 | 24 | TIGER (chrony, where its crypto library has it) | 1-3 |
/// | 32 | 28 | SHA3-224 (chrony) | 1-3 |
/// | 36 | 32 | SHA-256, SHA3-256 (chrony) | 1-3 |
/// | 52 | 48 | SHA-384, SHA3-384 (chrony) | 1-3 |
/// | 68 | 64 | SHA-512, SHA3-512, WHIRLPOOL (chrony) | 1-3 |
/// | 72 | | the MS-SNTP extended authenticator ([MS-SNTP] section 2.2.3) | 3 |
///
/// chrony (`ntp.h`, `ntp_auth.c`) keeps digests up to 64 octets
/// (`NTP_MAX_MAC_LENGTH`, 4 + 64) in packets of version 3 or lower, which
/// have no extension fields, and at version 4 truncates every digest to 20
/// octets (`NTP_MAX_V4_MAC_LENGTH`, 4 + 20) so that a MAC can be told from
/// a field; ntpd's limit is 24 octets in all (`MAX_MAC_LEN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum MacAlgorithm {
    /// DES-CBC checksum, 8 octets (RFC 1305 appendix C), versions 1-3.
    Des,
    /// MD5, 16 octets (RFC 5905 section 7.5).
    Md5,
    /// AES-128-CMAC, 16 octets (RFC 8573).
    Aes128Cmac,
    /// AES-256-CMAC, 16 octets (chrony's `AES256` keys).
    Aes256Cmac,
    /// SHA-1, 20 octets.
    Sha1,
    /// Any digest longer than 20 octets, truncated to 20: what chrony puts
    /// in version 4 packets (`NTP_MAX_V4_MAC_LENGTH`).
    TruncatedTo20,
    /// TIGER, 24 octets (chrony, versions 1-3).
    Tiger,
    /// SHA3-224, 28 octets (chrony, versions 1-3).
    Sha3_224,
    /// SHA-256, 32 octets (chrony, versions 1-3).
    Sha256,
    /// SHA3-256, 32 octets (chrony, versions 1-3).
    Sha3_256,
    /// SHA-384, 48 octets (chrony, versions 1-3).
    Sha384,
    /// SHA3-384, 48 octets (chrony, versions 1-3).
    Sha3_384,
    /// SHA-512, 64 octets (chrony, versions 1-3).
    Sha512,
    /// SHA3-512, 64 octets (chrony, versions 1-3).
    Sha3_512,
    /// WHIRLPOOL, 64 octets (chrony, versions 1-3).
    Whirlpool,
}

impl MacAlgorithm {
    /// The algorithms whose MAC (key id and digest) is `len` octets in a
    /// packet of `version`, from the table of the
    /// [type's documentation](MacAlgorithm); `None` for a length that ends no packet of
    /// that version. The 4-octet crypto-NAK and the 72-octet MS-SNTP
    /// extended authenticator are no MAC: `None` too.
    ///
    /// ```
    /// use ntp_wire::trailer::MacAlgorithm;
    ///
    /// assert_eq!(MacAlgorithm::for_length(36, 3), Some(&[MacAlgorithm::Sha256, MacAlgorithm::Sha3_256][..]));
    /// assert_eq!(MacAlgorithm::for_length(36, 4), None); // v4 MACs are 20 or 24 octets
    /// ```
    #[must_use]
    pub const fn for_length(len: usize, version: u8) -> Option<&'static [MacAlgorithm]> {
        use MacAlgorithm::*;
        let v4 = version >= 4;
        Some(match len {
            20 => &[Md5, Aes128Cmac, Aes256Cmac],
            24 if v4 => &[Sha1, TruncatedTo20],
            24 => &[Sha1],
            _ if v4 => return None,
            12 => &[Des],
            28 => &[Tiger],
            32 => &[Sha3_224],
            36 => &[Sha256, Sha3_256],
            52 => &[Sha384, Sha3_384],
            68 => &[Sha512, Sha3_512, Whirlpool],
            _ => return None,
        })
    }

    /// Octets of the digest (after the key id); 20 for
    /// [`TruncatedTo20`](Self::TruncatedTo20).
    #[must_use]
    pub const fn digest_len(self) -> usize {
        use MacAlgorithm::*;
        match self {
            Des => 8,
            Md5 | Aes128Cmac | Aes256Cmac => 16,
            Sha1 | TruncatedTo20 => 20,
            Tiger => 24,
            Sha3_224 => 28,
            Sha256 | Sha3_256 => 32,
            Sha384 | Sha3_384 => 48,
            Sha512 | Sha3_512 | Whirlpool => 64,
        }
    }

    /// The algorithm's usual name: `MD5`, `AES-128-CMAC`, `SHA3-256`...
    #[must_use]
    pub const fn name(self) -> &'static str {
        use MacAlgorithm::*;
        match self {
            Des => "DES",
            Md5 => "MD5",
            Aes128Cmac => "AES-128-CMAC",
            Aes256Cmac => "AES-256-CMAC",
            Sha1 => "SHA-1",
            TruncatedTo20 => "another hash truncated to 20 octets",
            Tiger => "TIGER",
            Sha3_224 => "SHA3-224",
            Sha256 => "SHA-256",
            Sha3_256 => "SHA3-256",
            Sha384 => "SHA-384",
            Sha3_384 => "SHA3-384",
            Sha512 => "SHA-512",
            Sha3_512 => "SHA3-512",
            Whirlpool => "WHIRLPOOL",
        }
    }
}

impl fmt::Display for MacAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a packet's trailer of `len` octets at `version` is when it is one
/// authenticator, by the table: a crypto-NAK (only with a zero key id,
/// which the caller checks), a MAC, the MS-SNTP extended authenticator,
/// or nothing any software sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WholeTrailer {
    CryptoNak,
    Mac,
    MsSntpExtended,
    Unknown,
}

/// The table's answer for a whole trailer of `len` octets at `version`.
#[inline]
pub(crate) const fn whole_trailer(len: usize, version: u8) -> WholeTrailer {
    if len == layout::CRYPTO_NAK_LEN {
        WholeTrailer::CryptoNak
    } else if MacAlgorithm::for_length(len, version).is_some() {
        WholeTrailer::Mac
    } else if len == layout::MS_SNTP_EXTENDED_LEN && version < 4 {
        WholeTrailer::MsSntpExtended
    } else {
        WholeTrailer::Unknown
    }
}

// `Trailer::mac` returns this in registers: as small as the 24-octet
// `Mac` itself, the tags living in its niches (64-bit targets).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(core::mem::size_of::<crate::Result<Option<Mac<'static>>>>() == 24);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_at_every_version() {
        use MacAlgorithm::*;
        for version in 0..8u8 {
            for len in 0..=80 {
                let v4 = version >= 4;
                let expected: Option<&[MacAlgorithm]> = match (len, v4) {
                    (20, _) => Some(&[Md5, Aes128Cmac, Aes256Cmac]),
                    (24, true) => Some(&[Sha1, TruncatedTo20]),
                    (24, false) => Some(&[Sha1]),
                    (12, false) => Some(&[Des]),
                    (28, false) => Some(&[Tiger]),
                    (32, false) => Some(&[Sha3_224]),
                    (36, false) => Some(&[Sha256, Sha3_256]),
                    (52, false) => Some(&[Sha384, Sha3_384]),
                    (68, false) => Some(&[Sha512, Sha3_512, Whirlpool]),
                    _ => None,
                };
                assert_eq!(
                    MacAlgorithm::for_length(len, version),
                    expected,
                    "{len} v{version}"
                );
                for a in expected.unwrap_or(&[]) {
                    assert_eq!(a.digest_len() + 4, len, "{a}");
                }
                let whole = match (len, v4) {
                    (4, _) => WholeTrailer::CryptoNak,
                    (72, false) => WholeTrailer::MsSntpExtended,
                    _ if expected.is_some() => WholeTrailer::Mac,
                    _ => WholeTrailer::Unknown,
                };
                assert_eq!(whole_trailer(len, version), whole, "{len} v{version}");
            }
        }
    }

    #[test]
    fn names() {
        extern crate std;
        use std::string::ToString;
        assert_eq!(MacAlgorithm::Aes128Cmac.to_string(), "AES-128-CMAC");
        assert_eq!(MacAlgorithm::Sha3_512.name(), "SHA3-512");
        assert_eq!(MacAlgorithm::TruncatedTo20.digest_len(), 20);
    }
}
