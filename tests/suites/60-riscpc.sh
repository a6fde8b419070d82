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

# Boot ROM: no RISC OS ROM anywhere the loader looks (empty HOME/XDG dirs, run from $tmp).
root=$(pwd)
if (cd "$tmp" && HOME="$tmp" XDG_DATA_HOME="$tmp/xdg" timeout 60 "$root/$ARCANA" --machine riscpc --headless \
        --frames 100 --screenshot "$tmp/boot.png" >"$tmp/boot.log" 2>&1); then
    ok "bootrom: 100 frames"
else
    ko "bootrom: run failed: $(head -c 300 "$tmp/boot.log")"
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
