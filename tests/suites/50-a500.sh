#!/usr/bin/env bash
# Amiga 500 machine (issue 5): AROS boots to its "Waiting for bootable media" screen, checked by
# the framebuffer hash the screenshot carries; then our own test disks (tests/amiga/*.s), each
# checked by a framebuffer hash or by the values it leaves in chip RAM. Release build (budget 150 s).
set -u
bin="$BUILD/arcana"
exp=tests/amiga/expected
pass=0; fail=0; skip=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

png_hash() { grep -a -o 'Frame hash.[0-9a-f]\{16\}' "$1" | sed 's/^Frame hash.//' | tail -n 1; }

check_hash() { # NAME PNG EXPECTED_FILE
    local got want; got=$(png_hash "$2"); want=$(cat "$3")
    if [ -n "$got" ] && [ "$got" = "$want" ]; then pass=$((pass + 1)); echo "ok   $1 ($got)"
    else fail=$((fail + 1)); echo "FAIL $1: frame hash '$got', expected '$want' (look at $2; if it is right, update $3)"
         cp "$2" "$BUILD/$1-failed.png" 2>/dev/null; fi
}

# 1. AROS, no disk: 40 emulated seconds end on the boot-media screen.
if [ ! -f /usr/share/fs-uae/fs-uae.dat ]; then
    skip=$((skip + 1)); echo "skip aros-boot: /usr/share/fs-uae/fs-uae.dat (the AROS ROM) is not installed"
elif "$bin" --machine a500 --headless --seconds 40 --screenshot "$tmp/aros.png" 2>"$tmp/err"; then
    check_hash aros-boot "$tmp/aros.png" "$exp/aros-boot.hash"
else
    fail=$((fail + 1)); echo "FAIL aros-boot: arcana exited $?: $(head -c 300 "$tmp/err")"
fi

