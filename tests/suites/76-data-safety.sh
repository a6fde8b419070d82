#!/usr/bin/env bash
# Data safety (issue 18). AROS boots from an ADF given through a symlink (mode 0600, a second
# hard link) and writes two files; the writes reach the image while the emulator still runs,
# so a SIGKILL afterwards loses nothing, and the symlink, mode and hard link survive. Then the
# emulator is killed with SIGKILL at random moments of the same run (KILLS, default 5; the
# issue's acceptance uses 30): every time the image is a readable filesystem, no journal or temp
# file stays after the next start, and a file on it is whole, absent or just created (empty),
# never torn. Guests that write a counter over and over (Linux on the RiscPC's floppy and IDE,
# trackdisk on the A500 with the motor running) are killed the same way: every write they
# printed 2 s of host time before the kill is in the image, and no sector is torn. Output
# paths that are devices are refused and left alone.
set -u
cd "$(dirname "$0")/../.."
BUILD="${BUILD:-build}"
arcana="$BUILD/arcana"; adfdos="$BUILD/amiga/adfdos"
. tests/suite_lib.sh
RANDOM=1318   # seeded: each run of the suite kills at the same moments
tmp=$(mktemp -d); pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

for dev in "--machine riscpc --save-state /dev/full" "--screenshot /dev/full" "--audio-out /dev/full"; do
    "$arcana" --headless --frames 1 $dev >/dev/null 2>"$tmp/err"; rc=$?
    [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "/dev/full: is a device" "$tmp/err" \
        && ok "${dev##* --}: refused, device untouched" || bad "$dev: exit $rc: $(cat "$tmp/err")"
done

# kill_during_loop ERRFILE -- ARGS...: runs arcana ARGS with the serial port on stdout, where a
# disk-loop guest prints "diskloop: DEV K" after each durable write; every line is stamped with
# the host time in $tmp/loop.log. At a random moment counted from the first write, SIGKILL;
# $killed_at is the host time of the kill. Returns 1 if the guest never wrote.
mkfifo "$tmp/serial" "$tmp/go"
kill_during_loop() {
    local errfile=$1 started reader; shift 2
    "$arcana" "$@" --headless --serial stdout >"$tmp/serial" 2>"$errfile" &
    pid=$!
    : >"$tmp/loop.log"
    { go=""; while IFS= read -r line; do
          line=${line%$'\r'}
          echo "$EPOCHREALTIME $line" >>"$tmp/loop.log"
          [ -z "$go" ] && [[ $line == "diskloop: "* ]] && { go=1; echo go >"$tmp/go"; }
      done <"$tmp/serial"; [ -n "$go" ] || echo none >"$tmp/go"; } &
    reader=$!
    read -r started <"$tmp/go"
    [ "$started" = go ] && sleep "$((RANDOM % 6)).$((RANDOM % 10))"
    kill -9 "$pid" 2>/dev/null; killed_at=$EPOCHREALTIME; wait "$pid" 2>/dev/null; pid=""; wait "$reader"
    [ "$started" = go ]
}
# loop_written DEV [AGE]: the last K the guest printed for DEV at least AGE seconds (default 0)
# before the kill, as a number (0 if none). (K is kept a string: "00e5" would read as 0e5 = 0.)
loop_written() {
    local k
    k=$(awk -v t="$killed_at" -v age="${2:-0}" -v d="$1" '$2 == "diskloop:" && $3 == d && $4 ~ /^[0-9a-f][0-9a-f][0-9a-f][0-9a-f]$/ && $1 <= t - age {k = $4} END {print (k == "" ? "0" : k)}' "$tmp/loop.log")
    echo $((16#$k))
}

# The RiscPC under Linux writes its floppy and IDE disc (tests/riscpc/diskinit.c), both given
# through symlinks to 0600 files with a second hard link: written back in place.
SHARED="${SHARED:-../shared}"; ZIMAGE="$SHARED/testdata/linux-rpc/zImage"
MKDISK="$BUILD/tests/riscpc/mkdisk"; INITRD="$BUILD/tests/riscpc/diskinit.cpio"
if [ -f "$ZIMAGE" ] && [ -x "$MKDISK" ] && [ -f "$INITRD" ]; then
    mkdir "$tmp/rpc"
    "$MKDISK" image "$tmp/rpc/fd.real" 1474560 && "$MKDISK" image "$tmp/rpc/hd.real" 4194304
    for d in fd hd; do chmod 600 "$tmp/rpc/$d.real"; ln -s "$d.real" "$tmp/rpc/$d.img"; ln "$tmp/rpc/$d.real" "$tmp/rpc/$d.hard"; done
    timeout 120 "$arcana" --machine riscpc --cpu sa110 --ram 32 --kernel "$ZIMAGE" --initrd "$INITRD" \
        --floppy0 "$tmp/rpc/fd.img" --hd0 "$tmp/rpc/hd.img" --headless --serial stdout --seconds 30 >"$tmp/rpc.log" 2>&1
    "$MKDISK" check "$tmp/rpc/fd.real" 5 && grep -q "diskinit: sda write ok" "$tmp/rpc.log" \
        && ok "riscpc: Linux's floppy and IDE writes reach the images" || bad "riscpc: writes missing: $(tail -n 3 "$tmp/rpc.log")"
    for d in fd hd; do
        [ -L "$tmp/rpc/$d.img" ] && [ "$(stat -c %a "$tmp/rpc/$d.real")" = 600 ] && [ "$(stat -c %h "$tmp/rpc/$d.real")" = 2 ] \
            && cmp -s "$tmp/rpc/$d.real" "$tmp/rpc/$d.hard" && ok "riscpc $d: symlink, mode 0600 and hard link kept" \
            || bad "riscpc $d: $(ls -l "$tmp/rpc")"
    done
    [ "$(ls "$tmp/rpc" | wc -l)" -eq 6 ] && ok "riscpc: nothing left beside the images" || bad "riscpc: left: $(ls "$tmp/rpc")"
    # SIGKILL at random moments while Linux writes a counter to both discs over and over
    # (tests/riscpc/diskloop.c prints each value after its fsync): every value printed more than
    # 2 s of host time before the kill is in the image, no sector is torn, no other sector
    # changed, and nothing is left beside the images after the next start.
    LOOPRD="$BUILD/tests/riscpc/diskloop.cpio"
    "$MKDISK" image "$tmp/rpc/fd.old" 1474560 && "$MKDISK" image "$tmp/rpc/hd.old" 4194304
    rkills=${KILLS:-5}; rbad=0; checked=0
    for i in $(seq "$rkills"); do
        cp "$tmp/rpc/fd.old" "$tmp/rpc/fd.k"; cp "$tmp/rpc/hd.old" "$tmp/rpc/hd.k"
        kill_during_loop "$tmp/rpc.err" -- --machine riscpc --cpu sa110 --ram 32 --kernel "$ZIMAGE" --initrd "$LOOPRD" \
            --floppy0 "$tmp/rpc/fd.k" --hd0 "$tmp/rpc/hd.k" --seconds 900 \
            || { rbad=$((rbad + 1)); echo "kill $i: no write: $(tail -n 2 "$tmp/rpc.err")"; }
        "$arcana" --machine riscpc --headless --frames 1 --floppy0 "$tmp/rpc/fd.k" --hd0 "$tmp/rpc/hd.k" >/dev/null 2>&1  # recovery
        for disc in "fd0 fd 5" "sda hd 3"; do
            set -- $disc
            need=$(loop_written "$1" 2); last=$(loop_written "$1")
            if ! have=$("$MKDISK" counter "$tmp/rpc/$2.k" "$3" 2>"$tmp/cnt.err"); then
                rbad=$((rbad + 1)); echo "kill $i: $1: $(cat "$tmp/cnt.err")"
            elif [ "$have" -lt "$need" ] || [ "$have" -gt $((last + 1)) ]; then
                rbad=$((rbad + 1)); echo "kill $i: $1 holds write $have; printed: $last, of which 2 s before the kill: $need"
            fi
            [ "$need" -gt 0 ] && checked=$((checked + 1))
        done
        ls "$tmp/rpc" | grep -q -e 'fd.k.' -e 'hd.k.' && { rbad=$((rbad + 1)); echo "kill $i: left $(ls "$tmp/rpc")"; }
    done
    rm -f "$tmp/rpc/fd.k" "$tmp/rpc/hd.k" "$tmp/rpc/fd.old" "$tmp/rpc/hd.old"
    [ $rbad -eq 0 ] && ok "riscpc: $rkills SIGKILLs while Linux writes floppy and IDE: every write printed 2 s before the kill is in the image ($checked checked), none torn, nothing left" \
        || bad "riscpc: $rbad bad images after SIGKILL"
    # A state remembers its discs: loading it over another disc is refused and changes nothing.
    "$MKDISK" image "$tmp/rpc/a.img" 737280 && "$MKDISK" image "$tmp/rpc/b.img" 1474560
    "$arcana" --machine riscpc --headless --frames 2 --floppy0 "$tmp/rpc/a.img" --save-state "$tmp/rpc/s.state" 2>/dev/null
    before=$(sha1sum <"$tmp/rpc/b.img")
    "$arcana" --machine riscpc --headless --frames 1 --floppy0 "$tmp/rpc/b.img" --load-state "$tmp/rpc/s.state" 2>"$tmp/err"; rc=$?
    [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "not the one" "$tmp/err" && [ "$(sha1sum <"$tmp/rpc/b.img")" = "$before" ] \
        && ok "riscpc: a state saved with disc A is refused over disc B, which stays as it was" \
        || bad "riscpc: state over another disc: exit $rc: $(cat "$tmp/err")"
    "$arcana" --machine riscpc --headless --frames 1 --load-state "$tmp/rpc/s.state" 2>"$tmp/err"; rc=$?
    [ $rc -eq 2 ] && grep -q "drive 0, which is empty now" "$tmp/err" && ok "riscpc: ... and over an empty drive" \
        || bad "riscpc: state over an empty drive: exit $rc: $(cat "$tmp/err")"
    "$arcana" --machine riscpc --headless --frames 1 --floppy0 "$tmp/rpc/a.img" --load-state "$tmp/rpc/s.state" 2>"$tmp/err" \
        && ok "riscpc: ... and loads over disc A" || bad "riscpc: state over its own disc: $(cat "$tmp/err")"
    "$arcana" --machine riscpc --headless --frames 1 --floppy0 "$tmp/rpc/b.img" --load-state "$tmp/rpc/s.state" --state-disks 2>"$tmp/err" \
        && cmp -s "$tmp/rpc/a.img" "$tmp/rpc/b.img" && ok "riscpc: --state-disks lets the state's disc replace B" \
        || bad "riscpc: --state-disks: $(cat "$tmp/err")"
else
    skipped "riscpc: kernel or storage test programs missing" 9
fi

if [ ! -x "$adfdos" ] || ! "$arcana" --machine a500 --headless --seconds 0.01 >/dev/null 2>&1; then
    echo "skip: no adfdos or no Amiga ROM"; skip=$((skip + 1)); finish data-safety
fi
mkdir -p "$tmp/disk/S"
printf 'Echo >DF0:one.txt "first write"\nEcho >DF0:two.txt "second write"\n' >"$tmp/disk/S/Startup-Sequence"
"$adfdos" create --label Safe "$tmp/orig.adf" "$tmp/disk" || { bad "adfdos create"; finish data-safety; }

# Waits (at most 120 s) until the image holds two.txt while arcana runs; 0 if it did.
written_while_running() {
    for _ in $(seq 240); do
        "$adfdos" list "$1" 2>/dev/null | grep -q '^two.txt ' && kill -0 "$pid" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.5
    done
    return 1
}
mkdir "$tmp/links"; cp "$tmp/orig.adf" "$tmp/links/real.adf"; chmod 600 "$tmp/links/real.adf"
ln -s real.adf "$tmp/links/link.adf"; ln "$tmp/links/real.adf" "$tmp/links/hard.adf"
"$arcana" --machine a500 --headless --seconds 300 --floppy0 "$tmp/links/link.adf" >/dev/null 2>&1 &
pid=$!
if written_while_running "$tmp/links/real.adf"; then ok "AROS's writes reach the image while the emulator runs"
else bad "two.txt never appeared in the image while arcana ran"; fi
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
"$adfdos" extract "$tmp/links/real.adf" "$tmp/x" 2>/dev/null
[ "$(cat "$tmp/x/one.txt" 2>/dev/null)" = "first write" ] && [ "$(cat "$tmp/x/two.txt" 2>/dev/null)" = "second write" ] \
    && ok "after SIGKILL both files are on the image" || bad "after SIGKILL: $(ls "$tmp/x" 2>&1)"
[ -L "$tmp/links/link.adf" ] && ok "the symlink is still a symlink" || bad "link.adf was replaced"
[ "$(stat -c %a "$tmp/links/real.adf")" = 600 ] && ok "mode 0600 kept" || bad "mode now $(stat -c %a "$tmp/links/real.adf")"
[ "$(stat -c %h "$tmp/links/real.adf")" = 2 ] && cmp -s "$tmp/links/real.adf" "$tmp/links/hard.adf" \
    && ok "the hard link is kept and sees the writes" || bad "hard link: $(stat -c %h "$tmp/links/real.adf") links"
[ -z "$(ls "$tmp/links" | grep -v -e '^real.adf$' -e '^link.adf$' -e '^hard.adf$')" ] && ok "no journal or temp file beside it" \
    || bad "left beside the image: $(ls "$tmp/links")"

# SIGKILL at random moments (seeded, so each run of the suite picks the same moments).
kills=${KILLS:-5}; torn=0; unreadable=0; leftovers=0; recovered=0
for i in $(seq "$kills"); do
    cp "$tmp/orig.adf" "$tmp/k.adf"
    "$arcana" --machine a500 --headless --seconds 300 --floppy0 "$tmp/k.adf" >/dev/null 2>&1 &
    pid=$!
    sleep "$((RANDOM % 9 + 1)).$((RANDOM % 10))"
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
    # The next start finishes or discards what the kill interrupted.
    "$arcana" --machine a500 --headless --frames 1 --floppy0 "$tmp/k.adf" >/dev/null 2>"$tmp/next.err"
    grep -q "write-back" "$tmp/next.err" && recovered=$((recovered + 1))
    [ -n "$(ls "$tmp" | grep -e 'k.adf.')" ] && leftovers=$((leftovers + 1))
    rm -rf "$tmp/kx"
    if ! "$adfdos" extract "$tmp/k.adf" "$tmp/kx" 2>"$tmp/kerr"; then
        unreadable=$((unreadable + 1)); echo "kill $i: $(cat "$tmp/kerr")"
    else
        for f in one two; do
            want=$([ $f = one ] && echo "first write" || echo "second write")
            # Empty is a state the guest itself left on the disk for a while (the file system
            # writes the new file's header before its data); anything else but whole is torn.
            [ -s "$tmp/kx/$f.txt" ] && [ "$(cat "$tmp/kx/$f.txt")" != "$want" ] && torn=$((torn + 1))
        done
    fi
done
[ $unreadable -eq 0 ] && ok "$kills SIGKILLs at random moments: the image always reads back" || bad "$unreadable of $kills images unreadable"
[ $torn -eq 0 ] && ok "no file torn ($recovered interrupted write-backs completed or discarded at the next start)" || bad "$torn torn files"
[ $leftovers -eq 0 ] && ok "no journal or temp file left after the next start" || bad "$leftovers runs left files behind"

# The same for the A500 floppy: a boot block (tests/amiga/safety/diskloop.s) writes a counter
# into block 1500 through trackdisk.device over and over, the motor left running.
LOOPADF="$BUILD/amiga/safety/diskloop.adf"
if [ -f "$LOOPADF" ]; then
    abad=0; achecked=0
    for i in $(seq "$kills"); do
        cp "$LOOPADF" "$tmp/loop.adf"
        kill_during_loop "$tmp/a500.err" -- --machine a500 --floppy0 "$tmp/loop.adf" --seconds 900 \
            || { abad=$((abad + 1)); echo "kill $i: no write: $(tail -n 2 "$tmp/a500.err")"; }
        "$arcana" --machine a500 --headless --frames 1 --floppy0 "$tmp/loop.adf" >/dev/null 2>&1  # recovery
        need=$(loop_written df0 2); last=$(loop_written df0)
        have=$(python3 - "$tmp/loop.adf" "$LOOPADF" <<'PY'
import sys
new, old = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()
blk = new[1500 * 512:1501 * 512]
others = new[:1500 * 512] + new[1501 * 512:] == old[:1500 * 512] + old[1501 * 512:]
if blk == old[1500 * 512:1501 * 512]:
    k, torn = 0, False
else:
    k = blk[0] | blk[1] << 8
    torn = blk[2] or blk[3] or any(blk[i] != (k * 37 + i) & 255 for i in range(4, 512))
print(k if others and not torn else "torn")
PY
)
        if [ "$have" = torn ] || [ "$have" -lt "$need" ] || [ "$have" -gt $((last + 1)) ]; then
            abad=$((abad + 1)); echo "kill $i: df0 holds write $have; printed: $last, of which 2 s before the kill: $need"
        fi
        [ "$need" -gt 0 ] && achecked=$((achecked + 1))
        [ -n "$(ls "$tmp" | grep -e 'loop.adf.')" ] && { abad=$((abad + 1)); echo "kill $i: left $(ls "$tmp")"; }
    done
    [ $abad -eq 0 ] && ok "a500: $kills SIGKILLs while trackdisk writes with the motor on: every write printed 2 s before the kill is in the image ($achecked checked), none torn, nothing left" \
        || bad "a500: $abad bad images after SIGKILL"
else
    skipped "a500 disk loop: $LOOPADF not built"
fi

# HostFS copies killed at random moments: every file the guest wrote into the shared folder is
# whole or absent, and the next start removes the temp files the kill left.
if [ -f "$BUILD/amiga/C/Copy" ]; then
    share="$tmp/share"; mkdir -p "$share/S" "$share/C" "$share/data"
    cp "$BUILD/amiga/C/Copy" "$share/C/"
    head -c 1000000 /dev/urandom >"$share/data/big.bin"
    for n in 1 2 3 4 5 6; do echo "Copy HOST:data/big.bin HOST:c$n.bin"; done >"$share/S/Startup-Sequence"
    hbad=0; hwhole=0; hleft=0; hclean=0
    for i in $(seq "$kills"); do
        rm -f "$share"/c*.bin
        "$arcana" --machine a500 --headless --seconds 300 --hostfs "$share" --hostfs-boot >/dev/null 2>&1 &
        pid=$!
        # The random moment counts from the first copy's start (its file or temp file appears).
        for _ in $(seq 1200); do
            [ -n "$(find "$share" -maxdepth 1 \( -name 'c*.bin' -o -name '.arcana-tmp*' \) -print -quit)" ] && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
        kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
        "$arcana" --machine a500 --headless --frames 1 --hostfs "$share" >/dev/null 2>"$tmp/next.err" # the next start
        grep -q "removed .* temp file" "$tmp/next.err" && hclean=$((hclean + 1))
        for f in "$share"/c*.bin; do
            [ -e "$f" ] || continue
            if cmp -s "$f" "$share/data/big.bin"; then hwhole=$((hwhole + 1)); else hbad=$((hbad + 1)); echo "kill $i: $f torn"; fi
        done
        [ -n "$(find "$share" -name '.arcana-tmp*')" ] && hleft=$((hleft + 1))
    done
    [ $hbad -eq 0 ] && [ $hleft -eq 0 ] \
        && ok "HostFS: $kills SIGKILLs during copies: $hwhole files whole, none torn; $hclean starts removed a killed copy's temp file" \
        || bad "HostFS: $hbad torn files, $hleft runs left temp files"
else
    skipped "HostFS kills: our Copy command is not built"
fi
finish data-safety
