//! Where the MAC of a control message is: [`MacAlignment`], [`ControlMac`].

use core::ops::Range;

use crate::trailer::{whole_trailer, Mac, MacAlgorithm, WholeTrailer};
use crate::wire::{pad4, to_u32};
use crate::{ControlRule, Error, Result};

/// The alignment a control message's MAC sits at: 12 + count is rounded up
/// to a multiple of 8 or of 4.
///
/// Where the MAC of a control message is: after the data, padded to an
/// alignment that depends on who sent it.
///
/// | sender | MAC at 12 + count rounded up to |
/// |---|---|
/// | ntpd 4.2.8p15, NTPsec (all versions): responses | 8 (`ctl_flushpkt`: "the MAC begin on a 64 bit boundary") |
/// | ntpd, NTPsec both: error responses | right after the 12-octet header (`ctl_error`: `authencrypt(key, pkt, 12)`) |
/// | classic ntpq, NTPsec ntpq 1.2.2: requests | 8 |
/// | NTPsec ntpq >= 1.2.3: requests | 4 (`MODE_SIX_ALIGNMENT`, NTPsec 1.2.3 NEWS: "Change mode6 alignment to four") |
///
/// The padding is not always zero: NTPsec copies the key id right after
/// the unpadded data before it aligns, and never clears the octets after
/// the data in its reused buffer (`ctl_flushpkt`), so the reader never
/// looks at the padding's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum MacAlignment {
    /// A multiple of 8: ntpd, NTPsec's responses, NTPsec 1.2.2's requests.
    Eight,
    /// A multiple of 4: NTPsec's requests since 1.2.3; error responses
    /// (the MAC right after the 12-octet header).
    Four,
}

impl MacAlignment {
    /// 8 or 4.
    #[must_use]
    pub const fn octets(self) -> usize {
        match self {
            MacAlignment::Eight => 8,
            MacAlignment::Four => 4,
        }
    }

    /// `n` rounded up to this alignment (saturating).
    #[must_use]
    pub(crate) const fn pad(self, n: usize) -> usize {
        let p = pad4(n);
        match self {
            MacAlignment::Four => p,
            MacAlignment::Eight if p % 8 == 0 => p,
            MacAlignment::Eight => p.saturating_add(4),
        }
    }

    const fn other(self) -> MacAlignment {
        match self {
            MacAlignment::Eight => MacAlignment::Four,
            MacAlignment::Four => MacAlignment::Eight,
        }
    }
}

/// The MAC of a control message, where [`Packet::mac`](super::Packet::mac)
/// found it: key id and digest, the alignment, and the ranges to verify.
///
/// ```
/// use ntp_wire::control::{MacAlignment, Packet};
///
/// // An NTPsec error response signed with MD5 key 1: the MAC right after
/// // the header (status 0x0100: permission denied).
/// let mut bytes = [0u8; 32];
/// bytes[..12].copy_from_slice(&[0x16, 0xc3, 0, 105, 1, 0, 0, 0, 0, 0, 0, 0]);
/// bytes[12..16].copy_from_slice(&1u32.to_be_bytes());
/// let packet = Packet::new_checked(&bytes[..])?;
/// let mac = packet.mac()?.expect("a MAC");
/// assert_eq!((mac.key_id(), mac.alignment(), mac.offset()), (1, MacAlignment::Four, 12));
/// assert_eq!((mac.authenticated_range(), mac.digest_range()), (0..12, 16..32));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ControlMac<'a> {
    mac: Mac<'a>,
    data_end: u32,
    alignment: MacAlignment,
    ambiguous: bool,
}

