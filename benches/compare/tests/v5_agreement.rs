//! ntp-wire's NTPv5 reading beside ntp-proto 1.9's (ntpd-rs's codec,
//! `__internal-api`) on the same octets: every NTPv5 packet of
//! tests/data/v5 (ntpd-rs 1.9's live traffic and the requests it was
//! sent), the crate's own requests, and ntp-proto's own request; then the
//! Bloom filter's bit order against ntp-proto's `BloomFilter`.
//!
//! Field by field: leap, mode, stratum, poll, precision, root delay and
//! dispersion, timescale, era, flags, both cookies, both timestamps, and
//! every extension field. Where the two differ on purpose the difference
//! is asserted as it is, and listed in `DISAGREEMENTS` (printed with
//! `cargo test --test v5_agreement -- --nocapture`).
//!
//! ntp-proto's header and field types are not exported even with
//! `__internal-api`: what it read is taken from its public accessors and
//! from its `Debug` form.

use std::fs;
use std::path::PathBuf;

use ntp_proto::{NoCipher, NtpPacket};
use ntp_wire::trailer::Strictness;
use ntp_wire::v5::{
    BloomFilter, Cookie, FieldValue, Header, Packet, ReferenceIdsRequest, Reply, Request, ServerId,
    Timescale,
};
use ntp_wire::{Error, Mode, TrailerRule, V5Rule};

/// The differences found, each asserted below as it is.
const DISAGREEMENTS: &[&str] = &[
    "leap: ntp-proto reads LI as Unsynchronized whenever the Synchronized flag is clear \
     (every request, every DENY), and LI 3 with the flag set as Unknown; ntp-wire keeps \
     the two bits as sent (both readings agree on the octet when the flag is set)",
    "draft id: ntp-proto refuses to parse an NTPv5 packet without exactly \
     draft-ietf-ntp-ntpv5-08 (InvalidDraftIdentification); ntp-wire parses any and \
     applies the rule in its reply builder (DraftMissing, DraftMismatch)",
    "Padding and the other draft types but 0xF503/0xF504/0xF5FF: ntp-proto reads them as \
     Unknown fields; ntp-wire types all ten",
    "length not a multiple of 4: ntp-proto finds 1-3 stray octets in its field walk \
     (IncorrectLength); ntp-wire refuses the packet in its view (V5Rule::Unaligned)",
];

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/v5")
}

fn unhex(s: &str) -> Vec<u8> {
    let s = s.trim();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Every NTPv5 packet of the fixtures, by file name.
fn v5_fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "hex"))
        .map(|p| {
            let bytes = unhex(&fs::read_to_string(&p).unwrap());
            (p.file_stem().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .filter(|(_, b)| b.first().is_some_and(|o| (o >> 3) & 7 == 5))
        .collect();
    out.sort();
    out
}

/// One extension field as both crates can say it.
#[derive(Debug, Clone, PartialEq)]
enum F {
    Draft(String),
    RefIdsRequest { offset: u16, len: u16 },
    RefIdsResponse(Vec<u8>),
    UniqueId(Vec<u8>),
    Unknown { t: u16, data: Vec<u8> },
}

/// A header and its fields, as both crates can say them.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    leap: &'static str,
    mode: &'static str,
    stratum: u8,
    poll: i8,
    precision: i8,
    root_delay: f64,
    root_dispersion: f64,
    timescale: &'static str,
    era: u8,
    flags: (bool, bool, bool),
    server_cookie: [u8; 8],
    client_cookie: [u8; 8],
    receive: u64,
    transmit: u64,
    fields: Vec<F>,
}

/// ntp-wire's reading (strict view, typed fields), with ntp-proto's
/// names for the enumerations. Leap is the raw two bits' name.
fn ours(data: &[u8]) -> Result<Reading, Error> {
    let p = Packet::new_checked(data)?;
    let h = Header::parse(&p)?;
    let mut fields = Vec::new();
    for f in p.fields() {
        let f = f?;
        fields.push(match FieldValue::read(&f)? {
            FieldValue::DraftIdentification(d) => F::Draft(String::from_utf8(d.to_vec()).unwrap()),
            FieldValue::ReferenceIdsRequest(r) => F::RefIdsRequest {
                offset: r.offset,
                len: r.length,
            },
            FieldValue::ReferenceIdsResponse(b) => F::RefIdsResponse(b.to_vec()),
            FieldValue::Other(o) if o.field_type().0 == 0x0104 => F::UniqueId(o.body().to_vec()),
            _ => F::Unknown {
                t: f.field_type().0,
                data: f.body().to_vec(),
            },
        });
    }
    Ok(Reading {
        leap: ["NoWarning", "Leap61", "Leap59", "Unsynchronized"][usize::from(h.leap.to_bits())],
        mode: match h.mode {
            Mode::Client => "Client",
            _ => "Server",
        },
        stratum: h.stratum.0,
        poll: h.poll.0,
        precision: h.precision.0,
        root_delay: h.root_delay.as_secs_f64(),
        root_dispersion: h.root_dispersion.as_secs_f64(),
        timescale: ["Utc", "Tai", "Ut1", "LeapSmearedUtc"][usize::from(h.timescale.0)],
        era: h.era,
        flags: (
            h.flags.is_synchronized(),
            h.flags.is_interleaved(),
            h.flags.is_auth_nak(),
        ),
        server_cookie: h.server_cookie.0,
        client_cookie: h.client_cookie.0,
        receive: h.receive_timestamp.to_bits(),
        transmit: h.transmit_timestamp.to_bits(),
        fields,
    })
}

/// The text after `key` in `debug`, up to the first of `ends`.
fn after<'a>(debug: &'a str, key: &str, ends: &[char]) -> &'a str {
    let at = debug
        .find(key)
        .unwrap_or_else(|| panic!("{key} in {debug}"))
        + key.len();
    let rest = &debug[at..];
    &rest[..rest.find(ends).unwrap_or(rest.len())]
}

