#!/usr/bin/env bash
# RiscPC save states and determinism (issue 16), Linux booting (the shared zImage) with
# tests/riscpc/diskloop.c as /init writing a counter to the floppy and the IDE disc.
# 1. Same options, same run: two runs save byte-identical states (interpreter and JIT; the
#    battery clock is set once at power-on, --rtc-time fixes it, then it counts emulated time),
#    another --rtc-time gives another state, and by default Linux reads today's date.
# 2. Round trips at seeded emulated times T during the boot and the disc writes
#    (tests/tools/riscpc_state_check.c): run A: T, then 5 s; run B: T, save; a NEW process loads
#    B's state and runs 5 s. The last frame, the sound of those 5 s and both disc images written
#    back must be identical. State size and save/load CPU time are printed (medians).
# 3. --record / --replay: a scripted session with keys and mouse, replayed without the script,
#    ends in the recorded run's exact state (and not in the state of a run without input).
# RISCPC_STATE_TIMES=N sets the number of times T (default 3, ~40 s in all on 2 cores; the
# issue's acceptance is 20: RISCPC_STATE_TIMES=20, ~3 min). Every third T runs the JIT.
set -u
BUILD="${BUILD:-build}"; SHARED="${SHARED:-../shared}"
. tests/suite_lib.sh
bin="$BUILD/arcana"
chk="$BUILD/tests/riscpc_state_check"
mkdisk="$BUILD/tests/riscpc/mkdisk"
loop="$BUILD/tests/riscpc/diskloop.cpio"
zimage="$SHARED/testdata/linux-rpc/zImage"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$zimage" ] || [ ! -x "$chk" ] || [ ! -f "$loop" ]; then
    skipped "riscpc states: $zimage, $chk or $loop is missing"
    finish riscpc-state
fi
TPS=2400000000
linux=(--machine riscpc --cpu sa110 --ram 32 --kernel "$zimage" --headless --warp)

# 1. Determinism.
for core in interp jit; do
    for i in 1 2; do
        "$bin" "${linux[@]}" --cpu-core $core --seconds 4 --rtc-time 2026-01-01T12:00:00 --serial "$tmp/$core$i.log" \
            --save-state "$tmp/$core$i.state" 2>>"$tmp/det.err"
    done
    if cmp -s "$tmp/${core}1.state" "$tmp/${core}2.state" && [ -s "$tmp/${core}1.state" ]; then
        ok "$core: two runs with the same options save identical states ($(stat -c %s "$tmp/${core}1.state") bytes)"
    else
        bad "$core: two identical runs differ: $(cmp "$tmp/${core}1.state" "$tmp/${core}2.state" 2>&1 | head -1) $(head -c 300 "$tmp/det.err")"
    fi
done
grep -q "setting system clock to 2026-01-01T12:00:0" "$tmp/interp1.log" \
    && ok "--rtc-time 2026-01-01T12:00:00: Linux reads that date" \
    || bad "--rtc-time: Linux says: $(grep -a "system clock" "$tmp/interp1.log")"
"$bin" "${linux[@]}" --seconds 4 --rtc-time 2026-01-01T12:00:01 --save-state "$tmp/other.state" 2>>"$tmp/det.err"
[ -s "$tmp/other.state" ] && ! cmp -s "$tmp/other.state" "$tmp/interp1.state" \
    && ok "another --rtc-time gives another state" || bad "another --rtc-time: same state or none"
before=$(date -u +%F)
"$bin" "${linux[@]}" --seconds 4 --serial "$tmp/host.log" 2>>"$tmp/det.err"
after=$(date -u +%F)
said=$(grep -ao "setting system clock to [0-9-]*" "$tmp/host.log" | awk '{print $5}')
[ -n "$said" ] && { [ "$said" = "$before" ] || [ "$said" = "$after" ]; } \
    && ok "by default the clock starts at the host's date ($said)" || bad "default clock: Linux read '$said', today is $before"
# The A500's clock (the A501 board's MSM6242B) takes --rtc-time too: the same date twice gives
# the same state, another date another one.
for i in 1 2 3; do
    d=2026-01-01; [ $i -eq 3 ] && d=2030-06-15T12:00:00
    "$bin" --machine a500 --headless --warp --seconds 4 --rtc-time $d --save-state "$tmp/a500-$i.state" 2>>"$tmp/err"
done
cmp -s "$tmp/a500-1.state" "$tmp/a500-2.state" && ! cmp -s "$tmp/a500-1.state" "$tmp/a500-3.state" \
    && ok "a500 --rtc-time: the same date gives the same state, another date another one" \
    || bad "a500 --rtc-time: $(head -c 300 "$tmp/err")"
"$bin" --machine riscpc --headless --frames 1 --rtc-time 2026-02-30x 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok "a bad --rtc-time is refused with one line" \
    || bad "bad --rtc-time: exit $rc: $(cat "$tmp/err")"

# A state names the kernel it was saved with (path and content hash) and keeps only references
# to the pages still equal to it: it loads over that kernel, and is refused with one line once
# the file has changed.
cp "$zimage" "$tmp/zImage.copy"
kc=("$chk" --kernel "$tmp/zImage.copy" --initrd "$loop")
"${kc[@]}" --save "$tmp/k.state" $((TPS / 2)) >"$tmp/k.out" 2>&1
"${kc[@]}" --load "$tmp/k.state" $((TPS / 10)) >"$tmp/k2.out" 2>&1 && ok "a state referring to its kernel's pages loads ($(head -1 "$tmp/k.out" | cut -d' ' -f2) bytes at 0.5 s)" \
    || bad "kernel reference: $(head -c 300 "$tmp/k.out" "$tmp/k2.out")"
