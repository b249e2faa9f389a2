/* Host tests for the EFI memory map bookkeeping (firmware/efi/memmap.c). */
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/memmap.h"
#include "tools/testing/check.h"

#define MiB (1ull << 20)
#define RAM_BASE 0x40000000ull

static efi_memory_descriptor_t storage[64];
static struct memmap map;

static void fresh_map(void)
{
	memmap_init(&map, storage, 64);
	CHECK(memmap_add_ram(&map, RAM_BASE, 64 * MiB) == EFI_SUCCESS);
}

static void test_add_ram(void)
{
	memmap_init(&map, storage, 64);
	/* unaligned edges are rounded inward */
	CHECK(memmap_add_ram(&map, RAM_BASE + 1, 2 * EFI_PAGE_SIZE) == EFI_SUCCESS);
	CHECK(map.count == 1);
	CHECK(map.desc[0].physical_start == RAM_BASE + EFI_PAGE_SIZE);
	CHECK(map.desc[0].number_of_pages == 1);
	CHECK(memmap_add_ram(&map, RAM_BASE, EFI_PAGE_SIZE * 4) == EFI_INVALID_PARAMETER);
	CHECK(memmap_add_ram(&map, UINT64_MAX - 10, 100) == EFI_INVALID_PARAMETER);
	/* touching RAM regions coalesce */
	CHECK(memmap_add_ram(&map, RAM_BASE + 2 * EFI_PAGE_SIZE, EFI_PAGE_SIZE) == EFI_SUCCESS);
	CHECK(map.count == 1 && map.desc[0].number_of_pages == 2);
	/* a second bank below is kept sorted */
	CHECK(memmap_add_ram(&map, 0x10000000, MiB) == EFI_SUCCESS);
	CHECK(map.count == 2 && map.desc[0].physical_start == 0x10000000);
	CHECK(memmap_valid(&map));
}

static void test_any_pages_top_down(void)
{
	uint64_t a = 0, b = 0;

	fresh_map();
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 2, EFI_PAGE_SIZE, &a) ==
	      EFI_SUCCESS);
	CHECK(a == RAM_BASE + 64 * MiB - 2 * EFI_PAGE_SIZE);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &b) ==
	      EFI_SUCCESS);
	CHECK(b == a - EFI_PAGE_SIZE);
	/* same type, adjacent: one descriptor */
	CHECK(map.count == 2);
	CHECK(memmap_type_at(&map, b) == EFI_LOADER_DATA);
	CHECK(memmap_valid(&map));
}

static void test_alignment(void)
{
	uint64_t a = 0;

	fresh_map();
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_CODE, 1, 2 * MiB, &a) ==
	      EFI_SUCCESS);
	CHECK(a % (2 * MiB) == 0);
	CHECK(a == RAM_BASE + 62 * MiB);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_CODE, 1, 3 * EFI_PAGE_SIZE,
			      &a) == EFI_INVALID_PARAMETER);
	CHECK(memmap_valid(&map));
}

static void test_max_address(void)
{
	uint64_t a = RAM_BASE + 8 * MiB - 1;

	fresh_map();
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_MAX_ADDRESS, EFI_BOOT_SERVICES_DATA, 4,
			      EFI_PAGE_SIZE, &a) == EFI_SUCCESS);
	CHECK(a == RAM_BASE + 8 * MiB - 4 * EFI_PAGE_SIZE);
	/* an unaligned maximum still keeps the last byte at or below it */
	a = RAM_BASE + 8 * MiB + EFI_PAGE_SIZE + 100;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_MAX_ADDRESS, EFI_BOOT_SERVICES_DATA, 1,
			      EFI_PAGE_SIZE, &a) == EFI_SUCCESS);
	CHECK(a == RAM_BASE + 8 * MiB);
	/* below all RAM: nothing */
	a = RAM_BASE - 1;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_MAX_ADDRESS, EFI_BOOT_SERVICES_DATA, 1,
			      EFI_PAGE_SIZE, &a) == EFI_OUT_OF_RESOURCES);
	/* split into three: free below, allocation, free above, and the two others */
	CHECK(memmap_valid(&map));
	CHECK(map.count == 3);
}

