"""qemu_boot_test: one QEMU boot checked by qemu-tests/boot_test.sh."""

_FIRMWARE_NAMES = ["direct", "edk2", "uboot"]

# efilite logs at debug level (fw_cfg opt/org.efilite/log-level): for
# expectations on its debug lines.
EFILITE_DEBUG_LOG = [
    "--qemu-arg",
    "-fw_cfg",
    "--qemu-arg",
    "name=opt/org.efilite/log-level,string=debug",
]

# boot_test.sh expectations shared by every boot of a kernel with our init.

# The kernel got to the init without complaining.
KERNEL_NO_COMPLAINTS = ["--reject", "Kernel panic|Call trace:|\\[Firmware Bug\\]"]

# What the kernel learnt from an EFI firmware, whatever EFI program started it:
# the initrd through LoadFile2, SMBIOS, working runtime time services and
# variables.
EFI_SERVICES_SEEN = [
    "--expect",
    "Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path",
    "--init",
    "efi=yes",
    "--init",
    "dmi=QEMU/.+",
    "--init",
    "rtc_efi=bound",
    "--init",
    "rtc=rtc-efi:[0-9]+",
    "--init-rtc-near-host",
    "300",
    "--init",
    "efivarfs=mounted",
]

def _quote(arg):
    # sh_test args go through Bourne shell tokenization: keep each one whole.
    return "'" + arg.replace("'", "'\\''") + "'"

def qemu_boot_test(
        name,
        firmware,
        kernel = None,
        initrd = None,
        append = None,
        machine = None,
        args = [],
        data = [],
        timeout_s = 90,
        **kwargs):
    """Boots QEMU once and checks the serial log (boot_test.sh documents args).

    Args:
      name: test name.
      firmware: "direct", "edk2", "uboot" or the label of a firmware image.
      kernel: label of the -kernel image, if any.
      initrd: label of the -initrd image, if any.
      append: the -append string, if any.
      machine: extra -M virt options, e.g. "acpi=off,virtualization=on".
      args: further boot_test.sh arguments, each kept whole (spaces are fine);
        $(rootpath) works for data labels and a literal $ is written $$.
      data: further files the arguments name.
      timeout_s: seconds QEMU gets to power the machine off by itself.
      **kwargs: passed to sh_test (tags, size, ...).
    """
    test_args, test_data = _machine_args(firmware, kernel, initrd, append, machine)
    native.sh_test(
        name = name,
        srcs = ["//qemu-tests:boot_test.sh"],
        args = [_quote(a) for a in test_args + args + ["--timeout", str(timeout_s)]],
        data = test_data + data,
        size = kwargs.pop("size", "medium"),
        **kwargs
    )

def _machine_args(firmware, kernel, initrd, append, machine):
    """boot_test.sh's machine arguments and the files they name."""
    test_data = ["//qemu-tests:corrupt_dtb.py"]
    test_args = []
    if firmware in _FIRMWARE_NAMES:
        test_args += ["--firmware", firmware]
    else:
        test_args += ["--firmware", "$(rootpath %s)" % firmware]
        test_data.append(firmware)
    if kernel:
        test_args += ["--kernel", "$(rootpath %s)" % kernel]
        test_data.append(kernel)
    if initrd:
        test_args += ["--initrd", "$(rootpath %s)" % initrd]
        test_data.append(initrd)
    if append != None:
        test_args += ["--append", append]
    if machine:
        test_args += ["--machine", machine]
    return test_args, test_data

def qemu_boots_test(
        name,
        firmware,
        boots,
        writable_disk = None,
        vars = None,
        args = [],
        data = [],
        timeout_s = 90,
        **kwargs):
    """Boots one machine len(boots) times with one persistent variable flash.

    qemu-tests/boots_test.sh: the flash (pflash unit 1) starts erased, a
    guest reset restarts the machine, and each boot is checked by
    boot_test.sh on its own.

    Args:
      name: test name.
      firmware: as qemu_boot_test's.
      boots: one list of boot_test.sh arguments (expectations) per boot.
      writable_disk: label of a disk image whose copy every boot gets,
        writable (virtio-pci), if any.
      vars: label of a 64 MiB variable flash image the first boot starts
        with (a copy), if any; erased flash without it.
      args: boot_test.sh arguments every boot gets (disks, fw_cfg).
      data: further files the arguments name.
      timeout_s: seconds each boot gets to power the machine off by itself.
      **kwargs: passed to sh_test (tags, size, ...).
    """
    test_args, test_data = _machine_args(firmware, None, None, None, None)
    all_args = ["$(rootpath //qemu-tests:boot_test.sh)"]
    if writable_disk:
        all_args += ["--writable-disk", "$(rootpath %s)" % writable_disk]
        test_data.append(writable_disk)
    if vars:
        all_args += ["--vars", "$(rootpath %s)" % vars]
        test_data.append(vars)
    all_args += test_args + args + ["--timeout", str(timeout_s)]
    for boot in boots:
        all_args += ["--boot"] + boot
    native.sh_test(
        name = name,
        srcs = ["//qemu-tests:boots_test.sh"],
        args = [_quote(a) for a in all_args],
        data = test_data + data + ["//qemu-tests:boot_test.sh"],
        size = kwargs.pop("size", "large"),
        **kwargs
    )

# The firmware images run_conformance.sh boots: efilite from this tree, edk2
# from Debian's qemu-efi-aarch64.
_CONFORMANCE_FIRMWARE = {
    "efilite": ("$(rootpath //firmware:efilite_bin)", ["//firmware:efilite_bin"]),
    "edk2": ("/usr/share/qemu-efi-aarch64/QEMU_EFI.fd", []),
}

def conformance_test(
        name,
        firmware,
        app = "//qemu-tests/conformance:conformance",
        suite = None,
        flags = [],
        qemu_args = [],
        data = [],
        size = "small",
        **kwargs):
    """Boots a conformance app under a firmware (run_conformance.sh documents the rest).

    Args:
      name: test name.
      firmware: "efilite" or "edk2".
      app: label of the EFI application booted with -kernel.
      suite: the app's -append text (a suite name), if any.
      flags: run_conformance.sh options (--allow-skips, --known-failure=NAME).
      qemu_args: further QEMU arguments.
      data: further files the QEMU arguments name.
      size: test size.
      **kwargs: passed to sh_test (env, tags, ...).
    """
    firmware_path, firmware_data = _CONFORMANCE_FIRMWARE[firmware]
    append = ["-append", suite] if suite else []
    native.sh_test(
        name = name,
        size = size,
        srcs = ["//qemu-tests/conformance:run_conformance.sh"],
        args = flags + [firmware_path, "$(rootpath %s)" % app] + append + qemu_args,
        data = [app] + data + firmware_data,
        **kwargs
    )
