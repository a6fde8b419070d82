#!/usr/bin/env bash
# AmigaDOS disks and commands (tests/amiga/dos): adfdos makes OFS/FFS floppies from host folders
# and reads them back; our List and Copy commands run under AROS booted from such a floppy.
#  1. adfdos round trips (OFS and FFS): nested folders, a 300 KB file (extension blocks), sizes
#     around the block sizes, mixed-case names; the image checked by an independent reader below
#     (checksums, hash slots, bitmap = the blocks in use); names equal but for case refused.
#  2. Corrupt images (bad checksum, hash-chain loop, block out of range, cross-linked data,
#     wrong size) each give one error line, never a crash.
#  3. AROS boots the 1 MB A500 from an OFS floppy whose S/Startup-Sequence runs our Copy and List
#     and the ROM shell's Echo with output redirected to DF0:; the image written back on exit is
#     extracted and compared byte for byte with the host's data and the expected List output,
#     and `Copy nonexistent x` must give its message and return code 10.
# Budget: about 60 s on 2 cores (release build/arcana).
set -u
bin="$BUILD/arcana"
# The sanitized adfdos where built (corrupt images must not make it misbehave quietly).
adfdos="${SAN_DIR:-$BUILD/san}/amiga/adfdos"; [ -x "$adfdos" ] || adfdos="$BUILD/amiga/adfdos"
pass=0; fail=0; skip=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

if ! command -v python3 >/dev/null; then
    echo "skip amiga-dos: python3 is needed"; echo "amiga-dos: 0 passed, 0 failed, 1 skipped"; exit 0
fi

# An AmigaDOS image reader of its own (AmigaDOS Technical Reference Manual block layouts), used
# to check what adfdos writes: every checksum, every name in its hash slot, parents, OFS data
# block headers, and a bitmap that marks exactly the blocks in use.
cat >"$tmp/verify.py" <<'PY'
import struct, sys
img = open(sys.argv[1], 'rb').read()
n = len(img) // 512
L = lambda b, o: struct.unpack_from('>I', img, b * 512 + o)[0]
def fail(msg):
    print(msg); sys.exit(1)
def hsum(b):
    return sum(struct.unpack_from('>128I', img, b * 512)) & 0xffffffff
s = 0
for v in struct.unpack_from('>256I', img, 0):
    s += v
    if s > 0xffffffff: s = (s & 0xffffffff) + 1
if img[:3] != b'DOS' or s != 0xffffffff: fail('boot block checksum')
ffs = img[3] & 1
root = n // 2
used = {root}
def name(b):
    l = img[b * 512 + 432]
    return img[b * 512 + 433:b * 512 + 433 + l].decode('latin-1')
def hashname(nm):
    h = len(nm)
    for c in nm.upper():
        h = (h * 13 + ord(c)) & 0x7ff
    return h % 72
def walk(d):
    for slot in range(72):
        b = L(d, 24 + 4 * slot)
        while b:
            if b in used: fail('block %d twice' % b)
            used.add(b)
            if hsum(b): fail('checksum of block %d' % b)
            if L(b, 500) != d or hashname(name(b)) != slot: fail('parent/slot of block %d' % b)
            st = struct.unpack('>i', img[b * 512 + 508:b * 512 + 512])[0]
            if st == 2: walk(b)
            elif st == -3:
                size = L(b, 324); per = 512 if ffs else 488
                blocks = []; t = b
                while t:
                    cnt = L(t, 8)
                    blocks += [L(t, 24 + 4 * (71 - i)) for i in range(cnt)]
                    t = L(t, 504)
                    if t:
                        if t in used or hsum(t) or L(t, 0) != 16: fail('extension block %d' % t)
                        used.add(t)
                if len(blocks) != (size + per - 1) // per: fail('block count of %s' % name(b))
                for i, db in enumerate(blocks):
                    if db in used: fail('data block %d twice' % db)
                    used.add(db)
                    if not ffs and (hsum(db) or L(db, 0) != 8 or L(db, 4) != b or L(db, 8) != i + 1):
                        fail('OFS data block %d' % db)
            else: fail('entry type %d' % st)
            b = L(b, 496)
