//! Trailer hot paths: the walk of a 136-octet packet (header, two fields,
//! MD5 MAC), of a packet with 1 KiB of fields, the NTS request check, and
//! the writer. Results are observed through `black_box` of a reference.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ntp_wire::trailer::nts::NtsRequest;
use ntp_wire::trailer::{ExtensionFieldType, Trailer, TrailerItem, TrailerWriter};

/// Header, a 36-octet and a 32-octet field, key id and MD5 digest: 136.
fn packet_136() -> Vec<u8> {
    let mut buf = vec![0u8; 136];
    buf[0] = 0x23;
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    w.field(ExtensionFieldType(0x0104), &[7; 32]).unwrap();
    w.field(ExtensionFieldType(0xf001), &[8; 28]).unwrap();
    w.mac(1, &[9; 16]).unwrap();
    assert_eq!(w.finish().unwrap(), 136);
    buf
}

/// Header and 1024 octets of 32-octet fields.
fn packet_1k() -> Vec<u8> {
    let mut buf = vec![0u8; 48 + 1024];
    buf[0] = 0x23;
    let mut w = TrailerWriter::new(&mut buf).unwrap();
    for i in 0..32 {
        w.field(ExtensionFieldType(0xf000 + i), &[i as u8; 28])
            .unwrap();
    }
    w.finish().unwrap();
    buf
}

/// Walks to the end, summing what a caller would look at.
#[inline]
fn walk(p: &[u8]) -> usize {
    let mut acc = 0;
    for item in Trailer::new(p) {
        match item {
            Ok(TrailerItem::Field(f)) => acc += f.body().len() + usize::from(f.field_type().0),
            Ok(TrailerItem::Mac(m)) => acc += m.key_id() as usize + m.offset(),
            Ok(_) => acc += 1,
            Err(_) => return usize::MAX,
        }
    }
    acc
}

fn trailer(c: &mut Criterion) {
    let p136 = packet_136();
    let mut g = c.benchmark_group("trailer");
    g.throughput(Throughput::Bytes(136));
    g.bench_function("walk_136_two_fields_md5", |b| {
        b.iter(|| {
            let n = walk(black_box(&p136[..]));
            black_box(&n);
        })
    });
    g.bench_function("mac_136", |b| {
        b.iter(|| {
            let m = Trailer::new(black_box(&p136[..])).mac();
            black_box(&m);
        })
    });

    let p1k = packet_1k();
    g.throughput(Throughput::Bytes(1024));
    g.bench_function("walk_1k_of_fields", |b| {
        b.iter(|| {
            let n = walk(black_box(&p1k[..]));
            black_box(&n);
        })
    });

    let nts = {
        let mut buf = vec![0u8; 228];
        buf[0] = 0x23;
        ntp_wire::trailer::nts::write_request(&mut buf, &[1; 32], &[2; 100], 0, 16, 16).unwrap();
        buf
    };
    g.throughput(Throughput::Bytes(228));
    g.bench_function("nts_request_check_228", |b| {
        b.iter(|| {
            let r = NtsRequest::parse(black_box(&nts[..])).map(|r| r.placeholders);
            black_box(&r);
        })
    });

    let mut out = [0u8; 136];
    out[0] = 0x23;
    g.throughput(Throughput::Bytes(136));
    g.bench_function("write_136_two_fields_md5", |b| {
        b.iter(|| {
            let mut w = TrailerWriter::new(black_box(&mut out[..])).unwrap();
            w.field(ExtensionFieldType(0x0104), &[7; 32]).unwrap();
            w.field(ExtensionFieldType(0xf001), &[8; 28]).unwrap();
            w.mac(1, &[9; 16]).unwrap();
            let n = w.finish();
            black_box(&n);
        })
    });
    g.finish();
}

criterion_group!(benches, trailer);
criterion_main!(benches);
