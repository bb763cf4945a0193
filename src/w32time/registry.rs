//! The Windows Time registry values that decide what it sends, read from
//! `reg query` output or a `.reg` export.

use core::fmt;

use super::{ManualPeerList, NtpServerProvider, PeerListError};

/// Where Windows Time keeps the manual peer list (REG_SZ, the same
/// `host,0xN` text as `/manualpeerlist:`) and `Type`: the `Parameters`
/// key of the W32Time reference ("Windows Time service tools and
/// settings"; [MS-W32T] section 2.2.11 carries the same values as
/// `wszNtpServer` and `wszType`).
pub const PARAMETERS_KEY: &str = r"HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters";

/// Where Windows Time keeps whether it serves time: the `Enabled`
/// REG_DWORD of this key (1: the NtpServer provider runs, and KB 875424
/// says "If the value of the Enabled entry in this subkey is 1, Windows
/// Time uses symmetric active mode. Otherwise, Windows Time uses client
/// mode.").
pub const NTP_SERVER_KEY: &str =
    r"HKLM\SYSTEM\CurrentControlSet\Services\W32Time\TimeProviders\NtpServer";

/// `Parameters\Type`: which sources Windows Time synchronizes from (the
/// W32Time registry reference; [MS-W32T] section 2.2.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum SyncType {
    /// `NoSync`: no synchronization at all.
    NoSync,
    /// `NTP`: the servers of the `NtpServer` value, the manual peer list
    /// (what `/syncfromflags:MANUAL` sets; the default on machines outside
    /// a domain).
    Ntp,
    /// `NT5DS`: the domain hierarchy; the manual peer list is not used
    /// (the default on domain members).
    Nt5ds,
    /// `AllSync`: every mechanism available, the list and the domain.
    AllSync,
    /// Any other text.
    Other,
}

impl SyncType {
    /// The value as the registry holds it, ASCII case ignored ([MS-W32T] section 2.2.11).
    #[must_use]
    pub fn from_value(value: &str) -> SyncType {
        [
            ("NoSync", SyncType::NoSync),
            ("NTP", SyncType::Ntp),
            ("NT5DS", SyncType::Nt5ds),
            ("AllSync", SyncType::AllSync),
        ]
        .into_iter()
        .find(|(name, _)| value.trim().eq_ignore_ascii_case(name))
        .map_or(SyncType::Other, |(_, t)| t)
    }

    /// `true` when Windows Time uses the manual peer list: `NTP` and
    /// `AllSync` ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn uses_peer_list(self) -> bool {
        matches!(self, SyncType::Ntp | SyncType::AllSync)
    }
}

impl fmt::Display for SyncType {
    /// The registry's spelling: `NTP`, `NT5DS`, ...; `other` for the rest.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SyncType::NoSync => "NoSync",
            SyncType::Ntp => "NTP",
            SyncType::Nt5ds => "NT5DS",
            SyncType::AllSync => "AllSync",
            SyncType::Other => "other",
        })
    }
}

/// The three registry values that decide what Windows Time sends to whom,
/// as read from a registry dump ([`RegistrySettings::parse`]; [MS-W32T] section 2.2.11):
///
/// | value | key | type |
/// |---|---|---|
/// | `NtpServer` | [`PARAMETERS_KEY`] | REG_SZ, the manual peer list |
/// | `Type` | [`PARAMETERS_KEY`] | REG_SZ, [`SyncType`] |
/// | `Enabled` | [`NTP_SERVER_KEY`] | REG_DWORD, [`NtpServerProvider`] |
///
/// Group Policy writes the same values under
/// `HKLM\SOFTWARE\Policies\Microsoft\W32Time\...`, and they win over the
/// service's ("the values defined by Group Policy overwrite any
/// preexisting values", W32Time reference): a value read under a
/// `Policies` key replaces the service key's.
///
/// ```
/// use ntp_wire::w32time::{NtpServerProvider, RegistrySettings, SyncType};
///
/// let dump = r"
/// HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\W32Time\Parameters
///     NtpServer    REG_SZ    ntp.local,0x4 10.0.0.1,0x9
///     Type    REG_SZ    NTP
/// ";
/// let settings = RegistrySettings::parse(dump);
/// assert_eq!(settings.ntp_server, Some("ntp.local,0x4 10.0.0.1,0x9"));
/// assert_eq!(settings.sync_type, Some(SyncType::Ntp));
/// assert_eq!(settings.provider, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RegistrySettings<'a> {
    /// `Parameters\NtpServer`, the text between the quotes of a `.reg`
    /// line (escapes `\\` and `\"` left as they are: a valid peer list has
    /// neither character, and the peer list check names them; [MS-W32T] section 2.2.11).
    pub ntp_server: Option<&'a str>,
    /// `Parameters\Type` ([MS-W32T] section 2.2.11).
    pub sync_type: Option<SyncType>,
    /// `TimeProviders\NtpServer\Enabled`: 1 is
    /// [`NtpServerProvider::Enabled`], any other number
    /// [`NtpServerProvider::Disabled`] ([MS-W32T] section 2.2.11).
    pub provider: Option<NtpServerProvider>,
}

