#!/usr/bin/env python3
"""Marks a PE32+ image as built for BTI: adds an IMAGE_DEBUG_DIRECTORY entry
of type 20 (EX_DLLCHARACTERISTICS) whose data is
IMAGE_DLLCHARACTERISTICS_EX_FORWARD_CFI_COMPAT (0x40), as Linux's zboot
header does for BTI kernels. lld-link cannot emit it for arm64, so the new
debug directory (the old entries, then this one) and its data go into the
zero bytes between the section table and SizeOfHeaders, where RVA equals
file offset.

  add_forward_cfi.py IN OUT
"""
import struct
import sys

DEBUG_DIR = 6
ENTRY_SIZE = 28
TYPE_EX_DLLCHARACTERISTICS = 20
FORWARD_CFI_COMPAT = 0x40


def main(src, dst):
    b = bytearray(open(src, "rb").read())
    pe = struct.unpack_from("<I", b, 0x3C)[0]
    if b[pe:pe + 4] != b"PE\0\0":
        sys.exit("not a PE image")
    nsect, opt_size = struct.unpack_from("<H", b, pe + 6)[0], struct.unpack_from("<H", b, pe + 20)[0]
    opt = pe + 24
    if struct.unpack_from("<H", b, opt)[0] != 0x20B:
        sys.exit("not PE32+")
    headers_size = struct.unpack_from("<I", b, opt + 60)[0]
    ndirs = struct.unpack_from("<I", b, opt + 108)[0]
    if ndirs <= DEBUG_DIR:
        sys.exit("no debug data directory slot")
    dir_off = opt + 112 + DEBUG_DIR * 8
    old_rva, old_size = struct.unpack_from("<II", b, dir_off)
    sections = opt + opt_size
    entries = []
    for i in range(old_size // ENTRY_SIZE):
        for s in range(nsect):
            vsize, va, _, raw = struct.unpack_from("<IIII", b, sections + 40 * s + 8)
            if va <= old_rva + i * ENTRY_SIZE < va + vsize:
                off = raw + old_rva - va + i * ENTRY_SIZE
                entries.append(bytes(b[off:off + ENTRY_SIZE]))
                break
        else:
            sys.exit("debug directory outside the sections")
    free = (sections + 40 * nsect + 7) & ~7
    data = free + ENTRY_SIZE * (len(entries) + 1)
    if data + 4 > headers_size or any(b[free:data + 4]):
        sys.exit("no room in the headers")
    entries.append(struct.pack("<IIHHIIII", 0, 0, 0, 0, TYPE_EX_DLLCHARACTERISTICS, 4, data, data))
    b[free:data] = b"".join(entries)
    struct.pack_into("<I", b, data, FORWARD_CFI_COMPAT)
    struct.pack_into("<II", b, dir_off, free, ENTRY_SIZE * len(entries))
    open(dst, "wb").write(bytes(b))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
