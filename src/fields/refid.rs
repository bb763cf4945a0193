//! The reference identifier and kiss codes (RFC 5905 sections 7.3 and 7.4).

use core::fmt;
use core::net::Ipv4Addr;

use super::Stratum;

/// The 32-bit reference identifier, octets 12-15 (RFC 5905 section 7.3).
/// Its reading depends on the stratum, so the type keeps the four octets and
/// interprets them on request with [`ReferenceId::interpret`]:
///
/// - stratum 0: a four-character ASCII kiss code ([`KissCode`], section 7.4);
/// - stratum 1: a four-character ASCII source name, NUL-padded (figure 12
///   lists `GPS`, `GAL`, `PPS`, `DCF`, ...; daemons also send names it
///   does not list, such as `LOCL`);
/// - stratum 2-15: the IPv4 address of the upstream server, or for an IPv6
///   upstream the first four octets of the MD5 hash of its address
///   ([`ReferenceId::from_ipv6`] under the `md5` feature). The two cannot be
///   told apart on the wire; 127.127.t.u is ntpd's pseudo-address of a
///   reference clock ([`ReferenceKind::LocalClock`]).
///
/// ```
/// use ntp_wire::{KissCode, ReferenceId, Stratum};
///
/// let id = ReferenceId(*b"RATE");
/// assert_eq!(id.kiss_code(Stratum(0)), Some(KissCode::RATE));
/// assert_eq!(id.interpret(Stratum(0)).to_string(), "kiss RATE");
/// // The same four octets from a stratum 2 server are an address.
/// assert_eq!(id.interpret(Stratum(2)).to_string(), "upstream 82.65.84.69");
/// let gps = ReferenceId::from_source_name("GPS").expect("1 to 4 printable ASCII characters");
/// assert_eq!(gps.interpret(Stratum(1)).to_string(), "source GPS");
/// assert_eq!(ReferenceId::from_source_name("GPS 2"), None);
/// ```
///
#[cfg_attr(not(feature = "md5"), doc = "[`ReferenceId::from_ipv6`]: ReferenceId")]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReferenceId(
    /// The four octets, 12 to 15 of the header (RFC 5905 section 7.3).
    pub [u8; 4],
);

/// A reference id read in the light of the stratum
/// ([`ReferenceId::interpret`], RFC 5905 sections 7.3 and 7.4).
///
/// At stratum 0 the readings are tried in order: all zero is
/// [`None`](ReferenceKind::None) (what a client's request carries), then
/// a kiss code that RFC 5905 figure 13 (or RFC 8915) defines
/// ([`Kiss`](ReferenceKind::Kiss)), else
/// [`UnknownCode`](ReferenceKind::UnknownCode): an unspecified stratum
/// with a code that has no protocol significance (RFC 5905 section 7.4:
/// kiss codes are ASCII messages, and only the defined ones ask anything
/// of a client).
///
/// ```
/// use ntp_wire::{KissCode, ReferenceId, ReferenceKind, Stratum};
///
/// assert_eq!(ReferenceId::ZERO.interpret(Stratum(0)), ReferenceKind::None);
/// assert_eq!(ReferenceId(*b"RATE").interpret(Stratum(0)).to_string(), "kiss RATE");
/// assert_eq!(
///     ReferenceId(*b"WXYZ").interpret(Stratum(0)).to_string(),
///     "unspecified stratum, unknown code WXYZ"
/// );
/// assert_eq!(ReferenceId(*b"GPS\0").interpret(Stratum(1)).to_string(), "source GPS");
/// let local = ReferenceId([127, 127, 1, 1]).interpret(Stratum(8));
/// assert_eq!(local, ReferenceKind::LocalClock { clock_type: 1, unit: 1 });
/// assert_eq!(local.to_string(), "local clock 127.127.1.1");
/// assert_eq!(ReferenceId([192, 0, 2, 1]).interpret(Stratum(2)).to_string(), "upstream 192.0.2.1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReferenceKind {
    /// Stratum 0 and all four octets zero: no reference, as in a client's
    /// request (RFC 5905 section 7.3: zero is "unknown or unset").
    None,
    /// Stratum 0: a kiss code that RFC 5905 figure 13 or RFC 8915 defines
    /// ([`KissCode::KNOWN`]; section 7.4).
    Kiss(KissCode),
    /// Stratum 0, not zero and no code of [`KissCode::KNOWN`]: the stratum
    /// is unspecified and the reference id a code with no protocol
    /// significance (RFC 5905 section 7.4 defines kiss codes as ASCII
    /// messages and lists the ones a client acts on). Not a kiss-o'-death:
    /// nothing tells the client to stop or slow down. The octets as sent.
    UnknownCode([u8; 4]),
    /// Stratum 1: the name of the reference source (figure 12).
    Source(SourceName),
    /// Stratum 2-15 and 127.127.t.u: not an upstream server but ntpd's
    /// pseudo-address of a reference clock driver (type t, unit u; type 1
    /// is the undisciplined local clock), as chrony's `local stratum`
    /// sends it (127.127.1.1): the server keeps its own time.
    LocalClock {
        /// The driver type, t (1: the local clock).
        clock_type: u8,
        /// The unit, u.
        unit: u8,
    },
    /// Stratum 2-15: an IPv4 address, or the hash of an IPv6 address.
    Upstream(Ipv4Addr),
    /// Stratum 16 and above: no defined reading; the octets as sent.
    Other([u8; 4]),
}

