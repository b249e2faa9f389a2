#!/usr/bin/env python3
"""Builds a GPT disk image with an EFI System Partition, as distro installers
lay it out, from files given on the command line; optionally damages it the
way a hostile disk would, or adds the other partitions distros use.

usage: make_disk.py OUT --sector 512|4096 --fat 16|32 [--label L]
                    [--damage KIND[,KIND...] | --no-table | --mbr [--mbr-esp-type T]]
                    [--esp-number N] [--root-number N --root-uuid UUID]
                    [--root-block-map]
                    [--xbootldr-number N] [--filler N] [--filler-kib K]
                    [--entries N] [--disk-size BYTES]
                    [--esp-type GUID]
                    [PART:]PATH=HOST_FILE...

PART is esp (the default), root or xbootldr. Files for root make a Linux
root partition (ext4, mkfs.ext4 -d, file system UUID --root-uuid) as GPT
entry --root-number (Debian's cloud images: root is entry 1, the ESP entry
15). --root-block-map maps its files by block lists, not extents
(mkfs.ext4 -O ^extent,^64bit): mkfs.ext4 -d leaves a hole for each zero
block of a file, which rEFInd 0.13.2's ext4 driver reads only in
block-mapped files (in an extent-mapped one: "Volume Corrupt"); files for xbootldr make an XBOOTLDR partition (FAT, the Boot Loader
Specification's extended boot loader partition). The ESP comes first on the
disk, whatever its entry number, the others follow in entry order.

--filler N adds N empty 1 MiB Linux data partitions, numbered from 1 up
past the numbers in use (--filler 23 --esp-number 15: entries 1 to 24 used,
the ESP the 15th of them); --filler-kib makes them K KiB each instead.
--entries sizes the GPT's entry array (128 by default, as sgdisk; a
multiple of 4, up to the 2048 efilite's parser takes). --disk-size makes the disk that large (sparse),
the ESP its last partition, 1 MiB before the end (3 TiB puts the ESP's
LBAs beyond 32 bits).

--esp-type gives the ESP's partition another GPT type (the file system
and its contents stay those of an ESP).

--mbr writes a plain MBR instead of a GPT (entry numbers 1 to 4), as
Fedora's and other ARM raw images have it: the ESP as a FAT partition
(type 0x06 FAT16 or 0x0c FAT32, not 0xef, unless --mbr-esp-type gives
one), root 0x83, XBOOTLDR 0xea.

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
  boot-sector        the ESP's boot sector zeroed, FAT32's backup (sector 6)
                     intact: only the backup could be read
  esp-overlap        GPT entry 2 (Linux data) shares the ESP's last block,
                     in both tables, CRCs valid
  entry-cluster      the directory entry of \\EFI\\BOOT\\BROKEN.EFI (put before
                     BOOTAA64.EFI) names a first cluster beyond the volume
  esp-no-block-io    the ESP's GPT attribute bit 1 (no Block I/O) set, in both
                     tables, CRCs valid
  pmbr-signature     the protective MBR's 0x55AA signature zeroed (both GPT
                     headers intact)
  entry-range        GPT entry 2 (Linux data, one block) lies past the last
                     usable LBA (over the backup's entry array), in both
                     tables, CRCs valid
Kinds combine, comma-separated: "boot-sector,entry-range".
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import uuid
import zlib

ESP_TYPE = uuid.UUID("c12a7328-f81f-11d2-ba4b-00a0c93ec93b")
LINUX_ROOT_ARM64_TYPE = uuid.UUID("b921b045-1df0-41c3-af44-4c6f280d3fae")
XBOOTLDR_TYPE = uuid.UUID("bc13c2ff-59e6-4262-a352-b275fd6f7172")
LINUX_DATA_TYPE = uuid.UUID("0fc63daf-8483-4772-8e79-3d69d8477de4")
# Fixed GUIDs: the same inputs make the same image.
DISK_GUID = uuid.UUID("5e4f7d1a-0b6c-4a3e-9d2f-1c8b7a6e5d40")
PART_GUID = uuid.UUID("3f0e2b8a-6a4d-4d2c-9f1e-0c5b7d2a9e11")
# the other partitions' unique GUIDs: PART_GUID with the last byte + entry number
ENTRIES = 128
ENTRY_SIZE = 128
MIB = 1 << 20


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def make_esp(path, size, sector, fat, label, files):
    # FAT32 needs 65525 clusters at least (one sector a cluster gives the
    # most); FAT16 65524 at most, FAT12 4084 (larger clusters for a larger ESP).
    per_cluster = 1
    while fat != 32 and size // (sector * per_cluster) > (65000 if fat == 16 else 4000):
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
    elif kind == "boot-sector":
        sector = bpb(esp)[0]
        if struct.unpack_from("<H", esp, 50)[0] != 6 or esp[6 * sector:6 * sector + 90] != esp[:90]:
            sys.exit("make_disk.py: no FAT32 backup boot sector at sector 6")
        esp[:sector] = bytes(sector)
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


def write_disk(out, parts, sector, damage, disk_size=0, num_entries=ENTRIES):
    """parts: [(entry number, type GUID, name, contents)], the ESP first;
    with disk_size, the ESP goes last, 1 MiB before the disk's end."""
    entries_sectors = (num_entries * ENTRY_SIZE + sector - 1) // sector
    entries = bytearray(entries_sectors * sector)
    placed = []
    start = MIB // sector
    if disk_size:
        parts = parts[1:] + parts[:1]  # the ESP, given first, goes last
    for i, (number, type_guid, name, data) in enumerate(parts):
        if disk_size and i == len(parts) - 1:
            start = (disk_size - MIB - len(data)) // sector
        end = start + len(data) // sector - 1
        guid = PART_GUID if type_guid == ESP_TYPE else uuid.UUID(
            bytes=PART_GUID.bytes[:14] + bytes([(PART_GUID.bytes[14] + (number >> 8)) & 0xff,
                                                (PART_GUID.bytes[15] + number) & 0xff]))
        attributes = 2 if "esp-no-block-io" in damage and type_guid == ESP_TYPE else 0
        struct.pack_into("<16s16sQQQ72s", entries, (number - 1) * ENTRY_SIZE, type_guid.bytes_le,
                         guid.bytes_le, start, end, attributes, name.encode("utf-16-le"))
        placed.append((start, data))
        if "esp-overlap" in damage and type_guid == ESP_TYPE:
            struct.pack_into("<16s16sQQQ72s", entries, ENTRY_SIZE, LINUX_DATA_TYPE.bytes_le,
                             PART_GUID.bytes_le[:15] + b"\x02", end, end, 0,
                             "overlap".encode("utf-16-le"))
        start = end + 1
    last_lba = start - 1 + MIB // sector
    total = (last_lba + 1) * sector
    first_usable = 2 + entries_sectors
    last_usable = last_lba - 1 - entries_sectors

    if "entry-range" in damage:
        struct.pack_into("<16s16sQQQ72s", entries, ENTRY_SIZE, LINUX_DATA_TYPE.bytes_le,
                         PART_GUID.bytes_le[:15] + b"\x02", last_usable + 1, last_usable + 1, 0,
                         "beyond".encode("utf-16-le"))
    crc = zlib.crc32(entries[:num_entries * ENTRY_SIZE])
    count = 0x2000000 if "entry-count" in damage else num_entries
    primary = header(sector, 1, last_lba, first_usable, last_usable, 2, crc, count)
    backup = header(sector, last_lba, 1, first_usable, last_usable,
                    last_lba - entries_sectors, crc, count)
    if "primary-gpt" in damage or "both-gpt" in damage:
        primary[60] ^= 0xff  # a byte of the disk GUID: the CRC no longer matches
    if "both-gpt" in damage:
        backup[60] ^= 0xff

    mbr = bytearray(sector)
    # protective MBR: one 0xEE partition over the disk (capped at 2^32-1 sectors)
    struct.pack_into("<B3sB3sII", mbr, 446, 0, b"\x00\x02\x00", 0xEE, b"\xff\xff\xff", 1,
                     min(last_lba, 0xFFFFFFFF))
    mbr[510:512] = b"\x55\xaa"
    if "pmbr-signature" in damage:
        mbr[510:512] = bytes(2)

    with open(out, "wb") as f:
        f.truncate(total)
        for lba, data in [(0, mbr), (1, primary), (2, entries)] + placed + [
                (last_lba - entries_sectors, entries), (last_lba, backup)]:
            if not data.strip(b"\0"):
                continue  # the file is zeros already: it stays sparse
            f.seek(lba * sector)
            f.write(data)


