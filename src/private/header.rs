//! The owned header value.

use core::fmt;

use super::code::{ErrorCode, Implementation, RequestCode};
use super::field;
use super::packet::{check_header, Packet};
use crate::fields::Version;
use crate::wire::be_u16;
use crate::{Error, PrivateField, PrivateRule, Result};

/// Every field of the 8-octet private message header (ntpd's
/// `ntp_request.h`), typed and public: plain `Copy` data to build,
/// inspect and compare messages. The mode is always 7 and the MBZ nibble
/// always 0, so neither is a field.
///
/// Reading and writing are lossless: any header [`Header::parse`]
/// accepts emits back to the same 8 octets.
///
/// ```
/// use ntp_wire::private::{Header, Implementation, RequestCode};
///
/// // What a monlist scanner sends (CVE-2013-5211).
/// let probe = Header::request(Implementation::XNTPD, RequestCode::MON_GETLIST_1);
/// assert_eq!(probe.to_bytes()?, [0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0]);
/// assert_eq!(Header::from_bytes(&probe.to_bytes()?)?, probe);
/// assert_eq!(
///     probe.to_string(),
///     "request, NTPv2, sequence 0, implementation XNTPD (3), \
///      request code MON_GETLIST_1 (42), err no error (0), 0 items of 0 octets",
/// );
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Header {
    /// R, the response bit (octet 0, 0x80).
    pub response: bool,
    /// M, the more bit (octet 0, 0x40): every packet of a response but
    /// the last.
    pub more: bool,
    /// Version number (octet 0, bits 2-4): 2 from ntpdc.
    pub version: Version,
    /// A, the authenticated bit (octet 1, 0x80): a request with an
    /// authenticator.
    pub authenticated: bool,
    /// Sequence number (octet 1, 7 bits: 0 to 127).
    pub sequence: u8,
    /// Implementation number (octet 2).
    pub implementation: Implementation,
    /// Request code (octet 3).
    pub request_code: RequestCode,
    /// Err (octet 4, high nibble: 0 to 15).
    pub err: ErrorCode,
    /// Number of data items (octets 4-5, 12 bits: 0 to 4095).
    pub nitems: u16,
    /// Size of a data item in octets (octets 6-7, 12 bits: 0 to 4095).
    pub item_size: u16,
}

impl Header {
    /// A request header as ntpdc writes it: version 2
    /// (`RM_VN_MODE(0, 0, 0)`), every other field zero.
    #[must_use]
    pub const fn request(implementation: Implementation, request_code: RequestCode) -> Header {
        Header {
            response: false,
            more: false,
            version: Version::V2,
            authenticated: false,
            sequence: 0,
            implementation,
            request_code,
            err: ErrorCode::OK,
            nitems: 0,
            item_size: 0,
        }
    }

    /// Reads the header of a view, checking again the rules of the
    /// 8-octet header (steps 1 to 4 of [`Packet::check`]; the items and
    /// the authenticator are the view's), so a view made unchecked is safe
    /// to pass.
    #[inline]
    pub fn parse<T: AsRef<[u8]>>(packet: &Packet<T>) -> Result<Header> {
        let bytes = packet.as_bytes();
        check_header(bytes)?;
        Ok(Header::read(bytes))
    }

    /// Reads the header at the start of `bytes`, as [`Header::parse`].
    #[inline]
    pub fn from_bytes(bytes: &[u8]) -> Result<Header> {
        Header::parse(&Packet::new_unchecked(bytes))
    }

