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
# The differential test against Unicorn with the JIT as the core under test (issue 8).
diffjit() {
    local out
    out=$("$@" 2>&1); local rc=$?
    if [ "$rc" -eq 0 ] && grep -qE '^arm_diff: [0-9]+ passed, 0 failed$' <<<"$out"; then
        pass=$((pass + 1)); echo "ok   ${*:2}: $(tail -n 1 <<<"$out")"
    else
        fail=$((fail + 1)); echo "FAIL ${*:2}:"; grep -v '^ok ' <<<"$out" | tail -n 60
    fi
}
diffjit "$BUILD/tests/arm_diff" --core jit --seed 11 --count 200000
diffjit "$BUILD/tests/arm_diff" --core jit --seed 12 --model arm710 --count 20000
# The shared Linux kernel under the JIT prints what it prints under the interpreter.
ZIMAGE="$SHARED/testdata/linux-rpc/zImage"
if [ -f "$ZIMAGE" ]; then
    for core in interp jit; do
        timeout 120 "$BUILD/arcana" --machine riscpc --cpu-core $core --kernel "$ZIMAGE" --headless --net none \
            --serial stdout --seconds 30 2>/dev/null | grep -v -E 'setting system clock|rtc' >"$BUILD/linux-$core.log"
    done
    if grep -q "reboot: System halted" "$BUILD/linux-jit.log" && cmp -s "$BUILD/linux-interp.log" "$BUILD/linux-jit.log"; then
        pass=$((pass + 1)); echo "ok   linux boot: identical serial output under interp and jit"
    else
        fail=$((fail + 1)); echo "FAIL linux boot differs between cores:"; diff "$BUILD/linux-interp.log" "$BUILD/linux-jit.log" | head -20
    fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
