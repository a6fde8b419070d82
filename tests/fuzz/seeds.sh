#!/usr/bin/env bash
# Seed corpus for one fuzz target, made from our own test data at build time:
#   seeds.sh TARGET OUTDIR BUILD
# Writes OUTDIR/.max_len too (the largest input worth trying for that target).
set -u
t=$1 out=$2 BUILD=$3
rm -rf "$out"; mkdir -p "$out"
maxlen=4096
zipit() { # zip and gzip copies of a file: NAME-IN-ZIP SRC DST-PREFIX
    python3 - "$@" <<'PY'
import gzip, sys, zipfile
name, src, dst = sys.argv[1:4]
data = open(src, 'rb').read()
with zipfile.ZipFile(dst + '.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr(name, data)
open(dst + '.gz', 'wb').write(gzip.compress(data, 9))
PY
}
case "$t" in
rom)
    # our own ROMs: the RiscPC boot ROM, the Amiga test ROMs; plain, gzip, zip
    for r in "$BUILD/gen/riscpc_boot.bin" "$BUILD/amiga/kbdtest.rom"; do
        [ -f "$r" ] || continue
        b=$(basename "$r"); cp "$r" "$out/$b"; zipit "$b" "$r" "$out/$b"
    done
    printf 'PK\003\004' >"$out/zip-magic"; printf '\037\213' >"$out/gzip-magic"
    maxlen=600000 ;;
adf)
    # our test disks (880 KB), as ADF, ADZ and zip
    for a in "$BUILD/amiga/cia.adf"; do
        [ -f "$a" ] || continue
        cp "$a" "$out/cia.adf"; zipit cia.adf "$a" "$out/cia.adf"
    done
    maxlen=1000000 ;;
fdc)
    # formats (0-4 known sizes), then scripts: SPECIFY (PIO), RECALIBRATE, SENSE INTERRUPT,
    # SEEK, READ DATA, result bytes, DMA reads/writes, FORMAT, DUMPREGS, VERSION
    python3 - "$out" <<'PY'
import sys, os
out = sys.argv[1]
def w(name, b): open(os.path.join(out, name), 'wb').write(bytes(b))
def cmd(*bs): return [4 | (len(bs) << 3)] + list(bs)
def res(n): return [5 | (n << 3)]
dor = [0, 2, 0x1c]
rate_dd = [0, 7, 2]
w('read', [2, 5] + dor + rate_dd + cmd(0x03, 0xcf, 0x02) + cmd(0x07, 0) + cmd(0x08) + res(2) +
  cmd(0x0f, 0, 1) + cmd(0x08) + res(2) + cmd(0xe6, 0, 1, 0, 0, 3, 4, 0x1b, 0xff) + [2, 200] + res(7))
w('write', [4, 5] + dor + rate_dd + cmd(0x03, 0xcf, 0x02) + cmd(0xc5, 0, 0, 0, 1, 1, 5, 0x1b, 0xff) + [3, 130] + res(7))
w('format', [0, 6] + dor + rate_dd + cmd(0x0d, 0, 2, 9, 0x54, 0xe5) + [3, 10] + res(7))
w('misc', [1, 6] + dor + cmd(0x0e) + res(10) + cmd(0x10) + res(1) + cmd(0x94) + res(1) + cmd(0x13, 0, 0x40, 0) + cmd(0x0a, 0) + res(7))
w('hd', [1, 1, 0, 2, 0x1c, 0, 7, 0] + cmd(0x46, 0, 0, 0, 1, 2, 18, 0x1b, 0xff) + [2, 255] + res(7))
PY
    ;;
ide)
    # flags (pad image), script length, script: IDENTIFY + data, READ/WRITE SECTORS, multiple
    python3 - "$out" <<'PY'
import sys, os, struct
out = sys.argv[1]
def w(name, flags, script, image=b''):
    open(os.path.join(out, name), 'wb').write(bytes([flags]) + struct.pack('<H', len(script)) + bytes(script) + image)
