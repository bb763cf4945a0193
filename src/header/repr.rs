//! The owned header value.

use core::fmt;

use super::{field, Packet, HEADER_LEN};
use crate::fields::{LeapIndicator, Mode, Poll, Precision, ReferenceId, Stratum, Version};
use crate::time::{ShortTime, Timestamp};
use crate::{Error, Result};

/// Every field of the 48-octet NTP header (RFC 5905 section 7.3), typed and
/// public: plain `Copy` data to build, inspect and compare packets.
///
/// Reading and writing are lossless: any header [`Header::parse`] accepts
/// emits back to the same 48 octets.
///
/// ```
/// use ntp_wire::{Header, Mode, Timestamp, Version};
///
/// let request = Header {
///     transmit_timestamp: Timestamp::new(0xeeb0_f290, 0x77b8_37b6),
///     ..Header::new(Version::V4, Mode::Client)
/// };
/// let bytes = request.to_bytes();
/// assert_eq!(bytes[0], 0x23);
/// assert_eq!(Header::from_bytes(&bytes)?, request);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Header {
    /// Leap indicator (octet 0, bits 0-1; RFC 5905 section 7.3).
    pub leap: LeapIndicator,
    /// Version number (octet 0, bits 2-4; RFC 5905 section 7.3).
    pub version: Version,
    /// Association mode (octet 0, bits 5-7; RFC 5905 section 7.3).
    pub mode: Mode,
    /// Stratum (octet 1; RFC 5905 section 7.3).
    pub stratum: Stratum,
    /// Poll exponent (octet 2; RFC 5905 section 7.3).
    pub poll: Poll,
    /// Precision exponent (octet 3; RFC 5905 section 7.3).
    pub precision: Precision,
    /// Root delay (octets 4-7): round-trip delay to the reference clock (RFC 5905 section 7.3).
    pub root_delay: ShortTime,
    /// Root dispersion (octets 8-11): error bound to the reference clock (RFC 5905 section 7.3).
    pub root_dispersion: ShortTime,
    /// Reference id (octets 12-15), read with the stratum (RFC 5905 section 7.3).
    pub reference_id: ReferenceId,
    /// Reference timestamp (octets 16-23; RFC 5905 section 7.3).
    pub reference_timestamp: Timestamp,
    /// Origin timestamp (octets 24-31; RFC 5905 section 7.3).
    pub origin_timestamp: Timestamp,
    /// Receive timestamp (octets 32-39; RFC 5905 section 7.3).
    pub receive_timestamp: Timestamp,
    /// Transmit timestamp (octets 40-47; RFC 5905 section 7.3).
    pub transmit_timestamp: Timestamp,
}

impl Header {
    /// A header of the given version and mode, every other field zero (RFC 5905 section 7.3).
    #[must_use]
    #[inline]
    pub const fn new(version: Version, mode: Mode) -> Header {
        Header {
            leap: LeapIndicator::NoWarning,
            version,
            mode,
            stratum: Stratum(0),
            poll: Poll(0),
            precision: Precision(0),
            root_delay: ShortTime::ZERO,
            root_dispersion: ShortTime::ZERO,
            reference_id: ReferenceId::ZERO,
            reference_timestamp: Timestamp::ZERO,
            origin_timestamp: Timestamp::ZERO,
            receive_timestamp: Timestamp::ZERO,
            transmit_timestamp: Timestamp::ZERO,
        }
    }

    /// Reads every field of a view. Checks again what
    /// [`Packet::new_checked`] checks, so a view made unchecked is safe to
    /// pass: [`Error::Truncated`], [`Error::BadVersion`], [`Error::Ntpv5`],
    /// [`Error::UnsupportedMode`] (RFC 5905 section 7.3).
    #[inline]
    pub fn parse<T: AsRef<[u8]>>(packet: &Packet<T>) -> Result<Header> {
        let bytes = packet.as_bytes();
        let Some(b) = bytes.first_chunk::<HEADER_LEN>() else {
            return Err(Error::truncated(HEADER_LEN, bytes.len()));
        };
        crate::kind::check_time_v1_to_v4(b[field::LI_VN_MODE])?;
        Ok(Header::read(b))
    }

    /// Reads the header at the start of `bytes` (octets past 48 are the
    /// trailer and ignored here; RFC 5905 section 7.3).
    #[inline]
    pub fn from_bytes(bytes: &[u8]) -> Result<Header> {
        Header::parse(&Packet::new_unchecked(bytes))
    }