static void test_allocate_address(void)
{
	uint64_t a = RAM_BASE + MiB;

	fresh_map();
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_CODE, 16, EFI_PAGE_SIZE, &a) ==
	      EFI_SUCCESS);
	CHECK(a == RAM_BASE + MiB);
	CHECK(map.count == 3);
	/* overlapping the first allocation at either end conflicts */
	a = RAM_BASE + MiB - EFI_PAGE_SIZE;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 2, EFI_PAGE_SIZE, &a) ==
	      EFI_NOT_FOUND);
	a = RAM_BASE + MiB + 15 * EFI_PAGE_SIZE;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 2, EFI_PAGE_SIZE, &a) ==
	      EFI_NOT_FOUND);
	/* outside RAM, unaligned, or wrapping */
	a = 0x1000;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a) ==
	      EFI_NOT_FOUND);
	a = RAM_BASE + 0x800;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a) ==
	      EFI_NOT_FOUND);
	a = UINT64_MAX & ~0xfffull;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 2, EFI_PAGE_SIZE, &a) ==
	      EFI_NOT_FOUND);
	/* right after it is free */
	a = RAM_BASE + MiB + 16 * EFI_PAGE_SIZE;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a) ==
	      EFI_SUCCESS);
	CHECK(memmap_type_at(&map, a) == EFI_LOADER_DATA);
	CHECK(memmap_valid(&map));
}

static void test_bad_parameters(void)
{
	uint64_t a = 0;

	fresh_map();
	CHECK(memmap_allocate(&map, 3, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a) ==
	      EFI_INVALID_PARAMETER);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_CONVENTIONAL_MEMORY, 1,
			      EFI_PAGE_SIZE, &a) == EFI_INVALID_PARAMETER);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_PERSISTENT_MEMORY, 1, EFI_PAGE_SIZE,
			      &a) == EFI_INVALID_PARAMETER);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_MAX_MEMORY_TYPE, 1, EFI_PAGE_SIZE,
			      &a) == EFI_INVALID_PARAMETER);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE,
			      NULL) == EFI_INVALID_PARAMETER);
	/* OEM and OS loader types are allowed */
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, 0x80000001u, 1, EFI_PAGE_SIZE, &a) ==
	      EFI_SUCCESS);
	CHECK(memmap_type_at(&map, a) == 0x80000001u);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, UINT64_MAX,
			      EFI_PAGE_SIZE, &a) == EFI_OUT_OF_RESOURCES);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 64 * MiB / 4096 + 1,
			      EFI_PAGE_SIZE, &a) == EFI_OUT_OF_RESOURCES);
	CHECK(memmap_valid(&map));
}

static void test_free_and_coalesce(void)
{
	uint64_t a = 0, b = 0, c = 0;

	fresh_map();
	memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a);
	memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_BOOT_SERVICES_DATA, 1, EFI_PAGE_SIZE, &b);
	memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &c);
	CHECK(map.count == 4);
	CHECK(memmap_free(&map, b, 1) == EFI_SUCCESS);
	CHECK(map.count == 4); /* free hole between two allocations */
	CHECK(memmap_free(&map, b, 1) == EFI_NOT_FOUND); /* double free */
	CHECK(memmap_free(&map, a + 1, 1) == EFI_INVALID_PARAMETER);
	CHECK(memmap_free(&map, c, 3) == EFI_NOT_FOUND); /* spans a free page */
	CHECK(memmap_free(&map, a, 1) == EFI_SUCCESS);
	CHECK(memmap_free(&map, c, 1) == EFI_SUCCESS);
	CHECK(map.count == 1 && map.desc[0].number_of_pages == 64 * MiB / 4096);
	CHECK(memmap_free(&map, RAM_BASE - EFI_PAGE_SIZE, 1) == EFI_NOT_FOUND);
	CHECK(memmap_valid(&map));
}

static void test_free_part_of_allocation(void)
{
	uint64_t a = 0;

	fresh_map();
	memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 4, EFI_PAGE_SIZE, &a);
	CHECK(memmap_free(&map, a + EFI_PAGE_SIZE, 2) == EFI_SUCCESS);
	CHECK(memmap_type_at(&map, a) == EFI_LOADER_DATA);
	CHECK(memmap_type_at(&map, a + EFI_PAGE_SIZE) == EFI_CONVENTIONAL_MEMORY);
	CHECK(memmap_type_at(&map, a + 3 * EFI_PAGE_SIZE) == EFI_LOADER_DATA);
	CHECK(memmap_allocated(&map, a, EFI_PAGE_SIZE));
	CHECK(!memmap_allocated(&map, a, 2 * EFI_PAGE_SIZE));
	CHECK(!memmap_allocated(&map, a, 0));
	CHECK(memmap_valid(&map));
}

