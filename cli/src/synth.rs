//! A generated capture of NTP traffic, for the benches and the documented
//! `/usr/bin/time -v` run (`cargo run --release -p ntp-wire-cli --example
//! gen-capture -- FILE PACKETS`).
//!
//! pcap, Ethernet, IPv4, UDP: `clients` clients (10.x.y.z) each ask one of
//! 8 servers (192.0.2.1-8) in client mode (v4), and every request gets its
//! mode 4 reply 200 us later, with the request's transmit timestamp as
//! origin. One request in 16 is signed (MD5 MAC, 68 octets); one reply in
//! 256 is a RATE kiss-o'-death. Deterministic: the same arguments give the
//! same octets.

use std::io::{self, Write};

const NTP_UNIX: u64 = 2_208_988_800;

fn ipv4_udp(out: &mut Vec<u8>, src: [u8; 4], dst: [u8; 4], sport: u16, dport: u16, payload: &[u8]) {
    out.extend_from_slice(&[0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00]);
    let total = (20 + 8 + payload.len()) as u16;
    let mut ip = [0u8; 20];
    ip[0] = 0x45;
    ip[2..4].copy_from_slice(&total.to_be_bytes());
    ip[6] = 0x40;
    ip[8] = 64;
    ip[9] = 17;
    ip[12..16].copy_from_slice(&src);
    ip[16..20].copy_from_slice(&dst);
    let mut sum = 0u32;
    for c in ip.chunks(2) {
        sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
    }
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    ip[10..12].copy_from_slice(&(!(sum as u16)).to_be_bytes());
    out.extend_from_slice(&ip);
    out.extend_from_slice(&sport.to_be_bytes());
    out.extend_from_slice(&dport.to_be_bytes());
    out.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(payload);
}

fn record(out: &mut impl Write, usecs: u64, frame: &[u8]) -> io::Result<()> {
    let mut h = [0u8; 16];
    h[0..4].copy_from_slice(&((usecs / 1_000_000) as u32).to_le_bytes());
    h[4..8].copy_from_slice(&((usecs % 1_000_000) as u32).to_le_bytes());
    h[8..12].copy_from_slice(&(frame.len() as u32).to_le_bytes());
    h[12..16].copy_from_slice(&(frame.len() as u32).to_le_bytes());
    out.write_all(&h)?;
    out.write_all(frame)
}

fn ntp_time(usecs: u64) -> u64 {
    let secs = usecs / 1_000_000 + NTP_UNIX;
    let frac = ((usecs % 1_000_000) << 32) / 1_000_000;
    (secs << 32) | frac
}

/// Writes a pcap of `packets` NTP packets (half requests, half replies)
/// from `clients` clients. Returns the octets written.
pub fn write_capture(out: &mut impl Write, packets: u64, clients: u32) -> io::Result<u64> {
    let mut written = 24u64;
    out.write_all(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0])?;
    out.write_all(&65535u32.to_le_bytes())?;
    out.write_all(&1u32.to_le_bytes())?;
    let clients = clients.max(1);
    let mut frame = Vec::with_capacity(128);
    let start = 1_795_000_000_000_000u64; // 2026-11-18, in microseconds
    for i in 0..packets / 2 {
        let c = (i % u64::from(clients)) as u32;
        let client = [10, (c >> 16) as u8, (c >> 8) as u8, c as u8];
        let server = [192, 0, 2, 1 + (c % 8) as u8];
        let sport = 32768 + (i % 28000) as u16;
        let t1 = start + i * 500;
        let xmt = ntp_time(t1) ^ 0x5bd1; // random-looking low bits, as chrony sends
        let mut req = [0u8; 68];
        req[0] = 0x23;
        req[2] = 6;
        req[3] = 0xec;
        req[40..48].copy_from_slice(&xmt.to_be_bytes());
        let req_len = if i % 16 == 0 {
            req[48..52].copy_from_slice(&1u32.to_be_bytes());
            68
        } else {
            48
        };
        frame.clear();
        ipv4_udp(&mut frame, client, server, sport, 123, &req[..req_len]);
        record(out, t1, &frame)?;
        let t2 = ntp_time(t1 + 100);
        let mut rep = [0u8; 68];
        if i % 256 == 255 {
            rep[0] = 0xe4;
            rep[12..16].copy_from_slice(b"RATE");
        } else {
            rep[0] = 0x24;
            rep[1] = 2;
            rep[12..16].copy_from_slice(&server);
            rep[16..24].copy_from_slice(&ntp_time(t1 - 16_000_000).to_be_bytes());
        }
        rep[2] = 6;
        rep[3] = 0xe8;
        rep[8..12].copy_from_slice(&0x0000_0a00u32.to_be_bytes());
        rep[24..32].copy_from_slice(&xmt.to_be_bytes());
        rep[32..40].copy_from_slice(&t2.to_be_bytes());
        rep[40..48].copy_from_slice(&(t2 + 40_000).to_be_bytes());
        if req_len == 68 {
            rep[48..52].copy_from_slice(&1u32.to_be_bytes());
        }
        frame.clear();
        ipv4_udp(&mut frame, server, client, 123, sport, &rep[..req_len]);
        record(out, t1 + 200, &frame)?;
        written += 2 * 16 + 2 * frame.len() as u64;
    }
    Ok(written)
}
