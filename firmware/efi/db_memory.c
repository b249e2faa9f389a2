/*
 * The protocol database's memory (core.h): its handles, open records and
 * connect's longer lists grow from boot services pool memory. A failure is
 * named here, as the pure database cannot log; the handle or open record it
 * would have held is refused (EFI_OUT_OF_RESOURCES), and the caller says
 * what is lost.
 */
#include "firmware/efi/core.h"
#include "firmware/platform/log.h"

static void *grow(size_t bytes, const char *what)
{
	void *block;

	if (pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, bytes, &block) == EFI_SUCCESS)
		return block;
	log_info("EFI: out of memory for %s (%zu bytes)", what, bytes);
	return NULL;
}

static void give_back(void *block)
{
	pool_free(&efi_pool, block);
}

void efi_db_memory_init(void)
{
	efi_db.alloc = grow;
	efi_db.free = give_back;
}
