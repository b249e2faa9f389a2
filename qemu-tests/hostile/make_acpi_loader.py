#!/usr/bin/env python3
"""Usage: make_acpi_loader.py MUTATION SCRIPT_OUT RSDP_OUT TABLES_OUT

Writes a QEMU linker/loader script (the etc/table-loader fw_cfg format: 128
byte little-endian entries) and the two fw_cfg files it loads, as QEMU's ACPI
builder would: opt/efilite/rsdp holds an RSDP (revision 2) and
opt/efilite/tables a DSDT, an FADT and an XSDT listing the FADT. Pointers
between them are file offsets that the script's ADD_POINTER commands turn
into addresses; ADD_CHECKSUM commands fill every checksum.

MUTATION breaks one thing (everything else stays valid):
  none             a sound script and tables
  pointer-offset   the XSDT entry's ADD_POINTER patches past the tables file
  pointer-value    the XSDT entry holds offset 0x10000, beyond the tables file
  checksum-range   the FADT's ADD_CHECKSUM range runs past the tables file
  checksum-short   the FADT's ADD_CHECKSUM range leaves out its first byte
  no-rsdp          the RSDP file is never allocated
  unmapped         the XSDT entry gets no ADD_POINTER: it keeps address 0x1000
  write-read-only  a WRITE_POINTER into opt/efilite/rsdp, which QEMU serves
                   read-only (as it serves every -fw_cfg file)
  too-long         the sound script padded with commands of kind 0 (which
                   loaders skip) to 65 entries, one more than efilite reads
"""
import struct
import sys

ENTRY_SIZE = 128
FILE_NAME_SIZE = 56
ALLOCATE, ADD_POINTER, ADD_CHECKSUM, WRITE_POINTER = 1, 2, 3, 4
ZONE_HIGH, ZONE_FSEG = 1, 2
RSDP_FILE = b"opt/efilite/rsdp"
TABLES_FILE = b"opt/efilite/tables"

HEADER_SIZE = 36
CHECKSUM_OFFSET = 9
DSDT_OFFSET, DSDT_SIZE = 0, HEADER_SIZE
# Long enough (ACPI 2.0+) to carry X_DSDT, the field efilite follows.
FADT_OFFSET, FADT_SIZE = DSDT_OFFSET + DSDT_SIZE, 148
FADT_X_DSDT = 140
XSDT_OFFSET, XSDT_SIZE = FADT_OFFSET + FADT_SIZE, HEADER_SIZE + 8
TABLES_SIZE = XSDT_OFFSET + XSDT_SIZE
RSDP_SIZE = 36
RSDP_XSDT = 24
RSDP_V1_CHECKSUM, RSDP_V1_SIZE = 8, 20
RSDP_EXT_CHECKSUM = 32

MUTATIONS = [
    "none",
    "pointer-offset",
    "pointer-value",
    "checksum-range",
    "checksum-short",
    "no-rsdp",
    "unmapped",
    "write-read-only",
    "too-long",
]
TOO_LONG_ENTRIES = 65


def name(file_name):
    return file_name.ljust(FILE_NAME_SIZE, b"\0")


def entry(command, payload):
    return (struct.pack("<I", command) + payload).ljust(ENTRY_SIZE, b"\0")


def allocate(file_name, align, zone):
    return entry(ALLOCATE, name(file_name) + struct.pack("<IB", align, zone))


def add_pointer(dest, src, offset, size):
    return entry(ADD_POINTER, name(dest) + name(src) + struct.pack("<IB", offset, size))


def add_checksum(file_name, result, start, length):
    return entry(ADD_CHECKSUM, name(file_name) + struct.pack("<III", result, start, length))


def write_pointer(dest, src, dst_offset, src_offset, size):
    return entry(WRITE_POINTER, name(dest) + name(src) +
                 struct.pack("<IIB", dst_offset, src_offset, size))


def table_header(signature, length, revision):
    """An ACPI table header with a zero checksum (ADD_CHECKSUM fills it)."""
    return struct.pack("<4sIBB6s8sI4sI", signature, length, revision, 0, b"EFILTE",
                       b"HOSTILE ", 1, b"EFIL", 1)


def tables(mutation):
    dsdt = table_header(b"DSDT", DSDT_SIZE, 2)
    fadt = bytearray(table_header(b"FACP", FADT_SIZE, 6).ljust(FADT_SIZE, b"\0"))
    struct.pack_into("<Q", fadt, FADT_X_DSDT, DSDT_OFFSET)
    fadt_entry = 0x10000 if mutation == "pointer-value" else FADT_OFFSET
    if mutation == "unmapped":
        fadt_entry = 0x1000
    xsdt = table_header(b"XSDT", XSDT_SIZE, 1) + struct.pack("<Q", fadt_entry)
    return dsdt + bytes(fadt) + xsdt


def rsdp():
    return struct.pack("<8sB6sBIIQB3s", b"RSD PTR ", 0, b"EFILTE", 2, 0, RSDP_SIZE,
                       XSDT_OFFSET, 0, b"\0\0\0")


def script(mutation):
    xsdt_entry = XSDT_OFFSET + HEADER_SIZE
    if mutation == "pointer-offset":
        xsdt_entry = TABLES_SIZE
    fadt_start, fadt_length = FADT_OFFSET, FADT_SIZE
    if mutation == "checksum-range":
        fadt_length = TABLES_SIZE
    elif mutation == "checksum-short":
        fadt_start, fadt_length = FADT_OFFSET + 1, FADT_SIZE - 1

    commands = [allocate(TABLES_FILE, 64, ZONE_HIGH)]
    if mutation != "no-rsdp":
        commands.append(allocate(RSDP_FILE, 16, ZONE_FSEG))
    commands.append(add_pointer(TABLES_FILE, TABLES_FILE, FADT_OFFSET + FADT_X_DSDT, 8))
    if mutation != "unmapped":
        commands.append(add_pointer(TABLES_FILE, TABLES_FILE, xsdt_entry, 8))
    commands += [
        add_checksum(TABLES_FILE, DSDT_OFFSET + CHECKSUM_OFFSET, DSDT_OFFSET, DSDT_SIZE),
        add_checksum(TABLES_FILE, FADT_OFFSET + CHECKSUM_OFFSET, fadt_start, fadt_length),
        add_checksum(TABLES_FILE, XSDT_OFFSET + CHECKSUM_OFFSET, XSDT_OFFSET, XSDT_SIZE),
    ]
    if mutation != "no-rsdp":
        commands += [
            add_pointer(RSDP_FILE, TABLES_FILE, RSDP_XSDT, 8),
            add_checksum(RSDP_FILE, RSDP_V1_CHECKSUM, 0, RSDP_V1_SIZE),
            add_checksum(RSDP_FILE, RSDP_EXT_CHECKSUM, 0, RSDP_SIZE),
        ]
    if mutation == "write-read-only":
        commands.append(write_pointer(RSDP_FILE, TABLES_FILE, 0, 0, 8))
    script = b"".join(commands)
    if mutation == "too-long":
        script = script.ljust(TOO_LONG_ENTRIES * ENTRY_SIZE, b"\0")
    return script


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in MUTATIONS:
        sys.exit(__doc__)
    mutation = sys.argv[1]
    for path, data in zip(sys.argv[2:], [script(mutation), rsdp(), tables(mutation)]):
        with open(path, "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
