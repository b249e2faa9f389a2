#!/usr/bin/env python3
"""Turns fwcfg-dump captures (serial logs) into fuzz seeds and regressions.

Usage: fwcfg_corpus.py CAPTURE_DIR CORPORA_DIR

For each capture NAME.txt it writes
  fwcfg_dir/NAME.bin      the raw FW_CFG_FILE_DIR blob
  smbios/NAME.bin         u8 anchor length, smbios-anchor, smbios-tables
  table_loader/NAME.bin   the table_loader_fuzz input (see below), if ACPI is on
  acpi/NAME.bin           the tables as the loader leaves them in memory
and, from the first capture with a WRITE_POINTER, one regression per known
bug class: the real input with one field broken.

table_loader_fuzz input: u32 script_len, u32 dir_len, u32 pool_len (LE),
script, directory, pool (contents of the ALLOCATEd files in script order),
then per-ops-call control bytes (none here). The directory keeps only the
files the script names; etc/acpi/tables is trimmed of its zero padding.

acpi_fuzz input: u64 RSDP address, then regions {u64 addr, u32 len, bytes}.
"""
import os
import re
import struct
import sys

CMD_SIZE = 128
ALLOCATE, ADD_POINTER, ADD_CHECKSUM, WRITE_POINTER = 1, 2, 3, 4
LOAD_BASE = 0x48000000


def parse_capture(path):
    """Returns {name: bytes} from BEGIN/hex/END blocks."""
    blobs, name, hexdata = {}, None, []
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("ascii", "replace").strip()
            m = re.match(r"BEGIN (\S+) (\d+)$", line)
            if m:
                name, size, hexdata = m.group(1), int(m.group(2)), []
            elif name and line == "END " + name:
                data = bytes.fromhex("".join(hexdata))
                assert len(data) == size, (path, name)
                blobs[name] = data
                name = None
            elif name:
                hexdata.append(line)
    return blobs


def cstr(b):
    return b.split(b"\0", 1)[0].decode("latin-1")


def parse_dir(blob):
    (count,) = struct.unpack_from(">I", blob, 0)
    files = []
    for i in range(count):
        size, select = struct.unpack_from(">IH", blob, 4 + 64 * i)
        files.append((cstr(blob[12 + 64 * i:68 + 64 * i]), size, select))
    return files


def build_dir(files):
    out = struct.pack(">I", len(files))
    for name, size, select in files:
        out += struct.pack(">IHH", size, select, 0) + name.encode().ljust(56, b"\0")
    return out


def commands(script):
    for off in range(0, len(script), CMD_SIZE):
        cmd = script[off:off + CMD_SIZE]
        yield struct.unpack_from("<I", cmd, 0)[0], cmd


def needed_size(script, name, data):
    """Bytes of `name` the script touches, or that are not zero padding."""
    end = len(data.rstrip(b"\0"))
    for kind, cmd in commands(script):
        a, b = cstr(cmd[4:60]), cstr(cmd[60:116])
        if kind == ADD_POINTER and a == name:
            end = max(end, struct.unpack_from("<I", cmd, 116)[0] + cmd[120])
        elif kind == ADD_POINTER and b == name:
            end = max(end, 1)
        elif kind == ADD_CHECKSUM and a == name:
            res, start, length = struct.unpack_from("<III", cmd, 60)
            end = max(end, res + 1, start + length)
        elif kind == WRITE_POINTER and b == name:
            end = max(end, struct.unpack_from("<I", cmd, 120)[0] + 1)
    return (end + 63) // 64 * 64


def loader_input(blobs):
    """(script, directory, pool, {name: contents}) reduced to what the script uses."""
    script = blobs["etc/table-loader"]
    files = {n: (s, sel) for n, s, sel in parse_dir(blobs["fw_cfg_dir"])}
    used, contents, pool = [], {}, b""
    for kind, cmd in commands(script):
        if kind == ALLOCATE:
            name = cstr(cmd[4:60])
            data = blobs[name]
            if name == "etc/acpi/tables":
                data = data[:needed_size(script, name, data)]
            contents[name] = data
            used.append((name, len(data), files[name][1]))
            pool += data
        elif kind == WRITE_POINTER:
            name = cstr(cmd[4:60])
            used.append((name, files[name][0], files[name][1]))
    used.sort(key=lambda f: f[2])
    return script, build_dir(used), pool, contents


def pack_loader(script, directory, pool, control=b""):
    return struct.pack("<III", len(script), len(directory), len(pool)) + script + directory + pool + control


def execute(script, contents):
    """The loader's effect: {name: (addr, bytearray)}; independent of the C code."""
    mem, addr = {}, LOAD_BASE
    for kind, cmd in commands(script):
        a, b = cstr(cmd[4:60]), cstr(cmd[60:116])
        if kind == ALLOCATE:
            align = struct.unpack_from("<I", cmd, 60)[0]
            addr = (addr + align - 1) // align * align
            mem[a] = (addr, bytearray(contents[a]))
            addr += len(contents[a])
        elif kind == ADD_POINTER:
            off, size = struct.unpack_from("<I", cmd, 116)[0], cmd[120]
            data = mem[a][1]
            value = int.from_bytes(data[off:off + size], "little") + mem[b][0]
            data[off:off + size] = value.to_bytes(size, "little")
        elif kind == ADD_CHECKSUM:
            res, start, length = struct.unpack_from("<III", cmd, 60)
            data = mem[a][1]
            data[res] = (data[res] - sum(data[start:start + length])) & 0xFF
    return mem


