"""What the firmware leaves behind, read from a kernel log booted with efi=debug.

The kernel prints each EFI memory descriptor as
  efi:   0x000040000000-0x000043ffffff [Conventional|   |...|WB|  |  |  ]
and RUN in the attribute column for EFI_MEMORY_RUNTIME regions.
"""

import re

DESCRIPTOR = re.compile(
    r"efi:\s+0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+) \[([^|\]]+)\|([^\]]*)\]")
# Memory the OS may take over once ExitBootServices() has returned.
RECLAIMED_TYPES = {"Conventional", "Loader Code", "Loader Data",
                   "Boot Code", "Boot Data"}
# Descriptors that describe device space, not RAM.
NOT_RAM_TYPES = {"MMIO", "MMIO Port"}
FWCFG_STATS = re.compile(r"efilite: fw_cfg: (\d+) DMA transfers, (\d+) bytes")


def descriptors(lines):
    """[(type, start, size, runtime)] in log order."""
    found = []
    for text in lines:
        match = DESCRIPTOR.search(text)
        if not match:
            continue
        start, end = int(match.group(1), 16), int(match.group(2), 16)
        attributes = [a.strip() for a in match.group(4).split("|")]
        found.append((match.group(3).strip(), start, end - start + 1,
                      "RUN" in attributes))
    return found


def firmware_footprint(lines):
    """Bytes of RAM the firmware keeps after ExitBootServices, or None.

    kept: every RAM descriptor the OS may not reclaim (runtime, reserved,
    ACPI, ...); runtime: RAM descriptors with EFI_MEMORY_RUNTIME; by_type:
    kept bytes per descriptor type.
    """
    found = descriptors(lines)
    if not found:
        return None
    ram = [d for d in found if d[0] not in NOT_RAM_TYPES]
    kept = [d for d in ram if d[0] not in RECLAIMED_TYPES]
    by_type = {}
    for kind, _, size, _ in kept:
        by_type[kind] = by_type.get(kind, 0) + size
    return {
        "kept_bytes": sum(d[2] for d in kept),
        "runtime_bytes": sum(d[2] for d in ram if d[3]),
        "runtime_regions": sum(1 for d in ram if d[3]),
        "runtime_mmio_regions": sum(1 for d in found
                                    if d[3] and d[0] in NOT_RAM_TYPES),
        "kept_by_type": by_type,
        "descriptors": len(found),
    }


def fwcfg_dma_stats(lines):
    """{"transfers": N, "bytes": M} from efilite's debug log, or None.

    efilite prints running totals more than once; the last one counts all."""
    found = None
    for text in lines:
        match = FWCFG_STATS.search(text)
        if match:
            found = {"transfers": int(match.group(1)), "bytes": int(match.group(2))}
    return found
