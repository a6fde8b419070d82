#!/usr/bin/env bash
# RiscPC networking end to end (issue 10): the shared network kernel brings up eth0 on our
# EtherLan 600 podule behind libslirp, echoes 1 MiB through NAT to a host peer on 127.0.0.1 and
# answers one inbound connection through a hostfwd rule. Loopback only. Release build/arcana.
# One run must pass: the backend paces emulated time to the host while the guest waits on the
# network (hostfs/net.c, net_service), so no rerun hides a race.
set -u
KERNEL="$SHARED/testdata/linux-rpc-net/zImage-net"
PEER="$SHARED/testdata/linux-rpc-net/net_peer.py"
. tests/suite_lib.sh   # start_net_peer
pass=0; fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1"; fail=$((fail + 1)); }
if [ ! -f "$KERNEL" ] || ! command -v python3 >/dev/null; then
    echo "skip: $KERNEL or python3 missing"; echo "net: 0 passed, 0 failed, 1 skipped"; exit 0
fi
tmp=$(mktemp -d); peer_pid=""
trap '[ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
# One boot of the network kernel with a fresh host peer; counts into pass/fail.
run_once() {
    start_net_peer "$PEER" "$tmp/peer.log" || ko "host peer never listened on $echo_port"
    timeout 170 "$BUILD/arcana" --machine riscpc --cpu sa110 --ram 32 --kernel "$KERNEL" --headless \
        --serial stdout --seconds 150 --net "slirp,hostfwd=tcp:127.0.0.1:$fwd_port-:7777" \
        --append "console=ttyS0,115200 ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off arcana.echo=$echo_port arcana.listen=7777" \
        >"$tmp/serial.log" 2>"$tmp/stderr.log"
    rc=$?
    wait "$peer_pid"; peer_rc=$?; peer_pid=""
    [ $rc -eq 0 ] && ok "arcana exits 0" || ko "arcana exit status $rc: $(head -c 300 "$tmp/stderr.log")"
    expect() { grep -qF -- "$2" "$tmp/serial.log" && ok "$1" || ko "$1 (no '$2')"; }
    expect "etherh binds to the podule" "etherh ecard0 eth0: i3 EtherH 600 in slot 0, 00:00:a4:10:00:01"
    expect "static IP configured" "IP-Config: Complete:"
    expect "init runs" "init-net: hello"
    expect "outbound connect through NAT" "init-net: connected"
    expect "1 MiB echo checksums" "init-net: tcp out 0x5ac99dc5 in 0x5ac99dc5 bytes 1048576"
    expect "echo verified by the guest" "init-net: tcp echo OK"
    expect "listening" "init-net: listening on 0.0.0.0:7777"
    expect "inbound via hostfwd" "init-net: accepted from 10.0.2.2:"
    expect "inbound checksum" "init-net: inbound bytes 40000 sum 0x9e39a945"
    expect "halts" "reboot: System halted"
    [ $peer_rc -eq 0 ] && ok "host peer saw both directions match" || { ko "host peer exit $peer_rc"; cat "$tmp/peer.log"; }
}
start=$(date +%s.%N)
run_once
echo "net: one run took $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
[ $fail -eq 0 ] || { echo "--- serial tail"; tail -n 20 "$tmp/serial.log"; }
echo "net: $pass passed, $fail failed"
[ $fail -eq 0 ]
