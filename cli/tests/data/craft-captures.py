#!/usr/bin/env python3
"""Writes the crafted captures (no daemon involved); make-captures.sh runs it.

usage: craft-captures.py OUTDIR

- crafted-trailers.pcap: one frame per trailer case, Ethernet/IPv4/UDP to
  port 123, including the cases where tshark 4.0 and chrony's rules differ
  (see README.md, "tshark disagreements");
- crafted-mode6-mode7.pcap: control (mode 6) and private (mode 7)
  messages from the library's fixtures (tests/data/*.hex,
  tests/data/mode7/*.hex), sent from an address outside the site
  (203.0.113.7, TEST-NET-3) to 192.0.2.1:123: a READVAR request and its
  answer, a monitor-list request answered by a two-packet monitor list,
  PEER_LIST with its answer, an MD5-authenticated request, an err 4
  answer and a request with MBZ bits set (refused);
- crafted-ntpv5.pcap: NTPv5 exchanges from tests/data/v5/*.hex (ntpd-rs
  1.9's replies), and requests it left unanswered;
- crafted-links.pcapng: the same NTP request over several link types in one
  file (BSD null in both byte orders, raw IPv4, Ethernet with a VLAN tag,
  Linux cooked v2, an IPv4 datagram in two fragments), interfaces with
  microsecond, nanosecond and 2^-20 s timestamp resolutions.
"""
import os, struct, sys

T0 = 0xEEB0F290_00000000  # 2026-11-25, fixed: the files are reproducible


def ntp_header(b0, stratum=0, poll=6, prec=-20, xmt=T0 + 1, org=0, rec=0, refid=b"\0\0\0\0"):
    return struct.pack("!BBbbII4sQQQQ", b0, stratum, poll, prec, 0, 0, refid, 0, org, rec, xmt)


def field(ftype, length, fill=0xAB):
    """An extension field of the given total length (header included)."""
    return struct.pack("!HH", ftype, length) + bytes([fill]) * (length - 4)


def mac(key_id, digest_len):
    return struct.pack("!I", key_id) + bytes(range(1, digest_len + 1))


def checksum16(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4(payload, proto=17, ident=1, frag=0, src=b"\x7f\0\0\x01", dst=b"\x7f\0\0\x02"):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, frag, 64, proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", checksum16(h)) + h[12:]
    return h + payload


def udp(payload, sport=40000, dport=123):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def ether(ip, vlan=None):
    e = b"\0" * 12
    if vlan is not None:
        e += struct.pack("!HH", 0x8100, vlan)
    return e + b"\x08\x00" + ip


def pcap(path, frames, link=1):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link))
        for i, data in enumerate(frames):
            f.write(struct.pack("<IIII", 1795000000 + i, 0, len(data), len(data)))
            f.write(data)


