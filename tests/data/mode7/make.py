#!/usr/bin/env python3
"""Build the mode 7 (ntpd private message) fixtures with scapy's NTPPrivate
layer and write, for each packet, NAME.hex (the UDP payload, lowercase hex,
one line) and NAME.json (every field as scapy reads the bytes back), plus
NAME.txt with tshark's reading when tshark is on PATH.

usage: python3 make.py [OUTDIR]     (pip install scapy; written with 2.8.0)

Deterministic: no clock, no randomness; running it again gives the same
bytes.  Item sizes are ntpd 4.2.8's (include/ntp_request.h): info_peer_list
32, info_peer 280, info_sys 80, info_monitor_1 72, info_monitor 48, and
with IMPL_XNTPD_OLD the pre-IPv6 sizes (offsetof v6_flag): 8, 240, 56, 32,
24.  An authenticated request with MD5 is 8 header + 176 data + 8
timestamp + 4 key id + 16 = 212 octets; with SHA-1 ntpdc sends header +
items + timestamp (aligned to 4) + key id + 20 (README.md); the digest is
MD5/SHA-1(key || every octet before the key id).
"""
import hashlib, json, os, shutil, struct, subprocess, sys, tempfile

from scapy.all import IP, UDP, Raw, raw, wrpcap, conf
from scapy.layers.ntp import (NTPPrivate, NTPInfoPeerList, NTPInfoPeer,
                              NTPInfoSys, NTPInfoMonitor1, NTPPrivatePktTail,
                              NTPPrivateReqPacket)
from scapy.fields import FlagValue

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
KEY_MD5 = bytes.fromhex("50B5872BA62FF516C63C6CB5E2A262AB")      # key id 1
KEY_SHA1 = bytes.fromhex("7E5571884784850AD4BD8174258F4312AB55C2E7")  # key id 2
TSTAMP = 0xEEBC900012345678   # fixed l_fp for the authenticated requests
REQ_DATA = 176                # MAXFILENAME + 48: the request data area
IMPL_OLD, IMPL = 2, 3
PEER_LIST, PEER_INFO, SYS_INFO, SET_SYS_FLAG = 0, 2, 4, 12
MON_GETLIST, MON_GETLIST_1 = 20, 42

packets = []   # (name, bytes, note)


def add(name, pkt, note):
    b = raw(pkt) if not isinstance(pkt, bytes) else pkt
    packets.append((name, b, note))


def peer_list_item(a, port=123, hmode=3, flags=0x03):
    return NTPInfoPeerList(addr=a, port=port, hmode=hmode, flags=flags)


def mon1_item(i):
    return NTPInfoMonitor1(lasttime=i, firsttime=3600 + i, lastdrop=0,
                           count=10 * i + 1, addr="127.0.0.%d" % (i + 2),
                           daddr="127.0.0.1", flags=0, port=40000 + i,
                           mode=3, version=4)


def monitor_item(i):
    # struct info_monitor (MON_GETLIST, code 20): scapy has no class for it,
    # so the 48 octets are packed here: lasttime, firsttime, lastdrop,
    # count, addr, port, mode, version, v6_flag, unused1, addr6.
    return struct.pack("!IIIII HBB II 16s", i, 3600 + i, 0, 10 * i + 1,
                       0x7F000002 + i, 40000 + i, 3, 4, 0, 0, b"\0" * 16)


def authenticated(code, items, itemsize, keyid, key, hashname, compact=False):
    """An authenticated request as ntpdc 4.2.8 sends it (ntpdc.c,
    sendrequest): with a 16-octet digest the fixed REQ_LEN_NOMAC layout,
    8 + 176 data + 8 timestamp, then key id + digest (212 octets); with a
    longer digest (compact=True) header + items + timestamp, aligned to 4,
    then key id + digest.  compact=False with SHA-1 gives the 216-octet
    fixed layout (sizeof(struct req_pkt)), which ntpdc never sends."""
    head = raw(NTPPrivate(version=2, auth=1, seq=0, implementation=IMPL,
                          request_code=code, nb_items=len(items),
                          data_item_size=itemsize))[:8]
    data = b"".join(raw(i) for i in items)
    if compact:
        reqsize = (8 + len(data) + 8 + 3) & ~3
    else:
        reqsize = 8 + REQ_DATA + 8
    body = head + data
    body += b"\0" * (reqsize - 8 - len(body)) + struct.pack("!Q", TSTAMP)
    mac = hashlib.new(hashname, key + body).digest()
    return body + struct.pack("!I", keyid) + mac


