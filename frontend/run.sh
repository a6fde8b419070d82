#!/usr/bin/env bash
# `make run`: start the default machine. With a display, in a window; without one (no
# $DISPLAY / $WAYLAND_DISPLAY), headless for a few emulated seconds, writing build/run.png.
set -u
arcana="$1"; shift
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && "$arcana" --has-window >/dev/null 2>&1; then
    exec "$arcana" "$@"
fi
echo "No display: running the default machine headless for 10 emulated seconds."
"$arcana" --headless --seconds 10 --screenshot build/run.png "$@"
rc=$?
[ $rc -eq 0 ] && echo "Screenshot written to build/run.png"
exit $rc
