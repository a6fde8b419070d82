#!/usr/bin/env bash
# --gdb (issue 17): Debian's gdb-multiarch against the stub. RiscPC: registers, a single step
# and memory at the kernel's entry, then a breakpoint at start_kernel (from the kernel's
# System.map) reached by continuing, registers and memory read there, and a detach after which
# Linux boots to its halt. A500 (AROS): the same first look, a breakpoint at an address found by
# stepping, and a write watchpoint on the exec base pointer at address 4.
set -u
cd "$(dirname "$0")/../.."
BUILD="${BUILD:-build}"; SHARED="${SHARED:-../shared}"
arcana="$BUILD/arcana"
. tests/suite_lib.sh
tmp=$(mktemp -d); pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
if ! command -v gdb-multiarch >/dev/null; then
    echo "skip: gdb-multiarch missing"; echo "gdb: 0 passed, 0 failed, 1 skipped"; exit 0
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Starts arcana under --gdb in the background and waits until it says it listens.
start() { # LOGNAME args...
    local log=$1; shift
    port=$(free_port)
    "$arcana" "$@" --headless --gdb "$port" >"$tmp/$log.out" 2>"$tmp/$log.err" &
    pid=$!
    for _ in $(seq 300); do
        grep -q "waiting for GDB" "$tmp/$log.err" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    bad "$log: the stub never listened: $(head -c 300 "$tmp/$log.err")"; return 1
}
# Runs gdb-multiarch -batch with the given -ex commands against $port; output in $tmp/$log.gdb.
gdb_run() { # LOGNAME commands...
    local log=$1; shift
    local args=()
    for c in "$@"; do args+=(-ex "$c"); done
    timeout 120 gdb-multiarch -nx -batch "${args[@]}" >"$tmp/$log.gdb" 2>&1
}
finish_run() { wait "$pid"; local rc=$?; pid=""; return $rc; }
has() { grep -Eq -- "$2" "$tmp/$1.gdb"; }

ZIMAGE="$SHARED/testdata/linux-rpc/zImage"; MAP="$SHARED/testdata/linux-rpc/System.map"
if [ -f "$ZIMAGE" ] && [ -f "$MAP" ]; then
    sk=$(awk '$3 == "start_kernel" {print $1}' "$MAP")
    if start linux --machine riscpc --kernel "$ZIMAGE" --seconds 30 --serial "$tmp/serial.log"; then
        gdb_run linux 'set architecture arm' "target remote :$port" 'info registers pc' stepi 'info registers pc' \
            'x/4wx $pc' "break *0x$sk" continue 'info registers pc sp cpsr r13_svc spsr_svc' 'x/2wx $pc' detach
        finish_run; rc=$?
        has linux '^pc +0x10008000' && has linux '^pc +0x10008004' && ok "riscpc: pc at the kernel entry, stepi moves it 4" \
            || bad "riscpc: first look: $(grep -E '^pc' "$tmp/linux.gdb" | tr '\n' ' ')"
        has linux '^0x10008004:[[:space:]]+0x[0-9a-f]{8}' && ok "riscpc: x/4wx \$pc reads memory" || bad "riscpc: no memory dump"
        has linux "^Breakpoint 1, 0x0*$sk in" && has linux "^pc +0x$sk" && ok "riscpc: continue stops at start_kernel (0x$sk)" \
            || bad "riscpc: breakpoint: $(grep -iE 'breakpoint|^pc' "$tmp/linux.gdb" | tr '\n' ' ')"
        has linux '^r13_svc +0x' && has linux '^spsr_svc +0x' && ok "riscpc: banked registers through the target description" \
            || bad "riscpc: banked registers missing"
        first=$(od -A n -t x4 -j $((0x${sk} - 0xc0008000)) -N 4 "$SHARED/testdata/linux-rpc/Image" 2>/dev/null | tr -d ' ')
        has linux "^0x$sk:[[:space:]]+0x$first" && ok "riscpc: memory at start_kernel equals the kernel image's (via the MMU)" \
            || bad "riscpc: memory at start_kernel is not 0x$first: $(grep "^0x$sk" "$tmp/linux.gdb")"
        [ $rc -eq 0 ] && grep -q "reboot: System halted" "$tmp/serial.log" && ok "riscpc: after detach Linux boots to its halt" \
            || bad "riscpc: after detach: exit $rc, serial tail $(tail -n 2 "$tmp/serial.log" | tr '\n' ' ')"
    fi
