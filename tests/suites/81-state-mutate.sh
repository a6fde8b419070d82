#!/usr/bin/env bash
# 1,000 mutated RiscPC save states (random byte changes, truncations, checksum recomputed)
# through the sanitized build: no sanitizer report, no hang, every refusal one line that leaves
# the machine as it was (tests/tools/state_mutate.c); then 300 mutated A500 states the same way
# (tests/tools/a500_state_mutate.c: chips' sections, section headers, memory, truncations).
# About 45 s of CPU time; the tools time a hang in CPU time, so a busy machine only slows it.
set -u
SAN_DIR="${SAN_DIR:-build/san}"
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# mutate TOOL COUNT: runs the tool on COUNT mutated states (seed 1) and judges its closing line.
mutate() {
    local tool=$1 count=$2 start rc secs summary
    start=$(date +%s)
    timeout 900 "$SAN_DIR/tests/$tool" --seed 1 --count "$count" >"$tmp/out" 2>"$tmp/err"; rc=$?
    secs=$(( $(date +%s) - start ))
    summary=$(grep -E "^$tool: [0-9]+ states" "$tmp/out")
    if [ "$rc" -eq 0 ] && grep -qE "^$tool: $count passed, 0 failed\$" "$tmp/out"; then
        pass=$((pass + 1)); echo "ok   $summary (${secs} s)"
    else
        fail=$((fail + 1))
        echo "FAIL $tool exit $rc after ${secs} s: $summary"
        grep -m3 -E 'ERROR|runtime error|SUMMARY|HANG|changed|not one line' "$tmp/err" "$tmp/out"
    fi
}
mutate state_mutate 1000
mutate a500_state_mutate 300
echo "state-mutate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
