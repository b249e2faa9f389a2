#!/usr/bin/env python3
"""Packs the -bios image: the first stage, then the firmware's RAM image as
one LZ4 block (compressed by Debian's lz4 CLI at -12, taken out of its frame)
behind a 16-byte header (packed.h: magic, block size, image size, Adler-32
of the block). Fails when the result is larger than --limit bytes.

  pack.py --stage1 STAGE1.bin --image RAM.bin --out OUT.bin [--limit N] [--sizes FILE]
"""
import argparse
import struct
import subprocess
import sys
import zlib

PACKED_MAGIC = 0x5A4C4645  # "EFLZ"
FRAME_MAGIC = 0x184D2204


def lz4_block(data):
    """data as one LZ4 block: the lz4 CLI's frame with 4 MiB blocks, unwrapped."""
    run = subprocess.run(
        ["lz4", "-12", "-B7", "--no-frame-crc", "-c"],
        input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if run.returncode != 0:
        sys.exit("pack.py: lz4 failed: " + run.stderr.decode(errors="replace"))
    frame = run.stdout
    magic, flg, _bd = struct.unpack_from("<IBB", frame, 0)
    if magic != FRAME_MAGIC or flg >> 6 != 1:
        sys.exit("pack.py: lz4 wrote no LZ4 frame (version 01)")
    pos = 6 + (8 if flg & 0x08 else 0) + (4 if flg & 0x01 else 0) + 1  # sizes, dict id, HC
    size = struct.unpack_from("<I", frame, pos)[0]
    if size == 0:  # no data: the end mark right away
        return b"\x00"
    pos += 4
    block = frame[pos:pos + (size & 0x7FFFFFFF)]
    pos += len(block) + (4 if flg & 0x10 else 0)
    if struct.unpack_from("<I", frame, pos)[0] != 0:
        sys.exit("pack.py: the image needs more than one LZ4 block")
    if size & 0x80000000:  # stored: turn it into one run of literals
        block = literals_block(block)
    return block


def literals_block(data):
    n = len(data)
    if n < 15:
        return bytes([n << 4]) + data
    rest, out = n - 15, bytearray([0xF0])
    while rest >= 255:
        out.append(255)
        rest -= 255
    out.append(rest)
    return bytes(out) + data


def lz4_length(block, pos, n):
    """A token's 4-bit length n, extended by the bytes at pos when it is 15: (length, pos)."""
    if n == 15:
        while True:
            b = block[pos]
            pos += 1
            n += b
            if b != 255:
                break
    return n, pos


def lz4_decode(block):
    """A plain reference decoder: the packed block must give back the image."""
    out, pos = bytearray(), 0
    while True:
        token = block[pos]
        n, pos = lz4_length(block, pos + 1, token >> 4)
        out += block[pos:pos + n]
        pos += n
        if pos == len(block):
            return bytes(out)
        offset = block[pos] | block[pos + 1] << 8
        n, pos = lz4_length(block, pos + 2, token & 15)
        for _ in range(n + 4):
            out.append(out[-offset])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage1", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=0, help="largest packed size (0: none)")
    ap.add_argument("--sizes", help="writes 'NAME BYTES' lines: packed, image, stage1, limit")
    args = ap.parse_args()
    stage1 = open(args.stage1, "rb").read()
    image = open(args.image, "rb").read()
    if len(stage1) % 16:
        sys.exit("pack.py: the first stage must end 16-byte aligned (link.ld __payload)")
    block = lz4_block(image)
    if lz4_decode(block) != image:
        sys.exit("pack.py: the LZ4 block does not give back the image")
    header = struct.pack("<IIII", PACKED_MAGIC, len(block), len(image),
                         zlib.adler32(block) & 0xFFFFFFFF)
    packed = stage1 + header + block
    if args.limit and len(packed) > args.limit:
        sys.exit("pack.py: firmware image %d bytes, over its %d-byte budget "
                 "(first stage %d, compressed %d, uncompressed %d)"
                 % (len(packed), args.limit, len(stage1), len(block), len(image)))
    open(args.out, "wb").write(packed)
    if args.sizes:
        with open(args.sizes, "w") as f:
            f.write("packed %d\nimage %d\nstage1 %d\nlimit %d\n"
                    % (len(packed), len(image), len(stage1), args.limit))


if __name__ == "__main__":
    main()