printf '\x5a' | dd of="$tmp/zImage.copy" bs=1 seek=2000000 conv=notrunc 2>/dev/null
"${kc[@]}" --load "$tmp/k.state" $((TPS / 10)) >"$tmp/k3.out" 2>&1; rc=$?
[ $rc -ne 0 ] && [ "$(wc -l <"$tmp/k3.out")" -eq 1 ] && grep -q "kernel $tmp/zImage.copy, which has changed" "$tmp/k3.out" \
    && ok "the kernel changed since the save: refused with one line" || bad "changed kernel: exit $rc: $(cat "$tmp/k3.out")"

# 2. Round trips.
n=${RISCPC_STATE_TIMES:-3}
RANDOM=61 # random times, the same on every run
S=$((5 * TPS))
"$mkdisk" image "$tmp/fd.img" 1474560 && "$mkdisk" image "$tmp/hd.img" 4194304
: >"$tmp/save_ms"; : >"$tmp/load_ms"; : >"$tmp/sizes"
for ((k = 0; k < n; k++)); do
    T=$(( TPS / 2 + (RANDOM << 15 | RANDOM) % 6500 * (TPS / 1000) + RANDOM * 73 )) # 0.5 s to 7 s, any tick
    core=interp; ((k % 3 == 2)) && core=jit
    d="$tmp/$k"; mkdir "$d"; : >"$d/b.out"
    for x in a b; do cp "$tmp/fd.img" "$d/fd.$x"; cp "$tmp/hd.img" "$d/hd.$x"; done
    c=("$chk" --core $core --kernel "$zimage" --initrd "$loop")
    "${c[@]}" --fd "$d/fd.a" --hd "$d/hd.a" "$T" "$S" >"$d/a.out" 2>"$d/a.err" &
    "${c[@]}" --fd "$d/fd.b" --hd "$d/hd.b" --save "$d/s.state" "$T" >"$d/save.out" 2>"$d/b.err"; rb=$?
    wait $!; ra=$?
    rc=1
    [ $rb -eq 0 ] && { "${c[@]}" --fd "$d/fd.b" --hd "$d/hd.b" --load "$d/s.state" "$S" >"$d/b.out" 2>>"$d/b.err"; rc=$?; }
    saved=$(head -1 "$d/save.out")
    line=${saved#*serial: }; line=${line%)}
    what="$core T=$(awk -v t="$T" -v p="$TPS" 'BEGIN {printf "%.3f", t / p}') s [${line:0:60}]"
    if [ $ra -eq 0 ] && [ $rc -eq 0 ] && diff -q <(tail -1 "$d/a.out") <(tail -1 "$d/b.out") >/dev/null &&
        cmp -s "$d/fd.a" "$d/fd.b" && cmp -s "$d/hd.a" "$d/hd.b"; then
        ok "$what: frame, sound, floppy and IDE identical"
    else
        bad "$what: A exit $ra [$(tail -1 "$d/a.out")] B exit $rb/$rc [$(tail -1 "$d/b.out")] $(head -c 300 "$d/a.err" "$d/b.err")"
    fi
    cmp -s "$tmp/fd.img" "$d/fd.a" && bad "T=$T: the floppy was not written (nothing to compare)"
    sed -n 's/^saved \([0-9]*\) bytes in \([0-9.]*\) ms.*/\1/p' "$d/save.out" >>"$tmp/sizes"
    sed -n 's/^saved [0-9]* bytes in \([0-9.]*\) ms.*/\1/p' "$d/save.out" >>"$tmp/save_ms"
    sed -n 's/^loaded in \([0-9.]*\) ms.*/\1/p' "$d/b.out" >>"$tmp/load_ms"
    rm -f "$d/s.state"
done
median() { sort -g "$1" | awk '{v[NR]=$1} END {print (NR ? v[int((NR+1)/2)] : "?")}'; }
echo "     state size $(sort -n "$tmp/sizes" | tail -1) bytes (32 MB RAM); save median $(median "$tmp/save_ms") ms, load median $(median "$tmp/load_ms") ms (CPU time)"

# 3. Record and replay: keys and mouse while Linux boots (the keyboard driver takes them).
cat >"$tmp/input.script" <<'SCRIPT'
wait 1.5
mouse 40 20
wait-frames 3
mouse 30 -10 l
wait-frames 2
mouse 0 0
key a press
type "hello"
mouse -5 7 r
wait-frames 2
mouse 0 0
wait 20
SCRIPT
run4() { "$bin" "${linux[@]}" --seconds 3 "$@"; }
run4 --script "$tmp/input.script" --record "$tmp/input.log" --save-state "$tmp/rec.state" 2>"$tmp/err"
run4 --replay "$tmp/input.log" --save-state "$tmp/rep.state" 2>>"$tmp/err"
run4 --rtc-time 2000-01-01 --save-state "$tmp/none.state" 2>>"$tmp/err"
events=$(($(wc -l <"$tmp/input.log") - 1))
cmp -s "$tmp/rec.state" "$tmp/rep.state" && ! cmp -s "$tmp/rec.state" "$tmp/none.state" && [ "$events" -ge 10 ] \
    && ok "a replayed recording ($events key and mouse events) ends in the recorded run's exact state" \
    || bad "replay: $events events; states $(cmp "$tmp/rec.state" "$tmp/rep.state" 2>&1 | head -1); $(head -c 300 "$tmp/err")"
finish riscpc-state
