//! Writing NTPv5 extension fields (draft-ietf-ntp-ntpv5-07 section 7):
//! each with its length (header and value, not the padding) and zero
//! padding to a whole word, in an order the walk accepts.

use core::ops::Range;

use super::fields::After;
use super::value::{
    Correction, FieldValue, MonotonicReceiveTimestamp, ReferenceIdsRequest,
    SecondaryReceiveTimestamp, ServerInformation,
};
use super::{field, HEADER_LEN};
use crate::fields::ExtensionFieldType;
use crate::time::Timestamp;
use crate::trailer::layout::{FIELD_HEADER_LEN, FIELD_LENGTH, FIELD_TYPE};
use crate::wire::{checked_pad4, to_u32};
use crate::{Error, Result, V5Rule};

/// Appends NTPv5 extension fields to a packet buffer whose first 48
/// octets are an NTPv5 header (version 5). Nothing allocates.
///
/// What it guarantees, so that [`Fields`](super::Fields) reads back what
/// was written: each field's length is 4 plus its value and fits 16 bits,
/// the padding is zero, and nothing but a Correction follows a MAC and
/// nothing a Correction ([`V5Rule::AfterMac`], [`V5Rule::AfterCorrection`]).
///
/// ```
/// use ntp_wire::v5::{Cookie, FieldWriter, Header, Packet, ReferenceIdsRequest, DRAFT_08};
/// use ntp_wire::ExtensionFieldType;
///
/// let mut buf = [0xa5u8; 128];
/// Header::request(Cookie::from_u64(1)).emit_slice(&mut buf)?;
/// let mut w = FieldWriter::new(&mut buf)?;
/// w.draft_identification(DRAFT_08)?;
/// w.reference_ids_request(ReferenceIdsRequest { offset: 0, length: 16 })?;
/// let len = w.pad_to(128)?;
/// let packet = Packet::new_checked(&buf[..len])?;
/// let types: Vec<_> = packet.fields().map(|f| f.map(|f| f.field_type())).collect::<Result<_, _>>()?;
/// assert_eq!(types, [
///     ExtensionFieldType::V5_DRAFT_IDENTIFICATION,
///     ExtensionFieldType::V5_REFERENCE_IDS_REQUEST,
///     ExtensionFieldType::V5_PADDING,
/// ]);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug)]
pub struct FieldWriter<'a> {
    buf: &'a mut [u8],
    pos: usize,
    after: After,
}

