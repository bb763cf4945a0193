//! Instruction counts of the nanosecond-scale calls, for valgrind's
//! callgrind: at this scale criterion's medians move with the machine's
//! load, instruction counts do not. Not a criterion bench: a loop per
//! operation, chosen by the first argument, run N times (second argument).
//!
//! ```sh
//! bash benches/instructions.sh          # every operation, a table
//! ```
//!
//! The script runs each operation at two iteration counts and prints the
//! difference divided by the difference of the counts: instructions per
//! call, with the program's start-up cancelled out.

use std::hint::black_box;

use ntp_wire::control;
use ntp_wire::private;
use ntp_wire::trailer::Trailer;
use ntp_wire::{Header, Message, Packet};

/// The monlist probe of CVE-2013-5211 (tests/data/mode7/monlist-impl3-code42-request-8.hex).
const MONLIST: [u8; 8] = [0x17, 0x00, 0x03, 0x2a, 0x00, 0x00, 0x00, 0x00];
/// ntpd-rs 1.9's NTPv5 replies (tests/data/v5): 76 octets (Draft
/// Identification) and 592 (the whole Bloom filter, then it).
const V5_REPLY: &str = include_str!("../tests/data/v5/v5-draft08-response.hex");
const V5_REPLY_592: &str = include_str!("../tests/data/v5/v5-draft08-refids-0-512-response.hex");

