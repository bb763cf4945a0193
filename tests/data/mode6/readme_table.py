#!/usr/bin/env python3
"""Print the per-file table of README.md from manifest.tsv (capture.sh's
output), one row per packet: file, octets, direction, opcode, sequence,
status, association id, offset, count, M and E bits, the octets after
12 + count (padding and MAC), and what the step shows.

usage: readme_table.py manifest.tsv
"""
import re, sys

WHAT = {
    "ntpq-rv": "`ntpq -c rv`: READVAR of the system variables (association 0), one fragment",
    "ntpq-as": "`ntpq -c as`: READSTAT, one (association id, peer status) pair",
    "ntpq-rv-assoc": "`ntpq -c \"rv ASSOC\"`: READSTAT first, then READVAR of the peer, two fragments",
    "ntpq-p": "`ntpq -p`: READSTAT, then READVAR of the peer with ntpq's peer variable list, two fragments",
    "ntpq-mrulist": "`ntpq -c mrulist`: REQ_NONCE, then READ_MRU `nonce=..., frags=32`; 20 entries in 7 fragments",
    "err-bad-assoc": "hand-built READVAR of association 12345: error 4 (bad association); its offset field is stale (see notes)",
    "err-unknown-var": "`ntpq -c \"rv 0 nosuchvariable\"`: READSTAT, then READVAR: error 5 (unknown variable)",
    "err-bad-opcode": "hand-built request with opcode 13: error 3 (bad opcode)",
    "err-config-noauth": "hand-built CONFIGURE without MAC: error 1 (permission)",
    "err-writevar-noauth": "hand-built WRITEVAR `leap=3` without MAC: error 1 (permission)",
    "auth-md5-writevar": "hand-built WRITEVAR `leap=3` with MD5 key 1 (MAC at 24): error 0, key id + MAC right after the header",
    "auth-md5-rv-align8": "hand-built READVAR `version`, MD5 MAC at 24 (8-aligned): reply signed, MAC at 48, key id copy at 41",
    "auth-md5-rv-align4": "hand-built READVAR `version`, MD5 MAC at 20 (4-aligned): 1.2.2 does not see it, reply unsigned",
    "auth-sha1-rv-align4": "the same with SHA-1 key 2: reply unsigned",
    "auth-md5-rv-version": "`ntpq -a 1 ... rv 0 version` (MD5): signed READSTAT, then signed READVAR; reply MAC at 48, key id copy at 41",
    "auth-sha1-rv-version": "the same with SHA-1 key 2",
    "auth-md5-rv-stratum": "`rv 0 stratum`, MD5: reply count 11, MAC at 24",
    "auth-sha1-rv-stratum": "`rv 0 stratum`, SHA-1",
    "auth-md5-rv-refid": "`rv 0 refid`, MD5: reply count 19, MAC at 32",
    "auth-sha1-rv-refid": "`rv 0 refid`, SHA-1",
    "auth-md5-rv-version-stratum-refid": "`rv 0 version,stratum,refid`, MD5: reply count 59, MAC at 72",
    "auth-sha1-rv-version-stratum-refid": "`rv 0 version,stratum,refid`, SHA-1",
    "auth-md5-config": "`ntpq -a 1 -c \":config restrict 127.0.0.99 nomodify\"` with the controlkey: `Config Succeeded`, signed",
    "auth-sha1-config": "the same with key 2 (trusted, not the controlkey): error 1 (permission), key id + MAC after the header",
}

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("| file | octets | direction | opcode | seq | status | assoc | offset | count | M | E | after data | step |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
last = None
for name, n, src, dst, r in rows:
    step = re.sub(r"-\d\d-(request|response)$", "", name)
    f = dict(kv.split("=", 1) for kv in r.split()[1:] if "=" in kv)
    d = "%s -> %s" % (src, dst)
    what = WHAT.get(step, "") if step != last else "\""
    last = step
    print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        name, n, d, f["op"], f["seq"], f["status"], f["assoc"], f["offset"],
        f["count"], f["M"], f["E"], f["after_data"], what))
