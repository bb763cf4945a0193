//! The 16-bit status word of octets 4-5, whose meaning depends on the
//! message (RFC 9327, "Status Words": system, peer, clock and error
//! status). Bit layouts from `include/ntp_control.h` (`CTL_SYS_*`,
//! `CTL_PEER_*`, `CTL_PST_*`, `CTL_CLK_*`, `CERR_*`) of ntpd 4.2.8p15 and
//! NTPsec 1.2.2; short names from ntpq (`libntp/statestr.c`); long texts
//! from Wireshark 4.0's `packet-ntp.c`, as tshark prints them.

use core::fmt;

use super::Opcode;
use crate::fields::LeapIndicator;
use crate::wire::wire_enum;

/// Which status word the octets 4-5 of a message hold, from the context
/// Wireshark 4.0 and ntpq use to read it:
///
/// | message | status word |
/// |---|---|
/// | request (R clear) | [`StatusWord::Other`]: requests carry none (ntpq sends 0) |
/// | E set | [`StatusWord::Error`] |
/// | READCLOCK, WRITECLOCK | [`StatusWord::Clock`] |
/// | READSTAT, READVAR, WRITEVAR, ASYNCMSG, association id 0 | [`StatusWord::System`] |
/// | the same opcodes, association id not 0 | [`StatusWord::Peer`] |
/// | any other opcode (READ_MRU, REQ_NONCE, CONFIGURE, ...) | [`StatusWord::Other`] (ntpd sends 0) |
///
/// ```
/// use ntp_wire::control::{ClockSource, Opcode, StatusWord, SystemEvent};
///
/// // NTPsec's answer to `ntpq -c rv`: READVAR response, association 0.
/// let StatusWord::System(s) = StatusWord::decode(true, false, Opcode::READVAR, 0, 0x0514) else {
///     panic!()
/// };
/// assert_eq!((s.clock_source(), s.event_count(), s.event()), (ClockSource::LOCAL, 1, SystemEvent::FREQ_MODE));
/// assert_eq!(s.to_string(), "Leap Indicator: no warning, Clock Source: local net (e.g. DCN, TSP, DTS), \
///     System Event Counter: 1, System Event Code: frequency training started");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum StatusWord {
    /// The system status word (responses about association 0).
    System(SystemStatus),
    /// A peer status word (responses about one association).
    Peer(PeerStatus),
    /// A clock status word (READCLOCK, WRITECLOCK responses).
    Clock(ClockStatus),
    /// An error status word (E set).
    Error(ErrorStatus),
    /// A status word no rule gives a meaning: requests, and responses of
    /// the other opcodes. The raw value.
    Other(u16),
}

impl StatusWord {
    /// Reads `raw` by the table of the [type's documentation](StatusWord).
    #[must_use]
    pub const fn decode(
        response: bool,
        error: bool,
        opcode: Opcode,
        association_id: u16,
        raw: u16,
    ) -> StatusWord {
        if !response {
            return StatusWord::Other(raw);
        }
        if error {
            return StatusWord::Error(ErrorStatus(raw));
        }
        match opcode.0 {
            4 | 5 => StatusWord::Clock(ClockStatus(raw)),
            1 | 2 | 3 | 7 if association_id == 0 => StatusWord::System(SystemStatus(raw)),
            1 | 2 | 3 | 7 => StatusWord::Peer(PeerStatus(raw)),
            _ => StatusWord::Other(raw),
        }
    }

    /// The 16 bits as on the wire.
    #[must_use]
    pub const fn raw(self) -> u16 {
        match self {
            StatusWord::System(SystemStatus(v))
            | StatusWord::Peer(PeerStatus(v))
            | StatusWord::Clock(ClockStatus(v))
            | StatusWord::Error(ErrorStatus(v))
            | StatusWord::Other(v) => v,
        }
    }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#06x}", self.raw())?;
        match self {
            StatusWord::System(s) => write!(f, ", {s}"),
            StatusWord::Peer(s) => write!(f, ", {s}"),
            StatusWord::Clock(s) => write!(f, ", {s}"),
            StatusWord::Error(s) => write!(f, ", {s}"),
            StatusWord::Other(_) => Ok(()),
        }
    }
}

