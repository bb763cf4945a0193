#!/usr/bin/env bash
# Instructions per call of the nanosecond-scale operations (see
# benches/instructions.rs), counted by valgrind's callgrind: repeatable for
# the same binary whatever else the machine does.
#
#   bash benches/instructions.sh [OPERATION...]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
cargo build --release --bench instructions >/dev/null 2>&1
bin=$(ls -t target/release/deps/instructions-* | grep -v '\.d$' | head -n1)
ops=("$@")
[ "${#ops[@]}" -gt 0 ] || ops=(empty view front_door parse emit_slice walk_136 check_136 mac_136 control_front_door control_view control_readstat control_var control_vars_359 monlist private_view private_parse v5_view v5_parse v5_emit_slice v5_walk_592)
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-20s %s\n' operation instructions/call
for op in "${ops[@]}"; do
    a=$(count "$op" 1000)
    b=$(count "$op" 101000)
    printf '%-20s %s\n' "$op" "$(( (b - a) / 100000 ))"
done
