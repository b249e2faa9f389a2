#!/usr/bin/env python3
"""Writes what fwupd leaves for its EFI program when a capsule update is
scheduled (fwupd-efi 1.4's fwup-efi.h): the capsule file and the update
record, the contents of the variable fwupd-<GUID>-0 (vendor GUID
0abba7dc-e516-4167-bbf5-4d9d1c739416).

usage: make_fwupd_update.py capsule GUID OUT
       make_fwupd_update.py record DISK.img '\\EFI\\x\\fw\\y.cap' GUID OUT

capsule: an EFI_CAPSULE_HEADER (CapsuleGuid GUID, HeaderSize 28, Flags 0,
CapsuleImageSize the file's size) and a payload no firmware knows.
record: FWUP_UPDATE_INFO, packed: version 7, the capsule's GUID, capsule
flags 0, hardware instance 0, EFI_TIME of the attempt (zero), status 1
(FWUPDATE_ATTEMPT_UPDATE: to be tried at the next boot), then the
capsule file's device path HD(1,GPT,...)/File(...)/End on DISK's ESP, as
fwupd abbreviates it.
"""
import struct
import sys
import uuid

from make_boot_option import esp_file_path

HEADER_SIZE = 28
UPDATE_INFO_VERSION = 7
FWUPDATE_ATTEMPT_UPDATE = 1


def capsule(guid, out):
    payload = b"efilite test capsule: no firmware applies it\n"
    size = HEADER_SIZE + len(payload)
    with open(out, "wb") as f:
        f.write(struct.pack("<16sIII", uuid.UUID(guid).bytes_le, HEADER_SIZE, 0, size) + payload)


def record(disk, path, guid, out):
    info = struct.pack("<I16sIQ16sI", UPDATE_INFO_VERSION, uuid.UUID(guid).bytes_le, 0, 0,
                       bytes(16), FWUPDATE_ATTEMPT_UPDATE)
    with open(out, "wb") as f:
        f.write(info + esp_file_path(disk, path))


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    sys.exit({"capsule": capsule, "record": record}[kind](*args))
