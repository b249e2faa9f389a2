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
# and its classification of a serial log: two error lines are a finding
python3 - <<'PY' || failed=1
import importlib.machinery
sysfuzz = importlib.machinery.SourceFileLoader("sysfuzz", "tools/sysfuzz").load_module()
one = "efilite: error: kernel: x\n"
for rc, log, want in [(0, one, "error"), (0, one + "efilite: error: y\n", "two-errors"),
                      (1, one, "silent"), (None, one, "hang"),
                      (0, "efilite: EFI program exited successfully, powering off\n", "booted")]:
    got = sysfuzz.classify(rc, log)
    if got != want:
        raise SystemExit("FAIL: classify(%r, %r) = %s, want %s" % (rc, log, got, want))
PY
exit $failed