    /// Octets [`Header::emit`] writes: always 48 (RFC 5905 section 7.3).
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes all 48 octets of the header into the view's buffer and
    /// returns 48; [`Error::BufferTooSmall`] if the buffer is shorter.
    /// Octets after the header are left alone (RFC 5905 section 7.3).
    ///
    /// Any value is written as given (version 0, mode 7, ...), so tests and
    /// fuzzers can build hostile packets.
    #[inline]
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) -> Result<usize> {
        let buf = packet.as_bytes_mut();
        let available = buf.len();
        let Some((header, _)) = buf.split_first_chunk_mut::<HEADER_LEN>() else {
            return Err(Error::buffer_too_small(HEADER_LEN, available));
        };
        self.write(header);
        Ok(HEADER_LEN)
    }

    /// Writes the header into the start of `buf`, as [`Header::emit`] (RFC 5905 section 7.3).
    #[inline]
    pub fn emit_slice(&self, buf: &mut [u8]) -> Result<usize> {
        self.emit(&mut Packet::new_unchecked(buf))
    }

    /// The 48 octets of this header (RFC 5905 section 7.3).
    #[must_use]
    #[inline]
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        self.write(&mut out);
        out
    }

    /// Serializes into six big-endian 64-bit words: the layout of figure 8
    /// is 8-octet aligned, and whole-word stores are what makes emit as
    /// cheap as a hand-written encoder.
    #[inline]
    fn write(&self, out: &mut [u8; HEADER_LEN]) {
        let octet0 = (self.leap.to_bits() << field::LI_SHIFT)
            | ((self.version.to_bits() << field::VN_SHIFT) & field::VN_MASK)
            | self.mode.to_bits();
        let w0 = u64::from_be_bytes([
            octet0,
            self.stratum.0,
            self.poll.to_bits(),
            self.precision.to_bits(),
            0,
            0,
            0,
            0,
        ]) | u64::from(self.root_delay.to_bits());
        let w1 = (u64::from(self.root_dispersion.to_bits()) << 32)
            | u64::from(self.reference_id.to_u32());
        let words = [
            w0,
            w1,
            self.reference_timestamp.to_bits(),
            self.origin_timestamp.to_bits(),
            self.receive_timestamp.to_bits(),
            self.transmit_timestamp.to_bits(),
        ];
        for (chunk, word) in out.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
    }

    /// Reads every field from the first 48 octets, already checked.
    #[inline]
    fn read(b: &[u8; HEADER_LEN]) -> Header {
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[i * 8..i * 8 + 8]);
            u64::from_be_bytes(w)
        };
        let (w0, w1) = (word(0), word(1));
        let octet0 = b[field::LI_VN_MODE];
        Header {
            leap: LeapIndicator::from_bits(octet0 >> field::LI_SHIFT),
            version: Version::from_bits((octet0 & field::VN_MASK) >> field::VN_SHIFT),
            mode: Mode::from_bits(octet0 & field::MODE_MASK),
            stratum: Stratum(b[field::STRATUM]),
            poll: Poll::from_bits(b[field::POLL]),
            precision: Precision::from_bits(b[field::PRECISION]),
            root_delay: ShortTime::from_bits(w0 as u32),
            root_dispersion: ShortTime::from_bits((w1 >> 32) as u32),
            reference_id: ReferenceId::from_u32(w1 as u32),
            reference_timestamp: Timestamp::from_bits(word(2)),
            origin_timestamp: Timestamp::from_bits(word(3)),
            receive_timestamp: Timestamp::from_bits(word(4)),
            transmit_timestamp: Timestamp::from_bits(word(5)),
        }
    }
}

#[cfg(feature = "bytes")]
impl Header {
    /// Appends the 48 octets to a `BufMut`; [`Error::BufferTooSmall`] (and
    /// nothing written) if it cannot take them (RFC 5905 section 7.3).
    pub fn emit_buf<B: bytes::BufMut>(&self, buf: &mut B) -> Result<usize> {
        let available = buf.remaining_mut();
        if available < HEADER_LEN {
            return Err(Error::buffer_too_small(HEADER_LEN, available));
        }
        buf.put_slice(&self.to_bytes());
        Ok(HEADER_LEN)
    }

