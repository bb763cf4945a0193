//! Unit tests of the NTPv5 module, on ntpd-rs 1.9's reply
//! (tests/data/v5/v5-draft08-response.hex): deconstruct, construct, parse,
//! emit, with emit buffers pre-filled with a junk octet.

extern crate std;
use std::format;
use std::string::ToString;
use std::vec::Vec;

use super::*;
use crate::fields::{ExtensionFieldType as T, LeapIndicator, Mode, Poll, Precision, Stratum};
use crate::time::{Time32, Timestamp};
use crate::trailer::Strictness;
use crate::{Error, TrailerRule, V5Rule};

/// ntpd-rs 1.9's 76-octet reply to a draft-08 request.
const REPLY: [u8; 76] = [
    0x2c, 0x01, 0x00, 0xee, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x52, 0x77, 0xfa, 0x50, 0xb9, 0xf3, 0x6a, 0x9a, 0x0b, 0x61, 0x51, 0xa7, 0x68, 0x3a, 0x30, 0xd8,
    0xee, 0xbc, 0x91, 0xab, 0x10, 0x66, 0x88, 0xd3, 0xee, 0xbc, 0x91, 0xab, 0x10, 0x6f, 0x69, 0x44,
    0xf5, 0xff, 0x00, 0x1b, b'd', b'r', b'a', b'f', b't', b'-', b'i', b'e', b't', b'f', b'-', b'n',
    b't', b'p', b'-', b'n', b't', b'p', b'v', b'5', b'-', b'0', b'8', 0x00,
];

fn reply_header() -> Header {
    Header {
        leap: LeapIndicator::NoWarning,
        mode: Mode::Server,
        stratum: Stratum(1),
        poll: Poll(0),
        precision: Precision(-18),
        root_delay: Time32::ZERO,
        root_dispersion: Time32::ZERO,
        timescale: Timescale::UTC,
        era: 0,
        flags: Flags::SYNCHRONIZED,
        server_cookie: Cookie::from_u64(0x5277_fa50_b9f3_6a9a),
        client_cookie: Cookie::from_u64(0x0b61_51a7_683a_30d8),
        receive_timestamp: Timestamp::from_bits(0xeebc_91ab_1066_88d3),
        transmit_timestamp: Timestamp::from_bits(0xeebc_91ab_106f_6944),
    }
}

#[test]
fn deconstruct() {
    let p = Packet::new_checked(&REPLY[..]).unwrap();
    assert_eq!(p.leap(), LeapIndicator::NoWarning);
    assert_eq!(p.version().to_bits(), 5);
    assert_eq!(p.mode(), Mode::Server);
    assert_eq!(p.stratum(), Stratum(1));
    assert_eq!(p.poll(), Poll(0));
    assert_eq!(p.precision(), Precision(-18));
    assert_eq!(p.root_delay(), Time32::ZERO);
    assert_eq!(p.root_dispersion(), Time32::ZERO);
    assert_eq!(p.timescale(), Timescale::UTC);
    assert_eq!(p.era(), 0);
    assert_eq!(p.flags(), Flags::SYNCHRONIZED);
    assert_eq!(p.server_cookie(), Cookie::from_u64(0x5277_fa50_b9f3_6a9a));
    assert_eq!(p.client_cookie(), Cookie::from_u64(0x0b61_51a7_683a_30d8));
    assert_eq!(
        p.receive_timestamp(),
        Timestamp::from_bits(0xeebc_91ab_1066_88d3)
    );
    assert_eq!(
        p.transmit_timestamp(),
        Timestamp::from_bits(0xeebc_91ab_106f_6944)
    );
    assert_eq!(p.payload(), &REPLY[48..]);
    assert_eq!(
        (p.packet_len(), p.as_bytes(), p.as_ref()),
        (76, &REPLY[..], &REPLY[..])
    );
    let fields: Vec<_> = p.fields().collect();
    assert_eq!(fields.len(), 1);
    let f = fields[0].unwrap();
    assert_eq!(
        (f.field_type(), f.length(), f.offset(), f.len()),
        (T::V5_DRAFT_IDENTIFICATION, 27, 48, 28)
    );
    assert_eq!(f.body(), DRAFT_08.as_bytes());
    assert_eq!(
        p.fields().draft_identification(),
        Ok(Some(DRAFT_08.as_bytes()))
    );
    assert_eq!(p.into_inner(), &REPLY[..]);
}

