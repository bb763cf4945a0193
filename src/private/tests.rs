//! Unit tests of the private message module: the bits of the header, each
//! rule with its exact error, ntpd's authenticator rule at every length.

extern crate std;
use std::string::ToString;
use std::vec::Vec;

use super::auth::locate;
use super::*;
use crate::fields::{Mode, Version};
use crate::{Error, PrivateField, PrivateRule, Timestamp};

/// R and M clear, VN 2, mode 7; A, sequence 5; implementation 3; code 42;
/// err 4, nitems 0x123; MBZ 0, item size 0x048.
const BITS: [u8; 8] = [0x17, 0x85, 0x03, 0x2a, 0x41, 0x23, 0x00, 0x48];

fn private(offset: u32, rule: PrivateRule) -> Error {
    Error::Private { offset, rule }
}

#[test]
fn deconstruct() {
    let mut bytes = BITS;
    bytes[0] |= 0xc0; // a response with more to come
    bytes[1] &= 0x7f; // responses have A clear
    let p = Packet::new_unchecked(&bytes[..]);
    assert!(p.is_response() && p.is_more() && !p.is_authenticated());
    assert_eq!(
        (p.version(), p.mode(), p.sequence()),
        (Version::V2, Mode::Private, 5)
    );
    assert_eq!(p.implementation(), Implementation::XNTPD);
    assert_eq!(p.request_code(), RequestCode::MON_GETLIST_1);
    assert_eq!(p.err(), ErrorCode::NO_DATA);
    assert_eq!((p.nitems(), p.mbz(), p.item_size()), (0x123, 0, 0x48));
    assert_eq!(p.items_len(), 0x123 * 0x48);
    let h = p.header();
    assert_eq!(
        h,
        Header {
            response: true,
            more: true,
            version: Version::V2,
            authenticated: false,
            sequence: 5,
            implementation: Implementation::XNTPD,
            request_code: RequestCode::MON_GETLIST_1,
            err: ErrorCode::NO_DATA,
            nitems: 0x123,
            item_size: 0x48,
        }
    );
    assert_eq!(Header::from_bytes(&bytes), Ok(h));
}

#[test]
fn construct_over_junk() {
    let h = Header {
        response: true,
        more: true,
        sequence: 5,
        err: ErrorCode::NO_DATA,
        nitems: 0x123,
        item_size: 0x48,
        ..Header::request(Implementation::XNTPD, RequestCode::MON_GETLIST_1)
    };
    let mut buf = [0xa5u8; 10];
    assert_eq!(h.emit_slice(&mut buf), Ok(8));
    assert_eq!(&buf[..8], &[0xd7, 0x05, 0x03, 0x2a, 0x41, 0x23, 0x00, 0x48]);
    assert_eq!(
        &buf[8..],
        &[0xa5, 0xa5],
        "octets after the header are left alone"
    );
    assert_eq!(h.buffer_len(), 8);
    assert_eq!(
        h.emit_slice(&mut buf[..7]),
        Err(Error::BufferTooSmall {
            needed: 8,
            available: 7
        })
    );
}

#[test]
fn setters_write_only_their_bits() {
    let mut buf = [0u8; 8];
    let mut p = Packet::new_unchecked(&mut buf[..]);
    p.set_response(true);
    p.set_more(true);
    p.set_version(Version::V4);
    p.set_mode(Mode::Private);
    p.set_authenticated(true);
    p.set_sequence(0xff);
    p.set_implementation(Implementation(9));
    p.set_request_code(RequestCode(99));
    p.set_err(ErrorCode(0x1f));
    p.set_nitems(0xffff);
    p.set_mbz(0x3);
    p.set_item_size(0xf001);
    assert_eq!(buf, [0xe7, 0xff, 9, 99, 0xff, 0xff, 0x30, 0x01]);
    let mut p = Packet::new_unchecked(&mut buf[..]);
    p.set_response(false);
    p.set_more(false);
    p.set_authenticated(false);
    p.set_sequence(0);
    p.set_err(ErrorCode::OK);
    p.set_nitems(2);
    p.set_mbz(0);
    p.set_item_size(4);
    assert_eq!(buf, [0x27, 0x00, 9, 99, 0x00, 0x02, 0x00, 0x04]);
}

