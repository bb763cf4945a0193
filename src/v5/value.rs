//! What the NTPv5 extension fields carry (draft-ietf-ntp-ntpv5-07
//! sections 7.1 to 7.9), read from and written as an
//! [`ExtensionField`].

use core::ops::Range;

use super::{field, Timescale};
use crate::fields::ExtensionFieldType as T;
use crate::time::Timestamp;
use crate::trailer::layout::FIELD_HEADER_LEN;
use crate::trailer::ExtensionField;
use crate::wire::{be_u16, be_u32, be_u64};
use crate::{Error, Result, V5Rule};

/// One NTPv5 extension field, typed by its Field Type: the fields of the
/// draft, each with its value's layout read, and any other type (NTPv4's
/// NTS fields, which NTPv5 carries as NTPv4 does, section 11; types this
/// crate does not know) as the raw field.
///
/// [`FieldValue::read`] checks each draft field's fixed length or
/// least length ([`V5Rule::FieldLength`], [`V5Rule::ValueTooShort`]);
/// [`FieldWriter::value`](super::FieldWriter::value) writes one back, to
/// the same octets when the padding was zero.
///
/// ```
/// use ntp_wire::v5::{FieldValue, Packet, Request, DRAFT_08};
///
/// let mut buf = [0u8; 128];
/// let len = Request::new(Default::default()).emit(&mut buf)?;
/// let packet = Packet::new_checked(&buf[..len])?;
/// let field = packet.fields().next().unwrap()?;
/// assert_eq!(FieldValue::read(&field)?, FieldValue::DraftIdentification(DRAFT_08.as_bytes()));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldValue<'a> {
    /// 0xF501 Padding (section 7.2): the value, which should be zero and
    /// is ignored.
    Padding(&'a [u8]),
    /// 0xF502 Message Authentication Code (section 7.3).
    Mac(MacValue<'a>),
    /// 0xF503 Reference IDs Request (section 7.4).
    ReferenceIdsRequest(ReferenceIdsRequest),
    /// 0xF504 Reference IDs Response (section 7.4): a chunk of the
    /// server's Bloom filter, as long as the request field's value.
    ReferenceIdsResponse(&'a [u8]),
    /// 0xF505 Server Information (section 7.5).
    ServerInformation(ServerInformation),
    /// 0xF506 Correction (section 7.6).
    Correction(Correction),
    /// 0xF507 Reference Timestamp (section 7.7): when the server's clock
    /// was last updated (zero in requests).
    ReferenceTimestamp(Timestamp),
    /// 0xF508 Monotonic Receive Timestamp (section 7.8).
    MonotonicReceiveTimestamp(MonotonicReceiveTimestamp),
    /// 0xF509 Secondary Receive Timestamp (section 7.9).
    SecondaryReceiveTimestamp(SecondaryReceiveTimestamp),
    /// 0xF5FF Draft Identification (section 7.1): the draft's name in
    /// ASCII, not NUL-terminated, compared whole ([`DRAFT_08`](super::DRAFT_08)
    /// and its siblings). Kept as octets: ntpd-rs refuses one that is not
    /// ASCII.
    DraftIdentification(&'a [u8]),
    /// Any other field type, as read.
    Other(ExtensionField<'a>),
}

/// The value of a MAC field (section 7.3): key id and MAC, which covers
/// the header and every field before this one, padding included:
/// `0..offset` of the packet, where `offset` is the field's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MacValue<'a> {
    /// Key identifier.
    pub key_id: u32,
    /// The MAC (16 octets for AES-CMAC-128).
    pub mac: &'a [u8],
}

/// A Reference IDs Request (section 7.4, -07 layout, as ntpd-rs 1.9 reads
/// it): the octets of the 512-octet Bloom filter the client asks for.
///
/// On the wire the value is the offset (16 bits) and zero padding; the
/// value's length (offset included) is the number of octets asked for,
/// and the response's value has that length. A request past the filter
/// is ignored by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReferenceIdsRequest {
    /// Offset into the filter, in octets.
    pub offset: u16,
    /// Octets asked for: the value's length, at least 2 (the offset).
    pub length: u16,
}

impl ReferenceIdsRequest {
    /// The requests that fetch the whole 512-octet filter in chunks of
    /// `length` octets (ntpd-rs asks for 16 at a time): offsets 0,
    /// `length`, ... below 512, the last chunk shortened to end at 512.
    /// Empty for a `length` below 2, which cannot hold the offset.
    ///
    /// ```
    /// use ntp_wire::v5::ReferenceIdsRequest;
    ///
    /// let all: Vec<_> = ReferenceIdsRequest::chunks(200).collect();
    /// assert_eq!(all, [
    ///     ReferenceIdsRequest { offset: 0, length: 200 },
    ///     ReferenceIdsRequest { offset: 200, length: 200 },
    ///     ReferenceIdsRequest { offset: 400, length: 112 },
    /// ]);
    /// assert_eq!(ReferenceIdsRequest::chunks(16).count(), 32);
    /// ```
    pub fn chunks(length: u16) -> impl Iterator<Item = ReferenceIdsRequest> + Clone {
        let filter = super::BLOOM_FILTER_LEN as u16;
        let step = if length < 2 { filter } else { length };
        (0..filter)
            .step_by(usize::from(step))
            .filter(move |_| length >= 2)
            .map(move |offset| ReferenceIdsRequest {
                offset,
                length: step.min(filter - offset),
            })
    }
}

/// Server Information (section 7.5): the NTP versions the server speaks,
/// one bit each (the least significant bit is version 1, up to 16).
/// All zero in requests; ntpd-rs 1.9 does not implement it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ServerInformation {
    /// Supported NTP versions: bit `v - 1` for version `v`.
    pub versions: u16,
    /// Reserved, kept as read.
    pub reserved: u16,
}

impl ServerInformation {
    /// `true` if the bit of version `v` (1 to 16) is set.
    #[must_use]
    pub const fn supports(self, v: u8) -> bool {
        matches!(v, 1..=16) && self.versions & (1 << (v - 1)) != 0
    }
}

/// The Correction (section 7.6): what on-path devices add to the
/// measured delay, with a checksum complement (RFC 7821). A client
/// sends it all zero; it is the last field, outside the MAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Correction {
    /// Origin Correction: the request's delay correction, copied back by
    /// the server (the raw 64 bits).
    pub origin_correction: u64,
    /// Origin Path ID.
    pub origin_path_id: u16,
    /// Reserved, kept as read.
    pub reserved: u16,
    /// Delay Correction: signed nanoseconds in 48.16 fixed point, as
    /// PTP's correctionField (all ones but the sign bit: too big).
    pub delay_correction: i64,
    /// Delay Path ID.
    pub delay_path_id: u16,
    /// Checksum Complement (RFC 7821).
    pub checksum_complement: u16,
}

