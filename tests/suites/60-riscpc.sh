#!/usr/bin/env bash
# RiscPC machine: direct boot of the shared Linux 6.1 zImage (issue 6 acceptance lines) and
# Arcana's boot ROM screen (framebuffer hash). Release build/arcana; budget 180 s.
set -u
ARCANA="$BUILD/arcana"
ZIMAGE="$SHARED/testdata/linux-rpc/zImage"
pass=0; fail=0; skip=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -f "$ZIMAGE" ]; then
    timeout 150 "$ARCANA" --machine riscpc --cpu sa110 --ram 32 --kernel "$ZIMAGE" --headless \
        --serial stdout --seconds 60 --screenshot "$tmp/acornfb.png" >"$tmp/serial.log" 2>"$tmp/stderr.log"
    rc=$?
    [ "$rc" -eq 0 ] && ok "linux: arcana exits 0" || ko "linux: arcana exit status $rc ($(head -c 300 "$tmp/stderr.log"))"
    expect() { # label, fixed string
        if grep -qF -- "$2" "$tmp/serial.log"; then ok "linux: $1"; else ko "linux: $1 (no line with '$2')"; fi
    }
    expect "banner" "Linux version 6.1.192"
    expect "CPU identified" "CPU: StrongARM-110 [4401a10"
    expect "machine record" "Machine: Acorn-RiscPC"
    expect "ATAG memory (32 MB bank)" "node   0: [mem 0x0000000010000000-0x0000000011ffffff]"
    expect "timer calibrates" "BogoMIPS (lpj="
    expect "acornfb on VRAM" "Acornfb: 2048kB VRAM, VIDC20, using 640x480"
    expect "16550 detected on IRQ 10" "ttyS0 at MMIO 0x3010fe0 (irq = 10, base_baud = 115200) is a 16550A"
    expect "PCF8583 RTC read over I2C" "pcf8583 0-0050: setting system clock to"
    expect "PS/2 keyboard probed" "input: AT Raw Set 2 keyboard"
    expect "userspace" "init: hello from userspace"
    expect "cpuinfo" "model name	: StrongARM-110"
    expect "cpuinfo hardware" "Hardware	: Acorn-RiscPC"
    for i in 1 2 3 4 5; do expect "tick $i" "init: tick $i"; done
    last=$(grep -v '^[[:space:]]*$' "$tmp/serial.log" | tail -n 1 | tr -d '\r')
    [ "$last" = "reboot: System halted" ] && ok "linux: ends with reboot: System halted" \
        || ko "linux: last line is '$last'"
    [ -s "$tmp/acornfb.png" ] && ok "linux: acornfb screenshot written" || ko "linux: no screenshot"
else
    echo "skip linux: $ZIMAGE missing"; skip=$((skip + 1))
fi

# The same boot with the JIT (cpu/arm/jit): the serial output must equal the interpreter's.
if [ -f "$ZIMAGE" ]; then
    timeout 120 "$ARCANA" --machine riscpc --cpu sa110 --ram 32 --cpu-core jit --kernel "$ZIMAGE" --headless \
        --serial stdout --seconds 60 >"$tmp/jit.log" 2>"$tmp/jit.err"
    if cmp -s <(grep -v "setting system clock" "$tmp/serial.log") <(grep -v "setting system clock" "$tmp/jit.log"); then
        ok "linux: JIT boot prints exactly what the interpreter boot prints"
    else
        ko "linux: JIT boot differs from the interpreter ($(head -c 200 "$tmp/jit.err"))"
    fi
fi

# The uncompressed Image with --append: ATAG_CMDLINE replaces the built-in command line.
IMAGE="$SHARED/testdata/linux-rpc/Image"
if [ -f "$IMAGE" ]; then
    timeout 120 "$ARCANA" --machine riscpc --ram 64 --kernel "$IMAGE" --append "console=ttyS0,115200 arcana=test" \
        --headless --serial stdout --seconds 20 >"$tmp/image.log" 2>&1
    grep -qF "Kernel command line: console=ttyS0,115200 arcana=test" "$tmp/image.log" \
        && ok "Image: --append reaches the kernel" || ko "Image: command line not passed"
    grep -qF "node   0: [mem 0x0000000010000000-0x0000000013ffffff]" "$tmp/image.log" \
        && ok "Image: 64 MB bank" || ko "Image: memory not 64 MB"
    grep -qF "reboot: System halted" "$tmp/image.log" && ok "Image: boots to halt" || ko "Image: no halt"
fi

