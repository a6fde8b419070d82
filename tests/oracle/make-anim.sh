#!/bin/bash
# For the examples make-refs.sh found animated: keeps FS-UAE's two normal-speed screenshots
# (24 and 28 s wall time, about the same emulated time) as anim/NAME-24.png and NAME-28.png
# and looks for them among Arcana's frames from 23.2 s to 28.4 s (build/tests/a500anim). Prints
# the figures; examples whose frames are all found (>= 99.5 %) go to anim.txt (checked by
# suite 57), the others are listed as differing.
# usage: tests/oracle/make-anim.sh [BUILD_DIR]   (after make-refs.sh, same WORK folder)
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
ex=$(cd "$here/../../../shared/testdata/amiga-examples" && pwd)
work=${WORK:-/tmp/arcana-oracle}
mkdir -p "$here/anim"
: >"$here/anim.txt.new"
while read -r name; do
    dir=${name%%-*} disk=${name#*-}
    shots=("$work/$name/normal/shot-24.png" "$work/$name/normal/shot-28.png")
    out=$("$build/tests/a500anim" --floppy "$ex/$dir/$disk.adf" --from 23.2 --frames 260 "${shots[@]}")
    worst=$(awk '/best/ { v = $3 + 0; if (min == "" || v < min) min = v } END { print min }' <<<"$out")
    echo "$name: $(tr '\n' ' ' <<<"$out")"
    if awk -v p="$worst" 'BEGIN { exit !(p >= 99.5) }'; then
        cp "${shots[0]}" "$here/anim/$name-24.png"
        cp "${shots[1]}" "$here/anim/$name-28.png"
        echo "$name 23.2 260" >>"$here/anim.txt.new"
    fi
done <"$work/animated.txt"
mv "$here/anim.txt.new" "$here/anim.txt"
