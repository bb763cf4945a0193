//! Private messages (mode 7) against the packets scapy's `NTPPrivate`
//! built (tests/data/mode7: the bytes, scapy's reading of each in `.json`,
//! tshark's in `.txt`): every fixture parses to the fields scapy gives,
//! except where scapy is wrong (each such place says why); every hostile
//! shape gets its exact error; proptest round trips of the header and the
//! request builder.

mod common;

use std::net::Ipv4Addr;

use ntp_wire::private::{
    is_monlist_request, AuthLayout, ErrorCode, Header, Implementation, Items, Packet,
    RequestBuilder, RequestCode,
};
use ntp_wire::trailer::MacAlgorithm;
use ntp_wire::{Error, Kind, Message, Mode, PrivateRule, Timestamp, Version};
use proptest::prelude::*;
use serde_json::Value;

/// The bytes and scapy's reading of fixture `name` in tests/data/mode7.
fn load(name: &str) -> (Vec<u8>, Value) {
    let bytes = common::fixture(&format!("mode7/{name}"));
    let path = common::data_dir().join(format!("mode7/{name}.json"));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(json["hex"].as_str().unwrap(), hex, "{name}");
    (bytes, json["scapy"].clone())
}

/// Every fixture, from the manifest.
fn names() -> Vec<String> {
    let manifest = std::fs::read_to_string(common::data_dir().join("mode7/manifest.tsv")).unwrap();
    manifest
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

fn int(v: &Value, key: &str) -> u64 {
    v[key].as_u64().unwrap_or_else(|| panic!("{key} in {v}"))
}

fn hex_of(v: &Value, key: &str) -> Vec<u8> {
    common::unhex(v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}")))
}

fn private(offset: u32, rule: PrivateRule) -> Error {
    Error::Private { offset, rule }
}

/// The fixtures scapy reads without complaint but which break a rule, and
/// the error ntp-wire gives (scapy quirk 6: it checks no length and no
/// MBZ).
fn hostile(name: &str) -> Option<Error> {
    Some(match name {
        "mbz-set-request" => private(6, PrivateRule::Mbz { mbz: 1 }),
        "nitems-overflow-response" => private(
            8,
            PrivateRule::ItemsPastEnd {
                nitems: 4095,
                item_size: 4095,
                available: 0,
            },
        ),
        "nitems-past-data-response" => private(
            8,
            PrivateRule::ItemsPastEnd {
                nitems: 3,
                item_size: 32,
                available: 32,
            },
        ),
        _ => return None,
    })
}

#[test]
fn every_fixture_parses_to_what_scapy_reads() {
    let mut checked = 0;
    for name in names() {
        let (bytes, scapy) = load(&name);
        assert_eq!(int(&scapy, "length") as usize, bytes.len(), "{name}");
        if scapy.get("scapy_error").is_some() {
            // Scapy quirk 2: its item classes have the IPv6 sizes, so the
            // implementation 2 responses make it raise. Read by hand below.
            assert!(name.ends_with("-impl2"), "{name}");
            continue;
        }
        let parsed = Packet::new_checked(&bytes[..]);
        if let Some(error) = hostile(&name) {
            assert_eq!(parsed.unwrap_err(), error, "{name}");
            // The front door gives the same error.
            assert_eq!(Message::parse(&bytes).unwrap_err(), error, "{name}");
            checked += 1;
            continue;
        }
        let packet = parsed.unwrap_or_else(|e| panic!("{name}: {e}"));
        let h = packet.header();
        assert_eq!(h.response, int(&scapy, "response") == 1, "{name}");
        assert_eq!(h.more, int(&scapy, "more") == 1, "{name}");
        assert_eq!(
            u64::from(h.version.to_bits()),
            int(&scapy, "version"),
            "{name}"
        );
        assert_eq!(packet.mode() as u64, int(&scapy, "mode"), "{name}");
        assert_eq!(h.authenticated, int(&scapy, "auth") == 1, "{name}");
        assert_eq!(u64::from(h.sequence), int(&scapy, "seq"), "{name}");
        assert_eq!(u64::from(h.implementation.0), int(&scapy, "implementation"));
        assert_eq!(u64::from(h.request_code.0), int(&scapy, "request_code"));
        assert_eq!(u64::from(h.err.0), int(&scapy, "err"), "{name}");
        assert_eq!(u64::from(h.nitems), int(&scapy, "nb_items"), "{name}");
        assert_eq!(u64::from(packet.mbz()), int(&scapy, "mbz"), "{name}");
        assert_eq!(
            u64::from(h.item_size),
            int(&scapy, "data_item_size"),
            "{name}"
        );
        assert_eq!(
            packet.items_len() as u64,
            int(&scapy, "items_octets"),
            "{name}"
        );
        assert_eq!(Header::parse(&packet), Ok(h));
        assert_eq!(
            h.to_bytes().unwrap(),
            bytes[..8],
            "{name}: re-emits identically"
        );

        // Items: scapy lists them (then any padding it sees as Raw) in
        // req_data for requests, data for responses.
        let ours: Vec<&[u8]> = packet.items().map(|i| i.as_bytes()).collect();
        let list = if h.response {
            &scapy["data"]
        } else {
            &scapy["req_data"]
        };
        let list = list.as_array().unwrap();
        let (theirs, raw): (Vec<_>, Vec<_>) = list.iter().partition(|i| {
            // A response's items are Raw where scapy has no class for them
            // (quirk 5: MON_GETLIST); in a request Raw is what follows the items.
            h.response || i["_class"] != "Raw"
        });
        let theirs: Vec<Vec<u8>> = theirs.iter().map(|i| hex_of(i, "_raw")).collect();
        if !h.response && h.nitems > 1 {
            // Scapy reads only the first item of a request: its req_data
            // list is given `length_from=data_item_size`, the length of one
            // item, not of all (peer-info-request names two peers; the
            // second lands in a Raw payload). ntpd reads nitems items.
            assert_eq!(name, "peer-info-request");
            assert_eq!(theirs.len(), 1);
            assert_eq!(ours.len(), 2);
            assert_eq!(ours[0], &theirs[0][..]);
            assert_eq!(&ours[1][..4], &[127, 0, 0, 3], "the second peer");
        } else {
            assert_eq!(ours.len(), usize::from(h.nitems), "{name}");
            assert_eq!(
                ours,
                theirs.iter().map(Vec::as_slice).collect::<Vec<_>>(),
                "{name}"
            );
        }
        check_authenticator(&name, &packet, &scapy, &raw);
        if !h.authenticated {
            assert!(packet.authenticator().is_none());
            assert_eq!(packet.data(), &bytes[8..], "{name}");
        }
        assert_eq!(
            &packet.data()[..packet.items_len()],
            &bytes[8..8 + packet.items_len()]
        );

        // The front door gives this view, and tshark names the codes alike.
        assert_eq!(Message::parse(&bytes), Ok(Message::Private(packet)));
        let text = common::tshark(&format!("mode7/{name}"));
        assert_eq!(
            common::tshark_field(&text, "Implementation"),
            h.implementation.to_string(),
            "{name}"
        );
        assert_eq!(
            common::tshark_field(&text, "Request code"),
            h.request_code.to_string(),
            "{name}"
        );
        checked += 1;
    }
    let on_disk = std::fs::read_dir(common::data_dir().join("mode7"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "hex")
        })
        .count();
    assert_eq!(
        (on_disk, checked),
        (43, 41),
        "every fixture but the two scapy cannot read"
    );
}

