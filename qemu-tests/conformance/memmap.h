/* SPDX-License-Identifier: MIT */
#ifndef QEMU_TESTS_CONFORMANCE_MEMMAP_H
#define QEMU_TESTS_CONFORMANCE_MEMMAP_H

#include "qemu-tests/conformance/efi.h"

/* A memory map snapshot in a pool buffer owned by the caller. */
struct memmap {
	struct efi_memory_descriptor *buf;
	uint64_t capacity;
	uint64_t size;
	uint64_t key;
	uint64_t desc_size;
	uint32_t desc_version;
};

/* Allocates room for the current map plus headroom and reads it. */
efi_status_t memmap_get(struct memmap *map);
/* Re-reads the map into the existing buffer (no allocation, as after a failed ExitBootServices). */
efi_status_t memmap_refresh(struct memmap *map);
void memmap_free(struct memmap *map);

size_t memmap_count(const struct memmap *map);
struct efi_memory_descriptor *memmap_at(const struct memmap *map, size_t i);
/* The descriptor covering addr, or NULL. */
struct efi_memory_descriptor *memmap_find(const struct memmap *map, uint64_t addr);
/* The lowest conventional-memory descriptor with at least `pages` pages, or NULL. */
struct efi_memory_descriptor *memmap_free_range(const struct memmap *map, uint64_t pages);

#endif /* QEMU_TESTS_CONFORMANCE_MEMMAP_H */
