#!/usr/bin/env python3
"""Builds an installer ISO as Debian's arm64 images are laid out: an ISO 9660
file system holding the installer's files, its EFI boot image (a small FAT,
FAT12 at this size) both inside the ISO (El Torito) and appended after it as
MBR partition 2 (type 0xef); xorriso's MBR entry 1 starts at LBA 0 and
covers the ISO 9660 image. Attached as a disk (-cdrom on virt is a read-only
virtio disk), firmware finds the ESP through that table.

usage: make_iso.py OUT [--eltorito-only] [efi:]PATH=HOST_FILE...

efi: files go into the EFI boot image, the others into the ISO 9660 tree.
--eltorito-only leaves the EFI boot image in the ISO alone, with no
partition table (lorax's aarch64 images): El Torito is the only way to it.
"""
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

MIB = 1 << 20


def make_disk_module():
    spec = importlib.util.spec_from_file_location(
        "make_disk", os.path.join(os.path.dirname(os.path.abspath(__file__)), "make_disk.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, specs = sys.argv[1], sys.argv[2:]
    hybrid = "--eltorito-only" not in specs
    specs = [spec for spec in specs if spec != "--eltorito-only"]
    efi, tree_files = [], []
    for spec in specs:
        path, src = spec.split("=", 1)
        if path.startswith("efi:"):
            efi.append((path[len("efi:"):], src))
        else:
            tree_files.append((path, src))
    make_disk = make_disk_module()
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        for path, src in tree_files:
            target = os.path.join(tree, path.strip("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(src, target)
        efi_img = os.path.join(tree, "boot/grub/efi.img")
        os.makedirs(os.path.dirname(efi_img), exist_ok=True)
        make_disk.make_esp(efi_img, make_disk.size_for(efi, 0), 512, 12, "EFI BOOT", efi)
        table = ["-append_partition", "2", "0xef", efi_img, "-partition_cyl_align", "all"]
        subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-r", "-J", "-joliet-long",
                        "-V", "Debian arm64 n", "-o", out,
                        "-e", "boot/grub/efi.img", "-no-emul-boot"] + (table if hybrid else []) +
                       [tree], check=True)


if __name__ == "__main__":
    sys.exit(main())
