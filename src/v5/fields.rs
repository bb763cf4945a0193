//! The walk of NTPv5 extension fields (draft-ietf-ntp-ntpv5-07 section
//! 7).
//!
//! The layout and the rules are on [`Fields`].

use super::field;
use crate::fields::ExtensionFieldType;
use crate::trailer::field_format::FieldFormat;
use crate::trailer::ExtensionField;
use crate::{Error, Result, TrailerRule, V5Rule};

/// What the fields so far allow next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum After {
    /// Any field.
    Any,
    /// A MAC was read: only a Correction may follow.
    Mac,
    /// A Correction was read: nothing may follow.
    Correction,
}

impl After {
    /// The state after a field of `field_type`, or the rule it breaks here.
    pub(super) const fn next(
        self,
        field_type: ExtensionFieldType,
    ) -> core::result::Result<After, V5Rule> {
        match (self, field_type) {
            (After::Correction, _) => Err(V5Rule::AfterCorrection { field_type }),
            (_, ExtensionFieldType::V5_CORRECTION) => Ok(After::Correction),
            (After::Mac, _) => Err(V5Rule::AfterMac { field_type }),
            (After::Any, ExtensionFieldType::V5_MAC) => Ok(After::Mac),
            (After::Any, _) => Ok(After::Any),
        }
    }
}

/// A zero-copy iterator over the extension fields of an NTPv5 packet:
/// each an [`ExtensionField`], whose [`body`](ExtensionField::body) is
/// the value without its padding and whose [`len`](ExtensionField::len)
/// counts the padding. [`FieldValue::read`](super::FieldValue::read)
/// types one.
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Field Type           |      Length (4 + value)       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// .                            Value                              .
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Padding to a multiple of 4, not counted              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// The length rules are the crate's one field-rule engine at
/// `FieldFormat::NTPV5`: at least 4, and the field with its padding
/// within the packet. The draft's order rules come on top: nothing but a
/// Correction after a MAC (section 7.3), nothing after a Correction
/// (section 7.6). As ntpd-rs does, every octet after the header must be
/// part of a field (there is no MAC outside the fields in NTPv5).
///
/// Yields the fields in wire order; after an error or the end of the
/// packet it yields `None` for ever. Each step consumes at least 4
/// octets or ends the walk, so it makes at most `len / 4` steps.
///
/// ```
/// use ntp_wire::v5::{Cookie, Packet, Request};
/// use ntp_wire::ExtensionFieldType;
///
/// let mut buf = [0u8; 128];
/// let len = Request::new(Cookie::from_u64(7)).emit(&mut buf)?;
/// let packet = Packet::new_checked(&buf[..len])?;
/// let field = packet.fields().next().unwrap()?;
/// assert_eq!(field.field_type(), ExtensionFieldType::V5_DRAFT_IDENTIFICATION);
/// assert_eq!((field.length(), field.len()), (27, 28)); // 23 ASCII octets, 1 of padding
/// assert_eq!(field.body(), b"draft-ietf-ntp-ntpv5-08");
/// assert_eq!(packet.fields().check()?, 1);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Fields<'a> {
    packet: &'a [u8],
    pos: usize,
    after: After,
    done: bool,
}

impl<'a> Fields<'a> {
    /// A walk of the fields of `packet`, header included (its first 48
    /// octets are skipped, not checked: [`Packet::new_checked`](super::Packet::new_checked)
    /// checks them). A packet shorter than the header gives one
    /// [`Error::Truncated`], one longer than `u32::MAX` octets one
    /// [`TrailerRule::PacketTooLong`].
    #[inline]
    #[must_use]
    pub const fn new(packet: &'a [u8]) -> Fields<'a> {
        Fields {
            packet,
            pos: field::FIELDS,
            after: After::Any,
            done: false,
        }
    }

    /// Offset of the next field in the packet.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.pos
    }

    /// Walks to the end; `Ok` with the number of fields if all read.
    pub fn check(self) -> Result<usize> {
        let mut n = 0;
        for f in self {
            f?;
            n += 1;
        }
        Ok(n)
    }

    /// Walks to the end and returns the value of the first Draft
    /// Identification field, if any (section 7.1); any error of the walk
    /// is returned.
    pub fn draft_identification(self) -> Result<Option<&'a [u8]>> {
        let mut found = None;
        for f in self {
            let f = f?;
            if found.is_none() && f.field_type() == ExtensionFieldType::V5_DRAFT_IDENTIFICATION {
                found = Some(f.body());
            }
        }
        Ok(found)
    }

    /// The step at `self.pos`, which the caller has found to be inside
    /// the packet.
    #[inline]
    fn step(&self, rest: &'a [u8]) -> Result<(ExtensionField<'a>, After)> {
        let format = FieldFormat::NTPV5;
        // The common case in one branch: a field that keeps every rule
        // (the packet is shorter than u32::MAX octets: `next` checked).
        let f = match rest.first_chunk::<4>() {
            Some(&[_, _, high, low])
                if format
                    .keeps_every_rule(usize::from(u16::from_be_bytes([high, low])), rest.len()) =>
            {
                let extent = format.extent(usize::from(u16::from_be_bytes([high, low])));
                ExtensionField::new(&rest[..extent], self.pos as u32, None)
            }
            _ => format.read(rest, self.pos)?,
        };
        match self.after.next(f.field_type()) {
            Ok(after) => Ok((f, after)),
            Err(rule) => Err(Error::v5(self.pos, rule)),
        }
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<ExtensionField<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Result<ExtensionField<'a>>> {
        if self.done {
            return None;
        }
        let error = if self.packet.len() < field::FIELDS {
            Error::truncated(field::FIELDS, self.packet.len())
        } else if self.packet.len() > u32::MAX as usize {
            Error::trailer(field::FIELDS, TrailerRule::PacketTooLong)
        } else {
            let rest = &self.packet[self.pos..];
            if rest.is_empty() {
                self.done = true;
                return None;
            }
            match self.step(rest) {
                Ok((f, after)) => {
                    self.pos += f.len();
                    self.after = after;
                    return Some(Ok(f));
                }
                Err(e) => e,
            }
        };
        self.done = true;
        Some(Err(error))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done {
            return (0, Some(0));
        }
        match self.packet.len().checked_sub(self.pos) {
            None => (0, Some(1)),
            Some(rest) => (0, Some(rest.div_ceil(4))),
        }
    }
}

impl core::iter::FusedIterator for Fields<'_> {}
