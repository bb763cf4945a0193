//! Writing a trailer: extension fields with their length and zero padding
//! (RFC 7822 section 3), then a MAC (RFC 5905 section 7.5) or a crypto-NAK.
//!
//! [`TrailerWriter`] appends into the packet buffer, after a header already
//! written; with the `bytes` feature, [`put_field`], [`put_mac`] and
//! [`put_crypto_nak`] append to a `bytes::BufMut`. Nothing allocates.
//!
//! What the writer guarantees, so that the [`Trailer`](super::Trailer) walk
//! reads back what was written: fields are a multiple of 4 and at least 16
//! octets; [`TrailerWriter::finish`] pads a last field without a MAC to 28
//! octets (RFC 7822 section 3, updating RFC 5905 section 7.5); a MAC has
//! a length of [`MacAlgorithm::for_length`](super::MacAlgorithm::for_length)'s
//! table for the packet's version; fields are refused below version 4;
//! nothing follows a MAC or crypto-NAK.

use core::ops::Range;

use super::layout;
use super::mac::{whole_trailer, WholeTrailer};
use super::ExtensionFieldType;
use crate::header::HEADER_LEN;
use crate::kind::check_time_v1_to_v4;
use crate::wire::{checked_pad4, to_u32};
use crate::{Error, Result, TrailerRule};

/// The length of a field holding a `body_len`-octet body: header and body
/// padded to a multiple of 4, at least 16 octets (RFC 7822 section 3).
///
/// Saturating: for a `body_len` whose field length does not fit a `usize`
/// (no slice is that long) it returns `usize::MAX`. Any result above
/// 65 535 cannot be a field's 16-bit length: the writers refuse it with
/// [`TrailerRule::FieldTooLong`].
#[must_use]
pub const fn field_len(body_len: usize) -> usize {
    // Header and body padded to a word; a sum that saturates stays
    // `usize::MAX`, since padding it overflows.
    let Some(n) = checked_pad4(body_len.saturating_add(layout::FIELD_HEADER_LEN)) else {
        return usize::MAX;
    };
    if n < layout::FIELD_MIN_LEN {
        layout::FIELD_MIN_LEN
    } else {
        n
    }
}

/// Checks `len` for a field of `body_len` octets and returns it as the
/// 16-bit length field; an error names `offset`, where the field would
/// start.
#[inline]
fn check_field_len(body_len: usize, len: usize, offset: usize) -> Result<u16> {
    let minimum = field_len(body_len);
    let err = |rule| Error::trailer(offset, rule);
    let Ok(min16) = u16::try_from(minimum) else {
        return Err(err(TrailerRule::FieldTooLong {
            needed: to_u32(minimum),
        }));
    };
    if len < minimum || len % 4 != 0 {
        return Err(err(TrailerRule::FieldLengthRequest {
            length: to_u32(len),
            minimum: min16,
        }));
    }
    u16::try_from(len).map_err(|_| {
        err(TrailerRule::FieldTooLong {
            needed: to_u32(len),
        })
    })
}

/// Writes a field into `out`, which is exactly the field's length.
#[inline]
fn encode_field(out: &mut [u8], field_type: ExtensionFieldType, body: &[u8], length: u16) {
    out[layout::FIELD_TYPE].copy_from_slice(&field_type.0.to_be_bytes());
    out[layout::FIELD_LENGTH].copy_from_slice(&length.to_be_bytes());
    let (b, pad) = out[layout::FIELD_HEADER_LEN..].split_at_mut(body.len());
    b.copy_from_slice(body);
    // Most bodies fill their field: no call to `memset` for nothing.
    if !pad.is_empty() {
        pad.fill(0);
    }
}

/// A MAC of `len` octets may end a packet of `version` here: a length of
/// the table ([`MacAlgorithm::for_length`](super::MacAlgorithm::for_length)),
/// and below version 4 only as the whole trailer.
#[inline]
fn mac_len_ok(version: u8, at_start: bool, len: usize) -> bool {
    matches!(whole_trailer(len, version), WholeTrailer::Mac) && (version >= 4 || at_start)
}