impl ReferenceId {
    /// All zero: "no reference" in a client request (RFC 5905 section 7.3).
    pub const ZERO: ReferenceId = ReferenceId([0; 4]);

    /// From the big-endian 32-bit value (RFC 5905 sections 7.3 and 7.4).
    #[must_use]
    pub const fn from_u32(v: u32) -> ReferenceId {
        ReferenceId(v.to_be_bytes())
    }

    /// The big-endian 32-bit value (RFC 5905 sections 7.3 and 7.4).
    #[must_use]
    pub const fn to_u32(self) -> u32 {
        u32::from_be_bytes(self.0)
    }

    /// The four octets (RFC 5905 sections 7.3 and 7.4).
    #[must_use]
    pub const fn octets(self) -> [u8; 4] {
        self.0
    }

    /// The reference id of a stratum 2-15 server synchronized to an IPv4
    /// upstream (RFC 5905 sections 7.3 and 7.4).
    #[must_use]
    pub const fn from_ipv4(addr: Ipv4Addr) -> ReferenceId {
        ReferenceId(addr.octets())
    }

    /// The reference id of a kiss-o'-death packet (RFC 5905 sections 7.3 and 7.4).
    #[must_use]
    pub const fn from_kiss(code: KissCode) -> ReferenceId {
        ReferenceId(code.0)
    }

    /// The reference id of a primary (stratum 1) server: a source name of
    /// 1 to 4 printable ASCII characters, NUL-padded; `None` for any other
    /// text.
    #[must_use]
    pub fn from_source_name(name: &str) -> Option<ReferenceId> {
        SourceName::new(name).map(|s| ReferenceId(s.0))
    }

    /// The reference id of a server synchronized to an IPv6 upstream: the
    /// first four octets of the MD5 hash of the address (RFC 5905 section
    /// 7.3). The only hash this crate computes.
    #[cfg(feature = "md5")]
    #[must_use]
    pub fn from_ipv6(addr: core::net::Ipv6Addr) -> ReferenceId {
        use md5::{Digest, Md5};
        let digest = Md5::digest(addr.octets());
        ReferenceId([digest[0], digest[1], digest[2], digest[3]])
    }

