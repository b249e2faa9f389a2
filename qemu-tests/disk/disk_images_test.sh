#!/usr/bin/env bash
# Checks the disks make_disk.py built against tools that are not ours:
# the GPT headers and entries by their CRCs, the ESP through mtools (files
# read back byte for byte), and that each damaged disk breaks exactly the
# rule its name says. The distro layouts (--layout) hold the partitions
# they claim (sfdisk's table: entry numbers and types), and a root partition
# is an ext4 that e2fsck finds clean, holding the kernel as /boot/vmlinuz.
# usage: disk_images_test.sh IMG:SECTOR:DAMAGE... -- SYSTEMD_BOOT KERNEL
#                            [--layout IMG N=TYPE,N=TYPE...|none ROOT_N|-]...
set -uo pipefail

disks=()
while [ "$1" != -- ]; do disks+=("$1"); shift; done
shift
systemd_boot=$1 kernel=$2
shift 2
layouts=()
while [ $# -ge 4 ] && [ "$1" = --layout ]; do layouts+=("$2 $3 $4"); shift 4; done
[ $# = 0 ] || { echo "disk_images_test: unexpected $*" >&2; exit 2; }
failures=0 checks=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Prints "primary=<ok|crc|count> backup=<...> start=<ESP byte offset>".
gpt_state() {
	python3 - "$1" "$2" <<'PY'
import struct, sys, zlib
path, sector = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
last = len(data) // sector - 1
def state(lba):
    h = bytearray(data[lba * sector:lba * sector + 92])
    crc = struct.unpack_from("<I", h, 16)[0]
    struct.pack_into("<I", h, 16, 0)
    if h[:8] != b"EFI PART" or zlib.crc32(h) != crc:
        return "crc", None
    entries_lba, count, size, entries_crc = struct.unpack_from("<QIII", h, 72)
    if count * size >= 1 << 32:
        return "count", None
    entries = data[entries_lba * sector:entries_lba * sector + count * size]
    if zlib.crc32(entries) != entries_crc:
        return "entries", None
    return "ok", struct.unpack_from("<Q", entries, 32)[0] * sector
p, start = state(1)
b, bstart = state(last)
print("primary=%s backup=%s start=%s" % (p, b, start or bstart or 0))
PY
}

for spec in "${disks[@]}"; do
	IFS=: read -r img sector damage <<<"$spec"
	name=$(basename "$img")
	read -r primary backup start < <(gpt_state "$img" "$sector")
	want_primary=primary=ok want_backup=backup=ok
	case $damage in
	primary-gpt) want_primary=primary=crc ;;
	both-gpt) want_primary=primary=crc want_backup=backup=crc ;;
	entry-count) want_primary=primary=count want_backup=backup=count ;;
	esac
	checks=$((checks + 1))
	[ "$primary $backup" = "$want_primary $want_backup" ] ||
		fail "$name: GPT $primary $backup, want $want_primary $want_backup"
	case $damage in both-gpt | entry-count) continue ;; esac
	esp="$img@@${start#start=}"
	for kind in ${damage//,/ }; do
		checks=$((checks + 1))
		case $kind in
		bpb-zero-divisor)
			spc=$(od -An -tu1 -j $((${start#start=} + 13)) -N1 "$img" | tr -d ' ')
			[ "$spc" = 0 ] || fail "$name: sectors per cluster $spc, want 0"
			;;
		entry-cluster) # FAT32's 0x0ffffff0 or FAT16's 0xfff0: beyond the clusters
			out=$(mshowfat -i "$esp" ::/EFI/BOOT/BROKEN.EFI 2>&1)
			[[ $out =~ \<(268435440|65520)\> ]] ||
				fail "$name: BROKEN.EFI's first cluster is not beyond the volume: $out"
			;;
		boot-sector)
			lost=$(od -v -An -tx1 -j "${start#start=}" -N 512 "$img" | tr -d ' \n' | tr -d 0)
			backup=$(od -An -tx1 -j $((${start#start=} + 6 * 512)) -N 1 "$img" | tr -d ' ')
			[ -z "$lost" ] && [ "$backup" = eb ] ||
				fail "$name: boot sector not zero or no backup at sector 6"
			;;
		esp-overlap)
			sgdisk -v "$img" | grep -q 'partitions 2 and 1 overlap' ||
				fail "$name: sgdisk -v finds no overlap of entries 2 and 1"
			;;
		esp-no-block-io)
			attr=$(sgdisk -A 1:show "$img" 2>/dev/null)
			[[ $attr == *"1:1:1 (hide from EFI)"* ]] || fail "$name: ESP attribute bit 1 not set: $attr"
			;;
		pmbr-signature)
			sig=$(od -An -tx1 -j 510 -N 2 "$img" | tr -d ' ')
			[ "$sig" = 0000 ] || fail "$name: LBA 0 ends in $sig, want 0000"
			;;
		entry-range)
			sgdisk -v "$img" | grep -q 'Secondary partition table overlaps the last partition' ||
				fail "$name: sgdisk -v finds no entry over the backup's entry array"
			;;
		fat-cycle)
			out=$(mshowfat -i "$esp" ::/EFI/BOOT/BOOTAA64.EFI 2>&1)
			[[ $out =~ \<([0-9]+)\>\ \<([0-9]+)\> ]] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] ||
				fail "$name: the chain does not loop to its first cluster: $out"
			;;
		*)
			for f in EFI/BOOT/BOOTAA64.EFI Image; do
				case $name in
				shim_grub*) [ $f = Image ] || continue ;;
				sdboot_uki* | names*) [ $f = EFI/BOOT/BOOTAA64.EFI ] || continue ;;
				esac
				want=$systemd_boot
				[ $f = Image ] && want=$kernel
				mcopy -n -i "$esp" "::/$f" "$TEST_TMPDIR/read" 2>/dev/null &&
					cmp -s "$TEST_TMPDIR/read" "$want" || fail "$name: ::/$f differs from $want"
			done
			if [ "$sector" = 512 ]; then
				sgdisk -v "$img" | grep -q 'No problems found' ||
					[ "$damage" = primary-gpt ] || fail "$name: sgdisk -v finds problems"
			fi
			;;
		esac
	done
