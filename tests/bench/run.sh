#!/usr/bin/env bash
# `make bench`: runs every tests/bench/*.bench script; each prints one line per figure.
set -u
cd "$(dirname "$0")/../.."
export BUILD="${BUILD:-build}" SHARED="${SHARED:-../shared}"
for b in tests/bench/*.bench; do
    [ -e "$b" ] || continue
    bash "$b"
done
