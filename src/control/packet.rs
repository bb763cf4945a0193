//! The zero-copy control message view.

use super::mac::{locate, ControlMac, MacAlignment};
use super::readstat::AssociationList;
use super::vars::{Limits, Variables};
use super::{field, Header, Opcode, StatusWord, HEADER_LEN, MAX_DATA_LEN};
use crate::fields::{LeapIndicator, Mode, Version};
use crate::kind::Kind;
use crate::wire::be_u16;
use crate::{ControlRule, Error, Result};

/// A view of a control message (mode 6, RFC 9327) over any buffer:
/// `&[u8]`, `&mut [u8]`, `[u8; N]`, `Vec<u8>`...
///
/// [`Packet::new_checked`] validates once: at least 12 octets, mode 6 at
/// versions 1 to 4, a count of at most 468 whose data is all there, and an
/// offset plus count within 65535. After that every getter is infallible;
/// over a mutable buffer every setter writes in place.
///
/// ```
/// use ntp_wire::control::{Opcode, Packet, StatusWord};
///
/// // NTPsec's answer to ntpq's READSTAT: one association, 17767, status 0x961a.
/// let bytes = [0x16, 0x81, 0, 1, 0x05, 0x14, 0, 0, 0, 0, 0, 4, 0x45, 0x67, 0x96, 0x1a];
/// let packet = Packet::new_checked(&bytes[..])?;
/// assert!(packet.is_response() && !packet.is_error() && !packet.has_more());
/// assert_eq!((packet.opcode(), packet.sequence(), packet.count()), (Opcode::READSTAT, 1, 4));
/// assert!(matches!(packet.status_word(), StatusWord::System(_)));
/// let entry = packet.associations()?.next().unwrap();
/// assert_eq!((entry.association_id, entry.status.0), (17767, 0x961a));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps a buffer without any check. Getters never panic on a buffer
    /// of at least 12 octets (the data getters clamp to the buffer); on a
    /// shorter one they panic on a bounds-checked index.
    #[inline]
    pub const fn new_unchecked(buffer: T) -> Packet<T> {
        Packet { buffer }
    }

    /// Wraps a buffer after [`Packet::check`].
    #[inline]
    pub fn new_checked(buffer: T) -> Result<Packet<T>> {
        let packet = Packet::new_unchecked(buffer);
        packet.check()?;
        Ok(packet)
    }

    /// [`Error::Truncated`] if the buffer is shorter than the 12-octet
    /// header.
    #[inline]
    pub fn check_len(&self) -> Result<()> {
        Error::at_least(HEADER_LEN, self.buffer.as_ref().len())
    }

    /// The checks of [`Packet::new_checked`], in order: length
    /// ([`Error::Truncated`]); kind ([`Error::BadVersion`] for versions 0,
    /// 6, 7, [`ControlRule::NotControl`] for any other mode or version 5);
    /// [`ControlRule::CountTooLarge`] above 468;
    /// [`ControlRule::OffsetPastEnd`] when offset plus count passes 65535;
    /// [`Error::Truncated`] when the buffer holds fewer than 12 + count
    /// octets. Padding and MAC are not checked here ([`Packet::mac`]).
    #[inline]
    pub fn check(&self) -> Result<()> {
        self.check_len()?;
        let bytes = self.buffer.as_ref();
        if Kind::of_octet0(bytes[field::LI_VN_MODE])? != Kind::Control {
            return Err(Error::control(
                field::LI_VN_MODE,
                ControlRule::NotControl {
                    octet0: bytes[field::LI_VN_MODE],
                },
            ));
        }
        let (offset, count) = (self.offset(), self.count());
        if usize::from(count) > MAX_DATA_LEN {
            return Err(Error::control(
                field::COUNT.start,
                ControlRule::CountTooLarge { count },
            ));
        }
        if offset.checked_add(count).is_none() {
            return Err(Error::control(
                field::OFFSET.start,
                ControlRule::OffsetPastEnd { offset, count },
            ));
        }
        let needed = HEADER_LEN + usize::from(count);
        if bytes.len() < needed {
            return Err(Error::truncated(needed, bytes.len()));
        }
        Ok(())
    }

    /// The wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The whole message: header, data, padding, MAC.
    #[inline]
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// Octets of the whole message.
    #[inline]
    #[must_use]
    pub fn packet_len(&self) -> usize {
        self.buffer.as_ref().len()
    }

    #[inline]
    fn octet(&self, at: usize) -> u8 {
        self.buffer.as_ref()[at]
    }

    #[inline]
    fn u16_at(&self, range: field::Field) -> u16 {
        be_u16(self.buffer.as_ref(), range)
    }

    /// Leap indicator, bits 7-6 of octet 0: the server's in responses;
    /// NTPsec's ntpq sends 3 in requests.
    #[inline]
    #[must_use]
    pub fn leap(&self) -> LeapIndicator {
        LeapIndicator::from_bits(self.octet(field::LI_VN_MODE) >> field::LI_SHIFT)
    }

    /// Version, bits 5-3 of octet 0 (1 to 4 after [`Packet::new_checked`];
    /// ntpq sends 2, servers echo it).
    #[inline]
    #[must_use]
    pub fn version(&self) -> Version {
        Version::from_bits((self.octet(field::LI_VN_MODE) & field::VN_MASK) >> field::VN_SHIFT)
    }

    /// Mode, bits 2-0 of octet 0: [`Mode::Control`] after
    /// [`Packet::new_checked`].
    #[inline]
    #[must_use]
    pub fn mode(&self) -> Mode {
        Mode::from_bits(self.octet(field::LI_VN_MODE))
    }

    /// R, bit 7 of octet 1: a response.
    #[inline]
    #[must_use]
    pub fn is_response(&self) -> bool {
        self.octet(field::REM_OP) & field::RESPONSE != 0
    }

    /// E, bit 6 of octet 1: an error response, whose status word holds
    /// the [`ErrorCode`](super::ErrorCode).
    #[inline]
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.octet(field::REM_OP) & field::ERROR != 0
    }

    /// M, bit 5 of octet 1: more fragments follow.
    #[inline]
    #[must_use]
    pub fn has_more(&self) -> bool {
        self.octet(field::REM_OP) & field::MORE != 0
    }

    /// Opcode, bits 4-0 of octet 1.
    #[inline]
    #[must_use]
    pub fn opcode(&self) -> Opcode {
        Opcode::from_bits(self.octet(field::REM_OP))
    }

    /// Sequence number, octets 2-3.
    #[inline]
    #[must_use]
    pub fn sequence(&self) -> u16 {
        self.u16_at(field::SEQUENCE)
    }

    /// Status word, octets 4-5, raw ([`Packet::status_word`] reads it).
    #[inline]
    #[must_use]
    pub fn status(&self) -> u16 {
        self.u16_at(field::STATUS)
    }

    /// The status word read by context ([`StatusWord::decode`]).
    #[inline]
    #[must_use]
    pub fn status_word(&self) -> StatusWord {
        StatusWord::decode(
            self.is_response(),
            self.is_error(),
            self.opcode(),
            self.association_id(),
            self.status(),
        )
    }

    /// Association id, octets 6-7 (0: the system).
    #[inline]
    #[must_use]
    pub fn association_id(&self) -> u16 {
        self.u16_at(field::ASSOCIATION_ID)
    }

    /// Offset of this fragment's data in the response, octets 8-9. NTPsec
    /// leaves the offset of its previous reply in error responses: do not
    /// read meaning into it when [`Packet::is_error`].
    #[inline]
    #[must_use]
    pub fn offset(&self) -> u16 {
        self.u16_at(field::OFFSET)
    }

    /// Count of data octets, octets 10-11 (padding and MAC not counted).
    #[inline]
    #[must_use]
    pub fn count(&self) -> u16 {
        self.u16_at(field::COUNT)
    }

    /// Where the data ends: 12 + count, clamped to the buffer.
    #[inline]
    fn data_end(&self) -> usize {
        (HEADER_LEN + usize::from(self.count())).min(self.packet_len())
    }

    /// The `count` octets of data after the header.
    #[inline]
    #[must_use]
    pub fn data(&self) -> &[u8] {
        &self.buffer.as_ref()[field::DATA..self.data_end()]
    }

    /// Everything after the data: padding (not always zero: NTPsec leaves
    /// stale octets and a copy of the key id there) and MAC.
    #[inline]
    #[must_use]
    pub fn after_data(&self) -> &[u8] {
        &self.buffer.as_ref()[self.data_end()..]
    }

    /// The header fields as an owned value.
    #[inline]
    #[must_use]
    pub fn header(&self) -> Header {
        Header::read(self.buffer.as_ref())
    }

    /// The MAC after the data, if any: key id and digest at 12 + count
    /// rounded up to 8 (ntpd, NTPsec's responses and NTPsec 1.2.2's
    /// requests), else rounded up to 4 (NTPsec's requests since 1.2.3);
    /// for an error response (R and E set), right after the 12-octet
    /// header first, where both daemons put it. Which alignment was found
    /// is [`ControlMac::alignment`]; [`ControlMac::is_ambiguous`] says
    /// when the other alignment would also give a MAC (a 24-octet tail read
    /// as SHA-1 at one place, as MD5 four octets on).
    ///
    /// The padding is never assumed to be zero. A 4-octet zero key id
    /// alone (ntpd's answer to a request whose MAC failed) is a crypto-NAK
    /// ([`ControlMac::is_crypto_nak`]). `Ok(None)` when nothing but the
    /// padding to 4 follows the data; [`ControlRule::NoMac`] when octets
    /// follow that are no MAC at either place.
    pub fn mac(&self) -> Result<Option<ControlMac<'_>>> {
        let error_response = self.is_response() && self.is_error();
        locate(self.as_bytes(), self.data_end(), error_response, None)
    }

    /// The MAC at one alignment only: for a caller that knows its peer
    /// (an NTPsec 1.2.3 server reading requests at 4).
    pub fn mac_at(&self, alignment: MacAlignment) -> Result<Option<ControlMac<'_>>> {
        locate(self.as_bytes(), self.data_end(), false, Some(alignment))
    }

    /// The data as a READSTAT association list: (association id, peer
    /// status) pairs; [`ControlRule::AssociationListLength`] unless the
    /// count is a multiple of 4. Meaningful for READSTAT responses about
    /// association 0.
    pub fn associations(&self) -> Result<AssociationList<'_>> {
        AssociationList::at(self.data(), field::DATA)
    }

    /// The data as a `name=value` list, with the bounds of its direction:
    /// [`Limits::REQUEST`] in requests, [`Limits::RESPONSE`] in responses.
    /// A response in fragments is read after reassembly
    /// ([`Reassembler`](super::Reassembler)): items straddle fragments.
    #[must_use]
    pub fn variables(&self) -> Variables<'_> {
        let limits = if self.is_response() {
            Limits::RESPONSE
        } else {
            Limits::REQUEST
        };
        Variables::at(self.data(), field::DATA, limits)
    }

    /// `true` for a request that a reflector can be abused with: one
    /// spoofed, unauthenticated datagram whose answer is larger than it.
    ///
    /// The rule: a request a server answers at all (R, E and M clear,
    /// offset 0: ntpd and NTPsec drop the others in `process_control`)
    /// with opcode READSTAT, READVAR or READCLOCK (no authentication
    /// needed, answer up to many 468-octet fragments), or READ_MRU carrying
    /// a `nonce=` parameter (without one ntpd sends nothing; the nonce
    /// ties the request to an address that once received the REQ_NONCE
    /// answer, so an attacker who can read that address's traffic can
    /// replay it for up to 16 s). REQ_NONCE itself is not counted: its
    /// 44-octet answer to a 12-octet request is the smallest reply. The
    /// opcodes that need the control key (WRITEVAR, CONFIGURE,
    /// READ_ORDLIST_A, ...) are not counted. The Emerging Threats Open rules
    /// (sids 2017918-2019022) cover mode 7 MON_GETLIST and friends, and
    /// for mode 6 only UNSETTRAP error responses (sid 2019022); none
    /// matches mode 6 READVAR or READ_MRU.
    #[must_use]
    pub fn is_amplification_request(&self) -> bool {
        let flags = field::RESPONSE | field::ERROR | field::MORE;
        if self.octet(field::REM_OP) & flags != 0 || self.offset() != 0 {
            return false;
        }
        match self.opcode() {
            Opcode::READSTAT | Opcode::READVAR | Opcode::READCLOCK => true,
            Opcode::READ_MRU => Variables::at(self.data(), field::DATA, Limits::REQUEST)
                .map_while(|item| item.ok())
                .any(|v| v.name() == b"nonce" && v.value().is_some_and(|n| !n.is_empty())),
            _ => false,
        }
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    #[inline]
    fn set_bits(&mut self, at: usize, mask: u8, value: u8) {
        let b = &mut self.buffer.as_mut()[at];
        *b = (*b & !mask) | (value & mask);
    }

    #[inline]
    fn set_u16(&mut self, range: field::Field, v: u16) {
        self.buffer.as_mut()[range].copy_from_slice(&v.to_be_bytes());
    }

    /// Sets the leap indicator.
    #[inline]
    pub fn set_leap(&mut self, leap: LeapIndicator) {
        self.set_bits(field::LI_VN_MODE, 0xc0, leap.to_bits() << field::LI_SHIFT);
    }

    /// Sets the version (any 3-bit value, for tests and fuzzers).
    #[inline]
    pub fn set_version(&mut self, version: Version) {
        self.set_bits(
            field::LI_VN_MODE,
            field::VN_MASK,
            version.to_bits() << field::VN_SHIFT,
        );
    }

    /// Sets the mode (any of the eight).
    #[inline]
    pub fn set_mode(&mut self, mode: Mode) {
        self.set_bits(field::LI_VN_MODE, 0b111, mode.to_bits());
    }

    /// Sets or clears R.
    #[inline]
    pub fn set_response(&mut self, on: bool) {
        self.set_bits(field::REM_OP, field::RESPONSE, if on { 0xff } else { 0 });
    }

    /// Sets or clears E.
    #[inline]
    pub fn set_error(&mut self, on: bool) {
        self.set_bits(field::REM_OP, field::ERROR, if on { 0xff } else { 0 });
    }

    /// Sets or clears M.
    #[inline]
    pub fn set_more(&mut self, on: bool) {
        self.set_bits(field::REM_OP, field::MORE, if on { 0xff } else { 0 });
    }

    /// Sets the opcode (its low 5 bits).
    #[inline]
    pub fn set_opcode(&mut self, opcode: Opcode) {
        self.set_bits(field::REM_OP, field::OPCODE, opcode.0);
    }

    /// Sets the sequence number.
    #[inline]
    pub fn set_sequence(&mut self, v: u16) {
        self.set_u16(field::SEQUENCE, v);
    }

    /// Sets the status word.
    #[inline]
    pub fn set_status(&mut self, v: u16) {
        self.set_u16(field::STATUS, v);
    }

    /// Sets the association id.
    #[inline]
    pub fn set_association_id(&mut self, v: u16) {
        self.set_u16(field::ASSOCIATION_ID, v);
    }

    /// Sets the offset.
    #[inline]
    pub fn set_offset(&mut self, v: u16) {
        self.set_u16(field::OFFSET, v);
    }

    /// Sets the count (the data getters clamp to the buffer, so no value
    /// makes them panic).
    #[inline]
    pub fn set_count(&mut self, v: u16) {
        self.set_u16(field::COUNT, v);
    }

    /// The data, writable (as [`Packet::data`]).
    #[inline]
    pub fn data_mut(&mut self) -> &mut [u8] {
        let end = self.data_end();
        &mut self.buffer.as_mut()[field::DATA..end]
    }

    /// The whole buffer, writable.
    #[inline]
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        self.buffer.as_mut()
    }
}

impl<T: AsRef<[u8]>> AsRef<[u8]> for Packet<T> {
    fn as_ref(&self) -> &[u8] {
        self.buffer.as_ref()
    }
}
