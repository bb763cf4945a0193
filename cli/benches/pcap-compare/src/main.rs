//! pcap-parser 0.17 against pcap-file 2.0 on the same generated files: a
//! million Ethernet/IPv4/UDP/NTP frames as pcap and as pcapng, read
//! streaming from disk, three rounds. How the tool's pcap crate was picked
//! (cli/README.md). Its own workspace, not built by `cargo test`:
//!
//! ```text
//! cargo run --release --manifest-path cli/benches/pcap-compare/Cargo.toml
//! ```
use std::io::Write;
use std::time::Instant;
fn gen(path: &str, n: u32, ng: bool) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let payload_len = 48u16;
    let mut pkt = Vec::new();
    pkt.extend_from_slice(&[0u8; 12]);
    pkt.extend_from_slice(&[0x08, 0x00]);
    let ip_len = 20 + 8 + payload_len;
    pkt.extend_from_slice(&[
        0x45,
        0,
        (ip_len >> 8) as u8,
        ip_len as u8,
        0,
        0,
        0x40,
        0,
        64,
        17,
        0,
        0,
        127,
        0,
        0,
        1,
        127,
        0,
        0,
        1,
    ]);
    pkt.extend_from_slice(&[0xc0, 0x00, 0, 123, 0, (8 + payload_len) as u8, 0, 0]);
    let mut ntp = [0u8; 48];
    ntp[0] = 0x23;
    pkt.extend_from_slice(&ntp);
    if !ng {
        w.write_all(&[
            0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0,
            0,
        ])
        .unwrap();
        for i in 0..n {
            w.write_all(&i.to_le_bytes()).unwrap();
            w.write_all(&0u32.to_le_bytes()).unwrap();
            w.write_all(&(pkt.len() as u32).to_le_bytes()).unwrap();
            w.write_all(&(pkt.len() as u32).to_le_bytes()).unwrap();
            w.write_all(&pkt).unwrap();
        }
    } else {
        // SHB
        w.write_all(&[
            0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 28, 0, 0, 0,
        ])
        .unwrap();
        // IDB
        w.write_all(&[1, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 0, 0, 4, 0, 20, 0, 0, 0])
            .unwrap();
        let plen = pkt.len();
        let padded = (plen + 3) & !3;
        let blen = 32 + padded as u32;
        for i in 0..n {
            w.write_all(&6u32.to_le_bytes()).unwrap();
            w.write_all(&blen.to_le_bytes()).unwrap();
            w.write_all(&0u32.to_le_bytes()).unwrap();
            w.write_all(&0u32.to_le_bytes()).unwrap();
            w.write_all(&i.to_le_bytes()).unwrap();
            w.write_all(&(plen as u32).to_le_bytes()).unwrap();
            w.write_all(&(plen as u32).to_le_bytes()).unwrap();
            w.write_all(&pkt).unwrap();
            w.write_all(&vec![0u8; padded - plen]).unwrap();
            w.write_all(&blen.to_le_bytes()).unwrap();
        }
    }
}
fn parser(path: &str) -> (u64, u64) {
    use pcap_parser::*;
    let f = std::fs::File::open(path).unwrap();
    let mut r = create_reader(65536, f).unwrap();
    let (mut n, mut sum) = (0u64, 0u64);
    loop {
        match r.next() {
            Ok((off, block)) => {
                match block {
                    PcapBlockOwned::Legacy(p) => {
                        n += 1;
                        sum += p.data[60] as u64 + p.ts_usec as u64;
                    }
                    PcapBlockOwned::NG(Block::EnhancedPacket(p)) => {
                        n += 1;
                        sum += p.data[60] as u64 + p.ts_low as u64;
                    }
                    _ => {}
                }
                r.consume(off);
            }
            Err(PcapError::Eof) => break,
            Err(PcapError::Incomplete(_)) => {
                r.refill().unwrap();
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    (n, sum)
}
fn file(path: &str, ng: bool) -> (u64, u64) {
    let f = std::io::BufReader::with_capacity(65536, std::fs::File::open(path).unwrap());
    let (mut n, mut sum) = (0u64, 0u64);
    if ng {
        let mut r = pcap_file::pcapng::PcapNgReader::new(f).unwrap();
        while let Some(b) = r.next_block() {
            if let pcap_file::pcapng::Block::EnhancedPacket(p) = b.unwrap() {
                n += 1;
                sum += p.data[60] as u64 + p.timestamp.as_micros() as u64 % 1000000;
            }
        }
    } else {
        let mut r = pcap_file::pcap::PcapReader::new(f).unwrap();
        while let Some(p) = r.next_packet() {
            let p = p.unwrap();
            n += 1;
            sum += p.data[60] as u64 + p.timestamp.as_micros() as u64 % 1000000;
        }
    }
    (n, sum)
}
fn main() {
    let n = 1_000_000;
    let dir = std::env::temp_dir();
    let path = |name: &str| {
        dir.join(format!("pcap-compare-{}-{name}", std::process::id()))
            .to_string_lossy()
            .into_owned()
    };
    gen(&path("a.pcap"), n, false);
    gen(&path("a.pcapng"), n, true);
    for round in 0..3 {
        for (name, ng) in [("a.pcap", false), ("a.pcapng", true)] {
            let p = path(name);
            let t = Instant::now();
            let a = parser(&p);
            let tp = t.elapsed();
            let t = Instant::now();
            let b = file(&p, ng);
            let tf = t.elapsed();
            println!("round {round} {name}: pcap-parser {:.1} Mpkt/s ({} pkts) | pcap-file {:.1} Mpkt/s ({} pkts)", a.0 as f64 / tp.as_secs_f64() / 1e6, a.0, b.0 as f64 / tf.as_secs_f64() / 1e6, b.0);
        }
    }
    let _ = std::fs::remove_file(path("a.pcap"));
    let _ = std::fs::remove_file(path("a.pcapng"));
}
