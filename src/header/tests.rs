//! Header view and repr: deconstruct, construct, parse, emit, every length,
//! and properties over any header.

extern crate std;
use std::format;
use std::string::ToString;
use std::vec::Vec;

use proptest::prelude::*;

use super::*;
use crate::fields::*;
use crate::time::{ShortTime, Timestamp};
use crate::Error;

/// chrony 4.3's mode 4 reply from tests/data.
const CHRONY_REPLY: [u8; 48] = [
    0x24, 0x08, 0xfe, 0xe6, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7f, 0x7f, 0x01, 0x01,
    0xee, 0xb0, 0xf2, 0x90, 0x77, 0xb8, 0x37, 0xb6, 0x2f, 0x3c, 0x78, 0x62, 0xd5, 0x71, 0xdd, 0xdb,
    0xee, 0xb0, 0xf2, 0x91, 0x9c, 0x9a, 0x85, 0x91, 0xee, 0xb0, 0xf2, 0x91, 0x9c, 0x9b, 0x35, 0x60,
];

/// A header with a distinct value in every field.
fn distinct() -> Header {
    Header {
        leap: LeapIndicator::DeleteSecond,
        version: Version::V3,
        mode: Mode::Broadcast,
        stratum: Stratum(0x12),
        poll: Poll(-3),
        precision: Precision(-19),
        root_delay: ShortTime::from_bits(0x0102_0304),
        root_dispersion: ShortTime::from_bits(0x0506_0708),
        reference_id: ReferenceId([0x09, 0x0a, 0x0b, 0x0c]),
        reference_timestamp: Timestamp::from_bits(0x1112_1314_1516_1718),
        origin_timestamp: Timestamp::from_bits(0x2122_2324_2526_2728),
        receive_timestamp: Timestamp::from_bits(0x3132_3334_3536_3738),
        transmit_timestamp: Timestamp::from_bits(0x4142_4344_4546_4748),
    }
}

const DISTINCT_BYTES: [u8; 48] = [
    0x9d, 0x12, 0xfd, 0xed, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
    0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
    0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
];

#[test]
fn deconstruct() {
    let p = Packet::new_checked(&CHRONY_REPLY[..]).unwrap();
    assert_eq!(p.leap(), LeapIndicator::NoWarning);
    assert_eq!(p.version(), Version::V4);
    assert_eq!(p.mode(), Mode::Server);
    assert_eq!(p.stratum(), Stratum(8));
    assert_eq!(p.poll(), Poll(-2));
    assert_eq!(p.precision(), Precision(-26));
    assert_eq!(p.root_delay(), ShortTime::ZERO);
    assert_eq!(p.root_dispersion(), ShortTime::ZERO);
    assert_eq!(p.reference_id(), ReferenceId([127, 127, 1, 1]));
    assert_eq!(
        p.reference_timestamp(),
        Timestamp::from_bits(0xeeb0_f290_77b8_37b6)
    );
    assert_eq!(
        p.origin_timestamp(),
        Timestamp::from_bits(0x2f3c_7862_d571_dddb)
    );
    assert_eq!(
        p.receive_timestamp(),
        Timestamp::from_bits(0xeeb0_f291_9c9a_8591)
    );
    assert_eq!(
        p.transmit_timestamp(),
        Timestamp::from_bits(0xeeb0_f291_9c9b_3560)
    );
    assert_eq!(p.payload(), &[] as &[u8]);
    assert_eq!(p.packet_len(), 48);
}

#[test]
fn construct_on_junk_buffer() {
    // Every setter on a buffer pre-filled with junk writes exactly its bits.
    let mut buf = [0xa5u8; 52];
    let mut p = Packet::new_unchecked(&mut buf[..]);
    let h = distinct();
    p.set_leap(h.leap);
    p.set_version(h.version);
    p.set_mode(h.mode);
    p.set_stratum(h.stratum);
    p.set_poll(h.poll);
    p.set_precision(h.precision);
    p.set_root_delay(h.root_delay);
    p.set_root_dispersion(h.root_dispersion);
    p.set_reference_id(h.reference_id);
    p.set_reference_timestamp(h.reference_timestamp);
    p.set_origin_timestamp(h.origin_timestamp);
    p.set_receive_timestamp(h.receive_timestamp);
    p.set_transmit_timestamp(h.transmit_timestamp);
    assert_eq!(p.payload_mut(), &[0xa5; 4]);
    assert_eq!(buf[..48], DISTINCT_BYTES);
    assert_eq!(buf[48..], [0xa5; 4], "payload untouched");
}

