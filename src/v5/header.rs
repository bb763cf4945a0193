//! The owned NTPv5 header value.

use core::fmt;

use super::{field, Cookie, Flags, Packet, Timescale, HEADER_LEN};
use crate::fields::{LeapIndicator, Mode, Poll, Precision, Stratum};
use crate::time::{Time32, Timestamp};
use crate::trailer::Strictness;
use crate::{Error, Result};

/// Every field of the 48-octet NTPv5 header (draft-ietf-ntp-ntpv5-07
/// section 6), typed and public: plain `Copy` data to build, inspect and
/// compare packets. The version is not a field: it is 5, written by
/// [`Header::emit`] and checked by [`Header::parse`].
///
/// Reading and writing are lossless: any header [`Header::parse`] (or
/// [`Header::parse_with`] leniently) accepts emits back to the same 48
/// octets.
///
/// ```
/// use ntp_wire::v5::{Cookie, Header, Timescale};
///
/// let request = Header {
///     timescale: Timescale::TAI,
///     ..Header::request(Cookie::from_u64(0x0b61_51a7_683a_30d8))
/// };
/// let bytes = request.to_bytes();
/// assert_eq!((bytes[0], bytes[12]), (0x2b, 1));
/// assert_eq!(Header::from_bytes(&bytes)?, request);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Header {
    /// Leap indicator (octet 0, bits 0-1).
    pub leap: LeapIndicator,
    /// Mode (octet 0, bits 5-7): [`Mode::Client`] (3, request) or
    /// [`Mode::Server`] (4, response).
    pub mode: Mode,
    /// Stratum (octet 1).
    pub stratum: Stratum,
    /// Poll exponent (octet 2); [`POLL_NEVER`](super::POLL_NEVER), 127,
    /// in a response: do not come back.
    pub poll: Poll,
    /// Precision exponent (octet 3).
    pub precision: Precision,
    /// Root delay (octets 4-7), time32.
    pub root_delay: Time32,
    /// Root dispersion (octets 8-11), time32.
    pub root_dispersion: Time32,
    /// Timescale (octet 12).
    pub timescale: Timescale,
    /// Era of the receive timestamp (octet 13).
    pub era: u8,
    /// Flags (octets 14-15).
    pub flags: Flags,
    /// Server cookie (octets 16-23).
    pub server_cookie: Cookie,
    /// Client cookie (octets 24-31).
    pub client_cookie: Cookie,
    /// Receive timestamp (octets 32-39).
    pub receive_timestamp: Timestamp,
    /// Transmit timestamp (octets 40-47).
    pub transmit_timestamp: Timestamp,
}

impl Header {
    /// A header of the given mode, every other field zero.
    #[must_use]
    pub const fn new(mode: Mode) -> Header {
        Header {
            leap: LeapIndicator::NoWarning,
            mode,
            stratum: Stratum(0),
            poll: Poll(0),
            precision: Precision(0),
            root_delay: Time32::ZERO,
            root_dispersion: Time32::ZERO,
            timescale: Timescale::UTC,
            era: 0,
            flags: Flags::NONE,
            server_cookie: Cookie::ZERO,
            client_cookie: Cookie::ZERO,
            receive_timestamp: Timestamp::ZERO,
            transmit_timestamp: Timestamp::ZERO,
        }
    }

    /// A basic request (mode 3, UTC) with `client_cookie`: everything else
    /// zero, as section 6 has requests.
    #[must_use]
    pub const fn request(client_cookie: Cookie) -> Header {
        Header {
            client_cookie,
            ..Header::new(Mode::Client)
        }
    }

    /// Reads every field of a view, checking again what the strict
    /// [`Packet::check`] checks, so a view made unchecked is safe to pass.
    #[inline]
    pub fn parse<T: AsRef<[u8]>>(packet: &Packet<T>) -> Result<Header> {
        Header::parse_with(packet, Strictness::Strict)
    }

    /// [`Header::parse`] at `strictness` ([`Packet::check_with`]).
    #[inline]
    pub fn parse_with<T: AsRef<[u8]>>(
        packet: &Packet<T>,
        strictness: Strictness,
    ) -> Result<Header> {
        let bytes = packet.as_bytes();
        let Some(b) = bytes.first_chunk::<HEADER_LEN>() else {
            return Err(Error::truncated(HEADER_LEN, bytes.len()));
        };
        packet.check_with(strictness)?;
        Ok(Header::read(b))
    }

