//! Control messages: NTP mode 6, what `ntpq`, monitoring plugins and
//! exporters speak to ntpd and NTPsec (RFC 9327, Historic, which replaces
//! RFC 1305 appendix B; the layouts of ntpd 4.2.8p15's and NTPsec 1.2.2's
//! `include/ntp_control.h` and `ntpd/ntp_control.c`, which the crate
//! follows where the RFC is silent).
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |LI | VN  |Mode |R|E|M| Opcode  |          Sequence             |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |            Status             |        Association ID         |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |            Offset             |            Count              |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .         Data (Count octets, at most 468), padding             .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |           Key ID (optional, at 12 + Count rounded to 8 or 4)  |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .           Digest (16 or 20 octets)                            .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! - [`Packet`]: the zero-copy view, checked once by
//!   [`Packet::new_checked`]; [`Header`]: the owned header
//!   (`parse` / `emit` / `to_bytes`); [`Opcode`]; the status word read by
//!   context ([`StatusWord`]: [`SystemStatus`], [`PeerStatus`],
//!   [`ClockStatus`], [`ErrorStatus`], each part named as ntpq and tshark
//!   name it).
//! - The MAC locator ([`Packet::mac`]): 8-aligned, 4-aligned, or right
//!   after the header of an error response ([`ControlMac`]).
//! - Data readers, borrowed: READSTAT association lists
//!   ([`AssociationList`]), `name=value` lists ([`Variables`], bounded by
//!   [`Limits`]), READ_MRU replies ([`MruReply`]).
//! - [`Reassembler`] (a caller's buffer) and `VecReassembler` (`alloc`):
//!   one response from its fragments.
//! - Builders of READSTAT, READVAR, REQ_NONCE and READ_MRU requests
//!   ([`RequestWriter`], [`readstat`], [`readvar`], [`req_nonce`],
//!   [`read_mru`]), optionally with room for a MAC the caller signs.
//!
//! A whole exchange, as `ntpq -c rv` has it:
//!
//! ```
//! use ntp_wire::control::{readvar, Packet, StatusWord};
//!
//! let mut request = [0u8; 12];
//! let built = readvar(&mut request, 1, 0, &[], None)?;
//! assert_eq!(&request[..built.len], &[0xd6, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
//!
//! // NTPsec's answer, shortened: status 0x0514, two variables.
//! let mut reply = vec![0x16, 0x82, 0, 1, 0x05, 0x14, 0, 0, 0, 0, 0, 20];
//! reply.extend_from_slice(b"leap=0, stratum=9\r\n\0");
//! let packet = Packet::new_checked(&reply[..])?;
//! let StatusWord::System(status) = packet.status_word() else { panic!() };
//! assert_eq!(status.leap_name(), "leap_none");
//! let stratum = packet.variables().find(b"stratum")?.unwrap();
//! assert_eq!(stratum.value_str(), Some("9"));
//! assert!(packet.mac()?.is_none());
//! # Ok::<(), ntp_wire::Error>(())
//! ```
//!
//! No-panic contract: every reader takes any input and returns a value or
//! an [`Error`](crate::Error) (mostly
//! [`Error::Control`](crate::Error::Control) with a
//! [`ControlRule`](crate::ControlRule)); every walk is bounded by its
//! input, each step consuming at least one octet. Nothing here computes a
//! MAC: the readers and builders give the byte ranges to hash.

mod field;
mod header;
mod mac;
mod mru;
mod opcode;
mod packet;
mod readstat;
mod reassembly;
mod request;
mod status;
mod vars;

pub use crate::error::MruTag;
pub use header::Header;
pub use mac::{ControlMac, MacAlignment};
pub use mru::{EntryValue, MruEntries, MruEntry, MruField, MruFields, MruReply, MruSummary, Score};
pub use opcode::Opcode;
pub use packet::Packet;
pub use readstat::{Association, AssociationList};
#[cfg(feature = "alloc")]
pub use reassembly::VecReassembler;
pub use reassembly::{Reassembler, Response, MAX_FRAGMENTS};
pub use request::{
    read_mru, readstat, readvar, req_nonce, Built, MruQuery, RequestWriter, SignatureRanges,
    Signing, MRU_FRAGS_LIMIT, MRU_MAX_PRIORS, MRU_ROW_LIMIT,
};
pub use status::{
    ClockCode, ClockSource, ClockStatus, ErrorCode, ErrorStatus, PeerEvent, PeerSelection,
    PeerStatus, StatusWord, SystemEvent, SystemStatus,
};
pub use vars::{Limits, Variable, Variables};

/// Octets of the control message header (`CTL_HEADER_LEN`).
pub const HEADER_LEN: usize = 12;
/// The most data octets one control message holds (`CTL_MAX_DATA_LEN`).
pub const MAX_DATA_LEN: usize = 468;
