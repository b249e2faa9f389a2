"""The four ways the benchmark boots the same kernel and initrd under QEMU."""

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


class UbootConsole:
    """Stops U-Boot's autoboot countdown and types the qfw boot command.

    Waiting out the countdown (bootdelay=2) would measure a configured sleep,
    not firmware work, so the benchmark answers the prompt as soon as it shows.
    """

    def __init__(self):
        self.state = "countdown"

    def __call__(self, text):
        if self.state == "countdown" and "Hit any key to stop autoboot" in text:
            self.state = "prompt"
            return b" "
        if self.state == "prompt" and text.endswith("=> "):
            self.state = "booting"
            return UBOOT_QFW_BOOT
        return None


class BootPath:
    """name: table column; bios: firmware file, None for direct boot or for
    firmware that is not available; banner: regex of the firmware's first
    line; console: responder factory."""

    def __init__(self, name, bios, banner, console=None, firmware=True):
        self.name = name
        self.bios = bios
        self.banner = banner
        self.console = console
        self.firmware = firmware

    def unavailable(self):
        """Why this path cannot boot at all, or None."""
        if self.firmware and not (self.bios and os.path.isfile(self.bios)):
            return "firmware image %s not available" % (self.bios or "(not built)")
        return None

    def argv(self, qemu, kernel, initrd, kernel_args, extra=()):
        argv = [qemu] + MACHINE
        if self.bios:
            argv += ["-bios", self.bios]
        argv += ["-kernel", kernel, "-initrd", initrd, "-append", kernel_args]
        return argv + list(extra)

    def responder(self):
        return self.console() if self.console else None


def all_paths(efilite_bin):
    """Every path in the default order; efilite_bin may be None (not built)."""
    return [
        BootPath("direct", None, None, firmware=False),
        BootPath("efilite", efilite_bin, r"efilite"),
        BootPath("edk2", EDK2_BIOS, r"UEFI firmware"),
        BootPath("uboot", UBOOT_BIOS, r"U-Boot \d", UbootConsole),
    ]