#[test]
fn header_rules_each_with_its_error() {
    let request = [0x17, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00];
    let check = |b: &[u8]| Packet::new_checked(b).map(|_| ());
    assert_eq!(check(&request), Ok(()));
    assert_eq!(
        check(&request[..7]),
        Err(Error::Truncated {
            needed: 8,
            available: 7
        })
    );
    assert_eq!(
        check(&[]),
        Err(Error::Truncated {
            needed: 8,
            available: 0
        })
    );
    let with = |at: usize, v: u8| {
        let mut b = request;
        b[at] = v;
        check(&b)
    };
    assert_eq!(
        with(0, 0x23),
        Err(private(0, PrivateRule::NotPrivate { octet0: 0x23 }))
    );
    assert_eq!(
        with(0, 0x16),
        Err(private(0, PrivateRule::NotPrivate { octet0: 0x16 }))
    );
    assert_eq!(
        with(0, 0x2f),
        Err(private(0, PrivateRule::NotPrivate { octet0: 0x2f }))
    );
    assert_eq!(with(0, 0x07), Err(Error::BadVersion { version: 0 }));
    assert_eq!(with(0, 0x37), Err(Error::BadVersion { version: 6 }));
    assert_eq!(with(0, 0x57), Err(private(0, PrivateRule::RequestMore)));
    assert_eq!(
        with(1, 0x01),
        Err(private(1, PrivateRule::RequestSequence { sequence: 1 }))
    );
    assert_eq!(
        with(1, 0xff),
        Err(private(1, PrivateRule::RequestSequence { sequence: 127 }))
    );
    assert_eq!(
        with(4, 0x70),
        Err(private(4, PrivateRule::RequestErr { err: 7 }))
    );
    assert_eq!(with(6, 0x10), Err(private(6, PrivateRule::Mbz { mbz: 1 })));
    assert_eq!(with(6, 0xf0), Err(private(6, PrivateRule::Mbz { mbz: 15 })));
    // Responses may have M, any sequence and err, but not A.
    let mut response = request;
    response[0] = 0xd7;
    response[1] = 0x7f;
    response[4] = 0xf0;
    assert_eq!(check(&response), Ok(()));
    response[1] = 0x80;
    assert_eq!(
        check(&response),
        Err(private(1, PrivateRule::ResponseAuthenticated))
    );
    response[1] = 0;
    response[6] = 0x80;
    assert_eq!(
        check(&response),
        Err(private(6, PrivateRule::Mbz { mbz: 8 }))
    );
    // Header::parse applies the same header rules.
    assert_eq!(
        Header::from_bytes(&response),
        Err(private(6, PrivateRule::Mbz { mbz: 8 }))
    );
    assert_eq!(
        Header::from_bytes(&request[..3]),
        Err(Error::Truncated {
            needed: 8,
            available: 3
        })
    );
}

#[test]
fn items_against_the_data() {
    // A response: 3 items of 4 octets in 12 octets of data.
    let mut msg = [0u8; 20];
    msg[..8].copy_from_slice(&[0x97, 0, 3, 0, 0x00, 0x03, 0x00, 0x04]);
    for (i, b) in msg[8..].iter_mut().enumerate() {
        *b = i as u8;
    }
    let items: Vec<_> = Items::new(&msg)
        .unwrap()
        .map(|i| (i.index(), i.offset(), i.as_bytes().to_vec()))
        .collect();
    assert_eq!(
        items,
        [
            (0, 8, std::vec![0, 1, 2, 3]),
            (1, 12, std::vec![4, 5, 6, 7]),
            (2, 16, std::vec![8, 9, 10, 11])
        ]
    );
    let packet = Packet::new_checked(&msg[..]).unwrap();
    assert_eq!(packet.items().len(), 3);
    assert_eq!(packet.data(), &msg[8..]);
    assert_eq!(packet.padding(), &[] as &[u8]);
    // One octet short.
    assert_eq!(
        Items::new(&msg[..19]).unwrap_err(),
        private(
            8,
            PrivateRule::ItemsPastEnd {
                nitems: 3,
                item_size: 4,
                available: 11
            }
        )
    );
    assert_eq!(
        Items::new(&msg[..7]).unwrap_err(),
        Error::Truncated {
            needed: 8,
            available: 7
        }
    );
    // 4095 x 4095: no overflow, just past the end.
    let huge = [0x97, 0, 3, 0, 0x0f, 0xff, 0x0f, 0xff];
    assert_eq!(
        Packet::new_checked(&huge[..]).unwrap_err(),
        private(
            8,
            PrivateRule::ItemsPastEnd {
                nitems: 4095,
                item_size: 4095,
                available: 0
            }
        )
    );
    // Item size 0 gives no items, whatever nitems says; nitems 0 none either.
    let zero = [0x97, 0, 3, 0, 0x0f, 0xff, 0x00, 0x00];
    let mut items = Items::new(&zero).unwrap();
    assert_eq!((items.len(), items.next()), (0, None));
    let none = [0x97, 0, 3, 0, 0x00, 0x00, 0x00, 0x20];
    assert_eq!(Items::new(&none).unwrap().count(), 0);
}

