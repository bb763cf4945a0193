#!/usr/bin/env bash
# verify.sh: with chrony.sh and ntpsec.sh both started, check the behaviour
# the integration tests rely on.  Prints "N passed, N failed".
set -uo pipefail
P="$(dirname "${BASH_SOURCE[0]}")/ntpprobe.py"
CPORT="${CHRONY_PORT:-12300}"
pass=0; fail=0
check() {  # check DESC EXPECTED-REGEX ARGS...
  local desc="$1" want="$2"; shift 2
  local got; got="$(python3 "$P" "$@")"
  if [[ "$got" =~ $want ]]; then pass=$((pass+1)); echo "ok   $desc: $got"
  else fail=$((fail+1)); echo "FAIL $desc: want /$want/ got: $got"; fi
}
check "chrony mode3->mode4"        ' mode=4 .*origin_ok=True'  "$CPORT" --mode 3
check "chrony mode1->mode2"        ' mode=2 .*origin_ok=True'  "$CPORT" --mode 1
for v in 1 2 3 4; do
  check "chrony echoes version $v" " vn=$v mode=4 "            "$CPORT" --version "$v"
done
check "ntpsec mode3->mode4 synced" '^li=[012] .* mode=4 stratum=([1-9]|1[0-5]) .*origin_ok=True' 123 --mode 3
check "ntpsec drops mode1 (2 s)"   '^noreply$'                 123 --mode 1 --timeout 2
for v in 1 2 3 4; do
  check "ntpsec echoes version $v" " vn=$v mode=4 "            123 --version "$v"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
