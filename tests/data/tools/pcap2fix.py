#!/usr/bin/env python3
"""Split a loopback capture into fixtures: one .hex (UDP payload, lowercase,
one line) and one .txt (tshark -V -O ntp of that frame: one summary line for
frame, Ethernet, IP and UDP, then the full NTP dissection) per packet.

usage: pcap2fix.py PCAP OUTDIR PREFIX --server-port N [--decode-as PORT]
                   [--filter DISPLAYFILTER] [--no-txt]

Packets sent to the server port are named PREFIX-NN-request, the others
PREFIX-NN-response (NN counts from 01 in capture order).  --decode-as PORT
makes tshark read that UDP port as NTP.  One tab-separated line per packet
goes to stdout: name, length, source, destination, and a short reading of
octets 0-1 (mode 6 and mode 7 header fields, or LI/VN/mode otherwise), which
the capture scripts collect into the fixture README.
"""
import argparse, os, struct, subprocess, sys

OPC6 = {1: "READSTAT", 2: "READVAR", 3: "WRITEVAR", 4: "READCLOCK",
        5: "WRITECLOCK", 6: "SETTRAP", 7: "ASYNCMSG", 8: "CONFIGURE",
        9: "SAVECONFIG", 10: "READ_MRU", 11: "READ_ORDLIST_A",
        12: "REQ_NONCE", 31: "UNSETTRAP"}


def tshark(args):
    return subprocess.run(["tshark"] + args, check=True, capture_output=True,
                          text=True).stdout


def reading(p):
    if len(p) < 1:
        return "empty"
    li, vn, mode = p[0] >> 6, (p[0] >> 3) & 7, p[0] & 7
    if mode == 6 and len(p) >= 12:
        r, e, m, op = p[1] >> 7, (p[1] >> 6) & 1, (p[1] >> 5) & 1, p[1] & 31
        seq, status, assoc, off, count = struct.unpack("!5H", p[2:12])
        mac = len(p) - 12 - count
        return ("mode6 vn=%d %s op=%d(%s) R=%d E=%d M=%d seq=%d status=0x%04x "
                "assoc=%d offset=%d count=%d after_data=%d"
                % (vn, "resp" if r else "req", op, OPC6.get(op, "?"), r, e, m,
                   seq, status, assoc, off, count, mac))
    if mode == 7 and len(p) >= 8:
        return ("mode7 R=%d M=%d vn=%d A=%d seq=%d impl=%d req=%d err=%d "
                "nitems=%d mbz=%d itemsize=%d"
                % (p[0] >> 7, (p[0] >> 6) & 1, vn, p[1] >> 7, p[1] & 127,
                   p[2], p[3], p[4] >> 4, ((p[4] & 15) << 8) | p[5],
                   p[6] >> 4, ((p[6] & 15) << 8) | p[7]))
    return "li=%d vn=%d mode=%d stratum=%d" % (li, vn, mode,
                                                p[1] if len(p) > 1 else -1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pcap")
    ap.add_argument("outdir")
    ap.add_argument("prefix")
    ap.add_argument("--server-port", type=int, required=True)
    ap.add_argument("--decode-as", type=int, default=None)
    ap.add_argument("--filter", default="udp")
    ap.add_argument("--no-txt", action="store_true")
    a = ap.parse_args()
    common = ["-r", a.pcap]
    if a.decode_as is not None:
        common += ["-d", "udp.port==%d,ntp" % a.decode_as]
    rows = tshark(common + ["-Y", a.filter, "-T", "fields",
                            "-e", "frame.number", "-e", "ip.src",
                            "-e", "udp.srcport", "-e", "ip.dst",
                            "-e", "udp.dstport", "-e", "udp.payload"])
    os.makedirs(a.outdir, exist_ok=True)
    n = 0
    for line in rows.splitlines():
        frame, src, sport, dst, dport, payload = line.split("\t")
        payload = payload.replace(":", "").lower()
        n += 1
        kind = "request" if int(dport) == a.server_port else "response"
        name = "%s-%02d-%s" % (a.prefix, n, kind)
        with open(os.path.join(a.outdir, name + ".hex"), "w") as f:
            f.write(payload + "\n")
        if not a.no_txt:
            txt = tshark(common + ["-V", "-O", "ntp", "-Y",
                                   "frame.number==%s" % frame])
            with open(os.path.join(a.outdir, name + ".txt"), "w") as f:
                f.write(txt)
        p = bytes.fromhex(payload)
        print("%s\t%d\t%s:%s\t%s:%s\t%s" % (name, len(p), src, sport, dst,
                                            dport, reading(p)))
    if n == 0:
        sys.exit("pcap2fix: no packet matched %r in %s" % (a.filter, a.pcap))


if __name__ == "__main__":
    main()
