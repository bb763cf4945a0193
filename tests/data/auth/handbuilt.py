#!/usr/bin/env python3
"""Hand-build the v3 authenticators that Debian 12's chrony 4.3 cannot make
(chronyc keygen refuses TIGER, WHIRLPOOL, SHA224, RMD160 and DES; see
keygen-refused.txt).  Each packet is the 48-octet header of the real
chrony request MD5-v3-request.hex, then key id + digest:

  handbuilt-sha224-v3     key 12, real SHA-224(key || header), 28 octets -> trailer 32
  handbuilt-rmd160-v3     key 13, real RIPEMD-160(key || header), 20     -> trailer 24
  handbuilt-tiger-v3      key 14, TIGER-sized placeholder, 24            -> trailer 28
  handbuilt-whirlpool-v3  key 15, WHIRLPOOL-sized placeholder, 64        -> trailer 68
  handbuilt-des-v3        key 16, DES-sized placeholder, 8               -> trailer 12

Python's hashlib here has no TIGER, WHIRLPOOL or DES-CBC MAC, so those
three digests are placeholders of the right length (the first octets of
SHA-512("placeholder " + name + header)): they test lengths, not crypto.
Writes NAME.hex and NAME.txt (this script's reading); deterministic.
"""
import hashlib, os, struct

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = bytes.fromhex(open(os.path.join(HERE, "MD5-v3-request.hex")).read().strip())[:48]
KEY = bytes.fromhex("3C1E2D4B5A69788796A5B4C3D2E1F00F1E2D3C4B")  # test key, 20 octets


def placeholder(name, n):
    return hashlib.sha512(b"placeholder " + name.encode() + HEADER).digest()[:n]


CASES = [
    ("handbuilt-sha224-v3", 12, "SHA-224", hashlib.new("sha224", KEY + HEADER).digest(), "real"),
    ("handbuilt-rmd160-v3", 13, "RIPEMD-160", hashlib.new("ripemd160", KEY + HEADER).digest(), "real"),
    ("handbuilt-tiger-v3", 14, "TIGER", placeholder("tiger", 24), "placeholder"),
    ("handbuilt-whirlpool-v3", 15, "WHIRLPOOL", placeholder("whirlpool", 64), "placeholder"),
    ("handbuilt-des-v3", 16, "DES", placeholder("des", 8), "placeholder"),
]

for name, keyid, alg, dig, kind in CASES:
    p = HEADER + struct.pack("!I", keyid) + dig
    with open(os.path.join(HERE, name + ".hex"), "w") as f:
        f.write(p.hex() + "\n")
    with open(os.path.join(HERE, name + ".txt"), "w") as f:
        f.write("# %s: HAND-BUILT by handbuilt.py, not captured\n" % name)
        f.write("length\t%d octets\nversion\t%d\nmode\t%d\n" % (len(p), (p[0] >> 3) & 7, p[0] & 7))
        f.write("header\tthe 48 octets of MD5-v3-request.hex (a real chrony 4.3 v3 request)\n")
        f.write("trailer\t%d octets: key id %d + %d-octet %s digest (%s)\n" % (
            len(p) - 48, keyid, len(dig), alg, kind))
        if kind == "real":
            f.write("key\tHEX:%s\n" % KEY.hex().upper())
    print("%s\t%d\t%d\t%s %s" % (name, len(p), len(p) - 48, alg, kind))
