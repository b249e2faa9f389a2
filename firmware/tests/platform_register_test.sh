#!/usr/bin/env bash
# The firmware must never write x18, the AArch64 platform register: the UEFI
# spec reserves it and Linux reports "register x18 corrupted by EFI" around
# runtime service calls. Fails on any instruction naming x18/w18.
set -euo pipefail
elf=$1
disassembly=$(llvm-objdump -d --no-show-raw-insn "$elf")
[ "$(grep -c ':' <<<"$disassembly")" -gt 1000 ] || { echo "no code disassembled in $elf"; exit 1; }
if grep -E '\b[xw]18\b' <<<"$disassembly"; then
	echo "FAIL: the instructions above use x18"
	exit 1
fi
echo "ok: no instruction of $elf uses x18"
