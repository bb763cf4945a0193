//! The 48-octet NTP header (RFC 5905 section 7.3), read and written three
//! ways:
//!
//! - [`Packet`], a zero-copy view over any buffer: check once with
//!   [`Packet::new_checked`], then read (and, over a mutable buffer, write)
//!   every field in place without a fallible call;
//! - [`Header`], an owned `Copy` value with every field typed and public:
//!   [`Header::parse`] / [`Header::emit`], [`Header::to_bytes`] /
//!   [`Header::from_bytes`];
//! - the raw octets, which both give back exactly.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |LI | VN  |Mode |    Stratum     |     Poll      |  Precision   |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                         Root Delay                            |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                         Root Dispersion                       |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                          Reference ID                         |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! +                     Reference Timestamp (64)                  +
//! +                        Origin Timestamp (64)                  +
//! +                        Receive Timestamp (64)                 +
//! +                        Transmit Timestamp (64)                +
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .    Extension fields and MAC (optional): see Packet::payload    .
//! ```
//!
//! No-panic contract: [`Packet::new_checked`] and [`Header::parse`] accept
//! any input and return a value or an [`Error`](crate::Error); after a
//! successful `new_checked`, no getter or setter can panic. Only a view made
//! with [`Packet::new_unchecked`] over fewer than 48 octets panics (on a
//! bounds-checked slice index), as its documentation says.

pub(crate) mod field;
mod packet;
mod repr;

pub use packet::Packet;
pub use repr::Header;

/// Length of the NTP header in octets (RFC 5905 section 7.3).
pub const HEADER_LEN: usize = 48;

#[cfg(test)]
mod tests;
