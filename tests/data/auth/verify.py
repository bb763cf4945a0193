#!/usr/bin/env python3
"""Recompute the MAC of every captured chrony packet in this folder from
chrony.keys and print one line each: name, version, trailer octets, digest
octets on the wire, the algorithm's full digest length, and OK / MISMATCH.
Exit 1 on any mismatch.

MAC = key id (32 bits) + digest; digest = HASH(key || octets before the key
id), truncated to what is on the wire (chrony 4.3 ntp_auth.c); AES128/256 =
CMAC(key, octets before the key id) (RFC 8573), needs `cryptography`.
"""
import glob, hashlib, os, struct, sys

HERE = os.path.dirname(os.path.abspath(__file__))
HASH = {"MD5": "md5", "SHA1": "sha1", "SHA256": "sha256", "SHA384": "sha384",
        "SHA512": "sha512", "SHA3-224": "sha3_224", "SHA3-256": "sha3_256",
        "SHA3-384": "sha3_384", "SHA3-512": "sha3_512"}


def keys():
    k = {}
    for line in open(os.path.join(HERE, "chrony.keys")):
        line = line.split("#")[0].split()
        if len(line) == 3:
            k[int(line[0])] = (line[1], bytes.fromhex(line[2].split(":", 1)[1]))
    return k


def digest(kind, key, data):
    if kind in HASH:
        return hashlib.new(HASH[kind], key + data).digest()
    from cryptography.hazmat.primitives.cmac import CMAC
    from cryptography.hazmat.primitives.ciphers import algorithms
    c = CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()


def main():
    k = keys()
    bad = 0
    for f in sorted(glob.glob(os.path.join(HERE, "*-v[34]-*.hex")) +
                    glob.glob(os.path.join(HERE, "*-default-*.hex"))):
        p = bytes.fromhex(open(f).read().strip())
        keyid = struct.unpack("!I", p[48:52])[0]
        kind, key = k[keyid]
        full = digest(kind, key, p[:48])
        wire = p[52:]
        ok = full[:len(wire)] == wire
        bad += not ok
        print("%-28s vn=%d trailer=%d digest_on_wire=%d full_digest=%d %s" % (
            os.path.basename(f)[:-4], (p[0] >> 3) & 7, len(p) - 48, len(wire),
            len(full), "OK" if ok else "MISMATCH"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
