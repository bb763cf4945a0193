//! Windows Time peer flags and the rule that picks a request's mode from
//! them ([MS-W32T] section 2.2.11, KB 875424).

use core::fmt;
use core::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Sub, SubAssign};
use core::str::FromStr;

use super::{PeerListError, PeerListRule};
use crate::fields::Mode;

/// The flags after the comma in a Windows Time peer entry
/// (`time.windows.com,0x9`): a DWORD that tells Windows Time how to treat
/// that time source ([MS-W32T] section 2.2.11, the `NtpServer` registry
/// value of Windows Server 2003's reference, KB 875424).
///
/// | bit | name | meaning |
/// |---|---|---|
/// | `0x01` | [`SPECIAL_INTERVAL`](Self::SPECIAL_INTERVAL) | poll every `NtpClient\SpecialPollInterval` seconds instead of NTP's adaptive interval |
/// | `0x02` | [`USE_AS_FALLBACK_ONLY`](Self::USE_AS_FALLBACK_ONLY) | use this source only when every non-fallback source has failed |
/// | `0x04` | [`SYMMETRIC_ACTIVE`](Self::SYMMETRIC_ACTIVE) | send symmetric active requests (NTP mode 1) |
/// | `0x08` | [`CLIENT`](Self::CLIENT) | send client requests (NTP mode 3) |
///
/// The flags are OR-ed: `0x9` is SpecialInterval and Client. Bits beyond
/// the four are kept as read, so parsing and formatting give back the same
/// value.
///
/// Text: `0x` (or `0X`) and 1 to 8 significant hex digits in either case,
/// as the Microsoft documents write them (`0x9`, `0x09`, `0x01`). Bare
/// digits are refused: Windows documents only the `0x` form, and `10` would
/// be 0x10 to one reader and 0xa to another. [`Display`](fmt::Display)
/// writes the shortest form, `0x9`.
///
/// ```
/// use ntp_wire::w32time::{NtpServerProvider, PeerFlags};
/// use ntp_wire::Mode;
///
/// let flags: PeerFlags = "0x09".parse()?;
/// assert_eq!(flags, PeerFlags::SPECIAL_INTERVAL | PeerFlags::CLIENT);
/// assert_eq!(flags.to_string(), "0x9");
/// assert_eq!(flags.request_mode(NtpServerProvider::Enabled), Mode::Client);
/// # Ok::<(), ntp_wire::w32time::PeerListError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct PeerFlags(u32);

/// The names of the four documented flags, in bit order.
const NAMES: [(PeerFlags, &str); 4] = [
    (PeerFlags::SPECIAL_INTERVAL, "SpecialInterval"),
    (PeerFlags::USE_AS_FALLBACK_ONLY, "UseAsFallbackOnly"),
    (PeerFlags::SYMMETRIC_ACTIVE, "SymmetricActive"),
    (PeerFlags::CLIENT, "Client"),
];

impl PeerFlags {
    /// No flag: the default when a peer entry has no `,0xN` ([MS-W32T] section 2.2.11).
    pub const NONE: PeerFlags = PeerFlags(0);
    /// `0x01` SpecialInterval: poll at `NtpClient\SpecialPollInterval` ([MS-W32T] section 2.2.11).
    pub const SPECIAL_INTERVAL: PeerFlags = PeerFlags(0x01);
    /// `0x02` UseAsFallbackOnly: a source of last resort ([MS-W32T] section 2.2.11).
    pub const USE_AS_FALLBACK_ONLY: PeerFlags = PeerFlags(0x02);
    /// `0x04` SymmetricActive: requests in symmetric active mode (mode 1;
    /// [MS-W32T] section 2.2.11).
    pub const SYMMETRIC_ACTIVE: PeerFlags = PeerFlags(0x04);
    /// `0x08` Client: requests in client mode (mode 3). The fix for servers
    /// that ignore mode 1 (KB 875424).
    pub const CLIENT: PeerFlags = PeerFlags(0x08);
    /// The four documented bits, `0xf` ([MS-W32T] section 2.2.11).
    pub const KNOWN: PeerFlags = PeerFlags(0x0f);