#[test]
fn data_area_limits() {
    // A request's items fit 176 octets; 177 do not.
    let mut req = [0u8; 8 + 177];
    req[..8].copy_from_slice(&[0x17, 0, 3, 12, 0x00, 0x01, 0x00, 176]);
    assert!(Packet::new_checked(&req[..]).is_ok());
    req[7] = 177;
    assert_eq!(
        Packet::new_checked(&req[..]).unwrap_err(),
        private(
            8,
            PrivateRule::RequestItemsTooLong {
                nitems: 1,
                item_size: 177
            }
        )
    );
    // A response is at most 508 octets, whatever its items.
    let mut resp = [0u8; 509];
    resp[..8].copy_from_slice(&[0x97, 0, 3, 0, 0x00, 0x00, 0x00, 0x00]);
    assert!(Packet::new_checked(&resp[..508]).is_ok());
    assert_eq!(
        Packet::new_checked(&resp[..]).unwrap_err(),
        private(508, PrivateRule::ResponseTooLong { len: 509 })
    );
    // Unauthenticated requests have no length limit but their items'.
    let long = [0x17u8, 0, 3, 0, 0, 0, 0, 0]
        .iter()
        .copied()
        .chain([0; 1000])
        .collect::<Vec<_>>();
    assert!(Packet::new_checked(&long[..]).is_ok());
}

/// ntpd's reading (`process_private`), computed the long way round for
/// every length and item size, against `locate`.
#[test]
fn ntpd_finds_the_tail_at_every_length() {
    for items_len in [0usize, 1, 4, 8, 32, 100, 168, 169, 172, 173, 176] {
        for len in 0..=240usize {
            let expected = if len < 8 + items_len + 28 {
                Err(private(
                    (8 + items_len) as u32,
                    PrivateRule::AuthTooShort {
                        len: len as u16,
                        needed: (36 + items_len) as u16,
                    },
                ))
            } else if len > 216 {
                Err(private(216, PrivateRule::AuthTooLong { len: len as u16 }))
            } else {
                let noslop = (8 + items_len + 8).div_ceil(4) * 4;
                let (layout, mac_len) = if len > noslop + 24 {
                    (AuthLayout::AtEnd, 20)
                } else {
                    (AuthLayout::AfterItems, len - noslop)
                };
                if mac_len == 20 || mac_len == 24 {
                    Ok((layout, len - mac_len))
                } else {
                    Err(private(
                        (len - mac_len) as u32,
                        PrivateRule::AuthMacLength {
                            mac_len: mac_len as u8,
                        },
                    ))
                }
            };
            assert_eq!(
                locate(len, items_len),
                expected,
                "len {len}, items {items_len}"
            );
        }
    }
    // The cases that matter, by name.
    assert_eq!(locate(212, 4), Ok((AuthLayout::AtEnd, 192)), "ntpdc, MD5");
    assert_eq!(
        locate(44, 4),
        Ok((AuthLayout::AfterItems, 20)),
        "ntpdc, SHA-1"
    );
    assert_eq!(
        locate(216, 4),
        Ok((AuthLayout::AtEnd, 196)),
        "fixed-size SHA-1: misread"
    );
    assert_eq!(
        locate(216, 176),
        Ok((AuthLayout::AfterItems, 192)),
        "full data area, SHA-1"
    );
    assert_eq!(
        locate(212, 172),
        Ok((AuthLayout::AfterItems, 188)),
        "ntpdc's MD5 with 172 octets of items: misread"
    );
    assert_eq!(
        locate(68, 0),
        Ok((AuthLayout::AtEnd, 48)),
        "ntpdc shrunk to 48, MD5"
    );
}