    /// Reads a header from the front of a `Buf` and advances past its 48
    /// octets; on any error nothing is consumed. [`Error::Truncated`] when
    /// fewer than 48 octets remain; [`Error::BadVersion`],
    /// [`Error::Ntpv5`] and [`Error::UnsupportedMode`] come from octet 0,
    /// which is checked before anything is consumed: `Buf::chunk` always
    /// shows it, however the 48 octets are split into chunks (a `Buf`
    /// with octets left has a non-empty first chunk). A first chunk of 48
    /// octets or more is read in place, a shorter one copied out (RFC 5905 section 7.3).
    pub fn parse_buf<B: bytes::Buf>(buf: &mut B) -> Result<Header> {
        let available = buf.remaining();
        Error::at_least(HEADER_LEN, available)?;
        let mut raw = [0u8; HEADER_LEN];
        match buf.chunk().first() {
            Some(&octet0) => crate::kind::check_time_v1_to_v4(octet0)?,
            // A `Buf` that breaks its contract (no chunk, octets left):
            // copy first, then check.
            None => {
                buf.copy_to_slice(&mut raw);
                crate::kind::check_time_v1_to_v4(raw[field::LI_VN_MODE])?;
                return Ok(Header::read(&raw));
            }
        }
        match buf.chunk().first_chunk::<HEADER_LEN>() {
            Some(first) => {
                raw = *first;
                buf.advance(HEADER_LEN);
            }
            None => buf.copy_to_slice(&mut raw),
        }
        Ok(Header::read(&raw))
    }
}

/// A timestamp that is a client's own value: the transmit timestamp of a
/// request, the origin of a reply that echoes it. A data-minimised client
/// (chrony by default, draft-ietf-ntp-data-minimization section 3) sends a
/// random value there, so it is shown as a date only with that caveat.
#[derive(Clone, Copy)]
struct ClientValue(Timestamp);

impl fmt::Debug for ClientValue {
    /// `Timestamp(0x2f3c7862.d571dddb, may be random; as a date 2061-...Z)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_zero() {
            return fmt::Debug::fmt(&self.0, f);
        }
        write!(f, "Timestamp({self})")
    }
}

impl fmt::Display for ClientValue {
    /// `0x2f3c7862.d571dddb, may be random; as a date 2061-...Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        if t.is_zero() {
            return f.write_str("unset");
        }
        write!(
            f,
            "{:#010x}.{:08x}, may be random; as a date {t}",
            t.seconds(),
            t.fraction()
        )
    }
}

impl Header {
    /// `true` for a request (mode 1 or 3), whose transmit timestamp is the
    /// client's own value.
    const fn transmit_is_client_value(&self) -> bool {
        matches!(self.mode, Mode::Client | Mode::SymmetricActive)
    }

    /// `true` for a reply (mode 2 or 4), whose origin echoes the client's
    /// transmit timestamp.
    const fn origin_is_client_value(&self) -> bool {
        matches!(self.mode, Mode::Server | Mode::SymmetricPassive)
    }
}

impl fmt::Display for Header {
    /// One line: mode, version, stratum, reference and transmit time,
    /// `server (4), NTPv4, stratum 8, local clock 127.127.1.1, transmit
    /// 2026-11-25T05:37:21.611743293Z`. A request's transmit timestamp is
    /// shown in hex first, since it may be random.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, {}, stratum {}, {}, transmit ",
            self.mode,
            self.version,
            self.stratum.0,
            self.reference_id.interpret(self.stratum)
        )?;
        if self.transmit_is_client_value() {
            write!(f, "{}", ClientValue(self.transmit_timestamp))
        } else {
            write!(f, "{}", self.transmit_timestamp)
        }
    }
}

impl fmt::Debug for Header {
    /// Every field in human units, with the reference id read at the
    /// header's stratum, and the client's own timestamp (a request's
    /// transmit, a reply's origin) marked as possibly random.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origin = ClientValue(self.origin_timestamp);
        let transmit = ClientValue(self.transmit_timestamp);
        let mut d = f.debug_struct("Header");
        d.field("leap", &self.leap)
            .field("version", &self.version)
            .field("mode", &self.mode)
            .field("stratum", &self.stratum)
            .field("poll", &self.poll)
            .field("precision", &self.precision)
            .field("root_delay", &self.root_delay)
            .field("root_dispersion", &self.root_dispersion)
            .field("reference_id", &self.reference_id)
            .field(
                "reference",
                &format_args!("{}", self.reference_id.interpret(self.stratum)),
            )
            .field("reference_timestamp", &self.reference_timestamp);
        if self.origin_is_client_value() {
            d.field("origin_timestamp", &origin);
        } else {
            d.field("origin_timestamp", &self.origin_timestamp);
        }
        d.field("receive_timestamp", &self.receive_timestamp);
        if self.transmit_is_client_value() {
            d.field("transmit_timestamp", &transmit);
        } else {
            d.field("transmit_timestamp", &self.transmit_timestamp);
        }
        d.finish()
    }
}