def build():
    # --- requests, as scapy builds them (8-octet header + items, no padding)
    add("peer-list-request", NTPPrivate(version=2, implementation=IMPL,
        request_code=PEER_LIST), "REQ_PEER_LIST request, implementation 3, no items")
    add("peer-info-request", NTPPrivate(version=2, implementation=IMPL,
        request_code=PEER_INFO, nb_items=2, data_item_size=32,
        req_data=[peer_list_item("127.0.0.2"), peer_list_item("127.0.0.3")]),
        "REQ_PEER_INFO request naming two peers (info_peer_list items, 32 octets)")
    add("sys-info-request", NTPPrivate(version=2, implementation=IMPL,
        request_code=SYS_INFO), "REQ_SYS_INFO request")
    add("mon-getlist-1-request", NTPPrivate(version=2, implementation=IMPL,
        request_code=MON_GETLIST_1), "REQ_MON_GETLIST_1 (42) request: `ntpdc -c monlist`")
    # --- the amplification requests (CVE-2013-5211): bare 8 octets and the
    # 48-octet form (header + 40 zero octets) scanners and IDS rules use.
    for impl in (IMPL_OLD, IMPL):
        for code in (MON_GETLIST, MON_GETLIST_1):
            base = NTPPrivate(version=2, implementation=impl, request_code=code)
            n = "monlist-impl%d-code%d" % (impl, code)
            add(n + "-request-8", base, "monlist-style request, implementation %d, "
                "request code %d, header only (8 octets)" % (impl, code))
            add(n + "-request-48", raw(base) + b"\0" * 40, "the same padded "
                "with 40 zero octets to 48 (the shape of the CVE-2013-5211 scans)")
    # what ntpdc 4.2.8 itself sends unauthenticated: req_pkt_size =
    # REQ_LEN_NOMAC = 8 + 176 data + 8 timestamp = 192 octets, zero-filled
    for n, code, items, size in (("peer-list", PEER_LIST, [], 0),
                                 ("sys-info", SYS_INFO, [], 0),
                                 ("mon-getlist-1", MON_GETLIST_1, [], 0),
                                 ("mon-getlist", MON_GETLIST, [], 0),
                                 ("peer-info", PEER_INFO,
                                  [peer_list_item("127.0.0.2")], 32)):
        b = raw(NTPPrivate(version=2, implementation=IMPL, request_code=code,
                           nb_items=len(items), data_item_size=size,
                           req_data=items))
        add(n + "-request-192", b + b"\0" * (192 - len(b)), "the same request "
            "as ntpdc 4.2.8 sends it: zero-filled to REQ_LEN_NOMAC, 192 octets")
    # --- responses
    add("peer-list-response", NTPPrivate(response=1, version=2,
        implementation=IMPL, request_code=PEER_LIST, nb_items=3,
        data_item_size=32, data=[peer_list_item("127.0.0.2"),
        peer_list_item("127.0.0.3", flags=0x01),
        peer_list_item("127.127.1.0", hmode=3, flags=0x0b)]),
        "REQ_PEER_LIST response, 3 info_peer_list items (32 octets)")
    peer = dict(dstaddr="127.0.0.1", srcport=123, flags=0x03, leap=0,
                hmode=3, pmode=4, stratum=2, ppoll=6, hpoll=6, precision=-20,
                version=4, reach=0xff, unreach=0, flash=0, ttl=0,
                flash2=0x0000, associd=0, keyid=0, refid="127.127.1.0",
                timer=64, rootdelay=0.5, rootdispersion=0.25,
                reftime=3938000000.5, org=3938000001.25, rec=3938000001.5,
                xmt=3938000001.75, filtdelay=[0.001] * 8, filtoffset=[0.0] * 8,
                order=[0, 1, 2, 3, 4, 5, 6, 7], delay=0.001, dispersion=0.01,
                offset=0.0, selectdisp=0.01)
    add("peer-info-response-1", NTPPrivate(response=1, more=1, seq=0, version=2,
        implementation=IMPL, request_code=PEER_INFO, nb_items=1,
        data_item_size=280, data=[NTPInfoPeer(srcaddr="127.0.0.2",
        associd=1001, **{k: v for k, v in peer.items() if k != "associd"})]),
        "REQ_PEER_INFO response, first packet: one info_peer (280 octets; two "
        "do not fit in 500), M set, sequence 0")
    add("peer-info-response-2", NTPPrivate(response=1, more=0, seq=1, version=2,
        implementation=IMPL, request_code=PEER_INFO, nb_items=1,
        data_item_size=280, data=[NTPInfoPeer(srcaddr="127.0.0.3",
        **dict(peer, keyid=5, flash2=0x1234, associd=1002))]),
        "REQ_PEER_INFO response, last packet: M clear, sequence 1; keyid 5 "
        "and flash2 0x1234, which scapy writes little-endian")
    add("sys-info-response", NTPPrivate(response=1, version=2,
        implementation=IMPL, request_code=SYS_INFO, nb_items=1,
        data_item_size=80, data=[NTPInfoSys(peer="127.127.1.0", peer_mode=3,
        leap=0, stratum=9, precision=-24, rootdelay=0.0, rootdispersion=0.01,
        refid="127.127.1.0", reftime=3938000000.5, poll=6, flags=0x44,
        bdelay=0.004, frequency=0.0, authdelay=0.0, stability=0.0)]),
        "REQ_SYS_INFO response, one info_sys (80 octets)")
    add("mon-getlist-1-response-1", NTPPrivate(response=1, more=1, seq=0,
        version=2, implementation=IMPL, request_code=MON_GETLIST_1,
        nb_items=6, data_item_size=72, data=[mon1_item(i) for i in range(6)]),
        "REQ_MON_GETLIST_1 response, first packet: 6 info_monitor_1 items (72 "
        "octets: 432 of at most 500), M set, sequence 0")
    add("mon-getlist-1-response-2", NTPPrivate(response=1, more=0, seq=1,
        version=2, implementation=IMPL, request_code=MON_GETLIST_1,
        nb_items=2, data_item_size=72, data=[mon1_item(i) for i in range(6, 8)]),
        "REQ_MON_GETLIST_1 response, last packet: 2 items, sequence 1")
    hdr = raw(NTPPrivate(response=1, version=2, implementation=IMPL,
                         request_code=MON_GETLIST, nb_items=10,
                         data_item_size=48))[:8]
    add("mon-getlist-response", hdr + b"".join(monitor_item(i) for i in range(10)),
        "REQ_MON_GETLIST (20) response: 10 info_monitor items (48 octets, 480 "
        "in all; scapy has no class for them: packed by hand after scapy's header)")
    # --- implementation 2 (XNTPD_OLD): pre-IPv6 item sizes
    add("peer-list-request-impl2", NTPPrivate(version=2, implementation=IMPL_OLD,
        request_code=PEER_LIST), "REQ_PEER_LIST request, implementation 2")
    old_items = [raw(peer_list_item(a))[:8] for a in ("127.0.0.2", "127.0.0.3")]
    add("peer-list-response-impl2", raw(NTPPrivate(response=1, version=2,
        implementation=IMPL_OLD, request_code=PEER_LIST, nb_items=2,
        data_item_size=8))[:8] + b"".join(old_items),
        "REQ_PEER_LIST response, implementation 2: items of 8 octets (addr, "
        "port, hmode, flags: the info_peer_list before v6_flag)")
    add("sys-info-response-impl2", raw(NTPPrivate(response=1, version=2,
        implementation=IMPL_OLD, request_code=SYS_INFO, nb_items=1,
        data_item_size=56))[:8] + raw(NTPInfoSys(peer="127.127.1.0",
        peer_mode=3, stratum=9, precision=-24, refid="127.127.1.0",
        reftime=3938000000.5, poll=6, flags=0x44))[:56],
        "REQ_SYS_INFO response, implementation 2: info_sys of 56 octets")
    # --- error responses: header only, nitems 0, item size 0 (ntpd req_ack)
    for err in (1, 2, 3, 4, 5, 6, 7, 15):
        add("error-%d-response" % err, NTPPrivate(response=1, version=2,
            implementation=IMPL, request_code=PEER_INFO, err=err),
            "error response, err %d, to REQ_PEER_INFO" % err)
    # --- authenticated requests (REQ_SET_SYS_FLAG, one conf_sys_flags item)
    flags_item = NTPPrivateReqPacket(req_data=struct.pack("!I", 0x10))
    add("auth-md5-request", authenticated(SET_SYS_FLAG, [flags_item], 4, 1,
        KEY_MD5, "md5"), "authenticated REQ_SET_SYS_FLAG (flags 0x10, "
        "monitor), MD5 key 1: 212 octets")
    add("auth-sha1-request", authenticated(SET_SYS_FLAG, [flags_item], 4, 2,
        KEY_SHA1, "sha1", compact=True), "the same with SHA-1 key 2 as ntpdc "
        "sends a digest longer than 16: header + item + timestamp + key id + "
        "20-octet digest = 44 octets")
    add("auth-sha1-request-216", authenticated(SET_SYS_FLAG, [flags_item], 4, 2,
        KEY_SHA1, "sha1"), "SHA-1 in the fixed layout, 8 + 176 + 8 + 4 + 20 = "
        "216 octets (sizeof(struct req_pkt)); ntpd 4.2.8 reads a 216-octet "
        "request with 4 octets of items as MD5-sized and refuses it")
    # scapy's own way: auth=1 with a req_pkt_tail (its digest is 16 octets)
    pad = Raw(b"\0" * (REQ_DATA - 4))
    add("auth-scapy-tail-request", NTPPrivate(version=2, auth=1,
        implementation=IMPL, request_code=SET_SYS_FLAG, nb_items=1,
        data_item_size=4, req_data=[flags_item, pad],
        authenticator=NTPPrivatePktTail(tstamp=3938000000.0, key_id=1,
                                        dgst=b"\x11" * 16)),
        "authenticated request built with scapy's NTPPrivatePktTail (dummy "
        "digest 0x11..): 212 octets")
    # --- hostile shapes scapy can encode
    add("mbz-set-request", NTPPrivate(version=2, implementation=IMPL,
        request_code=PEER_LIST, mbz=1), "request with the must-be-zero bits = 1")
    add("nitems-overflow-response", NTPPrivate(response=1, version=2,
        implementation=IMPL, request_code=PEER_LIST, nb_items=4095,
        data_item_size=4095), "response claiming 4095 items of 4095 octets, no data")
    add("nitems-past-data-response", raw(NTPPrivate(response=1, version=2,
        implementation=IMPL, request_code=PEER_LIST, nb_items=3,
        data_item_size=32))[:8] + raw(peer_list_item("127.0.0.2")),
        "response claiming 3 items of 32 octets with only one item of data")
    add("auth-short-request", raw(NTPPrivate(version=2, auth=1,
        implementation=IMPL, request_code=PEER_LIST)) + b"\0" * 40,
        "A bit set on a 48-octet request: too short for timestamp, key id and MAC")


