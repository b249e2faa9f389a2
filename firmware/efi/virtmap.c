/*
 * Rule -> status:
 *   map NULL, desc_size smaller than a descriptor or not a multiple of 8,
 *   version other than 1, map_size not a whole number of descriptors -> EFI_INVALID_PARAMETER
 *   address outside every EFI_MEMORY_RUNTIME descriptor               -> EFI_NOT_FOUND
 */
#include "firmware/efi/virtmap.h"
#include "firmware/efi/rt.h"

RUNTIME_CODE efi_status_t virtmap_check(uint64_t map_size, uint64_t desc_size,
					uint32_t desc_version, const void *map)
{
	if (!map || desc_size < sizeof(efi_memory_descriptor_t) || (desc_size & 7) ||
	    desc_version != EFI_MEMORY_DESCRIPTOR_VERSION || map_size % desc_size)
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}

RUNTIME_CODE efi_status_t virtmap_translate(const void *map, uint64_t map_size,
					    uint64_t desc_size, uint64_t *addr)
{
	const uint8_t *bytes = map;

	for (uint64_t off = 0; off + desc_size <= map_size; off += desc_size) {
		efi_memory_descriptor_t d;
		uint64_t offset;

		rt_memmove(&d, bytes + off, sizeof(d));
		if (!(d.attribute & EFI_MEMORY_RUNTIME) || *addr < d.physical_start)
			continue;
		offset = *addr - d.physical_start;
		if (d.number_of_pages > (UINT64_MAX >> EFI_PAGE_SHIFT) ||
		    offset >= d.number_of_pages << EFI_PAGE_SHIFT)
			continue;
		*addr = d.virtual_start + offset;
		return EFI_SUCCESS;
	}
	return EFI_NOT_FOUND;
}
