//! Byte ranges of the 48-octet NTPv5 header (draft-ietf-ntp-ntpv5-07
//! section 6) and of the fixed-layout extension fields (section 7). The
//! only place in the module where offsets are written down.

use core::ops::Range;

/// A byte range.
pub(crate) type Field = Range<usize>;

/// Octet 0: LI (2 bits), VN (3 bits), Mode (3 bits), as in NTPv4.
pub(crate) const LI_VN_MODE: usize = 0;
/// Octet 1: stratum.
pub(crate) const STRATUM: usize = 1;
/// Octet 2: poll exponent.
pub(crate) const POLL: usize = 2;
/// Octet 3: precision exponent.
pub(crate) const PRECISION: usize = 3;
/// Root delay, time32.
pub(crate) const ROOT_DELAY: Field = 4..8;
/// Root dispersion, time32.
pub(crate) const ROOT_DISPERSION: Field = 8..12;
/// Timescale.
pub(crate) const TIMESCALE: usize = 12;
/// Era of the receive timestamp.
pub(crate) const ERA: usize = 13;
/// Flags.
pub(crate) const FLAGS: Field = 14..16;
/// Server cookie.
pub(crate) const SERVER_COOKIE: Field = 16..24;
/// Client cookie.
pub(crate) const CLIENT_COOKIE: Field = 24..32;
/// Receive timestamp, 32.32.
pub(crate) const RECEIVE_TIMESTAMP: Field = 32..40;
/// Transmit timestamp, 32.32.
pub(crate) const TRANSMIT_TIMESTAMP: Field = 40..48;
/// First octet after the header: the extension fields.
pub(crate) const FIELDS: usize = 48;

/// Bit layout of octet 0.
pub(crate) const LI_SHIFT: u8 = 6;
pub(crate) const VN_SHIFT: u8 = 3;
pub(crate) const VN_MASK: u8 = 0b0011_1000;
pub(crate) const MODE_MASK: u8 = 0b0000_0111;
/// The version field of every NTPv5 packet.
pub(crate) const VERSION: u8 = 5;

// The extension field header (type, length) is the trailer's layout:
// `crate::trailer::layout`.

/// Value of a MAC field (section 7.3): key id, then the MAC.
pub(crate) const MAC_KEY_ID: Field = 0..4;
pub(crate) const MAC_VALUE: usize = 4;

/// Value of a Reference IDs Request (section 7.4): the offset, then
/// padding up to the chunk length asked for.
pub(crate) const REFIDS_OFFSET: Field = 0..2;

/// Value of Server Information (section 7.5): supported versions and
/// reserved.
pub(crate) const SERVER_INFO_VERSIONS: Field = 0..2;
pub(crate) const SERVER_INFO_RESERVED: Field = 2..4;
pub(crate) const SERVER_INFO_LEN: usize = 4;

/// Value of the Correction (section 7.6).
pub(crate) const CORRECTION_ORIGIN: Field = 0..8;
pub(crate) const CORRECTION_ORIGIN_PATH: Field = 8..10;
pub(crate) const CORRECTION_RESERVED: Field = 10..12;
pub(crate) const CORRECTION_DELAY: Field = 12..20;
pub(crate) const CORRECTION_DELAY_PATH: Field = 20..22;
pub(crate) const CORRECTION_CHECKSUM: Field = 22..24;
pub(crate) const CORRECTION_LEN: usize = 24;

/// Value of the Reference Timestamp (section 7.7).
pub(crate) const REFERENCE_TIMESTAMP_LEN: usize = 8;

/// Value of the Monotonic Receive Timestamp (section 7.8): epoch id,
/// timestamp.
pub(crate) const MONOTONIC_EPOCH: Field = 0..4;
pub(crate) const MONOTONIC_TIMESTAMP: Field = 4..12;
pub(crate) const MONOTONIC_LEN: usize = 12;

/// Value of the Secondary Receive Timestamp (section 7.9): timescale,
/// era, reserved, timestamp.
pub(crate) const SECONDARY_TIMESCALE: usize = 0;
pub(crate) const SECONDARY_ERA: usize = 1;
pub(crate) const SECONDARY_RESERVED: Field = 2..4;
pub(crate) const SECONDARY_TIMESTAMP: Field = 4..12;
pub(crate) const SECONDARY_LEN: usize = 12;
