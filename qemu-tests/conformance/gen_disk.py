#!/usr/bin/env python3
"""Writes the disk image of disk_pattern.h: word i is disk_word(i), little-endian.

usage: gen_disk.py OUT [--gpt SECTOR | --mbr] [--damage-primary]

--gpt writes a protective MBR, a GPT (primary and backup) for SECTOR-byte
blocks and three partitions over the pattern; --mbr a plain MBR with two
partitions. Partition contents stay the pattern, so a partition's block n
must read as the image at (start + n) * SECTOR. --damage-primary breaks the
primary GPT header's CRC (the backup must be used).
"""
import array
import argparse
import struct
import sys
import uuid
import zlib

DISK_BYTES = 28 << 20
MASK = (1 << 64) - 1
MIB = 1 << 20
# (start, size) in MiB: with a gap between the first two
PARTITIONS = [(1, 4), (8, 10), (20, 6)]
TYPE_DATA = uuid.UUID("0fc63daf-8483-4772-8e79-3d69d8477de4")
TYPE_ESP = uuid.UUID("c12a7328-f81f-11d2-ba4b-00a0c93ec93b")
DISK_GUID = uuid.UUID("8b5c3f1e-2d4a-4e6b-9c7d-0a1b2c3d4e5f")
ENTRIES, ENTRY_SIZE = 128, 128


def pattern():
    words = array.array("Q", ((i * 0x9E3779B97F4A7C15 & MASK) ^ 0xD1B54A32D192ED03
                              for i in range(DISK_BYTES // 8)))
    if sys.byteorder != "little":
        words.byteswap()
    return bytearray(words.tobytes())


def mbr_entry(boot, ptype, start, count):
    return struct.pack("<B3sB3sII", boot, b"\xfe\xff\xff", ptype, b"\xfe\xff\xff", start, count)


def put_mbr(img, entries, signature):
    img[440:446] = struct.pack("<IH", signature, 0)
    for i in range(4):
        e = entries[i] if i < len(entries) else bytes(16)
        img[446 + 16 * i:462 + 16 * i] = e
    img[510:512] = b"\x55\xaa"


def gpt_header(sector, my_lba, alt_lba, last_usable, entries_lba, entries_crc):
    h = struct.pack("<8sIIIIQQQQ16sQIII", b"EFI PART", 0x10000, 92, 0, 0, my_lba, alt_lba,
                    34 if sector == 512 else 6, last_usable, DISK_GUID.bytes_le, entries_lba,
                    ENTRIES, ENTRY_SIZE, entries_crc)
    return h[:16] + struct.pack("<I", zlib.crc32(h)) + h[20:]


def put_gpt(img, sector, damage_primary):
    blocks = DISK_BYTES // sector
    array_blocks = ENTRIES * ENTRY_SIZE // sector
    put_mbr(img, [mbr_entry(0, 0xEE, 1, min(blocks - 1, 0xFFFFFFFF))], 0)
    entries = bytearray(ENTRIES * ENTRY_SIZE)
    for i, (start, size) in enumerate(PARTITIONS):
        first = start * MIB // sector
        last = (start + size) * MIB // sector - 1
        name = ("part%d" % (i + 1)).encode("utf-16-le")
        ptype = TYPE_ESP if i == 0 else TYPE_DATA
        unique = uuid.UUID(int=0x1000 + i)
        entries[i * ENTRY_SIZE:(i + 1) * ENTRY_SIZE] = struct.pack(
            "<16s16sQQQ72s", ptype.bytes_le, unique.bytes_le, first, last, 0, name)
    crc = zlib.crc32(entries)
    last_usable = blocks - 1 - array_blocks - 1
    primary = gpt_header(sector, 1, blocks - 1, last_usable, 2, crc)
    backup = gpt_header(sector, blocks - 1, 1, last_usable, blocks - 1 - array_blocks, crc)
    if damage_primary:
        primary = primary[:16] + bytes([primary[16] ^ 0xFF]) + primary[17:]
    img[sector:sector * 2] = primary.ljust(sector, b"\0")
    img[2 * sector:2 * sector + len(entries)] = entries
    at = (blocks - 1 - array_blocks) * sector
    img[at:at + len(entries)] = entries
    img[(blocks - 1) * sector:] = backup.ljust(sector, b"\0")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--gpt", type=int, choices=[512, 4096])
    ap.add_argument("--mbr", action="store_true")
    ap.add_argument("--damage-primary", action="store_true")
    args = ap.parse_args()
    img = pattern()
    if args.gpt:
        put_gpt(img, args.gpt, args.damage_primary)
    elif args.mbr:
        put_mbr(img, [mbr_entry(0x80, 0xEF, s * MIB // 512, n * MIB // 512)
                      for s, n in PARTITIONS[:2]], 0x12345678)
    with open(args.out, "wb") as f:
        f.write(img)


if __name__ == "__main__":
    main()
