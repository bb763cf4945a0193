//! Control messages against a live NTPsec 1.2.2 on 127.0.0.1:123: the
//! crate's own READSTAT, READVAR, REQ_NONCE and READ_MRU requests, every
//! reply decoded without error, and the values that do not change between
//! two queries checked against what NTPsec's own `ntpq` prints for the
//! same daemon in the same run (`-c rv`, `-c as`, `-p`, `-c mrulist`):
//! version, system, processor, stratum, refid, association ids, peer
//! addresses, the MRU clients and their counts. Clock readings are not
//! compared.
//!
//! Before the MRU list is read, one mode 3 request is sent from each of
//! 127.0.0.2 .. 127.0.0.20, so the list spans several fragments.
//!
//! Runs under `CI=true` (where a missing ntpd or ntpq fails it) or with
//! `NTP_WIRE_DAEMONS=1`; elsewhere it prints a notice. Needs root (port
//! 123) and the lock every daemon test takes:
//!
//! ```text
//! NTP_WIRE_DAEMONS=1 NTPSEC_NTPD=/opt/ntpsec/usr/sbin/ntpd \
//!     flock /tmp/ntp-daemons.lock cargo test --all-features --test control_daemon -- --nocapture
//! ```
//!
//! ntpq is `NTPSEC_NTPQ`, else `../bin/ntpq` beside ntpd; it needs the
//! Debian package python3-ntp (`.ci/daemons/install.sh` installs it).

mod common;
mod daemon_support;

use common::ntpq_rows;

use std::net::{SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use daemon_support::{binary, in_ci, ntpsec_ready, start_ntpsec, NTPSEC_PORT};
use ntp_wire::control::{
    read_mru, readstat, readvar, req_nonce, Association, Header, MruEntry, MruQuery, MruReply,
    Opcode, PeerSelection, StatusWord, Variables, VecReassembler,
};
use ntp_wire::exchange::client_request;
use ntp_wire::{Message, Timestamp, Version};

/// The loopback clients put in the MRU list: 127.0.0.2 .. 127.0.0.20.
const CLIENTS: std::ops::RangeInclusive<u8> = 2..=20;

/// One control session from one socket (the nonce is tied to it).
struct Session {
    socket: UdpSocket,
    sequence: u16,
}

/// A reassembled reply and how many fragments it came in.
struct Reply {
    header: Header,
    data: Vec<u8>,
    fragments: usize,
}

impl Session {
    fn new() -> Session {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket.connect(("127.0.0.1", NTPSEC_PORT)).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        Session {
            socket,
            sequence: 0,
        }
    }

    fn next_sequence(&mut self) -> u16 {
        self.sequence += 1;
        self.sequence
    }

    /// Sends `request` and reassembles the reply; a few tries.
    fn ask(&mut self, request: &[u8]) -> Reply {
        let sequence = u16::from_be_bytes([request[2], request[3]]);
        for _ in 0..3 {
            self.socket.send(request).unwrap();
            let mut r = VecReassembler::new(65535);
            let mut buf = [0u8; 2048];
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                let Ok(n) = self.socket.recv(&mut buf) else {
                    break;
                };
                let fragment = &buf[..n];
                // Every fragment goes through the front door as mode 6.
                let Ok(Message::Control(p)) = Message::parse(fragment) else {
                    panic!("not a control message: {fragment:02x?}")
                };
                if p.sequence() != sequence {
                    continue; // a late answer to an earlier try
                }
                assert_eq!(p.mac(), Ok(None), "unsigned request, unsigned reply");
                if r.add(fragment)
                    .unwrap_or_else(|e| panic!("fragment refused: {e}"))
                {
                    let resp = r.response().unwrap();
                    return Reply {
                        header: resp.header(),
                        data: resp.data().to_vec(),
                        fragments: r.fragments(),
                    };
                }
            }
        }
        panic!("no complete reply to {request:02x?}")
    }
}

/// ntpq beside ntpd, or `NTPSEC_NTPQ`; runs it once to see it works
/// (python3-ntp). `None` outside CI when it does not.
fn ntpq(ntpd: &Path) -> Option<PathBuf> {
    let path = std::env::var_os("NTPSEC_NTPQ")
        .map(PathBuf::from)
        .unwrap_or_else(|| ntpd.parent().unwrap().join("../bin/ntpq"));
    let works = Command::new(&path)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(path);
    }
    let why = format!(
        "{} does not run (is the Debian package python3-ntp installed?)",
        path.display()
    );
    if in_ci() {
        panic!("{why}: under CI=true the control daemon test must run");
    }
    eprintln!("\n*** SKIPPING the ntpq comparison: {why} ***\n");
    None
}

