//! NTPv5 against ntpd-rs 1.9's real traffic (tests/data/v5: 40 cases with
//! send_v5.py's field-by-field reading of every packet), the hostile
//! shapes with their exact errors, and round trips of every repr and
//! builder over any input.

mod common;

use std::collections::BTreeMap;

use common::{data_dir, fixture};
use ntp_wire::trailer::Strictness;
use ntp_wire::v5::{
    BloomFilter, Cookie, Correction, FieldValue, FieldWriter, Fields, Flags, Header, MacValue,
    MonotonicReceiveTimestamp, Packet, ReferenceIdsRequest, Reply, Request,
    SecondaryReceiveTimestamp, ServerId, ServerInformation, Timescale, Upgrade, BLOOM_FILTER_LEN,
    DRAFT_07, DRAFT_08, DRAFT_09, POLL_NEVER,
};
use ntp_wire::{
    Error, ExtensionFieldType as T, Kind, LeapIndicator, Message, Mode, Poll, Precision, Stratum,
    Time32, Timestamp, TrailerRule, V5Rule, Version,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------
// The fixtures and send_v5.py's reading of them

/// One case of tests/data/v5/manifest.tsv.
struct Case {
    name: String,
    request_len: usize,
    port: u16,
    answered: bool,
}

fn manifest() -> Vec<Case> {
    let text = std::fs::read_to_string(data_dir().join("v5/manifest.tsv")).unwrap();
    let cases: Vec<Case> = text
        .lines()
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Case {
                name: cols[0].into(),
                request_len: cols[1].parse().unwrap(),
                port: cols[2].parse().unwrap(),
                answered: cols[3].starts_with("reply"),
            }
        })
        .collect();
    assert_eq!(cases.len(), 40);
    cases
}

/// `request` or `response` lines of a case's .txt, by field name.
fn reading(case: &str, side: &str) -> BTreeMap<String, String> {
    let name = if case == "v5-draft08" {
        "v5-draft08".to_string()
    } else {
        case.to_string()
    };
    let text = std::fs::read_to_string(data_dir().join(format!("v5/{name}.txt"))).unwrap();
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .filter_map(|(k, v)| {
            k.strip_prefix(&format!("{side}."))
                .map(|k| (k.to_string(), v.to_string()))
        })
        .collect()
}

fn packet_of(case: &str, side: &str) -> Vec<u8> {
    fixture(&format!("v5/{case}-{side}"))
}

/// The number before the first space: `0 (log2 s)` -> 0.
fn first<T: std::str::FromStr>(v: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    v.split(' ').next().unwrap().parse().unwrap()
}

/// `0xeebc91ab.106688d3 (...)` -> the 64 bits.
fn timestamp(v: &str) -> Timestamp {
    let hex = v.split(' ').next().unwrap().trim_start_matches("0x");
    let (s, f) = hex.split_once('.').unwrap();
    Timestamp::new(
        u32::from_str_radix(s, 16).unwrap(),
        u32::from_str_radix(f, 16).unwrap(),
    )
}

fn hex32(v: &str) -> u32 {
    u32::from_str_radix(v.split(' ').next().unwrap().trim_start_matches("0x"), 16).unwrap()
}

fn cookie(v: &str) -> Cookie {
    Cookie::from_u64(u64::from_str_radix(v, 16).unwrap())
}

