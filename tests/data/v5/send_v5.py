#!/usr/bin/env python3
"""Send hand-built NTPv5 (draft-ietf-ntp-ntpv5-08, as ntpd-rs 1.9 speaks it)
and NTPv4-upgrade requests to a loopback ntpd-rs and write, per case,
CASE-request.hex and, if an answer came, CASE-response.hex (UDP payloads,
lowercase hex, one line), plus CASE.txt: this script's field-by-field
reading of both (tshark 4.0 has no NTPv5 dissector) and "no reply within
1.0 s" when the server stayed silent.  manifest.tsv: one line per case.

usage: send_v5.py OUTDIR [PORT] [DENY_PORT]   (default 12400 and 12401)
Loopback only.  The client cookie of each case is the first 8 octets of
SHA-256(case name), so a test can check that the reply echoes it.

v5 header (48 octets): LI(2) VN(3)=5 mode(3), stratum, poll, precision,
root delay (time32: unsigned 4.28 seconds), root dispersion (time32),
timescale, era, flags(16), server cookie(64), client cookie(64),
receive timestamp(64), transmit timestamp(64).  v5 extension field:
type(16), length(16) counting the 4-octet header and the value but not the
padding to a multiple of 4.
"""
import hashlib, ipaddress, os, socket, struct, sys

HOST = "127.0.0.1"
DRAFT = b"draft-ietf-ntp-ntpv5-08"
EF_NAMES = {0xF501: "Padding", 0xF502: "MAC", 0xF503: "Reference IDs Request",
            0xF504: "Reference IDs Response", 0xF505: "Server Information",
            0xF506: "Correction", 0xF507: "Reference Timestamp",
            0xF508: "Monotonic Receive Timestamp",
            0xF509: "Secondary Receive Timestamp",
            0xF5FF: "Draft Identification", 0x0104: "Unique Identifier"}
TIMESCALES = {0: "UTC", 1: "TAI", 2: "UT1", 3: "leap-smeared UTC"}


def cookie(name):
    return hashlib.sha256(name.encode()).digest()[:8]


def v5_header(name, li=0, mode=3, timescale=0, era=0, flags=0, poll=0):
    return struct.pack("!BBbbIIBBH8s8sQQ", (li << 6) | (5 << 3) | mode, 0,
                       poll, 0, 0, 0, timescale, era, flags, b"\0" * 8,
                       cookie(name), 0, 0)


def ef(ftype, value, length=None):
    """v5 field: the length counts header + value, padding excluded."""
    n = 4 + len(value) if length is None else length
    return struct.pack("!HH", ftype, n) + value + b"\0" * (-len(value) % 4)


def v4_request(name, version=4, mode=3, reftime=b"\0" * 8):
    # LI 0, stratum 0, poll 0, precision 0, all zero but the reference
    # timestamp (the upgrade offer) and the transmit timestamp (= cookie).
    return struct.pack("!BBbbII4s8s8s8s8s", (version << 3) | mode, 0, 0, 0,
                       0, 0, b"\0" * 4, reftime, b"\0" * 8, b"\0" * 8,
                       cookie(name))


