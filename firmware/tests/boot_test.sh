#!/usr/bin/env bash
# Boots the firmware image in QEMU (TCG) and checks its console output and
# that QEMU exits by itself (PSCI SYSTEM_OFF) rather than by the timeout.
#   boot_test.sh CASE IMAGE ELF PACK_PY PARTS...
# PARTS: the image's uncompressed RAM image (*.ram.bin) and first stage
# (*.stage1.bin), which patched_image packs again with PACK_PY.
set -euo pipefail

case_name=$1
image=$2
elf=$3
pack=$4
shift 4
for part in "$@"; do
	case $part in
	*.ram.bin) ram_image=$part ;;
	*.stage1.bin) stage1=$part ;;
	esac
done
work=${TEST_TMPDIR:-$(mktemp -d)}
serial=$work/serial.log
status=0

fail() {
	echo "FAIL [$case_name]: $*"
	echo "--- serial output:"
	cat "$serial"
	exit 1
}

# run_qemu BIOS MACHINE CPU [QEMU ARGS...]: sets $status, output in $serial.
run_qemu() {
	local bios=$1 machine=$2 cpu=$3
	shift 3
	: >"$serial"
	status=0
	timeout 60 qemu-system-aarch64 -M "$machine" -cpu "$cpu" -m 512 \
		-nodefaults -display none -monitor none -serial "file:$serial" \
		-bios "$bios" "$@" || status=$?
	# The console sends CRLF line ends.
	tr -d '\r' <"$serial" >"$serial.tmp" && mv "$serial.tmp" "$serial"
	[ "$status" = 0 ] || fail "QEMU exit status $status (124: the firmware did not power off)"
}

expect() {
	grep -Eq -- "$1" "$serial" || fail "no line matching: $1"
}

reject() {
	! grep -Eq -- "$1" "$serial" || fail "unexpected line matching: $1"
}

symbol() {
	llvm-nm "$elf" | awk -v name="$1" '$3 == name { print $1 }'
}