/// The authenticated requests: the tail where ntpd finds it, against the
/// last 28 octets where scapy always reads it (quirk 1).
fn check_authenticator(name: &str, packet: &Packet<&[u8]>, scapy: &Value, raw: &[&Value]) {
    let Some(auth) = packet.authenticator() else {
        assert!(scapy.get("authenticator").is_none(), "{name}");
        return;
    };
    let tail = &scapy["authenticator"];
    let theirs = (
        Timestamp::from_bits(int(tail, "tstamp")),
        int(tail, "key_id") as u32,
        hex_of(tail, "dgst"),
    );
    let ours = (auth.timestamp(), auth.key_id(), auth.digest().to_vec());
    let bytes = packet.as_bytes();
    match name {
        "auth-sha1-request" => {
            // Scapy takes the last 28 octets as timestamp, key id and a
            // 16-octet digest, so it reads key id 1308827338 from the
            // middle of the SHA-1 digest. ntpd (process_private) finds the
            // tail right after the item: timestamp, key id 2, 20 octets.
            assert_eq!(theirs.1, 1_308_827_338);
            assert_eq!(auth.layout(), AuthLayout::AfterItems);
            assert_eq!(
                ours,
                (
                    Timestamp::new(0xeebc_9000, 0x1234_5678),
                    2,
                    bytes[24..44].to_vec()
                )
            );
            assert_eq!(
                (auth.authenticated_range(), auth.digest_range()),
                (0..20, 24..44)
            );
            assert_eq!(auth.candidates(), MacAlgorithm::for_length(24, 4).unwrap());
            assert_eq!(packet.padding(), &[] as &[u8]);
        }
        "auth-sha1-request-216" => {
            // The 216-octet fixed layout with a SHA-1 digest: ntpd counts
            // 20 octets back from the end for an MD5-sized MAC, as scapy
            // does, and finds key id 186303742 (the real one, 2, is at
            // 192): it refuses the request. Scapy and ntpd agree here.
            assert_eq!(auth.layout(), AuthLayout::AtEnd);
            assert_eq!(ours, theirs);
            assert_eq!(auth.key_id(), 186_303_742);
            assert_eq!(u32::from_be_bytes(bytes[192..196].try_into().unwrap()), 2);
            assert_eq!(auth.digest_range(), 200..216);
        }
        _ => {
            // MD5 (and the 48-octet A-set probe, whose last 28 octets ntpd
            // reads as a zero timestamp, key id 0 and a zero digest: key 0
            // never authenticates, so ntpd answers err 7, but the shape is
            // one ntpd reads): the last 28 octets, as scapy reads them.
            assert_eq!(auth.layout(), AuthLayout::AtEnd, "{name}");
            assert_eq!(ours, theirs, "{name}");
            let len = bytes.len();
            assert_eq!(auth.authenticated_range(), 0..len - 20, "{name}");
            assert_eq!(auth.candidates(), MacAlgorithm::for_length(20, 4).unwrap());
            // What scapy calls padding (Raw after the items) is ours.
            let padding: Vec<u8> = raw.iter().flat_map(|r| hex_of(r, "_raw")).collect();
            assert_eq!(packet.padding(), &padding[..], "{name}");
        }
    }
}

