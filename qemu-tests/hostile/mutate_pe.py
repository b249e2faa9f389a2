#!/usr/bin/env python3
"""Usage: mutate_pe.py MUTATION IN OUT

Writes a copy of the PE32+ image IN with one field broken (MUTATION):

  reloc-block-overflow  first relocation block's SizeOfBlock 0xFFFFFFF8
  reloc-block-size      first relocation block's SizeOfBlock 6 (below 8)
  reloc-page            first relocation block's PageRVA 0xFFFFF000
  reloc-type            first relocation entry of type 3 (HIGHLOW)
  reloc-dir             relocation directory RVA 0x7FFF0000 (in no section)
  image-size-huge       SizeOfImage 0xFFFF0000 (4 GiB less 64 KiB)
  image-size-wraps      SizeOfImage 0xFFFFFFFF
  section-vsize-4g      last section's VirtualSize 0xFFFFF000

Every other byte stays as it was, so a loader's complaint can only be about
that field. The relocation mutations need an image with a relocation
directory; the script fails if IN has none.
"""
import struct
import sys

DOS_LFANEW = 0x3C
COFF_NUM_SECTIONS = 4 + 2
COFF_OPT_HDR_SIZE = 4 + 16
OPT_SIZE_OF_IMAGE = 56
OPT_NUM_DATA_DIRS = 108
OPT_DATA_DIRS = 112
DIR_BASE_RELOC = 5
SECTION_HEADER_SIZE = 40
SECTION_VIRTUAL_SIZE = 8
SECTION_VIRTUAL_ADDRESS = 12
SECTION_RAW_POINTER = 20
RELOC_TYPE_HIGHLOW = 3


class Image:
    def __init__(self, data):
        self.data = data
        coff = struct.unpack_from("<I", data, DOS_LFANEW)[0] + 4
        self.num_sections = struct.unpack_from("<H", data, coff + 2)[0]
        opt_size = struct.unpack_from("<H", data, coff + 16)[0]
        self.opt = coff + 20
        self.sections = self.opt + opt_size

    def u32(self, off):
        return struct.unpack_from("<I", self.data, off)[0]

    def put_u32(self, off, value):
        struct.pack_into("<I", self.data, off, value)

    def reloc_dir_entry(self):
        if self.u32(self.opt + OPT_NUM_DATA_DIRS) <= DIR_BASE_RELOC:
            sys.exit("mutate_pe.py: the image has no relocation directory")
        entry = self.opt + OPT_DATA_DIRS + 8 * DIR_BASE_RELOC
        if self.u32(entry + 4) == 0:
            sys.exit("mutate_pe.py: the image's relocation directory is empty")
        return entry

    def file_offset(self, rva):
        for i in range(self.num_sections):
            header = self.sections + SECTION_HEADER_SIZE * i
            start = self.u32(header + SECTION_VIRTUAL_ADDRESS)
            if start <= rva < start + self.u32(header + SECTION_VIRTUAL_SIZE):
                return self.u32(header + SECTION_RAW_POINTER) + rva - start
        sys.exit("mutate_pe.py: RVA 0x%x is in no section" % rva)

    def first_reloc_block(self):
        return self.file_offset(self.u32(self.reloc_dir_entry()))


def mutate(img, mutation):
    if mutation == "reloc-block-overflow":
        img.put_u32(img.first_reloc_block() + 4, 0xFFFFFFF8)
    elif mutation == "reloc-block-size":
        img.put_u32(img.first_reloc_block() + 4, 6)
    elif mutation == "reloc-page":
        img.put_u32(img.first_reloc_block(), 0xFFFFF000)
    elif mutation == "reloc-type":
        entry = img.first_reloc_block() + 8
        offset = struct.unpack_from("<H", img.data, entry)[0] & 0xFFF
        struct.pack_into("<H", img.data, entry, RELOC_TYPE_HIGHLOW << 12 | offset)
    elif mutation == "reloc-dir":
        img.put_u32(img.reloc_dir_entry(), 0x7FFF0000)
    elif mutation == "image-size-huge":
        img.put_u32(img.opt + OPT_SIZE_OF_IMAGE, 0xFFFF0000)
    elif mutation == "image-size-wraps":
        img.put_u32(img.opt + OPT_SIZE_OF_IMAGE, 0xFFFFFFFF)
    elif mutation == "section-vsize-4g":
        last = img.sections + SECTION_HEADER_SIZE * (img.num_sections - 1)
        img.put_u32(last + SECTION_VIRTUAL_SIZE, 0xFFFFF000)
    else:
        sys.exit("mutate_pe.py: unknown mutation %s\n%s" % (mutation, __doc__))


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    with open(sys.argv[2], "rb") as f:
        img = Image(bytearray(f.read()))
    mutate(img, sys.argv[1])
    with open(sys.argv[3], "wb") as f:
        f.write(img.data)


if __name__ == "__main__":
    main()
