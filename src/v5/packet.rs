//! The zero-copy NTPv5 packet view.

use super::field;
use super::{Cookie, Fields, Flags, Timescale};
use crate::fields::{LeapIndicator, Mode, Poll, Precision, Stratum, Version};
use crate::header::Packet as V4Packet;
use crate::kind::Kind;
use crate::time::{Time32, Timestamp};
use crate::trailer::Strictness;
use crate::wire::{be_u16, be_u32, be_u64};
use crate::{Error, Result, V5Rule};

/// A view of an NTPv5 packet (draft-ietf-ntp-ntpv5-07 section 6) over any
/// buffer: the 48-octet header, then the extension fields.
///
/// [`Packet::new_checked`] validates once (length, version 5, mode 3 or
/// 4, a whole number of words, and, strictly, timescale and flags); after
/// that every getter is infallible and reads straight from the buffer,
/// and over a mutable buffer every setter writes in place. The extension
/// fields are walked on demand ([`Packet::fields`]).
///
/// ```
/// use ntp_wire::v5::{Cookie, Flags, Packet, Timescale};
/// use ntp_wire::Mode;
///
/// let mut buf = [0u8; 48];
/// buf[0] = 0x2b; // LI 0, version 5, mode 3 (request)
/// buf[24..32].copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
/// let mut packet = Packet::new_checked(&mut buf[..])?;
/// assert_eq!(packet.mode(), Mode::Client);
/// assert_eq!(packet.client_cookie(), Cookie([1, 2, 3, 4, 5, 6, 7, 8]));
/// packet.set_flags(Flags::INTERLEAVED);
/// assert_eq!(&buf[14..16], &[0, 2]);
///
/// // Strictly, unknown flags and timescales are errors; leniently kept.
/// buf[12] = 9;
/// assert!(Packet::new_checked(&buf[..]).is_err());
/// let lenient = Packet::new_checked_with(&buf[..], ntp_wire::trailer::Strictness::Lenient)?;
/// assert_eq!(lenient.timescale(), Timescale(9));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps a buffer without any check.
    ///
    /// Getters and setters panic (on a bounds-checked slice index, never
    /// undefined behaviour) if the buffer is shorter than 48 octets. Use
    /// this only on buffers already checked, or call
    /// [`Packet::check_len`].
    #[inline]
    pub const fn new_unchecked(buffer: T) -> Packet<T> {
        Packet { buffer }
    }

    /// Wraps a buffer after the strict [`Packet::check`].
    #[inline]
    pub fn new_checked(buffer: T) -> Result<Packet<T>> {
        Packet::new_checked_with(buffer, Strictness::Strict)
    }

    /// Wraps a buffer after [`Packet::check_with`] at `strictness`.
    #[inline]
    pub fn new_checked_with(buffer: T, strictness: Strictness) -> Result<Packet<T>> {
        let packet = Packet::new_unchecked(buffer);
        packet.check_with(strictness)?;
        Ok(packet)
    }

    /// [`Error::Truncated`] if the buffer is shorter than the 48-octet
    /// header. After this succeeds no getter or setter can panic.
    #[inline]
    pub fn check_len(&self) -> Result<()> {
        Error::at_least(field::FIELDS, self.buffer.as_ref().len())
    }

    /// The strict checks, in order: length ([`Error::Truncated`]), version
    /// ([`Error::BadVersion`] for 0, 6, 7, [`V5Rule::Version`] for 1-4),
    /// mode ([`V5Rule::Mode`]: 3 or 4), a whole number of words
    /// ([`V5Rule::Unaligned`]), timescale ([`V5Rule::UnknownTimescale`]:
    /// 0-3) and flags ([`V5Rule::UnknownFlags`]: 0x0007 at most), as
    /// ntpd-rs 1.9 checks them. The extension fields are not walked here:
    /// [`Packet::fields`] reports their errors.
    #[inline]
    pub fn check(&self) -> Result<()> {
        self.check_with(Strictness::Strict)
    }

    /// [`Packet::check`], which [`Strictness::Lenient`] relaxes to accept
    /// any timescale and any flag bits (kept as read, for captures of
    /// other drafts and of greasing clients); length, version, mode and
    /// word alignment stay checked.
    #[inline]
    pub fn check_with(&self, strictness: Strictness) -> Result<()> {
        self.check_len()?;
        let b = self.buffer.as_ref();
        // The common case in one branch: version 5, mode 3 or 4, whole
        // words, and (strictly) a known timescale and known flags.
        let kind = matches!(b[field::LI_VN_MODE] & 0x3f, 0x2b | 0x2c);
        let words = b.len() % 4 == 0;
        let values = (strictness == Strictness::Lenient)
            | (Timescale(b[field::TIMESCALE]).is_known()
                & (Flags(be_u16(b, field::FLAGS)).unknown_bits() == 0));
        if kind & words & values {
            return Ok(());
        }
        self.refusal(strictness)
    }

    /// The first rule a packet that failed the common case breaks, in the
    /// order of [`Packet::check`].
    #[cold]
    fn refusal(&self, strictness: Strictness) -> Result<()> {
        let b = self.buffer.as_ref();
        let octet0 = b[field::LI_VN_MODE];
        match Kind::of_octet0(octet0)? {
            Kind::TimeV5 => {}
            _ => {
                let version = (octet0 & field::VN_MASK) >> field::VN_SHIFT;
                return Err(Error::v5(field::LI_VN_MODE, V5Rule::Version { version }));
            }
        }
        let mode = octet0 & field::MODE_MASK;
        if !matches!(mode, 3 | 4) {
            return Err(Error::v5(field::LI_VN_MODE, V5Rule::Mode { mode }));
        }
        if b.len() % 4 != 0 {
            return Err(Error::v5(
                b.len() & !3,
                V5Rule::Unaligned {
                    length: crate::wire::to_u32(b.len()),
                },
            ));
        }
        if strictness == Strictness::Strict {
            let timescale = b[field::TIMESCALE];
            if !Timescale(timescale).is_known() {
                return Err(Error::v5(
                    field::TIMESCALE,
                    V5Rule::UnknownTimescale { timescale },
                ));
            }
            let flags = Flags(be_u16(b, field::FLAGS));
            if flags.unknown_bits() != 0 {
                return Err(Error::v5(
                    field::FLAGS.start,
                    V5Rule::UnknownFlags { flags: flags.0 },
                ));
            }
        }
        Ok(())
    }

    /// The wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The whole buffer: header and extension fields.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// Length of the whole packet in octets.
    #[must_use]
    pub fn packet_len(&self) -> usize {
        self.buffer.as_ref().len()
    }

    /// The same octets as an NTPv4 view, for the fields whose place and
    /// form NTPv5 keeps (octets 0-3, the timestamps at 32-47).
    #[inline]
    fn v4(&self) -> V4Packet<&[u8]> {
        V4Packet::new_unchecked(self.buffer.as_ref())
    }

    /// Leap indicator, bits 0-1 of octet 0: 0 in requests; in responses 0
    /// (also with the leap-smeared timescale), 1 or 2 for a leap second
    /// at the end of the month within 14 days, 3 unknown. Kept as sent
    /// (ntpd-rs reads it as "unsynchronized" when the Synchronized flag is
    /// clear: [`Flags::is_synchronized`]).
    #[inline]
    #[must_use]
    pub fn leap(&self) -> LeapIndicator {
        self.v4().leap()
    }

    /// Version number, bits 2-4 of octet 0 (5 after
    /// [`Packet::new_checked`]).
    #[inline]
    #[must_use]
    pub fn version(&self) -> Version {
        self.v4().version()
    }

    /// Mode, bits 5-7 of octet 0: [`Mode::Client`] (3) for a request,
    /// [`Mode::Server`] (4) for a response, after [`Packet::new_checked`].
    #[inline]
    #[must_use]
    pub fn mode(&self) -> Mode {
        self.v4().mode()
    }

    /// Stratum, octet 1: 0 in requests; in a response 0 means the server
    /// cannot or will not give time (see [`Packet::poll`] for why).
    #[inline]
    #[must_use]
    pub fn stratum(&self) -> Stratum {
        self.v4().stratum()
    }

    /// Poll exponent, octet 2: in a response the least interval the
    /// client must keep between requests, valid even at stratum 0;
    /// [`POLL_NEVER`](super::POLL_NEVER) (127) asks the client never to
    /// come back (NTPv5's replacement of the DENY and RATE kiss codes).
    /// The draft says requests carry 0; ntpd-rs sends its poll interval.
    #[inline]
    #[must_use]
    pub fn poll(&self) -> Poll {
        self.v4().poll()
    }

    /// Precision exponent, octet 3 (0 in requests).
    #[inline]
    #[must_use]
    pub fn precision(&self) -> Precision {
        self.v4().precision()
    }

    /// Root delay, octets 4-7, time32 (0 in requests).
    #[inline]
    #[must_use]
    pub fn root_delay(&self) -> Time32 {
        Time32::from_bits(be_u32(self.buffer.as_ref(), field::ROOT_DELAY))
    }

    /// Root dispersion, octets 8-11, time32 (0 in requests).
    #[inline]
    #[must_use]
    pub fn root_dispersion(&self) -> Time32 {
        Time32::from_bits(be_u32(self.buffer.as_ref(), field::ROOT_DISPERSION))
    }

    /// Timescale, octet 12: asked for (request), or of the receive and
    /// transmit timestamps (response).
    #[inline]
    #[must_use]
    pub fn timescale(&self) -> Timescale {
        Timescale(self.buffer.as_ref()[field::TIMESCALE])
    }

    /// Era, octet 13: the NTP era (2^32-second span from the prime epoch)
    /// of the receive timestamp (0 in requests).
    #[inline]
    #[must_use]
    pub fn era(&self) -> u8 {
        self.buffer.as_ref()[field::ERA]
    }

    /// Flags, octets 14-15.
    #[inline]
    #[must_use]
    pub fn flags(&self) -> Flags {
        Flags(be_u16(self.buffer.as_ref(), field::FLAGS))
    }

    /// Server Cookie, octets 16-23: zero in a basic request, the last
    /// response's in an interleaved one.
    #[inline]
    #[must_use]
    pub fn server_cookie(&self) -> Cookie {
        Cookie::from_u64(be_u64(self.buffer.as_ref(), field::SERVER_COOKIE))
    }

    /// Client Cookie, octets 24-31: random in a request, echoed in its
    /// response.
    #[inline]
    #[must_use]
    pub fn client_cookie(&self) -> Cookie {
        Cookie::from_u64(be_u64(self.buffer.as_ref(), field::CLIENT_COOKIE))
    }

    /// Receive Timestamp, octets 32-39 (zero in requests): when the
    /// request arrived.
    #[inline]
    #[must_use]
    pub fn receive_timestamp(&self) -> Timestamp {
        self.v4().receive_timestamp()
    }

    /// Transmit Timestamp, octets 40-47 (zero in requests): when this
    /// response left (basic mode), or the previous one (interleaved).
    #[inline]
    #[must_use]
    pub fn transmit_timestamp(&self) -> Timestamp {
        self.v4().transmit_timestamp()
    }

    /// The octets after the header: the extension fields, as on the wire.
    #[inline]
    #[must_use]
    pub fn payload(&self) -> &[u8] {
        &self.buffer.as_ref()[field::FIELDS..]
    }

    /// A walk of the extension fields (see [`Fields`]).
    #[inline]
    #[must_use]
    pub fn fields(&self) -> Fields<'_> {
        Fields::new(self.buffer.as_ref())
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// The same octets as a writable NTPv4 view (see `v4`).
    #[inline]
    fn v4_mut(&mut self) -> V4Packet<&mut [u8]> {
        V4Packet::new_unchecked(self.buffer.as_mut())
    }

    /// Sets the leap indicator, leaving version and mode alone.
    #[inline]
    pub fn set_leap(&mut self, leap: LeapIndicator) {
        self.v4_mut().set_leap(leap);
    }

    /// Sets the mode (any of the eight, for tests and fuzzers).
    #[inline]
    pub fn set_mode(&mut self, mode: Mode) {
        self.v4_mut().set_mode(mode);
    }

    /// Sets the stratum.
    #[inline]
    pub fn set_stratum(&mut self, stratum: Stratum) {
        self.v4_mut().set_stratum(stratum);
    }

    /// Sets the poll exponent.
    #[inline]
    pub fn set_poll(&mut self, poll: Poll) {
        self.v4_mut().set_poll(poll);
    }

    /// Sets the precision exponent.
    #[inline]
    pub fn set_precision(&mut self, precision: Precision) {
        self.v4_mut().set_precision(precision);
    }

    /// Sets the root delay.
    #[inline]
    pub fn set_root_delay(&mut self, v: Time32) {
        self.buffer.as_mut()[field::ROOT_DELAY].copy_from_slice(&v.to_bits().to_be_bytes());
    }

    /// Sets the root dispersion.
    #[inline]
    pub fn set_root_dispersion(&mut self, v: Time32) {
        self.buffer.as_mut()[field::ROOT_DISPERSION].copy_from_slice(&v.to_bits().to_be_bytes());
    }

    /// Sets the timescale (any value: a strict check refuses those above
    /// 3).
    #[inline]
    pub fn set_timescale(&mut self, v: Timescale) {
        self.buffer.as_mut()[field::TIMESCALE] = v.0;
    }

    /// Sets the era.
    #[inline]
    pub fn set_era(&mut self, era: u8) {
        self.buffer.as_mut()[field::ERA] = era;
    }

    /// Sets the flags (any bits: a strict check refuses unknown ones).
    #[inline]
    pub fn set_flags(&mut self, v: Flags) {
        self.buffer.as_mut()[field::FLAGS].copy_from_slice(&v.0.to_be_bytes());
    }

    /// Sets the server cookie.
    #[inline]
    pub fn set_server_cookie(&mut self, v: Cookie) {
        self.buffer.as_mut()[field::SERVER_COOKIE].copy_from_slice(&v.0);
    }

    /// Sets the client cookie.
    #[inline]
    pub fn set_client_cookie(&mut self, v: Cookie) {
        self.buffer.as_mut()[field::CLIENT_COOKIE].copy_from_slice(&v.0);
    }

    /// Sets the receive timestamp.
    #[inline]
    pub fn set_receive_timestamp(&mut self, v: Timestamp) {
        self.v4_mut().set_receive_timestamp(v);
    }

    /// Sets the transmit timestamp.
    #[inline]
    pub fn set_transmit_timestamp(&mut self, v: Timestamp) {
        self.v4_mut().set_transmit_timestamp(v);
    }

    /// The whole buffer, writable.
    #[inline]
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        self.buffer.as_mut()
    }

    /// The octets after the header, writable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::FIELDS..]
    }
}

impl<T: AsRef<[u8]>> AsRef<[u8]> for Packet<T> {
    fn as_ref(&self) -> &[u8] {
        self.buffer.as_ref()
    }
}
