//! Byte ranges of the 48-octet NTPv5 header (draft-ietf-ntp-ntpv5-07
//! section 6) and of the fixed-layout extension fields (section 7). The
//! only place in the module where offsets are written down.

use core::ops::Range;

/// A byte range.
pub(crate) type Field = Range<usize>;

// Octets 0-11 (LI, VN, mode, stratum, poll, precision, root delay, root
// dispersion) and 32-47 (receive and transmit timestamps) keep NTPv4's
// offsets (draft section 6); root delay and dispersion are time32 there.
pub(crate) use crate::header::field::{
    LI_SHIFT, LI_VN_MODE, MODE_MASK, ROOT_DELAY, ROOT_DISPERSION, VN_MASK, VN_SHIFT,
};

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
/// First octet after the header: the extension fields.
pub(crate) const FIELDS: usize = crate::header::field::PAYLOAD;

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
