//! NTPv5 (draft-ietf-ntp-ntpv5): the header, its extension fields, the
//! reference-id Bloom filter, the builders of requests and replies, and
//! the negotiation from NTPv4.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |LI | VN  |Mode |    Stratum    |     Poll      |   Precision   |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                  Root Delay (time32, 4.28)                    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                Root Dispersion (time32, 4.28)                 |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |   Timescale   |      Era      |             Flags             |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! +                      Server Cookie (64)                       +
//! +                      Client Cookie (64)                       +
//! +                    Receive Timestamp (64)                     +
//! +                    Transmit Timestamp (64)                    +
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .   Extension fields: type, length (4 + value), value, padding  .
//! ```
//!
//! ## Which draft
//!
//! The wire format is that of **draft-ietf-ntp-ntpv5-07** (its section
//! numbers are the ones cited throughout), which -08 and -09 keep: the
//! implementers changed only the Draft Identification string between them
//! (ntpd-rs commits 3ccf44f3 and 2f21eebe are one-line changes of it), and
//! ntpd-rs 1.9 interoperates with this module's bytes (`tests/v5.rs`,
//! `tests/v5_daemon.rs`). The texts of -08 and -09 were not at hand when
//! this was written; the Reference IDs fields (section 7.4) in particular
//! are -07's Bloom filter, as ntpd-rs 1.9 has them, and a later draft may
//! replace them. The builders choose the Draft Identification
//! ([`Request::draft`], [`Reply::draft`]), defaulting to [`DRAFT_08`],
//! what ntpd-rs 1.9 speaks and requires.
//!
//! ## What is here
//!
//! - [`Packet`], a zero-copy view: check once ([`Packet::new_checked`],
//!   strict as ntpd-rs: mode 3 or 4, timescale 0-3, known flags, a whole
//!   number of words; [`Packet::new_checked_with`] reads leniently), then
//!   infallible getters and in-place setters. [`Header`] is the owned
//!   value, with [`Timescale`], [`Flags`], [`Cookie`] and
//!   [`Time32`](crate::time::Time32).
//! - [`Fields`], the walk of the extension fields (the crate's field-rule
//!   engine, plus the draft's order: only a Correction after a MAC,
//!   nothing after a Correction), [`FieldValue`] to type each, and
//!   [`FieldWriter`] to write them. The field types are the `V5_`
//!   constants of [`ExtensionFieldType`](crate::ExtensionFieldType).
//! - [`Request`] and [`Reply`]: the builders, a reply as long as its
//!   request, laid out as ntpd-rs lays out its own.
//! - [`BloomFilter`] and [`ServerId`]: the reference ids, in ntpd-rs's
//!   bit order; [`ReferenceIdsRequest::chunks`] fetches a filter in
//!   chunks.
//! - [`Upgrade`]: the `NTP5DRFT` / `NTP5NTP5` offers in a v4 request.
//!
//! No-panic contract: [`Packet::new_checked`], [`Header::parse`], the
//! [`Fields`] walk, [`FieldValue::read`] and the builders take any input
//! and return a value or an [`Error`](crate::Error); after a successful
//! `new_checked` no getter or setter can panic. Only a view made with
//! [`Packet::new_unchecked`] over fewer than 48 octets panics, as its
//! documentation says.
//!
//! ```
//! use ntp_wire::v5::{Cookie, FieldValue, Header, Packet, Reply, Request, DRAFT_08};
//! use ntp_wire::{Message, Mode, Stratum, Timestamp};
//!
//! // A client's request: draft 08, as ntpd-rs 1.9 wants it.
//! let mut request = [0u8; 128];
//! let len = Request::new(Cookie::from_u64(0x0b61_51a7_683a_30d8)).emit(&mut request)?;
//! let request = &request[..len];
//!
//! // A server's answer, as long as the request.
//! let server = Header {
//!     stratum: Stratum(1),
//!     receive_timestamp: Timestamp::from_bits(0xeebc_91ab_1066_88d3),
//!     transmit_timestamp: Timestamp::from_bits(0xeebc_91ab_106f_6944),
//!     ..Header::new(Mode::Server)
//! };
//! let mut reply = [0u8; 128];
//! let len = Reply::new(server).emit(request, &mut reply)?;
//!
//! // The client reads it through the front door.
//! let Message::V5(packet) = Message::parse(&reply[..len])? else { panic!() };
//! assert_eq!(packet.client_cookie(), Cookie::from_u64(0x0b61_51a7_683a_30d8));
//! assert_eq!(packet.stratum(), Stratum(1));
//! for field in packet.fields() {
//!     assert_eq!(FieldValue::read(&field?)?, FieldValue::DraftIdentification(DRAFT_08.as_bytes()));
//! }
//! # Ok::<(), ntp_wire::Error>(())
//! ```

mod bloom;
mod field;
mod fields;
mod flags;
mod header;
mod negotiation;
mod packet;
mod request;
mod timescale;
mod value;
mod writer;

pub use bloom::{BloomFilter, ServerId, BLOOM_FILTER_LEN};
pub use fields::Fields;
pub use flags::{Cookie, Flags};
pub use header::Header;
pub use negotiation::Upgrade;
pub use packet::Packet;
pub use request::{Reply, Request, DRAFT_07, DRAFT_08, DRAFT_09};
pub use timescale::Timescale;
pub use value::{
    mac_authenticated_range, Correction, FieldValue, MacValue, MonotonicReceiveTimestamp,
    ReferenceIdsRequest, SecondaryReceiveTimestamp, ServerInformation,
};
pub use writer::FieldWriter;

use crate::fields::Poll;

/// Length of the NTPv5 header in octets (draft-ietf-ntp-ntpv5-07 section
/// 6), as NTPv4's.
pub const HEADER_LEN: usize = 48;

/// Poll 127 in a response: the server "does not want to hear from the
/// client again" (draft-ietf-ntp-ntpv5-07 section 6), NTPv5's DENY kiss
/// code (ntpd-rs: `PollInterval::NEVER`). A poll above the client's own
/// is NTPv5's RATE.
pub const POLL_NEVER: Poll = Poll(127);

#[cfg(test)]
mod tests;