fn unhex(s: &str) -> Vec<u8> {
    let s = s.trim();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// chrony 4.3's mode 4 reply (tests/data/chrony-server-mode4-response.hex).
const REPLY: [u8; 48] = [
    0x24, 0x08, 0xfe, 0xe6, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7f, 0x7f, 0x01, 0x01,
    0xee, 0xb0, 0xf2, 0x90, 0x77, 0xb8, 0x37, 0xb6, 0x2f, 0x3c, 0x78, 0x62, 0xd5, 0x71, 0xdd, 0xdb,
    0xee, 0xb0, 0xf2, 0x91, 0x9c, 0x9a, 0x85, 0x91, 0xee, 0xb0, 0xf2, 0x91, 0x9c, 0x9b, 0x35, 0x60,
];

/// The 136-octet packet of benches/compare: the reply's header, a 36-octet
/// unique identifier, a 32-octet cookie and an MD5 MAC with key id 1.
fn packet_136() -> Vec<u8> {
    let mut p = REPLY.to_vec();
    p.extend_from_slice(&[0x01, 0x04, 0x00, 0x24]);
    p.extend_from_slice(&[0x11; 32]);
    p.extend_from_slice(&[0x02, 0x04, 0x00, 0x20]);
    p.extend_from_slice(&[0x22; 28]);
    p.extend_from_slice(&1u32.to_be_bytes());
    p.extend_from_slice(&[0x33; 16]);
    assert_eq!(p.len(), 136);
    p
}

/// NTPsec's READSTAT reply (tests/data/mode6/ntpq-as-02-response.hex):
/// one association, 17767, status 0x961a.
const READSTAT_REPLY: [u8; 16] = [
    0x16, 0x81, 0x00, 0x01, 0x05, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x45, 0x67, 0x96, 0x1a,
];

/// NTPsec's `stratum` reply, shortened (`rv 0 stratum`).
const STRATUM_DATA: &[u8] = b"stratum=9\r\n";

/// NTPsec's system variables (tests/data/mode6/ntpq-rv-02-response.hex):
/// 359 octets of data after the 12-octet header.
fn system_variables() -> Vec<u8> {
    let hex = include_str!("../tests/data/mode6/ntpq-rv-02-response.hex").trim();
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    bytes[12..12 + 359].to_vec()
}

fn main() {
    let rv = system_variables();
    let mut args = std::env::args().skip(1);
    let op = args.next().expect("operation");
    let n: u64 = args.next().expect("count").parse().expect("a number");
    let p136 = packet_136();
    let v5: [u8; 76] = unhex(V5_REPLY).try_into().unwrap();
    let v5_592 = unhex(V5_REPLY_592);
    let v5_header = ntp_wire::v5::Header::from_bytes(&v5).unwrap();
    let mut out = [0u8; 48];
    let mut sink = 0u64;
    for _ in 0..n {
        match op.as_str() {
            "empty" => sink = sink.wrapping_add(u64::from(black_box(&REPLY)[1])),
            "view" => {
                if let Ok(p) = Packet::new_checked(black_box(&REPLY[..])) {
                    sink = sink
                        .wrapping_add(p.transmit_timestamp().to_bits() ^ u64::from(p.stratum().0));
                }
            }
            "front_door" => {
                if let Ok(Message::Time { packet, .. }) = Message::parse(black_box(&REPLY[..])) {
                    sink = sink.wrapping_add(
                        packet.transmit_timestamp().to_bits() ^ u64::from(packet.stratum().0),
                    );
                }
            }
            "parse" => {
                if let Ok(h) = Header::from_bytes(black_box(&REPLY[..])) {
                    sink = sink.wrapping_add(h.transmit_timestamp.to_bits());
                }
            }
            "emit_slice" => {
                let h = black_box(Header::new(ntp_wire::Version::V4, ntp_wire::Mode::Client));
                if let Ok(n) = h.emit_slice(black_box(&mut out[..])) {
                    sink = sink.wrapping_add(n as u64);
                }
                black_box(&out);
            }
            "walk_136" => {
                for item in Trailer::new(black_box(&p136[..])).flatten() {
                    sink = sink.wrapping_add(item.len() as u64);
                }
            }
            "check_136" => {
                if let Ok(n) = Trailer::new(black_box(&p136[..])).check() {
                    sink = sink.wrapping_add(n as u64);
                }
            }
            "mac_136" => {
                if let Ok(Some(m)) = Trailer::new(black_box(&p136[..])).mac() {
                    sink = sink.wrapping_add(u64::from(m.key_id()));
                }
            }
            "control_front_door" => {
                if let Ok(Message::Control(p)) = Message::parse(black_box(&READSTAT_REPLY[..])) {
                    sink = sink
                        .wrapping_add(u64::from(p.status_word().raw()) ^ u64::from(p.sequence()));
                }
            }
            "control_view" => {
                if let Ok(p) = control::Packet::new_checked(black_box(&READSTAT_REPLY[..])) {
                    sink = sink
                        .wrapping_add(u64::from(p.status_word().raw()) ^ u64::from(p.sequence()));
                }
            }
            "control_readstat" => {
                if let Ok(p) = control::Packet::new_checked(black_box(&READSTAT_REPLY[..])) {
                    for a in p.associations().into_iter().flatten() {
                        sink = sink.wrapping_add(u64::from(a.association_id));
                    }
                }
            }
            "control_var" => {
                for v in control::Variables::response(black_box(STRATUM_DATA)).flatten() {
                    sink = sink.wrapping_add(v.value().map_or(0, |v| v.len() as u64));
                }
            }
            "control_vars_359" => {
                for v in control::Variables::response(black_box(&rv[..])).flatten() {
                    sink = sink.wrapping_add(v.value().map_or(0, |v| v.len() as u64));
                }
            }
            "monlist" => {
                sink = sink.wrapping_add(u64::from(private::is_monlist_request(black_box(
                    &MONLIST[..],
                ))));
            }
            "private_view" => {
                if let Ok(p) = private::Packet::new_checked(black_box(&MONLIST[..])) {
                    sink = sink.wrapping_add(u64::from(p.request_code().0) ^ p.items_len() as u64);
                }
            }
            "private_parse" => {
                if let Ok(h) = private::Header::from_bytes(black_box(&MONLIST[..])) {
                    sink = sink.wrapping_add(u64::from(h.request_code.0) ^ u64::from(h.nitems));
                }
            }
            "v5_view" => {
                if let Ok(p) = ntp_wire::v5::Packet::new_checked(black_box(&v5[..])) {
                    sink = sink
                        .wrapping_add(p.transmit_timestamp().to_bits() ^ u64::from(p.stratum().0));
                }
            }
            "v5_parse" => {
                if let Ok(h) = ntp_wire::v5::Header::from_bytes(black_box(&v5[..])) {
                    sink = sink.wrapping_add(h.transmit_timestamp.to_bits());
                }
            }
            "v5_emit_slice" => {
                if let Ok(n) = black_box(&v5_header).emit_slice(black_box(&mut out[..])) {
                    sink = sink.wrapping_add(n as u64);
                }
                black_box(&out);
            }
            "v5_walk_592" => {
                for f in ntp_wire::v5::Fields::new(black_box(&v5_592[..])).flatten() {
                    sink = sink.wrapping_add(f.len() as u64);
                }
            }
            other => panic!("unknown operation {other}"),
        }
    }
    black_box(sink);
}
