//! NTS (RFC 8915): chrony's real request and response, the request and
//! response rules with hostile variants, the request layout, the inner
//! field walk, and chrony's NTS-KE records read and written back.

mod common;

use common::{fixture, unhex};
use ntp_wire::nts_ke::{check_message, RecordBody, RecordType, RecordWriter, Records};
use ntp_wire::trailer::nts::{
    nts_authenticator_len, write_request, InnerFields, NtsAuthenticator, NtsRequest, NtsResponse,
};
use ntp_wire::trailer::{ExtensionField, ExtensionFieldType, Trailer, TrailerItem};
use ntp_wire::{Error, NtsKeRule, TrailerRule};
use proptest::prelude::*;

fn err(offset: u32, rule: TrailerRule) -> Error {
    Error::Trailer { offset, rule }
}

fn ke_err(offset: u32, rule: NtsKeRule) -> Error {
    Error::NtsKe { offset, rule }
}

const UNIQUE_ID: ExtensionFieldType = ExtensionFieldType::NTS_UNIQUE_IDENTIFIER;
const COOKIE: ExtensionFieldType = ExtensionFieldType::NTS_COOKIE;
const AUTHENTICATOR: ExtensionFieldType = ExtensionFieldType::NTS_AUTHENTICATOR;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn chrony_request_exact_values() {
    let p = fixture("chrony-nts-request");
    let r = NtsRequest::parse(&p).unwrap();
    assert_eq!(
        hex(r.unique_id.id()),
        "59fdd17538b907a262ac076d18dddd4ab2c1cab4632cddde843c98a02d52ea47"
    );
    assert_eq!(r.unique_id.field().offset(), 48);
    assert_eq!(r.cookie.field().offset(), 84);
    assert_eq!(r.cookie.cookie().len(), 100);
    assert_eq!(&r.cookie.cookie()[..4], &[0x61, 0x79, 0xd7, 0xdf]);
    assert_eq!(r.placeholders, 0);
    let a = r.authenticator;
    assert_eq!(a.field().offset(), 188);
    assert_eq!((a.nonce_len(), a.ciphertext_len()), (16, 16));
    assert_eq!(a.associated_data_range(), 0..188);
    assert_eq!(a.nonce_range(), 196..212);
    assert_eq!(a.ciphertext_range(), 212..228);
    assert_eq!(hex(a.nonce()), "5e6e281ca405023e672cdb1b1be9d5d3");
    assert_eq!(hex(a.ciphertext()), "5b03a092c1050f5344d51a63758fa482");
    assert_eq!(&p[a.nonce_range()], a.nonce());
}

#[test]
fn chrony_response_exact_values() {
    let req = fixture("chrony-nts-request");
    let p = fixture("chrony-nts-response");
    let r = NtsResponse::parse(&p).unwrap();
    assert_eq!(
        r.unique_id.id(),
        NtsRequest::parse(&req).unwrap().unique_id.id()
    );
    let a = r.authenticator;
    assert_eq!(a.field().offset(), 84);
    assert_eq!(a.field().length(), 144);
    assert_eq!((a.nonce_len(), a.ciphertext_len()), (16, 120));
    assert_eq!(a.associated_data_range(), 0..84);
    assert_eq!(a.ciphertext_range(), 108..228);
    // A response is not a request: no cookie.
    assert_eq!(
        NtsRequest::parse(&p),
        Err(err(48, TrailerRule::FieldMissing { field_type: COOKIE }))
    );
    // And a request is not a response: its cookie is outside.
    assert_eq!(
        NtsResponse::parse(&req),
        Err(err(84, TrailerRule::FieldUnexpected { field_type: COOKIE }))
    );
}

