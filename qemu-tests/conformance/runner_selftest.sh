#!/usr/bin/env bash
# Proves run_conformance.sh fails on every kind of bad run and passes a good one,
# using selftest_app.efi on edk2. Usage: runner_selftest.sh RUNNER APP FIRMWARE
set -uo pipefail
runner=$1
app=$2
firmware=$3
base="${TEST_TMPDIR:-$(mktemp -d)}"
errors=0

# expect WANT_STATUS NAME RUNNER_ARGS... -- QEMU_ARGS...
expect() {
  local want=$1 name=$2
  shift 2
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  mkdir -p "$base/$name"
  TEST_TMPDIR="$base/$name" "$runner" "${opts[@]+"${opts[@]}"}" "$firmware" "$app" "$@" \
    >"$base/$name.out" 2>&1
  local got=$?
  if [ "$got" = "$want" ]; then
    echo "ok: $name (exit $got): $(tail -n 1 "$base/$name.out")"
  else
    echo "WRONG: $name exited $got, expected $want"
    cat "$base/$name.out"
    errors=$((errors + 1))
  fi
}

expect 0 pass -- -append pass
expect 1 fail -- -append fail
expect 0 known_failure --known-failure=selftest.deliberate_failure -- -append fail
expect 1 skip -- -append skip
expect 0 skip_allowed --allow-skips -- -append skip
expect 1 no_summary -- -append nosummary
expect 1 miscount -- -append miscount
CONFORMANCE_TIMEOUT=20 expect 1 hang -- -append hang
expect 1 qemu_error -- -bios /nonexistent

if [ "$errors" -gt 0 ]; then
  echo "runner self-test FAILED ($errors)"
  exit 1
fi
echo "runner self-test OK"
