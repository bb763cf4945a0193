//! The owned control message header.

use core::fmt;

use super::{field, Opcode, Packet, StatusWord, HEADER_LEN};
use crate::fields::{LeapIndicator, Version};
use crate::kind::Kind;
use crate::wire::be_u16;
use crate::{ControlRule, Error, Result};

/// Every field of the 12-octet control message header (RFC 9327, "NTP
/// Control Message Format"), typed and public: plain `Copy` data. The mode
/// is always 6 and is not a field.
///
/// Lossless: any header [`Header::parse`] accepts emits back to the same
/// 12 octets.
///
/// ```
/// use ntp_wire::control::{Header, Opcode};
///
/// // ntpq's `rv` request: READVAR, sequence 1, LI 3, version 2.
/// let request = Header::request(Opcode::READVAR, 1, 0);
/// assert_eq!(request.to_bytes(), [0xd6, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
/// assert_eq!(Header::from_bytes(&request.to_bytes())?, request);
/// assert_eq!(request.to_string(), "READVAR (2) request, sequence 1, status 0x0000, association id 0, offset 0, count 0");
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Header {
    /// Leap indicator (octet 0, bits 7-6).
    pub leap: LeapIndicator,
    /// Version (octet 0, bits 5-3).
    pub version: Version,
    /// R (octet 1, 0x80): a response.
    pub response: bool,
    /// E (octet 1, 0x40): an error response.
    pub error: bool,
    /// M (octet 1, 0x20): more fragments follow.
    pub more: bool,
    /// Opcode (octet 1, bits 4-0).
    pub opcode: Opcode,
    /// Sequence number (octets 2-3).
    pub sequence: u16,
    /// Status word, raw (octets 4-5); [`Header::status_word`] reads it.
    pub status: u16,
    /// Association id (octets 6-7).
    pub association_id: u16,
    /// Offset of the data in the response (octets 8-9).
    pub offset: u16,
    /// Octets of data (octets 10-11).
    pub count: u16,
}

impl Header {
    /// A request as NTPsec's ntpq sends it: LI 3, version 2 (octet 0
    /// `0xd6`), R, E, M clear, status, offset and count 0.
    #[must_use]
    pub const fn request(opcode: Opcode, sequence: u16, association_id: u16) -> Header {
        Header {
            leap: LeapIndicator::Unsynchronized,
            version: Version::V2,
            response: false,
            error: false,
            more: false,
            opcode,
            sequence,
            status: 0,
            association_id,
            offset: 0,
            count: 0,
        }
    }

    /// The status word read by context ([`StatusWord::decode`]).
    #[must_use]
    pub const fn status_word(&self) -> StatusWord {
        StatusWord::decode(
            self.response,
            self.error,
            self.opcode,
            self.association_id,
            self.status,
        )
    }

    /// Reads the header of a view: [`Error::Truncated`] below 12 octets,
    /// [`Error::BadVersion`] or [`ControlRule::NotControl`] for what is no
    /// control message. The data is not looked at (a header of a capture
    /// cut short reads), so a view made unchecked is safe to pass.
    pub fn parse<T: AsRef<[u8]>>(packet: &Packet<T>) -> Result<Header> {
        let bytes = packet.as_bytes();
        Error::at_least(HEADER_LEN, bytes.len())?;
        let octet0 = bytes[field::LI_VN_MODE];
        if Kind::of_octet0(octet0)? != Kind::Control {
            return Err(Error::control(
                field::LI_VN_MODE,
                ControlRule::NotControl { octet0 },
            ));
        }
        Ok(Header::read(bytes))
    }

    /// [`Header::parse`] of the start of `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Header> {
        Header::parse(&Packet::new_unchecked(bytes))
    }

    /// Reads the first 12 octets, which the caller has checked are there.
    pub(crate) fn read(b: &[u8]) -> Header {
        let octet0 = b[field::LI_VN_MODE];
        let octet1 = b[field::REM_OP];
        Header {
            leap: LeapIndicator::from_bits(octet0 >> field::LI_SHIFT),
            version: Version::from_bits((octet0 & field::VN_MASK) >> field::VN_SHIFT),
            response: octet1 & field::RESPONSE != 0,
            error: octet1 & field::ERROR != 0,
            more: octet1 & field::MORE != 0,
            opcode: Opcode::from_bits(octet1),
            sequence: be_u16(b, field::SEQUENCE),
            status: be_u16(b, field::STATUS),
            association_id: be_u16(b, field::ASSOCIATION_ID),
            offset: be_u16(b, field::OFFSET),
            count: be_u16(b, field::COUNT),
        }
    }

    /// Octets [`Header::emit`] writes: always 12.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes the 12 octets into the view's buffer and returns 12;
    /// [`Error::BufferTooSmall`] if it is shorter. The data after the
    /// header is left alone. Any value is written as given (a version 7,
    /// an opcode of 5 bits taken from any octet), for tests and fuzzers.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) -> Result<usize> {
        let buf = packet.as_bytes_mut();
        let available = buf.len();
        let Some((header, _)) = buf.split_first_chunk_mut::<HEADER_LEN>() else {
            return Err(Error::buffer_too_small(HEADER_LEN, available));
        };
        *header = self.to_bytes();
        Ok(HEADER_LEN)
    }

    /// Writes the header into the start of `buf`, as [`Header::emit`].
    pub fn emit_slice(&self, buf: &mut [u8]) -> Result<usize> {
        self.emit(&mut Packet::new_unchecked(buf))
    }

    /// The 12 octets of this header.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let octet0 = (self.leap.to_bits() << field::LI_SHIFT)
            | ((self.version.to_bits() << field::VN_SHIFT) & field::VN_MASK)
            | field::MODE_CONTROL;
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        let octet1 = flag(self.response, field::RESPONSE)
            | flag(self.error, field::ERROR)
            | flag(self.more, field::MORE)
            | (self.opcode.0 & field::OPCODE);
        let mut out = [0u8; HEADER_LEN];
        out[field::LI_VN_MODE] = octet0;
        out[field::REM_OP] = octet1;
        for (range, v) in [
            (field::SEQUENCE, self.sequence),
            (field::STATUS, self.status),
            (field::ASSOCIATION_ID, self.association_id),
            (field::OFFSET, self.offset),
            (field::COUNT, self.count),
        ] {
            out[range].copy_from_slice(&v.to_be_bytes());
        }
        out
    }
}

impl fmt::Display for Header {
    /// `READVAR (2) response, more, sequence 2, status 0x961a, ...`: the
    /// opcode, the flags set, then every field (the status word decoded).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let direction = if self.response { "response" } else { "request" };
        write!(f, "{} {direction}", self.opcode)?;
        if self.error {
            f.write_str(", error")?;
        }
        if self.more {
            f.write_str(", more")?;
        }
        write!(
            f,
            ", sequence {}, status {}, association id {}, offset {}, count {}",
            self.sequence,
            self.status_word(),
            self.association_id,
            self.offset,
            self.count
        )
    }
}
