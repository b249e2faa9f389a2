#!/usr/bin/env bash
# Usage: make_uki.sh STUB OUT .section=FILE [.section=FILE...]
# Assembles a unified kernel image: the systemd-stub PE with each FILE added
# as a PE section, in the order given, behind the stub's own sections. Every
# section starts at the next SectionAlignment boundary after the previous one
# ends, so none overlaps the stub or another (the layout systemd's ukify and
# the systemd-stub(7) documentation describe).
set -euo pipefail

OBJCOPY=aarch64-linux-gnu-objcopy
OBJDUMP=aarch64-linux-gnu-objdump

stub=$1 out=$2
shift 2

# SectionAlignment from the PE optional header, e.g. "SectionAlignment 00001000".
align=$((16#$($OBJDUMP -p "$stub" | awk '$1 == "SectionAlignment" { print $2 }')))
[ "$align" -gt 0 ] || { echo "make_uki: no SectionAlignment in $stub" >&2; exit 1; }

# The end of the stub's last section: `objdump -h` rows are
# "Idx Name Size VMA LMA File-off Algn" in hex.
end=0
while read -r size vma; do
	last=$((16#$vma + 16#$size))
	[ $last -le $end ] || end=$last
done < <($OBJDUMP -h "$stub" | awk '$1 ~ /^[0-9]+$/ { print $3, $4 }')
[ $end -gt 0 ] || { echo "make_uki: no sections in $stub" >&2; exit 1; }

args=()
for spec in "$@"; do
	name=${spec%%=*} file=${spec#*=}
	size=$(stat -L -c %s "$file")
	[ "$size" -gt 0 ] || { echo "make_uki: $file is empty" >&2; exit 1; }
	vma=$(((end + align - 1) / align * align))
	args+=(--add-section "$name=$file"
		--set-section-flags "$name=contents,alloc,load,readonly,data"
		--change-section-vma "$(printf '%s=0x%x' "$name" $vma)")
	end=$((vma + size))
done
$OBJCOPY "${args[@]}" "$stub" "$out"