else
    echo "skip linux: kernel or System.map missing"; skip=$((skip + 6))
fi

if "$arcana" --machine a500 --headless --seconds 0.01 >/dev/null 2>&1; then
    # GDB with no executable assumes the host's byte order; the stub offers a header-only
    # big-endian 68000 ELF as the executable (qXfer:exec-file), so the issue's plain command
    # works (aros1); `set endian big`, as the README also shows, must keep working (aros2).
    m68k=('set architecture m68k:68000' 'set endian big')
    if start aros1 --machine a500 --seconds 5; then
        gdb_run aros1 'set architecture m68k:68000' "target remote :$port" 'info registers pc' stepi 'info registers pc' 'x/4wx $pc' \
            'stepi 400' 'info registers pc' kill
        finish_run
        pcs=$(grep -E '^pc ' "$tmp/aros1.gdb" | awk '{print $2}' | tr '\n' ' ')
        set -- $pcs
        [ $# -eq 3 ] && [ "$1" != "$2" ] && [ "$2" != "$3" ] && [ $(( $1 >= 0xf80000 && $1 <= 0xffffff )) -eq 1 ] \
            && ok "a500: pc in the ROM, stepi moves it ($pcs)" || bad "a500: pcs '$pcs'"
        grep -Eq "^$2:[[:space:]]+0x[0-9a-f]{8}" "$tmp/aros1.gdb" && ok "a500: x/4wx \$pc reads ROM" || bad "a500: no memory dump"
        target=$3
        if start aros2 --machine a500 --seconds 5; then
            gdb_run aros2 "${m68k[@]}" "target remote :$port" "break *$target" continue 'info registers pc sp ps' \
                'delete 1' 'watch *(int*)4' continue 'info registers pc' 'x/1wx 4' detach
            finish_run; rc=$?
            grep -Eq "^Breakpoint 1, 0x0*${target#0x} in" "$tmp/aros2.gdb" && ok "a500: continue stops at the breakpoint $target" \
                || bad "a500: breakpoint: $(grep -iE 'breakpoint' "$tmp/aros2.gdb" | tr '\n' ' ')"
            grep -Eq "^Hardware watchpoint 2: \*\(int\*\)4" "$tmp/aros2.gdb" && grep -q "^New value = " "$tmp/aros2.gdb" \
                && ok "a500: the write watchpoint on ExecBase (address 4) fires" \
                || bad "a500: watchpoint: $(grep -iE -A3 'watchpoint' "$tmp/aros2.gdb" | tr '\n' ' ')"
            [ $rc -eq 0 ] && ok "a500: runs on to its end after detach" || bad "a500: exit $rc after detach"
        fi
    fi
else
    echo "skip a500: no Amiga ROM"; skip=$((skip + 5))
fi

# Ctrl-C from the debugger while the machine runs: the stub stops it and says SIGINT (S02).
if start ctrlc --machine riscpc --seconds 60; then
    reply=$(python3 - "$port" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
def packet(body):
    s.sendall(b"$%s#%02x" % (body, sum(body) & 0xff))
def read_reply():
    buf = b""
    while b"#" not in buf or len(buf) < buf.index(b"#") + 3:
        buf += s.recv(4096)
    return buf[buf.index(b"$") + 1:buf.index(b"#")].decode()
packet(b"c")
time.sleep(0.3)          # let it run: what is tested is that ^C stops a running machine
s.sendall(b"\x03")
got = read_reply()
s.sendall(b"+")
packet(b"k")
print(got)
PY
)
    finish_run
    [ "$reply" = "S02" ] && ok "Ctrl-C stops a running machine (S02)" || bad "Ctrl-C: reply '$reply'"
fi

"$arcana" --machine riscpc --gdb 1234 >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok "--gdb without --headless: exit 2, one line" || bad "--gdb windowed: exit $rc"

finish gdb