def jsonable(v):
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    if isinstance(v, FlagValue):
        return int(v)
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if hasattr(v, "fields_desc"):
        return layer_fields(v)
    if isinstance(v, (int, float, str)) or v is None:
        return v
    return str(v)


def layer_fields(p):
    d = {"_class": type(p).__name__, "_raw": raw(p).hex()}
    for f in p.fields_desc:
        if f.name in p.fields or f.name in p.default_fields:
            try:
                d[f.name] = jsonable(p.getfieldval(f.name))
            except AttributeError:
                pass
    if p.payload and not isinstance(p.payload, conf.padding_layer):
        d["_payload"] = jsonable(p.payload)
    return d


def reading(b):
    try:
        p = NTPPrivate(b)
    except Exception as e:  # scapy itself fails on some real shapes
        return {"length": len(b), "scapy_error": "%s: %s" % (type(e).__name__, e)}
    d = {"length": len(b)}
    for f in p.fields_desc:
        if not f.name in ("req_data", "data", "authenticator"):
            d[f.name] = jsonable(p.getfieldval(f.name))
    if p.response == 0:
        d["req_data"] = jsonable(p.getfieldval("req_data"))
        if p.auth == 1:
            d["authenticator"] = jsonable(p.getfieldval("authenticator"))
    else:
        d["data"] = jsonable(p.getfieldval("data"))
    pad = p.getlayer(conf.padding_layer)
    d["padding_hex"] = raw(pad).hex() if pad else ""
    d["items_octets"] = d["nb_items"] * d["data_item_size"]
    return d


