#!/usr/bin/env python3
"""Usage: corrupt_dtb.py HOW IN.dtb OUT.dtb

Turns the DTB that QEMU dumps (-M dumpdtb=, 1 MiB of mostly free space) into
a blob the size of its blocks, as a user-supplied -dtb would be (QEMU grows
a -dtb to twice its size plus 20000 bytes), then breaks it in a way that QEMU
still accepts, so that the broken tree reaches the firmware. QEMU re-lays the
blob out with libfdt (fdt_open_into), refuses a bad header, and walks every
node looking for /memory, so header damage, undefined tokens or overlong
properties stop QEMU before the firmware runs; a property name offset is
never followed by that walk. HOW:

  intact       no damage: the control for the others
  name-offset  the last property's name offset points past the strings block
"""
import struct
import sys

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


def align4(n):
    return (n + 3) & ~3


def tokens(blob, off_struct, size_struct):
    """Yields (token, offset) for the structure block."""
    pos, end = off_struct, off_struct + size_struct
    while pos < end:
        (tag,) = struct.unpack_from(">I", blob, pos)
        yield tag, pos
        if tag == FDT_BEGIN_NODE:
            name_end = blob.index(b"\0", pos + 4)
            pos = align4(name_end + 1)
        elif tag == FDT_PROP:
            (length,) = struct.unpack_from(">I", blob, pos + 4)
            pos = align4(pos + 12 + length)
        elif tag in (FDT_END_NODE, FDT_NOP):
            pos += 4
        elif tag == FDT_END:
            return
        else:
            raise ValueError("unexpected token %#x at %#x" % (tag, pos))


def pack(blob):
    """Returns the blob cut to the end of its last block, with that totalsize."""
    off_struct, off_strings, off_rsvmap = struct.unpack_from(">3I", blob, 8)
    size_strings, size_struct = struct.unpack_from(">2I", blob, 32)
    rsvmap_end = off_rsvmap
    while struct.unpack_from(">2Q", blob, rsvmap_end) != (0, 0):
        rsvmap_end += 16
    end = max(off_struct + size_struct, off_strings + size_strings, rsvmap_end + 16)
    packed = bytearray(blob[:end])
    struct.pack_into(">I", packed, 4, end)
    return packed


def corrupt(how, blob):
    (magic,) = struct.unpack_from(">I", blob, 0)
    if magic != FDT_MAGIC:
        raise ValueError("not a flattened device tree")
    blob = pack(blob)
    off_struct = struct.unpack_from(">I", blob, 8)[0]
    size_strings, size_struct = struct.unpack_from(">2I", blob, 32)
    found = list(tokens(blob, off_struct, size_struct))
    last_prop = [pos for tag, pos in found if tag == FDT_PROP][-1]
    if how == "name-offset":
        struct.pack_into(">I", blob, last_prop + 8, size_strings + 0x1000)
    elif how != "intact":
        raise ValueError("unknown corruption " + how)
    return blob


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    how, src, dst = sys.argv[1:]
    with open(src, "rb") as f:
        blob = bytearray(f.read())
    blob = corrupt(how, blob)
    with open(dst, "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    main()