#[test]
fn octet0_setters_leave_other_bits_alone() {
    let mut buf = [0u8; 48];
    let mut p = Packet::new_unchecked(&mut buf[..]);
    for li in 0..4 {
        for vn in 0..8 {
            for mode in 0..8 {
                p.set_leap(LeapIndicator::from_bits(li));
                p.set_version(Version::from_bits(vn));
                p.set_mode(Mode::from_bits(mode));
                assert_eq!(p.as_bytes()[0], li << 6 | vn << 3 | mode);
                assert_eq!(p.leap().to_bits(), li);
                assert_eq!(p.version().to_bits(), vn);
                assert_eq!(p.mode().to_bits(), mode);
            }
        }
    }
}

#[test]
fn parse_and_emit() {
    let h = Header::from_bytes(&DISTINCT_BYTES).unwrap();
    assert_eq!(h, distinct());
    let mut buf = [0xa5u8; 60];
    assert_eq!(h.emit(&mut Packet::new_unchecked(&mut buf[..])), Ok(48));
    assert_eq!(buf[..48], DISTINCT_BYTES);
    assert_eq!(buf[48..], [0xa5; 12]);
    assert_eq!(h.to_bytes(), DISTINCT_BYTES);
    assert_eq!(h.buffer_len(), 48);
    let mut small = [0u8; 47];
    assert_eq!(
        h.emit_slice(&mut small),
        Err(Error::BufferTooSmall {
            needed: 48,
            available: 47
        })
    );
    assert_eq!(small, [0; 47], "nothing written on error");
    assert_eq!(
        h.emit_slice(&mut []),
        Err(Error::BufferTooSmall {
            needed: 48,
            available: 0
        })
    );
}

#[test]
fn every_short_length_is_truncated() {
    for len in 0..48 {
        let buf = &CHRONY_REPLY[..len];
        let expected = Error::Truncated {
            needed: 48,
            available: len as u32,
        };
        assert_eq!(Packet::new_checked(buf).unwrap_err(), expected);
        assert_eq!(Header::from_bytes(buf), Err(expected));
        assert_eq!(Header::parse(&Packet::new_unchecked(buf)), Err(expected));
    }
    assert!(Packet::new_checked(&CHRONY_REPLY[..48]).is_ok());
}

#[test]
fn version_and_mode_checks() {
    for vn in 0u8..8 {
        for mode in 0u8..8 {
            let mut buf = CHRONY_REPLY;
            buf[0] = vn << 3 | mode;
            let expected = match (vn, mode) {
                (0 | 6 | 7, _) => Err(Error::BadVersion { version: vn }),
                (5, _) => Err(Error::Ntpv5),
                (_, 6 | 7) => Err(Error::UnsupportedMode {
                    mode: Mode::from_bits(mode),
                }),
                _ => Ok(()),
            };
            assert_eq!(
                Packet::new_checked(&buf[..]).map(|_| ()),
                expected,
                "vn {vn} mode {mode}"
            );
            assert_eq!(Header::from_bytes(&buf).map(|_| ()), expected);
        }
    }
}

#[test]
fn errors_read_well() {
    use std::string::ToString;
    assert_eq!(
        Error::Truncated {
            needed: 48,
            available: 12
        }
        .to_string(),
        "packet truncated: 48 octets needed, only 12 available"
    );
    assert_eq!(
        Error::UnsupportedMode {
            mode: Mode::Control
        }
        .to_string(),
        "mode 6 (control) has its own message layout, not the 48-octet NTP header"
    );
    assert_eq!(
        Error::BadVersion { version: 7 }.to_string(),
        "unsupported NTP version 7: NTP versions are 1 to 5"
    );
}

#[test]
fn debug_is_human() {
    // Every field, in order; dates checked against Python's datetime
    // (origin is chrony's random cookie, so 2061 by the RFC 4330 window).
    let h = Header::from_bytes(&CHRONY_REPLY).unwrap();
    assert_eq!(
        format!("{h:?}"),
        concat!(
            "Header { leap: NoWarning, version: V4, mode: Server, ",
            "stratum: Stratum(8 Secondary), poll: Poll(-2 = 2^-2 s (0.250000000 s)), ",
            "precision: Precision(-26 = 2^-26 s (0.000000015 s)), ",
            "root_delay: ShortTime(0x00000000 = 0.000000 s), ",
            "root_dispersion: ShortTime(0x00000000 = 0.000000 s), ",
            "reference_id: ReferenceId(0x7f7f0101 \"\\x7f\\x7f\\x01\\x01\" 127.127.1.1), ",
            "reference: local clock 127.127.1.1, ",
            "reference_timestamp: Timestamp(0xeeb0f290.77b837b6 = 2026-11-25T05:37:20.467654687Z), ",
            "origin_timestamp: Timestamp(0x2f3c7862.d571dddb, may be random; as a date 2061-03-19T15:10:26.833768716Z), ",
            "receive_timestamp: Timestamp(0xeeb0f291.9c9a8591 = 2026-11-25T05:37:21.611732814Z), ",
            "transmit_timestamp: Timestamp(0xeeb0f291.9c9b3560 = 2026-11-25T05:37:21.611743293Z) }"
        )
    );
    // A kiss-o'-death reads its reference id as the code.
    let kod = Header {
        stratum: Stratum(0),
        reference_id: ReferenceId::from_kiss(KissCode::RATE),
        ..h
    };
    assert!(
        format!("{kod:?}")
            .contains("stratum: Stratum(0 Unspecified), poll: Poll(-2 = 2^-2 s (0.250000000 s)), "),
        "{kod:?}"
    );
    assert!(
        format!("{kod:?}").contains(
            "reference_id: ReferenceId(0x52415445 \"RATE\" 82.65.84.69), reference: kiss RATE, "
        ),
        "{kod:?}"
    );
}

