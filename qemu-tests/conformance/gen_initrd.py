#!/usr/bin/env python3
"""Writes the test initrd described in initrd_pattern.h to the path in argv[1]."""
import sys

SIZE = 1048699  # INITRD_SIZE


def byte(i):
    return ((i * 131 + 7) ^ (i >> 9)) & 0xFF


with open(sys.argv[1], "wb") as out:
    out.write(bytes(byte(i) for i in range(SIZE)))
