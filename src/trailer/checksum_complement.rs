//! The UDP Checksum Complement field (RFC 7821 section 3): two octets at
//! the very end of the packet that a timestamping engine rewrites, instead
//! of the UDP checksum, after it puts the transmit time into the packet.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |     Field Type (0x2005)       |         Length (28)           |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .                     MBZ (first 20 octets)                     .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |     MBZ (last 2 octets)       |      Checksum Complement      |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! 4 octets of header, 22 zero octets (MBZ), then the 2-octet complement:
//! 28 in all, the Length field's value.
//!
//! The field is the last item of the packet and no MAC follows (a MAC
//! would cover the octets the engine changes).

use super::layout;
use super::{ExtensionField, ExtensionFieldType, Trailer, TrailerItem, TrailerWriter};
use crate::header::field as header_field;
use crate::time::Timestamp;
use crate::wire::be_u16;
use crate::{Error, Result, TrailerRule};

const TYPE: ExtensionFieldType = ExtensionFieldType::CHECKSUM_COMPLEMENT;

/// Length of the Checksum Complement field.
pub const CHECKSUM_COMPLEMENT_LEN: usize = 28;

/// A Checksum Complement field read from a packet (RFC 7821 section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChecksumComplement<'a> {
    field: ExtensionField<'a>,
}

impl<'a> ChecksumComplement<'a> {
    /// The field as a Checksum Complement: type 0x2005
    /// ([`TrailerRule::FieldUnexpected`] for any other) and 28 octets
    /// ([`TrailerRule::FieldLength`]).
    pub fn new(field: ExtensionField<'a>) -> Result<ChecksumComplement<'a>> {
        let rule = if field.field_type() != TYPE {
            TrailerRule::FieldUnexpected {
                field_type: field.field_type(),
            }
        } else if field.len() != CHECKSUM_COMPLEMENT_LEN {
            TrailerRule::FieldLength {
                field_type: TYPE,
                length: field.length(),
                expected: CHECKSUM_COMPLEMENT_LEN as u16,
            }
        } else {
            return Ok(ChecksumComplement { field });
        };
        Err(Error::trailer(field.offset(), rule))
    }

    /// The packet's Checksum Complement: its last item, if that is a
    /// field of type 0x2005. `Ok(None)` if the packet has none; an error
    /// if the trailer does not read, a 0x2005 field is not last
    /// ([`TrailerRule::FieldNotLast`]) or has the wrong length.
    pub fn find(packet: &'a [u8]) -> Result<Option<ChecksumComplement<'a>>> {
        let mut last = None;
        for item in Trailer::new(packet) {
            let item = item?;
            if let Some(cc) = last {
                let cc: ChecksumComplement<'_> = cc;
                return Err(Error::trailer(
                    cc.field.offset(),
                    TrailerRule::FieldNotLast { field_type: TYPE },
                ));
            }
            if let TrailerItem::Field(f) = item {
                if f.field_type() == TYPE {
                    last = Some(ChecksumComplement::new(f)?);
                }
            }
        }
        Ok(last)
    }

    /// The two complement octets, the last two of the field (RFC 7821 section 3).
    #[must_use]
    pub fn complement(&self) -> u16 {
        be_u16(
            self.field.as_bytes(),
            CHECKSUM_COMPLEMENT_LEN - 2..CHECKSUM_COMPLEMENT_LEN,
        )
    }

    /// Offset of the complement octets in the packet (RFC 7821 section 3).
    #[must_use]
    pub const fn complement_offset(&self) -> usize {
        self.field.offset() + CHECKSUM_COMPLEMENT_LEN - 2
    }

    /// The field read (RFC 7821 section 3).
    #[must_use]
    pub const fn field(&self) -> ExtensionField<'a> {
        self.field
    }

    /// Appends a Checksum Complement field holding `complement` (MBZ
    /// octets zero). Append it last and call
    /// [`finish`](TrailerWriter::finish) without a MAC (RFC 7821 section 3).
    pub fn append(
        writer: &mut TrailerWriter<'_>,
        complement: u16,
    ) -> Result<core::ops::Range<usize>> {
        let mut body = [0u8; CHECKSUM_COMPLEMENT_LEN - layout::FIELD_HEADER_LEN];
        let n = body.len();
        body[n - 2..].copy_from_slice(&complement.to_be_bytes());
        writer.field_with_len(TYPE, &body, CHECKSUM_COMPLEMENT_LEN)
    }
}

fn words(data: &[u8]) -> impl Iterator<Item = u16> + '_ {
    data.chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
}

/// The complement that keeps the one's-complement sum of a packet, so its
/// UDP checksum, unchanged when the octets `old` (starting at an even
/// offset) are replaced by `new` of the same length (RFC 7821 section 3.2,
/// with the incremental update of RFC 1624).
#[must_use]
pub fn adjust_complement(complement: u16, old: &[u8], new: &[u8]) -> u16 {
    // The complement moves against the data: C' = C + old - new, computed
    // as RFC 1624 equation 3 does, C' = ~(~C + new + ~old), so that
    // unchanged data gives C back exactly.
    let mut sum = u32::from(!complement);
    for (o, n) in words(old).zip(words(new)) {
        sum += u32::from(n) + u32::from(!o);
        sum = (sum & 0xffff) + (sum >> 16);
    }
    let sum = (sum & 0xffff) + (sum >> 16);
    !(sum as u16)
}

/// Sets the transmit timestamp (octets 40-47) of a packet whose last item
/// is a Checksum Complement field, and rewrites the complement so the UDP
/// checksum computed before still holds: what a timestamping engine does
/// (RFC 7821 section 3.2). [`TrailerRule::FieldMissing`] if the packet
/// has no such field.
pub fn set_transmit_timestamp_keeping_checksum(packet: &mut [u8], ts: Timestamp) -> Result<()> {
    let offset = match ChecksumComplement::find(packet)? {
        Some(cc) => cc.complement_offset(),
        None => {
            return Err(Error::trailer(
                packet.len(),
                TrailerRule::FieldMissing { field_type: TYPE },
            ))
        }
    };
    let new = ts.to_be_bytes();
    let range = header_field::TRANSMIT_TIMESTAMP;
    let old_cc = be_u16(packet, offset..offset + 2);
    let cc = adjust_complement(old_cc, &packet[range.clone()], &new);
    packet[range].copy_from_slice(&new);
    packet[offset..offset + 2].copy_from_slice(&cc.to_be_bytes());
    Ok(())
}
