//! The one set of extension-field rules, parametrised by where the fields
//! are: after an NTPv4 header (RFC 7822 section 3), inside NTS's encrypted
//! part (RFC 8915 section 5.6), after an NTPv5 header (draft-ietf-ntp-ntpv5
//! section 7), or anywhere a caller points
//! ([`ExtensionField::parse`](super::ExtensionField::parse)).
//!
//! Every walk of fields asks [`FieldFormat::first_break`] which rule, if
//! any, the field at hand breaks, in chrony's order (too short, past the
//! end, not a whole number of words, a last field short enough to be taken
//! for a MAC), and turns the answer into its items and errors. No other
//! place checks a field length.

use super::layout::{FIELD_HEADER_LEN, FIELD_LENGTH, FIELD_MIN_LEN, LAST_FIELD_MIN_LEN};
use super::ExtensionField;
use crate::wire::{be_u16, pad4, to_u32};
use crate::{Error, Result, TrailerRule};

/// How fields are measured and bounded in one place of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldFormat {
    /// The smallest length field allowed.
    min_len: u16,
    /// The smallest length of a field that ends the message (0: none).
    last_min_len: u16,
    /// The length counts the padding (RFC 7822); else the padding to a
    /// whole word follows it (NTPv5).
    length_counts_padding: bool,
    /// The length must be a multiple of 4 (only where it counts the
    /// padding).
    aligned: bool,
}

/// A rule a field can break, in the order they are tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FieldBreak {
    /// The length field is below the format's minimum.
    TooShort,
    /// The field runs past the end of the data.
    PastEnd,
    /// The length is not a multiple of 4.
    NotAligned,
    /// The last field is shorter than the format's minimum for it.
    LastTooShort,
}

impl FieldFormat {
    /// After an NTPv4 header: at least 16 octets, a multiple of 4 with
    /// the padding counted, at least 28 when last with no MAC (RFC 7822
    /// section 3).
    pub(crate) const NTPV4: FieldFormat = FieldFormat {
        min_len: FIELD_MIN_LEN as u16,
        last_min_len: LAST_FIELD_MIN_LEN as u16,
        length_counts_padding: true,
        aligned: true,
    };
    /// Inside the NTS Authenticator's plaintext: RFC 7822's 16-octet
    /// minimum does not apply (RFC 8915 section 5.6), the alignment does.
    pub(crate) const NTS_INNER: FieldFormat = FieldFormat {
        min_len: FIELD_HEADER_LEN as u16,
        last_min_len: 0,
        length_counts_padding: true,
        aligned: true,
    };
    /// After an NTPv5 header: the length counts the 4-octet header and the
    /// value, not the padding to a whole word that follows
    /// (draft-ietf-ntp-ntpv5 section 7).
    pub(crate) const NTPV5: FieldFormat = FieldFormat {
        min_len: FIELD_HEADER_LEN as u16,
        last_min_len: 0,
        length_counts_padding: false,
        aligned: false,
    };
    /// The least any field obeys: its header, and a length that fits.
    pub(crate) const ANY: FieldFormat = FieldFormat {
        min_len: FIELD_HEADER_LEN as u16,
        last_min_len: 0,
        length_counts_padding: true,
        aligned: false,
    };

    /// The smallest length field allowed.
    #[inline]
    pub(crate) const fn min_len(self) -> u16 {
        self.min_len
    }

    /// Octets a field whose length field is `length` takes.
    #[inline(always)]
    pub(crate) const fn extent(self, length: usize) -> usize {
        if self.length_counts_padding {
            length
        } else {
            pad4(length)
        }
    }

    /// The first rule broken by a field whose length field is `length`,
    /// with `available` octets from its start to the end of the data.
    #[inline(always)]
    pub(crate) const fn first_break(self, length: usize, available: usize) -> Option<FieldBreak> {
        let extent = self.extent(length);
        if length < self.min_len as usize {
            Some(FieldBreak::TooShort)
        } else if extent > available {
            Some(FieldBreak::PastEnd)
        } else if self.aligned && length % 4 != 0 {
            Some(FieldBreak::NotAligned)
        } else if extent == available && length < self.last_min_len as usize {
            Some(FieldBreak::LastTooShort)
        } else {
            None
        }
    }

    /// `true` when a field of `length`, with `available` octets left,
    /// breaks no rule: [`first_break`](Self::first_break) is `None`. The
    /// same tests without a branch, for the walks' common case.
    #[inline(always)]
    pub(crate) const fn keeps_every_rule(self, length: usize, available: usize) -> bool {
        let extent = self.extent(length);
        (length >= self.min_len as usize)
            & (extent <= available)
            & (!self.aligned | (length % 4 == 0))
            & ((extent < available) | (length >= self.last_min_len as usize))
    }