/// Which of the two keys a line belongs to, and whether it is the policy
/// copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Parameters { policy: bool },
    NtpServer { policy: bool },
}

impl Section {
    fn of(key: &str) -> Section {
        let key = key.trim().trim_end_matches('\\');
        let ends = |suffix: &str| {
            key.len() >= suffix.len()
                && key.as_bytes()[key.len() - suffix.len()..]
                    .eq_ignore_ascii_case(suffix.as_bytes())
        };
        let policy = key
            .as_bytes()
            .windows(10)
            .any(|w| w.eq_ignore_ascii_case(b"\\Policies\\"));
        if ends(r"\W32Time\Parameters") {
            Section::Parameters { policy }
        } else if ends(r"\W32Time\TimeProviders\NtpServer") {
            Section::NtpServer { policy }
        } else {
            Section::Other
        }
    }
}

/// A value line: its name and its data as text (the string between the
/// quotes, or the number's digits after `dword:` / `0x`).
fn value_line(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix('"') {
        // .reg: "Name"="text" or "Name"=dword:00000001
        let (name, data) = rest.split_once("\"=")?;
        let data = match data.strip_prefix('"') {
            Some(quoted) => quoted.strip_suffix('"')?,
            None => data.strip_prefix("dword:")?,
        };
        return Some((name, data));
    }
    // reg query: Name<4 spaces>REG_SZ<4 spaces>data
    let (name, rest) = line.split_once("    ")?;
    let rest = rest.trim_start();
    let (kind, data) = rest.split_once("    ").unwrap_or((rest, ""));
    let data = match kind {
        "REG_SZ" | "REG_EXPAND_SZ" => data,
        "REG_DWORD" => data.trim().strip_prefix("0x")?,
        _ => return None,
    };
    Some((name.trim(), data))
}

impl<'a> RegistrySettings<'a> {
    /// Reads the three values from `text`: the output of
    /// `reg query HKLM\SYSTEM\CurrentControlSet\Services\W32Time /s` (or
    /// of one `reg query` per key), or a `.reg` export already decoded
    /// (`decode_reg_file`, feature `alloc`, for the UTF-16LE files
    /// regedit writes). Key lines start a section (`HKEY_...` or
    /// `[HKEY_...]`); value lines of other keys and every other line are
    /// ignored, so a whole export can be given. Never fails: a value not
    /// found is `None` ([MS-W32T] section 2.2.11).
    #[must_use]
    pub fn parse(text: &'a str) -> RegistrySettings<'a> {
        let mut service = RegistrySettings::default();
        let mut policy = RegistrySettings::default();
        let mut section = Section::Other;
        for line in text.lines() {
            let trimmed = line.trim();
            if let Some(key) = trimmed.strip_prefix('[') {
                section = Section::of(key.trim_end_matches(']'));
                continue;
            }
            if trimmed.starts_with("HKEY_") || trimmed.starts_with("HKLM\\") {
                section = Section::of(trimmed);
                continue;
            }
            let Some((name, data)) = value_line(line) else {
                continue;
            };
            let (slot, in_parameters) = match section {
                Section::Parameters { policy: p } => {
                    (if p { &mut policy } else { &mut service }, true)
                }
                Section::NtpServer { policy: p } => {
                    (if p { &mut policy } else { &mut service }, false)
                }
                Section::Other => continue,
            };
            if in_parameters && name.eq_ignore_ascii_case("NtpServer") {
                slot.ntp_server = Some(data);
            } else if in_parameters && name.eq_ignore_ascii_case("Type") {
                slot.sync_type = Some(SyncType::from_value(data));
            } else if !in_parameters && name.eq_ignore_ascii_case("Enabled") {
                if let Ok(v) = u32::from_str_radix(data.trim(), 16) {
                    slot.provider = Some(NtpServerProvider::from(v == 1));
                }
            }
        }
        RegistrySettings {
            ntp_server: policy.ntp_server.or(service.ntp_server),
            sync_type: policy.sync_type.or(service.sync_type),
            provider: policy.provider.or(service.provider),
        }
    }

    /// The `NtpServer` value as a checked [`ManualPeerList`] (offsets in
    /// the value), `None` when the dump has no such value ([MS-W32T] section 2.2.11).
    #[must_use]
    pub fn peer_list(&self) -> Option<Result<ManualPeerList<'a>, PeerListError>> {
        self.ntp_server.map(ManualPeerList::parse)
    }
}

