#!/usr/bin/env bash
# ntpd-rs.sh install | start DIR | stop DIR | status DIR
# Runs ntpd-rs 1.9's ntp-daemon as an NTP server on 127.0.0.1:$NTPDRS_PORT
# (default 12400) accepting NTP versions 3, 4 and 5 (draft NTPv5, off by
# default in ntpd-rs), loopback only, with no time source (no [[source]]
# section: it never sends a packet on its own and never steers the clock),
# CAP_SYS_TIME removed as for NTPsec, and local-stratum $NTPDRS_STRATUM
# (default 1: it serves stratum 1, synchronized).  A second server on
# 127.0.0.1:$((NTPDRS_PORT + 1)) denies every client (DENY kiss code), so
# tests can see ntpd-rs's kiss-o'-death replies.
# Files: DIR/ntp.toml, DIR/ntp-daemon.pid, DIR/ntp-daemon.log (stdout+stderr).
# `install` runs `cargo install ntpd --version 1.9.0 --locked
# --no-default-features --features rustcrypto` (about 2.5 minutes on 2 cores)
# unless $NTPDRS_DAEMON (default ~/.cargo/bin/ntp-daemon) is already there.
set -euo pipefail
NAME=ntpd-rs.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

NTPDRS_DAEMON="${NTPDRS_DAEMON:-${CARGO_HOME:-$HOME/.cargo}/bin/ntp-daemon}"
PORT="${NTPDRS_PORT:-12400}"
DENY_PORT=$((PORT + 1))
STRATUM="${NTPDRS_STRATUM:-1}"
READY_TIMEOUT="${NTPDRS_READY_TIMEOUT:-20}"

cmd="${1:-}"
if [ "$cmd" = install ]; then
  if [ -x "$NTPDRS_DAEMON" ] && "$NTPDRS_DAEMON" --version 2>&1 | grep -q ' 1\.9\.0'; then
    echo "$NAME: $NTPDRS_DAEMON is ntpd-rs 1.9.0 already" >&2
  else
    nice cargo install ntpd --version 1.9.0 --locked --no-default-features \
      --features rustcrypto >&2
  fi
  echo "$NTPDRS_DAEMON"
  exit 0
fi
need_dir "${2:-}"
PIDFILE="$DIR/ntp-daemon.pid"

case "$cmd" in
start)
  [ -x "$NTPDRS_DAEMON" ] || die "ntp-daemon not found ($NTPDRS_DAEMON); run: $0 install"
  if [ -s "$PIDFILE" ] && pid_is "$(cat "$PIDFILE")" ntp-daemon; then
    die "already running (pid $(cat "$PIDFILE")); run: $0 stop $DIR"
  fi
  rm -f "$PIDFILE"
  port_busy "$PORT" && die "UDP port $PORT is already in use (another ntp-daemon?)"
  port_busy "$DENY_PORT" && die "UDP port $DENY_PORT is already in use"
  cat > "$DIR/ntp.toml" <<CONF
# loopback-only test server: no [[source]] section, so it never contacts
# anything and never steers the clock; no observation socket.
[observability]
log-level = "info"

[synchronization]
local-stratum = $STRATUM

[[server]]
listen = "127.0.0.1:$PORT"
accept-ntp-versions = [3, 4, 5]

# every client denied: answers with the DENY kiss code
[[server]]
listen = "127.0.0.1:$DENY_PORT"
accept-ntp-versions = [3, 4, 5]
denylist = { filter = ["0.0.0.0/0"], action = "deny" }
CONF
  # setpriv: no CAP_SYS_TIME, so even as root it cannot set the clock.
  # setsid: own session, so the daemon outlives this script's shell (setsid
  # and setpriv exec: the pid of the background job is ntp-daemon's).
  setsid setpriv --bounding-set=-sys_time --inh-caps=-sys_time \
    "$NTPDRS_DAEMON" -c "$DIR/ntp.toml" > "$DIR/ntp-daemon.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PIDFILE"
  if ! out="$(python3 "$PROBE" "$PORT" --wait "$READY_TIMEOUT" --interval 0.1 --pid "$pid")"; then
    echo "$NAME: ntp-daemon did NOT become ready on 127.0.0.1:$PORT: $out" >&2
    echo "--- $DIR/ntp-daemon.log:" >&2; cat "$DIR/ntp-daemon.log" >&2 || true
    kill "$pid" 2>/dev/null || true
    rm -f "$PIDFILE"
    exit 1
  fi
  echo "$NAME: ntp-daemon pid $pid on 127.0.0.1:$PORT (deny-all on :$DENY_PORT) $out"
  ;;
stop)
  stop_pid "$PIDFILE" ntp-daemon
  ;;
status)
  if [ -s "$PIDFILE" ] && pid_is "$(cat "$PIDFILE")" ntp-daemon; then
    echo "$NAME: running pid $(cat "$PIDFILE")"; python3 "$PROBE" "$PORT"
  else
    echo "$NAME: not running"; exit 1
  fi
  ;;
*) die "usage: $0 install | start|stop|status DIR" ;;
esac