    /// The reading of these octets at the given stratum (RFC 5905
    /// section 7.3; [`ReferenceKind`]).
    #[must_use]
    pub const fn interpret(self, stratum: Stratum) -> ReferenceKind {
        match (stratum.0, self.0) {
            (0, [0, 0, 0, 0]) => ReferenceKind::None,
            (0, _) if KissCode(self.0).description().is_some() => {
                ReferenceKind::Kiss(KissCode(self.0))
            }
            (0, _) => ReferenceKind::UnknownCode(self.0),
            (1, _) => ReferenceKind::Source(SourceName(self.0)),
            (2..=15, [127, 127, clock_type, unit]) => {
                ReferenceKind::LocalClock { clock_type, unit }
            }
            (2..=15, [a, b, c, d]) => ReferenceKind::Upstream(Ipv4Addr::new(a, b, c, d)),
            _ => ReferenceKind::Other(self.0),
        }
    }

    /// The kiss code, if `stratum` is 0 and the octets are a code of
    /// [`KissCode::KNOWN`] (RFC 5905 section 7.4; a zero reference id is
    /// "none", and any other code has no protocol significance:
    /// [`ReferenceKind::UnknownCode`]).
    #[must_use]
    pub const fn kiss_code(self, stratum: Stratum) -> Option<KissCode> {
        match self.interpret(stratum) {
            ReferenceKind::Kiss(code) => Some(code),
            _ => None,
        }
    }
}

impl From<Ipv4Addr> for ReferenceId {
    fn from(addr: Ipv4Addr) -> ReferenceId {
        ReferenceId::from_ipv4(addr)
    }
}

impl From<KissCode> for ReferenceId {
    fn from(code: KissCode) -> ReferenceId {
        ReferenceId::from_kiss(code)
    }
}

/// Writes four octets as text where they are printable ASCII (NULs at the
/// end dropped), else as hex.
fn write_ascii_or_hex(f: &mut fmt::Formatter<'_>, b: &[u8; 4]) -> fmt::Result {
    let len = b.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
    if len > 0 && b[..len].iter().all(|c| c.is_ascii_graphic()) {
        for &c in &b[..len] {
            write!(f, "{}", c as char)?;
        }
        Ok(())
    } else {
        write!(f, "0x{:02x}{:02x}{:02x}{:02x}", b[0], b[1], b[2], b[3])
    }
}

impl fmt::Debug for ReferenceId {
    /// `ReferenceId(0x47505300 "GPS" 71.80.83.0)`: hex, then the octets
    /// as an escaped ASCII string (trailing NUL padding dropped, any other
    /// unprintable octet as `\xNN`), then as an address.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReferenceId({:#010x} \"", self.to_u32())?;
        let len = self.0.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
        write!(f, "{}", self.0[..len].escape_ascii())?;
        let [a, b, c, d] = self.0;
        write!(f, "\" {a}.{b}.{c}.{d})")
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for ReferenceKind {
    fn format(&self, f: defmt::Formatter<'_>) {
        match self {
            ReferenceKind::None => defmt::write!(f, "None"),
            ReferenceKind::Kiss(k) => defmt::write!(f, "Kiss({})", k),
            ReferenceKind::UnknownCode(b) => defmt::write!(f, "UnknownCode({=[u8]:x})", b[..]),
            ReferenceKind::LocalClock { clock_type, unit } => {
                defmt::write!(f, "LocalClock(127.127.{}.{})", clock_type, unit)
            }
            ReferenceKind::Source(s) => defmt::write!(f, "Source({})", s),
            ReferenceKind::Upstream(a) => {
                let [a, b, c, d] = a.octets();
                defmt::write!(f, "Upstream({}.{}.{}.{})", a, b, c, d)
            }
            ReferenceKind::Other(b) => defmt::write!(f, "Other({=[u8]:x})", b[..]),
        }
    }
}

impl fmt::Display for ReferenceKind {
    /// `none`, `kiss RATE`, `unspecified stratum, unknown code WXYZ`, `source GPS`,
    /// `local clock 127.127.1.1`, `upstream 192.0.2.1`, `other 0x...`: the
    /// variant's name in words, then the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferenceKind::None => f.write_str("none"),
            ReferenceKind::Kiss(k) => write!(f, "kiss {k}"),
            ReferenceKind::UnknownCode(b) => {
                f.write_str("unspecified stratum, unknown code ")?;
                write_ascii_or_hex(f, b)
            }
            ReferenceKind::Source(s) => write!(f, "source {s}"),
            ReferenceKind::LocalClock { clock_type, unit } => {
                write!(f, "local clock 127.127.{clock_type}.{unit}")
            }
            ReferenceKind::Upstream(a) => write!(f, "upstream {a}"),
            ReferenceKind::Other(b) => {
                f.write_str("other ")?;
                write_ascii_or_hex(f, b)
            }
        }
    }
}

