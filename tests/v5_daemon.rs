//! The crate's NTPv5 against a live ntpd-rs 1.9 on 127.0.0.1: its
//! requests (Draft Identification, Padding, Reference IDs Request) are
//! answered and every field of every reply decodes to what ntpd-rs 1.9
//! sends; the v4 upgrade offer `NTP5DRFT` is echoed and `NTP5NTP5` is
//! not; mode 1 gets nothing, nor do the requests it refuses; the deny-all
//! listener answers v5's DENY (stratum 0, poll 127).
//!
//! The daemon is started with `.ci/daemons/ntpd-rs.sh start DIR` (which
//! drops CAP_SYS_TIME with setpriv; no time source, so it never touches
//! the clock) and stopped with `stop DIR` when the test ends, failing or
//! not. Its ports are fixed (12400 and 12401), so the test holds
//! `/tmp/ntp-daemons.lock` throughout, unless it runs under a
//! `flock /tmp/ntp-daemons.lock` already (found among its ancestors) or
//! with `NTP_DAEMONS_LOCKED=1`.
//!
//! It runs under `CI=true` (as `.ci/run` sets it) or with
//! `NTP_WIRE_DAEMONS=1`; elsewhere it prints a loud notice and does
//! nothing, since it needs root. Under `CI=true` a missing ntp-daemon
//! fails the test. By hand:
//!
//! ```text
//! bash .ci/daemons/ntpd-rs.sh install   # once, about 2 minutes
//! NTP_WIRE_DAEMONS=1 cargo test --all-features --test v5_daemon -- --nocapture
//! ```
//!
//! Finds ntp-daemon through `NTPDRS_DAEMON`, else `$CARGO_HOME/bin`,
//! `~/.cargo/bin` and PATH.

mod daemon_support;

use std::fs::File;
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ntp_wire::v5::{
    BloomFilter, Cookie, FieldValue, Flags, Header, Packet, ReferenceIdsRequest, Reply, Request,
    Timescale, Upgrade, DRAFT_08, DRAFT_09, POLL_NEVER,
};
use ntp_wire::{
    ExtensionFieldType as T, LeapIndicator, Message, Mode, Poll, Precision, Stratum, Time32,
    Timestamp, Version,
};

const PORT: u16 = 12400;
const DENY_PORT: u16 = 12401;
/// How long a dropped request is waited for.
const SILENCE: Duration = Duration::from_secs(1);

/// The ntp-daemon binary, or `None` (after a loud message) outside CI.
fn ntp_daemon() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(p) = std::env::var_os("NTPDRS_DAEMON") {
        candidates.push(PathBuf::from(p));
    } else {
        if let Some(home) = std::env::var_os("CARGO_HOME") {
            candidates.push(Path::new(&home).join("bin/ntp-daemon"));
        }
        if let Some(home) = std::env::var_os("HOME") {
            candidates.push(Path::new(&home).join(".cargo/bin/ntp-daemon"));
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        candidates.extend(std::env::split_paths(&path).map(|d| d.join("ntp-daemon")));
    }
    if let Some(found) = candidates.into_iter().find(|p| p.is_file()) {
        return Some(found);
    }
    let why = "ntp-daemon (ntpd-rs 1.9) not found: NTPDRS_DAEMON unset, nothing in $CARGO_HOME/bin, ~/.cargo/bin or PATH";
    if daemon_support::in_ci() {
        panic!("{why}: under CI=true this test must run (bash .ci/daemons/ntpd-rs.sh install)");
    }
    eprintln!(
        "\n*** SKIPPING the ntpd-rs test: {why}. Run `bash .ci/daemons/ntpd-rs.sh install`. ***\n"
    );
    None
}

/// The daemon, stopped (and its directory removed) on drop; the lock,
/// released after that.
struct NtpdRs {
    dir: PathBuf,
    _lock: Option<File>,
}

