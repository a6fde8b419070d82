#!/bin/bash
# Runs FS-UAE (Debian's fs-uae) headless as the reference A500 for Arcana: cycle-exact OCS A500,
# 512 KB chip + 512 KB slow, the AROS ROM pair FS-UAE ships in fs-uae.dat (used when no
# Kickstart is given), under a private Xvfb with a throw-away HOME. Screenshots are taken by
# sending the Print key with xdotool at the given wall-clock times (seconds after start).
#
# usage: fsuae-run.sh [-r ROM] [-w] [-d DISPLAY_NUM] [-s SERIAL_OUT] OUTDIR MEDIA|- T1 [T2 ...]
#   MEDIA  an ADF for DF0: (or - for none, e.g. with -r)
#   T      a screenshot at T s, or T:KEY to press KEY (an X keysym name for xdotool, e.g. 2,
#          Escape, F1) at T s instead; the times are taken in the order given
#   -r     a Kickstart-replacement ROM (e.g. DiagROM) instead of AROS
# Without -r the AROS pair from fs-uae.dat is extracted and given to FS-UAE as an ordinary
# Kickstart + extension ROM. (Left to itself, FS-UAE recognises its own AROS and adds 1 MB of
# non-autoconfig RAM at $A80000-$B7FFFF, which an A500 does not have: AROS then leaves chip and
# slow RAM free and disks that load over low chip RAM - 015, 016, 018, 019, 023 - start.)
#   -w     warp mode (--warp_mode=1)
#   -s     serial output file
# Writes OUTDIR/shot-T.png (FS-UAE's raw "full" screenshot, 752x572: one column per hires
# pixel, each PAL line on two rows).
set -u
rom="" warp=0 dnum=$((90 + RANDOM % 400)) serial=""
while getopts "r:wd:s:" o; do
    case $o in
    r) rom=$(readlink -f "$OPTARG") ;;
    w) warp=1 ;;
    d) dnum=$OPTARG ;;
    s) serial=$(readlink -f -m "$OPTARG") ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 3 ] || { sed -n '6,14p' "$0"; exit 2; }
out=$(readlink -f -m "$1") media=$2
shift 2
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'kill $fpid $xpid 2>/dev/null; wait 2>/dev/null; cp "$tmp/log.txt" "$out/fs-uae.log" 2>/dev/null; cp "$HOME/FS-UAE/Cache/Logs/fs-uae.log.txt" "$out/fs-uae-full.log" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME=$tmp/home DISPLAY=:$dnum
mkdir -p "$HOME/Desktop"
Xvfb ":$dnum" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
sleep 1
args=(--amiga_model=A500 --chip_memory=512 --slow_memory=512 --accuracy=1
      --window_width=800 --window_height=600
      --fullscreen=0 --automatic_input_grab=0 --initial_input_grab=0
      --floppy_drive_volume=0 --warp_mode=$warp --video_sync=0)
[ "$media" != "-" ] && args+=(--floppy_drive_0="$(readlink -f "$media")")
if [ -n "$rom" ]; then
    args+=(--kickstart_file="$rom")
else
    unzip -o -j -q -d "$tmp" /usr/share/fs-uae/fs-uae.dat share/fs-uae/aros-amiga-m68k-rom.bin \
        share/fs-uae/aros-amiga-m68k-ext.bin
    args+=(--kickstart_file="$tmp/aros-amiga-m68k-rom.bin" --kickstart_ext_file="$tmp/aros-amiga-m68k-ext.bin")
fi
# FS-UAE opens the serial device without creating it: a regular file, created here, works.
[ -n "$serial" ] && : >"$serial" && args+=(--serial_port="$serial")
fs-uae "${args[@]}" >"$tmp/log.txt" 2>&1 &
fpid=$!
win=""
for _ in $(seq 50); do
    win=$(xdotool search --name "FS-UAE" 2>/dev/null | head -1)
    [ -n "$win" ] && break
    sleep 0.2
done
[ -n "$win" ] || { echo "fsuae-run: no FS-UAE window" >&2; exit 1; }
start=$(date +%s.%N)
for arg in "$@"; do
    t=${arg%%:*}
    now=$(date +%s.%N)
    d=$(echo "$t - ($now - $start)" | bc -l)
    if [ "$(echo "$d > 0" | bc -l)" = 1 ]; then sleep "$d"; fi
    if [ "$arg" != "$t" ]; then
        # A key for the emulated keyboard: held for 0.1 s so that the Amiga's keyboard
        # processor sees it down in at least a few frames, as a person's press would be.
        xdotool windowfocus "$win" 2>/dev/null
        xdotool keydown "${arg#*:}"; sleep 0.1; xdotool keyup "${arg#*:}"
        continue
    fi
    n=$(ls "$HOME/Desktop" | grep -c -- '^fs-uae-full' || true)
    xdotool windowfocus "$win" 2>/dev/null
    xdotool key Print
    for _ in $(seq 50); do
        [ "$(ls "$HOME/Desktop" 2>/dev/null | grep -c -- '^fs-uae-full' || true)" -gt "$n" ] && break
        sleep 0.1
    done
    f=$(ls -t "$HOME/Desktop"/fs-uae-full-*.png 2>/dev/null | head -1)
    # FS-UAE writes the file from another thread: wait until its size settles.
    last=-1
    for _ in $(seq 30); do
        sz=$(stat -c %s "$f" 2>/dev/null || echo 0)
        [ "$sz" -gt 0 ] && [ "$sz" = "$last" ] && break
        last=$sz
        sleep 0.2
    done
    if [ -n "$f" ]; then cp "$f" "$out/shot-$t.png"; else echo "fsuae-run: no screenshot at $t" >&2; fi
done