#[test]
fn implementation_2_responses_scapy_cannot_read() {
    // peer-list-response-impl2: two info_peer_list items of 8 octets
    // (v4sizeof: addr, port, hmode, flags), as tshark shows the header.
    let (bytes, _) = load("peer-list-response-impl2");
    let p = Packet::new_checked(&bytes[..]).unwrap();
    assert_eq!(
        (
            p.implementation(),
            p.request_code(),
            p.nitems(),
            p.item_size()
        ),
        (Implementation::XNTPD_OLD, RequestCode::PEER_LIST, 2, 8)
    );
    let peers: Vec<(Ipv4Addr, u16, u8, u8)> = p
        .items()
        .map(|i| {
            let b = i.as_bytes();
            (
                Ipv4Addr::new(b[0], b[1], b[2], b[3]),
                u16::from_be_bytes([b[4], b[5]]),
                b[6],
                b[7],
            )
        })
        .collect();
    assert_eq!(
        peers,
        [
            (Ipv4Addr::new(127, 0, 0, 2), 123, 3, 3),
            (Ipv4Addr::new(127, 0, 0, 3), 123, 3, 3)
        ]
    );
    // sys-info-response-impl2: one info_sys of 56 octets.
    let (bytes, _) = load("sys-info-response-impl2");
    let p = Packet::new_checked(&bytes[..]).unwrap();
    assert_eq!((p.nitems(), p.item_size(), p.items().len()), (1, 56, 1));
    assert_eq!(p.items().next().unwrap().as_bytes(), &bytes[8..64]);
}

