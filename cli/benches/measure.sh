#!/usr/bin/env bash
# The documented speed and memory run (cli/README.md, "Speed"): a generated
# capture of about 100 MB, ntpwire --summary, --json and --explain, and
# tshark on the same file, in the same run, each under /usr/bin/time -v.
#
#   bash cli/benches/measure.sh [PACKETS]      (default 1,000,000: ~106 MB)
#
# Needs tshark and GNU time (apt-get install -y tshark time).
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000000}"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
CAP="$DIR/ntp.pcap"
cargo build -q --release -p ntp-wire-cli --bin ntpwire --example gen-capture
./target/release/examples/gen-capture "$CAP" "$N"
BIN=./target/release/ntpwire

measure() { # NAME COMMAND...: wall time, peak memory, packets per second
  local name="$1"; shift
  /usr/bin/time -v "$@" > "$DIR/out" 2> "$DIR/time" || true
  local wall rss cpu
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$DIR/time")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$DIR/time")"
  cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$DIR/time")"
  local secs
  secs="$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')"
  printf '%-32s %7.2f s wall %7.2f s CPU %8d kB peak %10.0f packets/s\n' "$name" "$secs" "$cpu" "$rss" \
    "$(echo "$N $secs" | awk '{ print ($2 > 0) ? $1 / $2 : 0 }')"
  echo "$secs" > "$DIR/$name.secs"
}

echo "capture: $N NTP packets, $(stat -c %s "$CAP") octets"
measure "ntpwire --summary" "$BIN" --summary "$CAP"
measure "ntpwire --explain" "$BIN" --explain "$CAP"
measure "ntpwire --json" "$BIN" --json "$CAP"
measure "ntpwire (text)" "$BIN" "$CAP"
measure "tshark -T fields -e ntp.xmt" tshark -r "$CAP" -T fields -e ntp.xmt
awk -v a="$(cat "$DIR/tshark -T fields -e ntp.xmt.secs")" -v b="$(cat "$DIR/ntpwire --summary.secs")" \
  'BEGIN { printf "ntpwire --summary is %.1f times as fast as tshark -T fields -e ntp.xmt\n", a / b }'
