//! Reply builders: the server side of an exchange (RFC 5905 sections 9.2
//! and 7.4).

use super::ExpectedReply;
use crate::fields::{
    KissCode, LeapIndicator, Mode, Poll, Precision, ReferenceId, Stratum, Version,
};
use crate::header::{Header, Packet, HEADER_LEN};
use crate::time::{ShortTime, Timestamp};
use crate::{Error, Result};

/// What a server says about its own clock in every reply: the system
/// variables of RFC 5905 section 11.1 that go into the header.
///
/// ```
/// use ntp_wire::exchange::ServerState;
/// use ntp_wire::{LeapIndicator, Precision, ReferenceId, ShortTime, Stratum, Timestamp};
///
/// // What chrony 4.3 says with `local stratum 8`.
/// let state = ServerState {
///     leap: LeapIndicator::NoWarning,
///     stratum: Stratum(8),
///     precision: Precision(-26),
///     root_delay: ShortTime::ZERO,
///     root_dispersion: ShortTime::ZERO,
///     reference_id: ReferenceId([127, 127, 1, 1]),
///     reference_timestamp: Timestamp::new(0xeeb0_f290, 0x77b8_37b6),
/// };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ServerState {
    /// Leap warning, or [`LeapIndicator::Unsynchronized`] (RFC 5905 section 9.2).
    pub leap: LeapIndicator,
    /// The server's stratum (1 to 15 when it can serve time; RFC 5905 section 9.2).
    pub stratum: Stratum,
    /// Precision of the server's clock (RFC 5905 section 9.2).
    pub precision: Precision,
    /// Round-trip delay to the reference clock (RFC 5905 section 9.2).
    pub root_delay: ShortTime,
    /// Error bound to the reference clock (RFC 5905 section 9.2).
    pub root_dispersion: ShortTime,
    /// The reference: a source name at stratum 1, the upstream's address
    /// above (RFC 5905 section 9.2).
    pub reference_id: ReferenceId,
    /// When the clock was last set or corrected (RFC 5905 section 9.2).
    pub reference_timestamp: Timestamp,
}

impl ServerState {
    /// A server that has not synchronized yet, as ntpd and NTPsec answer
    /// then: leap 3, stratum 0, reference id `INIT`. Clients reject such a
    /// reply as unsynchronized (RFC 5905 section 9.2).
    pub const UNSYNCHRONIZED: ServerState = ServerState {
        leap: LeapIndicator::Unsynchronized,
        stratum: Stratum(0),
        precision: Precision(0),
        root_delay: ShortTime::ZERO,
        root_dispersion: ShortTime::ZERO,
        reference_id: ReferenceId::from_kiss(KissCode::INIT),
        reference_timestamp: Timestamp::ZERO,
    };
}

/// The mode of the reply to `request`, or [`Error::NotARequest`].
const fn reply_mode(request: Mode) -> Result<Mode> {
    match ExpectedReply::to(request) {
        ExpectedReply::Symmetric => Ok(Mode::SymmetricPassive),
        ExpectedReply::Exactly(Mode::Server) => Ok(Mode::Server),
        _ => Err(Error::NotARequest { mode: request }),
    }
}

