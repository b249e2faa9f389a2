/* The EFI core over host memory (see host_core.h). */
#include "firmware/efi/tests/host_core.h"

#include "firmware/efi/core.h"
#include "firmware/efi/nx_compat.h"

efi_status_t host_core_init(efi_memory_descriptor_t *first, size_t max, uint64_t base,
			    uint64_t size)
{
	efi_status_t status;

	memmap_init(&efi_memmap, first, max);
	status = memmap_add_ram(&efi_memmap, base, size);
	if (status != EFI_SUCCESS)
		return status;
	memmap_grow_from_ram(&efi_memmap);
	pool_init(&efi_pool, &efi_memmap, efi_pool_hooks());
	db_init(&efi_db);
	efi_boot_services_init();
	return EFI_SUCCESS;
}