/// Rebuilds chrony's request with the fields given (type, body), then an
/// authenticator copied from the capture.
fn request_with(fields: &[(u16, Vec<u8>)], auth_body: &[u8]) -> Vec<u8> {
    let mut p = fixture("chrony-nts-request")[..48].to_vec();
    let mut put = |t: u16, body: &[u8]| {
        p.extend_from_slice(&t.to_be_bytes());
        p.extend_from_slice(&((body.len() + 4) as u16).to_be_bytes());
        p.extend_from_slice(body);
    };
    for (t, b) in fields {
        put(*t, b);
    }
    put(0x0404, auth_body);
    p
}

#[test]
fn hostile_nts_requests() {
    use TrailerRule::*;
    let orig = fixture("chrony-nts-request");
    let uid = orig[52..84].to_vec();
    let cookie = orig[88..188].to_vec();
    let auth = orig[192..228].to_vec();
    let u = (0x0104, uid.clone());
    let c = (0x0204, cookie.clone());

    // As captured: the same octets, read with the capture's offsets.
    let same = request_with(&[u.clone(), c.clone()], &auth);
    assert_eq!(same, orig);
    let r = NtsRequest::parse(&same).unwrap();
    assert_eq!(
        (
            r.unique_id.field().offset(),
            r.cookie.field().offset(),
            r.placeholders,
            r.authenticator.field().offset()
        ),
        (48, 84, 0, 188)
    );
    // Two cookies.
    assert_eq!(
        NtsRequest::parse(&request_with(&[u.clone(), c.clone(), c.clone()], &auth)),
        Err(err(188, FieldRepeated { field_type: COOKIE }))
    );
    // Placeholders: the right size counts; a wrong size is named.
    let ok = request_with(
        &[
            u.clone(),
            c.clone(),
            (0x0304, vec![0; 100]),
            (0x0304, vec![0; 100]),
        ],
        &auth,
    );
    assert_eq!(NtsRequest::parse(&ok).unwrap().placeholders, 2);
    assert_eq!(
        NtsRequest::parse(&request_with(
            &[u.clone(), c.clone(), (0x0304, vec![0; 96])],
            &auth
        )),
        Err(err(
            188,
            NtsPlaceholderSize {
                cookie: 104,
                placeholder: 100
            }
        ))
    );
    // A placeholder before the cookie is checked against it at the end.
    assert_eq!(
        NtsRequest::parse(&request_with(
            &[u.clone(), (0x0304, vec![0; 104]), c.clone()],
            &auth
        )),
        Err(err(
            84,
            NtsPlaceholderSize {
                cookie: 104,
                placeholder: 108
            }
        ))
    );
    // Authenticator not last: a field after it, or a MAC.
    let mut p = request_with(&[u.clone(), c.clone()], &auth);
    p.extend_from_slice(&[0xf0, 0x00, 0x00, 28]);
    p.extend_from_slice(&[0; 24]);
    assert_eq!(
        NtsRequest::parse(&p),
        Err(err(
            228,
            FieldNotLast {
                field_type: AUTHENTICATOR
            }
        ))
    );
    let mut p = request_with(&[u.clone(), c.clone()], &auth);
    p.extend_from_slice(&[0; 20]);
    assert_eq!(
        NtsRequest::parse(&p),
        Err(err(
            228,
            FieldNotLast {
                field_type: AUTHENTICATOR
            }
        ))
    );
    // Nonce length bigger than the body.
    let mut big = auth.clone();
    big[0..2].copy_from_slice(&40u16.to_be_bytes());
    assert_eq!(
        NtsRequest::parse(&request_with(&[u.clone(), c.clone()], &big)),
        Err(err(
            188,
            NtsLengthsPastBody {
                nonce_len: 40,
                ciphertext_len: 16,
                available: 32
            }
        ))
    );
    let mut big = auth.clone();
    big[2..4].copy_from_slice(&0xffffu16.to_be_bytes());
    assert_eq!(
        NtsRequest::parse(&request_with(&[u.clone(), c.clone()], &big)),
        Err(err(
            188,
            NtsLengthsPastBody {
                nonce_len: 16,
                ciphertext_len: 0xffff,
                available: 32
            }
        ))
    );
    // A nonce with less than 16 octets of room.
    let mut small = auth.clone();
    small[0..2].copy_from_slice(&8u16.to_be_bytes());
    small[2..4].copy_from_slice(&20u16.to_be_bytes());
    assert_eq!(
        NtsRequest::parse(&request_with(&[u.clone(), c.clone()], &small)),
        Err(err(
            188,
            FieldBodyTooShort {
                field_type: AUTHENTICATOR,
                body_len: 36,
                minimum: 40
            }
        ))
    );
    // Unique identifier: missing, short, repeated.
    assert_eq!(
        NtsRequest::parse(&request_with(std::slice::from_ref(&c), &auth)),
        Err(err(
            48,
            FieldMissing {
                field_type: UNIQUE_ID
            }
        ))
    );
    assert_eq!(
        NtsRequest::parse(&request_with(&[(0x0104, vec![7; 28]), c.clone()], &auth)),
        Err(err(
            48,
            FieldBodyTooShort {
                field_type: UNIQUE_ID,
                body_len: 28,
                minimum: 32
            }
        ))
    );
    assert_eq!(
        NtsRequest::parse(&request_with(&[u.clone(), u.clone(), c.clone()], &auth)),
        Err(err(
            84,
            FieldRepeated {
                field_type: UNIQUE_ID
            }
        ))
    );
    // No authenticator at all.
    let p = &orig[..188];
    assert_eq!(
        NtsRequest::parse(p),
        Err(err(
            188,
            FieldMissing {
                field_type: AUTHENTICATOR
            }
        ))
    );
}

