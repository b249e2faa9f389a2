#!/usr/bin/env python3
"""Seeds and named regressions for the disk fuzzers (gpt, mbr, eltorito, fat, virtio).

Disks are made by the real tools (sgdisk, sfdisk, mkfs.fat, mcopy, mdel,
xorriso) and
stored in the sparse disk format of parsers/disk/memdisk.h: only blocks that
are not all zero, so a 64 MiB disk with its backup GPT is a few KiB. Each
regression is a seed with one rule broken (CRCs recomputed where the rule
under test is not the CRC), named after the bug class it pins.

Usage: disk_corpus.py CORPORA_DIR   (run by tools/corpus/disk-seeds.sh)
"""
import os
import struct
import subprocess
import sys
import tempfile
import zlib

MiB = 1024 * 1024


def run(*cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)


def sparse(image, block_size, num_blocks=None):
    """The memdisk sparse format: header, then one extent per run of non-zero blocks."""
    if num_blocks is None:
        num_blocks = len(image) // block_size
    out = bytearray(struct.pack('<B3xI', 1 if block_size == 4096 else 0, num_blocks))
    zero = bytes(block_size)
    lba, count = 0, len(image) // block_size
    while lba < count:
        if image[lba * block_size:(lba + 1) * block_size] == zero:
            lba += 1
            continue
        start = lba
        while lba < count and image[lba * block_size:(lba + 1) * block_size] != zero:
            lba += 1
        data = image[start * block_size:lba * block_size].rstrip(b'\0')
        out += struct.pack('<II', start, len(data)) + data
    return bytes(out)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


# ---- GPT -------------------------------------------------------------------

def gpt_header_offset(block_size, lba):
    return lba * block_size


def gpt_seal(img, bs, lba, entries=True):
    """Recomputes the entry-array CRC (if asked) and the header CRC at lba."""
    h = gpt_header_offset(bs, lba)
    size, = struct.unpack_from('<I', img, h + 12)
    if entries:
        elba, count, esize = struct.unpack_from('<QII', img, h + 72)
        n = count * esize
        if elba * bs + n <= len(img):
            struct.pack_into('<I', img, h + 88, zlib.crc32(bytes(img[elba * bs:elba * bs + n])))
    struct.pack_into('<I', img, h + 16, 0)
    struct.pack_into('<I', img, h + 16, zlib.crc32(bytes(img[h:h + size])))


def sgdisk_disk(work, name, size, *args):
    path = os.path.join(work, name)
    with open(path, 'wb') as f:
        f.truncate(size)
    run('sgdisk', *args, path)
    return bytearray(open(path, 'rb').read())