#[test]
fn authenticator_ranges() {
    // Header, one 4-octet item, timestamp, key id 2, 20-octet digest.
    let mut msg = [0u8; 44];
    msg[..8].copy_from_slice(&[0x17, 0x80, 3, 12, 0x00, 0x01, 0x00, 0x04]);
    msg[12..20].copy_from_slice(&0xeebc_9000_1234_5678u64.to_be_bytes());
    msg[20..24].copy_from_slice(&2u32.to_be_bytes());
    msg[24..].fill(0xdd);
    let p = Packet::new_checked(&msg[..]).unwrap();
    let a = p.authenticator().unwrap();
    assert_eq!(a.layout(), AuthLayout::AfterItems);
    assert_eq!(a.timestamp(), Timestamp::new(0xeebc_9000, 0x1234_5678));
    assert_eq!(
        (a.key_id(), a.digest(), a.offset(), a.len()),
        (2, &[0xdd; 20][..], 12, 32)
    );
    assert_eq!(
        a.candidates(),
        crate::trailer::MacAlgorithm::for_length(24, 4).unwrap()
    );
    assert_eq!(
        (
            a.timestamp_range(),
            a.authenticated_range(),
            a.digest_range()
        ),
        (12..20, 0..20, 24..44)
    );
    assert_eq!((a.mac().offset(), a.mac().len()), (20, 24));
    assert!(!a.is_empty());
    assert_eq!(p.data(), &msg[8..12]);
    assert_eq!(p.padding(), &[] as &[u8]);
    // The A bit on a request too short for the tail: the 8-octet
    // monlist probe, and 35 octets where 36 are needed.
    let probe = [0x17, 0x80, 3, 42, 0, 0, 0, 0];
    assert_eq!(
        Packet::new_checked(&probe[..]).unwrap_err(),
        private(8, PrivateRule::AuthTooShort { len: 8, needed: 36 })
    );
    let mut short = [0u8; 35];
    short[..8].copy_from_slice(&probe);
    assert_eq!(
        Packet::new_checked(&short[..]).unwrap_err(),
        private(
            8,
            PrivateRule::AuthTooShort {
                len: 35,
                needed: 36
            }
        )
    );
    // On an unchecked view the authenticator is absent, never a panic.
    assert_eq!(Packet::new_unchecked(&short[..]).authenticator(), None);
    assert_eq!(Packet::new_unchecked(&short[..]).data(), &short[8..]);
}