/// What ntpq prints for `command` against 127.0.0.1.
fn run_ntpq(ntpq: &Path, args: &[&str]) -> String {
    let out = Command::new("timeout")
        .arg("30")
        .arg(ntpq)
        .args(args)
        .arg("127.0.0.1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "ntpq {args:?}: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("--- ntpq {} ---\n{text}", args.join(" "));
    text
}

/// One mode 3 request from each of the clients, answered or not.
fn mode3_from_clients() {
    for last in CLIENTS {
        let socket = UdpSocket::bind((format!("127.0.0.{last}").as_str(), 0)).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(1)))
            .unwrap();
        let request = client_request(Version::V4, Timestamp::now()).unwrap();
        socket
            .send_to(&request.to_bytes(), ("127.0.0.1", NTPSEC_PORT))
            .unwrap();
        let _ = socket.recv(&mut [0u8; 256]);
    }
}

fn value(data: &[u8], name: &str) -> String {
    let v = Variables::response(data)
        .find(name.as_bytes())
        .unwrap_or_else(|e| panic!("variables: {e}"))
        .unwrap_or_else(|| panic!("no {name}"));
    v.value_str().unwrap().to_string()
}

#[test]
fn control_messages_against_ntpsec_and_ntpq() {
    if !in_ci() && std::env::var_os("NTP_WIRE_DAEMONS").is_none() {
        eprintln!(
            "\n*** NOT RUN: the control daemon test starts NTPsec as root on port 123; it runs \
             under CI=true or with NTP_WIRE_DAEMONS=1 (see tests/control_daemon.rs). ***\n"
        );
        return;
    }
    let Some(ntpd) = binary("NTPSEC_NTPD", None) else {
        return;
    };
    let ntpq = ntpq(&ntpd);
    let mut daemon = start_ntpsec(&ntpd);
    let ready = daemon.wait_ready(
        Duration::from_secs(60),
        Duration::from_millis(250),
        ntpsec_ready,
    );
    eprintln!("ntpsec: synchronized {ready:?} after spawn");
    mode3_from_clients();

    let mut s = Session::new();
    let mut buf = [0u8; 600];

    // READSTAT: the system status and the association list.
    let seq = s.next_sequence();
    let n = readstat(&mut buf, seq, 0, None).unwrap().len;
    let reply = s.ask(&buf[..n]);
    assert_eq!(
        (
            reply.header.opcode,
            reply.header.response,
            reply.header.error
        ),
        (Opcode::READSTAT, true, false)
    );
    let StatusWord::System(system) = reply.header.status_word() else {
        panic!("READSTAT of association 0 carries the system status")
    };
    eprintln!("READSTAT: {}", reply.header);
    let associations: Vec<Association> = ntp_wire::control::AssociationList::new(&reply.data)
        .unwrap()
        .collect();
    assert_eq!(associations.len(), 1, "one association: the LOCAL clock");
    let peer = associations[0];
    assert!(peer.status.configured() && peer.status.reachable());
    assert_eq!(peer.status.selection(), PeerSelection::SYS_PEER);

    // READVAR of the system.
    let seq = s.next_sequence();
    let n = readvar(&mut buf, seq, 0, &[], None).unwrap().len;
    let sys = s.ask(&buf[..n]);
    assert!(matches!(sys.header.status_word(), StatusWord::System(_)));
    assert_eq!(value(&sys.data, "version"), "ntpd ntpsec-1.2.2");
    assert_eq!(value(&sys.data, "stratum"), "9");
    assert_eq!(value(&sys.data, "refid"), "127.127.1.0");
    assert_eq!(value(&sys.data, "peer"), peer.association_id.to_string());
    assert_eq!(
        Variables::response(&sys.data)
            .filter(|v| v.is_err())
            .count(),
        0
    );
    eprintln!(
        "READVAR system: {} variables, system status {system}",
        Variables::response(&sys.data).count()
    );

    // READVAR of the names ntpq asks, one call.
    let seq = s.next_sequence();
    let n = readvar(&mut buf, seq, 0, &["version", "stratum", "refid"], None)
        .unwrap()
        .len;
    let some = s.ask(&buf[..n]);
    let mut names: Vec<String> = Variables::response(&some.data)
        .map(|v| v.unwrap().name_str().unwrap().to_string())
        .collect();
    // NTPsec answers in the order of its own table, not of the request.
    names.sort();
    assert_eq!(names, ["refid", "stratum", "version"]);

    // READVAR of the peer: two fragments.
    let seq = s.next_sequence();
    let n = readvar(&mut buf, seq, peer.association_id, &[], None)
        .unwrap()
        .len;
    let pv = s.ask(&buf[..n]);
    assert!(matches!(pv.header.status_word(), StatusWord::Peer(_)));
    assert_eq!(pv.header.association_id, peer.association_id);
    assert!(pv.fragments >= 2, "the peer variables span fragments");
    assert_eq!(value(&pv.data, "srcadr"), "127.127.1.0");
    assert_eq!(value(&pv.data, "srcport"), "123");
    assert_eq!(value(&pv.data, "dstadr"), "127.0.0.1");
    assert_eq!(value(&pv.data, "stratum"), "8");
    assert_eq!(value(&pv.data, "refid"), "LOCL");
    assert_eq!(value(&pv.data, "srchost"), "LOCAL(0)");

    // REQ_NONCE, then READ_MRU in small fragments.
    let seq = s.next_sequence();
    let n = req_nonce(&mut buf, seq, None).unwrap().len;
    let nonce_reply = s.ask(&buf[..n]);
    let nonce = MruReply::new(&nonce_reply.data)
        .summary()
        .unwrap()
        .nonce
        .unwrap()
        .to_vec();
    assert_eq!(nonce.len(), 24);
    let nonce = String::from_utf8(nonce).unwrap();
    let seq = s.next_sequence();
    let q = MruQuery {
        nonce: &nonce,
        frags: Some(32),
        ..MruQuery::default()
    };
    let n = read_mru(&mut buf, seq, &q, None).unwrap().len;
    let mru = s.ask(&buf[..n]);
    assert!(mru.fragments >= 3, "{} fragments", mru.fragments);
    let reply = MruReply::new(&mru.data);
    let entries: Vec<MruEntry<'_>> = reply.entries().map(|e| e.unwrap()).collect();
    let summary = reply.summary().unwrap();
    assert!(summary.is_complete(), "the whole list in one reply");
    assert_eq!(summary.entries, entries.len());
    for last in CLIENTS {
        let ip = format!("127.0.0.{last}");
        let e = entries
            .iter()
            .find(|e| e.socket_addr().unwrap().ip().to_string() == ip)
            .unwrap_or_else(|| panic!("{ip} in the MRU list"));
        assert_eq!((e.mode(), e.version(), e.count), (3, 4, 1), "{ip}");
    }
    eprintln!(
        "READ_MRU: {} entries in {} fragments",
        entries.len(),
        mru.fragments
    );

    // ntpq's view of the same daemon.
    let Some(ntpq) = ntpq else {
        return;
    };
    let rv = run_ntpq(&ntpq, &["-c", "rv"]);
    for name in ["version", "system", "processor"] {
        assert!(
            rv.contains(&format!("{name}=\"{}\"", value(&sys.data, name))),
            "{name}"
        );
    }
    for name in ["stratum", "refid", "peer"] {
        assert!(
            rv.contains(&format!("{name}={},", value(&sys.data, name))),
            "{name}"
        );
    }
    // The event counter clears once read; LI and clock source stay.
    let status_line = format!(
        "{}, {},",
        system.leap_name(),
        system.clock_source().name().unwrap()
    );
    assert!(
        rv.lines().next().unwrap().contains(&status_line),
        "{status_line}"
    );

    let r#as = run_ntpq(&ntpq, &["-c", "as"]);
    let rows = ntpq_rows(&r#as);
    assert_eq!(rows.len(), associations.len());
    for (row, a) in rows.iter().zip(&associations) {
        // ind assid status conf reach auth condition last_event cnt
        assert_eq!(row[1], a.association_id.to_string());
        assert_eq!(row[3], if a.status.configured() { "yes" } else { "no" });
        assert_eq!(row[4], if a.status.reachable() { "yes" } else { "no" });
        let condition = a
            .status
            .selection()
            .name()
            .unwrap()
            .trim_start_matches("sel_");
        assert_eq!(row[6], condition);
    }

    let p = run_ntpq(&ntpq, &["-p"]);
    let line = p.lines().nth(2).expect("one peer line");
    let fields: Vec<&str> = line.split_whitespace().collect();
    let tally = peer.status.selection().tally();
    assert_eq!(fields[0], format!("{tally}{}", value(&pv.data, "srchost")));
    assert_eq!(fields[1], format!(".{}.", value(&pv.data, "refid")));
    assert_eq!(fields[2], value(&pv.data, "stratum"));

    let mrulist = run_ntpq(&ntpq, &["-c", "mrulist"]);
    let rows = ntpq_rows(&mrulist);
    // lstint avgint rstr r m v count score drop rport remote address
    for last in CLIENTS {
        let ip = format!("127.0.0.{last}");
        let row = rows
            .iter()
            .find(|r| r.last() == Some(&ip.as_str()))
            .unwrap_or_else(|| panic!("ntpq lists {ip}"));
        let ours = entries
            .iter()
            .find(|e| e.socket_addr().unwrap().ip().to_string() == ip)
            .unwrap();
        let addr: SocketAddr = format!("{ip}:{}", row[9]).parse().unwrap();
        assert_eq!(ours.socket_addr(), Some(addr), "{ip}: port");
        assert_eq!(row[6], ours.count.to_string(), "{ip}: count");
        assert_eq!(
            (row[4], row[5]),
            (
                ours.mode().to_string().as_str(),
                ours.version().to_string().as_str()
            )
        );
        assert_eq!(
            row[2],
            format!("{:x}", ours.restrictions),
            "{ip}: restrictions"
        );
        assert_eq!(row[7], ours.score.unwrap().to_string(), "{ip}: score");
    }
    drop(daemon);
}
