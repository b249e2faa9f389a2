#!/usr/bin/env bash
# Boots QEMU's arm64 virt machine once and checks the serial log.
#
# Machine:
#   --firmware F       efilite .bin path, "direct" (QEMU loads the kernel, no
#                      firmware), "edk2" or "uboot" (the Debian packages' builds)
#   --machine OPTS     added to -M virt, e.g. acpi=off,virtualization=on
#   --mem MB, --smp N  (512, 2)
#   --kernel PATH      -kernel; left out if not given
#   --kernel-random N  -kernel with N random bytes made now (not a PE)
#   --kernel-head PATH:N  -kernel with the first N bytes of PATH (truncated)
#   --initrd PATH, --append STRING
#   --user-dtb HOW     -dtb with this machine's own DTB, dumped now, packed and broken
#                      by qemu-tests/corrupt_dtb.py HOW (intact: not broken)
#   --fw-cfg-file NAME:PATH  -fw_cfg name=NAME,file=PATH
#   --qemu-arg ARG     any other QEMU argument (repeatable)
#   --serial-input TEXT  typed at the serial console from the start (printf
#                      format: '\r' is the Enter key), for programs that wait
#                      for a key; the console is QEMU's stdio then
#   --allow-reset      a guest reset restarts the machine, as a real VM does
#                      (without it, -no-reboot: a reset ends QEMU)
# Expectations:
#   --expect RE        extended regex that must match a serial log line
#   --reject RE        extended regex that must match no line
#   --error-lines N    exactly N lines begin "efilite: error:"
#   --init KEY=RE      the init's "EFILITE-INIT: KEY=value" line must exist and
#                      RE must match its whole value (implies the init's "done")
#   --init-cmdline-is-append  the init's cmdline equals --append exactly
#   --init-rtc-near-host S    the init's RTC reading is within S s of the host's
#   --timeout S        QEMU must exit by itself within S seconds (60)
# Other:
#   --stream           copy the serial console to stdout while QEMU runs
set -uo pipefail

die() { echo "boot_test: $*" >&2; exit 2; }

firmware=direct machine="" mem=512 smp=2 kernel="" kernel_random="" kernel_head=""
initrd="" append="" have_append=0 user_dtb="" serial_input="" timeout_s=60 stream=0 error_lines=""
cmdline_is_append=0 rtc_slack="" no_reboot=-no-reboot
qemu_extra=() expects=() rejects=() inits=() fw_cfg_files=()

while [ $# -gt 0 ]; do
	opt=$1
	case $opt in
	--stream) stream=1; shift; continue ;;
	--init-cmdline-is-append) cmdline_is_append=1; shift; continue ;;
	--allow-reset) no_reboot=""; shift; continue ;;
	esac
	[ $# -ge 2 ] || die "$opt needs a value"
	case $opt in
	--firmware) firmware=$2 ;;
	--machine) machine=$2 ;;
	--mem) mem=$2 ;;
	--smp) smp=$2 ;;
	--kernel) kernel=$2 ;;
	--kernel-random) kernel_random=$2 ;;
	--kernel-head) kernel_head=$2 ;;
	--initrd) initrd=$2 ;;
	--append) append=$2 have_append=1 ;;
	--user-dtb) user_dtb=$2 ;;
	--fw-cfg-file) fw_cfg_files+=("$2") ;;
	--serial-input) serial_input=$2 ;;
	--qemu-arg) qemu_extra+=("$2") ;;
	--expect) expects+=("$2") ;;
	--reject) rejects+=("$2") ;;
	--error-lines) error_lines=$2 ;;
	--init) inits+=("$2") ;;
	--init-rtc-near-host) rtc_slack=$2 ;;
	--timeout) timeout_s=$2 ;;
	*) die "unknown option $opt" ;;
	esac
	shift 2
done

if [ -n "${TEST_TMPDIR:-}" ]; then
	work=$TEST_TMPDIR
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
# QEMU puts snapshot=on overlays in $TMPDIR (else /var/tmp, read-only in the sandbox).
export TMPDIR=$work
log=$work/serial.log
: >"$log"

machine_args=(-M "virt${machine:+,$machine}" -cpu max,pauth-impdef=on -m "$mem" -smp "$smp")

case $firmware in
direct) firmware_args=() ;;
edk2) firmware_args=(-bios /usr/share/qemu-efi-aarch64/QEMU_EFI.fd) ;;
uboot) firmware_args=(-bios /usr/lib/u-boot/qemu_arm64/u-boot.bin) ;;
*) [ -f "$firmware" ] || die "no firmware image $firmware"; firmware_args=(-bios "$firmware") ;;
esac

if [ -n "$kernel_random" ]; then
	kernel=$work/random-kernel
	head -c "$kernel_random" /dev/urandom >"$kernel"
elif [ -n "$kernel_head" ]; then
	kernel=$work/truncated-kernel
	head -c "${kernel_head##*:}" "${kernel_head%:*}" >"$kernel"
fi

