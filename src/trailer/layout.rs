//! Offsets and sizes of the trailer structures (RFC 7822 section 3,
//! RFC 5905 section 7.5, RFC 8915 sections 4 and 5). The only place in
//! the trailer where they are written down.

use core::ops::Range;

/// Extension field header: Field Type (16), Length (16).
pub(crate) const FIELD_TYPE: Range<usize> = 0..2;
pub(crate) const FIELD_LENGTH: Range<usize> = 2..4;
pub(crate) const FIELD_HEADER_LEN: usize = 4;
/// Smallest extension field (RFC 7822 section 3).
pub(crate) const FIELD_MIN_LEN: usize = 16;
/// Smallest last extension field without a MAC (RFC 7822 section 3, updating RFC 5905 section 7.5).
pub(crate) const LAST_FIELD_MIN_LEN: usize = 28;

/// MAC: key id (32) then digest (RFC 5905 section 7.5).
pub(crate) const MAC_KEY_ID: Range<usize> = 0..4;
pub(crate) const MAC_DIGEST: usize = 4;
/// Trailer lengths a v4 walk takes as a MAC: MD5 / AES-CMAC and SHA-1.
pub(crate) const V4_MAC_LENS: [usize; 2] = [20, 24];
/// Crypto-NAK: a key id of zero and nothing else.
pub(crate) const CRYPTO_NAK_LEN: usize = 4;
/// MS-SNTP extended authenticator ([MS-SNTP] section 2.2.3).
pub(crate) const MS_SNTP_EXTENDED_LEN: usize = 72;

/// NTS Authenticator body: Nonce Length (16), Ciphertext Length (16).
pub(crate) const NTS_NONCE_LEN: Range<usize> = 0..2;
pub(crate) const NTS_CIPHERTEXT_LEN: Range<usize> = 2..4;
pub(crate) const NTS_AUTH_HEADER_LEN: usize = 4;
/// Nonce plus its padding is at least 16 octets (RFC 8915 section 5.6).
pub(crate) const NTS_MIN_NONCE_SPACE: usize = 16;
/// Unique Identifier body, at least 32 octets (RFC 8915 section 5.3).
pub(crate) const NTS_MIN_UNIQUE_ID: usize = 32;

/// `n` rounded up to a multiple of 4, without overflow for any `usize`
/// the crate handles (packet lengths, at most a few times 64 KiB).
#[inline]
pub(crate) const fn pad4(n: usize) -> usize {
    (n + 3) & !3
}

/// `n` rounded up to a multiple of 4, `None` if that overflows: for
/// lengths a caller gives, which may be anything.
#[inline]
pub(crate) const fn checked_pad4(n: usize) -> Option<usize> {
    match n.checked_add(3) {
        Some(m) => Some(m & !3),
        None => None,
    }
}

#[inline]
pub(crate) fn be_u16(data: &[u8], range: Range<usize>) -> u16 {
    let mut b = [0u8; 2];
    b.copy_from_slice(&data[range]);
    u16::from_be_bytes(b)
}

#[inline]
pub(crate) fn be_u32(data: &[u8], range: Range<usize>) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&data[range]);
    u32::from_be_bytes(b)
}

/// Wireshark reads whatever is left after the last field, up to 24
/// octets, as key id and MAC; lenient walks do the same.
pub(crate) const WIRESHARK_MAX_MAC_LEN: usize = 24;

/// The rule a lenient walk waived, kept in one octet: the rule's numbers
/// are the item's own length, so the full [`TrailerRule`](crate::TrailerRule)
/// is rebuilt on demand and items stay small on the hot path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Waived {
    FieldTooShort,
    FieldNotAligned,
    LastFieldTooShort,
    MacLength,
}

impl Waived {
    /// The full rule, for an item of wire length `length` (the field's
    /// length field, or the MAC's octets).
    pub(crate) fn rule(self, length: usize) -> crate::TrailerRule {
        use crate::TrailerRule as R;
        let short = u16::try_from(length).unwrap_or(u16::MAX);
        match self {
            Waived::FieldTooShort => R::FieldTooShort { length: short },
            Waived::FieldNotAligned => R::FieldNotAligned { length: short },
            Waived::LastFieldTooShort => R::LastFieldTooShort { length: short },
            Waived::MacLength => R::MacLength { length },
        }
    }
}
