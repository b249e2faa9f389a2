"""Boot phases: when each marker line first showed on the serial console."""

import re

# (phase, regex) in boot order; "banner" is per path, "exit" is QEMU's exit.
PHASES = ["banner", "efi_stub", "exit_boot_services", "kernel", "init", "exit"]
KERNEL_MARKERS = [
    ("efi_stub", re.compile(r"EFI stub: ")),
    ("exit_boot_services", re.compile(r"EFI stub: Exiting boot services")),
    ("kernel", re.compile(r"Booting Linux on physical CPU")),
    ("init", re.compile(r"EFILITE-INIT: start")),
]
# edk2 clears the screen and moves the cursor with escape sequences.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;=?]*[A-Za-z]")


def clean(text):
    return ANSI_ESCAPE.sub("", text)


def first_match(lines, regex):
    for seconds, text in lines:
        if regex.search(clean(text)):
            return seconds
    return None


def first_cpu(boot, regex):
    """QEMU's CPU seconds when the first line matching regex arrived, or None."""
    for (_, text), cpu in zip(boot.lines, boot.line_cpu):
        if regex.search(clean(text)):
            return cpu
    return None


def phase_cpu_times(boot, banner):
    """{phase: QEMU's CPU seconds when that line arrived, or None} for the
    phases up to the kernel's first line: the firmware's span in CPU time
    (see qemu_boot)."""
    cpu = {"banner": first_cpu(boot, re.compile(banner)) if banner else None}
    for phase, regex in KERNEL_MARKERS:
        if phase != "init":
            cpu[phase] = first_cpu(boot, regex)
    return cpu


def phase_times(boot, banner):
    """{phase: seconds since QEMU start or None} for one Boot."""
    times = {"banner": first_match(boot.lines, re.compile(banner)) if banner else None}
    for phase, regex in KERNEL_MARKERS:
        times[phase] = first_match(boot.lines, regex)
    times["exit"] = boot.exit_time
    return times


def failure_reason(boot, times):
    """None when the boot reached init and QEMU powered off cleanly."""
    if boot.failure:
        return boot.failure
    if boot.returncode != 0:
        return "QEMU exit status %s: %s" % (
            boot.returncode, boot.stderr.decode(errors="replace").strip()[-200:])
    if times["init"] is None:
        reached = [p for p in PHASES if times.get(p) is not None and p != "exit"]
        return "init marker never printed (reached: %s)" % (
            ", ".join(reached) or "nothing")
    return None


# efilite's debug line at ExitBootServices: time programs spent blocked in
# WaitForEvent and Stall (firmware/efi/boot_services.c).
PROGRAM_WAITS = re.compile(r"programs waited (\d+) us in WaitForEvent \((\d+) calls\), "
                           r"(\d+) us in Stall")


def program_waits(lines):
    """(WaitForEvent seconds, calls, Stall seconds) from efilite's debug log,
    or None if the line is missing (not efilite, or not its debug log)."""
    for _, text in lines:
        m = PROGRAM_WAITS.search(clean(text))
        if m:
            return int(m.group(1)) / 1e6, int(m.group(2)), int(m.group(3)) / 1e6
    return None