#[test]
fn item_fields_sit_where_ntp_request_h_puts_them() {
    // PEER_LIST: info_peer_list at offsets 0 addr, 4 port, 6 hmode, 7 flags.
    let (bytes, scapy) = load("peer-list-response");
    let p = Packet::new_checked(&bytes[..]).unwrap();
    for (item, theirs) in p.items().zip(scapy["data"].as_array().unwrap()) {
        let b = item.as_bytes();
        let addr = Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string();
        assert_eq!(addr, theirs["addr"].as_str().unwrap());
        assert_eq!(
            u64::from(u16::from_be_bytes([b[4], b[5]])),
            int(theirs, "port")
        );
        assert_eq!(u64::from(b[6]), int(theirs, "hmode"));
        assert_eq!(u64::from(b[7]), int(theirs, "flags"));
    }
    // MON_GETLIST_1: info_monitor_1 at 16 addr, 20 daddr, 28 port, 30 mode,
    // 31 version (scapy names avg_int, last_int, restr "lasttime",
    // "firsttime", "lastdrop").
    for name in ["mon-getlist-1-response-1", "mon-getlist-1-response-2"] {
        let (bytes, scapy) = load(name);
        let p = Packet::new_checked(&bytes[..]).unwrap();
        let theirs = scapy["data"].as_array().unwrap();
        assert_eq!(p.items().len(), theirs.len());
        for (item, t) in p.items().zip(theirs) {
            let b = item.as_bytes();
            let be32 = |at: usize| u64::from(u32::from_be_bytes(b[at..at + 4].try_into().unwrap()));
            assert_eq!(be32(0), int(t, "lasttime"), "{name} avg_int");
            assert_eq!(be32(4), int(t, "firsttime"), "{name} last_int");
            assert_eq!(be32(8), int(t, "lastdrop"), "{name} restr");
            assert_eq!(be32(12), int(t, "count"), "{name}");
            assert_eq!(
                Ipv4Addr::new(b[16], b[17], b[18], b[19]).to_string(),
                t["addr"]
            );
            assert_eq!(
                Ipv4Addr::new(b[20], b[21], b[22], b[23]).to_string(),
                t["daddr"]
            );
            assert_eq!(
                u64::from(u16::from_be_bytes([b[28], b[29]])),
                int(t, "port")
            );
            assert_eq!(
                (u64::from(b[30]), u64::from(b[31])),
                (int(t, "mode"), int(t, "version"))
            );
        }
    }
    // PEER_INFO: info_peer's keyid (28) and flash2 (24) are little-endian,
    // as ntpd copies them without htonl/htons (scapy quirk 4, right here).
    let (bytes, scapy) = load("peer-info-response-2");
    let p = Packet::new_checked(&bytes[..]).unwrap();
    let b = p.items().next().unwrap().as_bytes();
    let t = &scapy["data"][0];
    assert_eq!(
        u64::from(u32::from_le_bytes(b[28..32].try_into().unwrap())),
        int(t, "keyid")
    );
    assert_eq!(
        u64::from(u16::from_le_bytes([b[24], b[25]])),
        int(t, "flash2")
    );
    assert_eq!(
        u64::from(u16::from_be_bytes([b[26], b[27]])),
        int(t, "associd")
    );
    assert_eq!((p.sequence(), p.is_more()), (1, false));
}