/// The reply of a server that keeps no association (RFC 5905 section 9.2:
/// FXMIT for mode 3, the passive answer to mode 1) to `request`:
///
/// - mode 4 for a client request (3), mode 2 for symmetric active (1);
///   any other mode is [`Error::NotARequest`];
/// - the request's version, echoed as chrony and ntpd do (versions 0, 5,
///   6, 7 are [`Error::BadVersion`] / [`Error::Ntpv5`]);
/// - the request's poll, echoed (chrony and NTPsec do);
/// - origin = the request's transmit timestamp; `receive` and `transmit`
///   are the server's clock when the request arrived and now;
/// - the rest from `state`.
///
/// ```
/// use ntp_wire::exchange::{client_request, reply, ServerState};
/// use ntp_wire::{Mode, Timestamp, Version};
///
/// let request = client_request(Version::V3, Timestamp::new(10, 0))?;
/// let answer = reply(&request, &ServerState::UNSYNCHRONIZED, Timestamp::new(11, 0), Timestamp::new(12, 0))?;
/// assert_eq!((answer.mode, answer.version), (Mode::Server, Version::V3));
/// assert_eq!(answer.origin_timestamp, Timestamp::new(10, 0));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
pub fn reply(
    request: &Header,
    state: &ServerState,
    receive: Timestamp,
    transmit: Timestamp,
) -> Result<Header> {
    let echo = Echo {
        reply_mode: reply_mode(request.mode)?,
        version: crate::kind::check_time_version(request.version)?,
        poll: request.poll,
        transmit: request.transmit_timestamp,
    };
    Ok(echo.answer(state, receive, transmit))
}

/// A kiss-o'-death reply to `request` (RFC 5905 section 7.4): leap 3,
/// stratum 0, the kiss `code` as reference id, mode 4 or 2 and the
/// request's version as in [`reply`].
///
/// Everything else is the request's own, as ntpd and NTPsec send it
/// (their `fast_xmit`; a RATE kiss NTPsec 1.2.2 sent on loopback is
/// reproduced octet for octet by this function): poll,
/// precision, root delay, root dispersion and reference timestamp are
/// copied from the request, and the origin, receive and transmit
/// timestamps all carry the request's transmit timestamp. The client can
/// match the reply to its request, and the packet tells nothing of the
/// server's clock.
///
/// Common codes: [`KissCode::RATE`] (poll less often),
/// [`KissCode::DENY`] and [`KissCode::RSTR`] (stop sending).
pub fn kiss_of_death(request: &Header, code: KissCode) -> Result<Header> {
    let mode = reply_mode(request.mode)?;
    let version = crate::kind::check_time_version(request.version)?;
    let echo = request.transmit_timestamp;
    Ok(Header {
        leap: LeapIndicator::Unsynchronized,
        version,
        mode,
        stratum: Stratum::UNSPECIFIED,
        reference_id: ReferenceId::from_kiss(code),
        origin_timestamp: echo,
        receive_timestamp: echo,
        transmit_timestamp: echo,
        ..*request
    })
}

/// What a reply takes from its request (RFC 5905 section 9.2): the mode
/// it answers with, the version and poll it echoes, the transmit
/// timestamp it returns as origin.
struct Echo {
    reply_mode: Mode,
    version: Version,
    poll: Poll,
    transmit: Timestamp,
}

impl Echo {
    /// The reply: the request's echo, the rest from `state`.
    const fn answer(&self, state: &ServerState, receive: Timestamp, transmit: Timestamp) -> Header {
        Header {
            leap: state.leap,
            version: self.version,
            mode: self.reply_mode,
            stratum: state.stratum,
            poll: self.poll,
            precision: state.precision,
            root_delay: state.root_delay,
            root_dispersion: state.root_dispersion,
            reference_id: state.reference_id,
            reference_timestamp: state.reference_timestamp,
            origin_timestamp: self.transmit,
            receive_timestamp: receive,
            transmit_timestamp: transmit,
        }
    }
}

/// The header octets of the request in `datagram` and what its reply
/// needs of them; errors as [`PreparedReply::answer`], nothing written.
fn request_in_place(datagram: &mut [u8]) -> Result<(&mut [u8; HEADER_LEN], Echo)> {
    let available = datagram.len();
    let Some(head) = datagram.first_chunk_mut::<HEADER_LEN>() else {
        return Err(Error::truncated(HEADER_LEN, available));
    };
    let request = Packet::new_checked(&head[..])?;
    let read = Echo {
        version: request.version(),
        reply_mode: reply_mode(request.mode())?,
        poll: request.poll(),
        transmit: request.transmit_timestamp(),
    };
    Ok((head, read))
}

