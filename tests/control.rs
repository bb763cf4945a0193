//! Control messages (mode 6) against real NTPsec 1.2.2 / ntpq traffic
//! (tests/data/mode6/, README there): every fixture read as tshark reads
//! it, the MACs found where the daemon put them and verified with the
//! test keys, the requests ntpq sent rebuilt byte for byte, the
//! reassembled replies read to ntpq's values, every hostile shape with
//! its exact error, and proptest round trips of every repr and builder.

mod common;

use common::{data_dir, ntpq_rows, tshark};
use md5::{Digest, Md5};
#[cfg(feature = "alloc")]
use ntp_wire::control::VecReassembler;
use ntp_wire::control::{
    read_mru, readstat, readvar, req_nonce, Association, AssociationList, ClockSource, ErrorCode,
    Header, Limits, MacAlignment, MruQuery, MruReply, MruTag, Opcode, Packet, PeerEvent,
    PeerSelection, PeerStatus, Reassembler, RequestWriter, Score, Signing, StatusWord, SystemEvent,
    Variables,
};
use ntp_wire::trailer::MacAlgorithm;
use ntp_wire::{ControlRule, Error, LeapIndicator, Message, Timestamp, Version};
use proptest::prelude::*;
use sha1::Sha1;

/// The test keys of tests/data/mode6/README.md.
const MD5_KEY: &str = "50B5872BA62FF516C63C6CB5E2A262AB";
const SHA1_KEY: &str = "7E5571884784850AD4BD8174258F4312AB55C2E7";

use common::mode6 as m6;

fn every_fixture() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data_dir().join("mode6"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "hex"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 80, "tests/data/mode6 holds 80 packets");
    names
}

/// The values after `= LABEL: ` on tshark's bit lines.
fn bits<'a>(text: &'a str, label: &str) -> Vec<&'a str> {
    let needle = format!("= {label}: ");
    text.lines()
        .filter_map(|l| l.split_once(&needle).map(|(_, v)| v))
        .collect()
}

/// The value of tshark's 4-space `LABEL: ` line.
fn top<'a>(text: &'a str, label: &str) -> &'a str {
    common::tshark_field(text, label)
}

#[test]
fn every_fixture_reads_as_tshark_reads_it() {
    for name in every_fixture() {
        let bytes = m6(&name);
        let text = tshark(&format!("mode6/{name}"));
        let p = Packet::new_checked(&bytes[..]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let h = p.header();
        assert_eq!(Header::parse(&p).unwrap(), h);
        assert_eq!(p.mode(), ntp_wire::Mode::Control);
        assert_eq!(
            (p.packet_len(), p.as_ref(), p.as_bytes()),
            (bytes.len(), &bytes[..], &bytes[..])
        );
        assert_eq!(p.into_inner(), &bytes[..]);
        assert_eq!((p.leap(), p.version()), (h.leap, h.version));
        assert_eq!(
            (p.is_response(), p.is_error(), p.has_more()),
            (h.response, h.error, h.more)
        );
        assert_eq!(
            (p.status(), p.association_id()),
            (h.status, h.association_id)
        );
        assert_eq!(h.to_bytes(), bytes[..12], "{name}: header re-emits");
        assert_eq!(Message::parse(&bytes), Ok(Message::Control(p)));

        let octet0 = bits(&text, "Leap Indicator")[0];
        assert!(
            octet0.ends_with(&format!("({})", h.leap.to_bits())),
            "{name}"
        );
        assert_eq!(
            bits(&text, "Version number")[0],
            format!("NTP Version {0} ({0})", h.version.to_bits())
        );
        assert!(bits(&text, "Mode")[0].ends_with("(6)"));
        let r = if h.response {
            "Response (1)"
        } else {
            "Request (0)"
        };
        assert_eq!(bits(&text, "Response bit"), [r], "{name}");
        assert_eq!(bits(&text, "Error bit"), [if h.error { "1" } else { "0" }]);
        assert_eq!(bits(&text, "More bit"), [if h.more { "1" } else { "0" }]);
        let op = h.opcode.description().unwrap_or("Unknown");
        assert_eq!(bits(&text, "Opcode"), [format!("{op} ({})", h.opcode.0)]);
        assert_eq!(top(&text, "Sequence"), h.sequence.to_string());
        assert!(top(&text, "Status").starts_with(&format!("{:#06x}", h.status)));
        assert_eq!(top(&text, "AssociationID"), h.association_id.to_string());
        assert_eq!(top(&text, "Offset"), h.offset.to_string());
        assert_eq!(top(&text, "Count"), h.count.to_string());

        match p.status_word() {
            StatusWord::System(s) => {
                let li = bits(&text, "Leap Indicator");
                assert_eq!(
                    li[1],
                    format!("{} ({})", s.leap().description(), s.leap().to_bits())
                );
                let src = s.clock_source();
                assert_eq!(
                    bits(&text, "Clock Source"),
                    [format!("{} ({})", src.description(), src.0)]
                );
                assert_eq!(
                    bits(&text, "System Event Counter"),
                    [s.event_count().to_string()]
                );
                let ev = s.event();
                assert_eq!(
                    bits(&text, "System Event Code"),
                    [format!("{} ({})", ev.description(), ev.0)]
                );
                assert!(top(&text, "Status").contains(&format!(
                    "Clock Source: {}, System Event Code: {}",
                    src.description(),
                    ev.description()
                )));
            }
            StatusWord::Peer(s) => {
                let sel = s.selection();
                assert_eq!(
                    bits(&text, "Peer Selection"),
                    [format!("{} ({})", sel.description(), sel.0)]
                );
                assert_eq!(
                    bits(&text, "Peer Event Counter"),
                    [s.event_count().to_string()]
                );
                let ev = s.event();
                assert_eq!(
                    bits(&text, "Peer Event Code"),
                    [format!("{} ({})", ev.description(), ev.0)]
                );
                let flags = bits(&text, "Peer Status");
                assert_eq!(
                    flags[0],
                    if s.configured() {
                        "configured (peer.config)"
                    } else {
                        "not configured (peer.config)"
                    }
                );
                assert_eq!(
                    flags[3],
                    if s.reachable() {
                        "reachability okay (peer.reach != 0)"
                    } else {
                        "reachability not okay (peer.reach != 0)"
                    }
                );
            }
            StatusWord::Error(s) => {
                let code = s.code();
                assert_eq!(
                    bits(&text, "Error Status Word"),
                    [format!("{} ({})", code.description(), code.0)]
                );
            }
            StatusWord::Clock(_) => panic!("{name}: no READCLOCK fixture"),
            StatusWord::Other(v) => {
                assert!(!h.response || matches!(h.opcode.0, 8 | 10 | 12), "{name}");
                assert_eq!(top(&text, "Status"), format!("{v:#06x}"));
            }
        }

        // READSTAT association lists: tshark's items.
        if h.response && !h.error && h.opcode == Opcode::READSTAT && h.association_id == 0 {
            let list: Vec<Association> = p.associations().unwrap().collect();
            let ids: Vec<String> = text
                .lines()
                .filter_map(|l| l.strip_prefix("            AssociationID: "))
                .map(str::to_string)
                .collect();
            let ours: Vec<String> = list.iter().map(|a| a.association_id.to_string()).collect();
            assert_eq!(ours, ids, "{name}");
            assert_eq!(list.len(), 1);
            let a = list[0];
            assert_eq!(a.status.selection(), PeerSelection::SYS_PEER);
            assert_eq!(
                bits(&text, "Peer Selection"),
                [format!("{} (6)", a.status.selection().description())]
            );
        }
    }
}

fn md5_of(data: &[u8]) -> Vec<u8> {
    let mut h = Md5::new();
    h.update(common::unhex(MD5_KEY));
    h.update(data);
    h.finalize().to_vec()
}

fn sha1_of(data: &[u8]) -> Vec<u8> {
    let mut h = Sha1::new();
    h.update(common::unhex(SHA1_KEY));
    h.update(data);
    h.finalize().to_vec()
}

/// Every signed fixture: the MAC where ntpd put it, verified with the
/// test key; every unsigned one: no MAC.
#[test]
fn macs_found_where_ntpsec_put_them_and_verified() {
    let mut signed = 0;
    for name in every_fixture() {
        let bytes = m6(&name);
        let p = Packet::new_checked(&bytes[..]).unwrap();
        let unsigned = !name.starts_with("auth-") || name.contains("align4-02");
        let mac = p.mac().unwrap();
        if unsigned {
            assert_eq!(mac, None, "{name}");
            assert_eq!(
                p.after_data().len(),
                (4 - (12 + p.count() as usize) % 4) % 4,
                "{name}"
            );
            continue;
        }
        // The one case 8-first reads wrong: a SHA-1 MAC at 20 reads as MD5
        // at 24, and says it is ambiguous; at 4 it verifies.
        let mac = if name == "auth-sha1-rv-align4-01-request" {
            let wrong = mac.unwrap();
            assert_eq!(
                (wrong.offset(), wrong.len(), wrong.alignment()),
                (24, 20, MacAlignment::Eight)
            );
            assert!(wrong.is_ambiguous());
            p.mac_at(MacAlignment::Four).unwrap().unwrap()
        } else {
            mac.unwrap()
        };
        let digest = &bytes[mac.authenticated_range()];
        let (key, expected) = if name.starts_with("auth-md5") {
            (1, md5_of(digest))
        } else {
            (2, sha1_of(digest))
        };
        assert_eq!(mac.key_id(), key, "{name}");
        assert_eq!(mac.digest(), &expected[..], "{name}: the digest verifies");
        assert_eq!(&bytes[mac.digest_range()], mac.digest());
        assert!(!mac.is_empty() && !mac.is_crypto_nak());
        let other = match mac.alignment() {
            MacAlignment::Eight => MacAlignment::Four,
            MacAlignment::Four => MacAlignment::Eight,
        };
        let other_reads = p
            .mac_at(other)
            .is_ok_and(|m| m.is_some_and(|m| m.offset() != mac.offset()));
        assert_eq!(mac.is_ambiguous(), other_reads, "{name}");
        assert_eq!(
            (mac.as_mac().key_id(), mac.as_mac().len()),
            (key, mac.len())
        );
        assert_eq!(
            mac.candidates(),
            MacAlgorithm::for_length(mac.len(), 4).unwrap()
        );
        assert_eq!(mac.offset() + mac.len(), bytes.len());
        assert_eq!(mac.padding_range().start, 12 + p.count() as usize);
        let expect_align = if name.contains("align4-01") || (p.is_error() && p.is_response()) {
            MacAlignment::Four
        } else {
            MacAlignment::Eight
        };
        assert_eq!(mac.alignment(), expect_align, "{name}");
        if p.is_error() {
            assert_eq!(mac.offset(), 12, "{name}: error MACs follow the header");
        }
        signed += 1;
    }
    assert_eq!(signed, 42);
}

#[test]
fn ntpsec_padding_holds_a_key_id_copy() {
    // count 29: data ends at 41; NTPsec copied the key id to 41..45 before
    // padding to 48, where the real key id is.
    let bytes = m6("auth-md5-rv-version-04-response");
    let p = Packet::new_checked(&bytes[..]).unwrap();
    let mac = p.mac().unwrap().unwrap();
    assert_eq!(mac.padding_range(), 41..48);
    assert_eq!(&bytes[41..48], &[0, 0, 0, 1, 0, 0, 0]);
    assert_eq!(mac.offset(), 48);
    // The unsigned MRU fragment's padding octet is a stale "1".
    let last = m6("ntpq-mrulist-10-response");
    assert_eq!(Packet::new_checked(&last[..]).unwrap().after_data(), b"1");
}

fn signing(name: &str, alignment: MacAlignment) -> Signing {
    let (key_id, algorithm) = if name.contains("sha1") {
        (2, MacAlgorithm::Sha1)
    } else {
        (1, MacAlgorithm::Md5)
    };
    Signing {
        key_id,
        algorithm,
        alignment,
    }
}

/// The requests ntpq sent, rebuilt by the crate's builders: the same
/// octets, signatures included.
#[test]
fn builders_rebuild_ntpqs_requests() {
    let mut buf = [0u8; 512];
    let same = |name: &str, built: ntp_wire::Result<ntp_wire::control::Built>, buf: &mut [u8]| {
        let built = built.unwrap();
        if let Some(s) = &built.signature {
            let digest = if name.contains("sha1") {
                sha1_of(&buf[s.authenticated.clone()])
            } else {
                md5_of(&buf[s.authenticated.clone()])
            };
            buf[s.digest.clone()].copy_from_slice(&digest);
        }
        assert_eq!(buf[..built.len], m6(name)[..], "{name}");
    };
    let b = readvar(&mut buf, 1, 0, &[], None);
    same("ntpq-rv-01-request", b, &mut buf);
    let b = readstat(&mut buf, 1, 0, None);
    same("ntpq-as-01-request", b, &mut buf);
    let b = readvar(&mut buf, 2, 17767, &[], None);
    same("ntpq-p-03-request", b, &mut buf);
    let b = readvar(&mut buf, 2, 0, &["nosuchvariable"], None);
    same("err-unknown-var-03-request", b, &mut buf);
    let b = req_nonce(&mut buf, 1, None);
    same("ntpq-mrulist-01-request", b, &mut buf);
    let q = MruQuery {
        nonce: "eebc9105213639d67e00048b",
        frags: Some(32),
        ..MruQuery::default()
    };
    let b = read_mru(&mut buf, 2, &q, None);
    same("ntpq-mrulist-03-request", b, &mut buf);
    for algo in ["md5", "sha1"] {
        for (var, names) in [
            ("version", &["version"][..]),
            ("stratum", &["stratum"]),
            ("refid", &["refid"]),
            ("version-stratum-refid", &["version", "stratum", "refid"]),
        ] {
            let name = format!("auth-{algo}-rv-{var}-01-request");
            let b = readstat(&mut buf, 1, 0, Some(signing(&name, MacAlignment::Eight)));
            same(&name, b, &mut buf);
            let name = format!("auth-{algo}-rv-{var}-03-request");
            let b = readvar(
                &mut buf,
                2,
                0,
                names,
                Some(signing(&name, MacAlignment::Eight)),
            );
            same(&name, b, &mut buf);
        }
        let name = format!("auth-{algo}-rv-align4-01-request");
        let b = readvar(
            &mut buf,
            107 + u16::from(algo == "sha1"),
            0,
            &["version"],
            Some(signing(&name, MacAlignment::Four)),
        );
        same(&name, b, &mut buf);
    }
    let name = "auth-md5-rv-align8-01-request";
    let b = readvar(
        &mut buf,
        106,
        0,
        &["version"],
        Some(signing(name, MacAlignment::Eight)),
    );
    same(name, b, &mut buf);
    // WRITEVAR and CONFIGURE with the writer.
    let mut w = RequestWriter::new(&mut buf, Header::request(Opcode::WRITEVAR, 105, 0)).unwrap();
    w.variable("leap", Some("3")).unwrap();
    let name = "auth-md5-writevar-01-request";
    let b = w.finish(Some(signing(name, MacAlignment::Eight)));
    same(name, b, &mut buf);
    let mut w = RequestWriter::new(&mut buf, Header::request(Opcode::CONFIGURE, 1, 0)).unwrap();
    w.raw(b"restrict 127.0.0.99 nomodify").unwrap();
    let name = "auth-md5-config-01-request";
    let b = w.finish(Some(signing(name, MacAlignment::Eight)));
    same(name, b, &mut buf);
}

fn reassemble(names: &[&str]) -> (Header, Vec<u8>) {
    let mut buf = vec![0u8; 15360];
    let mut r = Reassembler::new(&mut buf);
    for (i, n) in names.iter().enumerate() {
        assert_eq!(r.add(&m6(n)), Ok(i + 1 == names.len()), "{n}");
    }
    let resp = r.response().unwrap();
    (resp.header(), resp.data().to_vec())
}

/// `ntpq -c rv`: the values ntpq printed (ntpq-rv.out).
#[test]
fn system_variables_as_ntpq_printed_them() {
    let bytes = m6("ntpq-rv-02-response");
    let p = Packet::new_checked(&bytes[..]).unwrap();
    let StatusWord::System(s) = p.status_word() else {
        panic!()
    };
    // "associd=0 status=0514 leap_none, sync_local, 1 event, freq_mode,"
    assert_eq!(
        (
            s.leap_name(),
            s.clock_source().name(),
            s.event_count(),
            s.event().name()
        ),
        ("leap_none", Some("sync_local"), 1, Some("freq_mode"))
    );
    assert_eq!(
        (s.clock_source(), s.event()),
        (ClockSource::LOCAL, SystemEvent::FREQ_MODE)
    );
    let vars: Vec<(String, String)> = p
        .variables()
        .map(|v| {
            let v = v.unwrap();
            (v.name_str().unwrap().into(), v.value_str().unwrap().into())
        })
        .collect();
    let names: Vec<&str> = vars.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "leap",
            "stratum",
            "precision",
            "rootdelay",
            "rootdisp",
            "refid",
            "reftime",
            "tc",
            "peer",
            "offset",
            "frequency",
            "sys_jitter",
            "clk_jitter",
            "clock",
            "processor",
            "system",
            "version",
            "clk_wander",
            "mintc"
        ]
    );
    let out = std::fs::read_to_string(data_dir().join("mode6/ntpq-rv.out")).unwrap();
    for (name, value) in &vars {
        if [
            "stratum",
            "precision",
            "refid",
            "tc",
            "peer",
            "processor",
            "system",
            "version",
            "mintc",
            "rootdisp",
        ]
        .contains(&name.as_str())
        {
            let quoted = if p
                .variables()
                .find(name.as_bytes())
                .unwrap()
                .unwrap()
                .is_quoted()
            {
                format!("{name}=\"{value}\"")
            } else {
                format!("{name}={value}")
            };
            assert!(out.contains(&quoted), "ntpq printed {quoted}");
        }
    }
    let get = |n: &str| vars.iter().find(|(k, _)| k == n).unwrap().1.clone();
    assert_eq!(get("version"), "ntpd ntpsec-1.2.2");
    assert_eq!(get("stratum"), "9");
    assert_eq!(get("refid"), "127.127.1.0");
    assert_eq!(get("peer"), "17767");
    assert_eq!(get("processor"), "x86_64");
    assert!(get("system").starts_with("Linux/"));
    // ntpq reformats some: leap=0 as "leap=00", reftime=0xeebc90fa.a87ad158
    // as "reftime=eebc90fa.a87ad158 2026-...", rootdelay=0.000 as 0.0.
    assert_eq!(get("leap"), "0");
    assert!(out.contains("leap=00,"));
    assert_eq!(get("reftime"), "0xeebc90fa.a87ad158");
    assert!(out.contains("reftime=eebc90fa.a87ad158 2026-12-04T01:08:10.658Z"));
}