# 2. Test disks: tests/amiga/NAME.s -> $BUILD/amiga/NAME.adf, expected result in $exp/NAME.*
for adf in "$BUILD"/amiga/*.adf; do
    [ -e "$adf" ] || continue
    name=$(basename "$adf" .adf)
    cp "$adf" "$tmp/$name.adf"; adf="$tmp/$name.adf"   # disks may be written to
    secs=$(cat "$exp/$name.seconds" 2>/dev/null || echo 8)
    checked=0
    if [ -f "$exp/$name.values" ] && [ -f "$exp/$name.hash" ]; then
        # Both from one run: the frame hash and the words the program left in chip RAM.
        first=$(head -n 1 "$exp/$name.values" | cut -d: -f1); n=$(wc -l <"$exp/$name.values")
        "$BUILD/tests/a500run" --floppy "$adf" --seconds "$secs" --hash --peek "$first,$n" >"$tmp/$name.all" 2>"$tmp/err"
        grep -v '^hash: ' "$tmp/$name.all" >"$tmp/$name.out"
        got=$(sed -n 's/^hash: //p' "$tmp/$name.all"); want=$(cat "$exp/$name.hash"); checked=1
        if [ -n "$got" ] && [ "$got" = "$want" ]; then pass=$((pass + 1)); echo "ok   $name ($got)"
        else fail=$((fail + 1)); echo "FAIL $name: frame hash '$got', expected '$want' $(head -c 200 "$tmp/err")"; fi
        if cmp -s "$tmp/$name.out" "$exp/$name.values"; then
            pass=$((pass + 1)); echo "ok   $name ($n words at $first)"
        else
            fail=$((fail + 1)); echo "FAIL $name: memory words differ"
            diff "$exp/$name.values" "$tmp/$name.out" | sed 's/^/     /'
        fi
    elif [ -f "$exp/$name.hash" ]; then
        checked=1
        if "$bin" --machine a500 --headless --seconds "$secs" --floppy0 "$adf" --screenshot "$tmp/$name.png" 2>"$tmp/err"; then
            check_hash "$name" "$tmp/$name.png" "$exp/$name.hash"
        else
            fail=$((fail + 1)); echo "FAIL $name: arcana exited $?: $(head -c 300 "$tmp/err")"
        fi
    elif [ -f "$exp/$name.values" ]; then
        checked=1
        # The program leaves its results in chip RAM: compare the words the expected file lists.
        first=$(head -n 1 "$exp/$name.values" | cut -d: -f1); n=$(wc -l <"$exp/$name.values")
        "$BUILD/tests/a500run" --floppy "$adf" --seconds "$secs" --peek "$first,$n" >"$tmp/$name.out" 2>"$tmp/err"
        if cmp -s "$tmp/$name.out" "$exp/$name.values"; then
            pass=$((pass + 1)); echo "ok   $name ($n words at $first)"
        else
            fail=$((fail + 1)); echo "FAIL $name: $(head -c 200 "$tmp/err")"
            diff "$exp/$name.values" "$tmp/$name.out" | sed 's/^/     /'
        fi
    fi
    if [ -f "$exp/$name.block" ]; then
        # A block the program wrote through trackdisk: the image written back must hold it.
        checked=1
        read -r blk text <"$exp/$name.block"
        got=$(dd if="$adf" bs=512 skip="$blk" count=1 2>/dev/null | head -c ${#text})
        if [ "$got" = "$text" ]; then pass=$((pass + 1)); echo "ok   $name (block $blk written back)"
        else fail=$((fail + 1)); echo "FAIL $name: block $blk holds '$got', expected '$text'"; fi
    fi
    if [ $checked = 0 ]; then
        skip=$((skip + 1)); echo "skip $name: no expected result in $exp"
    fi
done

# 3. The same disk zipped and gzip'd boots to the same screen; a corrupt zip is one error line.
if [ -f "$BUILD/amiga/copper.adf" ] && [ -f "$exp/copper.hash" ] && command -v python3 >/dev/null; then
    secs=$(cat "$exp/copper.seconds" 2>/dev/null || echo 8)
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED).write(sys.argv[1], "copper.adf")' \
        "$BUILD/amiga/copper.adf" "$tmp/copper.zip"
    gzip -c "$BUILD/amiga/copper.adf" >"$tmp/copper.adz"
    for packed in copper.zip copper.adz; do
        if "$bin" --machine a500 --headless --seconds "$secs" "$tmp/$packed" --screenshot "$tmp/$packed.png" 2>"$tmp/err"; then
            check_hash "packed-$packed" "$tmp/$packed.png" "$exp/copper.hash"
        else
            fail=$((fail + 1)); echo "FAIL packed-$packed: arcana exited $?: $(head -c 300 "$tmp/err")"
        fi
    done
    size=$(stat -c %s "$tmp/copper.zip"); head -c $((size / 2)) "$tmp/copper.zip" >"$tmp/broken.zip"
    "$bin" --machine a500 --headless --frames 1 "$tmp/broken.zip" >/dev/null 2>"$tmp/err"; rc=$?
    if [ $rc -ne 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "broken.zip" "$tmp/err"; then
        pass=$((pass + 1)); echo "ok   corrupt zip: one line ($(cat "$tmp/err"))"
    else
        fail=$((fail + 1)); echo "FAIL corrupt zip: exit $rc, stderr: $(head -c 300 "$tmp/err")"
    fi
fi

# 4. --audio-out holds the machine's sound: the audio disk's AUD0 DMA loop (8 samples at period
#    201, left channel) has its fundamental at 3546895 / (201 * 8) = 2205.8 Hz (PAL clock).
if [ -f "$BUILD/amiga/audio.adf" ] && command -v python3 >/dev/null; then
    cp "$BUILD/amiga/audio.adf" "$tmp/tone.adf"
    if "$bin" --machine a500 --headless --seconds 16 --floppy0 "$tmp/tone.adf" --audio-out "$tmp/tone.wav" 2>"$tmp/err"; then
        if out=$(python3 - "$tmp/tone.wav" <<'PY'
import math, struct, sys, wave
w = wave.open(sys.argv[1]); n = w.getnframes(); rate = w.getframerate()
left = struct.unpack('<%dh' % (2 * n), w.readframes(n))[0::2]
start = next((i for i in range(0, n - 9600, 4800) if max(map(abs, left[i:i + 4800])) > 1000), None)
if start is None:
    print("silent"); sys.exit(1)
seg = left[start + 4800:start + 14400]
def power(f):
    k = 2 * math.cos(2 * math.pi * f / rate); s1 = s2 = 0.0
    for x in seg:
        s1, s2 = x + k * s1 - s2, s1
    return s1 * s1 + s2 * s2 - k * s1 * s2
coarse = max(range(500, 6000, 5), key=power)
peak = max((coarse + i * 0.25 for i in range(-20, 21)), key=power)
want = 3546895 / (201 * 8)
print("%.1f Hz (expected %.1f)" % (peak, want))
sys.exit(0 if abs(peak - want) < want * 0.01 else 1)
PY
        ); then pass=$((pass + 1)); echo "ok   audio-out tone: $out"
        else fail=$((fail + 1)); echo "FAIL audio-out tone: $out"; fi
    else
        fail=$((fail + 1)); echo "FAIL audio-out: arcana exited $?: $(head -c 300 "$tmp/err")"
    fi
fi

echo "a500: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
