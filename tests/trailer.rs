//! The trailer walk and writer: chrony's real packets against tshark's
//! reading, the table of hostile trailers with their exact results, and
//! properties over any input.

mod common;

use common::{fixture, tshark};
use ntp_wire::trailer::{
    ExtensionFieldType, MacAlgorithm, Strictness, Trailer, TrailerItem, TrailerWriter,
};
use ntp_wire::{Error, Packet, TrailerRule};
use proptest::prelude::*;

/// An item in a form a table can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Got {
    /// type, length, offset, waived
    Field(u16, u16, usize, Option<TrailerRule>),
    /// key id, digest length, offset, waived
    Mac(u32, usize, usize, Option<TrailerRule>),
    Nak,
    MsExt,
    Err(Error),
}

fn walk_with(packet: &[u8], strictness: Strictness) -> Vec<Got> {
    Trailer::with_strictness(packet, strictness)
        .map(|r| match r {
            Ok(TrailerItem::Field(f)) => {
                Got::Field(f.field_type().0, f.length(), f.offset(), f.waived())
            }
            Ok(TrailerItem::Mac(m)) => {
                Got::Mac(m.key_id(), m.digest().len(), m.offset(), m.waived())
            }
            Ok(TrailerItem::CryptoNak) => Got::Nak,
            Ok(TrailerItem::MsSntpExtended(_)) => Got::MsExt,
            Ok(other) => unreachable!("{other:?}"),
            Err(e) => Got::Err(e),
        })
        .collect()
}

fn walk(packet: &[u8]) -> Vec<Got> {
    walk_with(packet, Strictness::Strict)
}

/// A client packet of `version` followed by `trailer`.
fn packet(version: u8, trailer: &[u8]) -> Vec<u8> {
    let mut p = vec![0u8; 48];
    p[0] = (version << 3) | 3;
    p.extend_from_slice(trailer);
    p
}

fn err(offset: u32, rule: TrailerRule) -> Got {
    Got::Err(Error::Trailer { offset, rule })
}

// ---------------------------------------------------------------------
// Real packets

/// tshark's (type, length) of each "Extension".
type TsharkFields = Vec<(u16, u16)>;

/// tshark's fields, key id and MAC (hex).
fn tshark_items(name: &str) -> (TsharkFields, Option<(u32, String)>) {
    let text = tshark(name);
    let lines: Vec<&str> = text.lines().collect();
    let mut fields = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.trim() == "Extension" {
            let ty = lines[i + 1]
                .rsplit("(0x")
                .next()
                .unwrap()
                .trim_end_matches(')');
            let len = lines[i + 2].trim().strip_prefix("Length: ").unwrap();
            fields.push((u16::from_str_radix(ty, 16).unwrap(), len.parse().unwrap()));
        }
    }
    let key = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("Key ID: "))
        .map(|k| u32::from_str_radix(k, 16).unwrap());
    let mac = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("Message Authentication Code: "));
    (fields, key.map(|k| (k, mac.unwrap().to_string())))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn chrony_packets_match_tshark_and_reemit_identically() {
    for name in [
        "chrony-client-md5-request",
        "chrony-server-md5-response",
        "chrony-server-sha1-response",
        "chrony-nts-request",
        "chrony-nts-response",
        "chrony-server-mode4-response",
    ] {
        let bytes = fixture(name);
        let p = Packet::new_checked(&bytes[..]).unwrap();
        let items: Vec<TrailerItem<'_>> = p.trailer().collect::<Result<_, _>>().unwrap();
        let (fields, mac) = tshark_items(name);

        // Items and offsets equal tshark's reading.
        let mut offset = 48;
        let mut ours_fields = Vec::new();
        let mut ours_mac = None;
        for item in &items {
            assert_eq!(item.offset(), offset, "{name}");
            assert_eq!(item.waived(), None, "{name}");
            offset += item.len();
            match item {
                TrailerItem::Field(f) => ours_fields.push((f.field_type().0, f.length())),
                TrailerItem::Mac(m) => ours_mac = Some((m.key_id(), hex(m.digest()))),
                other => panic!("{name}: {other:?}"),
            }
        }
        assert_eq!(offset, bytes.len(), "{name}");
        assert_eq!(ours_fields, fields, "{name}");
        assert_eq!(ours_mac, mac, "{name}");

        // Re-emit into a junk buffer: the same octets.
        let mut out = vec![0xa5u8; bytes.len() + 16];
        out[..48].copy_from_slice(&bytes[..48]);
        let mut w = TrailerWriter::new(&mut out).unwrap();
        for item in &items {
            match item {
                TrailerItem::Field(f) => {
                    w.field(f.field_type(), f.body()).unwrap();
                }
                TrailerItem::Mac(m) => {
                    assert_eq!(w.written(), &bytes[m.authenticated_range()]);
                    w.mac(m.key_id(), m.digest()).unwrap();
                }
                _ => unreachable!(),
            }
        }
        let len = w.finish().unwrap();
        assert_eq!(&out[..len], &bytes[..], "{name}");
    }
}

