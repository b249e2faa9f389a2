#!/usr/bin/env bash
# Seeds for //fuzz/dt:dt_fuzz: the DTBs QEMU's arm64 virt machine hands to
# firmware, dumped with -M virt,dumpdtb=FILE for a spread of machine options,
# then trimmed to their content (QEMU pads totalsize to 1 MiB). The *-minimal
# seeds keep only the nodes the lookups read, so the fuzzer runs faster.
# Usage: tools/corpus/dt-from-qemu.sh [OUTDIR]   (default corpora/dt)
set -euo pipefail
out=${1:-corpora/dt}
qemu=${QEMU:-qemu-system-aarch64}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

be32() { # FILE OFFSET -> the big-endian 32-bit word there, in decimal
	echo $((16#$(od -An -tx1 -j "$2" -N4 "$1" | tr -d ' \n')))
}

# Cuts a DTB at the end of its strings block and fixes totalsize to match.
trim() {
	local in=$1 dst=$2 end
	end=$(($(be32 "$in" 12) + $(be32 "$in" 32)))
	head -c "$end" "$in" >"$dst"
	printf "$(printf '\\x%02x' $((end >> 24 & 255)) $((end >> 16 & 255)) $((end >> 8 & 255)) $((end & 255)))" |
		dd of="$dst" bs=1 seek=4 conv=notrunc status=none
}

# dump NAME MACHINE-OPTIONS [QEMU ARGS...]
dump() {
	local name=$1 machine=$2
	shift 2
	# -seed fixes /chosen rng-seed and kaslr-seed, so reruns give the same files.
	"$qemu" -seed 1 -M "virt,$machine,dumpdtb=$tmp/$name.dtb" -nographic -nodefaults "$@" >/dev/null
	trim "$tmp/$name.dtb" "$out/$name.dtb"
	echo "$out/$name.dtb"
}

a57=(-cpu cortex-a57)
dump virt-default gic-version=2 "${a57[@]}" -m 128M
dump virt-1G-smp4 gic-version=2 "${a57[@]}" -m 1G -smp 4
dump virt-5G-gicv3 gic-version=3 "${a57[@]}" -m 5G -smp 2
dump virt-acpi-off acpi=off "${a57[@]}" -m 1G
dump virt-el2 virtualization=on,gic-version=3 -cpu max -m 1G -smp 2
dump virt-el3 secure=on -cpu max -m 1G
dump virt-highmem-off highmem=off,gic-version=2 "${a57[@]}" -m 1G
dump virt-append gic-version=2 "${a57[@]}" -m 256M \
	-kernel /dev/null -append "console=ttyAMA0 root=/dev/vda2 rw efi=debug loglevel=8"
dump virt-numa gic-version=3 -cpu max -m 2G -smp 2 \
	-object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G \
	-numa node,memdev=m0,cpus=0 -numa node,memdev=m1,cpus=1

# minimal NAME FROM: FROM without the nodes dt.h's lookups never read.
minimal() {
	cp "$out/$2.dtb" "$tmp/$1.dtb"
	fdtget -l "$tmp/$1.dtb" / |
		grep -v '^memory@\|^chosen$\|^psci$\|^pl011@\|^pl031@\|^fw-cfg@\|^aliases$' |
		sed 's|^|/|' | xargs fdtput -r "$tmp/$1.dtb"
	trim "$tmp/$1.dtb" "$out/$1.dtb"
	echo "$out/$1.dtb"
}

minimal virt-minimal virt-append
minimal virt-numa-minimal virt-numa
# stdout-path through an alias with options, as boards' DTBs often have it.
minimal virt-minimal-alias virt-default
fdtput -c "$out/virt-minimal-alias.dtb" /aliases
fdtput -ts "$out/virt-minimal-alias.dtb" /aliases serial0 /pl011@9000000
fdtput -ts "$out/virt-minimal-alias.dtb" /chosen stdout-path serial0:115200n8
