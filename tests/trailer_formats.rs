//! The structures other than NTS carried after the header: Autokey
//! (RFC 5906), the checksum complement (RFC 7821) and the MS-SNTP
//! authenticators.

use ntp_wire::trailer::{
    adjust_complement, ms_sntp_request, set_transmit_timestamp_keeping_checksum, write_ms_sntp,
    write_ms_sntp_extended, AutokeyCode, AutokeyField, AutokeyMessage, ChecksumComplement,
    ExtensionFieldType, MsSntpAuthenticator, MsSntpExtended, MsSntpExtendedAuthenticator,
    MsSntpFlags, MsSntpHashId, MsSntpKeyId, MsSntpRequestKind, Strictness, Trailer, TrailerItem,
    TrailerWriter,
};
use ntp_wire::{Error, Timestamp, TrailerRule};

fn packet(version: u8, trailer: &[u8]) -> Vec<u8> {
    let mut p = vec![0u8; 48];
    p[0] = (version << 3) | 3;
    p.extend_from_slice(trailer);
    p
}

fn first_field(p: &[u8], s: Strictness) -> ntp_wire::trailer::ExtensionField<'_> {
    match Trailer::with_strictness(p, s).next() {
        Some(Ok(TrailerItem::Field(f))) => f,
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------
// Autokey

/// An Autokey field as ntpd wrote it: first octet R|E|2, second the code.
fn autokey(flags: u8, code: u8, words: &[u32], tail: &[u8]) -> Vec<u8> {
    let mut body: Vec<u8> = words.iter().flat_map(|w| w.to_be_bytes()).collect();
    body.extend_from_slice(tail);
    let len = (body.len() + 4) as u16;
    let mut f = vec![flags | 2, code];
    f.extend_from_slice(&len.to_be_bytes());
    f.extend_from_slice(&body);
    f
}

#[test]
fn autokey_cookie_response_reads_every_part() {
    // Response (R) to a cookie request: association 7, timestamp,
    // filestamp, a 5-octet value padded to 8, a 4-octet signature.
    let mut tail = vec![1, 2, 3, 4, 5, 0, 0, 0];
    tail.extend_from_slice(&4u32.to_be_bytes());
    tail.extend_from_slice(&[9, 9, 9, 9]);
    let f = autokey(0x80, 3, &[7, 0xeeb0_f290, 0xeeb0_0000, 5], &tail);
    let p = packet(4, &f);
    let field = first_field(&p, Strictness::Strict);
    assert_eq!(field.field_type(), ExtensionFieldType(0x8203));
    let a = AutokeyField::new(field);
    assert!(a.is_response() && !a.is_error());
    assert_eq!((a.version(), a.code()), (2, AutokeyCode::COOKIE));
    assert_eq!(
        a.message(),
        Ok(AutokeyMessage {
            association_id: 7,
            timestamp: Some(0xeeb0_f290),
            filestamp: Some(0xeeb0_0000),
            value: Some(&[1, 2, 3, 4, 5][..]),
            signature: Some(&[9, 9, 9, 9][..]),
        })
    );
}

#[test]
fn autokey_short_request_and_the_nts_ambiguity() {
    // ntpd's 8-octet association request: below RFC 7822's 16, so only a
    // lenient walk reads it, and says so.
    let mut t = autokey(0, 1, &[0], &[]);
    t.extend_from_slice(&[0xf0, 0, 0, 28]);
    t.resize(t.len() + 24, 0);
    let p = packet(4, &t);
    assert_eq!(
        Trailer::new(&p).next(),
        Some(Err(Error::Trailer {
            offset: 48,
            rule: TrailerRule::FieldTooShort {
                length: 8,
                minimum: 16
            }
        }))
    );
    let f = first_field(&p, Strictness::Lenient);
    assert_eq!(
        f.waived(),
        Some(TrailerRule::FieldTooShort {
            length: 8,
            minimum: 16
        })
    );
    let a = AutokeyField::new(f);
    assert_eq!(
        (a.is_response(), a.code()),
        (false, AutokeyCode::ASSOCIATION)
    );
    let m = a.message().unwrap();
    assert_eq!((m.association_id, m.timestamp, m.value), (0, None, None));

    // 0x0204: an NTS Cookie to this crate by default, an Autokey "autokey"
    // request when the caller says so.
    let f = autokey(0, 4, &[3, 1, 2, 0], &[0; 12]);
    let p = packet(4, &f);
    let field = first_field(&p, Strictness::Strict);
    assert_eq!(field.field_type(), ExtensionFieldType::NTS_COOKIE);
    assert_eq!(AutokeyField::new(field).code(), AutokeyCode::AUTOKEY);
    assert_eq!(AutokeyCode::AUTOKEY.name(), Some("autokey"));
}

#[test]
fn autokey_lengths_are_checked_against_the_field() {
    use TrailerRule::*;
    // Value length 0xFFFFFFFF in a 28-octet field.
    let f = autokey(0x80, 2, &[1, 2, 3, 0xffff_ffff], &[0; 8]);
    let p = packet(4, &f);
    let a = AutokeyField::new(first_field(&p, Strictness::Strict));
    assert_eq!(
        a.message(),
        Err(Error::Trailer {
            offset: 64,
            rule: AutokeyValueLength {
                length: 0xffff_ffff
            }
        })
    );
    // Signature length past the end.
    let f = autokey(0x80, 6, &[1, 2, 3, 0, 0x10], &[0; 4]);
    let p = packet(4, &f);
    let a = AutokeyField::new(first_field(&p, Strictness::Strict));
    assert_eq!(
        a.message(),
        Err(Error::Trailer {
            offset: 68,
            rule: AutokeySignatureLength { length: 16 }
        })
    );
    // A field with no room for the association id.
    let p = packet(
        4,
        &[
            0x02, 0x01, 0, 4, 0xf0, 0, 0, 28, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0,
        ],
    );
    let a = AutokeyField::new(first_field(&p, Strictness::Lenient));
    assert_eq!(
        a.message(),
        Err(Error::Trailer {
            offset: 48,
            rule: FieldBodyTooShort {
                field_type: ExtensionFieldType(0x0201),
                body_len: 0,
                minimum: 4
            }
        })
    );
}

// ---------------------------------------------------------------------
// Checksum complement

/// The one's-complement sum of `data` (as the UDP checksum adds it).
fn ones_sum(data: &[u8]) -> u16 {
    let mut s: u32 = 0;
    for c in data.chunks(2) {
        s += u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]));
        s = (s & 0xffff) + (s >> 16);
    }
    s as u16
}

