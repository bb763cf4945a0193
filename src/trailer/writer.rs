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
//! octets (RFC 7822 section 3, updating RFC 5905 section 7.5); a MAC at version 4 has a 16- or 20-octet
//! digest; fields are refused below version 4; nothing follows a MAC or
//! crypto-NAK.

use core::ops::Range;

use super::layout;
use super::ExtensionFieldType;
use crate::header::HEADER_LEN;
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
    let Some(n) = layout::checked_pad4(body_len.saturating_add(layout::FIELD_HEADER_LEN)) else {
        return usize::MAX;
    };
    if n < layout::FIELD_MIN_LEN {
        layout::FIELD_MIN_LEN
    } else {
        n
    }
}

/// Checks `len` for a field of `body_len` octets and returns it as the
/// 16-bit length field.
#[inline]
fn check_field_len(body_len: usize, len: usize) -> Result<u16> {
    let minimum = field_len(body_len);
    let err = |rule| Error::Trailer { offset: 0, rule };
    if minimum > usize::from(u16::MAX) {
        return Err(err(TrailerRule::FieldTooLong { needed: minimum }));
    }
    if len < minimum || len % 4 != 0 {
        return Err(err(TrailerRule::FieldLengthRequest {
            length: len,
            minimum,
        }));
    }
    u16::try_from(len).map_err(|_| err(TrailerRule::FieldTooLong { needed: len }))
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

#[inline]
fn mac_len_ok(fields: bool, at_start: bool, len: usize) -> bool {
    if fields {
        layout::V4_MAC_LENS.contains(&len)
    } else {
        at_start && matches!(len, 12 | 20 | 24 | 36 | 68)
    }
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
    fields: bool,
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
    /// written there (RFC 7822 section 3).
    #[inline]
    pub fn at(buf: &'a mut [u8], offset: usize) -> Result<TrailerWriter<'a>> {
        if buf.len() < offset.max(HEADER_LEN) {
            return Err(Error::BufferTooSmall {
                needed: offset.max(HEADER_LEN),
                available: buf.len(),
            });
        }
        let fields = (buf[0] >> 3) & 7 >= 4;
        Ok(TrailerWriter {
            buf,
            pos: offset.max(HEADER_LEN),
            fields,
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
            return Err(Error::Trailer {
                offset: self.pos,
                rule: TrailerRule::AfterMac,
            });
        }
        let end = self.pos + len;
        if end > self.buf.len() {
            return Err(Error::BufferTooSmall {
                needed: end,
                available: self.buf.len(),
            });
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
        if !self.fields {
            return Err(Error::Trailer {
                offset: self.pos,
                rule: TrailerRule::FieldBeforeVersion4,
            });
        }
        let length = check_field_len(body.len(), len).map_err(|e| match e {
            Error::Trailer { rule, .. } => Error::Trailer {
                offset: self.pos,
                rule,
            },
            e => e,
        })?;
        let range = self.space(len)?;
        encode_field(&mut self.buf[range.clone()], field_type, body, length);
        self.last_field = Some(range.start);
        self.pos = range.end;
        Ok(range)
    }

    /// Appends the MAC that ends the packet: `key_id` and the `digest` the
    /// caller computed over [`written`](Self::written). At version 4 the
    /// digest is 16 (MD5, AES-CMAC) or 20 (SHA-1) octets; at version 3 or
    /// lower the MAC is the whole trailer with a digest of 8, 16, 20, 32 or
    /// 64 octets. Returns where the MAC lies (RFC 7822 section 3).
    #[inline]
    pub fn mac(&mut self, key_id: u32, digest: &[u8]) -> Result<Range<usize>> {
        let len = layout::MAC_DIGEST + digest.len();
        if !mac_len_ok(self.fields, self.pos == HEADER_LEN, len) && !self.closed {
            return Err(Error::Trailer {
                offset: self.pos,
                rule: TrailerRule::MacLength { length: len },
            });
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
            return Err(Error::Trailer {
                offset: self.pos,
                rule: TrailerRule::CryptoNakNotAlone,
            });
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
            return Err(Error::BufferTooSmall {
                needed: end,
                available: self.buf.len(),
            });
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
        return Err(Error::BufferTooSmall { needed, available });
    }
    Ok(())
}

/// Appends a field of `len` octets (at least [`field_len`] of the body, a
/// multiple of 4) to a `BufMut`: pass `field_len(body.len())` for the
/// smallest, and at least 28 for a last field without a MAC. Returns the
/// octets written (RFC 7822 section 3).
#[cfg(feature = "bytes")]
pub fn put_field<B: bytes::BufMut>(
    buf: &mut B,
    field_type: ExtensionFieldType,
    body: &[u8],
    len: usize,
) -> Result<usize> {
    let length = check_field_len(body.len(), len)?;
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
