#!/usr/bin/env bash
# Usage: mkinitrd.sh OUT.cpio.gz DEST=SRC [DEST=SRC...]
# Packs the files as a gzip'ed newc cpio (the initramfs format) with fixed
# owners and timestamps, so the same inputs give the same bytes.
set -euo pipefail

out=$1
shift
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

for spec in "$@"; do
	dest=${spec%%=*}
	src=${spec#*=}
	mkdir -p "$root/$(dirname "$dest")"
	cp "$src" "$root/$dest"
	chmod u+w "$root/$dest"
done
find "$root" -exec touch -h -d @0 {} +

out_abs=$(realpath -m "$out")
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -n -9 >"$out_abs"