# Storage through Linux: an initrd /init (tests/riscpc/diskinit.c) reads and writes the
# floppy (82077, FIQ pseudo-DMA) and the IDE disc; the images are checked afterwards.
MKDISK="$BUILD/tests/riscpc/mkdisk"
INITRD="$BUILD/tests/riscpc/diskinit.cpio"
if [ -f "$ZIMAGE" ] && [ -x "$MKDISK" ] && [ -f "$INITRD" ]; then
    "$MKDISK" image "$tmp/fd.img" 1474560 && "$MKDISK" image "$tmp/hd.img" 4194304
    timeout 120 "$ARCANA" --machine riscpc --cpu sa110 --ram 32 --kernel "$ZIMAGE" --initrd "$INITRD" \
        --floppy0 "$tmp/fd.img" --hd0 "$tmp/hd.img" --headless --serial stdout --seconds 30 \
        >"$tmp/disk.log" 2>"$tmp/disk.err"
    dexpect() {
        if grep -qF -- "$2" "$tmp/disk.log"; then ok "storage: $1"; else ko "storage: $1 (no line with '$2')"; fi
    }
    dexpect "FDC identified" "FDC 0 is a post-1991 82077"
    dexpect "IDE disc found" "sd 0:0:0:0: [sda] 8192 512-byte logical blocks"
    dexpect "floppy sector 0" "diskinit: fd0 read: 53 45 43 54 00 00 00 00 00 00 00 00 00 00 00 00"
    dexpect "floppy last sector" "diskinit: fd0 read: 53 45 43 54 3f 0b 00 00 3f 3f 3f 3f 3f 3f 3f 3f"
    dexpect "floppy write" "diskinit: fd0 write ok"
    dexpect "IDE sector 0" "diskinit: sda read: 53 45 43 54 00 00 00 00 00 00 00 00 00 00 00 00"
    dexpect "IDE sector 100" "diskinit: sda read: 53 45 43 54 64 00 00 00 64 64 64 64 64 64 64 64"
    dexpect "IDE write" "diskinit: sda write ok"
    dexpect "halts" "reboot: System halted"
    "$MKDISK" check "$tmp/fd.img" 5 && ok "storage: floppy image written back" || ko "storage: floppy image not updated"
    "$MKDISK" check "$tmp/hd.img" 3 && ok "storage: hard disc image written" || ko "storage: hard disc image not updated"
else
    echo "skip storage: zImage or test programs missing"; skip=$((skip + 1))
fi

# Save state mid-boot (1.2 s, inside the kernel), load it into a new process and finish:
# the serial output must equal the uninterrupted run's (the RTC line depends on the host clock).
if [ -f "$ZIMAGE" ]; then
    "$ARCANA" --machine riscpc --kernel "$ZIMAGE" --headless --serial "$tmp/s1.log" --seconds 1.2 \
        --save-state "$tmp/linux.state" 2>"$tmp/s.err" \
    && "$ARCANA" --machine riscpc --kernel "$ZIMAGE" --headless --serial "$tmp/s2.log" --seconds 8 \
        --load-state "$tmp/linux.state" 2>>"$tmp/s.err"
    cat "$tmp/s1.log" "$tmp/s2.log" | grep -v "setting system clock" >"$tmp/split.txt"
    grep -v "setting system clock" "$tmp/serial.log" | head -n "$(wc -l <"$tmp/split.txt")" >"$tmp/whole.txt"
    if [ -s "$tmp/s1.log" ] && [ -s "$tmp/s2.log" ] && cmp -s "$tmp/split.txt" "$tmp/whole.txt" \
        && grep -qF "reboot: System halted" "$tmp/s2.log"; then
        ok "state: save at 1.2 s + load continues exactly like the uninterrupted boot"
    else
        ko "state: split run differs ($(head -c 200 "$tmp/s.err"))"
    fi
fi

# Boot ROM: no RISC OS ROM anywhere the loader looks (empty HOME/XDG dirs, run from $tmp).
root=$(pwd)
if (cd "$tmp" && HOME="$tmp" XDG_DATA_HOME="$tmp/xdg" timeout 60 "$root/$ARCANA" --machine riscpc --headless \
        --frames 100 --screenshot "$tmp/boot.png" >"$tmp/boot.log" 2>&1); then
    ok "bootrom: 100 frames"
else
    ko "bootrom: run failed: $(head -c 300 "$tmp/boot.log")"
fi
# --rom with a home-made image (our own boot ROM as a file): runs it, same picture.
if (cd "$tmp" && HOME="$tmp" XDG_DATA_HOME="$tmp/xdg" timeout 60 "$root/$ARCANA" --machine riscpc --headless \
        --rom "$root/$BUILD/gen/riscpc_boot.bin" --frames 100 --screenshot "$tmp/rom.png" >"$tmp/rom.log" 2>&1) \
        && grep -q "not a known RISC OS ROM; running it anyway" "$tmp/rom.log" && cmp -s "$tmp/rom.png" "$tmp/boot.png"; then
    ok "rom: --rom FILE (unknown image) runs with a notice"
else
    ko "rom: --rom run: $(head -c 300 "$tmp/rom.log")"
fi
# Framebuffer hash of frame 100 (tests/riscpc/test_bootrom.c, release unit binary).
if out=$("$BUILD/tests/unit" riscpc_bootrom 2>&1) && grep -q "^2 passed, 0 failed" <<<"$out"; then
    ok "bootrom: framebuffer hash and memory sizing"
else
    ko "bootrom: $(tr '\n' ' ' <<<"$out" | head -c 400)"
fi
[ -s "$tmp/boot.png" ] && ok "bootrom: screenshot written" || ko "bootrom: no screenshot"

if [ "$skip" -gt 0 ]; then echo "$pass passed, $fail failed, $skip skipped"; else echo "$pass passed, $fail failed"; fi
[ "$fail" -eq 0 ]
