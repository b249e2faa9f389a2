"""efilite boot matrix: one qemu_boot_test per machine configuration."""

load("//qemu-tests:defs.bzl", "qemu_boot_test")

_KERNEL = "@debian_kernel//:Image"
_INITRD = "//qemu-tests:initrd"
# Builds of efilite the matrix runs: the release image, and the UBSan build
# (firmware/BUILD.bazel), whose checks end in a named `efilite: error:` line.
_FIRMWARE = {
    "release": "//firmware:efilite_bin",
    "ubsan": "//firmware:efilite_ubsan_bin",
}

# Name part, QEMU -m value in MiB.
MEMORY_SIZES = [("128m", 128), ("1g", 1024), ("5g", 5120)]

# What the kernel says about KVM tells EL2 with VHE apart from plain EL1.
_EL_EXPECT = {
    "el1": "kvm \\[1\\]: HYP mode not available",
    "el2": "kvm \\[1\\]: VHE mode initialized successfully",
}

def range_regex(lo, hi):
    """An ERE alternation matching exactly the decimal integers lo..hi.

    Walks up from lo in the largest aligned blocks of powers of ten that fit,
    e.g. 95..1234 -> 9[5-9]|[1-9][0-9]{2}|1[0-1][0-9]{2}|12[0-2][0-9]|123[0-4].
    """
    parts = []

    # Starlark has no while loop; 200 blocks cover any 64-bit range.
    for _ in range(200):
        if lo > hi:
            return "|".join(parts)
        step, digits = 1, 0

        # Blocks never start at 0: "0[0-9]" would match no number.
        for _ in range(20):
            if lo == 0 or lo % (step * 10) != 0 or lo + step * 10 - 1 > hi:
                break
            step, digits = step * 10, digits + 1
        first = (lo // step) % 10
        count = 1
        for _ in range(9):
            if first + count > 9 or lo + (count + 1) * step - 1 > hi:
                break
            count += 1
        head = lo // step // 10
        part = str(head) if head else ""
        part += str(first) if count == 1 else "[%d-%d]" % (first, first + count - 1)
        if digits:
            part += "[0-9]" if digits == 1 else "[0-9]{%d}" % digits
        parts.append(part)
        lo += count * step
    fail("range_regex: range too wide")

def mem_total_kb_range(mem_mb):
    """What MemTotal (kB) may be with -m mem_mb: all of RAM at most; at least
    RAM less 64 MiB (kernel image, firmware, CMA bookkeeping) less 1/32 (the
    page structures take 1/64)."""
    ram_kb = mem_mb * 1024
    return ram_kb - 64 * 1024 - ram_kb // 32, ram_kb

def _cpus_online(smp):
    return "0" if smp == 1 else "0-%d" % (smp - 1)

def _machine(acpi, el):
    opts = [] if acpi else ["acpi=off"]
    if el == "el2":
        opts.append("virtualization=on")
    return ",".join(opts)

def _acpi_tables(acpi):
    # The tables QEMU's virt always builds, in the init's sorted list.
    if acpi:
        return "APIC,(.+,)?DSDT,FACP,GTDT,(.+,)?SPCR(,.+)?"
    return "none"

def _firmware_and_kernel_saw(el, mem_mb, smp):
    """Expectations on the log that hold with or without an init."""
    return [
        "--mem",
        str(mem_mb),
        "--smp",
        str(smp),
        # The firmware's banner: the level it started at and all of -m.
        "--expect",
        "^efilite [^ ]+: %s, %d MiB RAM$$" % (el.upper(), mem_mb),
        "--expect",
        "efi: EFI v[0-9.]+ by efilite",
        # efilite placed the kernel at random: the EFI stub keeps it there.
        "--expect",
        "EFI stub: Image placement fixed by loader",
        # The kernel's page count is all of -m: no RAM lost in the memory
        # map, including the part above 4 GiB (RAM starts at 1 GiB).
        "--expect",
        "Memory: [0-9]+K/%dK available" % (mem_mb * 1024),
        "--reject",
        "efilite: error:|\\[Firmware Bug\\]|Unable to handle kernel|Internal error:|BUG:|WARNING:",
    ]

def _init_saw(acpi, el, mem_mb, smp):
    """What the init must report after a healthy boot."""
    return [
        "--expect",
        _EL_EXPECT[el],
        "--reject",
        "Kernel panic|Call trace:",
        "--init",
        "efi=yes",
        "--init",
        "efi_firmware=efilite",
        "--init",
        "acpi_tables=" + _acpi_tables(acpi),
        "--init",
        "dmi=QEMU/QEMU Virtual Machine",
        "--init",
        "boot_el=" + el.upper(),
        "--init",
        "cpus_online=" + _cpus_online(smp),
        "--init",
        "mem_total_kb=" + range_regex(*mem_total_kb_range(mem_mb)),
        "--expect",
        "Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path",
    ]

def _cell_name(acpi, el, mem, smp, build):
    prefix = "" if build == "release" else build + "_"
    return prefix + "matrix_%s_%s_%s_smp%d" % ("acpi" if acpi else "dt", el, mem, smp)

def _tags(acpi, el, mem, smp, build):
    return [
        build,
        "efilite",
        "qemu",
        "matrix",
        "acpi" if acpi else "dt",
        el,
        "mem" + mem,
        "smp%d" % smp,
    ]

def matrix_cell(acpi, el, mem, mem_mb, smp, build = "release"):
    """A full boot to the init, asserting what the init saw.

    Args:
      acpi: ACPI mode (else acpi=off: device tree only).
      el: "el1" or "el2" (virtualization=on: the kernel runs with VHE).
      mem: name part of the memory size.
      mem_mb: QEMU -m in MiB.
      smp: QEMU -smp.
      build: a key of _FIRMWARE: which build of efilite boots.
    """
    name = _cell_name(acpi, el, mem, smp, build)
    qemu_boot_test(
        name = name,
        firmware = _FIRMWARE[build],
        kernel = _KERNEL,
        initrd = _INITRD,
        append = "console=ttyAMA0 panic=-1 efilite.test=%s grüße€" % name,
        machine = _machine(acpi, el),
        args = _firmware_and_kernel_saw(el, mem_mb, smp) + _init_saw(acpi, el, mem_mb, smp) +
               ["--init-cmdline-is-append"],
        timeout_s = 60,
        tags = _tags(acpi, el, mem, smp, build),
    )

def matrix_cell_without_append(acpi, el, mem, mem_mb, smp, build = "release"):
    """No -append: the kernel gets an empty command line (no LoadOptions, no
    bootargs in QEMU's DT) and finds its console itself, from the SPCR table
    or the DT's stdout-path."""
    qemu_boot_test(
        name = _cell_name(acpi, el, mem, smp, build) + "_no_append",
        firmware = _FIRMWARE[build],
        kernel = _KERNEL,
        initrd = _INITRD,
        machine = _machine(acpi, el),
        args = _firmware_and_kernel_saw(el, mem_mb, smp) + _init_saw(acpi, el, mem_mb, smp) + [
            "--expect",
            "Kernel command line: $$",
            "--init",
            "cmdline=",
        ] + (["--expect", "ACPI: SPCR: console: pl011"] if acpi else []),
        timeout_s = 60,
        tags = _tags(acpi, el, mem, smp, build) + ["no_append"],
    )

def matrix_cell_without_initrd(acpi, el, mem, mem_mb, smp, build = "release"):
    """No -initrd: the kernel has no init and no root device, so it panics;
    panic=-1 resets at once and -no-reboot turns the reset into QEMU's exit.
    The firmware's part is proven by what comes before the panic: the stub
    exited boot services, the kernel got efilite's system table, all of RAM
    and the command line, and it panicked for the missing root alone."""
    name = _cell_name(acpi, el, mem, smp, build) + "_no_initrd"
    append = "console=ttyAMA0 panic=-1 efilite.test=" + name
    qemu_boot_test(
        name = name,
        firmware = _FIRMWARE[build],
        kernel = _KERNEL,
        append = append,
        machine = _machine(acpi, el),
        args = _firmware_and_kernel_saw(el, mem_mb, smp) + [
            "--expect",
            "EFI stub: Exiting boot services",
            "--expect",
            "Kernel command line: %s$$" % append,
            "--expect",
            "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block\\(0,0\\)",
            "--reject",
            "Loaded initrd|Trying to unpack rootfs|EFILITE-INIT",
        ],
        timeout_s = 60,
        tags = _tags(acpi, el, mem, smp, build) + ["no_initrd"],
    )

def matrix_cell_numa(acpi, el, build = "release"):
    """1 GiB in two NUMA nodes of 512 MiB with one CPU each: the DT then has
    two memory nodes (ACPI: an SRAT), and the kernel must set up both
    nodes' memory, from RAM's start at 1 GiB, 0x40000000, up."""
    name = _cell_name(acpi, el, "1g", 2, build) + "_numa2"
    numa = []
    for node in [0, 1]:
        numa += [
            "-object",
            "memory-backend-ram,id=m%d,size=512M" % node,
            "-numa",
            "node,memdev=m%d,cpus=%d" % (node, node),
        ]
    qemu_args = []
    for arg in numa:
        qemu_args += ["--qemu-arg", arg]
    qemu_boot_test(
        name = name,
        firmware = _FIRMWARE[build],
        kernel = _KERNEL,
        initrd = _INITRD,
        append = "console=ttyAMA0 panic=-1 efilite.test=" + name,
        machine = _machine(acpi, el),
        args = _firmware_and_kernel_saw(el, 1024, 2) + _init_saw(acpi, el, 1024, 2) + qemu_args + [
            "--init-cmdline-is-append",
            "--expect",
            "Initmem setup node 0 \\[mem 0x0+40000000-0x0+5fffffff\\]",
            "--expect",
            "Initmem setup node 1 \\[mem 0x0+60000000-0x0+7fffffff\\]",
            "--expect",
            "smp: Brought up 2 nodes, 2 CPUs",
        ],
        timeout_s = 60,
        tags = _tags(acpi, el, "1g", 2, build) + ["numa"],
    )

def boot_matrix(build = "release"):
    """The 24 cells (ACPI/DT x EL1/EL2 x 128M/1G/5G x 1/4 CPUs), and boots
    without -append, without -initrd and with two NUMA nodes in both modes,
    of one build of efilite (names prefixed with the build unless release)."""
    for acpi in [True, False]:
        for el in ["el1", "el2"]:
            for mem, mem_mb in MEMORY_SIZES:
                for smp in [1, 4]:
                    matrix_cell(acpi, el, mem, mem_mb, smp, build)
    matrix_cell_without_append(True, "el1", "1g", 1024, 1, build)
    matrix_cell_without_append(False, "el2", "128m", 128, 4, build)
    matrix_cell_without_initrd(True, "el2", "5g", 5120, 4, build)
    matrix_cell_without_initrd(False, "el1", "1g", 1024, 1, build)
    matrix_cell_numa(True, "el2", build)
    matrix_cell_numa(False, "el1", build)

def range_regex_test(name, ranges):
    """Checks range_regex on each (lo, hi) by matching integers around both ends."""
    args = []
    for lo, hi in ranges:
        args += [str(lo), str(hi), "'%s'" % range_regex(lo, hi)]
    native.sh_test(
        name = name,
        size = "small",
        srcs = ["range_regex_test.sh"],
        args = args,
    )
