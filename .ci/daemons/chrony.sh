#!/usr/bin/env bash
# chrony.sh start DIR | stop DIR | status DIR
# Runs chronyd as an NTP server on 127.0.0.1:$CHRONY_PORT (default 12300),
# loopback only, no upstream servers, no clock control, serving stratum 8
# from its local reference.  Files: DIR/chrony.conf, DIR/chronyd.pid,
# DIR/chrony.drift, DIR/chronyd.log (stdout+stderr of chronyd -d).
# CHRONY_EXTRA_CONF=FILE appends FILE's lines to chrony.conf (e.g. keyfile).
set -euo pipefail
NAME=chrony.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CHRONYD="${CHRONYD:-$(command -v chronyd || echo /usr/sbin/chronyd)}"
PORT="${CHRONY_PORT:-12300}"
READY_TIMEOUT="${CHRONY_READY_TIMEOUT:-20}"

cmd="${1:-}"; need_dir "${2:-}"
PIDFILE="$DIR/chronyd.pid"

case "$cmd" in
start)
  [ -x "$CHRONYD" ] || die "chronyd not found ($CHRONYD); run .ci/daemons/install.sh"
  if [ -s "$PIDFILE" ] && pid_is "$(cat "$PIDFILE")" chronyd; then
    die "already running (pid $(cat "$PIDFILE")); run: $0 stop $DIR"
  fi
  rm -f "$PIDFILE"
  port_busy $PORT && die "UDP port $PORT is already in use (another chronyd?)"
  cat > "$DIR/chrony.conf" <<CONF
# loopback-only test server: no server/pool lines, never contacts anything
port $PORT
bindaddress 127.0.0.1
allow 127.0.0.1
local stratum 8
cmdport 0
bindcmdaddress /
pidfile $PIDFILE
driftfile $DIR/chrony.drift
CONF
  # Optional extra lines (keyfile, ...) for tests that need them.
  if [ -n "${CHRONY_EXTRA_CONF:-}" ]; then
    { echo "# from CHRONY_EXTRA_CONF=$CHRONY_EXTRA_CONF"; cat "$CHRONY_EXTRA_CONF"; } >> "$DIR/chrony.conf"
  fi
  # -d foreground, log to stderr; -x never touch the clock; -4 IPv4 only;
  # -u root: do NOT drop to user _chrony (it could not write DIR).
  # setsid: own session, so the daemon outlives this script's shell.
  setsid "$CHRONYD" -4 -d -x -u root -f "$DIR/chrony.conf" \
    > "$DIR/chronyd.log" 2>&1 < /dev/null &
  pid=$!
  # Do NOT write $PIDFILE here: chronyd writes it itself and refuses to
  # start ("Another chronyd may already be running") if it names a live pid,
  # which would be its own.
  if ! out="$(python3 "$PROBE" "$PORT" --wait "$READY_TIMEOUT" --interval 0.1 --pid "$pid")"; then
    echo "$NAME: chronyd did NOT become ready on 127.0.0.1:$PORT: $out" >&2
    echo "--- $DIR/chronyd.log:" >&2; cat "$DIR/chronyd.log" >&2 || true
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  echo "$NAME: chronyd pid $pid on 127.0.0.1:$PORT $out"
  ;;
stop)
  stop_pid "$PIDFILE" chronyd
  ;;
status)
  if [ -s "$PIDFILE" ] && pid_is "$(cat "$PIDFILE")" chronyd; then
    echo "$NAME: running pid $(cat "$PIDFILE")"; python3 "$PROBE" "$PORT"
  else
    echo "$NAME: not running"; exit 1
  fi
  ;;
*) die "usage: $0 start|stop|status DIR" ;;
esac
