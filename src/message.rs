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

    /// `true` for a request a reflector can be abused with: a spoofed,
    /// unauthenticated datagram whose answer is larger than it. Mode 7:
    /// the monitor-list request of CVE-2013-5211
    /// ([`private::Packet::is_monlist_request`], the Emerging Threats
    /// signatures 2017918/2017919 widened as documented there). Mode 6:
    /// READSTAT, READVAR, READCLOCK, or READ_MRU with a nonce
    /// ([`control::Packet::is_amplification_request`]). Time packets and
    /// NTPv5 are never taken: a time server answers with its 48-octet
    /// header and no more trailer than the request carried (a MAC; NTS
    /// cookies in the space of the request's placeholders), and an NTPv5
    /// reply is exactly as long as its request (draft-ietf-ntp-ntpv5-07
    /// section 7.1).
    #[must_use]
    pub fn is_amplification_request(&self) -> bool {
        match self {
            Message::Control(packet) => packet.is_amplification_request(),
            Message::Private(packet) => packet.is_monlist_request(),
            Message::Time { .. } | Message::V5(_) => false,
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

/// [`Message::is_amplification_request`] for a raw UDP payload: what a
/// reflection filter or IDS asks of every datagram to port 123. A mode 7
/// payload is judged on its first 4 octets, as
/// [`private::is_monlist_request`] does (filters see truncated or padded
/// probes); any other payload is read through [`Message::parse`], and one
/// that does not read is not a request a server would answer.
///
/// ```
/// use ntp_wire::is_amplification_request;
///
/// assert!(is_amplification_request(&[0x17, 0x00, 0x03, 0x2a])); // monlist
/// assert!(is_amplification_request(&[0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])); // READVAR
/// assert!(!is_amplification_request(&[0x16, 0x0c, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])); // REQ_NONCE
/// let mut client = [0u8; 48];
/// client[0] = 0x23;
/// assert!(!is_amplification_request(&client));
/// ```
#[must_use]
pub fn is_amplification_request(payload: &[u8]) -> bool {
    match Kind::of(payload) {
        Ok(Kind::Private) => private::is_monlist_request(payload),
        Ok(Kind::Control) => Message::parse(payload).is_ok_and(|m| m.is_amplification_request()),
        _ => false,
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

    #[test]
    fn amplification_requests_of_every_kind() {
        // Mode 7 monlist at implementations 2 and 3, codes 20 and 42; a
        // response, implementation 0, another code and a nonzero
        // sequence are not.
        for (octets, want) in [
            ([0x17, 0x00, 0x03, 0x2a], true),
            ([0x17, 0x00, 0x02, 0x14], true),
            ([0x97, 0x00, 0x03, 0x2a], false),
            ([0x17, 0x00, 0x00, 0x2a], false),
            ([0x17, 0x00, 0x03, 0x04], false),
            ([0x17, 0x01, 0x03, 0x2a], false),
        ] {
            assert_eq!(is_amplification_request(&octets), want, "{octets:02x?}");
            let mut padded = [0u8; 8];
            padded[..4].copy_from_slice(&octets);
            // The view refuses a request with a nonzero sequence, as ntpd
            // drops it.
            match Message::parse(&padded) {
                Ok(m) => assert_eq!(m.is_amplification_request(), want, "{octets:02x?}"),
                Err(e) => assert_eq!(
                    (e, want),
                    (
                        Error::Private {
                            offset: 1,
                            rule: crate::PrivateRule::RequestSequence { sequence: 1 }
                        },
                        false
                    )
                ),
            }
        }
        // Mode 6: READSTAT, READVAR, READCLOCK requests; not REQ_NONCE,
        // not a response, not a request with a nonzero offset.
        let control = |octet1: u8, offset: u8| [0x16, octet1, 0, 1, 0, 0, 0, 0, 0, offset, 0, 0];
        for (octets, want) in [
            (control(0x01, 0), true),
            (control(0x02, 0), true),
            (control(0x04, 0), true),
            (control(0x0c, 0), false),
            (control(0x82, 0), false),
            (control(0x02, 4), false),
        ] {
            assert_eq!(is_amplification_request(&octets), want, "{octets:02x?}");
            let m = Message::parse(&octets).unwrap();
            assert_eq!(m.is_amplification_request(), want, "{octets:02x?}");
        }
        // A mode 6 payload that does not read is not answered.
        assert!(!is_amplification_request(&control(0x02, 0)[..11]));
        // Time packets and NTPv5 never are, nor an empty payload.
        let mut time = [0u8; 48];
        for octet0 in [0x23, 0x1b, 0x0b, 0x2b] {
            time[0] = octet0;
            assert!(!is_amplification_request(&time), "{octet0:#04x}");
            assert!(!Message::parse(&time).unwrap().is_amplification_request());
        }
        assert!(!is_amplification_request(&[]));
    }
}
