#!/usr/bin/env bash
# Makes the captures of real daemon traffic in this folder (loopback only).
#
#   flock /tmp/ntp-daemons.lock bash cli/tests/data/make-captures.sh
#
# (the script takes the lock itself when run without it). Needs root,
# chrony 4.3 and NTPsec 1.2.2 as .ci/daemons/install.sh installs them,
# tcpdump, dumpcap (tshark's), openssl and python3. The captures are
# committed, so the tests do not need any of this; run it again only to
# make new ones. What each capture holds: README.md beside this script.
set -euo pipefail
if [ -z "${NTPWIRE_CAPTURE_LOCKED:-}" ]; then
  exec env NTPWIRE_CAPTURE_LOCKED=1 flock /tmp/ntp-daemons.lock bash "$0" "$@"
fi
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${OUT:-$HERE}"
SEND="python3 $HERE/ntpsend.py"
NTPD="${NTPSEC_NTPD:-/opt/ntpsec/usr/sbin/ntpd}"
NTPQ="${NTPQ:-/opt/ntpsec/usr/bin/ntpq}"
CHRONYD="${CHRONYD:-$(command -v chronyd || echo /usr/sbin/chronyd)}"
DIR="$(mktemp -d)"
CAP_PID=""
log() { echo "make-captures: $*" >&2; }