#[test]
fn request_layout_matches_chrony_and_leaves_the_crypto_to_the_caller() {
    let orig = fixture("chrony-nts-request");
    let mut buf = vec![0xa5u8; 300];
    buf[..48].copy_from_slice(&orig[..48]);
    let layout = write_request(&mut buf, &orig[52..84], &orig[88..188], 0, 16, 16).unwrap();
    assert_eq!(layout.associated_data, 0..188);
    assert_eq!(layout.nonce, 196..212);
    assert_eq!(layout.ciphertext, 212..228);
    assert_eq!(layout.len, 228);
    // The caller writes nonce and AEAD output: the capture, byte for byte.
    buf[layout.nonce.clone()].copy_from_slice(&orig[layout.nonce.clone()]);
    buf[layout.ciphertext.clone()].copy_from_slice(&orig[layout.ciphertext.clone()]);
    assert_eq!(&buf[..228], &orig[..]);
    assert_eq!(&buf[228..], &[0xa5; 72][..]);

    // With placeholders, and a 12-octet nonce that needs additional padding.
    let mut buf = vec![0u8; 600];
    buf[..48].copy_from_slice(&orig[..48]);
    let l = write_request(&mut buf, &[1; 32], &[2; 100], 3, 12, 40).unwrap();
    assert_eq!(nts_authenticator_len(12, 40), 4 + 4 + 16 + 40);
    let r = NtsRequest::parse(&buf[..l.len]).unwrap();
    assert_eq!(r.placeholders, 3);
    assert_eq!(r.authenticator.nonce_range(), l.nonce);
    assert_eq!(r.authenticator.ciphertext_range(), l.ciphertext);
    assert_eq!(l.len, 48 + 36 + 4 * 104 + 64);
    assert_eq!(
        write_request(&mut buf[..200], &[1; 32], &[2; 100], 3, 16, 16),
        Err(Error::BufferTooSmall {
            needed: 292,
            available: 200
        })
    );
}