static void test_reservations(void)
{
	uint64_t a = 0;

	fresh_map();
	/* DTB at the base, firmware RAM with a runtime range inside it (overlapping reservation) */
	CHECK(memmap_reserve(&map, RAM_BASE, 0x1234, EFI_BOOT_SERVICES_DATA) == EFI_SUCCESS);
	CHECK(memmap_reserve(&map, RAM_BASE + 4 * MiB, 2 * MiB, EFI_BOOT_SERVICES_DATA) ==
	      EFI_SUCCESS);
	CHECK(memmap_reserve(&map, RAM_BASE + 5 * MiB, 64 * 1024, EFI_RUNTIME_SERVICES_CODE) ==
	      EFI_SUCCESS);
	CHECK(memmap_type_at(&map, RAM_BASE + 0x1fff) == EFI_BOOT_SERVICES_DATA);
	CHECK(memmap_type_at(&map, RAM_BASE + 0x2000) == EFI_CONVENTIONAL_MEMORY);
	CHECK(memmap_type_at(&map, RAM_BASE + 5 * MiB) == EFI_RUNTIME_SERVICES_CODE);
	CHECK(memmap_type_at(&map, RAM_BASE + 5 * MiB + 64 * 1024) == EFI_BOOT_SERVICES_DATA);
	for (size_t i = 0; i < map.count; i++)
		if (map.desc[i].type == EFI_RUNTIME_SERVICES_CODE)
			CHECK(map.desc[i].attribute & EFI_MEMORY_RUNTIME);
	/* pinned: FreePages refuses firmware memory */
	CHECK(memmap_free(&map, RAM_BASE + 4 * MiB, 1) == EFI_NOT_FOUND);
	CHECK(memmap_free(&map, RAM_BASE + 5 * MiB, 1) == EFI_NOT_FOUND);
	CHECK(!memmap_allocated(&map, RAM_BASE + 5 * MiB, EFI_PAGE_SIZE));
	/* AllocateAddress over a reservation conflicts */
	a = RAM_BASE + 6 * MiB - EFI_PAGE_SIZE;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_CODE, 2, EFI_PAGE_SIZE, &a) ==
	      EFI_NOT_FOUND);
	/* a reservation outside RAM is refused */
	CHECK(memmap_reserve(&map, 0x1000, 1, EFI_BOOT_SERVICES_DATA) == EFI_NOT_FOUND);
	CHECK(memmap_valid(&map));
}

static void test_runtime_allocation_attribute(void)
{
	uint64_t a = 0;

	fresh_map();
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_RUNTIME_SERVICES_DATA, 1,
			      EFI_PAGE_SIZE, &a) == EFI_SUCCESS);
	CHECK(map.desc[map.count - 1].attribute & EFI_MEMORY_RUNTIME);
	CHECK(memmap_free(&map, a, 1) == EFI_SUCCESS);
	CHECK(map.count == 1 && !(map.desc[0].attribute & EFI_MEMORY_RUNTIME));
}

static void test_mmio(void)
{
	fresh_map();
	CHECK(memmap_add_mmio(&map, 0x09010000, 0x1000, EFI_MEMORY_UC | EFI_MEMORY_RUNTIME) ==
	      EFI_SUCCESS);
	CHECK(map.count == 2 && map.desc[0].type == EFI_MEMORY_MAPPED_IO);
	CHECK(memmap_add_mmio(&map, 0x09010800, 0x10, EFI_MEMORY_UC) == EFI_INVALID_PARAMETER);
	CHECK(memmap_free(&map, 0x09010000, 1) == EFI_NOT_FOUND);
	CHECK(memmap_reserve(&map, 0x09010000, 1, EFI_BOOT_SERVICES_DATA) == EFI_NOT_FOUND);
}

