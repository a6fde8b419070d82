#!/usr/bin/env bash
# --script (issue 17): a run driven by commands. Linux on the RiscPC is waited for on the serial
# port, screenshotted and ended with `exit 7`; a wait that times out ends with status 3; a frame
# is waited for by the SHA-1 of its RGB bytes; AROS on the A500 is typed at through the Amiga
# keyboard and writes what was typed to a HostFS folder; bad scripts are refused with FILE:LINE.
set -u
cd "$(dirname "$0")/../.."
BUILD="${BUILD:-build}"; SHARED="${SHARED:-../shared}"
arcana="$BUILD/arcana"
. tests/suite_lib.sh
tmp=$(mktemp -d); xvfb_pid=""
trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$tmp"' EXIT

png_rgb_sha1() { python3 tests/tools/png_rgb_sha1.py "$1"; }

# Runs arcana with a script; checks the exit status and, when given, the one stderr line.
expect_run() { # NAME STATUS STDERR_REGEX -- args...
    local name=$1 want=$2 regex=$3; shift 4
    "$arcana" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    if [ $rc -eq "$want" ] && { [ -z "$regex" ] || { grep -Eq -- "$regex" "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ]; }; }; then
        ok "$name"
    else
        bad "$name: exit $rc (want $want); stderr: $(head -c 300 "$tmp/err")"
    fi
}

ZIMAGE="$SHARED/testdata/linux-rpc/zImage"
if [ -f "$ZIMAGE" ]; then
    cat >"$tmp/linux.txt" <<EOS
# Linux boots, init says hello: screenshot and a status of our own.
wait-serial "init: hello from userspace" 30
screenshot $tmp/linux.png
exit 7
EOS
    expect_run "linux: wait-serial, screenshot, exit 7" 7 "" -- --machine riscpc --kernel "$ZIMAGE" --headless --script "$tmp/linux.txt"
    [ -s "$tmp/linux.png" ] && ok "linux: the screenshot was written" || bad "linux: no screenshot"
    printf 'wait-serial "init: hello from userspace" 30\nwait-serial "not printed by anyone" 1.5\nexit 0\n' >"$tmp/late.txt"
    expect_run "linux: a wait-serial that times out ends with status 3" 3 "late.txt:2: wait-serial \"not printed by anyone\" timed out after 1.5 s" \
        -- --machine riscpc --kernel "$ZIMAGE" --headless --script "$tmp/late.txt"
    # The same script in the window (under a private X server): status 7 too.
    # (A private Xvfb started here, not xvfb-run: xvfb-run's own clean-up can fail and replace
    # the status with 5.)
    if start_xvfb; then
        printf 'wait-serial "init: hello from userspace" 30\nscreenshot %s\nexit 7\n' "$tmp/win.png" >"$tmp/win.txt"
        SDL_VIDEODRIVER=x11 XDG_CONFIG_HOME="$tmp/xdg" timeout 300 "$arcana" --machine riscpc --kernel "$ZIMAGE" --no-sound \
            --script "$tmp/win.txt" >/dev/null 2>"$tmp/err"; rc=$?
        [ $rc -eq 7 ] && [ -s "$tmp/win.png" ] && ok "linux, windowed: the script ends the run with status 7" \
            || bad "windowed script: exit $rc: $(head -c 300 "$tmp/err")"
        kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; xvfb_pid=""
    else
        echo "skip windowed: no Xvfb"; skip=$((skip + 1))
    fi
else
    echo "skip linux: $ZIMAGE missing"; skip=$((skip + 4))
fi

# wait-screen: the frame of our own boot ROM after 30 frames, waited for by its SHA-1.
printf 'wait-frames 30\nscreenshot %s\nexit 0\n' "$tmp/rom.png" >"$tmp/shot.txt"
expect_run "riscpc: wait-frames and screenshot" 0 "" -- --machine riscpc --headless --script "$tmp/shot.txt"
sum=$(png_rgb_sha1 "$tmp/rom.png" 2>/dev/null)
printf 'wait-screen %s 5\nexit 5\n' "$sum" >"$tmp/screen.txt"
expect_run "riscpc: wait-screen finds the frame by its SHA-1" 5 "" -- --machine riscpc --headless --script "$tmp/screen.txt"
printf 'wait-screen %s 0.5\nexit 5\n' "0123456789abcdef0123456789abcdef01234567" >"$tmp/noscreen.txt"
expect_run "riscpc: wait-screen times out with status 3" 3 "noscreen.txt:1: wait-screen 0123456789abcdef0123456789abcdef01234567 timed out after 0.5 s" \
    -- --machine riscpc --headless --script "$tmp/noscreen.txt"
printf 'wait 10\nexit 0\n' >"$tmp/long.txt"
expect_run "a run limit reached during a wait is status 3" 3 "long.txt:1: the run's time or frame limit came during this wait" \
    -- --machine riscpc --headless --frames 5 --script "$tmp/long.txt"

# Bad scripts: one line naming the file and line, status 2.
printf 'wait 1\nfly-to-the-moon\n' >"$tmp/bad1.txt"
expect_run "unknown command refused" 2 "bad1.txt:2: unknown command" -- --headless --script "$tmp/bad1.txt"
printf 'key nosuchkey press\n' >"$tmp/bad2.txt"
expect_run "unknown key refused" 2 "bad2.txt:1: key: unknown key name" -- --headless --script "$tmp/bad2.txt"
printf 'type "unterminated\n' >"$tmp/bad3.txt"
expect_run "unterminated string refused" 2 "bad3.txt:1: unterminated quoted string" -- --headless --script "$tmp/bad3.txt"
expect_run "missing script file refused" 2 "--script: .*nonexistent.txt: cannot be read" -- --headless --script "$tmp/nonexistent.txt"

# The A500: AROS boots from a HostFS folder to its shell; the script types a command line.
if "$arcana" --machine a500 --headless --seconds 0.01 >/dev/null 2>&1; then
    mkdir -p "$tmp/share/S"
    echo 'Echo >HOST:ready.txt "ready"' >"$tmp/share/S/Startup-Sequence"
    cat >"$tmp/type.txt" <<'EOS'
wait 25
type "Echo >HOST:typed.txt \"Typed: Hello, World! 1+1=2 (ok)\"\n"
wait 3
exit 0
EOS
    expect_run "a500: typing into the AROS shell" 0 "" -- --machine a500 --headless --hostfs "$tmp/share" --hostfs-boot --script "$tmp/type.txt"
    got=$(cat "$tmp/share/typed.txt" 2>/dev/null)
    [ "$got" = "Typed: Hello, World! 1+1=2 (ok)" ] && ok "a500: the shell ran the typed line exactly" \
        || bad "a500: typed.txt holds '$got'"
else
    echo "skip a500: no Amiga ROM"; skip=$((skip + 2))
fi

finish script