/// A stratum-1 reference source name (RFC 5905 figure 12): up to four ASCII
/// characters, NUL-padded. Holds the four octets as received.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SourceName(
    /// The four octets as received (RFC 5905 section 7.3, figure 12).
    pub [u8; 4],
);

impl SourceName {
    /// Global Positioning System (RFC 5905 section 7.3, figure 12).
    pub const GPS: SourceName = SourceName(*b"GPS\0");
    /// Generic pulse-per-second (RFC 5905 section 7.3, figure 12).
    pub const PPS: SourceName = SourceName(*b"PPS\0");
    /// The local clock (ntpd's and chrony's undisciplined local reference);
    /// a convention, not in RFC 5905 figure 12.
    pub const LOCL: SourceName = SourceName(*b"LOCL");
    /// Galileo positioning system (RFC 5905 section 7.3, figure 12).
    pub const GAL: SourceName = SourceName(*b"GAL\0");
    /// Generic atomic clock; a convention, not in RFC 5905 figure 12.
    pub const ATOM: SourceName = SourceName(*b"ATOM");

    /// A name of 1 to 4 printable ASCII characters (RFC 5905 section 7.3,
    /// figure 12), NUL-padded; `None` for any other text.
    #[must_use]
    pub fn new(name: &str) -> Option<SourceName> {
        let b = name.as_bytes();
        if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_graphic) {
            return None;
        }
        let mut out = [0u8; 4];
        out[..b.len()].copy_from_slice(b);
        Some(SourceName(out))
    }

    /// The name without its NUL padding, if it is printable ASCII (RFC 5905 sections 7.3 and 7.4).
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        let len = self.0.iter().position(|&c| c == 0).unwrap_or(4);
        let (name, pad) = self.0.split_at(len);
        if len == 0 || !pad.iter().all(|&c| c == 0) || !name.iter().all(u8::is_ascii_graphic) {
            return None;
        }
        core::str::from_utf8(name).ok()
    }
}

impl fmt::Debug for SourceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SourceName(")?;
        write_ascii_or_hex(f, &self.0)?;
        f.write_str(")")
    }
}

impl fmt::Display for SourceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_ascii_or_hex(f, &self.0)
    }
}

/// A kiss code: the four ASCII characters a stratum-0 reply carries in its
/// reference id (RFC 5905 section 7.4, figure 13, plus NTSN from RFC 8915
/// section 5.7). Unknown codes are kept as received.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct KissCode(
    /// The four ASCII octets as received (RFC 5905 section 7.4).
    pub [u8; 4],
);