/// The Monotonic Receive Timestamp (section 7.8): the receive time by a
/// clock the server does not steer, for frequency transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct MonotonicReceiveTimestamp {
    /// Epoch ID: random, changed when the monotonic clock restarts.
    pub epoch: u32,
    /// The timestamp (zero in requests).
    pub timestamp: Timestamp,
}

/// The Secondary Receive Timestamp (section 7.9): the receive time in
/// another timescale; the request names the timescale, the rest zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SecondaryReceiveTimestamp {
    /// The timescale of the timestamp.
    pub timescale: Timescale,
    /// Its era.
    pub era: u8,
    /// Reserved, kept as read.
    pub reserved: u16,
    /// The timestamp (zero: not available).
    pub timestamp: Timestamp,
}

/// `Ok` if `value` has exactly `len` octets, else the rule `field` breaks.
fn fixed(field: &ExtensionField<'_>, len: usize) -> Result<()> {
    if field.body().len() == len {
        Ok(())
    } else {
        Err(Error::v5(
            field.offset(),
            V5Rule::FieldLength {
                field_type: field.field_type(),
                length: field.length(),
                expected: (FIELD_HEADER_LEN + len) as u16,
            },
        ))
    }
}

/// `Ok` if `value` has at least `len` octets, else the rule `field` breaks.
fn at_least(field: &ExtensionField<'_>, len: usize) -> Result<()> {
    if field.body().len() >= len {
        Ok(())
    } else {
        Err(Error::v5(
            field.offset(),
            V5Rule::ValueTooShort {
                field_type: field.field_type(),
                length: field.length(),
                minimum: (FIELD_HEADER_LEN + len) as u16,
            },
        ))
    }
}

