#!/usr/bin/env bash
# The power-cut soak: powercut_test.py with 500 kills under appends and 500
# under compaction (seeds other than bazel test's). Usage: FIRMWARE APP INFO
set -euo pipefail
here=$(dirname "$0")
python3 "$here/powercut_test.py" "$@" --kills=500 --seed=1001
python3 "$here/powercut_test.py" "$@" --kills=500 --seed=1002 --gc --min-compaction-kills=100