if hsum(root) or L(root, 0) != 2 or L(root, 508) != 1: fail('root block')
walk(root)
bm = L(root, 316)
used.add(bm)
if hsum(bm): fail('bitmap checksum')
for b in range(2, n):
    free = (L(bm, 4 + (b - 2) // 32 * 4) >> ((b - 2) % 32)) & 1
    if free == (b in used): fail('bitmap says block %d is %s' % (b, 'free' if free else 'used'))
print('%d blocks in use' % len(used))
PY

# Patches a block of an image: IMAGE BLOCK OFFSET VALUE [fix]; "fix" recomputes the checksum.
cat >"$tmp/patch.py" <<'PY'
import struct, sys
path, blk, off, val = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4], 0)
img = bytearray(open(path, 'rb').read())
struct.pack_into('>I', img, blk * 512 + off, val & 0xffffffff)
if len(sys.argv) > 5:
    struct.pack_into('>I', img, blk * 512 + 20, 0)
    struct.pack_into('>I', img, blk * 512 + 20, -sum(struct.unpack_from('>128I', img, blk * 512)) & 0xffffffff)
open(path, 'wb').write(img)
PY

# --- 1. round trips
src="$tmp/src"
mkdir -p "$src/Dir One/Nested/Deeper" "$src/empty dir" "$src/s"
python3 -c 'import random, sys; r = random.Random(55); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(307200)))' >"$src/Dir One/big300k.bin"
for size in 0 1 487 488 489 512 513 35136 35137; do head -c "$size" "$src/Dir One/big300k.bin" >"$src/s/size$size"; done
echo "case is kept" >"$src/MixedCase.TXT"
echo "deep" >"$src/Dir One/Nested/Deeper/ReadMe"
echo "a name of thirty characters ok" >"$src/Dir One/abcdefghijklmnopqrstuvwxyz1234"
for fs in ofs ffs; do
    opt=""; [ $fs = ffs ] && opt="--ffs"
    if "$adfdos" create $opt --label Test "$tmp/$fs.adf" "$src" 2>"$tmp/err"; then
        if v=$(python3 "$tmp/verify.py" "$tmp/$fs.adf"); then ok "adfdos create $fs: image verified ($v)"
        else bad "adfdos create $fs: $v"; fi
        if "$adfdos" extract "$tmp/$fs.adf" "$tmp/out-$fs" 2>"$tmp/err" && diff -r "$src" "$tmp/out-$fs" >"$tmp/diff"; then
            ok "adfdos extract $fs: the tree comes back byte for byte"
        else bad "adfdos extract $fs: $(head -c 300 "$tmp/err") $(head -c 300 "$tmp/diff")"; fi
    else
        bad "adfdos create $fs: $(cat "$tmp/err")"
    fi
done
if [ "$(head -c 4 "$tmp/ffs.adf" | od -An -tx1 | tr -d ' ')" = 444f5301 ] && \
   [ "$(head -c 4 "$tmp/ofs.adf" | od -An -tx1 | tr -d ' ')" = 444f5300 ]; then ok "adfdos: DOS\\0 and DOS\\1 boot blocks"
else bad "adfdos: boot block types"; fi
mkdir -p "$tmp/clash"; echo a >"$tmp/clash/readme"; echo b >"$tmp/clash/ReadMe"
"$adfdos" create "$tmp/clash.adf" "$tmp/clash" 2>"$tmp/err"; rc=$?
if [ $rc -ne 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "ignores case" "$tmp/err" && [ ! -e "$tmp/clash.adf" ]; then
    ok "adfdos create refuses names equal but for case ($(cat "$tmp/err"))"
else bad "adfdos create with readme/ReadMe: exit $rc, $(head -c 300 "$tmp/err")"; fi
head -c 1000000 /dev/zero >"$tmp/clash/toobig1"; head -c 1000000 /dev/zero >"$tmp/clash/toobig2"; rm "$tmp/clash/ReadMe"
"$adfdos" create "$tmp/full.adf" "$tmp/clash" 2>"$tmp/err"; rc=$?
if [ $rc -ne 0 ] && grep -q "does not fit" "$tmp/err"; then ok "adfdos create: too much data is one error ($(cat "$tmp/err"))"
else bad "adfdos create of 2 MB: exit $rc, $(head -c 300 "$tmp/err")"; fi

# --- 2. corrupt images: one error line naming the problem, exit 1
corrupt() { # NAME EXPECTED-WORDS PATCH-ARGS...
    local name=$1 want=$2; shift 2
    cp "$tmp/ofs.adf" "$tmp/bad.adf"
    python3 "$tmp/patch.py" "$tmp/bad.adf" "$@"
    rm -rf "$tmp/badout"
    "$adfdos" extract "$tmp/bad.adf" "$tmp/badout" >/dev/null 2>"$tmp/err"; local rc=$?
    if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "$want" "$tmp/err" && [ ! -e "$tmp/badout" ]; then
        ok "corrupt image, $name: $(cat "$tmp/err")"
    else bad "corrupt image, $name: exit $rc, $(head -c 300 "$tmp/err")"; fi
}
first=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); print(next(b for b in struct.unpack_from(">72I", d, 880*512+24) if b))' "$tmp/ofs.adf")
corrupt "bad checksum" "bad checksum" "$first" 324 0x12345
corrupt "hash chain loop" "reached twice" "$first" 496 "$first" fix
corrupt "block out of range" "out of range" 880 24 5000 fix
big=$(python3 - "$tmp/ofs.adf" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
for b in range(2, 1760):
    if struct.unpack_from('>I', d, b * 512)[0] == 2 and struct.unpack_from('>I', d, b * 512 + 324)[0] == 307200 \
       and struct.unpack_from('>i', d, b * 512 + 508)[0] == -3:
        print(b, struct.unpack_from('>I', d, b * 512 + 504)[0], struct.unpack_from('>I', d, b * 512 + 308)[0]); break
PY
)
read -r bighdr bigext bigdata <<<"$big"
corrupt "extension chain loop" "reached twice" "$bigext" 504 "$bigext" fix
corrupt "cross-linked data block" "reached twice" "$bighdr" 304 "$bigdata" fix
corrupt "impossible file size" "claims" "$bighdr" 324 0x7fffffff fix
head -c 450000 "$tmp/ofs.adf" >"$tmp/short.adf"
"$adfdos" extract "$tmp/short.adf" "$tmp/badout" 2>"$tmp/err"; rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "short.adf" "$tmp/err"; then ok "truncated image: $(cat "$tmp/err")"
else bad "truncated image: exit $rc, $(head -c 300 "$tmp/err")"; fi

