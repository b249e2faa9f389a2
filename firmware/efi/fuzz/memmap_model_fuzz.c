/*
 * Differential harness for memmap.c: each 6-byte record of the input is one
 * AllocatePages (also at a random place)/FreePages/reservation on a small
 * two-bank machine, replayed on a page-by-page model as well. Any
 * disagreement in status or resulting page types, a descriptor count other
 * than the model's runs of pages, or a broken memmap invariant, aborts.
 *
 * A byte left over after the records (input size not a multiple of 6) sets
 * a small descriptor array (2..33 slots): then a change must be refused with
 * EFI_OUT_OF_RESOURCES, the map unchanged, exactly when its result needs more
 * descriptors than that, so that changes which only merge always succeed
 * (issue 10 defect 2).
 */
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/memmap.h"

#define BANK0 0x40000000ull
#define BANK0_PAGES 192
#define BANK1 0x40100000ull /* leaves a 64-page hole after bank 0 */
#define BANK1_PAGES 128
#define SPAN_PAGES 384 /* bank 0, hole, bank 1 */
#define HOLE 0xffu
#define PINNED 0x100u

static const uint32_t types[] = {
	EFI_LOADER_CODE,	   EFI_LOADER_DATA,	      EFI_BOOT_SERVICES_DATA,
	EFI_RUNTIME_SERVICES_CODE, EFI_RUNTIME_SERVICES_DATA, EFI_ACPI_RECLAIM_MEMORY,
	EFI_CONVENTIONAL_MEMORY,   0x80000000u,
};

static uint32_t model[SPAN_PAGES];
static size_t capacity;

static uint64_t addr_of(unsigned page)
{
	return BANK0 + (uint64_t)page * EFI_PAGE_SIZE;
}

static void model_init(void)
{
	for (unsigned i = 0; i < SPAN_PAGES; i++)
		model[i] = (i < BANK0_PAGES || i >= SPAN_PAGES - BANK1_PAGES) ? EFI_CONVENTIONAL_MEMORY
									    : HOLE;
}

/* True if every page of [first, first+n) matches want (exact type, or any allocation). */
static bool all(unsigned first, unsigned n, bool (*want)(uint32_t))
{
	if (first + n > SPAN_PAGES)
		return false;
	for (unsigned i = first; i < first + n; i++)
		if (!want(model[i]))
			return false;
	return true;
}

static bool is_free(uint32_t t)
{
	return t == EFI_CONVENTIONAL_MEMORY;
}

static bool is_freeable(uint32_t t)
{
	return t != EFI_CONVENTIONAL_MEMORY && t != HOLE && !(t & PINNED);
}

static bool is_ram(uint32_t t)
{
	return t != HOLE;
}

static void set(unsigned first, unsigned n, uint32_t t)
{
	for (unsigned i = first; i < first + n; i++)
		model[i] = t;
}

/* Highest aligned free run of n pages whose last page is at or below max_page. */
static bool model_top_down(unsigned n, unsigned align_pages, unsigned max_page, unsigned *out)
{
	for (int first = (int)max_page - (int)n + 1; first >= 0; first--) {
		if (addr_of((unsigned)first) % ((uint64_t)align_pages * EFI_PAGE_SIZE))
			continue;
		if (all((unsigned)first, n, is_free)) {
			*out = (unsigned)first;
			return true;
		}
	}
	return false;
}

/* Descriptors the model needs: its maximal runs of RAM pages of one kind. */
static unsigned runs(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < SPAN_PAGES; i++)
		if (model[i] != HOLE && (i == 0 || model[i - 1] != model[i]))
			n++;
	return n;
}

/*
 * want, unless a successful change to [first, first+n) would need more
 * descriptors than the array holds: then EFI_OUT_OF_RESOURCES.
 */
static efi_status_t within_capacity(efi_status_t want, unsigned first, unsigned n, uint32_t t)
{
	uint32_t saved[SPAN_PAGES];
	unsigned needed;

	if (want != EFI_SUCCESS)
		return want;
	memcpy(saved, model, sizeof(model));
	set(first, n, t);
	needed = runs();
	memcpy(model, saved, sizeof(model));
	return needed > capacity ? EFI_OUT_OF_RESOURCES : EFI_SUCCESS;
}

static void check_same(const struct memmap *m)
{
	if (!memmap_valid(m) || m->count != runs())
		abort();
	for (unsigned i = 0; i < SPAN_PAGES; i++) {
		uint32_t want = model[i] == HOLE ? EFI_MAX_MEMORY_TYPE : model[i] & ~PINNED;

		if (memmap_type_at(m, addr_of(i)) != want)
			abort();
	}
}

/* An allocation must end as the model says; a successful one goes into the model. */
static void check_allocation(efi_status_t status, efi_status_t want, uint64_t addr,
			     unsigned expect_at, unsigned n, uint32_t type)
{
	want = within_capacity(want, expect_at, n, type);
	if (status != want)
		abort();
	if (status == EFI_SUCCESS) {
		if (addr != addr_of(expect_at))
			abort();
		set(expect_at, n, type);
	}
}