#[test]
fn chrony_mac_exact_values() {
    let req = fixture("chrony-client-md5-request");
    let mac = Trailer::new(&req).mac().unwrap().unwrap();
    assert_eq!(mac.key_id(), 1);
    assert_eq!(mac.offset(), 48);
    assert_eq!(
        mac.candidates(),
        [
            MacAlgorithm::Md5,
            MacAlgorithm::Aes128Cmac,
            MacAlgorithm::Aes256Cmac
        ]
    );
    assert_eq!(mac.digest_len(), 16);
    assert_eq!(mac.authenticated_range(), 0..48);
    assert_eq!(mac.digest_range(), 52..68);
    assert_eq!(hex(mac.digest()), "1aaec9e395d47481f2a854b94e029144");

    let sha1 = fixture("chrony-server-sha1-response");
    let mac = Trailer::new(&sha1).mac().unwrap().unwrap();
    assert_eq!(mac.key_id(), 2);
    // A 24-octet MAC at version 4: SHA-1, or (chrony) a longer hash
    // truncated to 20 octets.
    assert_eq!(
        mac.candidates(),
        [MacAlgorithm::Sha1, MacAlgorithm::TruncatedTo20]
    );
    assert_eq!(mac.digest_range(), 52..72);
}

/// The MAC covers exactly `authenticated_range`: MD5(key ‖ packet[..48])
/// with chrony's test key 1 gives the digest on the wire.
#[cfg(feature = "md5")]
#[test]
fn chrony_md5_mac_verifies_over_the_authenticated_range() {
    use md5::{Digest, Md5};
    let key = common::unhex("50B5872BA62FF516C63C6CB5E2A262AB");
    for name in ["chrony-client-md5-request", "chrony-server-md5-response"] {
        let bytes = fixture(name);
        let mac = Trailer::new(&bytes).mac().unwrap().unwrap();
        let mut h = Md5::new();
        h.update(&key);
        h.update(&bytes[mac.authenticated_range()]);
        assert_eq!(&h.finalize()[..], mac.digest(), "{name}");
    }
}

// ---------------------------------------------------------------------
// Hostile trailers

const LENGTHS: [usize; 14] = [1, 2, 3, 4, 6, 8, 12, 16, 20, 24, 28, 36, 68, 72];

/// `n` octets shaped as a field: type 0x0104, length `n`, then 0xab.
fn field_shaped(n: usize) -> Vec<u8> {
    let mut t = vec![0x01, 0x04, (n >> 8) as u8, n as u8];
    t.resize(n.max(4), 0xab);
    t.truncate(n);
    t
}

#[test]
fn zero_trailers_at_version_4() {
    use TrailerRule::*;
    let expected = |n: usize| -> Vec<Got> {
        match n {
            1 | 2 | 3 | 6 => vec![err(
                48,
                Unaligned {
                    trailer_len: n as u32,
                },
            )],
            4 => vec![Got::Nak],
            20 => vec![Got::Mac(0, 16, 48, None)],
            24 => vec![Got::Mac(0, 20, 48, None)],
            _ => vec![err(
                48,
                FieldTooShort {
                    length: 0,
                    minimum: 16,
                },
            )],
        }
    };
    for n in LENGTHS {
        assert_eq!(
            walk(&packet(4, &vec![0; n])),
            expected(n),
            "{n} zero octets"
        );
    }
}

#[test]
fn field_shaped_trailers_at_version_4() {
    use TrailerRule::*;
    let expected = |n: usize| -> Vec<Got> {
        match n {
            1 | 2 | 3 | 6 => vec![err(
                48,
                Unaligned {
                    trailer_len: n as u32,
                },
            )],
            4 | 8 | 12 => vec![err(
                48,
                FieldTooShort {
                    length: n as u16,
                    minimum: 16,
                },
            )],
            16 => vec![err(48, LastFieldTooShort { length: 16 })],
            // A 20- or 24-octet field at the end is read as chrony reads it:
            // a MAC whose key id is type << 16 | length.
            20 => vec![Got::Mac(0x0104_0014, 16, 48, None)],
            24 => vec![Got::Mac(0x0104_0018, 20, 48, None)],
            _ => vec![Got::Field(0x0104, n as u16, 48, None)],
        }
    };
    for n in LENGTHS {
        assert_eq!(
            walk(&packet(4, &field_shaped(n))),
            expected(n),
            "{n} octets"
        );
    }
}

/// Every trailer length from 0 to 76 octets at versions 1 to 3, where the
/// whole trailer is one authenticator. Accepted, as issue 12 lists what
/// real software sends: 4 zero octets (crypto-NAK), 12 (DES, old ntpd),
/// 20 (MD5, AES-CMAC; MS-SNTP 68-octet packets), 24 (SHA-1), 28 (TIGER),
/// 32 (SHA3-224), 36 (SHA-256, SHA3-256), 52 (SHA-384, SHA3-384), 68
/// (SHA-512, SHA3-512, WHIRLPOOL) and 72 (MS-SNTP extended); every other
/// length is refused with its exact error.
#[test]
fn every_authenticator_length_at_versions_1_to_3() {
    use TrailerRule::*;
    for version in 1..=3u8 {
        for n in 0..=76usize {
            let expected = match n {
                0 => vec![],
                4 => vec![Got::Nak],
                12 | 20 | 24 | 28 | 32 | 36 | 52 | 68 => vec![Got::Mac(0, n - 4, 48, None)],
                72 => vec![Got::MsExt],
                _ => vec![err(
                    48,
                    MacLength {
                        length: n as u32,
                        version,
                    },
                )],
            };
            assert_eq!(
                walk(&packet(version, &vec![0; n])),
                expected,
                "{n} zero octets at version {version}"
            );
        }
    }
    // A 4-octet trailer with a non-zero key id is no crypto-NAK, and no
    // algorithm gives an empty digest.
    assert_eq!(
        walk(&packet(3, &[0, 0, 0, 1])),
        vec![err(
            48,
            MacLength {
                length: 4,
                version: 3
            }
        )]
    );
}