static void test_get_memory_map(void)
{
	efi_memory_descriptor_t out[8];
	uint64_t size = 0, key = 0, dsize = 0, key2 = 0, a = 0;
	uint32_t ver = 0;

	fresh_map();
	memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a);
	CHECK(memmap_get(&map, NULL, out, &key, &dsize, &ver) == EFI_INVALID_PARAMETER);
	CHECK(memmap_get(&map, &size, NULL, &key, &dsize, &ver) == EFI_BUFFER_TOO_SMALL);
	CHECK(size == 2 * sizeof(efi_memory_descriptor_t));
	CHECK(dsize == sizeof(efi_memory_descriptor_t) && ver == 1);
	size = sizeof(out);
	CHECK(memmap_get(&map, &size, NULL, &key, &dsize, &ver) == EFI_INVALID_PARAMETER);
	CHECK(memmap_get(&map, &size, out, &key, &dsize, &ver) == EFI_SUCCESS);
	CHECK(size == 2 * sizeof(efi_memory_descriptor_t));
	CHECK(out[1].type == EFI_LOADER_DATA && out[1].physical_start == a && out[1].pad == 0);
	/* every change gives a new key; no change keeps it */
	CHECK(memmap_get(&map, &size, out, &key2, &dsize, &ver) == EFI_SUCCESS && key2 == key);
	memmap_free(&map, a, 1);
	size = sizeof(out);
	CHECK(memmap_get(&map, &size, out, &key2, &dsize, &ver) == EFI_SUCCESS && key2 != key);
}

static void test_descriptor_array_full(void)
{
	efi_memory_descriptor_t small[3];
	uint64_t a = RAM_BASE + MiB;

	memmap_init(&map, small, 3);
	CHECK(memmap_add_ram(&map, RAM_BASE, 64 * MiB) == EFI_SUCCESS);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a) ==
	      EFI_SUCCESS);
	a = RAM_BASE + 2 * MiB;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a) ==
	      EFI_OUT_OF_RESOURCES);
	CHECK(map.count == 3 && memmap_valid(&map));
}

/* Changes that only merge descriptors succeed with the array full (issue 10 defect 2). */
static void test_merging_needs_no_slot(void)
{
	efi_memory_descriptor_t small[3];
	uint64_t a = RAM_BASE + MiB;

	memmap_init(&map, small, 3);
	CHECK(memmap_add_ram(&map, RAM_BASE, 64 * MiB) == EFI_SUCCESS);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a) ==
	      EFI_SUCCESS);
	CHECK(map.count == 3);
	/* FreePages next to free RAM on both sides: three descriptors become one */
	CHECK(memmap_free(&map, a, 1) == EFI_SUCCESS);
	CHECK(map.count == 1 && memmap_valid(&map));
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a) ==
	      EFI_SUCCESS);
	/* an allocation that extends a neighbour of its type: still three */
	a = RAM_BASE + MiB + EFI_PAGE_SIZE;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE, &a) ==
	      EFI_SUCCESS);
	CHECK(map.count == 3 && map.desc[1].number_of_pages == 2);
	/* freeing the allocation's last page only moves a boundary */
	CHECK(memmap_free(&map, a, 1) == EFI_SUCCESS);
	CHECK(map.count == 3 && map.desc[1].number_of_pages == 1);
	/* one that needs two more descriptors is still refused, the map unchanged */
	a = RAM_BASE + 8 * MiB;
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_BOOT_SERVICES_DATA, 1, EFI_PAGE_SIZE,
			      &a) == EFI_OUT_OF_RESOURCES);
	CHECK(map.count == 3 && memmap_type_at(&map, a) == EFI_CONVENTIONAL_MEMORY);
	CHECK(memmap_valid(&map));
}

static uint64_t free_pages_of(const struct memmap *m)
{
	uint64_t n = 0;

	for (size_t i = 0; i < m->count; i++)
		if (m->desc[i].type == EFI_CONVENTIONAL_MEMORY)
			n += m->desc[i].number_of_pages;
	return n;
}