# --- 3. AROS runs our commands from an OFS floppy
if [ ! -f /usr/share/fs-uae/fs-uae.dat ]; then
    skip=$((skip + 1)); echo "skip aros-dos: /usr/share/fs-uae/fs-uae.dat (the AROS ROM) is not installed"
else
    disk="$tmp/disk"
    mkdir -p "$disk/S" "$disk/C" "$disk/data/sub" "$disk/out"
    cp "$BUILD/amiga/C/List" "$BUILD/amiga/C/Copy" "$disk/C/"
    python3 -c 'import random, sys; r = random.Random(500); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(204800)))' >"$disk/data/random.bin"
    echo "a small file" >"$disk/data/small.txt"
    echo "case kept" >"$disk/data/MixedCase.Txt"
    chmod a-w "$disk/data/MixedCase.Txt"
    cat >"$disk/S/Startup-Sequence" <<'EOF'
FailAt 21
Echo >DF0:echo.txt "hello from AROS"
Copy >DF0:copy-out.txt DF0:data/random.bin DF0:copy.bin
Echo >DF0:copy-rc.txt "rc $RC"
Copy >DF0:into-out.txt DF0:data/small.txt DF0:out
List >DF0:list.txt DF0:data
Echo >DF0:list-rc.txt "rc $RC"
Copy >DF0:err.txt nonexistent x
Echo >DF0:err-rc.txt "rc $RC"
EOF
    find "$disk" -exec touch -h -d '2024-03-05 12:34:56 UTC' {} +
    "$adfdos" create --label ArcanaDOS "$tmp/aros.adf" "$disk" 2>"$tmp/err" || bad "adfdos create of the boot disk: $(cat "$tmp/err")"
    "$adfdos" list "$tmp/aros.adf" data >"$tmp/list.expected"
    cp "$tmp/aros.adf" "$tmp/aros-orig.adf"
    secs=${AMIGA_DOS_SECONDS:-150}
    if "$bin" --machine a500 --headless --seconds $secs --floppy0 "$tmp/aros.adf" --serial "$tmp/serial.txt" >/dev/null 2>"$tmp/err"; then
        if "$adfdos" extract "$tmp/aros.adf" "$tmp/got" 2>"$tmp/err2"; then
            ok "AROS's writes leave a consistent OFS disk"
            g="$tmp/got"
            check_text() { # NAME FILE EXPECTED
                if [ -f "$2" ] && [ "$(cat "$2")" = "$3" ]; then ok "$1"
                else bad "$1: got '$(head -c 200 "$2" 2>/dev/null)', expected '$3'"; fi
            }
            check_text "AROS boots our floppy and runs S/Startup-Sequence (Echo >DF0:)" "$g/echo.txt" "hello from AROS"
            if [ -f "$g/copy.bin" ] && cmp -s "$g/copy.bin" "$disk/data/random.bin"; then ok "Copy: 200 KB file copied byte for byte"
            else bad "Copy: copy.bin differs or is missing ($(stat -c %s "$g/copy.bin" 2>/dev/null) bytes)"; fi
            check_text "Copy: return code 0, no output" "$g/copy-rc.txt" "rc 0"
            [ -f "$g/copy-out.txt" ] && [ ! -s "$g/copy-out.txt" ] || bad "Copy printed: $(head -c 200 "$g/copy-out.txt" 2>/dev/null)"
            if cmp -s "$g/out/small.txt" "$disk/data/small.txt" && [ ! -s "$g/into-out.txt" ]; then ok "Copy into a directory keeps the name"
            else bad "Copy into DF0:out: $(ls "$g/out") $(head -c 200 "$g/into-out.txt" 2>/dev/null)"; fi
            if cmp -s "$g/list.txt" "$tmp/list.expected"; then ok "List output as expected ($(wc -l <"$g/list.txt") lines)"
            else bad "List output differs:"; diff "$tmp/list.expected" "$g/list.txt" | sed 's/^/     /'; fi
            # The List lines against the host folder itself: names, sizes, protection, dates.
            want=$(cd "$disk/data" && for f in *; do
                if [ -d "$f" ]; then s=Dir; else s=$(stat -c %s "$f"); fi
                if [ "$(stat -c %A "$f" | cut -c3)" = w ]; then p=----rwed; else p=----r-e-; fi
                printf '%-24s %7s %s 05-Mar-24 12:34:56\n' "$f" "$s" "$p"; done | sort)
            got=$(head -n -1 "$g/list.txt" | sort)
            bytes=$(cat "$disk"/data/*.* | wc -c)
            if [ "$got" = "$want" ] && [ "$(tail -n 1 "$g/list.txt")" = "3 files - 1 directories - $bytes bytes" ]; then
                ok "List lines match the host folder (names, sizes, protection, dates, summary)"
            else bad "List lines vs host folder:"; diff <(echo "$want") <(echo "$got") | sed 's/^/     /'; fi
            check_text "List: return code 0" "$g/list-rc.txt" "rc 0"
            check_text "Copy nonexistent x: message" "$g/err.txt" "Copy: nonexistent: object not found"
            check_text "Copy nonexistent x: return code 10" "$g/err-rc.txt" "rc 10"
            if [ ! -e "$g/x" ]; then ok "Copy nonexistent x leaves no x"; else bad "Copy nonexistent x made x"; fi
            if diff -r "$disk/data" "$g/data" >/dev/null && diff -r "$disk/C" "$g/C" >/dev/null; then ok "the disk's own files unchanged"
            else bad "the disk's files changed"; fi
        else
            bad "adfdos extract of the disk AROS wrote: $(cat "$tmp/err2")"
        fi
    else
        bad "arcana exited $?: $(head -c 300 "$tmp/err")"
    fi
fi

# --- 4. The same from an FFS (DOS\1) floppy: AROS reads our FFS layout and writes to it.
if [ -f /usr/share/fs-uae/fs-uae.dat ]; then
    fdisk="$tmp/fdisk"
    mkdir -p "$fdisk/S" "$fdisk/C" "$fdisk/data"
    cp "$BUILD/amiga/C/List" "$BUILD/amiga/C/Copy" "$fdisk/C/"
    head -c 30000 "$disk/data/random.bin" >"$fdisk/data/part.bin"
    printf 'List >DF0:list.txt DF0:data\nCopy DF0:data/part.bin DF0:part2.bin\n' >"$fdisk/S/Startup-Sequence"
    find "$fdisk" -exec touch -h -d '2024-03-05 12:34:56 UTC' {} +
    "$adfdos" create --ffs "$tmp/ffsboot.adf" "$fdisk" 2>"$tmp/err" || bad "adfdos create --ffs: $(cat "$tmp/err")"
    "$adfdos" list "$tmp/ffsboot.adf" data >"$tmp/flist.expected"
    if "$bin" --machine a500 --headless --seconds "${AMIGA_DOS_FFS_SECONDS:-45}" --floppy0 "$tmp/ffsboot.adf" >/dev/null 2>"$tmp/err"; then
        if "$adfdos" extract "$tmp/ffsboot.adf" "$tmp/fgot" 2>"$tmp/err2" && cmp -s "$tmp/fgot/list.txt" "$tmp/flist.expected" \
           && cmp -s "$tmp/fgot/part2.bin" "$fdisk/data/part.bin"; then
            ok "AROS boots an FFS floppy: our List and Copy work there too"
        else bad "FFS floppy: $(head -c 200 "$tmp/err2") list: $(head -c 200 "$tmp/fgot/list.txt" 2>/dev/null)"; fi
    else bad "arcana (FFS disk) exited $?: $(head -c 300 "$tmp/err")"; fi
fi

echo "amiga-dos: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