# (name, payload): every case is one frame, in this order.
TRAILERS = [
    # chrony reads a 20-octet trailer as a MAC; so does tshark.
    ("md5-mac-key-1", ntp_header(0x23) + mac(1, 16)),
    # A MAC whose key id (20) looks like a field header: type 0, length 20.
    ("mac-key-20", ntp_header(0x23) + mac(20, 16)),
    # A MAC with key id 16: type 0, length 16 read as a field leaves 4.
    ("mac-key-16", ntp_header(0x23) + mac(16, 16)),
    # A 20-octet field as the whole trailer: chrony reads a MAC.
    ("field-20-alone", ntp_header(0x23) + field(0x1234, 20)),
    # A 12-octet field (too short for RFC 7822) then an MD5 MAC.
    ("field-12-then-mac", ntp_header(0x23) + field(0x1234, 12) + mac(3, 16)),
    # A field whose length (40) runs past the 28 octets left.
    ("field-past-end", ntp_header(0x23) + struct.pack("!HH", 0x1234, 40) + b"\xab" * 24),
    # A 28-octet field, then 12 octets: no MAC length at version 4.
    ("field-28-then-12", ntp_header(0x23) + field(0x1234, 28) + mac(5, 8)),
    # A 28-octet field then an MD5 MAC.
    ("field-28-then-mac", ntp_header(0x23) + field(0x1234, 28) + mac(5, 16)),
    # A 24-octet field as the whole trailer: chrony's rule reads a 24-octet
    # MAC (SHA-1) whose key id is 0x12340018.
    ("field-24-alone", ntp_header(0x23) + field(0x1234, 24)),
    # A 16-octet field then a 20-octet MAC.
    ("field-16-then-mac", ntp_header(0x23) + field(0x1234, 16) + mac(7, 16)),
    # Two 16-octet fields then a 24-octet MAC.
    ("fields-16-16-then-sha1", ntp_header(0x23) + field(0x2001, 16) + field(0x2002, 16) + mac(9, 20)),
    # A 32-octet field then a 20-octet MAC.
    ("field-32-then-mac", ntp_header(0x23) + field(0x2003, 32) + mac(11, 16)),
    # A 44-octet field: a valid last field.
    ("field-44-alone", ntp_header(0x23) + field(0x2004, 44)),
    # NTS request whose placeholder differs in size from the cookie.
    ("nts-placeholder-size", ntp_header(0x23) + field(0x0104, 36) + field(0x0204, 104)
     + field(0x0304, 100) + struct.pack("!HHHH", 0x0404, 40, 16, 16) + b"\x55" * 32),
    # Crypto-NAK: 4 zero octets.
    ("crypto-nak", ntp_header(0x24, stratum=2, refid=b"\xc0\0\x02\x01", org=T0 + 1, rec=T0 + 2, xmt=T0 + 3)
     + b"\0\0\0\0"),
    # MS-SNTP request: version 3, key id (little-endian RID 1105), zero checksum.
    ("ms-sntp-request", ntp_header(0x1B) + struct.pack("<I", 1105) + b"\0" * 16),
    # A trailer that is not a multiple of 4 octets.
    ("unaligned", ntp_header(0x23) + b"\x01\x02\x03\x04\x05\x06"),
    # Version 0.
    ("version-0", ntp_header(0x03)),
    # Mode 7 (ntpdc MON_GETLIST_1 request) and an NTPv5 request: undecoded kinds.
    ("mode7", bytes([0x17, 0x00, 0x03, 0x2A]) + b"\0" * 4),
    ("ntpv5", bytes([0x2B]) + b"\0" * 47),
]


# Cases sent by the server (127.0.0.2:123 -> 127.0.0.1:40000).
REPLIES = {"crypto-nak"}


def crafted_trailers(out):
    def frame(name, p):
        if name in REPLIES:
            return ether(ipv4(udp(p, sport=123, dport=40000), src=b"\x7f\0\0\x02", dst=b"\x7f\0\0\x01"))
        return ether(ipv4(udp(p)))
    frames = [frame(n, p) for n, p in TRAILERS]
    pcap(os.path.join(out, "crafted-trailers.pcap"), frames)
    with open(os.path.join(out, "crafted-trailers.txt"), "w") as f:
        for i, (name, p) in enumerate(TRAILERS, 1):
            f.write("%d %s %d\n" % (i, name, len(p)))


ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


def fixture(rel):
    with open(os.path.join(ROOT, "tests", "data", rel)) as f:
        return bytes.fromhex("".join(l.split("#")[0].strip() for l in f))


OUTSIDE = b"\xcb\x00\x71\x07"  # 203.0.113.7
SERVER = b"\xc0\x00\x02\x01"  # 192.0.2.1

