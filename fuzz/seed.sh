#!/usr/bin/env bash
# Writes the seed corpus of every target into fuzz/corpus/<target>/seed-*:
# the real packets of tests/data (hex decoded to binary) and hand-made
# hostile cases. Idempotent; files the fuzzer found (named by hash) are
# left alone. Run from anywhere: bash fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")"

targets=(message header_view header_roundtrip header_emit)  # the byte-packet seeds below; the others are seeded by the Python part

# seed NAME: binary from stdin, into every target's folder.
seed() {
    local tmp
    tmp=$(mktemp)
    cat >"$tmp"
    for t in "${targets[@]}"; do
        mkdir -p "corpus/$t"
        cp "$tmp" "corpus/$t/seed-$1"
    done
    rm -f "$tmp"
}

# HEADER OCTET0: 48 octets, octet 0 as given, the rest from chrony's reply.
header() {
    printf "\\x$1"
    tail -c +2 <(xxd -r -p ../tests/data/chrony-server-mode4-response.hex)
}

for hex in ../tests/data/*.hex; do
    name=$(basename "$hex" .hex)
    xxd -r -p "$hex" | seed "$name"
done

# Lengths around the 48-octet header.
: | seed len-0
printf '\x23' | seed len-1
header 23 | head -c 47 | seed len-47
head -c 48 /dev/zero | seed len-48-zero
{ header 23; printf '\x00'; } | seed len-49
{ header 24; printf '\x00\x00\x00\x00'; } | seed len-52
head -c 48 /dev/zero | tr '\0' '\377' | seed len-48-ones

# Every version with a time mode (LI 0, mode 3): 0 and 5-7 are rejected.
for v in 0 1 2 3 4 5 6 7; do
    header "$(printf '%02x' $(((v << 3) | 3)))" | seed "version-$v"
done
# Every mode at version 4: 6 and 7 have their own layouts.
for m in 0 1 2 3 4 5 6 7; do
    header "$(printf '%02x' $(((4 << 3) | m)))" | seed "mode-$m"
done
# Leap indicator 3 (unsynchronized) on a server reply.
header e4 | seed leap-3

# The text and exchange targets take their own input shapes: seeds written
# by a short Python program (hex of tests/data, peer-flag and peer-list
# strings from the tests, request/reply pairs with their times).
python3 - <<'PY'
import os, struct

def fixture(name):
    with open(f"../tests/data/{name}.hex") as f:
        return bytes.fromhex(f.read().strip())

def seed(target, name, data):
    os.makedirs(f"corpus/{target}", exist_ok=True)
    with open(f"corpus/{target}/seed-{name}", "wb") as f:
        f.write(data)

for i, text in enumerate(["0x9", "0x09", "0X9", "0x8", "0x4", "0xc", "0x0", "0x1f",
                          "0xffffffff", "0x100000000", "0x", "0xZZ", "9", "", " 0x9", "0x9 "]):
    seed("peer_flags", f"{i:02}", text.encode())

lists = [
    "time.windows.com,0x9",
    "time.windows.com,0x1 ntp.example.org,0x8",
    '"0.pool.example,0x8 1.pool.example,0x8 2.pool.example,0xa"',
    "a b c", "a,0x4\tb,0x8  c", "", "   ", "host,", "host,0xZZ", "host,0x1,0x2",
    "Host,0x8 HOST,0x1", "'q,0x8'", "\"unbalanced,0x8", "x" * 300,
]
for i, text in enumerate(lists):
    seed("manual_peer_list", f"{i:02}", text.encode())

# reply_build: request octets, then the server state and times.
state = bytes([0, 8, 0xe6]) + struct.pack(">III", 0, 0x10, 0x7f7f0101) + \
    struct.pack(">QQQ", 0xeeb0f29077b837b6, 0xeeb0f2919c9a8591, 0xeeb0f2919c9b3560)
for name in ["chrony-client-mode3-request", "handcrafted-mode1-request",
             "ntpdig-mode3-request", "chrony-server-mode4-response",
             "ntpq-mode6-readvar-request"]:
    for code in [b"RATE", b"INIT", b"DENY"]:
        seed("reply_build", f"{name}-{code.decode()}", fixture(name)[:48] + state + code)
seed("reply_build", "short-request", fixture("chrony-client-mode3-request")[:20])

# response_check: request, t1, t4, limit in ms, reply.
pairs = [
    ("chrony-client-mode3-request", "chrony-server-mode4-response"),
    ("handcrafted-mode1-request", "chrony-server-mode2-response"),
    ("chrony-client-md5-request", "chrony-server-md5-response"),
    ("ntpdig-mode3-request", "ntpsec-mode4-response"),
    ("ntpdig-mode3-request", "ntpsec-kod-rate-response"),
    ("ntpdig-mode3-request", "ntpsec-unsync-init-response"),
    ("chrony-client-mode3-request", "ntpsec-mode4-response"),
]
for req, rep in pairs:
    request, reply = fixture(req)[:48], fixture(rep)
    t1 = struct.unpack(">Q", request[40:48])[0]
    t4 = struct.unpack(">Q", reply[40:48])[0] + 1000
    for limit in [1500, 16000]:
        seed("response_check", f"{rep}-{limit}", request + struct.pack(">QQI", t1, t4, limit) + reply)

# Trailer targets: every real packet, and hand-made hostile trailers.
import glob
for path in sorted(glob.glob("../tests/data/*.hex")):
    name = os.path.basename(path)[:-4]
    data = fixture(name)
    if name.startswith("nts-ke"):
        seed("nts_ke", name, data)
        continue
    for t in ["trailer_walk", "nts", "ms_sntp"]:
        seed(t, name, data)
head4 = fixture("chrony-server-mode4-response")
head3 = bytes([0x1c]) + head4[1:]
def field(t, body):
    pad = (-len(body)) % 4
    return struct.pack(">HH", t, 4 + len(body) + pad) + body + bytes(pad)
hostile = {
    "len0-field": head4 + struct.pack(">HH", 0x0104, 0) + bytes(24),
    "len-ffff": head4 + struct.pack(">HH", 0x0104, 0xffff) + bytes(24),
    "len-15": head4 + struct.pack(">HH", 0x0104, 15) + bytes(24),
    "mac-keyid-20": head4 + struct.pack(">I", 20) + bytes(16),
    "field-20-as-mac": head4 + field(0x2005, bytes(16)),
    "nak": head4 + bytes(4),
    "v3-des": head3 + bytes(12),
    "v3-sha512": head3 + struct.pack(">I", 7) + bytes(64),
    "two-fields-mac": head4 + field(0x0104, bytes(32)) + field(0x0204, bytes(28)) + struct.pack(">I", 1) + bytes(16),
    "odd-length": head4 + bytes(6),
}
for name, data in hostile.items():
    seed("trailer_walk", name, data)
    seed("nts", name, data)
ms = bytes([0x1b]) + head4[1:]
seed("ms_sntp", "request-68", ms + struct.pack("<I", 0x80000457) + bytes(16))
seed("ms_sntp", "request-120", ms + struct.pack("<I", 0x457) + bytes([0, 0, 1, 0]) + bytes(64))
# Autokey: R|E|version 2 then the code, association id, timestamp,
# filestamp, value length and value, signature length and signature.
ak_body = struct.pack(">III", 7, 0xeeb0f290, 0xeeb0f000) + struct.pack(">I", 4) + b"abcd" + struct.pack(">I", 0)
for code in [0x02, 0x82, 0xC2]:
    seed("autokey", f"code-{code:02x}", field(code << 8 | 0x02, ak_body))
seed("autokey", "value-len-ffffffff", field(0x8202, struct.pack(">IIII", 7, 1, 2, 0xffffffff) + bytes(8)))
seed("autokey", "short-request", field(0x0202, struct.pack(">I", 7)))
# trailer_write: count, then (type, body length, body) repeated, MAC kind.
seed("trailer_write", "one-field-md5", bytes([1]) + struct.pack(">HB", 0x0104, 32) + bytes(range(32)) + bytes([1]) + struct.pack(">I", 1) + bytes(16))
seed("trailer_write", "three-fields", bytes([3]) + b"".join(struct.pack(">HB", t, n) + bytes(n) for t, n in [(0x0104, 32), (0x0204, 100), (0x0304, 100)]) + bytes([0]))
seed("trailer_write", "sha1", bytes([0, 2]) + struct.pack(">I", 2) + bytes(20))

# Private messages (mode 7): every packet scapy built (tests/data/mode7),
# for the view, the item walk and the front door, and hand-made shapes.
for path in sorted(glob.glob("../tests/data/mode7/*.hex")):
    name = os.path.basename(path)[:-4]
    data = fixture("mode7/" + name)
    for t in ["private_view", "private_items", "message"]:
        seed(t, "mode7-" + name, data)
probe = bytes([0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0])
mode7_hostile = {
    "a-bit-short": bytes([0x17, 0x80]) + probe[2:],
    "a-bit-38": bytes([0x17, 0x80]) + probe[2:] + bytes(30),
    "a-bit-217": bytes([0x17, 0x80]) + probe[2:] + bytes(209),
    "request-more": bytes([0x57]) + probe[1:],
    "request-seq": bytes([0x17, 0x01]) + probe[2:],
    "request-err": probe[:4] + bytes([0x30, 0]) + probe[6:],
    "response-auth": bytes([0x97, 0x80]) + probe[2:],
    "response-509": bytes([0x97]) + probe[1:] + bytes(501),
    "request-items-177": probe[:4] + bytes([0, 1, 0, 177]) + bytes(177),
    "v5-mode7": bytes([0x2f]) + probe[1:],
    "len-7": probe[:7],
    # The boundaries of each limit, on both sides.
    "request-items-176": probe[:4] + bytes([0, 1, 0, 176]) + bytes(176),
    "response-508": bytes([0x97]) + probe[1:] + bytes(500),
    "a-bit-36": bytes([0x17, 0x80]) + probe[2:] + bytes(28),
    "a-bit-35": bytes([0x17, 0x80]) + probe[2:] + bytes(27),
    "a-bit-items-4-39": bytes([0x17, 0x80, 3, 12, 0, 1, 0, 4]) + bytes(31),
    "a-bit-items-4-40": bytes([0x17, 0x80, 3, 12, 0, 1, 0, 4]) + bytes(32),
    "a-bit-items-4-42": bytes([0x17, 0x80, 3, 12, 0, 1, 0, 4]) + bytes(34),
    "a-bit-items-4-45": bytes([0x17, 0x80, 3, 12, 0, 1, 0, 4]) + bytes(37),
    "a-bit-216": bytes([0x17, 0x80]) + probe[2:] + bytes(208),
    "a-bit-items-172-212": bytes([0x17, 0x80, 3, 12, 0, 43, 0, 4]) + bytes(204),
}
for name, data in mode7_hostile.items():
    seed("private_view", name, data)
    seed("private_items", name, data)
# private_request: implementation, code, version, item size (16), number of
# items, size, auth flags (0x80: authenticated; low 2 bits: 16, 16, 20 or the
# next octet), timestamp (64), key id (32), [digest length], item octets.
def req(impl, code, ver, isize, n, size, auth, ts=0xeebc900012345678, key=1, dlen=b"", items=b""):
    return bytes([impl, code, ver]) + struct.pack(">HBBB", isize, n, size, auth) + \
        struct.pack(">QI", ts, key) + dlen + items
seed("private_request", "peer-list", req(3, 0, 1, 0, 0, 0, 0))
seed("private_request", "peer-info-192", req(3, 2, 1, 32, 1, 192, 0, items=bytes([127, 0, 0, 2, 0, 123, 3, 3])))
seed("private_request", "md5-212", req(3, 12, 1, 4, 1, 192, 0x80, key=1, items=bytes([0, 0, 0, 0x10])))
seed("private_request", "sha1-44", req(3, 12, 1, 4, 1, 192, 0x82, key=2, items=bytes([0, 0, 0, 0x10])))
seed("private_request", "digest-8", req(3, 12, 1, 4, 1, 0, 0x83, dlen=bytes([8])))
seed("private_request", "misplaced", req(3, 12, 1, 4, 1, 24, 0x80))
seed("private_request", "too-long", req(3, 12, 1, 4, 1, 200, 0x80))
seed("private_request", "items-172", req(3, 12, 1, 4, 43, 192, 0x80))
seed("private_request", "not-whole", req(3, 2, 1, 7, 30, 0, 0))
PY

# Control messages (mode 6): the NTPsec fixtures of tests/data/mode6, their
# data for the text readers, the MRU fragments for the reassembler, and
# hostile shapes.
python3 - <<'PY'
import glob, os, struct

def seed(target, name, data):
    os.makedirs(f"corpus/{target}", exist_ok=True)
    with open(f"corpus/{target}/seed-{name}", "wb") as f:
        f.write(data)

packets = {}
for path in sorted(glob.glob("../tests/data/mode6/*.hex")):
    name = os.path.basename(path)[:-4]
    with open(path) as f:
        packets[name] = bytes.fromhex(f.read().strip())

def data_of(p):
    return p[12:12 + struct.unpack(">H", p[10:12])[0]]

for name, p in packets.items():
    seed("control_view", name, p)
    if p[1] & 0x1f == 1 and p[1] & 0x80 and not p[1] & 0x40:
        seed("control_readstat", name, data_of(p))
    elif data_of(p):
        seed("control_vars", name, b"\x20\x80" + data_of(p))

def framed(names):
    return b"".join(struct.pack(">H", len(packets[n])) + packets[n] for n in names)

mru = [f"ntpq-mrulist-{i:02}-response" for i in range(4, 11)]
seed("control_reassembly", "mrulist", framed(mru))
seed("control_reassembly", "mrulist-reversed", framed(mru[::-1]))
seed("control_reassembly", "peer", framed(["ntpq-p-05-response", "ntpq-p-04-response"]))
seed("control_reassembly", "error-stale-offset", framed(["err-bad-assoc-02-response"]))
seed("control_reassembly", "duplicate", framed(["ntpq-p-04-response", "ntpq-p-04-response"]))
seed("control_mru", "mrulist", b"".join(data_of(packets[n]) for n in mru))
seed("control_mru", "nonce", data_of(packets["ntpq-mrulist-02-response"]))
seed("control_mru", "shuffled", b"rs.0=0xc0, qzx.0=123, mv.0=35, first.0=0x1.8, ct.0=7, last.0=0x2.0, sc.0=1.5, dr.0=3, addr.0=[::1]:123, now=0x3.0")
seed("control_mru", "no-value", b"addr.0, last.0=0x1.2")
seed("control_vars", "unterminated", b"\xff\xff" + b'system="Linux')
seed("control_vars", "long-name", b"\x20\x08" + b"n" * 1024 + b"=1")
seed("control_vars", "nul", b"\xff\xff" + b"a=1\x00")
seed("control_readstat", "odd", b"\x45\x67\x96")
hostile = {
    "count-469": bytes([0x16, 0x82, 0, 1, 0, 0, 0, 0, 0, 0, 0x01, 0xd5]) + b"a" * 469,
    "count-past-data": bytes([0x16, 0x82, 0, 1, 0, 0, 0, 0, 0, 0, 0, 10]) + b"abc",
    "offset-past-65535": bytes([0x16, 0xa2, 0, 1, 0, 0, 0, 0, 0xff, 0xfe, 0, 4]) + b"abcd",
    "crypto-nak": bytes([0x16, 0x82, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4]) + b"a=1\n" + bytes(4),
}
for name, p in hostile.items():
    seed("control_view", name, p)
# control_request: opcode, sequence, flags, association id, then names.
seed("control_request", "readvar", bytes([2, 0, 1, 0, 0, 0]) + b"\x07version\x07stratum\x05refid")
seed("control_request", "mru-signed", bytes([10, 0, 2, 0x67, 0, 0]) + b"")
seed("control_request", "signed-four-sha1", bytes([2, 0, 2, 0x70, 0, 0]) + b"\x07version")
seed("control_request", "bad-names", bytes([2, 0, 2, 0, 0, 0]) + b"\x03a=b\x00\x03a b")
PY

# NTPv5: ntpd-rs 1.9's traffic (tests/data/v5) for the view, the field
# walk and the front door; builder choices and Bloom filter ids by hand.
python3 - <<'PY'
import glob, os, struct

def seed(target, name, data):
    os.makedirs(f"corpus/{target}", exist_ok=True)
    with open(f"corpus/{target}/seed-{name}", "wb") as f:
        f.write(data)

for path in sorted(glob.glob("../tests/data/v5/*.hex")):
    name = "v5-" + os.path.basename(path)[:-4]
    with open(path) as f:
        data = bytes.fromhex(f.read().strip())
    for t in ["v5_view", "v5_fields", "message", "v5_build"]:
        seed(t, name, data)

def field(t, value):
    return struct.pack(">HH", t, 4 + len(value)) + value + bytes(-len(value) % 4)

head = bytes([0x2b]) + bytes(47)
draft = field(0xf5ff, b"draft-ietf-ntp-ntpv5-08")
mac = field(0xf502, struct.pack(">I", 1) + bytes(16))
correction = field(0xf506, bytes(24))
hostile = {
    "mac-then-padding": head + mac + field(0xf501, b""),
    "mac-then-correction": head + mac + correction,
    "correction-then-draft": head + correction + draft,
    "len-3": head + struct.pack(">HH", 0xf501, 3),
    "len-ffff": head + struct.pack(">HH", 0xf501, 0xffff) + bytes(4),
    "every-type": head + b"".join(field(t, bytes(n)) for t, n in [
        (0xf501, 5), (0xf503, 16), (0xf504, 16), (0xf505, 4), (0xf507, 8),
        (0xf508, 12), (0xf509, 12), (0xf5ff, 23), (0x0104, 32)]) + mac + correction,
    "bad-lengths": head + field(0xf505, bytes(8)) + field(0xf502, bytes(2)),
}
for name, data in hostile.items():
    seed("v5_view", name, data)
    seed("v5_fields", name, data)
# v5_build: flags (draft choice, reference ids, interleaved), then fields.
for i, flags in enumerate([0, 1, 2, 3, 6, 14, 7]):
    seed("v5_build", f"choice-{i}", bytes([flags]) + struct.pack(">HH", 16 * i, 16) + bytes([1]) + bytes(range(40)))
seed("v5_build", "pad-odd", bytes([2]) + bytes(17) + struct.pack(">H", 99))
# v5_bloom: up to 16 ids of 15 octets, then a chunk offset and length.
seed("v5_bloom", "empty", b"")
seed("v5_bloom", "one-id", bytes(range(15)) + struct.pack(">HH", 0, 16))
seed("v5_bloom", "edge-chunk", bytes([0xff] * 15) + struct.pack(">HH", 496, 16))
seed("v5_bloom", "past-end", bytes([0x80] * 30) + struct.pack(">HH", 500, 13))
seed("v5_bloom", "many", bytes(range(240)) + struct.pack(">HH", 0xffff, 2))
PY
