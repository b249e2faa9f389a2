#!/usr/bin/env bash
# Usage: boot_test_selftest.sh BOOT_TEST KERNEL INITRD
# Proves that boot_test.sh fails when it should: every expectation below is
# wrong for a direct kernel boot, and a firmware of zeros never powers off.
set -uo pipefail

boot_test=$1 kernel=$2 initrd=$3
if [ -n "${TEST_TMPDIR:-}" ]; then
	work=$TEST_TMPDIR
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
failed=0 passed=0

# expect_failure NAME LINE_REGEX... -- BOOT_TEST_ARGS...: boot_test.sh must
# fail and print a line matching each regex.
expect_failure() {
	local name=$1 wanted=() out rc line
	shift
	while [ "$1" != -- ]; do
		wanted+=("$1")
		shift
	done
	shift
	out=$(TEST_TMPDIR=$work/$name TEST_UNDECLARED_OUTPUTS_DIR= "$boot_test" "$@" 2>&1)
	rc=$?
	local ok=1
	[ $rc = 1 ] || { echo "$name: boot_test.sh exited $rc, not 1"; ok=0; }
	for line in "${wanted[@]}"; do
		grep -qxE -- "$line" <<<"$out" || { echo "$name: no line '$line'"; ok=0; }
	done
	if [ $ok = 1 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "---- $name output ----"
		echo "$out"
	fi
}

mkdir -p "$work/wrong_expectations" "$work/hang"

# QEMU takes the last -append, so the kernel gets another command line than
# the one boot_test.sh compares with; -rtc base moves the guest's clock away.
expect_failure wrong_expectations \
	"FAIL: missing in the log: no such line" \
	"FAIL: unwanted in the log: EFILITE-INIT: start \(line: EFILITE-INIT: start\)" \
	"FAIL: init efi='no' does not match 'yes'" \
	"FAIL: the init reported no no_such_key" \
	"FAIL: init cmdline='console=ttyAMA0 panic=-1 actual' differs from -append 'console=ttyAMA0 panic=-1 expected'" \
	"FAIL: init rtc time [0-9]+ is more than 300s from the host's [0-9]+" \
	-- --firmware direct --kernel "$kernel" --initrd "$initrd" \
	--append "console=ttyAMA0 panic=-1 expected" \
	--qemu-arg -append --qemu-arg "console=ttyAMA0 panic=-1 actual" \
	--qemu-arg -rtc --qemu-arg base=2001-02-03 --timeout 60 \
	--expect "no such line" --reject "EFILITE-INIT: start" \
	--init efi=yes --init "no_such_key=.*" --init-cmdline-is-append --init-rtc-near-host 300

head -c 65536 /dev/zero >"$work/zeros.bin"
expect_failure hang \
	"FAIL: QEMU did not exit within 3s" \
	-- --firmware "$work/zeros.bin" --timeout 3

echo "$passed passed, $failed failed"
[ $failed = 0 ]