#[test]
fn inner_fields_may_be_shorter_than_16() {
    // Plaintext as chrony's server encrypts it: a new cookie (0x0204) of
    // 104 octets, then a 4-octet empty field and an 8-octet one.
    let mut pt = vec![0x02, 0x04, 0, 104];
    pt.extend_from_slice(&[9; 100]);
    pt.extend_from_slice(&[0xf0, 0x01, 0, 4]);
    pt.extend_from_slice(&[0xf0, 0x02, 0, 8, 1, 2, 3, 4]);
    let got: Vec<(u16, usize, usize)> = InnerFields::new(&pt)
        .map(|f| f.map(|f| (f.field_type().0, f.len(), f.offset())))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        got,
        vec![(0x0204, 104, 0), (0xf001, 4, 104), (0xf002, 8, 108)]
    );

    let bad = [0xf0, 0x01, 0, 6, 0, 0];
    assert_eq!(
        InnerFields::new(&bad).collect::<Vec<_>>(),
        vec![Err(err(0, TrailerRule::FieldNotAligned { length: 6 }))]
    );
    let bad = [0xf0, 0x01, 0, 12, 0, 0, 0, 0];
    assert_eq!(
        InnerFields::new(&bad).collect::<Vec<_>>(),
        vec![Err(err(
            0,
            TrailerRule::FieldPastEnd {
                length: 12,
                available: 8
            }
        ))]
    );
    let mut bad = pt.clone();
    bad.extend_from_slice(&[0, 1]);
    assert_eq!(
        InnerFields::new(&bad).last(),
        Some(Err(err(
            116,
            TrailerRule::FieldHeaderTruncated { available: 2 }
        )))
    );
}

#[test]
fn authenticator_view_checks_its_type() {
    let p = fixture("chrony-nts-request");
    let f = ExtensionField::parse(&p[48..], 48).unwrap();
    assert_eq!(f.field_type(), ExtensionFieldType::NTS_UNIQUE_IDENTIFIER);
    assert_eq!(
        NtsAuthenticator::new(f),
        Err(err(
            48,
            TrailerRule::FieldUnexpected {
                field_type: UNIQUE_ID
            }
        ))
    );
}

// ---------------------------------------------------------------------
// NTS-KE

fn ke(name: &str) -> Vec<u8> {
    unhex(&std::fs::read_to_string(common::data_dir().join(format!("{name}.hex"))).unwrap())
}

#[test]
fn chrony_ke_request_reads_and_reemits() {
    let data = ke("nts-ke-chrony-request");
    let recs: Vec<_> = Records::new(&data).collect::<Result<_, _>>().unwrap();
    let bodies: Vec<_> = recs
        .iter()
        .map(|r| (r.critical(), r.parse_body().unwrap()))
        .collect();
    assert_eq!(bodies.len(), 3);
    let RecordBody::NextProtocols(p) = bodies[0].1 else {
        panic!()
    };
    assert_eq!(p.iter().collect::<Vec<_>>(), vec![0]);
    let RecordBody::AeadAlgorithms(a) = bodies[1].1 else {
        panic!()
    };
    assert_eq!(a.iter().collect::<Vec<_>>(), vec![15]);
    assert_eq!(bodies[2], (true, RecordBody::EndOfMessage));
    assert!(bodies.iter().all(|(c, _)| *c));
    assert_eq!(check_message(&data), Ok(3));

    let mut buf = [0xa5u8; 32];
    let mut w = RecordWriter::new(&mut buf);
    w.next_protocols(&[0]).unwrap();
    w.aead_algorithms(&[15]).unwrap();
    let n = w.end_of_message().unwrap();
    assert_eq!(&buf[..n], &data[..]);
    assert_eq!(&buf[n..], &[0xa5; 16]);
}

