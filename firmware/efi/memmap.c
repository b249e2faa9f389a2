/*
 * EFI memory map bookkeeping (see memmap.h for the invariants).
 *
 * Rule -> status, as AllocatePages/FreePages/GetMemoryMap report them:
 *   memory type invalid, conventional, persistent or unaccepted -> EFI_INVALID_PARAMETER
 *   allocate type unknown                                       -> EFI_INVALID_PARAMETER
 *   AnyPages/MaxAddress/random: no free range fits              -> EFI_OUT_OF_RESOURCES
 *   Address: unaligned, wraps, or not wholly free RAM           -> EFI_NOT_FOUND
 *   zero pages or a size that overflows: Address                -> EFI_NOT_FOUND
 *                                        AnyPages/MaxAddress/
 *                                        random                 -> EFI_OUT_OF_RESOURCES
 *   free: unaligned base                                        -> EFI_INVALID_PARAMETER
 *   free: range not wholly allocated, or firmware-pinned        -> EFI_NOT_FOUND
 *   result needs more descriptors than the array holds          -> EFI_OUT_OF_RESOURCES
 *     (a change that only merges never does)
 *   get: map_size NULL, or map NULL with room claimed           -> EFI_INVALID_PARAMETER
 *   get: *map_size too small -> EFI_BUFFER_TOO_SMALL, *map_size = bytes needed
 */
#include <string.h>

#include "firmware/efi/memmap.h"

#define PAGE_MASK (EFI_PAGE_SIZE - 1)
#define MAX_PAGES (UINT64_MAX >> EFI_PAGE_SHIFT)
#define PINNED 1u /* kept in the descriptor's pad word; cleared on output */

static uint64_t desc_end(const efi_memory_descriptor_t *d)
{
	return d->physical_start + (d->number_of_pages << EFI_PAGE_SHIFT);
}

static bool is_mmio(uint32_t type)
{
	return type == EFI_MEMORY_MAPPED_IO || type == EFI_MEMORY_MAPPED_IO_PORT_SPACE;
}

bool memmap_type_allocatable(uint32_t type)
{
	if (type >= EFI_MAX_MEMORY_TYPE && type < EFI_OEM_MEMORY_TYPE_FIRST)
		return false;
	return type != EFI_CONVENTIONAL_MEMORY && type != EFI_PERSISTENT_MEMORY &&
	       type != EFI_UNACCEPTED_MEMORY && !is_mmio(type);
}

static bool is_runtime_type(uint32_t type)
{
	return type == EFI_RUNTIME_SERVICES_CODE || type == EFI_RUNTIME_SERVICES_DATA;
}

void memmap_init(struct memmap *m, efi_memory_descriptor_t *storage, size_t max)
{
	m->desc = storage;
	m->count = 0;
	m->max = max;
	m->key = 1;
	m->grows = m->growing = m->owns_storage = false;
}

void memmap_grow_from_ram(struct memmap *m)
{
	m->grows = true;
}

static void insert_at(struct memmap *m, size_t idx, const efi_memory_descriptor_t *d)
{
	for (size_t i = m->count; i > idx; i--)
		m->desc[i] = m->desc[i - 1];
	m->desc[idx] = *d;
	m->count++;
}

static bool same_kind(const efi_memory_descriptor_t *a, const efi_memory_descriptor_t *b)
{
	return a->type == b->type && a->attribute == b->attribute && a->pad == b->pad;
}

static bool touch(const efi_memory_descriptor_t *a, const efi_memory_descriptor_t *b)
{
	return desc_end(a) == b->physical_start;
}

/* Appends d to pieces[*n], merged into the last piece if it continues it. */
static void add_piece(efi_memory_descriptor_t *pieces, size_t *n, const efi_memory_descriptor_t *d)
{
	efi_memory_descriptor_t *last = *n ? &pieces[*n - 1] : NULL;

	if (d->number_of_pages == 0)
		return;
	if (last && same_kind(last, d) && touch(last, d))
		last->number_of_pages += d->number_of_pages;
	else
		pieces[(*n)++] = *d;
}

typedef bool (*desc_filter)(const efi_memory_descriptor_t *d);

/* True if [base, end) is covered without gaps by descriptors passing ok(). */
static bool covered(const struct memmap *m, uint64_t base, uint64_t end, desc_filter ok)
{
	uint64_t pos = base;

	for (size_t i = 0; i < m->count && pos < end; i++) {
		const efi_memory_descriptor_t *d = &m->desc[i];

		if (desc_end(d) <= pos)
			continue;
		if (d->physical_start > pos || !ok(d))
			return false;
		pos = desc_end(d);
	}
	return pos >= end;
}

static efi_status_t retype(struct memmap *m, uint64_t base, uint64_t end, uint32_t type,
			   uint64_t attr, uint32_t pin);
