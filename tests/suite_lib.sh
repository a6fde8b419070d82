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
# The frontend's test hook ($ARCANA_TEST_EVENTS, frontend/testhook.h): the window reports each
# input event it processed, hotkey, window change, snapshot, whole emulated second and "ready"
# on a fifo; tests wait for those lines instead of sleeping. hook_open NAME makes the fifo
# (under $tmp), opens it read-write on $hook_fd (so the writer never blocks on open) and exports
# ARCANA_TEST_EVENTS for the next program started; hook_close forgets it.
hook_open() {
    hook_fifo="$tmp/$1.events"
    rm -f "$hook_fifo"; mkfifo "$hook_fifo" || return 1
    exec {hook_fd}<>"$hook_fifo"
    export ARCANA_TEST_EVENTS="$hook_fifo"
    hook_log="$tmp/$1.events.log"; : >"$hook_log"
}
hook_close() {
    [ -n "${hook_fd:-}" ] && exec {hook_fd}<&-
    hook_fd=""; unset ARCANA_TEST_EVENTS
}
# hook_wait REGEX [TIMEOUT_S]: reads event lines until one matches (it is left in $hook_line);
# returns 1 after TIMEOUT_S (default 30) seconds without one. Every line read is logged (with
# the wall-clock time it was read).
hook_wait() {
    local re=$1 end=$((SECONDS + ${2:-30})) left
    while :; do
        left=$((end - SECONDS)); [ "$left" -gt 0 ] || return 1
        IFS= read -r -t "$left" -u "$hook_fd" hook_line || return 1
        echo "${EPOCHREALTIME:-} $hook_line" >>"$hook_log"
        [[ $hook_line =~ $re ]] && return 0
    done
}
# wait_exit PID [TIMEOUT_S]: waits for the process to end (SIGKILL after TIMEOUT_S, default 10)
# and returns its status (124 when it had to be killed).
wait_exit() {
    local pid=$1 which="" rc
    sleep "${2:-10}" &
    local dog=$!
    wait -n -p which "$pid" "$dog"; rc=$?
    if [ "$which" = "$pid" ]; then
        kill "$dog" 2>/dev/null; wait "$dog" 2>/dev/null
        return $rc
    fi
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    return 124
}

# start_net_peer PEER LOG: the network kernels' host peer (net_peer.py) on two free loopback
# ports. Sets echo_port, fwd_port and peer_pid; returns once the peer listens on echo_port
# (state 0A in /proc/net/tcp), 1 if it exits first or takes over 20 s.
start_net_peer() {
    read -r echo_port fwd_port < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
    python3 "$1" --echo-port "$echo_port" --fwd-port "$fwd_port" --timeout 40 >"$2" 2>&1 &
    peer_pid=$!
    local hex; hex=$(printf ':%04X ' "$echo_port")
    for _ in $(seq 200); do
        grep -q "0100007F$hex.* 0A " /proc/net/tcp && return 0
        kill -0 "$peer_pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
