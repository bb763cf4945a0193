//! Everything after the 48-octet header: extension fields (RFC 7822), the
//! MAC or crypto-NAK (RFC 5905 section 7.5), and the structures carried in
//! them: NTS (RFC 8915), Autokey (RFC 5906), the checksum complement
//! (RFC 7821), and Microsoft's MS-SNTP authenticators.
//!
//! ```text
//! +----------------+----------------------+-----------------------------+
//! | header (48)    | extension fields ... | MAC: key id + digest (opt.) |
//! +----------------+----------------------+-----------------------------+
//! ```
//!
//! - Reading: [`Trailer`] ([`Packet::trailer`](crate::Packet::trailer)) walks
//!   the trailer without copying, strictly by default, leniently on request
//!   ([`Strictness`]). The typed views ([`nts`], [`AutokeyField`],
//!   [`ChecksumComplement`], [`MsSntpAuthenticator`]) read the items.
//! - Writing: [`TrailerWriter`] appends fields, a MAC or a crypto-NAK into
//!   a `&mut [u8]`, with the `bytes` feature also into a `BufMut`;
//!   [`nts::write_request`] lays out an NTS request.
//! - NTS-KE records (RFC 8915 section 4), which travel over TLS and not in
//!   NTP packets, are in their own module, [`nts_ke`](crate::nts_ke).
//!
//! No cryptography is done here: the views give the exact byte ranges to
//! hash, sign, encrypt and decrypt.
//!
//! No-panic contract: every reader takes any input and returns a value or
//! an [`Error`](crate::Error); every walk is bounded by its input length.

mod autokey;
mod checksum_complement;
mod ext_field;
pub(crate) mod field_format;
pub(crate) mod layout;
mod lenient;
mod mac;
mod ms_sntp;
pub mod nts;
mod walk;
mod writer;

pub use crate::fields::ExtensionFieldType;
pub use autokey::{AutokeyCode, AutokeyField, AutokeyMessage};
pub use checksum_complement::{
    adjust_complement, set_transmit_timestamp_keeping_checksum, ChecksumComplement,
    CHECKSUM_COMPLEMENT_LEN,
};
pub use ext_field::ExtensionField;
pub use lenient::Strictness;
pub(crate) use mac::{whole_trailer, WholeTrailer};
pub use mac::{Mac, MacAlgorithm};
pub use ms_sntp::{
    ms_sntp_request, write_ms_sntp, write_ms_sntp_extended, MsSntpAuthenticator, MsSntpExtended,
    MsSntpExtendedAuthenticator, MsSntpFlags, MsSntpHashId, MsSntpKeyId, MsSntpRequestKind,
    MS_SNTP_EXTENDED_PACKET_LEN, MS_SNTP_PACKET_LEN,
};
pub use walk::{Trailer, TrailerItem};
pub use writer::{field_len, TrailerWriter};
#[cfg(feature = "bytes")]
pub use writer::{put_crypto_nak, put_field, put_mac};

#[cfg(test)]
mod tests;
