//! Link layers down to UDP: Ethernet (with VLAN tags), Linux cooked
//! capture v1 and v2, BSD null/loopback, raw IPv4/IPv6; then IP and UDP
//! with `etherparse`, and IPv4 fragments through [`crate::frag`].
//!
//! The Linux cooked headers are read here. etherparse does not read v2 at
//! all, and its v1 reader refuses ARPHRD_LOOPBACK (772), the type of every
//! loopback frame in a `tcpdump -i any` capture. v1 (SLL, LINKTYPE 113):
//!
//! ```text
//! 0        2        4        6                  14       16
//! +--------+--------+--------+------------------+--------+
//! |pkt type|ARPHRD  |addr len| address (8)      | proto  | payload
//! +--------+--------+--------+------------------+--------+
//! ```
//!
//! v2 (SLL2, LINKTYPE 276, what `tcpdump -i any` writes with libpcap 1.10
//! and later):
//!
//! ```text
//! 0      2      4             8      10  11  12                  20
//! +------+------+-------------+------+---+---+-------------------+
//! |proto |rsvd  | if index    |ARPHRD|pkt|len| address (8)       | payload
//! +------+------+-------------+------+---+---+-------------------+
//! ```
//! all big-endian; `proto` is the EtherType of the payload.

use std::net::{IpAddr, SocketAddr};

use etherparse::{EtherType, NetSlice, SlicedPacket, TransportSlice};

use crate::frag::{Fragment, Reassembler};
use crate::input::LINK_PAYLOAD;
use crate::ntp::CaptureTime;

/// LINKTYPE_NULL: BSD loopback, address family in the host's byte order.
pub const NULL: u32 = 0;
/// LINKTYPE_ETHERNET.
pub const ETHERNET: u32 = 1;
/// LINKTYPE_RAW: the frame is an IPv4 or IPv6 packet.
pub const RAW: u32 = 101;
/// LINKTYPE_LOOP: OpenBSD loopback, address family in network byte order.
pub const LOOP: u32 = 108;
/// LINKTYPE_LINUX_SLL: Linux cooked capture v1.
pub const SLL: u32 = 113;
/// LINKTYPE_IPV4.
pub const IPV4: u32 = 228;
/// LINKTYPE_IPV6.
pub const IPV6: u32 = 229;
/// LINKTYPE_LINUX_SLL2: Linux cooked capture v2.
pub const SLL2: u32 = 276;
/// DLT_RAW as OpenBSD (14) and others (12) number it.
const RAW_ALIASES: [u32; 2] = [12, 14];

/// Octets of the SLL2 header.
pub const SLL2_HEADER_LEN: usize = 20;
/// Octets of the SLL (v1) header.
pub const SLL_HEADER_LEN: usize = 16;

/// A name for a link type, as tshark shows it.
pub fn link_name(link_type: u32) -> &'static str {
    match link_type {
        NULL => "BSD loopback",
        ETHERNET => "Ethernet",
        RAW | 12 | 14 => "raw IP",
        LOOP => "OpenBSD loopback",
        SLL => "Linux cooked v1",
        IPV4 => "raw IPv4",
        IPV6 => "raw IPv6",
        SLL2 => "Linux cooked v2",
        LINK_PAYLOAD => "UDP payload",
        _ => "unsupported",
    }
}

/// The SLL2 header fields the tool uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sll2 {
    /// EtherType of the payload.
    pub protocol: u16,
    /// Interface index on the capturing host.
    pub interface_index: u32,
    /// ARPHRD_ type of the interface.
    pub arphrd: u16,
    /// Packet type: 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us.
    pub packet_type: u8,
}

/// Reads an SLL2 header; `None` when fewer than 20 octets are there.
pub fn parse_sll2(data: &[u8]) -> Option<(Sll2, &[u8])> {
    let h = data.get(..SLL2_HEADER_LEN)?;
    let sll = Sll2 {
        protocol: u16::from_be_bytes([h[0], h[1]]),
        interface_index: u32::from_be_bytes([h[4], h[5], h[6], h[7]]),
        arphrd: u16::from_be_bytes([h[8], h[9]]),
        packet_type: h[10],
    };
    Some((sll, &data[SLL2_HEADER_LEN..]))
}

