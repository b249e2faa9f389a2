#!/usr/bin/env bash
# A read-only vars.fd keeps the documented volatile store, found without a
# write and without costing a plain boot anything: the first non-volatile
# SetVariable asks the bank (cfi_write_probe), which refuses.
#  1. blank, read-only, debug log: writes succeed (powercut_app prints SET
#     after each), a line names the read-only bank at that write (not at
#     boot), nothing is formatted.
#  2. a store (written by a writable boot), read-only, default log: it is
#     loaded (GOT lines), writes succeed, the file stays as it was.
# Usage: read_only_test.sh FIRMWARE POWERCUT_APP
set -uo pipefail
firmware=$1 app=$2
work=${TEST_TMPDIR:-$(mktemp -d)}
failed=0

boot() { # name, drive options, [more QEMU arguments] -> log file
	local log=$work/$1.log
	qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -m 256M -smp 1 -nographic \
		-monitor none -serial "file:$log" -no-reboot -bios "$firmware" -kernel "$app" \
		-drive "if=pflash,unit=1,format=raw,$2" "${@:3}" &
	local qemu=$!
	# powercut_app writes for ever: stop it after its third write, or an error
	for _ in $(seq 600); do
		sets=$(grep -ac '^SET ' "$log" 2>/dev/null)
		[ "${sets:-0}" -ge 3 ] && break
		grep -aEq '^ERR|efilite: error' "$log" 2>/dev/null && break
		kill -0 $qemu 2>/dev/null || break
		sleep 0.1
	done
	kill $qemu 2>/dev/null
	wait $qemu 2>/dev/null
	tr -d '\r' <"$log" >"$log.txt"
	echo "$log.txt"
}

expect() { # log, extended regex, what
	grep -Eq "$2" "$1" || { echo "FAIL: $3: no line matching '$2'"; failed=1; }
}

reject() {
	if grep -Eq "$2" "$1"; then
		echo "FAIL: $3: $(grep -Em1 "$2" "$1")"
		failed=1
	fi
}

head -c $((64 << 20)) /dev/zero | tr '\0' '\377' >"$work/blank.fd"
cp "$work/blank.fd" "$work/store.fd"

log=$(boot blank "readonly=on,file=$work/blank.fd" \
	-fw_cfg name=opt/org.efilite/log-level,string=debug)
expect "$log" '^efilite: variables: flash 0x4000000: blank \(erased\) flash: left as it is until' \
	"boot leaves the blank bank alone (no question, no format)"
expect "$log" '^efilite: variables: flash 0x4000000: program failed \(read-only\): blank \(erased\) flash, volatile store$' \
	"the first non-volatile write names the read-only bank"
expect "$log" '^SET 1 1$' "the first non-volatile SetVariable succeeds (volatile store)"
expect "$log" '^SET 3 3$' "later ones too"
reject "$log" 'formatt|efilite: error|^ERR' "a read-only blank bank"
[ $failed -eq 0 ] || cat "$log"

log=$(boot writable "file=$work/store.fd")
last=$(grep -E '^SET [0-9]+ [0-9]+$' "$log" | tail -n 1)
[ -n "$last" ] || { echo "FAIL: the writable boot wrote nothing"; failed=1; }
cp "$work/store.fd" "$work/store.orig"
log=$(boot store "readonly=on,file=$work/store.fd")
expect "$log" "^GOT ${last#SET }\$" "a read-only store is loaded (its last write: $last)"
expect "$log" '^SET [0-9]+ [0-9]+$' "writes to a read-only store succeed (volatile store)"
reject "$log" 'efilite: error|^ERR' "a read-only store"
cmp -s "$work/store.fd" "$work/store.orig" || { echo "FAIL: the read-only store changed"; failed=1; }
[ $failed -eq 0 ] || cat "$log"
exit $failed
