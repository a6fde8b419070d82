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
# MRS/MSR (interrupts let in by MSR in a third of the programs), long multiplies, SWP.
fuzz "$BUILD/tests/armjit_fuzz" --seed 13 --count 5000 --class psr
fuzz "$BUILD/tests/armjit_fuzz" --seed 14 --count 3000 --class psr --model arm610 --mode26
fuzz "$BUILD/tests/armjit_fuzz" --seed 15 --count 2000 --class psr --model arm710
fuzz "$BUILD/tests/armjit_fuzz" --seed 16 --count 3000 --class mull
fuzz "$BUILD/tests/armjit_fuzz" --seed 17 --count 3000 --class swp
fuzz "$BUILD/tests/armjit_fuzz" --seed 18 --count 2000 --class swp --model arm610 --mode26
# Word and halfword accesses at unaligned addresses (r10 is unaligned in most programs): the
# fast path's tag compare sends them to the interpreter (rotation, alignment faults).
fuzz "$BUILD/tests/armjit_fuzz" --seed 21 --count 5000 --class mem
fuzz "$BUILD/tests/armjit_fuzz" --seed 22 --count 5000 --class half
fuzz "$BUILD/tests/armjit_fuzz" --seed 23 --count 3000 --class mem --model arm610 --mode26
# Loops that branch back to their own start, run freely (chained, registers held in host
# registers across iterations) and compared with the interpreter at the end of the budget.
fuzz "$BUILD/tests/armjit_fuzz" --seed 30 --count 5000 --class loop
fuzz "$BUILD/tests/armjit_fuzz" --seed 31 --count 3000 --class loop --model arm610 --mode26
fuzz "$SAN_DIR/tests/armjit_fuzz" --seed 32 --count 1000 --class loop
# The same with PC-relative loads that the JIT folds into constants, their literals overwritten
# by the loop in half of the programs.
fuzz "$BUILD/tests/armjit_fuzz" --seed 40 --count 5000 --class lit
fuzz "$BUILD/tests/armjit_fuzz" --seed 41 --count 2000 --class lit --model arm710
# Data processing alone: NZCV written through LAHF and a table (logical ops with the shifter's
# carry, arithmetic with V).
fuzz "$BUILD/tests/armjit_fuzz" --seed 50 --count 5000 --class dp
fuzz "$BUILD/tests/armjit_fuzz" --seed 51 --count 3000 --class dp --model arm610 --mode26
# Flags set, kept, read and overwritten in loops, with cold paths between (the slow area,
# aborts), carry readers, MRS and conditional branches: the JIT's deferred flags.
fuzz "$BUILD/tests/armjit_fuzz" --seed 70 --count 5000 --class flags
fuzz "$BUILD/tests/armjit_fuzz" --seed 71 --count 2000 --class flags --model arm610 --mode26
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
for cls in psr mul swp; do
    diffjit "$BUILD/tests/arm_diff" --core jit --seed 19 --class $cls --count 20000
done
diffjit "$BUILD/tests/arm_diff" --core jit --seed 20 --class psr --model arm610 --count 10000
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
# The boot ROM's screen after 100 frames has the same framebuffer hash under both cores.
frame_hash() { python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read(); i = 8
while i < len(d):
    n = struct.unpack('>I', d[i:i + 4])[0]
    if d[i + 4:i + 8] == b'tEXt' and d[i + 8:i + 8 + n].startswith(b'Frame hash\0'):
        print(d[i + 19:i + 8 + n].decode())
    i += 12 + n
PY
}
if command -v python3 >/dev/null; then
    for core in interp jit; do
        "$BUILD/arcana" --machine riscpc --cpu-core $core --net none --headless --frames 100 \
            --screenshot "$BUILD/bootrom-$core.png" >/dev/null 2>&1
    done
    hi=$(frame_hash "$BUILD/bootrom-interp.png"); hj=$(frame_hash "$BUILD/bootrom-jit.png")
    if [ -n "$hi" ] && [ "$hi" = "$hj" ]; then
        pass=$((pass + 1)); echo "ok   boot ROM screen: same frame hash $hi under interp and jit"
    else
        fail=$((fail + 1)); echo "FAIL boot ROM screen differs: interp '$hi' jit '$hj'"
    fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