/* A map over host memory moves its descriptors to RAM it allocates when it runs short. */
static void test_grow_from_ram(void)
{
	enum { PAGES = 1024, ALLOCS = 400 };
	efi_memory_descriptor_t first[8];
	uint8_t *ram = aligned_alloc(EFI_PAGE_SIZE, PAGES * EFI_PAGE_SIZE);
	uint64_t base = (uint64_t)(uintptr_t)ram, a, storage_pages;
	int ok = 0;

	memmap_init(&map, first, 8);
	CHECK(memmap_add_ram(&map, base, PAGES * EFI_PAGE_SIZE) == EFI_SUCCESS);
	memmap_grow_from_ram(&map);
	/* every other page: 2 * ALLOCS descriptors */
	for (int i = 0; i < ALLOCS; i++) {
		a = base + 2 * (uint64_t)i * EFI_PAGE_SIZE;
		ok += memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 1, EFI_PAGE_SIZE,
				      &a) == EFI_SUCCESS;
		CHECK(map.max - map.count >= MEMMAP_SPARE);
	}
	CHECK(ok == ALLOCS);
	CHECK(map.count > 2 * ALLOCS && memmap_valid(&map));
	CHECK((uint64_t)(uintptr_t)map.desc >= base &&
	      (uint64_t)(uintptr_t)map.desc < base + PAGES * EFI_PAGE_SIZE);
	CHECK(memmap_type_at(&map, (uint64_t)(uintptr_t)map.desc) == EFI_BOOT_SERVICES_DATA);
	/* the table is the firmware's: FreePages refuses it */
	CHECK(!memmap_allocated(&map, (uint64_t)(uintptr_t)map.desc, EFI_PAGE_SIZE));
	CHECK(memmap_free(&map, (uint64_t)(uintptr_t)map.desc, 1) == EFI_NOT_FOUND);
	/* earlier, smaller tables went back to free RAM: only the live one is allocated */
	storage_pages = (map.max * sizeof(efi_memory_descriptor_t) + EFI_PAGE_SIZE - 1) /
			EFI_PAGE_SIZE;
	for (int i = 0; i < ALLOCS; i++)
		CHECK(memmap_free(&map, base + 2 * (uint64_t)i * EFI_PAGE_SIZE, 1) == EFI_SUCCESS);
	CHECK(map.count <= 3 && memmap_valid(&map)); /* free RAM around the live table */
	CHECK(free_pages_of(&map) == PAGES - storage_pages);
	free(ram);
}

/*
 * Growing stops when RAM runs out: allocations then get EFI_OUT_OF_RESOURCES,
 * the map stays valid, and FreePages (which here never adds a descriptor)
 * gives everything back.
 */
static void test_grow_exhausted(void)
{
	enum { PAGES = 64 };
	efi_memory_descriptor_t first[8];
	uint8_t *ram = aligned_alloc(EFI_PAGE_SIZE, PAGES * EFI_PAGE_SIZE);
	uint64_t base = (uint64_t)(uintptr_t)ram, got[PAGES], storage_pages;
	size_t n = 0;
	efi_status_t status;

	memmap_init(&map, first, 8);
	CHECK(memmap_add_ram(&map, base, PAGES * EFI_PAGE_SIZE) == EFI_SUCCESS);
	memmap_grow_from_ram(&map);
	/* alternating types: every page its own descriptor */
	do {
		got[n] = 0;
		status = memmap_allocate(&map, EFI_ALLOCATE_ANY_PAGES,
					 n % 2 ? EFI_LOADER_DATA : EFI_BOOT_SERVICES_DATA, 1,
					 EFI_PAGE_SIZE, &got[n]);
		CHECK(status == EFI_SUCCESS || status == EFI_OUT_OF_RESOURCES);
		CHECK(memmap_valid(&map) && map.count <= map.max);
	} while (status == EFI_SUCCESS && ++n < PAGES);
	CHECK(status == EFI_OUT_OF_RESOURCES && free_pages_of(&map) == 0);
	storage_pages = (map.max * sizeof(efi_memory_descriptor_t) + EFI_PAGE_SIZE - 1) /
			EFI_PAGE_SIZE;
	while (n-- > 0)
		CHECK(memmap_free(&map, got[n], 1) == EFI_SUCCESS);
	CHECK(memmap_valid(&map) && free_pages_of(&map) == PAGES - storage_pages);
	free(ram);
}

/* The seed counts through the aligned bases, lowest first, and wraps. */
static void test_random_picks_by_seed(void)
{
	uint64_t a = 0;

	fresh_map();
	CHECK(memmap_allocate_random(&map, EFI_LOADER_CODE, 1, 2 * MiB, 0, &a) == EFI_SUCCESS);
	CHECK(a == RAM_BASE);
	memmap_free(&map, a, 1);
	CHECK(memmap_allocate_random(&map, EFI_LOADER_CODE, 1, 2 * MiB, 31, &a) == EFI_SUCCESS);
	CHECK(a == RAM_BASE + 62 * MiB);
	memmap_free(&map, a, 1);
	CHECK(memmap_allocate_random(&map, EFI_LOADER_CODE, 1, 2 * MiB, 32 + 5, &a) == EFI_SUCCESS);
	CHECK(a == RAM_BASE + 10 * MiB);
	CHECK(memmap_type_at(&map, a) == EFI_LOADER_CODE);
	CHECK(memmap_allocated(&map, a, EFI_PAGE_SIZE));
	CHECK(memmap_valid(&map));
}

