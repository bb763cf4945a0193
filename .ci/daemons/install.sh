#!/usr/bin/env bash
# Install chrony (as a Debian package) and NTPsec's ntpd (extracted, not
# installed, because the ntpsec package conflicts with chrony) for the
# loopback-only integration tests.  Idempotent; fast when already done.
#
# Prints the path of NTPsec's ntpd binary as its last stdout line.
# Env: NTPSEC_PREFIX (default /opt/ntpsec) = where ntpsec is extracted.
set -euo pipefail

NTPSEC_PREFIX="${NTPSEC_PREFIX:-/opt/ntpsec}"
NTPD="$NTPSEC_PREFIX/usr/sbin/ntpd"

log() { echo "install.sh: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (apt-get / dpkg)"; exit 1
fi
export DEBIAN_FRONTEND=noninteractive

# Never let a package start a service (chrony's postinst would start chronyd
# with Debian's default config, which contains a public pool).
if [ ! -x /usr/sbin/policy-rc.d ] || ! grep -q 'exit 101' /usr/sbin/policy-rc.d; then
  printf '#!/bin/sh\n# written by .ci/daemons/install.sh: no service starts\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi

# Shared libraries NTPsec's ntpd links (checked with ldd on ntpsec 1.2.2):
# libssl3 (libssl+libcrypto), libcap2, libbsd0 (+libmd0), libc6 (libm).
LIBS=(libssl3 libcap2 libbsd0 libmd0)
# python3-ntp: the Python library NTPsec's ntpq (extracted with ntpd) runs on,
# for tests/control_daemon.rs's comparison with ntpq.
PKGS=(chrony util-linux python3 python3-ntp "${LIBS[@]}")

missing=()
for p in "${PKGS[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = 'install ok installed' ] || missing+=("$p")
done
command -v python3 >/dev/null 2>&1 || missing+=(python3)

apt_updated=0
apt_update() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
}
# Update only if the package lists do not know the packages we need.
need_update() {
  local p
  for p in "$@"; do
    # (no 'apt-cache | grep -q': with pipefail, SIGPIPE would count as failure)
    case "$(apt-cache policy "$p" 2>/dev/null)" in
      *'Candidate: ('*|'') return 0 ;;
      *'Candidate: '*) ;;
      *) return 0 ;;
    esac
  done
  return 1
}

if [ "${#missing[@]}" -gt 0 ]; then
  need_update "${missing[@]}" && apt_update
  log "apt-get install ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The chrony package's postinst may have been blocked from starting the
# service by policy-rc.d; make sure no system chronyd runs anyway.
if [ -f /run/chrony/chronyd.pid ] && kill -0 "$(cat /run/chrony/chronyd.pid)" 2>/dev/null; then
  log "stopping a system chronyd started by the package"
  kill "$(cat /run/chrony/chronyd.pid)" || true
fi

if [ ! -x "$NTPD" ] || ! "$NTPD" --version 2>/dev/null | grep -q 'ntpsec'; then
  need_update ntpsec && apt_update
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  chmod 755 "$tmp"   # apt's _apt user must be able to write here
  log "apt-get download ntpsec"
  (cd "$tmp" && apt-get download -qq ntpsec 2>&1 | grep -v 'unsandboxed' >&2 || true)
  deb="$(ls "$tmp"/ntpsec_*.deb 2>/dev/null | head -n1 || true)"
  [ -n "$deb" ] || { log "apt-get download ntpsec failed"; exit 1; }
  rm -rf "$NTPSEC_PREFIX"
  mkdir -p "$NTPSEC_PREFIX"
  dpkg -x "$deb" "$NTPSEC_PREFIX"
fi

# Every shared library must resolve.
if ldd "$NTPD" | grep -q 'not found'; then
  ldd "$NTPD" >&2
  log "ntpd has unresolved shared libraries"; exit 1
fi
command -v setpriv >/dev/null || { log "setpriv missing"; exit 1; }
command -v chronyd >/dev/null || [ -x /usr/sbin/chronyd ] || { log "chronyd missing"; exit 1; }

log "$(/usr/sbin/chronyd -v 2>&1 | head -n1)"
log "$("$NTPD" --version 2>&1 | head -n1)"
echo "$NTPD"
