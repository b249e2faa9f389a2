#!/usr/bin/env bash
# Every file our FAT code reads must equal what mtools reads from the same
# image: FAT12, FAT16, FAT32, 4096-byte sectors, long names, deep
# directories, a fragmented file. Images are built here with mkfs.fat and
# mcopy; fat_extract (our parser) and `mcopy -s` copy everything out, and
# the two trees must be identical, volume label included. The 27 MB file on
# FAT32 must be read in a handful of disk requests.
#   fat_mtools_test.sh FAT_EXTRACT
set -euo pipefail
extract=$(realpath "$1")
work=${TEST_TMPDIR:-$(mktemp -d)}/fat-mtools
rm -rf "$work"
mkdir -p "$work"
cd "$work"
export MTOOLS_NO_VFAT=0 MTOOLS_LOWER_CASE=0 LC_ALL=C.UTF-8
failures=0

# The tree every image gets (built once): long names, deep directories,
# a directory of many entries, empty and odd-sized files.
data() { head -c "$1" /dev/urandom; }
mkdir -p src/EFI/BOOT src/EFI/debian "src/Long Directory Name With Spaces" src/many
data 70000 >src/EFI/BOOT/BOOTAA64.EFI
data 3000 >src/EFI/debian/grub.cfg
: >src/empty
data 1 >src/one-byte
data 513 >"src/Long Directory Name With Spaces/A file.with.many.dots.txt"
data 200 >src/MixedCase.Txt
data 100 >src/lower.txt
data 100 >src/UPPER.TXT
data 4096 >"src/exactly one cluster or more name that is quite long indeed, over 100 characters in length to use many entries.bin"
deep=src/deep
for i in $(seq 1 30); do deep=$deep/d$i; done
mkdir -p "$deep"
data 777 >"$deep/leaf"
for i in $(seq 1 100); do echo "$i" >"src/many/file number $i"; done
data 20000 >a; data 20000 >b; data 20000 >c; data 90000 >fragmented.bin

populate() {
	local img=$1
	mcopy -s -i "$img" src/* ::/
	# A fragmented file: free a hole between two files, then write a file
	# larger than the hole.
	mcopy -i "$img" a b c ::/
	mdel -i "$img" ::/b
	# FAT32 keeps a next-free hint (FSInfo) past the hole: make it unknown.
	if [ "$(dd if="$img" bs=1 skip=82 count=5 status=none)" = FAT32 ]; then
		printf '\xff\xff\xff\xff' | dd of="$img" bs=1 seek=$((512 + 492)) conv=notrunc status=none
	fi
	mcopy -i "$img" fragmented.bin ::/
	local runs
	runs=$(mshowfat -i "$img" ::/fragmented.bin | grep -o '<[0-9-]*>' | wc -l)
	if [ "$runs" -lt 2 ]; then
		echo "FAIL: $img: fragmented.bin is not fragmented ($(mshowfat -i "$img" ::/fragmented.bin))"
		failures=$((failures + 1))
	fi
}

compare() {
	local name=$1 img=$2
	shift 2
	rm -rf "ours-$name" "theirs-$name"
	mkdir "theirs-$name"
	if ! "$extract" "$@" "$img" "ours-$name" >"ours-$name.log"; then
		echo "FAIL: $name: fat_extract failed"
		failures=$((failures + 1))
		return
	fi
	mcopy -s -n -i "$img" '::*' "theirs-$name/"
	if ! diff -r "ours-$name" "theirs-$name"; then
		echo "FAIL: $name: files differ from mtools"
		failures=$((failures + 1))
	fi
	local ours theirs files
	files=$(find "ours-$name" -type f | wc -l)
	if [ "$files" -lt 100 ]; then
		echo "FAIL: $name: only $files files extracted"
		failures=$((failures + 1))
	fi
	ours=$(sed -n 's/^FAT[0-9]* label "\(.*\)"$/\1/p' "ours-$name.log")
	theirs=$(mlabel -s -i "$img" :: | sed 's/^ Volume label is \(.*[^ ]\) *$/\1/; s/^ Volume has no label$//')
	if [ "$ours" != "$theirs" ]; then
		echo "FAIL: $name: label \"$ours\", mtools says \"$theirs\""
		failures=$((failures + 1))
	fi
	echo "$name: $files files identical to mtools, $(head -1 "ours-$name.log")"
}

mkfs() { local img=$1 kib=$2; shift 2; rm -f "$img"; mkfs.fat "$@" -C "$img" "$kib" >/dev/null; }

mkfs fat12.img 1440 -F 12 -n FLOPPY
populate fat12.img
compare fat12 fat12.img

mkfs fat16.img 32768 -F 16 -n "ESP 16"
populate fat16.img
compare fat16 fat16.img --chunk 1000

mkfs fat16-4k.img 65536 -F 16 -S 4096 -n FOURK
populate fat16-4k.img
compare fat16-4k fat16-4k.img --block-size 4096

mkfs fat32.img 524288 -F 32 -s 8 -n ESP
populate fat32.img
data $((27 * 1024 * 1024)) >kernel
mcopy -i fat32.img kernel ::/vmlinuz
rm kernel
compare fat32 fat32.img
# The 27 MB file: its chain walk, FAT reads and data in a handful of requests.
reads=$(awk '$3 ~ /vmlinuz$/ {print $1}' ours-fat32.log)
echo "fat32: 27 MB vmlinuz read in $reads disk requests"
if [ -z "$reads" ] || [ "$reads" -gt 8 ]; then
	echo "FAIL: 27 MB file took ${reads:-no} requests (want <= 8)"
	failures=$((failures + 1))
fi

mkfs fat32-small-clusters.img 131072 -F 32 -n NOLABEL
mlabel -c -i fat32-small-clusters.img ::
populate fat32-small-clusters.img
compare fat32-small-clusters fat32-small-clusters.img --chunk 4097

echo "$failures failures"
[ "$failures" -eq 0 ]