impl KissCode {
    /// The association belongs to a unicast server (RFC 5905 section 7.4, figure 13).
    pub const ACST: KissCode = KissCode(*b"ACST");
    /// Server authentication failed (RFC 5905 section 7.4, figure 13).
    pub const AUTH: KissCode = KissCode(*b"AUTH");
    /// Autokey sequence failed (RFC 5905 section 7.4, figure 13).
    pub const AUTO: KissCode = KissCode(*b"AUTO");
    /// The association belongs to a broadcast server (RFC 5905 section 7.4, figure 13).
    pub const BCST: KissCode = KissCode(*b"BCST");
    /// Cryptographic authentication or identification failed (RFC 5905 section 7.4, figure 13).
    pub const CRYP: KissCode = KissCode(*b"CRYP");
    /// Access denied by remote server: stop sending to it (RFC 5905 section 7.4, figure 13).
    pub const DENY: KissCode = KissCode(*b"DENY");
    /// Lost peer in symmetric mode (RFC 5905 section 7.4, figure 13).
    pub const DROP: KissCode = KissCode(*b"DROP");
    /// Access denied due to local policy: stop sending to it (RFC 5905 section 7.4, figure 13).
    pub const RSTR: KissCode = KissCode(*b"RSTR");
    /// The association has not yet synchronized for the first time
    /// (RFC 5905 section 7.4, figure 13).
    pub const INIT: KissCode = KissCode(*b"INIT");
    /// The association belongs to a dynamically discovered server
    /// (RFC 5905 section 7.4, figure 13).
    pub const MCST: KissCode = KissCode(*b"MCST");
    /// No key found: the key was never installed or is not trusted
    /// (RFC 5905 section 7.4, figure 13).
    pub const NKEY: KissCode = KissCode(*b"NKEY");
    /// NTS negative acknowledgment: the cookie could not be used
    /// (RFC 8915 section 5.7).
    pub const NTSN: KissCode = KissCode(*b"NTSN");
    /// Rate exceeded: reduce the polling interval's rate (poll less
    /// often; RFC 5905 section 7.4, figure 13).
    pub const RATE: KissCode = KissCode(*b"RATE");
    /// Alteration of association from a remote host running ntpdc
    /// (RFC 5905 section 7.4, figure 13).
    pub const RMOT: KissCode = KissCode(*b"RMOT");
    /// A step change in system time has occurred, but the association has
    /// not yet resynchronized (RFC 5905 section 7.4, figure 13).
    pub const STEP: KissCode = KissCode(*b"STEP");

    /// Every code this crate names: RFC 5905 figure 13 in its order, with
    /// RFC 8915's NTSN after NKEY where the IANA kiss code registry lists it.
    pub const KNOWN: [KissCode; 15] = [
        KissCode::ACST,
        KissCode::AUTH,
        KissCode::AUTO,
        KissCode::BCST,
        KissCode::CRYP,
        KissCode::DENY,
        KissCode::DROP,
        KissCode::RSTR,
        KissCode::INIT,
        KissCode::MCST,
        KissCode::NKEY,
        KissCode::NTSN,
        KissCode::RATE,
        KissCode::RMOT,
        KissCode::STEP,
    ];

    /// The meaning from RFC 5905 figure 13 (or RFC 8915 for NTSN); `None`
    /// for a code it does not list.
    #[must_use]
    pub const fn description(self) -> Option<&'static str> {
        Some(match &self.0 {
            b"ACST" => "the association belongs to a unicast server",
            b"AUTH" => "server authentication failed",
            b"AUTO" => "Autokey sequence failed",
            b"BCST" => "the association belongs to a broadcast server",
            b"CRYP" => "cryptographic authentication or identification failed",
            b"DENY" => "access denied by remote server",
            b"DROP" => "lost peer in symmetric mode",
            b"RSTR" => "access denied due to local policy",
            b"INIT" => "the association has not yet synchronized for the first time",
            b"MCST" => "the association belongs to a dynamically discovered server",
            b"NKEY" => "no key found: the key was never installed or is not trusted",
            b"NTSN" => "NTS negative acknowledgment: the NTS cookie was not accepted",
            b"RATE" => "rate exceeded: the server has temporarily denied access",
            b"RMOT" => "alteration of association from a remote host running ntpdc",
            b"STEP" => {
                "a step change in system time has occurred, the association has not yet resynchronized"
            }
            _ => return None,
        })
    }

    /// `true` for DENY and RSTR: RFC 5905 section 7.4 says the client must
    /// stop sending to this server.
    #[must_use]
    pub const fn is_access_denied(self) -> bool {
        matches!(&self.0, b"DENY" | b"RSTR")
    }

    /// `true` for RATE: the client must reduce its polling rate (RFC 5905 sections 7.3 and 7.4).
    #[must_use]
    pub const fn is_rate(self) -> bool {
        matches!(&self.0, b"RATE")
    }
}

impl fmt::Debug for KissCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KissCode(")?;
        write_ascii_or_hex(f, &self.0)?;
        f.write_str(")")
    }
}

impl fmt::Display for KissCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_ascii_or_hex(f, &self.0)
    }
}
