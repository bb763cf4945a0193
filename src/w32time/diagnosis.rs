//! Why a Windows Time peer may never answer, in a sysadmin's words.

use core::fmt;

use super::{NtpServerProvider, PeerFlags};
use crate::exchange::{client_request, symmetric_active_request};
use crate::fields::{Mode, Version};
use crate::header::Header;
use crate::time::Timestamp;

impl PeerFlags {
    /// The request Windows Time would send to a peer with these flags, as
    /// one call: [`PeerFlags::request_mode`] picks mode 3
    /// ([`client_request`]) or mode 1 ([`symmetric_active_request`]).
    /// Windows sends version 3. A zero `transmit` is
    /// [`Error::ZeroTransmitTimestamp`](crate::Error::ZeroTransmitTimestamp),
    /// as for those builders (KB 875424).
    ///
    /// ```
    /// use ntp_wire::w32time::{NtpServerProvider, PeerFlags};
    /// use ntp_wire::{Mode, Timestamp, Version};
    ///
    /// let t = Timestamp::new(0xeeb0_f290, 0);
    /// let flags = PeerFlags::from_bits(0x1); // SpecialInterval, no mode flag
    /// assert_eq!(flags.request(NtpServerProvider::Enabled, Version::V3, t)?.mode, Mode::SymmetricActive);
    /// assert_eq!(flags.request(NtpServerProvider::Disabled, Version::V3, t)?.mode, Mode::Client);
    /// # Ok::<(), ntp_wire::Error>(())
    /// ```
    pub const fn request(
        self,
        provider: NtpServerProvider,
        version: Version,
        transmit: Timestamp,
    ) -> crate::Result<Header> {
        match self.request_mode(provider) {
            Mode::SymmetricActive => symmetric_active_request(version, transmit),
            _ => client_request(version, transmit),
        }
    }

    /// What these flags make Windows Time send, and whether a server that
    /// answers only client requests will stay silent ([`Diagnosis`]; KB 875424).
    #[must_use]
    pub const fn diagnose(self, provider: NtpServerProvider) -> Diagnosis {
        Diagnosis {
            flags: self,
            provider,
        }
    }
}

/// Why the request mode is what it is ([`Diagnosis::cause`]; KB 875424).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum ModeCause {
    /// Client (0x8) is set, SymmetricActive (0x4) is not: mode 3.
    ClientFlag,
    /// Both 0x8 and 0x4 are set; Client wins: mode 3.
    ClientFlagOverSymmetricActive,
    /// SymmetricActive (0x4) is set without Client: mode 1.
    SymmetricActiveFlag,
    /// Neither is set and the machine serves time (NtpServer provider
    /// enabled): mode 1.
    DefaultOnTimeServer,
    /// Neither is set and the machine does not serve time: mode 3.
    DefaultOnClientOnly,
}

/// The explanation of what a peer-flag value makes Windows Time send, for
/// a tool to print: its [`Display`](fmt::Display) is written for the
/// administrator of the Windows machine, and says which flag to set.
///
/// The situation of KB 875424: a request in symmetric active mode (mode 1)
/// gets no answer from a server that serves only clients (NTPsec up to 1.2.4,
/// many appliances and public servers drop mode 1 packets), and Windows
/// Time reports nothing more helpful than a lack of time data. Client mode
/// (mode 3, flag 0x8) is answered by every server.
///
/// ```
/// use ntp_wire::w32time::{NtpServerProvider, PeerFlags};
///
/// let d = PeerFlags::from_bits(0x1).diagnose(NtpServerProvider::Enabled);
/// assert!(d.may_go_unanswered());
/// assert_eq!(d.fixed_flags(), PeerFlags::from_bits(0x9));
/// assert!(d.to_string().contains("HOST,0x9"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Diagnosis {
    flags: PeerFlags,
    provider: NtpServerProvider,
}

impl Diagnosis {
    /// The flags diagnosed (KB 875424).
    #[must_use]
    pub const fn flags(&self) -> PeerFlags {
        self.flags
    }

    /// The mode of the requests: 1 or 3 (KB 875424).
    #[must_use]
    pub const fn mode(&self) -> Mode {
        self.flags.request_mode(self.provider)
    }

    /// Why the mode is what it is (KB 875424).
    #[must_use]
    pub const fn cause(&self) -> ModeCause {
        let client = self.flags.contains(PeerFlags::CLIENT);
        let symmetric = self.flags.contains(PeerFlags::SYMMETRIC_ACTIVE);
        match (client, symmetric, self.provider) {
            (true, false, _) => ModeCause::ClientFlag,
            (true, true, _) => ModeCause::ClientFlagOverSymmetricActive,
            (false, true, _) => ModeCause::SymmetricActiveFlag,
            (false, false, NtpServerProvider::Enabled) => ModeCause::DefaultOnTimeServer,
            (false, false, NtpServerProvider::Disabled) => ModeCause::DefaultOnClientOnly,
        }
    }

