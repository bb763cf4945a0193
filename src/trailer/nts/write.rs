//! Laying out an NTS request (RFC 8915 section 5.7), leaving the AEAD to
//! the caller.

use core::ops::Range;

use super::super::layout;
use super::super::{field_len, ExtensionFieldType, TrailerWriter};
use crate::wire::{checked_pad4, pad4};
use crate::{Error, Result, TrailerRule};

/// The length of an NTS Authenticator field for a nonce and ciphertext of
/// these lengths: header, the two length fields, nonce and ciphertext each
/// padded to a word, and additional padding so that the nonce space is at
/// least 16 octets (RFC 8915 section 5.6).
///
/// Saturating: lengths whose sum does not fit a `usize` (no slice is that
/// long) give `usize::MAX`. A field holds at most 65 535 octets, so only
/// results up to that can be written.
#[must_use]
pub const fn nts_authenticator_len(nonce_len: usize, ciphertext_len: usize) -> usize {
    let fixed = layout::FIELD_HEADER_LEN + layout::NTS_AUTH_HEADER_LEN;
    let (Some(n), Some(c)) = (checked_pad4(nonce_len), checked_pad4(ciphertext_len)) else {
        return usize::MAX;
    };
    let nonce_space = if n < layout::NTS_MIN_NONCE_SPACE {
        layout::NTS_MIN_NONCE_SPACE
    } else {
        n
    };
    nonce_space.saturating_add(c).saturating_add(fixed)
}

/// Where the caller puts the cryptography of an NTS request (RFC 8915 section 5.7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NtsRequestLayout {
    /// The associated data to authenticate: the packet up to the
    /// authenticator (RFC 8915 section 5.7).
    pub associated_data: Range<usize>,
    /// Where to write the nonce (RFC 8915 section 5.7).
    pub nonce: Range<usize>,
    /// Where to write the AEAD output (zero-filled until then; RFC 8915 section 5.7).
    pub ciphertext: Range<usize>,
    /// The packet length (RFC 8915 section 5.7).
    pub len: usize,
}

/// Appends an NTS request's fields after the header in `buf`: Unique
/// Identifier, NTS Cookie, `placeholders` Cookie Placeholders as long as
/// the cookie field, then an NTS Authenticator sized for `nonce_len` and
/// `ciphertext_len` (for AEAD_AES_SIV_CMAC_256: 16 and 16 plus the
/// plaintext length), zero-filled. The caller writes the nonce, computes
/// the AEAD over [`associated_data`](NtsRequestLayout::associated_data)
/// and writes the output at [`ciphertext`](NtsRequestLayout::ciphertext).
///
/// `unique_id` must hold at least 32 octets (RFC 8915 section 5.3):
/// shorter gives [`TrailerRule::FieldBodyTooShort`] at offset 48,
/// with nothing written. A buffer too small gives
/// [`Error::BufferTooSmall`] with the octets the whole request needs up to
/// the item that did not fit.
pub fn write_request(
    buf: &mut [u8],
    unique_id: &[u8],
    cookie: &[u8],
    placeholders: usize,
    nonce_len: u16,
    ciphertext_len: u16,
) -> Result<NtsRequestLayout> {
    let mut w = TrailerWriter::new(buf)?;
    // Checked before anything is written: the reader refuses less.
    if unique_id.len() < layout::NTS_MIN_UNIQUE_ID {
        return Err(Error::trailer(
            w.position(),
            TrailerRule::FieldBodyTooShort {
                field_type: ExtensionFieldType::NTS_UNIQUE_IDENTIFIER,
                body_len: u16::try_from(unique_id.len()).unwrap_or(u16::MAX),
                minimum: layout::NTS_MIN_UNIQUE_ID as u16,
            },
        ));
    }
    w.field(ExtensionFieldType::NTS_UNIQUE_IDENTIFIER, unique_id)?;
    let cookie_len = w.field(ExtensionFieldType::NTS_COOKIE, cookie)?.len();
    debug_assert_eq!(cookie_len, field_len(cookie.len()));
    for _ in 0..placeholders {
        w.field_with_len(ExtensionFieldType::NTS_COOKIE_PLACEHOLDER, &[], cookie_len)?;
    }
    let (n, c) = (usize::from(nonce_len), usize::from(ciphertext_len));
    let len = nts_authenticator_len(n, c);
    let mut head = [0u8; layout::NTS_AUTH_HEADER_LEN];
    head[layout::NTS_NONCE_LEN].copy_from_slice(&nonce_len.to_be_bytes());
    head[layout::NTS_CIPHERTEXT_LEN].copy_from_slice(&ciphertext_len.to_be_bytes());
    let field = w.field_with_len(ExtensionFieldType::NTS_AUTHENTICATOR, &head, len)?;
    let total = w.finish()?;
    let nonce_start = field.start + layout::FIELD_HEADER_LEN + layout::NTS_AUTH_HEADER_LEN;
    let ct_start = nonce_start + pad4(n);
    Ok(NtsRequestLayout {
        associated_data: 0..field.start,
        nonce: nonce_start..nonce_start + n,
        ciphertext: ct_start..ct_start + c,
        len: total,
    })
}
