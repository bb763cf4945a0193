//! The front door: any UDP payload of port 123 to the typed view of its
//! kind, in one call.

use crate::control;
use crate::fields::Mode;
use crate::header::{Packet, HEADER_LEN};
use crate::kind::{association_mode, is_time_v1_to_v4, Kind};
use crate::private;
use crate::v5;
use crate::{Error, Result};

/// One NTP message, read through the front door: the kind from octet 0
/// ([`Kind`]), then that kind's zero-copy view, checked.
///
/// ```
/// use ntp_wire::{Kind, Message, Mode};
///
/// let mut request = [0u8; 48];
/// request[0] = 0x23; // version 4, client
/// let message = Message::parse(&request)?;
/// assert_eq!(message.kind(), Kind::TimeV4);
/// let Message::Time { packet, mode } = message else { panic!("a time packet") };
/// assert_eq!((mode, packet.trailer().check()?), (Mode::Client, 0));
///
/// // NTPv1 has no mode field: from a client port it is a client request.
/// request[0] = 0x08;
/// let message = Message::parse_udp(&request, 1024, 123)?;
/// assert!(matches!(message, Message::Time { mode: Mode::Client, .. }));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
///
/// A control message (mode 6) comes as [`Message::Control`], checked by
/// [`control::Packet::new_checked`]:
///
/// ```
/// use ntp_wire::{Kind, Message};
///
/// // ntpq's READVAR request (`ntpq -c rv`).
/// let request = [0xd6, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
/// let Message::Control(packet) = Message::parse(&request)? else { panic!("mode 6") };
/// assert_eq!((packet.opcode().name(), packet.sequence()), (Some("READVAR"), 1));
/// assert_eq!(Message::parse(&request)?.kind(), Kind::Control);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
///
/// A private message (mode 7) is [`Message::Private`], checked by
/// [`private::Packet::new_checked`]:
///
/// ```
/// use ntp_wire::{Kind, Message};
///
/// // A monlist probe (CVE-2013-5211).
/// let message = Message::parse(&[0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0])?;
/// assert_eq!(message.kind(), Kind::Private);
/// let Message::Private(packet) = message else { panic!("a private message") };
/// assert!(packet.is_monlist_request());
/// # Ok::<(), ntp_wire::Error>(())
/// ```
///
/// NTPv5 packets come as [`Message::V5`], checked by
/// [`v5::Packet::new_checked`] (strictly: mode 3 or 4, known timescale and
/// flags; its errors are [`Error::V5`]):
///
/// ```
/// use ntp_wire::{Kind, Message, Mode};
///
/// let mut v5 = [0u8; 48];
/// v5[0] = 0x2b; // version 5, request
/// let message = Message::parse(&v5)?;
/// assert_eq!(message.kind(), Kind::TimeV5);
/// let Message::V5(packet) = message else { panic!("an NTPv5 packet") };
/// assert_eq!(packet.mode(), Mode::Client);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
///
/// [`Error::UnsupportedMode`]: crate::Error::UnsupportedMode
/// [`Error::V5`]: crate::Error::V5
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Message<'a> {
    /// A version 1 to 4 time packet (RFC 5905 section 7.3; [`Kind::TimeV1To3`]
    /// or [`Kind::TimeV4`]): the checked header view, whose
    /// [`trailer`](Packet::trailer) walks the rest.
    Time {
        /// The header view over the whole payload.
        packet: Packet<&'a [u8]>,
        /// The mode the packet acts in: its mode field, or, for an NTPv1
        /// packet read with [`Message::parse_udp`], the mode its ports
        /// give it ([`association_mode`](crate::kind::association_mode)).
        mode: Mode,
    },
    /// A control message (mode 6, RFC 9327; [`Kind::Control`]): the
    /// checked view of its 12-octet header and data.
    Control(control::Packet<&'a [u8]>),
    /// An ntpd private message (mode 7 at versions 1 to 4,
    /// [`Kind::Private`]): the checked view of ntpd's `ntp_request.h`
    /// layout.
    Private(private::Packet<&'a [u8]>),
    /// An NTPv5 packet (draft-ietf-ntp-ntpv5; [`Kind::TimeV5`]): the
    /// checked view, whose [`fields`](v5::Packet::fields) walks the
    /// extension fields.
    V5(v5::Packet<&'a [u8]>),
}

impl<'a> Message<'a> {
    /// Reads `payload`, a whole UDP payload: its kind, then the view of
    /// that kind, each check of which may fail with its own error.
    #[inline]
    pub fn parse(payload: &'a [u8]) -> Result<Message<'a>> {
        // The common case first, in the one shift and mask of the time
        // kinds: what Packet::new_checked costs, and no more.
        if let Some(&octet0) = payload.first() {
            if payload.len() >= HEADER_LEN && is_time_v1_to_v4(octet0) {
                return Ok(Message::Time {
                    packet: Packet::new_unchecked(payload),
                    mode: Mode::from_bits(octet0),
                });
            }
        }
        Message::parse_other(payload)
    }

    /// Every payload but a whole v1-v4 time packet: the kind, then its
    /// view, or the error that says why not.
    #[cold]
    fn parse_other(payload: &'a [u8]) -> Result<Message<'a>> {
        match Kind::of(payload)? {
            Kind::TimeV1To3 | Kind::TimeV4 => Err(Error::truncated(HEADER_LEN, payload.len())),
            Kind::Control => control::Packet::new_checked(payload).map(Message::Control),
            Kind::Private => private::Packet::new_checked(payload).map(Message::Private),
            Kind::TimeV5 => v5::Packet::new_checked(payload).map(Message::V5),
        }
    }

    /// [`Message::parse`] for a payload that came from UDP port
    /// `source_port` to `destination_port`: the same views, and the mode
    /// of a time packet read with the ports, as chrony does for NTPv1
    /// (whose mode bits are reserved: from a port other than 123 it is a
    /// client request). The destination port is not needed by any rule
    /// yet; it is taken so that callers pass the whole datagram's
    /// addressing and later rules need no new call.
    #[inline]
    pub fn parse_udp(
        payload: &'a [u8],
        source_port: u16,
        destination_port: u16,
    ) -> Result<Message<'a>> {
        let _ = destination_port;
        let mut message = Message::parse(payload)?;
        if let Message::Time { packet, mode } = &mut message {
            *mode = association_mode(packet.as_bytes()[0], source_port);
        }
        Ok(message)
    }

    /// The kind of the message.
    #[must_use]
    pub fn kind(&self) -> Kind {
        match self {
            Message::Time { packet, .. } => match packet.version().to_bits() {
                4 => Kind::TimeV4,
                _ => Kind::TimeV1To3,
            },
            Message::Control(_) => Kind::Control,
            Message::Private(_) => Kind::Private,
            Message::V5(_) => Kind::TimeV5,
        }
    }

    /// The whole payload, as received.
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        match self {
            Message::Time { packet, .. } => packet.into_inner(),
            Message::Control(packet) => packet.into_inner(),
            Message::Private(packet) => packet.into_inner(),
            Message::V5(packet) => packet.into_inner(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_octet0_through_the_door() {
        for octet0 in 0..=255u8 {
            let mut buf = [0u8; 48];
            buf[0] = octet0;
            let parsed = Message::parse(&buf);
            match Kind::of_octet0(octet0) {
                Ok(k @ (Kind::TimeV1To3 | Kind::TimeV4)) => {
                    let m = parsed.unwrap();
                    assert_eq!(m.kind(), k);
                    assert_eq!(m.as_bytes(), &buf);
                    let Message::Time { mode, .. } = m else {
                        panic!("{octet0:#04x}: {m:?}")
                    };
                    assert_eq!(mode, Mode::from_bits(octet0));
                }
                Ok(Kind::TimeV5) => match octet0 & 7 {
                    3 | 4 => {
                        let m = parsed.unwrap();
                        assert_eq!((m.kind(), m.as_bytes()), (Kind::TimeV5, &buf[..]));
                        assert!(matches!(m, Message::V5(p) if p.mode().to_bits() == octet0 & 7));
                    }
                    mode => assert_eq!(
                        parsed,
                        Err(Error::V5 {
                            offset: 0,
                            rule: crate::V5Rule::Mode { mode }
                        })
                    ),
                },
                Ok(Kind::Control) => {
                    let m = parsed.unwrap();
                    assert_eq!(m.kind(), Kind::Control);
                    assert_eq!(m.as_bytes(), &buf);
                    assert!(matches!(m, Message::Control(_)));
                }
                Ok(Kind::Private) => {
                    // Zeros after octet 0: a request passes unless M is set.
                    let expected = if octet0 & 0xc0 == 0x40 {
                        Err(Error::Private {
                            offset: 0,
                            rule: crate::PrivateRule::RequestMore,
                        })
                    } else {
                        Ok(Message::Private(private::Packet::new_unchecked(&buf[..])))
                    };
                    assert_eq!(parsed, expected, "{octet0:#04x}");
                    if let Ok(m) = parsed {
                        assert_eq!((m.kind(), m.as_bytes()), (Kind::Private, &buf[..]));
                    }
                }
                Err(e) => assert_eq!(parsed, Err(e)),
            }
        }
        assert_eq!(
            Message::parse(&[]),
            Err(Error::Truncated {
                needed: 1,
                available: 0
            })
        );
        assert_eq!(
            Message::parse(&[0x23; 47]),
            Err(Error::Truncated {
                needed: 48,
                available: 47
            })
        );
    }

    #[test]
    fn control_messages_through_the_door() {
        // A 12-octet READSTAT request, ports do not change it.
        let request = [0x16, 0x01, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0];
        let m = Message::parse_udp(&request, 50000, 123).unwrap();
        let Message::Control(p) = m else {
            panic!("{m:?}")
        };
        assert_eq!(
            (p.sequence(), m.kind(), m.as_bytes()),
            (7, Kind::Control, &request[..])
        );
        // Its own rules: too short, count past the data.
        assert_eq!(
            Message::parse(&request[..11]),
            Err(Error::Truncated {
                needed: 12,
                available: 11
            })
        );
        let mut counted = request;
        counted[11] = 4;
        assert_eq!(
            Message::parse(&counted),
            Err(Error::Truncated {
                needed: 16,
                available: 12
            })
        );
    }

    #[test]
    fn ports_give_ntpv1_its_mode() {
        let mut buf = [0u8; 48];
        buf[0] = 0x08;
        let mode = |m: Message<'_>| match m {
            Message::Time { mode, .. } => mode,
            other => panic!("{other:?}"),
        };
        assert_eq!(mode(Message::parse(&buf).unwrap()), Mode::Reserved);
        assert_eq!(
            mode(Message::parse_udp(&buf, 50000, 123).unwrap()),
            Mode::Client
        );
        assert_eq!(
            mode(Message::parse_udp(&buf, 123, 123).unwrap()),
            Mode::Reserved
        );
        buf[0] = 0x1c;
        assert_eq!(
            mode(Message::parse_udp(&buf, 123, 50000).unwrap()),
            Mode::Server
        );
        // An NTPv5 packet has a mode field at every port.
        buf[0] = 0x2b;
        let m = Message::parse_udp(&buf, 50000, 123).unwrap();
        assert!(matches!(m, Message::V5(p) if p.mode() == Mode::Client));
    }
}