/// `ntpq -c as` and `ntpq -p`: the association and its peer variables.
#[test]
fn association_and_peer_as_ntpq_printed_them() {
    let bytes = m6("ntpq-as-02-response");
    let p = Packet::new_checked(&bytes[..]).unwrap();
    let list: Vec<Association> = p.associations().unwrap().collect();
    // "  1 17767  961a   yes   yes  none  sys.peer    sys_peer  1"
    assert_eq!(
        list,
        [Association {
            association_id: 17767,
            status: PeerStatus(0x961a)
        }]
    );
    let s = list[0].status;
    assert!(
        s.configured() && s.reachable() && !s.auth_enabled() && !s.authentic() && !s.broadcast()
    );
    assert_eq!(
        (s.selection(), s.event(), s.event_count()),
        (PeerSelection::SYS_PEER, PeerEvent::SYS_PEER, 1)
    );
    assert_eq!(
        (s.selection().name(), s.event().name()),
        (Some("sel_sys.peer"), Some("sys_peer"))
    );
    assert_eq!(s.selection().tally(), '*');
    assert_eq!(
        list[0].to_string(),
        "AssociationID: 17767, Status: 0x961a, Peer Status: conf, reach, Peer Selection: current \
         synchronization source; max distance okay, Peer Event Counter: 1, Peer Event Code: become system peer"
    );

    for (step, out) in [
        ("ntpq-rv-assoc", "ntpq-rv-assoc.out"),
        ("ntpq-p", "ntpq-p.out"),
    ] {
        let (h, data) = if step == "ntpq-p" {
            reassemble(&["ntpq-p-04-response", "ntpq-p-05-response"])
        } else {
            reassemble(&["ntpq-rv-assoc-04-response", "ntpq-rv-assoc-05-response"])
        };
        assert_eq!(
            (h.association_id, h.count, h.offset, h.more, h.status),
            (17767, data.len() as u16, 0, false, 0x961a)
        );
        let out = std::fs::read_to_string(data_dir().join("mode6").join(out)).unwrap();
        let vars = Variables::response(&data);
        let get = |n: &str| {
            vars.clone()
                .find(n.as_bytes())
                .unwrap()
                .unwrap()
                .value_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(get("srcadr"), "127.127.1.0");
        assert_eq!(get("srcport"), "123");
        assert_eq!(get("dstadr"), "127.0.0.1");
        assert_eq!(get("stratum"), "8");
        assert_eq!(get("refid"), "LOCL");
        assert_eq!(get("srchost"), "LOCAL(0)");
        if step == "ntpq-p" {
            // "*LOCAL(0)        .LOCL.           8 l ..."
            assert!(out.contains("*LOCAL(0)        .LOCL.           8 l"));
        } else {
            for v in [
                "srcadr=127.127.1.0",
                "srcport=123",
                "dstadr=127.0.0.1",
                "stratum=8",
                "refid=LOCL",
                "srchost=\"LOCAL(0)\"",
            ] {
                assert!(out.contains(v), "{v}");
            }
        }
        // NTPsec 1.2.2 sends stray octets inside filtdelay (an
        // uninitialized buffer): the value keeps them.
        let filt = vars.clone().find(b"filtdelay").unwrap().unwrap();
        assert_eq!(&filt.value().unwrap()[..8], b"\x06 0.00 0");
        assert_eq!(vars.count(), 32);
    }
}

/// `ntpq -c mrulist`: REQ_NONCE, then READ_MRU in 7 fragments, 20 entries.
#[test]
fn mru_list_as_ntpq_printed_it() {
    let bytes = m6("ntpq-mrulist-02-response");
    let p = Packet::new_checked(&bytes[..]).unwrap();
    let nonce = p.variables().find(b"nonce").unwrap().unwrap();
    assert_eq!(nonce.value_str(), Some("eebc9105213639d67e00048b"));
    assert_eq!(
        MruReply::new(p.data()).summary().unwrap().nonce,
        Some(&b"eebc9105213639d67e00048b"[..])
    );

    let names: Vec<String> = (4..=10)
        .map(|i| format!("ntpq-mrulist-{i:02}-response"))
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let (h, data) = reassemble(&refs);
    assert_eq!((h.opcode, h.count, h.status), (Opcode::READ_MRU, 2831, 0));
    let reply = MruReply::new(&data);
    let entries: Vec<_> = reply.entries().map(Result::unwrap).collect();
    assert_eq!(entries.len(), 20);
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(usize::from(e.index), i);
        let addr = e.socket_addr().unwrap();
        if i < 19 {
            assert_eq!(addr.ip().to_string(), format!("127.0.0.{}", i + 2));
            assert_eq!(
                (e.count, e.mode(), e.version(), e.restrictions),
                (1, 3, 4, 0xc0)
            );
            assert_eq!(e.first, e.last);
        } else {
            assert_eq!(addr.to_string(), "127.0.0.1:34035");
            assert_eq!(
                (e.count, e.mode(), e.version(), e.restrictions),
                (18, 6, 2, 0)
            );
        }
        assert_eq!(e.dropped, Some(0));
    }
    let s = reply.summary().unwrap();
    assert_eq!(s.entries, 20);
    assert_eq!(s.nonce, Some(&b"eebc91052145e55e5d745bee"[..]));
    assert_eq!(s.last_newest, Some(entries[19].last));
    assert!(s.is_complete());
    assert_eq!((s.addr_older, s.last_older), (None, None));

    // ntpq's lines: "lstint avgint rstr r m v  count    score   drop rport remote address"
    let out = std::fs::read_to_string(data_dir().join("mode6/ntpq-mrulist.out")).unwrap();
    let rows = ntpq_rows(&out);
    assert_eq!(rows.len(), 20);
    for row in &rows {
        let (rstr, m, v, count, score, drop, rport, addr) = (
            row[2], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
        );
        let e = entries
            .iter()
            .find(|e| e.socket_addr().unwrap().to_string() == format!("{addr}:{rport}"))
            .unwrap_or_else(|| panic!("{addr}:{rport}"));
        assert_eq!(format!("{:x}", e.restrictions), rstr);
        assert_eq!(
            (e.mode().to_string(), e.version().to_string()),
            (m.to_string(), v.to_string())
        );
        assert_eq!(e.count.to_string(), count);
        assert_eq!(e.score.unwrap().to_string(), score);
        assert_eq!(e.dropped.unwrap().to_string(), drop);
    }
}

