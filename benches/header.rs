//! Header hot paths: the view check plus a few getters, the full typed
//! parse, emit into a reused buffer, `to_bytes`, and the in-place rewrite
//! of a prepared reply's timestamps.
//!
//! Results are observed through `black_box` of a reference and outputs go
//! into a buffer reused across iterations: returning a 48-octet array by
//! value through `black_box` costs more than the codec itself.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ntp_wire::{Header, Packet, Timestamp};

/// chrony 4.3's mode 4 reply (tests/data/chrony-server-mode4-response.hex).
const REPLY: [u8; 48] = [
    0x24, 0x08, 0xfe, 0xe6, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7f, 0x7f, 0x01, 0x01,
    0xee, 0xb0, 0xf2, 0x90, 0x77, 0xb8, 0x37, 0xb6, 0x2f, 0x3c, 0x78, 0x62, 0xd5, 0x71, 0xdd, 0xdb,
    0xee, 0xb0, 0xf2, 0x91, 0x9c, 0x9a, 0x85, 0x91, 0xee, 0xb0, 0xf2, 0x91, 0x9c, 0x9b, 0x35, 0x60,
];

fn header(c: &mut Criterion) {
    let mut g = c.benchmark_group("header");
    g.throughput(Throughput::Bytes(48));

    g.bench_function("view_check_mode_stratum_xmt", |b| {
        b.iter(|| {
            let p = Packet::new_checked(black_box(&REPLY[..])).ok()?;
            Some((p.mode(), p.stratum(), p.transmit_timestamp()))
        })
    });

    let mut parsed = Header::default();
    g.bench_function("parse_repr", |b| {
        b.iter(|| {
            if let Ok(h) = Header::from_bytes(black_box(&REPLY[..])) {
                parsed = h;
            }
            black_box(&parsed);
        })
    });

    let h = Header::from_bytes(&REPLY).unwrap();
    let mut out = [0u8; 48];
    g.bench_function("emit", |b| {
        b.iter(|| {
            let n = black_box(&h).emit_slice(&mut out);
            black_box(&out);
            n
        })
    });

    g.bench_function("to_bytes", |b| {
        b.iter(|| {
            out = black_box(&h).to_bytes();
            black_box(&out);
        })
    });

    let mut reply = REPLY;
    let (t1, t2, t3) = (
        Timestamp::from_bits(0x2f3c_7862_d571_dddb),
        Timestamp::from_bits(0xeeb0_f291_9c9a_8591),
        Timestamp::from_bits(0xeeb0_f291_9c9b_3560),
    );
    g.bench_function("rewrite_reply_timestamps", |b| {
        b.iter(|| {
            let mut p = Packet::new_unchecked(&mut reply[..]);
            p.set_origin_timestamp(black_box(t1));
            p.set_receive_timestamp(black_box(t2));
            p.set_transmit_timestamp(black_box(t3));
            black_box(&reply);
        })
    });
    g.finish();
}

criterion_group!(benches, header);
criterion_main!(benches);
