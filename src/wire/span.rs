//! The octets of one structure inside a larger buffer, and where they are.

use core::ops::Range;

/// A borrowed run of octets and its offset in the buffer it came from:
/// what every zero-copy item holds (extension fields, MACs, NTS-KE
/// records, the data regions of control and private messages), so that
/// each can give both its octets and its place without a second copy of
/// this arithmetic.
///
/// The offset is a `u32`, which keeps the items (and the `Result`s that
/// carry them) small; the walks refuse inputs longer than `u32::MAX`
/// octets, so `offset + len` always fits. `meta` is the item's own few
/// octets (a MAC's version, the rule a lenient walk waived), kept in the
/// span so that they share its padding: a span and up to 4 octets of
/// `meta` take 24 octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Span<'a, M: Copy = ()> {
    bytes: &'a [u8],
    offset: u32,
    meta: M,
}

impl<'a> Span<'a> {
    /// `bytes`, found at `offset`. The caller guarantees that
    /// `offset + bytes.len()` fits a `u32`.
    #[inline]
    pub(crate) const fn new(bytes: &'a [u8], offset: u32) -> Span<'a> {
        Span {
            bytes,
            offset,
            meta: (),
        }
    }
}

impl<'a, M: Copy> Span<'a, M> {
    /// `bytes`, found at `offset`, with the item's `meta`.
    #[inline]
    pub(crate) const fn with_meta(bytes: &'a [u8], offset: u32, meta: M) -> Span<'a, M> {
        Span {
            bytes,
            offset,
            meta,
        }
    }

    /// The item's own octets.
    #[inline]
    pub(crate) const fn meta(&self) -> M {
        self.meta
    }

    /// The octets.
    #[inline]
    pub(crate) const fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Where the first octet is.
    #[inline]
    pub(crate) const fn offset(&self) -> usize {
        self.offset as usize
    }

    /// How many octets.
    #[inline]
    pub(crate) const fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Where the octets are: `offset..offset + len`.
    #[inline]
    pub(crate) const fn range(&self) -> Range<usize> {
        self.offset()..self.offset() + self.bytes.len()
    }

    /// Where the octets from `skip` on are (`skip` at most `len`).
    #[inline]
    pub(crate) const fn range_from(&self, skip: usize) -> Range<usize> {
        self.offset() + skip..self.offset() + self.bytes.len()
    }
}