#[test]
fn error_responses_with_their_codes_and_stale_offset() {
    for (name, code, offset) in [
        ("err-bad-assoc-02-response", ErrorCode::BADASSOC, 2808),
        ("err-bad-opcode-02-response", ErrorCode::BADOP, 0),
        ("err-config-noauth-02-response", ErrorCode::PERMISSION, 0),
        ("err-unknown-var-04-response", ErrorCode::UNKNOWNVAR, 0),
        ("err-writevar-noauth-02-response", ErrorCode::PERMISSION, 0),
        ("auth-md5-writevar-02-response", ErrorCode::UNSPEC, 0),
        ("auth-sha1-config-02-response", ErrorCode::PERMISSION, 0),
    ] {
        let bytes = m6(name);
        let p = Packet::new_checked(&bytes[..]).unwrap();
        let StatusWord::Error(e) = p.status_word() else {
            panic!("{name}")
        };
        assert_eq!(
            (e.code(), p.offset(), p.count()),
            (code, offset, 0),
            "{name}"
        );
        // The reassembler takes the error response, stale offset and all.
        let mut buf = [0u8; 64];
        let mut r = Reassembler::new(&mut buf);
        assert_eq!(r.add(&bytes), Ok(true), "{name}");
        let resp = r.response().unwrap();
        assert_eq!((resp.header().error, resp.data()), (true, &[][..]));
        assert_eq!(resp.status_word(), StatusWord::Error(e));
        #[cfg(feature = "alloc")]
        {
            let mut v = VecReassembler::new(64);
            assert_eq!(v.add(&bytes), Ok(true));
            assert_eq!(v.response().unwrap().header().offset, offset);
            assert_eq!(v.into_data(), b"");
        }
    }
    assert_eq!(ErrorCode::BADASSOC.name(), Some("BADASSOC"));
    assert_eq!(
        ErrorCode::BADASSOC.description(),
        "unknown association identifier"
    );
}

#[test]
fn amplification_requests() {
    let amplifying = |name: &str| {
        Packet::new_checked(&m6(name)[..])
            .unwrap()
            .is_amplification_request()
    };
    for name in [
        "ntpq-rv-01-request",
        "ntpq-as-01-request",
        "ntpq-p-03-request",
        "ntpq-mrulist-03-request",
        "auth-md5-rv-version-03-request",
    ] {
        assert!(amplifying(name), "{name}");
    }
    for name in [
        "ntpq-mrulist-01-request",
        "err-config-noauth-01-request",
        "auth-md5-writevar-01-request",
        "ntpq-rv-02-response",
        "err-bad-opcode-01-request",
    ] {
        assert!(!amplifying(name), "{name}");
    }
    // READ_MRU without a nonce, or with `nonce` and no value (the
    // CVE-2016-7434 shape): the server sends nothing.
    let mut buf = [0u8; 64];
    for data in [&b"frags=32"[..], b"nonce, frags=32", b"nonce=, frags=32"] {
        let mut w = RequestWriter::new(&mut buf, Header::request(Opcode::READ_MRU, 1, 0)).unwrap();
        w.raw(data).unwrap();
        let n = w.finish(None).unwrap().len;
        assert!(!Packet::new_checked(&buf[..n])
            .unwrap()
            .is_amplification_request());
    }
    // A request with M set, or a fragment offset, is dropped by servers.
    let mut p = m6("ntpq-rv-01-request");
    Packet::new_unchecked(&mut p[..]).set_more(true);
    assert!(!amplifying_bytes(&p));
    let mut p = m6("ntpq-rv-01-request");
    Packet::new_unchecked(&mut p[..]).set_offset(4);
    assert!(!amplifying_bytes(&p));
}

fn amplifying_bytes(b: &[u8]) -> bool {
    Packet::new_checked(b).unwrap().is_amplification_request()
}

/// A control header with `count` and data of that length.
fn message(octet1: u8, offset: u16, count: u16, data: &[u8]) -> Vec<u8> {
    let mut m = vec![0x16, octet1, 0, 9, 0, 0, 0, 0];
    m.extend_from_slice(&offset.to_be_bytes());
    m.extend_from_slice(&count.to_be_bytes());
    m.extend_from_slice(data);
    m
}

fn ctl(offset: u32, rule: ControlRule) -> Error {
    Error::Control { offset, rule }
}

#[test]
fn hostile_headers() {
    // Count larger than the data.
    assert_eq!(
        Packet::new_checked(&message(0x82, 0, 10, b"abc")[..]),
        Err(Error::Truncated {
            needed: 22,
            available: 15
        })
    );
    // Count above 468, even with the data there.
    assert_eq!(
        Packet::new_checked(&message(0x82, 0, 469, &[b'a'; 469])[..]),
        Err(ctl(10, ControlRule::CountTooLarge { count: 469 }))
    );
    assert!(Packet::new_checked(&message(0x82, 0, 468, &[b'a'; 468])[..]).is_ok());
    // Offset plus count past 65535.
    assert_eq!(
        Packet::new_checked(&message(0xa2, 65534, 4, b"abcd")[..]),
        Err(ctl(
            8,
            ControlRule::OffsetPastEnd {
                offset: 65534,
                count: 4
            }
        ))
    );
    assert!(Packet::new_checked(&message(0x82, 65531, 4, b"abcd")[..]).is_ok());
    // Not a control message; no version; too short.
    assert_eq!(
        Packet::new_checked(&[0x23u8; 48][..]),
        Err(ctl(0, ControlRule::NotControl { octet0: 0x23 }))
    );
    assert_eq!(
        Packet::new_checked(&[0x2eu8; 12][..]),
        Err(ctl(0, ControlRule::NotControl { octet0: 0x2e }))
    );
    assert_eq!(
        Packet::new_checked(&[0x06u8; 12][..]),
        Err(Error::BadVersion { version: 0 })
    );
    assert_eq!(
        Packet::new_checked(&[0x16u8; 11][..]),
        Err(Error::Truncated {
            needed: 12,
            available: 11
        })
    );
    assert_eq!(
        Header::from_bytes(&[0x17u8; 12]),
        Err(ctl(0, ControlRule::NotControl { octet0: 0x17 }))
    );
    assert_eq!(
        ctl(10, ControlRule::CountTooLarge { count: 469 }).to_string(),
        "invalid control message at offset 10: count 469 is above the 468 data octets a control message holds (CTL_MAX_DATA_LEN)"
    );
    // READSTAT data that is no whole number of entries.
    let m = message(0x81, 0, 6, &[0x45, 0x67, 0x96, 0x1a, 0, 1]);
    assert_eq!(
        Packet::new_checked(&m[..])
            .unwrap()
            .associations()
            .unwrap_err(),
        ctl(16, ControlRule::AssociationListLength { len: 6 })
    );
    assert_eq!(
        AssociationList::new(&[1, 2, 3]).unwrap_err(),
        ctl(0, ControlRule::AssociationListLength { len: 3 })
    );
    // Octets after the data that are no MAC.
    let mut m = message(0x82, 0, 4, b"a=1\n");
    m.extend_from_slice(&[9; 8]);
    assert_eq!(
        Packet::new_checked(&m[..]).unwrap().mac(),
        Err(ctl(16, ControlRule::NoMac { trailing: 8 }))
    );
    assert_eq!(
        Packet::new_checked(&m[..])
            .unwrap()
            .mac_at(MacAlignment::Four),
        Err(ctl(16, ControlRule::NoMac { trailing: 8 }))
    );
    // A crypto-NAK at the 8-aligned place (ntpd 4.2.8's failed MAC).
    let mut m = message(0x82, 0, 4, b"a=1\n");
    m.extend_from_slice(&[0; 4]);
    let p = Packet::new_checked(&m[..]).unwrap();
    let nak = p.mac().unwrap().unwrap();
    assert!(nak.is_crypto_nak());
    assert_eq!(
        (nak.offset(), nak.len(), nak.candidates()),
        (16, 4, &[][..])
    );
    // A non-zero 4-octet tail is no crypto-NAK.
    let mut m = message(0x82, 0, 4, b"a=1\n");
    m.extend_from_slice(&[0, 0, 0, 1]);
    assert_eq!(
        Packet::new_checked(&m[..]).unwrap().mac(),
        Err(ctl(16, ControlRule::NoMac { trailing: 4 }))
    );
}