impl<'a> FieldWriter<'a> {
    /// A writer appending after the header in `buf`.
    #[inline]
    pub fn new(buf: &'a mut [u8]) -> Result<FieldWriter<'a>> {
        FieldWriter::at(buf, HEADER_LEN)
    }

    /// A writer appending at `offset` (at least 48), after fields already
    /// written there (whose order rules it does not know: a MAC or
    /// Correction before `offset` is the caller's to honour).
    /// [`Error::BufferTooSmall`] for a buffer shorter than `offset` or
    /// the header, [`V5Rule::Version`] if octet 0 is not version 5.
    #[inline]
    pub fn at(buf: &'a mut [u8], offset: usize) -> Result<FieldWriter<'a>> {
        let start = offset.max(HEADER_LEN);
        if buf.len() < start {
            return Err(Error::buffer_too_small(start, buf.len()));
        }
        let version = (buf[field::LI_VN_MODE] & field::VN_MASK) >> field::VN_SHIFT;
        if version != field::VERSION {
            return Err(Error::v5(field::LI_VN_MODE, V5Rule::Version { version }));
        }
        Ok(FieldWriter {
            buf,
            pos: start,
            after: After::Any,
        })
    }

    /// Offset where the next field goes: the packet length so far.
    #[must_use]
    pub const fn position(&self) -> usize {
        self.pos
    }

    /// The packet written so far: what a MAC appended now would cover.
    #[must_use]
    pub fn written(&self) -> &[u8] {
        &self.buf[..self.pos]
    }

    /// Ends the writing and returns the packet length.
    #[must_use]
    pub const fn finish(self) -> usize {
        self.pos
    }

    /// Appends a field of `field_type` whose value takes `value_len`
    /// octets, written by `write` into a slice of exactly that length;
    /// zero padding follows. Returns where the field lies (padding
    /// included).
    fn put(
        &mut self,
        field_type: ExtensionFieldType,
        value_len: usize,
        write: impl FnOnce(&mut [u8]),
    ) -> Result<Range<usize>> {
        let after = self
            .after
            .next(field_type)
            .map_err(|rule| Error::v5(self.pos, rule))?;
        let length = value_len.saturating_add(FIELD_HEADER_LEN);
        let Ok(length16) = u16::try_from(length) else {
            return Err(Error::v5(
                self.pos,
                V5Rule::FieldTooLong {
                    needed: to_u32(length),
                },
            ));
        };
        // At most 65 538: no overflow.
        let extent = checked_pad4(length).unwrap_or(usize::MAX);
        let end = self.pos.saturating_add(extent);
        if end > self.buf.len() {
            return Err(Error::buffer_too_small(end, self.buf.len()));
        }
        let out = &mut self.buf[self.pos..end];
        out[FIELD_TYPE].copy_from_slice(&field_type.0.to_be_bytes());
        out[FIELD_LENGTH].copy_from_slice(&length16.to_be_bytes());
        let (value, padding) = out[FIELD_HEADER_LEN..].split_at_mut(value_len);
        write(value);
        padding.fill(0);
        let range = self.pos..end;
        self.pos = end;
        self.after = after;
        Ok(range)
    }

    /// Appends a field of any type with `value` (the Field Type says what
    /// it is; no layout is checked). A MAC ([`ExtensionFieldType::V5_MAC`])
    /// or Correction type written this way counts for the order rules.
    #[inline]
    pub fn field(&mut self, field_type: ExtensionFieldType, value: &[u8]) -> Result<Range<usize>> {
        self.put(field_type, value.len(), |out| out.copy_from_slice(value))
    }

    /// Appends the field `value` holds, in its layout: what
    /// [`FieldValue::read`] gives back.
    pub fn value(&mut self, value: &FieldValue<'_>) -> Result<Range<usize>> {
        match *value {
            FieldValue::Padding(v) => self.field(ExtensionFieldType::V5_PADDING, v),
            FieldValue::Mac(m) => self.mac(m.key_id, m.mac),
            FieldValue::ReferenceIdsRequest(r) => self.reference_ids_request(r),
            FieldValue::ReferenceIdsResponse(chunk) => self.reference_ids_response(chunk),
            FieldValue::ServerInformation(s) => self.server_information(s),
            FieldValue::Correction(c) => self.correction(&c),
            FieldValue::ReferenceTimestamp(t) => self.reference_timestamp(t),
            FieldValue::MonotonicReceiveTimestamp(m) => self.monotonic_receive_timestamp(m),
            FieldValue::SecondaryReceiveTimestamp(s) => self.secondary_receive_timestamp(s),
            FieldValue::DraftIdentification(d) => {
                self.field(ExtensionFieldType::V5_DRAFT_IDENTIFICATION, d)
            }
            FieldValue::Other(f) => self.field(f.field_type(), f.body()),
        }
    }

    /// Appends a Draft Identification (section 7.1): `draft`'s octets, no
    /// NUL ([`DRAFT_08`](super::DRAFT_08) is what ntpd-rs 1.9 speaks).
    #[inline]
    pub fn draft_identification(&mut self, draft: &str) -> Result<Range<usize>> {
        self.field(
            ExtensionFieldType::V5_DRAFT_IDENTIFICATION,
            draft.as_bytes(),
        )
    }

    /// Appends a Padding field (section 7.2) that takes exactly `len`
    /// octets on the wire: a multiple of 4, at least 4
    /// ([`V5Rule::PaddingLength`]); its value is zero.
    pub fn padding(&mut self, len: usize) -> Result<Range<usize>> {
        if len < FIELD_HEADER_LEN || len % 4 != 0 {
            return Err(Error::v5(
                self.pos,
                V5Rule::PaddingLength {
                    length: to_u32(len),
                },
            ));
        }
        self.put(
            ExtensionFieldType::V5_PADDING,
            len - FIELD_HEADER_LEN,
            |v| v.fill(0),
        )
    }

    /// Appends one Padding field so that the packet is `packet_len`
    /// octets, as a server pads its response to the request's length
    /// (section 7.1), and returns the packet length; nothing is written
    /// when the packet is that long already. [`V5Rule::PaddingLength`]
    /// if it is longer, or `packet_len` is no multiple of 4.
    pub fn pad_to(&mut self, packet_len: usize) -> Result<usize> {
        if packet_len != self.pos {
            let gap = packet_len.saturating_sub(self.pos);
            self.padding(gap)?;
        }
        Ok(self.pos)
    }

    /// Appends a Reference IDs Request (section 7.4) for `request.length`
    /// octets of the filter at `request.offset`: the offset, then zeros
    /// up to that length. [`V5Rule::ValueTooShort`] for a length below 2.
    pub fn reference_ids_request(&mut self, request: ReferenceIdsRequest) -> Result<Range<usize>> {
        let len = usize::from(request.length);
        if len < field::REFIDS_OFFSET.end {
            return Err(Error::v5(
                self.pos,
                V5Rule::ValueTooShort {
                    field_type: ExtensionFieldType::V5_REFERENCE_IDS_REQUEST,
                    length: request.length.saturating_add(FIELD_HEADER_LEN as u16),
                    minimum: (FIELD_HEADER_LEN + field::REFIDS_OFFSET.end) as u16,
                },
            ));
        }
        self.put(ExtensionFieldType::V5_REFERENCE_IDS_REQUEST, len, |v| {
            v[field::REFIDS_OFFSET].copy_from_slice(&request.offset.to_be_bytes());
            v[field::REFIDS_OFFSET.end..].fill(0);
        })
    }

    /// Appends a Reference IDs Response (section 7.4) carrying `chunk` of
    /// the Bloom filter ([`BloomFilter::chunk`](super::BloomFilter::chunk)).
    #[inline]
    pub fn reference_ids_response(&mut self, chunk: &[u8]) -> Result<Range<usize>> {
        self.field(ExtensionFieldType::V5_REFERENCE_IDS_RESPONSE, chunk)
    }

    /// Appends Server Information (section 7.5), 8 octets.
    pub fn server_information(&mut self, info: ServerInformation) -> Result<Range<usize>> {
        self.put(
            ExtensionFieldType::V5_SERVER_INFORMATION,
            field::SERVER_INFO_LEN,
            |v| {
                v[field::SERVER_INFO_VERSIONS].copy_from_slice(&info.versions.to_be_bytes());
                v[field::SERVER_INFO_RESERVED].copy_from_slice(&info.reserved.to_be_bytes());
            },
        )
    }

    /// Appends the Correction (section 7.6), 28 octets; after it nothing
    /// can be appended.
    pub fn correction(&mut self, c: &Correction) -> Result<Range<usize>> {
        self.put(
            ExtensionFieldType::V5_CORRECTION,
            field::CORRECTION_LEN,
            |v| {
                v[field::CORRECTION_ORIGIN].copy_from_slice(&c.origin_correction.to_be_bytes());
                v[field::CORRECTION_ORIGIN_PATH].copy_from_slice(&c.origin_path_id.to_be_bytes());
                v[field::CORRECTION_RESERVED].copy_from_slice(&c.reserved.to_be_bytes());
                v[field::CORRECTION_DELAY].copy_from_slice(&c.delay_correction.to_be_bytes());
                v[field::CORRECTION_DELAY_PATH].copy_from_slice(&c.delay_path_id.to_be_bytes());
                v[field::CORRECTION_CHECKSUM].copy_from_slice(&c.checksum_complement.to_be_bytes());
            },
        )
    }

    /// Appends a Reference Timestamp (section 7.7), 12 octets.
    pub fn reference_timestamp(&mut self, t: Timestamp) -> Result<Range<usize>> {
        self.field(ExtensionFieldType::V5_REFERENCE_TIMESTAMP, &t.to_be_bytes())
    }

    /// Appends a Monotonic Receive Timestamp (section 7.8), 16 octets.
    pub fn monotonic_receive_timestamp(
        &mut self,
        m: MonotonicReceiveTimestamp,
    ) -> Result<Range<usize>> {
        self.put(
            ExtensionFieldType::V5_MONOTONIC_RECEIVE_TIMESTAMP,
            field::MONOTONIC_LEN,
            |v| {
                v[field::MONOTONIC_EPOCH].copy_from_slice(&m.epoch.to_be_bytes());
                v[field::MONOTONIC_TIMESTAMP].copy_from_slice(&m.timestamp.to_be_bytes());
            },
        )
    }

    /// Appends a Secondary Receive Timestamp (section 7.9), 16 octets.
    pub fn secondary_receive_timestamp(
        &mut self,
        s: SecondaryReceiveTimestamp,
    ) -> Result<Range<usize>> {
        self.put(
            ExtensionFieldType::V5_SECONDARY_RECEIVE_TIMESTAMP,
            field::SECONDARY_LEN,
            |v| {
                v[field::SECONDARY_TIMESCALE] = s.timescale.0;
                v[field::SECONDARY_ERA] = s.era;
                v[field::SECONDARY_RESERVED].copy_from_slice(&s.reserved.to_be_bytes());
                v[field::SECONDARY_TIMESTAMP].copy_from_slice(&s.timestamp.to_be_bytes());
            },
        )
    }

    /// Appends the MAC field (section 7.3): `key_id` and the `mac` the
    /// caller computed over [`written`](Self::written). Only a Correction
    /// can follow it.
    pub fn mac(&mut self, key_id: u32, mac: &[u8]) -> Result<Range<usize>> {
        let len = field::MAC_VALUE.saturating_add(mac.len());
        self.put(ExtensionFieldType::V5_MAC, len, |v| {
            v[field::MAC_KEY_ID].copy_from_slice(&key_id.to_be_bytes());
            v[field::MAC_VALUE..].copy_from_slice(mac);
        })
    }
}