#[test]
fn the_error_responses() {
    let names = [
        (1, Some("incompatible implementation number")),
        (2, Some("unimplemented request code")),
        (3, Some("format error")),
        (4, Some("no data available")),
        (5, None),
        (6, None),
        (7, Some("authentication failure")),
        (15, None),
    ];
    for (err, text) in names {
        let (bytes, _) = load(&format!("error-{err}-response"));
        let p = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(p.err(), ErrorCode(err));
        assert_eq!(p.err().name(), text);
        assert_eq!((p.items().len(), p.data().len()), (0, 0));
        assert_eq!(
            p.header(),
            Header {
                response: true,
                err: ErrorCode(err),
                ..Header::request(Implementation::XNTPD, RequestCode::PEER_INFO)
            }
        );
    }
    assert_eq!(ErrorCode::AUTHENTICATION, ErrorCode(7));
}

#[test]
fn monlist_requests() {
    for name in names() {
        let (bytes, _) = load(&name);
        let expected = name.starts_with("monlist-")
            || name.starts_with("mon-getlist-1-request")
            || name == "mon-getlist-request-192";
        assert_eq!(is_monlist_request(&bytes), expected, "{name}");
        if let Ok(p) = Packet::new_checked(&bytes[..]) {
            assert_eq!(p.is_monlist_request(), expected, "{name}");
        }
    }
    // The responses to them are no requests.
    let (bytes, _) = load("mon-getlist-1-response-1");
    assert!(!is_monlist_request(&bytes));
    // What the ET signatures see: the first 4 octets.
    let (bytes, _) = load("monlist-impl2-code42-request-48");
    assert!(is_monlist_request(&bytes[..4]));
    assert!(!is_monlist_request(&bytes[..3]));
}

#[test]
fn hostile_shapes_and_their_errors() {
    let (probe, _) = load("monlist-impl3-code42-request-8");
    let with = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut b = probe.clone();
        f(&mut b);
        Packet::new_checked(&b[..]).map(|_| ()).unwrap_err()
    };
    // A short packet with the A bit: no room for timestamp, key id, MAC.
    assert_eq!(
        with(&|b| b[1] = 0x80),
        private(8, PrivateRule::AuthTooShort { len: 8, needed: 36 })
    );
    assert_eq!(
        with(&|b| {
            b[1] = 0x80;
            b[5] = 4; // 4 items of 4 octets
            b[7] = 4;
            b.resize(48, 0);
        }),
        private(
            24,
            PrivateRule::AuthTooShort {
                len: 48,
                needed: 52
            }
        )
    );
    // Longer than ntpd's 216.
    assert_eq!(
        with(&|b| {
            b[1] = 0x80;
            b.resize(217, 0);
        }),
        private(216, PrivateRule::AuthTooLong { len: 217 })
    );
    // A length where ntpd finds a MAC of no algorithm's length (22).
    assert_eq!(
        with(&|b| {
            b[1] = 0x80;
            b.resize(38, 0);
        }),
        private(16, PrivateRule::AuthMacLength { mac_len: 22 })
    );
    // nitems x item size past the data, and the largest product.
    assert_eq!(
        with(&|b| {
            b[5] = 1;
            b[7] = 1;
        }),
        private(
            8,
            PrivateRule::ItemsPastEnd {
                nitems: 1,
                item_size: 1,
                available: 0
            }
        )
    );
    assert_eq!(
        with(&|b| {
            b[4..8].copy_from_slice(&[0x0f, 0xff, 0x0f, 0xff]);
            b.resize(8 + 65_535 + 100, 0);
        }),
        private(
            8,
            PrivateRule::ItemsPastEnd {
                nitems: 4095,
                item_size: 4095,
                available: u16::MAX
            }
        )
    );
    // Must-be-zero bits, one at a time.
    for (bit, mbz) in [(0x10, 1), (0x20, 2), (0x40, 4), (0x80, 8)] {
        assert_eq!(with(&|b| b[6] |= bit), private(6, PrivateRule::Mbz { mbz }));
    }
    // The other drop tests of process_private, and a non-mode-7 packet.
    assert_eq!(
        with(&|b| b[0] |= 0x40),
        private(0, PrivateRule::RequestMore)
    );
    assert_eq!(
        with(&|b| b[1] = 3),
        private(1, PrivateRule::RequestSequence { sequence: 3 })
    );
    assert_eq!(
        with(&|b| b[4] = 0x10),
        private(4, PrivateRule::RequestErr { err: 1 })
    );
    assert_eq!(with(&|b| b[0] = 0x07), Error::BadVersion { version: 0 });
    assert_eq!(
        with(&|b| b[0] = 0x1b),
        private(0, PrivateRule::NotPrivate { octet0: 0x1b })
    );
    assert_eq!(
        with(&|b| b.truncate(7)),
        Error::Truncated {
            needed: 8,
            available: 7
        }
    );
    // The item walk alone checks the items, and nothing else.
    let mut b = probe.clone();
    b[6] = 0x10;
    assert_eq!(Items::new(&b).map(|i| i.len()), Ok(0));
    b[7] = 4;
    b[5] = 1;
    assert_eq!(
        Items::new(&b).unwrap_err(),
        private(
            8,
            PrivateRule::ItemsPastEnd {
                nitems: 1,
                item_size: 4,
                available: 0
            }
        )
    );
}

