//! Control message (mode 6) hot paths on the real NTPsec replies of
//! tests/data/mode6: the checked view through the front door, the MAC
//! locator, the `name=value` walk of the system variables (359 octets)
//! and of a reassembled MRU list (2831 octets) at `Throughput::Bytes`,
//! the MRU entry reader, reassembly of the 7 MRU fragments, and the
//! READVAR and READ_MRU builders. Results are observed through
//! `black_box`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ntp_wire::control::{read_mru, readvar, MruQuery, MruReply, Packet, Reassembler, Variables};
use ntp_wire::Message;

#[path = "../tests/common/mod.rs"]
mod common;
use common::mode6 as fixture;

/// Walks a list, summing what a caller looks at.
#[inline]
fn walk(data: &[u8]) -> usize {
    let mut acc = 0;
    for v in Variables::response(data) {
        match v {
            Ok(v) => acc += v.name().len() + v.value().map_or(0, <[u8]>::len),
            Err(_) => return usize::MAX,
        }
    }
    acc
}

fn control(c: &mut Criterion) {
    let rv = fixture("ntpq-rv-02-response");
    let signed = fixture("auth-md5-rv-version-04-response");
    let fragments: Vec<Vec<u8>> = (4..=10)
        .map(|i| fixture(&format!("ntpq-mrulist-{i:02}-response")))
        .collect();
    let mut buf = vec![0u8; 4096];
    let mru_len = {
        let mut r = Reassembler::new(&mut buf);
        for f in &fragments {
            r.add(f).unwrap();
        }
        r.response().unwrap().data().len()
    };
    let mru = buf[..mru_len].to_vec();
    let rv_data = Packet::new_checked(&rv[..]).unwrap().data().to_vec();

    let mut g = c.benchmark_group("control");
    g.bench_function("front_door_view_372", |b| {
        b.iter(|| {
            let n = match Message::parse(black_box(&rv[..])) {
                Ok(Message::Control(p)) => {
                    usize::from(p.count()) + usize::from(p.status_word().raw())
                }
                _ => 0,
            };
            black_box(&n);
        })
    });
    g.bench_function("mac_locate_md5_68", |b| {
        b.iter(|| {
            let p = Packet::new_checked(black_box(&signed[..])).unwrap();
            let n = p.mac().map(|m| m.map_or(0, |m| m.key_id()));
            black_box(&n);
        })
    });
    g.throughput(Throughput::Bytes(rv_data.len() as u64));
    g.bench_function("variables_system_359", |b| {
        b.iter(|| {
            let n = walk(black_box(&rv_data[..]));
            black_box(&n);
        })
    });
    g.throughput(Throughput::Bytes(mru.len() as u64));
    g.bench_function("variables_mru_2831", |b| {
        b.iter(|| {
            let n = walk(black_box(&mru[..]));
            black_box(&n);
        })
    });
    g.bench_function("mru_entries_2831", |b| {
        b.iter(|| {
            let mut n = 0u64;
            for e in MruReply::new(black_box(&mru[..])).entries() {
                n += e.map_or(0, |e| u64::from(e.count));
            }
            black_box(&n);
        })
    });
    g.bench_function("reassemble_7_fragments", |b| {
        let mut out = vec![0u8; 4096];
        b.iter(|| {
            let mut r = Reassembler::new(&mut out);
            for f in &fragments {
                let _ = r.add(black_box(&f[..]));
            }
            let n = r.response().map(|r| r.data().len());
            black_box(&n);
        })
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("build_readvar_3_names", |b| {
        let mut out = [0u8; 64];
        b.iter(|| {
            let n = readvar(
                &mut out,
                2,
                0,
                black_box(&["version", "stratum", "refid"]),
                None,
            );
            black_box(&n);
        })
    });
    g.bench_function("build_read_mru", |b| {
        let mut out = [0u8; 128];
        let q = MruQuery {
            nonce: "eebc9105213639d67e00048b",
            frags: Some(32),
            ..MruQuery::default()
        };
        b.iter(|| {
            let n = read_mru(&mut out, 2, black_box(&q), None);
            black_box(&n);
        })
    });
    g.finish();
}

criterion_group!(benches, control);
criterion_main!(benches);
