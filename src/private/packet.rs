//! The zero-copy view of a private message.

use super::auth::{locate, Authenticator};
use super::code::{ErrorCode, Implementation, RequestCode};
use super::field;
use super::header::Header;
use super::items::{counts, items_len_checked, Items};
use super::monlist::is_monlist_request;
use crate::fields::{Mode, Version};
use crate::kind::Kind;
use crate::wire::be_u16;
use crate::{Error, PrivateRule, Result};

/// A view of an ntpd private message (mode 7, `ntp_request.h`) over any
/// buffer: `&[u8]`, `&mut [u8]`, `[u8; N]`, `Vec<u8>`...
///
/// [`Packet::new_checked`] validates once ([`Packet::check`] lists the
/// rules); after that every getter is infallible and reads straight from
/// the buffer, and over a mutable buffer every setter writes in place.
///
/// ```
/// use ntp_wire::private::{ErrorCode, Implementation, Packet, RequestCode};
///
/// // ntpd's answer to a monlist request since 4.2.7p26: no data.
/// let msg = [0x97, 0x00, 0x03, 0x2a, 0x40, 0x00, 0x00, 0x00];
/// let packet = Packet::new_checked(&msg[..])?;
/// assert!(packet.is_response());
/// assert_eq!(packet.implementation(), Implementation::XNTPD);
/// assert_eq!(packet.request_code(), RequestCode::MON_GETLIST_1);
/// assert_eq!(packet.err(), ErrorCode::NO_DATA);
/// assert_eq!(packet.items().len(), 0);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps a buffer without any check.
    ///
    /// Getters and setters of the 8-octet header panic (on a
    /// bounds-checked slice index, never undefined behaviour) if the
    /// buffer is shorter than 8 octets; [`items`](Self::items),
    /// [`data`](Self::data) and [`authenticator`](Self::authenticator)
    /// give nothing where the buffer does not hold what the header
    /// announces. Use this only on buffers already checked.
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

    /// [`Error::Truncated`] if the buffer is shorter than the 8-octet
    /// header. After this succeeds no getter or setter can panic.
    #[inline]
    pub fn check_len(&self) -> Result<()> {
        Error::at_least(field::DATA, self.buffer.as_ref().len())
    }

    /// All the checks of [`Packet::new_checked`], in this order, each
    /// with its error:
    ///
    /// 1. at least the 8-octet header ([`Error::Truncated`]);
    /// 2. mode 7 at versions 1 to 4 ([`Error::BadVersion`] for versions
    ///    0, 6, 7, else [`PrivateRule::NotPrivate`]);
    /// 3. a request (R clear) has M clear, sequence 0 and err 0, as ntpd
    ///    drops any other ([`PrivateRule::RequestMore`],
    ///    [`RequestSequence`](PrivateRule::RequestSequence),
    ///    [`RequestErr`](PrivateRule::RequestErr)); a response has A
    ///    clear ([`PrivateRule::ResponseAuthenticated`]);
    /// 4. the MBZ nibble is zero ([`PrivateRule::Mbz`]);
    /// 5. the items fit the data and its limits ([`Items::new`]'s rules);
    /// 6. a request with A set holds an authenticator where ntpd finds one
    ///    ([`Authenticator`]'s rules: [`PrivateRule::AuthTooShort`],
    ///    [`AuthTooLong`](PrivateRule::AuthTooLong),
    ///    [`AuthMacLength`](PrivateRule::AuthMacLength)).
    ///
    /// Steps 3 and 4 are the drop tests of ntpd's `process_private`, steps
    /// 5 and 6 the shape of its format checks. Stricter than ntpd in two
    /// places: a request's items beyond its 176-octet data area (ntpd reads
    /// on into the rest of its receive buffer), and the A bit on a request
    /// whose code needs no authentication (ntpd then ignores A and the
    /// tail; a message with A set and no room for a tail is refused here
    /// all the same, as the format says). Not checked: whether the item
    /// size is the one ntpd wants for the code (`ntp_codes[]`, which
    /// depends on ntpd's build and the implementation number).
    #[inline]
    pub fn check(&self) -> Result<()> {
        let bytes = self.buffer.as_ref();
        check_header(bytes)?;
        let items_len = items_len_checked(bytes)?;
        if is_authenticated_request(bytes) {
            locate(bytes.len(), items_len)?;
        }
        Ok(())
    }

    /// The wrapped buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The whole message.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// Length of the whole message in octets.
    #[must_use]
    pub fn packet_len(&self) -> usize {
        self.buffer.as_ref().len()
    }

    #[inline]
    fn octet(&self, at: usize) -> u8 {
        self.buffer.as_ref()[at]
    }

    /// R, the response bit (octet 0, 0x80): set in responses.
    #[inline]
    #[must_use]
    pub fn is_response(&self) -> bool {
        self.octet(field::R_M_VN_MODE) & field::RESPONSE != 0
    }

    /// M, the more bit (octet 0, 0x40): set on every packet of a response
    /// but the last.
    #[inline]
    #[must_use]
    pub fn is_more(&self) -> bool {
        self.octet(field::R_M_VN_MODE) & field::MORE != 0
    }

    /// Version number (octet 0, bits 2-4; 1 to 4 after
    /// [`Packet::new_checked`]): ntpdc sends 2, ntpd echoes the request's.
    #[inline]
    #[must_use]
    pub fn version(&self) -> Version {
        Version::from_bits((self.octet(field::R_M_VN_MODE) & field::VN_MASK) >> field::VN_SHIFT)
    }

    /// Mode (octet 0, bits 5-7): [`Mode::Private`] after
    /// [`Packet::new_checked`].
    #[inline]
    #[must_use]
    pub fn mode(&self) -> Mode {
        Mode::from_bits(self.octet(field::R_M_VN_MODE) & field::MODE_MASK)
    }

    /// A, the authenticated bit (octet 1, 0x80): a request carrying an
    /// [`Authenticator`].
    #[inline]
    #[must_use]
    pub fn is_authenticated(&self) -> bool {
        self.octet(field::AUTH_SEQ) & field::AUTH != 0
    }

    /// Sequence number (octet 1, 7 bits): 0 in requests, the packet's
    /// place in a response from 0 (at most 127, `MAXSEQ`).
    #[inline]
    #[must_use]
    pub fn sequence(&self) -> u8 {
        self.octet(field::AUTH_SEQ) & field::SEQ_MASK
    }

    /// Implementation number (octet 2).
    #[inline]
    #[must_use]
    pub fn implementation(&self) -> Implementation {
        Implementation(self.octet(field::IMPLEMENTATION))
    }

    /// Request code (octet 3).
    #[inline]
    #[must_use]
    pub fn request_code(&self) -> RequestCode {
        RequestCode(self.octet(field::REQUEST))
    }

    /// Err (octet 4, high nibble): 0 in requests.
    #[inline]
    #[must_use]
    pub fn err(&self) -> ErrorCode {
        ErrorCode(self.octet(field::ERR_NITEMS.start) >> 4)
    }

    /// Number of data items (octets 4-5, 12 bits).
    #[inline]
    #[must_use]
    pub fn nitems(&self) -> u16 {
        counts(self.buffer.as_ref()).0
    }

    /// The must-be-zero nibble (octet 6, high nibble): 0 after
    /// [`Packet::new_checked`].
    #[inline]
    #[must_use]
    pub fn mbz(&self) -> u8 {
        self.octet(field::MBZ_ITEMSIZE.start) >> 4
    }

    /// Size of a data item (octets 6-7, 12 bits).
    #[inline]
    #[must_use]
    pub fn item_size(&self) -> u16 {
        counts(self.buffer.as_ref()).1
    }

    /// Octets the items take: number of items times item size.
    #[inline]
    #[must_use]
    pub fn items_len(&self) -> usize {
        let (nitems, size) = counts(self.buffer.as_ref());
        usize::from(nitems) * usize::from(size)
    }

    /// The data items, zero-copy ([`Items`]).
    #[inline]
    #[must_use]
    pub fn items(&self) -> Items<'_> {
        Items::over(self.buffer.as_ref(), self.items_len())
    }

    /// The data area: from octet 8 to the authenticator of an
    /// authenticated request, else to the end. The items, then padding.
    #[inline]
    #[must_use]
    pub fn data(&self) -> &[u8] {
        let bytes = self.buffer.as_ref();
        let end = match self.authenticator() {
            Some(auth) => auth.offset(),
            None => bytes.len(),
        };
        bytes.get(field::DATA..end).unwrap_or(&[])
    }

    /// The octets of the data area after the items: ntpdc's zero fill to
    /// its fixed request size, scanners' padding.
    #[inline]
    #[must_use]
    pub fn padding(&self) -> &[u8] {
        self.data().get(self.items_len()..).unwrap_or(&[])
    }

    /// The authenticator of a request with the A bit set, where ntpd
    /// finds it ([`Authenticator`]); `None` for a response, a request
    /// without A, or (on an unchecked view) a request without room for
    /// one.
    #[inline]
    #[must_use]
    pub fn authenticator(&self) -> Option<Authenticator<'_>> {
        let bytes = self.buffer.as_ref();
        if !is_authenticated_request(bytes) {
            return None;
        }
        let (layout, key_id) = locate(bytes.len(), self.items_len()).ok()?;
        Some(Authenticator::new(bytes, key_id, layout))
    }

    /// `true` for a monitor-list request ([`is_monlist_request`]'s rule
    /// on this message): what a reflection filter drops
    /// (CVE-2013-5211).
    #[inline]
    #[must_use]
    pub fn is_monlist_request(&self) -> bool {
        is_monlist_request(self.buffer.as_ref())
    }

    /// The header as an owned value. Reads the 8 octets without checking
    /// them again (the checks are [`Header::parse`]'s).
    #[inline]
    #[must_use]
    pub fn header(&self) -> Header {
        Header::read(self.buffer.as_ref())
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    #[inline]
    fn set_bits(&mut self, at: usize, mask: u8, value: u8) {
        let b = &mut self.buffer.as_mut()[at];
        *b = (*b & !mask) | (value & mask);
    }

    #[inline]
    fn set_flag(&mut self, at: usize, bit: u8, on: bool) {
        self.set_bits(at, bit, if on { bit } else { 0 });
    }

    #[inline]
    fn set_nibble_and_twelve(
        &mut self,
        at: core::ops::Range<usize>,
        nibble: Option<u8>,
        twelve: Option<u16>,
    ) {
        let word = be_u16(self.buffer.as_ref(), at.clone());
        let mut new = word;
        if let Some(n) = nibble {
            new = (new & field::TWELVE_BITS) | (u16::from(n & 0xf) << field::NIBBLE_SHIFT);
        }
        if let Some(t) = twelve {
            new = (new & !field::TWELVE_BITS) | (t & field::TWELVE_BITS);
        }
        self.buffer.as_mut()[at].copy_from_slice(&new.to_be_bytes());
    }

    /// Sets or clears R, leaving the rest of octet 0 alone.
    #[inline]
    pub fn set_response(&mut self, on: bool) {
        self.set_flag(field::R_M_VN_MODE, field::RESPONSE, on);
    }

    /// Sets or clears M.
    #[inline]
    pub fn set_more(&mut self, on: bool) {
        self.set_flag(field::R_M_VN_MODE, field::MORE, on);
    }

    /// Sets the version number (any of the eight, for tests).
    #[inline]
    pub fn set_version(&mut self, version: Version) {
        self.set_bits(
            field::R_M_VN_MODE,
            field::VN_MASK,
            version.to_bits() << field::VN_SHIFT,
        );
    }

    /// Sets the mode (any of the eight, for tests).
    #[inline]
    pub fn set_mode(&mut self, mode: Mode) {
        self.set_bits(field::R_M_VN_MODE, field::MODE_MASK, mode.to_bits());
    }

    /// Sets or clears A.
    #[inline]
    pub fn set_authenticated(&mut self, on: bool) {
        self.set_flag(field::AUTH_SEQ, field::AUTH, on);
    }

    /// Sets the sequence number: its low 7 bits.
    #[inline]
    pub fn set_sequence(&mut self, sequence: u8) {
        self.set_bits(field::AUTH_SEQ, field::SEQ_MASK, sequence);
    }

    /// Sets the implementation number.
    #[inline]
    pub fn set_implementation(&mut self, implementation: Implementation) {
        self.buffer.as_mut()[field::IMPLEMENTATION] = implementation.0;
    }

    /// Sets the request code.
    #[inline]
    pub fn set_request_code(&mut self, code: RequestCode) {
        self.buffer.as_mut()[field::REQUEST] = code.0;
    }

    /// Sets err: the low 4 bits of the value.
    #[inline]
    pub fn set_err(&mut self, err: ErrorCode) {
        self.set_nibble_and_twelve(field::ERR_NITEMS, Some(err.0), None);
    }

    /// Sets the number of data items: its low 12 bits.
    #[inline]
    pub fn set_nitems(&mut self, nitems: u16) {
        self.set_nibble_and_twelve(field::ERR_NITEMS, None, Some(nitems));
    }

    /// Sets the must-be-zero nibble: the low 4 bits (for hostile tests).
    #[inline]
    pub fn set_mbz(&mut self, mbz: u8) {
        self.set_nibble_and_twelve(field::MBZ_ITEMSIZE, Some(mbz), None);
    }

    /// Sets the size of a data item: its low 12 bits.
    #[inline]
    pub fn set_item_size(&mut self, item_size: u16) {
        self.set_nibble_and_twelve(field::MBZ_ITEMSIZE, None, Some(item_size));
    }

    /// The whole message, writable.
    #[inline]
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        self.buffer.as_mut()
    }

    /// The octets after the header, writable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::DATA..]
    }
}

