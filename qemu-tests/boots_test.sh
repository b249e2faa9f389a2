#!/usr/bin/env bash
# Boots one machine several times, as a real VM lives: each boot is a
# qemu-tests/boot_test.sh run with the same writable variable flash (QEMU's
# pflash unit 1, 64 MiB), erased (all 0xff) before the first boot or a copy
# of --vars IMG (variables a boot must find, e.g. a pending update), and a
# guest reset restarts the machine within a boot (--allow-reset). Each boot
# has its own expectations; the test fails if any boot fails.
#
# usage: boots_test.sh BOOT_TEST_SH [--writable-disk IMG] [--vars IMG] COMMON_ARG...
#                      --boot ARG... [--boot ARG...]
#   COMMON_ARGs go to every boot, the ARGs after the Nth --boot to boot N.
#   --writable-disk attaches a copy of IMG (virtio-pci, writable), the same
#   copy to every boot: what one boot writes the next one reads.
set -uo pipefail

boot_test=$1
shift
common=() all=() starts=() disk="" initial_vars=""
if [ "${1:-}" = --writable-disk ]; then
	disk=$2
	shift 2
fi
if [ "${1:-}" = --vars ]; then
	initial_vars=$2
	shift 2
fi
for arg in "$@"; do
	if [ "$arg" = --boot ]; then
		starts+=(${#all[@]})
	elif [ ${#starts[@]} = 0 ]; then
		common+=("$arg")
	else
		all+=("$arg")
	fi
done
n=${#starts[@]}
[ $n -gt 0 ] || { echo "boots_test: no --boot" >&2; exit 2; }
starts+=(${#all[@]})

work=${TEST_TMPDIR:-$(mktemp -d)}
vars=$work/vars.fd
if [ -n "$initial_vars" ]; then
	cp "$initial_vars" "$vars" && chmod u+w "$vars" || exit 2
else
	head -c $((64 << 20)) /dev/zero | tr '\0' '\377' >"$vars"
fi
if [ -n "$disk" ]; then
	cp "$disk" "$work/disk.img" && chmod u+w "$work/disk.img" || exit 2
	common+=(--qemu-arg -drive --qemu-arg "file=$work/disk.img,format=raw,if=virtio")
fi

failed=0
for i in $(seq 1 $n); do
	from=${starts[i - 1]} to=${starts[i]}
	args=("${all[@]:from:to-from}")
	mkdir -p "$work/boot$i"
	echo "==== boot $i of $n ===="
	TEST_TMPDIR=$work/boot$i "$boot_test" "${common[@]}" --allow-reset \
		--qemu-arg -drive --qemu-arg "if=pflash,unit=1,format=raw,file=$vars" \
		"${args[@]}" || failed=1
	[ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ] && [ -f "$work/boot$i/serial.log" ] &&
		cp "$work/boot$i/serial.log" "$TEST_UNDECLARED_OUTPUTS_DIR/boot$i-serial.log"
	[ $failed = 0 ] || { echo "boots_test: boot $i of $n failed"; exit 1; }
done
echo "boots_test: $n boots passed"
