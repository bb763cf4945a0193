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
//! The rules come from the packet's [`Kind`]. At version 4 (as chrony 4
//! tells one item from the next):
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
//! is one authenticator, of a length in
//! [`MacAlgorithm::for_length`](super::MacAlgorithm::for_length)'s
//! table.
//!
//! The walk never panics and never loops: each step consumes at least 4
//! octets or ends the walk, so it makes at most `len / 4` steps.

use super::field_format::{FieldBreak, FieldFormat};
use super::layout;
use super::lenient::{Strictness, Waived};
use super::mac::{whole_trailer, WholeTrailer};
use super::{ExtensionField, Mac, MacAlgorithm, MsSntpExtendedAuthenticator};
use crate::header::{Packet, HEADER_LEN};
use crate::kind::{check_time_v1_to_v4, is_time_v4};
use crate::wire::{be_u16, to_u32};
use crate::{Error, Result, TrailerRule};

/// One item of the trailer. `#[non_exhaustive]`: a later version may read
/// more kinds of authenticator.
///
/// ```
/// use ntp_wire::trailer::{ExtensionFieldType, TrailerItem, TrailerWriter};
/// use ntp_wire::{Header, Mode, Packet, Version};
///
/// let mut buf = [0u8; 96];
/// buf[..48].copy_from_slice(&Header::new(Version::V4, Mode::Client).to_bytes());
/// let mut w = TrailerWriter::new(&mut buf)?;
/// w.field(ExtensionFieldType(0xf001), &[7; 24])?;
/// w.mac(1, &[0xee; 16])?;
/// let len = w.finish()?;
/// let packet = Packet::new_checked(&buf[..len])?;
/// for item in packet.trailer() {
///     match item? {
///         TrailerItem::Field(f) => assert_eq!((f.offset(), f.len()), (48, 28)),
///         TrailerItem::Mac(m) => assert_eq!((m.offset(), m.key_id()), (76, 1)),
///         other => panic!("{other:?}"),
///     }
/// }
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
/// octets (crypto-NAK), a key id and digest of a length in
/// [`MacAlgorithm::for_length`](super::MacAlgorithm::for_length)'s table, or the 72-octet MS-SNTP extended
/// authenticator.
#[derive(Debug, Clone)]
pub struct Trailer<'a> {
    packet: &'a [u8],
    pos: usize,
    octet0: u8,
    /// Version 4 (and no longer than `u32::MAX` octets): extension fields,
    /// then a MAC. Else the walk is one authenticator (versions 1 to 3), or
    /// refuses the packet: that test waits for the authenticator's path,
    /// so that the common case pays nothing for it.
    fields: bool,
    lenient: bool,
    done: bool,
}

impl<'a> Trailer<'a> {
    /// A strict walk of `packet` (header included), whose rules come from
    /// its kind ([`Kind::of`](crate::Kind::of)): extension fields at version 4, one
    /// authenticator at versions 1 to 3. Any other kind gives one error, as
    /// [`Packet::new_checked`] would ([`Error::Ntpv5`],
    /// [`Error::UnsupportedMode`], [`Error::BadVersion`]), and so does a
    /// packet shorter than the header ([`Error::Truncated`]).
    #[inline]
    #[must_use]
    pub fn new(packet: &'a [u8]) -> Trailer<'a> {
        Trailer::with_strictness(packet, Strictness::Strict)
    }

    /// A walk of `packet` with the given strictness (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub fn with_strictness(packet: &'a [u8], strictness: Strictness) -> Trailer<'a> {
        let octet0 = packet.first().copied().unwrap_or(0);
        let fields = is_time_v4(octet0) & (packet.len() <= u32::MAX as usize);
        Trailer {
            packet,
            pos: HEADER_LEN,
            octet0,
            fields,
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

    /// Versions 1 to 3, or a packet the walk refuses: the one item of the
    /// trailer `rest`, `None` for an empty one.
    #[cold]
    fn authenticator(&self, rest: &'a [u8]) -> Option<Result<TrailerItem<'a>>> {
        if let Some(e) = self.refusal() {
            return Some(Err(e));
        }
        if rest.is_empty() {
            return None;
        }
        Some(authenticator(
            rest,
            self.pos,
            (self.octet0 >> 3) & 7,
            self.lenient,
        ))
    }

    /// The error of a walk that cannot start although the packet holds a
    /// header: another kind than a v1-v4 time packet, or too long for any.
    /// `None` for a walk that can.
    #[cold]
    fn refusal(&self) -> Option<Error> {
        match check_time_v1_to_v4(self.octet0) {
            Err(e) => Some(e),
            Ok(()) if self.packet.len() > u32::MAX as usize => {
                Some(Error::trailer(HEADER_LEN, TrailerRule::PacketTooLong))
            }
            Ok(()) => None,
        }
    }
}

/// The error that ends a walk.
#[cold]
fn fail<'a>(offset: usize, rule: TrailerRule) -> Result<TrailerItem<'a>> {
    Err(Error::trailer(offset, rule))
}

/// The MAC that ends the packet: all of `rest`, at `offset`. The walk
/// refused packets over `u32::MAX` octets, so the offset fits.
#[inline]
fn mac_item(rest: &[u8], offset: usize, version: u8, waived: bool) -> Result<TrailerItem<'_>> {
    Ok(TrailerItem::Mac(Mac::new(
        rest,
        offset as u32,
        version,
        waived,
    )))
}

/// The field that is all of `field`, at `offset`.
#[inline]
fn field_item(field: &[u8], offset: usize, waived: Option<Waived>) -> Result<TrailerItem<'_>> {
    Ok(TrailerItem::Field(ExtensionField::new(
        field,
        offset as u32,
        waived,
    )))
}

/// Versions 1 to 3: the whole trailer `rest`, at `offset`, is one
/// authenticator, by the table of `MacAlgorithm::for_length`.
fn authenticator(
    rest: &[u8],
    offset: usize,
    version: u8,
    lenient: bool,
) -> Result<TrailerItem<'_>> {
    let length = rest.len();
    match whole_trailer(length, version) {
        WholeTrailer::CryptoNak if rest == [0, 0, 0, 0] => Ok(TrailerItem::CryptoNak),
        WholeTrailer::Mac => mac_item(rest, offset, version, false),
        WholeTrailer::MsSntpExtended => Ok(TrailerItem::MsSntpExtended(
            MsSntpExtendedAuthenticator::from_trailer(rest),
        )),
        _ if lenient && length >= layout::CRYPTO_NAK_LEN => mac_item(rest, offset, version, true),
        _ => fail(
            offset,
            TrailerRule::MacLength {
                length: to_u32(length),
                version,
            },
        ),
    }
}

