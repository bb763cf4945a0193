//! The trailer walk: extension fields, then at most one MAC or a
//! crypto-NAK (RFC 5905 section 7.5, RFC 7822 section 3).
//!
//! ```text
//! +--------------------+-----------+-----+-----------+------------------+
//! | header (48 octets) | field ... | ... | field ... | MAC (20 or 24)   |
//! +--------------------+-----------+-----+-----------+------------------+
//!                      ^ offset 48                   ^ Mac::offset
//! ```
//!
//! How an item is told from the next, at version 4 (as chrony 4 does):
//!
//! 1. the packet is a whole number of words;
//! 2. 4 zero octets as the whole trailer are a crypto-NAK;
//! 3. when exactly 20 or 24 octets remain, they are a MAC, even if they
//!    look like a field header (a key id of 20 reads as type 0, length 20),
//!    and a 20- or 24-octet field at the end reads as a MAC whose key id is
//!    `type << 16 | length`: RFC 7822 section 3 forbids such a last field;
//! 4. otherwise the next item must be a field: length a multiple of 4, at
//!    least 16, within the packet, and at least 28 when it is last.
//!
//! At version 3 or lower there are no extension fields: the whole trailer
//! is one authenticator (see [`Trailer`]).
//!
//! The walk never panics and never loops: each step consumes at least 4
//! octets or ends the walk, so it makes at most `len / 4` steps.

use super::layout::{self, be_u16, Waived};
use super::{ExtensionField, Mac, MsSntpExtendedAuthenticator};
use crate::header::{Packet, HEADER_LEN};
use crate::{Error, Result, TrailerRule};

/// How a walk treats what real software sends out of spec (RFC 7822 section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Strictness {
    /// The RFC rules: any break is an [`Error::Trailer`]. The default.
    #[default]
    Strict,
    /// Accepts, at version 4, fields shorter than 16 octets (NTPv4 drafts),
    /// last fields shorter than 28, lengths that are not a multiple of 4,
    /// and, as Wireshark does, takes the last 4 to 24 octets that do not
    /// form a field back as a MAC of unusual length; at version 3 or lower,
    /// authenticators of any length from 4 octets. Every item accepted
    /// this way names the rule it breaks
    /// ([`ExtensionField::waived`], [`Mac::waived`]).
    Lenient,
}

