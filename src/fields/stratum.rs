//! The stratum (RFC 5905 section 7.3, figure 11).

use core::fmt;

/// The 8-bit stratum, octet 1 (RFC 5905 section 7.3, figure 11): how many
/// hops the sender is from a reference clock. Every value is kept, including
/// the reserved 17-255.
///
/// ```
/// use ntp_wire::{Stratum, StratumKind};
///
/// assert_eq!(Stratum(2).kind(), StratumKind::Secondary);
/// assert_eq!(Stratum(2).to_string(), "2 (secondary)");
/// assert!(Stratum(0).is_unspecified()); // a kiss-o'-death in a reply
/// assert!(!Stratum::UNSYNCHRONIZED.is_synchronized());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Stratum(
    /// The octet (RFC 5905 section 7.3, figure 11).
    pub u8,
);

/// What a stratum value means (RFC 5905 figure 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum StratumKind {
    /// 0: unspecified or invalid; in a reply, a kiss-o'-death packet whose
    /// reference id is a [`KissCode`](super::KissCode) (section 7.4).
    Unspecified,
    /// 1: primary server, synchronized to a reference clock.
    Primary,
    /// 2-15: secondary server, synchronized over NTP.
    Secondary,
    /// 16: unsynchronized.
    Unsynchronized,
    /// 17-255: reserved.
    Reserved,
}

impl Stratum {
    /// 0: unspecified, or kiss-o'-death in a reply (RFC 5905 section 7.3, figure 11).
    pub const UNSPECIFIED: Stratum = Stratum(0);
    /// 1: primary server (RFC 5905 section 7.3, figure 11).
    pub const PRIMARY: Stratum = Stratum(1);
    /// 16: unsynchronized (MAXSTRAT in RFC 5905 appendix A).
    pub const UNSYNCHRONIZED: Stratum = Stratum(16);

    /// The meaning of this value (RFC 5905 section 7.3, figure 11).
    #[must_use]
    pub const fn kind(self) -> StratumKind {
        match self.0 {
            0 => StratumKind::Unspecified,
            1 => StratumKind::Primary,
            2..=15 => StratumKind::Secondary,
            16 => StratumKind::Unsynchronized,
            _ => StratumKind::Reserved,
        }
    }

    /// `true` for 0: in a reply, a kiss-o'-death (RFC 5905 section 7.4).
    #[must_use]
    pub const fn is_unspecified(self) -> bool {
        self.0 == 0
    }

    /// `true` for 1 to 15: a server whose time can be used (RFC 5905 section 7.3, figure 11).
    #[must_use]
    pub const fn is_synchronized(self) -> bool {
        matches!(self.0, 1..=15)
    }
}

impl fmt::Debug for Stratum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Stratum({} {:?})", self.0, self.kind())
    }
}

impl fmt::Display for Stratum {
    /// `2 (secondary)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind() {
            StratumKind::Unspecified => "unspecified or kiss-o'-death",
            StratumKind::Primary => "primary",
            StratumKind::Secondary => "secondary",
            StratumKind::Unsynchronized => "unsynchronized",
            StratumKind::Reserved => "reserved",
        };
        write!(f, "{} ({kind})", self.0)
    }
}
