#!/usr/bin/python3
"""cpu_of.py counts the CPU of processes orphaned under it (as afl-fuzz's
persistent target child is), keeps the command's status, and does not wait for
an orphan that never ends."""

import os
import subprocess
import sys
import tempfile
import time
import unittest

CPU_OF = os.path.join(os.path.dirname(os.path.realpath(__file__)), "cpu_of.py")
# Burns 1.5 s of CPU in a process whose parent (sh) has already exited.
ORPHAN_BURNS = (
    "%s -c 'import time\nend = time.process_time() + 1.5\n"
    "while time.process_time() < end: pass' & exit 0" % sys.executable
)


def run(out, *cmd):
    return subprocess.run([sys.executable, CPU_OF, out] + list(cmd)).returncode


class CpuOf(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.out = os.path.join(self.dir, "cpu")

    def lines(self):
        with open(self.out) as f:
            return [int(line) for line in f]

    def test_orphan_cpu_is_counted(self):
        self.assertEqual(run(self.out, "sh", "-c", ORPHAN_BURNS), 0)
        self.assertGreaterEqual(self.lines()[0], 1)

    def test_status_kept_and_lines_appended(self):
        self.assertEqual(run(self.out, "sh", "-c", "exit 3"), 3)
        self.assertEqual(run(self.out, "true"), 0)
        self.assertEqual(len(self.lines()), 2)

    def test_endless_orphan_is_killed(self):
        start = time.monotonic()
        self.assertEqual(run(self.out, "sh", "-c", "sleep 600 & exit 0"), 0)
        self.assertLess(time.monotonic() - start, 60)
        self.assertEqual(len(self.lines()), 1)


if __name__ == "__main__":
    unittest.main()