/// Reads an SLL (v1) header: packet type, ARPHRD type and the EtherType
/// of the payload; `None` when fewer than 16 octets are there.
pub fn parse_sll(data: &[u8]) -> Option<(u16, u16, u16, &[u8])> {
    let h = data.get(..SLL_HEADER_LEN)?;
    Some((
        u16::from_be_bytes([h[0], h[1]]),
        u16::from_be_bytes([h[2], h[3]]),
        u16::from_be_bytes([h[14], h[15]]),
        &data[SLL_HEADER_LEN..],
    ))
}

/// Address families of the null/loopback header: AF_INET is 2 everywhere;
/// AF_INET6 is 10 (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS).
fn family(af: u32) -> Option<u16> {
    match af {
        2 => Some(0x0800),
        10 | 24 | 28 | 30 => Some(0x86dd),
        _ => None,
    }
}

/// Reads the 4-octet null/loopback header in either byte order (the
/// capturing host's order for LINKTYPE_NULL): the EtherType it stands for.
pub fn parse_null(data: &[u8]) -> Option<(u16, &[u8])> {
    let h: [u8; 4] = data.get(..4)?.try_into().ok()?;
    let ether = family(u32::from_le_bytes(h)).or_else(|| family(u32::from_be_bytes(h)))?;
    Some((ether, &data[4..]))
}

/// A UDP datagram found in a frame.
#[derive(Debug, Clone, Copy)]
pub struct Datagram<'a> {
    /// Source address and port.
    pub src: SocketAddr,
    /// Destination address and port.
    pub dst: SocketAddr,
    /// The UDP payload.
    pub payload: &'a [u8],
    /// First VLAN id, when tagged.
    pub vlan: Option<u16>,
    /// Fragments it was reassembled from (0: not fragmented).
    pub fragments: usize,
}

/// What a frame holds, at the UDP layer.
#[derive(Debug)]
pub enum Layer<'a> {
    /// A UDP datagram (not yet filtered by port).
    Udp(Datagram<'a>),
    /// A frame that is not UDP over IP (ARP, TCP, ...).
    Other,
    /// An IPv4 fragment kept for reassembly.
    FragmentHeld,
    /// An IPv6 fragment: reported, not reassembled.
    Ipv6Fragment {
        /// Source address.
        src: IpAddr,
        /// Destination address.
        dst: IpAddr,
    },
    /// A link type the tool does not read.
    UnsupportedLink(u32),
    /// The link, IP or UDP layer is cut short or corrupt.
    Broken(String),
}

fn sliced(link_type: u32, data: &[u8]) -> Result<SlicedPacket<'_>, Layer<'static>> {
    let r = match link_type {
        ETHERNET => SlicedPacket::from_ethernet(data),
        SLL => match parse_sll(data) {
            Some((_, _, protocol, rest)) => {
                SlicedPacket::from_ether_type(EtherType(protocol), rest)
            }
            None => {
                return Err(Layer::Broken(format!(
                    "Linux cooked v1 header cut short: {} of 16 octets",
                    data.len()
                )))
            }
        },
        SLL2 => match parse_sll2(data) {
            Some((h, rest)) => SlicedPacket::from_ether_type(EtherType(h.protocol), rest),
            None => {
                return Err(Layer::Broken(format!(
                    "Linux cooked v2 header cut short: {} of 20 octets",
                    data.len()
                )))
            }
        },
        NULL | LOOP => match parse_null(data) {
            Some((ether, rest)) => SlicedPacket::from_ether_type(EtherType(ether), rest),
            None if data.len() < 4 => {
                return Err(Layer::Broken(
                    "loopback header cut short: fewer than 4 octets".into(),
                ))
            }
            None => return Err(Layer::Other),
        },
        RAW | IPV4 | IPV6 => SlicedPacket::from_ip(data),
        t if RAW_ALIASES.contains(&t) => SlicedPacket::from_ip(data),
        t => return Err(Layer::UnsupportedLink(t)),
    };
    r.map_err(|e| Layer::Broken(format!("{e}")))
}

