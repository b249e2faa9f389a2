/* SPDX-License-Identifier: MIT */
#include "qemu-tests/conformance/memmap.h"
#include "qemu-tests/conformance/test.h"

/* Allocating the buffer can itself split a descriptor or two. */
#define HEADROOM_DESCRIPTORS 8

efi_status_t memmap_get(struct memmap *map)
{
	efi_status_t status;

	map->buf = NULL;
	map->size = 0;
	map->desc_size = 0;
	status = env.bs->get_memory_map(&map->size, NULL, &map->key, &map->desc_size,
					&map->desc_version);
	/* A zero-sized buffer can never be enough: success here is a firmware bug. */
	if (status == EFI_SUCCESS)
		return EFI_BAD_BUFFER_SIZE;
	if (status != EFI_BUFFER_TOO_SMALL)
		return status;
	if (map->desc_size < sizeof(struct efi_memory_descriptor))
		return EFI_BAD_BUFFER_SIZE;
	map->capacity = map->size + HEADROOM_DESCRIPTORS * map->desc_size;
	status = env.bs->allocate_pool(EFI_LOADER_DATA, map->capacity, (void **)&map->buf);
	if (status != EFI_SUCCESS) {
		map->buf = NULL;
		return status;
	}
	return memmap_refresh(map);
}

efi_status_t memmap_refresh(struct memmap *map)
{
	map->size = map->capacity;
	return env.bs->get_memory_map(&map->size, map->buf, &map->key, &map->desc_size,
				      &map->desc_version);
}

void memmap_free(struct memmap *map)
{
	if (map->buf)
		env.bs->free_pool(map->buf);
	map->buf = NULL;
}

size_t memmap_count(const struct memmap *map)
{
	return map->desc_size ? map->size / map->desc_size : 0;
}

struct efi_memory_descriptor *memmap_at(const struct memmap *map, size_t i)
{
	return (struct efi_memory_descriptor *)((uint8_t *)map->buf + i * map->desc_size);
}

struct efi_memory_descriptor *memmap_find(const struct memmap *map, uint64_t addr)
{
	for (size_t i = 0; i < memmap_count(map); i++) {
		struct efi_memory_descriptor *d = memmap_at(map, i);

		if (addr >= d->physical_start &&
		    addr - d->physical_start < d->number_of_pages * EFI_PAGE_SIZE)
			return d;
	}
	return NULL;
}

struct efi_memory_descriptor *memmap_free_range(const struct memmap *map, uint64_t pages)
{
	struct efi_memory_descriptor *best = NULL;

	for (size_t i = 0; i < memmap_count(map); i++) {
		struct efi_memory_descriptor *d = memmap_at(map, i);

		if (d->type != EFI_CONVENTIONAL_MEMORY || d->number_of_pages < pages)
			continue;
		if (!best || d->physical_start < best->physical_start)
			best = d;
	}
	return best;
}
