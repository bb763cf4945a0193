//! Mode pairing (RFC 5905 section 9.2, figure 22).

use crate::fields::Mode;

/// What a conforming peer sends back to a packet of a given mode
/// (RFC 5905 section 9.2, the dispatch table of figure 22; RFC 9327 for
/// mode 6; ntpd for mode 7).
///
/// | request | reply |
/// |---|---|
/// | 1 symmetric active | 2 symmetric passive from a server keeping no association with the sender; 1 from a peer configured for it |
/// | 3 client | 4 server |
/// | 6 control | 6 |
/// | 7 private | 7 |
/// | 0, 2, 4, 5 | none |
///
/// Not every server follows the table for mode 1: NTPsec up to 1.2.4, and many
/// servers that answer only clients, drop mode 1 without a word. That is the
/// Windows Time failure the [`w32time`](crate::w32time) module explains.
///
/// ```
/// use ntp_wire::exchange::ExpectedReply;
/// use ntp_wire::Mode;
///
/// let expected = ExpectedReply::to(Mode::SymmetricActive);
/// assert!(expected.allows(Mode::SymmetricPassive));
/// assert!(!expected.allows(Mode::Server));
/// assert_eq!(ExpectedReply::to(Mode::Broadcast), ExpectedReply::None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum ExpectedReply {
    /// No reply: modes 0 (reserved), 2 (symmetric passive), 4 (server) and
    /// 5 (broadcast) are never answered.
    None,
    /// A symmetric reply to mode 1: mode 2 from a server that keeps no
    /// association with the sender, or mode 1 from a peer configured for it.
    Symmetric,
    /// Exactly this mode: 4 for 3, 6 for 6, 7 for 7.
    Exactly(Mode),
}

impl ExpectedReply {
    /// The reply a packet of mode `request` gets (RFC 5905 section 9.2).
    #[must_use]
    pub const fn to(request: Mode) -> ExpectedReply {
        match request {
            Mode::SymmetricActive => ExpectedReply::Symmetric,
            Mode::Client => ExpectedReply::Exactly(Mode::Server),
            Mode::Control => ExpectedReply::Exactly(Mode::Control),
            Mode::Private => ExpectedReply::Exactly(Mode::Private),
            Mode::Reserved | Mode::SymmetricPassive | Mode::Server | Mode::Broadcast => {
                ExpectedReply::None
            }
        }
    }

    /// `true` when a reply of mode `reply` fits (RFC 5905 section 9.2).
    #[must_use]
    pub const fn allows(self, reply: Mode) -> bool {
        match self {
            ExpectedReply::None => false,
            ExpectedReply::Symmetric => {
                matches!(reply, Mode::SymmetricPassive | Mode::SymmetricActive)
            }
            ExpectedReply::Exactly(m) => m as u8 == reply as u8,
        }
    }

    /// The mode a server that keeps no association sends: 2 for mode 1, 4
    /// for 3, 6 for 6, 7 for 7; `None` for modes that get no reply (RFC 5905 section 9.2).
    #[must_use]
    pub const fn server_mode(self) -> Option<Mode> {
        match self {
            ExpectedReply::None => None,
            ExpectedReply::Symmetric => Some(Mode::SymmetricPassive),
            ExpectedReply::Exactly(m) => Some(m),
        }
    }
}
