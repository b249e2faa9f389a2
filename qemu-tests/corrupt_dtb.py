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

  intact            no damage: the control for the others
  name-offset       the last property's name offset points past the strings block
  fwcfg-misaligned  fw_cfg's reg base is 0x9020001
  rtc-reg-4-23      PL031's reg is <0x4 0x23 ...> (base 0x400000023)
  uart-on-fwcfg     PL011's reg base is fw_cfg's, 0x9020000
  virtio-on-fwcfg   the first virtio-mmio node's reg base is fw_cfg's
  pci-window-wraps  the PCIe host's last ranges entry (64-bit window) has size 2^64-1
  pci-windows-unaligned  the PCIe host's memory windows start 0x1000 bytes later (PCI
                    and CPU address alike, so still true): a BAR aligned within
                    the window would not be aligned on the bus
  chosen-bootargs   no damage: /chosen gets bootargs (BOOTARGS below), as a
                    user's DT may carry its command line (rebuilt with dtc)
fwcfg-misaligned to virtio-on-fwcfg are well-formed trees with device addresses that are not
(issue 10 defect 8); each keeps the size cells and changes only the base.
"""
import re
import struct
import subprocess
import sys

BOOTARGS = "console=ttyAMA0 panic=-1 efilite.test=dtb-bootargs"

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


def node_reg(blob, off_struct, size_struct, off_strings, node_prefix, prop=b"reg"):
    """Offset of the value of property prop of the first node named node_prefix..."""
    depth, in_node = 0, None
    for tag, pos in tokens(blob, off_struct, size_struct):
        if tag == FDT_BEGIN_NODE:
            depth += 1
            name = blob[pos + 4:blob.index(b"\0", pos + 4)].decode()
            if in_node is None and name.startswith(node_prefix):
                in_node = depth
        elif tag == FDT_END_NODE:
            if in_node == depth:
                break
            depth -= 1
        elif tag == FDT_PROP and in_node == depth:
            name_off = struct.unpack_from(">I", blob, pos + 8)[0]
            start = off_strings + name_off
            if blob[start:blob.index(b"\0", start)] == prop:
                return pos + 12, struct.unpack_from(">I", blob, pos + 4)[0]
    raise ValueError("no %s property in a node named %s..." % (prop.decode(), node_prefix))


# HOW -> (node name prefix, the reg base as two 32-bit cells)
REG_BASES = {
    "fwcfg-misaligned": ("fw-cfg@", (0x0, 0x9020001)),
    "rtc-reg-4-23": ("pl031@", (0x4, 0x23)),
    "uart-on-fwcfg": ("pl011@", (0x0, 0x9020000)),
    "virtio-on-fwcfg": ("virtio_mmio@", (0x0, 0x9020000)),
    # Aligned, no overlap, but no device answers there (sysfuzz dtb 93, dtb 56).
    "uart-unanswered": ("pl011@", (0x0, 0x19000000)),
    "uart-unanswered-high": ("pl011@", (0x7F, 0x9000000)),
    "fwcfg-unanswered": ("fw-cfg@", (0x0, 0x9020080)),
    "ecam-unanswered": ("pcie@", (0x7F, 0x0)),
}


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
    elif how in REG_BASES:
        prefix, cells = REG_BASES[how]
        off_strings = struct.unpack_from(">I", blob, 12)[0]
        value, _ = node_reg(blob, off_struct, size_struct, off_strings, prefix)
        struct.pack_into(">2I", blob, value, *cells)
    elif how == "flash-bank1-unanswered":
        # the variable bank (the flash node's second reg pair) moved into
        # QEMU's empty PCI window: reads are zero, no CFI "QRY" answer, so
        # the probe refuses it
        off_strings = struct.unpack_from(">I", blob, 12)[0]
        value, _ = node_reg(blob, off_struct, size_struct, off_strings, "flash@")
        struct.pack_into(">2I", blob, value + 16, 0x0, 0x19000000)
    elif how == "pci-window-wraps":
        off_strings = struct.unpack_from(">I", blob, 12)[0]
        value, length = node_reg(blob, off_struct, size_struct, off_strings, "pcie@", b"ranges")
        struct.pack_into(">2I", blob, value + length - 8, 0xFFFFFFFF, 0xFFFFFFFF)
    elif how == "pci-windows-unaligned":
        off_strings = struct.unpack_from(">I", blob, 12)[0]
        value, length = node_reg(blob, off_struct, size_struct, off_strings, "pcie@", b"ranges")
        for entry in range(value, value + length, 28):  # 3 PCI, 2 CPU, 2 size cells
            space = struct.unpack_from(">I", blob, entry)[0] >> 24 & 3
            if space in (2, 3):  # 32- and 64-bit memory
                pci, cpu, size = struct.unpack_from(">3Q", blob, entry + 4)
                struct.pack_into(">3Q", blob, entry + 4, pci + 0x1000, cpu + 0x1000, size - 0x1000)
    elif how != "intact":
        raise ValueError("unknown corruption " + how)
    return blob


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    how, src, dst = sys.argv[1:]
    if how == "chosen-bootargs":
        dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", src], check=True,
                             capture_output=True, text=True).stdout
        dts, n = re.subn(r"(\n\tchosen \{\n)", r'\1\t\tbootargs = "%s";\n' % BOOTARGS, dts)
        if n != 1:
            raise ValueError("no /chosen node")
        blob = bytearray(subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb"], input=dts.encode(),
                                        check=True, capture_output=True).stdout)
    else:
        with open(src, "rb") as f:
            blob = bytearray(f.read())
        blob = corrupt(how, blob)
    with open(dst, "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    main()
