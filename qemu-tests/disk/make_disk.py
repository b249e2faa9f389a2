#!/usr/bin/env python3
"""Builds a GPT disk image with one EFI System Partition, as distro installers
lay it out, from files given on the command line; optionally damages it the
way a hostile disk would.

usage: make_disk.py OUT --sector 512|4096 --fat 16|32 [--label L]
                    [--damage KIND | --no-table] ESP_PATH=HOST_FILE...

--no-table writes the FAT file system alone, with no partition table (a
"superfloppy", as `mkfs.fat -C` makes one).

The ESP is made by mkfs.fat and filled by mtools (mmd/mcopy), the partition
table is written here (sgdisk cannot use 4096-byte sectors on an image
file). ESP paths use '/' and are case-preserving (long names included).

Damage kinds (each breaks one rule, everything else stays valid):
  primary-gpt        the primary GPT header's CRC no longer matches (the
                     backup at the disk's end is intact)
  both-gpt           both headers' CRCs broken
  entry-count        NumberOfPartitionEntries * SizeOfPartitionEntry wraps
                     32 bits (0x2000000 * 128), in both headers, CRCs valid
  fat-cycle          the FAT chain of \\EFI\\BOOT\\BOOTAA64.EFI loops back to
                     its first cluster
  bpb-zero-divisor   the BPB's sectors per cluster is 0
  entry-cluster      the directory entry of \\EFI\\BOOT\\BROKEN.EFI (put before
                     BOOTAA64.EFI) names a first cluster beyond the volume
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile
import uuid
import zlib

ESP_TYPE = uuid.UUID("c12a7328-f81f-11d2-ba4b-00a0c93ec93b")
# Fixed GUIDs: the same inputs make the same image.
DISK_GUID = uuid.UUID("5e4f7d1a-0b6c-4a3e-9d2f-1c8b7a6e5d40")
PART_GUID = uuid.UUID("3f0e2b8a-6a4d-4d2c-9f1e-0c5b7d2a9e11")
ENTRIES = 128
ENTRY_SIZE = 128
MIB = 1 << 20


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def make_esp(path, size, sector, fat, label, files):
    # FAT32 needs 65525 clusters at least (one sector a cluster gives the
    # most); FAT16 65524 at most (larger clusters for a larger ESP).
    per_cluster = 1
    while fat == 16 and size // (sector * per_cluster) > 65000:
        per_cluster *= 2
    run("mkfs.fat", "-C", "-F", str(fat), "-S", str(sector), "-s", str(per_cluster), "-n", label,
        "-i", "efa11e00", "--invariant", path, str(size // 1024))
    made = set()
    for dest, src in files:
        parts = dest.strip("/").split("/")
        for i in range(1, len(parts)):
            d = "/".join(parts[:i])
            if d not in made:
                run("mmd", "-D", "s", "-i", path, "::/" + d)
                made.add(d)
        run("mcopy", "-D", "o", "-i", path, src, "::/" + "/".join(parts))


def bpb(esp):
    sector, per_cluster, reserved, fats = struct.unpack_from("<HBHB", esp, 11)
    fat16_size = struct.unpack_from("<H", esp, 22)[0]
    fat_size = fat16_size or struct.unpack_from("<I", esp, 36)[0]
    return sector, reserved, fats, fat_size, 2 if fat16_size else 4


def first_cluster(esp_path, dest):
    out = subprocess.run(["mshowfat", "-i", esp_path, "::/" + dest], check=True,
                         capture_output=True, text=True).stdout
    # "::/EFI/BOOT/BOOTAA64.EFI <3-120>"
    return int(out.split("<", 1)[1].split("-")[0].split(">")[0])


def damage_esp(esp, esp_path, kind):
    if kind == "bpb-zero-divisor":
        esp[13] = 0
    elif kind == "entry-cluster":
        # the 8.3 entry "BROKEN  EFI" (mcopy writes no long name for it)
        off = esp.find(b"BROKEN  EFI\x20")
        if off < 0 or off % 32 or esp.find(b"BROKEN  EFI\x20", off + 1) >= 0:
            sys.exit("make_disk.py: no single BROKEN.EFI directory entry")
        struct.pack_into("<H", esp, off + 20, 0x0fff)  # FAT32: the high half
        struct.pack_into("<H", esp, off + 26, 0xfff0)  # beyond any FAT16 count
    elif kind == "fat-cycle":
        sector, reserved, fats, fat_size, width = bpb(esp)
        c = first_cluster(esp_path, "EFI/BOOT/BOOTAA64.EFI")
        for f in range(fats):
            off = (reserved + f * fat_size) * sector + c * width
            esp[off:off + width] = c.to_bytes(width, "little")


def header(sector, my_lba, alt_lba, first, last, entries_lba, entries_crc, count):
    h = bytearray(sector)
    struct.pack_into("<8sIIIIQQQQ16sQIII", h, 0, b"EFI PART", 0x10000, 92, 0, 0,
                     my_lba, alt_lba, first, last, DISK_GUID.bytes_le, entries_lba,
                     count, ENTRY_SIZE, entries_crc)
    struct.pack_into("<I", h, 16, zlib.crc32(h[:92]))
    return h


def write_disk(out, esp, sector, damage):
    entries_sectors = ENTRIES * ENTRY_SIZE // sector
    start = MIB // sector
    end = start + len(esp) // sector - 1
    last_lba = end + MIB // sector
    total = (last_lba + 1) * sector
    first_usable = 2 + entries_sectors
    last_usable = last_lba - 1 - entries_sectors

    entries = bytearray(ENTRIES * ENTRY_SIZE)
    struct.pack_into("<16s16sQQQ72s", entries, 0, ESP_TYPE.bytes_le, PART_GUID.bytes_le,
                     start, end, 0, "EFI System Partition".encode("utf-16-le"))
    crc = zlib.crc32(entries)
    count = 0x2000000 if damage == "entry-count" else ENTRIES
    primary = header(sector, 1, last_lba, first_usable, last_usable, 2, crc, count)
    backup = header(sector, last_lba, 1, first_usable, last_usable,
                    last_lba - entries_sectors, crc, count)
    if damage in ("primary-gpt", "both-gpt"):
        primary[60] ^= 0xff  # a byte of the disk GUID: the CRC no longer matches
    if damage == "both-gpt":
        backup[60] ^= 0xff

    mbr = bytearray(sector)
    # protective MBR: one 0xEE partition over the disk (capped at 2^32-1 sectors)
    struct.pack_into("<B3sB3sII", mbr, 446, 0, b"\x00\x02\x00", 0xEE, b"\xff\xff\xff", 1,
                     min(last_lba, 0xFFFFFFFF))
    mbr[510:512] = b"\x55\xaa"

    with open(out, "wb") as f:
        f.truncate(total)
        for lba, data in [(0, mbr), (1, primary), (2, entries), (start, esp),
                          (last_lba - entries_sectors, entries), (last_lba, backup)]:
            f.seek(lba * sector)
            f.write(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--sector", type=int, choices=[512, 4096], default=512)
    ap.add_argument("--fat", type=int, choices=[16, 32], default=32)
    ap.add_argument("--label", default="EFILITE ESP")
    ap.add_argument("--damage", choices=["primary-gpt", "both-gpt", "entry-count",
                                         "fat-cycle", "bpb-zero-divisor", "entry-cluster"])
    ap.add_argument("--no-table", action="store_true")
    ap.add_argument("files", nargs="+", metavar="ESP_PATH=HOST_FILE")
    a = ap.parse_args()
    files = [tuple(spec.split("=", 1)) for spec in a.files]
    payload = sum(os.path.getsize(src) for _, src in files)
    # room for the files, the FATs and directories; a FAT16 needs 4085
    # clusters at least, a FAT32 65525 (one sector a cluster)
    least_clusters = 65525 if a.fat == 32 else 4085
    size = max(payload * 5 // 4 + 4 * MIB, (least_clusters + 1024) * a.sector)
    size = (size + MIB - 1) // MIB * MIB
    with tempfile.TemporaryDirectory() as tmp:
        esp_path = os.path.join(tmp, "esp.img")
        make_esp(esp_path, size, a.sector, a.fat, a.label, files)
        with open(esp_path, "rb") as f:
            esp = bytearray(f.read())
        if a.damage:
            damage_esp(esp, esp_path, a.damage)
    if a.no_table:
        with open(a.out, "wb") as f:
            f.write(esp)
    else:
        write_disk(a.out, esp, a.sector, a.damage)


if __name__ == "__main__":
    sys.exit(main())
