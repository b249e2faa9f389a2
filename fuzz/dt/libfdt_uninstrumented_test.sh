#!/bin/bash
# dt_fuzz_run's libfdt is the oracle, not the code under test: it keeps ASan
# and UBSan but no sanitizer-coverage hooks (third_party/libfdt/libfdt.bzl).
# Its trace-cmp hooks were half of dt_fuzz's time and steered the fuzzer
# toward libfdt's branches. The parser's own code must keep its hooks.
set -eu
exe=$1

calls_of() { # the functions $1 calls, one per line
	objdump -d --no-show-raw-insn "$exe" |
		awk -v fn="<$1>:" '$2 == fn { inside = 1; next } inside && /^$/ { exit }
			inside && /call/ { print $NF }'
}

check() { # $1 function, $2 "hooks" or "none"
	local calls
	calls=$(calls_of "$1")
	[ -n "$calls" ] || { echo "FAIL: $1 not found or calls nothing in $exe"; exit 1; }
	if grep -q "__sanitizer_cov" <<<"$calls"; then
		[ "$2" = hooks ] || { echo "FAIL: libfdt's $1 has sanitizer-coverage hooks"; exit 1; }
	else
		[ "$2" = none ] || { echo "FAIL: $1 has no sanitizer-coverage hooks"; exit 1; }
	fi
	echo "ok: $1 ($2)"
}

check fdt_next_tag none
check fdt_offset_ptr none
check dt_check_struct hooks
# fdt_next_tag() reads the tags itself (fdt_offset_ptr() only computes addresses)
grep -q "__asan_report" <<<"$(calls_of fdt_next_tag)" ||
	{ echo "FAIL: libfdt's fdt_next_tag lost its ASan checks"; exit 1; }
echo "ok: fdt_next_tag keeps ASan"