fn frag(seq: u16, more: bool, offset: u16, data: &[u8]) -> Vec<u8> {
    let mut m = vec![0x16, if more { 0xa2 } else { 0x82 }];
    m.extend_from_slice(&seq.to_be_bytes());
    m.extend_from_slice(&[0x05, 0x14, 0, 0]);
    m.extend_from_slice(&offset.to_be_bytes());
    m.extend_from_slice(&(data.len() as u16).to_be_bytes());
    m.extend_from_slice(data);
    while m.len() % 4 != 0 {
        m.push(0);
    }
    m
}

#[test]
fn hostile_fragments() {
    let mut buf = [0u8; 64];
    let mut r = Reassembler::new(&mut buf);
    // A gap: 0..4 and 8..12 (last): octet 4 is missing.
    assert_eq!(r.add(&frag(1, true, 0, b"abcd")), Ok(false));
    assert_eq!(r.add(&frag(1, false, 8, b"ijkl")), Ok(false));
    assert_eq!(
        r.response().unwrap_err(),
        ctl(0, ControlRule::MissingFragment { offset: 4 })
    );
    // A duplicate at 0, an overlap at 2, a second last, one past the last.
    assert_eq!(
        r.add(&frag(1, true, 0, b"abcd")),
        Err(ctl(8, ControlRule::DuplicateFragment { offset: 0 }))
    );
    assert_eq!(
        r.add(&frag(1, true, 2, b"cdef")),
        Err(ctl(
            8,
            ControlRule::FragmentOverlap {
                offset: 2,
                count: 4
            }
        ))
    );
    assert_eq!(
        r.add(&frag(1, false, 4, b"ef")),
        Err(ctl(8, ControlRule::PastLastFragment { offset: 4 }))
    );
    assert_eq!(
        r.add(&frag(1, true, 12, b"mnop")),
        Err(ctl(8, ControlRule::PastLastFragment { offset: 12 }))
    );
    // Another response, a request, a bad length, an empty middle fragment.
    assert_eq!(
        r.add(&frag(2, true, 4, b"efgh")),
        Err(ctl(
            2,
            ControlRule::ForeignFragment {
                sequence: 2,
                opcode: 2
            }
        ))
    );
    let mut request = frag(1, true, 4, b"efgh");
    request[1] &= 0x7f;
    assert_eq!(r.add(&request), Err(ctl(1, ControlRule::NotAResponse)));
    let mut short = frag(1, true, 4, b"efghi");
    short.truncate(17);
    assert_eq!(
        r.add(&short),
        Err(ctl(0, ControlRule::FragmentLength { len: 17, count: 5 }))
    );
    // All the data and its padding, and one octet more: no multiple of 4.
    let mut odd = frag(1, true, 4, b"efghi");
    odd.push(0);
    assert_eq!(
        r.add(&odd),
        Err(ctl(0, ControlRule::FragmentLength { len: 21, count: 5 }))
    );
    assert_eq!(
        r.add(&frag(1, true, 4, b"")),
        Err(ctl(10, ControlRule::EmptyFragment))
    );
    // The refusals changed nothing: the hole filled, it completes.
    assert_eq!(r.fragments(), 2);
    assert!(!r.is_complete());
    assert_eq!(r.add(&frag(1, true, 4, b"efgh")), Ok(true));
    assert!(r.is_complete());
    let resp = r.response().unwrap();
    assert_eq!(resp.data(), b"abcdefghijkl");
    assert_eq!((resp.header().count, resp.header().status), (12, 0x0514));
    assert_eq!(
        r.add(&frag(1, true, 12, b"x")),
        Err(ctl(0, ControlRule::AlreadyComplete))
    );

    // An empty last fragment right after the data, before or after the
    // fragment that ends where it starts.
    for order in [[2, 0, 1], [1, 2, 0], [0, 1, 2]] {
        let frags = [
            frag(1, true, 0, b"abcd"),
            frag(1, true, 4, b"efgh"),
            frag(1, false, 8, b""),
        ];
        let mut buf = [0u8; 64];
        let mut r = Reassembler::new(&mut buf);
        for (k, &i) in order.iter().enumerate() {
            assert_eq!(r.add(&frags[i]), Ok(k == 2), "{order:?}");
        }
        assert_eq!(r.response().unwrap().data(), b"abcdefgh");
    }

    // The status word is the last fragment's, whatever the others say.
    let mut buf = [0u8; 64];
    let mut r = Reassembler::new(&mut buf);
    let mut last = frag(1, false, 4, b"efgh");
    last[4..6].copy_from_slice(&[0x96, 0x1a]);
    r.add(&last).unwrap();
    r.add(&frag(1, true, 0, b"abcd")).unwrap();
    assert_eq!(r.response().unwrap().header().status, 0x961a);

    // A last fragment that ends before one already received.
    let mut buf = [0u8; 64];
    let mut r = Reassembler::new(&mut buf);
    r.add(&frag(1, true, 8, b"ijkl")).unwrap();
    assert_eq!(
        r.add(&frag(1, false, 0, b"abcd")),
        Err(ctl(8, ControlRule::PastLastFragment { offset: 8 }))
    );
    // No last fragment yet: the first missing octet is the end of the data.
    assert_eq!(
        r.response().unwrap_err(),
        ctl(0, ControlRule::MissingFragment { offset: 0 })
    );
    assert_eq!(r.fragments(), 1);
    r.reset();
    assert_eq!(r.fragments(), 0);
    r.add(&frag(1, true, 0, b"abcd")).unwrap();
    assert_eq!(
        r.response().unwrap_err(),
        ctl(0, ControlRule::MissingFragment { offset: 4 })
    );

    // The caller's limits: fragments and octets.
    let mut buf = [0u8; 64];
    let mut r = Reassembler::<'_, 2>::with_limit(&mut buf);
    r.add(&frag(1, true, 0, b"ab")).unwrap();
    r.add(&frag(1, true, 2, b"cd")).unwrap();
    assert_eq!(
        r.add(&frag(1, false, 4, b"ef")),
        Err(ctl(0, ControlRule::TooManyFragments { limit: 2 }))
    );
    let mut small = [0u8; 6];
    let mut r = Reassembler::new(&mut small);
    assert_eq!(
        r.add(&frag(1, false, 4, b"efgh")),
        Err(Error::BufferTooSmall {
            needed: 8,
            available: 6
        })
    );
    #[cfg(feature = "alloc")]
    {
        let mut v = VecReassembler::new(6);
        assert_eq!(
            v.add(&frag(1, false, 4, b"efgh")),
            Err(Error::BufferTooSmall {
                needed: 8,
                available: 6
            })
        );
        assert_eq!((v.fragments(), v.is_complete()), (0, false));
        assert_eq!(v.add(&frag(1, false, 0, b"ab")), Ok(true));
        assert_eq!((v.fragments(), v.is_complete()), (1, true));
        assert_eq!(v.into_data(), b"ab");
    }
    // ntpq's 32.
    let mut big = [0u8; 32 * 4 + 4];
    let mut r = Reassembler::new(&mut big);
    for i in 0..32u16 {
        assert_eq!(r.add(&frag(1, true, i * 4, b"abcd")), Ok(false));
    }
    assert_eq!(
        r.add(&frag(1, false, 128, b"abcd")),
        Err(ctl(0, ControlRule::TooManyFragments { limit: 32 }))
    );
}

