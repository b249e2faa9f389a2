#!/usr/bin/env bash
# Boots an EFI conformance app under a firmware on QEMU's arm64 virt machine and
# judges its output: the app prints `PASS name`, `FAIL name: why`, `SKIP name: why`
# and finally `N passed, N failed, N skipped`, then shuts the machine down.
#
# Usage: run_conformance.sh [--allow-skips] [--known-failure NAME]... FIRMWARE APP [QEMU_ARG]...
#   --allow-skips      optional protocols may be absent (SKIP lines do not fail the run)
#   --known-failure N  a documented firmware deviation: check N may fail (timing
#                      deviations do not show on every run, so a pass is only noted)
#   --serial-input T   T (a printf format) typed at the serial console from the start
# Fails on any other FAIL line, a missing or inconsistent summary, a QEMU error
# or a timeout (the app must power the machine off itself).
set -uo pipefail

allow_skips=0
known=()
serial_input=""
while [ $# -gt 0 ]; do
  case "$1" in
    --allow-skips) allow_skips=1; shift ;;
    --known-failure) known+=("$2"); shift 2 ;;
    --known-failure=*) known+=("${1#*=}"); shift ;;
    --serial-input) serial_input=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || { echo "usage: $0 [--allow-skips] [--known-failure NAME]... FIRMWARE APP [QEMU_ARG]..."; exit 2; }
firmware=$1
app=$2
shift 2
for f in "$firmware" "$app"; do
  [ -f "$f" ] || { echo "FAILED: not found: $f"; exit 1; }
done

out="${TEST_TMPDIR:-$(mktemp -d)}"
# QEMU puts snapshot=on overlays in $TMPDIR (else /var/tmp, read-only in the sandbox).
export TMPDIR="$out"
raw="$out/serial.raw"
log="$out/serial.log"
timeout_s="${CONFORMANCE_TIMEOUT:-45}"

qemu=(qemu-system-aarch64 -M virt -cpu max -m 512M -smp 1 -nographic -monitor none
  -bios "$firmware" -kernel "$app" "$@")
if [ -n "$serial_input" ]; then
  # shellcheck disable=SC2059 # a printf format on purpose
  printf "$serial_input" | timeout "$timeout_s" "${qemu[@]}" -serial stdio >"$raw"
  qemu_status=${PIPESTATUS[1]}
else
  timeout "$timeout_s" "${qemu[@]}" -serial "file:$raw"
  qemu_status=$?
fi

# Drop terminal escape sequences and carriage returns that firmware consoles emit.
sed -e 's/\x1b\[[0-9;=?]*[A-Za-z]//g' -e 's/\r//g' "$raw" >"$log"
cat "$log"
echo "----"

errors=0
error() { echo "FAILED: $*"; errors=$((errors + 1)); }

if [ "$qemu_status" = 124 ]; then
  error "timeout after ${timeout_s}s (the app did not shut the machine down)"
elif [ "$qemu_status" != 0 ]; then
  error "qemu exited with status $qemu_status"
fi

summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
if [ -z "$summary" ]; then
  error "no summary line"
else
  passed=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$summary")
  failed=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$summary")
  pass_lines=$(grep -ac '^PASS ' "$log")
  fail_lines=$(grep -ac '^FAIL ' "$log")
  [ "$passed" = "$pass_lines" ] || error "summary says $passed passed, log has $pass_lines PASS lines"
  [ "$failed" = "$fail_lines" ] || error "summary says $failed failed, log has $fail_lines FAIL lines"
  [ "$passed" -gt 0 ] || error "nothing passed"
fi

is_known() {
  local k
  for k in "${known[@]+"${known[@]}"}"; do [ "$k" = "$1" ] && return 0; done
  return 1
}

while read -r name; do
  [ -n "$name" ] || continue
  if is_known "$name"; then
    echo "known deviation: $name"
  else
    error "check failed: $name"
  fi
done < <(grep -a '^FAIL ' "$log" | sed -E 's/^FAIL ([^:]*):.*/\1/')

for k in "${known[@]+"${known[@]}"}"; do
  grep -aq "^PASS $k\$" "$log" && echo "known deviation $k passed this run"
done

if [ "$allow_skips" = 0 ] && grep -aq '^SKIP ' "$log"; then
  error "skipped checks: $(grep -a '^SKIP ' "$log" | sed -E 's/^SKIP ([^:]*):.*/\1/' | tr '\n' ' ')"
fi

if [ "$errors" -gt 0 ]; then
  echo "conformance run FAILED ($errors problems)"
  exit 1
fi
echo "conformance run OK: $summary"
