/*
 * What the production image loader (image.c) needs from the rest of the
 * firmware, for host tests that link it: the linker's image bounds, the
 * system table, a seeded RNG (the same random places on every run) and
 * image entry. A host cannot run arm64 code: a started image "runs" and
 * returns at once, once its entry is seen to lie in its image.
 */
#include "firmware/efi/tests/image_host_stubs.h"

#include <stdlib.h>

#include "firmware/efi/core.h"
#include "firmware/platform/rng.h"

char __image_start[1], __image_end[1];
unsigned image_stub_starts;
static efi_system_table_t system_table;
static uint64_t rng_state = 0x243f6a8885a308d3ull;

efi_system_table_t *efi_system_table(void)
{
	return &system_table;
}

/* xorshift64 */
bool rng_read(void *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		rng_state ^= rng_state << 13;
		rng_state ^= rng_state >> 7;
		rng_state ^= rng_state << 17;
		((uint8_t *)buf)[i] = (uint8_t)rng_state;
	}
	return true;
}

struct efi_image_ctx;

efi_status_t efi_enter_image(uint64_t entry, efi_handle_t handle, efi_system_table_t *st,
			     struct efi_image_ctx *ctx)
{
	efi_loaded_image_t *li = NULL;

	(void)ctx;
	image_stub_starts++;
	if (st != &system_table ||
	    db_get(&efi_db, handle, &efi_loaded_image_protocol_guid, (void **)&li) != EFI_SUCCESS)
		return EFI_LOAD_ERROR;
	if (entry < (uint64_t)(uintptr_t)li->image_base ||
	    entry >= (uint64_t)(uintptr_t)li->image_base + li->image_size)
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}

_Noreturn void efi_leave_image(struct efi_image_ctx *ctx, efi_status_t status)
{
	(void)ctx;
	(void)status;
	abort(); /* only Exit() from a running image gets here: none runs */
}
