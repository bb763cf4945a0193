//! NTPv5 hot paths: the header parse and emit beside the v4 ones, the
//! field walk (`Throughput::Bytes` of the fields), the builders and the
//! Bloom filter. Results are observed through `black_box` of a reference;
//! outputs go into buffers reused across iterations.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ntp_wire::v5::{
    BloomFilter, Cookie, FieldValue, Fields, Header, Packet, ReferenceIdsRequest, Reply, Request,
    ServerId,
};
use ntp_wire::{Mode, Stratum};

fn unhex(s: &str) -> Vec<u8> {
    let s = s.trim();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// ntpd-rs 1.9's 76-octet reply (tests/data/v5/v5-draft08-response.hex).
fn reply_76() -> Vec<u8> {
    unhex(include_str!("../tests/data/v5/v5-draft08-response.hex"))
}

/// ntpd-rs 1.9's 592-octet reply carrying the whole 512-octet filter.
fn reply_592() -> Vec<u8> {
    unhex(include_str!(
        "../tests/data/v5/v5-draft08-refids-0-512-response.hex"
    ))
}

/// chrony 4.3's v4 reply (tests/data/chrony-server-mode4-response.hex).
fn v4_reply() -> Vec<u8> {
    unhex(include_str!(
        "../tests/data/chrony-server-mode4-response.hex"
    ))
}

/// A v5 packet with 1024 octets of fields: 32 fields of 32 octets.
fn fields_1k() -> Vec<u8> {
    let mut p = reply_76()[..48].to_vec();
    for i in 0..32u16 {
        p.extend_from_slice(&(0xf000 + i).to_be_bytes());
        p.extend_from_slice(&32u16.to_be_bytes());
        p.extend_from_slice(&[i as u8; 28]);
    }
    p
}

/// Walks to the end, summing what a caller would look at.
#[inline]
fn walk(p: &[u8]) -> usize {
    let mut acc = 0;
    for f in Fields::new(p) {
        match f {
            Ok(f) => acc += f.body().len() + usize::from(f.field_type().0),
            Err(_) => return usize::MAX,
        }
    }
    acc
}

fn header(c: &mut Criterion) {
    let v5 = reply_76();
    let v4 = v4_reply();
    let mut g = c.benchmark_group("v5_header");
    g.throughput(Throughput::Bytes(48));
    g.bench_function("v5_view_check_mode_cookie_xmt", |b| {
        b.iter(|| {
            let p = Packet::new_checked(black_box(&v5[..])).ok()?;
            Some((p.mode(), p.client_cookie(), p.transmit_timestamp()))
        })
    });
    g.bench_function("v4_view_check_mode_stratum_xmt", |b| {
        b.iter(|| {
            let p = ntp_wire::Packet::new_checked(black_box(&v4[..])).ok()?;
            Some((p.mode(), p.stratum(), p.transmit_timestamp()))
        })
    });
    g.bench_function("v5_parse", |b| {
        b.iter(|| {
            let h = Header::from_bytes(black_box(&v5[..]));
            black_box(&h);
        })
    });
    g.bench_function("v4_parse", |b| {
        b.iter(|| {
            let h = ntp_wire::Header::from_bytes(black_box(&v4[..]));
            black_box(&h);
        })
    });
    let h5 = Header::from_bytes(&v5).unwrap();
    let h4 = ntp_wire::Header::from_bytes(&v4).unwrap();
    let mut out = [0u8; 48];
    g.bench_function("v5_emit", |b| {
        b.iter(|| {
            let n = black_box(&h5).emit_slice(&mut out);
            black_box(&out);
            n
        })
    });
    g.bench_function("v4_emit", |b| {
        b.iter(|| {
            let n = black_box(&h4).emit_slice(&mut out);
            black_box(&out);
            n
        })
    });
    g.finish();
}

fn fields(c: &mut Criterion) {
    let mut g = c.benchmark_group("v5_fields");
    let p76 = reply_76();
    g.throughput(Throughput::Bytes(28));
    g.bench_function("walk_76_draft_id", |b| {
        b.iter(|| {
            let n = walk(black_box(&p76[..]));
            black_box(&n);
        })
    });
    let p592 = reply_592();
    g.throughput(Throughput::Bytes((p592.len() - 48) as u64));
    g.bench_function("walk_592_filter_and_draft_id", |b| {
        b.iter(|| {
            let n = walk(black_box(&p592[..]));
            black_box(&n);
        })
    });
    g.bench_function("typed_592", |b| {
        b.iter(|| {
            let mut n = 0;
            for f in Fields::new(black_box(&p592[..])).flatten() {
                if let Ok(FieldValue::ReferenceIdsResponse(chunk)) = FieldValue::read(&f) {
                    n += chunk.len();
                }
            }
            black_box(&n);
        })
    });
    let p1k = fields_1k();
    g.throughput(Throughput::Bytes(1024));
    g.bench_function("walk_1k_of_fields", |b| {
        b.iter(|| {
            let n = walk(black_box(&p1k[..]));
            black_box(&n);
        })
    });
    g.finish();
}

fn builders(c: &mut Criterion) {
    let mut g = c.benchmark_group("v5_build");
    let request = Request {
        reference_ids: Some(ReferenceIdsRequest {
            offset: 0,
            length: 16,
        }),
        ..Request::new(Cookie::from_u64(0x0b61_51a7_683a_30d8))
    };
    let mut buf = [0u8; 128];
    let len = request.emit(&mut buf).unwrap();
    g.throughput(Throughput::Bytes(len as u64));
    g.bench_function("request_draft_refids_96", |b| {
        b.iter(|| {
            let n = black_box(&request).emit(&mut buf);
            black_box(&buf);
            n
        })
    });
    let mut filter = BloomFilter::new();
    filter.insert(&ServerId([0x5a; 15]));
    let reply = Reply {
        reference_ids: Some(&filter),
        ..Reply::new(Header {
            stratum: Stratum(1),
            ..Header::new(Mode::Server)
        })
    };
    let req = buf;
    let mut out = [0u8; 128];
    g.bench_function("reply_draft_refids_96", |b| {
        b.iter(|| {
            let n = black_box(&reply).emit(black_box(&req[..len]), &mut out);
            black_box(&out);
            n
        })
    });
    g.finish();

    let mut g = c.benchmark_group("v5_bloom");
    g.throughput(Throughput::Elements(1));
    let id = ServerId([0x5a; 15]);
    g.bench_function("insert", |b| {
        b.iter(|| {
            filter.insert(black_box(&id));
            black_box(&filter);
        })
    });
    g.bench_function("contains", |b| {
        b.iter(|| black_box(&filter).contains(black_box(&id)))
    });
    g.finish();
}

criterion_group!(benches, header, fields, builders);
criterion_main!(benches);