#[test]
fn builder_rules() {
    let b = RequestBuilder::new(Implementation::XNTPD, RequestCode::PEER_INFO);
    let mut buf = [0xa5u8; 300];
    assert_eq!(b.build(&mut buf), Ok(8));
    assert_eq!(&buf[..9], &[0x17, 0, 3, 2, 0, 0, 0, 0, 0xa5]);
    assert_eq!(b.version(Version::V4).build(&mut buf), Ok(8));
    assert_eq!(buf[0], 0x27);
    // ntpdc's item size without items.
    assert_eq!(b.items(32, &[]).ntpdc_size().build(&mut buf), Ok(192));
    assert_eq!(&buf[..8], &[0x17, 0, 3, 2, 0, 0, 0, 32]);
    assert!(buf[8..192].iter().all(|&o| o == 0), "zero fill");
    assert_eq!(
        b.items(5000, &[]).build(&mut buf),
        Err(private(
            6,
            PrivateRule::FieldTooWide {
                field: PrivateField::ItemSize,
                value: 5000
            }
        ))
    );
    assert_eq!(
        b.items(32, &[0; 33]).build(&mut buf),
        Err(private(
            8,
            PrivateRule::ItemsNotWhole {
                len: 33,
                item_size: 32
            }
        ))
    );
    assert_eq!(
        b.items(0, &[0; 4]).build(&mut buf),
        Err(private(
            8,
            PrivateRule::ItemsNotWhole {
                len: 4,
                item_size: 0
            }
        ))
    );
    assert_eq!(
        b.items(8, &[0; 184]).build(&mut buf),
        Err(private(
            8,
            PrivateRule::RequestItemsTooLong {
                nitems: 23,
                item_size: 8
            }
        ))
    );
    assert_eq!(b.items(8, &[0; 176]).build(&mut buf), Ok(184));
    assert_eq!(
        b.items(8, &[0; 16]).build(&mut buf[..23]),
        Err(Error::BufferTooSmall {
            needed: 24,
            available: 23
        })
    );
    let ts = Timestamp::new(1, 2);
    // Digest lengths: 16 and 20 make mode 7 MACs, others none.
    for digest_len in [0, 8, 12, 24, 32, 64, usize::MAX] {
        let mac_len = digest_len.saturating_add(4).min(255) as u8;
        assert_eq!(
            b.build_authenticated(&mut buf, ts, 1, digest_len),
            Err(private(16, PrivateRule::AuthMacLength { mac_len })),
            "{digest_len}"
        );
    }
    // Padding 1 to 4 octets past header and timestamp puts the MD5 key id
    // where ntpd does not look; 8 or more is the fixed layout.
    for size in [17, 20] {
        assert_eq!(
            b.size(size).build_authenticated(&mut buf, ts, 1, 16),
            Err(private(20, PrivateRule::AuthMisplaced { len: 40 })),
            "{size}"
        );
    }
    let s = b.size(24).build_authenticated(&mut buf, ts, 1, 16).unwrap();
    assert_eq!(
        (s.len, s.layout, s.authenticated, s.digest),
        (44, AuthLayout::AtEnd, 0..24, 28..44)
    );
    let s = b.size(16).build_authenticated(&mut buf, ts, 9, 16).unwrap();
    assert_eq!(
        (s.len, s.layout, s.authenticated, s.digest),
        (36, AuthLayout::AfterItems, 0..16, 20..36)
    );
    assert_eq!(
        &buf[..20],
        &[0x17, 0x80, 3, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 9]
    );
    // ntpdc's own 212-octet MD5 request with 172 octets of items.
    let items = [0u8; 172];
    assert_eq!(
        b.items(4, &items)
            .ntpdc_size()
            .build_authenticated(&mut buf, ts, 1, 16),
        Err(private(192, PrivateRule::AuthMisplaced { len: 212 }))
    );
    assert_eq!(
        b.size(200).build_authenticated(&mut buf, ts, 1, 16),
        Err(private(216, PrivateRule::AuthTooLong { len: 220 }))
    );
    assert_eq!(
        b.ntpdc_size()
            .build_authenticated(&mut buf[..211], ts, 1, 16),
        Err(Error::BufferTooSmall {
            needed: 212,
            available: 211
        })
    );
}

#[test]
fn emit_refuses_values_too_wide() {
    let base = Header::request(Implementation::XNTPD, RequestCode::PEER_LIST);
    let cases = [
        (
            Header {
                sequence: 128,
                ..base
            },
            1,
            PrivateField::Sequence,
            128,
        ),
        (
            Header {
                err: ErrorCode(16),
                ..base
            },
            4,
            PrivateField::Err,
            16,
        ),
        (
            Header {
                nitems: 4096,
                ..base
            },
            4,
            PrivateField::Nitems,
            4096,
        ),
        (
            Header {
                item_size: 0xffff,
                ..base
            },
            6,
            PrivateField::ItemSize,
            0xffff,
        ),
    ];
    for (h, offset, field, value) in cases {
        assert_eq!(
            h.to_bytes(),
            Err(private(offset, PrivateRule::FieldTooWide { field, value }))
        );
    }
    let max = Header {
        sequence: 127,
        err: ErrorCode(15),
        nitems: 4095,
        item_size: 4095,
        ..base
    };
    assert_eq!(
        max.to_bytes(),
        Ok([0x17, 0x7f, 3, 0, 0xff, 0xff, 0x0f, 0xff])
    );
}