/// The reply to the request in `datagram`, written over it: the server's
/// hot path without a second buffer (receive into a buffer, rewrite it,
/// send it). `datagram` is the received octets, exactly (the slice of the
/// receive buffer up to the received length).
///
/// The first 48 octets become the reply [`reply`] builds from the
/// request's header and `state` (RFC 5905 section 9.2: mode 4 or 2, the
/// request's version and poll echoed, origin = its transmit timestamp),
/// and the returned length is 48: send `datagram[..48]`. Whatever followed
/// the request's header (extension fields, a MAC) is no part of the reply
/// and is left as it was, unread; a reply is never longer than its
/// request. A server that authenticates appends its own trailer after the
/// 48 octets ([`TrailerWriter`](crate::trailer::TrailerWriter)).
///
/// Errors as [`PreparedReply::answer`]: [`Error::Truncated`] (fewer than 48
/// octets), [`Error::BadVersion`], [`Error::Ntpv5`],
/// [`Error::UnsupportedMode`], [`Error::NotARequest`]; on error `datagram`
/// is unchanged.
///
/// ```
/// use ntp_wire::exchange::{client_request, reply_in_place, ServerState};
/// use ntp_wire::{Header, Mode, Timestamp, Version};
///
/// let mut buf = [0u8; 1024];
/// // As received: a 48-octet request followed by a 20-octet MAC.
/// buf[..48].copy_from_slice(&client_request(Version::V3, Timestamp::new(10, 0))?.to_bytes());
/// let received = 68;
/// let len = reply_in_place(&mut buf[..received], &ServerState::UNSYNCHRONIZED, Timestamp::new(11, 0), Timestamp::new(12, 0))?;
/// assert_eq!(len, 48);
/// let answer = Header::from_bytes(&buf[..len])?;
/// assert_eq!((answer.mode, answer.version), (Mode::Server, Version::V3));
/// assert_eq!(answer.origin_timestamp, Timestamp::new(10, 0));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
pub fn reply_in_place(
    datagram: &mut [u8],
    state: &ServerState,
    receive: Timestamp,
    transmit: Timestamp,
) -> Result<usize> {
    let (head, request) = request_in_place(datagram)?;
    // Built in registers, then stored over the request in one go.
    *head = request.answer(state, receive, transmit).to_bytes();
    Ok(HEADER_LEN)
}

/// A reply prepared once from the [`ServerState`] and completed in place
/// for each request: the server's fast path (RFC 5905 section 9.2).
///
/// Per request it writes octet 0 (the request's version echoed, mode 4 or
/// 2, the state's leap), the poll octet (echoed) and the origin, receive
/// and transmit timestamps; the other 28 octets are written only by
/// [`PreparedReply::new`] and [`PreparedReply::set_state`]. The result is
/// the same as [`reply`]'s.
///
/// ```
/// use ntp_wire::exchange::{client_request, PreparedReply, ServerState};
/// use ntp_wire::{Packet, Timestamp, Version};
///
/// let mut prepared = PreparedReply::new(&ServerState::UNSYNCHRONIZED);
/// let request = client_request(Version::V4, Timestamp::new(10, 0))?.to_bytes();
/// let bytes = prepared.answer(&Packet::new_checked(&request[..])?, Timestamp::new(11, 0), Timestamp::new(12, 0))?;
/// assert_eq!(bytes[0], 0xe4); // LI 3, version 4, mode 4
/// assert_eq!(&bytes[24..32], &request[40..48]); // origin = request's transmit
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PreparedReply {
    bytes: [u8; HEADER_LEN],
}

impl PreparedReply {
    /// A reply carrying `state`, not yet addressed to any request (RFC 5905 section 9.2).
    #[must_use]
    pub fn new(state: &ServerState) -> PreparedReply {
        let mut prepared = PreparedReply {
            bytes: [0; HEADER_LEN],
        };
        prepared.set_state(state);
        prepared
    }

