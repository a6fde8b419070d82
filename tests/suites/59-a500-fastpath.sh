#!/usr/bin/env bash
# A500 chipset fast paths (issue 14): the chips skip per-pixel work where nothing changes inside
# a colour clock; that must never change a pixel. Busy disks (blitter, parallax scrolling,
# sprites, dual playfield, EHB, HAM, interlace, copper effects, our own test disks) run twice
# headless, once normally and once with ARCANA_SLOW_CHIPSET=1 (the general per-pixel paths
# only, the copper stepped in every colour clock instead of skipping the ones in which it
# certainly does nothing, and Agnus stepping every colour clock instead of running idle and
# bitplane-fetch stretches at once, Paula filtering every audio sample), and every frame's hash
# must be equal; a music disk's sound must be equal too. Two jobs at a time.
# Release build.
set -u
. tests/suite_lib.sh
a500run="$BUILD/tests/a500run"
ex="$SHARED/testdata/amiga-examples"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

if [ ! -f /usr/share/fs-uae/fs-uae.dat ]; then
    skipped "fast path: the AROS ROM (/usr/share/fs-uae/fs-uae.dat) is missing"
    finish a500-fastpath
fi

# NAME ADF SECONDS ("-" = no disk): enough emulated time for each demo to run a while.
list=("aros-nodisk - 6")
for e in "010.blit_speed/blit_speed 20" "027.parallax/parallax 20" "002.sprite_display/sprite 18" \
         "017.dual_playfield/dual_playfield_mode 18" "011.ehb_mode/ehb_mode 18" \
         "013.dithered_ham/dithered_ham 18" "014.lace_mode/lace_mode 22" \
         "019.hori_scroll/hori_scroll 20"; do
    set -- $e
    if [ -f "$ex/$1.adf" ]; then list+=("${1##*/} $ex/$1.adf $2")
    else skipped "${1##*/}: $ex/$1.adf is missing"; fi
done
for n in sprites dpf ham; do
    [ -f "$BUILD/amiga/$n.adf" ] && list+=("own-$n $BUILD/amiga/$n.adf 8")
done
# Mid-line BPLCON1 changes (test ROMs: no disk, --rom).
for n in scrolltest scrollmid; do
    [ -f "$BUILD/amiga/$n.rom" ] && list+=("rom-$n $BUILD/amiga/$n.rom 3")
done

run_pair() { # NAME ADF SECONDS: both runs one after the other (the disk is copied: it may be written)
    local name=$1 adf=$2 secs=$3 args=(--seconds "$3") mode
    for mode in fast slow; do
        if [ "${adf%.rom}" != "$adf" ]; then args=(--seconds "$secs" --rom "$adf")
        elif [ "$adf" != - ]; then cp "$adf" "$tmp/$name-$mode.adf"; args=(--seconds "$secs" --floppy "$tmp/$name-$mode.adf"); fi
        if [ $mode = slow ]; then ARCANA_SLOW_CHIPSET=1 "$a500run" "${args[@]}" --hash-every >"$tmp/$name.$mode" 2>"$tmp/$name.$mode.err"
        else "$a500run" "${args[@]}" --hash-every >"$tmp/$name.$mode" 2>"$tmp/$name.$mode.err"; fi
        echo $? >"$tmp/$name.$mode.rc"
    done
}
export -f run_pair
export a500run tmp
printf '%s\n' "${list[@]}" | xargs -P 2 -L 1 bash -c 'run_pair "$0" "$1" "$2"'

for j in "${list[@]}"; do
    name=${j%% *}
    frames=$(wc -l <"$tmp/$name.fast" 2>/dev/null || echo 0)
    distinct=$(awk '{ print $3 }' "$tmp/$name.fast" 2>/dev/null | sort -u | wc -l)
    if [ "$(cat "$tmp/$name.fast.rc")" != 0 ] || [ "$(cat "$tmp/$name.slow.rc")" != 0 ]; then
        bad "$name: a500run failed: $(head -c 200 "$tmp/$name.fast.err" "$tmp/$name.slow.err")"
    elif [ "$frames" -lt 100 ] || [ "$distinct" -lt 3 ]; then
        bad "$name: only $frames frames, $distinct distinct (nothing to compare)"
    elif cmp -s "$tmp/$name.fast" "$tmp/$name.slow"; then
        ok "$name: $frames frames equal ($distinct distinct)"
    else
        first=$(diff "$tmp/$name.fast" "$tmp/$name.slow" | sed -n 's/^< frame \([0-9]*\):.*/\1/p' | head -n 1)
        bad "$name: frames differ from frame $first on (fast path vs ARCANA_SLOW_CHIPSET=1)"
    fi
done
# Paula's steady-output shortcut: the sound of a music disk (tune and silences) must be the
# same sample for sample.
if [ -f "$ex/003.music/music.adf" ]; then
    for mode in fast slow; do
        cp "$ex/003.music/music.adf" "$tmp/music-$mode.adf"
        if [ $mode = slow ]; then export ARCANA_SLOW_CHIPSET=1; else unset ARCANA_SLOW_CHIPSET; fi
        "$BUILD/arcana" --machine a500 --headless --warp --frames 1500 --floppy0 "$tmp/music-$mode.adf" \
            --audio-out "$tmp/music-$mode.wav" >"$tmp/music-$mode.err" 2>&1
        echo $? >"$tmp/music-$mode.rc"
    done
    unset ARCANA_SLOW_CHIPSET
    sound=$(tail -c +45 "$tmp/music-fast.wav" 2>/dev/null | tr -d '\0' | wc -c)
    if [ "$(cat "$tmp/music-fast.rc")" != 0 ] || [ "$(cat "$tmp/music-slow.rc")" != 0 ]; then
        bad "music audio: arcana failed: $(head -c 200 "$tmp/music-fast.err" "$tmp/music-slow.err")"
    elif [ "$sound" -lt 100000 ]; then
        bad "music audio: only $sound non-zero bytes (nothing to compare)"
    elif cmp -s "$tmp/music-fast.wav" "$tmp/music-slow.wav"; then
        ok "music audio: $(($(stat -c %s "$tmp/music-fast.wav") / 4)) frames equal"
    else
        bad "music audio: the sound differs (fast path vs ARCANA_SLOW_CHIPSET=1)"
    fi
else
    skipped "music audio: $ex/003.music/music.adf is missing"
fi
finish a500-fastpath
