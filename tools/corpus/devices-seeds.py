#!/usr/bin/env python3
"""Writes the devices_fuzz seeds: QEMU virt's device regions as efilite
claims them (fw_cfg, PL031, PL011, the 32 virtio-mmio slots, the PCI ECAM and
windows) and the three mutated trees of issue 10 defect 8, one region per rule, and
more devices than the record keeps. Usage: devices-seeds.py DIR (corpora/devices)"""
import os
import struct
import sys

VIRT = [
    (0x9020000, 0x18, 3, 0x18),      # fw_cfg
    (0x9010000, 0x1000, 2, 0x0C),    # PL031
    (0x9000000, 0x1000, 2, 0x1C),    # PL011
] + [(0xA000000 + 0x200 * i, 0x200, 2, 0x200 & 0xFF) for i in range(32)] + [
    (0x4010000000, 0x10000000, 20, 0),  # PCI ECAM (highmem)
    (0x10000000, 0x2EFF0000, 12, 0),    # PCI 32-bit window
    (0x8000000000, 0x8000000000, 12, 0),  # PCI 64-bit window
]


def record(base, size, align_log2, min_size):
    return struct.pack("<QQBB", base, size, align_log2, min_size)


def seed(pa_bits, regions, ram=True):
    return bytes([pa_bits - 32 + (0 if ram else 0x80)]) + b"".join(record(*r) for r in regions)


def main():
    out = sys.argv[1]
    seeds = {
        "qemu-virt": seed(48, VIRT),
        "fwcfg-misaligned": seed(48, [(0x9020001, 0x18, 3, 0x18)] + VIRT[1:3]),
        "rtc-reg-4-23": seed(48, [VIRT[0], (0x400000023, 0x1000, 2, 0x0C), VIRT[2]]),
        "uart-on-fwcfg": seed(48, VIRT[:2] + [(0x9020000, 0x1000, 2, 0x1C)]),
        "pa-40-bits": seed(40, VIRT),
        # one region per rule: size, width, PA range (and past 2^64), RAM,
        # flash, DTB window, firmware RAM, a byte shared with a device
        "each-rule": seed(48, VIRT[:3] + [
            (0x9030000, 0x8, 2, 0x1C), (0x9030000, 0x1000, 64, 0), (0x9030002, 0x1000, 2, 0),
            (0xFFFFFFFFF000, 0x2000, 12, 0), (0xFFFFFFFFFFFFF000, 0x2000, 12, 0),
            (0x7FFFF000, 0x1000, 12, 0), (0x3FFF800, 0x800, 2, 0),
            (0x40100000, 0x1000, 12, 0), (0x40300000, 0x1000, 12, 0),
            (0x9000FFC, 0x8, 2, 0),
        ]),
        # the DTB and firmware windows, with no RAM listed over them
        "windows-without-ram": seed(48, [(0x40100000, 0x1000, 12, 0), (0x40300000, 0x1000, 12, 0),
                                         (0x50000000, 0x1000, 12, 0)], ram=False),
        # more devices than the record keeps
        "too-many": seed(48, [(0x100000000 + 0x1000 * i, 0x10, 2, 4) for i in range(130)]),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
