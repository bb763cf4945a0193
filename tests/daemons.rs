//! The crate against real NTP servers on 127.0.0.1: chrony 4.3 on port
//! 12300 and NTPsec 1.2.2 on port 123, started and stopped by this test.
//!
//! The seed of the crate, live: a request built from Windows peer flags
//! 0x4 (symmetric active, mode 1) gets no answer at all from NTPsec, while
//! 0x8 (client, mode 3) gets a valid mode 4 sample; chrony answers the same
//! 0x4 request with mode 2. Both echo versions 1 to 4. For a whole peer
//! list, the corrected list of its diagnosis gets NTPsec's answer where
//! the original's mode 1 gets none. NTPsec must be 1.2.2 (asserted): from
//! 1.2.5 it answers mode 1.
//!
//! One `#[test]` runs everything in order, because the daemons' ports are
//! fixed: NTPsec is started first and synchronizes (about 9 s) while
//! chrony is checked. Both are killed when the test ends, failing or not.
//!
//! It runs under `CI=true` (as `.ci/run` sets it, once, in the README's
//! test command) or when `NTP_WIRE_DAEMONS=1`; elsewhere it prints a loud
//! notice and does nothing, since it needs root and fixed ports. To run it
//! by hand:
//!
//! ```text
//! NTP_WIRE_DAEMONS=1 NTPSEC_NTPD="$(bash .ci/daemons/install.sh)" \
//!     cargo test --all-features --test daemons -- --nocapture
//! ```
//!
//! Finds chrony through `CHRONYD` (default `chronyd` on PATH) and NTPsec
//! through `NTPSEC_NTPD` (set by .ci/run from `.ci/daemons/install.sh`).
//! Under `CI=true` a missing daemon fails the test; elsewhere that daemon's
//! part is skipped with a loud message. Needs root (ntpd binds port 123,
//! chronyd refuses to start otherwise).

mod daemon_support;

use std::time::{Duration, Instant};

use daemon_support::{
    ask, binary, chrony_ready, ntpsec_ready, start_chrony, start_ntpsec, version_of, NoReply,
    CHRONY_PORT, NTPSEC_PORT,
};
use ntp_wire::exchange::{client_request, Rejection, ResponseCheck, Sample};
use ntp_wire::w32time::{ManualPeerList, NtpServerProvider, PeerFlags};
use ntp_wire::{Header, Mode, Timestamp, Version};

/// How long a dropped request is waited for.
const SILENCE: Duration = Duration::from_secs(2);

/// NTPsec on its undisciplined local clock reports a root dispersion over
/// the default 1.5 s limit (ntpd's; RFC 5905's MAXDIST is 1 s): about 3.9 s right after it synchronizes, about
/// 2 s later. Its samples are checked against the limit its own
/// configuration uses (`tos maxdist 16`).
const NTPSEC_MAX_DISTANCE: Duration = Duration::from_secs(16);

/// Sends the request Windows Time would send for `flags` (v3 unless told)
/// and checks the reply; panics with the reason if there is none or it is
/// rejected.
fn sample(port: u16, request: &Header, check: &ResponseCheck) -> (Sample, Duration) {
    let reply = ask(port, request, SILENCE)
        .unwrap_or_else(|e| panic!("no reply from 127.0.0.1:{port} to {request:?}: {e:?}"));
    let sample = check
        .check(request, reply.t1, &reply.bytes, reply.t4)
        .unwrap_or_else(|r| {
            panic!(
                "127.0.0.1:{port} reply to a {} request rejected: {r}",
                request.mode
            )
        });
    (sample, reply.rtt)
}

/// Asserts that NTPsec drops `request` (and shows its logs if it does not).
fn silent(ntpsec: &daemon_support::Daemon, request: &Header) {
    assert_eq!(
        ask(NTPSEC_PORT, request, SILENCE).err(),
        Some(NoReply::Silence),
        "{}",
        ntpsec.logs()
    );
}

fn windows_request(flags: u32, version: Version) -> Header {
    PeerFlags::from_bits(flags)
        .request(NtpServerProvider::Disabled, version, Timestamp::now())
        .unwrap()
}

