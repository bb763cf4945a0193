//! Windows Time (W32Time): the peer flags of its manual peer list, the
//! NTP mode they make it send, why a server may never answer, and the one
//! command that fixes a whole list.
//!
//! Windows Time, configured as a time source, can send its requests in
//! symmetric active mode (NTP mode 1): for a peer flagged `0x4`, and for a
//! peer without a mode flag on a machine that serves time (KB 875424: "By
//! default, Windows Server 2003 domain controllers are configured as time
//! servers and use symmetric active mode"). Servers that answer only client
//! mode (mode 3) drop mode 1 without a word (NTPsec up to 1.2.4, many
//! appliances and public servers), so synchronization fails and nothing
//! says why. The fix is the peer flag `0x8` (KB 875424), set with
//! `w32tm /config /manualpeerlist:"..." /syncfromflags:MANUAL /update`,
//! which replaces the whole list. This module makes that story expressible:
//!
//! - [`ManualPeerList`]: the `manualpeerlist` text (the `NtpServer`
//!   registry value, [MS-W32T] section 2.2.11), checked strictly,
//!   borrowed, no allocation; [`PeerListError`] names each mistake, with
//!   its correction for the usual typos;
//!   [`ManualPeerList::from_command_line`] reads it out of a whole `w32tm`
//!   line, [`RegistrySettings`] out of `reg query` output or a `.reg`
//!   export;
//! - [`PeerFlags`]: the `0xN` after a peer's comma, kept exactly;
//!   [`PeerFlags::request_mode`] says which mode a request to that peer
//!   uses, given [`NtpServerProvider`] (whether the machine itself serves
//!   time), [`PeerFlags::request`] builds it;
//! - [`ManualPeerList::diagnose`]: a [`ListDiagnosis`] that says which
//!   peers may go unanswered and gives the complete corrected list and the
//!   one command that sets it, every other peer and flag kept;
//!   [`PeerFlags::diagnose`] explains one peer's flags ([`Diagnosis`]);
//! - `ManualPeerListBuf` (feature `alloc`) to edit a list.
//!
//! ```
//! use ntp_wire::w32time::{ManualPeerList, NtpServerProvider};
//!
//! // A domain controller (it serves time) with three sources.
//! let list = ManualPeerList::parse("time.example.com,0x8 10.0.0.1,0x9 ntp.local")?;
//! let diagnosis = list.diagnose(NtpServerProvider::Enabled);
//! assert_eq!(diagnosis.unanswered(), 1); // ntp.local gets mode 1
//! assert_eq!(
//!     diagnosis.command().to_string(),
//!     r#"w32tm /config /manualpeerlist:"time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x8" /syncfromflags:MANUAL /update"#
//! );
//! println!("{diagnosis}");
//! # Ok::<(), ntp_wire::w32time::PeerListError>(())
//! ```
//!
//! Layering: the top layer. It uses [`fields`](crate::fields),
//! [`header`](crate::header) and [`exchange`](crate::exchange) (for the
//! requests it builds); the protocol layers know nothing of Windows, since
//! this is Windows policy mapped onto NTP's modes.

mod command_line;
mod diagnosis;
mod error;
mod flags;
mod host;
mod list_diagnosis;
mod peer_list;
mod registry;

pub use diagnosis::{Diagnosis, ModeCause};
pub use error::{Corrected, Explained, PeerListError, PeerListRule};
pub use flags::{FlagNames, NtpServerProvider, PeerFlags};
pub use host::{same_host, MAX_HOST_LEN};
pub use list_diagnosis::{FixCommand, FixedList, ListDiagnosis, PeerDiagnoses};
pub use peer_list::{ManualPeer, ManualPeerList, Peers, Scan, NO_ALLOC_PEER_LIMIT};
#[cfg(feature = "alloc")]
pub use peer_list::{ManualPeerBuf, ManualPeerListBuf};
#[cfg(feature = "alloc")]
pub use registry::{decode_reg_file, RegFileError};
pub use registry::{RegistrySettings, SyncType, NTP_SERVER_KEY, PARAMETERS_KEY};

#[cfg(test)]
mod tests;