/// Every header field of `bytes` (read strictly) against the reading.
fn check_header(bytes: &[u8], r: &BTreeMap<String, String>, what: &str) -> Header {
    let p = Packet::new_checked(bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
    let h = Header::parse(&p).unwrap();
    assert_eq!(bytes.len(), first::<usize>(&r["length"]), "{what}");
    assert_eq!(h.leap.to_bits(), first::<u8>(&r["li"]), "{what}");
    assert_eq!(p.version().to_bits(), first::<u8>(&r["vn"]), "{what}");
    assert_eq!(h.mode.to_bits(), first::<u8>(&r["mode"]), "{what}");
    assert_eq!(h.stratum.0, first::<u8>(&r["stratum"]), "{what}");
    assert_eq!(h.poll.0, first::<i8>(&r["poll"]), "{what}");
    assert_eq!(h.precision.0, first::<i8>(&r["precision"]), "{what}");
    assert_eq!(h.root_delay.to_bits(), hex32(&r["root_delay"]), "{what}");
    assert_eq!(
        h.root_dispersion.to_bits(),
        hex32(&r["root_dispersion"]),
        "{what}"
    );
    assert_eq!(h.timescale.0, first::<u8>(&r["timescale"]), "{what}");
    assert_eq!(h.era, first::<u8>(&r["era"]), "{what}");
    assert_eq!(u32::from(h.flags.0), hex32(&r["flags"]), "{what}");
    assert_eq!(h.server_cookie, cookie(&r["server_cookie"]), "{what}");
    assert_eq!(h.client_cookie, cookie(&r["client_cookie"]), "{what}");
    assert_eq!(
        h.receive_timestamp,
        timestamp(&r["receive_timestamp"]),
        "{what}"
    );
    assert_eq!(
        h.transmit_timestamp,
        timestamp(&r["transmit_timestamp"]),
        "{what}"
    );
    // Lossless: the header emits back to its octets.
    assert_eq!(h.to_bytes(), bytes[..48], "{what}");
    h
}

/// Every extension field of `bytes` against the reading's `ef[N]` lines:
/// offset, type, length, padding and value, and the typed value.
fn check_fields(bytes: &[u8], r: &BTreeMap<String, String>, what: &str) -> usize {
    let p = Packet::new_checked(bytes).unwrap();
    let mut n = 0;
    for (i, f) in p.fields().enumerate() {
        let f = f.unwrap_or_else(|e| panic!("{what}: {e}"));
        let line = &r[&format!("ef[{i}]")];
        let words: Vec<&str> = line.split(' ').collect();
        assert_eq!(words[0], "offset");
        assert_eq!(
            f.offset(),
            words[1].parse::<usize>().unwrap(),
            "{what} {line}"
        );
        assert_eq!(
            format!("{:#06x}", f.field_type().0),
            words[3],
            "{what} {line}"
        );
        let at = words.iter().position(|w| *w == "length").unwrap();
        assert_eq!(f.length(), words[at + 1].parse::<u16>().unwrap(), "{what}");
        let padding: usize = words[at + 2].trim_start_matches("(+").parse().unwrap();
        assert_eq!(f.len(), usize::from(f.length()) + padding, "{what}");
        // Long values are cut short with "..." in the reading.
        let seen = *words.last().unwrap();
        let value = hex(f.body());
        match seen.strip_suffix("...") {
            Some(prefix) => assert!(value.starts_with(prefix), "{what} {line}"),
            None => assert_eq!(value, seen, "{what} {line}"),
        }
        // The name send_v5.py gives is the draft's (or the registry's).
        let name = line.split(['(', ')']).nth(1).unwrap();
        let ours = f.field_type().ntpv5_name().or(f.field_type().name());
        assert_eq!(ours, Some(name), "{what}");
        // Typed, and written back to the same octets.
        let v = FieldValue::read(&f).unwrap();
        let mut buf = bytes[..48].to_vec();
        buf.resize(48 + f.len(), 0xa5);
        let mut w = FieldWriter::new(&mut buf).unwrap();
        w.value(&v).unwrap();
        assert_eq!(&buf[48..], f.as_bytes(), "{what}: {v:?}");
        n += 1;
    }
    assert!(!r.contains_key(&format!("ef[{n}]")), "{what}: fewer fields");
    n
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn every_answered_v5_case_reads_as_send_v5_py_reads_it() {
    let mut read = 0;
    for case in manifest() {
        if !case.name.starts_with("v5-") || !case.answered {
            continue;
        }
        let request = packet_of(&case.name, "request");
        let response = packet_of(&case.name, "response");
        assert_eq!(request.len(), case.request_len, "{}", case.name);
        let rq = reading(&case.name, "request");
        let rs = reading(&case.name, "response");
        let req = check_header(&request, &rq, &case.name);
        let rsp = check_header(&response, &rs, &case.name);
        check_fields(&request, &rq, &case.name);
        check_fields(&response, &rs, &case.name);
        // What ntpd-rs 1.9 did, field by field.
        assert_eq!(
            response.len(),
            request.len(),
            "{}: padded to the request",
            case.name
        );
        assert_eq!(rsp.mode, Mode::Server);
        assert_eq!(rsp.client_cookie, req.client_cookie);
        assert_eq!(
            rsp.timescale,
            Timescale::UTC,
            "{}: 1.9 answers UTC",
            case.name
        );
        assert_eq!((rsp.era, rsp.leap), (0, LeapIndicator::NoWarning));
        if case.port == 12400 {
            assert_eq!(rsp.poll, req.poll, "{}: poll echoed", case.name);
            assert_eq!(rsp.stratum, Stratum(1));
            assert_eq!(rsp.precision, Precision(-18));
            assert_eq!(
                rsp.flags,
                Flags::SYNCHRONIZED,
                "{}: never interleaved",
                case.name
            );
        } else {
            // DENY: stratum 0, poll 127, flags 0, no kiss code.
            assert_eq!(
                (rsp.stratum, rsp.poll, rsp.flags),
                (Stratum(0), POLL_NEVER, Flags::NONE)
            );
            assert!(!response.windows(4).any(|w| w == b"DENY"));
        }
        // Draft Identification last among the reply's fields but Padding.
        let p = Packet::new_checked(&response[..]).unwrap();
        let types: Vec<T> = p.fields().map(|f| f.unwrap().field_type()).collect();
        let last = types.iter().rposition(|t| *t != T::V5_PADDING).unwrap();
        assert_eq!(types[last], T::V5_DRAFT_IDENTIFICATION, "{}", case.name);
        assert!(types[..last]
            .iter()
            .all(|t| *t != T::V5_DRAFT_IDENTIFICATION));
        assert!(types.iter().filter(|t| **t == T::V5_PADDING).count() <= 1);
        // Through the front door.
        let m = Message::parse(&response).unwrap();
        assert_eq!((m.kind(), m.as_bytes()), (Kind::TimeV5, &response[..]));
        read += 1;
    }
    assert_eq!(read, 18);
}

/// The reply builder, given ntpd-rs's header, writes ntpd-rs's octets:
/// the same fields in the same order, the same padding.
#[test]
fn the_reply_builder_writes_what_ntpd_rs_wrote() {
    let filter = BloomFilter::new(); // no sources: all zero, as seen
    let mut n = 0;
    for case in manifest() {
        if !case.name.starts_with("v5-") || !case.answered {
            continue;
        }
        let request = packet_of(&case.name, "request");
        let response = packet_of(&case.name, "response");
        let header = Header::from_bytes(&response).unwrap();
        let reply = Reply {
            reference_ids: Some(&filter),
            ..Reply::new(Header {
                client_cookie: Cookie::ZERO,
                mode: Mode::Reserved,
                ..header
            })
        };
        let mut out = vec![0xa5u8; 1500];
        let len = reply.emit(&request, &mut out).unwrap();
        assert_eq!(hex(&out[..len]), hex(&response), "{}", case.name);
        n += 1;
    }
    assert_eq!(n, 18);
    // The DENY reply, from Reply::deny and the server cookie seen.
    let request = packet_of("v5-draft08-deny", "request");
    let response = packet_of("v5-draft08-deny", "response");
    let server_cookie = Packet::new_checked(&response[..]).unwrap().server_cookie();
    let mut out = [0u8; 76];
    assert_eq!(Reply::deny(server_cookie).emit(&request, &mut out), Ok(76));
    assert_eq!(out[..], response[..]);
}

/// The requests that got no answer: the crate refuses each with the
/// error that names why, where ntpd-rs 1.9 stayed silent.
#[test]
fn every_silence_has_its_reason() {
    let header_error = |case: &str| Packet::new_checked(&packet_of(case, "request")[..]).err();
    let walk_error = |case: &str| {
        let bytes = packet_of(case, "request");
        Fields::new(&bytes).check().err()
    };
    let reply_error = |case: &str| {
        let mut out = [0u8; 200];
        Reply::new(Header::new(Mode::Server))
            .emit(&packet_of(case, "request"), &mut out)
            .err()
    };
    let v5 = |offset, rule| Some(Error::V5 { offset, rule });
    let expected: [(&str, Option<Error>); 17] = [
        (
            "v5-draft08-timescale-4",
            v5(12, V5Rule::UnknownTimescale { timescale: 4 }),
        ),
        (
            "v5-draft08-timescale-255",
            v5(12, V5Rule::UnknownTimescale { timescale: 255 }),
        ),
        (
            "v5-draft08-flags-0008",
            v5(14, V5Rule::UnknownFlags { flags: 0x0008 }),
        ),
        (
            "v5-draft08-flags-0100",
            v5(14, V5Rule::UnknownFlags { flags: 0x0100 }),
        ),
        (
            "v5-draft08-flags-8000",
            v5(14, V5Rule::UnknownFlags { flags: 0x8000 }),
        ),
        ("v5-draft08-mode1", v5(0, V5Rule::Mode { mode: 1 })),
        (
            "v5-draft08-len-not-4n",
            v5(76, V5Rule::Unaligned { length: 77 }),
        ),
        (
            "v5-draft08-mode4",
            Some(Error::NotARequest { mode: Mode::Server }),
        ),
        (
            "v5-draft08-field-len-3",
            Some(Error::Trailer {
                offset: 76,
                rule: TrailerRule::FieldTooShort {
                    length: 3,
                    minimum: 4,
                },
            }),
        ),
        (
            "v5-draft08-field-past-end",
            Some(Error::Trailer {
                offset: 76,
                rule: TrailerRule::FieldPastEnd {
                    length: 40,
                    available: 12,
                },
            }),
        ),
        ("v5-no-draft-id", v5(48, V5Rule::DraftMissing)),
        ("v5-no-draft-id-padding", v5(48, V5Rule::DraftMissing)),
        ("v5-draft-id-07", v5(48, V5Rule::DraftMismatch)),
        ("v5-draft-id-09", v5(48, V5Rule::DraftMismatch)),
        ("v5-draft-id-08-nul", v5(48, V5Rule::DraftMismatch)),
        ("v5-draft-id-08-upper", v5(48, V5Rule::DraftMismatch)),
        (
            "v4-mode1",
            Some(Error::V5 {
                offset: 0,
                rule: V5Rule::Version { version: 4 },
            }),
        ),
    ];
    let silent: Vec<String> = manifest()
        .into_iter()
        .filter(|c| !c.answered)
        .map(|c| c.name)
        .collect();
    assert_eq!(silent.len(), expected.len());
    for (case, err) in expected {
        assert!(silent.contains(&case.to_string()), "{case}");
        assert_eq!(reply_error(case), err, "{case}");
    }
    // Where each is caught: the view, the walk, or the reply's rules.
    assert_eq!(
        header_error("v5-draft08-mode1"),
        v5(0, V5Rule::Mode { mode: 1 })
    );
    assert_eq!(header_error("v5-draft08-field-len-3"), None);
    assert!(walk_error("v5-draft08-field-len-3").is_some());
    assert_eq!(header_error("v5-draft-id-09"), None);
    assert_eq!(walk_error("v5-draft-id-09"), None);
    // Lenient reading takes the flags and timescales ntpd-rs refused.
    for case in ["v5-draft08-flags-8000", "v5-draft08-timescale-255"] {
        let bytes = packet_of(case, "request");
        let p = Packet::new_checked_with(&bytes[..], Strictness::Lenient).unwrap();
        let h = Header::parse_with(&p, Strictness::Lenient).unwrap();
        assert_eq!(h.to_bytes(), bytes[..48]);
    }
    // The v4 mode 1 request is a v4 packet to the front door.
    assert!(matches!(
        Message::parse(&packet_of("v4-mode1", "request")),
        Ok(Message::Time {
            mode: Mode::SymmetricActive,
            ..
        })
    ));
}

/// The draft strings the builders choose from, and what a draft-09 or
/// draft-07 server would say to ntpd-rs 1.9's clients.
#[test]
fn draft_strings() {
    assert_eq!(DRAFT_08, "draft-ietf-ntp-ntpv5-08");
    assert_eq!(DRAFT_07, "draft-ietf-ntp-ntpv5-07");
    assert_eq!(DRAFT_09, "draft-ietf-ntp-ntpv5-09");
    // The crate's default request is byte for byte send_v5.py's, which
    // ntpd-rs answered.
    let seen = packet_of("v5-draft08", "request");
    let cc = Packet::new_checked(&seen[..]).unwrap().client_cookie();
    let mut buf = [0u8; 76];
    assert_eq!(Request::new(cc).emit(&mut buf), Ok(76));
    assert_eq!(buf[..], seen[..]);
    // A -09 server refuses it; the -07 request matches a -07 server.
    let mut out = [0u8; 76];
    let nine = Reply {
        draft: Some(DRAFT_09),
        ..Reply::new(Header::new(Mode::Server))
    };
    assert_eq!(
        nine.emit(&seen, &mut out),
        Err(Error::V5 {
            offset: 48,
            rule: V5Rule::DraftMismatch
        })
    );
    let seven = packet_of("v5-draft-id-07", "request");
    let seven_server = Reply {
        draft: Some(DRAFT_07),
        ..Reply::new(Header::new(Mode::Server))
    };
    assert_eq!(seven_server.emit(&seven, &mut out), Ok(76));
    // The final protocol: no draft id either way.
    let final_server = Reply {
        draft: None,
        ..Reply::new(Header::new(Mode::Server))
    };
    assert_eq!(
        final_server.emit(&seen, &mut out),
        Err(Error::V5 {
            offset: 48,
            rule: V5Rule::DraftUnexpected
        })
    );
    let bare = packet_of("v5-no-draft-id", "request");
    assert_eq!(final_server.emit(&bare, &mut out), Ok(48));
    let bare_cookie = Packet::new_checked(&bare[..]).unwrap().client_cookie();
    let final_request = Request {
        draft: None,
        ..Request::new(bare_cookie)
    };
    assert_eq!(final_request.emit(&mut buf), Ok(48));
    assert_eq!(buf[..48], bare[..48]);
}

#[test]
fn upgrade_from_v4() {
    let offered = |case: &str| {
        let b = packet_of(case, "request");
        Upgrade::offered(&ntp_wire::Packet::new_checked(&b[..]).unwrap())
    };
    let accepted = |case: &str, u: Upgrade| {
        let b = packet_of(case, "response");
        u.accepted(&ntp_wire::Packet::new_checked(&b[..]).unwrap())
    };
    assert_eq!(offered("v4-upgrade-ntp5drft"), Some(Upgrade::Draft));
    assert_eq!(offered("v4-upgrade-ntp5ntp5"), Some(Upgrade::Final));
    assert_eq!(offered("v3-upgrade-ntp5drft"), Some(Upgrade::Draft));
    assert_eq!(offered("v4-plain"), None);
    assert_eq!(offered("v4-mode1"), None);
    // ntpd-rs 1.9 echoes NTP5DRFT at version 4 only, never NTP5NTP5.
    assert!(accepted("v4-upgrade-ntp5drft", Upgrade::Draft));
    assert!(!accepted("v4-upgrade-ntp5drft", Upgrade::Final));
    assert!(!accepted("v4-upgrade-ntp5ntp5", Upgrade::Final));
    assert!(!accepted("v3-upgrade-ntp5drft", Upgrade::Draft));
    assert!(!accepted("v4-plain", Upgrade::Draft));
    // A request is not an acceptance.
    let req = packet_of("v4-upgrade-ntp5drft", "request");
    assert!(!Upgrade::Draft.accepted(&ntp_wire::Packet::new_checked(&req[..]).unwrap()));
    // The crate's upgrade request is send_v5.py's but for its timestamp.
    let seen = ntp_wire::Header::from_bytes(&req).unwrap();
    let ours = Upgrade::Draft.request(Version::V4, seen.transmit_timestamp);
    assert_eq!(ours.to_bytes()[..], req[..]);
    // Magic values, by name and number.
    assert_eq!(Upgrade::DRAFT_MAGIC.to_bits(), 0x4E54_5035_4452_4654);
    assert_eq!(Upgrade::FINAL_MAGIC.to_bits(), 0x4E54_5035_4E54_5035);
    assert_eq!(
        Upgrade::from_reference_timestamp(Timestamp::from_bits(0x4E54_5035_4E54_5035)),
        Some(Upgrade::Final)
    );
    assert_eq!(Upgrade::from_reference_timestamp(Timestamp::ZERO), None);
    // A v5 packet or a short one offers nothing.
    let v5 = packet_of("v5-draft08", "request");
    assert_eq!(
        Upgrade::offered(&ntp_wire::Packet::new_unchecked(&v5[..])),
        None
    );
    assert_eq!(
        Upgrade::offered(&ntp_wire::Packet::new_unchecked(&req[..20])),
        None
    );
    assert!(!Upgrade::Draft.accepted(&ntp_wire::Packet::new_unchecked(&req[..0])));
    // Marking a reply.
    let mut reply = ntp_wire::Header::new(Version::V4, Mode::Server);
    Upgrade::Final.accept(&mut reply);
    assert_eq!(&reply.to_bytes()[16..24], b"NTP5NTP5");
}

// ---------------------------------------------------------------------
// Hostile inputs, each with its exact error

/// A v5 request: header then `fields`.
fn v5_packet(octet0: u8, fields: &[u8]) -> Vec<u8> {
    let mut p = vec![0u8; 48];
    p[0] = octet0;
    p.extend_from_slice(fields);
    p
}

fn field(t: u16, value: &[u8]) -> Vec<u8> {
    let mut f = t.to_be_bytes().to_vec();
    f.extend_from_slice(&((4 + value.len()) as u16).to_be_bytes());
    f.extend_from_slice(value);
    while f.len() % 4 != 0 {
        f.push(0);
    }
    f
}

/// What a strict reader says about a packet: the view's error, else the
/// walk's, else the typed values' first error, else the field count.
fn strict(p: &[u8]) -> Result<usize, Error> {
    let packet = Packet::new_checked(p)?;
    let mut n = 0;
    for f in packet.fields() {
        FieldValue::read(&f?)?;
        n += 1;
    }
    Ok(n)
}

#[test]
fn hostile_inputs() {
    let v5 = |offset, rule| Err(Error::V5 { offset, rule });
    let tr = |offset, rule| Err(Error::Trailer { offset, rule });
    let mac = field(0xf502, &[0, 0, 0, 1, 9, 9, 9, 9]);
    let correction = field(0xf506, &[0; 24]);
    let padding = field(0xf501, &[]);
    let cat = |parts: &[&[u8]]| parts.concat();
    let mut flags = v5_packet(0x2b, &[]);
    flags[15] = 0x08;
    let mut flags_hi = v5_packet(0x2c, &[]);
    flags_hi[14] = 0x01;
    let mut ts = v5_packet(0x2b, &[]);
    ts[12] = 4;
    let table: Vec<(&str, Vec<u8>, Result<usize, Error>)> = vec![
        ("bare request", v5_packet(0x2b, &[]), Ok(0)),
        (
            "flag 0x0008",
            flags,
            v5(14, V5Rule::UnknownFlags { flags: 0x0008 }),
        ),
        (
            "flag 0x0100",
            flags_hi,
            v5(14, V5Rule::UnknownFlags { flags: 0x0100 }),
        ),
        (
            "timescale 4",
            ts,
            v5(12, V5Rule::UnknownTimescale { timescale: 4 }),
        ),
        (
            "mode 0",
            v5_packet(0x28, &[]),
            v5(0, V5Rule::Mode { mode: 0 }),
        ),
        (
            "mode 1",
            v5_packet(0x29, &[]),
            v5(0, V5Rule::Mode { mode: 1 }),
        ),
        (
            "mode 2",
            v5_packet(0x2a, &[]),
            v5(0, V5Rule::Mode { mode: 2 }),
        ),
        (
            "mode 5",
            v5_packet(0x2d, &[]),
            v5(0, V5Rule::Mode { mode: 5 }),
        ),
        (
            "mode 6",
            v5_packet(0x2e, &[]),
            v5(0, V5Rule::Mode { mode: 6 }),
        ),
        (
            "mode 7",
            v5_packet(0x2f, &[]),
            v5(0, V5Rule::Mode { mode: 7 }),
        ),
        (
            "49 octets",
            v5_packet(0x2b, &[0]),
            v5(48, V5Rule::Unaligned { length: 49 }),
        ),
        (
            "50 octets",
            v5_packet(0x2b, &[0; 2]),
            v5(48, V5Rule::Unaligned { length: 50 }),
        ),
        (
            "55 octets",
            v5_packet(0x2b, &[0; 7]),
            v5(52, V5Rule::Unaligned { length: 55 }),
        ),
        (
            "47 octets",
            vec![0x2b; 47],
            Err(Error::Truncated {
                needed: 48,
                available: 47,
            }),
        ),
        (
            "field length 0",
            v5_packet(0x2b, &[0xf5, 0x01, 0, 0]),
            tr(
                48,
                TrailerRule::FieldTooShort {
                    length: 0,
                    minimum: 4,
                },
            ),
        ),
        (
            "field length 3",
            v5_packet(0x2b, &[0xf5, 0x01, 0, 3]),
            tr(
                48,
                TrailerRule::FieldTooShort {
                    length: 3,
                    minimum: 4,
                },
            ),
        ),
        (
            "field length 5, 4 left",
            v5_packet(0x2b, &[0xf5, 0x01, 0, 5]),
            tr(
                48,
                TrailerRule::FieldPastEnd {
                    length: 5,
                    available: 4,
                },
            ),
        ),
        (
            "field length 0xffff",
            v5_packet(0x2b, &[0xf5, 0x01, 0xff, 0xff, 0, 0, 0, 0]),
            tr(
                48,
                TrailerRule::FieldPastEnd {
                    length: 0xffff,
                    available: 8,
                },
            ),
        ),
        (
            "second field past the end",
            v5_packet(0x2b, &cat(&[&padding, &[0xf5, 0x01, 0, 12, 0, 0, 0, 0]])),
            tr(
                52,
                TrailerRule::FieldPastEnd {
                    length: 12,
                    available: 8,
                },
            ),
        ),
        (
            "MAC then Padding",
            v5_packet(0x2b, &cat(&[&mac, &padding])),
            v5(
                60,
                V5Rule::AfterMac {
                    field_type: T::V5_PADDING,
                },
            ),
        ),
        (
            "MAC then Draft Identification",
            v5_packet(0x2b, &cat(&[&mac, &field(0xf5ff, DRAFT_08.as_bytes())])),
            v5(
                60,
                V5Rule::AfterMac {
                    field_type: T::V5_DRAFT_IDENTIFICATION,
                },
            ),
        ),
        (
            "MAC then MAC",
            v5_packet(0x2b, &cat(&[&mac, &mac])),
            v5(
                60,
                V5Rule::AfterMac {
                    field_type: T::V5_MAC,
                },
            ),
        ),
        (
            "MAC then NTS cookie",
            v5_packet(0x2b, &cat(&[&mac, &field(0x0204, &[1; 8])])),
            v5(
                60,
                V5Rule::AfterMac {
                    field_type: T::NTS_COOKIE,
                },
            ),
        ),
        (
            "MAC then Correction",
            v5_packet(0x2b, &cat(&[&mac, &correction])),
            Ok(2),
        ),
        (
            "MAC, Correction, Padding",
            v5_packet(0x2b, &cat(&[&mac, &correction, &padding])),
            v5(
                88,
                V5Rule::AfterCorrection {
                    field_type: T::V5_PADDING,
                },
            ),
        ),
        (
            "Correction then MAC",
            v5_packet(0x2b, &cat(&[&correction, &mac])),
            v5(
                76,
                V5Rule::AfterCorrection {
                    field_type: T::V5_MAC,
                },
            ),
        ),
        (
            "Padding then MAC",
            v5_packet(0x2b, &cat(&[&padding, &mac])),
            Ok(2),
        ),
        (
            "MAC without key id",
            v5_packet(0x2b, &field(0xf502, &[0; 3])),
            v5(
                48,
                V5Rule::ValueTooShort {
                    field_type: T::V5_MAC,
                    length: 7,
                    minimum: 8,
                },
            ),
        ),
        (
            "Correction of 24",
            v5_packet(0x2b, &field(0xf506, &[0; 20])),
            v5(
                48,
                V5Rule::FieldLength {
                    field_type: T::V5_CORRECTION,
                    length: 24,
                    expected: 28,
                },
            ),
        ),
        (
            "version 4",
            vec![0x23; 48],
            v5(0, V5Rule::Version { version: 4 }),
        ),
        (
            "version 0",
            vec![0x03; 48],
            Err(Error::BadVersion { version: 0 }),
        ),
    ];
    for (name, bytes, want) in table {
        assert_eq!(strict(&bytes), want, "{name}");
        // The front door gives the view's error, or the view.
        match Packet::new_checked(&bytes[..]) {
            Ok(_) => assert!(
                matches!(Message::parse(&bytes), Ok(Message::V5(_))),
                "{name}"
            ),
            Err(e) if bytes[0] >> 3 & 7 == 5 => {
                assert_eq!(Message::parse(&bytes), Err(e), "{name}")
            }
            Err(_) => {}
        }
    }
}

#[test]
fn reply_builder_errors() {
    let request = v5_packet(0x2b, &field(0xf5ff, DRAFT_08.as_bytes()));
    let server = Reply::new(Header::new(Mode::Server));
    let mut out = [0u8; 200];
    assert_eq!(
        server.emit(&request, &mut out[..75]),
        Err(Error::BufferTooSmall {
            needed: 76,
            available: 75
        })
    );
    assert_eq!(
        server.emit(&request[..75], &mut out),
        Err(Error::V5 {
            offset: 72,
            rule: V5Rule::Unaligned { length: 75 }
        })
    );
    // A request with a Unique Identifier and no room for the echo: the
    // reply would be longer (a request never is, but a hostile one may).
    let mut tight = v5_packet(0x2b, &field(0x0104, &[7; 32]));
    tight.splice(48..48, field(0xf5ff, DRAFT_08.as_bytes()));
    let mut short_draft = tight.clone();
    // Shorten the draft field's length by one: still "-08"? No: a prefix.
    short_draft[51] = 26;
    assert_eq!(
        server.emit(&short_draft, &mut out),
        Err(Error::V5 {
            offset: 48,
            rule: V5Rule::DraftMismatch
        })
    );
    assert_eq!(server.emit(&tight, &mut out), Ok(112));
    // Reference IDs out of range are left out and padded over.
    let mut filter = BloomFilter::new();
    filter.set(4095);
    let with_filter = Reply {
        reference_ids: Some(&filter),
        ..server
    };
    let mut buf = [0u8; 200];
    for (offset, length, answered) in [
        (448u16, 64u16, true),
        (480, 64, false),
        (510, 2, true),
        (511, 2, false),
    ] {
        let req = Request {
            reference_ids: Some(ReferenceIdsRequest { offset, length }),
            ..Request::new(Cookie::from_u64(3))
        };
        let n = req.emit(&mut buf).unwrap();
        let len = with_filter.emit(&buf[..n], &mut out).unwrap();
        assert_eq!(len, n);
        let p = Packet::new_checked(&out[..len]).unwrap();
        let first = FieldValue::read(&p.fields().next().unwrap().unwrap()).unwrap();
        match first {
            FieldValue::ReferenceIdsResponse(chunk) => {
                assert!(answered, "{offset}");
                assert_eq!(chunk.len(), usize::from(length));
                assert_eq!(*chunk.last().unwrap(), 0x80);
            }
            other => {
                assert!(!answered, "{offset}");
                assert_eq!(other, FieldValue::DraftIdentification(DRAFT_08.as_bytes()));
            }
        }
    }
    // Without a filter nothing is answered.
    let req = Request {
        reference_ids: Some(ReferenceIdsRequest {
            offset: 0,
            length: 16,
        }),
        ..Request::new(Cookie::from_u64(3))
    };
    let n = req.emit(&mut buf).unwrap();
    assert_eq!(server.emit(&buf[..n], &mut out), Ok(96));
    let types: Vec<T> = Packet::new_checked(&out[..96])
        .unwrap()
        .fields()
        .map(|f| f.unwrap().field_type())
        .collect();
    assert_eq!(types, [T::V5_DRAFT_IDENTIFICATION, T::V5_PADDING]);
    // A request whose walk fails is refused with the walk's error.
    let bad = v5_packet(0x2b, &[0xf5, 0x01, 0, 2]);
    assert_eq!(
        server.emit(&bad, &mut out),
        Err(Error::Trailer {
            offset: 48,
            rule: TrailerRule::FieldTooShort {
                length: 2,
                minimum: 4
            }
        })
    );
    // A Reference IDs Request too short for its offset, in a request.
    let short = v5_packet(
        0x2b,
        &[field(0xf5ff, DRAFT_08.as_bytes()), field(0xf503, &[1])].concat(),
    );
    assert_eq!(
        with_filter.emit(&short, &mut out),
        Err(Error::V5 {
            offset: 76,
            rule: V5Rule::ValueTooShort {
                field_type: T::V5_REFERENCE_IDS_REQUEST,
                length: 5,
                minimum: 6
            }
        })
    );
}

#[test]
fn request_builder_errors_and_shapes() {
    let mut buf = [0u8; 100];
    let req = Request {
        pad_to: 90,
        ..Request::new(Cookie::ZERO)
    };
    assert_eq!(
        req.emit(&mut buf),
        Err(Error::V5 {
            offset: 76,
            rule: V5Rule::PaddingLength { length: 14 }
        })
    );
    assert_eq!(
        Request::new(Cookie::ZERO).emit(&mut buf[..60]),
        Err(Error::BufferTooSmall {
            needed: 76,
            available: 60
        })
    );
    assert_eq!(
        Request::new(Cookie::ZERO).emit(&mut buf[..40]),
        Err(Error::BufferTooSmall {
            needed: 48,
            available: 40
        })
    );
    // pad_to below the fields: no padding.
    let small = Request {
        pad_to: 52,
        ..Request::new(Cookie::ZERO)
    };
    assert_eq!((small.emit(&mut buf), small.buffer_len()), (Ok(76), 76));
    // Interleaved: the flag and the server cookie.
    let inter = Request {
        interleaved: true,
        server_cookie: Cookie::from_u64(0x0102_0304_0506_0708),
        timescale: Timescale::TAI,
        ..Request::new(Cookie::from_u64(9))
    };
    assert_eq!(inter.emit(&mut buf), Ok(76));
    assert_eq!(
        &buf[12..32],
        &[1, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 9]
    );
    assert_eq!(inter.header().flags, Flags::INTERLEAVED);
    assert_eq!(Request::new(Cookie::ZERO).header().flags, Flags::NONE);
}

#[test]
fn bloom_filter_bit_order_and_chunks() {
    // ntpd-rs 1.9's test `set_bits`: index 0 -> octet 0 = 0x01, index 4 ->
    // 0x11, index 4095 -> octet 511 = 0x80.
    let mut f = BloomFilter::new();
    f.set(0);
    assert_eq!(f.as_bytes()[0], 0x01);
    f.set(4);
    assert_eq!(f.as_bytes()[0], 0x11);
    f.set(4095);
    assert_eq!(f.as_bytes()[511], 0x80);
    assert!(f.is_set(4095) && f.is_set(0) && !f.is_set(1));
    // Indices take their low 12 bits.
    assert!(f.is_set(4096));
    f.set(0x1009);
    assert_eq!(f.as_bytes()[1], 0x02);
    assert_eq!(f.count_ones(), 4);
    // The 120-bit split.
    let id = ServerId([
        0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67,
    ]);
    assert_eq!(
        id.indices(),
        [0xabc, 0xdef, 0x012, 0x345, 0x678, 0x9ab, 0xcde, 0xf01, 0x234, 0x567]
    );
    let mut g = BloomFilter::new();
    assert!(!g.contains(&id));
    g.insert(&id);
    assert!(g.contains(&id) && g.count_ones() == 10);
    assert!(g.is_set(0xabc) && g.as_bytes()[0xabc / 8] == 1 << (0xabc % 8));
    g.union(&f);
    assert_eq!(g.count_ones(), 14);
    assert!(g.contains(&id));
    // Chunks.
    assert_eq!(g.chunk(511, 1), Some(&[0x80][..]));
    assert_eq!(g.chunk(511, 2), None);
    assert_eq!(g.chunk(512, 0), Some(&[][..]));
    assert_eq!(g.chunk(513, 0), None);
    let mut copy = BloomFilter::new();
    for r in ReferenceIdsRequest::chunks(48) {
        let chunk = g
            .chunk(usize::from(r.offset), usize::from(r.length))
            .unwrap();
        copy.write_chunk(usize::from(r.offset), chunk).unwrap();
    }
    assert_eq!(copy, g);
    assert_eq!(
        copy.write_chunk(500, &[0; 13]),
        Err(Error::V5 {
            offset: 0,
            rule: V5Rule::ChunkOutOfRange {
                offset: 500,
                length: 13
            }
        })
    );
    assert_eq!(
        copy.write_chunk(usize::MAX, &[0; 2]),
        Err(Error::V5 {
            offset: 0,
            rule: V5Rule::ChunkOutOfRange {
                offset: u16::MAX,
                length: 2
            }
        })
    );
    assert_eq!(copy, g, "nothing written by a refused chunk");
    assert_eq!(ReferenceIdsRequest::chunks(1).count(), 0);
    assert_eq!(
        ReferenceIdsRequest::chunks(512).collect::<Vec<_>>(),
        [ReferenceIdsRequest {
            offset: 0,
            length: 512
        }]
    );
    assert_eq!(ReferenceIdsRequest::chunks(600).next().unwrap().length, 512);
    assert_eq!(
        format!("{:?}", g),
        format!("BloomFilter {{ bits_set: 14, octets: 1102..0080 }}")
    );
    assert_eq!(g.to_string().len(), 1024);
    assert_eq!(BloomFilter::default(), BloomFilter::new());
    assert_eq!(BloomFilter::from_bytes(*g.as_bytes()), g);
    assert_eq!(BLOOM_FILTER_LEN, 512);
}

#[test]
fn server_information_and_poll_never() {
    let s = ServerInformation {
        versions: 0b1_1000,
        reserved: 0,
    };
    assert!(s.supports(4) && s.supports(5) && !s.supports(3));
    assert!(!s.supports(0) && !s.supports(17));
    assert!(ServerInformation {
        versions: 0x8000,
        reserved: 0
    }
    .supports(16));
    assert_eq!(POLL_NEVER, Poll(127));
    let deny = Reply::deny(Cookie::from_u64(5)).header;
    assert_eq!(
        (deny.stratum, deny.poll, deny.flags, deny.leap, deny.mode),
        (
            Stratum(0),
            POLL_NEVER,
            Flags::NONE,
            LeapIndicator::NoWarning,
            Mode::Server
        )
    );
}

// ---------------------------------------------------------------------
// Round trips over any input

fn arb_header() -> impl Strategy<Value = Header> {
    (
        (
            0u8..4,
            prop_oneof![Just(Mode::Client), Just(Mode::Server)],
            any::<u8>(),
            any::<i8>(),
            any::<i8>(),
        ),
        (any::<u32>(), any::<u32>(), 0u8..4, any::<u8>(), 0u16..8),
        (any::<u64>(), any::<u64>(), any::<u64>(), any::<u64>()),
    )
        .prop_map(
            |((li, mode, st, poll, prec), (rd, rdisp, ts, era, flags), (sc, cc, rx, tx))| Header {
                leap: LeapIndicator::from_bits(li),
                mode,
                stratum: Stratum(st),
                poll: Poll(poll),
                precision: Precision(prec),
                root_delay: Time32::from_bits(rd),
                root_dispersion: Time32::from_bits(rdisp),
                timescale: Timescale(ts),
                era,
                flags: Flags(flags),
                server_cookie: Cookie::from_u64(sc),
                client_cookie: Cookie::from_u64(cc),
                receive_timestamp: Timestamp::from_bits(rx),
                transmit_timestamp: Timestamp::from_bits(tx),
            },
        )
}

fn arb_value() -> impl Strategy<Value = (u16, Vec<u8>)> {
    prop_oneof![
        (any::<u16>(), proptest::collection::vec(any::<u8>(), 0..40)),
        (Just(0xf501u16), proptest::collection::vec(Just(0u8), 0..20)),
        (
            Just(0xf503u16),
            proptest::collection::vec(any::<u8>(), 2..20)
        ),
        (Just(0xf505u16), proptest::collection::vec(any::<u8>(), 4)),
        (Just(0xf507u16), proptest::collection::vec(any::<u8>(), 8)),
        (Just(0xf508u16), proptest::collection::vec(any::<u8>(), 12)),
        (Just(0xf509u16), proptest::collection::vec(any::<u8>(), 12)),
        (
            Just(0xf5ffu16),
            proptest::collection::vec(any::<u8>(), 0..30)
        ),
    ]
}

proptest! {
    #[test]
    fn header_round_trips(h in arb_header()) {
        let bytes = h.to_bytes();
        prop_assert_eq!(Header::from_bytes(&bytes), Ok(h));
        let mut buf = [0xa5u8; 52];
        prop_assert_eq!(h.emit(&mut Packet::new_unchecked(&mut buf[..])), Ok(48));
        prop_assert_eq!(&buf[..48], &bytes[..]);
        prop_assert_eq!(&buf[48..], &[0xa5; 4]);
        prop_assert!(!h.to_string().is_empty());
    }

    #[test]
    fn any_48_octets_of_version_5_read_leniently_and_re_emit(
        head in proptest::array::uniform32(any::<u8>()),
        tail in proptest::array::uniform16(any::<u8>()),
    ) {
        let mut bytes = [0u8; 48];
        bytes[..32].copy_from_slice(&head);
        bytes[32..].copy_from_slice(&tail);
        bytes[0] = (bytes[0] & 0xc0) | 0x28 | if head[1] & 1 == 0 { 3 } else { 4 };
        let p = Packet::new_checked_with(&bytes[..], Strictness::Lenient).unwrap();
        let h = Header::parse_with(&p, Strictness::Lenient).unwrap();
        prop_assert_eq!(h.to_bytes(), bytes);
        let strict = Packet::new_checked(&bytes[..]).is_ok();
        prop_assert_eq!(strict, h.timescale.is_known() && h.flags.unknown_bits() == 0);
    }

    #[test]
    fn fields_write_and_read_back(values in proptest::collection::vec(arb_value(), 0..6), mac in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..20)), correction in any::<bool>()) {
        let mut buf = vec![0xa5u8; 2048];
        Header::request(Cookie::ZERO).emit_slice(&mut buf).unwrap();
        let mut w = FieldWriter::new(&mut buf).unwrap();
        for (t, v) in &values {
            w.field(T(*t), v).unwrap();
        }
        // A MAC or Correction type among the values may close the packet.
        let closed = values.iter().any(|(t, _)| *t == 0xf502 || *t == 0xf506);
        if !closed {
            if let Some(m) = &mac {
                w.mac(1, m).unwrap();
            }
            if correction {
                w.correction(&Correction { delay_correction: -1, ..Correction::default() }).unwrap();
            }
        }
        let len = w.finish();
        let packet = &buf[..len];
        let walked = Fields::new(packet);
        match walked.clone().check() {
            Ok(n) => {
                let mut i = 0;
                for f in walked {
                    let f = f.unwrap();
                    if i < values.len() {
                        prop_assert_eq!(f.field_type(), T(values[i].0));
                        prop_assert_eq!(f.body(), &values[i].1[..]);
                    }
                    // Typed, then written again: the same value, and the
                    // same octets but for a Reference IDs Request's
                    // padding after its offset, which is written as zeros.
                    if let Ok(v) = FieldValue::read(&f) {
                        let mut again = packet[..48].to_vec();
                        again.resize(48 + f.len(), 0);
                        FieldWriter::new(&mut again).unwrap().value(&v).unwrap();
                        let back = Fields::new(&again).next().unwrap().unwrap();
                        match (FieldValue::read(&back).unwrap(), v) {
                            (FieldValue::Other(a), FieldValue::Other(b)) => {
                                prop_assert_eq!((a.field_type(), a.body()), (b.field_type(), b.body()));
                            }
                            (a, b) => prop_assert_eq!(a, b),
                        }
                        if !matches!(v, FieldValue::ReferenceIdsRequest(_)) {
                            prop_assert_eq!(&again[48..], f.as_bytes());
                        } else {
                            prop_assert_eq!(&again[48..54], &f.as_bytes()[..6]);
                        }
                    }
                    i += 1;
                }
                prop_assert_eq!(i, n);
            }
            Err(e) => {
                // Only the order rules can fail, for MAC/Correction types
                // among the arbitrary ones.
                let is_order_rule = matches!(e, Error::V5 { rule: V5Rule::AfterMac { .. } | V5Rule::AfterCorrection { .. }, .. });
                prop_assert!(is_order_rule);
            }
        }
    }

    #[test]
    fn requests_and_replies_round_trip(
        cc in any::<u64>(), sc in any::<u64>(), ts in 0u8..4, interleaved in any::<bool>(),
        draft in prop_oneof![Just(None), Just(Some(DRAFT_07)), Just(Some(DRAFT_08)), Just(Some(DRAFT_09))],
        refids in proptest::option::of((0u16..600, 2u16..80)),
        pad_words in 0usize..40,
        server in arb_header(),
        bits in proptest::collection::vec(any::<u16>(), 0..30),
    ) {
        let request = Request {
            timescale: Timescale(ts),
            interleaved,
            server_cookie: Cookie::from_u64(sc),
            client_cookie: Cookie::from_u64(cc),
            draft,
            reference_ids: refids.map(|(offset, length)| ReferenceIdsRequest { offset, length }),
            pad_to: pad_words * 4,
        };
        let mut buf = vec![0xa5u8; 1024];
        let len = request.emit(&mut buf).unwrap();
        prop_assert_eq!(len, request.buffer_len());
        let packet = Packet::new_checked(&buf[..len]).unwrap();
        prop_assert_eq!(Header::parse(&packet), Ok(request.header()));
        let values: Vec<FieldValue<'_>> = packet.fields().map(|f| FieldValue::read(&f.unwrap()).unwrap()).collect();
        let mut want = Vec::new();
        if let Some(d) = draft { want.push(FieldValue::DraftIdentification(d.as_bytes())); }
        if let Some(r) = request.reference_ids { want.push(FieldValue::ReferenceIdsRequest(r)); }
        prop_assert_eq!(&values[..want.len()], &want[..]);
        prop_assert!(values[want.len()..].iter().all(|v| matches!(v, FieldValue::Padding(p) if p.iter().all(|b| *b == 0))));
        prop_assert!(values.len() <= want.len() + 1);

        let mut filter = BloomFilter::new();
        for b in &bits { filter.set(*b); }
        let reply = Reply { header: server, draft, reference_ids: Some(&filter) };
        let mut out = vec![0x5au8; 1024];
        let n = reply.emit(&buf[..len], &mut out).unwrap();
        prop_assert_eq!(n, len, "a reply is as long as its request");
        let r = Packet::new_checked(&out[..n]).unwrap();
        let h = Header::parse(&r).unwrap();
        prop_assert_eq!(h, Header { mode: Mode::Server, client_cookie: Cookie::from_u64(cc), ..server });
        let got: Vec<FieldValue<'_>> = r.fields().map(|f| FieldValue::read(&f.unwrap()).unwrap()).collect();
        let mut i = 0;
        if let Some(rq) = request.reference_ids {
            if let Some(chunk) = filter.chunk(usize::from(rq.offset), usize::from(rq.length)) {
                prop_assert_eq!(got[0], FieldValue::ReferenceIdsResponse(chunk));
                i = 1;
            }
        }
        if let Some(d) = draft {
            prop_assert_eq!(got[i], FieldValue::DraftIdentification(d.as_bytes()));
            i += 1;
        }
        prop_assert!(got.len() <= i + 1);
    }

    #[test]
    fn bloom_filters_hold_what_is_inserted(ids in proptest::collection::vec(proptest::array::uniform15(any::<u8>()), 0..20), chunk in 2u16..200) {
        let mut f = BloomFilter::new();
        for id in &ids { f.insert(&ServerId(*id)); }
        for id in &ids {
            let id = ServerId(*id);
            prop_assert!(f.contains(&id));
            prop_assert_eq!(ServerId::from_indices(id.indices()), id);
            prop_assert!(id.indices().iter().all(|i| *i < 4096));
        }
        prop_assert!(f.count_ones() as usize <= 10 * ids.len());
        let mut copy = BloomFilter::new();
        let mut covered = 0;
        for r in ReferenceIdsRequest::chunks(chunk) {
            prop_assert_eq!(usize::from(r.offset), covered);
            covered += usize::from(r.length);
            copy.write_chunk(usize::from(r.offset), f.chunk(usize::from(r.offset), usize::from(r.length)).unwrap()).unwrap();
        }
        prop_assert_eq!(covered, 512);
        prop_assert_eq!(copy, f);
    }

    #[test]
    fn any_input_reads_or_fails_typed(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = strict(&bytes);
        for f in Fields::new(&bytes).flatten() {
            let _ = FieldValue::read(&f);
        }
        let mut out = [0u8; 256];
        let _ = Reply::new(Header::new(Mode::Server)).emit(&bytes, &mut out);
    }
}

