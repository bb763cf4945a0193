#!/usr/bin/env bash
# Writes the seed corpus of every target into fuzz/corpus/<target>/seed-*:
# the real packets of tests/data (hex decoded to binary) and hand-made
# hostile cases. Idempotent; files the fuzzer found (named by hash) are
# left alone. Run from anywhere: bash fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")"

targets=(header_view header_roundtrip header_emit)

# seed NAME: binary from stdin, into every target's folder.
seed() {
    local tmp
    tmp=$(mktemp)
    cat >"$tmp"
    for t in "${targets[@]}"; do
        mkdir -p "corpus/$t"
        cp "$tmp" "corpus/$t/seed-$1"
    done
    rm -f "$tmp"
}

# HEADER OCTET0: 48 octets, octet 0 as given, the rest from chrony's reply.
header() {
    printf "\\x$1"
    tail -c +2 <(xxd -r -p ../tests/data/chrony-server-mode4-response.hex)
}

for hex in ../tests/data/*.hex; do
    name=$(basename "$hex" .hex)
    xxd -r -p "$hex" | seed "$name"
done

# Lengths around the 48-octet header.
: | seed len-0
printf '\x23' | seed len-1
header 23 | head -c 47 | seed len-47
head -c 48 /dev/zero | seed len-48-zero
{ header 23; printf '\x00'; } | seed len-49
{ header 24; printf '\x00\x00\x00\x00'; } | seed len-52
head -c 48 /dev/zero | tr '\0' '\377' | seed len-48-ones

# Every version with a time mode (LI 0, mode 3): 0 and 5-7 are rejected.
for v in 0 1 2 3 4 5 6 7; do
    header "$(printf '%02x' $(((v << 3) | 3)))" | seed "version-$v"
done
# Every mode at version 4: 6 and 7 have their own layouts.
for m in 0 1 2 3 4 5 6 7; do
    header "$(printf '%02x' $(((4 << 3) | m)))" | seed "mode-$m"
done
# Leap indicator 3 (unsynchronized) on a server reply.
header e4 | seed leap-3