    /// Reads every field from the first 48 octets, already checked, in six
    /// big-endian 64-bit words (the layout is 8-octet aligned).
    #[inline]
    fn read(b: &[u8; HEADER_LEN]) -> Header {
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[i * 8..i * 8 + 8]);
            u64::from_be_bytes(w)
        };
        let (w0, w1) = (word(0), word(1));
        let [octet0, stratum, poll, precision, ..] = w0.to_be_bytes();
        let [_, _, _, _, timescale, era, f0, f1] = w1.to_be_bytes();
        Header {
            leap: LeapIndicator::from_bits(octet0 >> field::LI_SHIFT),
            mode: Mode::from_bits(octet0 & field::MODE_MASK),
            stratum: Stratum(stratum),
            poll: Poll::from_bits(poll),
            precision: Precision::from_bits(precision),
            root_delay: Time32::from_bits(w0 as u32),
            root_dispersion: Time32::from_bits((w1 >> 32) as u32),
            timescale: Timescale(timescale),
            era,
            flags: Flags(u16::from_be_bytes([f0, f1])),
            server_cookie: Cookie::from_u64(word(2)),
            client_cookie: Cookie::from_u64(word(3)),
            receive_timestamp: Timestamp::from_bits(word(4)),
            transmit_timestamp: Timestamp::from_bits(word(5)),
        }
    }

    /// Reads the header of the packet `bytes` strictly (the whole packet:
    /// its length must be a multiple of 4; the fields are not walked).
    #[inline]
    pub fn from_bytes(bytes: &[u8]) -> Result<Header> {
        Header::parse(&Packet::new_unchecked(bytes))
    }

    /// Octets [`Header::emit`] writes: always 48.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes all 48 octets of the header (version 5) into the view's
    /// buffer and returns 48; [`Error::BufferTooSmall`] if the buffer is
    /// shorter. Octets after the header are left alone.
    ///
    /// Any value is written as given (mode 1, timescale 9, unknown
    /// flags), so tests and fuzzers can build hostile packets.
    #[inline]
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) -> Result<usize> {
        self.emit_slice(packet.as_bytes_mut())
    }

    /// Writes the header into the start of `buf`, as [`Header::emit`].
    #[inline]
    pub fn emit_slice(&self, buf: &mut [u8]) -> Result<usize> {
        let available = buf.len();
        let Some((header, _)) = buf.split_first_chunk_mut::<HEADER_LEN>() else {
            return Err(Error::buffer_too_small(HEADER_LEN, available));
        };
        self.write(header);
        Ok(HEADER_LEN)
    }

    /// The 48 octets of this header.
    #[must_use]
    #[inline]
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        self.write(&mut out);
        out
    }

    /// Serializes into six big-endian 64-bit words, as the v4 header does.
    #[inline]
    fn write(&self, out: &mut [u8; HEADER_LEN]) {
        // The three parts of octet 0 are disjoint bits: their sum is
        // their union.
        let octet0 = (self.leap.to_bits() << field::LI_SHIFT)
            + (field::VERSION << field::VN_SHIFT)
            + (self.mode.to_bits() & field::MODE_MASK);
        let [d0, d1, d2, d3] = self.root_delay.to_bits().to_be_bytes();
        let w0 = u64::from_be_bytes([
            octet0,
            self.stratum.0,
            self.poll.to_bits(),
            self.precision.to_bits(),
            d0,
            d1,
            d2,
            d3,
        ]);
        let [e0, e1, e2, e3] = self.root_dispersion.to_bits().to_be_bytes();
        let [f0, f1] = self.flags.0.to_be_bytes();
        let w1 = u64::from_be_bytes([e0, e1, e2, e3, self.timescale.0, self.era, f0, f1]);
        let words = [
            w0,
            w1,
            self.server_cookie.to_u64(),
            self.client_cookie.to_u64(),
            self.receive_timestamp.to_bits(),
            self.transmit_timestamp.to_bits(),
        ];
        for (chunk, word) in out.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
    }
}

impl fmt::Display for Header {
    /// Every field on one line, in wire order, named as the draft names
    /// them, one unit per quantity:
    ///
    /// `NTPv5 server (4), leap no warning, stratum 1 (primary), poll 2^0 s
    /// (1 s), precision 2^-18 s (0.000003815 s), root delay 0.000000000 s, root
    /// dispersion 0.000000000 s, timescale UTC (0), era 0, flags 0x0001
    /// (synchronized), server cookie 5277fa50b9f36a9a, client cookie
    /// 0b6151a7683a30d8, receive 2026-..., transmit 2026-...`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "NTPv5 {}, leap {}, stratum {}, poll {}{}, precision {}, root delay {}, \
             root dispersion {}, timescale {}, era {}, flags {}, server cookie {}, \
             client cookie {}, receive {}, transmit {}",
            self.mode,
            self.leap,
            self.stratum,
            self.poll,
            if self.poll == super::POLL_NEVER {
                " (never again)"
            } else {
                ""
            },
            self.precision,
            self.root_delay,
            self.root_dispersion,
            self.timescale,
            self.era,
            self.flags,
            self.server_cookie,
            self.client_cookie,
            self.receive_timestamp,
            self.transmit_timestamp,
        )
    }
}
