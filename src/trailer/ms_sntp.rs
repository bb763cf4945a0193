//! Microsoft's NTP authentication extensions ([MS-SNTP] section 2.2), as
//! Windows domain members and controllers send them at version 3.
//!
//! The 68-octet packets (sections 2.2.1, 2.2.2): header, then
//!
//! ```text
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |            Key Identifier (32, LITTLE-endian)                 |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                   Crypto-Checksum (16 octets)                 |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! The key identifier's low 31 bits are the RID of the machine account; its
//! top bit selects the previous key of the pair. The 120-octet packets
//! (sections 2.2.3, 2.2.4):
//!
//! ```text
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |            Key Identifier (32, LITTLE-endian)                 |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |   Reserved    |     Flags     |ClientHashIDHnt|SignatureHashID|
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                   Crypto-Checksum (64 octets)                 |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! Telling them apart, two rules:
//!
//! - **Requests** carry an all-zero checksum. [`ms_sntp_request`] applies
//!   chrony's test: version 3, a 68- or 120-octet packet, a non-zero key
//!   id, and zeros in the checksum (for 120 octets, in everything after the
//!   first 8 trailer octets). The Windows server itself goes by length
//!   alone ([MS-SNTP] section 3.2.5.1).
//! - **A signed 68-octet response** is byte for byte an RFC 5905 MD5 MAC
//!   (key id + 16 octets): only the caller knows it asked an MS-SNTP
//!   server. The [`Trailer`](super::Trailer) walk reads it as a
//!   [`Mac`](super::Mac); [`MsSntpAuthenticator::from_packet`] reads the
//!   same octets the Microsoft way. A 72-octet trailer at version 3 has no
//!   RFC reading, so the walk yields it as
//!   [`TrailerItem::MsSntpExtended`](super::TrailerItem::MsSntpExtended).

use crate::header::HEADER_LEN;
use crate::wire::{to_u32, wire_enum};
use crate::{Error, Result, TrailerRule};

/// Length of a packet with an MS-SNTP authenticator ([MS-SNTP] section 2.2).
pub const MS_SNTP_PACKET_LEN: usize = 68;
/// Length of a packet with an MS-SNTP extended authenticator ([MS-SNTP] section 2.2).
pub const MS_SNTP_EXTENDED_PACKET_LEN: usize = 120;

mod field {
    use core::ops::Range;
    pub(super) const KEY_ID: Range<usize> = 0..4;
    pub(super) const CHECKSUM: Range<usize> = 4..20;
    pub(super) const RESERVED: usize = 4;
    pub(super) const FLAGS: usize = 5;
    pub(super) const CLIENT_HASH_ID_HINTS: usize = 6;
    pub(super) const SIGNATURE_HASH_ID: usize = 7;
    pub(super) const EXT_CHECKSUM: Range<usize> = 8..72;
    pub(super) const LEN: usize = 20;
    pub(super) const EXT_LEN: usize = 72;
}

/// The MS-SNTP key identifier: RID in the low 31 bits, key selector in the
/// top bit, sent little-endian ([MS-SNTP] section 2.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct MsSntpKeyId(
    /// The 32-bit value: RID and key selector ([MS-SNTP] section 2.2).
    pub u32,
);

impl MsSntpKeyId {
    const PREVIOUS: u32 = 1 << 31;

    /// From the account's RID (low 31 bits kept) and the key selector ([MS-SNTP] section 2.2).
    #[must_use]
    pub const fn new(rid: u32, previous_key: bool) -> MsSntpKeyId {
        MsSntpKeyId((rid & !Self::PREVIOUS) | if previous_key { Self::PREVIOUS } else { 0 })
    }

    /// The low 31 bits: the RID of the trusted account ([MS-SNTP] section 2.2).
    #[must_use]
    pub const fn rid(self) -> u32 {
        self.0 & !Self::PREVIOUS
    }

    /// The top bit: the older key of the account's pair is used ([MS-SNTP] section 2.2).
    #[must_use]
    pub const fn previous_key(self) -> bool {
        self.0 & Self::PREVIOUS != 0
    }

    /// The four wire octets, little-endian ([MS-SNTP] section 2.2).
    #[must_use]
    pub const fn to_wire(self) -> [u8; 4] {
        self.0.to_le_bytes()
    }

    fn from_wire(b: &[u8]) -> MsSntpKeyId {
        let mut a = [0u8; 4];
        a.copy_from_slice(b);
        MsSntpKeyId(u32::from_le_bytes(a))
    }
}

