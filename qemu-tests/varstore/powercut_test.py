#!/usr/bin/env python3
"""Power cuts under SetVariable: QEMU is killed (SIGKILL) at seeded random
moments while powercut_app.efi writes variables to the flash store, and each
next boot must find every variable whose SetVariable returned (its SET line
reached the serial port) with its last value, no torn value, and a valid
store (varstore_info).

  powercut_test.py FIRMWARE APP VARSTORE_INFO [--kills N] [--seed S] [--gc]
                   [--min-compaction-kills N] [--max-delay SECONDS]

--gc runs the app's compaction-heavy mode and requires that at least
--min-compaction-kills of the kills hit a compaction in progress (seen in the
image by varstore_info). The last line is 'N passed, N failed'.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

VARS_FD_BYTES = 64 << 20


class Boot:
    """One QEMU run; its serial lines are collected by a reader thread."""

    def __init__(self, firmware, app, vars_fd, gc, log):
        cmd = ["qemu-system-aarch64", "-M", "virt", "-cpu", "max,pauth-impdef=on", "-m", "256M",
               "-smp", "1", "-nographic", "-monitor", "none", "-serial", "stdio",
               "-bios", firmware, "-kernel", app,
               "-drive", "if=pflash,unit=1,format=raw,file=" + vars_fd,
               "-fw_cfg", "name=opt/org.efilite/log-level,string=debug"]
        if gc:
            cmd += ["-append", "gc"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.lines = []
        self.ready = threading.Event()
        self.log = log
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        partial = b""
        for chunk in iter(lambda: self.proc.stdout.read1(4096), b""):
            self.log.write(chunk)
            partial += chunk
            *whole, partial = partial.split(b"\n")
            for raw in whole:
                text = raw.decode("utf-8", "replace").rstrip("\r")
                self.lines.append(text)
                if text == "READY":
                    self.ready.set()
        self.ready.set()

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        self.thread.join()


def parse(lines):
    """GOT/BAD/NONE per variable before READY; SET (var, counter) after it."""
    got, bad, sets = {}, [], []
    for text in lines:
        m = re.fullmatch(r"(GOT|BAD|NONE|SET) (\d+)(?: (\d+))?", text)
        if not m:
            continue
        kind, var = m.group(1), int(m.group(2))
        if kind == "GOT":
            got[var] = int(m.group(3))
        elif kind == "BAD":
            bad.append(var)
        elif kind == "SET":
            sets.append((var, int(m.group(3))))
    return got, bad, sets


def store_info(tool, vars_fd):
    out = subprocess.run([tool, vars_fd], capture_output=True, text=True)
    fields = dict(kv.split("=", 1) for kv in out.stdout.split())
    return out.returncode, fields


def formatted_by_first_set(lines):
    """The blank bank is left alone at boot and formatted, with a line saying
    so, by the app's first SetVariable: after READY, before the first SET."""
    def first(pred):
        return next((i for i, l in enumerate(lines) if pred(l)), None)
    ready = first(lambda l: l == "READY")
    formatted = first(lambda l: "blank (erased) flash: formatted a new store" in l)
    first_set = first(lambda l: l.startswith("SET "))
    left = first(lambda l: "blank (erased) flash: left as it is" in l)
    return None not in (ready, formatted, first_set, left) and left < ready < formatted < first_set


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("firmware")
    ap.add_argument("app")
    ap.add_argument("info_tool")
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--gc", action="store_true")
    ap.add_argument("--min-compaction-kills", type=int, default=0)
    ap.add_argument("--max-delay", type=float, default=0.8)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = os.environ.get("TEST_TMPDIR") or tempfile.mkdtemp()
    vars_fd = os.path.join(work, "vars.fd")
    with open(vars_fd, "wb") as f:
        f.write(b"\xff" * VARS_FD_BYTES)
    failures = []
    expected = {}      # var -> last counter whose SetVariable returned
    pending = None     # (var, counter) that may or may not have been written
    compaction_kills = 0
    total_sets = 0
    log = open(os.path.join(os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR", work),
                            "serial.log"), "wb")

    for run in range(args.kills + 1):
        log.write(b"\n===== boot %d =====\n" % run)
        boot = Boot(args.firmware, args.app, vars_fd, args.gc, log)
        if not boot.ready.wait(60):
            boot.kill()
            failures.append("boot %d: no READY within 60 s" % run)
            break
        last = run == args.kills
        if not last:
            time.sleep(rng.uniform(0.02, args.max_delay))
        boot.kill()
        text = "\n".join(boot.lines)
        got, bad, sets = parse(boot.lines)
        if "efilite: error" in text or "ERR " in text:
            failures.append("boot %d: firmware or app error" % run)
        if run > 0 and "formatted a new store" in text:
            failures.append("boot %d: the store was formatted again (data lost)" % run)
        if run == 0 and sets and not formatted_by_first_set(boot.lines):
            failures.append("boot 0: the blank bank was not formatted by the first "
                            "SetVariable (after READY, before the first SET line)")
        for var in bad:
            failures.append("boot %d: Pc%02d holds a torn or foreign value" % (run, var))
        for var in set(expected) | set(got):
            want = expected.get(var)
            allowed = {want} if want is not None else {None}
            if pending and pending[0] == var:
                allowed.add(pending[1])
            if got.get(var) not in allowed:
                failures.append("boot %d: Pc%02d = %s, want one of %s" %
                                (run, var, got.get(var), sorted(map(str, allowed))))
        # what this boot found is the truth from here on
        expected = dict(got)
        for var, counter in sets:
            expected[var] = counter
        total_sets += len(sets)
        top = max([c for _, c in sets] + list(got.values()) + [0])
        count = 40 if args.gc else 16
        pending = ((top + 1) % count, top + 1)
        status, info = store_info(args.info_tool, vars_fd)
        if status != 0:
            failures.append("after boot %d: store invalid: %s" % (run, info))
        elif info.get("compacting") == "1" and not last:
            compaction_kills += 1
        if failures:
            break
        print("boot %d: %d writes, store %s" % (run, len(sets), " ".join(
            "%s=%s" % (k, info.get(k)) for k in ("generation", "records", "tail", "compacting"))))

    print("%d kills, %d writes that returned, %d kills during a compaction" %
          (args.kills, total_sets, compaction_kills))
    if compaction_kills < args.min_compaction_kills:
        failures.append("only %d kills hit a compaction (want >= %d)" %
                        (compaction_kills, args.min_compaction_kills))
    for f in failures:
        print("FAIL: " + f)
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
