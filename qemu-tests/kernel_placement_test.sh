#!/usr/bin/env bash
# kernel_placement_test.sh BOOT_TEST FIRMWARE KERNEL INITRD KIND
# Where efilite puts the kernel, and that the Linux EFI stub runs it there
# (the init's "Kernel code" lies within the loaded image, so the stub did not
# copy the kernel elsewhere). KIND:
#   image    a Linux Image built with KASLR, which efilite loads in place:
#     default     a random 2 MiB aligned place, kept by the stub ("Image
#                 placement fixed by loader"); three boots, not all at one place
#     nokaslr     2 MiB aligned, not random
#     no entropy  (cortex-a57: no RNDR, no SMCCC TRNG) 2 MiB aligned, not random
#   zboot    an EFI zboot image of a kernel built without KASLR: LoadImage
#            copies its payload to a random 2 MiB aligned place, three boots,
#            not all at one place; that stub ignores the protocol, but keeps a
#            2 MiB aligned kernel where it is
set -u
boot_test=$1 firmware=$2 kernel=$3 initrd=$4 kind=$5
work=${TEST_TMPDIR:-$(mktemp -d)}
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

case $kind in
image) how="in place" ;;
zboot) how="copied" ;;
*) echo "kernel_placement_test: unknown kind $kind"; exit 2 ;;
esac

# boot NAME APPEND [boot_test.sh args...]: boots once; sets base to the
# address of the image that holds the kernel (the last one LoadImage placed),
# or to "" if the boot or the checks failed.
boot() {
	local name=$1 append=$2 log line size code
	base=""
	shift 2
	mkdir -p "$work/$name"
	if ! TEST_TMPDIR=$work/$name "$boot_test" --firmware "$firmware" --kernel "$kernel" \
		--initrd "$initrd" --append "$append" --mem 1024 \
		--qemu-arg -fw_cfg --qemu-arg name=opt/org.efilite/log-level,string=debug \
		--reject "efilite: error:" --init "kernel_code=0x[0-9a-f]+" "$@" \
		>"$work/$name/boot_test.out" 2>&1; then
		cat "$work/$name/boot_test.out"
		fail "$name: boot"
		return
	fi
	log=$work/$name/serial.txt
	line=$(grep -aE "^efilite: LoadImage: [0-9]+ bytes " "$log" | tail -n 1)
	[[ $line =~ ([0-9]+)\ bytes\ $how\ at\ (0x[0-9a-f]+) ]] ||
		{ fail "$name: the kernel's image was not $how ($line)"; return; }
	size=${BASH_REMATCH[1]}
	code=$(grep -am1 "^EFILITE-INIT: kernel_code=" "$log" | sed 's/.*=//')
	echo "$name: $line; kernel code at $code"
	if ((code < BASH_REMATCH[2] || code >= BASH_REMATCH[2] + size)); then
		fail "$name: kernel code outside the image: the EFI stub moved the kernel"
		return
	fi
	base=${BASH_REMATCH[2]}
}

random_boots=()
[ "$kind" = image ] && random_boots=(--expect "EFI stub: Image placement fixed by loader")
declare -A seen=()
for i in 1 2 3; do
	boot "random$i" "console=ttyAMA0 panic=-1" "${random_boots[@]}" \
		--expect "^efilite: LoadImage: .* \(random\)"
	[ -n "$base" ] || continue
	((base % 0x200000 == 0)) || fail "random$i: $base is not 2 MiB aligned"
	seen[$base]=1
done
[ ${#seen[@]} -ge 2 ] || fail "three boots put the kernel at ${!seen[*]}: not random"

[ "$kind" = image ] &&
	for spec in "nokaslr|console=ttyAMA0 panic=-1 nokaslr|KASLR disabled on kernel command line|" \
		"no-entropy|console=ttyAMA0 panic=-1|EFI_RNG_PROTOCOL unavailable|cortex-a57"; do
		IFS='|' read -r name append expect cpu <<<"$spec"
		extra=()
		[ -n "$cpu" ] && extra=(--qemu-arg -cpu --qemu-arg "$cpu")
		boot "$name" "$append" --expect "EFI stub: $expect" \
			--reject "^efilite: LoadImage: .* \(random\)" "${extra[@]}"
		[ -n "$base" ] || continue
		((base % 0x200000 == 0)) || fail "$name: $base is not 2 MiB aligned"
	done

if [ $failures -gt 0 ]; then
	echo "kernel_placement_test: $failures failures"
	exit 1
fi
echo "kernel_placement_test: passed"