/// One item of the trailer (RFC 5905 section 7.5, RFC 7822 section 3,
/// [MS-SNTP] section 2.2). `#[non_exhaustive]`: a later version may read
/// more kinds of authenticator.
///
/// ```
/// use ntp_wire::trailer::{ExtensionFieldType, TrailerItem, TrailerWriter};
/// use ntp_wire::{Header, Mode, Packet, Timestamp, Version};
///
/// // A v4 request with one 28-octet field, then an MD5 MAC (key id 7).
/// let mut buf = [0u8; 96];
/// Header { transmit_timestamp: Timestamp::new(1, 0), ..Header::new(Version::V4, Mode::Client) }
///     .emit_slice(&mut buf)?;
/// let mut w = TrailerWriter::new(&mut buf)?;
/// w.field(ExtensionFieldType(0x0104), &[0xab; 24])?;
/// w.mac(7, &[0u8; 16])?;
/// let len = w.finish()?;
///
/// let packet = Packet::new_checked(&buf[..len])?;
/// let items: Vec<_> = packet.trailer().collect::<Result<_, _>>()?;
/// assert!(matches!(items[0], TrailerItem::Field(f) if f.field_type() == ExtensionFieldType(0x0104)));
/// assert!(matches!(items[1], TrailerItem::Mac(m) if m.key_id() == 7));
/// assert_eq!((items[1].offset(), items[1].len()), (76, 20));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrailerItem<'a> {
    /// An extension field (version 4 only).
    Field(ExtensionField<'a>),
    /// The MAC or authenticator that ends the packet.
    Mac(Mac<'a>),
    /// The crypto-NAK: a 4-octet zero key id as the whole trailer (RFC 5905
    /// section 7.5; RFC 8915 uses the NTSN kiss code instead).
    CryptoNak,
    /// A 72-octet MS-SNTP extended authenticator, at version 3 or lower
    /// ([MS-SNTP] section 2.2.3).
    MsSntpExtended(MsSntpExtendedAuthenticator<'a>),
}

impl<'a> TrailerItem<'a> {
    /// Offset of the item's first octet in the packet (RFC 7822 section 3).
    #[must_use]
    pub const fn offset(&self) -> usize {
        match self {
            TrailerItem::Field(f) => f.offset(),
            TrailerItem::Mac(m) => m.offset(),
            TrailerItem::CryptoNak => HEADER_LEN,
            TrailerItem::MsSntpExtended(_) => HEADER_LEN,
        }
    }

    /// Octets the item takes (RFC 7822 section 3).
    #[must_use]
    pub const fn len(&self) -> usize {
        match self {
            TrailerItem::Field(f) => f.len(),
            TrailerItem::Mac(m) => m.len(),
            TrailerItem::CryptoNak => layout::CRYPTO_NAK_LEN,
            TrailerItem::MsSntpExtended(_) => layout::MS_SNTP_EXTENDED_LEN,
        }
    }

    /// Always `false`: every item takes at least 4 octets (RFC 7822 section 3).
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        false
    }

    /// The rule a lenient walk waived for this item, if any (RFC 7822 section 3).
    #[must_use]
    pub fn waived(&self) -> Option<TrailerRule> {
        match self {
            TrailerItem::Field(f) => f.waived(),
            TrailerItem::Mac(m) => m.waived(),
            TrailerItem::CryptoNak | TrailerItem::MsSntpExtended(_) => None,
        }
    }
}

/// A zero-copy iterator over the trailer of a packet: what follows the
/// 48-octet header (RFC 7822 section 3).
///
/// Yields `Ok` items in wire order; after an error, a MAC, a crypto-NAK or
/// the end of the packet it yields `None` for ever.
///
/// ```
/// use ntp_wire::trailer::{Trailer, TrailerItem};
/// use ntp_wire::Packet;
///
/// // chrony's MD5-signed request: key id 1, 16-octet digest.
/// let mut buf = [0u8; 68];
/// buf[0] = 0x23;
/// buf[48..52].copy_from_slice(&1u32.to_be_bytes());
/// let packet = Packet::new_checked(&buf[..])?;
/// let mut walk = packet.trailer();
/// let Some(Ok(TrailerItem::Mac(mac))) = walk.next() else { panic!() };
/// assert_eq!((mac.key_id(), mac.digest().len()), (1, 16));
/// assert_eq!(mac.authenticated_range(), 0..48);
/// assert!(walk.next().is_none());
/// # Ok::<(), ntp_wire::Error>(())
/// ```
///
/// At version 3 or lower the whole trailer is one authenticator: 4 zero
/// octets (crypto-NAK), or key id and a digest of 8 (DES), 16 (MD5,
/// AES-CMAC; MS-SNTP), 20 (SHA-1), 32 (SHA-256) or 64 (SHA-512) octets, or
/// the 72-octet MS-SNTP extended authenticator.
#[derive(Debug, Clone)]
pub struct Trailer<'a> {
    packet: &'a [u8],
    pos: usize,
    fields: bool,
    lenient: bool,
    done: bool,
}

