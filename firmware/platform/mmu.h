/*
 * Page tables. start.S runs on preliminary tables in flash (ASID 0). mmu_init()
 * builds the RAM tables from the DT memory regions and switches to them (ASID 1);
 * all mappings are non-global and SCTLR.WXN is set, so writable is never executable.
 */
#ifndef EFILITE_PLATFORM_MMU_H
#define EFILITE_PLATFORM_MMU_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Attribute bits, EFI encoding (EFI_MEMORY_RP/XP/RO) so the Memory Attribute protocol passes them through. */
#define MMU_ATTR_RP 0x0000000000002000ull
#define MMU_ATTR_XP 0x0000000000004000ull
#define MMU_ATTR_RO 0x0000000000020000ull
/*
 * Not an EFI attribute (a bit of the ISA-specific range): executable pages
 * guarded for BTI, for loaded images built with BTI landing pads. The Memory
 * Attribute protocol neither reports nor changes it; it keeps it.
 */
#define MMU_ATTR_GP 0x0000100000000000ull

struct mmu_region { uint64_t base, size; };

/*
 * Maps DRAM (normal, XP; regions trimmed to whole pages, all at or above
 * DRAM_BASE), flash (code RO executable, the rest RO XP), the DTB window RO XP,
 * firmware RAM (runtime code RO executable, the rest XP, a guard page below
 * the stack) and switches to these tables; 0 or -1.
 */
int mmu_init(const struct mmu_region *ram, size_t count);
/*
 * Maps an MMIO range (rounded out to pages) Device-nGnRE, XP; -1 if it
 * overlaps normal memory. Before mmu_init() this prepares the tables it
 * switches to (the preliminary tables only map the boot PL011).
 */
int mmu_map_device(uint64_t base, uint64_t size);
/*
 * Sets exactly `attrs` (RP/XP/RO) on page-aligned, mapped RAM [base, base+size)
 * outside the firmware's own RAM; 0 or -1. Writable memory is never executable
 * (SCTLR.WXN, until mmu_allow_write_exec()): mmu_get_attributes() reports it
 * XP whatever was set.
 */
int mmu_set_attributes(uint64_t base, uint64_t size, uint64_t attrs);
/* Attributes of the range, or -1 (as uint64) if not uniform / not mapped. */
uint64_t mmu_get_attributes(uint64_t base, uint64_t size);
/*
 * Whether the CPU may load and store anywhere in [base, base + size): all of
 * it mapped normal memory, not read-only or read-protected. Rounded out to
 * pages; false for a range that is not all mapped, or any device memory.
 */
bool mmu_ram_writable(uint64_t base, uint64_t size);
/* 1 << the CPU's physical address bits (ID_AA64MMFR0_EL1.PARange, at most 48). */
uint64_t mmu_pa_limit(void);
/*
 * Clears SCTLR.WXN for good (the NX compatibility mode for images built
 * before NX_COMPAT): writable pages mapped without XP become executable.
 * Every mapping the firmware makes for itself or for free RAM stays XP.
 */
void mmu_allow_write_exec(void);
/* Page-table pool pages in use and available in total. */
void mmu_pool_usage(size_t *used, size_t *total);
/* Makes freshly written code visible to instruction fetch. */
void cache_sync_code(const void *p, size_t size);
#endif
