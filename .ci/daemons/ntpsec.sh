#!/usr/bin/env bash
# ntpsec.sh start DIR | stop DIR | status DIR
# Runs NTPsec's ntpd (extracted by install.sh) as root on 127.0.0.1:123,
# loopback only, no upstream servers, with CAP_SYS_TIME removed (it cannot
# touch the clock), serving from the LOCAL refclock (stratum 8, so it
# answers stratum 9 once synchronized).  Files: DIR/ntp.conf, DIR/ntpd.pid,
# DIR/ntpd.log (ntpd's own log, -l), DIR/ntpd.out (stdout+stderr), DIR/ntp.drift.
set -euo pipefail
NAME=ntpsec.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

NTPSEC_NTPD="${NTPSEC_NTPD:-/opt/ntpsec/usr/sbin/ntpd}"
READY_TIMEOUT="${NTPSEC_READY_TIMEOUT:-60}"
# log2 seconds of the LOCAL refclock poll: 3 (8 s) -> ready in ~9 s;
# 0 (1 s) -> ready in ~3 s.
# NTPSEC_EXTRA_CONF=FILE appends FILE's lines to ntp.conf (e.g. keys).
POLL="${NTPSEC_REFCLOCK_POLL:-3}"

cmd="${1:-}"; need_dir "${2:-}"
PIDFILE="$DIR/ntpd.pid"

case "$cmd" in
start)
  [ -x "$NTPSEC_NTPD" ] || die "ntpd not found ($NTPSEC_NTPD); run .ci/daemons/install.sh"
  [ "$(id -u)" -eq 0 ] || die "must run as root (port 123)"
  if [ -s "$PIDFILE" ] && pid_is "$(cat "$PIDFILE")" ntpd; then
    die "already running (pid $(cat "$PIDFILE")); run: $0 stop $DIR"
  fi
  rm -f "$PIDFILE"
  port_busy 123 && die "UDP port 123 is already in use (another ntpd?)"
  cat > "$DIR/ntp.conf" <<CONF
# loopback-only test server: no server/pool lines, never contacts anything
interface ignore all
interface listen 127.0.0.1
refclock local stratum 8 minpoll $POLL maxpoll $POLL
disable kernel
restrict default kod limited nomodify noquery nopeer
restrict 127.0.0.1
tos minclock 1 minsane 1 maxdist 16 orphanwait 1
driftfile $DIR/ntp.drift
statsdir $DIR/
CONF
  # Optional extra lines (keys, trustedkey, controlkey, ...) for tests that
  # need them; the base config above stays as it is.
  if [ -n "${NTPSEC_EXTRA_CONF:-}" ]; then
    { echo "# from NTPSEC_EXTRA_CONF=$NTPSEC_EXTRA_CONF"; cat "$NTPSEC_EXTRA_CONF"; } >> "$DIR/ntp.conf"
  fi
  # setpriv: drop CAP_SYS_TIME from the bounding set, so even as root ntpd
  # cannot step/slew the clock.  ntpd: -n no fork (foreground), -c config,
  # -p pidfile, -l logfile.  No -u: stays root (no 'ntp' user needed).
  # No -N (that would raise priority).  No -g/-q.
  setsid setpriv --bounding-set=-sys_time --inh-caps=-sys_time \
    "$NTPSEC_NTPD" -n -c "$DIR/ntp.conf" -p "$PIDFILE" -l "$DIR/ntpd.log" \
    > "$DIR/ntpd.out" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PIDFILE"   # ntpd writes the same pid here itself
  # It starts unsynchronized (LI=3, stratum 0, refid INIT) and selects the
  # LOCAL clock after a few 8 s polls.  One request a second: 127.0.0.1 is
  # not 'limited' (restrict 127.0.0.1 has no flags), so no RATE KoD.
  if ! out="$(python3 "$PROBE" 123 --wait "$READY_TIMEOUT" --interval 1 --synced --pid "$pid")"; then
    echo "$NAME: ntpd did NOT synchronize on 127.0.0.1:123: $out" >&2
    echo "--- $DIR/ntpd.log:" >&2; cat "$DIR/ntpd.log" "$DIR/ntpd.out" >&2 || true
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  echo "$NAME: ntpd pid $pid on 127.0.0.1:123 $out"
  ;;
stop)
  stop_pid "$PIDFILE" ntpd
  ;;
status)
  if [ -s "$PIDFILE" ] && pid_is "$(cat "$PIDFILE")" ntpd; then
    echo "$NAME: running pid $(cat "$PIDFILE")"; python3 "$PROBE" 123
  else
    echo "$NAME: not running"; exit 1
  fi
  ;;
*) die "usage: $0 start|stop|status DIR" ;;
esac