static bool find_top_down(const struct memmap *m, uint64_t size, uint64_t align, uint64_t limit,
			  uint64_t *base);

static uint64_t storage_bytes(size_t max)
{
	return ((uint64_t)max * sizeof(efi_memory_descriptor_t) + PAGE_MASK) & ~PAGE_MASK;
}

/* See memmap_grow_from_ram(); the nested retype() calls do not recurse into here. */
static void keep_spare(struct memmap *m)
{
	efi_memory_descriptor_t *old = m->desc;
	uint64_t old_bytes = storage_bytes(m->max), bytes, addr;
	bool owned = m->owns_storage;

	if (!m->grows || m->growing || m->max - m->count >= MEMMAP_SPARE ||
	    m->max > SIZE_MAX / 2 / sizeof(efi_memory_descriptor_t))
		return;
	m->growing = true;
	bytes = storage_bytes(m->max * 2);
	if (find_top_down(m, bytes, EFI_PAGE_SIZE, UINT64_MAX, &addr) &&
	    retype(m, addr, addr + bytes, EFI_BOOT_SERVICES_DATA, MEMMAP_RAM_ATTRIBUTES, PINNED) ==
		    EFI_SUCCESS) {
		m->desc = (efi_memory_descriptor_t *)(uintptr_t)addr;
		memcpy(m->desc, old, m->count * sizeof(*old));
		m->max = bytes / sizeof(*old);
		m->owns_storage = true;
		if (owned)
			retype(m, (uint64_t)(uintptr_t)old, (uint64_t)(uintptr_t)old + old_bytes,
			       EFI_CONVENTIONAL_MEMORY, MEMMAP_RAM_ATTRIBUTES, 0);
	}
	m->growing = false;
}

/*
 * Gives [base, end) (already known covered) a new type. The descriptors it
 * touches and their two neighbours are rebuilt in place as at most five
 * pieces (neighbour, head, the range, tail, neighbour), merged where they
 * continue each other, so an operation needs a free slot only if its result
 * has more descriptors than before: FreePages next to free RAM and
 * allocations that only merge succeed with the array full.
 */
static efi_status_t retype(struct memmap *m, uint64_t base, uint64_t end, uint32_t type,
			   uint64_t attr, uint32_t pin)
{
	efi_memory_descriptor_t pieces[5], mid = {
		.type = type,
		.physical_start = base,
		.number_of_pages = (end - base) >> EFI_PAGE_SHIFT,
		.attribute = attr,
		.pad = pin,
	};
	size_t first = 0, last, lo, hi, n = 0, count;

	while (desc_end(&m->desc[first]) <= base)
		first++;
	for (last = first; last + 1 < m->count && m->desc[last + 1].physical_start < end;)
		last++;
	lo = first ? first - 1 : first;
	hi = last + 1 < m->count ? last + 1 : last;
	for (size_t i = lo; i < first; i++)
		add_piece(pieces, &n, &m->desc[i]);
	if (m->desc[first].physical_start < base) {
		efi_memory_descriptor_t head = m->desc[first];

		head.number_of_pages = (base - head.physical_start) >> EFI_PAGE_SHIFT;
		add_piece(pieces, &n, &head);
	}
	add_piece(pieces, &n, &mid);
	if (desc_end(&m->desc[last]) > end) {
		efi_memory_descriptor_t tail = m->desc[last];

		tail.number_of_pages = (desc_end(&tail) - end) >> EFI_PAGE_SHIFT;
		tail.physical_start = end;
		add_piece(pieces, &n, &tail);
	}
	for (size_t i = last + 1; i <= hi; i++)
		add_piece(pieces, &n, &m->desc[i]);
	count = m->count - (hi - lo + 1) + n;
	if (count > m->max)
		return EFI_OUT_OF_RESOURCES;
	memmove(&m->desc[lo + n], &m->desc[hi + 1], (m->count - hi - 1) * sizeof(m->desc[0]));
	memcpy(&m->desc[lo], pieces, n * sizeof(pieces[0]));
	m->count = count;
	m->key++;
	keep_spare(m);
	return EFI_SUCCESS;
}

static bool overlaps_any(const struct memmap *m, uint64_t base, uint64_t end)
{
	for (size_t i = 0; i < m->count; i++)
		if (m->desc[i].physical_start < end && base < desc_end(&m->desc[i]))
			return true;
	return false;
}

static efi_status_t add_range(struct memmap *m, uint64_t base, uint64_t end, uint32_t type,
			      uint64_t attr)
{
	efi_memory_descriptor_t d = {
		.type = type,
		.physical_start = base,
		.number_of_pages = (end - base) >> EFI_PAGE_SHIFT,
		.attribute = attr,
	};
	size_t idx = 0;

	if (end <= base || overlaps_any(m, base, end))
		return EFI_INVALID_PARAMETER;
	if (m->count >= m->max)
		return EFI_OUT_OF_RESOURCES;
	while (idx < m->count && m->desc[idx].physical_start < base)
		idx++;
	insert_at(m, idx, &d);
	/* the new range (known free of overlaps) merges with what it touches */
	return retype(m, base, end, type, attr, 0);
}

