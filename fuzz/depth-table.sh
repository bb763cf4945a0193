#!/usr/bin/env bash
# The cumulative fuzzing table of fuzz/README.md, from fuzz/depth.csv:
# per target, CPU minutes (all runs, and under AddressSanitizer), executions,
# and the corpus files after the last run. Every target in fuzz_targets/
# has a row: one never run long shows 0 (the CI smoke is not counted) and
# the files of its committed corpus.
#   bash fuzz/depth-table.sh
set -euo pipefail
cd "$(dirname "$0")"
echo "| target | CPU minutes | of which ASan | executions | corpus files | runs |"
echo "|---|---:|---:|---:|---:|---:|"
for f in fuzz_targets/*.rs; do
    t=$(basename "$f" .rs)
    n=$(find "corpus/$t" -type f 2>/dev/null | wc -l)
    echo "$t,$n"
done > "${TMPDIR:-/tmp}/depth-targets.$$"
awk -F, 'FNR == NR { all[$1] = 1; committed[$1] = $2; next }
FNR > 1 {
    cpu[$3] += $6; execs[$3] += $7; runs[$3]++
    if ($4 == "asan") asan[$3] += $6
    if ($8 != "") files[$3] = $8
} END {
    for (t in all) {
        f = (t in files) ? files[t] : committed[t]
        printf "| %s | %.1f | %.1f | %d | %s | %d |\n", t, cpu[t] / 60, asan[t] / 60, execs[t], f, runs[t]
    }
}' "${TMPDIR:-/tmp}/depth-targets.$$" depth.csv | sort
rm -f "${TMPDIR:-/tmp}/depth-targets.$$"
