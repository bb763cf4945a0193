//! Strict and lenient walks: what real software sends out of spec, and
//! the record a lenient walk keeps of each rule it waived.

/// How a walk treats what real software sends out of spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Strictness {
    /// The RFC rules: any break is an [`Error::Trailer`](crate::Error::Trailer).
    /// The default.
    #[default]
    Strict,
    /// Accepts, at version 4, fields shorter than 16 octets (NTPv4 drafts),
    /// last fields shorter than 28, lengths that are not a multiple of 4,
    /// and, as Wireshark does, takes the last 4 to 24 octets that do not
    /// form a field back as a MAC of unusual length; at version 3 or lower,
    /// authenticators of any length from 4 octets. Every item accepted
    /// this way names the rule it breaks
    /// ([`ExtensionField::waived`](super::ExtensionField::waived),
    /// [`Mac::waived`](super::Mac::waived)). An NTPv5 header read
    /// leniently ([`v5::Packet::new_checked_with`](crate::v5::Packet::new_checked_with))
    /// keeps timescales above 3 and unknown flag bits.
    Lenient,
}

/// The rule a lenient walk waived, kept in two octets: the rule's numbers
/// are the item's own length, so the full
/// [`TrailerRule`](crate::TrailerRule) is rebuilt on demand and items stay
/// small on the hot path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Waived {
    FieldTooShort,
    FieldNotAligned,
    LastFieldTooShort,
    MacLength { version: u8 },
}

impl Waived {
    /// The full rule, for an item of wire length `length` (the field's
    /// length field, or the MAC's octets).
    pub(crate) fn rule(self, length: usize) -> crate::TrailerRule {
        use crate::TrailerRule as R;
        let short = u16::try_from(length).unwrap_or(u16::MAX);
        match self {
            Waived::FieldTooShort => R::FieldTooShort {
                length: short,
                minimum: super::layout::FIELD_MIN_LEN as u16,
            },
            Waived::FieldNotAligned => R::FieldNotAligned { length: short },
            Waived::LastFieldTooShort => R::LastFieldTooShort { length: short },
            Waived::MacLength { version } => R::MacLength {
                length: crate::wire::to_u32(length),
                version,
            },
        }
    }
}
