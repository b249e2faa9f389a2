#!/usr/bin/env bash
# Usage: zboot_image_test.sh VMLINUZ.EFI
# Checks that the file is what the boot tests claim to boot: a PE whose DOS
# header carries the EFI zboot header (drivers/firmware/efi/libstub/
# zboot-header.S) with a gzip payload that decompresses to an arm64 Image.
#
#   offset 0x00  "MZ"
#   offset 0x04  "zimg"
#   offset 0x08  payload offset (le32)   offset 0x0c  payload size (le32)
#   offset 0x18  compression type, NUL-terminated ("gzip")
#   offset 0x3c  PE header offset (le32), "PE\0\0" there
set -uo pipefail

image=$1
work=${TEST_TMPDIR:-$(mktemp -d)}
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# le32 FILE OFFSET
le32() { od -An -tu4 -j "$2" -N 4 --endian=little "$1" | tr -d ' '; }
# hex FILE OFFSET COUNT: the bytes as one lower-case hex string.
hex() { od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }

size=$(stat -L -c %s "$image")
[ "$(hex "$image" 0 2)" = 4d5a ] || fail "no MZ at 0"
[ "$(hex "$image" 4 4)" = 7a696d67 ] || fail "no zimg at 4"
# "gzip" and its NUL
[ "$(hex "$image" 24 5)" = 677a697000 ] || fail "compression type is not gzip: $(hex "$image" 24 8)"
pe=$(le32 "$image" 60)
[ "$(hex "$image" "$pe" 4)" = 50450000 ] || fail "no PE signature at $pe"

off=$(le32 "$image" 8) len=$(le32 "$image" 12)
if [ "$len" = 0 ] || [ "$off" -gt "$size" ] || [ "$len" -gt $((size - off)) ]; then
	fail "payload $off+$len outside the ${size}-byte file"
else
	tail -c +$((off + 1)) "$image" | head -c "$len" >"$work/payload.gz"
	# gzip's trailer holds the decompressed size the zboot loader allocates.
	isize=$(le32 "$work/payload.gz" $((len - 4)))
	if ! gzip -dc <"$work/payload.gz" >"$work/Image"; then
		fail "the payload is not an intact gzip stream"
	else
		[ "$(stat -c %s "$work/Image")" = "$isize" ] ||
			fail "decompressed $(stat -c %s "$work/Image") bytes, the trailer says $isize"
		[ "$(hex "$work/Image" 0 2)" = 4d5a ] || fail "the payload has no MZ at 0"
		# arm64 Image header: magic "ARM\x64" at 0x38.
		[ "$(hex "$work/Image" 56 4)" = 41524d64 ] ||
			fail "the payload is not an arm64 Image (no ARM\\x64 magic at 0x38)"
	fi
fi

[ $failures = 0 ] || exit 1
echo "zboot_image_test: zboot PE, gzip payload at $off ($len bytes) -> ${isize}-byte arm64 Image"
