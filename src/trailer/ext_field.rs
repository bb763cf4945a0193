//! One extension field (RFC 7822 section 3).
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |          Field Type           |            Length             |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .                                                               .
//! .                            Value                              .
//! .                                                               .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                       Padding (as needed)                     |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! Length counts the whole field, header and padding included. There is no
//! separate value length, so the body this view gives is value and padding
//! together; the field's own specification says where its value ends.

use core::ops::Range;

use super::field_format::FieldFormat;
use super::layout;
use super::lenient::Waived;
use super::ExtensionFieldType;
use crate::wire::{be_u16, Span};
use crate::{Result, TrailerRule};

/// A borrowed extension field: its octets in the packet and where they are.
///
/// Made by the trailer walk ([`Trailer`](super::Trailer)), the NTS inner
/// walk ([`InnerFields`](super::nts::InnerFields)) or
/// [`ExtensionField::parse`]; every getter is infallible and zero-copy.
///
/// ```
/// use ntp_wire::trailer::{ExtensionField, ExtensionFieldType};
///
/// // A 16-octet field of type 0xf001 found at offset 48 of a packet.
/// let mut bytes = [0u8; 16];
/// bytes[..4].copy_from_slice(&[0xf0, 0x01, 0x00, 0x10]);
/// bytes[4..9].copy_from_slice(b"hello");
/// let field = ExtensionField::parse(&bytes, 48)?;
/// assert_eq!(field.field_type(), ExtensionFieldType(0xf001));
/// assert_eq!((field.length(), field.range(), field.body_range()), (16, 48..64, 52..64));
/// assert_eq!(&field.body()[..5], b"hello");
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExtensionField<'a> {
    /// The field's octets, and the rule a lenient walk waived for it.
    span: Span<'a, Option<Waived>>,
}

impl<'a> ExtensionField<'a> {
    /// The field at the start of `data`, whose length field says how many
    /// octets it takes: at least its 4-octet header, at most `data.len()`.
    /// No other rule is checked (the walks apply RFC 7822's); `offset` is
    /// where `data` starts in the packet, kept for errors and ranges. An
    /// `offset` so large that the field's end would pass `u32::MAX` (no
    /// UDP payload comes near it) is read as if the data ended there
    /// ([`TrailerRule::FieldPastEnd`] or
    /// [`TrailerRule::FieldHeaderTruncated`], `available` counting the
    /// octets below that limit), so that every range given stays exact.
    pub fn parse(data: &'a [u8], offset: usize) -> Result<ExtensionField<'a>> {
        // Octets below the u32 limit that offsets and spans keep.
        let room = u32::MAX as usize - offset.min(u32::MAX as usize);
        FieldFormat::ANY.read(&data[..data.len().min(room)], offset)
    }

    /// `bytes` at `offset` is the whole field (at least 4 octets, as many
    /// as its format says its length field takes): the walks check that
    /// first, and that `offset + bytes.len()` fits a `u32`.
    #[inline]
    pub(crate) const fn new(
        bytes: &'a [u8],
        offset: u32,
        waived: Option<Waived>,
    ) -> ExtensionField<'a> {
        ExtensionField {
            span: Span::with_meta(bytes, offset, waived),
        }
    }

    /// Field Type, octets 0-1 (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub fn field_type(&self) -> ExtensionFieldType {
        ExtensionFieldType(be_u16(self.span.bytes(), layout::FIELD_TYPE))
    }

    /// Length, octets 2-3: after an NTPv4 header the whole field in octets,
    /// header and padding included (RFC 7822 section 3); after an NTPv5
    /// header the header and value, without the padding that follows.
    #[inline]
    #[must_use]
    pub fn length(&self) -> u16 {
        be_u16(self.span.bytes(), layout::FIELD_LENGTH)
    }

    /// The octets after the 4-octet header, up to the length: for an NTPv4
    /// field value and padding (the field has no value length; its own
    /// specification says where the value ends), for an NTPv5 field the
    /// value alone.
    #[inline]
    #[must_use]
    pub fn body(&self) -> &'a [u8] {
        let b = self.span.bytes();
        &b[layout::FIELD_HEADER_LEN..self.body_end()]
    }

    /// Where the body ends in the field's octets.
    #[inline]
    fn body_end(&self) -> usize {
        usize::from(self.length()).clamp(layout::FIELD_HEADER_LEN, self.span.len())
    }

    /// The whole field, header and any padding included, as on the wire.
    #[inline]
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.span.bytes()
    }

    /// Offset of the field's first octet in the packet (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.span.offset()
    }

    /// Octets the field takes on the wire, padding included.
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.span.len()
    }

    /// Always `false`: a field holds at least its header. For clippy's
    /// `len_without_is_empty` (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.span.len() == 0
    }

    /// Where the field lies in the packet (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub const fn range(&self) -> Range<usize> {
        self.span.range()
    }

    /// Where the body lies in the packet (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub fn body_range(&self) -> Range<usize> {
        let start = self.offset() + layout::FIELD_HEADER_LEN;
        start..self.offset() + self.body_end()
    }

    /// The RFC rule this field breaks and a lenient walk accepted anyway;
    /// `None` for a field that follows RFC 7822 (always `None` in a strict
    /// walk).
    #[inline]
    #[must_use]
    pub fn waived(&self) -> Option<TrailerRule> {
        self.span.meta().map(|w| w.rule(usize::from(self.length())))
    }
}
