#!/usr/bin/env bash
# The F12 menu and the first run (issue 19), in a real window under Xvfb driven through XTEST:
#  1. arcana --config FILE on the A500 with no disk: the first-run hint is on screen; F12 opens
#     the menu; its browser goes from the disk folder (../shared/testdata) to amiga-examples,
#     into 012.ham_mode, and inserts ham_mode.adf; AROS boots it and the window shows the
#     picture (>= 99.5 % equal to FS-UAE's reference frame). Save/load state are greyed with
#     the reason (the A500 has none yet). The user's --config FILE is byte-identical after the
#     run; the window's prefs went to $XDG_CONFIG_HOME/arcana/prefs.ini and the menu's
#     screenshot to $XDG_PICTURES_DIR.
#  2. RAM: AROS boots from a HostFS folder holding our Avail and List commands; typed at its
#     shell, `cd` and List work and Avail reports 2 MB + 512 KB of fast memory (the default);
#     Machine settings > RAM 5 MB > Apply and reset, and the new machine's Avail reports 4.5 MB.
#     (On the classic 512 KB + 512 KB, AROS answers typed commands with "not enough memory
#     available" more often than not: the reason for the default.)
#  3. States (the RiscPC has them): slot 1 saved with a thumbnail, reset, slot 1 loaded: the
#     frame is the saved one again.
# Each step waits for the window's test-hook line (ARCANA_TEST_EVENTS), never a sleep. PNG
# captures of each step go to $UI_SHOTS (default: the temp folder).
set -u
cd "$(dirname "$0")/../.."
BUILD="${BUILD:-build}"
SHARED="${SHARED:-../shared}"
. tests/suite_lib.sh
tmp=$(mktemp -d); [ -n "${KEEP_TMP:-}" ] && echo "temp: $tmp"
xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; [ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT
shots="${UI_SHOTS:-$tmp/shots}"; mkdir -p "$shots"
arcana="$(pwd)/$BUILD/arcana"
xkeys="python3 tests/frontend/xkeys.py"

if ! command -v Xvfb >/dev/null || ! command -v xwd >/dev/null ||
   ! python3 -c 'import ctypes; ctypes.cdll.LoadLibrary("libXtst.so.6")' 2>/dev/null; then
    skipped "menu tests: Xvfb, xwd, python3 or libXtst missing"; finish menu
fi
if ! "$arcana" --machine a500 --headless --frames 1 >/dev/null 2>&1; then
    skipped "menu tests: no A500 ROM"; finish menu
fi
start_xvfb || { bad "Xvfb did not start"; finish menu; }
export SDL_VIDEODRIVER=x11 XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
    XDG_CACHE_HOME="$tmp/cache" XDG_PICTURES_DIR="$tmp/pictures"

# shot NAME: the whole screen as $shots/NAME.png (and $tmp/NAME.xwd).
shot() {
    xwd -root -silent >"$tmp/$1.xwd" && "$BUILD/tests/fe_check" xwd2png "$tmp/$1.xwd" "$shots/$1.png" >/dev/null
}
# keys COMBO... then wait for the hook line matching REGEX: keys REGEX COMBO...
keys() { local re=$1; shift; $xkeys "$@" && hook_wait "$re" 20; }
# emulated_now: the last whole emulated second the window reported.
emulated_now() { grep ' time ' "$hook_log" | tail -n 1 | cut -d' ' -f3; }
# snapshot PID: the frame on screen as a PNG (path printed).
snapshot() { kill -USR1 "$1"; hook_wait '^snapshot ' && cut -d' ' -f2 <<<"$hook_line"; }

tag() { python3 - "$1" "$2" <<'EOF'
import re, sys
m = re.search(sys.argv[2].encode() + rb"\x00([0-9a-f.]+)", open(sys.argv[1], "rb").read())
print(m.group(1).decode() if m else "")
EOF
}

# ---- 1. first run, the browser, inserting, the picture ----
printf '# my settings\n[arcana]\nmachine = a500\nwarp = yes\n' >"$tmp/user.ini"
cp "$tmp/user.ini" "$tmp/user.ini.orig"
hook_open first
"$arcana" --config "$tmp/user.ini" --no-sound >"$tmp/first.out" 2>"$tmp/first.err" &
pid=$!
if ! hook_wait '^ready '; then
    bad "first run: the window never said ready: $(head -c 300 "$tmp/first.err")"; finish menu
fi
shot 1-first-run
# The hint's title line is drawn in the OSD's alert colour (255,210,60).
n=$(python3 tests/frontend/xwdcount.py "$tmp/1-first-run.xwd" 255 210 60)
[ "${n:-0}" -gt 200 ] && ok "first run: the no-disk hint is on screen ($n pixels of its title)" \
    || bad "first run: no hint on screen ($n pixels)"
# A disk inserted 7.5 to 9 s into AROS's boot is never booted (headless too, 512 KB + 512 KB
# as well): the menu is opened once AROS waits for bootable media.
hook_wait '^time 12$' 60
if keys '^menu main 0 DF0: \(empty\)' F12; then
    shot 2-menu
    ok "F12 opens the menu on DF0"
else bad "F12: no menu: $(tail -n 3 "$hook_log")"; fi
grep -q ' item [0-9]* Save state\.\.\.$' "$hook_log" && grep -q ' item [0-9]* Load state\.\.\.$' "$hook_log" &&
    ok "save/load state offered on the A500" || bad "state items: $(grep 'state' "$hook_log")"
steps=0
keys '^menu browse 0 \.\./$' Return && steps=$((steps + 1))
grep -q ' item [0-9]* amiga-examples/$' "$hook_log" && steps=$((steps + 1))
keys '^menu browse [0-9]+ amiga-examples/$' a m i && steps=$((steps + 1))
keys '^menu browse 0 \.\./$' Return && steps=$((steps + 1))
keys '^menu browse [0-9]+ 012\.ham_mode/$' 0 1 2 && steps=$((steps + 1))
shot 3-browser
keys '^menu browse 0 \.\./$' Return && steps=$((steps + 1))
keys '^menu browse [0-9]+ ham_mode\.adf$' h a m && steps=$((steps + 1))
shot 4-browser-disk
t0=$(emulated_now)
keys '^menu closed$' Return && steps=$((steps + 1))
[ $steps -eq 8 ] && ok "browser: testdata > amiga-examples > 012.ham_mode > ham_mode.adf inserted" \
    || bad "browser: $steps of 8 steps: $(tail -n 5 "$hook_log")"
# AROS boots the disk: the picture is there about 22 s after it went in (headless likewise).
if hook_wait "^time $((${t0:-0} + 26))\$" 120; then
    png=$(snapshot $pid)
    shot 5-ham-picture
    r=$("$BUILD/tests/framecmp" "$png" tests/oracle/ref/012.ham_mode-ham_mode.png 2>&1)
    pct=$(sed -n 's/^match \([0-9.]*\)%.*/\1/p' <<<"$r")
    awk -v p="${pct:-0}" 'BEGIN { exit !(p >= 99.5) }' && ok "the window shows 012.ham_mode's picture ($pct % of FS-UAE's frame)" \
        || bad "ham_mode picture: $r"
else bad "ham_mode: emulated time did not advance: $(tail -n 3 "$hook_log")"; fi
# The menu's screenshot goes to the pictures folder.
keys '^menu main' F12
keys '^menu main [0-9]+ Screenshot$' s c
keys '^menu main [0-9]+ Screenshot$' Return
keys '^menu closed$' Escape
ls "$tmp/pictures"/a500-0001.png >/dev/null 2>&1 && ok "menu screenshot saved in \$XDG_PICTURES_DIR" \
    || bad "menu screenshot: $(ls -R "$tmp/pictures" 2>&1)"
# The picture saved to slot 1, the machine reset (AROS starts again), slot 1 loaded: the same
# frame again, at the saved emulated time.
keys '^menu main' F12
keys '^menu main [0-9]+ Save state\.\.\.$' s a
keys '^menu save 0 Slot 1: empty$' Return
keys '^state saved 1$' Return
saved=$(snapshot $pid)
keys '^menu closed$' F12
keys '^hotkey pause$' Control_L+Alt_L+p # the snapshot paused the machine: resume
keys '^menu main' F12
keys '^menu main [0-9]+ Reset$' r e s
keys '^menu closed$' Return
t1=$(emulated_now); hook_wait "^time $((${t1:-0} + 2))\$" 60
before=$(snapshot $pid)
keys '^hotkey pause$' Control_L+Alt_L+p
keys '^menu main' F12
keys '^menu main [0-9]+ Load state\.\.\.$' l o
keys '^menu load 0 Slot 1: saved ' Return
keys '^state loaded 1$' Return
loaded=$(snapshot $pid)
shot 5b-ham-state-loaded
hs=$(tag "$saved" "Frame hash"); hb=$(tag "$before" "Frame hash"); hl=$(tag "$loaded" "Frame hash")
ts=$(tag "$saved" "Emulated time"); tb=$(tag "$before" "Emulated time"); tl=$(tag "$loaded" "Emulated time")
# (The machine runs a little between each step and its snapshot: the loaded time is the saved
# one's plus that, and before the reset's.)
if [ -n "$hs" ] && [ "$hs" = "$hl" ] && [ "$hs" != "$hb" ] && awk -v l="$tl" -v b="$tb" 'BEGIN { exit !(l + 0 < b + 0) }'; then
    ok "A500: ham_mode saved to slot 1 at $ts s, reset ($tb s), loaded: the saved frame again ($hs at $tl s)"
else bad "A500 states: saved $hs at $ts s, after reset $hb at $tb s, loaded $hl at $tl s"; fi
keys '^hotkey pause$' Control_L+Alt_L+p
kill -TERM $pid; wait_exit $pid; rc=$?
hook_close
[ $rc -eq 0 ] || bad "first run: exit $rc: $(head -c 300 "$tmp/first.err")"
cmp -s "$tmp/user.ini" "$tmp/user.ini.orig" && ok "--config FILE byte-identical after the windowed run" \
    || bad "--config FILE changed: $(diff "$tmp/user.ini.orig" "$tmp/user.ini")"
grep -q '^\[window\]' "$tmp/config/arcana/prefs.ini" 2>/dev/null && ok "window size kept in \$XDG_CONFIG_HOME/arcana/prefs.ini" \
    || bad "prefs.ini: $(ls -R "$tmp/config" 2>&1)"
grep -q 'ham_mode.adf$' "$tmp/config/arcana/recent.txt" 2>/dev/null && ok "ham_mode.adf in the recent images" \
    || bad "recent.txt: $(cat "$tmp/config/arcana/recent.txt" 2>&1)"

# ---- 2. the shell, cd, List, Avail; RAM changed in the menu ----
share="$tmp/share"; mkdir -p "$share/S" "$share/C" "$share/Sub"
cp "$BUILD"/amiga/C/* "$share/C/"
echo 'Echo "ready"' >"$share/S/Startup-Sequence"
echo hello >"$share/Sub/file.txt"
# type_line TEXT: a shell line through the X keyboard (US positions), then Return.
type_line() {
    local combos=() ch
    for ((i = 0; i < ${#1}; i++)); do
        ch=${1:i:1}
        case $ch in
            ' ') combos+=(space) ;; ':') combos+=(Shift_L+semicolon) ;; '>') combos+=(Shift_L+period) ;;
            '.') combos+=(period) ;; '/') combos+=(slash) ;; [A-Z]) combos+=(Shift_L+${ch,,}) ;; *) combos+=("$ch") ;;
        esac
    done
    $xkeys "${combos[@]}" Return
    hook_wait '^key up 40$' # Return, the line's last key, processed by the window
    # the command has run before the next line is typed (typed ahead, the shell's prompt
    # lands among the next line's characters and the console may split that line)
    local t0; t0=$(emulated_now); hook_wait "^time $((t0 + 2))\$" 60
}
hook_open ram
"$arcana" --machine a500 --warp --no-sound --hostfs "$share" --hostfs-boot >"$tmp/ram.out" 2>"$tmp/ram.err" &
pid=$!
hook_wait '^ready ' && hook_wait '^time 25$' 120
# Typed at real speed: in warp a key held for the X server's few ms lasts long enough in
# emulated time for AROS's key repeat, and how long depends on the host's speed.
keys '^hotkey warp$' Control_L+Alt_L+w
type_line 'C:Avail >HOST:avail1.txt'
type_line 'cd HOST:Sub'
type_line 'cd >HOST:cd.txt'
type_line 'HOST:C/List >HOST:list.txt'
keys '^hotkey warp$' Control_L+Alt_L+w
t0=$(emulated_now); hook_wait "^time $((t0 + 4))\$" 60
shot 6-shell
got=$(cat "$share/avail1.txt" 2>/dev/null)
[ "$got" = "chip 523264 fast 2621408" ] && ok "default A500: AROS sees 512 KB chip + 2.5 MB fast (Avail: $got)" \
    || bad "default A500 Avail: '$got'"
grep -q 'Sub$' "$share/cd.txt" 2>/dev/null && grep -q '^file.txt  *6 ' "$share/list.txt" 2>/dev/null &&
    ok "default A500: the shell's cd and a directory listing work" || bad "cd/List: $(cat "$share/cd.txt" "$share/list.txt" 2>&1)"
keys '^menu main' F12
keys '^menu main [0-9]+ Machine settings' m a
keys '^menu settings 0 RAM: 3 MB$' Return
shot 7-settings
keys '^menu settings 0 RAM: 5 MB$' Right
keys '^menu settings [0-9]+ Apply and reset$' a
keys '^settings applied ram 5$' Return
hook_wait '^time 25$' 120
keys '^hotkey warp$' Control_L+Alt_L+w
type_line 'C:Avail >HOST:avail2.txt'
keys '^hotkey warp$' Control_L+Alt_L+w
t0=$(emulated_now); hook_wait "^time $((t0 + 5))\$" 60
shot 7b-shell-after-ram-change
got=$(cat "$share/avail2.txt" 2>/dev/null)
[ "$got" = "chip 523264 fast 4718560" ] && ok "RAM 5 MB applied on reset: Avail says $got" || bad "after RAM 5 MB: Avail '$got'"
kill -TERM $pid; wait_exit $pid; hook_close

# ---- 3. states on the RiscPC ----
# Its boot ROM tests 256 MB of RAM for about 2.5 s with a progress screen, then shows "passed":
# slot 1 saved during the test, then after it has passed, reset, slot 1 loaded: the frame is the
# saved one (and the emulated time the saved one's, so it is not the reset's own RAM test).
if "$arcana" --machine riscpc --headless --frames 1 >/dev/null 2>&1; then
    hook_open states
    "$arcana" --machine riscpc --ram 256 --no-sound >"$tmp/states.out" 2>"$tmp/states.err" &
    pid=$!
    hook_wait '^ready ' && hook_wait '^time 1$' 60
    keys '^menu main' F12
    keys '^menu main [0-9]+ Save state\.\.\.$' s a
    keys '^menu save 0 Slot 1: empty$' Return
    keys '^state saved 1$' Return
    shot 8-state-saved
    saved=$(snapshot $pid)
    keys '^menu closed$' F12
    hook_wait '^time 4$' 60
    before=$(snapshot $pid)
    keys '^hotkey pause$' Control_L+Alt_L+p # the snapshot paused the machine: resume
    keys '^menu main' F12
    keys '^menu main [0-9]+ Reset$' r e s
    keys '^menu closed$' Return
    keys '^menu main' F12
    keys '^menu main [0-9]+ Load state\.\.\.$' l o
    keys '^menu load 0 Slot 1: saved ' Return
    shot 9-state-load-page
    keys '^state loaded 1$' Return
    loaded=$(snapshot $pid)
    shot 10-state-loaded
    hs=$(tag "$saved" "Frame hash"); hb=$(tag "$before" "Frame hash"); hl=$(tag "$loaded" "Frame hash")
    ts=$(tag "$saved" "Emulated time"); tb=$(tag "$before" "Emulated time"); tl=$(tag "$loaded" "Emulated time")
    if [ -n "$hs" ] && [ "$hs" = "$hl" ] && [ "$hs" != "$hb" ] && awk -v l="$tl" -v b="$tb" 'BEGIN { exit !(l + 0 < b + 0) }'; then
        ok "RiscPC: slot 1 saved at $ts s, reset at $tb s, loaded: the saved frame again ($hs, at $tl s)"
    else bad "states: saved $hs at $ts s, before reset $hb at $tb s, loaded $hl at $tl s"; fi
    [ -s "$tmp/data/arcana/states/riscpc-slot1.png" ] && grep -q ' item 0 Slot 1: saved ' "$hook_log" &&
        ok "slot 1 listed as saved, with a thumbnail" || bad "slot 1: $(ls -R "$tmp/data" 2>&1)"
    kill -TERM $pid; wait_exit $pid; hook_close
else
    skipped "states: no RiscPC ROM"
fi
finish menu
