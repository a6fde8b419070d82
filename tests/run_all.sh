#!/usr/bin/env bash
# Runs every suite in tests/suites/ (in name order) and sums their closing lines
# "N passed, N failed[, N skipped]" into one total. A suite that exits non-zero, or ends
# without such a line, counts as one failure.
set -u
cd "$(dirname "$0")/.."
export BUILD="${BUILD:-build}" SAN_DIR="${SAN_DIR:-build/san}" SHARED="${SHARED:-../shared}"
# Leaks inside third-party libraries are not ours to fix (see the file).
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
total_pass=0; total_fail=0; total_skip=0; status=0
for suite in tests/suites/*.sh; do
    name=$(basename "$suite" .sh)
    echo "== $name"
    log=$(mktemp)
    start=$(date +%s)
    bash "$suite" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    line=$(grep -E '^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1)
    rm -f "$log"
    if [ -z "$line" ]; then
        echo "!! $name: no closing 'N passed, N failed' line (exit $rc)"
        total_fail=$((total_fail + 1)); status=1; continue
    fi
    p=$(sed -E 's/.*\b([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/.*\b([0-9]+) failed.*/\1/' <<<"$line")
    s=0; grep -q skipped <<<"$line" && s=$(sed -E 's/.*\b([0-9]+) skipped.*/\1/' <<<"$line")
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "!! $name exited $rc"; total_fail=$((total_fail + 1))
    fi
    [ "$rc" -ne 0 ] && status=1
    echo "-- $name: $line ($(( $(date +%s) - start )) s)"
done
echo
if [ "$total_skip" -gt 0 ]; then
    echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
    echo "$total_pass passed, $total_fail failed"
fi
[ "$total_fail" -eq 0 ] && [ "$status" -eq 0 ]