impl<'a> Trailer<'a> {
    /// A strict walk of `packet` (header included), whose version is read
    /// from octet 0: extension fields at version 4, one authenticator at
    /// versions 0 to 3. No other header field is checked: versions 5 to 7,
    /// which [`Packet::new_checked`] refuses ([`Error::Ntpv5`],
    /// [`Error::BadVersion`]), are walked as version 4; check the header
    /// first, or walk with [`Packet::trailer`]. A packet shorter than the
    /// header gives one [`Error::Truncated`] (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub fn new(packet: &'a [u8]) -> Trailer<'a> {
        Trailer::with_strictness(packet, Strictness::Strict)
    }

    /// A walk of `packet` with the given strictness (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub fn with_strictness(packet: &'a [u8], strictness: Strictness) -> Trailer<'a> {
        let version = packet.first().map_or(0, |b| (b >> 3) & 7);
        Trailer {
            packet,
            pos: HEADER_LEN,
            fields: version >= 4,
            lenient: strictness == Strictness::Lenient,
            done: false,
        }
    }

    /// The same walk, lenient from here on (RFC 7822 section 3).
    #[must_use]
    pub fn lenient(mut self) -> Trailer<'a> {
        self.lenient = true;
        self
    }

    /// Offset of the next item in the packet (RFC 7822 section 3).
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.pos
    }

    /// The packet walked (RFC 7822 section 3).
    #[must_use]
    pub const fn packet(&self) -> &'a [u8] {
        self.packet
    }

    /// Walks to the end and returns the MAC, if the packet ends with one
    /// (`None` for no MAC, a crypto-NAK or an MS-SNTP extended
    /// authenticator). Any error of the walk is returned (RFC 7822 section 3).
    #[inline]
    pub fn mac(self) -> Result<Option<Mac<'a>>> {
        for item in self {
            // A MAC is the last item: the walk ends with it.
            if let TrailerItem::Mac(m) = item? {
                return Ok(Some(m));
            }
        }
        Ok(None)
    }

    /// Walks to the end; `Ok` with the number of items if the whole trailer
    /// reads (RFC 7822 section 3).
    #[inline]
    pub fn check(self) -> Result<usize> {
        let mut n = 0;
        for item in self {
            item?;
            n += 1;
        }
        Ok(n)
    }
}

/// The error that ends a walk.
#[cold]
fn fail<'a>(offset: usize, rule: TrailerRule) -> Result<TrailerItem<'a>> {
    Err(Error::Trailer { offset, rule })
}

/// The MAC that ends the packet: all of `rest`, at `offset`.
#[inline]
fn mac_item(rest: &[u8], offset: usize, waived: Option<Waived>) -> Result<TrailerItem<'_>> {
    Ok(TrailerItem::Mac(Mac::from_parts(rest, offset, waived)))
}

/// Version 1-3: the whole trailer `rest`, at `offset`, is one
/// authenticator.
fn authenticator(rest: &[u8], offset: usize, lenient: bool) -> Result<TrailerItem<'_>> {
    let length = rest.len();
    match length {
        4 if rest == [0, 0, 0, 0] => Ok(TrailerItem::CryptoNak),
        12 | 20 | 24 | 36 | 68 => mac_item(rest, offset, None),
        layout::MS_SNTP_EXTENDED_LEN => Ok(TrailerItem::MsSntpExtended(
            MsSntpExtendedAuthenticator::from_trailer(rest),
        )),
        _ if lenient && length >= layout::CRYPTO_NAK_LEN => {
            mac_item(rest, offset, Some(Waived::MacLength))
        }
        _ => fail(offset, TrailerRule::MacLength { length }),
    }
}

/// Version 4: a field at the start of `rest` (at `offset`), or the MAC
/// that ends the packet.
#[inline]
pub(super) fn field_or_mac(rest: &[u8], offset: usize, lenient: bool) -> Result<TrailerItem<'_>> {
    let available = rest.len();
    if layout::V4_MAC_LENS.contains(&available) {
        return mac_item(rest, offset, None);
    }
    // The common case in one branch: a field that breaks none of the rules
    // below (the trailer is a whole number of words, so this is neither a
    // crypto-NAK nor unaligned). Anything else takes the rules one by one.
    if let Some(&[_, _, high, low]) = rest.first_chunk::<{ layout::FIELD_HEADER_LEN }>() {
        let len = usize::from(u16::from_be_bytes([high, low]));
        let whole = (len >= layout::FIELD_MIN_LEN)
            & (len <= available)
            & (len % 4 == 0)
            & (available % 4 == 0)
            & ((len >= layout::LAST_FIELD_MIN_LEN) | (len < available));
        if whole {
            return Ok(TrailerItem::Field(ExtensionField::from_parts(
                &rest[..len],
                offset,
                None,
            )));
        }
    }
    field_by_the_rules(rest, offset, lenient)
}