/// Unwraps a frame down to UDP. IPv4 fragments go to `frag`; the last
/// one gives back the whole datagram through `reassembled`.
pub fn udp<'a>(
    link_type: u32,
    data: &'a [u8],
    frame: u64,
    time: Option<CaptureTime>,
    frag: &mut Reassembler,
) -> Layer<'a> {
    let packet = match sliced(link_type, data) {
        Ok(p) => p,
        Err(l) => return l,
    };
    let vlan = packet.vlan_ids().first().map(|v| v.value());
    let (src, dst) = match &packet.net {
        Some(NetSlice::Ipv4(ip)) => {
            let h = ip.header();
            if ip.is_payload_fragmented() {
                if h.protocol() != etherparse::IpNumber::UDP {
                    return Layer::Other;
                }
                frag.add(Fragment {
                    src: h.source_addr(),
                    dst: h.destination_addr(),
                    id: h.identification(),
                    offset: usize::from(h.fragments_offset().value()) * 8,
                    more: h.more_fragments(),
                    data: ip.payload().payload,
                    frame,
                    time,
                    vlan,
                });
                return Layer::FragmentHeld;
            }
            (
                IpAddr::V4(h.source_addr()),
                IpAddr::V4(h.destination_addr()),
            )
        }
        Some(NetSlice::Ipv6(ip)) => {
            let h = ip.header();
            let (s, d) = (
                IpAddr::V6(h.source_addr()),
                IpAddr::V6(h.destination_addr()),
            );
            if ip.is_payload_fragmented() {
                return Layer::Ipv6Fragment { src: s, dst: d };
            }
            (s, d)
        }
        _ => return Layer::Other,
    };
    match &packet.transport {
        Some(TransportSlice::Udp(u)) => Layer::Udp(Datagram {
            src: SocketAddr::new(src, u.source_port()),
            dst: SocketAddr::new(dst, u.destination_port()),
            payload: u.payload(),
            vlan,
            fragments: 0,
        }),
        _ => Layer::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// IPv4 + UDP 40000 -> 123 with `payload`.
    fn ipv4_udp(payload: &[u8]) -> Vec<u8> {
        let total = (20 + 8 + payload.len()) as u16;
        let mut v = vec![
            0x45,
            0,
            (total >> 8) as u8,
            total as u8,
            0,
            1,
            0x40,
            0,
            64,
            17,
            0,
            0,
        ];
        v.extend_from_slice(&[127, 0, 0, 1, 127, 0, 0, 2]);
        let ulen = (8 + payload.len()) as u16;
        v.extend_from_slice(&[0x9c, 0x40, 0, 123, (ulen >> 8) as u8, ulen as u8, 0, 0]);
        v.extend_from_slice(payload);
        v
    }

    fn datagram(link_type: u32, data: &[u8]) -> (String, String, Vec<u8>, Option<u16>) {
        let mut frag = Reassembler::new();
        match udp(link_type, data, 1, None, &mut frag) {
            Layer::Udp(d) => (
                d.src.to_string(),
                d.dst.to_string(),
                d.payload.to_vec(),
                d.vlan,
            ),
            other => panic!("{other:?}"),
        }
    }

    fn expected(payload: &[u8]) -> (String, String, Vec<u8>, Option<u16>) {
        (
            "127.0.0.1:40000".into(),
            "127.0.0.2:123".into(),
            payload.to_vec(),
            None,
        )
    }

    #[test]
    fn sll2_header_fields_and_payload() {
        let mut f = vec![0x08, 0x00, 0, 0, 0, 0, 0, 1, 0x03, 0x04, 4, 6];
        f.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0]);
        let ip = ipv4_udp(b"ntp!");
        f.extend_from_slice(&ip);
        let (h, rest) = parse_sll2(&f).unwrap();
        assert_eq!(
            h,
            Sll2 {
                protocol: 0x0800,
                interface_index: 1,
                arphrd: 772,
                packet_type: 4
            }
        );
        assert_eq!(rest, &ip[..]);
        assert_eq!(datagram(SLL2, &f), expected(b"ntp!"));
        assert_eq!(parse_sll2(&f[..19]), None);
        let mut frag = Reassembler::new();
        match udp(SLL2, &f[..19], 1, None, &mut frag) {
            Layer::Broken(m) => assert_eq!(m, "Linux cooked v2 header cut short: 19 of 20 octets"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn null_loopback_both_byte_orders() {
        let ip = ipv4_udp(b"abcd");
        for header in [[2, 0, 0, 0], [0, 0, 0, 2]] {
            let mut f = header.to_vec();
            f.extend_from_slice(&ip);
            assert_eq!(datagram(NULL, &f), expected(b"abcd"));
            assert_eq!(datagram(LOOP, &f), expected(b"abcd"));
        }
        assert_eq!(parse_null(&[30, 0, 0, 0, 9]), Some((0x86dd, &[9u8][..])));
        assert_eq!(parse_null(&[0, 0, 0, 24]), Some((0x86dd, &[][..])));
        assert_eq!(parse_null(&[7, 0, 0, 0]), None);
    }

    #[test]
    fn ethernet_with_vlan_sll_and_raw() {
        let ip = ipv4_udp(b"xyzw");
        let mut eth = vec![0u8; 12];
        eth.extend_from_slice(&[0x81, 0x00, 0x00, 0x64, 0x08, 0x00]);
        eth.extend_from_slice(&ip);
        let mut want = expected(b"xyzw");
        want.3 = Some(100);
        assert_eq!(datagram(ETHERNET, &eth), want);
        // SLL v1: packet type, ARPHRD 772 (loopback), address, protocol.
        let mut sll = vec![0, 4, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00];
        sll.extend_from_slice(&ip);
        assert_eq!(datagram(SLL, &sll), expected(b"xyzw"));
        assert_eq!(
            parse_sll(&sll).map(|h| (h.0, h.1, h.2)),
            Some((4, 772, 0x0800))
        );
        assert_eq!(parse_sll(&sll[..15]), None);
        assert_eq!(datagram(RAW, &ip), expected(b"xyzw"));
        assert_eq!(datagram(IPV4, &ip), expected(b"xyzw"));
    }

    #[test]
    fn raw_ipv6_udp() {
        let payload = b"v6v6";
        let mut v = vec![0x60, 0, 0, 0, 0, 12, 17, 64];
        v.extend_from_slice(&[0; 15]);
        v.push(1);
        v.extend_from_slice(&[0; 15]);
        v.push(1);
        v.extend_from_slice(&[0x9c, 0x40, 0, 123, 0, 12, 0, 0]);
        v.extend_from_slice(payload);
        let (s, d, p, _) = datagram(IPV6, &v);
        assert_eq!(
            (s.as_str(), d.as_str(), &p[..]),
            ("[::1]:40000", "[::1]:123", &payload[..])
        );
    }

    #[test]
    fn broken_and_unsupported() {
        let mut frag = Reassembler::new();
        assert!(matches!(
            udp(ETHERNET, &[0u8; 10], 1, None, &mut frag),
            Layer::Broken(_)
        ));
        assert!(matches!(
            udp(147, &[0u8; 40], 1, None, &mut frag),
            Layer::UnsupportedLink(147)
        ));
        let ip = ipv4_udp(b"abcd");
        assert!(matches!(
            udp(RAW, &ip[..30], 1, None, &mut frag),
            Layer::Broken(_)
        ));
    }
}
