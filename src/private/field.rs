//! Byte ranges, bit masks and limits of the private message (ntpd's
//! `include/ntp_request.h`). The only place in the module where they are
//! written down.

use core::ops::Range;

/// Octet 0: R (1), M (1), VN (3), Mode (3).
pub(crate) const R_M_VN_MODE: usize = 0;
/// Octet 1: A (1), sequence (7).
pub(crate) const AUTH_SEQ: usize = 1;
/// Octet 2: implementation number.
pub(crate) const IMPLEMENTATION: usize = 2;
/// Octet 3: request code.
pub(crate) const REQUEST: usize = 3;
/// Octets 4-5: err (4 bits), number of data items (12 bits).
pub(crate) const ERR_NITEMS: Range<usize> = 4..6;
/// Octets 6-7: MBZ (4 bits), size of data item (12 bits).
pub(crate) const MBZ_ITEMSIZE: Range<usize> = 6..8;
/// First octet of the data area (`REQ_LEN_HDR`, `RESP_HEADER_SIZE`).
pub(crate) const DATA: usize = 8;

/// Octet 0 bits (`RESP_BIT`, `MORE_BIT`, `INFO_VERSION`, `INFO_MODE`).
pub(crate) const RESPONSE: u8 = 0x80;
pub(crate) const MORE: u8 = 0x40;
pub(crate) const VN_SHIFT: u8 = 3;
pub(crate) const VN_MASK: u8 = 0b0011_1000;
pub(crate) const MODE_MASK: u8 = 0b0000_0111;
/// Octet 1 bits (`INFO_IS_AUTH`, `INFO_SEQ`).
pub(crate) const AUTH: u8 = 0x80;
pub(crate) const SEQ_MASK: u8 = 0x7f;
/// The high nibble of octets 4-5 and 6-7 (`INFO_ERR`, `INFO_MBZ`), and the
/// 12 bits below it (`INFO_NITEMS`, `INFO_ITEMSIZE`).
pub(crate) const NIBBLE_SHIFT: u16 = 12;
pub(crate) const TWELVE_BITS: u16 = 0x0fff;

/// The private message header: 8 octets (`REQ_LEN_HDR`,
/// `RESP_HEADER_SIZE` in ntpd's `ntp_request.h`).
pub const HEADER_LEN: usize = DATA;
/// The data area of a request: at most 176 octets of items
/// (`MODE7_PAYLOAD_LIM`, `req_data_u` in `ntp_request.h`).
pub const REQUEST_DATA_MAX: usize = 176;
/// The data area of a response: at most 500 octets (`RESP_DATA_SIZE` in
/// `ntp_request.h`), so a response is at most 508 octets.
pub const RESPONSE_DATA_MAX: usize = 500;
/// Header, 176-octet data area and 8-octet timestamp (`REQ_LEN_NOMAC` in
/// `ntp_request.h`): the size of every request ntpdc 4.2.8 sends without
/// authenticator.
pub const NTPDC_REQUEST_LEN: usize = 192;
/// The request timestamp, an l_fp (`tstamp`).
pub(crate) const TIMESTAMP_LEN: usize = 8;
/// Timestamp, key id and a 16-octet digest (`REQ_TAIL_MIN`).
pub(crate) const TAIL_MIN: usize = 28;
/// The longest key id and digest (`MAX_MAC_LEN`, 6 words).
pub(crate) const MAX_MAC_LEN: usize = 24;
/// Key id and a 16-octet digest (`MAX_MD5_LEN`, 5 words): what ntpd takes
/// from the end of a fixed-size request.
pub(crate) const MD5_MAC_LEN: usize = 20;
/// The longest authenticated request ntpd takes: 216 octets,
/// `REQ_LEN_NOMAC` + `MAX_MAC_LEN` (`process_private` in
/// `ntpd/ntp_request.c`).
pub const AUTHENTICATED_MAX_LEN: usize = NTPDC_REQUEST_LEN + MAX_MAC_LEN;
/// Within the authenticator: the timestamp, then the key id.
pub(crate) const TAIL_TIMESTAMP: Range<usize> = 0..8;