#[test]
fn values_hold_what_their_layouts_say() {
    let secondary = SecondaryReceiveTimestamp {
        timescale: Timescale::UT1,
        era: 2,
        reserved: 0,
        timestamp: Timestamp::from_bits(0x0102_0304_0506_0708),
    };
    let mono = MonotonicReceiveTimestamp {
        epoch: 0x0a0b_0c0d,
        timestamp: Timestamp::from_bits(0x1112_1314_1516_1718),
    };
    let mut buf = [0u8; 200];
    Header::request(Cookie::ZERO).emit_slice(&mut buf).unwrap();
    let mut w = FieldWriter::new(&mut buf).unwrap();
    w.secondary_receive_timestamp(secondary).unwrap();
    w.monotonic_receive_timestamp(mono).unwrap();
    w.reference_timestamp(Timestamp::from_bits(0x2122_2324_2526_2728))
        .unwrap();
    w.server_information(ServerInformation {
        versions: 0x0018,
        reserved: 0xabcd,
    })
    .unwrap();
    w.mac(0x0102_0304, &[0xee; 4]).unwrap();
    w.correction(&Correction {
        origin_correction: 0x3132_3334_3536_3738,
        origin_path_id: 0x4142,
        reserved: 0x4344,
        delay_correction: -2,
        delay_path_id: 0x5152,
        checksum_complement: 0x5354,
    })
    .unwrap();
    let len = w.finish();
    assert_eq!(
        hex(&buf[48..len]),
        [
            "f5090010",
            "02020000",
            "0102030405060708",
            "f5080010",
            "0a0b0c0d",
            "1112131415161718",
            "f507000c",
            "2122232425262728",
            "f5050008",
            "0018abcd",
            "f502000c",
            "01020304",
            "eeeeeeee",
            "f506001c",
            "3132333435363738",
            "4142",
            "4344",
            "fffffffffffffffe",
            "5152",
            "5354",
        ]
        .concat()
    );
    let p = Packet::new_checked(&buf[..len]).unwrap();
    let values: Vec<_> = p
        .fields()
        .map(|f| FieldValue::read(&f.unwrap()).unwrap())
        .collect();
    assert_eq!(values[0], FieldValue::SecondaryReceiveTimestamp(secondary));
    assert_eq!(values[1], FieldValue::MonotonicReceiveTimestamp(mono));
    assert_eq!(
        values[4],
        FieldValue::Mac(MacValue {
            key_id: 0x0102_0304,
            mac: &[0xee; 4]
        })
    );
    let mac_field = p.fields().nth(4).unwrap().unwrap();
    assert_eq!(mac_field.offset(), 100);
    assert_eq!(ntp_wire::v5::mac_authenticated_range(&mac_field), 0..100);
}

