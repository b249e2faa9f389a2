/*
 * SetVirtualAddressMap()'s arithmetic as a pure, runtime-callable module:
 * the map's shape check and physical -> virtual translation through its
 * EFI_MEMORY_RUNTIME descriptors. The map is the OS's: descriptors are
 * desc_size apart (possibly larger than ours) and read byte-wise.
 */
#ifndef EFILITE_EFI_VIRTMAP_H
#define EFILITE_EFI_VIRTMAP_H
#include <stdint.h>

#include "firmware/efi/efi.h"

/* EFI_INVALID_PARAMETER unless map is non-NULL with whole descriptors of version 1. */
efi_status_t virtmap_check(uint64_t map_size, uint64_t desc_size, uint32_t desc_version,
			   const void *map);
/* *addr inside a runtime descriptor -> its virtual address; else EFI_NOT_FOUND. */
efi_status_t virtmap_translate(const void *map, uint64_t map_size, uint64_t desc_size,
			       uint64_t *addr);
#endif