#[test]
fn hostile_variable_lists() {
    fn first(data: &[u8], limits: Limits) -> ntp_wire::Result<ntp_wire::control::Variable<'_>> {
        Variables::new(data, limits).next().unwrap()
    }
    // Unterminated quotes: at the end, and before a line end.
    assert_eq!(
        first(b"system=\"Linux", Limits::RESPONSE),
        Err(ctl(7, ControlRule::UnterminatedQuote))
    );
    assert_eq!(
        first(b"a=\"x\r\n\", b=1", Limits::RESPONSE),
        Err(ctl(2, ControlRule::UnterminatedQuote))
    );
    let mut two = Variables::response(b"ok=1, bad=\"open");
    assert_eq!(two.next().unwrap().unwrap().name(), b"ok");
    assert_eq!(
        two.next(),
        Some(Err(ctl(10, ControlRule::UnterminatedQuote)))
    );
    assert_eq!(two.next(), None, "fused after an error");
    // Names and values of 1 KB.
    let long = vec![b'n'; 1024];
    let mut name = long.clone();
    name.extend_from_slice(b"=1");
    assert_eq!(
        first(&name, Limits::REQUEST),
        Err(ctl(
            0,
            ControlRule::NameTooLong {
                len: 1024,
                limit: 127
            }
        ))
    );
    assert_eq!(
        first(&name, Limits::RESPONSE),
        Err(ctl(
            0,
            ControlRule::NameTooLong {
                len: 1024,
                limit: 255
            }
        ))
    );
    assert_eq!(first(&name, Limits::NONE).unwrap().name().len(), 1024);
    let mut value = b"v=".to_vec();
    value.extend_from_slice(&long);
    assert_eq!(
        first(&value, Limits::REQUEST),
        Err(ctl(
            2,
            ControlRule::ValueTooLong {
                len: 1024,
                limit: 127
            }
        ))
    );
    assert_eq!(
        first(&value, Limits::RESPONSE)
            .unwrap()
            .value()
            .unwrap()
            .len(),
        1024
    );
    // ctl_getitem's bound exactly: 127 octets pass, 128 do not.
    let mut v127 = b"nonce=".to_vec();
    v127.extend_from_slice(&[b'a'; 127]);
    assert!(first(&v127, Limits::REQUEST).is_ok());
    v127.push(b'a');
    assert_eq!(
        first(&v127, Limits::REQUEST),
        Err(ctl(
            6,
            ControlRule::ValueTooLong {
                len: 128,
                limit: 127
            }
        ))
    );
    // A parameter with no '=': a name without value, not an error here.
    let v = first(b"nonce, frags=32", Limits::REQUEST).unwrap();
    assert_eq!(
        (v.name(), v.value(), v.raw_value()),
        (&b"nonce"[..], None, None)
    );
    let v = first(b"nonce=, frags=32", Limits::REQUEST).unwrap();
    assert_eq!(v.value(), Some(&b""[..]));
    // Empty names, NUL, a quote in a name.
    assert_eq!(
        first(b", =5", Limits::RESPONSE),
        Err(ctl(2, ControlRule::EmptyName))
    );
    assert_eq!(
        first(b"a=1\0", Limits::RESPONSE),
        Err(ctl(3, ControlRule::BadOctet { octet: 0 }))
    );
    assert_eq!(
        first(b"a\"b=1", Limits::RESPONSE),
        Err(ctl(1, ControlRule::BadOctet { octet: b'"' }))
    );
    assert_eq!(
        first(b"a\x01=1", Limits::RESPONSE),
        Err(ctl(1, ControlRule::BadOctet { octet: 1 }))
    );
    // Quotes, commas, CR LF, spaces, values with no '='.
    let data = b" a=\"x, y\" ,b = 2 ,\r\nc,d=,e=\"\"\r\nf=\"p\"q\"r\"\r\n";
    let got: Vec<(Vec<u8>, Option<Vec<u8>>, bool)> = Variables::response(data)
        .map(|v| {
            let v = v.unwrap();
            (
                v.name().to_vec(),
                v.value().map(<[u8]>::to_vec),
                v.is_quoted(),
            )
        })
        .collect();
    let want: Vec<(Vec<u8>, Option<Vec<u8>>, bool)> = vec![
        (b"a".to_vec(), Some(b"x, y".to_vec()), true),
        (b"b".to_vec(), Some(b"2".to_vec()), false),
        (b"c".to_vec(), None, false),
        (b"d".to_vec(), Some(b"".to_vec()), false),
        (b"e".to_vec(), Some(b"".to_vec()), true),
        (b"f".to_vec(), Some(b"\"p\"q\"r\"".to_vec()), false),
    ];
    assert_eq!(got, want);
    let a = Variables::response(data).next().unwrap().unwrap();
    assert_eq!(
        (a.name_range(), a.value_range(), a.raw_value()),
        (1..2, Some(3..9), Some(&b"\"x, y\""[..]))
    );
}

#[test]
fn hostile_mru_replies() {
    fn first(data: &[u8]) -> ntp_wire::Result<ntp_wire::control::MruEntry<'_>> {
        MruReply::new(data).entries().next().unwrap()
    }
    let entry = "addr.0=127.0.0.2:1, last.0=0x1.2, first.0=0x1.2, ct.0=1, mv.0=35, rs.0=0x0";
    assert!(first(entry.as_bytes()).is_ok());
    // A tag with no value (CVE-2016-7434's shape, in a reply).
    assert_eq!(
        first(b"addr.0, last.0=0x1.2"),
        Err(ctl(0, ControlRule::MissingValue))
    );
    assert_eq!(
        first(b"ct.x=1"),
        Err(ctl(0, ControlRule::MruIndex { tag: MruTag::Count }))
    );
    assert_eq!(
        first(b"ct.70000=1"),
        Err(ctl(0, ControlRule::MruIndex { tag: MruTag::Count }))
    );
    assert_eq!(
        first(b"last.0=12"),
        Err(ctl(7, ControlRule::MruValue { tag: MruTag::Last }))
    );
    assert_eq!(
        first(b"mv.0=256"),
        Err(ctl(
            5,
            ControlRule::MruValue {
                tag: MruTag::ModeVersion
            }
        ))
    );
    assert_eq!(
        first(b"sc.0=0.0501"),
        Err(ctl(5, ControlRule::MruValue { tag: MruTag::Score }))
    );
    assert_eq!(
        first(b"ct.1=1"),
        Err(ctl(
            0,
            ControlRule::MruOrder {
                index: 1,
                expected: 0
            }
        ))
    );
    assert_eq!(
        first(b"ct.0=1, ct.0=2"),
        Err(ctl(
            6,
            ControlRule::MruRepeated {
                tag: MruTag::Count,
                index: 0
            }
        ))
    );
    assert_eq!(
        first(b"ct.0=1, ct.1=2"),
        Err(ctl(
            0,
            ControlRule::MruMissing {
                tag: MruTag::Addr,
                index: 0
            }
        ))
    );
    // An index skipped: the walk ends there, entry 0 with it.
    let skip = format!("{entry}, ct.2=1");
    let mut e = MruReply::new(skip.as_bytes()).entries();
    assert_eq!(
        e.next().map(|r| r.map(|e| e.index)),
        Some(Err(ctl(
            74,
            ControlRule::MruOrder {
                index: 2,
                expected: 1
            }
        )))
    );
    assert_eq!(e.next(), None);
    assert_eq!(
        MruReply::new(b"nonce=a, nonce=b").summary(),
        Err(ctl(
            0,
            ControlRule::MruRepeated {
                tag: MruTag::Nonce,
                index: 0
            }
        ))
    );
    // Fillers and unknown tags are skipped, entry tags in any order.
    let shuffled = b"rs.0=0xc0, qzx.0=123, mv.0=35, first.0=0x00000001.80000000, ct.0=7, \
        last.0=0x00000002.00000000, sc.0=1.5, dr.0=3, addr.0=[::1]:123, xyz=1, now=0x3.0";
    let reply = MruReply::new(shuffled);
    let e = reply.entries().next().unwrap().unwrap();
    assert_eq!(e.socket_addr().unwrap().to_string(), "[::1]:123");
    assert_eq!(
        (e.first, e.last),
        (Timestamp::new(1, 0x8000_0000), Timestamp::new(2, 0))
    );
    assert_eq!(
        (e.count, e.restrictions, e.score, e.dropped),
        (7, 0xc0, Some(Score(1500)), Some(3))
    );
    assert_eq!(reply.summary().unwrap().now, Some(Timestamp::new(3, 0)));
}

#[test]
fn hostile_builder_parameters() {
    let mut buf = [0u8; 600];
    let base = MruQuery {
        nonce: "n",
        frags: Some(32),
        ..MruQuery::default()
    };
    let err = |q: MruQuery<'_>| read_mru(&mut [0u8; 600], 1, &q, None).unwrap_err();
    assert_eq!(
        err(MruQuery {
            frags: Some(129),
            ..base
        }),
        ctl(
            12,
            ControlRule::MruParameter {
                tag: MruTag::Frags,
                value: 129
            }
        )
    );
    assert!(read_mru(
        &mut buf,
        1,
        &MruQuery {
            frags: Some(128),
            ..base
        },
        None
    )
    .is_ok());
    assert_eq!(
        err(MruQuery {
            frags: None,
            limit: Some(257),
            ..base
        }),
        ctl(
            12,
            ControlRule::MruParameter {
                tag: MruTag::Limit,
                value: 257
            }
        )
    );
    assert_eq!(
        err(MruQuery {
            frags: None,
            limit: Some(0),
            ..base
        }),
        ctl(
            12,
            ControlRule::MruParameter {
                tag: MruTag::Limit,
                value: 0
            }
        )
    );
    assert_eq!(
        err(MruQuery {
            frags: None,
            ..base
        }),
        ctl(
            12,
            ControlRule::MruParameter {
                tag: MruTag::Frags,
                value: 0
            }
        )
    );
    assert_eq!(
        err(MruQuery { nonce: "", ..base }),
        ctl(12, ControlRule::MissingValue)
    );
    let priors = [("127.0.0.2:123", Timestamp::new(1, 2)); 17];
    assert_eq!(
        err(MruQuery {
            priors: &priors,
            ..base
        }),
        ctl(
            12,
            ControlRule::MruParameter {
                tag: MruTag::Addr,
                value: 17
            }
        )
    );
    assert_eq!(
        err(MruQuery {
            nonce: "a,b",
            ..base
        }),
        ctl(19, ControlRule::BadOctet { octet: b',' })
    );
    assert_eq!(
        err(MruQuery {
            laddr: Some("a b"),
            ..base
        }),
        ctl(38, ControlRule::BadOctet { octet: b' ' })
    );
    // 16 pairs of IPv6 addresses do not fit 468 octets.
    let v6 = [(
        "[2001:db8::1234:5678:9abc]:12345",
        Timestamp::new(0xeebc90fa, 0xa87ad158),
    ); 16];
    assert_eq!(
        err(MruQuery {
            priors: &v6,
            ..base
        }),
        ctl(10, ControlRule::CountTooLarge { count: 472 })
    );
    // READVAR names.
    let long = "n".repeat(128);
    assert_eq!(
        readvar(&mut buf, 1, 0, &[&long], None),
        Err(ctl(
            12,
            ControlRule::NameTooLong {
                len: 128,
                limit: 127
            }
        ))
    );
    assert_eq!(
        readvar(&mut buf, 1, 0, &["a", ""], None),
        Err(ctl(14, ControlRule::EmptyName))
    );
    assert_eq!(
        readvar(&mut buf, 1, 0, &["a=b"], None),
        Err(ctl(13, ControlRule::BadOctet { octet: b'=' }))
    );
    let many = ["abcdefghij"; 43];
    assert_eq!(
        readvar(&mut buf, 1, 0, &many, None),
        Err(ctl(10, ControlRule::CountTooLarge { count: 472 }))
    );
    // A MAC no mode 6 peer takes, a buffer too small.
    let sha256 = Signing {
        key_id: 1,
        algorithm: MacAlgorithm::Sha256,
        alignment: MacAlignment::Eight,
    };
    assert_eq!(
        readstat(&mut buf, 1, 0, Some(sha256)),
        Err(ctl(12, ControlRule::MacLength { length: 36 }))
    );
    assert_eq!(
        readstat(&mut buf[..11], 1, 0, None),
        Err(Error::BufferTooSmall {
            needed: 12,
            available: 11
        })
    );
    let md5 = Signing {
        key_id: 1,
        algorithm: MacAlgorithm::Md5,
        alignment: MacAlignment::Eight,
    };
    assert_eq!(
        readstat(&mut buf[..35], 1, 0, Some(md5)),
        Err(Error::BufferTooSmall {
            needed: 36,
            available: 35
        })
    );
    // A failed item leaves the writer as it was.
    let mut w = RequestWriter::new(&mut buf, Header::request(Opcode::READVAR, 1, 0)).unwrap();
    w.variable("a", None).unwrap();
    assert!(w.variable("b c", None).is_err());
    assert_eq!(w.data_len(), 1);
}

