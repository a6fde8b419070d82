#!/usr/bin/env bash
# Unit tests of every folder (tests/*/test_*.c), sanitized build.
exec "$SAN_DIR/tests/unit"
