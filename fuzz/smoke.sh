#!/usr/bin/env bash
# Fuzz smoke for CI: every target in turn, on stable without a sanitizer,
# for an equal share of TOTAL seconds (default 120), seeded from its
# committed corpus. New inputs go to a scratch folder, so the committed
# corpus only grows by hand. Any crash fails the script; its input is left
# in fuzz/artifacts/<target>/ and must be fixed and added to the corpus.
#
#   bash fuzz/smoke.sh [TOTAL_SECONDS]
#
# Needs cargo-fuzz: cargo install cargo-fuzz --locked
set -euo pipefail
cd "$(dirname "$0")"

total=${1:-120}
mapfile -t targets < <(cargo fuzz list)
if [ "${#targets[@]}" -eq 0 ]; then
    echo "smoke: no fuzz targets found" >&2
    exit 1
fi
share=$((total / ${#targets[@]}))
[ "$share" -ge 1 ] || share=1

cargo fuzz build --sanitizer none

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in "${targets[@]}"; do
    mkdir -p "$scratch/$t"
    echo "smoke: $t for ${share}s"
    if ! cargo fuzz run "$t" --sanitizer none "$scratch/$t" "corpus/$t" -- \
        -max_total_time="$share" -print_final_stats=1 >"$scratch/$t.log" 2>&1; then
        tail -n 60 "$scratch/$t.log" >&2
        echo "smoke: $t FAILED; input in fuzz/artifacts/$t/" >&2
        exit 1
    fi
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec)' "$scratch/$t.log" |
        sed "s/^/smoke: $t /"
done
echo "smoke: ${#targets[@]} targets passed"
