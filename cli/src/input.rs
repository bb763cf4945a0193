//! Inputs: pcap (microsecond and nanosecond magic, either byte order),
//! pcapng (several sections, interfaces and link types, `if_tsresol`,
//! `if_tsoffset`), raw UDP payload files and hex text, streamed.
//!
//! Captures are read through `pcap-parser`'s streaming readers with a
//! bounded buffer: memory stays constant whatever the file size. A record
//! that is cut short or corrupt ends the reading; every frame before it has
//! been delivered, and the [`Damage`] says where it is, in octets from the
//! start of the input.

use std::io::{BufRead, BufReader, Read};

use pcap_parser::pcapng::Block;
use pcap_parser::traits::PcapNGPacketBlock;
use pcap_parser::{PcapBlockOwned, PcapError};

use crate::ntp::CaptureTime;

/// Link type of a frame that is already a UDP payload (hex or raw file).
pub const LINK_PAYLOAD: u32 = u32::MAX;

/// Buffer of the streaming reader at start.
const READ_BUFFER: usize = 1 << 18;
/// The largest record the reader grows its buffer for (a corrupt length
/// field is reported instead of being believed).
const MAX_RECORD: usize = 1 << 24;
/// Interfaces in one pcapng section (each costs a few octets of state).
const MAX_INTERFACES: usize = 65_536;
/// The largest raw payload file: one UDP datagram.
const MAX_PAYLOAD_FILE: usize = 65_535;

/// One captured frame.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// 1-based frame number in the input, as tshark counts.
    pub number: u64,
    /// Capture time, when the input has one.
    pub time: Option<CaptureTime>,
    /// pcapng interface id (0 for pcap).
    pub interface: u32,
    /// LINKTYPE_ value of the frame's interface, or [`LINK_PAYLOAD`].
    pub link_type: u32,
    /// The octets captured.
    pub data: &'a [u8],
    /// Length on the wire.
    pub orig_len: u32,
}

/// Where and why an input stopped before its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// Octets from the start of the input.
    pub offset: u64,
    /// What is wrong there.
    pub message: String,
}

/// Receives the frames of an input, in order.
pub trait Sink {
    /// One frame.
    fn frame(&mut self, frame: &Frame<'_>);
    /// A line of hex or a payload that could not be read as octets.
    fn bad_input(&mut self, number: u64, message: String);
    /// Octets of the input consumed so far (for a progress bar).
    fn progress(&mut self, _consumed: u64) {}
}

/// The format of an input, from its first octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// pcap, any of its magic numbers.
    Pcap,
    /// pcapng.
    Pcapng,
    /// Hex text, one packet a line.
    Hex,
    /// One raw UDP payload.
    Raw,
}

/// Recognises the format from the first octets of an input.
pub fn sniff(head: &[u8]) -> Format {
    match head.get(..4) {
        Some([0x0a, 0x0d, 0x0d, 0x0a]) => return Format::Pcapng,
        Some(
            [0xa1, 0xb2, 0xc3, 0xd4]
            | [0xd4, 0xc3, 0xb2, 0xa1]
            | [0xa1, 0xb2, 0x3c, 0x4d]
            | [0x4d, 0x3c, 0xb2, 0xa1]
            | [0xa1, 0xb2, 0xcd, 0x34]
            | [0x34, 0xcd, 0xb2, 0xa1],
        ) => return Format::Pcap,
        _ => {}
    }
    let text = !head.is_empty()
        && head
            .iter()
            .all(|&b| b.is_ascii_graphic() || b.is_ascii_whitespace());
    if text {
        Format::Hex
    } else {
        Format::Raw
    }
}

/// Reads one input to its end (or its damage), giving each frame to `sink`.
pub fn read<R: Read + Send>(input: R, sink: &mut impl Sink) -> Result<(), Damage> {
    let mut input = BufReader::with_capacity(1 << 16, input);
    let head = input.fill_buf().map_err(|e| Damage {
        offset: 0,
        message: format!("cannot read: {e}"),
    })?;
    match sniff(head) {
        Format::Pcap | Format::Pcapng => read_capture(input, sink),
        Format::Hex => read_hex(input, sink),
        Format::Raw => read_raw(input, sink),
    }
}