/// The system status word (`CTL_SYS_STATUS`): LI in bits 15-14, clock
/// source in bits 13-8, event counter in bits 7-4, last event code in bits
/// 3-0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SystemStatus(pub u16);

impl SystemStatus {
    /// Bits 15-14, the server's leap indicator (`CTL_SYS_LI`).
    #[must_use]
    pub const fn leap(self) -> LeapIndicator {
        LeapIndicator::from_bits((self.0 >> 14) as u8)
    }

    /// ntpq's name of the leap indicator (`leap_codes`): `leap_none`,
    /// `leap_add_sec`, `leap_del_sec`, `leap_alarm`.
    #[must_use]
    pub const fn leap_name(self) -> &'static str {
        match self.leap() {
            LeapIndicator::NoWarning => "leap_none",
            LeapIndicator::InsertSecond => "leap_add_sec",
            LeapIndicator::DeleteSecond => "leap_del_sec",
            LeapIndicator::Unsynchronized => "leap_alarm",
        }
    }

    /// Bits 13-8, the kind of the system peer's clock (`CTL_SYS_SOURCE`).
    #[must_use]
    pub const fn clock_source(self) -> ClockSource {
        ClockSource(((self.0 >> 8) & 0x3f) as u8)
    }

    /// Bits 7-4, events since the counter was last read (`CTL_SYS_NEVNT`,
    /// at most 15).
    #[must_use]
    pub const fn event_count(self) -> u8 {
        ((self.0 >> 4) & 0xf) as u8
    }

    /// Bits 3-0, the last system event (`CTL_SYS_EVENT`).
    #[must_use]
    pub const fn event(self) -> SystemEvent {
        SystemEvent((self.0 & 0xf) as u8)
    }
}

impl fmt::Display for SystemStatus {
    /// tshark's labels: `Leap Indicator: ..., Clock Source: ..., System
    /// Event Counter: N, System Event Code: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Leap Indicator: {}, Clock Source: {}, System Event Counter: {}, System Event Code: {}",
            self.leap().description(),
            self.clock_source().description(),
            self.event_count(),
            self.event().description(),
        )
    }
}

wire_enum! {
    /// The 6-bit clock source of the system status word (`CTL_SST_TS_*`).
    /// [`name`](Self::name) is ntpq's (`sync_codes`),
    /// [`description`](Self::description) the RFC 1305 meaning tshark
    /// prints. The two disagree for 1 and 5: ntpd uses 1 for PPS and 5 for
    /// its local clock, RFC 1305 for an atomic clock and a local net.
    pub struct ClockSource(u8) as "{}";
    /// 0, unspecified or unknown.
    UNSPEC = 0 => "sync_unspec",
    /// 1, atomic clock (ntpd: PPS).
    ATOM = 1 => "sync_pps",
    /// 2, VLF or LF radio.
    LF = 2 => "sync_lf_radio",
    /// 3, HF radio.
    HF = 3 => "sync_hf_radio",
    /// 4, UHF satellite (GPS).
    UHF = 4 => "sync_uhf_radio",
    /// 5, local net (ntpd: the local clock driver).
    LOCAL = 5 => "sync_local",
    /// 6, NTP.
    NTP = 6 => "sync_ntp",
    /// 7, UDP/TIME.
    UDPTIME = 7 => "sync_other",
    /// 8, eyeball and wristwatch.
    WRSTWTCH = 8 => "sync_wristwatch",
    /// 9, telephone modem.
    TELEPHONE = 9 => "sync_telephone",
}