#[test]
fn chrony_ke_response_reads_and_reemits() {
    let data = ke("nts-ke-chrony-response");
    let recs: Vec<_> = Records::new(&data).collect::<Result<_, _>>().unwrap();
    assert_eq!(recs.len(), 12);
    assert_eq!(recs[2].parse_body(), Ok(RecordBody::Port(12300)));
    assert!(recs[2].critical());
    let cookies: Vec<&[u8]> = recs
        .iter()
        .filter_map(|r| match r.parse_body().unwrap() {
            RecordBody::NewCookie(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(cookies.len(), 8);
    assert!(cookies.iter().all(|c| c.len() == 100));
    assert!(recs[3..11]
        .iter()
        .all(|r| !r.critical() && r.record_type() == RecordType::NEW_COOKIE));
    assert_eq!(recs[3].offset(), 18);
    assert_eq!(check_message(&data), Ok(12));

    let mut buf = vec![0xa5u8; data.len() + 8];
    let mut w = RecordWriter::new(&mut buf);
    w.next_protocols(&[0]).unwrap();
    w.aead_algorithms(&[15]).unwrap();
    w.port(true, 12300).unwrap();
    for c in &cookies {
        w.new_cookie(c).unwrap();
    }
    let n = w.end_of_message().unwrap();
    assert_eq!(&buf[..n], &data[..]);
}

#[test]
fn hostile_ke_records() {
    use NtsKeRule::*;
    assert_eq!(
        Records::new(&[0x80, 0x01, 0x00, 0x04, 0, 0]).collect::<Vec<_>>(),
        vec![Err(ke_err(
            0,
            RecordPastEnd {
                body_len: 4,
                available: 2
            }
        ))]
    );
    assert_eq!(
        Records::new(&[0x80, 0x00, 0x00]).collect::<Vec<_>>(),
        vec![Err(ke_err(0, HeaderTruncated { available: 3 }))]
    );
    // Port of 3 octets, odd protocol list, non-empty end of message.
    for (rec, t, len) in [
        (vec![0x80, 0x07, 0, 3, 1, 2, 3], 7, 3),
        (vec![0x80, 0x01, 0, 1, 0], 1, 1),
        (vec![0x80, 0x00, 0, 2, 0, 0], 0, 2),
        (vec![0x80, 0x02, 0, 0], 2, 0),
    ] {
        let r = Records::new(&rec).next().unwrap().unwrap();
        assert_eq!(
            r.parse_body(),
            Err(ke_err(
                0,
                BodyLength {
                    record_type: t,
                    body_len: len
                }
            ))
        );
    }
    // Unknown types are kept, with their critical bit.
    let r = Records::new(&[0xc0, 0x01, 0, 1, 9])
        .next()
        .unwrap()
        .unwrap();
    assert_eq!((r.critical(), r.record_type()), (true, RecordType(0x4001)));
    assert_eq!(r.parse_body(), Ok(RecordBody::Unknown(&[9])));
    // End of message: missing, not critical, not last.
    assert_eq!(
        check_message(&[0x80, 0x01, 0, 2, 0, 0]),
        Err(ke_err(6, EndOfMessage))
    );
    assert_eq!(
        check_message(&[0x00, 0x00, 0, 0]),
        Err(ke_err(0, EndOfMessage))
    );
    assert_eq!(
        check_message(&[0x80, 0x00, 0, 0, 0x80, 0x00, 0, 0]),
        Err(ke_err(4, EndOfMessage))
    );
    // The critical bit where RFC 8915 section 4.1 fixes it: set on Next
    // Protocol, Error and Warning, clear on New Cookie; free elsewhere.
    let eom = [0x80, 0x00, 0, 0];
    for (record, offset, rule) in [
        (vec![0x00, 0x01, 0, 2, 0, 0], 0, Some((1, false))),
        (vec![0x00, 0x02, 0, 2, 0, 1], 0, Some((2, false))),
        (vec![0x00, 0x03, 0, 2, 0, 0], 0, Some((3, false))),
        (vec![0x80, 0x05, 0, 3, 1, 2, 3], 0, Some((5, true))),
        (vec![0x80, 0x01, 0, 2, 0, 0, 0x00, 0x05, 0, 1, 7], 6, None),
        (vec![0x00, 0x04, 0, 2, 0, 15], 0, None),
        (vec![0x80, 0x04, 0, 2, 0, 15], 0, None),
        (vec![0x00, 0x07, 0, 2, 0, 123], 0, None),
        (vec![0x80, 0x06, 0, 1, b'a'], 0, None),
    ] {
        let mut data = record.clone();
        data.extend_from_slice(&eom);
        let expected = match rule {
            Some((record_type, critical)) => Err(ke_err(
                offset,
                CriticalBit {
                    record_type,
                    critical,
                },
            )),
            None => Ok(Records::new(&data).count()),
        };
        assert_eq!(check_message(&data), expected, "{record:02x?}");
    }
    assert_eq!(
        Error::NtsKe {
            offset: 0,
            rule: CriticalBit {
                record_type: 5,
                critical: true
            }
        }
        .to_string(),
        "invalid NTS-KE message at offset 0: record type 5 must have its critical bit clear (RFC 8915 section 4.1)"
    );
    assert_eq!(
        RecordWriter::new(&mut [0u8; 3]).end_of_message(),
        Err(Error::BufferTooSmall {
            needed: 4,
            available: 3
        })
    );
}

/// RFC 8915 section 5.3: the Unique Identifier holds at least 32 octets.
/// The writer refuses a shorter one, before writing anything, with the
/// same error the reader gives for it.
#[test]
fn request_writer_refuses_a_unique_identifier_below_32_octets() {
    let mut buf = [0xa5u8; 400];
    buf[..48].fill(0);
    buf[0] = 0x23;
    let before = buf;
    assert_eq!(
        write_request(&mut buf, &[1; 31], &[2; 100], 1, 16, 16),
        Err(err(
            48,
            TrailerRule::FieldBodyTooShort {
                field_type: UNIQUE_ID,
                body_len: 31,
                minimum: 32
            }
        ))
    );
    assert_eq!(
        write_request(&mut buf, &[], &[2; 100], 0, 16, 16),
        Err(err(
            48,
            TrailerRule::FieldBodyTooShort {
                field_type: UNIQUE_ID,
                body_len: 0,
                minimum: 32
            }
        ))
    );
    assert_eq!(buf, before, "nothing written");
    // 32 octets is the smallest accepted, and reads back.
    let l = write_request(&mut buf, &[1; 32], &[2; 100], 0, 16, 16).unwrap();
    assert_eq!(l.len, 228);
    assert_eq!(
        NtsRequest::parse(&buf[..228]).unwrap().unique_id.id(),
        &[1; 32]
    );
}

/// Every item of the request, given a buffer one octet short, is a typed
/// error naming exactly the octets it needs; with the exact size it fits.
#[test]
fn request_writer_given_one_octet_too_few() {
    // (nonce, ciphertext, placeholders, packet length): chrony's layout, a
    // placeholder, and an empty nonce and ciphertext, whose 24-octet
    // authenticator is the last field and so padded to 28 by `finish`.
    for (nonce, ct, placeholders, len) in [
        (16u16, 16u16, 0usize, 228usize),
        (16, 16, 1, 332),
        (0, 0, 0, 48 + 36 + 104 + 28),
    ] {
        let mut buf = vec![0u8; len];
        buf[0] = 0x23;
        assert_eq!(
            write_request(
                &mut buf[..len - 1],
                &[1; 32],
                &[2; 100],
                placeholders,
                nonce,
                ct
            ),
            Err(Error::BufferTooSmall {
                needed: len as u32,
                available: len as u32 - 1
            }),
            "{len}"
        );
        let l = write_request(&mut buf, &[1; 32], &[2; 100], placeholders, nonce, ct).unwrap();
        assert_eq!(l.len, len);
        let r = NtsRequest::parse(&buf).unwrap();
        assert_eq!(r.placeholders, placeholders);
        assert_eq!(r.authenticator.nonce_range(), l.nonce);
        assert_eq!(r.authenticator.ciphertext_range(), l.ciphertext);
    }
}

/// The public length helper takes any `usize`: lengths no slice can have
/// saturate at `usize::MAX` instead of overflowing (a panic in debug
/// builds); every other length is exact.
#[test]
fn authenticator_len_saturates() {
    assert_eq!(nts_authenticator_len(0, 0), 24);
    assert_eq!(nts_authenticator_len(17, 1), 4 + 4 + 20 + 4);
    assert_eq!(nts_authenticator_len(usize::MAX, 0), usize::MAX);
    assert_eq!(nts_authenticator_len(0, usize::MAX), usize::MAX);
    assert_eq!(nts_authenticator_len(usize::MAX, usize::MAX), usize::MAX);
    assert_eq!(
        nts_authenticator_len(usize::MAX / 2, usize::MAX / 2),
        usize::MAX
    );
    // The largest exact result: 8 + 16 + pad4(c) = usize::MAX - 3.
    let c = usize::MAX - 3 - 24;
    assert_eq!(nts_authenticator_len(0, c), usize::MAX - 3);
    assert_eq!(nts_authenticator_len(0, c + 1), usize::MAX);
}

proptest! {
    #[test]
    fn nts_readers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = NtsRequest::parse(&bytes);
        let _ = NtsResponse::parse(&bytes);
        let _ = InnerFields::new(&bytes).count();
        let _ = check_message(&bytes);
        for r in Records::new(&bytes).flatten() {
            let _ = r.parse_body();
        }
        for item in Trailer::new(&bytes).flatten() {
            if let TrailerItem::Field(f) = item {
                let _ = NtsAuthenticator::new(f);
            }
        }
    }
}

/// Every record type of RFC 8915 section 4 reads into its own body
/// variant, from a record the writer made: the Warning and Server
/// records too, which the chrony exchange above does not carry, and
/// the two lists with their exact lengths.
#[test]
fn every_ke_record_type_reads_into_its_body() {
    let mut buf = [0u8; 128];
    let mut w = RecordWriter::new(&mut buf);
    w.next_protocols(&[0, 0x8001]).unwrap();
    w.aead_algorithms(&[]).unwrap();
    w.error(2).unwrap();
    w.warning(0x0102).unwrap();
    w.new_cookie(&[7, 8, 9]).unwrap();
    w.server(true, b"ntp.example").unwrap();
    w.port(false, 4460).unwrap();
    let len = w.end_of_message().unwrap();
    let bodies: Vec<RecordBody<'_>> = Records::new(&buf[..len])
        .map(|r| r.unwrap().parse_body().unwrap())
        .collect();
    let lists: Vec<(usize, bool, Vec<u16>)> = bodies
        .iter()
        .filter_map(|b| match b {
            RecordBody::NextProtocols(l) | RecordBody::AeadAlgorithms(l) => {
                Some((l.len(), l.is_empty(), l.iter().collect()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(lists, vec![(2, false, vec![0, 0x8001]), (0, true, vec![])]);
    assert_eq!(bodies[2], RecordBody::Error(2));
    assert_eq!(bodies[3], RecordBody::Warning(0x0102));
    assert_eq!(bodies[4], RecordBody::NewCookie(&[7, 8, 9]));
    assert_eq!(bodies[5], RecordBody::Server(b"ntp.example"));
    assert_eq!(bodies[6], RecordBody::Port(4460));
    assert_eq!(bodies[7], RecordBody::EndOfMessage);
    assert_eq!(bodies.len(), 8);
    // A Warning or Server body of the wrong size for its type.
    let r = Records::new(&[0x00, 0x03, 0, 3, 1, 2, 3])
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(
        r.parse_body(),
        Err(ke_err(
            0,
            NtsKeRule::BodyLength {
                record_type: 3,
                body_len: 3
            }
        ))
    );
}
