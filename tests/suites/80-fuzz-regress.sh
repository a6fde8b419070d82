#!/usr/bin/env bash
# Fuzz regression inputs (tests/fuzz/regress/TARGET/*: crashers found by `make fuzz`, kept once
# fixed) and the seed corpora made from our test data, replayed through the sanitized build
# (build/san/tests/fuzz_replay_TARGET; no clang needed). One check per regression input, one
# per target for its seeds. Budget ~30 s.
set -u
cd "$(dirname "$0")/../.."
BUILD="${BUILD:-build}"; SAN_DIR="${SAN_DIR:-build/san}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
replay() { # LABEL TARGET INPUT...
    local label=$1 t=$2; shift 2
    if timeout 120 "$SAN_DIR/tests/fuzz_replay_$t" "$@" >"$tmp/out" 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL $label: $(grep -m1 -E 'ERROR|runtime error|SUMMARY|HANG' "$tmp/out" || tail -n 3 "$tmp/out")"
    fi
}
for src in tests/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c); t=${t#fuzz_}
    if [ ! -x "$SAN_DIR/tests/fuzz_replay_$t" ]; then
        fail=$((fail + 1)); echo "FAIL $t: $SAN_DIR/tests/fuzz_replay_$t not built"; continue
    fi
    SAN_DIR="$SAN_DIR" SHARED="${SHARED:-../shared}" bash tests/fuzz/seeds.sh "$t" "$tmp/seeds-$t" "$BUILD" >/dev/null 2>&1
    n=$(ls "$tmp/seeds-$t" | wc -l)
    replay "$t seeds ($n)" "$t" "$tmp/seeds-$t"
    for input in tests/fuzz/regress/"$t"/*; do
        [ -f "$input" ] || continue
        replay "$t regression $(basename "$input")" "$t" "$input"
    done
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
