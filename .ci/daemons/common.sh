# Sourced by chrony.sh and ntpsec.sh.  Not executable on its own.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROBE="$HERE/ntpprobe.py"

die() { echo "$NAME: $*" >&2; exit 1; }

# pid_alive PID: true if PID exists and is not a zombie.
pid_alive() {
  local st
  [ -r "/proc/$1/stat" ] || return 1
  st="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [ -n "$st" ] && [ "$st" != Z ]
}

# pid_is PID WORD: true if PID is alive and its argv[0] contains WORD.
pid_is() {
  pid_alive "$1" || return 1
  tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | cut -d' ' -f1 | grep -q -- "$2"
}

# stop_pid PIDFILE WORD: SIGTERM, wait up to 5 s, then SIGKILL.
stop_pid() {
  local pidfile="$1" word="$2" pid i
  if [ ! -s "$pidfile" ]; then echo "$NAME: not running (no $pidfile)"; return 0; fi
  pid="$(cat "$pidfile")"
  if ! pid_is "$pid" "$word"; then
    echo "$NAME: not running (stale pid $pid)"; rm -f "$pidfile"; return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.1; done
  if pid_alive "$pid"; then
    echo "$NAME: pid $pid ignored SIGTERM, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 20); do pid_alive "$pid" || break; sleep 0.1; done
  fi
  pid_alive "$pid" && die "pid $pid still alive"
  rm -f "$pidfile"
  echo "$NAME: stopped pid $pid"
}

# Require an absolute-or-made-absolute DIR argument.
need_dir() {
  [ -n "${1:-}" ] || die "usage: $0 start|stop|status DIR"
  mkdir -p "$1"
  DIR="$(cd "$1" && pwd)"
}

# port_busy PORT: true if some UDP socket (v4 or v6) is bound to PORT.
# (A second daemon could bind it too via SO_REUSEADDR and the readiness
# poll would then be answered by the first one.)
port_busy() {
  local hex; hex="$(printf '%04X' "$1")"
  awk -v h=":$hex" 'NR > 1 && substr($2, length($2) - 4) == h { f = 1 } END { exit !f }' \
    /proc/net/udp /proc/net/udp6 2>/dev/null
}
