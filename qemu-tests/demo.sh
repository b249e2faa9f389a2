#!/usr/bin/env bash
# Usage: demo.sh BOOT_TEST FIRMWARE KERNEL INITRD [boot_test.sh options...]
# Boots KERNEL with our INITRD under FIRMWARE (see boot_test.sh --firmware),
# streaming the firmware log and the kernel console; QEMU exits when the
# init powers the machine off. Run through `tools/bazel run //:demo`.
#
# Environment: EFILITE_DEMO_FIRMWARE replaces FIRMWARE (direct, edk2, a
# path), EFILITE_DEMO_APPEND the kernel command line, EFILITE_DEMO_TIMEOUT
# the seconds QEMU gets (120). Further options, e.g. --machine acpi=off,
# go to boot_test.sh.
set -euo pipefail

[ $# -ge 4 ] || { sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2; }
boot_test=$1 firmware=${EFILITE_DEMO_FIRMWARE:-$2} kernel=$3 initrd=$4
shift 4

exec "$boot_test" --stream --firmware "$firmware" --kernel "$kernel" --initrd "$initrd" \
	--append "${EFILITE_DEMO_APPEND:-console=ttyAMA0 panic=-1 efilite.demo=1}" \
	--expect 'EFILITE-INIT: done' --timeout "${EFILITE_DEMO_TIMEOUT:-120}" "$@"
