//! Offsets and sizes of the trailer structures (RFC 7822 section 3,
//! RFC 5905 section 7.5, RFC 8915 section 5). The only place in the
//! trailer where they are written down.

use core::ops::Range;

/// Extension field header: Field Type (16), Length (16).
pub(crate) const FIELD_TYPE: Range<usize> = 0..2;
pub(crate) const FIELD_LENGTH: Range<usize> = 2..4;
pub(crate) const FIELD_HEADER_LEN: usize = 4;
/// Smallest extension field after an NTPv4 header (RFC 7822 section 3).
pub(crate) const FIELD_MIN_LEN: usize = 16;
/// Smallest last extension field without a MAC (RFC 7822 section 3,
/// updating RFC 5905 section 7.5).
pub(crate) const LAST_FIELD_MIN_LEN: usize = 28;

/// MAC: key id (32) then digest (RFC 5905 section 7.5).
pub(crate) const MAC_KEY_ID: Range<usize> = 0..4;
pub(crate) const MAC_DIGEST: usize = 4;
/// Crypto-NAK: a key id of zero and nothing else.
pub(crate) const CRYPTO_NAK_LEN: usize = 4;
/// MS-SNTP extended authenticator ([MS-SNTP] section 2.2.3).
pub(crate) const MS_SNTP_EXTENDED_LEN: usize = 72;
/// Wireshark reads whatever is left after the last field, up to 24
/// octets, as key id and MAC; lenient walks do the same.
pub(crate) const WIRESHARK_MAX_MAC_LEN: usize = 24;

/// NTS Authenticator body: Nonce Length (16), Ciphertext Length (16).
pub(crate) const NTS_NONCE_LEN: Range<usize> = 0..2;
pub(crate) const NTS_CIPHERTEXT_LEN: Range<usize> = 2..4;
pub(crate) const NTS_AUTH_HEADER_LEN: usize = 4;
/// Nonce plus its padding is at least 16 octets (RFC 8915 section 5.6).
pub(crate) const NTS_MIN_NONCE_SPACE: usize = 16;
/// Unique Identifier body, at least 32 octets (RFC 8915 section 5.3).
pub(crate) const NTS_MIN_UNIQUE_ID: usize = 32;
