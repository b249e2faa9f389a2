/*
 * The EFI core over host memory for host tests: the memory map, pool,
 * protocol database and boot services table set up the way efi_init() does,
 * without the firmware's reservations, runtime services and drivers.
 */
#ifndef EFILITE_EFI_TESTS_HOST_CORE_H
#define EFILITE_EFI_TESTS_HOST_CORE_H
#include <stddef.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

/*
 * RAM is [base, base + size); the map starts in `first` (max descriptors)
 * and then grows into RAM. EFI_SUCCESS or memmap_add_ram()'s status.
 */
efi_status_t host_core_init(efi_memory_descriptor_t *first, size_t max, uint64_t base,
			    uint64_t size);
#endif