# patched_image FUNCTION CODE...: the image with machine code (hex words,
# little-endian bytes) at the function's entry: patched in the RAM image (the
# file offset is the address less __image_start), packed again behind the
# first stage.
patched_image() {
	local ram=$work/patched.ram.bin out=$work/patched.bin fn=$1 addr offset
	shift
	cp "$ram_image" "$ram"
	chmod u+w "$ram"
	addr=$(symbol "$fn")
	[ -n "$addr" ] || fail "no symbol $fn in $elf"
	offset=$((16#$addr - 16#$(symbol __image_start)))
	for word in "$@"; do
		printf "\\x${word:6:2}\\x${word:4:2}\\x${word:2:2}\\x${word:0:2}" |
			dd of="$ram" bs=1 seek=$offset conv=notrunc status=none
		offset=$((offset + 4))
	done
	python3 "$pack" --stage1 "$stage1" --image "$ram" --out "$out" || fail "pack.py failed"
	echo "$out"
}

# patched_stage1 OLD NEW: the image with the first stage's only instruction
# word OLD (hex) replaced by NEW, packed again in front of the RAM image.
patched_stage1() {
	local out=$work/patched_stage1.bin copy=$work/stage1.bin
	python3 -c '
import struct, sys
path, out, old, new = sys.argv[1], sys.argv[2], int(sys.argv[3], 16), int(sys.argv[4], 16)
data = bytearray(open(path, "rb").read())
hits = [i for i in range(0, len(data) - 3, 4) if struct.unpack_from("<I", data, i)[0] == old]
if len(hits) != 1:
    sys.exit("%d words 0x%08x in the first stage, not one" % (len(hits), old))
struct.pack_into("<I", data, hits[0], new)
open(out, "wb").write(data)
' "$stage1" "$copy" "$1" "$2" || fail "cannot patch the first stage"
	python3 "$pack" --stage1 "$copy" --image "$ram_image" --out "$out" || fail "pack.py failed"
	echo "$out"
}

# mov_x0 ADDRESS: movz x0, #hi, lsl #16 and movk x0, #lo, as two hex words.
mov_x0() {
	printf '%08x %08x' $((0xd2a00000 | ($1 >> 16 & 0xffff) << 5)) $((0xf2800000 | ($1 & 0xffff) << 5))
}

# fixed_block FILE SIZE: FILE with the header's block size set to SIZE (0:
# unchanged) and the checksum recomputed, so that the decoder meets the block.
fixed_block() {
	python3 -c '
import struct, sys, zlib
path, size, header = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = bytearray(open(path, "rb").read())
if size:
    struct.pack_into("<I", data, header + 4, size)
size = struct.unpack_from("<I", data, header + 4)[0]
struct.pack_into("<I", data, header + 12, zlib.adler32(bytes(data[header + 16:header + 16 + size])))
open(path, "wb").write(data)
' "$1" "$2" "$(stat -L -c %s "$stage1")"
	echo "$1"
}

# with_bytes OFFSET HEX...: a copy of the packed image with bytes replaced.
with_bytes() {
	local out=$work/corrupt.bin offset=$1
	shift
	cp "$image" "$out"
	chmod u+w "$out"
	for byte in "$@"; do
		printf "\\x$byte" | dd of="$out" bs=1 seek=$offset conv=notrunc status=none
		offset=$((offset + 1))
	done
	echo "$out"
}

UDF=00000000 # permanently undefined

# expect_fault EC FSC FAR: the exception report's ESR class and fault status
# code, and the faulting address.
expect_fault() {
	local line esr far
	line=$(grep -E '^efilite: error: unexpected exception: ' "$serial") ||
		fail "no exception report"
	esr=$(sed -E 's/.*ESR=0x([0-9a-f]+).*/\1/' <<<"$line")
	far=$(sed -E 's/.*FAR=0x([0-9a-f]+).*/\1/' <<<"$line")
	[ $((16#$esr >> 26)) = $(($1)) ] || fail "ESR 0x$esr: exception class is not $1"
	[ $((16#$esr & 0x3f)) = $(($2)) ] || fail "ESR 0x$esr: fault status code is not $2"
	[ $((16#$far)) = $(($3)) ] || fail "FAR 0x$far is not $3"
}

probe=opt/org.efilite/probe # probes.h: test images only
banner='^efilite [0-9]+\.[0-9]+\.[0-9]+: EL%s, 512 MiB RAM$'
no_kernel='^efilite: error: no kernel: pass one with -kernel, or a disk with an EFI system partition$'

case $case_name in
el1_no_kernel)
	run_qemu "$image" virt max
	expect "$(printf "$banner" 1)"
	expect "$no_kernel"
	;;
el2_vhe_no_kernel)
	run_qemu "$image" virt,virtualization=on max
	expect "$(printf "$banner" 2)"
	expect "$no_kernel"
	;;
el2_without_vhe)
	# Cortex-A57 has EL2 but no VHE: refused before the MMU is on.
	run_qemu "$image" virt,virtualization=on cortex-a57
	expect '^efilite: error: entered at EL2 without VHE'
	reject '^efilite [0-9]'
	;;
not_pe_kernel)
	# A -kernel that is not a PE image is named and refused before any EFI
	# program runs.
	head -c 12345 /dev/zero | tr '\0' 'k' >"$work/kernel"
	for machine in virt virt,virtualization=on; do
		run_qemu "$image" "$machine" max -kernel "$work/kernel"
		expect '^efilite: error: kernel: .*MZ'
	done
	;;
log_level)
	# -fw_cfg opt/org.efilite/log-level: debug logs the platform found
	# (-m 512 is [1 GiB, 1.5 GiB)), error keeps only errors.
	level=opt/org.efilite/log-level
	run_qemu "$image" virt max -fw_cfg name=$level,string=debug
	expect "$(printf "$banner" 1)"
	expect '^efilite: RAM: \[0x40000000, 0x60000000\)$'
	expect '^efilite: console: PL011 at 0x9000000$'
	expect '^efilite: fw_cfg: DMA at 0x9020000$'
	expect '^efilite: page tables: [1-9][0-9]* of [1-9][0-9]* pages$'
	expect '^efilite: RTC: PL031 at 0x9010000, [0-9]+ s since 1970$'
	expect '^efilite: timer: [1-9][0-9]* Hz$'
	expect '^efilite: first stage: [1-9][0-9]*-byte image expanded, [1-9][0-9]* us from reset$'
	expect '^efilite: RNG: RNDR$'
	expect '^efilite: hardening: BTI on, PAC-RET on, keys and stack canary from RNDR$'
	expect '^efilite: ACPI: RSDP at 0x[0-9a-f]+, [1-9][0-9]* tables$'
	expect '^efilite: booting in ACPI mode$'
	expect '^efilite: SMBIOS 3\.0: [1-9][0-9]* structures$'
	# Without FEAT_RNG (and no TRNG from QEMU's PSCI) there is no source.
	run_qemu "$image" virt cortex-a57 -fw_cfg name=$level,string=debug
	expect '^efilite: RNG: none$'
	expect '^efilite: hardening: BTI off \(not in this CPU\), PAC-RET off \(not in this CPU\), keys and stack canary from the counter \(no entropy source\)$'
	run_qemu "$image" virt,acpi=off max -fw_cfg name=$level,string=debug
	expect '^efilite: booting in DT mode$'
	printf 'error\n' >"$work/level"
	run_qemu "$image" virt max -fw_cfg name=$level,file="$work/level"
	reject '^efilite [0-9]'
	expect "$no_kernel"
	run_qemu "$image" virt max -fw_cfg name=$level,string=loud
	expect "^efilite: $level: \"loud\" is not error, info or debug$"
	expect "$(printf "$banner" 1)"
	reject '^efilite: RAM:'
	# The default is info: the banner, no debug lines.
	run_qemu "$image" virt max
	expect "$(printf "$banner" 1)"
	reject '^efilite: RAM:'
	;;
early_fatal)
	# An error found before mmu_init() is reported on the boot PL011 and
	# powers off from flash code (no exception on the execute-never runtime range).
	dtc -q -I dts -O dtb -o "$work/no_stdout_path.dtb" "$(dirname "$0")/no_stdout_path.dts"
	run_qemu "$image" virt max -dtb "$work/no_stdout_path.dtb"
	expect '^efilite: error: device tree: /chosen stdout-path: '
	reject 'unexpected exception'
	;;
exception)
	# An undefined instruction in rng_init() (called after the console is up).
	run_qemu "$(patched_image rng_init $UDF)" virt max
	expect "^efilite: error: unexpected exception: ESR=0x2000000 ELR=0x$(symbol rng_init | sed 's/^0*//') FAR=0x[0-9a-f]+ \(from current EL\)$"
	run_qemu "$(patched_image rng_init $UDF)" virt,virtualization=on max
	expect "^efilite: error: unexpected exception: ESR=0x2000000 ELR=0x$(symbol rng_init | sed 's/^0*//')"
	;;
exception_while_reporting)
	# The report itself faults (format() is broken too): still a clean power off.
	patched_image format $UDF >/dev/null
	cp "$work/patched.ram.bin" "$work/format_udf.ram.bin"
	ram_image=$work/format_udf.ram.bin
	run_qemu "$(patched_image rng_init $UDF)" virt max
	expect '^efilite: error: '
	reject 'unexpected exception'
	;;
exception_console_broken)
	# Every console write faults (it reads unmapped MMIO), so the exception
	# report faults too: the machine must still power off, silently.
	mov_x0_gic=d2a10000 # mov x0, #0x08000000 (MMIO nobody mapped)
	ldr_x1_x0=f9400001  # ldr x1, [x0]
	run_qemu "$(patched_image console_write $mov_x0_gic $ldr_x1_x0)" virt max
	reject 'efilite'
	run_qemu "$(patched_image console_write $mov_x0_gic $ldr_x1_x0)" virt,virtualization=on max
	reject 'efilite'
	;;
ram_tables)
	# Accesses from log_option_apply(), after mmu_init(), against the RAM page
	# tables (rng_init() also runs before, for the hardening keys).
	# Exception classes: 0x21 instruction abort, 0x25 data abort. Fault status:
	# 0x06/0x07 translation fault at level 2/3, 0x0e/0x0f permission fault at
	# level 2/3.
	mov_x0_0=d2800000           # mov x0, #0
	mov_x0_fw_ram=d2a80400      # mov x0, #0x40200000 (the first stage's tables)
	mov_x0_dtb=d2a80000         # mov x0, #0x40000000
	mov_x0_ram=d2a80800         # mov x0, #0x40400000 (RAM after the firmware's 2 MiB)
	mov_x0_gic=d2a10000         # mov x0, #0x08000000 (MMIO nobody mapped)
	str_xzr_x0=f900001f         # str xzr, [x0]
	ldr_x1_x0=f9400001          # ldr x1, [x0]
	br_x0=d61f0000              # br x0
	str_xzr_sp=f90003ff         # str xzr, [sp]
	run_qemu "$(patched_image log_option_apply $mov_x0_0 $str_xzr_x0)" virt max
	expect_fault 0x25 0x0e 0            # flash: read-only 2 MiB blocks
	code=$((16#$(symbol rng_init)))
	run_qemu "$(patched_image log_option_apply $(mov_x0 $code) $str_xzr_x0)" virt max
	expect_fault 0x25 0x0f $code        # the firmware's code in RAM: read-only pages
	rodata=$((16#$(symbol __text_end)))
	run_qemu "$(patched_image log_option_apply $(mov_x0 $rodata) $br_x0)" virt max
	# rodata, right after the code: execute-never
	expect "^efilite: error: execute from non-executable memory at 0x$(printf %x $rodata) "
	run_qemu "$(patched_image log_option_apply $(mov_x0 $rodata) $str_xzr_x0)" virt max
	expect_fault 0x25 0x0f $rodata      # and read-only
	guard=$((16#$(symbol __stack_bottom) - 4096))
	run_qemu "$(patched_image log_option_apply $(mov_x0 $guard) $str_xzr_x0)" virt max
	expect_fault 0x25 0x07 $guard       # stack guard page: unmapped
	run_qemu "$(patched_image log_option_apply $(mov_x0 $guard) $str_xzr_x0)" virt,virtualization=on max
	expect_fault 0x25 0x07 $guard       # the same at EL2 (VHE)
	run_qemu "$(patched_image log_option_apply $mov_x0_fw_ram $str_xzr_x0)" virt max
	expect_fault 0x25 0x07 0x40200000   # the first stage's tables: unmapped once replaced
	run_qemu "$(patched_image log_option_apply $mov_x0_dtb $str_xzr_x0)" virt max
	expect_fault 0x25 0x0e 0x40000000   # DTB window: read-only 2 MiB block
	run_qemu "$(patched_image log_option_apply $mov_x0_ram $br_x0)" virt max
	# RAM: execute-never, a 2 MiB block (an instruction permission fault is reported as W^X)
	expect '^efilite: error: execute from non-executable memory at 0x40400000 \(W\^X; ESR=0x8600000e\)$'
	run_qemu "$(patched_image log_option_apply $mov_x0_gic $ldr_x1_x0)" virt max
	expect_fault 0x25 0x06 0x08000000   # only mapped devices are reachable
	# Stack overflow: lands in the guard page, and the report (on its own
	# stack) still comes out.
	stack_pages=$(((16#$(symbol __stack_top) - 16#$(symbol __stack_bottom)) / 4096))
	# sub sp, sp, #stack_pages, lsl #12: the whole stack at once
	sub_sp_stack=$(printf '%08x' $((0xd14003ff | stack_pages << 10)))
	run_qemu "$(patched_image log_option_apply $sub_sp_stack $str_xzr_sp)" virt max
	far=$(sed -nE 's/.*unexpected exception: .*FAR=0x([0-9a-f]+).*/\1/p' "$serial")
	[ -n "$far" ] && [ $((16#$far)) -ge $guard ] && [ $((16#$far)) -lt $((guard + 4096)) ] ||
		fail "stack overflow did not fault in the guard page"
	expect_fault 0x25 0x07 0x$far
	;;
early_tables)
	# Accesses from psci_init(), before mmu_init(): the first stage's early
	# tables map the image's code read-only executable (level 3 pages), the
	# rest of firmware RAM execute-never, flash read-only (2 MiB blocks).
	str_xzr_x0=f900001f # str xzr, [x0]
	br_x0=d61f0000      # br x0
	code=$((16#$(symbol psci_init)))
	run_qemu "$(patched_image psci_init $(mov_x0 $code) $str_xzr_x0)" virt max
	expect_fault 0x25 0x0f $code
	run_qemu "$(patched_image psci_init $(mov_x0 $code) $str_xzr_x0)" virt,virtualization=on max
	expect_fault 0x25 0x0f $code
	rodata=$((16#$(symbol __text_end)))
	run_qemu "$(patched_image psci_init $(mov_x0 $rodata) $br_x0)" virt max
	expect "^efilite: error: .*(ESR=0x8600000f|execute from non-executable memory at 0x$(printf %x $rodata))"
	run_qemu "$(patched_image psci_init d2800000 $str_xzr_x0)" virt max
	expect_fault 0x25 0x0e 0            # flash
	;;
corrupt_image)
	# Flash that does not hold what pack.py wrote: the first stage names the
	# problem and powers off before the firmware runs (no banner), and never
	# writes outside firmware RAM (the 1 GiB of RAM in QEMU would hide that,
	# so the checks are in lz4_test/lz4_fuzz; here: a clean stop).
	header=$(stat -L -c %s "$stage1")
	size=$(stat -L -c %s "$image")
	corrupt() {
		run_qemu "$1" virt max
		expect "^efilite: error: firmware image: $2"
		reject '^efilite [0-9]'
		reject 'unexpected exception'
	}
	corrupt "$(with_bytes $header 00)" 'no compressed image after the first stage$'
	corrupt "$(with_bytes $((header + 4)) ff ff ff 7f)" 'compressed size past the end of flash$'
	corrupt "$(with_bytes $((header + 8)) ff ff ff 00)" 'image larger than firmware RAM$'
	corrupt "$(with_bytes $((header + 8)) 00 10 00 00)" 'corrupt: output larger than its buffer$'
	# a header 4 KiB above the real size (which grows with the firmware)
	longer=$(($(od -A n -t u4 -j $((header + 8)) -N 4 "$image") + 4096))
	corrupt "$(with_bytes $((header + 8)) $(printf '%02x %02x %02x %02x' $((longer & 255)) \
		$((longer >> 8 & 255)) $((longer >> 16 & 255)) $((longer >> 24))))" \
		'image shorter than its header says$'
	corrupt "$(with_bytes $((header + 12)) 00 00 00 00)" 'checksum mismatch$'
	# The block cut short (flash past the file reads as zeros) or
	# overwritten in its middle: the checksum catches it...
	head -c $((size - 2000)) "$image" >"$work/short.bin"
	corrupt "$work/short.bin" 'checksum mismatch$'
	corrupt "$(with_bytes $((header + (size - header) / 2)) ff ff ff ff ff ff ff ff)" \
		'checksum mismatch$'
	# ... and with a checksum that matches, the decoder: the block cut short,
	# or a first token whose match reaches before the image's start.
	corrupt "$(fixed_block "$work/short.bin" $((size - 2000 - header - 16)))" '(corrupt: |image shorter)'
	corrupt "$(fixed_block "$(with_bytes $((header + 16)) 1f 41 ff ff)" 0)" \
		'corrupt: match offset before the start of the output$'
	;;
stage1_console_wedged)
	# The boot PL011's transmit FIFO never drains (its flag register reads
	# TXFF): the first stage's reports are dropped, never waited on, and the
	# machine still powers off, from the assembly (EL2 without VHE) and from
	# the C part (a corrupt image, four strings).
	ldr_w3_uartfr=b9401823 # ldr w3, [x1, #0x18] in boot_puts
	mov_w3_txff=52800403   # mov w3, #0x20
	run_qemu "$(patched_stage1 $ldr_w3_uartfr $mov_w3_txff)" virt,virtualization=on cortex-a57
	reject 'efilite'
	cp "$work/patched_stage1.bin" "$work/wedged.bin"
	header=$(stat -L -c %s "$stage1")
	printf '\x00' | dd of="$work/wedged.bin" bs=1 seek=$header conv=notrunc status=none
	run_qemu "$work/wedged.bin" virt max
	reject 'efilite'
	;;
probe_bti)
	# probes.c calls probe_bti_target + 4 through a function pointer: the
	# guarded page refuses the landing, at EL1 and at EL2 (VHE).
	target=$(printf '%x' $((16#$(symbol probe_bti_target) + 4)))
	for machine in virt virt,virtualization=on; do
		run_qemu "$image" "$machine" max -fw_cfg name=$probe,string=bti
		expect "^efilite: error: branch target exception \(BTI\): indirect branch \(BTYPE 2\) to 0x$target, not a landing pad$"
	done
	;;
probe_pac)
	# probes.c flips a bit of its own signed return address in its frame
	# record: AUTIASP poisons it and the return faults, with or without the
	# implementation-defined PAC algorithm.
	for cpu in max max,pauth-impdef=on; do
		for machine in virt virt,virtualization=on; do
			run_qemu "$image" "$machine" "$cpu" -fw_cfg name=$probe,string=pac
			expect '^efilite: error: pointer authentication failure: signed return address corrupted \(return to 0x[0-9a-f]+ refused\)$'
		done
	done
	;;
probe_stack)
	# probes.c writes past a local array: the canary check in its epilogue
	# calls __stack_chk_fail, whose brk is named, with the caller's address.
	for machine in virt virt,virtualization=on; do
		run_qemu "$image" "$machine" max -fw_cfg name=$probe,string=stack
		expect '^efilite: error: stack smashing detected: canary overwritten in the function calling __stack_chk_fail at 0x[0-9a-f]+$'
	done
	;;
probe_canary)
	# The canary is set before fw_main() from the RNG: it differs from boot to
	# boot and its low byte is zero.
	canaries=()
	for boot in 1 2; do
		run_qemu "$image" virt max -fw_cfg name=$probe,string=canary
		canaries+=("$(sed -nE 's/^efilite: probe canary: 0x([0-9a-f]{16})$/\1/p' "$serial")")
		[ -n "${canaries[-1]}" ] || fail "no canary printed"
		[ "${canaries[-1]:14:2}" = 00 ] || fail "canary 0x${canaries[-1]}: low byte not zero"
		[ $((16#${canaries[-1]})) != 0 ] || fail "canary is zero"
	done
	[ "${canaries[0]}" != "${canaries[1]}" ] || fail "the same canary twice: ${canaries[0]}"
	;;
probe_pattern)
	# An uninitialised local holds -ftrivial-auto-var-init=pattern's bytes.
	run_qemu "$image" virt max -fw_cfg name=$probe,string=pattern
	expect '^efilite: probe pattern: 0xaaaaaaaaaaaaaaaa$'
	;;
probe_ubsan)
	# The UBSan build's trap for probes.c's INT_MAX + 1 names the check.
	for machine in virt virt,virtualization=on; do
		run_qemu "$image" "$machine" max -fw_cfg name=$probe,string=ubsan
		expect '^efilite: error: undefined behaviour: signed integer overflow in addition \(UBSan trap 0x5500 at 0x[0-9a-f]+\)$'
	done
	;;
*)
	echo "unknown case $case_name"
	exit 2
	;;
esac
echo "PASS [$case_name]"
