#!/usr/bin/env bash
# HostFS on the A500 end to end (issue 9's acceptance): the free AROS ROM boots from a shared
# host folder (--hostfs DIR --hostfs-boot) through our Zorro II board, its DiagArea boot ROM and
# DOS handler; S/Startup-Sequence writes a file back, lists a folder into another file and
# copies a 1 MB file with our own C/List and C/Copy (tests/amiga/dos); afterwards the host
# folder is checked byte for byte. Then a read-only share: the script still boots, writes fail,
# and nothing in the folder changes.
set -u
cd "$(dirname "$0")/../.."
BUILD="${BUILD:-build}"
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
skipped() { skip=$((skip + 1)); echo "skip $1"; }
finish() { echo "$pass passed, $fail failed, $skip skipped"; [ "$fail" -eq 0 ]; exit $?; }
arcana="$BUILD/arcana"
tmp=$(mktemp -d); [ -n "${KEEP_TMP:-}" ] && echo "temp: $tmp"
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"' EXIT

if ! "$arcana" --machine a500 --headless --seconds 0.01 >/dev/null 2>&1; then
    skipped "A500 HostFS: no Amiga ROM (the fs-uae package's AROS ROM is missing)"; finish
fi

share="$tmp/Shared"
mkdir -p "$share/S" "$share/C" "$share/data/sub"
have_cmds=0
if [ -f "$BUILD/amiga/C/List" ] && [ -f "$BUILD/amiga/C/Copy" ]; then
    cp "$BUILD/amiga/C/List" "$BUILD/amiga/C/Copy" "$share/C/"
    have_cmds=1
fi
head -c 1048576 /dev/urandom >"$share/data/big.bin"
printf 'small file\n' >"$share/data/small.txt"
printf 'inner\n' >"$share/data/sub/inner.txt"
{
    echo 'Echo >HOST:out.txt "written by AROS"'
    if [ $have_cmds -eq 1 ]; then
        echo 'List >HOST:list.txt HOST:data'
        echo 'Copy HOST:data/big.bin HOST:big-copy.bin'
        echo 'Copy HOST:data/small.txt HOST:data/sub'
    fi
    echo 'Echo >HOST:done.txt "done"'
} >"$share/S/Startup-Sequence"
find "$share" -type f -not -name '*.txt' -o -name 'small.txt' | sort | xargs sha1sum >"$tmp/before.sha1"

"$arcana" --machine a500 --headless --seconds 40 --hostfs "$share" --hostfs-boot \
    --screenshot "$tmp/boot.png" >"$tmp/run.out" 2>&1
rc=$?
[ $rc -eq 0 ] && ok "arcana exits 0" || bad "arcana exit $rc: $(head -c 300 "$tmp/run.out")"
if [ "$(cat "$share/done.txt" 2>/dev/null)" = "done" ]; then ok "AROS booted from HOST: and ran S/Startup-Sequence to the end"
else bad "the startup sequence did not finish (no done.txt); folder: $(ls "$share")"; fi
[ "$(cat "$share/out.txt" 2>/dev/null)" = "written by AROS" ] && ok "Echo >HOST:out.txt wrote the file" \
    || bad "out.txt: $(od -c "$share/out.txt" 2>&1 | head -3)"
if [ $have_cmds -eq 1 ]; then
    cmp -s "$share/data/big.bin" "$share/big-copy.bin" && ok "Copy: 1 MB copied byte for byte" \
        || bad "big-copy.bin differs: $(ls -l "$share/big-copy.bin" 2>&1)"
    cmp -s "$share/data/small.txt" "$share/data/sub/small.txt" && ok "Copy into a folder keeps the name" \
        || bad "data/sub/small.txt: $(ls "$share/data/sub")"
    missing=""
    for n in big.bin small.txt sub; do grep -q "^$n[ ]" "$share/list.txt" 2>/dev/null || missing="$missing $n"; done
    lines=$(grep -cE '^(big\.bin|small\.txt|sub) ' "$share/list.txt" 2>/dev/null)
    if [ -z "$missing" ] && [ "$lines" = 3 ] && grep -qE '^big\.bin +1048576 ' "$share/list.txt" &&
       grep -qE '^sub +Dir ' "$share/list.txt"; then ok "List: every entry of HOST:data with its size"
    else bad "list.txt (missing:$missing): $(head -c 400 "$share/list.txt" 2>&1)"; fi
else
    skipped "List and Copy: our AmigaDOS commands (build/amiga/C) are not built"
fi
# Nothing else changed, nothing half-written left behind.
if sha1sum --quiet -c "$tmp/before.sha1" >/dev/null 2>&1; then ok "the files that were there are unchanged"
else bad "files changed: $(sha1sum -c "$tmp/before.sha1" 2>&1 | grep -v ': OK' | head -3)"; fi
left=$(find "$share" -name '.arcana-tmp*' | head -3)
[ -z "$left" ] && ok "no temp files left" || bad "temp files left: $left"

# Without --hostfs-boot the A500 boots from its floppy and HOST: is mounted beside it.
if [ -x "$BUILD/amiga/adfdos" ]; then
    mkdir -p "$tmp/floppy/S" "$tmp/plain"
    printf 'Echo >HOST:from-floppy.txt "HOST: is mounted"\n' >"$tmp/floppy/S/Startup-Sequence"
    printf 'hi\n' >"$tmp/plain/hello.txt"
    "$BUILD/amiga/adfdos" create "$tmp/boot.adf" "$tmp/floppy" >/dev/null
    "$arcana" --machine a500 --headless --seconds 30 --floppy0 "$tmp/boot.adf" --hostfs "$tmp/plain" >"$tmp/nb.out" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && [ "$(cat "$tmp/plain/from-floppy.txt" 2>/dev/null)" = "HOST: is mounted" ]; then
        ok "booted from DF0:, HOST: mounted and written"
    else bad "floppy boot with --hostfs: exit $rc, folder: $(ls "$tmp/plain") $(head -c 200 "$tmp/nb.out")"; fi
else
    skipped "floppy boot beside HOST:: adfdos not built"
fi

# A read-only share: boots, but nothing can be written.
ro="$tmp/ReadOnly"
mkdir -p "$ro/S"
printf 'Echo >HOST:ro.txt "must not appear"\nEcho >RAM:x "x"\n' >"$ro/S/Startup-Sequence"
sum_before=$(find "$ro" -type f | sort | xargs sha1sum)
"$arcana" --machine a500 --headless --seconds 25 --hostfs "$ro:ro" --hostfs-boot --verbose >"$tmp/ro.out" 2>&1
rc=$?
# The handler reports its packets at exit: the boot read the script, the write was refused.
stats=$(grep -o 'HostFS: [0-9]* DOS packets, [0-9]* refused' "$tmp/ro.out")
set -- $stats
sum_after=$(find "$ro" -type f | sort | xargs sha1sum)
if [ $rc -eq 0 ] && [ "${2:-0}" -gt 10 ] && [ "${5:-0}" -ge 1 ] && [ ! -e "$ro/ro.txt" ] && [ "$sum_before" = "$sum_after" ] && [ -z "$(ls -A "$ro" | grep -v '^S$')" ]; then
    ok "read-only share: booted ($stats), the folder is unchanged"
else bad "read-only share: exit $rc, [$stats], folder: $(ls -A "$ro")"; fi

finish
