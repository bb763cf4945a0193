#!/usr/bin/env python3
"""Send each NAME.hex given on the command line to 127.0.0.1:PORT (one
socket per packet, 1.0 s wait) and print NAME, octets sent, and the reply
as hex or "noreply".  Loopback only.  Also builds, without a file:
  mssntp-v3-request   v3 header of MD5-v3-request + key id 1 + 16 zero
                      octets (the 68-octet MS-SNTP request shape)
  md5-v3-badmac       MD5-v3-request with its last octet flipped
  sha512-v4-full      the v4 SHA-512 request re-signed with the full
                      64-octet digest (116 octets: what chrony never sends at v4)
usage: send_raw.py PORT FILE.hex...
"""
import hashlib, os, socket, struct, sys

HERE = os.path.dirname(os.path.abspath(__file__))
port = int(sys.argv[1])


def hexfile(n):
    return bytes.fromhex(open(os.path.join(HERE, n)).read().strip())


def key(keyid):
    for line in open(os.path.join(HERE, "chrony.keys")):
        f = line.split("#")[0].split()
        if len(f) == 3 and int(f[0]) == keyid:
            return bytes.fromhex(f[2].split(":", 1)[1])


cases = [(os.path.basename(f)[:-4], hexfile(os.path.abspath(f))) for f in sys.argv[2:]]
md5v3 = hexfile("MD5-v3-request.hex")
cases.append(("mssntp-v3-request", md5v3[:48] + struct.pack("!I", 1) + b"\0" * 16))
cases.append(("md5-v3-badmac", md5v3[:-1] + bytes([md5v3[-1] ^ 1])))
s512 = hexfile("SHA512-v4-request.hex")[:48]
cases.append(("sha512-v4-full", s512 + struct.pack("!I", 5)
              + hashlib.sha512(key(5) + s512).digest()))
for name, pkt in cases:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1.0)
    s.sendto(pkt, ("127.0.0.1", port))
    try:
        r, _ = s.recvfrom(2048)
        out = r.hex()
    except socket.timeout:
        out = "noreply"
    s.close()
    print("%s\t%d\t%s\t%s" % (name, len(pkt), pkt.hex(), out))