#[test]
fn field_shaped_trailers_at_version_3_are_authenticators() {
    use TrailerRule::*;
    for n in LENGTHS {
        let t = field_shaped(n);
        let key = u32::from_be_bytes([1, 4, 0, n as u8]);
        for version in 1..=3u8 {
            let expected = match n {
                12 | 20 | 24 | 28 | 36 | 68 => vec![Got::Mac(key, n - 4, 48, None)],
                72 => vec![Got::MsExt],
                _ => vec![err(
                    48,
                    MacLength {
                        length: n as u32,
                        version,
                    },
                )],
            };
            assert_eq!(
                walk(&packet(version, &t)),
                expected,
                "{n} octets v{version}"
            );
        }
    }
}

#[test]
fn field_lengths() {
    use TrailerRule::*;
    // A 40-octet trailer whose first field claims `length`.
    let with_len = |length: u16| {
        let mut t = vec![0u8; 40];
        t[0] = 0xf0;
        t[2..4].copy_from_slice(&length.to_be_bytes());
        packet(4, &t)
    };
    let cases: Vec<(u16, Vec<Got>)> = vec![
        (
            0,
            vec![err(
                48,
                FieldTooShort {
                    length: 0,
                    minimum: 16,
                },
            )],
        ),
        (
            4,
            vec![err(
                48,
                FieldTooShort {
                    length: 4,
                    minimum: 16,
                },
            )],
        ),
        (
            12,
            vec![err(
                48,
                FieldTooShort {
                    length: 12,
                    minimum: 16,
                },
            )],
        ),
        (
            15,
            vec![err(
                48,
                FieldTooShort {
                    length: 15,
                    minimum: 16,
                },
            )],
        ),
        // 16 is a field; the 24 octets after it are a MAC.
        (
            16,
            vec![Got::Field(0xf000, 16, 48, None), Got::Mac(0, 20, 64, None)],
        ),
        (18, vec![err(48, FieldNotAligned { length: 18 })]),
        (40, vec![Got::Field(0xf000, 40, 48, None)]),
        (
            44,
            vec![err(
                48,
                FieldPastEnd {
                    length: 44,
                    available: 40,
                },
            )],
        ),
        (
            0xffff,
            vec![err(
                48,
                FieldPastEnd {
                    length: 0xffff,
                    available: 40,
                },
            )],
        ),
    ];
    for (length, expected) in cases {
        assert_eq!(walk(&with_len(length)), expected, "length {length}");
    }
    // A second field that breaks a rule is reported at its own offset.
    let mut t = vec![0u8; 60];
    t[2..4].copy_from_slice(&28u16.to_be_bytes());
    t[28 + 2..28 + 4].copy_from_slice(&36u16.to_be_bytes());
    assert_eq!(
        walk(&packet(4, &t)),
        vec![
            Got::Field(0, 28, 48, None),
            err(
                76,
                FieldPastEnd {
                    length: 36,
                    available: 32
                }
            )
        ]
    );
}

#[test]
fn mac_with_key_id_20_looks_like_a_field_header_and_is_a_mac() {
    let mut t = vec![0u8; 20];
    t[..4].copy_from_slice(&20u32.to_be_bytes()); // type 0, length 20
    t[4..].fill(0x5a);
    assert_eq!(walk(&packet(4, &t)), vec![Got::Mac(20, 16, 48, None)]);
    // After a field, too.
    let mut p = vec![0u8; 28];
    p[2..4].copy_from_slice(&28u16.to_be_bytes());
    p.extend_from_slice(&t);
    assert_eq!(
        walk(&packet(4, &p)),
        vec![Got::Field(0, 28, 48, None), Got::Mac(20, 16, 76, None)]
    );
    // And a 24-octet one with key id 24.
    let mut t = vec![0u8; 24];
    t[..4].copy_from_slice(&24u32.to_be_bytes());
    assert_eq!(walk(&packet(4, &t)), vec![Got::Mac(24, 20, 48, None)]);
}