/// Version 4, anything but a MAC or a field that breaks no rule: RFC 7822's
/// rules in chrony's order, and what a lenient walk accepts.
#[cold]
pub(super) fn field_by_the_rules(
    rest: &[u8],
    offset: usize,
    lenient: bool,
) -> Result<TrailerItem<'_>> {
    let available = rest.len();
    if offset == HEADER_LEN {
        if rest == [0, 0, 0, 0] {
            return Ok(TrailerItem::CryptoNak);
        }
        if available % 4 != 0 && !lenient {
            return fail(
                offset,
                TrailerRule::Unaligned {
                    trailer_len: available,
                },
            );
        }
    }
    if available < layout::FIELD_HEADER_LEN {
        return fail(offset, TrailerRule::FieldHeaderTruncated { available });
    }
    let length = be_u16(rest, layout::FIELD_LENGTH);
    let len = usize::from(length);
    // RFC 7822's rules, in chrony's order.
    let broken = if len < layout::FIELD_MIN_LEN {
        Some(Waived::FieldTooShort)
    } else if len > available {
        return field_past_end(rest, offset, length, lenient);
    } else if len % 4 != 0 {
        Some(Waived::FieldNotAligned)
    } else if len == available && len < layout::LAST_FIELD_MIN_LEN {
        Some(Waived::LastFieldTooShort)
    } else {
        None
    };
    let Some(waived) = broken else {
        return Ok(TrailerItem::Field(ExtensionField::from_parts(
            &rest[..len],
            offset,
            None,
        )));
    };
    if !lenient {
        return fail(offset, waived.rule(len));
    }
    // Lenient: a field that holds its header and fits is taken, with the
    // rule it breaks; otherwise, as Wireshark does, the last 4 to 24
    // octets are a MAC of unusual length.
    if (layout::FIELD_HEADER_LEN..=available).contains(&len) {
        return Ok(TrailerItem::Field(ExtensionField::from_parts(
            &rest[..len],
            offset,
            Some(waived),
        )));
    }
    if available <= layout::WIRESHARK_MAX_MAC_LEN {
        return mac_item(rest, offset, Some(Waived::MacLength));
    }
    fail(offset, TrailerRule::FieldTooShort { length })
}

/// A field whose length runs past the packet: in a lenient walk, the
/// last 4 to 24 octets are taken as a MAC, as Wireshark does.
#[cold]
fn field_past_end(
    rest: &[u8],
    offset: usize,
    length: u16,
    lenient: bool,
) -> Result<TrailerItem<'_>> {
    let available = rest.len();
    if lenient && available <= layout::WIRESHARK_MAX_MAC_LEN {
        return mac_item(rest, offset, Some(Waived::MacLength));
    }
    fail(offset, TrailerRule::FieldPastEnd { length, available })
}

impl<'a> Iterator for Trailer<'a> {
    type Item = Result<TrailerItem<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Result<TrailerItem<'a>>> {
        if self.done {
            return None;
        }
        let Some(rest) = self.packet.get(self.pos..) else {
            self.done = true;
            return Some(Err(Error::Truncated {
                needed: HEADER_LEN,
                available: self.packet.len(),
            }));
        };
        if rest.is_empty() {
            self.done = true;
            return None;
        }
        let item = if self.fields {
            field_or_mac(rest, self.pos, self.lenient)
        } else {
            authenticator(rest, self.pos, self.lenient)
        };
        // A field leads to the next item; anything else ends the walk. Only
        // `next` changes the walk's state (the steps above take it by value
        // and return the item), so that, inlined into the caller's loop, the
        // state stays in registers instead of round-tripping through memory.
        match &item {
            Ok(TrailerItem::Field(f)) => self.pos += f.len(),
            _ => self.done = true,
        }
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done {
            return (0, Some(0));
        }
        // Shorter than the header: the one `Truncated` error.
        let Some(rest) = self.packet.len().checked_sub(self.pos) else {
            return (0, Some(1));
        };
        (0, Some(rest.div_ceil(4)))
    }
}

impl core::iter::FusedIterator for Trailer<'_> {}

impl<T: AsRef<[u8]>> Packet<T> {
    /// A strict walk of the trailer: extension fields, then the MAC or
    /// crypto-NAK (RFC 5905 section 7.5, RFC 7822). See [`Trailer`].
    #[inline]
    #[must_use]
    pub fn trailer(&self) -> Trailer<'_> {
        Trailer::new(self.as_bytes())
    }
}