def cases():
    d = ef(0xF5FF, DRAFT)
    yield "v5-draft08", v5_header("v5-draft08") + d, "port"
    yield ("v5-draft08-padding", v5_header("v5-draft08-padding") + d
           + ef(0xF501, b"\0" * 48), "port")
    yield ("v5-draft08-padding-first", v5_header("v5-draft08-padding-first")
           + ef(0xF501, b"\0" * 20) + d, "port")
    yield ("v5-draft08-refids-0-64", v5_header("v5-draft08-refids-0-64") + d
           + ef(0xF503, struct.pack("!HH", 0, 0) + b"\0" * 60), "port")
    yield ("v5-draft08-refids-448-64", v5_header("v5-draft08-refids-448-64")
           + d + ef(0xF503, struct.pack("!HH", 448, 0) + b"\0" * 60), "port")
    yield ("v5-draft08-refids-0-512", v5_header("v5-draft08-refids-0-512") + d
           + ef(0xF503, struct.pack("!HH", 0, 0) + b"\0" * 508), "port")
    yield ("v5-draft08-refids-past-end", v5_header("v5-draft08-refids-past-end")
           + d + ef(0xF503, struct.pack("!HH", 480, 0) + b"\0" * 60), "port")
    yield ("v5-draft08-uid", v5_header("v5-draft08-uid") + d
           + ef(0x0104, hashlib.sha256(b"uid").digest()), "port")
    for ts in (1, 2, 3, 4, 255):
        n = "v5-draft08-timescale-%d" % ts
        yield n, v5_header(n, timescale=ts) + d, "port"
    for fl in (0x0001, 0x0002, 0x0004, 0x0008, 0x0100, 0x8000):
        n = "v5-draft08-flags-%04x" % fl
        yield n, v5_header(n, flags=fl) + d, "port"
    n = "v5-draft08-era-1"
    yield n, v5_header(n, era=1) + d, "port"
    n = "v5-draft08-li3"
    yield n, v5_header(n, li=3) + d, "port"
    n = "v5-draft08-poll-127"
    yield n, v5_header(n, poll=127) + d, "port"
    yield "v5-no-draft-id", v5_header("v5-no-draft-id"), "port"
    yield ("v5-no-draft-id-padding", v5_header("v5-no-draft-id-padding")
           + ef(0xF501, b"\0" * 24), "port")
    for s in (b"draft-ietf-ntp-ntpv5-07", b"draft-ietf-ntp-ntpv5-09",
              b"draft-ietf-ntp-ntpv5-08\0", b"DRAFT-IETF-NTP-NTPV5-08"):
        n = "v5-draft-id-" + s.decode().rstrip("\0").lower().replace(
            "draft-ietf-ntp-ntpv5-", "") + ("-nul" if s.endswith(b"\0") else "") \
            + ("-upper" if s.isupper() else "")
        yield n, v5_header(n) + ef(0xF5FF, s), "port"
    n = "v5-draft08-mode1"
    yield n, v5_header(n, mode=1) + d, "port"
    n = "v5-draft08-mode4"
    yield n, v5_header(n, mode=4) + d, "port"
    n = "v5-draft08-len-not-4n"
    yield n, v5_header(n) + d + b"\0", "port"
    n = "v5-draft08-field-len-3"
    yield n, v5_header(n) + d + struct.pack("!HH", 0xF501, 3), "port"
    n = "v5-draft08-field-past-end"
    yield n, v5_header(n) + d + struct.pack("!HH", 0xF501, 40) + b"\0" * 8, "port"
    yield "v5-draft08-deny", v5_header("v5-draft08-deny") + d, "deny"
    yield "v4-upgrade-ntp5drft", v4_request("v4-upgrade-ntp5drft",
                                            reftime=b"NTP5DRFT"), "port"
    yield "v4-upgrade-ntp5ntp5", v4_request("v4-upgrade-ntp5ntp5",
                                            reftime=b"NTP5NTP5"), "port"
    yield "v4-plain", v4_request("v4-plain"), "port"
    yield "v3-upgrade-ntp5drft", v4_request("v3-upgrade-ntp5drft", version=3,
                                            reftime=b"NTP5DRFT"), "port"
    yield "v4-mode1", v4_request("v4-mode1", mode=1), "port"
    yield "v4-deny", v4_request("v4-deny"), "deny"


def ts(b):
    sec, frac = struct.unpack("!II", b)
    return "0x%08x.%08x (%.9f s)" % (sec, frac, sec + frac / 2**32)


def time32(v):
    return "0x%08x (%.9f s)" % (v, v / 2**28)


def read_v5(p):
    out = []
    if len(p) < 48:
        return ["short packet: %d octets" % len(p)]
    (b0, stratum, poll, prec, rd, rdisp, tsc, era, flags, sc, cc, rx,
     tx) = struct.unpack("!BBbbIIBBH8s8s8s8s", p[:48])
    out += ["length\t%d octets" % len(p),
            "li\t%d" % (b0 >> 6), "vn\t%d" % ((b0 >> 3) & 7),
            "mode\t%d" % (b0 & 7), "stratum\t%d" % stratum,
            "poll\t%d (log2 s)" % poll, "precision\t%d (log2 s)" % prec,
            "root_delay\t" + time32(rd), "root_dispersion\t" + time32(rdisp),
            "timescale\t%d (%s)" % (tsc, TIMESCALES.get(tsc, "unknown")),
            "era\t%d" % era,
            "flags\t0x%04x (synchronized=%d interleaved=%d auth_nak=%d%s)" % (
                flags, flags & 1, (flags >> 1) & 1, (flags >> 2) & 1,
                " unknown=0x%04x" % (flags & ~7) if flags & ~7 else ""),
            "server_cookie\t" + sc.hex() + (" (ascii %r)" % sc[:4].decode()
                                             if all(65 <= c <= 90 for c in sc[:4]) else ""),
            "client_cookie\t" + cc.hex(),
            "receive_timestamp\t" + ts(rx), "transmit_timestamp\t" + ts(tx)]
    off = 48
    i = 0
    while off < len(p):
        if len(p) - off < 4:
            out.append("trailing\t%d octets: %s" % (len(p) - off, p[off:].hex()))
            break
        t, n = struct.unpack("!HH", p[off:off + 4])
        padded = n + (-n % 4)
        name = EF_NAMES.get(t, "unknown")
        if n < 4 or off + padded > len(p):
            out.append("ef[%d]\toffset %d type 0x%04x (%s) length %d: invalid "
                       "(below 4 or past the end); rest %s" % (
                           i, off, t, name, n, p[off:].hex()))
            break
        v = p[off + 4:off + n]
        extra = ""
        if t == 0xF5FF:
            extra = " value %r" % v.decode("ascii", "replace")
        elif t == 0xF503 and len(v) >= 2:
            extra = " offset %d, %d octets of filter asked" % (
                struct.unpack("!H", v[:2])[0], len(v))
        elif t == 0xF504:
            extra = " %d octets of filter, %d bits set" % (
                len(v), sum(bin(c).count("1") for c in v))
        out.append("ef[%d]\toffset %d type 0x%04x (%s) length %d (+%d padding)%s"
                   " value %s" % (i, off, t, name, n, padded - n, extra,
                                  v.hex() if len(v) <= 64 else v[:64].hex() + "..."))
        off += padded
        i += 1
    return out


