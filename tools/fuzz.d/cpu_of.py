#!/usr/bin/env python3
"""cpu_of.py FILE CMD [ARG...]: runs CMD and appends to FILE the CPU seconds
(user + sys, rounded) of CMD and of every process it started, then exits with
CMD's status.

GNU time counts only the children that were waited for. afl-fuzz kills its
fork server before it collects the persistent child that runs the target, so
that child's CPU, most of a run's, was never counted. Here this process is the
child subreaper: descendants orphaned on the way end up as its children, and
it waits for all of them before reading its RUSAGE_CHILDREN.
"""
import ctypes
import os
import resource
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
ORPHAN_GRACE_SECONDS = 10


def become_subreaper():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        err = ctypes.get_errno()
        sys.exit("cpu_of.py: prctl(PR_SET_CHILD_SUBREAPER): " + os.strerror(err))


def own_children():
    """PIDs whose parent is this process (orphans adopted here included)."""
    me = os.getpid()
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        # The fields after the parenthesised command: state, ppid, ...
        fields = stat[stat.rfind(")") + 2:].split()
        if int(fields[1]) == me:
            pids.append(int(entry))
    return pids


def reap_all():
    """Waits for every remaining child; orphans still alive after the grace
    period are killed (a run must not outlive its slice)."""
    deadline = time.monotonic() + ORPHAN_GRACE_SECONDS
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid:
            continue
        if time.monotonic() > deadline:
            for child in own_children():
                try:
                    os.kill(child, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        time.sleep(0.05)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: cpu_of.py FILE CMD [ARG...]")
    out, cmd = sys.argv[1], sys.argv[2:]
    become_subreaper()
    try:
        child = subprocess.Popen(cmd)
        # As GNU time did: ^C is the command's to act on (libFuzzer prints its
        # final stats), not a reason to kill it and lose the CPU line.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGQUIT, signal.SIG_IGN)
        status = child.wait()
    finally:
        reap_all()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        # One short O_APPEND write: parallel runs sharing FILE do not mix lines.
        with open(out, "a") as f:
            f.write("%.0f\n" % (usage.ru_utime + usage.ru_stime))
    sys.exit(status if status >= 0 else 128 - status)


if __name__ == "__main__":
    main()