#[cfg(feature = "bytes")]
#[test]
fn bytes_buffers() {
    let mut out = bytes::BytesMut::new();
    assert_eq!(distinct().emit_buf(&mut out), Ok(48));
    assert_eq!(out[..], DISTINCT_BYTES);
    let mut input = bytes::Bytes::copy_from_slice(&DISTINCT_BYTES);
    assert_eq!(Header::parse_buf(&mut input), Ok(distinct()));
    assert!(input.is_empty());
    let mut short = bytes::Bytes::copy_from_slice(&DISTINCT_BYTES[..20]);
    assert_eq!(
        Header::parse_buf(&mut short),
        Err(Error::Truncated {
            needed: 48,
            available: 20
        })
    );
    assert_eq!(short.len(), 20, "nothing consumed");
    // A header split over chunks, the first shorter than 48 octets.
    use bytes::Buf;
    let mut split = (&DISTINCT_BYTES[..10]).chain(&DISTINCT_BYTES[10..]);
    assert_eq!(split.chunk().len(), 10);
    assert_eq!(Header::parse_buf(&mut split), Ok(distinct()));
    assert_eq!(split.remaining(), 0);
    // A bad octet 0 is refused before anything is consumed, whole or split.
    let mut bad = DISTINCT_BYTES;
    bad[0] = 0x2e; // version 5: NTPv5
    let mut whole = &bad[..];
    assert_eq!(Header::parse_buf(&mut whole), Err(Error::Ntpv5));
    assert_eq!(whole.remaining(), 48);
    let mut split = (&bad[..1]).chain(&bad[1..]);
    assert_eq!(Header::parse_buf(&mut split), Err(Error::Ntpv5));
    assert_eq!(split.remaining(), 48);
    bad[0] = 0x26; // mode 6
    let mut split = (&bad[..3]).chain(&bad[3..]);
    assert_eq!(
        Header::parse_buf(&mut split),
        Err(Error::UnsupportedMode {
            mode: Mode::Control
        })
    );
    assert_eq!(split.remaining(), 48);
    let mut fixed = [0u8; 10];
    assert_eq!(
        distinct().emit_buf(&mut &mut fixed[..]),
        Err(Error::BufferTooSmall {
            needed: 48,
            available: 10
        })
    );
}

/// Any header at all, including values the parser rejects.
pub(crate) fn any_header() -> impl Strategy<Value = Header> {
    (
        (
            0u8..4,
            0u8..8,
            0u8..8,
            any::<u8>(),
            any::<i8>(),
            any::<i8>(),
        ),
        (any::<u32>(), any::<u32>(), any::<[u8; 4]>()),
        (any::<u64>(), any::<u64>(), any::<u64>(), any::<u64>()),
    )
        .prop_map(
            |((li, vn, mode, stratum, poll, precision), (rd, rdisp, refid), (t0, t1, t2, t3))| {
                Header {
                    leap: LeapIndicator::from_bits(li),
                    version: Version::from_bits(vn),
                    mode: Mode::from_bits(mode),
                    stratum: Stratum(stratum),
                    poll: Poll(poll),
                    precision: Precision(precision),
                    root_delay: ShortTime::from_bits(rd),
                    root_dispersion: ShortTime::from_bits(rdisp),
                    reference_id: ReferenceId(refid),
                    reference_timestamp: Timestamp::from_bits(t0),
                    origin_timestamp: Timestamp::from_bits(t1),
                    receive_timestamp: Timestamp::from_bits(t2),
                    transmit_timestamp: Timestamp::from_bits(t3),
                }
            },
        )
}