impl NtpdRs {
    fn start(daemon: &Path) -> NtpdRs {
        let lock = daemon_support::daemons_lock();
        let dir = std::env::temp_dir().join(format!(
            "ntp-wire-ntpd-rs-{}-{:08x}",
            std::process::id(),
            Timestamp::now().fraction()
        ));
        let started = Instant::now();
        let out = Command::new("bash")
            .arg(script())
            .arg("start")
            .arg(&dir)
            .env("NTPDRS_DAEMON", daemon)
            .env("NTP_DAEMONS_LOCKED", "1")
            .output()
            .expect("bash .ci/daemons/ntpd-rs.sh start");
        let d = NtpdRs { dir, _lock: lock };
        assert!(
            out.status.success(),
            "ntpd-rs.sh start failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!(
            "{} in {:?}",
            String::from_utf8_lossy(&out.stdout).trim(),
            started.elapsed()
        );
        d
    }
}

impl Drop for NtpdRs {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(&self.dir)
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/daemons/ntpd-rs.sh")
}

/// Sends `request` to 127.0.0.1:`port`; the reply, or `None` after
/// `SILENCE`.
fn ask(port: u16, request: &[u8]) -> Option<Vec<u8>> {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.connect(("127.0.0.1", port)).unwrap();
    socket.set_read_timeout(Some(SILENCE)).unwrap();
    socket.send(request).unwrap();
    let mut buf = [0u8; 2048];
    match socket.recv(&mut buf) {
        Ok(n) => Some(buf[..n].to_vec()),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            None
        }
        Err(e) => panic!("receive from 127.0.0.1:{port}: {e}"),
    }
}