#[test]
fn the_builder_makes_the_fixtures() {
    // ntpdc's 192-octet requests, and scapy's header-only ones.
    for (name, code) in [
        ("peer-list-request", RequestCode::PEER_LIST),
        ("sys-info-request", RequestCode::SYS_INFO),
        ("mon-getlist-1-request", RequestCode::MON_GETLIST_1),
    ] {
        let b = RequestBuilder::new(Implementation::XNTPD, code);
        let mut buf = [0xa5u8; 192];
        let len = b.build(&mut buf).unwrap();
        assert_eq!(&buf[..len], &load(name).0[..], "{name}");
        let len = b.ntpdc_size().build(&mut buf).unwrap();
        assert_eq!(
            &buf[..len],
            &load(&format!("{name}-192")).0[..],
            "{name}-192"
        );
    }
    let (two_peers, _) = load("peer-info-request");
    let b = RequestBuilder::new(Implementation::XNTPD, RequestCode::PEER_INFO)
        .items(32, &two_peers[8..72]);
    let mut buf = [0u8; 216];
    let len = b.build(&mut buf).unwrap();
    assert_eq!(&buf[..len], &two_peers[..]);
    let (one_peer, _) = load("peer-info-request-192");
    let len = b
        .items(32, &two_peers[8..40])
        .ntpdc_size()
        .build(&mut buf)
        .unwrap();
    assert_eq!(&buf[..len], &one_peer[..]);
    // The authenticated SET_SYS_FLAG, with the digests make.py computed.
    let flags = 0x10u32.to_be_bytes();
    let ts = Timestamp::new(0xeebc_9000, 0x1234_5678);
    let b = RequestBuilder::new(Implementation::XNTPD, RequestCode::SET_SYS_FLAG).items(4, &flags);
    for (name, builder, key_id, digest_len, layout) in [
        ("auth-md5-request", b.ntpdc_size(), 1, 16, AuthLayout::AtEnd),
        ("auth-sha1-request", b, 2, 20, AuthLayout::AfterItems),
        // ntpdc ignores its request size for longer digests, and so do we.
        (
            "auth-sha1-request",
            b.ntpdc_size(),
            2,
            20,
            AuthLayout::AfterItems,
        ),
    ] {
        let (fixture, _) = load(name);
        let s = builder
            .build_authenticated(&mut buf, ts, key_id, digest_len)
            .unwrap();
        assert_eq!((s.len, s.layout), (fixture.len(), layout), "{name}");
        assert_eq!(&buf[..s.digest.start], &fixture[..s.digest.start], "{name}");
        assert!(buf[s.digest.clone()].iter().all(|&o| o == 0));
        buf[s.digest.clone()].copy_from_slice(&fixture[s.digest.clone()]);
        assert_eq!(&buf[..s.len], &fixture[..], "{name}");
        let packet = Packet::new_checked(&buf[..s.len]).unwrap();
        let auth = packet.authenticator().unwrap();
        assert_eq!(
            (auth.authenticated_range(), auth.digest_range()),
            (s.authenticated, s.digest)
        );
    }
}

