"""The ways the benchmark boots under QEMU: the same kernel and initrd through
fw_cfg (-kernel; direct boot needs no firmware), and the same ESP on a
virtio-pci disk (systemd-boot -> the kernel and initrd) through each firmware.
efilite_vars is efilite with a 64 MiB vars.fd of 500 variables in flash bank 1;
efilite_vars_base is its baseline, the volatile store with the same QEMU cost:
a blank 64 MiB bank attached read-only, which efilite leaves as a volatile
store without loading anything (QEMU reads both files at startup alike)."""

import os

MACHINE = ["-M", "virt", "-cpu", "max,pauth-impdef=on", "-m", "1G",
           "-display", "none", "-serial", "stdio", "-monitor", "none",
           "-no-reboot"]
KERNEL_ARGS = "console=ttyAMA0 earlycon"
EDK2_BIOS = "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"
UBOOT_BIOS = "/usr/lib/u-boot/qemu_arm64/u-boot.bin"

# U-Boot's own qfw boot (its bootcmd_qfw without the bootz fallback): fw_cfg's
# kernel and initrd to the board's load addresses, then the booti protocol
# with QEMU's device tree, which already carries -append as bootargs.
UBOOT_QFW_BOOT = (b"qfw load ${kernel_addr_r} ${ramdisk_addr_r}; "
                  b"booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} "
                  b"${fdtcontroladdr}\r")
# U-Boot's EFI boot of the disk: what its distro boot does for an ESP
# (virtio scan, the removable path, bootefi with its device tree), typed at once.
UBOOT_DISK_BOOT = (b"virtio scan; load virtio 0:1 ${kernel_addr_r} efi/boot/bootaa64.efi; "
                   b"bootefi ${kernel_addr_r} ${fdtcontroladdr}\r")
# The disk for the disk paths: read-only, first in QEMU's bootorder, no NIC
# (edk2 would try network boot first).
DISK_ARGS = ["-drive", "if=none,id=esp,format=raw,readonly=on,file=%s",
             "-device", "virtio-blk-pci,drive=esp,bootindex=0", "-nic", "none"]


class UbootConsole:
    """Stops U-Boot's autoboot countdown and types the qfw boot command.

    Waiting out the countdown (bootdelay=2) would measure a configured sleep,
    not firmware work, so the benchmark answers the prompt as soon as it shows.
    """

    def __init__(self, command=UBOOT_QFW_BOOT):
        self.state = "countdown"
        self.command = command

    def __call__(self, text):
        if self.state == "countdown" and "Hit any key to stop autoboot" in text:
            self.state = "prompt"
            return b" "
        if self.state == "prompt" and text.endswith("=> "):
            self.state = "booting"
            return self.command
        return None


class BootPath:
    """name: table column; bios: firmware file, None for direct boot or for
    firmware that is not available; banner: regex of the firmware's first
    line; console: responder factory; disk: boots the ESP disk rather than
    -kernel/-initrd/-append (its loader entry carries the command line)."""

    def __init__(self, name, bios, banner, console=None, firmware=True, disk=False,
                 vars_fd=None):
        self.name = name
        self.bios = bios
        self.banner = banner
        self.console = console
        self.firmware = firmware
        self.disk = disk
        # flash bank 1: "store" (the vars.fd, writable), "blank" (read-only) or None
        self.vars_fd = vars_fd

    def unavailable(self):
        """Why this path cannot boot at all, or None."""
        if self.firmware and not (self.bios and os.path.isfile(self.bios)):
            return "firmware image %s not available" % (self.bios or "(not built)")
        return None

    def argv(self, qemu, kernel, initrd, kernel_args, extra=(), disk=None, vars_fd=None,
             blank_fd=None):
        """vars_fd: a scratch copy of the store (writable: the bench checks that
        booting leaves it unchanged); blank_fd: a blank bank of the same size."""
        argv = [qemu] + MACHINE
        if self.bios:
            argv += ["-bios", self.bios]
        if self.vars_fd == "store":
            argv += ["-drive", "if=pflash,unit=1,format=raw,file=%s" % vars_fd]
        elif self.vars_fd == "blank":
            argv += ["-drive", "if=pflash,unit=1,format=raw,readonly=on,file=%s" % blank_fd]
        if self.disk:
            argv += [a % disk if "%s" in a else a for a in DISK_ARGS]
        else:
            argv += ["-kernel", kernel, "-initrd", initrd, "-append", kernel_args]
        return argv + list(extra)

    def responder(self):
        return self.console() if self.console else None


def all_paths(efilite_bin):
    """Every path in the default order; efilite_bin may be None (not built)."""
    return [
        BootPath("direct", None, None, firmware=False),
        BootPath("efilite", efilite_bin, r"efilite"),
        BootPath("efilite_vars", efilite_bin, r"efilite", vars_fd="store"),
        BootPath("efilite_vars_base", efilite_bin, r"efilite", vars_fd="blank"),
        BootPath("edk2", EDK2_BIOS, r"UEFI firmware"),
        BootPath("uboot", UBOOT_BIOS, r"U-Boot \d", UbootConsole),
        BootPath("efilite_disk", efilite_bin, r"efilite", disk=True),
        BootPath("edk2_disk", EDK2_BIOS, r"UEFI firmware", disk=True),
        BootPath("uboot_disk", UBOOT_BIOS, r"U-Boot \d",
                 lambda: UbootConsole(UBOOT_DISK_BOOT), disk=True),
    ]