cleanup() {
  [ -n "$CAP_PID" ] && kill -INT "$CAP_PID" 2>/dev/null || true
  bash "$ROOT/.ci/daemons/ntpsec.sh" stop "$DIR/ntpsec" >/dev/null 2>&1 || true
  bash "$ROOT/.ci/daemons/chrony.sh" stop "$DIR/chrony" >/dev/null 2>&1 || true
  [ -f "$DIR/chronyd.pid" ] && kill "$(cat "$DIR/chronyd.pid")" 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT

# cap_start FILE TOOL ARGS...: a capture in the background, once it runs.
cap_start() {
  local file="$1"; shift
  "$@" > "$DIR/cap.log" 2>&1 &
  CAP_PID=$!
  sleep 1.5
  kill -0 "$CAP_PID" || { cat "$DIR/cap.log" >&2; exit 1; }
  log "capturing into $file"
}
cap_stop() {
  sleep 0.5
  kill -INT "$CAP_PID"; wait "$CAP_PID" || true
  CAP_PID=""
}

# --- NTPsec: unsynchronized (INIT), mode 6 (ntpq), a RATE kiss-o'-death ---
mkdir -p "$DIR/ntpsec"
# Started by hand (not ntpsec.sh, which waits for synchronization): the
# first replies must come before it synchronizes.
cat > "$DIR/ntpsec/ntp.conf" <<CONF
interface ignore all
interface listen 127.0.0.1
refclock local stratum 8 minpoll 3 maxpoll 3
disable kernel
restrict default kod limited nomodify noquery nopeer
restrict 127.0.0.1
tos minclock 1 minsane 1 maxdist 16 orphanwait 1
driftfile $DIR/ntpsec/ntp.drift
statsdir $DIR/ntpsec/
CONF
cap_start ntpsec-unsync-kod-mode6.pcap dumpcap -q -P -i lo -f "udp port 123" -w "$OUT/ntpsec-unsync-kod-mode6.pcap"
setsid setpriv --bounding-set=-sys_time --inh-caps=-sys_time \
  "$NTPD" -n -c "$DIR/ntpsec/ntp.conf" -p "$DIR/ntpsec/ntpd.pid" -l "$DIR/ntpsec/ntpd.log" \
  > "$DIR/ntpsec/ntpd.out" 2>&1 < /dev/null &
echo $! > "$DIR/ntpsec/ntpd.pid"
sleep 1
$SEND 123 mode3 --count 2 --interval 0.5          # INIT replies
$SEND 123 v0 --timeout 0.5                         # dropped
"$NTPQ" -c rv 127.0.0.1 > /dev/null                # mode 6
$SEND 123 mode6-status --timeout 0.5
python3 "$ROOT/.ci/daemons/ntpprobe.py" 123 --wait 60 --interval 1 --synced >/dev/null
$SEND 123 mode3                                    # synchronized now
# 127.0.0.2 falls under "restrict default kod limited": a burst gets RATE.
$SEND 123 mode3 --src 127.0.0.2 --count 30 --interval 0.002 --timeout 0.2
cap_stop

# --- NTPsec: the Windows Time situation ---
cap_start windows-mode1-ntpsec.pcapng dumpcap -q -i lo -f "udp port 123" -w "$OUT/windows-mode1-ntpsec.pcapng"
$SEND 123 win-mode1 --count 2 --interval 0 --timeout 2   # peer flags 0x1 on a time server: dropped
$SEND 123 win-mode3                                      # peer flags 0x9: answered
cap_stop
kill "$(cat "$DIR/ntpsec/ntpd.pid")"; sleep 0.5

# --- chrony: modes 3/4 and 1/2, MD5 and SHA1 MACs, an unknown key, interleaved, NTS ---
mkdir -p "$DIR/chrony"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$DIR/key.pem" -out "$DIR/cert.pem" -days 3650 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null
cat > "$DIR/keys" <<KEYS
1 MD5 HEX:50B5872BA62FF516C63C6CB5E2A262AB
2 SHA1 HEX:7E5571884784850AD4BD8174258F4312AB55C2E7
KEYS
cat > "$DIR/chrony/chrony.conf" <<CONF
port 12300
bindaddress 127.0.0.1
allow 127.0.0.1
local stratum 8
cmdport 0
bindcmdaddress /
keyfile $DIR/keys
ntsserverkey $DIR/key.pem
ntsservercert $DIR/cert.pem
ntsdumpdir $DIR/chrony
pidfile $DIR/chrony/chronyd.pid
driftfile $DIR/chrony/chrony.drift
CONF
setsid "$CHRONYD" -4 -d -x -u root -f "$DIR/chrony/chrony.conf" > "$DIR/chrony/chronyd.log" 2>&1 < /dev/null &
python3 "$ROOT/.ci/daemons/ntpprobe.py" 12300 --wait 20 --interval 0.1 >/dev/null

# client: chronyd -Q (measure, print, never touch the clock)
client() {
  printf '%s\n' "$@" "keyfile $DIR/keys" "ntstrustedcerts $DIR/cert.pem" "nosystemcert" \
    "cmdport 0" "bindcmdaddress /" "pidfile $DIR/client.pid" > "$DIR/client.conf"
  timeout 20 "$CHRONYD" -Q -t 15 -u root -f "$DIR/client.conf" > "$DIR/client.log" 2>&1 || { cat "$DIR/client.log" >&2; true; }
}

cap_start chrony-nano.pcap tcpdump -i lo -U --time-stamp-precision=nano -w "$OUT/chrony-nano.pcap" udp port 12300
client "server 127.0.0.1 port 12300 iburst maxsamples 2"
client "server 127.0.0.1 port 12300 iburst maxsamples 2 key 1"
client "server 127.0.0.1 port 12300 iburst maxsamples 2 key 2"
client "server 127.0.0.1 port 12300 iburst maxsamples 4 xleave"
$SEND 12300 mode1v4                                # mode 2 reply
$SEND 12300 mac-unknown --timeout 0.5              # key 3: the server has no such key
cap_stop

cap_start chrony-nts.pcapng dumpcap -q -i lo -f "udp port 12300" -w "$OUT/chrony-nts.pcapng"
client "server 127.0.0.1 port 12300 iburst maxsamples 2 nts"
$SEND 12300 nts-bogus --timeout 0.5                # a cookie it cannot decrypt
cap_stop

cap_start chrony-sll2.pcap tcpdump -i any -y LINUX_SLL2 -U -w "$OUT/chrony-sll2.pcap" udp port 12300
$SEND 12300 mode3 --count 2 --interval 0.2
cap_stop
cap_start chrony-sll.pcap tcpdump -i any -y LINUX_SLL -U -w "$OUT/chrony-sll.pcap" udp port 12300
$SEND 12300 mode3
cap_stop
cap_start multi-interface.pcapng dumpcap -q -i lo -i any -f "udp port 12300" -w "$OUT/multi-interface.pcapng"
$SEND 12300 mode3
cap_stop
kill "$(cat "$DIR/chrony/chronyd.pid")" 2>/dev/null || true

python3 "$HERE/craft-captures.py" "$OUT"
ls -l "$OUT"/*.pcap "$OUT"/*.pcapng >&2
chmod 644 "$OUT"/*.pcap "$OUT"/*.pcapng
