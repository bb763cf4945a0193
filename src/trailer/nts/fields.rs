//! Views of the four NTS extension fields (RFC 8915 sections 5.3-5.6).

use core::ops::Range;

use super::super::layout;
use super::super::{ExtensionField, ExtensionFieldType};
use crate::wire::{be_u16, pad4};
use crate::{Error, Result, TrailerRule};

/// [`TrailerRule::FieldUnexpected`] unless `field` has type `ty`.
fn expect(field: &ExtensionField<'_>, ty: ExtensionFieldType) -> Result<()> {
    if field.field_type() == ty {
        Ok(())
    } else {
        Err(Error::trailer(
            field.offset(),
            TrailerRule::FieldUnexpected {
                field_type: field.field_type(),
            },
        ))
    }
}

/// [`TrailerRule::FieldBodyTooShort`] for `field`, whose body needs
/// `minimum` octets.
fn body_too_short(field: &ExtensionField<'_>, minimum: usize) -> Error {
    Error::trailer(
        field.offset(),
        TrailerRule::FieldBodyTooShort {
            field_type: field.field_type(),
            body_len: field.body().len() as u16,
            minimum: minimum as u16,
        },
    )
}

/// Unique Identifier, 0x0104 (RFC 8915 section 5.3): at least 32 random
/// octets that the response echoes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NtsUniqueIdentifier<'a>(ExtensionField<'a>);

impl<'a> NtsUniqueIdentifier<'a> {
    /// Checks the type and the 32-octet minimum (RFC 8915 section 5).
    pub fn new(field: ExtensionField<'a>) -> Result<NtsUniqueIdentifier<'a>> {
        expect(&field, ExtensionFieldType::NTS_UNIQUE_IDENTIFIER)?;
        if field.body().len() < layout::NTS_MIN_UNIQUE_ID {
            return Err(body_too_short(&field, layout::NTS_MIN_UNIQUE_ID));
        }
        Ok(NtsUniqueIdentifier(field))
    }

    /// The identifier: the whole body (the field has no inner length; RFC 8915 section 5).
    #[must_use]
    pub fn id(&self) -> &'a [u8] {
        self.0.body()
    }

    /// The field read (RFC 8915 section 5).
    #[must_use]
    pub const fn field(&self) -> ExtensionField<'a> {
        self.0
    }
}

/// NTS Cookie, 0x0204 (RFC 8915 section 5.4): opaque to the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NtsCookie<'a>(ExtensionField<'a>);

impl<'a> NtsCookie<'a> {
    /// Checks the type (RFC 8915 section 5).
    pub fn new(field: ExtensionField<'a>) -> Result<NtsCookie<'a>> {
        expect(&field, ExtensionFieldType::NTS_COOKIE)?;
        Ok(NtsCookie(field))
    }

    /// The cookie: the whole body (RFC 8915 section 5).
    #[must_use]
    pub fn cookie(&self) -> &'a [u8] {
        self.0.body()
    }

    /// The field read (RFC 8915 section 5).
    #[must_use]
    pub const fn field(&self) -> ExtensionField<'a> {
        self.0
    }
}

/// NTS Cookie Placeholder, 0x0304 (RFC 8915 section 5.5): asks for one more
/// cookie; its length equals the cookie field's, its body is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NtsCookiePlaceholder<'a>(ExtensionField<'a>);

impl<'a> NtsCookiePlaceholder<'a> {
    /// Checks the type (RFC 8915 section 5).
    pub fn new(field: ExtensionField<'a>) -> Result<NtsCookiePlaceholder<'a>> {
        expect(&field, ExtensionFieldType::NTS_COOKIE_PLACEHOLDER)?;
        Ok(NtsCookiePlaceholder(field))
    }

    /// The field read (RFC 8915 section 5).
    #[must_use]
    pub const fn field(&self) -> ExtensionField<'a> {
        self.0
    }
}