impl<'a> ControlMac<'a> {
    /// Key id and digest as the crate's [`Mac`] (its candidates are those
    /// of version 4: [`MacAlgorithm::for_length`]`(len, 4)`).
    #[must_use]
    pub const fn as_mac(&self) -> Mac<'a> {
        self.mac
    }

    /// Key Identifier, big-endian.
    #[must_use]
    pub fn key_id(&self) -> u32 {
        self.mac.key_id()
    }

    /// The digest after the key id (empty for a crypto-NAK).
    #[must_use]
    pub fn digest(&self) -> &'a [u8] {
        self.mac.digest()
    }

    /// Offset of the key id in the message.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.mac.offset()
    }

    /// Octets of key id and digest: 20 or 24, 4 for a crypto-NAK.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.mac.len()
    }

    /// Always `false`: a MAC holds at least its key id.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.mac.is_empty()
    }

    /// The algorithms whose MAC has this length
    /// ([`MacAlgorithm::for_length`] at version 4); empty for a
    /// crypto-NAK.
    #[must_use]
    pub const fn candidates(&self) -> &'static [MacAlgorithm] {
        self.mac.candidates()
    }

    /// The octets the digest covers: header, data and padding, everything
    /// before the key id (ntpd's and NTPsec's `authdecrypt` hash key ‖
    /// these).
    #[must_use]
    pub const fn authenticated_range(&self) -> Range<usize> {
        self.mac.authenticated_range()
    }

    /// Where the digest lies.
    #[must_use]
    pub const fn digest_range(&self) -> Range<usize> {
        self.mac.digest_range()
    }

    /// The padding between the data and the key id (not always zero).
    #[must_use]
    pub const fn padding_range(&self) -> Range<usize> {
        self.data_end as usize..self.mac.offset()
    }

    /// The alignment it was found at.
    #[must_use]
    pub const fn alignment(&self) -> MacAlignment {
        self.alignment
    }

    /// `true` when the other alignment would also give a MAC of a known
    /// length: the message alone cannot say which the sender meant (only
    /// its version can, see the [`MacAlignment`]).
    #[must_use]
    pub const fn is_ambiguous(&self) -> bool {
        self.ambiguous
    }

    /// `true` for a lone zero key id: ntpd 4.2.8's signal that the
    /// request's MAC did not verify.
    #[must_use]
    pub fn is_crypto_nak(&self) -> bool {
        self.mac.digest().is_empty() && self.key_id() == 0
    }
}

/// What lies at `at` to the end of `bytes`: a MAC of a known length, a
/// crypto-NAK, or nothing usable.
fn read_at(bytes: &[u8], at: usize) -> Option<Mac<'_>> {
    let tail = bytes.get(at..)?;
    let known = match whole_trailer(tail.len(), 4) {
        WholeTrailer::Mac => true,
        WholeTrailer::CryptoNak => tail.iter().all(|&b| b == 0),
        WholeTrailer::MsSntpExtended | WholeTrailer::Unknown => false,
    };
    known.then(|| Mac::new(tail, to_u32(at), 4, false))
}

/// The locator behind [`Packet::mac`](super::Packet::mac) and
/// [`Packet::mac_at`](super::Packet::mac_at): `data_end` is 12 + count.
pub(crate) fn locate(
    bytes: &[u8],
    data_end: usize,
    error_response: bool,
    only: Option<MacAlignment>,
) -> Result<Option<ControlMac<'_>>> {
    let padded = pad4(data_end);
    if bytes.len() <= padded {
        return Ok(None);
    }
    let first = match (only, error_response) {
        (Some(a), _) => a,
        (None, true) => MacAlignment::Four,
        (None, false) => MacAlignment::Eight,
    };
    let found = |a: MacAlignment| read_at(bytes, a.pad(data_end));
    let (mac, alignment) = match (found(first), only) {
        (Some(m), _) => (m, first),
        (None, None) => match found(first.other()) {
            Some(m) => (m, first.other()),
            None => return Err(no_mac(bytes, padded)),
        },
        (None, Some(_)) => return Err(no_mac(bytes, padded)),
    };
    let alt = alignment.other();
    let ambiguous = alt.pad(data_end) != alignment.pad(data_end) && found(alt).is_some();
    Ok(Some(ControlMac {
        mac,
        data_end: to_u32(data_end),
        alignment,
        ambiguous,
    }))
}

fn no_mac(bytes: &[u8], padded: usize) -> Error {
    let trailing = bytes.len() - padded;
    Error::control(
        padded,
        ControlRule::NoMac {
            trailing: u16::try_from(trailing).unwrap_or(u16::MAX),
        },
    )
}