// ---- round trips --------------------------------------------------------

fn any_header() -> impl Strategy<Value = Header> {
    (any::<[u8; 2]>(), any::<[u16; 5]>()).prop_map(|(o, w)| Header {
        leap: LeapIndicator::from_bits(o[0] >> 6),
        version: Version::from_bits(o[0] >> 3),
        response: o[1] & 0x80 != 0,
        error: o[1] & 0x40 != 0,
        more: o[1] & 0x20 != 0,
        opcode: Opcode::from_bits(o[1]),
        sequence: w[0],
        status: w[1],
        association_id: w[2],
        offset: w[3],
        count: w[4],
    })
}

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_.]{0,20}"
}

fn value() -> impl Strategy<Value = String> {
    "[!#-+\\--~]{0,30}"
}

proptest! {
    #[test]
    fn header_emits_and_parses_back(h in any_header()) {
        let bytes = h.to_bytes();
        let back = Header::from_bytes(&bytes);
        if (1..=4).contains(&h.version.to_bits()) {
            prop_assert_eq!(back, Ok(h));
            prop_assert_eq!(h.buffer_len(), 12);
            let mut slice = [0u8; 13];
            prop_assert_eq!(h.emit_slice(&mut slice), Ok(12));
            prop_assert_eq!(&slice[..12], &bytes[..]);
            prop_assert_eq!(h.emit_slice(&mut slice[..11]), Err(Error::BufferTooSmall { needed: 12, available: 11 }));
            let mut buf = [0xa5u8; 20];
            prop_assert_eq!(h.emit(&mut Packet::new_unchecked(&mut buf[..])), Ok(12));
            prop_assert_eq!(&buf[..12], &bytes[..]);
            prop_assert_eq!(&buf[12..], &[0xa5; 8]);
            let p = Packet::new_unchecked(&bytes[..]);
            prop_assert_eq!((p.opcode(), p.sequence(), p.count(), p.offset()), (h.opcode, h.sequence, h.count, h.offset));
            prop_assert_eq!(p.status_word(), h.status_word());
            prop_assert_eq!(h.status_word().raw(), h.status);
        } else {
            prop_assert!(back.is_err());
        }
    }

    #[test]
    fn setters_write_what_getters_read(h in any_header()) {
        let mut buf = [0u8; 12];
        buf[0] = 0x16;
        let mut p = Packet::new_unchecked(&mut buf[..]);
        p.set_leap(h.leap);
        p.set_version(h.version);
        p.set_response(h.response);
        p.set_error(h.error);
        p.set_more(h.more);
        p.set_opcode(h.opcode);
        p.set_sequence(h.sequence);
        p.set_status(h.status);
        p.set_association_id(h.association_id);
        p.set_offset(h.offset);
        p.set_count(h.count);
        prop_assert_eq!(p.header(), h);
        p.set_mode(ntp_wire::Mode::Control);
        prop_assert_eq!(p.as_bytes_mut().len(), 12);
        prop_assert_eq!(p.data_mut().len(), 0);
        prop_assert_eq!(buf, h.to_bytes());
    }

    #[test]
    fn readstat_and_nonce_requests_read_back(seq: u16, assoc: u16, key_id: u32, signed: bool, four: bool) {
        let signing = signed.then_some(Signing {
            key_id,
            algorithm: MacAlgorithm::Md5,
            alignment: if four { MacAlignment::Four } else { MacAlignment::Eight },
        });
        let mut buf = [0u8; 64];
        for (opcode, built) in [
            (Opcode::READSTAT, readstat(&mut buf, seq, assoc, signing).unwrap()),
            (Opcode::REQ_NONCE, req_nonce(&mut buf, seq, signing).unwrap()),
        ] {
            let mut again = [0u8; 64];
            let expect = if opcode == Opcode::READSTAT {
                readstat(&mut again, seq, assoc, signing).unwrap()
            } else {
                req_nonce(&mut again, seq, signing).unwrap()
            };
            prop_assert_eq!(&built, &expect);
            let p = Packet::new_checked(&again[..built.len]).unwrap();
            let want_assoc = if opcode == Opcode::READSTAT { assoc } else { 0 };
            prop_assert_eq!(p.header(), Header { count: 0, ..Header::request(opcode, seq, want_assoc) });
            prop_assert_eq!(built.len, if signed { if four { 32 } else { 36 } } else { 12 });
            match built.signature {
                Some(s) => {
                    let mac = p.mac_at(signing.unwrap().alignment).unwrap().unwrap();
                    prop_assert_eq!((mac.key_id(), mac.authenticated_range()), (key_id, s.authenticated));
                }
                None => prop_assert_eq!(p.mac(), Ok(None)),
            }
        }
    }

    #[test]
    fn readvar_names_read_back(names in prop::collection::vec(name(), 0..20), seq: u16, assoc: u16) {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut buf = [0u8; 600];
        match readvar(&mut buf, seq, assoc, &refs, None) {
            Ok(built) => {
                let p = Packet::new_checked(&buf[..built.len]).unwrap();
                prop_assert_eq!(built.len % 4, 0);
                prop_assert_eq!((p.opcode(), p.sequence(), p.association_id()), (Opcode::READVAR, seq, assoc));
                let back: Vec<String> = p.variables().map(|v| v.unwrap().name_str().unwrap().to_string()).collect();
                prop_assert_eq!(back, names);
                prop_assert_eq!(p.mac(), Ok(None));
            }
            Err(e) => {
                let len: usize = names.iter().map(|n| n.len() + 1).sum::<usize>() - 1;
                prop_assert!(len > 468, "{e}");
            }
        }
    }

    #[test]
    fn signed_requests_put_the_mac_where_it_is_found(
        items in prop::collection::vec((name(), prop::option::of(value())), 0..6),
        key_id: u32, sha: bool, four: bool,
    ) {
        let mut buf = [0u8; 600];
        let header = Header::request(Opcode::WRITEVAR, 3, 0);
        let mut w = RequestWriter::new(&mut buf, header).unwrap();
        for (n, v) in &items {
            w.variable(n, v.as_deref()).unwrap();
        }
        let alignment = if four { MacAlignment::Four } else { MacAlignment::Eight };
        let algorithm = if sha { MacAlgorithm::Sha1 } else { MacAlgorithm::Md5 };
        let built = w.finish(Some(Signing { key_id, algorithm, alignment })).unwrap();
        let s = built.signature.unwrap();
        buf[s.digest.clone()].fill(0x5a);
        let p = Packet::new_checked(&buf[..built.len]).unwrap();
        let mac = p.mac_at(alignment).unwrap().unwrap();
        prop_assert_eq!((mac.key_id(), mac.offset(), mac.digest_range()), (key_id, s.key_id.start, s.digest.clone()));
        prop_assert_eq!(s.authenticated.end % alignment.octets(), 0);
        prop_assert_eq!(mac.authenticated_range(), s.authenticated);
        // Read without knowing the alignment: right, or said ambiguous.
        let found = p.mac().unwrap().unwrap();
        prop_assert!(found.offset() == mac.offset() || found.is_ambiguous());
        let back: Vec<(String, Option<String>)> = p.variables()
            .map(|v| { let v = v.unwrap(); (v.name_str().unwrap().into(), v.value_str().map(Into::into)) })
            .collect();
        prop_assert_eq!(back, items);
    }

    #[test]
    fn mru_queries_read_back(
        nonce in "[0-9a-f]{24}", frags in prop::option::of(0u16..=128), limit in prop::option::of(1u32..=256),
        mincount: Option<u32>, mindrop: Option<u32>, minscore in prop::option::of(0u32..1_000_000),
        resall: Option<u16>, resany: Option<u16>, maxlstint: Option<u32>, minlstint: Option<u32>,
        recent: Option<u32>, priors in prop::collection::vec((1u8..=254, any::<u16>(), any::<u64>()), 0..4),
    ) {
        prop_assume!(frags.is_some() || limit.is_some());
        let addrs: Vec<String> = priors.iter().map(|(a, p, _)| format!("127.0.0.{a}:{p}")).collect();
        let pairs: Vec<(&str, Timestamp)> = addrs.iter().zip(&priors).map(|(a, (_, _, t))| (a.as_str(), Timestamp::from_bits(*t))).collect();
        let q = MruQuery {
            nonce: &nonce, frags, limit, mincount, mindrop, minscore: minscore.map(Score), resall, resany,
            maxlstint, minlstint, laddr: Some("127.0.0.1"), recent, priors: &pairs,
        };
        let mut buf = [0u8; 600];
        let built = read_mru(&mut buf, 9, &q, None).unwrap();
        let p = Packet::new_checked(&buf[..built.len]).unwrap();
        prop_assert!(p.is_amplification_request());
        let get = |n: &str| p.variables().find(n.as_bytes()).unwrap().and_then(|v| v.value_str().map(String::from));
        prop_assert_eq!(get("nonce"), Some(nonce.clone()));
        prop_assert_eq!(get("frags"), frags.map(|v| v.to_string()));
        prop_assert_eq!(get("limit"), limit.map(|v| v.to_string()));
        prop_assert_eq!(get("mincount"), mincount.map(|v| v.to_string()));
        prop_assert_eq!(get("mindrop"), mindrop.map(|v| v.to_string()));
        prop_assert_eq!(get("minscore"), minscore.map(|v| format!("{}.{:03}", v / 1000, v % 1000)));
        prop_assert_eq!(get("resall"), resall.map(|v| format!("{v:#x}")));
        prop_assert_eq!(get("resany"), resany.map(|v| format!("{v:#x}")));
        prop_assert_eq!(get("maxlstint"), maxlstint.map(|v| v.to_string()));
        prop_assert_eq!(get("minlstint"), minlstint.map(|v| v.to_string()));
        prop_assert_eq!(get("recent"), recent.map(|v| v.to_string()));
        prop_assert_eq!(get("laddr"), Some("127.0.0.1".to_string()));
        for (n, (addr, t)) in pairs.iter().enumerate() {
            prop_assert_eq!(get(&format!("addr.{n}")), Some(addr.to_string()));
            let last = get(&format!("last.{n}")).unwrap();
            prop_assert_eq!(last, format!("0x{:08x}.{:08x}", t.seconds(), t.fraction()));
        }
    }

    #[test]
    fn any_split_of_a_response_reassembles(
        data in prop::collection::vec(any::<u8>(), 1..2000),
        cuts in prop::collection::vec(1usize..468, 1..40),
        order in any::<u64>(),
    ) {
        // Cut the data into fragments of at most 468 octets.
        let mut frags = Vec::new();
        let mut at = 0;
        let mut i = 0;
        while at < data.len() {
            let n = cuts[i % cuts.len()].min(data.len() - at);
            frags.push(frag(4, at + n < data.len(), at as u16, &data[at..at + n]));
            at += n;
            i += 1;
        }
        prop_assume!(frags.len() <= 32);
        // Shuffle them.
        let mut seed = order;
        for k in (1..frags.len()).rev() {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            frags.swap(k, (seed >> 33) as usize % (k + 1));
        }
        let mut buf = vec![0u8; data.len()];
        let mut r = Reassembler::new(&mut buf);
        #[cfg(feature = "alloc")]
        let mut v = VecReassembler::new(data.len());
        for (k, f) in frags.iter().enumerate() {
            let last = k + 1 == frags.len();
            prop_assert_eq!(r.add(f), Ok(last));
            #[cfg(feature = "alloc")]
            prop_assert_eq!(v.add(f), Ok(last));
        }
        prop_assert_eq!(r.response().unwrap().data(), &data[..]);
        #[cfg(feature = "alloc")]
        {
            prop_assert_eq!(v.response().unwrap().header().count as usize, data.len());
            prop_assert_eq!(v.into_data(), data);
        }
    }

    #[test]
    fn server_style_lists_read_back(items in prop::collection::vec((name(), prop::option::of("[ -!#-~]{0,40}"), any::<bool>(), any::<bool>()), 0..30)) {
        // Written as ntpd writes: ", " or ",\r\n" between, quoted strings.
        let mut data = Vec::new();
        for (k, (n, v, quoted, newline)) in items.iter().enumerate() {
            if k > 0 {
                data.extend_from_slice(if *newline { b",\r\n" } else { b", " });
            }
            data.extend_from_slice(n.as_bytes());
            if let Some(v) = v {
                data.push(b'=');
                if *quoted {
                    data.push(b'"');
                    data.extend_from_slice(v.as_bytes());
                    data.push(b'"');
                } else {
                    data.extend_from_slice(v.trim().replace(',', ";").as_bytes());
                }
            }
        }
        data.extend_from_slice(b"\r\n");
        let back: Vec<(String, Option<String>)> = Variables::new(&data, Limits::NONE)
            .map(|v| { let v = v.unwrap(); (v.name_str().unwrap().into(), v.value_str().map(Into::into)) })
            .collect();
        let want: Vec<(String, Option<String>)> = items.iter().map(|(n, v, quoted, _)| {
            (n.clone(), v.as_ref().map(|v| if *quoted { v.clone() } else { v.trim().replace(',', ";") }))
        }).collect();
        prop_assert_eq!(back, want);
    }

    #[test]
    fn association_lists_read_back(entries in prop::collection::vec(any::<(u16, u16)>(), 0..117)) {
        let data: Vec<u8> = entries.iter().flat_map(|(a, s)| [a.to_be_bytes(), s.to_be_bytes()].concat()).collect();
        let list = AssociationList::new(&data).unwrap();
        prop_assert_eq!((list.len(), list.size_hint()), (entries.len(), (entries.len(), Some(entries.len()))));
        let back: Vec<(u16, u16)> = AssociationList::new(&data).unwrap().map(|a| (a.association_id, a.status.0)).collect();
        prop_assert_eq!(back, entries);
    }

    #[test]
    fn mru_entries_read_back(entries in prop::collection::vec((any::<[u8; 4]>(), any::<u16>(), any::<u64>(), any::<u64>(), any::<u32>(), any::<u8>(), any::<u16>(), 0u32..100_000, any::<u32>()), 0..10), seed: u64) {
        let mut data = String::from("nonce=abc");
        let mut s = seed;
        for (i, (ip, port, last, first, ct, mv, rs, sc, dr)) in entries.iter().enumerate() {
            let last = Timestamp::from_bits(*last);
            let first = Timestamp::from_bits(*first);
            let mut tags = vec![
                format!("addr.{i}={}.{}.{}.{}:{port}", ip[0], ip[1], ip[2], ip[3]),
                format!("last.{i}=0x{:08x}.{:08x}", last.seconds(), last.fraction()),
                format!("first.{i}=0x{:08x}.{:08x}", first.seconds(), first.fraction()),
                format!("ct.{i}={ct}"), format!("mv.{i}={mv}"), format!("rs.{i}={rs:#x}"),
                format!("sc.{i}={}", Score(*sc)), format!("dr.{i}={dr}"), format!("abc.{i}=999"),
            ];
            for k in (1..tags.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                tags.swap(k, (s >> 33) as usize % (k + 1));
            }
            for t in tags { data.push_str(", "); data.push_str(&t); }
        }
        data.push_str(", now=0xeebc9105.21491679\r\n");
        let reply = MruReply::with_limits(data.as_bytes(), Limits::NONE);
        let back: Vec<_> = reply.entries().map(Result::unwrap).collect();
        prop_assert_eq!(back.len(), entries.len());
        for (e, (ip, port, last, first, ct, mv, rs, sc, dr)) in back.iter().zip(&entries) {
            let addr = e.socket_addr().unwrap();
            prop_assert_eq!(addr.to_string(), format!("{}.{}.{}.{}:{port}", ip[0], ip[1], ip[2], ip[3]));
            prop_assert_eq!((e.last.to_bits(), e.first.to_bits()), (*last, *first));
            prop_assert_eq!((e.count, e.mode_version, e.restrictions), (*ct, *mv, u32::from(*rs)));
            prop_assert_eq!((e.score, e.dropped), (Some(Score(*sc)), Some(*dr)));
        }
        prop_assert_eq!(reply.summary().unwrap().entries, entries.len());
    }
}

