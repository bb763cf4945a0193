//! Byte ranges of the 48-octet header (RFC 5905 section 7.3, figure 8).
//! The only place in the crate where header offsets are written down.

use core::ops::Range;

/// A byte range in the header.
pub(crate) type Field = Range<usize>;

/// Octet 0: LI (2 bits), VN (3 bits), Mode (3 bits).
pub(crate) const LI_VN_MODE: usize = 0;
/// Octet 1: stratum.
pub(crate) const STRATUM: usize = 1;
/// Octet 2: poll exponent.
pub(crate) const POLL: usize = 2;
/// Octet 3: precision exponent.
pub(crate) const PRECISION: usize = 3;
/// Root delay, 16.16.
pub(crate) const ROOT_DELAY: Field = 4..8;
/// Root dispersion, 16.16.
pub(crate) const ROOT_DISPERSION: Field = 8..12;
/// Reference id.
pub(crate) const REFERENCE_ID: Field = 12..16;
/// Reference timestamp, 32.32.
pub(crate) const REFERENCE_TIMESTAMP: Field = 16..24;
/// Origin timestamp, 32.32.
pub(crate) const ORIGIN_TIMESTAMP: Field = 24..32;
/// Receive timestamp, 32.32.
pub(crate) const RECEIVE_TIMESTAMP: Field = 32..40;
/// Transmit timestamp, 32.32.
pub(crate) const TRANSMIT_TIMESTAMP: Field = 40..48;
/// First octet after the header: extension fields or MAC.
pub(crate) const PAYLOAD: usize = 48;

/// Bit layout of octet 0.
pub(crate) const LI_SHIFT: u8 = 6;
pub(crate) const VN_SHIFT: u8 = 3;
pub(crate) const VN_MASK: u8 = 0b0011_1000;
pub(crate) const MODE_MASK: u8 = 0b0000_0111;