impl ClockSource {
    /// What tshark prints (Wireshark 4.0, `ctrl_sys_status_clksource_types`);
    /// `"unknown"` for 10-63, which no one assigns.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self.0 {
            0 => "unspecified or unknown",
            1 => "Calibrated atomic clock (e.g. HP 5061)",
            2 => "VLF (band 4) or LF (band 5) radio (e.g. OMEGA, WWVB)",
            3 => "HF (band 7) radio (e.g. CHU, MSF, WWV/H)",
            4 => "UHF (band 9) satellite (e.g. GOES, GPS)",
            5 => "local net (e.g. DCN, TSP, DTS)",
            6 => "UDP/NTP",
            7 => "UDP/TIME",
            8 => "eyeball-and-wristwatch",
            9 => "telephone modem (e.g. NIST)",
            _ => "unknown",
        }
    }
}

wire_enum! {
    /// The 4-bit system event code (`EVNT_*` of `include/ntp.h`); names
    /// are ntpq's (`sys_codes`), identical in ntpd 4.2.8p15 and NTPsec
    /// 1.2.2.
    pub struct SystemEvent(u8) as "{}";
    /// 0, unspecified.
    UNSPEC = 0 => "unspecified",
    /// 1, frequency file not available.
    FREQ_NOT_SET = 1 => "freq_not_set",
    /// 2, frequency set from the file.
    FREQ_SET = 2 => "freq_set",
    /// 3, spike detected.
    SPIKE_DETECT = 3 => "spike_detect",
    /// 4, frequency training started.
    FREQ_MODE = 4 => "freq_mode",
    /// 5, clock synchronized.
    CLOCK_SYNC = 5 => "clock_sync",
    /// 6, system restart.
    RESTART = 6 => "restart",
    /// 7, panic stop.
    PANIC_STOP = 7 => "panic_stop",
    /// 8, no system peer.
    NO_SYS_PEER = 8 => "no_sys_peer",
    /// 9, leap second armed.
    LEAP_ARMED = 9 => "leap_armed",
    /// 10, leap second disarmed.
    LEAP_DISARMED = 10 => "leap_disarmed",
    /// 11, leap second event.
    LEAP_EVENT = 11 => "leap_event",
    /// 12, clock stepped.
    CLOCK_STEP = 12 => "clock_step",
    /// 13, kernel discipline status changed.
    KERN = 13 => "kern",
    /// 14, leap second table loaded.
    TAI = 14 => "TAI",
    /// 15, leap second table stale.
    STALE_LEAPSECOND_VALUES = 15 => "stale_leapsecond_values",
}

impl SystemEvent {
    /// What tshark prints (Wireshark 4.0, `ctrl_sys_status_event_types`).
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self.0 {
            0 => "unspecified",
            1 => "frequency correction (drift) file not available",
            2 => "frequency correction started (frequency stepped)",
            3 => "spike detected and ignored, starting stepout timer",
            4 => "frequency training started",
            5 => "clock synchronized",
            6 => "system restart",
            7 => "panic stop (required step greater than panic threshold)",
            8 => "no system peer",
            9 => "leap second insertion/deletion armed",
            10 => "leap second disarmed",
            11 => "leap second inserted or deleted",
            12 => "clock stepped (stepout timer expired)",
            13 => "kernel loop discipline status changed",
            14 => "leapseconds table loaded from file",
            15 => "leapseconds table outdated, updated file needed",
            _ => "unknown",
        }
    }
}

/// A peer status word (`CTL_PEER_STATUS`): five flag bits and the 3-bit
/// selection in the high octet, event counter in bits 7-4, last event
/// code in bits 3-0. Also each entry of a READSTAT association list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct PeerStatus(pub u16);

impl PeerStatus {
    /// 0x8000, `CTL_PST_CONFIG`: a configured association (ntpq `conf`).
    pub const CONFIGURED: u16 = 0x8000;
    /// 0x4000, `CTL_PST_AUTHENABLE`: a key is configured (ntpq `authenb`).
    pub const AUTH_ENABLED: u16 = 0x4000;
    /// 0x2000, `CTL_PST_AUTHENTIC`: the last packet authenticated (ntpq
    /// `auth`).
    pub const AUTHENTIC: u16 = 0x2000;
    /// 0x1000, `CTL_PST_REACH`: the reach register is not zero (ntpq
    /// `reach`).
    pub const REACHABLE: u16 = 0x1000;
    /// 0x0800, `CTL_PST_BCAST`: a broadcast or multicast association
    /// (ntpq `bcast`).
    pub const BROADCAST: u16 = 0x0800;