#[test]
fn real_daemons() {
    if !daemon_support::in_ci() && std::env::var_os("NTP_WIRE_DAEMONS").is_none() {
        eprintln!(
            "\n*** NOT RUN: the real-daemon test starts chrony and NTPsec as root on ports \
             12300 and 123; it runs under CI=true or with NTP_WIRE_DAEMONS=1 (see tests/daemons.rs). ***\n"
        );
        return;
    }
    let chronyd = binary("CHRONYD", Some("chronyd"));
    let ntpd = binary("NTPSEC_NTPD", None);

    // The story needs an NTPsec that drops mode 1: 1.2.5 and later answer
    // it with mode 2, so say which one this ran against.
    if let Some(ntpd) = ntpd.as_deref() {
        let version = version_of(ntpd);
        eprintln!("ntpsec: {version}");
        assert_eq!(
            version, "ntpd ntpsec-1.2.2",
            "these tests expect NTPsec 1.2.2 (1.2.5 and later answer mode 1)"
        );
    }

    // NTPsec first: it needs seconds to synchronize, chrony is ready at once.
    let mut ntpsec = ntpd.as_deref().map(start_ntpsec);
    let mut chrony = chronyd.as_deref().map(start_chrony);

    if let Some(chrony) = chrony.as_mut() {
        let ready = chrony.wait_ready(
            Duration::from_secs(20),
            Duration::from_millis(100),
            chrony_ready,
        );
        eprintln!("chrony: ready {ready:?} after spawn");
        let check = ResponseCheck::new();

        // Mode 3 gets mode 4, with every version echoed.
        for v in 1..=4 {
            let version = Version::from_bits(v);
            let request = windows_request(0x8, version);
            let (s, rtt) = sample(CHRONY_PORT, &request, &check);
            assert_eq!((s.reply.mode, s.reply.version), (Mode::Server, version));
            assert_eq!(s.reply.stratum.0, 8);
            eprintln!("chrony: 0x8 {version} -> mode 4 {version} in {rtt:?}: {s}");
        }
        // Mode 1 (the Windows default) gets mode 2, also every version.
        for v in 1..=4 {
            let version = Version::from_bits(v);
            let request = windows_request(0x4, version);
            assert_eq!(request.mode, Mode::SymmetricActive);
            let (s, rtt) = sample(CHRONY_PORT, &request, &check);
            assert_eq!(
                (s.reply.mode, s.reply.version),
                (Mode::SymmetricPassive, version)
            );
            eprintln!("chrony: 0x4 {version} -> mode 2 {version} in {rtt:?}: {s}");
        }
    }

    if let Some(ntpsec) = ntpsec.as_mut() {
        // Until synchronized NTPsec answers leap 3, stratum 0, INIT; the
        // check names that state.
        let request = client_request(Version::V4, Timestamp::now()).unwrap();
        if let Ok(r) = ask(NTPSEC_PORT, &request, SILENCE) {
            match ResponseCheck::new().check(&request, r.t1, &r.bytes, r.t4) {
                Err(Rejection::Unsynchronized { .. }) => {
                    eprintln!(
                        "ntpsec: unsynchronized at {:?} (INIT), as expected",
                        ntpsec.started.elapsed()
                    )
                }
                other => eprintln!(
                    "ntpsec: first reply at {:?}: {other:?}",
                    ntpsec.started.elapsed()
                ),
            }
        }
        let ready = ntpsec.wait_ready(
            Duration::from_secs(60),
            Duration::from_millis(250),
            ntpsec_ready,
        );
        eprintln!("ntpsec: synchronized {ready:?} after spawn");

        let lenient = ResponseCheck::new().max_root_distance(NTPSEC_MAX_DISTANCE);
        for v in 1..=4 {
            let version = Version::from_bits(v);
            let request = windows_request(0x8, version);
            let r = ask(NTPSEC_PORT, &request, SILENCE).expect("NTPsec answers mode 3");
            let s = lenient
                .check(&request, r.t1, &r.bytes, r.t4)
                .unwrap_or_else(|e| panic!("NTPsec's mode 4 reply rejected: {e}"));
            assert_eq!((s.reply.mode, s.reply.version), (Mode::Server, version));
            assert_eq!(s.reply.stratum.0, 9);
            // The default limit (MAX_DISTANCE) refuses this server, and says why.
            assert_eq!(
                ResponseCheck::new().check(&request, r.t1, &r.bytes, r.t4),
                Err(Rejection::RootDistance {
                    distance: s.root_distance,
                    limit: Duration::from_millis(1500)
                })
            );
            eprintln!(
                "ntpsec: 0x8 {version} -> mode 4 {version} in {:?}: {s}",
                r.rtt
            );
        }

        // The seed: 0x4 gets silence, and NTPsec is still there after it.
        let started = Instant::now();
        let request = windows_request(0x4, Version::V3);
        assert_eq!(request.mode, Mode::SymmetricActive);
        silent(ntpsec, &request);
        eprintln!("ntpsec: 0x4 NTPv3 -> no reply in {:?}", started.elapsed());
        let diagnosis = PeerFlags::from_bits(0x4).diagnose(NtpServerProvider::Disabled);
        assert!(diagnosis.may_go_unanswered());
        assert_eq!(diagnosis.fixed_flags(), PeerFlags::CLIENT);
        let (s, _) = sample(
            NTPSEC_PORT,
            &windows_request(diagnosis.fixed_flags().bits(), Version::V3),
            &lenient,
        );
        assert_eq!(s.reply.mode, Mode::Server);
        eprintln!(
            "ntpsec: the diagnosis' fix {} -> mode 4: {s}",
            diagnosis.fixed_flags()
        );

        // A whole list, as an administrator has it: the peer that NTPsec
        // stands for here, ntp.local, is flagged 0x4. The corrected list
        // of its diagnosis keeps the other peers and flags, and its flags
        // for ntp.local get an answer where the original's get none.
        let original =
            ManualPeerList::parse("time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x4").unwrap();
        for (list, provider) in [
            (original, NtpServerProvider::Disabled),
            // No flag on a machine that serves time: mode 1 as well.
            (
                ManualPeerList::parse("time.example.com,0x8 10.0.0.1,0x9 ntp.local").unwrap(),
                NtpServerProvider::Enabled,
            ),
        ] {
            let diagnosis = list.diagnose(provider);
            assert_eq!(diagnosis.unanswered(), 1);
            let fixed_text = diagnosis.fixed_list().to_string();
            assert_eq!(
                fixed_text,
                "time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x8"
            );
            let fixed = ManualPeerList::parse(&fixed_text).unwrap();
            let before = list.get("ntp.local").unwrap().flags;
            let after = fixed.get("ntp.local").unwrap().flags;
            let request = before
                .request(provider, Version::V3, Timestamp::now())
                .unwrap();
            assert_eq!(request.mode, Mode::SymmetricActive);
            silent(ntpsec, &request);
            let request = after
                .request(provider, Version::V3, Timestamp::now())
                .unwrap();
            assert_eq!(request.mode, Mode::Client);
            let (s, _) = sample(NTPSEC_PORT, &request, &lenient);
            assert_eq!((s.reply.mode, s.reply.version), (Mode::Server, Version::V3));
            eprintln!(
                "ntpsec: list {:?} ({provider:?}): ntp.local {before} -> silence; \
                 fixed {after} -> mode 4: {s}\n  {}",
                list.entries_text(),
                diagnosis.command()
            );
        }

        // The same mode 1 request, to both servers: the difference between them.
        if chrony.is_some() {
            let same = windows_request(0x4, Version::V3);
            let chrony_reply = ask(CHRONY_PORT, &same, SILENCE).expect("chrony answers mode 1");
            assert_eq!(
                Header::from_bytes(&chrony_reply.bytes).unwrap().mode,
                Mode::SymmetricPassive
            );
            assert_eq!(
                ask(NTPSEC_PORT, &same, SILENCE).err(),
                Some(NoReply::Silence)
            );
            eprintln!("seed: the same 0x4 request: chrony -> mode 2, NTPsec -> silence");
        }
    }

    // Both daemons are killed and reaped here (Drop), and on any panic above.
    drop(chrony);
    drop(ntpsec);
}