fn damage(offset: usize, message: impl Into<String>) -> Damage {
    Damage {
        offset: offset as u64,
        message: message.into(),
    }
}

/// One pcapng interface: its link type and clock.
struct Interface {
    link_type: u32,
    /// Timestamp units per second.
    units: u64,
    /// Seconds added to every timestamp.
    offset: i64,
}

/// Timestamp units per second from `if_tsresol` (pcapng section 4.2):
/// 10^n, or 2^n when the top bit is set; microseconds when out of range.
/// (pcap-parser 0.17's `ts_resolution` refuses every binary resolution:
/// it compares the value with its flag bit still set against 63.)
pub fn units_per_second(tsresol: u8) -> u64 {
    let n = u32::from(tsresol & 0x7f);
    if tsresol & 0x80 == 0 {
        10u64.checked_pow(n).unwrap_or(1_000_000)
    } else {
        1u64.checked_shl(n).filter(|_| n < 64).unwrap_or(1_000_000)
    }
}

fn split_units(ts: u64, units: u64, offset: i64) -> CaptureTime {
    let units = units.max(1);
    let secs = (ts / units) as i64;
    let frac = ts % units;
    let nanos = (u128::from(frac) * 1_000_000_000 / u128::from(units)) as u32;
    CaptureTime {
        secs: secs.saturating_add(offset),
        nanos,
    }
}

fn read_capture<R: Read + Send>(input: R, sink: &mut impl Sink) -> Result<(), Damage> {
    let mut reader = match pcap_parser::create_reader(READ_BUFFER, input) {
        Ok(r) => r,
        Err(e) => return Err(damage(0, format!("not a readable capture header: {e}"))),
    };
    let mut interfaces: Vec<Interface> = Vec::new();
    // pcap's one link type and clock.
    let mut legacy: Option<(u32, bool)> = None;
    let mut number = 0u64;
    let mut capacity = READ_BUFFER;
    loop {
        let at = reader.consumed();
        let (len, block) = match reader.next() {
            Ok(x) => x,
            Err(PcapError::Eof) => return Ok(()),
            Err(PcapError::Incomplete(_)) => {
                if reader.refill().is_err() {
                    return Err(damage(at, "read error"));
                }
                continue;
            }
            Err(PcapError::BufferTooSmall) => {
                if capacity >= MAX_RECORD {
                    return Err(damage(
                        at,
                        format!("record longer than {MAX_RECORD} octets: corrupt length field"),
                    ));
                }
                capacity *= 4;
                reader.grow(capacity);
                if reader.refill().is_err() {
                    return Err(damage(at, "read error"));
                }
                continue;
            }
            Err(PcapError::UnexpectedEof) => {
                return Err(damage(
                    at,
                    "truncated record: the file ends inside it (capture cut short?)",
                ))
            }
            Err(e) => return Err(damage(at, format!("corrupt record: {e}"))),
        };
        match block {
            PcapBlockOwned::LegacyHeader(h) => {
                legacy = Some((h.network.0 as u32, h.is_nanosecond_precision()));
            }
            PcapBlockOwned::Legacy(b) => {
                number += 1;
                let (link_type, nano) = legacy.unwrap_or((1, false));
                let nanos = if nano {
                    b.ts_usec
                } else {
                    b.ts_usec.saturating_mul(1000)
                };
                let frame = Frame {
                    number,
                    time: Some(CaptureTime {
                        secs: i64::from(b.ts_sec),
                        nanos,
                    }),
                    interface: 0,
                    link_type,
                    data: b.data,
                    orig_len: b.origlen,
                };
                sink.frame(&frame);
            }
            PcapBlockOwned::NG(Block::SectionHeader(_)) => interfaces.clear(),
            PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => {
                if interfaces.len() == MAX_INTERFACES {
                    return Err(damage(
                        at,
                        format!("more than {MAX_INTERFACES} interfaces in one section"),
                    ));
                }
                interfaces.push(Interface {
                    link_type: idb.linktype.0 as u32,
                    units: units_per_second(idb.if_tsresol),
                    offset: idb.ts_offset(),
                });
            }
            PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
                number += 1;
                let Some(iface) = interfaces.get(epb.if_id as usize) else {
                    return Err(damage(
                        at,
                        format!(
                            "packet block names interface {} but the section has {} (corrupt file)",
                            epb.if_id,
                            interfaces.len()
                        ),
                    ));
                };
                let ts = (u64::from(epb.ts_high) << 32) | u64::from(epb.ts_low);
                let frame = Frame {
                    number,
                    time: Some(split_units(ts, iface.units, iface.offset)),
                    interface: epb.if_id,
                    link_type: iface.link_type,
                    data: epb.packet_data(),
                    orig_len: epb.origlen,
                };
                sink.frame(&frame);
            }
            PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
                number += 1;
                let Some(iface) = interfaces.first() else {
                    return Err(damage(at, "simple packet block before any interface"));
                };
                let frame = Frame {
                    number,
                    time: None,
                    interface: 0,
                    link_type: iface.link_type,
                    data: spb.packet_data(),
                    orig_len: spb.origlen,
                };
                sink.frame(&frame);
            }
            PcapBlockOwned::NG(_) => {}
        }
        reader.consume(len);
        if number % 4096 == 0 {
            sink.progress(reader.consumed() as u64);
        }
    }
}

