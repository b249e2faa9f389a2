#!/usr/bin/env python3
"""Writes the disk image of disk_pattern.h: word i is disk_word(i), little-endian."""
import array
import sys

DISK_BYTES = 28 << 20
MASK = (1 << 64) - 1


def main():
    words = array.array("Q", ((i * 0x9E3779B97F4A7C15 & MASK) ^ 0xD1B54A32D192ED03
                              for i in range(DISK_BYTES // 8)))
    if sys.byteorder != "little":
        words.byteswap()
    with open(sys.argv[1], "wb") as f:
        words.tofile(f)


if __name__ == "__main__":
    main()
