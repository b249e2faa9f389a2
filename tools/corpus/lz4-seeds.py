#!/usr/bin/env python3
"""Seeds for //fuzz/lz4:lz4_fuzz: LZ4 blocks made the way the firmware image
is (firmware/stage1/pack.py: the lz4 CLI at -12, unwrapped from its frame),
each after the 2-byte little-endian destination size the harness reads.
Inputs: text and an AArch64-like instruction stream (both generated from a
fixed seed, so the corpus is reproducible), runs and an incompressible buffer
(stored as literals), a block given one byte less room than it needs, and
named rule breakers.
Usage: tools/corpus/lz4-seeds.py [OUTDIR]   (default corpora/lz4)
"""
import os
import random
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "firmware", "stage1"))
import pack  # noqa: E402

out = sys.argv[1] if len(sys.argv) > 1 else "corpora/lz4"
os.makedirs(os.path.join(out, "regressions"), exist_ok=True)


def seed(name, data, room=None):
    block = pack.lz4_block(data)
    cap = len(data) if room is None else room
    with open(os.path.join(out, name), "wb") as f:
        f.write(struct.pack("<H", cap) + block)


rng = random.Random(1)
words = (b"efilite firmware image flash stage expands the into RAM page tables code "
         b"data error power off boot kernel block literal match offset length").split()
text = b" ".join(rng.choice(words) for _ in range(1500))[:8192]
seed("text-8k", text)
seed("text-8k-short-by-one", text, len(text) - 1)
# movz/movk/bl-like words with repeats, as code has
words = [0xD2800000 | rng.randrange(1 << 21) for _ in range(64)]
code = b"".join(struct.pack("<I", rng.choice(words)) for _ in range(4096))
seed("code-16k", code)
seed("zeros-4k", bytes(4096))
seed("zeros-60k", bytes(60000))
seed("pattern-abc", b"abc" * 1000)
seed("random-2k", bytes(rng.randrange(256) for _ in range(2048)))
seed("one-byte", b"x")
seed("empty", b"")

# Named rule breakers (parsers/lz4/lz4.c), destination size first.
regressions = {
    "no-token": b"",
    "length-truncated": b"\xf0\xff",
    "match-length-truncated": b"\x1fa\x01\x00",
    "literals-truncated": b"\x50hel",
    "offset-truncated": b"\x10a\x01",
    "offset-zero": b"\x10a\x00\x00\x00",
    "offset-before-start": b"\x10a\x02\x00\x00",
    "ends-in-match": b"\x14a\x01\x00",
    "match-length-saturates": b"\x1fa\x01\x00" + b"\xff" * 600 + b"\x00\x00",
}
for name, block in regressions.items():
    with open(os.path.join(out, "regressions", name), "wb") as f:
        f.write(struct.pack("<H", 4096) + block)