/*
 * Around allocations and a second bank, seeds 0..n-1 give n different bases,
 * each aligned and wholly free before, and seed n starts over: every place
 * the image fits is one seed's pick, none twice.
 */
static void test_random_covers_every_fit_once(void)
{
	const uint64_t align = 64 * 1024, pages = 40; /* 160 KiB: not a multiple of align */
	uint64_t used = RAM_BASE + 5 * MiB + EFI_PAGE_SIZE, picks[1100], a;
	size_t n = 0;

	fresh_map();
	CHECK(memmap_add_ram(&map, 0x10000000, MiB + 3 * EFI_PAGE_SIZE) == EFI_SUCCESS);
	CHECK(memmap_allocate(&map, EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, 3, EFI_PAGE_SIZE,
			      &used) == EFI_SUCCESS);
	CHECK(memmap_reserve(&map, RAM_BASE + 40 * MiB, MiB, EFI_BOOT_SERVICES_DATA) ==
	      EFI_SUCCESS);
	for (uint64_t seed = 0; seed < 1100; seed++) {
		CHECK(memmap_allocate_random(&map, EFI_LOADER_CODE, pages, align, seed, &a) ==
		      EFI_SUCCESS);
		if (seed && a == picks[0])
			break;
		picks[n++] = a;
		CHECK(a % align == 0);
		CHECK(memmap_free(&map, a, pages) == EFI_SUCCESS);
		CHECK(memmap_type_at(&map, a) == EFI_CONVENTIONAL_MEMORY);
	}
	/*
	 * 64 KiB steps where 160 KiB fit: bank 1 (1 MiB + 12 KiB) has 14; bank 0
	 * has 78 below the allocation (5 MiB + 4 KiB), 557 from 5 MiB + 64 KiB to
	 * the reservation at 40 MiB, and 366 from 41 MiB to its end at 64 MiB.
	 */
	CHECK(n == 14 + 78 + 557 + 366);
	for (size_t i = 1; i < n; i++)
		CHECK(picks[i] > picks[i - 1]);
	CHECK(picks[0] == 0x10000000 && picks[13] == 0x10000000 + 13 * align);
	CHECK(memmap_valid(&map));
}

static void test_random_refusals(void)
{
	uint64_t a = 0;

	fresh_map();
	CHECK(memmap_allocate_random(&map, EFI_LOADER_CODE, 64 * MiB / EFI_PAGE_SIZE + 1,
				     EFI_PAGE_SIZE, 7, &a) == EFI_OUT_OF_RESOURCES);
	CHECK(memmap_allocate_random(&map, EFI_LOADER_CODE, 0, EFI_PAGE_SIZE, 7, &a) ==
	      EFI_OUT_OF_RESOURCES);
	CHECK(memmap_allocate_random(&map, EFI_LOADER_CODE, UINT64_MAX, EFI_PAGE_SIZE, 7, &a) ==
	      EFI_OUT_OF_RESOURCES);
	CHECK(memmap_allocate_random(&map, EFI_CONVENTIONAL_MEMORY, 1, EFI_PAGE_SIZE, 7, &a) ==
	      EFI_INVALID_PARAMETER);
	CHECK(memmap_allocate_random(&map, EFI_LOADER_CODE, 1, 3 * EFI_PAGE_SIZE, 7, &a) ==
	      EFI_INVALID_PARAMETER);
	CHECK(memmap_allocate_random(&map, EFI_LOADER_CODE, 1, EFI_PAGE_SIZE, 7, NULL) ==
	      EFI_INVALID_PARAMETER);
	/* the whole of RAM, at the one base there is */
	CHECK(memmap_allocate_random(&map, EFI_LOADER_CODE, 64 * MiB / EFI_PAGE_SIZE, 2 * MiB,
				     UINT64_MAX, &a) == EFI_SUCCESS);
	CHECK(a == RAM_BASE && map.count == 1);
	CHECK(memmap_valid(&map));
}

int main(void)
{
	test_add_ram();
	test_any_pages_top_down();
	test_alignment();
	test_max_address();
	test_allocate_address();
	test_bad_parameters();
	test_free_and_coalesce();
	test_free_part_of_allocation();
	test_reservations();
	test_runtime_allocation_attribute();
	test_mmio();
	test_get_memory_map();
	test_descriptor_array_full();
	test_merging_needs_no_slot();
	test_grow_from_ram();
	test_grow_exhausted();
	test_random_picks_by_seed();
	test_random_covers_every_fit_once();
	test_random_refusals();
	return check_report("memmap_test");
}