#[test]
fn the_front_door_takes_mode_7() {
    let (bytes, _) = load("mon-getlist-1-response-1");
    let m = Message::parse(&bytes).unwrap();
    assert_eq!((m.kind(), m.as_bytes()), (Kind::Private, &bytes[..]));
    let Message::Private(p) = m else {
        panic!("{m:?}")
    };
    assert_eq!((p.sequence(), p.is_more(), p.items().len()), (0, true, 6));
    // Ports change nothing for mode 7.
    assert_eq!(Message::parse_udp(&bytes, 123, 40000), Ok(m));
    // A v4 time packet is not a private message, and the other way round.
    let mut time = [0u8; 48];
    time[0] = 0x23;
    assert_eq!(
        Packet::new_checked(&time[..]).unwrap_err(),
        private(0, PrivateRule::NotPrivate { octet0: 0x23 })
    );
    assert_eq!(
        ntp_wire::Packet::new_checked(&bytes[..]).unwrap_err(),
        Error::UnsupportedMode {
            mode: Mode::Private
        }
    );
}

fn header_strategy() -> impl Strategy<Value = Header> {
    (
        any::<bool>(),
        1u8..=4,
        any::<bool>(),
        any::<u8>(),
        any::<u8>(),
        0u8..16,
        0u16..4096,
        0u16..4096,
        any::<(bool, u8)>(),
    )
        .prop_map(
            |(response, version, flag, implementation, code, err, nitems, item_size, (m, seq))| {
                Header {
                    response,
                    // A request has M, sequence and err zero; a response A
                    // clear (the rules of Packet::check).
                    more: response && m,
                    version: Version::new(version).unwrap(),
                    authenticated: !response && flag,
                    sequence: if response { seq & 0x7f } else { 0 },
                    implementation: Implementation(implementation),
                    request_code: RequestCode(code),
                    err: ErrorCode(if response { err } else { 0 }),
                    nitems,
                    item_size,
                }
            },
        )
}

