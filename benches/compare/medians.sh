#!/usr/bin/env bash
# Prints the median of every benchmark of the last `cargo bench` run of this
# crate, as "group  id  median_ns", from criterion's JSON. Run from anywhere.
set -euo pipefail
dir="$(dirname "$0")/target/criterion"
find "$dir" -path '*/new/benchmark.json' | sort | while read -r bench; do
    est="${bench%benchmark.json}estimates.json"
    printf '%s\t%s\t%.2f\n' \
        "$(jq -r .group_id "$bench")" \
        "$(jq -r '[.function_id, .value_str] | map(select(. != null)) | join("/")' "$bench")" \
        "$(jq -r .median.point_estimate "$est")"
done
