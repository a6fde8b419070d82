#!/usr/bin/env bash
# A500 save states (issue 16). At seeded random emulated times T — during disk DMA with the
# drive motor running (003.music loading from 9 s), during a blit (009.anim_blit, from 13 s),
# anywhere, and during disk DMA around the sector tests/amiga/diskwrite.s writes — in turn —
# run A: T, then 5 s; run B: T, save; then a NEW process
# loads B's state and runs 5 s. The last frame, the audio of those 5 s and the disk image
# written back must be identical (tests/tools/a500_state_check.c; times are not frame-aligned,
# so saves land mid-frame). Also: state size and save/load CPU time (medians printed, each must
# stay under 6 MB / 50 ms), refusal of a state over another disk or an empty drive (one line,
# status 2, the disk untouched), --state-disks, and --seconds counting from the start of a run
# after --load-state on both machines.
# A500_STATE_TIMES=N sets the number of times (default 6, ~25 s on 2 cores; the issue's
# acceptance is 20: A500_STATE_TIMES=20, ~80 s). Release build.
set -u
. tests/suite_lib.sh
bin="$BUILD/arcana"
chk="$BUILD/tests/a500_state_check"
ex="$SHARED/testdata/amiga-examples"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

if [ ! -f /usr/share/fs-uae/fs-uae.dat ] || [ ! -d "$ex" ]; then
    skipped "a500 states: the AROS ROM (/usr/share/fs-uae/fs-uae.dat) or $ex is missing"
    finish a500-state
fi
music="$ex/003.music/music.adf"
blit="$ex/009.anim_blit/anim_blit.adf"
dwrite="$BUILD/amiga/diskwrite.adf" # writes a sector through trackdisk.device, its DMA over by ~12.5 s
TPS=28375160
S=$((5 * TPS))
n=${A500_STATE_TIMES:-6}
RANDOM=16  # the times are random but the same on every run
rand_ticks() { echo $(( ($1 * TPS / 10) + ((RANDOM << 15 | RANDOM) % ($2 * TPS / 10)) )); } # FROM_DS RANGE_DS

: >"$tmp/save_ms"; : >"$tmp/load_ms"; : >"$tmp/sizes"
for ((k = 0; k < n; k++)); do
    case $((k % 4)) in
    0) disk=$music; want=disk; T=$(rand_ticks 90 20) ;;
    1) disk=$blit; want=blit; T=$(rand_ticks 130 30) ;;
    3) disk=$dwrite; want=disk; T=$(rand_ticks 110 13) ;;
    *) if ((k % 2)); then disk=$music; else disk=$blit; fi; want=""; T=$(rand_ticks 2 150) ;;
    esac
    d="$tmp/$k"; mkdir "$d"; : >"$d/b.out"
    cp "$disk" "$d/a.adf"; cp "$disk" "$d/b.adf"
    w=(); [ -n "$want" ] && w=(--want "$want")
    "$chk" "${w[@]}" "$d/a.adf" "$T" "$S" >"$d/a.out" 2>"$d/a.err" &
    "$chk" "${w[@]}" --save "$d/s.state" "$d/b.adf" "$T" >"$d/save.out" 2>"$d/b.err"; rb=$?
    wait $!; ra=$?
    rc=1
    [ $rb -eq 0 ] && { "$chk" --load "$d/s.state" "$d/b.adf" "$S" >"$d/b.out" 2>>"$d/b.err"; rc=$?; }
    saved=$(head -1 "$d/save.out")
    what="T=$T ticks ${want:-anywhere} ($(basename "$disk")): ${saved#saved }"
    if [ $ra -eq 0 ] && [ $rc -eq 0 ] && diff -q <(tail -1 "$d/a.out") <(tail -1 "$d/b.out") >/dev/null && cmp -s "$d/a.adf" "$d/b.adf"; then
        ok "$what: frame, audio and disk identical"
    else
        bad "$what: A exit $ra [$(tail -1 "$d/a.out")] B exit $rb/$rc [$(tail -1 "$d/b.out")] $(head -c 300 "$d/a.err" "$d/b.err")"
    fi
    [ "$disk" = "$dwrite" ] && cmp -s "$disk" "$d/a.adf" && bad "T=$T: diskwrite.adf was not written (nothing to compare)"
    case "$want" in
    disk) [[ "$saved" == *"disk-dma 1 motor 1"* ]] || bad "T=$T: the save was not during disk DMA with the motor on: $saved" ;;
    blit) [[ "$saved" == *"blit 1"* ]] || bad "T=$T: the save was not during a blit: $saved" ;;
    esac
    sed -n 's/^saved \([0-9]*\) bytes in \([0-9.]*\) ms.*/\1/p' "$d/save.out" >>"$tmp/sizes"
    sed -n 's/^saved [0-9]* bytes in \([0-9.]*\) ms.*/\1/p' "$d/save.out" >>"$tmp/save_ms"
    sed -n 's/^loaded in \([0-9.]*\) ms.*/\1/p' "$d/b.out" >>"$tmp/load_ms"
done