efi_status_t memmap_add_ram(struct memmap *m, uint64_t base, uint64_t size)
{
	uint64_t start, end;

	if (size == 0 || base > UINT64_MAX - size || base > UINT64_MAX - PAGE_MASK)
		return EFI_INVALID_PARAMETER;
	start = (base + PAGE_MASK) & ~PAGE_MASK;
	end = (base + size) & ~PAGE_MASK;
	return add_range(m, start, end, EFI_CONVENTIONAL_MEMORY, MEMMAP_RAM_ATTRIBUTES);
}

/* Rounds [base, base+size) outward to pages; false if that wraps. */
static bool round_outward(uint64_t base, uint64_t size, uint64_t *start, uint64_t *end)
{
	if (size == 0 || base > UINT64_MAX - size || base + size > UINT64_MAX - PAGE_MASK)
		return false;
	*start = base & ~PAGE_MASK;
	*end = (base + size + PAGE_MASK) & ~PAGE_MASK;
	return true;
}

efi_status_t memmap_add_mmio(struct memmap *m, uint64_t base, uint64_t size, uint64_t attributes)
{
	uint64_t start, end;

	if (!round_outward(base, size, &start, &end))
		return EFI_INVALID_PARAMETER;
	return add_range(m, start, end, EFI_MEMORY_MAPPED_IO, attributes);
}

static bool is_ram(const efi_memory_descriptor_t *d)
{
	return !is_mmio(d->type);
}

static bool is_free(const efi_memory_descriptor_t *d)
{
	return d->type == EFI_CONVENTIONAL_MEMORY;
}

static bool is_freeable(const efi_memory_descriptor_t *d)
{
	return memmap_type_allocatable(d->type) && d->pad != PINNED;
}

static uint64_t attributes_for(uint32_t type)
{
	return MEMMAP_RAM_ATTRIBUTES | (is_runtime_type(type) ? EFI_MEMORY_RUNTIME : 0);
}

efi_status_t memmap_reserve(struct memmap *m, uint64_t base, uint64_t size, uint32_t type)
{
	uint64_t start, end;

	if (!round_outward(base, size, &start, &end) || is_mmio(type))
		return EFI_INVALID_PARAMETER;
	if (!covered(m, start, end, is_ram))
		return EFI_NOT_FOUND;
	return retype(m, start, end, type, attributes_for(type), PINNED);
}

/* Highest align-aligned base of a free range of size bytes ending at or below limit+1. */
static bool find_top_down(const struct memmap *m, uint64_t size, uint64_t align, uint64_t limit,
			  uint64_t *base)
{
	for (size_t i = m->count; i-- > 0;) {
		const efi_memory_descriptor_t *d = &m->desc[i];
		uint64_t start = d->physical_start, top = desc_end(d), cand;

		if (!is_free(d) || limit < start)
			continue;
		if (limit < top - 1)
			top = (limit + 1) & ~PAGE_MASK;
		if (top <= start || top - start < size)
			continue;
		cand = (top - size) & ~(align - 1);
		if (cand >= start) {
			*base = cand;
			return true;
		}
	}
	return false;
}

efi_status_t memmap_allocate(struct memmap *m, uint32_t alloc_type, uint32_t memory_type,
			     uint64_t pages, uint64_t align, uint64_t *addr)
{
	uint64_t size, base;
	efi_status_t status;

	if (!addr || !memmap_type_allocatable(memory_type) || align < EFI_PAGE_SIZE ||
	    (align & (align - 1)))
		return EFI_INVALID_PARAMETER;
	if (alloc_type > EFI_ALLOCATE_ADDRESS)
		return EFI_INVALID_PARAMETER;
	if (pages == 0 || pages > MAX_PAGES)
		return alloc_type == EFI_ALLOCATE_ADDRESS ? EFI_NOT_FOUND : EFI_OUT_OF_RESOURCES;
	size = pages << EFI_PAGE_SHIFT;
	if (alloc_type == EFI_ALLOCATE_ADDRESS) {
		base = *addr;
		if ((base & (align - 1)) || base > UINT64_MAX - size ||
		    !covered(m, base, base + size, is_free))
			return EFI_NOT_FOUND;
	} else {
		uint64_t limit = alloc_type == EFI_ALLOCATE_MAX_ADDRESS ? *addr : UINT64_MAX;

		if (!find_top_down(m, size, align, limit, &base))
			return EFI_OUT_OF_RESOURCES;
	}
	status = retype(m, base, base + size, memory_type, attributes_for(memory_type), 0);
	if (status == EFI_SUCCESS)
		*addr = base;
	return status;
}