def write_mbr_disk(out, parts, sector, mbr_types):
    """parts as write_disk's, in a plain MBR; mbr_types: type GUID -> MBR type."""
    mbr = bytearray(sector)
    struct.pack_into("<I", mbr, 440, DISK_GUID.fields[0])  # the disk signature
    start = MIB // sector
    placed = []
    for number, type_guid, _, data in parts:
        count = len(data) // sector
        # CHS fields as "LBA only" (0xfe 0xff 0xff), as fdisk writes them past 8 GiB
        struct.pack_into("<B3sB3sII", mbr, 446 + 16 * (number - 1), 0x80 if number == 1 else 0,
                         b"\xfe\xff\xff", mbr_types[type_guid], b"\xfe\xff\xff", start, count)
        placed.append((start, data))
        start += count
    mbr[510:512] = b"\x55\xaa"
    with open(out, "wb") as f:
        f.truncate((start + MIB // sector) * sector)
        for lba, data in [(0, mbr)] + placed:
            f.seek(lba * sector)
            f.write(data)


def size_for(files, least):
    """Bytes (whole MiB) for a file system holding files, least at least."""
    payload = sum(os.path.getsize(src) for _, src in files)
    size = max(payload * 5 // 4 + 4 * MIB, least)
    return (size + MIB - 1) // MIB * MIB


def make_ext4(path, files, fs_uuid, block_map):
    """An ext4 file system as Debian's mkfs.ext4 makes it (4 KiB blocks),
    filled from a staging tree (mkfs.ext4 -d: no root, no mount); files
    mapped by block lists if block_map."""
    tree = path + ".d"
    for dest, src in files:
        target = os.path.join(tree, dest.strip("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(src, target)
    size = size_for(files, 16 * MIB) + 8 * MIB  # the journal and inode tables
    features = ["-O", "^extent,^64bit"] if block_map else []
    run("mkfs.ext4", "-q", "-F", "-b", "4096", "-U", fs_uuid, "-L", "root", *features,
        "-E", "root_owner=0:0,hash_seed=" + fs_uuid, "-d", tree, path, "%dk" % (size // 1024))


def read(path):
    with open(path, "rb") as f:
        return bytearray(f.read())


def split_spec(spec):
    """[PART:]PATH=HOST_FILE -> (part, path, host file)."""
    path, src = spec.split("=", 1)
    part, sep, rest = path.partition(":")
    if sep and part in ("esp", "root", "xbootldr"):
        return part, rest, src
    return "esp", path, src


DAMAGE = ["primary-gpt", "both-gpt", "entry-count", "pmbr-signature", "esp-overlap", "entry-range",
          "esp-no-block-io",
          "boot-sector",
          "fat-cycle", "bpb-zero-divisor", "entry-cluster"]


def damage_kinds(text):
    kinds = text.split(",")
    for kind in kinds:
        if kind not in DAMAGE:
            raise argparse.ArgumentTypeError("no damage kind %r (%s)" % (kind, ", ".join(DAMAGE)))
    return kinds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--sector", type=int, choices=[512, 4096], default=512)
    ap.add_argument("--fat", type=int, choices=[12, 16, 32], default=32)
    ap.add_argument("--label", default="EFILITE ESP")
    ap.add_argument("--damage", type=damage_kinds, default=[])
    ap.add_argument("--no-table", action="store_true")
    ap.add_argument("--mbr", action="store_true")
    ap.add_argument("--mbr-esp-type", type=lambda text: int(text, 0))
    ap.add_argument("--esp-number", type=int, default=1)
    ap.add_argument("--root-number", type=int, default=2)
    ap.add_argument("--root-uuid", default="0c6f6e2a-1d1b-4e55-8a8e-6c0f2d9b7a31")
    ap.add_argument("--root-block-map", action="store_true")
    ap.add_argument("--xbootldr-number", type=int, default=2)
    ap.add_argument("--filler", type=int, default=0)
    ap.add_argument("--filler-kib", type=int, default=MIB // 1024)
    ap.add_argument("--entries", type=int, default=ENTRIES)
    ap.add_argument("--disk-size", type=int, default=0)
    ap.add_argument("--esp-type", default=str(ESP_TYPE))
    ap.add_argument("files", nargs="+", metavar="[PART:]PATH=HOST_FILE")
    a = ap.parse_args()
    files = {"esp": [], "root": [], "xbootldr": []}
    for spec in a.files:
        part, path, src = split_spec(spec)
        files[part].append((path, src))
    # room for the files, the FATs and directories; a FAT16 needs 4085
    # clusters at least, a FAT32 65525 (one sector a cluster)
    least_fat = {12: 0, 16: 4085 + 1024, 32: 65525 + 1024}[a.fat] * a.sector
    with tempfile.TemporaryDirectory() as tmp:
        esp_path = os.path.join(tmp, "esp.img")
        make_esp(esp_path, size_for(files["esp"], least_fat), a.sector, a.fat, a.label,
                 files["esp"])
        esp = read(esp_path)
        for kind in a.damage:
            damage_esp(esp, esp_path, kind)
        parts = [(a.esp_number, uuid.UUID(a.esp_type), "EFI System Partition", esp)]
        if files["root"]:
            root_path = os.path.join(tmp, "root.img")
            make_ext4(root_path, files["root"], a.root_uuid, a.root_block_map)
            parts.append((a.root_number, LINUX_ROOT_ARM64_TYPE, "Linux root", read(root_path)))
        if files["xbootldr"]:
            xbootldr_path = os.path.join(tmp, "xbootldr.img")
            make_esp(xbootldr_path, size_for(files["xbootldr"], least_fat), a.sector, a.fat,
                     "XBOOTLDR", files["xbootldr"])
            parts.append((a.xbootldr_number, XBOOTLDR_TYPE, "Linux extended boot",
                          read(xbootldr_path)))
    number = 0
    for _ in range(a.filler):
        number += 1
        while number in [p[0] for p in parts]:
            number += 1
        parts.append((number, LINUX_DATA_TYPE, "filler %d" % number,
                      bytearray(a.filler_kib * 1024)))
    numbers = [p[0] for p in parts]
    most = 4 if a.mbr else a.entries
    if len(set(numbers)) != len(numbers) or not all(1 <= n <= most for n in numbers):
        sys.exit("make_disk.py: partition numbers must differ and lie in 1..%d" % most)
    if a.no_table:
        if len(parts) > 1:
            sys.exit("make_disk.py: --no-table holds the ESP alone")
        with open(a.out, "wb") as f:
            f.write(esp)
    elif a.mbr:
        parts[1:] = sorted(parts[1:])
        esp_type = a.mbr_esp_type or (0x0c if a.fat == 32 else 0x06)
        write_mbr_disk(a.out, parts, a.sector, {ESP_TYPE: esp_type,
                                                LINUX_ROOT_ARM64_TYPE: 0x83, XBOOTLDR_TYPE: 0xea})
    else:
        parts[1:] = sorted(parts[1:])
        write_disk(a.out, parts, a.sector, a.damage, a.disk_size, a.entries)


if __name__ == "__main__":
    sys.exit(main())