/// Hex digits to octets; spaces, tabs and colons separate. The error says
/// where the first character that is not hex is.
pub fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut high: Option<u8> = None;
    for (i, c) in text.char_indices() {
        if matches!(c, ' ' | '\t' | ':' | '\r' | '\n') {
            continue;
        }
        let Some(d) = c.to_digit(16) else {
            return Err(format!("{c:?} at character {i} is not a hex digit"));
        };
        let d = d as u8;
        match high.take() {
            Some(h) => out.push(h << 4 | d),
            None => high = Some(d),
        }
    }
    if high.is_some() {
        return Err("odd number of hex digits".into());
    }
    Ok(out)
}

/// Hex text: one packet a line; empty lines and lines starting with `#`
/// are skipped. Frame numbers count packets.
fn read_hex<R: BufRead>(mut input: R, sink: &mut impl Sink) -> Result<(), Damage> {
    let mut line = String::new();
    let mut number = 0u64;
    let mut offset = 0u64;
    loop {
        line.clear();
        // A line is at most a datagram's worth of hex (and separators).
        let n = match (&mut input)
            .take(4 * MAX_PAYLOAD_FILE as u64)
            .read_line(&mut line)
        {
            Ok(n) => n,
            Err(e) => {
                return Err(Damage {
                    offset,
                    message: format!("not text: {e}"),
                })
            }
        };
        if n == 0 {
            return Ok(());
        }
        if !line.ends_with('\n') && n as u64 == 4 * MAX_PAYLOAD_FILE as u64 {
            return Err(Damage {
                offset,
                message: "hex line longer than a UDP datagram".into(),
            });
        }
        offset += n as u64;
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        number += 1;
        match parse_hex(t) {
            Ok(bytes) => sink.frame(&payload_frame(number, &bytes)),
            Err(m) => sink.bad_input(number, format!("invalid hex: {m}")),
        }
    }
}

/// A frame for a payload given as octets.
pub fn payload_frame(number: u64, data: &[u8]) -> Frame<'_> {
    Frame {
        number,
        time: None,
        interface: 0,
        link_type: LINK_PAYLOAD,
        data,
        orig_len: data.len() as u32,
    }
}

