#!/usr/bin/env python3
"""Writes corpora/loadopt seeds: load options shaped as efibootmgr, grub-install
and edk2 write them (HD/File short form, PciRoot/Pci/HD/File full form, a
virtio-mmio VenHw path, optional data), a BootOrder, and the bootorder text
QEMU 7.2 wrote for virtio-mmio and virtio-pci disks given a bootindex.

usage: loadopt-seeds.py OUT_DIR
"""
import struct
import sys
import uuid


def node(t, s, data=b""):
    return struct.pack("<BBH", t, s, 4 + len(data)) + data


END = node(0x7F, 0xFF)


def hd(part, start, size, guid):
    return node(4, 1, struct.pack("<IQQ16sBB", part, start, size, uuid.UUID(guid).bytes_le, 2, 2))


def file_path(text):
    return node(4, 4, (text + "\0").encode("utf-16-le"))


def load_option(desc, path, optional=b"", attrs=1):
    return struct.pack("<IH", attrs, len(path)) + (desc + "\0").encode("utf-16-le") + path + optional


ESP = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"
PART = "3f0e2b8a-6a4d-4d2c-9f1e-0c5b7d2a9e11"
SEEDS = {
    "efibootmgr-debian-shim": load_option(
        "debian", hd(1, 2048, 1048576, PART) + file_path("\\EFI\\debian\\shimaa64.efi") + END),
    "systemd-boot-optional-data": load_option(
        "Linux Boot Manager", hd(1, 2048, 131072, PART) + file_path("\\EFI\\systemd\\systemd-bootaa64.efi") + END,
        "quiet".encode("utf-16-le")),
    "edk2-pci-full-path": load_option(
        "UEFI Misc Device", node(2, 1, struct.pack("<II", 0x0A0341D0, 0)) + node(1, 1, bytes([0, 2]))
        + hd(1, 2048, 131072, PART) + file_path("\\EFI\\BOOT\\BOOTAA64.EFI") + END),
    "edk2-mmio-venhw": load_option(
        "UEFI Misc Device 2", node(1, 4, uuid.UUID("837dca9e-e874-4d82-b29a-23fe0e23d1e2").bytes_le
                                   + struct.pack("<Q", 0xA003E00)) + END),
    "inactive-two-instances": load_option(
        "two", file_path("\\a.efi") + node(0x7F, 0x01) + file_path("\\b.efi") + END, attrs=0),
    "boot-order": struct.pack("<4H", 1, 0, 0x1000, 3),
    # one input per broken rule (loadopt.c, devpath.c, qemu_bootorder.c tables)
    "rule-truncated": struct.pack("<IH", 1, 4)[:5],
    "rule-description-unterminated": struct.pack("<IH", 1, 4) + "Deb".encode("utf-16-le"),
    "rule-no-path": load_option("x", b""),
    "rule-path-beyond": struct.pack("<IH", 1, 0x400) + "x\0".encode("utf-16-le") + END,
    "rule-node-length-zero": load_option("x", struct.pack("<BBH", 4, 4, 0) + END),
    "rule-node-beyond": load_option("x", struct.pack("<BBH", 4, 4, 0x200) + END),
    "rule-end-length": load_option("x", struct.pack("<BBH", 0x7F, 0xFF, 8) + b"\0" * 4),
    "rule-no-end-256-nodes": load_option("x", node(0x7F, 0x01) * 257),
    "rule-file-path-unterminated": load_option("x", node(4, 4, "ab".encode("utf-16-le")) + END),
    "rule-order-odd": b"\x01\x00\x02",
    "rule-order-too-many": struct.pack("<129H", *range(129)),
    "rule-bootorder-bad-lines": b"/pci@0/disk@0\n/virtio-mmio@/disk@0\n/pci@0/scsi@20/disk@0\n"
                                b"/pci@0/a@1/a@1/a@1/a@1/a@1/a@1/a@1/a@1/a@1/disk@0\n/rom@genroms/x\x00",
    "qemu-bootorder": b"/pci@ffffffffffffffff/scsi@2/disk@0,0\n"
                      b"/virtio-mmio@000000000a003e00/disk@0,0\n"
                      b"/pci@ffffffffffffffff/scsi@3/disk@0,0\x00",
    # QEMU 7.2's lines for scsi-cd (scsi-id=3) and scsi-hd (lun=2) behind virtio-scsi
    "qemu-bootorder-scsi": b"/pci@ffffffffffffffff/scsi@2/channel@0/disk@3,0\n"
                           b"/virtio-mmio@000000000a003e00/channel@0/disk@0,2\n"
                           b"/pci@ffffffffffffffff/scsi@2/channel@0/disk@0,0\x00",
    # QEMU 7.2's lines for nvme-ns devices on two controllers (no NSID in them)
    "qemu-bootorder-nvme-ns": b"/pci@ffffffffffffffff/pci1b36,0010@3/nvme-nsbootindex\n"
                              b"/pci@ffffffffffffffff/pci1b36,0010@2/nvme-nsbootindex\x00",
}

for name, data in SEEDS.items():
    with open("%s/%s" % (sys.argv[1], name), "wb") as f:
        f.write(data)
