#!/usr/bin/env bash
# Input files are hostile until checked (issue 13): a FIFO, a device or a folder given where a
# file is read is refused at once (no hang) with one line naming it, exit status 2; so is a
# damaged save state (RiscPC and A500). Sanitized build. Budget ~25 s.
set -u
bin="$SAN_DIR/arcana"
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/xdg" XDG_DATA_HOME="$tmp/data"
mkfifo "$tmp/fifo"
refused() { # NAME WANT_REGEX -- args...: exit 2 within 20 s, one line matching
    local name=$1 regex=$2; shift 3
    timeout 20 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    if [ "$rc" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -Eq -e "$regex" "$tmp/err"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL $name: exit $rc (want 2, 124 = hang); stderr: $(head -c 300 "$tmp/err")"
    fi
}
fifo="$tmp/fifo: not a regular file but a FIFO"
refused "riscpc --rom FIFO" "$fifo" -- --machine riscpc --rom "$tmp/fifo" --headless --frames 1
refused "a500 --rom FIFO" "$fifo" -- --machine a500 --rom "$tmp/fifo" --headless --frames 1
refused "riscpc --floppy0 FIFO" "floppy $fifo" -- --machine riscpc --floppy0 "$tmp/fifo" --headless --frames 1
refused "a500 floppy FIFO" "$fifo" -- --machine a500 "$tmp/fifo" --headless --frames 1
refused "riscpc --hd0 FIFO" "$fifo" -- --machine riscpc --hd0 "$tmp/fifo" --headless --frames 1
refused "riscpc --kernel FIFO" "--kernel $fifo" -- --machine riscpc --kernel "$tmp/fifo" --headless --frames 1
refused "riscpc --initrd FIFO" "--initrd $fifo" -- --machine riscpc --ram 32 --kernel /etc/hostname --initrd "$tmp/fifo" --headless --frames 1
refused "--load-state FIFO" "$fifo" -- --machine riscpc --load-state "$tmp/fifo" --headless --frames 1
refused "--config FIFO" "$tmp/fifo: cannot be read \\(not a regular file but a FIFO\\)" -- --config "$tmp/fifo" --headless --frames 1
refused "riscpc --kernel /dev/zero" "/dev/zero: not a regular file but a character device" -- --machine riscpc --kernel /dev/zero --headless --frames 1
refused "--load-state folder" "$tmp: (is a folder|not a regular file)" -- --machine riscpc --load-state "$tmp" --headless --frames 1

# a save state with bytes changed and its checksum fixed up: one line, status 2
"$bin" --machine riscpc --ram 4 --headless --frames 2 --save-state "$tmp/good.state" 2>/dev/null
if [ -s "$tmp/good.state" ]; then
    python3 - "$tmp/good.state" "$tmp/bad.state" "$tmp/old.state" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
pos = 28
while b[pos:pos + 4] != b'ARM ':
    pos += 16 + struct.unpack('<Q', b[pos + 8:pos + 16])[0]
# `halted` (after the ID, r0-r15, CPSR, the banked r8-r14 and SPSRs, CP15's five words and a flag): 255
b[pos + 16 + 4 + 64 + 4 + 40 + 24 * 3 + 4 * 5 + 1] = 0xff
h = 0xcbf29ce484222325
n = len(b) - 8
words = struct.unpack('<%dQ' % (n // 8), bytes(b[:n - n % 8]))
for w in words:
    h = ((h ^ w) * 0x100000001b3) & 0xffffffffffffffff
for x in b[n - n % 8:n]:
    h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
b[-8:] = struct.pack('<Q', h)
open(sys.argv[2], 'wb').write(b)
# a state in the format before machines/state.h: its magic, then anything
open(sys.argv[3], 'wb').write(b'ARCANA-RISCPC-1\0' + bytes(100000))
PY
    refused "state with a bool of 255" "bad.state: section ARM: a flag holds 255 \(0 or 1\); machine unchanged" -- \
        --machine riscpc --ram 4 --load-state "$tmp/bad.state" --headless --frames 1
    head -c 1000 "$tmp/good.state" >"$tmp/short.state"
    refused "truncated state" "short.state: truncated" -- \
        --machine riscpc --ram 4 --load-state "$tmp/short.state" --headless --frames 1
    refused "state of the older format" "old.state: a state of an older Arcana .*machine unchanged" -- \
        --machine riscpc --ram 4 --load-state "$tmp/old.state" --headless --frames 1
else
    fail=$((fail + 1)); echo "FAIL could not save a state to damage"
fi
# the same for the A500's states (machines/state.h): a flag of 255 in the CPU section with the
# checksum fixed up, a truncated file, a FIFO, a RiscPC state given to the A500
"$bin" --machine a500 --headless --frames 2 --save-state "$tmp/a500.state" 2>/dev/null
if [ -s "$tmp/a500.state" ]; then
    python3 - "$tmp/a500.state" "$tmp/a500bad.state" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
pos = 28
while b[pos:pos + 4] != b'M68K':
    pos += 16 + struct.unpack('<Q', b[pos + 8:pos + 16])[0]
b[pos + 16 + 64 + 4 * 3 + 2 * 3 + 8 * 3 + 3] = 0xff   # `halted` (after usp ssp pc, sr ir irc, 3 clocks, 3 bytes): 255
h = 0xcbf29ce484222325
n = len(b) - 8
words = struct.unpack('<%dQ' % (n // 8), bytes(b[:n - n % 8]))
for w in words:
    h = ((h ^ w) * 0x100000001b3) & 0xffffffffffffffff
for x in b[n - n % 8:n]:
    h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
b[-8:] = struct.pack('<Q', h)
open(sys.argv[2], 'wb').write(b)
PY
    refused "a500 state with a bool of 255" "a500bad.state: section M68K: a flag holds 255 \(0 or 1\); machine unchanged" -- \
        --machine a500 --load-state "$tmp/a500bad.state" --headless --frames 1
    head -c $(($(stat -c %s "$tmp/a500.state") / 2)) "$tmp/a500.state" >"$tmp/a500short.state" # half: states are compressed
    refused "a500 truncated state" "a500short.state: truncated" -- \
        --machine a500 --load-state "$tmp/a500short.state" --headless --frames 1
    refused "a500 --load-state FIFO" "$fifo" -- --machine a500 --load-state "$tmp/fifo" --headless --frames 1
    refused "riscpc state to the a500" "good.state: a state of the riscpc machine, not of the a500" -- \
        --machine a500 --load-state "$tmp/good.state" --headless --frames 1
    refused "a500 state to the riscpc" "a500.state: a state of the a500 machine, not of the riscpc" -- \
        --machine riscpc --ram 4 --load-state "$tmp/a500.state" --headless --frames 1
else
    fail=$((fail + 1)); echo "FAIL could not save an A500 state to damage"
fi
echo "hostile-files: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