/// The 20 octets after the header of a 68-octet MS-SNTP packet ([MS-SNTP] section 2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MsSntpAuthenticator<'a> {
    bytes: &'a [u8],
}

impl<'a> MsSntpAuthenticator<'a> {
    /// Reads the trailer of a 68-octet packet the Microsoft way;
    /// [`TrailerRule::MsSntpLength`] for any other length ([MS-SNTP] section 2.2).
    pub fn from_packet(packet: &'a [u8]) -> Result<MsSntpAuthenticator<'a>> {
        match packet.get(HEADER_LEN..) {
            Some(t) if t.len() == field::LEN => Ok(MsSntpAuthenticator { bytes: t }),
            _ => Err(ms_len(packet)),
        }
    }

    /// Key Identifier, little-endian ([MS-SNTP] section 2.2).
    #[must_use]
    pub fn key_id(&self) -> MsSntpKeyId {
        MsSntpKeyId::from_wire(&self.bytes[field::KEY_ID])
    }

    /// Crypto-Checksum, 16 octets (zero in a request; [MS-SNTP] section 2.2).
    #[must_use]
    pub fn checksum(&self) -> &'a [u8] {
        &self.bytes[field::CHECKSUM]
    }
}

/// Flags of the extended authenticator ([MS-SNTP] section 2.2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct MsSntpFlags(
    /// The Flags octet ([MS-SNTP] section 2.2).
    pub u8,
);

impl MsSntpFlags {
    /// USE_OLDKEY_VERSION: the older key of the account's pair is used ([MS-SNTP] section 2.2).
    pub const USE_OLDKEY_VERSION: MsSntpFlags = MsSntpFlags(0x01);
}

wire_enum! {
    /// Hash id values of the extended authenticator (ClientHashIDHints bits
    /// and SignatureHashID, [MS-SNTP] sections 2.2.3 and 2.2.4).
    pub struct MsSntpHashId(u8) as "{:#04x}";
    /// NTLM_PWD_HASH: the checksum of section 3.1.5.5.
    NTLM_PWD_HASH = 0x01 => "NTLM_PWD_HASH",
}

/// The 72 octets after the header of a 120-octet MS-SNTP packet ([MS-SNTP] section 2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MsSntpExtendedAuthenticator<'a> {
    bytes: &'a [u8],
}

