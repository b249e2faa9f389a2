#!/usr/bin/env bash
# qemu_refuses_test.sh FIRMWARE [MACHINE_OPTS:FW_CFG_NAME]...
# QEMU must refuse to start when -fw_cfg names a file that the machine builds
# itself: this is why the hostile tests inject ACPI only with acpi=off and
# SMBIOS only through -smbios file=. If a QEMU update starts accepting one of
# these, its case fails here, and a test that overrides that file can be added.
set -u
firmware=$1
shift
blob=${TEST_TMPDIR:-/tmp}/blob.bin
head -c 64 /dev/zero >"$blob"
failures=0

for spec in "$@"; do
	machine=${spec%%:*} name=${spec#*:}
	out=$(timeout 20 qemu-system-aarch64 -M "virt${machine:+,$machine}" -cpu max -m 256 \
		-bios "$firmware" -fw_cfg "name=$name,file=$blob" \
		-display none -monitor none -serial none -no-reboot 2>&1 </dev/null)
	rc=$?
	if [ $rc = 0 ] || [ $rc = 124 ] || ! grep -q "duplicate fw_cfg file name: $name" <<<"$out"; then
		echo "FAIL: -M virt${machine:+,$machine} with -fw_cfg name=$name: status $rc, output: $out"
		failures=$((failures + 1))
	else
		echo "refused: -M virt${machine:+,$machine} -fw_cfg name=$name"
	fi
done
[ $failures = 0 ]
