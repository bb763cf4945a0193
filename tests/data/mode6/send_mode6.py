#!/usr/bin/env python3
"""Send one hand-built mode 6 request to 127.0.0.1:123 and print every reply
as hex (one line each) until 1.5 s pass with nothing new.  Loopback only.

usage: send_mode6.py OPCODE SEQUENCE ASSOCID [DATA] [--key ID TYPE HEX]
                     [--align 4|8]

Octet 0 is 0xd6 (LI 3, VN 2, mode 6), as ntpq 1.2.2 sends it; count is the
unpadded data length; the data is zero-padded to a multiple of 4.  With
--key the request is authenticated: zero padding up to --align octets
(default 8, what ntpq does), then key id (32 bits) and
digest(key || packet so far), TYPE md5 or sha1.
"""
import argparse, hashlib, socket, struct

ap = argparse.ArgumentParser()
ap.add_argument("opcode", type=lambda x: int(x, 0))
ap.add_argument("sequence", type=lambda x: int(x, 0))
ap.add_argument("associd", type=lambda x: int(x, 0))
ap.add_argument("data", nargs="?", default="")
ap.add_argument("--key", nargs=3, metavar=("ID", "TYPE", "HEX"))
ap.add_argument("--align", type=int, default=8, choices=(4, 8))
a = ap.parse_args()
data = a.data.encode()
pkt = struct.pack("!BBHHHHH", 0xd6, a.opcode & 0x1f, a.sequence, 0,
                  a.associd, 0, len(data))
pkt += data + b"\0" * (-len(data) % 4)
if a.key:
    keyid, kind, key = int(a.key[0]), a.key[1].lower(), bytes.fromhex(a.key[2])
    pkt += b"\0" * (-len(pkt) % a.align)
    pkt += struct.pack("!I", keyid) + hashlib.new(kind, key + pkt).digest()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1.5)
s.sendto(pkt, ("127.0.0.1", 123))
print("sent", pkt.hex())
n = 0
while True:
    try:
        d, _ = s.recvfrom(2048)
    except socket.timeout:
        break
    n += 1
    print("reply", d.hex())
if n == 0:
    print("noreply")
