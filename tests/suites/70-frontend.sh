#!/usr/bin/env bash
# The windowed frontend in a real SDL2 window (X11 video driver) under Xvfb: for the frontend
# test machine (fe_uidemo) and every machine built into arcana, start the window, pause it with
# SIGUSR1 (which saves a screenshot of exactly the frame on screen and says where it is shown),
# capture the screen with xwd, check the capture shows that frame (not black) and quit cleanly
# with SIGTERM. Every wait is for a line from the window's test hook (ARCANA_TEST_EVENTS,
# frontend/testhook.h), never a sleep. Also: --audio-out's WAV holds the machine's tone, the window size is remembered
# in the config file, --has-window. Machines not built yet are skipped.
set -u
cd "$(dirname "$0")/../.."
BUILD="${BUILD:-build}"
. tests/suite_lib.sh
tmp=$(mktemp -d); [ -n "${KEEP_TMP:-}" ] && echo "temp: $tmp"
xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; [ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT

if ! command -v Xvfb >/dev/null || ! command -v xwd >/dev/null; then
    skipped "window tests: Xvfb or xwd (x11-apps) missing"; finish frontend
fi
start_xvfb || { bad "Xvfb did not start: $(head -c 300 "$tmp/xvfb.log")"; finish frontend; }
export SDL_VIDEODRIVER=x11 XDG_CONFIG_HOME="$tmp/xdg"

# window_check NAME DIR MIN% [SECONDS] -- command...: runs the command (in DIR) in a window,
# waits (through the test hook) until it is mapped and, if given, SECONDS of emulated time have
# passed, snapshots, compares the screen with the snapshot (MIN% of the frame's pixels must
# match) and quits. Leaves the snapshot line in $tmp/NAME.line.
window_check() {
    local name=$1 dir=$2 min=$3 secs=0; shift 3
    [ "$1" != -- ] && { secs=$1; shift; }
    shift
    local out="$tmp/$name.out" err="$tmp/$name.err" line="" png="" size="" screen="" verdict="" cmp=1
    hook_open "$name"
    (cd "$dir" && exec "$@") >"$out" 2>"$err" &
    local pid=$!
    if hook_wait '^ready ' && { [ "$secs" = 0 ] || hook_wait "^time $secs\$" 120; }; then
        kill -USR1 "$pid" 2>/dev/null
        hook_wait '^snapshot ' && line="arcana: $hook_line"
    fi
    echo "$line" >"$tmp/$name.line"
    # arcana: snapshot PATH frame WxH shown at X,Y size WxH screen X,Y
    if [ -n "$line" ]; then
        set -- $line
        png=$3 size=${10} screen=${12}
        case $png in /*) ;; *) png="$dir/$png" ;; esac
        # The snapshot line comes after the X server has drawn the frame (XSync): one capture.
        xwd -root -silent >"$tmp/$name.xwd" 2>/dev/null
        verdict=$("$BUILD/tests/fe_check" compare "$tmp/$name.xwd" "$png" "${screen%,*}" "${screen#*,}" \
            "${size%x*}" "${size#*x}" "$tmp/$name-screen.png" "$min")
        cmp=$?
    fi
    kill -TERM "$pid" 2>/dev/null
    wait_exit "$pid"; local rc=$?
    hook_close
    if [ -z "$line" ]; then bad "$name: no snapshot (exit $rc): $(head -c 300 "$err")"; return; fi
    if [ $cmp -eq 0 ] && [ $rc -eq 0 ]; then ok "$name: window shows the frame ($verdict), clean exit"
    elif [ $cmp -eq 3 ] && [ $rc -eq 0 ]; then skipped "$name: the machine's frame is still black after $secs emulated s ($verdict)"
    else bad "$name: $verdict; exit $rc; $(head -c 300 "$err")"; fi
}

demo="$(pwd)/$BUILD/tests/fe_uidemo"
window_check demo-square "$tmp" 99.5 -- "$demo" --no-sound --shots "$tmp" --config "$tmp/demo.ini"
if grep -q '^\[window\]' "$tmp/demo.ini" 2>/dev/null && grep -q '^width = 960$' "$tmp/demo.ini"; then
    ok "window size saved in the config"
else bad "window size not saved: $(cat "$tmp/demo.ini" 2>/dev/null)"; fi

window_check demo-wide-pixels "$tmp" 99.5 -- "$demo" --no-sound --shots "$tmp" --frame 360x288 --aspect 2
grep -q 'size 720x288 ' "$tmp/demo-wide-pixels.line" && ok "wide pixels shown 2:1" \
    || bad "wide pixels: $(cat "$tmp/demo-wide-pixels.line")"

printf '[arcana]\n[window]\nwidth = 800\nheight = 600\n' >"$tmp/remember.ini"
window_check demo-remembered "$tmp" 99.5 -- "$demo" --no-sound --shots "$tmp" --config "$tmp/remember.ini"
grep -q 'shown at 80,44 size 640x512 ' "$tmp/demo-remembered.line" && ok "remembered window size used" \
    || bad "remembered size: $(cat "$tmp/demo-remembered.line")"

window_check demo-smooth "$tmp" 98 -- "$demo" --no-sound --shots "$tmp" --smooth --frame 640x256 --aspect 0.5

cell() { "$BUILD/tests/fe_check" pixel "$1" $(($2 * 8 + 4)) $(($3 * 8 + 4)); }
# snap PID: SIGUSR1 and wait for the snapshot (of a frame that ran after every input the
# window had processed by then); prints the PNG's path.
snap() {
    kill -USR1 "$1"
    hook_wait '^snapshot ' && cut -d' ' -f2 <<<"$hook_line"
}
# start_demo NAME ARGS...: fe_uidemo in the background (pid in $pid), returns once it is ready.
start_demo() {
    local name=$1; shift
    hook_open "$name"
    "$demo" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    pid=$!
    hook_wait '^ready ' || bad "$name: the window never said ready: $(head -c 300 "$tmp/$name.err")"
}

# XTEST (libXtst) and python3 drive the keyboard, mouse and drag and drop.
if python3 -c 'import ctypes; ctypes.cdll.LoadLibrary("libXtst.so.6")' 2>/dev/null; then
    # End to end through the X server (XTEST): keys and mouse buttons reach the machine (the test
    # machine draws them as cells at its top left), hotkeys work, Ctrl+Alt+Q quits cleanly.
    # Each step waits for the window's report that it processed the last event sent.
    xkeys="python3 tests/frontend/xkeys.py"
    mkdir -p "$tmp/e2e"
    start_demo e2e --no-sound --shots "$tmp/e2e"
    $xkeys down:a; hook_wait '^key down 4$'
    png=$(snap $pid)
    # HID 0x04 (a): bit 2 set, key down.
    if [ -n "$png" ] && [ "$(cell "$png" 2 0)" = "255 255 255" ] && [ "$(cell "$png" 1 0)" = "0 0 0" ] &&
       [ "$(cell "$png" 8 0)" = "0 255 0" ]; then ok "key a reaches the machine as HID 0x04, down"
    else bad "key a: $png: cells $(cell "$png" 0 0 2>&1) / $(cell "$png" 2 0 2>&1) / $(cell "$png" 8 0 2>&1)"; fi
    $xkeys up:a Control_L+Alt_L+p Control_L+Alt_L+s; hook_wait '^hotkey screenshot$'
    n=$(ls "$tmp/e2e" | grep -c '^testpattern-000[12].png$')
    [ "$n" -eq 2 ] && ok "Ctrl+Alt+P resumes, Ctrl+Alt+S saves a new screenshot" || bad "hotkey screenshot: $(ls "$tmp/e2e")"
    $xkeys click:1 press:1; hook_wait '^button down 1 captured$'
    png=$(snap $pid)
    left=$(cell "$png" 0 1); middle=$(cell "$png" 2 1)
    $xkeys Control_L+Alt_L+p release:1 down:Control_L press:1; hook_wait '^button down 1 captured$'
    png=$(snap $pid)
    left2=$(cell "$png" 0 1); middle2=$(cell "$png" 2 1)
    if [ "$left" = "255 255 255" ] && [ "$middle" = "0 0 0" ] && [ "$left2" = "0 0 0" ] && [ "$middle2" = "255 255 255" ]; then
        ok "mouse captured on click; left button, Ctrl+click as middle"
    else bad "mouse buttons: left [$left] [$middle], ctrl+click [$left2] [$middle2]"; fi
    $xkeys release:1 up:Control_L Control_L+Alt_L+m Control_L+Alt_L+p Control_L+Alt_L+f
    hook_wait '^window size 1280x1024$'
    snap $pid >/dev/null; full="arcana: $hook_line"
    $xkeys Control_L+Alt_L+p Control_L+Alt_L+f
    hook_wait '^window size 960x768$'
    snap $pid >/dev/null; back="arcana: $hook_line"
    if grep -q 'size 1280x1024 screen 0,0$' <<<"$full" && grep -q 'size 960x768 ' <<<"$back"; then
        ok "Ctrl+Alt+F: fullscreen ×4 and back to the window"
    else bad "fullscreen: [$full] then [$back]"; fi
    $xkeys Control_L+Alt_L+q
    wait_exit $pid; rc=$?
    hook_close
    [ $rc -eq 0 ] && ok "Ctrl+Alt+Q quits cleanly" || bad "Ctrl+Alt+Q: exit $rc $(cat "$tmp/e2e.err")"

    # Drag and drop (XDND, as a file manager does): Ctrl+Alt+D selects drive 1, the dropped image
    # (a name with a space, so percent-encoded in the URI) goes into it.
    mkdir -p "$tmp/drop"
    : >"$tmp/drop/my disk.adf"
    start_demo drop --no-sound --shots "$tmp/drop"
    $xkeys Control_L+Alt_L+d; hook_wait '^hotkey drive-next$'
    python3 tests/frontend/xdrop.py 640 512 "$tmp/drop/my disk.adf" 2>"$tmp/xdrop.err"; drop=$?
    hook_wait '^drop .*/my disk\.adf$'
    png=$(snap $pid)
    kill -TERM $pid; wait_exit $pid; hook_close
    if [ $drop -eq 0 ] && [ "$(cell "$png" 0 3)" = "0 0 0" ] && [ "$(cell "$png" 1 3)" = "255 255 255" ]; then
        ok "drag and drop inserts the image into the selected drive (1)"
    else bad "drag and drop: xdrop $drop $(cat "$tmp/xdrop.err"); cells [$(cell "$png" 0 3)] [$(cell "$png" 1 3)]"; fi
else
    skipped "keyboard, mouse, hotkeys, drag and drop: python3 or libXtst missing"
fi


# A game controller (SDL's virtual one: d-pad up, stick right, A) is the joystick in the
# Amiga's joystick port ("port 2", machine_joystick's port 1).
mkdir -p "$tmp/pad"
start_demo pad --no-sound --shots "$tmp/pad" --virtual-pad
hook_wait '^pad dirs 9 buttons 1$'
png=$(snap $pid)
kill -TERM $pid; wait_exit $pid; hook_close
joy=""; for c in 0 1 2 3 4 5 6; do joy="$joy$(cell "$png" $c 2 | cut -c1)"; done
# Cells: up down left right fire fire2 joystick-port; "2" = white (255), "0" = black.
[ "$joy" = "2002202" ] && ok "game controller: up+right+fire on the joystick port" || bad "game controller: cells $joy $(cat "$tmp/pad.err")"

# The machine's sound in a WAV file: the test machine plays 1 kHz.
"$demo" --audio-out "$tmp/tone.wav" --seconds 2 --warp >"$tmp/wav.out" 2>&1
wav=$("$BUILD/tests/fe_check" wav "$tmp/tone.wav" 2>&1)
set -- $wav
if [ "${2:-}" = 44100 ] && [ "${4:-}" = 88200 ] && awk -v f="${6:-0}" 'BEGIN { exit !(f > 990 && f < 1010) }'; then
    ok "--audio-out: $wav"
else bad "--audio-out: $wav $(cat "$tmp/wav.out")"; fi

# Sound: no device is one warning line and a correctly paced run; a device that takes samples
# faster than real time (ALSA's null device) must not make the emulation run fast either.
# (An unpaced run takes ~0.1 s; the lower bound leaves room for start-up and a busy host.)
start=$(date +%s.%N)
"$demo" --seconds 1.5 >"$tmp/nodev.out" 2>"$tmp/nodev.err"; rc=$?
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
# (A host with a sound card plays it instead: then nothing may be printed at all.)
lines=$(wc -l <"$tmp/nodev.err")
if [ $rc -eq 0 ] && { [ "$lines" -eq 0 ] || { [ "$lines" -eq 1 ] && grep -q 'no sound' "$tmp/nodev.err"; }; } &&
   awk -v w="$wall" 'BEGIN { exit !(w > 1.0 && w < 6) }'; then
    ok "no sound device: one warning line, 1.5 s emulated in $wall s"
else bad "no sound device: exit $rc, $wall s, stderr: $(cat "$tmp/nodev.err")"; fi
mkdir -p "$tmp/home"
printf 'pcm.!default {\n  type null\n}\n' >"$tmp/home/.asoundrc"
start=$(date +%s.%N)
HOME="$tmp/home" "$demo" --seconds 1.5 >"$tmp/null.out" 2>"$tmp/null.err"; rc=$?
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
if [ $rc -eq 0 ] && ! grep -q 'no sound' "$tmp/null.err" && awk -v w="$wall" 'BEGIN { exit !(w > 1.0 && w < 6) }'; then
    ok "null sound device opened, 1.5 s emulated in $wall s"
else bad "null sound device: exit $rc, $wall s, stderr: $(cat "$tmp/null.err")"; fi

# arcana itself.
arcana="$(pwd)/$BUILD/arcana"
if "$arcana" --has-window >/dev/null 2>&1; then ok "--has-window under Xvfb"; else bad "--has-window under Xvfb"; fi
if ! DISPLAY= "$arcana" --has-window >/dev/null 2>&1; then ok "--has-window without a display fails"
else bad "--has-window without a display succeeded"; fi
machines=$("$arcana" --list-machines 2>/dev/null)
for m in a500 riscpc; do
    if ! grep -qE "^  $m " <<<"$machines"; then skipped "$m: not built into arcana yet"; continue; fi
    if [ "$m" = a500 ] && [ -f "$BUILD/amiga/copper.adf" ]; then
        # AROS shows a plain grey screen for its first 40 s; the copper test disk shows a
        # picture with every colour after ~15 emulated seconds: run in warp to get there.
        cp "$BUILD/amiga/copper.adf" "$tmp/copper.adf"
        window_check "$m" "$tmp" 99.5 20 -- "$arcana" --machine "$m" --warp --floppy0 "$tmp/copper.adf"
    else
        window_check "$m" "$tmp" 99.5 3 -- "$arcana" --machine "$m"
    fi
done
finish frontend
