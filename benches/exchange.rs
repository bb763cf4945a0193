//! The exchange and Windows Time hot paths: a client's response check with
//! offset and delay, a server's three ways to reply (from a parsed header,
//! prepared, in place), and the peer-flag and manual-peer-list parsers a
//! configuration tool runs (`benches/peer_list.rs` for long lists).
//!
//! Observed through `black_box` of a reference; outputs go into storage
//! reused across iterations.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ntp_wire::exchange::{reply, reply_in_place, PreparedReply, ResponseCheck, ServerState};
use ntp_wire::w32time::{ManualPeerList, PeerFlags};
use ntp_wire::{
    Header, LeapIndicator, Packet, Precision, ReferenceId, ShortTime, Stratum, Timestamp,
};

/// chrony 4.3's mode 3 request and its mode 4 reply (tests/data).
const REQUEST: &str = "2300fe200000000000000000000000000000000000000000000000000000000000000000000000002f3c7862d571dddb";
const REPLY: &str = "2408fee600000000000000007f7f0101eeb0f29077b837b62f3c7862d571dddbeeb0f2919c9a8591eeb0f2919c9b3560";

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn exchange(c: &mut Criterion) {
    let mut g = c.benchmark_group("exchange");
    let request_bytes = unhex(REQUEST);
    let reply_bytes = unhex(REPLY);
    let request = Header::from_bytes(&request_bytes).unwrap();
    // T1 is when the request really left, not its transmit timestamp:
    // chrony's is random (its origin, 0x2f3c7862..., reads as 2061).
    let t1 = Timestamp::from_bits(0xeeb0_f291_9c99_0000);
    let t4 = Timestamp::from_bits(0xeeb0_f291_9c9c_0000);
    let check = ResponseCheck::new();
    g.throughput(Throughput::Bytes(48));

    let mut outcome = check.check(&request, t1, &reply_bytes, t4);
    assert!(outcome.is_ok(), "{outcome:?}");
    g.bench_function("response_check_offset_delay", |b| {
        b.iter(|| {
            outcome = check.check(black_box(&request), t1, black_box(&reply_bytes), t4);
            black_box(&outcome);
        })
    });

    let state = ServerState {
        leap: LeapIndicator::NoWarning,
        stratum: Stratum(8),
        precision: Precision(-26),
        root_delay: ShortTime::ZERO,
        root_dispersion: ShortTime::ZERO,
        reference_id: ReferenceId([127, 127, 1, 1]),
        reference_timestamp: Timestamp::from_bits(0xeeb0_f290_77b8_37b6),
    };
    let mut prepared = PreparedReply::new(&state);
    let (t2, t3) = (
        Timestamp::from_bits(0xeeb0_f291_9c9a_8591),
        Timestamp::from_bits(0xeeb0_f291_9c9b_3560),
    );
    // The three ways a server builds a reply from the received octets:
    // parse, build a Header and serialize it (`reply`); complete a reply
    // prepared from the state (`PreparedReply::answer`); rewrite the
    // received buffer itself (`reply_in_place`).
    g.bench_function("reply_from_parsed_header", |b| {
        b.iter(|| {
            let out = Header::from_bytes(black_box(&request_bytes[..]))
                .and_then(|request| reply(&request, &state, black_box(t2), black_box(t3)))
                .map(|h| h.to_bytes());
            black_box(&out);
        })
    });
    g.bench_function("prepared_reply_answer", |b| {
        b.iter(|| {
            let packet = Packet::new_unchecked(black_box(&request_bytes[..]));
            let n = prepared
                .answer(&packet, black_box(t2), black_box(t3))
                .map(|r| r[0]);
            black_box(&n);
        })
    });
    let mut datagram = request_bytes.clone();
    g.bench_function("reply_in_place", |b| {
        b.iter(|| {
            // The received request, as it lands in the receive buffer.
            datagram.copy_from_slice(black_box(&request_bytes[..]));
            let n = reply_in_place(&mut datagram, &state, black_box(t2), black_box(t3));
            black_box((&n, &datagram));
        })
    });
    g.bench_function("prepared_answer_in_place", |b| {
        b.iter(|| {
            datagram.copy_from_slice(black_box(&request_bytes[..]));
            let n = prepared.answer_in_place(&mut datagram, black_box(t2), black_box(t3));
            black_box((&n, &datagram));
        })
    });
    g.bench_function("copy_48_octets_floor", |b| {
        b.iter(|| {
            datagram.copy_from_slice(black_box(&request_bytes[..]));
            black_box(&datagram);
        })
    });
    g.finish();

    let mut g = c.benchmark_group("w32time");
    let list = "time.windows.com,0x9 ntp1.example.org,0x8 ntp2.example.org,0x8 \
                10.0.0.1,0x1 fallback.example.net,0xa";
    g.throughput(Throughput::Bytes(list.len() as u64));
    let mut parsed = ManualPeerList::parse(list);
    g.bench_function("manual_peer_list_parse_5_peers", |b| {
        b.iter(|| {
            parsed = ManualPeerList::parse(black_box(list));
            black_box(&parsed);
        })
    });
    g.throughput(Throughput::Bytes(3));
    let mut flags = "0x9".parse::<PeerFlags>();
    g.bench_function("peer_flags_parse", |b| {
        b.iter(|| {
            flags = black_box("0x9").parse::<PeerFlags>();
            black_box(&flags);
        })
    });
    g.finish();
}

criterion_group!(benches, exchange);
criterion_main!(benches);