def gpt_to_4k(img512):
    """The same partitions on a disk of 4096-byte blocks (sgdisk only writes 512-byte ones)."""
    bs, count = 4096, len(img512) // 4096
    h = 512
    entries_lba, n, esize = struct.unpack_from('<QII', img512, h + 72)
    entries = img512[entries_lba * 512:entries_lba * 512 + n * esize]
    array_blocks = (n * esize + bs - 1) // bs
    img = bytearray(count * bs)
    img[0:512] = img512[0:512]
    struct.pack_into('<II', img, 446 + 8, 1, min(count - 1, 0xffffffff))
    parts = bytearray(entries)
    for i in range(n):
        e = i * esize
        if parts[e:e + 16] == bytes(16):
            continue
        start, end = struct.unpack_from('<QQ', parts, e + 32)
        struct.pack_into('<QQ', parts, e + 32, start // 8, (end + 1) // 8 - 1)
    for my, alt, elba in ((1, count - 1, 2), (count - 1, 1, count - 1 - array_blocks)):
        o = my * bs
        img[o:o + 92] = img512[h:h + 92]
        struct.pack_into('<QQQQ', img, o + 24, my, alt, 2 + array_blocks,
                         count - 2 - array_blocks)
        struct.pack_into('<Q', img, o + 72, elba)
        img[elba * bs:elba * bs + len(parts)] = parts
        gpt_seal(img, bs, my)
    return img


def gpt_corpus(out, work):
    base = sgdisk_disk(work, 'esp.img', 64 * MiB, '-n', '1:2048:+32M', '-t', '1:ef00',
                       '-c', '1:EFI System', '-n', '2:0:0', '-t', '2:8300', '-c', '2:root')
    write(f'{out}/gpt-esp-root-512.disk', sparse(base, 512))
    write(f'{out}/gpt-256-byte-entries-512.disk', sparse(gpt_wide_entries(base), 512))
    many = sgdisk_disk(work, 'many.img', 32 * MiB,
                       *[a for i in range(1, 21) for a in ('-n', f'{i}:0:+1M', '-t', f'{i}:8300')])
    write(f'{out}/gpt-20-partitions-512.disk', sparse(many, 512))
    hybrid = sgdisk_disk(work, 'hybrid.img', 64 * MiB, '-n', '1:2048:+32M', '-t', '1:ef00',
                         '-n', '2:0:0', '-h', '1')
    write(f'{out}/gpt-hybrid-mbr-512.disk', sparse(hybrid, 512))
    big_table = sgdisk_disk(work, 'table.img', 16 * MiB, '--resize-table=512', '-n', '1:0:0',
                            '-t', '1:ef00')
    write(f'{out}/gpt-512-entries-512.disk', sparse(big_table, 512))
    grown = bytearray(base) + bytearray(64 * MiB)  # the disk image grown later
    write(f'{out}/gpt-grown-disk-512.disk', sparse(grown, 512))
    # the image cut short by 16 blocks (written to a smaller device): the
    # backup header is gone, the primary's usable range still fits
    write(f'{out}/gpt-truncated-disk-512.disk', sparse(base[:len(base) - 16 * 512], 512))
    empty = bytearray(base)  # a table of zero entries: valid, nothing to list
    for lba in (1, last := len(base) // 512 - 1):
        struct.pack_into('<I', empty, lba * 512 + 80, 0)
        gpt_seal(empty, 512, lba)
    write(f'{out}/gpt-zero-entries-512.disk', sparse(empty, 512))
    k4 = gpt_to_4k(base)
    write(f'{out}/gpt-esp-root-4096.disk', sparse(k4, 4096))

    last = len(base) // 512 - 1
    reg = f'{out}/regressions'

    def broken(img, bs, mutate, seal=True, lba=1, entries=True):
        img = bytearray(img)
        mutate(img)
        if seal:
            gpt_seal(img, bs, lba, entries)
        return sparse(img, bs)

    # edk2 CVE-2022-36763: NumberOfPartitionEntries x SizeOfPartitionEntry wraps 32 bits.
    write(f'{reg}/count-size-wrap.disk',
          broken(base, 512, lambda i: struct.pack_into('<I', i, 512 + 80, 0x02000001), entries=False))
    write(f'{reg}/count-size-wrap-4096.disk',
          broken(k4, 4096, lambda i: struct.pack_into('<I', i, 4096 + 80, 0x02000001), entries=False))

    def both_bad(i):
        i[512 + 60] ^= 1  # primary: CRC no longer matches
        i[last * 512] = ord('X')  # backup: no signature
    write(f'{reg}/both-headers-bad.disk', broken(base, 512, both_bad, seal=False))
    write(f'{reg}/primary-header-crc.disk',
          broken(base, 512, lambda i: i.__setitem__(512 + 60, i[512 + 60] ^ 1), seal=False))
    write(f'{reg}/primary-entries-crc.disk',
          broken(base, 512, lambda i: i.__setitem__(2 * 512 + 100, i[2 * 512 + 100] ^ 1),
                 seal=False))
    write(f'{reg}/primary-my-lba.disk',
          broken(base, 512, lambda i: struct.pack_into('<Q', i, 512 + 24, 2)))
    write(f'{reg}/entry-size-64.disk',
          broken(base, 512, lambda i: struct.pack_into('<I', i, 512 + 84, 64), entries=False))
    # A table that points at itself: the entry array on the header's own block.
    write(f'{reg}/entries-on-header.disk',
          broken(base, 512, lambda i: struct.pack_into('<Q', i, 512 + 72, 1), entries=False))
    write(f'{reg}/partition-over-header.disk',
          broken(base, 512, lambda i: struct.pack_into('<Q', i, 2 * 512 + 32, 1)))

    def overlap(i):
        s1, e1 = struct.unpack_from('<QQ', i, 2 * 512 + 32)
        struct.pack_into('<Q', i, 2 * 512 + 128 + 32, e1)
    write(f'{reg}/partitions-overlap.disk', broken(base, 512, overlap))
    write(f'{reg}/partition-end-before-start.disk',
          broken(base, 512, lambda i: struct.pack_into('<Q', i, 2 * 512 + 40, 100)))
    write(f'{reg}/usable-range-over-backup.disk',
          broken(base, 512, lambda i: struct.pack_into('<Q', i, 512 + 48, last)))
    write(f'{reg}/no-protective-mbr.disk',
          broken(base, 512, lambda i: i.__setitem__(446 + 4, 0x83), seal=False))

    # The last partition run up to the backup header, over the backup's entry
    # array, in both tables (as some image tools write it): that entry alone
    # is refused, the table stands (it was refused whole before).
    def over_backup_array(i):
        for elba in (2, last - 32):
            struct.pack_into('<Q', i, elba * 512 + 128 + 40, last - 1)
    over = bytearray(base)
    over_backup_array(over)
    gpt_seal(over, 512, 1)
    gpt_seal(over, 512, last)
    write(f'{reg}/partition-over-backup-array.disk', sparse(over, 512))


def gpt_wide_entries(img512):
    """The same table with SizeOfPartitionEntry 256 (valid: 128 x 2^n; no tool
    here writes it): each entry padded, the arrays twice as long."""
    img = bytearray(img512)
    last = len(img) // 512 - 1
    n, = struct.unpack_from('<I', img, 512 + 80)
    old = img[2 * 512:2 * 512 + n * 128]
    wide = bytearray(b''.join(bytes(old[k * 128:(k + 1) * 128]) + bytes(128) for k in range(n)))
    blocks = len(wide) // 512
    for k in range(n):  # the backup array grew: partitions end before it
        end, = struct.unpack_from('<Q', wide, k * 256 + 40)
        struct.pack_into('<Q', wide, k * 256 + 40, min(end, last - 1 - blocks))
    for my, elba in ((1, 2), (last, last - blocks)):
        img[elba * 512:elba * 512 + len(wide)] = wide
        struct.pack_into('<QQ', img, my * 512 + 40, 2 + blocks, last - 1 - blocks)
        struct.pack_into('<Q', img, my * 512 + 72, elba)
        struct.pack_into('<I', img, my * 512 + 84, 256)
        gpt_seal(img, 512, my)
    return img


# ---- MBR -------------------------------------------------------------------

def sfdisk_disk(work, name, size, script):
    path = os.path.join(work, name)
    with open(path, 'wb') as f:
        f.truncate(size)
    subprocess.run(['sfdisk', '-q', '--no-reread', '--no-tell-kernel', path], input=script.encode(),
                   check=True, stdout=subprocess.DEVNULL)
    return bytearray(open(path, 'rb').read())


def iso(work, name, *boot):
    """An ISO 9660 image made by xorriso with the El Torito options boot (its
    tree: .disk/info and boot/efi.img, a small FAT)."""
    tree = os.path.join(work, 'iso-tree')
    os.makedirs(os.path.join(tree, '.disk'), exist_ok=True)
    os.makedirs(os.path.join(tree, 'boot'), exist_ok=True)
    write(os.path.join(tree, '.disk/info'), b'efilite seed\n')
    efi = mkfs(work, 'iso-efi.img', 1440, '-n', 'EFI BOOT', '-i', '15011e00', '--invariant')
    with open(efi, 'rb') as f:
        write(os.path.join(tree, 'boot/efi.img'), f.read())
    path = os.path.join(work, name)
    # fixed dates (the volume's, its UUID's and every file's): the same bytes every time
    run('xorriso', '-as', 'mkisofs', '-quiet', '-V', 'SEED', '-o', path,
        '--modification-date=2023111400000000', '--set_all_file_dates', '2023111400000000',
        *boot, tree, stderr=subprocess.DEVNULL)
    return bytearray(open(path, 'rb').read())


def hybrid_iso(work):
    """A hybrid ISO as xorriso makes Debian's installer images: MBR entry 1
    over the ISO 9660 image from LBA 0, entry 2 (0xef) the appended EFI image."""
    return iso(work, 'hybrid.iso', '-e', 'boot/efi.img', '-no-emul-boot',
               '-append_partition', '2', '0xef', os.path.join(work, 'iso-efi.img'),
               '-partition_cyl_align', 'all')


def mbr_corpus(out, work):
    esp = sfdisk_disk(work, 'esp.img', 64 * MiB, 'label: dos\n,32M,ef,*\n,,83\n')
    write(f'{out}/mbr-esp-linux.disk', sparse(esp, 512))
    ext = sfdisk_disk(work, 'ext.img', 64 * MiB,
                      'label: dos\n,16M,ef,*\n,,5\n,8M,83\n,8M,82\n,8M,c\n')
    write(f'{out}/mbr-esp-extended-3-logical.disk', sparse(ext, 512))
    gpt = sgdisk_disk(work, 'gpt.img', 8 * MiB, '-n', '1:0:0', '-t', '1:ef00')
    write(f'{out}/mbr-protective.disk', sparse(gpt, 512))
    write(f'{out}/mbr-iso-hybrid.disk', sparse(hybrid_iso(work), 512))

    # The EBRs of ext.img, in chain order.
    ext_start, = struct.unpack_from('<I', ext, 446 + 16 + 8)
    ebrs = [ext_start]
    while True:
        link, = struct.unpack_from('<I', ext, ebrs[-1] * 512 + 446 + 16 + 8)
        if link == 0:
            break
        ebrs.append(ext_start + link)
    reg = f'{out}/regressions'

    def broken(mutate):
        img = bytearray(ext)
        mutate(img)
        return sparse(img, 512)
    # U-Boot CVE-2019-13103: a partition table that points to itself.
    write(f'{reg}/ebr-self-reference.disk',
          broken(lambda i: struct.pack_into('<BI', i, ebrs[0] * 512 + 446 + 16 + 4, 5, 0) or
                 struct.pack_into('<I', i, ebrs[0] * 512 + 446 + 16 + 8, 0)))
    write(f'{reg}/ebr-loop.disk',
          broken(lambda i: struct.pack_into('<II', i, ebrs[-1] * 512 + 446 + 16 + 8, 0, 1) or
                 i.__setitem__(ebrs[-1] * 512 + 446 + 16 + 4, 5)))
    write(f'{reg}/partition-beyond-disk.disk',
          broken(lambda i: struct.pack_into('<I', i, 446 + 12, 0x00ffffff)))
    write(f'{reg}/ebr-link-outside-extended.disk',
          broken(lambda i: struct.pack_into('<I', i, ebrs[0] * 512 + 446 + 16 + 8, 0x00ffffff)))
    # Not a refusal: a logical partition's boot indicator is not checked (as in Linux).
    write(f'{reg}/ebr-boot-flag-7f.disk', broken(lambda i: i.__setitem__(ebrs[1] * 512 + 446, 0x7f)))


# ---- El Torito ------------------------------------------------------------

def eltorito_corpus(out, work):
    efi = iso(work, 'efi.iso', '-e', 'boot/efi.img', '-no-emul-boot')
    write(f'{out}/eltorito-efi.disk', sparse(efi, 512))
    # a BIOS initial entry (any file serves as a no-emulation image), EFI in a section
    both = iso(work, 'both.iso', '-b', '.disk/info', '-no-emul-boot', '-boot-load-size', '4',
               '-eltorito-alt-boot', '-e', 'boot/efi.img', '-no-emul-boot')
    write(f'{out}/eltorito-bios-efi.disk', sparse(both, 512))
    write(f'{out}/eltorito-hybrid-mbr.disk', sparse(hybrid_iso(work), 512))

    catalog = struct.unpack_from('<I', efi, 17 * 2048 + 0x47)[0] * 2048
    reg = f'{out}/regressions'

    def read_only(img):
        """IMG with only what eltorito_read() reads: sector 17, the catalog it names,
        and sector 16 (the primary volume descriptor, read when 17 is no boot record);
        the size unchanged. The corpora have a size budget (corpora/BUDGET)."""
        kept = bytearray(len(img))
        at = struct.unpack_from('<I', img, 17 * 2048 + 0x47)[0] * 2048
        for start in (16 * 2048, 17 * 2048, at):
            kept[start:start + 2048] = img[start:start + 2048]
        return kept[:len(img)]

    def broken(image, mutate, reseal=True):
        img = bytearray(image)
        mutate(img)
        if reseal:  # the validation entry's checksum, for the rules after it
            struct.pack_into('<H', img, catalog + 28, 0)
            total = sum(struct.unpack_from('<16H', img, catalog)) & 0xffff
            struct.pack_into('<H', img, catalog + 28, (-total) & 0xffff)
        return sparse(read_only(img), 512)
    write(f'{reg}/catalog-beyond-disk.disk',
          broken(efi, lambda i: struct.pack_into('<I', i, 17 * 2048 + 0x47, 0xffffffff)))
    write(f'{reg}/validation-checksum.disk',
          broken(efi, lambda i: i.__setitem__(catalog + 4, i[catalog + 4] ^ 1), reseal=False))
    # a last section header whose entry count runs past the catalog's sector
    write(f'{reg}/section-count-overrun.disk',
          broken(both, lambda i: struct.pack_into('<H', i, catalog + 64 + 2, 0xffff)))
    write(f'{reg}/image-beyond-disk.disk',
          broken(efi, lambda i: struct.pack_into('<I', i, catalog + 32 + 8, 0x7fffffff)))
    write(f'{reg}/no-boot-record.disk',
          broken(efi, lambda i: i.__setitem__(17 * 2048 + 5, ord('2'))))
    write(f'{reg}/validation-key.disk',
          broken(efi, lambda i: i.__setitem__(catalog + 31, 0xab)))
    write(f'{reg}/entry-indicator.disk',
          broken(efi, lambda i: i.__setitem__(catalog + 32, 0x80)))

    def extensions_past_sector(i):
        # the section's entry says extensions follow, and every one says so too
        i[catalog + 96 + 1] |= 0x20
        for off in range(catalog + 128, catalog + 2048, 32):
            i[off:off + 2] = b'\x44\x20'
    write(f'{reg}/extension-overrun.disk', broken(both, extensions_past_sector))

    def nine_images(i):
        struct.pack_into('<H', i, catalog + 64 + 2, 9)
        for k in range(1, 9):
            i[catalog + 96 + 32 * k:catalog + 128 + 32 * k] = i[catalog + 96:catalog + 128]
    write(f'{reg}/too-many-images.disk', broken(both, nine_images))
    # on a 4096-byte-block disk, an image at an odd 2048-byte sector
    odd = bytearray(efi)
    struct.pack_into('<I', odd, catalog + 32 + 8, struct.unpack_from('<I', odd, catalog + 40)[0] | 1)
    write(f'{reg}/image-misaligned-4k.disk', sparse(read_only(odd + bytes(-len(odd) % 4096)), 4096))


# ---- FAT -------------------------------------------------------------------

def mkfs(work, name, kib, *args):
    path = os.path.join(work, name)
    if os.path.exists(path):
        os.remove(path)
    run('mkfs.fat', *args, '-C', path, str(kib))
    return path


def populate(work, img, fragmented=True):
    src = os.path.join(work, 'src')
    run('rm', '-rf', src)
    os.makedirs(f'{src}/EFI/BOOT')
    os.makedirs(f'{src}/EFI/debian')
    os.makedirs(f'{src}/loader/entries')
    write(f'{src}/EFI/BOOT/BOOTAA64.EFI', b'MZ' + bytes(range(256)) * 20)
    write(f'{src}/EFI/debian/grub.cfg', b'set timeout=0\nlinux /vmlinuz console=ttyAMA0\n')
    write(f'{src}/loader/entries/debian.conf', b'title Debian\nlinux /vmlinuz\n')
    write(f'{src}/loader/loader.conf', b'timeout 0\n')
    write(f'{src}/A Long File Name.with.dots.txt', b'long names\n' * 50)
    write(f'{src}/empty', b'')
    run('mcopy', '-s', '-i', img, *[os.path.join(src, n) for n in sorted(os.listdir(src))], '::/')
    if fragmented:
        for n, size in (('a', 3000), ('b', 3000), ('c', 3000)):
            write(f'{work}/{n}', bytes([ord(n)]) * size)
            run('mcopy', '-i', img, f'{work}/{n}', '::/')
        run('mdel', '-i', img, '::/b')
        write(f'{work}/frag', bytes(range(251)) * 40)
        run('mcopy', '-i', img, f'{work}/frag', '::/fragmented')


class Fat16:
    """Just enough of a FAT16 image to break one rule on purpose."""

    def __init__(self, img):
        self.img = img
        bps, spc, rsvd, nfats, root, _, _, fatsz = struct.unpack_from('<HBHBHHBH', img, 11)
        self.bps, self.spc, self.fat = bps, spc, rsvd * bps
        self.root = (rsvd + nfats * fatsz) * bps
        self.data = self.root + root * 32

    def entry(self, name):
        """Offset of the root directory entry with this 8.3 name."""
        for off in range(self.root, self.data, 32):
            if self.img[off:off + 11] == name:
                return off
        raise KeyError(name)

    def chain(self, name):
        c, = struct.unpack_from('<H', self.img, self.entry(name) + 26)
        out = []
        while 2 <= c < 0xfff8:
            out.append(c)
            c, = struct.unpack_from('<H', self.img, self.fat + 2 * c)
        return out

    def link(self, cluster, value):
        struct.pack_into('<H', self.img, self.fat + 2 * cluster, value)

    def directories(self, start, end, seen):
        """Clusters of the directories listed by the entries in img[start:end], and theirs."""
        out = []
        for off in range(start, end, 32):
            name, attr = self.img[off:off + 11], self.img[off + 11]
            if name[0] == 0:
                break
            if name[0] == 0xe5 or attr & 0x0f == 0x0f or not attr & 0x10 or name[0] == ord('.'):
                continue
            c, = struct.unpack_from('<H', self.img, off + 26)
            while 2 <= c < 0xfff8 and c not in seen:
                seen.add(c)
                out.append(c)
                at = self.data + (c - 2) * self.spc * self.bps
                out += self.directories(at, at + self.spc * self.bps, seen)
                c, = struct.unpack_from('<H', self.img, self.fat + 2 * c)
        return out

    def metadata(self):
        """The image with every file's data zeroed: the boot sector, FATs, root and
        directory clusters stay, all that the FAT rules and the walk to a file read."""
        out = bytearray(len(self.img))
        out[:self.data] = self.img[:self.data]
        cluster = self.spc * self.bps
        for c in self.directories(self.root, self.data, set()):
            at = self.data + (c - 2) * cluster
            out[at:at + cluster] = self.img[at:at + cluster]
        return out


def fat_corpus(out, work):
    img = mkfs(work, 'fat12.img', 1440, '-F', '12', '-n', 'FLOPPY')
    populate(work, img)
    write(f'{out}/fat12-floppy.disk', sparse(open(img, 'rb').read(), 512))
    img = mkfs(work, 'fat16.img', 16384, '-F', '16', '-n', 'ESP16')
    populate(work, img)
    fat16 = bytearray(open(img, 'rb').read())
    write(f'{out}/fat16-esp.disk', sparse(fat16, 512))
    img = mkfs(work, 'fat16-4k.img', 65536, '-F', '16', '-S', '4096', '-n', 'FOURK')
    populate(work, img)
    write(f'{out}/fat16-4096-sectors.disk', sparse(open(img, 'rb').read(), 4096))
    img = mkfs(work, 'fat32.img', 65536, '-F', '32', '-n', 'ESP32')
    populate(work, img)
    write(f'{out}/fat32-esp.disk', sparse(open(img, 'rb').read(), 512))
    # mtools cannot write FAT32 with 4096-byte sectors: mkfs.fat's empty volume.
    img = mkfs(work, 'fat32-4k.img', 262144, '-F', '32', '-S', '4096', '-n', 'FAT32FOURK')
    write(f'{out}/fat32-4096-sectors-empty.disk', sparse(open(img, 'rb').read(), 512))

    reg = f'{out}/regressions'
    # The files' data is never what a regression's rule reads, and it was 9/10 of
    # each (the corpora have a size budget, corpora/BUDGET); a rule of the boot
    # sector (BPB) keeps only that sector, the disk's size unchanged.
    metadata = Fat16(bytearray(fat16)).metadata()

    def broken(mutate, boot_sector_only=False):
        f = Fat16(bytearray(metadata))
        mutate(f)
        if boot_sector_only:
            return sparse(f.img[:512], 512, len(f.img) // 512)
        return sparse(f.img, 512)
    # edk2 BZ 1452: a chain with no end marker.
    write(f'{reg}/chain-no-end-marker.disk',
          broken(lambda f: f.link(f.chain(b'FRAGME~1   ')[-1], 0)))
    write(f'{reg}/chain-cycle.disk',
          broken(lambda f: f.link(f.chain(b'FRAGME~1   ')[-1], f.chain(b'FRAGME~1   ')[0])))
    write(f'{reg}/chain-bad-cluster.disk',
          broken(lambda f: f.link(f.chain(b'FRAGME~1   ')[-1], 0xfff7)))
    write(f'{reg}/chain-longer-than-size.disk',
          broken(lambda f: struct.pack_into('<I', f.img, f.entry(b'FRAGME~1   ') + 28, 100)))

    def dir_cycle(f):
        c = f.chain(b'EFI        ')
        f.link(c[-1], c[0])
    write(f'{reg}/directory-chain-cycle.disk', broken(dir_cycle))
    # A boot sector that divides by zero.
    write(f'{reg}/zero-sectors-per-cluster.disk',
          broken(lambda f: f.img.__setitem__(13, 0), boot_sector_only=True))
    # GRUB 2025 filesystem series: lengths and sizes that overflow.
    write(f'{reg}/file-size-4g.disk',
          broken(lambda f: struct.pack_into('<I', f.img, f.entry(b'FRAGME~1   ') + 28, 0xffffffff)))
    write(f'{reg}/total-sectors-4g.disk',
          broken(lambda f: struct.pack_into('<H', f.img, 19, 0) or
                 struct.pack_into('<I', f.img, 32, 0xffffffff), boot_sector_only=True))
    write(f'{reg}/cluster-beyond-count.disk',
          broken(lambda f: struct.pack_into('<H', f.img, f.entry(b'FRAGME~1   ') + 26, 0xffef)))
    write(f'{reg}/fat-smaller-than-clusters.disk',
          broken(lambda f: struct.pack_into('<H', f.img, 22, 4), boot_sector_only=True))
    write(f'{reg}/root-entries-zero.disk',
          broken(lambda f: struct.pack_into('<H', f.img, 17, 0), boot_sector_only=True))


# ---- virtio ----------------------------------------------------------------

BLK_SIZE_MAX, BLK_SEG_MAX, BLK_BLK_SIZE, BLK_FLUSH, BLK_RO = 1 << 1, 1 << 2, 1 << 6, 1 << 9, 1 << 5
F_VERSION_1 = 1 << 32


def blk_config(capacity, blk_size=512, seg_max=126, size_max=0):
    """virtio-blk config space as QEMU 7.2 fills it (seg_max = queue size - 2)."""
    return struct.pack('<QIIHBBI', capacity, size_max, seg_max, 0, 0, 0, blk_size) + bytes(8)


def desc(addr, length, flags, nxt):
    return struct.pack('<QIHH', addr, length, flags, nxt)


def virtio_script(qmax, features, cfg, chains, ops):
    """chains: {head: [(len, flags, next)]}; the rest of the table is zero."""
    size = 1
    while size * 2 <= min(qmax, 256):
        size *= 2
    table = bytearray(size * 16)
    for head, links in chains.items():
        i = head
        for n, (length, flags, nxt) in enumerate(links):
            table[i * 16:(i + 1) * 16] = desc(0x40000000 + i * 0x1000, length, flags, nxt)
            i = nxt
    return struct.pack('<HQ', qmax, features) + cfg + bytes(table) + bytes(ops)


def blk_request(head, data_len, read=True):
    """header (readable), data, status (writable): the driver's three descriptors."""
    return {head: [(16, 1, head + 1), (data_len, 1 | (2 if read else 0), head + 2), (1, 2, 0)]}


def used(id_, length, advance=1):
    return bytes([1 | (advance << 6), 0]) + struct.pack('<II', id_, length)


def virtio_corpus(out):
    feats = F_VERSION_1 | BLK_SEG_MAX | BLK_BLK_SIZE | BLK_FLUSH
    cfg = blk_config(64 * MiB // 512)
    chains = {**blk_request(0, 4096), **blk_request(3, 512, read=False)}
    post = lambda h: bytes([0, h])
    ok = post(0) + post(3) + used(3, 1) + bytes([2, 0]) + used(0, 4097) + bytes([2, 0, 3, 0])
    write(f'{out}/blk-read-write.bin', virtio_script(256, feats, cfg, chains, ok))
    cfg4k = blk_config(64 * MiB // 512, blk_size=4096, size_max=65536)
    write(f'{out}/blk-4096-read.bin', virtio_script(
        1024, feats | BLK_SIZE_MAX | BLK_RO, cfg4k, blk_request(0, 65536),
        post(0) + used(0, 65537) + bytes([2, 0, 3, 0])))
    write(f'{out}/blk-mmio-legacy-queue-16.bin', virtio_script(
        16, BLK_SEG_MAX, blk_config(2048, seg_max=14), blk_request(0, 512),
        post(0) + used(0, 513) + bytes([2, 0, 3, 0]) + post(0) + used(0, 513) + bytes([2, 0])))
    reg = f'{out}/regressions'
    write(f'{reg}/used-id-not-outstanding.bin', virtio_script(
        256, feats, cfg, chains, post(0) + used(1, 1) + bytes([2, 0])))
    write(f'{reg}/used-len-beyond-buffers.bin', virtio_script(
        256, feats, cfg, chains, post(0) + used(0, 4098) + bytes([2, 0])))
    write(f'{reg}/used-idx-jump.bin', virtio_script(
        256, feats, cfg, chains, post(0) + used(0, 1, advance=3) + bytes([2, 0])))
    write(f'{reg}/used-id-out-of-range.bin', virtio_script(
        256, feats, cfg, chains, post(0) + used(256, 1) + bytes([2, 0])))
    write(f'{reg}/status-byte-undefined.bin', virtio_script(
        256, feats, cfg, chains, post(0) + used(0, 1) + bytes([2, 0, 3, 0x55])))
    write(f'{reg}/status-ioerr.bin', virtio_script(
        256, feats, cfg, chains, post(0) + used(0, 1) + bytes([2, 0, 3, 1, 3, 2])))
    write(f'{reg}/blk-size-zero.bin', virtio_script(
        256, feats, blk_config(2048, blk_size=0), chains, b''))
    write(f'{reg}/capacity-overflow.bin', virtio_script(
        256, feats, blk_config(1 << 60), chains, b''))
    write(f'{reg}/desc-loop.bin', virtio_script(
        256, feats, cfg, {0: [(16, 3, 1), (512, 3, 0)]}, post(0)))


def main():
    root = sys.argv[1]
    with tempfile.TemporaryDirectory() as work:
        os.environ['MTOOLS_SKIP_CHECK'] = '1'
        for name, make in (('gpt', gpt_corpus), ('mbr', mbr_corpus), ('eltorito', eltorito_corpus),
                           ('fat', fat_corpus)):
            out = os.path.join(root, name)
            for d in (out, os.path.join(out, 'regressions')):
                if os.path.isdir(d):
                    for f in os.listdir(d):
                        if f.endswith('.disk'):
                            os.remove(os.path.join(d, f))
            make(out, work)
        virtio_corpus(os.path.join(root, 'virtio'))


if __name__ == '__main__':
    main()
