//! The data items: `nitems` items of `item size` octets each, right after
//! the header, concatenated without padding (`ntp_request.h`).

use core::iter::FusedIterator;

use super::field;
use crate::wire::{be_u16, to_u16, to_u32, Span};
use crate::{Error, PrivateRule, Result};

/// One data item, borrowed from the message: its octets, where they are
/// and its index. The layout of the octets depends on the request code
/// and the implementation number (`info_peer_list`, `info_sys`,
/// `info_monitor_1`, ... in `ntp_request.h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Item<'a> {
    /// The octets, with the item's index.
    span: Span<'a, u16>,
}

impl<'a> Item<'a> {
    /// The item's octets (exactly the item size).
    #[inline]
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.span.bytes()
    }

    /// Offset of its first octet in the message.
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.span.offset()
    }

    /// Octets: the item size.
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.span.len()
    }

    /// Always `false`: items of size 0 are not iterated.
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.span.len() == 0
    }

    /// Its place among the items, from 0.
    #[inline]
    #[must_use]
    pub const fn index(&self) -> u16 {
        self.span.meta()
    }
}

/// The data items of a private message, zero-copy: `nitems` items of
/// `item size` octets from octet 8, checked against the data before the
/// first is given.
///
/// Bounded: every step gives one item of at least one octet (an item size
/// of 0 gives no items, whatever `nitems` says), so the walk ends after
/// at most `nitems` (at most 4095) steps; it is fused and knows its
/// length.
///
/// ```
/// use ntp_wire::private::Items;
///
/// // A PEER_LIST response with two 8-octet (implementation 2) items.
/// let mut msg = [0u8; 24];
/// msg[..8].copy_from_slice(&[0x97, 0x00, 0x02, 0x00, 0x00, 0x02, 0x00, 0x08]);
/// msg[8..12].copy_from_slice(&[127, 0, 0, 2]);
/// let items = Items::new(&msg)?;
/// assert_eq!(items.len(), 2);
/// let offsets: Vec<_> = items.map(|i| (i.offset(), i.as_bytes()[0])).collect();
/// assert_eq!(offsets, [(8, 127), (16, 0)]);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Items<'a> {
    /// The octets of the items not yet given.
    rest: &'a [u8],
    /// The item size (0: no items).
    item_size: usize,
    /// Offset of `rest` in the message.
    offset: u32,
    /// Index of the next item.
    index: u16,
}

impl<'a> Items<'a> {
    /// The items of `message`, a whole private message. Checks only what
    /// the items need: the 8-octet header ([`Error::Truncated`]), number
    /// times size within the data ([`PrivateRule::ItemsPastEnd`]: the
    /// product of two 12-bit fields cannot overflow), and the data area
    /// limits: a request's items within its 176 octets
    /// ([`PrivateRule::RequestItemsTooLong`]), a response at most 508
    /// octets ([`PrivateRule::ResponseTooLong`]). The other rules are
    /// [`Packet::check`](super::Packet::check)'s.
    #[inline]
    pub fn new(message: &'a [u8]) -> Result<Items<'a>> {
        let items_len = items_len_checked(message)?;
        Ok(Items::over(message, items_len))
    }

    /// The items of `message`, whose first `8 + items_len` octets exist
    /// (checked by the caller), or none if they do not.
    #[inline]
    pub(crate) fn over(message: &'a [u8], items_len: usize) -> Items<'a> {
        let item_size = item_size(message);
        // An item size of 0 makes `items_len` 0: no octets, no items.
        let rest = message
            .get(field::DATA..field::DATA + items_len)
            .unwrap_or(&[]);
        Items {
            rest,
            item_size,
            offset: to_u32(field::DATA),
            index: 0,
        }
    }
}

impl<'a> Iterator for Items<'a> {
    type Item = Item<'a>;

    #[inline]
    fn next(&mut self) -> Option<Item<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        // `rest` is a whole number of items of a size of at least 1.
        let (bytes, rest) = self.rest.split_at_checked(self.item_size)?;
        let item = Item {
            span: Span::with_meta(bytes, self.offset, self.index),
        };
        self.rest = rest;
        self.offset += to_u32(self.item_size);
        self.index += 1;
        Some(item)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.rest.len().checked_div(self.item_size).unwrap_or(0);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Items<'_> {}
impl FusedIterator for Items<'_> {}

/// The 12-bit item size of a message of at least 8 octets, else 0.
#[inline]
fn item_size(message: &[u8]) -> usize {
    match message.get(field::MBZ_ITEMSIZE) {
        Some(b) => usize::from(be_u16(b, 0..2) & field::TWELVE_BITS),
        None => 0,
    }
}

/// Number of items and item size of a message of at least 8 octets.
#[inline]
pub(crate) fn counts(message: &[u8]) -> (u16, u16) {
    let nitems = be_u16(message, field::ERR_NITEMS) & field::TWELVE_BITS;
    let size = be_u16(message, field::MBZ_ITEMSIZE) & field::TWELVE_BITS;
    (nitems, size)
}

/// The rules of the items ([`Items::new`]'s), giving the octets they take.
#[inline]
pub(crate) fn items_len_checked(message: &[u8]) -> Result<usize> {
    let len = message.len();
    Error::at_least(field::DATA, len)?;
    let (nitems, item_size) = counts(message);
    // Two 12-bit numbers: the product is below 2^24.
    let items_len = usize::from(nitems) * usize::from(item_size);
    let available = len - field::DATA;
    if items_len > available {
        return Err(Error::private(
            field::DATA,
            PrivateRule::ItemsPastEnd {
                nitems,
                item_size,
                available: to_u16(available),
            },
        ));
    }
    if message[field::R_M_VN_MODE] & field::RESPONSE == 0 {
        if items_len > field::REQUEST_DATA_MAX {
            return Err(Error::private(
                field::DATA,
                PrivateRule::RequestItemsTooLong { nitems, item_size },
            ));
        }
    } else if available > field::RESPONSE_DATA_MAX {
        return Err(Error::private(
            field::DATA + field::RESPONSE_DATA_MAX,
            PrivateRule::ResponseTooLong { len: to_u16(len) },
        ));
    }
    Ok(items_len)
}
