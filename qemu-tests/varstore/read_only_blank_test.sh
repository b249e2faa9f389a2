#!/usr/bin/env bash
# A blank vars.fd attached read-only (no store, so boot does not ask the
# bank): the first non-volatile SetVariable asks it, learns that it refuses
# writes without writing, and keeps the documented volatile store: the
# writes succeed (powercut_app prints SET after each), a debug line names
# the read-only bank, and nothing is formatted or reported as an error.
# Usage: read_only_blank_test.sh FIRMWARE POWERCUT_APP
set -uo pipefail
firmware=$1 app=$2
work=${TEST_TMPDIR:-$(mktemp -d)}
log=$work/serial.log
head -c $((64 << 20)) /dev/zero | tr '\0' '\377' >"$work/blank.fd"
qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -m 256M -smp 1 -nographic \
	-monitor none -serial "file:$log" -no-reboot -bios "$firmware" -kernel "$app" \
	-fw_cfg name=opt/org.efilite/log-level,string=debug \
	-drive "if=pflash,unit=1,format=raw,readonly=on,file=$work/blank.fd" &
qemu=$!
# powercut_app writes for ever: stop it after its third write, or an error
for _ in $(seq 600); do
	grep -aEq '^SET [0-9]+ 3|^ERR|efilite: error' "$log" 2>/dev/null && break
	kill -0 $qemu 2>/dev/null || break
	sleep 0.1
done
kill $qemu 2>/dev/null
wait $qemu 2>/dev/null
tr -d '\r' <"$log" >"$log.txt"
failed=0
expect() { # extended regex, what
	grep -Eq "$1" "$log.txt" || { echo "FAIL: $2: no line matching '$1'"; failed=1; }
}
expect '^efilite: variables: flash 0x4000000: blank \(erased\) flash: left as it is until' \
	"boot leaves the blank bank alone (no probe, no format)"
expect '^efilite: variables: flash 0x4000000: program failed \(read-only\): blank \(erased\) flash, volatile store$' \
	"the first non-volatile write names the read-only bank"
expect '^SET 1 1$' "the first non-volatile SetVariable succeeds (volatile store)"
expect '^SET 3 3$' "later ones too"
if grep -Eq 'formatt|efilite: error|^ERR' "$log.txt"; then
	echo "FAIL: $(grep -Em1 'formatt|efilite: error|^ERR' "$log.txt")"
	failed=1
fi
[ $failed -eq 0 ] || cat "$log.txt"
exit $failed