    /// The flag bit `mask` (one of the constants) is set.
    #[must_use]
    pub const fn has(self, mask: u16) -> bool {
        self.0 & mask != 0
    }

    /// [`Self::CONFIGURED`] is set.
    #[must_use]
    pub const fn configured(self) -> bool {
        self.has(Self::CONFIGURED)
    }

    /// [`Self::AUTH_ENABLED`] is set.
    #[must_use]
    pub const fn auth_enabled(self) -> bool {
        self.has(Self::AUTH_ENABLED)
    }

    /// [`Self::AUTHENTIC`] is set.
    #[must_use]
    pub const fn authentic(self) -> bool {
        self.has(Self::AUTHENTIC)
    }

    /// [`Self::REACHABLE`] is set.
    #[must_use]
    pub const fn reachable(self) -> bool {
        self.has(Self::REACHABLE)
    }

    /// [`Self::BROADCAST`] is set.
    #[must_use]
    pub const fn broadcast(self) -> bool {
        self.has(Self::BROADCAST)
    }

    /// Bits 10-8, what the selection algorithms made of the peer
    /// (`CTL_PST_SEL_*`).
    #[must_use]
    pub const fn selection(self) -> PeerSelection {
        PeerSelection(((self.0 >> 8) & 0x7) as u8)
    }

    /// Bits 7-4, events since the counter was last read.
    #[must_use]
    pub const fn event_count(self) -> u8 {
        ((self.0 >> 4) & 0xf) as u8
    }

    /// Bits 3-0, the last peer event.
    #[must_use]
    pub const fn event(self) -> PeerEvent {
        PeerEvent((self.0 & 0xf) as u8)
    }
}

impl fmt::Display for PeerStatus {
    /// The flags set by ntpq's names (`conf, reach`), then tshark's labels
    /// for selection, counter and event.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let flags = [
            (Self::CONFIGURED, "conf"),
            (Self::AUTH_ENABLED, "authenb"),
            (Self::AUTHENTIC, "auth"),
            (Self::REACHABLE, "reach"),
            (Self::BROADCAST, "bcast"),
        ];
        f.write_str("Peer Status: ")?;
        let mut any = false;
        for (mask, name) in flags {
            if self.has(mask) {
                if any {
                    f.write_str(", ")?;
                }
                f.write_str(name)?;
                any = true;
            }
        }
        if !any {
            f.write_str("none")?;
        }
        write!(
            f,
            ", Peer Selection: {}, Peer Event Counter: {}, Peer Event Code: {}",
            self.selection().description(),
            self.event_count(),
            self.event().description()
        )
    }
}

wire_enum! {
    /// The 3-bit peer selection (`CTL_PST_SEL_*`); names are classic
    /// ntpq's (`select_codes`). [`tally`](Self::tally) is the character
    /// `ntpq -p` prints before the peer.
    pub struct PeerSelection(u8) as "{}";
    /// 0, rejected.
    REJECT = 0 => "sel_reject",
    /// 1, discarded by the intersection algorithm (falseticker).
    FALSETICK = 1 => "sel_falsetick",
    /// 2, discarded by table overflow.
    EXCESS = 2 => "sel_excess",
    /// 3, discarded by the cluster algorithm (outlier).
    OUTLIER = 3 => "sel_outlier",
    /// 4, a candidate for combining.
    CANDIDATE = 4 => "sel_candidate",
    /// 5, a backup (more than the maximum of candidates).
    BACKUP = 5 => "sel_backup",
    /// 6, the system peer.
    SYS_PEER = 6 => "sel_sys.peer",
    /// 7, the PPS peer.
    PPS_PEER = 7 => "sel_pps.peer",
}