def reg(r, v): return [((r - 1) << 3) | 0, v]
def cmd(i): return [4 | (i << 3)]
ident, rd, wr, rdm, wrm, ver, init, setm = 0, 1, 4, 3, 6, 7, 9, 10
w('identify', 1, reg(6, 0xa0) + cmd(ident) + [2, 63], b'\x55' * 512)
w('read-lba', 1, reg(2, 2) + reg(3, 1) + reg(6, 0xe0) + cmd(rd) + [2, 255] + [1 | (7 << 3)], bytes(range(256)) * 64)
w('read-chs', 1, reg(6, 0xa1) + reg(2, 63) + cmd(init) + reg(2, 1) + reg(3, 2) + reg(6, 0xa0) + cmd(rd) + [2, 127], b'\xaa' * 20000)
w('write', 1, reg(2, 3) + reg(3, 0) + reg(6, 0xe0) + cmd(wr) + [3, 255, 3, 255], b'\x00' * 16384)
w('multiple', 1, reg(2, 4) + cmd(setm) + reg(2, 8) + reg(6, 0xe0) + cmd(rdm) + [2, 255, 2, 255] + cmd(wrm) + [3, 255, 3, 255], b'\x11' * 8192)
w('odd-size', 0, cmd(ident), b'\x00' * 9000)
PY
    maxlen=40000 ;;
config)
    printf '# Arcana\n[arcana]\nmachine = riscpc\nwarp = true\n[riscpc]\ncpu = sa110\nram = 32\ncpu-core = jit\n[window]\nscale = 2\n' >"$out/basic.ini"
    printf '[a500]\nchipset = ecs\nram = 1\n[riscpc]\nappend = "console=ttyS0 root=/dev/ram"\nnet = slirp,hostfwd=tcp:127.0.0.1:2222-:22\n' >"$out/machines.ini"
    printf '[window]\nwidth = 800\nheight = 600\n; comment\nfullscreen = false\n[bogus]\n' >"$out/window.ini"
    # a dictionary of every option name (from --help) and section, for libFuzzer's -dict
    { for w in '[arcana]' '[riscpc]' '[a500]' '[window]' ' = ' 'true' 'false' '"' ':ro' ',hostfwd=tcp:'; do
          printf '"%s"\n' "$w"; done
      "$BUILD/arcana" --help 2>/dev/null | sed -nE 's/^  --([a-z0-9-]+).*/"\1"/p'; } >"$out/.dict"
    printf 'hostfs = /tmp:ro\nhostfs-boot\nserial = stdout\nseconds = 2.5\n' >"$out/hostfs.ini"
    ;;
kernel)
    # a kernel length, the start of the shared Linux zImage / ATAG sample, an initrd
    z="${SHARED:-../shared}/testdata/linux-rpc/zImage"; a="${SHARED:-../shared}/testdata/linux-rpc/atags-32M.bin"
    if [ -f "$z" ]; then { printf '\000\010'; head -c 2048 "$z"; printf 'initrd'; } >"$out/zimage"; fi
    if [ -f "$a" ]; then { printf '\214\000'; cat "$a"; head -c 512 /dev/zero; } >"$out/atags"; fi
    printf '\010\000\376\377\377\352\000\000\240\343ramdisk' >"$out/loop"   # b . ; mov r0,#0
    ;;
state)
    # the target writes its own seeds (edits of a state of our boot ROM's screen)
    FUZZ_WRITE_SEED="$out" "$BUILD/fuzz/fuzz_state" -runs=0 >/dev/null 2>&1 ||
        FUZZ_WRITE_SEED="$out" "${SAN_DIR:-$BUILD/san}/tests/fuzz_replay_state" /dev/null >/dev/null 2>&1
    maxlen=512 ;;
a500_state)
    FUZZ_WRITE_SEED="$out" "$BUILD/fuzz/fuzz_a500_state" -runs=0 >/dev/null 2>&1 ||
        FUZZ_WRITE_SEED="$out" "${SAN_DIR:-$BUILD/san}/tests/fuzz_replay_a500_state" /dev/null >/dev/null 2>&1
    maxlen=512 ;;
esac
echo "$maxlen" >"$out/.max_len"
echo "$t: $(ls "$out" | wc -l) seeds in $out"
