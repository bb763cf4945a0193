//! Growth of the manual peer list check: 1, 100, 10,000 and 100,000
//! distinct hosts (`p000000.example.org,0x9`, 25 octets each), the last
//! one about 2.5 MB, as a registry dump or a fleet inventory can hold.
//!
//! The duplicate check sorts (O(n log n)); before, it compared each entry
//! with every earlier one (10,000 hosts took about 0.35 s, 40,000 about
//! 5.7 s). `parse` checks up to 64 entries on the stack and allocates one
//! `usize` per entry beyond; `parse_with_scratch` is the same check in a
//! caller's buffer, no allocation.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ntp_wire::w32time::ManualPeerList;

fn list_of(n: usize) -> String {
    (0..n)
        .map(|i| format!("p{i:06}.example.org,0x9"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn peer_list(c: &mut Criterion) {
    let mut g = c.benchmark_group("manual_peer_list");
    g.sample_size(10);
    for n in [1usize, 100, 10_000, 100_000] {
        let text = list_of(n);
        assert_eq!(ManualPeerList::parse(&text).map(|l| l.len()), Ok(n));
        g.throughput(Throughput::Elements(n as u64));
        let mut parsed = ManualPeerList::parse(&text);
        g.bench_function(BenchmarkId::new("parse", n), |b| {
            b.iter(|| {
                parsed = ManualPeerList::parse(black_box(&text));
                black_box(&parsed);
            })
        });
        let mut scratch = vec![0usize; n];
        g.bench_function(BenchmarkId::new("parse_with_scratch", n), |b| {
            b.iter(|| {
                let parsed = ManualPeerList::parse_with_scratch(black_box(&text), &mut scratch)
                    .map(|l| l.len());
                black_box(&parsed);
            })
        });
    }
    g.finish();
}

criterion_group!(benches, peer_list);
criterion_main!(benches);