def read_v4(p):
    if len(p) < 48:
        return ["short packet: %d octets" % len(p)]
    (b0, stratum, poll, prec, rd, rdisp, rid, ref, org, rx,
     tx) = struct.unpack("!BBbbII4s8s8s8s8s", p[:48])
    pr = lambda b: (" (ascii %r)" % b.decode()) if all(32 < c < 127 for c in b) else ""
    return ["length\t%d octets" % len(p), "li\t%d" % (b0 >> 6),
            "vn\t%d" % ((b0 >> 3) & 7), "mode\t%d" % (b0 & 7),
            "stratum\t%d" % stratum, "poll\t%d (log2 s)" % poll,
            "precision\t%d (log2 s)" % prec,
            "root_delay\t0x%08x (%.6f s)" % (rd, rd / 65536),
            "root_dispersion\t0x%08x (%.6f s)" % (rdisp, rdisp / 65536),
            "reference_id\t" + rid.hex() + pr(rid),
            "reference_timestamp\t" + ref.hex() + pr(ref),
            "origin_timestamp\t" + org.hex(), "receive_timestamp\t" + ts(rx),
            "transmit_timestamp\t" + ts(tx)] + (
                ["trailer\t%d octets: %s" % (len(p) - 48, p[48:].hex())]
                if len(p) > 48 else [])


def reading(p):
    return read_v5(p) if (p[0] >> 3) & 7 == 5 else read_v4(p)


def main():
    outdir = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 12400
    deny = int(sys.argv[3]) if len(sys.argv) > 3 else port + 1
    assert ipaddress.ip_address(HOST).is_loopback
    os.makedirs(outdir, exist_ok=True)
    man = open(os.path.join(outdir, "manifest.tsv"), "w")
    for name, pkt, which in cases():
        dport = port if which == "port" else deny
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(1.0)
        s.sendto(pkt, (HOST, dport))
        try:
            reply, _ = s.recvfrom(4096)
        except socket.timeout:
            reply = None
        s.close()
        with open(os.path.join(outdir, name + "-request.hex"), "w") as f:
            f.write(pkt.hex() + "\n")
        txt = ["# %s: request to 127.0.0.1:%d (%s listener)" % (
            name, dport, "deny-all" if which == "deny" else "serving")]
        txt += ["request." + l for l in reading(pkt)]
        if reply is None:
            txt.append("reply\tnone within 1.0 s")
            summary = "no reply"
        else:
            with open(os.path.join(outdir, name + "-response.hex"), "w") as f:
                f.write(reply.hex() + "\n")
            txt += ["response." + l for l in reading(reply)]
            summary = "reply %d octets, byte0 0x%02x, stratum %d" % (
                len(reply), reply[0], reply[1])
            if (reply[0] >> 3) & 7 == 5:
                summary += ", timescale %d, flags 0x%04x, poll %d, cookie echoed %s" % (
                    reply[12], struct.unpack("!H", reply[14:16])[0],
                    struct.unpack("b", reply[2:3])[0], reply[24:32] == pkt[24:32])
            else:
                summary += ", refid %s, reftime %s, origin echoed %s" % (
                    reply[12:16], reply[16:24], reply[24:32] == pkt[40:48])
        with open(os.path.join(outdir, name + ".txt"), "w") as f:
            f.write("\n".join(txt) + "\n")
        man.write("%s\t%d\t%s\t%s\n" % (name, len(pkt), dport, summary))
        print("%-32s %3d octets -> %s" % (name, len(pkt), summary))


if __name__ == "__main__":
    main()
