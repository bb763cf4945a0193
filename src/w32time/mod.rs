//! Windows Time (W32Time): the peer flags of its manual peer list, the
//! NTP mode they make it send, and why a server may never answer.
//!
//! Windows Time, configured as a time source, sends its requests in
//! symmetric active mode (NTP mode 1) by default; many servers answer only
//! client mode (mode 3) and drop mode 1 without a word, so synchronization
//! fails and nothing says why. The fix is the peer flag `0x8` in
//! `w32tm /config /manualpeerlist:HOST,0x8` (KB 875424). This module makes
//! that story expressible:
//!
//! - [`PeerFlags`]: the `0xN` after a peer's comma, kept exactly
//!   ([MS-W32T] section 2.2.11);
//! - [`PeerFlags::request_mode`]: which mode a request to that peer uses,
//!   given [`NtpServerProvider`] (whether the machine itself serves time);
//! - [`PeerFlags::request`]: that request, built in one call;
//! - [`PeerFlags::diagnose`]: a [`Diagnosis`] that explains, in a
//!   sysadmin's words, why such a request may get no answer and which flag
//!   fixes it;
//! - [`ManualPeerList`]: the `manualpeerlist` text, checked, borrowed
//!   (no allocation), and `ManualPeerListBuf` to edit one (feature
//!   `alloc`).
//!
//! ```
//! use ntp_wire::w32time::{ManualPeerList, NtpServerProvider};
//!
//! // A domain controller (it serves time) with the Windows Server 2003 default.
//! let list = ManualPeerList::parse("time.windows.com,0x1")?;
//! for peer in &list {
//!     let diagnosis = peer.flags.diagnose(NtpServerProvider::Enabled);
//!     assert!(diagnosis.may_go_unanswered());
//!     println!("{}: {diagnosis}", peer.host);
//! }
//! # Ok::<(), ntp_wire::Error>(())
//! ```
//!
//! Layering: the top layer. It uses [`fields`](crate::fields),
//! [`header`](crate::header) and [`exchange`](crate::exchange) (for the
//! requests it builds); the protocol layers know nothing of Windows, since
//! this is Windows policy mapped onto NTP's modes.

mod diagnosis;
mod flags;
mod peer_list;

pub use diagnosis::{Diagnosis, ModeCause};
pub use flags::{FlagNames, NtpServerProvider, PeerFlags};
pub use peer_list::{ManualPeer, ManualPeerList, Peers, Scan, MAX_HOST_LEN};
#[cfg(feature = "alloc")]
pub use peer_list::{ManualPeerBuf, ManualPeerListBuf};

#[cfg(test)]
mod tests;