/// NTS Authenticator and Encrypted Extension Fields, 0x0404 (RFC 8915
/// section 5.6).
///
/// ```text
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Field Type (0x0404)          |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Nonce Length         |       Ciphertext Length       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// .                     Nonce (padded to a word)                  .
/// .                  Ciphertext (padded to a word)                .
/// .                       Additional Padding                      .
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// The nonce with its padding and the additional padding take at least 16
/// octets (RFC 8915's N_REQ for its AEAD_AES_SIV_CMAC algorithms). The
/// associated data is the packet from its start up to this field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NtsAuthenticator<'a> {
    field: ExtensionField<'a>,
    nonce_len: u16,
    ciphertext_len: u16,
}

impl<'a> NtsAuthenticator<'a> {
    /// Checks the type and that both lengths, padded, fit the body with
    /// at least 16 octets for the nonce and its padding (RFC 8915 section 5).
    pub fn new(field: ExtensionField<'a>) -> Result<NtsAuthenticator<'a>> {
        expect(&field, ExtensionFieldType::NTS_AUTHENTICATOR)?;
        let b = field.body();
        let minimum = layout::NTS_AUTH_HEADER_LEN + layout::NTS_MIN_NONCE_SPACE;
        if b.len() < minimum {
            return Err(body_too_short(&field, minimum));
        }
        let nonce_len = be_u16(b, layout::NTS_NONCE_LEN);
        let ciphertext_len = be_u16(b, layout::NTS_CIPHERTEXT_LEN);
        let available = b.len() - layout::NTS_AUTH_HEADER_LEN;
        let n = pad4(usize::from(nonce_len));
        let c = pad4(usize::from(ciphertext_len));
        if n + c > available {
            return Err(Error::trailer(
                field.offset(),
                TrailerRule::NtsLengthsPastBody {
                    nonce_len,
                    ciphertext_len,
                    available: available as u16,
                },
            ));
        }
        if available - c < layout::NTS_MIN_NONCE_SPACE {
            // The ciphertext leaves too little room for the nonce: the
            // body needs 16 octets of nonce space beside it.
            return Err(body_too_short(&field, minimum + c));
        }
        Ok(NtsAuthenticator {
            field,
            nonce_len,
            ciphertext_len,
        })
    }

    /// Nonce Length field (RFC 8915 section 5).
    #[must_use]
    pub const fn nonce_len(&self) -> u16 {
        self.nonce_len
    }

    /// Ciphertext Length field (RFC 8915 section 5).
    #[must_use]
    pub const fn ciphertext_len(&self) -> u16 {
        self.ciphertext_len
    }

    /// Where the nonce lies in the packet (without padding; RFC 8915 section 5).
    #[must_use]
    pub const fn nonce_range(&self) -> Range<usize> {
        let start = self.field.offset() + layout::FIELD_HEADER_LEN + layout::NTS_AUTH_HEADER_LEN;
        start..start + self.nonce_len as usize
    }

    /// Where the ciphertext lies in the packet (without padding; RFC 8915 section 5).
    #[must_use]
    pub const fn ciphertext_range(&self) -> Range<usize> {
        let start = self.field.offset()
            + layout::FIELD_HEADER_LEN
            + layout::NTS_AUTH_HEADER_LEN
            + pad4(self.nonce_len as usize);
        start..start + self.ciphertext_len as usize
    }

    /// The associated data: the packet from octet 0 up to this field (RFC 8915 section 5).
    #[must_use]
    pub const fn associated_data_range(&self) -> Range<usize> {
        0..self.field.offset()
    }

    /// The nonce (RFC 8915 section 5).
    #[must_use]
    pub fn nonce(&self) -> &'a [u8] {
        let b = self.field.body();
        let start = layout::NTS_AUTH_HEADER_LEN;
        &b[start..start + usize::from(self.nonce_len)]
    }

    /// The ciphertext (for AEAD_AES_SIV_CMAC, the synthetic IV then the
    /// encrypted inner fields; RFC 8915 section 5).
    #[must_use]
    pub fn ciphertext(&self) -> &'a [u8] {
        let b = self.field.body();
        let start = layout::NTS_AUTH_HEADER_LEN + pad4(usize::from(self.nonce_len));
        &b[start..start + usize::from(self.ciphertext_len)]
    }

    /// The field read (RFC 8915 section 5).
    #[must_use]
    pub const fn field(&self) -> ExtensionField<'a> {
        self.field
    }
}