#[test]
fn lenient_walks_name_what_they_accept() {
    use TrailerRule::*;
    let lenient = |v, t: &[u8]| walk_with(&packet(v, t), Strictness::Lenient);
    // Short last field of an NTPv4 draft.
    assert_eq!(
        lenient(4, &field_shaped(16)),
        vec![Got::Field(
            0x0104,
            16,
            48,
            Some(LastFieldTooShort { length: 16 })
        )]
    );
    // An 8-octet Autokey request as ntpd sent it.
    let mut t = vec![0x02, 0x01, 0, 8, 0, 0, 0, 7];
    t.extend_from_slice(&field_shaped(28));
    assert_eq!(
        lenient(4, &t),
        vec![
            Got::Field(
                0x0201,
                8,
                48,
                Some(FieldTooShort {
                    length: 8,
                    minimum: 16
                })
            ),
            Got::Field(0x0104, 28, 56, None)
        ]
    );
    // Lengths that are not a multiple of 4.
    assert_eq!(
        lenient(4, &field_shaped(6)),
        vec![Got::Field(
            0x0104,
            6,
            48,
            Some(FieldTooShort {
                length: 6,
                minimum: 16
            })
        )]
    );
    let mut t = field_shaped(30);
    t[3] = 30;
    assert_eq!(
        lenient(4, &t),
        vec![Got::Field(
            0x0104,
            30,
            48,
            Some(FieldNotAligned { length: 30 })
        )]
    );
    // Wireshark-style recovery: the last octets that are no field are a MAC.
    assert_eq!(
        lenient(4, &[0; 8]),
        vec![Got::Mac(
            0,
            4,
            48,
            Some(MacLength {
                length: 8,
                version: 4
            })
        )]
    );
    let mut t = field_shaped(28);
    t.extend_from_slice(&[0, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert_eq!(
        lenient(4, &t),
        vec![
            Got::Field(0x0104, 28, 48, None),
            Got::Mac(
                0x100,
                12,
                76,
                Some(MacLength {
                    length: 16,
                    version: 4
                })
            )
        ]
    );
    // Version 3 authenticators of any length from 4 octets.
    assert_eq!(
        lenient(3, &[1; 16]),
        vec![Got::Mac(
            0x0101_0101,
            12,
            48,
            Some(MacLength {
                length: 16,
                version: 3
            })
        )]
    );
    // What no mode can read stays an error.
    assert_eq!(
        lenient(4, &[1, 2, 3]),
        vec![err(48, FieldHeaderTruncated { available: 3 })]
    );
    assert_eq!(
        lenient(3, &[1, 2, 3]),
        vec![err(
            48,
            MacLength {
                length: 3,
                version: 3
            }
        )]
    );
    assert_eq!(
        lenient(4, &{
            let mut t = vec![0u8; 40];
            t[3] = 2;
            t
        }),
        vec![err(
            48,
            FieldTooShort {
                length: 2,
                minimum: 16
            }
        )]
    );
}

#[test]
fn short_buffers_and_empty_trailers() {
    assert_eq!(
        walk(&[]),
        vec![Got::Err(Error::Truncated {
            needed: 48,
            available: 0
        })]
    );
    assert_eq!(
        walk(&[0x23; 47]),
        vec![Got::Err(Error::Truncated {
            needed: 48,
            available: 47
        })]
    );
    assert_eq!(walk(&packet(4, &[])), vec![]);
    assert_eq!(walk(&packet(3, &[])), vec![]);
}

/// The walk takes its rules from the packet's kind: a version 5 packet
/// (NTPv5), versions 0, 6 and 7 (no NTP version) and modes 6 and 7 get one
/// error, the one `Packet::new_checked` gives. (Before the front door,
/// versions 5 to 7 walked as version 4 and version 0 as version 3.)
#[test]
fn only_time_packets_of_versions_1_to_4_are_walked() {
    use ntp_wire::Mode;
    let cases = [
        (packet(5, &field_shaped(28)), Error::Ntpv5),
        (
            packet(6, &field_shaped(28)),
            Error::BadVersion { version: 6 },
        ),
        (
            packet(7, &field_shaped(28)),
            Error::BadVersion { version: 7 },
        ),
        (
            packet(0, &field_shaped(28)),
            Error::BadVersion { version: 0 },
        ),
        (
            {
                let mut p = packet(2, &[0; 12]);
                p[0] = 0x16; // ntpq's version 2, mode 6
                p
            },
            Error::UnsupportedMode {
                mode: Mode::Control,
            },
        ),
    ];
    for (p, e) in cases {
        assert_eq!(walk(&p), vec![Got::Err(e)], "{:#04x}", p[0]);
        assert_eq!(Packet::new_checked(&p[..]).err(), Some(e));
        assert_eq!(Trailer::new(&p).size_hint(), (0, Some(1)));
    }
}

/// Every writer given a buffer one octet short: a `BufferTooSmall` naming
/// the exact length, nothing written past the buffer, and a writer still
/// usable at the same position.
#[test]
fn writers_one_octet_short() {
    use ntp_wire::nts_ke::RecordWriter;
    use ntp_wire::trailer::{write_ms_sntp, write_ms_sntp_extended, MsSntpExtended, MsSntpKeyId};
    let short = |needed: usize| {
        Err::<std::ops::Range<usize>, _>(Error::BufferTooSmall {
            needed: needed as u32,
            available: needed as u32 - 1,
        })
    };
    let head = packet(4, &[]);

    // A 16-octet field.
    let mut buf = vec![0xa5u8; 63];
    buf[..48].copy_from_slice(&head);
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    assert_eq!(w.field(ExtensionFieldType(0xf001), &[1; 12]), short(64));
    assert_eq!(w.position(), 48);
    assert_eq!(w.crypto_nak(), Ok(48..52), "still usable");
    // The padding `finish` adds to a last field below 28 octets.
    let mut buf = vec![0xa5u8; 75];
    buf[..48].copy_from_slice(&head);
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    assert_eq!(w.field(ExtensionFieldType(0xf001), &[1; 12]), Ok(48..64));
    assert_eq!(
        w.finish(),
        Err(Error::BufferTooSmall {
            needed: 76,
            available: 75
        })
    );
    // A MAC and a crypto-NAK.
    let mut buf = vec![0xa5u8; 67];
    buf[..48].copy_from_slice(&head);
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    assert_eq!(w.mac(1, &[2; 16]), short(68));
    assert_eq!(w.position(), 48);
    let mut w = TrailerWriter::new(&mut buf[..51]).unwrap();
    assert_eq!(w.crypto_nak(), short(52));
    assert_eq!(&buf[48..], &[0xa5; 19]);

    // MS-SNTP, 68 and 120 octets.
    let mut buf = vec![0xa5u8; 119];
    buf[..48].copy_from_slice(&packet(3, &[]));
    let key = MsSntpKeyId::new(1105, false);
    assert_eq!(
        write_ms_sntp(&mut buf[..67], key, &[0; 16]),
        Err(Error::BufferTooSmall {
            needed: 68,
            available: 67
        })
    );
    let ext = MsSntpExtended {
        key_id: key,
        flags: Default::default(),
        client_hash_id_hints: Default::default(),
        signature_hash_id: Default::default(),
        checksum: &[0; 64],
    };
    assert_eq!(
        write_ms_sntp_extended(&mut buf, &ext),
        Err(Error::BufferTooSmall {
            needed: 120,
            available: 119
        })
    );
    assert_eq!(&buf[48..], &[0xa5; 71][..]);

    // NTS-KE: a 6-octet record in 5, then the same record in 6.
    let mut ke = [0xa5u8; 6];
    let mut w = RecordWriter::new(&mut ke[..5]);
    assert_eq!(w.next_protocols(&[0]), short(6));
    assert_eq!(w.position(), 0);
    let mut w = RecordWriter::new(&mut ke);
    assert_eq!(w.next_protocols(&[0]), Ok(0..6));
    assert_eq!(ke, [0x80, 1, 0, 2, 0, 0]);
}

/// `size_hint` is a contract: the upper bound holds for every walk. A
/// packet shorter than the header yields one `Truncated` error, so its
/// bound is 1, not 0.
#[test]
fn size_hint_bounds_every_walk() {
    for p in [
        vec![],
        vec![0x23; 47],
        packet(4, &[]),
        packet(4, &[0; 4]),
        packet(4, &[0; 22]),
        packet(4, &field_shaped(16)),
        packet(3, &[0; 12]),
        packet(3, &[1; 5]),
    ] {
        for s in [Strictness::Strict, Strictness::Lenient] {
            let t = Trailer::with_strictness(&p, s);
            let (low, high) = t.size_hint();
            let n = t.count();
            assert!(low <= n, "{p:?} {s:?}");
            assert!(n <= high.unwrap(), "{n} items, bound {high:?}: {p:?} {s:?}");
        }
    }
    assert_eq!(Trailer::new(&[0x23; 47]).size_hint(), (0, Some(1)));
    assert_eq!(Trailer::new(&packet(4, &[])).size_hint(), (0, Some(0)));
    let mut t = Trailer::new(&[]);
    assert!(t.next().is_some());
    assert_eq!(t.size_hint(), (0, Some(0)));
}

/// `ExtensionField::parse` takes any offset. One so large that the end of
/// the field in the packet would not fit a `usize` is refused: the ranges
/// of the field, and of the NTS, Autokey and Checksum Complement views
/// built on it, would otherwise overflow (a panic in debug builds).
#[test]
fn extension_field_offset_near_the_u32_limit() {
    use ntp_wire::trailer::ExtensionField;
    let mut f = [0u8; 16];
    f[..4].copy_from_slice(&[0xf0, 0x01, 0, 16]);
    // Offsets are kept as u32 (no UDP payload comes near the limit): the
    // last offset whose field end fits.
    let at = u32::MAX as usize - 16;
    let field = ExtensionField::parse(&f, at).unwrap();
    assert_eq!(field.range(), at..u32::MAX as usize);
    assert_eq!(field.body_range(), at + 4..u32::MAX as usize);
    // Past it the data is read as if it ended at the limit.
    use TrailerRule::{FieldHeaderTruncated, FieldPastEnd};
    for (offset, rule) in [
        (
            u32::MAX as usize - 15,
            FieldPastEnd {
                length: 16,
                available: 15,
            },
        ),
        (
            u32::MAX as usize - 4,
            FieldPastEnd {
                length: 16,
                available: 4,
            },
        ),
        (u32::MAX as usize - 3, FieldHeaderTruncated { available: 3 }),
        (u32::MAX as usize, FieldHeaderTruncated { available: 0 }),
        (usize::MAX, FieldHeaderTruncated { available: 0 }),
    ] {
        assert_eq!(
            ExtensionField::parse(&f, offset),
            Err(Error::Trailer {
                offset: offset.min(u32::MAX as usize) as u32,
                rule
            }),
            "{offset}"
        );
    }
}

/// `field_len` takes any `usize`: a body no slice can hold saturates at
/// `usize::MAX` (which every writer refuses as too long for the 16-bit
/// length) instead of overflowing; every other length is exact.
#[test]
fn field_len_saturates() {
    use ntp_wire::trailer::field_len;
    assert_eq!([0, 12, 13, 65531].map(field_len), [16, 16, 20, 65536]);
    // 4 + body rounded up to 4: exact up to usize::MAX - 3.
    assert_eq!(field_len(usize::MAX - 7), usize::MAX - 3);
    for body in [usize::MAX - 6, usize::MAX - 4, usize::MAX] {
        assert_eq!(field_len(body), usize::MAX, "{body}");
    }
}

#[test]
fn error_messages_say_what_to_do() {
    let e = Error::Trailer {
        offset: 76,
        rule: TrailerRule::LastFieldTooShort { length: 16 },
    };
    assert_eq!(
        e.to_string(),
        "invalid trailer at offset 76: last extension field is 16 octets without a MAC; it must be at least 28 (RFC 7822 section 3, updating RFC 5905 section 7.5)"
    );
}

#[test]
fn field_types_keep_unknown_values_and_name_known_ones() {
    assert_eq!(
        ExtensionFieldType(0x0204).to_string(),
        "NTS Cookie (0x0204)"
    );
    assert_eq!(
        ExtensionFieldType(0x2005).to_string(),
        "Checksum Complement (0x2005)"
    );
    assert_eq!(ExtensionFieldType(0x1234).to_string(), "0x1234");
    assert!(ExtensionFieldType(0x0302).is_reserved_autokey());
    assert!(ExtensionFieldType(0xc902).is_reserved_autokey());
    assert!(!ExtensionFieldType(0x0203).is_reserved_autokey());
    assert!(!ExtensionFieldType(0x0a02).is_reserved_autokey());
    assert!(ExtensionFieldType(0xf123).is_experimental());
    // Exactly the four NTS types of RFC 8915 section 7.5 are NTS.
    let nts: Vec<u16> = (0..=u16::MAX)
        .filter(|&t| ExtensionFieldType(t).is_nts())
        .collect();
    assert_eq!(nts, [0x0104, 0x0204, 0x0304, 0x0404]);
}

/// Every one of the 65 536 field types against RFC 9748 section 4.3's
/// table, written out here from the RFC text (not from the crate's code):
/// 0x0000 Crypto-NAK; 0x0104 Unique Identifier; 0x0200-0x0209,
/// 0x8200-0x8209, 0xC200-0xC209 the ten Autokey messages as request,
/// response and error response (0x0204 is also the NTS Cookie, which the
/// crate names); 0x0304, 0x0404 NTS; 0x2005 Checksum Complement; the
/// nibble-swapped Autokey values 0x0002, 0x0102, 0x0302 ... 0x0902 (and
/// with 0x80, 0xC0) reserved for historic reasons; 0xF000-0xFFFF reserved
/// for experimental use.
#[test]
fn field_type_registry_of_rfc_9748() {
    let messages = [
        "No-Operation",
        "Association Message",
        "Certificate Message",
        "Cookie Message",
        "Autokey Message",
        "Leapseconds Value Message",
        "Sign Message",
        "IFF Identity Message",
        "GQ Identity Message",
        "MV Identity Message",
    ];
    let historic = [0x00u16, 0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09];
    for value in 0..=u16::MAX {
        let [hi, lo] = value.to_be_bytes();
        let expected: Option<String> = match value {
            0x0000 => Some("Crypto-NAK; authentication failure".into()),
            0x0104 => Some("Unique Identifier".into()),
            0x0204 => Some("NTS Cookie".into()),
            0x0304 => Some("NTS Cookie Placeholder".into()),
            0x0404 => Some("NTS Authenticator and Encrypted Extension Fields".into()),
            0x2005 => Some("Checksum Complement".into()),
            0x0200..=0x0209 => Some(format!("Autokey {} Request", messages[usize::from(lo)])),
            0x8200..=0x8209 => Some(format!("Autokey {} Response", messages[usize::from(lo)])),
            0xc200..=0xc209 => Some(format!(
                "Autokey {} Error Response",
                messages[usize::from(lo)]
            )),
            _ if lo == 0x02
                && [0x00, 0x80, 0xc0].contains(&(hi & 0xf0))
                && historic.contains(&u16::from(hi & 0x0f)) =>
            {
                Some("Reserved for historic reasons (Autokey)".into())
            }
            0xf000..=0xffff => Some("Reserved for Experimental Use".into()),
            _ => None,
        };
        let t = ExtensionFieldType(value);
        assert_eq!(t.name().map(String::from), expected, "{value:#06x}");
        let autokey = matches!(value, 0x0200..=0x0209 | 0x8200..=0x8209 | 0xc200..=0xc209);
        assert_eq!(t.autokey_code(), autokey.then_some(lo), "{value:#06x}");
        let historic_value = expected.as_deref() == Some("Reserved for historic reasons (Autokey)");
        assert_eq!(t.is_reserved_autokey(), historic_value, "{value:#06x}");
    }
}

// ---------------------------------------------------------------------
// Writer

#[test]
fn writer_emits_exact_bytes_on_a_junk_buffer() {
    let mut buf = [0xa5u8; 120];
    buf[..48].copy_from_slice(&packet(4, &[]));
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    assert_eq!(
        w.field(ExtensionFieldType(0xf001), b"abcde").unwrap(),
        48..64
    );
    assert_eq!(w.field(ExtensionFieldType(0xf002), &[]).unwrap(), 64..80);
    assert_eq!(w.mac(7, &[0x11; 16]).unwrap(), 80..100);
    assert_eq!(
        w.field(ExtensionFieldType(1), &[]),
        Err(Error::Trailer {
            offset: 100,
            rule: TrailerRule::AfterMac
        })
    );
    assert_eq!(w.finish(), Ok(100));
    let mut want = vec![
        0xf0, 0x01, 0, 16, b'a', b'b', b'c', b'd', b'e', 0, 0, 0, 0, 0, 0, 0,
    ];
    want.extend_from_slice(&[0xf0, 0x02, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    want.extend_from_slice(&[0, 0, 0, 7]);
    want.extend_from_slice(&[0x11; 16]);
    assert_eq!(&buf[48..100], &want[..]);
    assert_eq!(&buf[100..], &[0xa5; 20]);
}

#[test]
fn writer_pads_a_last_field_to_28_and_refuses_what_would_not_read_back() {
    use TrailerRule::*;
    let mut buf = [0xa5u8; 80];
    buf[..48].copy_from_slice(&packet(4, &[]));
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    w.field(ExtensionFieldType(0xf001), &[1; 12]).unwrap(); // 16 octets
    assert_eq!(w.finish(), Ok(76));
    assert_eq!(&buf[48..52], &[0xf0, 0x01, 0, 28]);
    assert_eq!(&buf[64..76], &[0; 12]);
    assert_eq!(walk(&buf[..76]), vec![Got::Field(0xf001, 28, 48, None)]);

    let mut w = TrailerWriter::new(&mut buf).unwrap();
    assert_eq!(
        w.mac(1, &[0; 32]),
        Err(Error::Trailer {
            offset: 48,
            rule: MacLength {
                length: 36,
                version: 4
            }
        })
    );
    assert_eq!(
        w.field_with_len(ExtensionFieldType(1), &[0; 13], 18),
        Err(Error::Trailer {
            offset: 48,
            rule: FieldLengthRequest {
                length: 18,
                minimum: 20
            }
        })
    );
    assert_eq!(
        w.field_with_len(ExtensionFieldType(1), &[0; 13], 22),
        Err(Error::Trailer {
            offset: 48,
            rule: FieldLengthRequest {
                length: 22,
                minimum: 20
            }
        })
    );
    assert_eq!(
        w.field_with_len(ExtensionFieldType(1), &[0; 13], 20),
        Ok(48..68)
    );
    assert_eq!(
        w.field(ExtensionFieldType(1), &[0; 40]),
        Err(Error::BufferTooSmall {
            needed: 68 + 44,
            available: 80
        })
    );
    assert_eq!(
        w.crypto_nak(),
        Err(Error::Trailer {
            offset: 68,
            rule: CryptoNakNotAlone
        })
    );

    // Version 3: no fields, one authenticator.
    let mut buf = [0xa5u8; 60];
    buf[..48].copy_from_slice(&packet(3, &[]));
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    assert_eq!(
        w.field(ExtensionFieldType(1), &[]),
        Err(Error::Trailer {
            offset: 48,
            rule: FieldBeforeVersion4
        })
    );
    assert_eq!(w.mac(5, &[9; 8]), Ok(48..60));
    assert_eq!(walk(&buf), vec![Got::Mac(5, 8, 48, None)]);

    let mut buf = [0xa5u8; 52];
    buf[..48].copy_from_slice(&packet(4, &[]));
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    assert_eq!(w.crypto_nak(), Ok(48..52));
    assert_eq!(walk(&buf), vec![Got::Nak]);
    assert_eq!(
        TrailerWriter::new(&mut [0u8; 47]).unwrap_err(),
        Error::BufferTooSmall {
            needed: 48,
            available: 47
        }
    );
}

#[cfg(feature = "bytes")]
#[test]
fn bufmut_writers_emit_the_same_octets() {
    use ntp_wire::trailer::{field_len, put_crypto_nak, put_field, put_mac};
    let mut v: Vec<u8> = packet(4, &[]);
    put_field(&mut v, ExtensionFieldType(0xf001), b"abcde", field_len(5)).unwrap();
    put_field(&mut v, ExtensionFieldType(0xf002), &[], 28).unwrap();
    put_mac(&mut v, 7, &[0x11; 16]).unwrap();
    let mut buf = [0xa5u8; 112];
    buf[..48].copy_from_slice(&packet(4, &[]));
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    w.field(ExtensionFieldType(0xf001), b"abcde").unwrap();
    w.field_with_len(ExtensionFieldType(0xf002), &[], 28)
        .unwrap();
    w.mac(7, &[0x11; 16]).unwrap();
    let n = w.finish().unwrap();
    assert_eq!(v, &buf[..n]);
    let mut small = [0u8; 3];
    assert_eq!(
        put_crypto_nak(&mut &mut small[..]),
        Err(Error::BufferTooSmall {
            needed: 4,
            available: 3
        })
    );
}

// ---------------------------------------------------------------------
// Properties

fn arb_fields() -> impl Strategy<Value = Vec<(u16, Vec<u8>)>> {
    proptest::collection::vec(
        (any::<u16>(), proptest::collection::vec(any::<u8>(), 0..80)),
        0..6,
    )
}

fn arb_mac() -> impl Strategy<Value = Option<(u32, Vec<u8>)>> {
    proptest::option::of(
        (any::<u32>(), prop_oneof![Just(16usize), Just(20)])
            .prop_flat_map(|(k, n)| (Just(k), proptest::collection::vec(any::<u8>(), n))),
    )
}

proptest! {
    #[test]
    fn written_trailers_walk_back_to_the_same_items(fields in arb_fields(), mac in arb_mac()) {
        let mut buf = vec![0xa5u8; 48 + 6 * 84 + 24 + 28];
        buf[..48].copy_from_slice(&packet(4, &[]));
        let mut w = TrailerWriter::new(&mut buf).unwrap();
        for (t, body) in &fields {
            w.field(ExtensionFieldType(*t), body).unwrap();
        }
        if let Some((k, d)) = &mac {
            w.mac(*k, d).unwrap();
        }
        let len = w.finish().unwrap();
        let items: Vec<_> = Trailer::new(&buf[..len]).collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(items.len(), fields.len() + usize::from(mac.is_some()));
        for (item, (t, body)) in items.iter().zip(&fields) {
            let TrailerItem::Field(f) = item else { panic!("{item:?}") };
            prop_assert_eq!(f.field_type().0, *t);
            prop_assert_eq!(&f.body()[..body.len()], &body[..]);
            prop_assert!(f.body()[body.len()..].iter().all(|&b| b == 0));
            prop_assert_eq!(f.waived(), None);
        }
        if let Some((k, d)) = &mac {
            let Some(TrailerItem::Mac(m)) = items.last() else { panic!() };
            prop_assert_eq!(m.key_id(), *k);
            prop_assert_eq!(m.digest(), &d[..]);
        }
    }

    #[test]
    fn any_bytes_never_panic_and_items_tile_the_packet(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        lenient in any::<bool>(),
    ) {
        let s = if lenient { Strictness::Lenient } else { Strictness::Strict };
        let mut at = 48;
        let mut steps = 0;
        for item in Trailer::with_strictness(&bytes, s) {
            steps += 1;
            prop_assert!(steps <= bytes.len() / 4 + 1);
            if let Ok(item) = item {
                prop_assert_eq!(item.offset(), at);
                prop_assert!(!item.is_empty());
                at += item.len();
                prop_assert!(at <= bytes.len());
                prop_assert!(lenient || item.waived().is_none());
            }
        }
    }

    #[test]
    fn structured_packets_never_panic(
        version in 1u8..=4,
        parts in proptest::collection::vec((any::<u16>(), any::<u16>(), 0usize..40), 0..5),
        tail in proptest::collection::vec(any::<u8>(), 0..30),
    ) {
        // Plausible field headers with lying lengths: deeper paths than
        // random bytes reach.
        let mut t = Vec::new();
        for (ty, len, body) in parts {
            t.extend_from_slice(&ty.to_be_bytes());
            t.extend_from_slice(&len.to_be_bytes());
            t.resize(t.len() + body, 0);
        }
        t.extend_from_slice(&tail);
        let p = packet(version, &t);
        for s in [Strictness::Strict, Strictness::Lenient] {
            let _ = Trailer::with_strictness(&p, s).count();
        }
    }
}

/// The names people read for each authenticator length: the table of
/// issue 12 item 2 (key id + digest), as `Mac::candidates` reports them.
#[test]
fn authenticator_lengths_name_their_algorithms() {
    use ntp_wire::trailer::MacAlgorithm;
    let names = |len: usize, version: u8| -> Option<Vec<String>> {
        MacAlgorithm::for_length(len, version).map(|c| c.iter().map(|a| a.to_string()).collect())
    };
    let v = |s: &[&str]| Some(s.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(names(12, 3), v(&["DES"]));
    assert_eq!(names(20, 3), v(&["MD5", "AES-128-CMAC", "AES-256-CMAC"]));
    assert_eq!(names(24, 3), v(&["SHA-1"]));
    assert_eq!(
        names(24, 4),
        v(&["SHA-1", "another hash truncated to 20 octets"])
    );
    assert_eq!(names(28, 3), v(&["TIGER"]));
    assert_eq!(names(32, 3), v(&["SHA3-224"]));
    assert_eq!(names(36, 3), v(&["SHA-256", "SHA3-256"]));
    assert_eq!(names(52, 3), v(&["SHA-384", "SHA3-384"]));
    assert_eq!(names(68, 3), v(&["SHA-512", "SHA3-512", "WHIRLPOOL"]));
    assert_eq!(names(28, 4), None);
    // The digest lengths those names stand for.
    for len in [12, 20, 24, 28, 32, 36, 52, 68] {
        for a in MacAlgorithm::for_length(len, 3).unwrap() {
            assert_eq!(a.digest_len() + 4, len, "{a}");
        }
    }
}