fn octets(list: &str) -> Vec<u8> {
    list.split(", ")
        .filter(|s| !s.is_empty())
        .map(|s| s.trim().parse().unwrap())
        .collect()
}

/// ntp-proto 1.9's reading, or its error's `Debug`.
fn theirs(data: &[u8]) -> Result<Reading, String> {
    let (p, _) = NtpPacket::deserialize(data, &NoCipher).map_err(|e| format!("{e:?}"))?;
    let header = format!("{:?}", p.header());
    assert!(header.starts_with("V5(NtpHeaderV5 {"), "{header}");
    let ts = |t: ntp_proto::NtpTimestamp| -> u64 {
        after(&format!("{t:?}"), "NtpTimestamp(", &[')'])
            .parse()
            .unwrap()
    };
    let cookie = |key: &str| -> [u8; 8] { octets(after(&header, key, &[']'])).try_into().unwrap() };
    let flag = |name: &str| after(&header, name, &[',', ' ', '}']) == "true";
    let mut fields = Vec::new();
    for f in p.untrusted_extension_fields() {
        let d = format!("{f:?}");
        fields.push(if let Some(s) = d.strip_prefix("DraftIdentification(\"") {
            F::Draft(s.trim_end_matches("\")").to_string())
        } else if d.starts_with("ReferenceIdRequest(") {
            F::RefIdsRequest {
                offset: after(&d, "offset: ", &[' ', '}']).parse().unwrap(),
                len: after(&d, "payload_len: ", &[',', ' ']).parse().unwrap(),
            }
        } else if d.starts_with("ReferenceIdResponse(") {
            F::RefIdsResponse(octets(after(&d, "bytes: [", &[']'])))
        } else if d.starts_with("UniqueIdentifier(") {
            F::UniqueId(octets(after(&d, "UniqueIdentifier([", &[']'])))
        } else if d.starts_with("Unknown {") {
            F::Unknown {
                t: after(&d, "typeid: ", &[',']).parse().unwrap(),
                data: octets(after(&d, "data: [", &[']'])),
            }
        } else {
            panic!("a field ntp-proto reads as {d}")
        });
    }
    let leap = match format!("{:?}", p.leap()).as_str() {
        "NoWarning" => "NoWarning",
        "Leap61" => "Leap61",
        "Leap59" => "Leap59",
        "Unknown" => "Unknown",
        _ => "Unsynchronized",
    };
    Ok(Reading {
        leap,
        mode: if format!("{:?}", p.mode()) == "Client" {
            "Client"
        } else {
            "Server"
        },
        stratum: p.stratum(),
        poll: p.poll().as_log(),
        precision: p.precision(),
        root_delay: p.root_delay().to_seconds(),
        root_dispersion: p.root_dispersion().to_seconds(),
        timescale: match after(&header, "timescale: ", &[',']) {
            "Utc" => "Utc",
            "Tai" => "Tai",
            "Ut1" => "Ut1",
            other => {
                assert_eq!(other, "LeapSmearedUtc");
                "LeapSmearedUtc"
            }
        },
        era: after(&header, "era: NtpEra(", &[')']).parse().unwrap(),
        flags: (
            flag("synchronized: "),
            flag("interleaved_mode: "),
            flag("authnak: "),
        ),
        server_cookie: cookie("server_cookie: NtpServerCookie(["),
        client_cookie: cookie("client_cookie: NtpClientCookie(["),
        receive: ts(p.receive_timestamp()),
        transmit: ts(p.transmit_timestamp()),
        fields,
    })
}