impl<'a> MsSntpExtendedAuthenticator<'a> {
    /// `bytes` is exactly 72 octets (the walk checks).
    pub(crate) const fn from_trailer(bytes: &'a [u8]) -> MsSntpExtendedAuthenticator<'a> {
        MsSntpExtendedAuthenticator { bytes }
    }

    /// Reads the trailer of a 120-octet packet;
    /// [`TrailerRule::MsSntpLength`] for any other length ([MS-SNTP] section 2.2).
    pub fn from_packet(packet: &'a [u8]) -> Result<MsSntpExtendedAuthenticator<'a>> {
        match packet.get(HEADER_LEN..) {
            Some(t) if t.len() == field::EXT_LEN => Ok(MsSntpExtendedAuthenticator { bytes: t }),
            _ => Err(ms_len(packet)),
        }
    }

    /// Key Identifier, little-endian ([MS-SNTP] section 2.2).
    #[must_use]
    pub fn key_id(&self) -> MsSntpKeyId {
        MsSntpKeyId::from_wire(&self.bytes[field::KEY_ID])
    }

    /// Reserved octet (zero when sent, ignored when read; [MS-SNTP] section 2.2).
    #[must_use]
    pub fn reserved(&self) -> u8 {
        self.bytes[field::RESERVED]
    }

    /// Flags ([`MsSntpFlags::USE_OLDKEY_VERSION`]; [MS-SNTP] section 2.2).
    #[must_use]
    pub fn flags(&self) -> MsSntpFlags {
        MsSntpFlags(self.bytes[field::FLAGS])
    }

    /// ClientHashIDHints: the checksums the client supports ([MS-SNTP] section 2.2).
    #[must_use]
    pub fn client_hash_id_hints(&self) -> MsSntpHashId {
        MsSntpHashId(self.bytes[field::CLIENT_HASH_ID_HINTS])
    }

    /// SignatureHashID: how the response's checksum was computed ([MS-SNTP] section 2.2).
    #[must_use]
    pub fn signature_hash_id(&self) -> MsSntpHashId {
        MsSntpHashId(self.bytes[field::SIGNATURE_HASH_ID])
    }

    /// Crypto-Checksum, 64 octets (zero in a request; [MS-SNTP] section 2.2).
    #[must_use]
    pub fn checksum(&self) -> &'a [u8] {
        &self.bytes[field::EXT_CHECKSUM]
    }

    /// The 72 octets as on the wire ([MS-SNTP] section 2.2).
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

/// Which MS-SNTP request a packet is ([MS-SNTP] section 2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum MsSntpRequestKind {
    /// 68 octets: Client NTP Request (section 2.2.1).
    Authenticator,
    /// 120 octets: Client ExtendedAuthenticator NTP Request (section 2.2.3).
    Extended,
}

/// chrony's test for an MS-SNTP request: version 3, 68 octets with a
/// non-zero key id and a zero checksum, or 120 octets with a non-zero key
/// id and zeros after the first 8 trailer octets. `None` for anything else,
/// including every signed response (see the module documentation; [MS-SNTP] section 2.2).
#[must_use]
pub fn ms_sntp_request(packet: &[u8]) -> Option<MsSntpRequestKind> {
    let version = (packet.first()? >> 3) & 7;
    let trailer = packet.get(HEADER_LEN..)?;
    if version != 3 || trailer.get(field::KEY_ID)? == [0, 0, 0, 0] {
        return None;
    }
    let zero = |r: core::ops::Range<usize>| trailer[r].iter().all(|&b| b == 0);
    match trailer.len() {
        field::LEN if zero(field::CHECKSUM) => Some(MsSntpRequestKind::Authenticator),
        field::EXT_LEN if zero(field::EXT_CHECKSUM) => Some(MsSntpRequestKind::Extended),
        _ => None,
    }
}

fn ms_len(packet: &[u8]) -> Error {
    Error::trailer(
        HEADER_LEN,
        TrailerRule::MsSntpLength {
            length: to_u32(packet.len().saturating_sub(HEADER_LEN)),
        },
    )
}

fn trailer_of(buf: &mut [u8], len: usize) -> Result<&mut [u8]> {
    let needed = HEADER_LEN + len;
    let available = buf.len();
    buf.get_mut(HEADER_LEN..needed)
        .ok_or(Error::buffer_too_small(needed, available))
}

/// Writes the 20-octet authenticator after the 48-octet header already in
/// `buf`: key id (little-endian) and `checksum` (all zero for a request,
/// section 2.2.1). Returns the packet length, 68.
pub fn write_ms_sntp(buf: &mut [u8], key_id: MsSntpKeyId, checksum: &[u8; 16]) -> Result<usize> {
    let t = trailer_of(buf, field::LEN)?;
    t[field::KEY_ID].copy_from_slice(&key_id.to_wire());
    t[field::CHECKSUM].copy_from_slice(checksum);
    Ok(MS_SNTP_PACKET_LEN)
}

/// The fields of an extended authenticator, to write ([MS-SNTP] section 2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MsSntpExtended<'c> {
    /// Key Identifier ([MS-SNTP] section 2.2).
    pub key_id: MsSntpKeyId,
    /// Flags ([MS-SNTP] section 2.2).
    pub flags: MsSntpFlags,
    /// ClientHashIDHints (a request sets [`MsSntpHashId::NTLM_PWD_HASH`]; [MS-SNTP] section 2.2).
    pub client_hash_id_hints: MsSntpHashId,
    /// SignatureHashID (zero in a request; [MS-SNTP] section 2.2).
    pub signature_hash_id: MsSntpHashId,
    /// Crypto-Checksum: all zero in a request ([MS-SNTP] section 2.2).
    pub checksum: &'c [u8; 64],
}

/// Writes the 72-octet extended authenticator after the header already in
/// `buf` (reserved octet zero). Returns the packet length, 120 ([MS-SNTP] section 2.2).
pub fn write_ms_sntp_extended(buf: &mut [u8], ext: &MsSntpExtended<'_>) -> Result<usize> {
    let t = trailer_of(buf, field::EXT_LEN)?;
    t[field::KEY_ID].copy_from_slice(&ext.key_id.to_wire());
    t[field::RESERVED] = 0;
    t[field::FLAGS] = ext.flags.0;
    t[field::CLIENT_HASH_ID_HINTS] = ext.client_hash_id_hints.0;
    t[field::SIGNATURE_HASH_ID] = ext.signature_hash_id.0;
    t[field::EXT_CHECKSUM].copy_from_slice(ext.checksum);
    Ok(MS_SNTP_EXTENDED_PACKET_LEN)
}