/// The draft's names of its field types, and which values they are.
#[test]
fn the_drafts_field_types() {
    let names = [
        (0xf501u16, "Padding"),
        (0xf502, "Message Authentication Code"),
        (0xf503, "Reference IDs Request"),
        (0xf504, "Reference IDs Response"),
        (0xf505, "Server Information"),
        (0xf506, "Correction"),
        (0xf507, "Reference Timestamp"),
        (0xf508, "Monotonic Receive Timestamp"),
        (0xf509, "Secondary Receive Timestamp"),
        (0xf5ff, "Draft Identification"),
    ];
    for value in 0..=u16::MAX {
        let t = T(value);
        let want = names.iter().find(|(v, _)| *v == value).map(|(_, n)| *n);
        assert_eq!(t.ntpv5_name(), want, "{value:#06x}");
        assert_eq!(t.is_ntpv5_draft(), want.is_some(), "{value:#06x}");
    }
    let constants = [
        T::V5_PADDING,
        T::V5_MAC,
        T::V5_REFERENCE_IDS_REQUEST,
        T::V5_REFERENCE_IDS_RESPONSE,
        T::V5_SERVER_INFORMATION,
        T::V5_CORRECTION,
        T::V5_REFERENCE_TIMESTAMP,
        T::V5_MONOTONIC_RECEIVE_TIMESTAMP,
        T::V5_SECONDARY_RECEIVE_TIMESTAMP,
        T::V5_DRAFT_IDENTIFICATION,
    ];
    for (c, (v, _)) in constants.iter().zip(names) {
        assert_eq!(c.0, v);
        assert_eq!(c.name(), Some("Reserved for Experimental Use"));
        assert!(format!("{c:?}").starts_with("ExtensionFieldType::V5_"));
    }
}

