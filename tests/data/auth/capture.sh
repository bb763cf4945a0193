#!/usr/bin/env bash
# capture.sh: regenerate the chrony authenticator fixtures in this folder.
# A chronyd server (.ci/daemons/chrony.sh, 127.0.0.1:12300, plus
# CHRONY_EXTRA_CONF with `keyfile chrony.keys`) and, for each key and NTP
# version, a short-lived chronyd client (`server 127.0.0.1 port 12300 key N
# version V iburst`, -x, no command socket, no NTP port of its own) whose
# first request and the server's reply are captured on lo.  Keys come from
# `chronyc keygen ID TYPE` once (chrony.keys is kept, so reruns reuse it;
# keygen-refused.txt lists the types keygen refuses).  Outputs:
# KEYTYPE-vV-request.hex/.txt, KEYTYPE-vV-response.hex/.txt, manifest.tsv,
# pcap/*.pcapng.  Takes the daemon lock itself; loopback only.
set -euo pipefail
if [ -z "${NTP_DAEMONS_LOCKED:-}" ]; then
  exec env NTP_DAEMONS_LOCKED=1 flock /tmp/ntp-daemons.lock bash "$0" "$@"
fi
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CHRONYD="${CHRONYD:-$(command -v chronyd || echo /usr/sbin/chronyd)}"
W="$(mktemp -d /tmp/auth-capture.XXXXXX)"
TYPES="MD5 SHA1 SHA256 SHA384 SHA512 SHA3-224 SHA3-256 SHA3-384 SHA3-512 AES128 AES256"
TRY_REFUSED="TIGER WHIRLPOOL SHA224 RMD160 DES"

if [ ! -s "$HERE/chrony.keys" ]; then
  id=1
  { echo "# made by chronyc keygen (chrony 4.3) for capture.sh: test keys, loopback only"
    for t in $TYPES; do chronyc -n keygen "$id" "$t"; id=$((id + 1)); done
  } > "$HERE/chrony.keys"
fi
{ for t in $TRY_REFUSED; do
    printf '%s\t%s\n' "$t" "$(chronyc -n keygen 99 "$t" 2>&1 | head -1)"
  done; } > "$HERE/keygen-refused.txt"

echo "keyfile $HERE/chrony.keys" > "$W/extra.conf"
stop() {
  [ -n "${cpid:-}" ] && kill -INT "$cpid" 2>/dev/null || true
  [ -n "${clpid:-}" ] && kill "$clpid" 2>/dev/null || true
  bash "$ROOT/.ci/daemons/chrony.sh" stop "$W/server" >&2 || true
}
trap stop EXIT
CHRONY_EXTRA_CONF="$W/extra.conf" bash "$ROOT/.ci/daemons/chrony.sh" start "$W/server" >&2
sed "s|$W|DIR|g; s|$HERE|.|g" "$W/server/chrony.conf" > "$HERE/chrony-server.conf.used"

rm -f "$HERE"/*.hex "$HERE"/*-v*.txt "$HERE"/*-default*.txt "$HERE/manifest.tsv"
rm -rf "$HERE/pcap"; mkdir -p "$HERE/pcap"

# run_client NAME KEYID VERSION_OPTION: one client chronyd until its first
# request has been answered (at most 10 s), capture, split.
run_client() {
  local name="$1" keyid="$2" vopt="$3" c="$W/client-$1" i n
  mkdir -p "$c"
  cat > "$c/chrony.conf" <<CONF
server 127.0.0.1 port 12300 key $keyid $vopt iburst minpoll 0 maxpoll 0
keyfile $HERE/chrony.keys
port 0
cmdport 0
bindcmdaddress /
pidfile $c/chronyd.pid
driftfile $c/chrony.drift
CONF
  local pcap="$HERE/pcap/$name.pcapng"
  dumpcap -q -i lo -f "udp port 12300" -w "$pcap" > "$c/dumpcap.log" 2>&1 &
  cpid=$!
  for i in $(seq 1 50); do grep -q "Capturing on" "$c/dumpcap.log" 2>/dev/null && break; sleep 0.1; done
  sleep 0.3
  setsid "$CHRONYD" -4 -d -x -u root -f "$c/chrony.conf" > "$c/chronyd.log" 2>&1 < /dev/null &
  clpid=$!
  for i in $(seq 1 100); do
    sleep 0.1
    n="$(tshark -r "$pcap" -Y "udp.srcport == 12300" 2>/dev/null | wc -l)" || n=0
    [ "$n" -ge 1 ] && break
  done
  sleep 0.2
  kill "$clpid" 2>/dev/null || true; wait "$clpid" 2>/dev/null || true; clpid=
  kill -INT "$cpid"; wait "$cpid" || true; cpid=
  # keep the first request and the first reply
  local tmp="$W/split-$name"
  python3 "$ROOT/tests/data/tools/pcap2fix.py" "$pcap" "$tmp" x --server-port 12300 \
    --decode-as 12300 > "$tmp.tsv"
  local req resp
  req="$(awk -F'\t' '$1 ~ /request$/ { print $1; exit }' "$tmp.tsv")"
  resp="$(awk -F'\t' '$1 ~ /response$/ { print $1; exit }' "$tmp.tsv")"
  for kind in request response; do
    local f; [ "$kind" = request ] && f="$req" || f="$resp"
    if [ -z "$f" ]; then echo "$name: no $kind" >&2; continue; fi
    cp "$tmp/$f.hex" "$HERE/$name-$kind.hex"; cp "$tmp/$f.txt" "$HERE/$name-$kind.txt"
    local hex; hex="$(cat "$tmp/$f.hex")"
    local len=$(( ${#hex} / 2 ))
    printf '%s\t%s\t%d\t%d\t%s\t%s\n' "$name-$kind" "$keyid" "$len" "$((len - 48))" \
      "vn=$(( (0x${hex:0:2} >> 3) & 7 )) mode=$(( 0x${hex:0:2} & 7 ))" \
      "keyid_in_packet=$(( 0x${hex:96:8} ))" >> "$HERE/manifest.tsv"
  done
}

id=1
for t in $TYPES; do
  run_client "$t-v4" "$id" "version 4"
  run_client "$t-v3" "$id" "version 3"
  id=$((id + 1))
done
# no version option: chronyd picks v4 for MD5 but v3 for keys whose MAC
# would be truncated at v4 (ntp_auth.c NAU_GetSuggestedNtpVersion)
run_client "MD5-default" 1 ""
run_client "SHA256-default" 3 ""
run_client "AES128-default" 10 ""
python3 "$HERE/handbuilt.py" > "$W/handbuilt.log"
# what the server does with trailers chrony does not make itself
python3 "$HERE/send_raw.py" 12300 "$HERE"/handbuilt-*.hex > "$HERE/server-replies.tsv"
echo "capture.sh: $(wc -l < "$HERE/manifest.tsv") packets" >&2
