//! Byte ranges and bit masks of the 12-octet control message header
//! (RFC 9327, "NTP Control Message Format"; ntpd's and NTPsec's
//! `include/ntp_control.h`, `struct ntp_control`). The only place in the
//! crate where mode 6 offsets are written down.

use core::ops::Range;

/// A byte range in the header.
pub(crate) type Field = Range<usize>;

/// Octet 0: LI (2 bits), VN (3 bits), Mode (3 bits), as every NTP message.
pub(crate) const LI_VN_MODE: usize = 0;
/// Octet 1: R, E, M and the 5-bit opcode (`r_m_e_op`).
pub(crate) const REM_OP: usize = 1;
/// Sequence number, echoed in every fragment of the response.
pub(crate) const SEQUENCE: Field = 2..4;
/// Status word, read by context.
pub(crate) const STATUS: Field = 4..6;
/// Association id (0: the system).
pub(crate) const ASSOCIATION_ID: Field = 6..8;
/// Offset of this fragment's data in the whole response.
pub(crate) const OFFSET: Field = 8..10;
/// Octets of data in this fragment, padding and MAC not counted.
pub(crate) const COUNT: Field = 10..12;
/// First octet of data: `CTL_HEADER_LEN`.
pub(crate) const DATA: usize = 12;

/// Response bit (`CTL_RESPONSE`).
pub(crate) const RESPONSE: u8 = 0x80;
/// Error bit (`CTL_ERROR`).
pub(crate) const ERROR: u8 = 0x40;
/// More bit (`CTL_MORE`).
pub(crate) const MORE: u8 = 0x20;
/// Opcode bits (`CTL_OP_MASK`).
pub(crate) const OPCODE: u8 = 0x1f;

/// Bit layout of octet 0.
pub(crate) const LI_SHIFT: u8 = 6;
pub(crate) const VN_SHIFT: u8 = 3;
pub(crate) const VN_MASK: u8 = 0b0011_1000;
/// Mode 6 in octet 0's low bits.
pub(crate) const MODE_CONTROL: u8 = 6;