def acpi_input(mem):
    rsdp_addr = next(addr + data.find(b"RSD PTR ") for addr, data in mem.values() if b"RSD PTR " in data)
    out = struct.pack("<Q", rsdp_addr)
    for addr, data in mem.values():
        out += struct.pack("<QI", addr, len(data)) + bytes(data)
    return out


def first(script, kind):
    return next(off for off in range(0, len(script), CMD_SIZE)
                if struct.unpack_from("<I", script, off)[0] == kind)


def loader_regressions(script, directory, pool, contents):
    """One broken field per known bug class, as {file name: input}."""
    sizes = {n: s for n, s, _ in parse_dir(directory)}
    out = {}

    def patched(fmt, rel, value, s=script):
        s = bytearray(s)
        struct.pack_into(fmt, s, rel, value)
        return bytes(s)

    ptr = first(script, ADD_POINTER)
    dest, src, size = cstr(script[ptr + 4:ptr + 60]), cstr(script[ptr + 60:ptr + 116]), script[ptr + 120]
    out["add-pointer-offset-out-of-range"] = pack_loader(
        patched("<I", ptr + 116, sizes[dest] - size + 1), directory, pool)

    # the pointer already stored in dest: one past the end of src
    off = struct.unpack_from("<I", script, ptr + 116)[0]
    start = 0
    for kind, cmd in commands(script):
        if kind == ALLOCATE:
            if cstr(cmd[4:60]) == dest:
                break
            start += len(contents[cstr(cmd[4:60])])
    bad_pool = bytearray(pool)
    bad_pool[start + off:start + off + size] = sizes[src].to_bytes(size, "little")
    out["pointer-value-beyond-src"] = pack_loader(script, directory, bytes(bad_pool))

    ck = first(script, ADD_CHECKSUM)
    ck_file, ck_start = cstr(script[ck + 4:ck + 60]), struct.unpack_from("<I", script, ck + 64)[0]
    out["add-checksum-range-out-of-blob"] = pack_loader(
        patched("<I", ck + 68, sizes[ck_file] - ck_start + 1), directory, pool)

    al = first(script, ALLOCATE)
    out["duplicate-allocate"] = pack_loader(
        script[:al + CMD_SIZE] + script[al:al + CMD_SIZE] + script[al + CMD_SIZE:], directory, pool)
    unterminated = bytearray(script)
    name = cstr(script[al + 4:al + 60]).encode()
    unterminated[al + 4:al + 60] = (name * 56)[:56]
    out["unterminated-file-name"] = pack_loader(bytes(unterminated), directory, pool)
    out["alignment-above-page"] = pack_loader(patched("<I", al + 60, 8192), directory, pool)

    wp = first(script, WRITE_POINTER)
    wp_dest, wp_size = cstr(script[wp + 4:wp + 60]), script[wp + 124]
    out["write-pointer-out-of-range"] = pack_loader(
        patched("<I", wp + 116, sizes[wp_dest] - wp_size + 1), directory, pool)
    return out


def smbios_input(anchor, tables):
    return bytes([len(anchor)]) + anchor + tables


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_regressions(corpora, blobs, script, directory, pool, contents):
    for reg, data in loader_regressions(script, directory, pool, contents).items():
        write(f"{corpora}/table_loader/regressions/{reg}.bin", data)
    directory_blob = bytearray(blobs["fw_cfg_dir"])
    struct.pack_into(">I", directory_blob, 0, struct.unpack_from(">I", directory_blob, 0)[0] + 1)
    write(f"{corpora}/fwcfg_dir/regressions/count-larger-than-blob.bin", bytes(directory_blob))
    # the first structure's string set cut before its second NUL
    tables = blobs["etc/smbios/smbios-tables"]
    cut = tables.index(b"\0\0", tables[1])
    write(f"{corpora}/smbios/regressions/string-set-unterminated.bin",
          smbios_input(blobs["etc/smbios/smbios-anchor"], tables[:cut + 1]))


def main(capture_dir, corpora):
    regressions_done = False
    for capture in sorted(os.listdir(capture_dir)):
        name = capture.rsplit(".", 1)[0]
        blobs = parse_capture(os.path.join(capture_dir, capture))
        write(f"{corpora}/fwcfg_dir/{name}.bin", blobs["fw_cfg_dir"])
        anchor, tables = blobs["etc/smbios/smbios-anchor"], blobs["etc/smbios/smbios-tables"]
        write(f"{corpora}/smbios/{name}.bin", smbios_input(anchor, tables))
        if "etc/table-loader" not in blobs:
            continue
        script, directory, pool, contents = loader_input(blobs)
        write(f"{corpora}/table_loader/{name}.bin", pack_loader(script, directory, pool))
        write(f"{corpora}/acpi/{name}.bin", acpi_input(execute(script, contents)))
        if not regressions_done and any(kind == WRITE_POINTER for kind, _ in commands(script)):
            # every ops call succeeds, every blob lands above 4 GiB (harness mode 2)
            write(f"{corpora}/table_loader/{name}-above-4g.bin",
                  pack_loader(script, directory, pool, bytes([2 << 1]) * 64))
            write_regressions(corpora, blobs, script, directory, pool, contents)
            regressions_done = True
    if not regressions_done:
        sys.exit("no capture has a WRITE_POINTER: add a ras=on variant")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
