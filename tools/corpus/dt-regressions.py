#!/usr/bin/env python3
"""Named regression seeds for //fuzz/dt:dt_fuzz, one per known DTB bug class.

Each file is a real QEMU virt DTB (from tools/corpus/dt-from-qemu.sh) with one
rule broken; fuzz/dt/BUILD.bazel pins the exact status of each.
Usage: tools/corpus/dt-regressions.py corpora/dt/virt-append.dtb corpora/dt/regressions
"""
import os
import struct
import sys

BEGIN_NODE, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9
HEADER = ">10I"
FIELDS = ("magic totalsize off_struct off_strings off_rsvmap version "
          "last_comp boot_cpuid size_strings size_struct").split()


def header(blob):
    return dict(zip(FIELDS, struct.unpack_from(HEADER, blob)))


def set_header(blob, **fields):
    h = header(blob)
    h.update(fields)
    struct.pack_into(HEADER, blob, 0, *(h[f] for f in FIELDS))


def props(blob):
    """Yields (node path, property name, blob offset of the PROP tag)."""
    h = header(blob)
    base, off, path = h["off_struct"], 0, []
    while True:
        (tag,) = struct.unpack_from(">I", blob, base + off)
        if tag == BEGIN_NODE:
            name_end = blob.index(b"\0", base + off + 4)
            path.append(blob[base + off + 4:name_end].decode())
            off = (name_end + 1 - base + 3) & ~3
        elif tag == PROP:
            length, name_off = struct.unpack_from(">II", blob, base + off + 4)
            name_start = h["off_strings"] + name_off
            name = blob[name_start:blob.index(b"\0", name_start)].decode()
            yield "/".join(path) or "/", name, base + off
            off = (off + 12 + length + 3) & ~3
        elif tag == END_NODE:
            path.pop()
            off += 4
        elif tag == NOP:
            off += 4
        else:
            return


def prop_tag(blob, node, name):
    for path, prop_name, tag in props(blob):
        if path == node and prop_name == name:
            return tag
    raise KeyError(f"{node} {name}")


def forged_prop_length(blob):
    # fdt_next_tag() wraps its int offset, then overflows offset - startoffset.
    tag = prop_tag(blob, "/chosen", "bootargs")
    struct.pack_into(">I", blob, tag + 4, 0x7ffffff0)


def misaligned_struct_block(blob):
    h = header(blob)
    set_header(blob, off_struct=h["off_struct"] + 2, size_struct=h["size_struct"] - 4)


def misaligned_rsvmap(blob):
    # Still within the header-to-struct gap, but not 8-byte aligned.
    set_header(blob, off_rsvmap=header(blob)["off_rsvmap"] + 4)


def multiple_roots(blob):
    # A second, empty root between the first root's END_NODE and FDT_END.
    h = header(blob)
    end = h["off_struct"] + h["size_struct"] - 4
    blob[end:end] = struct.pack(">III", BEGIN_NODE, 0, END_NODE)
    set_header(blob, size_struct=h["size_struct"] + 12, off_strings=h["off_strings"] + 12,
               totalsize=h["totalsize"] + 12)


def totalsize_beyond_buffer(blob):
    set_header(blob, totalsize=header(blob)["totalsize"] + 8)


def strings_overlap_struct(blob):
    set_header(blob, off_strings=header(blob)["off_strings"] - 8)


def reg_address_cells_3(blob):
    struct.pack_into(">I", blob, prop_tag(blob, "/", "#address-cells") + 12, 3)


def reg_base_size_overflow(blob):
    # memory@40000000 reg: base moved so that base + size is 2^64 + 1.
    tag = prop_tag(blob, "/memory@40000000", "reg")
    (size,) = struct.unpack_from(">Q", blob, tag + 20)
    struct.pack_into(">Q", blob, tag + 12, (1 << 64) - size + 1)


REGRESSIONS = [
    forged_prop_length,
    misaligned_struct_block,
    misaligned_rsvmap,
    multiple_roots,
    totalsize_beyond_buffer,
    strings_overlap_struct,
    reg_address_cells_3,
    reg_base_size_overflow,
]


def main():
    base, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    for make in REGRESSIONS:
        blob = bytearray(open(base, "rb").read())
        make(blob)
        path = os.path.join(outdir, make.__name__.replace("_", "-") + ".dtb")
        open(path, "wb").write(blob)
        print(path)


if __name__ == "__main__":
    main()