def main():
    build()
    os.makedirs(OUT, exist_ok=True)
    have_tshark = shutil.which("tshark") is not None
    pcap = os.path.join(tempfile.mkdtemp(), "mode7.pcap")
    frames = []
    for i, (name, b, note) in enumerate(packets):
        req = not (b[0] & 0x80)
        frames.append(IP(src="127.0.0.1", dst="127.0.0.1") /
                      UDP(sport=40000 + i if req else 123,
                          dport=123 if req else 40000 + i) / Raw(b))
    wrpcap(pcap, frames)
    lines = []
    for i, (name, b, note) in enumerate(packets):
        with open(os.path.join(OUT, name + ".hex"), "w") as f:
            f.write(b.hex() + "\n")
        d = {"name": name, "note": note, "hex": b.hex(), "scapy": reading(b)}
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(d, f, indent=1, sort_keys=True)
            f.write("\n")
        if have_tshark:
            txt = subprocess.run(["tshark", "-r", pcap, "-V", "-O", "ntp", "-Y",
                                  "frame.number==%d" % (i + 1)], check=True,
                                 capture_output=True, text=True).stdout
            with open(os.path.join(OUT, name + ".txt"), "w") as f:
                f.write(txt)
        s = d["scapy"]
        if "scapy_error" in s:
            lines.append("%s\t%d\tscapy cannot read it: %s\t%s" % (
                name, len(b), s["scapy_error"], note))
            continue
        lines.append("%s\t%d\tR=%d M=%d VN=%d A=%d seq=%d impl=%d req=%d err=%d "
                     "nitems=%d mbz=%d itemsize=%d\t%s" % (
                         name, len(b), s["response"], s["more"], s["version"],
                         s["auth"], s["seq"], s["implementation"],
                         s["request_code"], s["err"], s["nb_items"], s["mbz"],
                         s["data_item_size"], note))
    with open(os.path.join(OUT, "manifest.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    for l in lines:
        print(l)


if __name__ == "__main__":
    main()
