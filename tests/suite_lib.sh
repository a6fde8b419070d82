# Shared by suites (source it): counters, ok/bad lines and the closing "NAME: N passed, N failed
# [, N skipped]" line that tests/run_all.sh adds up.
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
skipped() { skip=$((skip + ${2:-1})); echo "skip $1"; }
# Prints the closing line for suite NAME and exits with its status.
finish() {
    if [ "$skip" -gt 0 ]; then echo "$1: $pass passed, $fail failed, $skip skipped"; else echo "$1: $pass passed, $fail failed"; fi
    [ "$fail" -eq 0 ]; exit $?
}
# Starts a private X server (Xvfb) and returns once it accepts clients: Xvfb picks a free display
# itself and writes its number to -displayfd only when ready, so there is no polling and no clash
# with other servers. Sets DISPLAY and xvfb_pid (the caller kills it); needs $tmp. Returns 1 if
# Xvfb is missing or does not come up.
start_xvfb() { # [SCREEN_GEOMETRY]
    command -v Xvfb >/dev/null || return 1
    local fifo="$tmp/xvfb.displayfd" num=""
    rm -f "$fifo"; mkfifo "$fifo" || return 1
    Xvfb -displayfd 3 -screen 0 "${1:-1280x1024x24}" -nolisten tcp 3>"$fifo" >"$tmp/xvfb.log" 2>&1 &
    xvfb_pid=$!
    read -r -t 60 num <"$fifo"
    rm -f "$fifo"
    [ -n "$num" ] || { kill "$xvfb_pid" 2>/dev/null; xvfb_pid=""; return 1; }
    export DISPLAY=":$num"
}
