#!/usr/bin/env bash
# Usage: uki_sections_test.sh UKI STUB .section=FILE [.section=FILE...]
# Checks what make_uki.sh promises: the stub's sections come first and are
# unchanged, then each added section in the order given, starting on a
# SectionAlignment boundary at or after the end of the one before, and
# holding exactly the bytes of its FILE.
set -uo pipefail

OBJCOPY=aarch64-linux-gnu-objcopy
OBJDUMP=aarch64-linux-gnu-objdump

uki=$1 stub=$2
shift 2
work=${TEST_TMPDIR:-$(mktemp -d)}
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# "name size vma" rows, sizes and addresses in hex.
sections() { $OBJDUMP -h "$1" | awk '$1 ~ /^[0-9]+$/ { print $2, $3, $4 }'; }

mapfile -t stub_rows < <(sections "$stub")
mapfile -t uki_rows < <(sections "$uki")
align=$((16#$($OBJDUMP -p "$uki" | awk '$1 == "SectionAlignment" { print $2 }')))

if [ ${#uki_rows[@]} != $((${#stub_rows[@]} + $#)) ]; then
	fail "the UKI has ${#uki_rows[@]} sections, expected ${#stub_rows[@]} of the stub + $#"
fi

end=0
for i in "${!stub_rows[@]}"; do
	[ "${uki_rows[$i]:-}" = "${stub_rows[$i]}" ] ||
		fail "stub section $i is '${uki_rows[$i]:-}' in the UKI, '${stub_rows[$i]}' in the stub"
	read -r _ size vma <<<"${stub_rows[$i]}"
	end=$((16#$vma + 16#$size > end ? 16#$vma + 16#$size : end))
done

i=${#stub_rows[@]}
for spec in "$@"; do
	want=${spec%%=*} file=${spec#*=}
	read -r name size vma <<<"${uki_rows[$i]:-}"
	i=$((i + 1))
	if [ "$name" != "$want" ]; then
		fail "section $((i - 1)) is '$name', expected $want"
		continue
	fi
	vma=$((16#$vma)) size=$((16#$size))
	[ $((vma % align)) = 0 ] || fail "$name at 0x$(printf %x $vma) is not $align-aligned"
	[ $vma -ge $end ] || fail "$name at 0x$(printf %x $vma) overlaps the section before (end 0x$(printf %x $end))"
	end=$((vma + size))
	$OBJCOPY --dump-section "$name=$work/dump" "$uki" "$work/scratch.efi" ||
		{ fail "cannot dump $name"; continue; }
	cmp -s "$work/dump" "$file" || fail "$name differs from $file"
done

if [ $failures != 0 ]; then
	$OBJDUMP -h "$uki"
	exit 1
fi
echo "uki_sections_test: $# sections after the stub's ${#stub_rows[@]}, aligned to $align, contents intact"
