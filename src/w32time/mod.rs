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
//! - [`ManualPeerList`]: the `manualpeerlist` text, checked, borrowed
//!   (no allocation), and [`ManualPeerListBuf`] to edit one (feature
//!   `alloc`).
//!
//! Layering: this module uses only [`fields`](crate::fields) here; it sits
//! above the protocol layers because it is Windows policy mapped onto NTP,
//! and the protocol layers know nothing of Windows.

mod flags;
mod peer_list;

pub use flags::{FlagNames, NtpServerProvider, PeerFlags};
pub use peer_list::{ManualPeer, ManualPeerList, Peers, Scan, MAX_HOST_LEN};
#[cfg(feature = "alloc")]
pub use peer_list::{ManualPeerBuf, ManualPeerListBuf};

#[cfg(test)]
mod tests;
