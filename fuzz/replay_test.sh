#!/usr/bin/env bash
# Replays corpus files through a libFuzzer+ASan+UBSan harness; any crash,
# leak, sanitizer report or input running over 25 s (as in tools/fuzz) fails the
# test. Usage: replay_test.sh FUZZER FILE...
set -uo pipefail
fuzzer=$1
shift
[ $# -gt 0 ] || { echo "no corpus files given"; exit 1; }
log="${TEST_TMPDIR:-/tmp}/replay.log"
# libFuzzer runs each file argument once; batch them to stay under ARG_MAX.
printf '%s\0' "$@" | xargs -0 -n 500 "$fuzzer" -timeout=25 >"$log" 2>&1
status=$?
grep -v '^Running: \|^Executed \|^INFO: ' "$log"
echo "replayed $# inputs, exit status $status"
exit "$status"
