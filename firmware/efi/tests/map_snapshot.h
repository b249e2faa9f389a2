/*
 * Snapshots of the memory map and the page tables in use, for host tests
 * that must leave both as they found them (over host_core.h and host_mmu.h).
 */
#ifndef EFILITE_EFI_TESTS_MAP_SNAPSHOT_H
#define EFILITE_EFI_TESTS_MAP_SNAPSHOT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

#define MAP_SNAPSHOT_MAX 4096

struct map_snapshot {
	uint64_t count, free_pages;
	size_t max;           /* descriptor slots */
	uint64_t array_pages; /* the pages the map took for its descriptors */
	size_t tables;        /* page tables in use (host_mmu.c) */
	efi_memory_descriptor_t desc[MAP_SNAPSHOT_MAX];
};

/* GetMemoryMap() and the page tables now; false if GetMemoryMap() fails. */
bool map_snapshot_take(struct map_snapshot *s);

/*
 * The same map, descriptor for descriptor; if the map grew its descriptor
 * array in between (a high-water mark it keeps), the same pages in use
 * besides that array.
 */
bool map_snapshot_same(const struct map_snapshot *a, const struct map_snapshot *b);
#endif