    /// The error for `brk`, broken by a field of `length` with
    /// `available` octets left.
    #[cold]
    pub(crate) const fn rule(self, brk: FieldBreak, length: u16, available: usize) -> TrailerRule {
        match brk {
            FieldBreak::TooShort => TrailerRule::FieldTooShort {
                length,
                minimum: self.min_len,
            },
            FieldBreak::PastEnd => TrailerRule::FieldPastEnd {
                length,
                available: to_u32(available),
            },
            FieldBreak::NotAligned => TrailerRule::FieldNotAligned { length },
            FieldBreak::LastTooShort => TrailerRule::LastFieldTooShort { length },
        }
    }

    /// The field at the start of `rest`, found at `offset` of the
    /// message, if it keeps every rule of this format; else the rule it
    /// breaks (or [`TrailerRule::FieldHeaderTruncated`] for fewer than 4
    /// octets). The caller guarantees `offset + rest.len()` fits a `u32`.
    #[inline]
    pub(crate) fn read(self, rest: &[u8], offset: usize) -> Result<ExtensionField<'_>> {
        if rest.len() < FIELD_HEADER_LEN {
            return Err(Error::trailer(
                offset,
                TrailerRule::FieldHeaderTruncated {
                    available: rest.len() as u16,
                },
            ));
        }
        let length = be_u16(rest, FIELD_LENGTH);
        let len = usize::from(length);
        match self.first_break(len, rest.len()) {
            None => Ok(ExtensionField::new(
                &rest[..self.extent(len)],
                offset as u32,
                None,
            )),
            Some(brk) => Err(Error::trailer(offset, self.rule(brk, length, rest.len()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ntpv4_rules_in_order() {
        let f = FieldFormat::NTPV4;
        assert_eq!(f.first_break(12, 100), Some(FieldBreak::TooShort));
        assert_eq!(f.first_break(12, 8), Some(FieldBreak::TooShort));
        assert_eq!(f.first_break(104, 100), Some(FieldBreak::PastEnd));
        assert_eq!(f.first_break(101, 100), Some(FieldBreak::PastEnd));
        assert_eq!(f.first_break(18, 100), Some(FieldBreak::NotAligned));
        assert_eq!(f.first_break(24, 24), Some(FieldBreak::LastTooShort));
        assert_eq!(f.first_break(24, 28), None);
        assert_eq!(f.first_break(28, 28), None);
        assert_eq!(f.first_break(16, 100), None);
    }

    #[test]
    fn the_branchless_test_agrees() {
        for f in [
            FieldFormat::NTPV4,
            FieldFormat::NTS_INNER,
            FieldFormat::NTPV5,
            FieldFormat::ANY,
        ] {
            for available in 0..80 {
                for length in 0..90 {
                    assert_eq!(
                        f.keeps_every_rule(length, available),
                        f.first_break(length, available).is_none(),
                        "{f:?} {length} {available}"
                    );
                }
            }
        }
    }

    #[test]
    fn other_formats() {
        let inner = FieldFormat::NTS_INNER;
        assert_eq!(inner.first_break(3, 10), Some(FieldBreak::TooShort));
        assert_eq!(inner.first_break(4, 4), None);
        assert_eq!(inner.first_break(6, 8), Some(FieldBreak::NotAligned));
        let v5 = FieldFormat::NTPV5;
        assert_eq!(v5.extent(5), 8);
        assert_eq!(v5.first_break(5, 8), None);
        assert_eq!(v5.first_break(5, 7), Some(FieldBreak::PastEnd));
        assert_eq!(v5.first_break(3, 8), Some(FieldBreak::TooShort));
        let any = FieldFormat::ANY;
        assert_eq!(any.first_break(5, 5), None);
        assert_eq!(any.first_break(6, 5), Some(FieldBreak::PastEnd));
    }

    #[test]
    fn read_reports_each_rule() {
        let data = [0x12, 0x34, 0x00, 0x06, 1, 2, 0, 0];
        let f = FieldFormat::NTPV5.read(&data, 60).unwrap();
        assert_eq!((f.offset(), f.len(), f.length()), (60, 8, 6));
        assert_eq!(f.body(), &[1, 2]);
        assert_eq!(
            FieldFormat::NTS_INNER.read(&data, 60),
            Err(Error::trailer(
                60,
                TrailerRule::FieldNotAligned { length: 6 }
            ))
        );
        assert_eq!(
            FieldFormat::NTPV4.read(&data[..3], 50),
            Err(Error::trailer(
                50,
                TrailerRule::FieldHeaderTruncated { available: 3 }
            ))
        );
        assert_eq!(
            FieldFormat::NTPV4.read(&data, 48),
            Err(Error::trailer(
                48,
                TrailerRule::FieldTooShort {
                    length: 6,
                    minimum: 16
                }
            ))
        );
    }
}