# (fixture, sent by the server): one frame each, in this order.
MODE67 = [
    ("ntpq-mode6-readvar-request.hex", False),
    ("ntpsec-mode6-readvar-response.hex", True),
    ("mode7/mon-getlist-1-request.hex", False),
    ("mode7/mon-getlist-1-response-1.hex", True),
    ("mode7/mon-getlist-1-response-2.hex", True),
    ("mode7/peer-list-request.hex", False),
    ("mode7/peer-list-response.hex", True),
    ("mode7/auth-md5-request.hex", False),
    ("mode7/error-4-response.hex", True),
    ("mode7/mbz-set-request.hex", False),
]

V5 = [
    ("v5/v5-draft08-request.hex", False),
    ("v5/v5-draft08-response.hex", True),
    ("v5/v5-draft08-padding-request.hex", False),
    ("v5/v5-draft08-padding-response.hex", True),
    ("v5/v5-draft08-refids-0-64-request.hex", False),
    ("v5/v5-draft08-refids-0-64-response.hex", True),
    ("v5/v5-draft08-timescale-4-request.hex", False),
    ("v5/v5-no-draft-id-request.hex", False),
]


def fixtures_capture(out, name, cases, src, dst):
    frames = []
    for rel, reply in cases:
        p = fixture(rel)
        if reply:
            frames.append(ether(ipv4(udp(p, sport=123, dport=40001), src=dst, dst=src)))
        else:
            frames.append(ether(ipv4(udp(p, sport=40001, dport=123), src=src, dst=dst)))
    pcap(os.path.join(out, name), frames)


def block(btype, body):
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def opt(code, value):
    pad = (-len(value)) % 4
    return struct.pack("<HH", code, len(value)) + value + b"\0" * pad


def idb(link, tsresol=None):
    body = struct.pack("<HHI", link, 0, 65535)
    if tsresol is not None:
        body += opt(9, bytes([tsresol])) + opt(0, b"")
    return block(1, body)


def epb(iface, ts, data):
    body = struct.pack("<IIIII", iface, ts >> 32, ts & 0xFFFFFFFF, len(data), len(data))
    body += data + b"\0" * ((-len(data)) % 4)
    return block(6, body)


def crafted_links(out):
    req = ntp_header(0x23)
    dgram = udp(req)
    ip = ipv4(dgram)
    sll2 = struct.pack("!HHIHBB8s", 0x0800, 0, 1, 772, 4, 6, b"\0" * 8)
    # A fragmented datagram: 24 octets, then the rest (offset 3 blocks of 8).
    first, rest = dgram[:24], dgram[24:]
    f1 = ipv4(first, ident=0x77, frag=0x2000)
    f2 = ipv4(rest, ident=0x77, frag=3)
    shb = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    s = 1795000000
    blocks = [
        shb,
        idb(0),                 # 0: BSD null, microseconds
        idb(101, 9),            # 1: raw IP, nanoseconds
        idb(1, 0x80 | 20),      # 2: Ethernet, 2^-20 s
        idb(276, 6),            # 3: Linux cooked v2, microseconds
        epb(0, s * 10**6 + 1, struct.pack("<I", 2) + ip),      # null, little-endian AF
        epb(0, s * 10**6 + 2, struct.pack(">I", 2) + ip),      # null, big-endian AF
        epb(1, s * 10**9 + 3, ip),                             # raw IPv4
        epb(2, (s << 20) | (1 << 19), ether(ip, vlan=100)),    # VLAN 100, at .5 s
        epb(3, s * 10**6 + 5, sll2 + ip),                      # SLL2
        epb(1, s * 10**9 + 6, f1),                             # fragment 1
        epb(1, s * 10**9 + 7, f2),                             # fragment 2
    ]
    with open(os.path.join(out, "crafted-links.pcapng"), "wb") as f:
        f.write(b"".join(blocks))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    crafted_trailers(out)
    fixtures_capture(out, "crafted-mode6-mode7.pcap", MODE67, OUTSIDE, SERVER)
    fixtures_capture(out, "crafted-ntpv5.pcap", V5, b"\x7f\0\0\x01", b"\x7f\0\0\x02")
    crafted_links(out)


main()