done
for layout in "${layouts[@]}"; do
	read -r img want root <<<"$layout"
	name=$(basename "$img")
	# "N=TYPE" for each partition, sorted by entry number
	got=$(sfdisk -d "$img" 2>/dev/null | sed -n "s|^$img\([0-9]*\) : .*type=\([0-9A-Fa-f-]*\).*|\1=\2|p" |
		sort -n | paste -sd, -)
	[ "$want" = none ] && want=""
	want=$(tr , '\n' <<<"$want" | sort -n | paste -sd, -)
	checks=$((checks + 1))
	[ "${got^^}" = "${want^^}" ] || fail "$name: partitions $got, want $want"
	[ "$root" = - ] && continue
	read -r start size < <(sfdisk -d "$img" | sed -n "s|^$img$root : start= *\([0-9]*\), size= *\([0-9]*\),.*|\1 \2|p")
	dd if="$img" of="$TEST_TMPDIR/root.img" bs=512 skip="$start" count="$size" status=none
	checks=$((checks + 1))
	e2fsck -fn "$TEST_TMPDIR/root.img" >"$TEST_TMPDIR/fsck.log" 2>&1 ||
		fail "$name: e2fsck finds partition $root unclean: $(tail -n 3 "$TEST_TMPDIR/fsck.log")"
	checks=$((checks + 1))
	debugfs -R "dump /boot/vmlinuz $TEST_TMPDIR/vmlinuz" "$TEST_TMPDIR/root.img" 2>/dev/null &&
		cmp -s "$TEST_TMPDIR/vmlinuz" "$kernel" || fail "$name: /boot/vmlinuz differs from $kernel"
done
echo "disk_images_test: $((checks - failures)) passed, $failures failed"
[ $failures = 0 ]