    /// Octets [`Header::emit`] writes: always 8.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        field::DATA
    }

    /// Octets the items take: number of items times item size.
    #[must_use]
    pub const fn items_len(&self) -> usize {
        self.nitems as usize * self.item_size as usize
    }

    /// Writes the 8 octets into the view's buffer (MBZ zero) and returns
    /// 8. [`PrivateRule::FieldTooWide`] for a sequence above 127, an err
    /// above 15, a number of items or an item size above 4095;
    /// [`Error::BufferTooSmall`] for a buffer under 8 octets. Octets after
    /// the header are left alone.
    ///
    /// Any other value is written as given (a version of 0, a request
    /// with M set...), so tests and fuzzers can build hostile messages.
    #[inline]
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) -> Result<usize> {
        let bytes = self.to_bytes()?;
        let buf = packet.as_bytes_mut();
        let available = buf.len();
        let Some(head) = buf.get_mut(..field::DATA) else {
            return Err(Error::buffer_too_small(field::DATA, available));
        };
        head.copy_from_slice(&bytes);
        Ok(field::DATA)
    }

    /// Writes the header into the start of `buf`, as [`Header::emit`].
    #[inline]
    pub fn emit_slice(&self, buf: &mut [u8]) -> Result<usize> {
        self.emit(&mut Packet::new_unchecked(buf))
    }

    /// The 8 octets of this header, or the error of [`Header::emit`] for
    /// a value too wide for its field.
    #[inline]
    pub fn to_bytes(&self) -> Result<[u8; 8]> {
        let too_wide = |at: usize, field, value: u16| {
            Error::private(at, PrivateRule::FieldTooWide { field, value })
        };
        if self.sequence > field::SEQ_MASK {
            return Err(too_wide(
                field::AUTH_SEQ,
                PrivateField::Sequence,
                self.sequence.into(),
            ));
        }
        if self.err.0 > 0xf {
            return Err(too_wide(
                field::ERR_NITEMS.start,
                PrivateField::Err,
                self.err.0.into(),
            ));
        }
        if self.nitems > field::TWELVE_BITS {
            return Err(too_wide(
                field::ERR_NITEMS.start,
                PrivateField::Nitems,
                self.nitems,
            ));
        }
        if self.item_size > field::TWELVE_BITS {
            return Err(too_wide(
                field::MBZ_ITEMSIZE.start,
                PrivateField::ItemSize,
                self.item_size,
            ));
        }
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        let octet0 = flag(self.response, field::RESPONSE)
            | flag(self.more, field::MORE)
            | (self.version.to_bits() << field::VN_SHIFT)
            | crate::fields::Mode::Private.to_bits();
        let [e0, e1] = ((u16::from(self.err.0) << field::NIBBLE_SHIFT) | self.nitems).to_be_bytes();
        let [s0, s1] = self.item_size.to_be_bytes();
        Ok([
            octet0,
            flag(self.authenticated, field::AUTH) | self.sequence,
            self.implementation.0,
            self.request_code.0,
            e0,
            e1,
            s0,
            s1,
        ])
    }

    /// Reads the fields of the first 8 octets (the caller checked there
    /// are 8).
    #[inline]
    pub(crate) fn read(b: &[u8]) -> Header {
        let octet0 = b[field::R_M_VN_MODE];
        let auth_seq = b[field::AUTH_SEQ];
        let err_nitems = be_u16(b, field::ERR_NITEMS);
        Header {
            response: octet0 & field::RESPONSE != 0,
            more: octet0 & field::MORE != 0,
            version: Version::from_bits((octet0 & field::VN_MASK) >> field::VN_SHIFT),
            authenticated: auth_seq & field::AUTH != 0,
            sequence: auth_seq & field::SEQ_MASK,
            implementation: Implementation(b[field::IMPLEMENTATION]),
            request_code: RequestCode(b[field::REQUEST]),
            err: ErrorCode((err_nitems >> field::NIBBLE_SHIFT) as u8),
            nitems: err_nitems & field::TWELVE_BITS,
            item_size: be_u16(b, field::MBZ_ITEMSIZE) & field::TWELVE_BITS,
        }
    }
}

impl fmt::Display for Header {
    /// `request` or `response` (with `more`, `authenticated`), the
    /// version, sequence, implementation, request code, err, and the
    /// items: one line, the names of `ntp_request.h`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.response { "response" } else { "request" })?;
        if self.more {
            f.write_str(", more")?;
        }
        if self.authenticated {
            f.write_str(", authenticated")?;
        }
        write!(
            f,
            ", {}, sequence {}, implementation {}, request code {}, err {}",
            self.version, self.sequence, self.implementation, self.request_code, self.err
        )?;
        let s = if self.nitems == 1 { "" } else { "s" };
        write!(f, ", {} item{s} of {} octets", self.nitems, self.item_size)
    }
}
