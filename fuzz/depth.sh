#!/usr/bin/env bash
# A long fuzz run of one target, recorded in fuzz/depth.csv so that the
# cumulative table in fuzz/README.md only grows. CPU time is measured (user +
# system of the fuzzer process), not wall time: on a shared machine the two
# differ.
#
#   bash fuzz/depth.sh TARGET SECONDS [stable|asan]
#
# stable: cargo fuzz --sanitizer none on the default toolchain; asan:
# AddressSanitizer on nightly (rustup toolchain install nightly). New inputs
# go to a scratch folder and are merged into fuzz/corpus/TARGET afterwards
# with `cargo fuzz cmin`, so the committed corpus stays minimal. Any crash
# fails the script; its input is in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
target=$1 seconds=$2 mode=${3:-stable}
case "$mode" in
    stable) cargo=(cargo); flags=(--sanitizer none) ;;
    asan) cargo=(cargo +nightly); flags=() ;;
    *) echo "mode is stable or asan" >&2; exit 2 ;;
esac
run=("${cargo[@]}" fuzz run "$target" "${flags[@]}")
cmin=("${cargo[@]}" fuzz cmin "$target" "${flags[@]}")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"${cargo[@]}" fuzz build "$target" "${flags[@]}" >/dev/null   # not counted
log="$scratch/log"
mkdir -p "$scratch/new"   # libFuzzer writes new inputs here; it must exist
start=$(date +%s)
/usr/bin/time -f '%U %S' -o "$scratch/time" \
    "${run[@]}" "$scratch/new" "corpus/$target" -- -max_total_time="$seconds" -print_final_stats=1 \
    >"$log" 2>&1 || { tail -n 60 "$log" >&2; echo "depth: $target FAILED" >&2; exit 1; }
wall=$(( $(date +%s) - start ))
read -r user sys <"$scratch/time"
cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", u + s }')
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
# Merge what was found into the committed corpus, minimised.
mkdir -p "$scratch/merged"
cp "corpus/$target"/* "$scratch/new"/* "$scratch/merged/" 2>/dev/null || true
rm -rf "corpus/$target.full"; mv "corpus/$target" "corpus/$target.full"; mkdir "corpus/$target"
cp "$scratch/merged"/* "corpus/$target/"
"${cmin[@]}" "corpus/$target" >"$scratch/cmin.log" 2>&1 || { mv "corpus/$target.full" "corpus/$target"; tail -n 30 "$scratch/cmin.log" >&2; exit 1; }
rm -rf "corpus/$target.full"
# The hand-made seeds (fuzz/seed.sh) stay, whatever cmin thinks of them:
# they name the hostile cases.
cp "$scratch/merged"/seed-* "corpus/$target/" 2>/dev/null || true
files=$(ls "corpus/$target" | wc -l)
commit=$(git rev-parse --short HEAD)
[ -f depth.csv ] || echo "date,commit,target,mode,wall_s,cpu_s,executions,corpus_files,source" >depth.csv
echo "$(date -u +%F),$commit,$target,$mode,$wall,$cpu,$execs,$files,measured by fuzz/depth.sh" >>depth.csv
echo "depth: $target $mode ${cpu}s CPU, $execs executions, $files corpus files"