    /// Rewrites the fields that come from the server's state (after a
    /// clock update; RFC 5905 section 9.2).
    pub fn set_state(&mut self, state: &ServerState) {
        let mut p = self.view();
        p.set_leap(state.leap);
        p.set_stratum(state.stratum);
        p.set_precision(state.precision);
        p.set_root_delay(state.root_delay);
        p.set_root_dispersion(state.root_dispersion);
        p.set_reference_id(state.reference_id);
        p.set_reference_timestamp(state.reference_timestamp);
    }

    /// Completes the reply to `request` and returns its 48 octets (RFC 5905 section 9.2).
    ///
    /// `request` is checked again ([`Packet::check`]), so an unchecked view
    /// cannot make this panic. Errors as [`reply`]: [`Error::Truncated`],
    /// [`Error::BadVersion`], [`Error::Ntpv5`], [`Error::UnsupportedMode`],
    /// [`Error::NotARequest`]; on error the prepared packet is unchanged.
    /// Read `transmit` from the clock as late as possible.
    pub fn answer<T: AsRef<[u8]>>(
        &mut self,
        request: &Packet<T>,
        receive: Timestamp,
        transmit: Timestamp,
    ) -> Result<&[u8; HEADER_LEN]> {
        request.check()?;
        let mode = reply_mode(request.mode())?;
        let mut p = self.view();
        p.set_version(request.version());
        p.set_mode(mode);
        p.set_poll(request.poll());
        p.set_origin_timestamp(request.transmit_timestamp());
        p.set_receive_timestamp(receive);
        p.set_transmit_timestamp(transmit);
        Ok(&self.bytes)
    }

    /// [`reply_in_place`] from this prepared reply: the reply to the
    /// request in `datagram` (the received octets, exactly) written over
    /// its first 48 octets, and 48 returned; the octets after them are no
    /// part of the reply and are left as they were. The prepared packet is
    /// copied whole and the six per-request fields set on the copy, so it
    /// costs about what [`PreparedReply::answer`] does, with no second
    /// buffer to send from. The prepared packet itself is not changed.
    ///
    /// Errors as [`PreparedReply::answer`]; on error `datagram` is
    /// unchanged.
    ///
    /// ```
    /// use ntp_wire::exchange::{client_request, PreparedReply, ServerState};
    /// use ntp_wire::{Header, Mode, Timestamp, Version};
    ///
    /// let prepared = PreparedReply::new(&ServerState::UNSYNCHRONIZED);
    /// let mut datagram = client_request(Version::V4, Timestamp::new(10, 0))?.to_bytes();
    /// let len = prepared.answer_in_place(&mut datagram, Timestamp::new(11, 0), Timestamp::new(12, 0))?;
    /// let answer = Header::from_bytes(&datagram[..len])?;
    /// assert_eq!((answer.mode, answer.origin_timestamp), (Mode::Server, Timestamp::new(10, 0)));
    /// # Ok::<(), ntp_wire::Error>(())
    /// ```
    pub fn answer_in_place(
        &self,
        datagram: &mut [u8],
        receive: Timestamp,
        transmit: Timestamp,
    ) -> Result<usize> {
        let (head, request) = request_in_place(datagram)?;
        *head = self.bytes;
        let mut p = Packet::new_unchecked(&mut head[..]);
        p.set_version(request.version);
        p.set_mode(request.reply_mode);
        p.set_poll(request.poll);
        p.set_origin_timestamp(request.transmit);
        p.set_receive_timestamp(receive);
        p.set_transmit_timestamp(transmit);
        Ok(HEADER_LEN)
    }

    /// The octets as last completed (before the first
    /// [`PreparedReply::answer`]: mode 0, version 0 and zero timestamps; RFC 5905 section 9.2).
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; HEADER_LEN] {
        &self.bytes
    }

    /// A writable view of the 48 octets (always long enough).
    fn view(&mut self) -> Packet<&mut [u8]> {
        Packet::new_unchecked(&mut self.bytes[..])
    }
}
