"""tools/bench --hardening: what each of the firmware's protections costs.

Besides the release image, the benchmark boots builds of the same sources
with one protection turned off (//firmware:efilite_<variant>_bin, see
firmware/BUILD.bazel) and the UBSan build, in the same interleaved rounds.
A protection's cost is the release image minus the build without it (for
UBSan: the UBSan build minus the release image): image bytes (the packed
-bios image, first stage plus LZ4-compressed firmware, against the 128 KiB
flash budget), function bytes (the sum of the ELF's function sizes: exact,
uncompressed), the firmware's own time to the kernel under -icount shift=0
(virtual time counts instructions: deterministic, free of host load; the
debug line 'kernel: started N us after reset'), and the median time to the
kernel's first line and QEMU CPU time, in milliseconds (host-load noise).
"""

import re
import subprocess

HANDOVER = re.compile(r"kernel: started (\d+) us after reset")

# (boot path name, label, what the cost row is called, True if the build
# adds the feature to release rather than removing one from it)
VARIANTS = [
    ("no-bti-pac", "//firmware:efilite_no_branch_protection_bin",
     "BTI + PAC-RET", False),
    ("no-stackprot", "//firmware:efilite_no_stack_protector_bin",
     "stack protector", False),
    ("no-autoinit", "//firmware:efilite_no_auto_var_init_bin",
     "auto-var-init=pattern", False),
    ("unhardened", "//firmware:efilite_unhardened_bin",
     "all three", False),
    ("ubsan", "//firmware:efilite_ubsan_bin",
     "UBSan build (tests only)", True),
]

PATH_NAMES = [name for name, _, _, _ in VARIANTS]


def function_bytes(elf, nm="llvm-nm"):
    """Sum of the sizes of the ELF's code symbols, or None."""
    if not elf:
        return None
    try:
        out = subprocess.run([nm, "-S", "--defined-only", elf], stdout=subprocess.PIPE,
                             check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return None
    return parse_function_bytes(out)


def parse_function_bytes(nm_output):
    """llvm-nm -S lines "ADDRESS SIZE TYPE NAME": the sizes of t/T symbols."""
    total = 0
    for line in nm_output.splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[2] in ("t", "T"):
            total += int(fields[1], 16)
    return total


def handover_us(lines):
    """The firmware's 'kernel: started N us after reset' figure, or None."""
    for text in lines:
        m = HANDOVER.search(text)
        if m:
            return int(m.group(1))
    return None


def _median(stats, path, row):
    cell = stats.get(path, {}).get(row)
    return cell["median"] if cell else None


def _diff(a, b, scale=1):
    return (a - b) * scale if a is not None and b is not None else None


def costs(stats, image_bytes, code_bytes, handover=None, release="efilite"):
    """[{protection, image_bytes, function_bytes, icount_us, kernel_ms, qemu_cpu_ms}];
    handover: {path: firmware microseconds to the kernel under -icount}."""
    handover = handover or {}
    rows = []
    for name, _, protection, additive in VARIANTS:
        with_it, without = (name, release) if additive else (release, name)
        rows.append({
            "protection": protection,
            "image_bytes": _diff(image_bytes.get(with_it), image_bytes.get(without)),
            "function_bytes": _diff(code_bytes.get(with_it), code_bytes.get(without)),
            "icount_us": _diff(handover.get(with_it), handover.get(without)),
            "kernel_ms": _diff(_median(stats, with_it, "kernel"),
                               _median(stats, without, "kernel"), 1000),
            "qemu_cpu_ms": _diff(_median(stats, with_it, "qemu_cpu"),
                                 _median(stats, without, "qemu_cpu"), 1000),
        })
    return rows


def _fmt(value, unit):
    if value is None:
        return "n/a"
    return ("%+d" % value if unit in ("B", "us") else "%+.1f" % value) + " " + unit


def table(rows, image_bytes, code_bytes, handover=None, release="efilite"):
    handover = handover or {}
    out = ["", "protection costs (release: %s-byte image, %s function bytes, kernel "
           "started %s us after reset under -icount; wall and CPU times are medians, "
           "noisy on a busy host)" % (image_bytes.get(release, "n/a"),
                                      code_bytes.get(release, "n/a"),
                                      handover.get(release, "n/a")),
           "%-26s%12s%14s%16s%16s%14s" % ("protection", "image", "functions",
                                          "firmware time", "kernel start", "QEMU CPU")]
    for row in rows:
        out.append("%-26s%12s%14s%16s%16s%14s" % (
            row["protection"], _fmt(row["image_bytes"], "B"),
            _fmt(row["function_bytes"], "B"), _fmt(row.get("icount_us"), "us"),
            _fmt(row["kernel_ms"], "ms"), _fmt(row["qemu_cpu_ms"], "ms")))
    return "\n".join(out)
