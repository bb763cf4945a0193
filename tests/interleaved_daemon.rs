//! RFC 9769's interleaved client/server mode against a live chrony 4.3 on
//! 127.0.0.1:12300 (started and stopped by this test, under the lock
//! `/tmp/ntp-daemons.lock` every daemon test holds). The server needs no
//! option: chrony answers any client in interleaved mode when it can.
//!
//! What chrony 4.3 does (ntp_core.c): `transmit_packet` sets the lowest
//! bit of the receive timestamp of every reply it sends as a server (and
//! clears it in the transmit timestamp), and `NCR_ProcessRxUnknown` looks a
//! request up in its saved timestamps (`CLG_GetNtpTxTimestamp`) only when
//! the request is version 4, its origin has that bit set and its receive
//! and transmit fields differ; the pair is saved after each such request
//! (`CLG_SaveNtpTimestamps`) and disabled once used. So a new client's
//! first request (zero origin) and second (origin found nowhere yet) get
//! basic replies, and the third is the earliest that can be interleaved.
//!
//! Runs under `CI=true` (where a missing chronyd fails it) or with
//! `NTP_WIRE_DAEMONS=1`; elsewhere it prints a notice. Needs root
//! (chronyd refuses to start otherwise):
//!
//! ```text
//! CI=true CHRONYD=/usr/sbin/chronyd cargo test --all-features --test interleaved_daemon -- --nocapture
//! ```

mod daemon_support;

use std::time::Duration;

use daemon_support::{ask, binary, chrony_ready, daemons_lock, start_chrony, CHRONY_PORT};
use ntp_wire::exchange::{
    ClientSample, InterleavedClient, RequestFields, ResponseCheck, TimestampSet,
};
use ntp_wire::{Header, Mode, TimeDelta, Timestamp, Version};

const REQUESTS: usize = 6;
const MS: i64 = 1_000_000;

#[test]
fn chrony_answers_interleaved_from_the_third_request() {
    if !daemon_support::in_ci() && std::env::var_os("NTP_WIRE_DAEMONS").is_none() {
        eprintln!(
            "\n*** NOT RUN: the interleaved test starts chrony as root on port 12300; it runs \
             under CI=true or with NTP_WIRE_DAEMONS=1 (see tests/interleaved_daemon.rs). ***\n"
        );
        return;
    }
    let Some(chronyd) = binary("CHRONYD", Some("chronyd")) else {
        return;
    };
    let _lock = daemons_lock();
    let mut chrony = start_chrony(&chronyd);
    let ready = chrony.wait_ready(
        Duration::from_secs(20),
        Duration::from_millis(100),
        chrony_ready,
    );
    eprintln!("chrony: ready {ready:?} after spawn");

    let check = ResponseCheck::new();
    for set in [TimestampSet::PreviousExchange, TimestampSet::LatestRequest] {
        let mut client = InterleavedClient::new().timestamp_set(set);
        let mut samples = Vec::new();
        for n in 0..REQUESTS {
            let request = client.request(Version::V4, Timestamp::now(), RequestFields::Timestamps);
            assert_eq!(request.mode, Mode::Client);
            if n > 0 {
                // The origin is chrony's receive timestamp, marked.
                assert_eq!(request.origin_timestamp.fraction() & 1, 1, "{request:?}");
                assert_ne!(request.receive_timestamp, request.transmit_timestamp);
            }
            let reply = ask(CHRONY_PORT, &request, Duration::from_secs(2))
                .unwrap_or_else(|e| panic!("no reply to request {n}: {e:?}\n{}", chrony.logs()));
            client.sent_at(reply.t1);
            let header = Header::from_bytes(&reply.bytes).unwrap();
            let sample = client
                .receive(&check, &reply.bytes, reply.t4)
                .unwrap_or_else(|r| panic!("reply {n} rejected: {r}: {header:?}"));
            eprintln!(
                "chrony {set:?} {n}: {} {}",
                if sample.is_interleaved() {
                    "interleaved"
                } else {
                    "basic"
                },
                sample.sample()
            );
            samples.push(sample);
            std::thread::sleep(Duration::from_millis(50));
        }
        for (n, s) in samples.iter().enumerate() {
            assert_eq!(s.is_interleaved(), n >= 2, "reply {n}: {s:?}");
        }
        let basic: Vec<_> = samples[..2]
            .iter()
            .map(|s| match s {
                ClientSample::Basic(s) => *s,
                ClientSample::Interleaved(_) => unreachable!(),
            })
            .collect();
        for s in &samples[2..] {
            let s = s.sample();
            for b in &basic {
                let apart = s.offset.to_bits() - b.offset.to_bits();
                assert!(
                    TimeDelta::from_bits(apart).abs_duration() <= Duration::from_millis(1),
                    "interleaved offset {} vs basic {}",
                    s.offset,
                    b.offset
                );
            }
            for b in &basic {
                assert!(
                    s.delay.as_nanos() <= b.delay.as_nanos() + MS,
                    "interleaved delay {} vs basic {}",
                    s.delay,
                    b.delay
                );
            }
            assert_eq!(s.reply.stratum.0, 8);
        }
    }
    drop(chrony);
}
