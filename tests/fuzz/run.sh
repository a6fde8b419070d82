#!/usr/bin/env bash
# `make fuzz`: runs each libFuzzer target (or those named: run.sh rom state ...) for
# FUZZ_SECONDS, from seeds made from our own test data (tests/fuzz/seeds.sh) plus the kept
# regression inputs, and prints executions per second and coverage per target. A crash is
# copied to tests/fuzz/regress/NAME/ (fix it, keep it: `make test` replays it).
set -u
cd "$(dirname "$0")/../.."
BUILD="${BUILD:-build}"; FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=($(ls tests/fuzz/fuzz_*.c | sed -E 's|.*/fuzz_(.*)\.c|\1|'))
status=0
for t in "${targets[@]}"; do
    bin="$BUILD/fuzz/fuzz_$t"
    [ -x "$bin" ] || { echo "$t: $bin not built"; status=1; continue; }
    seeds="$BUILD/fuzz/seeds/$t" corpus="$BUILD/fuzz/corpus/$t" crashes="$BUILD/fuzz/crashes/$t"
    rm -rf "$crashes"; mkdir -p "$corpus" "$crashes" "tests/fuzz/regress/$t"
    bash tests/fuzz/seeds.sh "$t" "$seeds" "$BUILD" >/dev/null
    log="$BUILD/fuzz/$t.log"
    "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=4096 -max_len="$(cat "$seeds/.max_len" 2>/dev/null || echo 4096)" \
        $( [ -f "$seeds/.dict" ] && echo "-dict=$seeds/.dict" ) \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" "$seeds" "tests/fuzz/regress/$t" >"$log" 2>&1
    rc=$?
    last=$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -n 1)
    cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
    execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -n 1)
    eps=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log" | tail -n 1)
    n_crash=0
    for c in "$crashes"/*; do
        [ -f "$c" ] || continue
        cp "$c" "tests/fuzz/regress/$t/$(basename "$c")"; n_crash=$((n_crash + 1))
    done
    echo "$t: ${FUZZ_SECONDS} s, ${execs:-?} runs, ${eps:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}, exit $rc, crashes $n_crash (log $log)"
    [ "$rc" -ne 0 ] || [ "$n_crash" -ne 0 ] && status=1
done
exit $status