proptest! {
    #[test]
    fn any_valid_header_round_trips(h in any_header().prop_filter("v4-style", |h| {
        crate::Kind::of_octet0(h.to_bytes()[0]).is_ok_and(crate::Kind::is_time_v1_to_v4)
    })) {
        let bytes = h.to_bytes();
        prop_assert_eq!(Header::from_bytes(&bytes), Ok(h));
    }

    #[test]
    fn any_header_emits_what_the_view_reads(h in any_header()) {
        let mut buf = [0x5au8; 48];
        prop_assert_eq!(h.emit(&mut Packet::new_unchecked(&mut buf[..])), Ok(48));
        let p = Packet::new_unchecked(&buf[..]);
        prop_assert_eq!(p.leap(), h.leap);
        prop_assert_eq!(p.version(), h.version);
        prop_assert_eq!(p.mode(), h.mode);
        prop_assert_eq!(p.transmit_timestamp(), h.transmit_timestamp);
        prop_assert_eq!(buf, h.to_bytes());
    }

    #[test]
    fn any_48_octets_with_valid_version_reemit_identically(mut bytes in any::<[u8; 48]>(), vn in 1u8..=4, mode in 0u8..=5, tail in proptest::collection::vec(any::<u8>(), 0..8)) {
        bytes[0] = (bytes[0] & 0b1100_0000) | vn << 3 | mode;
        let mut input: Vec<u8> = bytes.to_vec();
        input.extend_from_slice(&tail);
        let p = Packet::new_checked(&input[..]).unwrap();
        let h = Header::parse(&p).unwrap();
        prop_assert_eq!(h.to_bytes(), bytes);
        // View getters agree with the repr.
        prop_assert_eq!(p.stratum(), h.stratum);
        prop_assert_eq!(p.poll(), h.poll);
        prop_assert_eq!(p.precision(), h.precision);
        prop_assert_eq!(p.root_delay(), h.root_delay);
        prop_assert_eq!(p.root_dispersion(), h.root_dispersion);
        prop_assert_eq!(p.reference_id(), h.reference_id);
        prop_assert_eq!(p.reference_timestamp(), h.reference_timestamp);
        prop_assert_eq!(p.origin_timestamp(), h.origin_timestamp);
        prop_assert_eq!(p.receive_timestamp(), h.receive_timestamp);
        prop_assert_eq!(p.payload(), &tail[..]);
    }

    #[test]
    fn any_input_parses_or_errs_without_panic(input in proptest::collection::vec(any::<u8>(), 0..100)) {
        match Header::from_bytes(&input) {
            Ok(h) => prop_assert_eq!(&h.to_bytes()[..], &input[..48]),
            Err(e) => {
                let known = matches!(e, Error::Truncated { .. } | Error::BadVersion { .. } | Error::Ntpv5 | Error::UnsupportedMode { .. });
                prop_assert!(known, "unexpected error {:?}", e);
            }
        }
    }
}

#[test]
fn display_is_one_line() {
    let h = Header::from_bytes(&CHRONY_REPLY).unwrap();
    assert_eq!(
        h.to_string(),
        "server (4), NTPv4, stratum 8, local clock 127.127.1.1, transmit 2026-11-25T05:37:21.611743293Z"
    );
    // A request's transmit timestamp is the client's own value: chrony's
    // is random, so it is no date without a caveat.
    let request = Header {
        transmit_timestamp: Timestamp::from_bits(0x2f3c_7862_d571_dddb),
        ..Header::new(Version::V4, Mode::Client)
    };
    assert_eq!(
        request.to_string(),
        "client (3), NTPv4, stratum 0, none, transmit 0x2f3c7862.d571dddb, may be random; as a date 2061-03-19T15:10:26.833768716Z"
    );
    assert!(format!("{request:?}").ends_with(
        "transmit_timestamp: Timestamp(0x2f3c7862.d571dddb, may be random; as a date 2061-03-19T15:10:26.833768716Z) }"
    ));
    assert_eq!(
        Header::new(Version::V3, Mode::SymmetricActive).to_string(),
        "symmetric active (1), NTPv3, stratum 0, none, transmit unset"
    );
    assert!(
        format!("{:?}", Header::new(Version::V3, Mode::SymmetricActive))
            .ends_with("transmit_timestamp: Timestamp(0 = unset) }")
    );
    // A broadcast's transmit is the server's clock: a plain date.
    let broadcast = Header {
        mode: Mode::Broadcast,
        ..h
    };
    assert!(broadcast
        .to_string()
        .starts_with("broadcast (5), NTPv4, stratum 8, local clock 127.127.1.1, transmit 2026-"));
    assert!(format!("{broadcast:?}").contains(
        "origin_timestamp: Timestamp(0x2f3c7862.d571dddb = 2061-03-19T15:10:26.833768716Z)"
    ));
}
