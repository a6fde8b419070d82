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
