/*
 * AllocatePool/FreePool on top of the memory map: small blocks come from
 * per-memory-type chunks with power-of-two free lists (so a UEFI application's
 * many small allocations do not fragment the memory map), large ones are
 * whole pages. Pure: the memory map is passed in, host tests use host RAM.
 *
 * The firmware's page attributes come in through hooks: blocks that must be
 * executable (the NX compatibility mode) come from chunks of their own, and a
 * large block's pages get their attributes reset before they are freed, as
 * FreePages does.
 */
#ifndef EFILITE_EFI_POOL_H
#define EFILITE_EFI_POOL_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/efi/efi.h"
#include "firmware/efi/memmap.h"

#define POOL_CLASSES 7       /* 32 .. 2048-byte blocks, header included */
#define POOL_TYPES 8         /* memory types (executable or not) with their own chunks */
#define POOL_CHUNK_PAGES 16

struct pool_type {
	uint32_t memory_type;
	bool executable;
	uint8_t *chunk;
	uint64_t chunk_left;
	void *free[POOL_CLASSES];
};

/* Any member may be NULL: nothing is executable, nothing needs a reset. */
struct pool_hooks {
	/* True if blocks of memory_type handed out now must be executable. */
	bool (*executable)(uint32_t memory_type);
	/* Makes fresh pages executable; EFI_SUCCESS or why not. */
	efi_status_t (*make_executable)(uint64_t base, uint64_t pages);
	/*
	 * Gives pages the attributes of free memory before they are freed; false
	 * if it could not, and has kept them out of free memory itself.
	 */
	bool (*reset)(uint64_t base, uint64_t pages);
};

struct pool {
	struct memmap *map;
	struct pool_hooks hooks;
	uint32_t types_used;
	struct pool_type types[POOL_TYPES];
};

void pool_init(struct pool *p, struct memmap *map, struct pool_hooks hooks);
/*
 * Buffers are 16-byte aligned. Invalid type -> EFI_INVALID_PARAMETER; no
 * memory, or make_executable() failed -> its status.
 */
efi_status_t pool_alloc(struct pool *p, uint32_t memory_type, uint64_t size, void **buffer);
/*
 * Pointers not from pool_alloc, or freed twice -> EFI_INVALID_PARAMETER.
 * A large block whose reset() fails is left to what reset() did with its
 * pages, and the free succeeds (FreePool has no other status for it).
 */
efi_status_t pool_free(struct pool *p, void *buffer);
#endif
