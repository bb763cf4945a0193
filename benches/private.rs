//! Private message (mode 7) hot paths: the check and item walk of a full
//! MON_GETLIST_1 response (6 items of 72 octets, 440 octets) and of a
//! 500-octet response of 125 four-octet items, the monlist check a filter
//! runs on every packet, the authenticator of ntpdc's 212-octet request,
//! and the builder. Results are observed through `black_box`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ntp_wire::private::{
    is_monlist_request, Header, Implementation, Packet, RequestBuilder, RequestCode,
};
use ntp_wire::Timestamp;

/// A response with `nitems` items of `item_size` octets, item octets
/// numbered.
fn response(code: RequestCode, nitems: u16, item_size: u16) -> Vec<u8> {
    let len = 8 + usize::from(nitems) * usize::from(item_size);
    let mut buf: Vec<u8> = (0..len).map(|i| i as u8).collect();
    Header {
        response: true,
        nitems,
        item_size,
        ..Header::request(Implementation::XNTPD, code)
    }
    .emit_slice(&mut buf)
    .unwrap();
    buf
}

/// Checks the message and walks its items, summing what a reader looks at.
#[inline]
fn walk(msg: &[u8]) -> usize {
    match Packet::new_checked(msg) {
        Ok(p) => p
            .items()
            .map(|i| usize::from(i.as_bytes()[0]) + i.offset())
            .sum(),
        Err(_) => usize::MAX,
    }
}

fn private(c: &mut Criterion) {
    let mut g = c.benchmark_group("private");
    let monlist = response(RequestCode::MON_GETLIST_1, 6, 72);
    g.throughput(Throughput::Bytes(monlist.len() as u64));
    g.bench_function("items_440_mon_getlist_1", |b| {
        b.iter(|| {
            let n = walk(black_box(&monlist[..]));
            black_box(&n);
        })
    });
    let small = response(RequestCode::SET_SYS_FLAG, 125, 4);
    g.throughput(Throughput::Bytes(small.len() as u64));
    g.bench_function("items_508_of_4_octets", |b| {
        b.iter(|| {
            let n = walk(black_box(&small[..]));
            black_box(&n);
        })
    });

    let probe = [0x17u8, 0x00, 0x03, 0x2a, 0, 0, 0, 0];
    g.throughput(Throughput::Bytes(8));
    g.bench_function("is_monlist_request_8", |b| {
        b.iter(|| {
            let r = is_monlist_request(black_box(&probe[..]));
            black_box(&r);
        })
    });
    g.bench_function("header_parse_8", |b| {
        b.iter(|| {
            let h = Header::from_bytes(black_box(&probe[..]));
            black_box(&h);
        })
    });

    let flags = 0x10u32.to_be_bytes();
    let builder = RequestBuilder::new(Implementation::XNTPD, RequestCode::SET_SYS_FLAG)
        .items(4, &flags)
        .ntpdc_size();
    let mut signed = [0u8; 212];
    builder
        .build_authenticated(&mut signed, Timestamp::new(1, 2), 1, 16)
        .unwrap();
    g.throughput(Throughput::Bytes(212));
    g.bench_function("authenticator_212_md5", |b| {
        b.iter(|| {
            let a = Packet::new_checked(black_box(&signed[..]))
                .ok()
                .and_then(|p| p.authenticator().map(|a| a.key_id() as usize + a.offset()));
            black_box(&a);
        })
    });
    let mut out = [0u8; 212];
    g.bench_function("build_authenticated_212_md5", |b| {
        b.iter(|| {
            let s = black_box(&builder).build_authenticated(
                black_box(&mut out[..]),
                Timestamp::new(1, 2),
                1,
                16,
            );
            black_box(&s);
        })
    });
    g.finish();
}

criterion_group!(benches, private);
criterion_main!(benches);
