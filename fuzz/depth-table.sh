#!/usr/bin/env bash
# The cumulative fuzzing table of fuzz/README.md, from fuzz/depth.csv:
# per target, CPU minutes (all runs, and under AddressSanitizer), executions,
# and the corpus files after the last run.
#   bash fuzz/depth-table.sh
set -euo pipefail
cd "$(dirname "$0")"
echo "| target | CPU minutes | of which ASan | executions | corpus files (last run) | runs |"
echo "|---|---:|---:|---:|---:|---:|"
awk -F, 'NR > 1 {
    cpu[$3] += $6; execs[$3] += $7; runs[$3]++
    if ($4 == "asan") asan[$3] += $6
    if ($8 != "") files[$3] = $8
} END {
    for (t in cpu) printf "| %s | %.1f | %.1f | %d | %s | %d |\n", t, cpu[t] / 60, asan[t] / 60, execs[t], files[t], runs[t]
}' depth.csv | sort