/// The owned NTPv5 types through serde (feature `serde`): JSON round
/// trips, and the Bloom filter's 512 octets from bytes or a sequence.
#[cfg(feature = "serde")]
mod serde_shapes {
    use super::*;
    use serde::de::value::{BytesDeserializer, Error as ValueError};
    use serde::Deserialize;

    #[test]
    fn header_and_values_round_trip() {
        let h = Header::from_bytes(&packet_of("v5-draft08", "response")).unwrap();
        let json = serde_json::to_value(h).unwrap();
        assert_eq!(json["mode"], "Server");
        assert_eq!(json["timescale"], 0);
        assert_eq!(json["flags"], 1);
        assert_eq!(json["root_delay"], 0);
        assert_eq!(
            json["client_cookie"],
            serde_json::json!([0x0b, 0x61, 0x51, 0xa7, 0x68, 0x3a, 0x30, 0xd8])
        );
        let back: Header = serde_json::from_value(json).unwrap();
        assert_eq!(back, h);
        let r = ReferenceIdsRequest {
            offset: 16,
            length: 16,
        };
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"offset":16,"length":16}"#
        );
        let req = serde_json::to_value(Request::new(Cookie::from_u64(1))).unwrap();
        assert_eq!(req["draft"], DRAFT_08);
        assert_eq!(
            serde_json::to_string(&Upgrade::Draft).unwrap(),
            r#""Draft""#
        );
        let id = ServerId([3; 15]);
        let back: ServerId = serde_json::from_str(&serde_json::to_string(&id).unwrap()).unwrap();
        assert_eq!(back, id);
    }

    #[test]
    fn bloom_filter_octets() {
        let mut f = BloomFilter::new();
        f.set(9);
        f.set(4095);
        let json = serde_json::to_string(&f).unwrap();
        let back: BloomFilter = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
        let from_bytes =
            BloomFilter::deserialize(BytesDeserializer::<ValueError>::new(f.as_bytes()));
        assert_eq!(from_bytes.unwrap(), f);
        let short = BloomFilter::deserialize(BytesDeserializer::<ValueError>::new(&[0; 511]));
        assert_eq!(
            short.unwrap_err().to_string(),
            "invalid length 511, expected the 512 octets of an NTPv5 Bloom filter"
        );
        let seq_short = serde_json::from_str::<BloomFilter>("[1, 2, 3]").unwrap_err();
        assert!(seq_short
            .to_string()
            .starts_with("invalid length 3, expected the 512 octets of an NTPv5 Bloom filter"));
        let long: Vec<u8> = vec![0; 513];
        let seq_long = serde_json::from_str::<BloomFilter>(&serde_json::to_string(&long).unwrap())
            .unwrap_err();
        assert!(seq_long
            .to_string()
            .starts_with("invalid length 513, expected the 512 octets of an NTPv5 Bloom filter"));
    }
}

