#!/usr/bin/env python3
"""Send crafted NTP packets to a loopback server; used by make-captures.sh.

usage: ntpsend.py PORT KIND [--src ADDR] [--count N] [--interval S] [--timeout S]

KIND:
  win-mode1    Windows-style request: LI 3, version 3, symmetric active (mode 1),
               poll 10, precision -23, root dispersion 1 s, transmit = now
  win-mode3    the same in client mode (mode 3), what peer flag 0x8 sends
  mode3        a plain v4 client request (LI 0), transmit = now
  mode1v4      a v4 symmetric active request
  mac-unknown  a v4 client request signed with key id 3 (16 random octets)
  nts-bogus    an NTS request (RFC 8915) with a random cookie and garbage
               authenticator: the server cannot decrypt it
  v0           version 0 (refused by every server)
  mode6-status an ntpq-style READSTAT request (mode 6, 12 octets)

Prints one line per reply (or 'noreply') to stderr. Loopback only.
"""
import argparse, ipaddress, os, socket, struct, sys, time

NTP_EPOCH_OFFSET = 2208988800


def now_ntp():
    t = time.time() + NTP_EPOCH_OFFSET
    return (int(t) << 32) | int((t % 1) * (1 << 32))


def header(b0, poll, prec, rootdisp=0):
    return struct.pack("!BBbbII4sQQQQ", b0, 0, poll, prec, 0, rootdisp, b"\0" * 4,
                       0, 0, 0, now_ntp())


def field(ftype, body):
    n = 4 + len(body)
    pad = (-n) % 4
    return struct.pack("!HH", ftype, n + pad) + body + b"\0" * pad


def build(kind):
    if kind == "win-mode1":
        return header(0xD9, 10, -23, 0x00010000)
    if kind == "win-mode3":
        return header(0xDB, 10, -23, 0x00010000)
    if kind == "mode3":
        return header(0x23, 6, -20)
    if kind == "mode1v4":
        return header(0x21, 6, -20)
    if kind == "mac-unknown":
        return header(0x23, 6, -20) + struct.pack("!I", 3) + os.urandom(16)
    if kind == "nts-bogus":
        auth = struct.pack("!HH", 16, 16) + os.urandom(32)
        return (header(0x23, 6, -20) + field(0x0104, os.urandom(32))
                + field(0x0204, os.urandom(100)) + field(0x0404, auth))
    if kind == "v0":
        return header(0x03, 6, -20)
    if kind == "mode6-status":
        # LI 0, VN 2, mode 6; opcode 1 READSTAT, sequence 7
        return struct.pack("!BBHHHHH", 0x16, 0x01, 7, 0, 0, 0, 0)
    raise SystemExit("unknown kind " + kind)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("kind")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--src", default="127.0.0.1")
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--interval", type=float, default=1.0)
    ap.add_argument("--timeout", type=float, default=1.0)
    a = ap.parse_args()
    for addr in (a.host, a.src):
        if not ipaddress.ip_address(addr).is_loopback:
            raise SystemExit("refusing non-loopback address %s" % addr)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.src, 0))
    s.settimeout(a.timeout)
    for i in range(a.count):
        s.sendto(build(a.kind), (a.host, a.port))
        try:
            data, _ = s.recvfrom(2048)
            b0 = data[0]
            print("reply len=%d li=%d vn=%d mode=%d stratum=%d refid=%r" % (
                len(data), b0 >> 6, (b0 >> 3) & 7, b0 & 7, data[1] if len(data) > 1 else -1,
                data[12:16]), file=sys.stderr)
        except (socket.timeout, ConnectionRefusedError):
            print("noreply", file=sys.stderr)
        if i + 1 < a.count:
            time.sleep(a.interval)


main()