/// Appends a trailer to a packet buffer whose first 48 octets are the
/// header (its version decides: fields at version 4, else one
/// authenticator; RFC 7822 section 3).
///
/// ```
/// use ntp_wire::trailer::{ExtensionFieldType, Trailer, TrailerItem, TrailerWriter};
/// use ntp_wire::{Header, Mode, Version};
///
/// let mut buf = [0xa5u8; 128];
/// buf[..48].copy_from_slice(&Header::new(Version::V4, Mode::Client).to_bytes());
/// let mut w = TrailerWriter::new(&mut buf)?;
/// w.field(ExtensionFieldType(0xf001), b"hello")?;
/// let len = w.finish()?; // the last field, with no MAC, is padded to 28
/// assert_eq!(len, 76);
/// let items: Vec<_> = Trailer::new(&buf[..len]).collect::<Result<_, _>>()?;
/// let TrailerItem::Field(f) = items[0] else { panic!() };
/// assert_eq!((f.field_type(), f.length()), (ExtensionFieldType(0xf001), 28));
/// assert_eq!(&f.body()[..5], b"hello");
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug)]
pub struct TrailerWriter<'a> {
    buf: &'a mut [u8],
    pos: usize,
    version: u8,
    last_field: Option<usize>,
    closed: bool,
}