impl PeerSelection {
    /// What tshark prints (Wireshark 4.0, `ctrl_peer_status_selection_types`,
    /// RFC 1305's meanings).
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self.0 {
            0 => "rejected",
            1 => "passed sanity checks (tests 1 through 8 in Section 3.4.3)",
            2 => "passed correctness checks (intersection algorithm in Section 4.2.1)",
            3 => "passed candidate checks (if limit check implemented)",
            4 => "passed outlier checks (clustering algorithm in Section 4.2.2)",
            5 => {
                "current synchronization source; max distance exceeded (if limit check implemented)"
            }
            6 => "current synchronization source; max distance okay",
            _ => "reserved",
        }
    }

    /// The tally character of `ntpq -p` (`ntp_control.h` comments): space,
    /// `x`, `.`, `-`, `+`, `#`, `*`, `o`.
    #[must_use]
    pub const fn tally(self) -> char {
        match self.0 & 7 {
            0 => ' ',
            1 => 'x',
            2 => '.',
            3 => '-',
            4 => '+',
            5 => '#',
            6 => '*',
            _ => 'o',
        }
    }
}

wire_enum! {
    /// The 4-bit peer event code (`PEVNT_*` of `include/ntp.h`); names are
    /// classic ntpq's (`peer_codes`). NTPsec 1.2.2 defines 1-13 and its
    /// ntpq calls 11 `clock_alarm`.
    pub struct PeerEvent(u8) as "{}";
    /// 0, no event.
    NONE = 0 => "none",
    /// 1, association mobilized.
    MOBILIZE = 1 => "mobilize",
    /// 2, association demobilized.
    DEMOBILIZE = 2 => "demobilize",
    /// 3, peer unreachable.
    UNREACHABLE = 3 => "unreachable",
    /// 4, peer reachable.
    REACHABLE = 4 => "reachable",
    /// 5, association restarted or timed out.
    RESTART = 5 => "restart",
    /// 6, no reply (ntpdate mode).
    NO_REPLY = 6 => "no_reply",
    /// 7, rate exceeded (kiss code RATE).
    RATE_EXCEEDED = 7 => "rate_exceeded",
    /// 8, access denied (kiss code DENY).
    ACCESS_DENIED = 8 => "access_denied",
    /// 9, leap armed from the server's LI.
    LEAP_ARMED = 9 => "leap_armed",
    /// 10, became the system peer.
    SYS_PEER = 10 => "sys_peer",
    /// 11, reference clock event.
    CLOCK_EVENT = 11 => "clock_event",
    /// 12, authentication failure.
    BAD_AUTH = 12 => "bad_auth",
    /// 13, popcorn spike suppressed.
    POPCORN = 13 => "popcorn",
    /// 14, entering interleaved mode (classic ntpd).
    INTERLEAVE_MODE = 14 => "interleave_mode",
    /// 15, interleave error (classic ntpd).
    INTERLEAVE_ERROR = 15 => "interleave_error",
}

impl PeerEvent {
    /// What tshark prints (Wireshark 4.0, `ctrl_peer_status_event_types`).
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self.0 {
            0 => "unspecified",
            1 => "association mobilized",
            2 => "association demobilized",
            3 => "peer unreachable (peer.reach was nonzero now zero)",
            4 => "peer reachable (peer.reach was zero now nonzero)",
            5 => "association restarted or timed out",
            6 => "no server found (ntpdate mode)",
            7 => "rate exceeded (kiss code RATE)",
            8 => "access denied (kiss code DENY)",
            9 => "leap armed from server LI code",
            10 => "become system peer",
            11 => "reference clock event (see clock status word)",
            12 => "authentication failure",
            13 => "popcorn spike suppressor",
            14 => "entering interleave mode",
            15 => "interleave error (recovered)",
            _ => "unknown",
        }
    }
}

