#!/usr/bin/env python3
"""Seed corpus for //fuzz/pe:pe_fuzz from real PE32+ binaries.

  pe_corpus.py reduce IN OUT   keep headers, section table and the base
                               relocation directory; drop (or zero) all other
                               section data so the seed stays small but keeps
                               the original header values
  pe_corpus.py regress SEEDS_DIR OUT_DIR
                               write the named regression inputs, each a
                               reduced real seed with one rule broken

Offsets follow the Microsoft PE/COFF specification (PE32+).
"""
import struct
import sys
from pathlib import Path

SECTION_HEADER = 40
RELOC_DIR = 5
# In-place seeds keep their first section at its RVA when that costs at most this much.
IN_PLACE_LIMIT = 0x10000
KEPT_BYTES = 0x200


class Pe:
    def __init__(self, data):
        self.data = data if isinstance(data, bytearray) else bytearray(data)
        self.lfanew = self.u32(0x3C)
        self.coff = self.lfanew + 4
        self.opt = self.coff + 20
        self.num_sections = self.u16(self.coff + 2)
        self.table = self.opt + self.u16(self.coff + 16)

    def u16(self, off):
        return struct.unpack_from("<H", self.data, off)[0]

    def u32(self, off):
        return struct.unpack_from("<I", self.data, off)[0]

    def put16(self, off, v):
        struct.pack_into("<H", self.data, off, v)

    def put32(self, off, v):
        struct.pack_into("<I", self.data, off, v)

    def section(self, i):
        """(header offset, rva, virtual size, raw pointer, raw size)"""
        h = self.table + SECTION_HEADER * i
        vsize, rva, raw_size, raw_ptr = struct.unpack_from("<IIII", self.data, h + 8)
        return h, rva, vsize or raw_size, raw_ptr, raw_size

    def reloc_dir(self):
        if self.u32(self.opt + 108) <= RELOC_DIR:
            return 0, 0
        return struct.unpack_from("<II", self.data, self.opt + 112 + 8 * RELOC_DIR)

    @property
    def file_alignment(self):
        return self.u32(self.opt + 36)

    def set_headers_size(self, size):
        self.put32(self.opt + 60, size)


def align(v, a):
    return (v + a - 1) // a * a


def reduce(data):
    pe = Pe(data)
    reloc_rva, reloc_size = pe.reloc_dir()
    table_end = pe.table + SECTION_HEADER * pe.num_sections
    first_rva = min(pe.section(i)[1] for i in range(pe.num_sections))
    headers = min(align(table_end, pe.file_alignment), pe.u32(pe.opt + 60), first_rva)
    out = bytearray(pe.data[:headers])
    hdr = Pe(out)
    hdr.set_headers_size(headers)
    for i in range(pe.num_sections):
        h, rva, vsize, raw_ptr, raw_size = pe.section(i)
        keep = b""
        init = min(vsize, raw_size)
        if reloc_size and rva <= reloc_rva and reloc_rva + reloc_size <= rva + init:
            keep = pe.data[raw_ptr:raw_ptr + init]
        elif i == 0 and raw_ptr == rva and rva <= IN_PLACE_LIMIT and raw_size:
            keep = bytes(min(KEPT_BYTES, raw_size))  # zeroed code, still in place
        if not keep:
            hdr.put32(h + 16, 0)
            hdr.put32(h + 20, 0)
            continue
        start = rva if raw_ptr == rva and rva <= IN_PLACE_LIMIT else align(len(out), pe.file_alignment)
        out += bytes(start - len(out))
        out += keep
        out += bytes(align(len(out), pe.file_alignment) - len(out))
        hdr.put32(h + 16, len(out) - start)
        hdr.put32(h + 20, start)
    return bytes(out)


def regressions(seeds):
    """name -> bytes, one broken rule each (the rule is in the name)."""
    stub = Pe(seeds["systemd-linuxaa64.efi.stub"])
    grub = Pe(seeds["grub-grubaa64.efi"])
    out = {}

    def variant(pe, edit):
        v = Pe(bytes(pe.data))
        edit(v)
        return bytes(v.data)

    def first_block(v):
        reloc_rva, _ = v.reloc_dir()
        for i in range(v.num_sections):
            _, rva, vsize, raw_ptr, raw_size = v.section(i)
            if rva <= reloc_rva < rva + min(vsize, raw_size):
                return raw_ptr + reloc_rva - rva
        raise SystemExit("grub seed has no relocation directory")

    def data_section(v):
        return v.section(v.num_sections - 1)

    def reloc_overflow(v):
        block = first_block(v)
        v.put32(block, 0xFFFFF000)
        v.put32(block + 4, 0xFFFFFFF8)

    def vsize_4g(v):
        h, rva, *_ = data_section(v)
        v.put32(h + 8, (1 << 32) - rva + 0x1000)  # rva + size wraps to 0x1000

    def overlap(v):
        h, rva, vsize, *_ = v.section(0)
        v.put32(h + 8, data_section(v)[1] - rva + 0x1000)

    def straddle(v):
        block = first_block(v)
        size_of_image = v.u32(v.opt + 56)
        v.put32(block, align(size_of_image, 0x1000) - 0x1000)
        v.put16(block + 8, 10 << 12 | 0xFFC)

    out["reloc-block-overflow"] = variant(grub, reloc_overflow)
    out["section-vsize-4g"] = variant(stub, vsize_4g)
    out["overlapping-sections"] = variant(stub, overlap)
    out["lfanew-out-of-bounds"] = variant(stub, lambda v: v.put32(0x3C, 0xFFFFFFF8))
    out["num-sections-huge"] = variant(stub, lambda v: v.put16(v.coff + 2, 0xFFFF))
    out["reloc-target-straddles-end"] = variant(grub, straddle)
    out["entry-outside-code"] = variant(stub, lambda v: v.put32(v.opt + 16, data_section(v)[1]))
    return out


def main(argv):
    if len(argv) == 4 and argv[1] == "reduce":
        Path(argv[3]).write_bytes(reduce(Path(argv[2]).read_bytes()))
    elif len(argv) == 4 and argv[1] == "regress":
        seeds = {p.name: p.read_bytes() for p in Path(argv[2]).iterdir() if p.is_file()}
        outdir = Path(argv[3])
        outdir.mkdir(parents=True, exist_ok=True)
        for name, data in regressions(seeds).items():
            (outdir / name).write_bytes(data)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