impl<'a> TrailerWriter<'a> {
    /// A writer appending after the header in `buf` (at least 48 octets; RFC 7822 section 3).
    #[inline]
    pub fn new(buf: &'a mut [u8]) -> Result<TrailerWriter<'a>> {
        TrailerWriter::at(buf, HEADER_LEN)
    }

    /// A writer appending at `offset` (at least 48), after items already
    /// written there. The header's version decides the rules; a header
    /// that is no v1-v4 time packet is refused as
    /// [`Packet::new_checked`](crate::Packet::new_checked) refuses it.
    #[inline]
    pub fn at(buf: &'a mut [u8], offset: usize) -> Result<TrailerWriter<'a>> {
        if buf.len() < offset.max(HEADER_LEN) {
            return Err(Error::buffer_too_small(offset.max(HEADER_LEN), buf.len()));
        }
        check_time_v1_to_v4(buf[0])?;
        let version = (buf[0] >> 3) & 7;
        Ok(TrailerWriter {
            buf,
            pos: offset.max(HEADER_LEN),
            version,
            last_field: None,
            closed: false,
        })
    }

    /// Offset where the next item goes: the packet length so far (RFC 7822 section 3).
    #[must_use]
    pub const fn position(&self) -> usize {
        self.pos
    }

    /// The packet written so far: what a MAC appended now would cover (RFC 7822 section 3).
    #[must_use]
    pub fn written(&self) -> &[u8] {
        &self.buf[..self.pos]
    }

    #[inline]
    fn space(&mut self, len: usize) -> Result<Range<usize>> {
        if self.closed {
            return Err(Error::trailer(self.pos, TrailerRule::AfterMac));
        }
        let end = self.pos.saturating_add(len);
        if end > self.buf.len() {
            return Err(Error::buffer_too_small(end, self.buf.len()));
        }
        Ok(self.pos..end)
    }

    /// Appends a field of the smallest length that holds `body`
    /// ([`field_len`]). Returns where the field lies in the packet (RFC 7822 section 3).
    #[inline]
    pub fn field(&mut self, field_type: ExtensionFieldType, body: &[u8]) -> Result<Range<usize>> {
        self.field_with_len(field_type, body, field_len(body.len()))
    }

    /// Appends a field of exactly `len` octets (a multiple of 4, at least
    /// [`field_len`] of the body): the body, then zero padding. NTS cookie
    /// placeholders and the checksum complement need a chosen length (RFC 7822 section 3).
    #[inline]
    pub fn field_with_len(
        &mut self,
        field_type: ExtensionFieldType,
        body: &[u8],
        len: usize,
    ) -> Result<Range<usize>> {
        if self.version < 4 {
            return Err(Error::trailer(self.pos, TrailerRule::FieldBeforeVersion4));
        }
        let length = check_field_len(body.len(), len, self.pos)?;
        let range = self.space(len)?;
        encode_field(&mut self.buf[range.clone()], field_type, body, length);
        self.last_field = Some(range.start);
        self.pos = range.end;
        Ok(range)
    }

    /// Appends the MAC that ends the packet: `key_id` and the `digest` the
    /// caller computed over [`written`](Self::written). At version 4 the
    /// digest is 16 (MD5, AES-CMAC) or 20 (SHA-1, or a longer hash
    /// truncated) octets; at version 3 or lower the MAC is the whole
    /// trailer, with a digest of a length in
    /// [`MacAlgorithm::for_length`](super::MacAlgorithm::for_length)'s
    /// table (8 to 64 octets). Returns where the MAC lies.
    #[inline]
    pub fn mac(&mut self, key_id: u32, digest: &[u8]) -> Result<Range<usize>> {
        let len = layout::MAC_DIGEST + digest.len();
        if !mac_len_ok(self.version, self.pos == HEADER_LEN, len) && !self.closed {
            return Err(Error::trailer(
                self.pos,
                TrailerRule::MacLength {
                    length: to_u32(len),
                    version: self.version,
                },
            ));
        }
        let range = self.space(len)?;
        let out = &mut self.buf[range.clone()];
        out[layout::MAC_KEY_ID].copy_from_slice(&key_id.to_be_bytes());
        out[layout::MAC_DIGEST..].copy_from_slice(digest);
        self.pos = range.end;
        self.closed = true;
        self.last_field = None;
        Ok(range)
    }

    /// Appends a crypto-NAK: 4 zero octets, the whole trailer (RFC 7822 section 3).
    pub fn crypto_nak(&mut self) -> Result<Range<usize>> {
        if self.pos != HEADER_LEN && !self.closed {
            return Err(Error::trailer(self.pos, TrailerRule::CryptoNakNotAlone));
        }
        let range = self.space(layout::CRYPTO_NAK_LEN)?;
        self.buf[range.clone()].fill(0);
        self.pos = range.end;
        self.closed = true;
        Ok(range)
    }

    /// Ends the trailer and returns the packet length. A last field shorter
    /// than 28 octets with no MAC after it is first padded to 28 with zeros
    /// and its length updated (RFC 7822 section 3, updating RFC 5905 section 7.5), so that it cannot be
    /// read as a MAC.
    #[inline]
    pub fn finish(self) -> Result<usize> {
        let Some(start) = self.last_field else {
            return Ok(self.pos);
        };
        let len = self.pos - start;
        if len >= layout::LAST_FIELD_MIN_LEN {
            return Ok(self.pos);
        }
        let end = start + layout::LAST_FIELD_MIN_LEN;
        if end > self.buf.len() {
            return Err(Error::buffer_too_small(end, self.buf.len()));
        }
        self.buf[self.pos..end].fill(0);
        let length = layout::LAST_FIELD_MIN_LEN as u16;
        self.buf[start..][layout::FIELD_LENGTH].copy_from_slice(&length.to_be_bytes());
        Ok(end)
    }
}

#[cfg(feature = "bytes")]
fn reserve<B: bytes::BufMut>(buf: &B, needed: usize) -> Result<()> {
    let available = buf.remaining_mut();
    if available < needed {
        return Err(Error::buffer_too_small(needed, available));
    }
    Ok(())
}

/// Appends a field of `len` octets (at least [`field_len`] of the body, a
/// multiple of 4) to a `BufMut`: pass `field_len(body.len())` for the
/// smallest, and at least 28 for a last field without a MAC. Returns the
/// octets written. A `BufMut` does not say how much the packet already
/// holds, so a length error names `offset` 0: the start of this field.
#[cfg(feature = "bytes")]
pub fn put_field<B: bytes::BufMut>(
    buf: &mut B,
    field_type: ExtensionFieldType,
    body: &[u8],
    len: usize,
) -> Result<usize> {
    let length = check_field_len(body.len(), len, 0)?;
    reserve(buf, len)?;
    buf.put_u16(field_type.0);
    buf.put_u16(length);
    buf.put_slice(body);
    buf.put_bytes(0, len - layout::FIELD_HEADER_LEN - body.len());
    Ok(len)
}

/// Appends a MAC (key id and digest) to a `BufMut`. The digest length is
/// the caller's: 16 or 20 octets at version 4 (see [`TrailerWriter::mac`]; RFC 7822 section 3).
#[cfg(feature = "bytes")]
pub fn put_mac<B: bytes::BufMut>(buf: &mut B, key_id: u32, digest: &[u8]) -> Result<usize> {
    let len = layout::MAC_DIGEST + digest.len();
    reserve(buf, len)?;
    buf.put_u32(key_id);
    buf.put_slice(digest);
    Ok(len)
}

/// Appends a crypto-NAK (4 zero octets) to a `BufMut` (RFC 7822 section 3).
#[cfg(feature = "bytes")]
pub fn put_crypto_nak<B: bytes::BufMut>(buf: &mut B) -> Result<usize> {
    reserve(buf, layout::CRYPTO_NAK_LEN)?;
    buf.put_u32(0);
    Ok(layout::CRYPTO_NAK_LEN)
}
