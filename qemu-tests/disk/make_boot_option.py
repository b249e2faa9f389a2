#!/usr/bin/env python3
"""Writes Boot#### and BootOrder variable contents for a file on a disk's ESP,
shaped as efibootmgr writes them: an active EFI_LOAD_OPTION whose path is
HD(1,GPT,<partition GUID>,<start>,<size>)/File(<path>), taken from the
disk's GPT (first entry, 512-byte sectors).

usage: make_boot_option.py DISK.img '\\EFI\\x\\y.efi' DESCRIPTION BOOT_OUT ORDER_OUT NUMBER
           [--attributes A] [--size-delta N] [--file-only]

--attributes (default 1, LOAD_OPTION_ACTIVE) is the option's Attributes field;
--size-delta (default 0) is added to the partition size the HD node records,
as in an option written before the partition was grown; --file-only leaves
the HD node out: a File() short-form path.
"""
import argparse
import struct
import sys


def node(kind, sub, data=b""):
    return struct.pack("<BBH", kind, sub, 4 + len(data)) + data


def esp_file_path(disk, path, size_delta=0, file_only=False):
    """HD(1,GPT,...)/File(path)/End for path on the disk's first GPT entry."""
    with open(disk, "rb") as f:
        f.seek(2 * 512)
        entry = f.read(128)
    guid, first, last = entry[16:32], *struct.unpack_from("<QQ", entry, 32)
    size = last - first + 1 + size_delta
    hd = node(4, 1, struct.pack("<IQQ16sBB", 1, first, size, guid, 2, 2))
    file_path = node(4, 4, (path + "\0").encode("utf-16-le"))
    return (b"" if file_only else hd) + file_path + node(0x7F, 0xFF)


def main(argv):
    p = argparse.ArgumentParser()
    for name in ("disk", "path", "description", "boot_out", "order_out", "number"):
        p.add_argument(name)
    p.add_argument("--attributes", type=lambda s: int(s, 0), default=1)
    p.add_argument("--size-delta", type=int, default=0)
    p.add_argument("--file-only", action="store_true")
    a = p.parse_args(argv)
    dp = esp_file_path(a.disk, a.path, a.size_delta, a.file_only)
    option = (struct.pack("<IH", a.attributes, len(dp)) +
              (a.description + "\0").encode("utf-16-le") + dp)
    with open(a.boot_out, "wb") as f:
        f.write(option)
    with open(a.order_out, "wb") as f:
        f.write(struct.pack("<H", int(a.number, 16)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