#[cfg(feature = "alloc")]
pub use decode::{decode_reg_file, RegFileError};

#[cfg(feature = "alloc")]
mod decode {
    use alloc::string::String;

    /// Why the octets of a `.reg` file are not text
    /// ([`decode_reg_file`]; [MS-W32T] section 2.2.11).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
    #[non_exhaustive]
    pub enum RegFileError {
        /// A UTF-16 file (it starts with the byte-order mark FF FE) of an
        /// odd number of octets.
        #[error("a UTF-16 .reg file has an even number of octets, this one {len}")]
        OddLength {
            /// Its length.
            len: usize,
        },
        /// A UTF-16 surrogate without its pair.
        #[error("unpaired UTF-16 surrogate at octet {offset}")]
        UnpairedSurrogate {
            /// Where, in octets.
            offset: usize,
        },
        /// Neither UTF-16LE with a byte-order mark nor UTF-8.
        #[error("not UTF-8 at octet {offset}, and no UTF-16 byte-order mark")]
        NotUtf8 {
            /// Where the first invalid sequence starts.
            offset: usize,
        },
    }

    /// The text of a `.reg` export (feature `alloc`): UTF-16LE after the
    /// byte-order mark FF FE, as regedit writes "Windows Registry Editor
    /// Version 5.00" files, or UTF-8 (a UTF-8 byte-order mark dropped), as
    /// other tools write them. Give the result to
    /// [`RegistrySettings::parse`](super::RegistrySettings::parse) ([MS-W32T] section 2.2.11).
    ///
    /// ```
    /// use ntp_wire::w32time::{decode_reg_file, RegistrySettings};
    ///
    /// let text = "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters]\r\n\"NtpServer\"=\"ntp.local,0x4\"\r\n";
    /// let mut file = vec![0xff, 0xfe];
    /// file.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    /// let decoded = decode_reg_file(&file)?;
    /// assert_eq!(RegistrySettings::parse(&decoded).ntp_server, Some("ntp.local,0x4"));
    /// # Ok::<(), ntp_wire::w32time::RegFileError>(())
    /// ```
    pub fn decode_reg_file(bytes: &[u8]) -> Result<String, RegFileError> {
        if let Some(units) = bytes.strip_prefix(&[0xff, 0xfe]) {
            if units.len() % 2 != 0 {
                return Err(RegFileError::OddLength { len: bytes.len() });
            }
            let words = units
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]));
            let mut text = String::with_capacity(units.len() / 2);
            let mut at = 2;
            for c in char::decode_utf16(words) {
                let c = c.map_err(|_| RegFileError::UnpairedSurrogate { offset: at })?;
                at += c.len_utf16() * 2;
                text.push(c);
            }
            return Ok(text);
        }
        let (skip, bytes) = match bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
            Some(rest) => (3, rest),
            None => (0, bytes),
        };
        match core::str::from_utf8(bytes) {
            Ok(text) => Ok(String::from(text)),
            Err(e) => Err(RegFileError::NotUtf8 {
                offset: skip + e.valid_up_to(),
            }),
        }
    }
}