#[test]
fn construct() {
    let mut buf = [0xa5u8; 76];
    buf[0] = 0x2b;
    let mut p = Packet::new_unchecked(&mut buf[..]);
    p.set_leap(LeapIndicator::NoWarning);
    p.set_mode(Mode::Server);
    p.set_stratum(Stratum(1));
    p.set_poll(Poll(0));
    p.set_precision(Precision(-18));
    p.set_root_delay(Time32::ZERO);
    p.set_root_dispersion(Time32::ZERO);
    p.set_timescale(Timescale::UTC);
    p.set_era(0);
    p.set_flags(Flags::SYNCHRONIZED);
    p.set_server_cookie(Cookie::from_u64(0x5277_fa50_b9f3_6a9a));
    p.set_client_cookie(Cookie::from_u64(0x0b61_51a7_683a_30d8));
    p.set_receive_timestamp(Timestamp::from_bits(0xeebc_91ab_1066_88d3));
    p.set_transmit_timestamp(Timestamp::from_bits(0xeebc_91ab_106f_6944));
    p.payload_mut().copy_from_slice(&REPLY[48..]);
    assert_eq!(p.as_bytes_mut().len(), 76);
    assert_eq!(buf, REPLY);
}

#[test]
fn setters_touch_only_their_bits() {
    let mut buf = REPLY;
    let mut p = Packet::new_unchecked(&mut buf[..]);
    p.set_leap(LeapIndicator::Unsynchronized);
    assert_eq!(p.as_bytes()[0], 0xec);
    p.set_mode(Mode::Client);
    assert_eq!(p.as_bytes()[0], 0xeb);
    p.set_era(7);
    p.set_timescale(Timescale(9));
    assert_eq!(&p.as_bytes()[12..16], &[9, 7, 0, 1]);
    p.set_root_delay(Time32::from_bits(0x0102_0304));
    p.set_root_dispersion(Time32::from_bits(0x0506_0708));
    assert_eq!(&p.as_bytes()[4..12], &[1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(&p.as_bytes()[..4], &[0xeb, 1, 0, 0xee]);
}

#[test]
fn parse() {
    let p = Packet::new_checked(&REPLY[..]).unwrap();
    assert_eq!(Header::parse(&p), Ok(reply_header()));
    assert_eq!(Header::from_bytes(&REPLY), Ok(reply_header()));
    assert_eq!(
        Header::parse_with(&p, Strictness::Lenient),
        Ok(reply_header())
    );
}

#[test]
fn emit() {
    let h = reply_header();
    let mut buf = [0xa5u8; 80];
    assert_eq!(h.emit(&mut Packet::new_unchecked(&mut buf[..])), Ok(48));
    assert_eq!(&buf[..48], &REPLY[..48]);
    assert_eq!(&buf[48..], &[0xa5; 32]);
    assert_eq!(h.to_bytes(), REPLY[..48]);
    assert_eq!(h.buffer_len(), 48);
    assert_eq!(
        h.emit_slice(&mut buf[..47]),
        Err(Error::BufferTooSmall {
            needed: 48,
            available: 47
        })
    );
    // Any value is written as given.
    let hostile = Header {
        mode: Mode::SymmetricActive,
        timescale: Timescale(200),
        flags: Flags(0xffff),
        ..h
    };
    let b = hostile.to_bytes();
    assert_eq!((b[0], b[12], b[14], b[15]), (0x29, 200, 0xff, 0xff));
}

#[test]
fn checks_in_order() {
    let err = |b: &[u8]| Packet::new_checked(b).unwrap_err();
    assert_eq!(err(&REPLY[..47]), Error::truncated(48, 47));
    let mut b = REPLY;
    b[0] = 0x24; // version 4
    assert_eq!(err(&b), Error::v5(0, V5Rule::Version { version: 4 }));
    b[0] = 0x34; // version 6
    assert_eq!(err(&b), Error::BadVersion { version: 6 });
    for mode in [0u8, 1, 2, 5, 6, 7] {
        b[0] = 0x28 | mode;
        assert_eq!(err(&b), Error::v5(0, V5Rule::Mode { mode }));
    }
    b[0] = 0x2c;
    assert_eq!(
        err(&b[..75]),
        Error::v5(72, V5Rule::Unaligned { length: 75 })
    );
    b[12] = 4;
    assert_eq!(
        err(&b),
        Error::v5(12, V5Rule::UnknownTimescale { timescale: 4 })
    );
    b[12] = 3;
    b[15] = 0x09;
    assert_eq!(
        err(&b),
        Error::v5(14, V5Rule::UnknownFlags { flags: 0x0009 })
    );
    b[14] = 0x80;
    b[12] = 255;
    // Lenient: both kept.
    let p = Packet::new_checked_with(&b[..], Strictness::Lenient).unwrap();
    assert_eq!((p.timescale(), p.flags()), (Timescale(255), Flags(0x8009)));
    let h = Header::parse_with(&p, Strictness::Lenient).unwrap();
    assert_eq!(h.to_bytes(), b[..48]);
    assert_eq!(
        Header::parse(&p),
        Err(Error::v5(12, V5Rule::UnknownTimescale { timescale: 255 }))
    );
    // Lenient still checks the structure.
    assert_eq!(
        Packet::new_checked_with(&b[..74], Strictness::Lenient).unwrap_err(),
        Error::v5(72, V5Rule::Unaligned { length: 74 })
    );
    assert!(Packet::new_unchecked(&b[..10]).check_len().is_err());
}

#[test]
fn field_order_rules() {
    let mut buf = [0u8; 200];
    Header::request(Cookie::ZERO).emit_slice(&mut buf).unwrap();
    let mut w = FieldWriter::new(&mut buf).unwrap();
    w.mac(7, &[0xee; 16]).unwrap();
    assert_eq!(
        w.field(T::V5_PADDING, &[]),
        Err(Error::v5(
            72,
            V5Rule::AfterMac {
                field_type: T::V5_PADDING
            }
        ))
    );
    w.correction(&Correction::default()).unwrap();
    assert_eq!(
        w.field(T::V5_CORRECTION, &[0; 24]),
        Err(Error::v5(
            100,
            V5Rule::AfterCorrection {
                field_type: T::V5_CORRECTION
            }
        ))
    );
    let len = w.finish();
    assert_eq!(len, 100);
    let p = Packet::new_checked(&buf[..len]).unwrap();
    let fields: Vec<_> = p.fields().map(|f| f.unwrap()).collect();
    assert_eq!(fields.len(), 2);
    assert_eq!(mac_authenticated_range(&fields[0]), 0..48);
    assert_eq!(
        FieldValue::read(&fields[0]),
        Ok(FieldValue::Mac(MacValue {
            key_id: 7,
            mac: &[0xee; 16]
        }))
    );
    // A Padding after the MAC, read.
    buf[100..104].copy_from_slice(&[0xf5, 0x01, 0x00, 0x04]);
    // Correction moved out of the way: MAC then Padding.
    let mut hostile = [0u8; 76];
    hostile.copy_from_slice(&buf[..76]);
    hostile[72..76].copy_from_slice(&[0xf5, 0x01, 0x00, 0x04]);
    let p = Packet::new_checked(&hostile[..]).unwrap();
    assert_eq!(
        p.fields().check(),
        Err(Error::v5(
            72,
            V5Rule::AfterMac {
                field_type: T::V5_PADDING
            }
        ))
    );
    let p = Packet::new_checked(&buf[..104]).unwrap();
    assert_eq!(
        p.fields().check(),
        Err(Error::v5(
            100,
            V5Rule::AfterCorrection {
                field_type: T::V5_PADDING
            }
        ))
    );
}

#[test]
fn walk_errors_and_bounds() {
    let mut b = [0u8; 56];
    b[0] = 0x2b;
    // Length 3.
    b[48..52].copy_from_slice(&[0xf5, 0x01, 0x00, 0x03]);
    let mut walk = Fields::new(&b);
    assert_eq!(walk.size_hint(), (0, Some(2)));
    assert_eq!(
        walk.next(),
        Some(Err(Error::trailer(
            48,
            TrailerRule::FieldTooShort {
                length: 3,
                minimum: 4
            }
        )))
    );
    assert_eq!((walk.next(), walk.size_hint()), (None, (0, Some(0))));
    // Past the end: 9 octets with padding take 12.
    b[48..52].copy_from_slice(&[0xf5, 0x01, 0x00, 0x09]);
    assert_eq!(
        Fields::new(&b).check(),
        Err(Error::trailer(
            48,
            TrailerRule::FieldPastEnd {
                length: 9,
                available: 8
            }
        ))
    );
    // Two fields of 4 fit exactly.
    b[48..56].copy_from_slice(&[0xf5, 0x01, 0x00, 0x04, 0x12, 0x34, 0x00, 0x04]);
    let mut walk = Fields::new(&b);
    assert_eq!(walk.offset(), 48);
    assert_eq!(walk.next().unwrap().unwrap().len(), 4);
    assert_eq!(walk.offset(), 52);
    assert_eq!(walk.next().unwrap().unwrap().field_type(), T(0x1234));
    assert_eq!(walk.next(), None);
    // Stray octets of an unchecked buffer.
    assert_eq!(
        Fields::new(&b[..54]).check(),
        Err(Error::trailer(
            52,
            TrailerRule::FieldHeaderTruncated { available: 2 }
        ))
    );
    let mut short = Fields::new(&b[..20]);
    assert_eq!(short.size_hint(), (0, Some(1)));
    assert_eq!(short.next(), Some(Err(Error::truncated(48, 20))));
    assert_eq!(short.next(), None);
    assert_eq!(Fields::new(&b[..48]).check(), Ok(0));
    assert_eq!(Fields::new(&b[..48]).draft_identification(), Ok(None));
}

#[test]
fn typed_values_and_their_lengths() {
    let cases: [(FieldValue<'_>, usize); 10] = [
        (FieldValue::Padding(&[0; 5]), 12),
        (
            FieldValue::ReferenceIdsRequest(ReferenceIdsRequest {
                offset: 448,
                length: 64,
            }),
            68,
        ),
        (FieldValue::ReferenceIdsResponse(&[0x80; 6]), 12),
        (
            FieldValue::ServerInformation(ServerInformation {
                versions: 0x18,
                reserved: 0,
            }),
            8,
        ),
        (
            FieldValue::ReferenceTimestamp(Timestamp::from_bits(0x0102_0304_0506_0708)),
            12,
        ),
        (
            FieldValue::MonotonicReceiveTimestamp(MonotonicReceiveTimestamp {
                epoch: 0xdead_beef,
                timestamp: Timestamp::from_bits(9),
            }),
            16,
        ),
        (
            FieldValue::SecondaryReceiveTimestamp(SecondaryReceiveTimestamp {
                timescale: Timescale::TAI,
                era: 1,
                reserved: 0x0102,
                timestamp: Timestamp::from_bits(10),
            }),
            16,
        ),
        (FieldValue::DraftIdentification(DRAFT_09.as_bytes()), 28),
        (
            FieldValue::Mac(MacValue {
                key_id: 1,
                mac: &[2; 16],
            }),
            24,
        ),
        (
            FieldValue::Correction(Correction {
                origin_correction: 1,
                origin_path_id: 2,
                reserved: 3,
                delay_correction: -4,
                delay_path_id: 5,
                checksum_complement: 6,
            }),
            28,
        ),
    ];
    let mut buf = [0xa5u8; 400];
    Header::request(Cookie::ZERO).emit_slice(&mut buf).unwrap();
    let mut w = FieldWriter::new(&mut buf).unwrap();
    let mut at = 48;
    for (v, len) in &cases {
        assert_eq!(w.value(v), Ok(at..at + len), "{v:?}");
        at += len;
    }
    let len = w.finish();
    let p = Packet::new_checked(&buf[..len]).unwrap();
    let read: Vec<_> = p
        .fields()
        .map(|f| FieldValue::read(&f.unwrap()).unwrap())
        .collect();
    let want: Vec<_> = cases.iter().map(|(v, _)| *v).collect();
    assert_eq!(read, want);
    for (v, _) in &cases {
        assert!(v.field_type().is_ntpv5_draft());
    }
    // Wire octets of two of them.
    assert_eq!(&buf[48..60], &[0xf5, 0x01, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(&buf[60..68], &[0xf5, 0x03, 0, 68, 0x01, 0xc0, 0, 0]);
}

#[test]
fn layouts_checked() {
    let mut b = [0u8; 80];
    b[0] = 0x2b;
    fn read(b: &[u8]) -> crate::Result<FieldValue<'_>> {
        let f = Fields::new(b).next().unwrap().unwrap();
        FieldValue::read(&f)
    }
    b[48..52].copy_from_slice(&[0xf5, 0x05, 0x00, 0x0c]);
    assert_eq!(
        read(&b),
        Err(Error::v5(
            48,
            V5Rule::FieldLength {
                field_type: T::V5_SERVER_INFORMATION,
                length: 12,
                expected: 8
            }
        ))
    );
    for (t, expected) in [(0xf506u16, 28u16), (0xf507, 12), (0xf508, 16), (0xf509, 16)] {
        b[48..52].copy_from_slice(&[(t >> 8) as u8, t as u8, 0, 20]);
        assert_eq!(
            read(&b),
            Err(Error::v5(
                48,
                V5Rule::FieldLength {
                    field_type: T(t),
                    length: 20,
                    expected
                }
            ))
        );
    }
    b[48..52].copy_from_slice(&[0xf5, 0x02, 0x00, 0x07]);
    assert_eq!(
        read(&b),
        Err(Error::v5(
            48,
            V5Rule::ValueTooShort {
                field_type: T::V5_MAC,
                length: 7,
                minimum: 8
            }
        ))
    );
    b[48..52].copy_from_slice(&[0xf5, 0x03, 0x00, 0x05]);
    assert_eq!(
        read(&b),
        Err(Error::v5(
            48,
            V5Rule::ValueTooShort {
                field_type: T::V5_REFERENCE_IDS_REQUEST,
                length: 5,
                minimum: 6
            }
        ))
    );
    // The smallest of each is fine; another type is kept whole.
    b[48..52].copy_from_slice(&[0xf5, 0x02, 0x00, 0x08]);
    assert!(matches!(
        read(&b),
        Ok(FieldValue::Mac(MacValue { mac: &[], .. }))
    ));
    b[48..52].copy_from_slice(&[0x01, 0x04, 0x00, 0x08]);
    let Ok(FieldValue::Other(f)) = read(&b) else {
        panic!()
    };
    assert_eq!(
        (f.field_type(), FieldValue::Other(f).field_type()),
        (T::NTS_UNIQUE_IDENTIFIER, T::NTS_UNIQUE_IDENTIFIER)
    );
}

#[test]
fn writer_errors() {
    let mut buf = [0u8; 60];
    assert_eq!(
        FieldWriter::new(&mut buf[..40]).unwrap_err(),
        Error::buffer_too_small(48, 40)
    );
    buf[0] = 0x23;
    assert_eq!(
        FieldWriter::new(&mut buf).unwrap_err(),
        Error::v5(0, V5Rule::Version { version: 4 })
    );
    buf[0] = 0x2b;
    assert_eq!(
        FieldWriter::at(&mut buf, 64).unwrap_err(),
        Error::buffer_too_small(64, 60)
    );
    let mut w = FieldWriter::at(&mut buf, 12).unwrap();
    assert_eq!(w.position(), 48);
    assert_eq!(w.field(T(1), &[0; 9]), Err(Error::buffer_too_small(64, 60)));
    assert_eq!(
        w.padding(2),
        Err(Error::v5(48, V5Rule::PaddingLength { length: 2 }))
    );
    assert_eq!(
        w.padding(6),
        Err(Error::v5(48, V5Rule::PaddingLength { length: 6 }))
    );
    assert_eq!(
        w.pad_to(50),
        Err(Error::v5(48, V5Rule::PaddingLength { length: 2 }))
    );
    assert_eq!(
        w.reference_ids_request(ReferenceIdsRequest {
            offset: 0,
            length: 1
        }),
        Err(Error::v5(
            48,
            V5Rule::ValueTooShort {
                field_type: T::V5_REFERENCE_IDS_REQUEST,
                length: 5,
                minimum: 6
            }
        ))
    );
    assert_eq!(w.pad_to(48), Ok(48));
    assert_eq!(w.pad_to(56), Ok(56));
    assert_eq!(w.written().len(), 56);
    assert_eq!(
        w.pad_to(52),
        Err(Error::v5(56, V5Rule::PaddingLength { length: 0 }))
    );
    let mut big = std::vec![0u8; 70_000];
    big[0] = 0x2b;
    let mut w = FieldWriter::new(&mut big).unwrap();
    assert_eq!(
        w.field(T(1), &[0; 65_532]),
        Err(Error::v5(48, V5Rule::FieldTooLong { needed: 65_536 }))
    );
    assert_eq!(w.field(T(1), &[0; 65_531]), Ok(48..48 + 65_536));
}

#[test]
fn timescale_flags_cookie_texts() {
    assert_eq!(Timescale::UTC.to_string(), "UTC (0)");
    assert_eq!(
        Timescale::LEAP_SMEARED_UTC.to_string(),
        "leap-smeared UTC (3)"
    );
    assert_eq!(Timescale(4).to_string(), "4");
    assert!(Timescale::UT1.is_known());
    assert_eq!(Flags(0).to_string(), "0x0000");
    assert_eq!(Flags(0x0004).to_string(), "0x0004 (authentication NAK)");
    assert_eq!(
        Flags(0x8001).to_string(),
        "0x8001 (synchronized, unknown 0x8000)"
    );
    assert_eq!(Flags(0x0100).to_string(), "0x0100 (unknown 0x0100)");
    assert!(Flags::KNOWN.contains(Flags::AUTH_NAK));
    assert!(!Flags::SYNCHRONIZED.contains(Flags::KNOWN));
    assert_eq!(Flags::KNOWN.unknown_bits(), 0);
    assert!(Flags::AUTH_NAK.is_auth_nak() && !Flags::AUTH_NAK.is_synchronized());
    assert_eq!(Flags::NONE.with(Flags::AUTH_NAK).bits(), 4);
    // Setting a flag that is set leaves it set.
    assert_eq!(
        Flags::SYNCHRONIZED.with(Flags::SYNCHRONIZED),
        Flags::SYNCHRONIZED
    );
    assert_eq!((Flags::KNOWN | Flags::AUTH_NAK).bits(), 7);
    assert_eq!(Cookie::from_u64(5).to_u64(), 5);
    assert!(!Cookie::from_u64(5).is_zero());
    assert_eq!(Cookie::default(), Cookie::ZERO);
    assert_eq!(
        reply_header().to_string(),
        "NTPv5 server (4), leap no warning, stratum 1 (primary), poll 2^0 s (1 s), \
         precision 2^-18 s (0.000003815 s), root delay 0.000000000 s, root dispersion 0.000000000 s, \
         timescale UTC (0), era 0, flags 0x0001 (synchronized), server cookie 5277fa50b9f36a9a, \
         client cookie 0b6151a7683a30d8, receive 2026-12-04T01:11:07.064064551Z, \
         transmit 2026-12-04T01:11:07.064199999Z"
    );
    let deny = Reply::deny(Cookie::from_u64(1)).header;
    assert!(deny.to_string().contains(", poll 2^127 s (never again), "));
    assert_eq!(format!("{:?}", Timescale::TAI), "Timescale::TAI");
}
