#!/usr/bin/env python3
"""Usage: make_smbios_structure.py KIND OUT

Writes one SMBIOS structure for QEMU's -smbios file=OUT, which copies it
verbatim to the front of etc/smbios/smbios-tables (QEMU refuses -fw_cfg files
named etc/smbios/*, so this is the way to put foreign bytes in that table):

  oem-strings  a sound type 11 (OEM Strings) structure with one string
  length-2     a type 11 header whose formatted length is 2, below the
               4-byte header itself
"""
import struct
import sys

OEM_STRINGS = 11
HANDLE = 0xE11E


def structure(kind):
    if kind == "oem-strings":
        return struct.pack("<BBHB", OEM_STRINGS, 5, HANDLE, 1) + b"efilite-hostile\0\0"
    if kind == "length-2":
        return struct.pack("<BBH", OEM_STRINGS, 2, HANDLE) + b"\0\0"
    sys.exit(__doc__)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = structure(sys.argv[1])
    with open(sys.argv[2], "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