/// Version 4: a field at the start of `rest` (at `offset`), or the MAC
/// that ends the packet.
#[inline]
pub(super) fn field_or_mac(rest: &[u8], offset: usize, lenient: bool) -> Result<TrailerItem<'_>> {
    let available = rest.len();
    if MacAlgorithm::for_length(available, 4).is_some() {
        return mac_item(rest, offset, 4, false);
    }
    // The common case in one branch: a field that breaks no rule (the
    // trailer is a whole number of words, so this is neither a crypto-NAK
    // nor unaligned). Anything else takes the rules one by one.
    if let Some(&[_, _, high, low]) = rest.first_chunk::<{ layout::FIELD_HEADER_LEN }>() {
        let len = usize::from(u16::from_be_bytes([high, low]));
        if FieldFormat::NTPV4.keeps_every_rule(len, available) & (available % 4 == 0) {
            return field_item(&rest[..len], offset, None);
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
                    trailer_len: to_u32(available),
                },
            );
        }
    }
    if available < layout::FIELD_HEADER_LEN {
        return fail(
            offset,
            TrailerRule::FieldHeaderTruncated {
                available: available as u16,
            },
        );
    }
    let length = be_u16(rest, layout::FIELD_LENGTH);
    let len = usize::from(length);
    let format = FieldFormat::NTPV4;
    let waived = match format.first_break(len, available) {
        None => return field_item(&rest[..len], offset, None),
        Some(FieldBreak::PastEnd) => return field_past_end(rest, offset, length, lenient),
        Some(FieldBreak::TooShort) => Waived::FieldTooShort,
        Some(FieldBreak::NotAligned) => Waived::FieldNotAligned,
        Some(FieldBreak::LastTooShort) => Waived::LastFieldTooShort,
    };
    if !lenient {
        return fail(offset, waived.rule(len));
    }
    // Lenient: a field that holds its header and fits is taken, with the
    // rule it breaks; otherwise, as Wireshark does, the last 4 to 24
    // octets are a MAC of unusual length.
    if (layout::FIELD_HEADER_LEN..=available).contains(&len) {
        return field_item(&rest[..len], offset, Some(waived));
    }
    if available <= layout::WIRESHARK_MAX_MAC_LEN {
        return mac_item(rest, offset, 4, true);
    }
    fail(
        offset,
        TrailerRule::FieldTooShort {
            length,
            minimum: format.min_len(),
        },
    )
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
        return mac_item(rest, offset, 4, true);
    }
    fail(
        offset,
        FieldFormat::NTPV4.rule(FieldBreak::PastEnd, length, available),
    )
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
            return Some(Err(Error::truncated(HEADER_LEN, self.packet.len())));
        };
        let item = if self.fields {
            if rest.is_empty() {
                self.done = true;
                return None;
            }
            field_or_mac(rest, self.pos, self.lenient)
        } else {
            let Some(item) = self.authenticator(rest) else {
                self.done = true;
                return None;
            };
            item
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
        // Shorter than the header, or refused: the one error.
        let Some(rest) = self.packet.len().checked_sub(self.pos) else {
            return (0, Some(1));
        };
        if !self.fields && self.refusal().is_some() {
            return (0, Some(1));
        }
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
