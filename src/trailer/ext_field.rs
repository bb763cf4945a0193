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

use super::layout::{self, be_u16, Waived};
use super::ExtensionFieldType;
use crate::{Error, Result, TrailerRule};

/// A borrowed extension field: its octets in the packet and where they are.
///
/// Made by the trailer walk ([`Trailer`](super::Trailer)) or the NTS inner
/// walk ([`InnerFields`](super::nts::InnerFields)); every getter is
/// infallible and zero-copy (RFC 7822 section 3, RFC 5905 section 7.5).
///
/// ```
/// use ntp_wire::trailer::{ExtensionField, ExtensionFieldType};
///
/// // Type 0x0104 (NTS Unique Identifier), length 36: header and 32 octets.
/// let mut data = vec![0x01, 0x04, 0x00, 0x24];
/// data.extend_from_slice(&[7u8; 32]);
/// let field = ExtensionField::parse(&data, 48)?;
/// assert_eq!(field.field_type(), ExtensionFieldType::NTS_UNIQUE_IDENTIFIER);
/// assert_eq!((field.length(), field.offset()), (36, 48));
/// assert_eq!(field.body(), &[7u8; 32][..]);
/// // A length that runs past the data is a typed error.
/// assert!(ExtensionField::parse(&data[..20], 48).is_err());
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExtensionField<'a> {
    bytes: &'a [u8],
    offset: usize,
    waived: Option<Waived>,
}

impl<'a> ExtensionField<'a> {
    /// The field at the start of `data`, whose length field says how many
    /// octets it takes: at least its 4-octet header, at most `data.len()`.
    /// No other rule is checked (the walks apply RFC 7822's); `offset` is
    /// where `data` starts in the packet, kept for errors and ranges. An
    /// `offset` so large that the field's end, `offset + length`, would not
    /// fit a `usize` is [`TrailerRule::FieldPastEnd`] with `available` the
    /// octets left below `usize::MAX`, so that every range given stays
    /// exact.
    pub fn parse(data: &'a [u8], offset: usize) -> Result<ExtensionField<'a>> {
        if data.len() < layout::FIELD_HEADER_LEN {
            return Err(Error::Trailer {
                offset,
                rule: TrailerRule::FieldHeaderTruncated {
                    available: data.len(),
                },
            });
        }
        let length = be_u16(data, layout::FIELD_LENGTH);
        let len = usize::from(length);
        if len < layout::FIELD_HEADER_LEN {
            return Err(Error::Trailer {
                offset,
                rule: TrailerRule::FieldTooShort { length },
            });
        }
        let room = usize::MAX - offset;
        match data.get(..len) {
            Some(bytes) if len <= room => Ok(ExtensionField::from_parts(bytes, offset, None)),
            _ => Err(Error::Trailer {
                offset,
                rule: TrailerRule::FieldPastEnd {
                    length,
                    available: data.len().min(room),
                },
            }),
        }
    }

    /// `bytes` is the whole field (at least 4 octets, its length field
    /// equal to `bytes.len()`): the walks check that before calling.
    #[inline]
    pub(crate) const fn from_parts(
        bytes: &'a [u8],
        offset: usize,
        waived: Option<Waived>,
    ) -> ExtensionField<'a> {
        ExtensionField {
            bytes,
            offset,
            waived,
        }
    }

    /// Field Type, octets 0-1 (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub fn field_type(&self) -> ExtensionFieldType {
        ExtensionFieldType(be_u16(self.bytes, layout::FIELD_TYPE))
    }

    /// Length, octets 2-3: the whole field in octets, header and padding
    /// included (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub fn length(&self) -> u16 {
        be_u16(self.bytes, layout::FIELD_LENGTH)
    }

    /// The octets after the 4-octet header: value and padding (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub fn body(&self) -> &'a [u8] {
        &self.bytes[layout::FIELD_HEADER_LEN..]
    }

    /// The whole field, header included, as on the wire (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Offset of the field's first octet in the packet (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Octets the field takes (its length field as `usize`; RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Always `false`: a field holds at least its header. For clippy's
    /// `len_without_is_empty` (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Where the field lies in the packet (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub const fn range(&self) -> Range<usize> {
        self.offset..self.offset + self.bytes.len()
    }

    /// Where the body lies in the packet (RFC 7822 section 3).
    #[inline]
    #[must_use]
    pub const fn body_range(&self) -> Range<usize> {
        self.offset + layout::FIELD_HEADER_LEN..self.offset + self.bytes.len()
    }

    /// The RFC rule this field breaks and a lenient walk accepted anyway;
    /// `None` for a field that follows RFC 7822 (always `None` in a strict
    /// walk).
    #[inline]
    #[must_use]
    pub fn waived(&self) -> Option<TrailerRule> {
        self.waived.map(|w| w.rule(usize::from(self.length())))
    }
}
