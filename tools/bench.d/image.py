"""The efilite -bios image against its flash budget, and what its first
stage (expanding the compressed image into RAM) costs at boot.

The image is the first stage, a 16-byte header at a 16-byte aligned offset
(firmware/stage1/packed.h: "EFLZ", LZ4 block size, RAM image size, Adler-32)
and the LZ4 block, which ends the file. The firmware logs, at the debug log
level, the CNTVCT_EL0 time from reset to the end of the first stage.
"""

import re
import statistics
import struct

BUDGET = 128 * 1024  # firmware/defs.bzl FLASH_BUDGET
PACKED_MAGIC = b"EFLZ"
FIRST_STAGE = re.compile(r"efilite: first stage: (\d+)-byte image expanded, (\d+) us from reset")
NO_KERNEL_LOG = ["-fw_cfg", "name=opt/org.efilite/log-level,string=debug"]


def layout(data):
    """{"bytes", "first_stage", "compressed", "uncompressed", "budget",
    "headroom"} of a packed image's bytes, or None if it is not one."""
    for offset in range(0, len(data) - 16 + 1, 16):
        if data[offset:offset + 4] != PACKED_MAGIC:
            continue
        block, image, _ = struct.unpack_from("<III", data, offset + 4)
        if offset + 16 + block == len(data):
            return {"bytes": len(data), "first_stage": offset, "compressed": block,
                    "uncompressed": image, "budget": BUDGET,
                    "headroom": BUDGET - len(data)}
    return None


def describe(info, size):
    if info is None:
        return "efilite image: %s (not a compressed image)" % (
            "%d bytes" % size if size else "n/a")
    return ("efilite image: %d bytes of the %d-byte (128 KiB) budget, %d bytes headroom "
            "(%s); first stage %d, LZ4 block %d, uncompressed RAM image %d" % (
                info["bytes"], info["budget"], info["headroom"],
                "within" if info["headroom"] >= 0 else "OVER BUDGET",
                info["first_stage"], info["compressed"], info["uncompressed"]))


def first_stage_us(texts):
    """The first stage's time in microseconds from one boot's serial lines."""
    for text in texts:
        match = FIRST_STAGE.search(text)
        if match:
            return int(match.group(2))
    return None


def first_stage_rounds(qemu, machine, bios, rounds, run):
    """Boots the image rounds times without a kernel (it stops at 'no kernel'
    after logging its platform) and collects the first stage's time;
    run(argv) is qemu_boot.run. {"min", "median", "n", "us": [...]} or None."""
    times = []
    for _ in range(rounds):
        boot = run([qemu] + machine + ["-bios", bios] + NO_KERNEL_LOG)
        us = first_stage_us(text for _, text in boot.lines)
        if us is not None:
            times.append(us)
    if not times:
        return None
    return {"min": min(times), "median": statistics.median(times), "n": len(times),
            "us": times}


def describe_first_stage(result, rounds):
    if result is None:
        return "efilite first stage (expand the image): n/a (no 'first stage' line)"
    return ("efilite first stage (expand the image, from reset): min %.2f ms, "
            "median %.2f ms over %d of %d boots" % (
                result["min"] / 1000, result["median"] / 1000, result["n"], rounds))
