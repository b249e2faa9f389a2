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
# and its classification of a serial log: two error lines are a finding, and so
# is any exception in the firmware, named by efilite or not; the app's own are not
python3 - <<'PY' || failed=1
import importlib.machinery
sysfuzz = importlib.machinery.SourceFileLoader("sysfuzz", "tools/sysfuzz").load_module()
one = "efilite: error: kernel: x\n"
app = "efilite: debug: LoadImage: 65536 bytes (app.efi) at 0x47000000\n"
fw_elr = "efilite: error: unexpected exception: ESR=0x96000021 ELR=0x40201234 FAR=0x%x (from current EL)\n"
bti = "efilite: error: branch target exception (BTI): indirect branch (BTYPE 1) to 0x%x, not a landing pad\n"
canary = "efilite: error: stack smashing detected: canary overwritten in the function calling __stack_chk_fail at 0x40201000\n"
nx = "efilite: error: execute from non-executable memory at 0x47000100 (W^X; ESR=0x8600000f)\n"
dev = "efilite: error: fw_cfg at 0x9020001: data abort at 0x9020009 (ESR=0x96000021)\n"
ecam = "efilite: error: PCI ECAM at 0x4010000000: data abort at 0x4010000008 (ESR=0x96000021)\n"
gone = "efilite: error: pl031 at 0x9010000 does not respond (external abort at 0x9010000)\n"
for rc, log, kind, want in [
        (0, one, None, "error"), (0, one + "efilite: error: y\n", None, "two-errors"),
        (1, one, None, "silent"), (None, one, None, "hang"),
        (0, "efilite: EFI program exited successfully, powering off\n", None, "booted"),
        (0, fw_elr % 0x40201000, None, "fw-exception"),
        (0, app + fw_elr % 0x47000010, None, "fw-exception"),
        (0, app + fw_elr % 0x10, "dtb", "fw-exception"),
        (0, app + fw_elr % 0x10, "kernel", "app-bad-pointer"),
        (0, app + fw_elr % 0x48000000, "kernel", "fw-exception"),
        (0, app + fw_elr.replace("0x40201234", "0x47000040") % 0, "kernel", "app-exception"),
        (0, bti % 0x40201230, None, "fw-exception"),
        (0, app + bti % 0x47000200, "kernel", "app-exception"),
        (0, canary, None, "fw-exception"),
        (0, app + nx, "kernel", "app-exception"),
        (0, dev, "dtb", "fw-exception"),
        (0, app + dev, "kernel", "app-exception"),
        (0, app + ecam, "disk", "fw-exception"),
        (0, gone, "dtb", "error")]:
    got = sysfuzz.classify(rc, log, kind)
    if got != want:
        raise SystemExit("FAIL: classify(%r, %r, %r) = %s, want %s" % (rc, log, kind, got, want))
PY
exit $failed
