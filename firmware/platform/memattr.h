/*
 * The rules of mmu.h on top of pagetable.c, without touching the CPU (host
 * unit tested): EFI attribute bits <-> descriptors, what may be mapped or
 * changed where.
 */
#ifndef EFILITE_PLATFORM_MEMATTR_H
#define EFILITE_PLATFORM_MEMATTR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/platform/mmu.h"
#include "firmware/platform/pagetable.h"

/* Normal-memory leaf attributes for MMU_ATTR_* bits. */
uint64_t memattr_to_pte(uint64_t attrs);
/* MMU_ATTR_* bits of a leaf; with wxn (SCTLR.WXN set) writable is execute-never. */
uint64_t memattr_from_pte(uint64_t pte, bool wxn);

/* [base, base + size) rounded out to pages, Device-nGnRE; -1 over normal memory. */
int memattr_map_device(struct page_tables *pt, uint64_t base, uint64_t size);
/*
 * DRAM regions trimmed to whole pages, normal RW XP. -1 for a region below
 * DRAM_BASE (flash and MMIO live there), reaching past pa_limit, or over a
 * device mapping.
 */
int memattr_map_ram(struct page_tables *pt, const struct mmu_region *ram, size_t count,
		    uint64_t pa_limit);
/*
 * mmu_set_attributes(): page-aligned, at or above DRAM_BASE, outside
 * [protected_start, protected_end), all of it mapped normal memory.
 */
int memattr_set(struct page_tables *pt, uint64_t base, uint64_t size, uint64_t attrs,
		uint64_t protected_start, uint64_t protected_end);
/* mmu_get_attributes(): UINT64_MAX unless mapped with uniform attributes. */
uint64_t memattr_get(const struct page_tables *pt, uint64_t base, uint64_t size, bool wxn);
/* mmu_ram_writable(): page-aligned, all of it normal memory the CPU may read and write. */
bool memattr_writable(const struct page_tables *pt, uint64_t base, uint64_t size);
#endif
