//! The walk of decrypted inner fields (RFC 8915 section 5.6).

use super::super::layout::{self, be_u16};
use super::super::ExtensionField;
use crate::{Error, Result, TrailerRule};

/// A zero-copy walk of the plaintext an NTS Authenticator decrypts to: a
/// sequence of extension fields. The 16-octet minimum of RFC 7822 does not
/// apply inside (RFC 8915 section 5.6), so fields of 4 octets and up are
/// read; lengths must still be multiples of 4 and fit. Offsets are in the
/// plaintext. After an error the walk ends.
#[derive(Debug, Clone)]
pub struct InnerFields<'a> {
    data: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> InnerFields<'a> {
    /// A walk of `plaintext` (RFC 8915 section 5.6).
    #[must_use]
    pub const fn new(plaintext: &'a [u8]) -> InnerFields<'a> {
        InnerFields {
            data: plaintext,
            pos: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for InnerFields<'a> {
    type Item = Result<ExtensionField<'a>>;

    fn next(&mut self) -> Option<Result<ExtensionField<'a>>> {
        let rest = self
            .data
            .get(self.pos..)
            .filter(|r| !r.is_empty() && !self.done)?;
        let offset = self.pos;
        let mut fail = |rule| {
            self.done = true;
            Some(Err(Error::Trailer { offset, rule }))
        };
        if rest.len() < layout::FIELD_HEADER_LEN {
            return fail(TrailerRule::FieldHeaderTruncated {
                available: rest.len(),
            });
        }
        let length = be_u16(rest, layout::FIELD_LENGTH);
        let len = usize::from(length);
        if len < layout::FIELD_HEADER_LEN {
            return fail(TrailerRule::FieldTooShort { length });
        }
        if len > rest.len() {
            return fail(TrailerRule::FieldPastEnd {
                length,
                available: rest.len(),
            });
        }
        if len % 4 != 0 {
            return fail(TrailerRule::FieldNotAligned { length });
        }
        self.pos += len;
        Some(Ok(ExtensionField::from_parts(&rest[..len], offset, None)))
    }
}

impl core::iter::FusedIterator for InnerFields<'_> {}
