#!/usr/bin/env python3
"""Send one NTP packet to a loopback address and print the reply.

usage: ntpprobe.py PORT [--host 127.0.0.1] [--mode 3] [--version 4] [--timeout 2]
Prints one line: "li=.. vn=.. mode=.. stratum=.. poll=.. precision=.. refid=.. rtt_ms=.."
or "noreply".  Exit 0 on a reply, 2 on no reply.  Loopback only.

Readiness mode: --wait SECONDS [--interval S] [--synced] [--pid PID]
  re-sends a request every --interval seconds until a mode 4 reply arrives
  (with --synced: also LI != 3 and 1 <= stratum <= 15), at most SECONDS.
  Prints "ready after X.XXs: <reply>" (exit 0) or "NOT ready ..." (exit 3);
  with --pid, gives up at once if that process has exited (exit 4).
"""
import argparse, ipaddress, socket, struct, sys, time

NTP_EPOCH_OFFSET = 2208988800

def probe(host, port, mode, version, timeout):
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit("refusing non-loopback address %s" % host)
    now = time.time() + NTP_EPOCH_OFFSET
    xmt = (int(now) << 32) | int((now % 1) * (1 << 32))
    # LI=3 (unsynchronized), VN, MODE; stratum 0, poll 6, precision -20
    pkt = struct.pack("!BBbb11I", (3 << 6) | (version << 3) | mode, 0, 6, -20,
                      0, 0, 0, 0, 0, 0, 0, 0, 0, xmt >> 32, xmt & 0xFFFFFFFF)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    t0 = time.monotonic()
    try:
        s.sendto(pkt, (host, port))
        while True:
            data, addr = s.recvfrom(2048)
            if len(data) >= 48:
                break
    except (socket.timeout, ConnectionRefusedError):
        return None
    finally:
        s.close()
    rtt = (time.monotonic() - t0) * 1000
    b0, stratum, poll, prec = struct.unpack("!BBbb", data[:4])
    refid = data[12:16]
    org = struct.unpack("!Q", data[24:32])[0]
    if stratum <= 1 and all(32 <= c < 127 or c == 0 for c in refid):
        rid = refid.rstrip(b"\0").decode("ascii")
    else:
        rid = ".".join(str(c) for c in refid)
    return dict(li=b0 >> 6, vn=(b0 >> 3) & 7, mode=b0 & 7, stratum=stratum,
                poll=poll, precision=prec, refid=rid, origin_ok=(org == xmt),
                len=len(data), rtt_ms=round(rtt, 3))

def fmt(r):
    return " ".join("%s=%s" % kv for kv in r.items())

def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

def wait_ready(a):
    t0 = time.monotonic()
    last = None
    while True:
        if a.pid is not None and not alive(a.pid):
            print("NOT ready: process %d exited after %.2fs; last reply: %s"
                  % (a.pid, time.monotonic() - t0, fmt(last) if last else "none"))
            return 4
        t_send = time.monotonic()
        r = probe(a.host, a.port, 3, 4, min(1.0, a.interval))
        if r is not None:
            last = r
            ok = r["mode"] == 4 and r["origin_ok"]
            if a.synced:
                ok = ok and r["li"] != 3 and 1 <= r["stratum"] <= 15
            if ok:
                print("ready after %.2fs: %s" % (time.monotonic() - t0, fmt(r)))
                return 0
        if time.monotonic() - t0 >= a.wait:
            print("NOT ready after %.2fs on 127.0.0.1:%d; last reply: %s"
                  % (time.monotonic() - t0, a.port, fmt(last) if last else "none"))
            return 3
        time.sleep(max(0.0, a.interval - (time.monotonic() - t_send)))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--mode", type=int, default=3)
    ap.add_argument("--version", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--wait", type=float, default=None)
    ap.add_argument("--interval", type=float, default=1.0)
    ap.add_argument("--synced", action="store_true")
    ap.add_argument("--pid", type=int, default=None)
    a = ap.parse_args()
    if a.wait is not None:
        sys.exit(wait_ready(a))
    r = probe(a.host, a.port, a.mode, a.version, a.timeout)
    if r is None:
        print("noreply")
        sys.exit(2)
    print(fmt(r))

if __name__ == "__main__":
    main()