/*
 * How many align-aligned bases in d start a free range of size bytes (0 if
 * d is not free); *first is the lowest of them.
 */
static uint64_t slots_in(const efi_memory_descriptor_t *d, uint64_t size, uint64_t align,
			 uint64_t *first)
{
	uint64_t start = d->physical_start, end = desc_end(d), base;

	if (!is_free(d) || start > UINT64_MAX - (align - 1))
		return 0;
	base = (start + align - 1) & ~(align - 1);
	if (base > end || end - base < size)
		return 0;
	*first = base;
	return (end - size - base) / align + 1;
}

efi_status_t memmap_allocate_random(struct memmap *m, uint32_t memory_type, uint64_t pages,
				    uint64_t align, uint64_t seed, uint64_t *addr)
{
	uint64_t size, total = 0, first = 0, pick, base;
	efi_status_t status;

	if (!addr || !memmap_type_allocatable(memory_type) || align < EFI_PAGE_SIZE ||
	    (align & (align - 1)))
		return EFI_INVALID_PARAMETER;
	if (pages == 0 || pages > MAX_PAGES)
		return EFI_OUT_OF_RESOURCES;
	size = pages << EFI_PAGE_SHIFT;
	/* at most 2^52 page-aligned bases in all: the sum cannot overflow */
	for (size_t i = 0; i < m->count; i++)
		total += slots_in(&m->desc[i], size, align, &first);
	if (total == 0)
		return EFI_OUT_OF_RESOURCES;
	/* the modulo bias is below total / 2^64: under 2^-12 */
	pick = seed % total;
	for (size_t i = 0; i < m->count; i++) {
		uint64_t n = slots_in(&m->desc[i], size, align, &first);

		if (pick < n)
			break;
		pick -= n;
	}
	base = first + pick * align;
	status = retype(m, base, base + size, memory_type, attributes_for(memory_type), 0);
	if (status == EFI_SUCCESS)
		*addr = base;
	return status;
}

efi_status_t memmap_free(struct memmap *m, uint64_t base, uint64_t pages)
{
	uint64_t size;

	if (base & PAGE_MASK)
		return EFI_INVALID_PARAMETER;
	if (pages == 0 || pages > MAX_PAGES)
		return EFI_NOT_FOUND;
	size = pages << EFI_PAGE_SHIFT;
	if (base > UINT64_MAX - size || !covered(m, base, base + size, is_freeable))
		return EFI_NOT_FOUND;
	return retype(m, base, base + size, EFI_CONVENTIONAL_MEMORY, MEMMAP_RAM_ATTRIBUTES, 0);
}

efi_status_t memmap_get(const struct memmap *m, uint64_t *map_size, efi_memory_descriptor_t *map,
			uint64_t *map_key, uint64_t *desc_size, uint32_t *desc_version)
{
	uint64_t need = m->count * sizeof(efi_memory_descriptor_t);

	if (!map_size)
		return EFI_INVALID_PARAMETER;
	if (desc_size)
		*desc_size = sizeof(efi_memory_descriptor_t);
	if (desc_version)
		*desc_version = EFI_MEMORY_DESCRIPTOR_VERSION;
	if (*map_size < need) {
		*map_size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!map)
		return EFI_INVALID_PARAMETER;
	for (size_t i = 0; i < m->count; i++) {
		map[i] = m->desc[i];
		map[i].pad = 0;
		map[i].virtual_start = 0;
	}
	*map_size = need;
	if (map_key)
		*map_key = m->key;
	return EFI_SUCCESS;
}

bool memmap_allocated(const struct memmap *m, uint64_t base, uint64_t size)
{
	return size != 0 && base <= UINT64_MAX - size && covered(m, base, base + size, is_freeable);
}

uint32_t memmap_type_at(const struct memmap *m, uint64_t addr)
{
	for (size_t i = 0; i < m->count; i++)
		if (addr >= m->desc[i].physical_start && addr < desc_end(&m->desc[i]))
			return m->desc[i].type;
	return EFI_MAX_MEMORY_TYPE;
}

bool memmap_valid(const struct memmap *m)
{
	for (size_t i = 0; i < m->count; i++) {
		const efi_memory_descriptor_t *d = &m->desc[i];

		if (d->number_of_pages == 0 || d->number_of_pages > MAX_PAGES ||
		    (d->physical_start & PAGE_MASK) ||
		    d->physical_start > UINT64_MAX - (d->number_of_pages << EFI_PAGE_SHIFT))
			return false;
		if (i == 0)
			continue;
		if (desc_end(&m->desc[i - 1]) > d->physical_start)
			return false;
		if (desc_end(&m->desc[i - 1]) == d->physical_start && same_kind(&m->desc[i - 1], d))
			return false;
	}
	return true;
}
