/*
 * Pool allocator (see pool.h). Every block starts with a 16-byte header:
 *   magic (small block, executable or not / large block / freed), memory
 *   type, class or pages.
 */
#include <string.h>

#include "firmware/efi/pool.h"

#define MAGIC_SMALL 0x6c6f6f70u /* "pool" */
#define MAGIC_SMALL_EXEC 0x6c6f6f78u /* "xool" */
#define MAGIC_LARGE 0x65677261u /* "arge" */
#define MAGIC_FREED 0x65657266u /* "free" */
#define MIN_BLOCK 32u

struct pool_header {
	uint32_t magic;
	uint32_t memory_type;
	uint64_t extent; /* class index for small blocks, pages for large ones */
};

void pool_init(struct pool *p, struct memmap *map, struct pool_hooks hooks)
{
	memset(p, 0, sizeof(*p));
	p->map = map;
	p->hooks = hooks;
}

static bool executable(const struct pool *p, uint32_t memory_type)
{
	return p->hooks.executable && p->hooks.executable(memory_type);
}

static uint64_t class_size(unsigned cls)
{
	return (uint64_t)MIN_BLOCK << cls;
}

static struct pool_type *type_slot(struct pool *p, uint32_t memory_type, bool exec)
{
	for (uint32_t i = 0; i < p->types_used; i++)
		if (p->types[i].memory_type == memory_type && p->types[i].executable == exec)
			return &p->types[i];
	if (p->types_used == POOL_TYPES)
		return NULL;
	p->types[p->types_used].memory_type = memory_type;
	p->types[p->types_used].executable = exec;
	return &p->types[p->types_used++];
}

static efi_status_t alloc_pages(struct pool *p, uint32_t memory_type, bool exec, uint64_t pages,
				void **out)
{
	uint64_t addr = 0;
	efi_status_t status = memmap_allocate(p->map, EFI_ALLOCATE_ANY_PAGES, memory_type, pages,
					      EFI_PAGE_SIZE, &addr);

	if (status == EFI_SUCCESS && exec && p->hooks.make_executable) {
		status = p->hooks.make_executable(addr, pages);
		if (status != EFI_SUCCESS)
			memmap_free(p->map, addr, pages);
	}
	if (status == EFI_SUCCESS)
		*out = (void *)(uintptr_t)addr;
	return status;
}

static efi_status_t alloc_large(struct pool *p, uint32_t memory_type, bool exec, uint64_t size,
				void **buffer)
{
	struct pool_header *h;
	uint64_t pages;
	efi_status_t status;

	if (size > UINT64_MAX - sizeof(*h) - EFI_PAGE_SIZE)
		return EFI_OUT_OF_RESOURCES;
	pages = (size + sizeof(*h) + EFI_PAGE_SIZE - 1) >> EFI_PAGE_SHIFT;
	status = alloc_pages(p, memory_type, exec, pages, (void **)&h);
	if (status != EFI_SUCCESS)
		return status;
	h->magic = MAGIC_LARGE;
	h->memory_type = memory_type;
	h->extent = pages;
	*buffer = h + 1;
	return EFI_SUCCESS;
}

static efi_status_t carve_small(struct pool *p, struct pool_type *t, unsigned cls,
				struct pool_header **out)
{
	uint64_t bytes = class_size(cls);

	if (t->chunk_left < bytes) {
		void *chunk;
		efi_status_t status = alloc_pages(p, t->memory_type, t->executable,
						  POOL_CHUNK_PAGES, &chunk);

		if (status != EFI_SUCCESS)
			return status;
		t->chunk = chunk;
		t->chunk_left = POOL_CHUNK_PAGES * EFI_PAGE_SIZE;
	}
	*out = (struct pool_header *)t->chunk;
	t->chunk += bytes;
	t->chunk_left -= bytes;
	return EFI_SUCCESS;
}

efi_status_t pool_alloc(struct pool *p, uint32_t memory_type, uint64_t size, void **buffer)
{
	struct pool_type *t;
	struct pool_header *h;
	unsigned cls = 0;
	bool exec;

	if (!buffer || !memmap_type_allocatable(memory_type))
		return EFI_INVALID_PARAMETER;
	exec = executable(p, memory_type);
	if (size > class_size(POOL_CLASSES - 1) - sizeof(*h))
		return alloc_large(p, memory_type, exec, size, buffer);
	t = type_slot(p, memory_type, exec);
	if (!t)
		return alloc_large(p, memory_type, exec, size, buffer);
	while (class_size(cls) - sizeof(*h) < size)
		cls++;
	if (t->free[cls]) {
		h = t->free[cls];
		memcpy(&t->free[cls], h + 1, sizeof(void *));
	} else {
		efi_status_t status = carve_small(p, t, cls, &h);

		if (status != EFI_SUCCESS)
			return status;
	}
	h->magic = exec ? MAGIC_SMALL_EXEC : MAGIC_SMALL;
	h->memory_type = memory_type;
	h->extent = cls;
	*buffer = h + 1;
	return EFI_SUCCESS;
}

/* Like FreePages: an application may have made the pages read-only or executable. */
static efi_status_t free_large(struct pool *p, struct pool_header *h)
{
	uint64_t base = (uint64_t)(uintptr_t)h, pages = h->extent;

	if (pages > UINT64_MAX >> EFI_PAGE_SHIFT ||
	    !memmap_allocated(p->map, base, pages << EFI_PAGE_SHIFT))
		return EFI_INVALID_PARAMETER;
	if (p->hooks.reset && !p->hooks.reset(base, pages))
		return EFI_SUCCESS; /* kept out of free memory by the hook */
	if (memmap_free(p->map, base, pages) != EFI_SUCCESS)
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}

efi_status_t pool_free(struct pool *p, void *buffer)
{
	struct pool_header *h;
	struct pool_type *t;
	uintptr_t addr = (uintptr_t)buffer;

	if (!buffer || (addr & 15) || addr < sizeof(*h) ||
	    !memmap_allocated(p->map, addr - sizeof(*h), sizeof(*h)))
		return EFI_INVALID_PARAMETER;
	h = (struct pool_header *)buffer - 1;
	if (h->magic == MAGIC_LARGE)
		return free_large(p, h);
	if ((h->magic != MAGIC_SMALL && h->magic != MAGIC_SMALL_EXEC) || h->extent >= POOL_CLASSES)
		return EFI_INVALID_PARAMETER;
	t = type_slot(p, h->memory_type, h->magic == MAGIC_SMALL_EXEC);
	if (!t)
		return EFI_INVALID_PARAMETER;
	h->magic = MAGIC_FREED;
	memcpy(buffer, &t->free[h->extent], sizeof(void *));
	t->free[h->extent] = h;
	return EFI_SUCCESS;
}