    /// `true` when the requests are symmetric active (mode 1), which a
    /// server that answers only clients drops without a reply (KB 875424).
    #[must_use]
    pub const fn may_go_unanswered(&self) -> bool {
        matches!(self.mode(), Mode::SymmetricActive)
    }

    /// The flags to use instead: Client (0x8) set, SymmetricActive (0x4)
    /// cleared (it has no effect once 0x8 is set), every other bit kept.
    /// Equal to [`Diagnosis::flags`] when nothing needs to change (KB 875424).
    #[must_use]
    pub const fn fixed_flags(&self) -> PeerFlags {
        self.flags
            .difference(PeerFlags::SYMMETRIC_ACTIVE)
            .union(PeerFlags::CLIENT)
    }
}

/// Who drops mode 1, in the words every diagnosis uses.
pub(super) const WHO_DROPS_MODE1: &str =
    "NTPsec up to 1.2.4 does, as do many appliances and public \
     servers; chrony, and NTPsec from 1.2.5, answer with mode 2";

/// What makes Windows Time read a new list (KB 875424 restarts the
/// service and resyncs; `/rediscover` makes it find its sources again
/// without a restart).
pub(super) const FOLLOW_UP: &str = "w32tm /resync /rediscover";

/// The restart KB 875424 gives instead.
pub(super) const RESTART: &str = "net stop w32time && net start w32time";

impl ModeCause {
    /// Why the mode is what it is, in a few words.
    pub(super) const fn reason(self) -> &'static str {
        match self {
            ModeCause::ClientFlag => "Client (0x8) is set",
            ModeCause::ClientFlagOverSymmetricActive => {
                "Client (0x8) and SymmetricActive (0x4) are set; Client wins"
            }
            ModeCause::SymmetricActiveFlag => "SymmetricActive (0x4) is set without Client (0x8)",
            ModeCause::DefaultOnTimeServer => {
                "no mode flag, and this machine serves time (NtpServer provider enabled)"
            }
            ModeCause::DefaultOnClientOnly => {
                "no mode flag, and this machine does not serve time (NtpServer provider disabled)"
            }
        }
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let flags = self.flags;
        let fixed = self.fixed_flags();
        write!(f, "Peer flags {flags} ({}): ", flags.names())?;
        match self.cause() {
            ModeCause::ClientFlag => {
                return write!(
                    f,
                    "Client (0x8) is set, so Windows Time sends client requests (NTP mode 3), \
                     which every NTP server answers with mode 4. Nothing to fix."
                )
            }
            ModeCause::ClientFlagOverSymmetricActive => {
                return write!(
                    f,
                    "both Client (0x8) and SymmetricActive (0x4) are set; Client wins, so \
                     Windows Time sends client requests (NTP mode 3), which every NTP server \
                     answers. (The Windows Time documents do not say which wins; this is the \
                     reading of KB 875424, whose fix adds 0x8 whatever else is set.) \
                     SymmetricActive has no effect here and can be dropped: use {fixed}."
                )
            }
            ModeCause::DefaultOnClientOnly => {
                return write!(
                    f,
                    "neither Client (0x8) nor SymmetricActive (0x4) is set, and this machine \
                     does not serve time (NtpServer provider disabled), so Windows Time sends \
                     client requests (NTP mode 3), which every server answers. If this machine \
                     is ever made a time server, it would switch to symmetric active mode; \
                     set Client explicitly to prevent that: HOST,{fixed}."
                )
            }
            ModeCause::SymmetricActiveFlag => write!(
                f,
                "SymmetricActive (0x4) is set without Client (0x8), so Windows Time sends \
                 its requests in symmetric active mode (NTP mode 1). "
            )?,
            ModeCause::DefaultOnTimeServer => write!(
                f,
                "neither Client (0x8) nor SymmetricActive (0x4) is set, and this machine is \
                 itself a time server (NtpServer provider enabled), so Windows Time sends its \
                 requests in symmetric active mode (NTP mode 1). "
            )?,
        }
        write!(
            f,
            "A server that answers only client requests (mode 3) drops mode 1 packets \
             without any reply or error ({WHO_DROPS_MODE1}): such a server stays silent, \
             this peer never synchronizes, and Windows Time only reports that no time data \
             was available. Fix: set the Client flag, HOST,{fixed}, so that requests use \
             client mode, which every server answers. /manualpeerlist replaces the whole \
             list, so give every peer with its flags, only this one changed: \
             w32tm /config /manualpeerlist:\"HOST,{fixed} OTHER,FLAGS ...\" \
             /syncfromflags:MANUAL /update, then {FOLLOW_UP} (or restart the service: \
             {RESTART})."
        )
    }
}