/// A fresh client cookie.
fn cookie(n: u64) -> Cookie {
    let now = Timestamp::now().to_bits();
    Cookie::from_u64(now.rotate_left(17) ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
}

fn emit(request: &Request<'_>) -> Vec<u8> {
    let mut buf = vec![0u8; request.buffer_len()];
    let n = request.emit(&mut buf).unwrap();
    assert_eq!(n, buf.len());
    buf
}

/// Every field of ntpd-rs 1.9's time reply to `request`: the header as
/// it sends it, then `answers` (the fields before the Draft
/// Identification), then the Draft Identification, then one Padding up
/// to the request's length. The reply is also what the crate's reply
/// builder writes for the same header.
fn check_reply(request: &[u8], reply: &[u8], answers: &[FieldValue<'_>], what: &str) {
    let sent = Header::from_bytes(request).unwrap();
    let p = Packet::new_checked(reply).unwrap_or_else(|e| panic!("{what}: {e}"));
    let h = Header::parse(&p).unwrap();
    let now = Timestamp::now();
    assert_eq!(reply.len(), request.len(), "{what}: as long as the request");
    assert_eq!(h.leap, LeapIndicator::NoWarning, "{what}");
    assert_eq!(p.version(), Version::V5, "{what}");
    assert_eq!(h.mode, Mode::Server, "{what}");
    assert_eq!(h.stratum, Stratum(1), "{what}: local-stratum 1");
    assert_eq!(h.poll, sent.poll, "{what}: the request's poll");
    assert_eq!(
        h.precision,
        Precision(-18),
        "{what}: ntp-proto's fixed 2^-18 s"
    );
    assert_eq!(
        (h.root_delay, h.root_dispersion),
        (Time32::ZERO, Time32::ZERO),
        "{what}"
    );
    assert_eq!(
        h.timescale,
        Timescale::UTC,
        "{what}: 1.9 always answers UTC"
    );
    assert_eq!(h.era, 0, "{what}");
    assert_eq!(h.flags, Flags::SYNCHRONIZED, "{what}: basic mode only");
    assert!(!h.server_cookie.is_zero(), "{what}: a random server cookie");
    assert_eq!(h.client_cookie, sent.client_cookie, "{what}: cookie echoed");
    let delta = |t: Timestamp| now.wrapping_delta(t).as_nanos().abs();
    assert!(delta(h.receive_timestamp) < 5_000_000_000, "{what}: {h}");
    assert!(
        h.transmit_timestamp
            .wrapping_delta(h.receive_timestamp)
            .as_nanos()
            >= 0
    );
    assert!(delta(h.transmit_timestamp) < 5_000_000_000, "{what}");
    let values: Vec<FieldValue<'_>> = p
        .fields()
        .map(|f| FieldValue::read(&f.unwrap()).unwrap())
        .collect();
    assert_eq!(&values[..answers.len()], answers, "{what}");
    assert_eq!(
        values[answers.len()],
        FieldValue::DraftIdentification(DRAFT_08.as_bytes()),
        "{what}"
    );
    match &values[answers.len() + 1..] {
        [] => {}
        [FieldValue::Padding(v)] => assert!(v.iter().all(|b| *b == 0), "{what}"),
        other => panic!("{what}: after the Draft Identification {other:?}"),
    }
    assert!(matches!(Message::parse(reply), Ok(Message::V5(_))));
    let ours = Reply {
        reference_ids: Some(&BloomFilter::new()),
        ..Reply::new(h)
    };
    let mut out = vec![0u8; reply.len()];
    assert_eq!(ours.emit(request, &mut out), Ok(reply.len()));
    assert_eq!(
        out, reply,
        "{what}: the crate's reply builder writes the same"
    );
}

#[test]
fn ntpd_rs_answers_the_crates_ntpv5() {
    if !daemon_support::in_ci() && std::env::var_os("NTP_WIRE_DAEMONS").is_none() {
        eprintln!(
            "\n*** NOT RUN: the ntpd-rs test starts ntp-daemon as root on ports 12400 and 12401; \
             it runs under CI=true or with NTP_WIRE_DAEMONS=1 (see tests/v5_daemon.rs). ***\n"
        );
        return;
    }
    let Some(daemon) = ntp_daemon() else { return };
    let _ntpd = NtpdRs::start(&daemon);

    // 1. The default request: Draft Identification -08, 76 octets.
    let plain = emit(&Request::new(cookie(1)));
    let reply = ask(PORT, &plain).expect("an answer to the crate's request");
    check_reply(&plain, &reply, &[], "draft 08");

    // 2. Padded to 128: the reply comes back as long.
    let padded = emit(&Request {
        pad_to: 128,
        ..Request::new(cookie(2))
    });
    let reply = ask(PORT, &padded).expect("an answer to a padded request");
    check_reply(&padded, &reply, &[], "padded to 128");

    // 3. Reference IDs: a chunk of the filter, all zero (no sources), as
    //    long as asked; then the whole filter in ntpd-rs's 16-octet chunks.
    let zeros = [0u8; 512];
    let refids = emit(&Request {
        reference_ids: Some(ReferenceIdsRequest {
            offset: 448,
            length: 64,
        }),
        pad_to: 160,
        ..Request::new(cookie(3))
    });
    let reply = ask(PORT, &refids).expect("an answer to a Reference IDs request");
    check_reply(
        &refids,
        &reply,
        &[FieldValue::ReferenceIdsResponse(&zeros[..64])],
        "reference ids 448+64",
    );
    let mut filter = BloomFilter::from_bytes([0xff; 512]);
    for (i, chunk) in ReferenceIdsRequest::chunks(16).enumerate() {
        let req = emit(&Request {
            reference_ids: Some(chunk),
            ..Request::new(cookie(100 + i as u64))
        });
        let reply = ask(PORT, &req).expect("an answer to a chunk request");
        let p = Packet::new_checked(&reply[..]).unwrap();
        let first = FieldValue::read(&p.fields().next().unwrap().unwrap()).unwrap();
        let FieldValue::ReferenceIdsResponse(bytes) = first else {
            panic!("chunk {chunk:?}: {first:?}")
        };
        filter
            .write_chunk(usize::from(chunk.offset), bytes)
            .unwrap();
    }
    assert_eq!(
        filter,
        BloomFilter::new(),
        "ntpd-rs 1.9 with no source sends an empty filter"
    );
    // Past the end: left out, padded over.
    let past = emit(&Request {
        reference_ids: Some(ReferenceIdsRequest {
            offset: 480,
            length: 64,
        }),
        ..Request::new(cookie(4))
    });
    let reply = ask(PORT, &past).expect("an answer past the filter");
    check_reply(&past, &reply, &[], "reference ids past the end");

    // 4. TAI and interleaved asked: basic UTC given.
    for (n, req) in [
        Request {
            timescale: Timescale::TAI,
            ..Request::new(cookie(5))
        },
        Request {
            interleaved: true,
            server_cookie: Cookie::from_u64(0x1122_3344_5566_7788),
            ..Request::new(cookie(6))
        },
    ]
    .iter()
    .enumerate()
    {
        let bytes = emit(req);
        let reply = ask(PORT, &bytes).expect("an answer");
        check_reply(&bytes, &reply, &[], &format!("request {n}"));
    }

    // 5. Silences: mode 1 (v5 and v4), draft -09, no draft id, an unknown
    //    flag, timescale 4. The crate's strict reader refuses the last
    //    two as ntpd-rs does.
    let mut mode1 = plain.clone();
    Packet::new_unchecked(&mut mode1[..]).set_mode(Mode::SymmetricActive);
    assert_eq!(ask(PORT, &mode1), None, "v5 mode 1 gets nothing");
    let v4_mode1 = ntp_wire::Header {
        transmit_timestamp: Timestamp::now(),
        ..ntp_wire::Header::new(Version::V4, Mode::SymmetricActive)
    };
    assert_eq!(
        ask(PORT, &v4_mode1.to_bytes()),
        None,
        "v4 mode 1 gets nothing"
    );
    let nine = emit(&Request {
        draft: Some(DRAFT_09),
        ..Request::new(cookie(7))
    });
    assert_eq!(ask(PORT, &nine), None, "draft 09 gets nothing from 1.9");
    let bare = emit(&Request {
        draft: None,
        ..Request::new(cookie(8))
    });
    assert_eq!(ask(PORT, &bare), None, "no Draft Identification, no answer");
    let mut flag = plain.clone();
    Packet::new_unchecked(&mut flag[..]).set_flags(Flags(0x0008));
    assert!(Packet::new_checked(&flag[..]).is_err());
    assert_eq!(ask(PORT, &flag), None, "unknown flag");
    let mut ts = plain.clone();
    Packet::new_unchecked(&mut ts[..]).set_timescale(Timescale(4));
    assert!(Packet::new_checked(&ts[..]).is_err());
    assert_eq!(ask(PORT, &ts), None, "timescale 4");

    // 6. The upgrade from v4: NTP5DRFT echoed, NTP5NTP5 not.
    let t1 = Timestamp::now();
    let offer = Upgrade::Draft.request(Version::V4, t1);
    let reply = ask(PORT, &offer.to_bytes()).expect("an answer to the v4 offer");
    let rp = ntp_wire::Packet::new_checked(&reply[..]).unwrap();
    assert_eq!(rp.origin_timestamp(), t1);
    assert!(Upgrade::Draft.accepted(&rp), "NTP5DRFT echoed");
    assert_eq!(&reply[16..24], b"NTP5DRFT");
    let offer = Upgrade::Final.request(Version::V4, Timestamp::now());
    let reply = ask(PORT, &offer.to_bytes()).expect("an answer to the final offer");
    let rp = ntp_wire::Packet::new_checked(&reply[..]).unwrap();
    assert!(
        !Upgrade::Final.accepted(&rp),
        "NTP5NTP5 is not echoed by 1.9"
    );

    // 7. DENY on the deny-all listener: stratum 0, poll 127, LI 0, flags 0,
    //    a random server cookie and no "DENY" anywhere.
    let deny_req = emit(&Request::new(cookie(9)));
    let reply = ask(DENY_PORT, &deny_req).expect("a DENY answer");
    let p = Packet::new_checked(&reply[..]).unwrap();
    let h = Header::parse(&p).unwrap();
    assert_eq!(
        (h.stratum, h.poll, h.leap, h.flags, h.mode),
        (
            Stratum(0),
            POLL_NEVER,
            LeapIndicator::NoWarning,
            Flags::NONE,
            Mode::Server
        )
    );
    assert_eq!(
        (h.precision, h.timescale, h.era),
        (Precision(0), Timescale::UTC, 0)
    );
    assert_eq!(
        (h.receive_timestamp, h.transmit_timestamp),
        (Timestamp::ZERO, Timestamp::ZERO)
    );
    assert_eq!(
        h.client_cookie,
        Packet::new_checked(&deny_req[..]).unwrap().client_cookie()
    );
    assert!(!h.server_cookie.is_zero());
    assert!(!reply.windows(4).any(|w| w == b"DENY"));
    let types: Vec<T> = p.fields().map(|f| f.unwrap().field_type()).collect();
    assert_eq!(types, [T::V5_DRAFT_IDENTIFICATION]);
    let mut out = vec![0u8; deny_req.len()];
    assert_eq!(
        Reply::deny(h.server_cookie).emit(&deny_req, &mut out),
        Ok(reply.len())
    );
    assert_eq!(out, reply, "Reply::deny writes ntpd-rs's DENY");
    assert_eq!(h.poll, Poll(127));
}
