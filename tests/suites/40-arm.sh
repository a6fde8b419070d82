#!/usr/bin/env bash
# ARM core: hand-written programs (tests/arm/*.s, run by the unit tests in tests/arm/) and the
# differential test against Unicorn (arm_diff). Closing line: the sum of both.
set -u
pass=0; fail=0
tally() { # log, exit status, closing-line pattern: adds its "N passed, N failed"; a run that
          # crashed or exited non-zero without reporting a failure counts as one failure
    local line p f
    line=$(grep -E "$3" "$1" | tail -n 1)
    if [ -z "$line" ]; then fail=$((fail + 1)); return; fi
    p=$(sed -E 's/.*\b([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/.*\b([0-9]+) failed.*/\1/' <<<"$line")
    pass=$((pass + p)); fail=$((fail + f))
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then fail=$((fail + 1)); fi
}
log=$(mktemp); trap 'rm -f "$log"' EXIT

echo "-- hand-written ARM programs (sanitized)"
"$SAN_DIR/tests/unit" tests/arm/ >"$log" 2>&1; rc=$?
grep -vE '^(PASS|ok)\b' "$log" | tail -n 40
tally "$log" "$rc" '^[0-9]+ passed, [0-9]+ failed'

# Fixed seeds; the release build for the big runs (Unicorn dominates the time either way),
# a smaller run of the sanitized build so ASan/UBSan see every class too.
run_diff() {
    echo "-- arm_diff $*"
    "$@" >"$log" 2>&1
    local rc=$?
    grep -vE '^ok ' "$log" | tail -n 60
    tally "$log" "$rc" '^arm_diff: [0-9]+ passed, [0-9]+ failed'
}
run_diff "$BUILD/tests/arm_diff" --seed 1 --count 100000
run_diff "$BUILD/tests/arm_diff" --seed 2 --count 60000
for cls in ldm abort seq; do run_diff "$BUILD/tests/arm_diff" --seed 3 --class $cls --count 10000; done
# the v3 cores in their 32-bit configuration, on what they share with the SA-110
run_diff "$BUILD/tests/arm_diff" --seed 5 --model arm710 --count 15000
run_diff "$BUILD/tests/arm_diff" --seed 6 --model arm610 --count 10000
# Unicorn leaks a few TB bookkeeping blocks at exit; nothing of ours is suppressed.
LSAN_OPTIONS="suppressions=$PWD/tests/arm/lsan-unicorn.supp:print_suppressions=0" \
    run_diff "$SAN_DIR/tests/arm_diff" --seed 4 --count 20000

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