impl<'a> FieldValue<'a> {
    /// The typed value of a field read after an NTPv5 header (by
    /// [`Fields`](super::Fields)): its layout checked for the draft's
    /// types, any other type as [`FieldValue::Other`].
    pub fn read(f: &ExtensionField<'a>) -> Result<FieldValue<'a>> {
        let v = f.body();
        Ok(match f.field_type() {
            T::V5_PADDING => FieldValue::Padding(v),
            T::V5_MAC => {
                at_least(f, field::MAC_VALUE)?;
                FieldValue::Mac(MacValue {
                    key_id: be_u32(v, field::MAC_KEY_ID),
                    mac: &v[field::MAC_VALUE..],
                })
            }
            T::V5_REFERENCE_IDS_REQUEST => {
                at_least(f, field::REFIDS_OFFSET.end)?;
                FieldValue::ReferenceIdsRequest(ReferenceIdsRequest {
                    offset: be_u16(v, field::REFIDS_OFFSET),
                    length: v.len() as u16,
                })
            }
            T::V5_REFERENCE_IDS_RESPONSE => FieldValue::ReferenceIdsResponse(v),
            T::V5_SERVER_INFORMATION => {
                fixed(f, field::SERVER_INFO_LEN)?;
                FieldValue::ServerInformation(ServerInformation {
                    versions: be_u16(v, field::SERVER_INFO_VERSIONS),
                    reserved: be_u16(v, field::SERVER_INFO_RESERVED),
                })
            }
            T::V5_CORRECTION => {
                fixed(f, field::CORRECTION_LEN)?;
                FieldValue::Correction(Correction {
                    origin_correction: be_u64(v, field::CORRECTION_ORIGIN),
                    origin_path_id: be_u16(v, field::CORRECTION_ORIGIN_PATH),
                    reserved: be_u16(v, field::CORRECTION_RESERVED),
                    delay_correction: be_u64(v, field::CORRECTION_DELAY) as i64,
                    delay_path_id: be_u16(v, field::CORRECTION_DELAY_PATH),
                    checksum_complement: be_u16(v, field::CORRECTION_CHECKSUM),
                })
            }
            T::V5_REFERENCE_TIMESTAMP => {
                fixed(f, field::REFERENCE_TIMESTAMP_LEN)?;
                FieldValue::ReferenceTimestamp(Timestamp::from_bits(be_u64(
                    v,
                    0..field::REFERENCE_TIMESTAMP_LEN,
                )))
            }
            T::V5_MONOTONIC_RECEIVE_TIMESTAMP => {
                fixed(f, field::MONOTONIC_LEN)?;
                FieldValue::MonotonicReceiveTimestamp(MonotonicReceiveTimestamp {
                    epoch: be_u32(v, field::MONOTONIC_EPOCH),
                    timestamp: Timestamp::from_bits(be_u64(v, field::MONOTONIC_TIMESTAMP)),
                })
            }
            T::V5_SECONDARY_RECEIVE_TIMESTAMP => {
                fixed(f, field::SECONDARY_LEN)?;
                FieldValue::SecondaryReceiveTimestamp(SecondaryReceiveTimestamp {
                    timescale: Timescale(v[field::SECONDARY_TIMESCALE]),
                    era: v[field::SECONDARY_ERA],
                    reserved: be_u16(v, field::SECONDARY_RESERVED),
                    timestamp: Timestamp::from_bits(be_u64(v, field::SECONDARY_TIMESTAMP)),
                })
            }
            T::V5_DRAFT_IDENTIFICATION => FieldValue::DraftIdentification(v),
            _ => FieldValue::Other(*f),
        })
    }

    /// The Field Type this value is written with.
    #[must_use]
    pub fn field_type(&self) -> T {
        match self {
            FieldValue::Padding(_) => T::V5_PADDING,
            FieldValue::Mac(_) => T::V5_MAC,
            FieldValue::ReferenceIdsRequest(_) => T::V5_REFERENCE_IDS_REQUEST,
            FieldValue::ReferenceIdsResponse(_) => T::V5_REFERENCE_IDS_RESPONSE,
            FieldValue::ServerInformation(_) => T::V5_SERVER_INFORMATION,
            FieldValue::Correction(_) => T::V5_CORRECTION,
            FieldValue::ReferenceTimestamp(_) => T::V5_REFERENCE_TIMESTAMP,
            FieldValue::MonotonicReceiveTimestamp(_) => T::V5_MONOTONIC_RECEIVE_TIMESTAMP,
            FieldValue::SecondaryReceiveTimestamp(_) => T::V5_SECONDARY_RECEIVE_TIMESTAMP,
            FieldValue::DraftIdentification(_) => T::V5_DRAFT_IDENTIFICATION,
            FieldValue::Other(f) => f.field_type(),
        }
    }
}

/// Where a MAC field's MAC covers: the packet from its start to the MAC
/// field's first octet (section 7.3: the header and all fields before it,
/// padding included).
#[must_use]
pub fn mac_authenticated_range(mac_field: &ExtensionField<'_>) -> Range<usize> {
    0..mac_field.offset()
}
