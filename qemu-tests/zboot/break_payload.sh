#!/usr/bin/env bash
# Usage: break_payload.sh IN.efi OUT.efi
# Copies a zboot image with the gzip magic of its payload zeroed: the image
# still loads, but its decompressor must fail.
set -euo pipefail

in=$1 out=$2
# The payload offset is the le32 at 8 in the zboot header.
off=$(od -An -tu4 -j 8 -N 4 --endian=little "$in" | tr -d ' ')
[ "$(od -An -tx1 -j "$off" -N 2 "$in" | tr -d ' ')" = 1f8b ] ||
	{ echo "break_payload: no gzip magic at $off in $in" >&2; exit 1; }
cp "$in" "$out"
chmod u+w "$out"
printf '\0\0' | dd of="$out" bs=1 seek="$off" conv=notrunc status=none
