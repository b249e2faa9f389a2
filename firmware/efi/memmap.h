/*
 * The EFI memory map as a pure data structure over a caller-provided
 * descriptor array: no MMIO, no globals, so host tests drive it directly.
 *
 * Invariants kept by every operation (checked by memmap_valid()):
 *   descriptors sorted by physical_start, non-empty, non-overlapping,
 *   page-granular, and no two adjacent descriptors with identical type,
 *   attributes and pinning that touch (they are always coalesced).
 * Every successful change bumps the map key that ExitBootServices compares.
 */
#ifndef EFILITE_EFI_MEMMAP_H
#define EFILITE_EFI_MEMMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

/* Capabilities reported for DRAM; allocations inherit them. */
#define MEMMAP_RAM_ATTRIBUTES (EFI_MEMORY_UC | EFI_MEMORY_WC | EFI_MEMORY_WT | EFI_MEMORY_WB)

struct memmap {
	efi_memory_descriptor_t *desc;
	size_t count, max;
	uint64_t key;
	bool grows, growing, owns_storage;
};

/* Free descriptor slots a growing map keeps after every change (a change adds at most two). */
#define MEMMAP_SPARE 4

void memmap_init(struct memmap *m, efi_memory_descriptor_t *storage, size_t max);
/*
 * From now on, whenever fewer than MEMMAP_SPARE slots are left, the map moves
 * its descriptors to an array twice the size that it allocates from its own
 * free RAM (EfiBootServicesData, pinned), and gives back the previous one if
 * it had allocated that too. Its addresses must be usable as pointers
 * (identity-mapped RAM; host memory in tests). If no RAM is left it stays
 * as it is, and a change that needs more slots than it has is refused.
 */
void memmap_grow_from_ram(struct memmap *m);
/* New conventional RAM (rounded inward to pages); must not overlap existing entries. */
efi_status_t memmap_add_ram(struct memmap *m, uint64_t base, uint64_t size);
/* A non-RAM range such as runtime MMIO (rounded outward); must not overlap. */
efi_status_t memmap_add_mmio(struct memmap *m, uint64_t base, uint64_t size, uint64_t attributes);
/*
 * Firmware-owned RAM (rounded outward): retypes whatever RAM is there, adds
 * EFI_MEMORY_RUNTIME for runtime types, and pins it so FreePages refuses it.
 */
efi_status_t memmap_reserve(struct memmap *m, uint64_t base, uint64_t size, uint32_t type);
/*
 * AllocatePages semantics. *addr is the maximum address (inclusive) for
 * EFI_ALLOCATE_MAX_ADDRESS, the exact base for EFI_ALLOCATE_ADDRESS, and the
 * result on success. align: power of two >= EFI_PAGE_SIZE. Searches top-down.
 */
efi_status_t memmap_allocate(struct memmap *m, uint32_t alloc_type, uint32_t memory_type,
			     uint64_t pages, uint64_t align, uint64_t *addr);
/*
 * AllocatePages(AnyPages) at a random place: the seed picks one of all the
 * align-aligned bases where pages fit in free RAM, each (nearly) equally
 * likely. For loaders that randomize an image's physical address (KASLR).
 */
efi_status_t memmap_allocate_random(struct memmap *m, uint32_t memory_type, uint64_t pages,
				    uint64_t align, uint64_t seed, uint64_t *addr);
/* FreePages semantics: the whole range must be allocated, unpinned RAM. */
efi_status_t memmap_free(struct memmap *m, uint64_t base, uint64_t pages);
/* GetMemoryMap semantics, including EFI_BUFFER_TOO_SMALL with the size needed. */
efi_status_t memmap_get(const struct memmap *m, uint64_t *map_size, efi_memory_descriptor_t *map,
			uint64_t *map_key, uint64_t *desc_size, uint32_t *desc_version);
/* True if [base, base+size) is wholly allocated (not free, not firmware-pinned) RAM. */
bool memmap_allocated(const struct memmap *m, uint64_t base, uint64_t size);
/* Type of the page containing addr, or EFI_MAX_MEMORY_TYPE if unmapped. */
uint32_t memmap_type_at(const struct memmap *m, uint64_t addr);
/* True if the invariants above hold (for tests and debug checks). */
bool memmap_valid(const struct memmap *m);
/* True if memory_type may be passed to AllocatePages/AllocatePool. */
bool memmap_type_allocatable(uint32_t memory_type);
#endif