#[test]
fn texts() {
    let h = Header {
        response: true,
        more: true,
        sequence: 1,
        nitems: 1,
        item_size: 280,
        ..Header::request(Implementation::XNTPD, RequestCode::PEER_INFO)
    };
    assert_eq!(
        h.to_string(),
        "response, more, NTPv2, sequence 1, implementation XNTPD (3), request code PEER_INFO (2), \
         err no error (0), 1 item of 280 octets"
    );
    let e = Header {
        authenticated: true,
        err: ErrorCode(5),
        implementation: Implementation(9),
        request_code: RequestCode(40),
        ..Header::request(Implementation::UNIV, RequestCode::PEER_LIST)
    };
    assert_eq!(
        e.to_string(),
        "request, authenticated, NTPv2, sequence 0, implementation 9, request code 40, err 5, 0 items of 0 octets"
    );
    let err = private(
        8,
        PrivateRule::ItemsPastEnd {
            nitems: 3,
            item_size: 32,
            available: 32,
        },
    );
    assert_eq!(
        err.to_string(),
        "invalid private message (mode 7) at offset 8: 3 items of 32 octets run past the 32 octets of data (ntp_request.h)"
    );
    assert_eq!(
        PrivateRule::NotPrivate { octet0: 0x23 }.to_string(),
        "octet 0 0x23 is version 4, mode 3; a private message is mode 7 at versions 1 to 4 (ntp_request.h)"
    );
    assert_eq!(
        PrivateRule::FieldTooWide {
            field: PrivateField::Nitems,
            value: 4096
        }
        .to_string(),
        "4096 does not fit the 12-bit number of data items field (ntp_request.h)"
    );
    for code in 0..=45u8 {
        assert_eq!(RequestCode(code).name().is_some(), code != 40, "{code}");
    }
    assert_eq!(RequestCode(46).name(), None);
    let names: Vec<_> = (0..=15).map(|e| ErrorCode(e).name()).collect();
    assert_eq!(
        &names[..8],
        &[
            Some("no error"),
            Some("incompatible implementation number"),
            Some("unimplemented request code"),
            Some("format error"),
            Some("no data available"),
            None,
            None,
            Some("authentication failure"),
        ]
    );
    assert!(names[8..].iter().all(Option::is_none));
    let impls: Vec<_> = (0..=4).map(|i| Implementation(i).name()).collect();
    assert_eq!(
        impls,
        [
            Some("UNIV"),
            None,
            Some("XNTPD_OLD (pre-IPv6)"),
            Some("XNTPD"),
            None
        ]
    );
}

#[test]
fn monlist_truth_table() {
    let mut hits = 0;
    for octet0 in 0..=255u8 {
        for auth_seq in [0x00, 0x80, 0x01, 0x81] {
            for implementation in 0..=4u8 {
                for code in [0, 1, 16, 20, 41, 42, 43] {
                    let p = [octet0, auth_seq, implementation, code];
                    let expected = octet0 & 0x87 == 0x07
                        && auth_seq & 0x7f == 0
                        && (implementation == 2 || implementation == 3)
                        && (code == 20 || code == 42);
                    assert_eq!(is_monlist_request(&p), expected, "{p:02x?}");
                    hits += usize::from(expected);
                }
            }
        }
    }
    // 16 octet-0 values (VN and M free), 2 A bits, 2 implementations, 2 codes.
    assert_eq!(hits, 16 * 2 * 2 * 2);
    assert!(!is_monlist_request(&[0x17, 0x00, 0x03]));
    assert!(!is_monlist_request(&[]));
    assert!(RequestCode::MON_GETLIST.is_monlist() && RequestCode::MON_GETLIST_1.is_monlist());
    assert!(!RequestCode::PEER_LIST.is_monlist());
}

#[test]
fn view_plumbing() {
    let mut buf = [0x97u8, 0, 3, 0, 0x00, 0x01, 0x00, 0x04, 1, 2, 3, 4];
    let p = Packet::new_unchecked(&buf[..]);
    assert_eq!(
        (p.check_len(), p.packet_len(), p.as_bytes()),
        (Ok(()), 12, &buf[..])
    );
    assert_eq!(AsRef::<[u8]>::as_ref(&p), &buf[..]);
    assert_eq!(p.into_inner(), &buf[..]);
    let item = p.items().next().unwrap();
    assert_eq!((item.len(), item.is_empty(), item.index()), (4, false, 0));
    assert_eq!(p.header().items_len(), 4);
    assert_eq!(
        Packet::new_unchecked(&buf[..7]).check_len(),
        Err(Error::Truncated {
            needed: 8,
            available: 7
        })
    );
    let mut w = Packet::new_checked(&mut buf[..]).unwrap();
    w.payload_mut()[0] = 9;
    w.as_bytes_mut()[11] = 8;
    assert_eq!(&buf[8..], &[9, 2, 3, 8]);
    let h = Header {
        nitems: 4095,
        item_size: 4095,
        ..Header::request(Implementation::XNTPD, RequestCode::PEER_LIST)
    };
    assert_eq!(h.items_len(), 4095 * 4095);
}
