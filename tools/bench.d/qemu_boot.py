"""Run one QEMU boot and timestamp every serial line as it arrives.

QEMU's serial port is its stdout (-serial stdio), read through a pipe without
buffering on our side, so a line's time is when its newline reached us. Each
line also gets the CPU time QEMU had used by then (all its threads, from
/proc/PID/task/*/schedstat, in ns): unlike wall time it does not grow while
QEMU waits for a CPU on a busy host.
"""

import os
import select
import subprocess
import time


class Boot:
    """What one QEMU run produced; times are seconds since QEMU was started."""

    def __init__(self):
        self.lines = []  # [(seconds, text)], serial output split at '\n'
        self.line_cpu = []  # QEMU's CPU seconds when each line arrived (None: unknown)
        self.stderr = b""
        self.exit_time = None
        self.returncode = None
        # QEMU's user+system CPU time: less disturbed than wall time by other
        # load on a shared machine, as long as QEMU is not starved of a core.
        self.cpu_seconds = None
        self.failure = None  # why the run did not end by itself, else None


def _decode(raw):
    return raw.replace(b"\r", b"").decode("utf-8", errors="replace")


class _LineSplitter:
    """Splits a byte stream into timestamped lines; keeps the unfinished tail."""

    def __init__(self, boot):
        self.boot = boot
        self.tail = b""

    def feed(self, data, now, cpu=None):
        parts = (self.tail + data).split(b"\n")
        self.tail = parts.pop()
        for part in parts:
            self.boot.lines.append((now, _decode(part)))
            self.boot.line_cpu.append(cpu)

    def flush(self, now):
        if self.tail:
            self.boot.lines.append((now, _decode(self.tail)))
            self.boot.line_cpu.append(None)
            self.tail = b""


def cpu_seconds(pid):
    """CPU time all of pid's threads have run so far (schedstat's first
    field, ns), or None where /proc does not say."""
    total = 0
    try:
        tasks = os.listdir("/proc/%d/task" % pid)
        for task in tasks:
            with open("/proc/%d/task/%s/schedstat" % (pid, task)) as f:
                total += int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total / 1e9


def _type(proc, keys):
    try:
        proc.stdin.write(keys)
        proc.stdin.flush()
    except BrokenPipeError:
        pass  # QEMU already exited; its exit status tells the rest


def _reader_first():
    """Makes this reader wake before other work on a busy host, so a line's
    timestamps (wall and QEMU's CPU time) are taken when QEMU wrote it, not
    when a loaded scheduler let us read it: niceness -10 if allowed (root),
    once per process. Returns the niceness QEMU should keep, or None."""
    global _NICE_BEFORE
    if _NICE_BEFORE is None:
        _NICE_BEFORE = os.getpriority(os.PRIO_PROCESS, 0)
        try:
            os.setpriority(os.PRIO_PROCESS, 0, min(_NICE_BEFORE, -10))
        except OSError:
            pass
    return _NICE_BEFORE


_NICE_BEFORE = None


def run(argv, responder=None, total_timeout=120.0, idle_timeout=20.0):
    """Run argv (a QEMU command line) to completion or until a timeout.

    responder(pending_text) is called whenever serial output arrives with the
    text not yet answered (including an unfinished line such as a prompt); it
    returns bytes to type into the serial port, or None. Answered text is
    discarded so a prompt is answered once.
    """
    boot = Boot()
    start = time.monotonic()
    nice = _reader_first()
    try:
        # QEMU runs at the niceness we had, not the reader's
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE,
                                preexec_fn=(lambda: os.setpriority(os.PRIO_PROCESS, 0, nice))
                                if nice is not None else None)
    except OSError as error:
        boot.failure = "cannot start %s: %s" % (argv[0], error.strerror)
        return boot
    splitter = _LineSplitter(boot)
    pending = b""
    open_fds = {proc.stdout.fileno(), proc.stderr.fileno()}
    last_output = start
    try:
        while open_fds:
            now = time.monotonic()
            if now - start > total_timeout:
                boot.failure = "timeout after %.0f s" % total_timeout
                break
            if now - last_output > idle_timeout:
                boot.failure = "no serial output for %.0f s" % idle_timeout
                break
            ready, _, _ = select.select(list(open_fds), [], [], 0.5)
            for fd in ready:
                data = os.read(fd, 65536)
                now = time.monotonic() - start
                if not data:
                    open_fds.discard(fd)
                elif fd == proc.stderr.fileno():
                    boot.stderr += data
                else:
                    last_output = time.monotonic()
                    splitter.feed(data, now, cpu_seconds(proc.pid))
                    # A prompt fits in the last few KiB; older text is moot.
                    pending = (pending + data)[-4096:]
                    if responder:
                        reply = responder(_decode(pending))
                        if reply is not None:
                            pending = b""
                            _type(proc, reply)
        if boot.failure is None:
            _, status, usage = os.wait4(proc.pid, 0)
            boot.exit_time = time.monotonic() - start
            proc.returncode = boot.returncode = os.waitstatus_to_exitcode(status)
            boot.cpu_seconds = usage.ru_utime + usage.ru_stime
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        splitter.flush(time.monotonic() - start)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()
    return boot
