#!/usr/bin/env bash
# capture.sh: regenerate the NTPv5 fixtures in this folder from a live
# ntpd-rs 1.9 (.ci/daemons/ntpd-rs.sh: 127.0.0.1:12400 serving, :12401
# deny-all).  send_v5.py sends every case and writes CASE-request.hex,
# CASE-response.hex (when answered), CASE.txt and manifest.tsv; dumpcap
# records the same exchange in v5.pcapng.  Takes the daemon lock itself.
set -euo pipefail
if [ -z "${NTP_DAEMONS_LOCKED:-}" ]; then
  exec env NTP_DAEMONS_LOCKED=1 flock /tmp/ntp-daemons.lock bash "$0" "$@"
fi
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
W="$(mktemp -d /tmp/v5-capture.XXXXXX)"
stop() { bash "$ROOT/.ci/daemons/ntpd-rs.sh" stop "$W/ntpd-rs" >&2 || true; }
trap stop EXIT
bash "$ROOT/.ci/daemons/ntpd-rs.sh" start "$W/ntpd-rs" >&2
rm -f "$HERE"/*.hex "$HERE"/*.txt "$HERE/manifest.tsv" "$HERE/v5.pcapng"
dumpcap -q -i lo -f "udp port 12400 or udp port 12401" -w "$HERE/v5.pcapng" > "$W/dumpcap.log" 2>&1 &
cpid=$!
for i in $(seq 1 50); do grep -q "Capturing on" "$W/dumpcap.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.3
python3 "$HERE/send_v5.py" "$HERE" 12400 12401
sleep 0.3
kill -INT "$cpid"; wait "$cpid" || true
cp "$W/ntpd-rs/ntp.toml" "$HERE/ntp.toml.used"
"${NTPDRS_DAEMON:-$HOME/.cargo/bin/ntp-daemon}" --version > "$HERE/ntp-daemon.version" 2>&1