/// What the capture tool shows: the header, status words and opcodes
/// serialize as plain numbers and flags.
#[cfg(feature = "serde")]
#[test]
fn header_and_status_serialize() {
    let bytes = m6("ntpq-rv-assoc-04-response");
    let h = Packet::new_checked(&bytes[..]).unwrap().header();
    assert_eq!(
        serde_json::to_string(&h).unwrap(),
        r#"{"leap":"NoWarning","version":2,"response":true,"error":false,"more":true,"opcode":2,"sequence":2,"status":38426,"association_id":17767,"offset":0,"count":468}"#
    );
    assert_eq!(
        serde_json::from_str::<Header>(&serde_json::to_string(&h).unwrap()).unwrap(),
        h
    );
    assert_eq!(
        serde_json::to_string(&h.status_word()).unwrap(),
        r#"{"Peer":38426}"#
    );
    assert_eq!(serde_json::to_string(&ErrorCode::BADASSOC).unwrap(), "4");
}

/// Every value of every status field and opcode, named as ntpq names it
/// and described as tshark (Wireshark 4.0) prints it.
#[test]
fn every_status_value_is_named() {
    use ntp_wire::control::{ClockCode, ClockStatus, ErrorStatus, SystemStatus};
    let sources = [
        "sync_unspec",
        "sync_pps",
        "sync_lf_radio",
        "sync_hf_radio",
        "sync_uhf_radio",
        "sync_local",
        "sync_ntp",
        "sync_other",
        "sync_wristwatch",
        "sync_telephone",
    ];
    for (v, n) in sources.iter().enumerate() {
        assert_eq!(ClockSource(v as u8).name(), Some(*n));
    }
    assert_eq!(
        (ClockSource(10).name(), ClockSource(63).description()),
        (None, "unknown")
    );
    assert_eq!(
        ClockSource(1).description(),
        "Calibrated atomic clock (e.g. HP 5061)"
    );
    assert_eq!(ClockSource(9).description(), "telephone modem (e.g. NIST)");
    let events = [
        "unspecified",
        "freq_not_set",
        "freq_set",
        "spike_detect",
        "freq_mode",
        "clock_sync",
        "restart",
        "panic_stop",
        "no_sys_peer",
        "leap_armed",
        "leap_disarmed",
        "leap_event",
        "clock_step",
        "kern",
        "TAI",
        "stale_leapsecond_values",
    ];
    for (v, n) in events.iter().enumerate() {
        assert_eq!(SystemEvent(v as u8).name(), Some(*n));
        assert_ne!(SystemEvent(v as u8).description(), "unknown");
    }
    assert_eq!(
        SystemEvent(15).description(),
        "leapseconds table outdated, updated file needed"
    );
    let selections = [
        ("sel_reject", ' ', "rejected"),
        (
            "sel_falsetick",
            'x',
            "passed sanity checks (tests 1 through 8 in Section 3.4.3)",
        ),
        (
            "sel_excess",
            '.',
            "passed correctness checks (intersection algorithm in Section 4.2.1)",
        ),
        (
            "sel_outlier",
            '-',
            "passed candidate checks (if limit check implemented)",
        ),
        (
            "sel_candidate",
            '+',
            "passed outlier checks (clustering algorithm in Section 4.2.2)",
        ),
        (
            "sel_backup",
            '#',
            "current synchronization source; max distance exceeded (if limit check implemented)",
        ),
        (
            "sel_sys.peer",
            '*',
            "current synchronization source; max distance okay",
        ),
        ("sel_pps.peer", 'o', "reserved"),
    ];
    for (v, (n, t, d)) in selections.iter().enumerate() {
        let s = PeerSelection(v as u8);
        assert_eq!((s.name(), s.tally(), s.description()), (Some(*n), *t, *d));
    }
    let peer_events = [
        "none",
        "mobilize",
        "demobilize",
        "unreachable",
        "reachable",
        "restart",
        "no_reply",
        "rate_exceeded",
        "access_denied",
        "leap_armed",
        "sys_peer",
        "clock_event",
        "bad_auth",
        "popcorn",
        "interleave_mode",
        "interleave_error",
    ];
    for (v, n) in peer_events.iter().enumerate() {
        assert_eq!(PeerEvent(v as u8).name(), Some(*n));
        assert_ne!(PeerEvent(v as u8).description(), "unknown");
    }
    assert_eq!(PeerEvent(8).description(), "access denied (kiss code DENY)");
    let clocks = [
        ("clk_unspec", "clock operating within nominals"),
        ("clk_no_reply", "reply timeout"),
        ("clk_bad_format", "bad reply format"),
        ("clk_fault", "hardware or software fault"),
        ("clk_bad_signal", "propagation failure"),
        ("clk_bad_date", "bad date format or value"),
        ("clk_bad_time", "bad time format or value"),
    ];
    for (v, (n, d)) in clocks.iter().enumerate() {
        assert_eq!(
            (ClockCode(v as u8).name(), ClockCode(v as u8).description()),
            (Some(*n), *d)
        );
    }
    assert_eq!(
        (ClockCode(7).name(), ClockCode(7).description()),
        (None, "unknown")
    );
    let errors = [
        ("UNSPEC", "unspecified"),
        ("PERMISSION", "authentication failure"),
        ("BADFMT", "invalid message length or format"),
        ("BADOP", "invalid opcode"),
        ("BADASSOC", "unknown association identifier"),
        ("UNKNOWNVAR", "unknown variable name"),
        ("BADVALUE", "invalid variable value"),
        ("RESTRICT", "administratively prohibited"),
    ];
    for (v, (n, d)) in errors.iter().enumerate() {
        let e = ErrorStatus((v as u16) << 8);
        assert_eq!((e.code().name(), e.code().description()), (Some(*n), *d));
        assert_eq!(e.to_string(), format!("Error Status Word: {d}"));
    }
    let opcodes = [
        (0, "UNSPEC", "reserved"),
        (1, "READSTAT", "read status"),
        (2, "READVAR", "read variables"),
        (3, "WRITEVAR", "write variables"),
        (4, "READCLOCK", "read clock variables"),
        (5, "WRITECLOCK", "write clock variables"),
        (6, "SETTRAP", "set trap address/port"),
        (7, "ASYNCMSG", "asynchronous message"),
        (8, "CONFIGURE", "runtime configuration"),
        (9, "SAVECONFIG", "save config to file"),
        (10, "READ_MRU", "retrieve MRU (mrulist)"),
        (11, "READ_ORDLIST_A", "retrieve ordered list"),
        (12, "REQ_NONCE", "request a client nonce"),
        (31, "UNSETTRAP", "unset trap address/port"),
    ];
    for (v, n, d) in opcodes {
        let o = Opcode(v);
        assert_eq!(
            (o.name(), o.description(), o.to_string()),
            (Some(n), Some(d), format!("{n} ({v})"))
        );
        assert_eq!(Opcode::from_bits(v | 0xe0), o);
    }
    assert_eq!(
        (
            Opcode(13).name(),
            Opcode(13).description(),
            format!("{:?}", Opcode(13))
        ),
        (None, None, "Opcode(13)".into())
    );
    let text: Vec<bool> = (0..32).map(|v| Opcode(v).has_text_data()).collect();
    assert_eq!(text.iter().filter(|&&t| t).count(), 7);
    assert!(text[2] && text[5] && text[10] && text[12] && !text[1] && !text[6] && !text[9]);

    // The words by context, and their texts.
    let decode = |r, e, op, id, raw| StatusWord::decode(r, e, Opcode(op), id, raw);
    assert_eq!(
        decode(false, false, 2, 0, 0x0514),
        StatusWord::Other(0x0514)
    );
    assert_eq!(
        decode(true, true, 4, 0, 0x0500),
        StatusWord::Error(ErrorStatus(0x0500))
    );
    for op in [4, 5] {
        assert_eq!(
            decode(true, false, op, 3, 0x0102),
            StatusWord::Clock(ClockStatus(0x0102))
        );
    }
    for op in [1, 2, 3, 7] {
        assert_eq!(
            decode(true, false, op, 0, 0x0514),
            StatusWord::System(SystemStatus(0x0514))
        );
        assert_eq!(
            decode(true, false, op, 9, 0x961a),
            StatusWord::Peer(PeerStatus(0x961a))
        );
    }
    for op in [0, 6, 8, 9, 10, 11, 12, 31] {
        assert_eq!(decode(true, false, op, 0, 7), StatusWord::Other(7));
    }
    let c = ClockStatus(0x0102);
    assert_eq!(
        (c.status(), c.event()),
        (ClockCode::NOREPLY, ClockCode::BADFORMAT)
    );
    assert_eq!(
        c.to_string(),
        "Clock Status: reply timeout, Clock Event Code: bad reply format"
    );
    let s = SystemStatus(0xc5f4 | 0x0003);
    assert_eq!(
        (
            s.leap(),
            s.leap_name(),
            s.clock_source().0,
            s.event_count(),
            s.event().0
        ),
        (LeapIndicator::Unsynchronized, "leap_alarm", 5, 15, 7)
    );
    let leaps: Vec<&str> = (0..4u16)
        .map(|l| SystemStatus(l << 14).leap_name())
        .collect();
    assert_eq!(
        leaps,
        ["leap_none", "leap_add_sec", "leap_del_sec", "leap_alarm"]
    );
    let all = PeerStatus(0xfeff);
    assert!(
        all.configured()
            && all.auth_enabled()
            && all.authentic()
            && all.reachable()
            && all.broadcast()
    );
    assert_eq!(all.to_string(), "Peer Status: conf, authenb, auth, reach, bcast, Peer Selection: current synchronization source; max distance okay, Peer Event Counter: 15, Peer Event Code: interleave error (recovered)");
    assert_eq!(PeerStatus(0).to_string(), "Peer Status: none, Peer Selection: rejected, Peer Event Counter: 0, Peer Event Code: unspecified");
    assert_eq!(StatusWord::Other(0x12).to_string(), "0x0012");
    assert_eq!(
        StatusWord::Error(ErrorStatus(0x0400)).to_string(),
        "0x0400, Error Status Word: unknown association identifier"
    );
    assert_eq!(StatusWord::Clock(c).raw(), 0x0102);
}