/// A clock status word (`CTL_CLK_STATUS`): the clock's status in the
/// high octet, its last event in the low octet, both [`ClockCode`]s.
///
/// NTPsec 1.2.2 builds it differently (`ctlclkstatus`: high octet 0, low
/// octet last event in bits 7-4 and current status in bits 3-0); the
/// octets are given as they are, read them with the sender in mind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ClockStatus(pub u16);

impl ClockStatus {
    /// The high octet: the clock's current status.
    #[must_use]
    pub const fn status(self) -> ClockCode {
        ClockCode((self.0 >> 8) as u8)
    }

    /// The low octet: the clock's last event.
    #[must_use]
    pub const fn event(self) -> ClockCode {
        ClockCode(self.0 as u8)
    }
}

impl fmt::Display for ClockStatus {
    /// tshark's labels: `Clock Status: ..., Clock Event Code: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Clock Status: {}, Clock Event Code: {}",
            self.status().description(),
            self.event().description()
        )
    }
}

wire_enum! {
    /// A reference clock status or event (`CTL_CLK_*` / `CEVNT_*`); names
    /// are ntpq's (`clock_codes`).
    pub struct ClockCode(u8) as "{}";
    /// 0, operating within nominals.
    OKAY = 0 => "clk_unspec",
    /// 1, reply timeout.
    NOREPLY = 1 => "clk_no_reply",
    /// 2, bad reply format.
    BADFORMAT = 2 => "clk_bad_format",
    /// 3, hardware or software fault.
    FAULT = 3 => "clk_fault",
    /// 4, propagation failure (bad signal).
    PROPAGATION = 4 => "clk_bad_signal",
    /// 5, bad date.
    BADDATE = 5 => "clk_bad_date",
    /// 6, bad time.
    BADTIME = 6 => "clk_bad_time",
}

impl ClockCode {
    /// What tshark prints (Wireshark 4.0).
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self.0 {
            0 => "clock operating within nominals",
            1 => "reply timeout",
            2 => "bad reply format",
            3 => "hardware or software fault",
            4 => "propagation failure",
            5 => "bad date format or value",
            6 => "bad time format or value",
            _ => "unknown",
        }
    }
}

/// An error status word (E set): the error code in the high octet, the
/// low octet 0 (`ctl_error`: `status = errcode << 8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ErrorStatus(pub u16);

impl ErrorStatus {
    /// The high octet, as ntpq reads it (`(status >> 8) & 0xff`).
    #[must_use]
    pub const fn code(self) -> ErrorCode {
        ErrorCode((self.0 >> 8) as u8)
    }
}

impl fmt::Display for ErrorStatus {
    /// tshark's label: `Error Status Word: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error Status Word: {}", self.code().description())
    }
}

wire_enum! {
    /// The error code of an error response (`CERR_*`); names are NTPsec
    /// ntpq's (`ControlSession.server_errors`).
    pub struct ErrorCode(u8) as "{}";
    /// 0, unspecified error.
    UNSPEC = 0 => "UNSPEC",
    /// 1, permission denied: no or wrong authentication (also
    /// `CERR_NORESOURCE`).
    PERMISSION = 1 => "PERMISSION",
    /// 2, bad format: length or count wrong.
    BADFMT = 2 => "BADFMT",
    /// 3, unknown opcode.
    BADOP = 3 => "BADOP",
    /// 4, unknown association id.
    BADASSOC = 4 => "BADASSOC",
    /// 5, unknown variable name.
    UNKNOWNVAR = 5 => "UNKNOWNVAR",
    /// 6, bad variable value.
    BADVALUE = 6 => "BADVALUE",
    /// 7, administratively prohibited.
    RESTRICT = 7 => "RESTRICT",
}

impl ErrorCode {
    /// What tshark prints (Wireshark 4.0, `ctrl_err_status_types`).
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self.0 {
            0 => "unspecified",
            1 => "authentication failure",
            2 => "invalid message length or format",
            3 => "invalid opcode",
            4 => "unknown association identifier",
            5 => "unknown variable name",
            6 => "invalid variable value",
            7 => "administratively prohibited",
            _ => "unknown",
        }
    }
}