/// ntp-proto's leap reading of a packet whose raw LI ntp-wire names
/// `ours`: Unsynchronized without the Synchronized flag, Unknown for LI 3
/// with it (`fix_leap_indicator`).
fn proto_leap(ours: &Reading) -> &'static str {
    match (ours.flags.0, ours.leap) {
        (false, _) => "Unsynchronized",
        (true, "Unsynchronized") => "Unknown",
        (true, l) => l,
    }
}

/// Why ntp-wire refuses what ntp-proto refuses, as ntp-proto's error.
fn proto_error_of(e: &Error) -> &'static str {
    match e {
        Error::V5 { rule, .. } => match rule {
            V5Rule::UnknownTimescale { .. } => "V5(MalformedTimescale)",
            V5Rule::UnknownFlags { .. } => "V5(InvalidFlags)",
            V5Rule::Mode { .. } => "V5(MalformedMode)",
            V5Rule::Unaligned { .. } => "IncorrectLength",
            V5Rule::DraftMissing | V5Rule::DraftMismatch => "V5(InvalidDraftIdentification)",
            other => panic!("no ntp-proto counterpart for {other:?}"),
        },
        Error::Trailer {
            rule: TrailerRule::FieldTooShort { .. } | TrailerRule::FieldPastEnd { .. },
            ..
        } => "IncorrectLength",
        other => panic!("no ntp-proto counterpart for {other:?}"),
    }
}

/// ntp-wire's reading and rules, as a draft-08 server applies them: the
/// view and walk, then the draft rule of the reply builder.
fn ours_as_a_server(data: &[u8]) -> Result<Reading, Error> {
    let r = ours(data)?;
    let mut out = vec![0u8; data.len()];
    let mut request = data.to_vec();
    // The draft rule is the reply builder's; it answers requests only.
    Packet::new_unchecked(&mut request[..]).set_mode(Mode::Client);
    match Reply::new(Header::new(Mode::Server)).emit(&request, &mut out) {
        Err(
            e @ Error::V5 {
                rule: V5Rule::DraftMissing | V5Rule::DraftMismatch,
                ..
            },
        ) => Err(e),
        _ => Ok(r),
    }
}

/// Both readings of `data`: equal but for the leap rule, or both errors
/// that say the same.
fn agree(name: &str, data: &[u8]) -> bool {
    let (o, t) = (ours_as_a_server(data), theirs(data));
    match (&o, &t) {
        (Ok(o), Ok(t)) => {
            assert_eq!(t.leap, proto_leap(o), "{name}: leap");
            let o = Reading {
                leap: t.leap,
                fields: o.fields.clone(),
                ..o.clone()
            };
            assert_eq!(
                Reading {
                    fields: vec![],
                    ..o.clone()
                },
                Reading {
                    fields: vec![],
                    ..t.clone()
                },
                "{name}: header"
            );
            assert_eq!(o.fields, t.fields, "{name}: fields");
            true
        }
        (Err(e), Err(te)) => {
            assert_eq!(proto_error_of(e), te, "{name}: {e}");
            false
        }
        _ => panic!("{name}: ntp-wire {o:?}, ntp-proto {t:?}"),
    }
}

#[test]
fn every_v5_fixture_reads_the_same() {
    let mut both = 0;
    let mut refused = 0;
    for (name, data) in v5_fixtures() {
        if agree(&name, &data) {
            both += 1;
        } else {
            refused += 1;
        }
    }
    // 37 packets both take: the 18 exchanges, and the mode 4 request
    // that ntpd-rs's reader takes and its server ignores; 15 requests
    // both refuse, each for the same reason (ntpd-rs stayed silent).
    assert_eq!((both, refused), (37, 15));
    for d in DISAGREEMENTS {
        println!("disagreement: {d}");
    }
}

