//! The zero-copy header view.

use super::field;
use super::HEADER_LEN;
use crate::fields::{LeapIndicator, Mode, Poll, Precision, ReferenceId, Stratum, Version};
use crate::kind::check_time_v1_to_v4;
use crate::time::{ShortTime, Timestamp};
use crate::wire::{be_u32, be_u64};
use crate::{Error, Result};

/// A view of an NTP packet (RFC 5905 section 7.3) over any buffer: `&[u8]`,
/// `&mut [u8]`, `[u8; 48]`, `Vec<u8>`, `bytes::Bytes`...
///
/// [`Packet::new_checked`] validates once (length, version, mode); after
/// that every getter is infallible and reads straight from the buffer, and
/// over a mutable buffer every setter writes in place, so a server can keep
/// a prepared reply and rewrite only its timestamps.
///
/// ```
/// use ntp_wire::{Mode, Packet, Timestamp};
///
/// let mut buf = [0u8; 48];
/// buf[0] = 0x23; // LI 0, version 4, mode 3 (client)
/// let mut packet = Packet::new_checked(&mut buf[..])?;
/// assert_eq!(packet.mode(), Mode::Client);
/// packet.set_transmit_timestamp(Timestamp::new(0xeeb0_f290, 1));
/// assert_eq!(&buf[40..48], &[0xee, 0xb0, 0xf2, 0x90, 0, 0, 0, 1]);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps a buffer without any check (RFC 5905 section 7.3).
    ///
    /// Getters and setters panic (on a bounds-checked slice index, never
    /// undefined behaviour) if the buffer is shorter than 48 octets. Use
    /// this only on buffers already checked, or call [`Packet::check_len`].
    #[inline]
    pub const fn new_unchecked(buffer: T) -> Packet<T> {
        Packet { buffer }
    }

    /// Wraps a buffer after [`Packet::check`]: at least 48 octets, version
    /// 1 to 4, and a mode other than 6 (control) or 7 (private; RFC 5905 section 7.3).
    #[inline]
    pub fn new_checked(buffer: T) -> Result<Packet<T>> {
        let packet = Packet::new_unchecked(buffer);
        packet.check()?;
        Ok(packet)
    }

    /// [`Error::Truncated`] if the buffer is shorter than the 48-octet
    /// header. After this succeeds no getter or setter can panic (RFC 5905 section 7.3).
    #[inline]
    pub fn check_len(&self) -> Result<()> {
        Error::at_least(HEADER_LEN, self.buffer.as_ref().len())
    }

    /// All the checks of [`Packet::new_checked`], in order: length
    /// ([`Error::Truncated`]), version ([`Error::BadVersion`],
    /// [`Error::Ntpv5`]), mode ([`Error::UnsupportedMode`] for 6 and 7; RFC 5905 section 7.3).
    #[inline]
    pub fn check(&self) -> Result<()> {
        self.check_len()?;
        check_time_v1_to_v4(self.octet0())
    }

    /// The wrapped buffer (RFC 5905 section 7.3).
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The whole buffer: header and payload (RFC 5905 section 7.3).
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// Length of the whole packet (header and payload) in octets (RFC 5905 section 7.3).
    #[must_use]
    pub fn packet_len(&self) -> usize {
        self.buffer.as_ref().len()
    }

    #[inline]
    fn octet0(&self) -> u8 {
        self.buffer.as_ref()[field::LI_VN_MODE]
    }

    /// Leap indicator, bits 0-1 of octet 0 (RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn leap(&self) -> LeapIndicator {
        LeapIndicator::from_bits(self.octet0() >> field::LI_SHIFT)
    }

    /// Version number, bits 2-4 of octet 0 (always 1 to 4 after
    /// [`Packet::new_checked`]; RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn version(&self) -> Version {
        Version::from_bits((self.octet0() & field::VN_MASK) >> field::VN_SHIFT)
    }

    /// Association mode, bits 5-7 of octet 0 (RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn mode(&self) -> Mode {
        Mode::from_bits(self.octet0() & field::MODE_MASK)
    }

    /// Stratum, octet 1 (RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn stratum(&self) -> Stratum {
        Stratum(self.buffer.as_ref()[field::STRATUM])
    }

    /// Poll exponent, octet 2 (RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn poll(&self) -> Poll {
        Poll::from_bits(self.buffer.as_ref()[field::POLL])
    }

    /// Precision exponent, octet 3 (RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn precision(&self) -> Precision {
        Precision::from_bits(self.buffer.as_ref()[field::PRECISION])
    }

    /// Root delay, octets 4-7 (16.16, raw bits kept; RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn root_delay(&self) -> ShortTime {
        ShortTime::from_bits(be_u32(self.buffer.as_ref(), field::ROOT_DELAY))
    }

    /// Root dispersion, octets 8-11 (16.16; RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn root_dispersion(&self) -> ShortTime {
        ShortTime::from_bits(be_u32(self.buffer.as_ref(), field::ROOT_DISPERSION))
    }

    /// Reference id, octets 12-15 (RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn reference_id(&self) -> ReferenceId {
        ReferenceId::from_u32(be_u32(self.buffer.as_ref(), field::REFERENCE_ID))
    }

    /// Reference timestamp, octets 16-23: when the sender's clock was last
    /// set or corrected (RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn reference_timestamp(&self) -> Timestamp {
        Timestamp::from_bits(be_u64(self.buffer.as_ref(), field::REFERENCE_TIMESTAMP))
    }

    /// Origin timestamp, octets 24-31 (T1 in a reply: the request's
    /// transmit timestamp, echoed; RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn origin_timestamp(&self) -> Timestamp {
        Timestamp::from_bits(be_u64(self.buffer.as_ref(), field::ORIGIN_TIMESTAMP))
    }

    /// Receive timestamp, octets 32-39 (T2: when the request arrived; RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn receive_timestamp(&self) -> Timestamp {
        Timestamp::from_bits(be_u64(self.buffer.as_ref(), field::RECEIVE_TIMESTAMP))
    }

    /// Transmit timestamp, octets 40-47 (T3: when the packet left; RFC 5905 section 7.3).
    #[inline]
    #[must_use]
    pub fn transmit_timestamp(&self) -> Timestamp {
        Timestamp::from_bits(be_u64(self.buffer.as_ref(), field::TRANSMIT_TIMESTAMP))
    }

    /// The octets after the 48-octet header: extension fields and MAC
    /// (RFC 5905 section 7.5, RFC 7822), empty for a bare header.
    #[inline]
    #[must_use]
    pub fn payload(&self) -> &[u8] {
        &self.buffer.as_ref()[field::PAYLOAD..]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    #[inline]
    fn set_octet0(&mut self, mask: u8, value: u8) {
        let b = &mut self.buffer.as_mut()[field::LI_VN_MODE];
        *b = (*b & !mask) | (value & mask);
    }

    /// Sets the leap indicator, leaving version and mode alone (RFC 5905 section 7.3).
    #[inline]
    pub fn set_leap(&mut self, leap: LeapIndicator) {
        self.set_octet0(0b1100_0000, leap.to_bits() << field::LI_SHIFT);
    }

    /// Sets the version number. Any 3-bit value can be written, including
    /// 0, 5, 6 and 7, for tests and fuzzers (RFC 5905 section 7.3).
    #[inline]
    pub fn set_version(&mut self, version: Version) {
        self.set_octet0(field::VN_MASK, version.to_bits() << field::VN_SHIFT);
    }

    /// Sets the mode (any of the eight; RFC 5905 section 7.3).
    #[inline]
    pub fn set_mode(&mut self, mode: Mode) {
        self.set_octet0(field::MODE_MASK, mode.to_bits());
    }

    /// Sets the stratum (RFC 5905 section 7.3).
    #[inline]
    pub fn set_stratum(&mut self, stratum: Stratum) {
        self.buffer.as_mut()[field::STRATUM] = stratum.0;
    }

    /// Sets the poll exponent (RFC 5905 section 7.3).
    #[inline]
    pub fn set_poll(&mut self, poll: Poll) {
        self.buffer.as_mut()[field::POLL] = poll.to_bits();
    }

    /// Sets the precision exponent (RFC 5905 section 7.3).
    #[inline]
    pub fn set_precision(&mut self, precision: Precision) {
        self.buffer.as_mut()[field::PRECISION] = precision.to_bits();
    }

    /// Sets the root delay (RFC 5905 section 7.3).
    #[inline]
    pub fn set_root_delay(&mut self, v: ShortTime) {
        self.buffer.as_mut()[field::ROOT_DELAY].copy_from_slice(&v.to_bits().to_be_bytes());
    }

    /// Sets the root dispersion (RFC 5905 section 7.3).
    #[inline]
    pub fn set_root_dispersion(&mut self, v: ShortTime) {
        self.buffer.as_mut()[field::ROOT_DISPERSION].copy_from_slice(&v.to_bits().to_be_bytes());
    }

    /// Sets the reference id (RFC 5905 section 7.3).
    #[inline]
    pub fn set_reference_id(&mut self, v: ReferenceId) {
        self.buffer.as_mut()[field::REFERENCE_ID].copy_from_slice(&v.octets());
    }

    /// Sets the reference timestamp (RFC 5905 section 7.3).
    #[inline]
    pub fn set_reference_timestamp(&mut self, v: Timestamp) {
        self.buffer.as_mut()[field::REFERENCE_TIMESTAMP].copy_from_slice(&v.to_be_bytes());
    }

    /// Sets the origin timestamp (RFC 5905 section 7.3).
    #[inline]
    pub fn set_origin_timestamp(&mut self, v: Timestamp) {
        self.buffer.as_mut()[field::ORIGIN_TIMESTAMP].copy_from_slice(&v.to_be_bytes());
    }

    /// Sets the receive timestamp (RFC 5905 section 7.3).
    #[inline]
    pub fn set_receive_timestamp(&mut self, v: Timestamp) {
        self.buffer.as_mut()[field::RECEIVE_TIMESTAMP].copy_from_slice(&v.to_be_bytes());
    }

    /// Sets the transmit timestamp (RFC 5905 section 7.3).
    #[inline]
    pub fn set_transmit_timestamp(&mut self, v: Timestamp) {
        self.buffer.as_mut()[field::TRANSMIT_TIMESTAMP].copy_from_slice(&v.to_be_bytes());
    }

    /// The whole buffer (header and payload), writable (RFC 5905 section 7.3).
    #[inline]
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        self.buffer.as_mut()
    }

    /// The octets after the header, writable (RFC 5905 section 7.3).
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::PAYLOAD..]
    }
}

impl<T: AsRef<[u8]>> AsRef<[u8]> for Packet<T> {
    fn as_ref(&self) -> &[u8] {
        self.buffer.as_ref()
    }
}