    /// From the DWORD value, unknown bits kept ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn from_bits(bits: u32) -> PeerFlags {
        PeerFlags(bits)
    }

    /// The DWORD value, unknown bits included ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// The bits outside [`PeerFlags::KNOWN`] (no meaning documented; [MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn unknown_bits(self) -> u32 {
        self.0 & !PeerFlags::KNOWN.0
    }

    /// `true` when no bit is set ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// `true` when every bit of `other` is set in `self` ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn contains(self, other: PeerFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// `true` when `self` and `other` share a bit ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn intersects(self, other: PeerFlags) -> bool {
        self.0 & other.0 != 0
    }

    /// The bits of either ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn union(self, other: PeerFlags) -> PeerFlags {
        PeerFlags(self.0 | other.0)
    }

    /// The bits of both ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn intersection(self, other: PeerFlags) -> PeerFlags {
        PeerFlags(self.0 & other.0)
    }

    /// The bits of `self` that are not in `other` ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn difference(self, other: PeerFlags) -> PeerFlags {
        PeerFlags(self.0 & !other.0)
    }

    /// The NTP mode Windows Time uses for requests to a peer with these
    /// flags (RFC 5905 section 3 for the modes):
    ///
    /// 1. [`CLIENT`](Self::CLIENT) (`0x8`) set: client mode (3), whether or
    ///    not [`SYMMETRIC_ACTIVE`](Self::SYMMETRIC_ACTIVE) is set too;
    /// 2. else `SYMMETRIC_ACTIVE` (`0x4`) set: symmetric active (1);
    /// 3. else (neither): symmetric active (1) when this machine is itself a
    ///    time server (`TimeProviders\NtpServer\Enabled` = 1), client (3)
    ///    when it is not.
    ///
    /// Sources: [MS-W32T] section 2.2.11 and the Windows Server 2003
    /// registry reference define 0x4 and 0x8 ("operate in symmetric active
    /// mode" / "in client mode in the association with this source") but
    /// not their combination nor the default. Rule 1 follows KB 875424,
    /// whose fix for servers that ignore mode 1 is to add 0x8 whatever else
    /// is set; rule 3 is KB 875424's account of the default (symmetric
    /// active on a machine that serves time, such as a domain controller).
    /// Where a Windows build behaves otherwise, this function is the one
    /// place to change.
    ///
    /// The other bits (0x1, 0x2, unknown) do not affect the mode.
    #[must_use]
    pub const fn request_mode(self, provider: NtpServerProvider) -> Mode {
        if self.contains(PeerFlags::CLIENT) {
            Mode::Client
        } else if self.contains(PeerFlags::SYMMETRIC_ACTIVE) {
            Mode::SymmetricActive
        } else {
            match provider {
                NtpServerProvider::Enabled => Mode::SymmetricActive,
                NtpServerProvider::Disabled => Mode::Client,
            }
        }
    }

    /// The flag names, for people: `SpecialInterval | Client`, `none`, and
    /// unknown bits as hex (`Client | 0x10`; [MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn names(self) -> FlagNames {
        FlagNames(self)
    }

    /// Parses the flags text at `offset` of a larger input (used by the
    /// peer list to report positions in the whole string).
    pub(crate) fn parse_at(text: &str, offset: usize) -> Result<PeerFlags, PeerListError> {
        let bad = PeerListError::new(offset, text.len(), PeerListRule::Flags);
        let digits = match text.as_bytes() {
            [b'0', b'x' | b'X', rest @ ..] if !rest.is_empty() => rest,
            _ => return Err(bad),
        };
        let mut value: u32 = 0;
        for &d in digits {
            let nibble = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(bad),
            };
            if value > u32::MAX >> 4 {
                return Err(bad);
            }
            value = (value << 4) | u32::from(nibble);
        }
        Ok(PeerFlags(value))
    }
}

impl FromStr for PeerFlags {
    type Err = PeerListError;

    /// `0x9`, `0x09`, `0X9`, `0xA`, `0xffffffff`; anything else is
    /// [`PeerListRule::Flags`] with offset 0 and the text's length.
    fn from_str(s: &str) -> Result<PeerFlags, PeerListError> {
        PeerFlags::parse_at(s, 0)
    }
}

impl fmt::Display for PeerFlags {
    /// `0x9`: lowercase hex, no padding, as `w32tm /query` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

impl fmt::Debug for PeerFlags {
    /// `PeerFlags(0x9: SpecialInterval | Client)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PeerFlags({self}: {})", self.names())
    }
}

/// The flag names of a [`PeerFlags`] value ([`PeerFlags::names`]; [MS-W32T] section 2.2.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagNames(PeerFlags);

impl fmt::Display for FlagNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let flags = self.0;
        if flags.is_empty() {
            return f.write_str("none");
        }
        let mut sep = "";
        for (flag, name) in NAMES {
            if flags.contains(flag) {
                write!(f, "{sep}{name}")?;
                sep = " | ";
            }
        }
        if flags.unknown_bits() != 0 {
            write!(f, "{sep}{:#x}", flags.unknown_bits())?;
        }
        Ok(())
    }
}

macro_rules! bit_op {
    ($trait:ident, $method:ident, $assign:ident, $assign_method:ident, $fn:ident) => {
        impl $trait for PeerFlags {
            type Output = PeerFlags;
            fn $method(self, rhs: PeerFlags) -> PeerFlags {
                self.$fn(rhs)
            }
        }
        impl $assign for PeerFlags {
            fn $assign_method(&mut self, rhs: PeerFlags) {
                *self = self.$fn(rhs);
            }
        }
    };
}

bit_op!(BitOr, bitor, BitOrAssign, bitor_assign, union);
bit_op!(BitAnd, bitand, BitAndAssign, bitand_assign, intersection);
bit_op!(Sub, sub, SubAssign, sub_assign, difference);

impl PeerFlags {
    const fn symmetric_difference(self, other: PeerFlags) -> PeerFlags {
        PeerFlags(self.0 ^ other.0)
    }
}
bit_op!(
    BitXor,
    bitxor,
    BitXorAssign,
    bitxor_assign,
    symmetric_difference
);

impl From<u32> for PeerFlags {
    fn from(bits: u32) -> PeerFlags {
        PeerFlags(bits)
    }
}

impl From<PeerFlags> for u32 {
    fn from(flags: PeerFlags) -> u32 {
        flags.0
    }
}

/// Whether the Windows machine is itself a time server: the registry value
/// `HKLM\SYSTEM\CurrentControlSet\Services\W32Time\TimeProviders\NtpServer\Enabled`
/// (1 on domain controllers and on machines configured to serve time; [MS-W32T] section 2.2.11).
///
/// It decides the mode of requests to peers whose flags set neither Client
/// nor SymmetricActive ([`PeerFlags::request_mode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum NtpServerProvider {
    /// `Enabled` = 1: the machine answers NTP requests.
    Enabled,
    /// `Enabled` = 0: the machine only synchronizes itself (the default on
    /// workstations and member servers).
    #[default]
    Disabled,
}

impl From<bool> for NtpServerProvider {
    /// `true` is [`NtpServerProvider::Enabled`], as the registry's 1.
    fn from(enabled: bool) -> NtpServerProvider {
        if enabled {
            NtpServerProvider::Enabled
        } else {
            NtpServerProvider::Disabled
        }
    }
}
