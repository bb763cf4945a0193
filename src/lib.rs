//! # ntp-wire
//!
//! A zero-copy, `no_std` codec for Network Time Protocol packets
//! (RFC 5905): it reads and writes packets and nothing else. No sockets, no
//! clock discipline, no cryptography.
//!
//! ## Start here: which types, in which order
//!
//! **An SNTP client on a microcontroller** (no `std`, no allocator, no
//! floating point; RFC 4330, RFC 5905 section 8):
//! 1. [`exchange::client_request`] builds the request (mode 3, a transmit
//!    timestamp that is not zero); [`Header::to_bytes`] gives its 48
//!    octets;
//! 2. send them; your clock gives T1 (when the request left) and T4 (when
//!    the reply arrived): the crate reads no clock;
//! 3. [`exchange::ResponseCheck::check`] turns the reply into an
//!    [`exchange::Sample`] (offset, delay and root distance, in integer
//!    arithmetic) or the [`exchange::Rejection`] that says why not
//!    (kiss-o'-death, unsynchronized, answers another request);
//! 4. with MACs or NTS, verify the trailer before trusting the sample:
//!    [`Packet::trailer`], [`trailer::nts::NtsResponse`].
//!
//! **A server** (RFC 5905 section 9.2):
//! 1. an [`exchange::ServerState`] from your clock;
//! 2. for each datagram, [`exchange::reply_in_place`] rewrites the request
//!    into its reply (or [`exchange::PreparedReply::answer`] from a reply
//!    kept ready, or [`exchange::reply`] for a [`Header`] value);
//!    [`exchange::kiss_of_death`] to slow a client down;
//! 3. for MACs and NTS fields, [`trailer::TrailerWriter`].
//!
//! **A capture analyser**:
//! 1. [`Packet::new_checked`] over each UDP payload, then [`Header::parse`]
//!    (`Display` is one line, `Debug` every field in seconds);
//! 2. [`Packet::trailer`] walks extension fields and the MAC
//!    ([`trailer::Strictness::Lenient`] for what real software sends);
//! 3. [`exchange::ExpectedReply`] pairs requests with replies,
//!    [`exchange::ResponseCheck`] says whether a reply was usable.
//!
//! **Anything that arrives on port 123** (a monitor, an IDS, a reflection
//! filter, a packet analyser):
//! 1. [`Message::parse`] (or [`Message::parse_udp`] with the ports, for
//!    NTPv1) classifies octet 0 ([`Kind`]) and gives the checked view of
//!    the kind: [`Message::Time`], [`Message::Control`] (mode 6, what
//!    `ntpq` speaks: [`control`]), [`Message::Private`] (mode 7, `ntpdc`:
//!    [`private`]) or [`Message::V5`] ([`v5`]);
//! 2. [`is_amplification_request`] answers a filter's one question (a
//!    monlist or a mode 6 READVAR-style request) from the raw payload;
//! 3. [`control::Reassembler`] joins a fragmented mode 6 response, whose
//!    variables [`control::Variables`] reads.
//!
//! **An NTPv5 client or server** (draft-ietf-ntp-ntpv5):
//! [`v5::Request`] and [`v5::Reply`] build the packets, [`v5::Packet`]
//! reads them, [`v5::BloomFilter`] holds the reference ids; an NTPv4
//! client asks for the upgrade with [`v5::Upgrade`].
//!
//! **Interleaved mode** (RFC 9769): [`exchange::InterleavedClient`] keeps
//! the few timestamps a client carries from one exchange to the next;
//! a server answers with [`exchange::interleaved_answer`].
//!
//! **A Windows Time diagnosis** (KB 875424, [MS-W32T] section 2.2.11):
//! 1. [`w32time::ManualPeerList::parse`] checks the peer list (or
//!    [`w32time::ManualPeerList::from_command_line`] a whole `w32tm` line,
//!    or [`w32time::RegistrySettings::parse`] `reg query` output or a
//!    `.reg` export); a [`w32time::PeerListError`] names the mistake and
//!    corrects the usual typos;
//! 2. [`w32time::ManualPeerList::diagnose`] gives a
//!    [`w32time::ListDiagnosis`]: which peers are sent symmetric active
//!    requests (mode 1) that servers answering only clients drop, the
//!    corrected list, and the one `w32tm` command that sets it;
//! 3. `cargo run --example w32tm -- 'LIST'` does this from a shell, and
//!    `cargo run --example exchange` shows the failure on loopback.
//!
//! ```
//! use ntp_wire::{Header, Mode, Packet, Timestamp, Version};
//!
//! // Build a client request (mode 3): everything zero but the transmit
//! // timestamp, as current practice recommends.
//! let request = Header {
//!     transmit_timestamp: Timestamp::new(0xeeb0_f290, 0x77b8_37b6),
//!     ..Header::new(Version::V4, Mode::Client)
//! };
//! let mut buf = [0u8; 48];
//! let len = request.emit(&mut Packet::new_unchecked(&mut buf[..]))?;
//! assert_eq!(len, 48);
//! assert_eq!(buf[0], 0x23); // LI 0, version 4, mode 3
//!
//! // Read it back: first the zero-copy view, then the owned header.
//! let packet = Packet::new_checked(&buf[..])?;
//! assert_eq!(packet.mode(), Mode::Client);
//! assert_eq!(packet.transmit_timestamp(), request.transmit_timestamp);
//! assert_eq!(Header::parse(&packet)?, request);
//!
//! // Bad input is a typed error, never a panic.
//! assert_eq!(
//!     Packet::new_checked(&buf[..47]).unwrap_err(),
//!     ntp_wire::Error::Truncated { needed: 48, available: 47 },
//! );
//! # Ok::<(), ntp_wire::Error>(())
//! ```
//!
//! ## Layers
//!
//! From the bottom up. A module uses only the modules above it in this
//! list, never one below (`tests/layers.rs` reads every `crate::` path in
//! `src/` and fails on any that runs back up):
//!
//! 1. `wire` (crate-private): big-endian reads, the borrowed span every
//!    item keeps, word padding, the macro behind the open wire enums.
//! 2. [`time`]: [`Timestamp`] (32.32), [`ShortTime`] (16.16),
//!    [`Time32`] (4.28, NTPv5), [`DateTime`] (128-bit, with era),
//!    [`TimeDelta`], [`UnixTime`].
//! 3. [`fields`]: [`LeapIndicator`], [`Version`], [`Mode`], [`Stratum`],
//!    [`Poll`], [`Precision`], [`ReferenceId`], [`KissCode`] and
//!    [`ExtensionFieldType`].
//! 4. `error`: [`Error`], scoped by kind ([`TrailerRule`], [`NtsKeRule`],
//!    [`ControlRule`], [`PrivateRule`], [`V5Rule`]).
//! 5. [`kind`]: [`Kind`], the one classification of octet 0.
//! 6. [`header`]: the v1-v4 [`Packet`] view and the [`Header`] value.
//! 7. [`trailer`]: what follows a v1-v4 header: extension fields, MAC
//!    and crypto-NAK ([`Trailer`](trailer::Trailer),
//!    [`TrailerWriter`](trailer::TrailerWriter)), NTS, Autokey, the
//!    checksum complement and the MS-SNTP authenticators.
//! 8. [`nts_ke`]: NTS Key Establishment records (a TLS stream, not a
//!    packet).
//! 9. [`control`]: control messages (mode 6, RFC 9327): the
//!    [`control::Packet`] view, [`control::Header`], status words, MAC
//!    locator, data readers, reassembly and request builders.
//! 10. [`private`]: ntpd's private messages (mode 7, `ntp_request.h`):
//!     the header view and value, data items, authenticated requests,
//!     the request builder and the monlist check (CVE-2013-5211).
//! 11. [`v5`]: NTPv5 (draft-ietf-ntp-ntpv5, wire format of -07 to -09):
//!     the [`v5::Packet`] view and [`v5::Header`], extension fields, the
//!     reference-id Bloom filter, request and reply builders, and the
//!     upgrade from NTPv4.
//! 12. `message`: the front door, [`Message::parse`].
//! 13. [`exchange`]: mode pairing, request and reply builders, response
//!     checks (offset, delay, root distance).
//! 14. [`w32time`]: Windows Time's [`PeerFlags`](w32time::PeerFlags), the
//!     request mode they select, its manual peer list, and the diagnosis
//!     of a server that never answers.
//!
//! ## Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `std` | yes | `SystemTime` conversions, [`Timestamp::now`]; implies `alloc` |
//! | `alloc` | no | owned conveniences that need an allocator (`control::VecReassembler`) |
//! | `bytes` | no | [`Header::emit_buf`] / [`Header::parse_buf`] over `bytes::BufMut` / `Buf`; implies `alloc` |
//! | `serde` | no | `Serialize` / `Deserialize` for the owned types |
//! | `defmt` | no | `defmt::Format` for the public types |
//! | `md5` | no | [`ReferenceId::from_ipv6`] |
//!
//! With no features the crate needs neither `std` nor an allocator.
//!
//! ## Panics
//!
//! None on any input: every parse returns a value or an [`Error`]. The one
//! documented exception is the explicit opt-out [`Packet::new_unchecked`]
//! over a buffer shorter than 48 octets.
//!
// Items behind a feature that is off cannot be linked to; point their links
// at the type instead, so `cargo doc` stays warning-free with any features.
#![cfg_attr(not(feature = "std"), doc = "[`Timestamp::now`]: Timestamp")]
#![cfg_attr(not(feature = "bytes"), doc = "[`Header::emit_buf`]: Header")]
#![cfg_attr(not(feature = "bytes"), doc = "[`Header::parse_buf`]: Header")]
#![cfg_attr(not(feature = "md5"), doc = "[`ReferenceId::from_ipv6`]: ReferenceId")]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod control;
mod error;
pub mod exchange;
pub mod fields;
#[doc(hidden)]
pub mod fuzzing;
pub mod header;
pub mod kind;
mod message;
pub mod nts_ke;
pub mod private;
pub mod time;
pub mod trailer;
pub mod v5;
pub mod w32time;
mod wire;

pub use error::{
    ControlRule, Error, NtsKeRule, PrivateField, PrivateRule, Result, TrailerRule, V5Rule,
};
pub use kind::Kind;
pub use message::{is_amplification_request, Message};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
pub use fields::{
    ExtensionFieldType, KissCode, LeapIndicator, Mode, Poll, Precision, ReferenceId, ReferenceKind,
    SourceName, Stratum, StratumKind, Version,
};
pub use header::{Header, Packet, HEADER_LEN};
pub use time::{DateTime, ShortTime, Time32, TimeDelta, Timestamp, UnixTime};