/// A follow-up READ_MRU reply: the oldest prior entry still there comes
/// before the nonce, then the entries, and no `now` (the list goes on).
#[test]
fn mru_follow_up_reply() {
    let data = b"last.older=0xeebc90fa.e0b3be88, addr.older=127.0.0.2:33368, \
        nonce=eebc91052145e55e5d745bee, addr.0=[::1]:123, first.0=0x1.0, last.0=0x2.0, \
        ct.0=3, mv.0=36, rs.0=0x0, zzq.0=1\r\n";
    let reply = MruReply::new(data);
    let s = reply.summary().unwrap();
    assert_eq!(s.last_older, Some(Timestamp::new(0xeebc90fa, 0xe0b3be88)));
    assert_eq!(s.addr_older, Some(&b"127.0.0.2:33368"[..]));
    assert_eq!(
        (s.entries, s.now, s.last_newest, s.is_complete()),
        (1, None, None, false)
    );
    let fields: Vec<_> = reply.fields().map(Result::unwrap).collect();
    assert_eq!(fields.len(), 9, "the filler is skipped");
    assert_eq!(
        fields[2],
        ntp_wire::control::MruField::Nonce(b"eebc91052145e55e5d745bee")
    );
    let e = reply.entries().next().unwrap().unwrap();
    assert_eq!(
        (e.index, e.score, e.dropped, e.mode(), e.version()),
        (0, None, None, 4, 4)
    );
    assert_eq!(
        fields[3],
        ntp_wire::control::MruField::Entry {
            index: 0,
            value: ntp_wire::control::EntryValue::Addr(b"[::1]:123")
        }
    );
    assert_eq!(ntp_wire::control::EntryValue::Count(3).tag(), MruTag::Count);
    assert_eq!(Score(50).to_string(), "0.050");
    assert_eq!(Score(12_345).to_string(), "12.345");
}

#[test]
fn data_written_in_place() {
    let mut bytes = m6("ntpq-rv-02-response");
    let mut p = Packet::new_checked(&mut bytes[..]).unwrap();
    p.data_mut()[..6].copy_from_slice(b"leap=3");
    p.set_mode(ntp_wire::Mode::Private);
    assert_eq!(p.mode(), ntp_wire::Mode::Private);
    assert_eq!(&bytes[12..18], b"leap=3");
    assert_eq!(bytes[0], 0x17);
    assert_eq!(Limits::default(), Limits::RESPONSE);
}

#[test]
fn ambiguity_and_crypto_nak_exactly() {
    // MD5 at 16 after a bare header: 24 octets at 12 would be SHA-1.
    let p = m6("auth-md5-rv-version-01-request");
    assert!(Packet::new_checked(&p[..])
        .unwrap()
        .mac()
        .unwrap()
        .unwrap()
        .is_ambiguous());
    // SHA-1 at 16: 28 octets at 12 are no MAC.
    let p = m6("auth-sha1-rv-version-01-request");
    assert!(!Packet::new_checked(&p[..])
        .unwrap()
        .mac()
        .unwrap()
        .unwrap()
        .is_ambiguous());
    // Key id 0 with a digest is a MAC, not a crypto-NAK.
    let mut m = message(0x82, 0, 4, b"a=1\n");
    m.extend_from_slice(&[0; 20]);
    let p = Packet::new_checked(&m[..]).unwrap();
    let mac = p.mac().unwrap().unwrap();
    assert_eq!(
        (mac.key_id(), mac.len(), mac.is_crypto_nak()),
        (0, 20, false)
    );
}

#[test]
fn header_text_and_alignments() {
    let bytes = m6("ntpq-p-04-response");
    let h = Packet::new_checked(&bytes[..]).unwrap().header();
    assert_eq!(
        h.to_string(),
        "READVAR (2) response, more, sequence 2, status 0x961a, Peer Status: conf, reach, Peer \
         Selection: current synchronization source; max distance okay, Peer Event Counter: 1, Peer \
         Event Code: become system peer, association id 17767, offset 0, count 468"
    );
    let e = Header::from_bytes(&m6("err-bad-assoc-02-response")).unwrap();
    assert_eq!(
        e.to_string(),
        "READVAR (2) response, error, sequence 101, status 0x0400, Error Status Word: unknown \
         association identifier, association id 12345, offset 2808, count 0"
    );
    assert_eq!(
        (MacAlignment::Eight.octets(), MacAlignment::Four.octets()),
        (8, 4)
    );
}
