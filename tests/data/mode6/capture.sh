#!/usr/bin/env bash
# capture.sh: regenerate the mode 6 fixtures in this folder from a live
# NTPsec 1.2.2 ntpd on 127.0.0.1:123 and NTPsec's ntpq (root, Debian 12,
# after .ci/daemons/install.sh; needs tshark/dumpcap and python3-ntp).
#
# Starts ntpd with .ci/daemons/ntpsec.sh plus two keys (1 MD5, 2 SHA1;
# trustedkey 1 2, controlkey 1), sends mode 3 requests from 127.0.0.2-20 so
# the MRU list spans several fragments, then runs one ntpq command (or one
# hand-built request) per step, each step captured on lo into its own pcapng
# (kept in pcap/).  Every packet becomes STEP-NN-request|response.hex/.txt
# (tools/pcap2fix.py), ntpq's output STEP.out, and manifest.tsv lists them.
# Takes the daemon lock itself; loopback only.
set -euo pipefail
if [ -z "${NTP_DAEMONS_LOCKED:-}" ]; then
  exec env NTP_DAEMONS_LOCKED=1 flock /tmp/ntp-daemons.lock bash "$0" "$@"
fi
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
NTPQ="${NTPQ:-/opt/ntpsec/usr/bin/ntpq}"
W="$(mktemp -d /tmp/mode6-capture.XXXXXX)"
D="$W/ntpsec"
mkdir -p "$D"

cat > "$W/ntp.keys" <<'KEYS'
# test keys, loopback only (the same bytes as ../../../shared fixtures use)
1 MD5 50B5872BA62FF516C63C6CB5E2A262AB
2 SHA1 7E5571884784850AD4BD8174258F4312AB55C2E7
KEYS
cat > "$W/extra.conf" <<EXTRA
keys $W/ntp.keys
trustedkey 1 2
controlkey 1
EXTRA

stop() { bash "$ROOT/.ci/daemons/ntpsec.sh" stop "$D" >&2 || true; }
trap stop EXIT
NTPSEC_EXTRA_CONF="$W/extra.conf" bash "$ROOT/.ci/daemons/ntpsec.sh" start "$D" >&2

# Clean the previous run's outputs (scripts and README stay).
rm -f "$HERE"/*.hex "$HERE"/*.txt "$HERE"/*.out "$HERE/manifest.tsv"
rm -rf "$HERE/pcap"; mkdir -p "$HERE/pcap"

# step NAME CMD...: capture udp port 123 on lo while CMD runs; CMD's
# stdout+stderr go to NAME.out.
step() {
  local name="$1"; shift
  local pcap="$HERE/pcap/$name.pcapng" cpid i
  dumpcap -q -i lo -f "udp port 123" -w "$pcap" > "$W/$name.dumpcap" 2>&1 &
  cpid=$!
  for i in $(seq 1 50); do
    grep -q "Capturing on" "$W/$name.dumpcap" 2>/dev/null && break; sleep 0.1
  done
  sleep 0.3
  "$@" > "$HERE/$name.out" 2>&1 || echo "(exit status $?)" >> "$HERE/$name.out"
  sleep 0.5
  kill -INT "$cpid"; wait "$cpid" || true
  python3 "$ROOT/tests/data/tools/pcap2fix.py" "$pcap" "$HERE" "$name" \
    --server-port 123 --filter "ntp.flags.mode == 6" >> "$HERE/manifest.tsv" \
    || echo "$name: no mode 6 packet" >&2
}

q() { "$NTPQ" -n "$@" 127.0.0.1; }
qa() { local k="$1"; shift; "$NTPQ" -n -k "$W/ntp.keys" -a "$k" -c passwd -c "authenticate yes" "$@" 127.0.0.1; }

python3 "$HERE/send_mode3.py" 123 2 20 > "$W/mode3-senders.log"
cat "$W/mode3-senders.log" >&2

step ntpq-rv q -c rv
step ntpq-as q -c as
ASSOC="$(awk '$1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ { print $2; exit }' "$HERE/ntpq-as.out")"
[ -n "$ASSOC" ] || { echo "no association id in ntpq-as.out" >&2; exit 1; }
echo "association id $ASSOC" >&2
step ntpq-rv-assoc q -c "rv $ASSOC"
step ntpq-p q -p
step ntpq-mrulist q -c mrulist
step err-bad-assoc python3 "$HERE/send_mode6.py" 2 101 12345
step err-unknown-var q -c "rv 0 nosuchvariable"
step err-bad-opcode python3 "$HERE/send_mode6.py" 13 102 0
step err-config-noauth python3 "$HERE/send_mode6.py" 8 103 0 "restrict 127.0.0.99 nomodify"
step err-writevar-noauth python3 "$HERE/send_mode6.py" 3 104 0 "leap=3"
# ntpq 1.2.2's writevar does nothing (its do_writevar is a stub): hand-built.
K1="1 md5 50B5872BA62FF516C63C6CB5E2A262AB"
K2="2 sha1 7E5571884784850AD4BD8174258F4312AB55C2E7"
step auth-md5-writevar python3 "$HERE/send_mode6.py" 3 105 0 "leap=3" --key $K1
# The MAC after padding to 4 rather than 8 (count 7: 19 -> 20 vs 24).
step auth-md5-rv-align8 python3 "$HERE/send_mode6.py" 2 106 0 "version" --key $K1 --align 8
step auth-md5-rv-align4 python3 "$HERE/send_mode6.py" 2 107 0 "version" --key $K1 --align 4
step auth-sha1-rv-align4 python3 "$HERE/send_mode6.py" 2 108 0 "version" --key $K2 --align 4
# ntpq itself, authenticated (passwd loads the key given by -k/-a).
for v in version stratum refid "version,stratum,refid"; do
  tag="$(echo "$v" | tr , -)"
  step "auth-md5-rv-$tag" qa 1 -c "rv 0 $v"
  step "auth-sha1-rv-$tag" qa 2 -c "rv 0 $v"
done
step auth-md5-config qa 1 -c ":config restrict 127.0.0.99 nomodify"
step auth-sha1-config qa 2 -c ":config restrict 127.0.0.98 nomodify"
cp "$W/mode3-senders.log" "$HERE/mode3-senders.log"
cp "$D/ntp.conf" "$HERE/ntp.conf.used"
sed -i "s|$W|DIR|g" "$HERE/ntp.conf.used"
python3 - "$HERE" <<'PY'
import subprocess, sys
here = sys.argv[1]
table = subprocess.run(["python3", here + "/readme_table.py", here + "/manifest.tsv"],
                       check=True, capture_output=True, text=True).stdout
readme = open(here + "/README.md").read()
head, rest = readme.split("<!-- table: made by readme_table.py from manifest.tsv -->\n", 1)
tail = rest.split("<!-- /table -->", 1)[1]
open(here + "/README.md", "w").write(head + "<!-- table: made by readme_table.py from manifest.tsv -->\n"
                                     + table + "<!-- /table -->" + tail)
PY
echo "capture.sh: $(wc -l < "$HERE/manifest.tsv") packets in $HERE" >&2
