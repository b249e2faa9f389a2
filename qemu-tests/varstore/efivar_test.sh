#!/usr/bin/env bash
# Linux's efivarfs and Debian's efibootmgr against efilite's flash store: three
# boots of one vars.fd (efivar_init.c says what each does) must each find
# what the previous one created, changed and deleted. Then the same vars.fd
# read-only (the store is loaded, and stays volatile: a debug line says so),
# and a garbage vars.fd (left untouched by a boot that writes no variable,
# with a line naming why), and DT mode (the DT Linux gets has no flash node).
# Boot 1 formats the blank bank only when Linux first writes a variable
# (at runtime, so no line says it): boot 2 finding the values proves it.
# Usage: efivar_test.sh FIRMWARE KERNEL INITRD
set -uo pipefail
firmware=$1 kernel=$2 initrd=$3
work=${TEST_TMPDIR:-$(mktemp -d)}
vars=$work/vars.fd
head -c $((64 << 20)) /dev/zero | tr '\0' '\377' >"$vars"
failed=0 passed=0

boot() { # phase [vars file [drive options [machine options]]] -> log file
	local log=$work/boot$1.log
	timeout 120 qemu-system-aarch64 -M "virt${4:-}" -cpu max,pauth-impdef=on -m 1G -smp 1 \
		-nographic -monitor none -serial stdio -no-reboot \
		-bios "$firmware" -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyAMA0 efi=debug efivar_phase=$1" \
		-fw_cfg name=opt/org.efilite/log-level,string=debug \
		-drive if=pflash,unit=1,format=raw,file="${2:-$vars}${3:-}" >"$log" 2>&1
	tr -d '\r' <"$log" >"$log.txt"
	echo "$log.txt"
}

expect() { # log, extended regex, what
	if grep -Eq "$2" "$1"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $3: no line matching '$2' in $(basename "$1")"
	fi
}

reject() {
	if grep -Eq "$2" "$1"; then
		failed=$((failed + 1))
		echo "FAIL: $3: $(grep -Em1 "$2" "$1")"
	else
		passed=$((passed + 1))
	fi
}

for phase in 1 2 3; do
	log=$(boot $phase)
	expect "$log" '^EFIVAR: done' "boot $phase reached the end"
	reject "$log" 'EFIVAR: error|Kernel panic|Firmware Bug|efilite: error' "boot $phase"
	case $phase in
	1)
		expect "$log" 'efilite: variables: .*blank.*: left as it is until' \
			"boot 1 leaves the blank bank for the first write to format"
		# the store window is runtime MMIO in the memory map Linux got
		expect "$log" 'efi: +0x0*4000000-0x0*407ffff \[MMIO +\|RUN\|.*\|UC\]' \
			"flash window mapped as runtime MMIO"
		;;
	2)
		expect "$log" '^EFIVAR: EfiliteTest=one$' "efivarfs value survives a reboot"
		expect "$log" '^EFIVAR: EfiliteGone=x$' "second efivarfs value survives"
		expect "$log" '^Timeout: 7 seconds' "efibootmgr -t survives"
		expect "$log" '^BootOrder: 0007,0003' "efibootmgr -o survives"
		expect "$log" '^Boot0007\* efilite-seven' "a Boot#### written through efivarfs survives"
		expect "$log" '^Boot0003\* efilite-three' "a second Boot#### survives"
		reject "$log" 'formatted' "boot 2 keeps the store"
		;;
	3)
		expect "$log" '^EFIVAR: EfiliteTest=two$' "a changed value survives"
		expect "$log" '^EFIVAR: EfiliteGone absent$' "a deleted variable stays deleted"
		expect "$log" '^Timeout: 3 seconds' "a changed Timeout survives"
		expect "$log" '^BootOrder: 0007$' "BootOrder that efibootmgr -B changed survives"
		reject "$log" '^Boot0003' "Boot0003 that efibootmgr -B deleted stays deleted"
		expect "$log" '^Boot0007\* efilite-seven' "Boot0007 stays"
		expect "$log" '^BootNext: 0007' "efibootmgr -n (BootNext) survives"
		reject "$log" 'formatted' "boot 3 keeps the store"
		;;
	esac
done
# phase 4 only prints: the store of boot 3, read-only
log=$(boot 4 "$vars" ",readonly=on")
expect "$log" '^EFIVAR: done' "read-only boot reached the end"
expect "$log" 'efilite: variables: flash 0x4000000: .*\(read-only\): store loaded, volatile store' \
	"a read-only bank is named at log-level=debug"
expect "$log" '^EFIVAR: EfiliteTest=two$' "a read-only store is still loaded"
reject "$log" 'formatted|efilite: error' "a read-only bank is left alone"
# phase 5 only prints: a vars.fd of garbage is named, and no write needs a
# store, so it stays as it was (a user's foreign data is not erased for nothing)
head -c $((64 << 20)) /dev/urandom >"$work/garbage.fd"
cp "$work/garbage.fd" "$work/garbage.orig"
log=$(boot 5 "$work/garbage.fd")
expect "$log" '^EFIVAR: done' "garbage-bank boot reached the end"
expect "$log" 'efilite: variables: flash 0x4000000: no valid store header: left as it is until' \
	"a garbage bank is named at boot"
reject "$log" 'formatted' "a garbage bank is not formatted by a boot that writes no variable"
if cmp -s "$work/garbage.fd" "$work/garbage.orig"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL: boot 5 changed the garbage vars.fd"
fi
expect "$log" '^EFIVAR: EfiliteTest absent$' "nothing is read from garbage"
# phase 6 only prints: DT mode; Linux must not get the flash node (its
# physmap driver would drive the bank behind the runtime services)
log=$(boot 6 "$vars" "" ",acpi=off")
expect "$log" '^EFIVAR: done' "DT-mode boot reached the end"
expect "$log" '^EFIVAR: dt flash node absent$' "the DT handed to Linux leaves out the variable flash"
expect "$log" '^EFIVAR: EfiliteTest=two$' "variables work in DT mode"
[ $failed -eq 0 ] || for p in 1 2 3 4 5 6; do echo "--- boot $p"; grep -E 'EFIVAR|efilite|Timeout|BootOrder|Boot0|efibootmgr' "$work/boot$p.log.txt"; done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
