#!/usr/bin/env python3
"""Send one NTPv4 mode 3 request to 127.0.0.1:PORT from each loopback source
address 127.0.0.FIRST .. 127.0.0.LAST (so the server's MRU list gets one
entry per address) and print one line per source: the reply's LI/VN/mode/
stratum/refid, or "noreply".  Loopback only.

usage: send_mode3.py PORT FIRST LAST
"""
import socket, struct, sys, time

port, first, last = (int(x) for x in sys.argv[1:4])
for i in range(first, last + 1):
    src = "127.0.0.%d" % i
    now = time.time() + 2208988800
    xmt = (int(now) << 32) | int((now % 1) * (1 << 32))
    pkt = struct.pack("!BBbb11I", 0x23, 0, 6, -20, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                      xmt >> 32, xmt & 0xFFFFFFFF)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    s.settimeout(1.0)
    s.sendto(pkt, ("127.0.0.1", port))
    try:
        d, _ = s.recvfrom(2048)
        print("%s:%d li=%d vn=%d mode=%d stratum=%d refid=%s" % (
            src, s.getsockname()[1], d[0] >> 6, (d[0] >> 3) & 7, d[0] & 7,
            d[1], d[12:16].hex()))
    except socket.timeout:
        print("%s noreply" % src)
    s.close()
    time.sleep(0.05)
