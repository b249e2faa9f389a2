/*
 * AllocatePool/FreePool on top of the memory map: small blocks come from
 * per-memory-type chunks with power-of-two free lists (so a UEFI application's
 * many small allocations do not fragment the memory map), large ones are
 * whole pages. Pure: the memory map is passed in, host tests use host RAM.
 */
#ifndef EFILITE_EFI_POOL_H
#define EFILITE_EFI_POOL_H
#include <stdint.h>

#include "firmware/efi/efi.h"
#include "firmware/efi/memmap.h"

#define POOL_CLASSES 7       /* 32 .. 2048-byte blocks, header included */
#define POOL_TYPES 8         /* memory types with their own chunks */
#define POOL_CHUNK_PAGES 16

struct pool_type {
	uint32_t memory_type;
	uint8_t *chunk;
	uint64_t chunk_left;
	void *free[POOL_CLASSES];
};

struct pool {
	struct memmap *map;
	uint32_t types_used;
	struct pool_type types[POOL_TYPES];
};

void pool_init(struct pool *p, struct memmap *map);
/* Buffers are 16-byte aligned. Invalid type -> EFI_INVALID_PARAMETER. */
efi_status_t pool_alloc(struct pool *p, uint32_t memory_type, uint64_t size, void **buffer);
/* Pointers not from pool_alloc, or freed twice -> EFI_INVALID_PARAMETER. */
efi_status_t pool_free(struct pool *p, void *buffer);
#endif