#[test]
fn the_crates_requests_read_the_same() {
    let requests = [
        Request::new(Cookie::from_u64(1)),
        Request {
            pad_to: 128,
            ..Request::new(Cookie::from_u64(2))
        },
        Request {
            reference_ids: Some(ReferenceIdsRequest {
                offset: 448,
                length: 64,
            }),
            ..Request::new(Cookie::from_u64(3))
        },
        Request {
            timescale: Timescale::LEAP_SMEARED_UTC,
            interleaved: true,
            server_cookie: Cookie::from_u64(0x0102_0304_0506_0708),
            ..Request::new(Cookie::from_u64(4))
        },
    ];
    for (i, r) in requests.iter().enumerate() {
        let mut buf = vec![0u8; r.buffer_len()];
        r.emit(&mut buf).unwrap();
        assert!(agree(&format!("request {i}"), &buf));
    }
    // A request without Draft Identification: both refuse it as -08.
    let mut buf = [0u8; 48];
    Request {
        draft: None,
        ..Request::new(Cookie::from_u64(5))
    }
    .emit(&mut buf)
    .unwrap();
    assert!(!agree("no draft id", &buf));
}

#[test]
fn ntp_protos_own_request_reads_the_same() {
    for poll in [0u8, 4, 10, 127] {
        let (packet, _) = NtpPacket::poll_message_v5(ntp_proto::PollInterval::from_byte(poll));
        let mut out = [0u8; 256];
        let mut cursor = std::io::Cursor::new(&mut out[..]);
        packet.serialize(&mut cursor, &NoCipher, None).unwrap();
        let len = cursor.position() as usize;
        let bytes = &out[..len];
        assert!(agree(&format!("poll_message_v5({poll})"), bytes));
        let h = Header::from_bytes(bytes).unwrap();
        // ntp-proto's request carries its poll, against the draft's zero.
        assert_eq!(h.poll.0, poll as i8);
        assert_eq!(h.mode, Mode::Client);
        // And the crate's own reply to it is what ntp-proto reads back.
        let mut reply = vec![0u8; len];
        Reply::new(Header {
            stratum: ntp_wire::Stratum(2),
            flags: ntp_wire::v5::Flags::SYNCHRONIZED,
            ..Header::new(Mode::Server)
        })
        .emit(bytes, &mut reply)
        .unwrap();
        assert!(agree(&format!("reply to poll_message_v5({poll})"), &reply));
    }
}

/// ntp-wire's strict reading refuses exactly the flags and timescales
/// ntp-proto refuses, over every value; the lenient one keeps them.
#[test]
fn flags_and_timescales_over_every_value() {
    let mut base = vec![0u8; 76];
    Request::new(Cookie::from_u64(6)).emit(&mut base).unwrap();
    for ts in 0..=255u8 {
        let mut b = base.clone();
        b[12] = ts;
        let (o, t) = (ours(&b), theirs(&b));
        assert_eq!(o.is_ok(), t.is_ok(), "timescale {ts}");
        assert!(Packet::new_checked_with(&b[..], Strictness::Lenient).is_ok());
    }
    for flags in (0..=0xffffu32)
        .step_by(7)
        .chain([1, 2, 4, 7, 8, 0x100, 0x8000])
    {
        let mut b = base.clone();
        b[14..16].copy_from_slice(&(flags as u16).to_be_bytes());
        let (o, t) = (ours(&b), theirs(&b));
        assert_eq!(o.is_ok(), t.is_ok(), "flags {flags:#06x}");
        if let (Err(e), Err(te)) = (&o, &t) {
            assert_eq!(proto_error_of(e), te);
        }
    }
}

/// The bit order: ntp-proto's `BloomFilter` with its random `ServerId`s
/// (ten 12-bit indices, read from its `Debug`) holds the same octets as
/// ntp-wire's with the same indices.
#[test]
fn bloom_filters_hold_the_same_octets() {
    let mut theirs = ntp_proto::v5::BloomFilter::new();
    let mut ours = BloomFilter::new();
    for _ in 0..60 {
        let id = ntp_proto::v5::ServerId::default();
        let debug = format!("{id:?}");
        let indices: Vec<u16> = debug
            .split("U12(")
            .skip(1)
            .map(|s| s[..s.find(')').unwrap()].parse().unwrap())
            .collect();
        let indices: [u16; 10] = indices.try_into().unwrap();
        theirs.add_id(&id);
        let ours_id = ServerId::from_indices(indices);
        assert_eq!(ours_id.indices(), indices);
        ours.insert(&ours_id);
        assert!(ours.contains(&ours_id) && theirs.contains_id(&id));
        assert_eq!(ours.as_bytes(), theirs.as_bytes(), "{debug}");
        assert_eq!(ours.count_ones(), u32::from(theirs.count_ones()));
    }
}
