#!/bin/sh
# tools/sysfuzz refuses, before any case runs, an --expect or --known naming a
# case the run leaves out (a kind not run, an index past --cases, not --only):
# such an expectation would otherwise pass unchecked.
set -u
out="${TEST_TMPDIR:-/tmp}/sysfuzz_args.txt"
failed=0
refused() {
	tools/sysfuzz --firmware /nonexistent --app /nonexistent "$@" >"$out" 2>&1
	status=$?
	if [ "$status" != 2 ] || ! grep -q "no such case in this run" "$out"; then
		echo "FAIL: sysfuzz $* exited $status:" && cat "$out"
		failed=1
	fi
}
refused --kinds mbr --cases 5 --expect mbr:5:error
refused --kinds gpt --cases 40 --expect mbr:5:error
refused --kinds mbr --cases 40 --only 4 --expect mbr:5:error
refused --kinds mbr --cases 40 --known dtb:0
exit $failed
