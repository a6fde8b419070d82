#!/bin/bash
# Makes the FS-UAE reference frames for ../shared/testdata/amiga-examples (issue 20): each disk
# runs twice in FS-UAE (fsuae-run.sh), once in warp mode (screenshots at 9, 12 and 15 s wall
# time) and once at normal speed (24 and 28 s). When all five frames are equal the picture is
# static and the last warp frame becomes ref/NAME.png; otherwise NAME is listed in animated.txt.
# usage: tests/oracle/make-refs.sh [BUILD_DIR] [EXAMPLE...]   (needs BUILD_DIR/tests/framecmp)
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}; shift || true
ex=$(cd "$here/../../../shared/testdata/amiga-examples" && pwd)
work=${WORK:-/tmp/arcana-oracle}
mkdir -p "$here/ref" "$work"
adfs=()
if [ $# -gt 0 ]; then for n in "$@"; do adfs+=("$ex"/$n); done
else adfs=("$ex"/*/*.adf); fi
for adf in "${adfs[@]}"; do
    name=$(basename "$(dirname "$adf")")-$(basename "$adf" .adf)
    o=$work/$name
    rm -rf "$o"
    "$here/fsuae-run.sh" -w "$o/warp" "$adf" 9 12 15
    "$here/fsuae-run.sh" "$o/normal" "$adf" 24 28
    static=1
    for f in "$o/warp/shot-9.png" "$o/warp/shot-12.png" "$o/normal/shot-24.png" "$o/normal/shot-28.png"; do
        r=$("$build/tests/framecmp" --dx 0 --dy 0 "$f" "$o/warp/shot-15.png" 2>&1)
        case $r in "match 100.00%"*) ;; *) static=0; echo "$name: $(basename "$f") differs: $r" ;; esac
    done
    if [ $static = 1 ]; then
        cp "$o/warp/shot-15.png" "$here/ref/$name.png"
        echo "$name: static"
    else
        echo "$name: animated"
        echo "$name" >>"$work/animated.txt"
    fi
done