proptest! {
    #[test]
    fn header_round_trip(h in header_strategy(), junk in any::<u8>()) {
        let mut buf = [junk; 12];
        prop_assert_eq!(h.emit_slice(&mut buf), Ok(8));
        prop_assert_eq!(&buf[8..], &[junk; 4]);
        prop_assert_eq!(Header::from_bytes(&buf), Ok(h));
        prop_assert_eq!(&h.to_bytes().unwrap()[..], &buf[..8]);
        let view = Packet::new_unchecked(&buf[..]);
        prop_assert_eq!(view.header(), h);
        prop_assert_eq!(view.mode(), Mode::Private);
    }

    #[test]
    fn builder_round_trip(
        implementation in any::<u8>(),
        code in any::<u8>(),
        version in 1u8..=4,
        item_size in 0u16..=64,
        nitems in 0usize..=12,
        fill in any::<u8>(),
        size in 0usize..=200,
        auth in proptest::option::of((any::<u64>(), any::<u32>(), prop_oneof![Just(16usize), Just(20)])),
    ) {
        let items = vec![fill; usize::from(item_size) * nitems];
        let b = RequestBuilder::new(Implementation(implementation), RequestCode(code))
            .version(Version::new(version).unwrap())
            .items(item_size, &items)
            .size(size);
        let mut buf = [0xa5u8; 256];
        let expected = Header {
            version: Version::new(version).unwrap(),
            nitems: if item_size == 0 { 0 } else { nitems as u16 },
            item_size,
            ..Header::request(Implementation(implementation), RequestCode(code))
        };
        if items.len() > 176 || (item_size == 0 && !items.is_empty()) {
            prop_assert!(b.build(&mut buf).is_err());
            return Ok(());
        }
        let (len, header) = match auth {
            None => {
                let len = b.build(&mut buf).unwrap();
                prop_assert_eq!(len, (8 + items.len()).max(size));
                (len, expected)
            }
            Some((ts, key_id, digest_len)) => {
                let Ok(s) = b.build_authenticated(&mut buf, Timestamp::from_bits(ts), key_id, digest_len) else {
                    // Only the shapes ntpd would misread or refuse.
                    let noslop = (16 + items.len()).div_ceil(4) * 4;
                    let padded = size.div_ceil(4) * 4;
                    prop_assert!(digest_len == 16 && (padded > noslop && padded <= noslop + 4 || padded + 20 > 216));
                    return Ok(());
                };
                let p = Packet::new_checked(&buf[..s.len]).unwrap();
                let a = p.authenticator().unwrap();
                prop_assert_eq!((a.timestamp(), a.key_id(), a.digest().len()), (Timestamp::from_bits(ts), key_id, digest_len));
                prop_assert_eq!(a.layout(), s.layout);
                prop_assert_eq!((a.authenticated_range(), a.digest_range()), (s.authenticated.clone(), s.digest.clone()));
                prop_assert!(s.len <= 216);
                (s.len, Header { authenticated: true, ..expected })
            }
        };
        let p = Packet::new_checked(&buf[..len]).unwrap();
        prop_assert_eq!(p.header(), header);
        prop_assert_eq!(p.items().len(), usize::from(header.nitems));
        prop_assert_eq!(&p.data()[..items.len()], &items[..]);
        prop_assert!(p.padding().iter().all(|&o| o == 0));
        prop_assert!(!p.is_monlist_request() || RequestCode(code).is_monlist());
    }
}

/// The header and the layout through serde (feature `serde`), in the plain
/// shape the capture tool prints: numbers for the numbered fields.
#[cfg(feature = "serde")]
#[test]
fn header_json() {
    let (bytes, _) = load("mon-getlist-1-response-1");
    let h = Packet::new_checked(&bytes[..]).unwrap().header();
    let v = serde_json::to_value(h).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "response": true, "more": true, "version": 2, "authenticated": false,
            "sequence": 0, "implementation": 3, "request_code": 42, "err": 0,
            "nitems": 6, "item_size": 72,
        })
    );
    assert_eq!(serde_json::from_value::<Header>(v).unwrap(), h);
    assert_eq!(
        serde_json::to_value(AuthLayout::AfterItems).unwrap(),
        serde_json::json!("AfterItems")
    );
}

/// The rules serialize for reports (feature `serde`): variant and fields.
#[cfg(feature = "serde")]
#[test]
fn rules_serialize() {
    let (bytes, _) = load("nitems-past-data-response");
    let Err(Error::Private { offset, rule }) = Packet::new_checked(&bytes[..]) else {
        panic!("an error")
    };
    assert_eq!(offset, 8);
    assert_eq!(
        serde_json::to_value(rule).unwrap(),
        serde_json::json!({"ItemsPastEnd": {"nitems": 3, "item_size": 32, "available": 32}})
    );
    let wide = PrivateRule::FieldTooWide {
        field: ntp_wire::PrivateField::Sequence,
        value: 200,
    };
    assert_eq!(
        serde_json::to_value(wide).unwrap(),
        serde_json::json!({"FieldTooWide": {"field": "Sequence", "value": 200}})
    );
    assert_eq!(
        serde_json::to_value(PrivateRule::RequestMore).unwrap(),
        serde_json::json!("RequestMore")
    );
}