static void op_allocate(struct memmap *m, const uint8_t *r)
{
	uint32_t type = types[r[1] % 8];
	unsigned n = r[2] % 24, align_pages = 1u << (r[3] % 4), kind = r[0] % 3, expect_at = 0;
	unsigned target = ((unsigned)r[4] | (unsigned)r[5] << 8) % (SPAN_PAGES + 8);
	uint64_t addr = addr_of(target);
	efi_status_t status, want;
	bool fits;

	if (kind == EFI_ALLOCATE_MAX_ADDRESS)
		addr += EFI_PAGE_SIZE - 1; /* a maximum is inclusive */
	status = memmap_allocate(m, kind, type, n, (uint64_t)align_pages * EFI_PAGE_SIZE, &addr);
	if (!memmap_type_allocatable(type)) {
		want = EFI_INVALID_PARAMETER;
	} else if (kind == EFI_ALLOCATE_ADDRESS) {
		fits = n && target % align_pages == 0 && all(target, n, is_free);
		want = fits ? EFI_SUCCESS : EFI_NOT_FOUND;
		expect_at = target;
	} else {
		unsigned max_page = kind == EFI_ALLOCATE_ANY_PAGES ? SPAN_PAGES - 1
				    : target < SPAN_PAGES		 ? target
									 : SPAN_PAGES - 1;

		fits = n && model_top_down(n, align_pages, max_page, &expect_at);
		want = fits ? EFI_SUCCESS : EFI_OUT_OF_RESOURCES;
	}
	check_allocation(status, want, addr, expect_at, n, type);
}

/* The seed-th (modulo their number) of all aligned free runs of n pages, lowest first. */
static bool model_random(unsigned n, unsigned align_pages, uint64_t seed, unsigned *out)
{
	unsigned runs[SPAN_PAGES], count = 0;

	for (unsigned first = 0; n && first + n <= SPAN_PAGES; first++)
		if (addr_of(first) % ((uint64_t)align_pages * EFI_PAGE_SIZE) == 0 &&
		    all(first, n, is_free))
			runs[count++] = first;
	if (!count)
		return false;
	*out = runs[seed % count];
	return true;
}

static void op_allocate_random(struct memmap *m, const uint8_t *r)
{
	uint32_t type = types[r[1] % 8];
	unsigned n = r[2] % 24, align_pages = 1u << (r[3] % 4), expect_at = 0;
	uint64_t seed = (uint64_t)r[4] | (uint64_t)r[5] << 8 | (uint64_t)(r[0] & 0x1f) << 16;
	uint64_t addr = 0;
	efi_status_t status, want;

	status = memmap_allocate_random(m, type, n, (uint64_t)align_pages * EFI_PAGE_SIZE, seed,
					&addr);
	if (!memmap_type_allocatable(type))
		want = EFI_INVALID_PARAMETER;
	else
		want = model_random(n, align_pages, seed, &expect_at) ? EFI_SUCCESS
								      : EFI_OUT_OF_RESOURCES;
	check_allocation(status, want, addr, expect_at, n, type);
}

static void op_free(struct memmap *m, const uint8_t *r)
{
	unsigned first = r[1] % SPAN_PAGES, n = r[2] % 24;
	efi_status_t status = memmap_free(m, addr_of(first), n);
	bool ok = n && all(first, n, is_freeable);
	efi_status_t want = within_capacity(ok ? EFI_SUCCESS : EFI_NOT_FOUND, first, n,
					    EFI_CONVENTIONAL_MEMORY);

	if (status != want)
		abort();
	if (status == EFI_SUCCESS)
		set(first, n, EFI_CONVENTIONAL_MEMORY);
}

static void op_reserve(struct memmap *m, const uint8_t *r)
{
	unsigned first = r[1] % SPAN_PAGES, n = r[2] % 8 + 1;
	uint32_t type = types[r[3] % 6];
	efi_status_t status = memmap_reserve(m, addr_of(first), (uint64_t)n * EFI_PAGE_SIZE, type);
	bool ok = all(first, n, is_ram);
	efi_status_t want = within_capacity(ok ? EFI_SUCCESS : EFI_NOT_FOUND, first, n,
					    type | PINNED);

	if (status != want)
		abort();
	if (status == EFI_SUCCESS)
		set(first, n, type | PINNED);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* by default room for the worst fragmentation of 320 pages */
	static efi_memory_descriptor_t storage[SPAN_PAGES + 4];
	struct memmap m;

	capacity = size % 6 ? 2 + data[size - 1] % 32 : SPAN_PAGES + 4;
	memmap_init(&m, storage, capacity);
	if (memmap_add_ram(&m, BANK0, BANK0_PAGES * EFI_PAGE_SIZE) != EFI_SUCCESS ||
	    memmap_add_ram(&m, BANK1, BANK1_PAGES * EFI_PAGE_SIZE) != EFI_SUCCESS)
		abort();
	model_init();
	for (; size >= 6; data += 6, size -= 6) {
		switch (data[0] >> 5) {
		case 0:
		case 1:
		case 2:
			op_allocate(&m, data);
			break;
		case 3:
			op_allocate_random(&m, data);
			break;
		case 4:
		case 5:
			op_free(&m, data);
			break;
		default:
			op_reserve(&m, data);
			break;
		}
		check_same(&m);
	}
	return 0;
}