#[test]
fn checksum_complement_is_built_recognised_and_keeps_the_sum() {
    let mut buf = [0xa5u8; 76];
    buf[..48].copy_from_slice(&packet(4, &[]));
    buf[40..48].copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    assert_eq!(ChecksumComplement::append(&mut w, 0x1234), Ok(48..76));
    assert_eq!(w.finish(), Ok(76));
    assert_eq!(&buf[48..52], &[0x20, 0x05, 0, 28]);
    assert_eq!(&buf[52..74], &[0; 22]);
    assert_eq!(&buf[74..76], &[0x12, 0x34]);

    let cc = ChecksumComplement::find(&buf).unwrap().unwrap();
    assert_eq!((cc.complement(), cc.complement_offset()), (0x1234, 74));

    let before = ones_sum(&buf);
    let ts = Timestamp::from_bits(0xeeb0_f291_9c9b_3560);
    set_transmit_timestamp_keeping_checksum(&mut buf, ts).unwrap();
    assert_eq!(&buf[40..48], &ts.to_be_bytes());
    assert_eq!(ones_sum(&buf), before);
    assert_ne!(&buf[74..76], &[0x12, 0x34]);

    assert_eq!(adjust_complement(0, &[0, 1], &[0, 1]), 0);
    assert_eq!(
        adjust_complement(0x1234, &[0xab, 0xcd], &[0xab, 0xcd]),
        0x1234
    );
    assert_eq!(adjust_complement(5, &[0, 0], &[0, 1]), 4);
}

#[test]
fn checksum_complement_misplaced_or_missing() {
    let field_type = ExtensionFieldType::CHECKSUM_COMPLEMENT;
    // 32 octets instead of 28.
    let mut t = vec![0x20, 0x05, 0, 32];
    t.resize(32, 0);
    assert_eq!(
        ChecksumComplement::find(&packet(4, &t)),
        Err(Error::Trailer {
            offset: 48,
            rule: TrailerRule::FieldLength {
                field_type,
                length: 32,
                expected: 28
            }
        })
    );
    // Followed by a MAC.
    let mut t = vec![0x20, 0x05, 0, 28];
    t.resize(28, 0);
    t.extend_from_slice(&[0; 20]);
    assert_eq!(
        ChecksumComplement::find(&packet(4, &t)),
        Err(Error::Trailer {
            offset: 48,
            rule: TrailerRule::FieldNotLast { field_type }
        })
    );
    // Another type given to the view.
    let mut t = vec![0xf0, 0x05, 0, 28];
    t.resize(28, 0);
    let p = packet(4, &t);
    let Some(Ok(TrailerItem::Field(f))) = Trailer::new(&p).next() else {
        panic!("a field")
    };
    assert_eq!(
        ChecksumComplement::new(f),
        Err(Error::Trailer {
            offset: 48,
            rule: TrailerRule::FieldUnexpected {
                field_type: ExtensionFieldType(0xf005)
            }
        })
    );
    // None at all.
    let mut p = packet(4, &[]);
    assert_eq!(ChecksumComplement::find(&p), Ok(None));
    assert_eq!(
        set_transmit_timestamp_keeping_checksum(&mut p, Timestamp::ZERO),
        Err(Error::Trailer {
            offset: 48,
            rule: TrailerRule::FieldMissing { field_type }
        })
    );
}

