/* Memory map snapshots (see map_snapshot.h). */
#include "firmware/efi/tests/map_snapshot.h"

#include <string.h>

#include "firmware/efi/core.h"
#include "firmware/efi/tests/host_mmu.h"

bool map_snapshot_take(struct map_snapshot *s)
{
	uint64_t size = sizeof(s->desc), key, dsize;
	uint32_t version;

	if (efi_boot_services.get_memory_map(&size, s->desc, &key, &dsize, &version) != EFI_SUCCESS)
		return false;
	s->count = size / sizeof(s->desc[0]);
	s->max = efi_memmap.max;
	s->array_pages = efi_memmap.owns_storage
				 ? (efi_memmap.max * sizeof(s->desc[0]) + EFI_PAGE_SIZE - 1) / EFI_PAGE_SIZE
				 : 0;
	s->tables = host_mmu_tables();
	s->free_pages = 0;
	for (uint64_t i = 0; i < s->count; i++)
		if (s->desc[i].type == EFI_CONVENTIONAL_MEMORY)
			s->free_pages += s->desc[i].number_of_pages;
	return true;
}

bool map_snapshot_same(const struct map_snapshot *a, const struct map_snapshot *b)
{
	if (a->tables != b->tables)
		return false;
	if (a->max != b->max)
		return a->free_pages + a->array_pages == b->free_pages + b->array_pages;
	return a->count == b->count && a->free_pages == b->free_pages &&
	       memcmp(a->desc, b->desc, a->count * sizeof(a->desc[0])) == 0;
}