fn read_raw<R: Read>(input: R, sink: &mut impl Sink) -> Result<(), Damage> {
    let mut bytes = Vec::new();
    let n = input
        .take(MAX_PAYLOAD_FILE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| damage(0, format!("cannot read: {e}")))?;
    if n > MAX_PAYLOAD_FILE {
        return Err(damage(
            MAX_PAYLOAD_FILE,
            "neither pcap, pcapng nor hex, and longer than a UDP datagram: not a raw payload",
        ));
    }
    sink.frame(&payload_frame(1, &bytes));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Number, time, interface, link type, data.
    type Got = (u64, Option<CaptureTime>, u32, u32, Vec<u8>);

    #[derive(Default)]
    struct Collect {
        frames: Vec<Got>,
        bad: Vec<(u64, String)>,
    }
    impl Sink for Collect {
        fn frame(&mut self, f: &Frame<'_>) {
            self.frames
                .push((f.number, f.time, f.interface, f.link_type, f.data.to_vec()));
        }
        fn bad_input(&mut self, number: u64, message: String) {
            self.bad.push((number, message));
        }
    }

    fn pcap(magic: [u8; 4], link: u32, records: &[(u32, u32, &[u8])]) -> Vec<u8> {
        let mut v = magic.to_vec();
        v.extend_from_slice(&[2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        v.extend_from_slice(&65535u32.to_le_bytes());
        v.extend_from_slice(&link.to_le_bytes());
        for (s, f, d) in records {
            v.extend_from_slice(&s.to_le_bytes());
            v.extend_from_slice(&f.to_le_bytes());
            v.extend_from_slice(&(d.len() as u32).to_le_bytes());
            v.extend_from_slice(&(d.len() as u32).to_le_bytes());
            v.extend_from_slice(d);
        }
        v
    }

    #[test]
    fn pcap_micro_and_nano() {
        let micro = pcap([0xd4, 0xc3, 0xb2, 0xa1], 101, &[(10, 5, b"ab")]);
        let mut c = Collect::default();
        read(&micro[..], &mut c).unwrap();
        assert_eq!(
            c.frames,
            vec![(
                1,
                Some(CaptureTime {
                    secs: 10,
                    nanos: 5000
                }),
                0,
                101,
                b"ab".to_vec()
            )]
        );
        let nano = pcap(
            [0x4d, 0x3c, 0xb2, 0xa1],
            1,
            &[(10, 5, b"ab"), (11, 7, b"c")],
        );
        let mut c = Collect::default();
        read(&nano[..], &mut c).unwrap();
        assert_eq!(c.frames[0].1, Some(CaptureTime { secs: 10, nanos: 5 }));
        assert_eq!(c.frames[1].0, 2);
        assert_eq!(c.frames[1].4, b"c");
    }

    #[test]
    fn truncated_pcap_gives_frames_then_damage_offset() {
        let mut v = pcap(
            [0xd4, 0xc3, 0xb2, 0xa1],
            1,
            &[(1, 0, b"abcd"), (2, 0, b"efgh")],
        );
        v.truncate(v.len() - 2);
        let mut c = Collect::default();
        let d = read(&v[..], &mut c).unwrap_err();
        assert_eq!(c.frames.len(), 1);
        // 24-octet file header, 16 + 4 for the first record.
        assert_eq!(d.offset, 44);
        assert_eq!(
            d.message,
            "truncated record: the file ends inside it (capture cut short?)"
        );
    }

    /// A pcapng block: type, length, body, length.
    fn block(ty: u32, body: &[u8]) -> Vec<u8> {
        let len = (12 + body.len()) as u32;
        let mut v = ty.to_le_bytes().to_vec();
        v.extend_from_slice(&len.to_le_bytes());
        v.extend_from_slice(body);
        v.extend_from_slice(&len.to_le_bytes());
        v
    }

    fn idb(link: u16, tsresol: Option<u8>) -> Vec<u8> {
        let mut b = link.to_le_bytes().to_vec();
        b.extend_from_slice(&[0, 0, 0, 0, 4, 0]);
        if let Some(r) = tsresol {
            b.extend_from_slice(&[9, 0, 1, 0, r, 0, 0, 0]);
            b.extend_from_slice(&[0, 0, 0, 0]);
        }
        block(1, &b)
    }

    fn epb(iface: u32, ts: u64, data: &[u8]) -> Vec<u8> {
        let mut b = iface.to_le_bytes().to_vec();
        b.extend_from_slice(&((ts >> 32) as u32).to_le_bytes());
        b.extend_from_slice(&(ts as u32).to_le_bytes());
        b.extend_from_slice(&(data.len() as u32).to_le_bytes());
        b.extend_from_slice(&(data.len() as u32).to_le_bytes());
        b.extend_from_slice(data);
        while b.len() % 4 != 0 {
            b.push(0);
        }
        block(6, &b)
    }

    fn shb() -> Vec<u8> {
        let mut b = vec![0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0];
        b.extend_from_slice(&[0xff; 8]);
        block(0x0a0d_0d0a, &b)
    }

    #[test]
    fn pcapng_interfaces_with_their_own_resolution() {
        let mut v = shb();
        v.extend(idb(1, None)); // microseconds
        v.extend(idb(276, Some(9))); // nanoseconds
        v.extend(idb(101, Some(0x80 | 20))); // 2^-20 s
        v.extend(epb(0, 1_500_000, b"e"));
        v.extend(epb(1, 2_000_000_007, b"s"));
        v.extend(epb(2, (3 << 20) | (1 << 19), b"r"));
        let mut c = Collect::default();
        read(&v[..], &mut c).unwrap();
        let got: Vec<_> = c
            .frames
            .iter()
            .map(|f| (f.0, f.1.unwrap(), f.2, f.3))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    1,
                    CaptureTime {
                        secs: 1,
                        nanos: 500_000_000
                    },
                    0,
                    1
                ),
                (2, CaptureTime { secs: 2, nanos: 7 }, 1, 276),
                (
                    3,
                    CaptureTime {
                        secs: 3,
                        nanos: 500_000_000
                    },
                    2,
                    101
                ),
            ]
        );
    }

    #[test]
    fn pcapng_unknown_interface_is_damage() {
        let mut v = shb();
        v.extend(idb(1, None));
        let at = v.len() as u64;
        v.extend(epb(3, 0, b"x"));
        let mut c = Collect::default();
        let d = read(&v[..], &mut c).unwrap_err();
        assert_eq!(d.offset, at);
        assert!(c.frames.is_empty());
    }

    #[test]
    fn hex_lines_and_raw_files() {
        let mut c = Collect::default();
        read(&b"# comment\n23 00\n\nzz\n0a:0b\n"[..], &mut c).unwrap();
        assert_eq!(c.frames.len(), 2);
        assert_eq!((c.frames[0].0, &c.frames[0].4[..]), (1, &[0x23, 0][..]));
        assert_eq!((c.frames[1].0, &c.frames[1].4[..]), (3, &[0x0a, 0x0b][..]));
        assert_eq!(
            c.bad,
            vec![(
                2,
                "invalid hex: 'z' at character 0 is not a hex digit".to_string()
            )]
        );
        let mut c = Collect::default();
        let raw = [0x23u8, 0, 0, 0xe8];
        read(&raw[..], &mut c).unwrap();
        assert_eq!(c.frames[0].3, LINK_PAYLOAD);
        assert_eq!(c.frames[0].4, raw);
    }

    #[test]
    fn sniff_formats() {
        assert_eq!(sniff(&[0x0a, 0x0d, 0x0d, 0x0a]), Format::Pcapng);
        assert_eq!(sniff(&[0xa1, 0xb2, 0xc3, 0xd4]), Format::Pcap);
        assert_eq!(sniff(b"2408fee6\n"), Format::Hex);
        assert_eq!(sniff(&[0x23, 0, 0, 0]), Format::Raw);
        assert_eq!(sniff(&[]), Format::Raw);
    }
}
