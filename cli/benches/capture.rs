//! The tool's throughput on a generated capture (`ntp_wire_cli::synth`):
//! the whole run (pcap parsing, link layers, IP/UDP, NTP decode, pairing)
//! with `--summary` (no per-packet output), with `--json` and with the
//! text view, into a sink; and each stage alone, to say where the time
//! goes.

use std::hint::black_box;
use std::io;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ntp_wire_cli::app::{Engine, Filters};
use ntp_wire_cli::frag::Reassembler;
use ntp_wire_cli::input::{self, Frame, Sink};
use ntp_wire_cli::output::Style;

const PACKETS: u64 = 200_000;

fn capture() -> Vec<u8> {
    let mut v = Vec::new();
    ntp_wire_cli::synth::write_capture(&mut v, PACKETS, 1000).unwrap();
    v
}

fn run(cap: &[u8], json: bool, per_packet: bool) -> u8 {
    let mut e = Engine::new(
        io::sink(),
        Style::new(false),
        json,
        per_packet,
        &[],
        Filters::default(),
    );
    e.read_input("bench", cap);
    e.finish(!per_packet, false)
}

/// Counts frames: pcap parsing alone.
struct Count(u64);
impl Sink for Count {
    fn frame(&mut self, f: &Frame<'_>) {
        self.0 += f.data.len() as u64;
    }
    fn bad_input(&mut self, _: u64, _: String) {}
}

/// Pcap parsing and the link, IP and UDP layers.
struct Layers(u64, Reassembler);
impl Sink for Layers {
    fn frame(&mut self, f: &Frame<'_>) {
        if let ntp_wire_cli::link::Layer::Udp(d) =
            ntp_wire_cli::link::udp(f.link_type, f.data, f.number, f.time, &mut self.1)
        {
            self.0 += d.payload.len() as u64;
        }
    }
    fn bad_input(&mut self, _: u64, _: String) {}
}

/// Everything up to and including the NTP decode, no pairing.
struct Decode(u64, Reassembler);
impl Sink for Decode {
    fn frame(&mut self, f: &Frame<'_>) {
        if let ntp_wire_cli::link::Layer::Udp(d) =
            ntp_wire_cli::link::udp(f.link_type, f.data, f.number, f.time, &mut self.1)
        {
            self.0 += ntp_wire_cli::ntp::decode(d.payload, Some((d.src.port(), d.dst.port())))
                .items
                .len() as u64;
        }
    }
    fn bad_input(&mut self, _: u64, _: String) {}
}

fn bench(c: &mut Criterion) {
    let cap = capture();
    let mut g = c.benchmark_group("capture");
    g.throughput(Throughput::Elements(PACKETS));
    g.sample_size(10);
    g.bench_function("pcap parsing", |b| {
        b.iter(|| {
            let mut s = Count(0);
            input::read(black_box(&cap[..]), &mut s).unwrap();
            s.0
        })
    });
    g.bench_function("+ link, IP, UDP", |b| {
        b.iter(|| {
            let mut s = Layers(0, Reassembler::new());
            input::read(black_box(&cap[..]), &mut s).unwrap();
            s.0
        })
    });
    g.bench_function("+ NTP decode", |b| {
        b.iter(|| {
            let mut s = Decode(0, Reassembler::new());
            input::read(black_box(&cap[..]), &mut s).unwrap();
            s.0
        })
    });
    g.bench_function("summary (+ flows, pairing)", |b| {
        b.iter(|| run(black_box(&cap), false, false))
    });
    g.bench_function("json", |b| b.iter(|| run(black_box(&cap), true, true)));
    g.bench_function("text", |b| b.iter(|| run(black_box(&cap), false, true)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
