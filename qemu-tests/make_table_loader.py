#!/usr/bin/env python3
"""Usage: make_table_loader.py SCRIPT_OUT BLOB_OUT

Writes a QEMU linker/loader script (the etc/table-loader fw_cfg format: 128
byte entries, little-endian) that is well formed entry by entry but whose
second command adds a pointer to a file that no ALLOCATE command allocated,
plus a 64-byte blob for both fw_cfg files the script names (opt/efilite/blob
and opt/efilite/unallocated), so that the only fault is the missing ALLOCATE.
A firmware that checks the whole script before executing it must refuse it
without touching memory.
"""
import struct
import sys

ENTRY_SIZE = 128
FILE_NAME_SIZE = 56
COMMAND_ALLOCATE, COMMAND_ADD_POINTER = 1, 2
ZONE_HIGH = 1
BLOB_ALIGN = 64
BLOB_NAME = b"opt/efilite/blob"
UNALLOCATED_NAME = b"opt/efilite/unallocated"
BLOB_SIZE = 64


def name(file_name):
    return file_name.ljust(FILE_NAME_SIZE, b"\0")


def entry(command, payload):
    return (struct.pack("<I", command) + payload).ljust(ENTRY_SIZE, b"\0")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    script = entry(COMMAND_ALLOCATE, name(BLOB_NAME) + struct.pack("<IB", BLOB_ALIGN, ZONE_HIGH))
    script += entry(
        COMMAND_ADD_POINTER,
        name(BLOB_NAME) + name(UNALLOCATED_NAME) + struct.pack("<IB", 0, 8),
    )
    with open(sys.argv[1], "wb") as f:
        f.write(script)
    with open(sys.argv[2], "wb") as f:
        f.write(bytes(BLOB_SIZE))


if __name__ == "__main__":
    main()
