//! The association mode (RFC 5905 section 7.3, figure 10).

use core::fmt;

/// The 3-bit association mode, bits 5-7 of octet 0 (RFC 5905 section 7.3,
/// figure 10). All eight values have a meaning, so every packet has a mode.
///
/// Which reply each mode gets is the business of the exchange layer; here a
/// mode is just a name for three bits.
///
/// ```
/// use ntp_wire::Mode;
///
/// let mode = Mode::from_bits(0x1b); // octet 0 of a Windows request: LI 0, v3, mode 3
/// assert_eq!(mode, Mode::Client);
/// assert_eq!((mode.to_bits(), mode.name()), (3, "client"));
/// assert_eq!(Mode::SymmetricActive.to_string(), "symmetric active (1)");
/// // Modes 6 and 7 are whole message kinds of their own: see `ntp_wire::Kind`.
/// assert_eq!(ntp_wire::Kind::of_octet0(0x16), Ok(ntp_wire::Kind::Control));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[repr(u8)]
pub enum Mode {
    /// 0: reserved.
    #[default]
    Reserved = 0,
    /// 1: symmetric active, a peer offering to synchronize both ways.
    /// Windows Time sends it for a peer flagged 0x4, or flagged neither 0x4
    /// nor 0x8 on a machine that is itself a time server
    /// ([`PeerFlags::request_mode`](crate::w32time::PeerFlags::request_mode));
    /// its default `time.windows.com,0x9` gets client mode.
    SymmetricActive = 1,
    /// 2: symmetric passive, the answer to symmetric active.
    SymmetricPassive = 2,
    /// 3: client, a request for time.
    Client = 3,
    /// 4: server, the answer to a client.
    Server = 4,
    /// 5: broadcast (or multicast), time sent unasked.
    Broadcast = 5,
    /// 6: NTP control message (RFC 9327), e.g. `ntpq`.
    Control = 6,
    /// 7: reserved for private use; ntpd's `ntpdc` messages.
    Private = 7,
}

impl Mode {
    /// All eight modes in wire order (RFC 5905 section 7.3, figure 10).
    pub const ALL: [Mode; 8] = [
        Mode::Reserved,
        Mode::SymmetricActive,
        Mode::SymmetricPassive,
        Mode::Client,
        Mode::Server,
        Mode::Broadcast,
        Mode::Control,
        Mode::Private,
    ];

    /// From the three low bits of `bits` (higher bits ignored; RFC 5905 section 7.3, figure 10).
    #[must_use]
    pub const fn from_bits(bits: u8) -> Mode {
        match bits & 0b111 {
            0 => Mode::Reserved,
            1 => Mode::SymmetricActive,
            2 => Mode::SymmetricPassive,
            3 => Mode::Client,
            4 => Mode::Server,
            5 => Mode::Broadcast,
            6 => Mode::Control,
            _ => Mode::Private,
        }
    }

    /// The 3-bit wire value (RFC 5905 section 7.3, figure 10).
    #[must_use]
    pub const fn to_bits(self) -> u8 {
        self as u8
    }

    /// The RFC 5905 name: "symmetric active", "client", ...
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Mode::Reserved => "reserved",
            Mode::SymmetricActive => "symmetric active",
            Mode::SymmetricPassive => "symmetric passive",
            Mode::Client => "client",
            Mode::Server => "server",
            Mode::Broadcast => "broadcast",
            Mode::Control => "control",
            Mode::Private => "private",
        }
    }
}

impl fmt::Display for Mode {
    /// `client (3)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), *self as u8)
    }
}