boot_args=()
[ -n "$kernel" ] && boot_args+=(-kernel "$kernel")
[ -n "$initrd" ] && boot_args+=(-initrd "$initrd")
[ $have_append = 1 ] && boot_args+=(-append "$append")
for spec in "${fw_cfg_files[@]}"; do
	boot_args+=(-fw_cfg "name=${spec%%:*},file=${spec#*:}")
done
if [ -n "$user_dtb" ]; then
	qemu-system-aarch64 "${machine_args[@]}" -M "dumpdtb=$work/machine.dtb" -display none ||
		die "dumpdtb failed"
	# next to this script, or in the runfiles when a test in another package runs it
	corrupt_dtb=$(dirname "$0")/corrupt_dtb.py
	[ -f "$corrupt_dtb" ] || corrupt_dtb=${TEST_SRCDIR:-}/${TEST_WORKSPACE:-efilite}/qemu-tests/corrupt_dtb.py
	python3 "$corrupt_dtb" "$user_dtb" "$work/machine.dtb" "$work/user.dtb" ||
		die "corrupt_dtb.py $user_dtb failed"
	boot_args+=(-dtb "$work/user.dtb")
fi

cmd=(qemu-system-aarch64 "${machine_args[@]}" "${firmware_args[@]}" "${boot_args[@]}"
	-display none -monitor none ${no_reboot:+"$no_reboot"} "${qemu_extra[@]}")
echo "boot_test: ${cmd[*]}" >&2

start=$(date +%s)
if [ $stream = 1 ]; then
	timeout --foreground "$timeout_s" "${cmd[@]}" -serial stdio | tee "$log"
	rc=${PIPESTATUS[0]}
elif [ -n "$serial_input" ]; then
	# shellcheck disable=SC2059 # a printf format on purpose
	printf "$serial_input" | timeout "$timeout_s" "${cmd[@]}" -serial stdio >"$log"
	rc=${PIPESTATUS[1]}
else
	timeout "$timeout_s" "${cmd[@]}" -serial "file:$log" </dev/null
	rc=$?
fi
elapsed=$(($(date +%s) - start))
[ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ] && cp "$log" "$TEST_UNDECLARED_OUTPUTS_DIR/"

failures=()
fail() { failures+=("$*"); }

if [ $rc = 124 ]; then
	fail "QEMU did not exit within ${timeout_s}s"
elif [ $rc != 0 ]; then
	fail "QEMU exited with status $rc"
fi

# The serial log has CRLF line ends; grep -a because it may hold binary noise
# and the command line may be UTF-8.
clean=$work/serial.txt
tr -d '\r\000' <"$log" >"$clean"

for re in "${expects[@]}"; do
	grep -aEq -- "$re" "$clean" || fail "missing in the log: $re"
done
if [ -n "$error_lines" ]; then
	count=$(grep -ac '^efilite: error:' "$clean")
	[ "$count" = "$error_lines" ] || fail "$count efilite: error: lines, want $error_lines"
fi
for re in "${rejects[@]}"; do
	if line=$(grep -aEm1 -- "$re" "$clean"); then
		fail "unwanted in the log: $re (line: $line)"
	fi
done

# init_value KEY: the value of the first "EFILITE-INIT: KEY=" line.
init_value() {
	grep -am1 -- "^EFILITE-INIT: $1=" "$clean" | sed "s/^EFILITE-INIT: $1=//"
}
has_init_key() { grep -aq -- "^EFILITE-INIT: $1=" "$clean"; }

if [ ${#inits[@]} -gt 0 ] || [ $cmdline_is_append = 1 ] || [ -n "$rtc_slack" ]; then
	grep -aqx 'EFILITE-INIT: done' "$clean" || fail "the init did not report done"
fi
for spec in "${inits[@]}"; do
	key=${spec%%=*} re=${spec#*=}
	if ! has_init_key "$key"; then
		fail "the init reported no $key"
	elif ! value=$(init_value "$key") || ! [[ $value =~ ^($re)$ ]]; then
		fail "init $key='$value' does not match '$re'"
	fi
done
if [ $cmdline_is_append = 1 ]; then
	value=$(init_value cmdline)
	[ "$value" = "$append" ] || fail "init cmdline='$value' differs from -append '$append'"
fi
if [ -n "$rtc_slack" ]; then
	value=$(init_value rtc)
	seconds=${value##*:}
	now=$(date +%s)
	if ! [[ $seconds =~ ^[0-9]+$ ]]; then
		fail "init rtc='$value' has no time"
	elif [ $((seconds > now ? seconds - now : now - seconds)) -gt "$rtc_slack" ]; then
		fail "init rtc time $seconds is more than ${rtc_slack}s from the host's $now"
	fi
fi

if [ ${#failures[@]} -gt 0 ]; then
	[ $stream = 1 ] || { echo "---- serial log ----"; cat "$clean"; echo "---- end of serial log ----"; }
	printf 'FAIL: %s\n' "${failures[@]}"
	echo "boot_test: failed after ${elapsed}s"
	exit 1
fi
echo "boot_test: the init reported:"
grep -a '^EFILITE-INIT: ' "$clean"
echo "boot_test: passed in ${elapsed}s"