impl<T: AsRef<[u8]>> AsRef<[u8]> for Packet<T> {
    fn as_ref(&self) -> &[u8] {
        self.buffer.as_ref()
    }
}

/// `true` for a request (R clear) with A set: one that carries an
/// authenticator. `bytes` holds at least the 8-octet header, or this is
/// `false`.
#[inline]
fn is_authenticated_request(bytes: &[u8]) -> bool {
    match bytes.get(..field::DATA) {
        Some(h) => {
            h[field::R_M_VN_MODE] & field::RESPONSE == 0 && h[field::AUTH_SEQ] & field::AUTH != 0
        }
        None => false,
    }
}

/// The rules of the 8-octet header (steps 1-4 of [`Packet::check`]).
#[inline]
pub(crate) fn check_header(bytes: &[u8]) -> Result<()> {
    let Some(h) = bytes.get(..field::DATA) else {
        return Err(Error::truncated(field::DATA, bytes.len()));
    };
    let octet0 = h[field::R_M_VN_MODE];
    if Kind::of_octet0(octet0)? != Kind::Private {
        return Err(Error::private(
            field::R_M_VN_MODE,
            PrivateRule::NotPrivate { octet0 },
        ));
    }
    let auth_seq = h[field::AUTH_SEQ];
    if octet0 & field::RESPONSE == 0 {
        if octet0 & field::MORE != 0 {
            return Err(Error::private(field::R_M_VN_MODE, PrivateRule::RequestMore));
        }
        let sequence = auth_seq & field::SEQ_MASK;
        if sequence != 0 {
            return Err(Error::private(
                field::AUTH_SEQ,
                PrivateRule::RequestSequence { sequence },
            ));
        }
        let err = h[field::ERR_NITEMS.start] >> 4;
        if err != 0 {
            return Err(Error::private(
                field::ERR_NITEMS.start,
                PrivateRule::RequestErr { err },
            ));
        }
    } else if auth_seq & field::AUTH != 0 {
        return Err(Error::private(
            field::AUTH_SEQ,
            PrivateRule::ResponseAuthenticated,
        ));
    }
    let mbz = h[field::MBZ_ITEMSIZE.start] >> 4;
    if mbz != 0 {
        return Err(Error::private(
            field::MBZ_ITEMSIZE.start,
            PrivateRule::Mbz { mbz },
        ));
    }
    Ok(())
}
