//! The walk of decrypted inner fields (RFC 8915 section 5.6).

use super::super::field_format::FieldFormat;
use super::super::ExtensionField;
use crate::{Error, Result, TrailerRule};

/// A zero-copy walk of the plaintext an NTS Authenticator decrypts to: a
/// sequence of extension fields. The 16-octet minimum of RFC 7822 does not
/// apply inside (RFC 8915 section 5.6), so fields of 4 octets and up are
/// read; lengths must still be multiples of 4 and fit. Offsets are in the
/// plaintext. After an error the walk ends.
///
/// ```
/// use ntp_wire::trailer::nts::InnerFields;
///
/// // Two inner fields: an empty 4-octet one, then 8 octets.
/// let plaintext = [0xf0, 0x01, 0, 4, 0xf0, 0x02, 0, 8, 1, 2, 3, 4];
/// let lengths: Vec<u16> = InnerFields::new(&plaintext).map(|f| f.map(|f| f.length())).collect::<Result<_, _>>()?;
/// assert_eq!(lengths, [4, 8]);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
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
        if self.data.len() > u32::MAX as usize {
            self.done = true;
            return Some(Err(Error::trailer(0, TrailerRule::PacketTooLong)));
        }
        match FieldFormat::NTS_INNER.read(rest, self.pos) {
            Ok(field) => {
                self.pos += field.len();
                Some(Ok(field))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl core::iter::FusedIterator for InnerFields<'_> {}