// ---------------------------------------------------------------------
// MS-SNTP

#[test]
fn ms_sntp_request_and_response() {
    // A Windows domain member's request: version 3, RID 1105 with the
    // previous key, zero checksum.
    let key = MsSntpKeyId::new(1105, true);
    assert_eq!(key.0, 0x8000_0451);
    assert_eq!(key.to_wire(), [0x51, 0x04, 0x00, 0x80]);
    let mut buf = [0xa5u8; 68];
    buf[..48].copy_from_slice(&packet(3, &[]));
    assert_eq!(write_ms_sntp(&mut buf, key, &[0; 16]), Ok(68));
    assert_eq!(&buf[48..52], &[0x51, 0x04, 0x00, 0x80]);
    assert_eq!(&buf[52..], &[0; 16]);
    assert_eq!(
        ms_sntp_request(&buf),
        Some(MsSntpRequestKind::Authenticator)
    );
    let a = MsSntpAuthenticator::from_packet(&buf).unwrap();
    assert_eq!((a.key_id().rid(), a.key_id().previous_key()), (1105, true));

    // The walk reads the same octets as an RFC MAC (big-endian key id).
    let Some(Ok(TrailerItem::Mac(m))) = Trailer::new(&buf).next() else {
        panic!()
    };
    assert_eq!(m.key_id(), 0x5104_0080);

    // A signed response is not a request: the caller picks the view.
    buf[60] = 0x77;
    assert_eq!(ms_sntp_request(&buf), None);
    assert_eq!(
        MsSntpAuthenticator::from_packet(&buf).unwrap().checksum()[8],
        0x77
    );
    // Nor is version 4, or a zero key id.
    let mut v4 = buf;
    v4[0] = 0x23;
    v4[52..].fill(0);
    assert_eq!(ms_sntp_request(&v4), None);
    let mut zero = buf;
    zero[48..].fill(0);
    assert_eq!(ms_sntp_request(&zero), None);
    assert_eq!(
        MsSntpAuthenticator::from_packet(&buf[..60]),
        Err(Error::Trailer {
            offset: 48,
            rule: TrailerRule::MsSntpLength { length: 12 }
        })
    );
}

#[test]
fn ms_sntp_extended_request_and_response() {
    let mut buf = [0xa5u8; 120];
    buf[..48].copy_from_slice(&packet(3, &[]));
    let req = MsSntpExtended {
        key_id: MsSntpKeyId::new(1105, false),
        flags: MsSntpFlags(0),
        client_hash_id_hints: MsSntpHashId::NTLM_PWD_HASH,
        signature_hash_id: MsSntpHashId(0),
        checksum: &[0; 64],
    };
    assert_eq!(write_ms_sntp_extended(&mut buf, &req), Ok(120));
    assert_eq!(&buf[48..56], &[0x51, 0x04, 0, 0, 0, 0, 1, 0]);
    assert_eq!(ms_sntp_request(&buf), Some(MsSntpRequestKind::Extended));

    let resp = MsSntpExtended {
        flags: MsSntpFlags::USE_OLDKEY_VERSION,
        signature_hash_id: MsSntpHashId::NTLM_PWD_HASH,
        checksum: &[0x3c; 64],
        ..req
    };
    write_ms_sntp_extended(&mut buf, &resp).unwrap();
    assert_eq!(ms_sntp_request(&buf), None);
    let Some(Ok(TrailerItem::MsSntpExtended(e))) = Trailer::new(&buf).next() else {
        panic!()
    };
    assert_eq!(e, MsSntpExtendedAuthenticator::from_packet(&buf).unwrap());
    assert_eq!(e.key_id().rid(), 1105);
    assert_eq!(
        (e.reserved(), e.flags(), e.client_hash_id_hints()),
        (
            0,
            MsSntpFlags::USE_OLDKEY_VERSION,
            MsSntpHashId::NTLM_PWD_HASH
        )
    );
    assert_eq!(e.signature_hash_id(), MsSntpHashId::NTLM_PWD_HASH);
    assert_eq!(e.checksum(), &[0x3c; 64]);
    assert_eq!(
        write_ms_sntp_extended(&mut buf[..100], &resp),
        Err(Error::BufferTooSmall {
            needed: 120,
            available: 100
        })
    );
}
