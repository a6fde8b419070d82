#!/usr/bin/env bash
# ARM JIT: cpubench under the JIT (checksum against the host build) and in lock-step with the
# interpreter (no architectural difference after any block, same memory, same cycle count),
# release and sanitized builds; random programs in lock-step (armjit_fuzz) on fixed seeds.
# The JIT's unit tests run with the others (10-unit).
set -u
pass=0; fail=0
bin="$BUILD/jit-bench/cpubench-arm.bin"
want=$(cat "$BUILD/jit-bench/cpubench.expected" 2>/dev/null)
check() { # name, command...: passes if it exits 0 and prints the expected checksum
    local name=$1 out; shift
    if out=$("$@" 2>&1) && grep -q "^result $want," <<<"$out"; then
        pass=$((pass + 1)); echo "ok   $name: $(head -n 1 <<<"$out")"
    else
        fail=$((fail + 1)); echo "FAIL $name:"; tail -n 40 <<<"$out"
    fi
}
if [ -z "$want" ] || [ ! -f "$bin" ]; then
    echo "FAIL cpubench not built ($bin)"; echo "0 passed, 1 failed"; exit 1
fi
check "cpubench jit (sa110)" "$BUILD/tests/armjit" --core jit --max-insns 40000000 "$bin"
check "cpubench lockstep (sa110)" "$BUILD/tests/armjit" --core lockstep --max-insns 40000000 "$bin"
check "cpubench lockstep, sanitized" "$SAN_DIR/tests/armjit" --core lockstep --max-insns 40000000 "$bin"
fuzz() { # armjit_fuzz arguments...: its closing line must report no failure
    local out
    out=$("$@" 2>&1); local rc=$?
    if [ "$rc" -eq 0 ] && grep -qE '^armjit_fuzz: [0-9]+ passed, 0 failed$' <<<"$out"; then
        pass=$((pass + 1)); echo "ok   ${*:2}: $(tail -n 1 <<<"$out")"
    else
        fail=$((fail + 1)); echo "FAIL ${*:2}:"; tail -n 60 <<<"$out"
    fi
}
fuzz "$BUILD/tests/armjit_fuzz" --seed 1 --count 20000
fuzz "$BUILD/tests/armjit_fuzz" --seed 2 --count 5000 --model arm610 --mode26
fuzz "$BUILD/tests/armjit_fuzz" --seed 3 --count 5000 --model arm710
fuzz "$BUILD/tests/armjit_fuzz" --seed 4 --count 5000 --class block
fuzz "$BUILD/tests/armjit_fuzz" --seed 5 --count 5000 --class any
fuzz "$SAN_DIR/tests/armjit_fuzz" --seed 6 --count 2000
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