median() { sort -g "$1" | awk '{v[NR]=$1} END {print (NR ? v[int((NR+1)/2)] : 999)}'; }
size=$(sort -n "$tmp/sizes" | tail -1); save_ms=$(median "$tmp/save_ms"); load_ms=$(median "$tmp/load_ms")
echo "     state size ${size:-?} bytes; save median $save_ms ms, load median $load_ms ms (CPU time)"
[ -n "$size" ] && [ "$size" -le $((6 << 20)) ] && ok "states are at most 6 MB ($size bytes)" || bad "state size ${size:-?}"
awk -v s="$save_ms" -v l="$load_ms" 'BEGIN {exit !(s < 50 && l < 50)}' && ok "save and load under 50 ms" \
    || bad "save $save_ms ms, load $load_ms ms (want < 50)"

# A state remembers its disk (path and SHA-1): over another disk or an empty drive it is refused
# with one line and nothing changes; --state-disks lets the state's copy replace the disk.
st="$tmp/0/s.state"; own="$tmp/0/b.adf"
cp "$blit" "$tmp/other.adf"; before=$(sha1sum <"$tmp/other.adf")
"$bin" --machine a500 --headless --frames 1 --floppy0 "$tmp/other.adf" --load-state "$st" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "not the one saved with the state" "$tmp/err" && [ "$(sha1sum <"$tmp/other.adf")" = "$before" ] \
    && ok "a state is refused over another disk, which stays as it was" || bad "state over another disk: exit $rc: $(cat "$tmp/err")"
"$bin" --machine a500 --headless --frames 1 --load-state "$st" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "DF0, which is empty now" "$tmp/err" \
    && ok "... and over an empty drive" || bad "state over an empty drive: exit $rc: $(cat "$tmp/err")"
cp "$own" "$tmp/own.adf"
"$bin" --machine a500 --headless --frames 1 --floppy0 "$tmp/other.adf" --load-state "$st" --state-disks 2>"$tmp/err" \
    && cmp -s "$tmp/other.adf" "$tmp/own.adf" && ok "--state-disks: the state's disk replaces the inserted one" \
    || bad "--state-disks: $(cat "$tmp/err")"

# --seconds counts from the start of this run, also after --load-state: 1 s of sound either way.
wav_bytes() { stat -c %s "$1" 2>/dev/null || echo 0; }
for mach in a500 riscpc; do
    fl=(); [ $mach = a500 ] && fl=(--floppy0 "$tmp/own.adf")
    "$bin" --machine $mach --headless --warp --seconds 2 "${fl[@]}" --save-state "$tmp/$mach.state" 2>"$tmp/err" &&
    "$bin" --machine $mach --headless --warp --seconds 1 "${fl[@]}" --audio-out "$tmp/fresh.wav" 2>>"$tmp/err" &&
    "$bin" --machine $mach --headless --warp --seconds 1 "${fl[@]}" --load-state "$tmp/$mach.state" --audio-out "$tmp/loaded.wav" 2>>"$tmp/err"
    f=$(wav_bytes "$tmp/fresh.wav"); l=$(wav_bytes "$tmp/loaded.wav")
    [ "$f" -gt 1000 ] && awk -v f="$f" -v l="$l" 'BEGIN {exit !(l > f * 0.97 && l < f * 1.03)}' \
        && ok "$mach: --seconds 1 after --load-state of a 2 s state runs 1 s ($l bytes of sound, fresh run $f)" \
        || bad "$mach: --seconds after --load-state: $l bytes of sound vs $f fresh: $(head -c 300 "$tmp/err")"
done

# --record / --replay (machines/input_log.h): a scripted session with mouse, keys and joystick
# on the keyboard test ROM (it stores the codes it receives in RAM), recorded, then replayed
# without the script: the machines' whole states at the end are identical, and differ from a
# run without the input (so the comparison can fail).
kbdrom="$BUILD/amiga/kbdtest.rom"
cat >"$tmp/input.script" <<'SCRIPT'
wait 0.5
mouse 40 20
wait-frames 3
mouse 30 -10 l
wait-frames 2
mouse 0 0
key a press
type "hello"
joystick 1 up+left fire
wait-frames 5
joystick 1 none none
wait 20
SCRIPT
run3() { "$bin" --machine a500 --rom "$kbdrom" --headless --warp --seconds 3 "$@"; }
run3 --script "$tmp/input.script" --record "$tmp/input.log" --save-state "$tmp/rec.state" 2>"$tmp/err"
run3 --replay "$tmp/input.log" --save-state "$tmp/rep.state" 2>>"$tmp/err"
run3 --save-state "$tmp/none.state" 2>>"$tmp/err"
events=$(($(wc -l <"$tmp/input.log") - 1))
cmp -s "$tmp/rec.state" "$tmp/rep.state" && ! cmp -s "$tmp/rec.state" "$tmp/none.state" && [ "$events" -ge 10 ] \
    && ok "a replayed recording ($events input events) ends in the recorded run's exact state" \
    || bad "replay: $events events; states $(cmp "$tmp/rec.state" "$tmp/rep.state" 2>&1 | head -1); $(head -c 300 "$tmp/err")"
printf 'arcana-input 1 a500 0\n12 key 4\n' >"$tmp/bad.log"
run3 --replay "$tmp/bad.log" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "bad.log:2: not an input event" "$tmp/err" \
    && ok "a damaged recording is refused with one line" || bad "damaged recording: exit $rc: $(cat "$tmp/err")"
finish a500-state
