//! The target of the front door: any payload through [`Message::parse`].

use crate::control;
use crate::header::Packet;
use crate::kind::{association_mode, Kind};
use crate::private;
use crate::trailer::Trailer;
use crate::{Message, Mode};

/// [`Message::parse`] and [`Message::parse_udp`] on any payload.
///
/// - The kind is octet 0's ([`Kind::of`]), and every message carries the
///   whole payload as given.
/// - Time packets are exactly what [`Packet::new_checked`] accepts, and
///   their trailer walks as [`Trailer::new`] walks the payload; every other
///   kind is exactly what its own `new_checked` accepts
///   ([`control::Packet::new_checked`] for mode 6,
///   [`private::Packet::new_checked`] for mode 7,
///   [`v5::Packet::new_checked`](crate::v5::Packet::new_checked) for NTPv5,
///   whose ports change nothing).
/// - With ports, only the mode of an NTPv1 packet can change, and only as
///   [`association_mode`] says.
pub fn message(data: &[u8]) {
    let kind = Kind::of(data);
    let parsed = Message::parse(data);
    match (&parsed, kind) {
        (Ok(m), Ok(k)) => {
            assert_eq!(m.kind(), k);
            assert_eq!(m.as_bytes(), data);
        }
        (Ok(m), Err(e)) => panic!("{m:?} parsed where the kind is {e:?}"),
        (Err(e), Err(k)) => assert_eq!(*e, k, "the kind's error comes first"),
        (Err(_), Ok(_)) => {}
    }
    let taken = parsed.map(|m| m.as_bytes().len());
    match kind {
        Ok(Kind::Control) => assert_eq!(
            taken,
            control::Packet::new_checked(data).map(|p| p.packet_len()),
            "the front door takes the control messages new_checked takes, with its error"
        ),
        Ok(Kind::Private) => assert_eq!(
            taken,
            private::Packet::new_checked(data).map(|p| p.packet_len()),
            "the front door takes the private messages their new_checked takes, with its error"
        ),
        Ok(Kind::TimeV5) => assert_eq!(
            taken,
            crate::v5::Packet::new_checked(data).map(|p| p.packet_len()),
            "the front door takes the NTPv5 packets v5::Packet::new_checked takes"
        ),
        _ => assert_eq!(
            taken.ok(),
            Packet::new_checked(data).ok().map(|p| p.packet_len()),
            "the front door takes the time packets new_checked takes"
        ),
    }
    // The filter's call agrees with the view's: through the view for
    // every payload that reads, and for mode 7 from its first 4 octets
    // alone.
    if let Ok(m) = parsed {
        assert_eq!(
            crate::is_amplification_request(data),
            m.is_amplification_request()
        );
    } else if kind != Ok(Kind::Private) {
        assert!(!crate::is_amplification_request(data));
    }
    if let Ok(Message::Control(packet)) = parsed {
        assert_eq!(packet.header(), control::Header::from_bytes(data).unwrap());
    }
    if let Ok(Message::V5(packet)) = parsed {
        assert_eq!(kind, Ok(Kind::TimeV5));
        assert_eq!(Message::parse_udp(data, 1, 123), Ok(Message::V5(packet)));
    }
    if let Ok(Message::Time { packet, mode }) = parsed {
        assert_eq!(mode, packet.mode());
        let walked: alloc_free_walk::Items = packet.trailer().into();
        assert_eq!(walked, Trailer::new(data).into());
        let source_port = data
            .get(1..3)
            .map_or(123, |b| u16::from_be_bytes([b[0], b[1]]));
        let Ok(Message::Time {
            mode: with_ports, ..
        }) = Message::parse_udp(data, source_port, 123)
        else {
            panic!("parse_udp refused what parse took")
        };
        assert_eq!(with_ports, association_mode(data[0], source_port));
        if with_ports != mode {
            assert_eq!(
                (data[0] >> 3) & 7,
                1,
                "only NTPv1 takes its mode from a port"
            );
            assert_eq!((mode, with_ports), (Mode::Reserved, Mode::Client));
        }
    }
}

/// A walk reduced to what two walks can be compared by without allocating:
/// the number of items, the end of the last, and the first error.
mod alloc_free_walk {
    use crate::trailer::Trailer;
    use crate::Error;

    #[derive(Debug, PartialEq, Eq)]
    pub(super) struct Items {
        count: usize,
        end: usize,
        error: Option<Error>,
    }

    impl From<Trailer<'_>> for Items {
        fn from(walk: Trailer<'_>) -> Items {
            let mut items = Items {
                count: 0,
                end: 0,
                error: None,
            };
            for item in walk {
                match item {
                    Ok(i) => {
                        items.count += 1;
                        items.end = i.offset() + i.len();
                    }
                    Err(e) => items.error = Some(e),
                }
            }
            items
        }
    }
}