#[test]
fn upgrade_needs_a_v1_to_v4_packet_of_the_right_mode() {
    let mut v5_reply = packet_of("v5-draft08", "response");
    v5_reply[16..24].copy_from_slice(b"NTP5DRFT");
    assert!(!Upgrade::Draft.accepted(&ntp_wire::Packet::new_unchecked(&v5_reply[..])));
    let mut reply = ntp_wire::Header::new(Version::V4, Mode::Server);
    Upgrade::Draft.accept(&mut reply);
    let mut bytes = reply.to_bytes();
    assert!(Upgrade::Draft.accepted(&ntp_wire::Packet::new_unchecked(&bytes[..])));
    assert!(!Upgrade::Draft.accepted(&ntp_wire::Packet::new_unchecked(&bytes[..47])));
    bytes[0] = 0x25; // broadcast
    assert!(!Upgrade::Draft.accepted(&ntp_wire::Packet::new_unchecked(&bytes[..])));
    bytes[0] = 0x26; // mode 6: no time packet
    assert!(!Upgrade::Draft.accepted(&ntp_wire::Packet::new_unchecked(&bytes[..])));
    let request = Upgrade::Final
        .request(Version::V3, Timestamp::from_bits(5))
        .to_bytes();
    assert_eq!(request[0], 0x1b);
    assert_eq!(
        Upgrade::offered(&ntp_wire::Packet::new_unchecked(&request[..])),
        Some(Upgrade::Final)
    );
    assert_eq!(
        Upgrade::offered(&ntp_wire::Packet::new_unchecked(&request[..47])),
        None
    );
    let mut v5_request = packet_of("v5-draft08", "request");
    v5_request[16..24].copy_from_slice(b"NTP5DRFT");
    assert_eq!(
        Upgrade::offered(&ntp_wire::Packet::new_unchecked(&v5_request[..])),
        None
    );
    let mut mode6 = request;
    mode6[0] = 0x1e;
    assert_eq!(
        Upgrade::offered(&ntp_wire::Packet::new_unchecked(&mode6[..])),
        None
    );
    assert_eq!(
        Upgrade::offered(&ntp_wire::Packet::new_unchecked(&[][..])),
        None
    );
    assert_eq!(Upgrade::Draft.reference_timestamp(), Upgrade::DRAFT_MAGIC);
    assert_eq!(Upgrade::Final.reference_timestamp(), Upgrade::FINAL_MAGIC);
}
