/* SPDX-License-Identifier: MIT */
/* Memory allocation services: GetMemoryMap, AllocatePages/FreePages, AllocatePool/FreePool. */
#include "qemu-tests/conformance/memmap.h"
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

#define PAGES 4
#define OS_MEMORY_TYPE (EFI_OS_MEMORY_TYPE_FIRST + 1)

static bool descriptors_well_formed(const struct memmap *map)
{
	for (size_t i = 0; i < memmap_count(map); i++) {
		const struct efi_memory_descriptor *d = memmap_at(map, i);

		if (d->physical_start % EFI_PAGE_SIZE || d->number_of_pages == 0 ||
		    d->number_of_pages > (UINT64_MAX - d->physical_start) / EFI_PAGE_SIZE)
			return false;
	}
	return true;
}

static bool descriptors_disjoint(const struct memmap *map)
{
	for (size_t i = 0; i < memmap_count(map); i++) {
		const struct efi_memory_descriptor *a = memmap_at(map, i);
		uint64_t a_end = a->physical_start + a->number_of_pages * EFI_PAGE_SIZE;

		for (size_t j = i + 1; j < memmap_count(map); j++) {
			const struct efi_memory_descriptor *b = memmap_at(map, j);
			uint64_t b_end = b->physical_start + b->number_of_pages * EFI_PAGE_SIZE;

			if (a->physical_start < b_end && b->physical_start < a_end)
				return false;
		}
	}
	return true;
}

static bool descriptors_sorted(const struct memmap *map)
{
	for (size_t i = 1; i < memmap_count(map); i++) {
		if (memmap_at(map, i - 1)->physical_start >= memmap_at(map, i)->physical_start)
			return false;
	}
	return true;
}

/* The specification does not order the map (edk2 does not sort it): report, do not judge. */
static void note_order(const struct memmap *map)
{
	t_puts(descriptors_sorted(map) ? "note: memory map sorted by address\n"
				       : "note: memory map not sorted by address\n");
}

static bool types_valid(const struct memmap *map)
{
	for (size_t i = 0; i < memmap_count(map); i++) {
		uint32_t type = memmap_at(map, i)->type;

		if (type > EFI_PERSISTENT_MEMORY && type < 0x70000000u)
			return false;
	}
	return true;
}

/*
 * AArch64 OSes may use 64 KiB pages: a 64 KiB page holding runtime, reserved or
 * ACPI NVS memory must have one cacheability throughout.
 */
#define CACHEABILITY_BITS 0x1full
#define SIZE_64K 0x10000ull

static bool pins_64k_attributes(uint32_t type)
{
	return type == EFI_RUNTIME_SERVICES_CODE || type == EFI_RUNTIME_SERVICES_DATA ||
	       type == EFI_RESERVED_MEMORY_TYPE || type == EFI_ACPI_MEMORY_NVS;
}

static bool uniform_64k_cacheability(const struct memmap *map)
{
	for (size_t i = 0; i < memmap_count(map); i++) {
		const struct efi_memory_descriptor *d = memmap_at(map, i);
		uint64_t lo = d->physical_start & ~(SIZE_64K - 1);
		uint64_t hi = d->physical_start + d->number_of_pages * EFI_PAGE_SIZE;

		if (!pins_64k_attributes(d->type))
			continue;
		hi = (hi + SIZE_64K - 1) & ~(SIZE_64K - 1);
		for (size_t j = 0; j < memmap_count(map); j++) {
			const struct efi_memory_descriptor *e = memmap_at(map, j);
			uint64_t e_end = e->physical_start + e->number_of_pages * EFI_PAGE_SIZE;
			uint64_t mismatch = (e->attribute ^ d->attribute) & CACHEABILITY_BITS;

			if (e->physical_start < hi && lo < e_end && mismatch)
				return false;
		}
	}
	return true;
}

static bool conventional_memory_is_write_back(const struct memmap *map)
{
	for (size_t i = 0; i < memmap_count(map); i++) {
		const struct efi_memory_descriptor *d = memmap_at(map, i);

		if (d->type == EFI_CONVENTIONAL_MEMORY && !(d->attribute & EFI_MEMORY_WB))
			return false;
	}
	return true;
}

static void test_memory_map_errors(void)
{
	uint64_t size = 0, key = 0, desc_size = 0;
	uint32_t version = 0;
	efi_status_t status;

	status = env.bs->get_memory_map(&size, NULL, &key, &desc_size, &version);
	t_status("memory_map.size_query_buffer_too_small", status, EFI_BUFFER_TOO_SMALL);
	t_check("memory_map.size_query_reports_size", size >= desc_size && size > 0,
		"required size not returned");
	t_check("memory_map.descriptor_size", desc_size >= sizeof(struct efi_memory_descriptor),
		"descriptor size smaller than EFI_MEMORY_DESCRIPTOR");
	t_equal("memory_map.descriptor_version", version, EFI_MEMORY_DESCRIPTOR_VERSION);

	status = env.bs->get_memory_map(NULL, NULL, &key, &desc_size, &version);
	t_status("memory_map.null_size", status, EFI_INVALID_PARAMETER);
	size = 1 << 20;
	status = env.bs->get_memory_map(&size, NULL, &key, &desc_size, &version);
	t_status("memory_map.null_buffer_with_size", status, EFI_INVALID_PARAMETER);
}

/*
 * All the LoaderCode in the map is this app's image: a loader that copied
 * the file it was handed (this app's sections do not sit at their RVAs in
 * the file) frees its copy of the file (issue 10 defect 6).
 */
static bool loader_code_is_own_image(const struct memmap *map)
{
	static const efi_guid_t loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	struct efi_loaded_image *li;
	uint64_t pages = 0, own;

	if (env.bs->handle_protocol(env.image, &loaded_image_guid, (void **)&li) != EFI_SUCCESS)
		return false;
	own = (li->image_size + EFI_PAGE_SIZE - 1) / EFI_PAGE_SIZE;
	for (size_t i = 0; i < memmap_count(map); i++)
		if (memmap_at(map, i)->type == EFI_LOADER_CODE)
			pages += memmap_at(map, i)->number_of_pages;
	if (pages != own) {
		t_puts("  LoaderCode pages: ");
		t_put_dec(pages);
		t_puts(", own image: ");
		t_put_dec(own);
		t_puts("\n");
	}
	return pages == own;
}

void test_memory_map(void)
{
	struct memmap map, again;
	efi_physical_addr_t addr;

	test_memory_map_errors();
	if (!t_status("memory_map.get", memmap_get(&map), EFI_SUCCESS))
		return;
	t_check("memory_map.size_multiple_of_descriptor", map.size % map.desc_size == 0,
		"map size not a multiple of the descriptor size");
	t_check("memory_map.descriptors_page_aligned", descriptors_well_formed(&map),
		"descriptor unaligned, empty or wrapping");
	t_check("memory_map.descriptors_disjoint", descriptors_disjoint(&map),
		"two descriptors overlap");
	note_order(&map);
	t_check("memory_map.conventional_is_wb", conventional_memory_is_write_back(&map),
		"conventional memory without EFI_MEMORY_WB");
	t_check("memory_map.types_valid", types_valid(&map),
		"a descriptor type in the reserved range");
	t_check("memory_map.aarch64_64k_cacheability", uniform_64k_cacheability(&map),
		"a 64 KiB page with runtime/reserved/NVS memory mixes cacheability");
	t_check("memory_map.own_image_loader_code",
		memmap_find(&map, (uintptr_t)efi_main) &&
			memmap_find(&map, (uintptr_t)efi_main)->type == EFI_LOADER_CODE,
		"this app's code is not in EfiLoaderCode");
	t_check("memory_map.loader_code_only_own_image", loader_code_is_own_image(&map),
		"LoaderCode beyond this app's image (a staged copy of the file left behind?)");

	if (t_status("memory_map.allocate_for_key", env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES,
			EFI_LOADER_DATA, 1, &addr), EFI_SUCCESS)) {
		again = map;
		again.buf = NULL;
		if (t_status("memory_map.get_after_allocate", memmap_get(&again), EFI_SUCCESS))
			t_check("memory_map.key_changes_after_allocate", again.key != map.key,
				"map key unchanged after AllocatePages");
		memmap_free(&again);
		env.bs->free_pages(addr, 1);
	}
	memmap_free(&map);
}

static bool fill_and_verify(efi_physical_addr_t addr, uint64_t bytes)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)addr;

	for (uint64_t i = 0; i < bytes / 8; i++)
		p[i] = addr ^ i;
	for (uint64_t i = 0; i < bytes / 8; i++) {
		if (p[i] != (addr ^ i))
			return false;
	}
	return true;
}

/* Is [addr, addr + pages) inside one descriptor of the given type? */
static bool covered_by(const struct memmap *map, efi_physical_addr_t addr, uint64_t pages,
		       uint32_t type)
{
	struct efi_memory_descriptor *d = memmap_find(map, addr);
	uint64_t end;

	if (!d || d->type != type)
		return false;
	end = d->physical_start + d->number_of_pages * EFI_PAGE_SIZE;
	return addr + pages * EFI_PAGE_SIZE <= end;
}

static bool map_shows(efi_physical_addr_t addr, uint64_t pages, uint32_t type)
{
	struct memmap map;
	bool ok;

	if (memmap_get(&map) != EFI_SUCCESS)
		return false;
	ok = covered_by(&map, addr, pages, type);
	memmap_free(&map);
	return ok;
}

static void test_any_pages(void)
{
	struct memmap map;
	efi_physical_addr_t addr = 0;
	efi_status_t status;

	status = env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, PAGES, &addr);
	if (!t_status("pages.any", status, EFI_SUCCESS))
		return;
	t_check("pages.any_aligned", addr % EFI_PAGE_SIZE == 0, "address not page aligned");
	t_check("pages.any_usable", fill_and_verify(addr, PAGES * EFI_PAGE_SIZE),
		"memory does not hold written data");
	/* Allocate the map buffer first: a later pool allocation could reuse the freed pages. */
	if (!t_status("pages.any_memory_map", memmap_get(&map), EFI_SUCCESS))
		return;
	t_check("pages.any_in_map_as_loader_data", covered_by(&map, addr, PAGES, EFI_LOADER_DATA),
		"allocation not covered by one EfiLoaderData descriptor");
	t_status("pages.free", env.bs->free_pages(addr, PAGES), EFI_SUCCESS);
	t_status("pages.free_twice_not_found", env.bs->free_pages(addr, PAGES), EFI_NOT_FOUND);
	if (t_status("pages.memory_map_after_free", memmap_refresh(&map), EFI_SUCCESS))
		t_check("pages.freed_in_map_as_conventional",
			covered_by(&map, addr, PAGES, EFI_CONVENTIONAL_MEMORY),
			"freed pages not conventional memory again");
	memmap_free(&map);
}

static void test_os_memory_type(void)
{
	efi_physical_addr_t addr = 0;
	efi_status_t status;

	status = env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, OS_MEMORY_TYPE, 1, &addr);
	if (!t_status("pages.os_memory_type", status, EFI_SUCCESS))
		return;
	t_check("pages.os_memory_type_in_map", map_shows(addr, 1, OS_MEMORY_TYPE),
		"OS-defined memory type not reported in the map");
	env.bs->free_pages(addr, 1);
}

static void test_fixed_address(const struct efi_memory_descriptor *range)
{
	efi_physical_addr_t want = range->physical_start + 16 * EFI_PAGE_SIZE;
	efi_physical_addr_t addr = want, other;
	efi_status_t status;

	status = env.bs->allocate_pages(EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, PAGES, &addr);
	if (!t_status("pages.address", status, EFI_SUCCESS))
		return;
	t_equal("pages.address_exact", addr, want);
	other = want;
	status = env.bs->allocate_pages(EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, PAGES, &other);
	t_status("pages.address_conflict_not_found", status, EFI_NOT_FOUND);
	other = want - 2 * EFI_PAGE_SIZE;
	status = env.bs->allocate_pages(EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, PAGES, &other);
	t_status("pages.address_partial_overlap_not_found", status, EFI_NOT_FOUND);
	t_status("pages.address_free", env.bs->free_pages(addr, PAGES), EFI_SUCCESS);
}

/* range: a free range of 64 pages; lowest_free: start of the lowest free page. */
static void test_max_address(const struct efi_memory_descriptor *range, uint64_t lowest_free)
{
	efi_physical_addr_t max = range->physical_start + 16 * EFI_PAGE_SIZE - 1;
	efi_physical_addr_t addr = max;
	efi_status_t status;

	status = env.bs->allocate_pages(EFI_ALLOCATE_MAX_ADDRESS, EFI_LOADER_DATA, PAGES, &addr);
	if (t_status("pages.max_address", status, EFI_SUCCESS)) {
		t_check("pages.max_address_respected", addr + PAGES * EFI_PAGE_SIZE - 1 <= max,
			"allocation ends above the maximum address");
		env.bs->free_pages(addr, PAGES);
	}
	if (lowest_free < PAGES * EFI_PAGE_SIZE) {
		t_skip("pages.max_address_below_free_memory_fails", "free memory starts at 0");
		return;
	}
	addr = lowest_free - 1;
	status = env.bs->allocate_pages(EFI_ALLOCATE_MAX_ADDRESS, EFI_LOADER_DATA, PAGES, &addr);
	/* The spec lists both codes for pages that cannot be found or allocated. */
	t_status2("pages.max_address_below_free_memory_fails", status, EFI_NOT_FOUND,
		  EFI_OUT_OF_RESOURCES);
}

static void test_page_errors(const struct efi_memory_descriptor *range)
{
	efi_physical_addr_t addr = 0;

	t_status("pages.bad_allocate_type",
		 env.bs->allocate_pages(EFI_MAX_ALLOCATE_TYPE, EFI_LOADER_DATA, 1, &addr),
		 EFI_INVALID_PARAMETER);
	/* The spec names these; edk2 also rejects EfiConventionalMemory, U-Boot does not. */
	t_status("pages.persistent_type_invalid",
		 env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_PERSISTENT_MEMORY, 1, &addr),
		 EFI_INVALID_PARAMETER);
	t_status("pages.reserved_range_type_invalid",
		 env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, 0x50000000u, 1, &addr),
		 EFI_INVALID_PARAMETER);
	t_status("pages.null_memory",
		 env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, NULL),
		 EFI_INVALID_PARAMETER);
	t_status("pages.free_unaligned", env.bs->free_pages(range->physical_start + 8, 1),
		 EFI_INVALID_PARAMETER);
	t_status("pages.free_unallocated_not_found",
		 env.bs->free_pages(range->physical_start + 32 * EFI_PAGE_SIZE, 1), EFI_NOT_FOUND);
}

/* Sizes in pages for the stress loop: uneven, so freed ranges must be merged back. */
static const uint8_t stress_pages[] = { 1, 3, 2, 7, 1, 5, 16, 2, 9, 4, 1, 33 };

#define STRESS_COUNT (sizeof(stress_pages) / sizeof(stress_pages[0]))

static uint64_t free_pages_total(const struct memmap *map)
{
	uint64_t total = 0;

	for (size_t i = 0; i < memmap_count(map); i++) {
		if (memmap_at(map, i)->type == EFI_CONVENTIONAL_MEMORY)
			total += memmap_at(map, i)->number_of_pages;
	}
	return total;
}

static bool stress_round(void)
{
	efi_physical_addr_t addr[STRESS_COUNT];
	bool all_ok = true;

	for (size_t i = 0; i < STRESS_COUNT; i++)
		all_ok &= env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA,
						 stress_pages[i], &addr[i]) == EFI_SUCCESS;
	for (size_t i = 0; i < STRESS_COUNT; i += 2)
		all_ok &= env.bs->free_pages(addr[i], stress_pages[i]) == EFI_SUCCESS;
	for (size_t i = 1; i < STRESS_COUNT; i += 2)
		all_ok &= env.bs->free_pages(addr[i], stress_pages[i]) == EFI_SUCCESS;
	return all_ok;
}

/*
 * Allocating and freeing pages in a scrambled order gives every page back. A
 * warm-up round comes first: firmware may keep pages for its own bookkeeping
 * (edk2 allocates a page of memory map entries on demand).
 */
static void test_pages_no_leak(void)
{
	struct memmap map;
	uint64_t before;
	bool all_ok;

	if (memmap_get(&map) != EFI_SUCCESS)
		return;
	all_ok = stress_round();
	if (memmap_refresh(&map) != EFI_SUCCESS) {
		memmap_free(&map);
		return;
	}
	before = free_pages_total(&map);
	for (int round = 0; round < 4; round++)
		all_ok &= stress_round();
	t_check("pages.stress_calls_succeed", all_ok, "an AllocatePages/FreePages call failed");
	if (t_status("pages.stress_memory_map", memmap_refresh(&map), EFI_SUCCESS))
		t_equal("pages.stress_no_leak", free_pages_total(&map), before);
	memmap_free(&map);
}

void test_pages(void)
{
	struct memmap map;
	struct efi_memory_descriptor range;
	struct efi_memory_descriptor *found;
	uint64_t lowest_free = 0;

	test_any_pages();
	test_os_memory_type();
	test_pages_no_leak();
	if (!t_status("pages.memory_map", memmap_get(&map), EFI_SUCCESS))
		return;
	found = memmap_free_range(&map, 64);
	if (found) {
		range = *found;
		lowest_free = memmap_free_range(&map, 1)->physical_start;
	}
	memmap_free(&map);
	if (!t_check("pages.free_range_exists", found != NULL, "no free range of 64 pages"))
		return;
	test_fixed_address(&range);
	test_max_address(&range, lowest_free);
	test_page_errors(&range);
}

#define POOL_BUFFERS 64

static uint8_t pool_tag(size_t buffer, size_t byte)
{
	return (uint8_t)(buffer * 37 + byte);
}

static size_t pool_size(size_t buffer)
{
	return 1 + (buffer * 97) % 5000;
}

static bool pool_intact(uint8_t *const *buf, size_t i)
{
	for (size_t j = 0; j < pool_size(i); j++) {
		if (buf[i][j] != pool_tag(i, j))
			return false;
	}
	return true;
}

/* Interleaved pool allocations and frees never hand out memory that is in use. */
static void test_pool_integrity(void)
{
	uint8_t *buf[POOL_BUFFERS] = { 0 };
	bool all_ok = true, intact = true;

	for (size_t i = 0; i < POOL_BUFFERS; i++) {
		all_ok &= env.bs->allocate_pool(EFI_LOADER_DATA, pool_size(i), (void **)&buf[i]) ==
			  EFI_SUCCESS;
		if (!buf[i])
			continue;
		for (size_t j = 0; j < pool_size(i); j++)
			buf[i][j] = pool_tag(i, j);
	}
	for (size_t i = 0; i < POOL_BUFFERS; i += 3) {
		if (buf[i])
			env.bs->free_pool(buf[i]);
		buf[i] = NULL;
		all_ok &= env.bs->allocate_pool(EFI_LOADER_DATA, pool_size(i), (void **)&buf[i]) ==
			  EFI_SUCCESS;
		if (!buf[i])
			continue;
		for (size_t j = 0; j < pool_size(i); j++)
			buf[i][j] = pool_tag(i, j);
	}
	for (size_t i = 0; i < POOL_BUFFERS; i++) {
		if (buf[i]) {
			intact &= pool_intact(buf, i);
			all_ok &= env.bs->free_pool(buf[i]) == EFI_SUCCESS;
		}
	}
	t_check("pool.stress_calls_succeed", all_ok, "an AllocatePool/FreePool call failed");
	t_check("pool.stress_no_overlap", intact, "a live pool buffer was overwritten");
}

void test_pool(void)
{
	void *small = NULL, *big = NULL, *dummy;
	efi_status_t status;

	status = env.bs->allocate_pool(EFI_LOADER_DATA, 100, &small);
	if (t_status("pool.allocate", status, EFI_SUCCESS)) {
		t_check("pool.aligned_8", (uintptr_t)small % 8 == 0,
			"pool buffer not 8-byte aligned");
		env.bs->set_mem(small, 100, 0x5a);
		t_check("pool.usable", ((uint8_t *)small)[99] == 0x5a, "pool memory not writable");
		t_status("pool.free", env.bs->free_pool(small), EFI_SUCCESS);
	}
	status = env.bs->allocate_pool(EFI_BOOT_SERVICES_DATA, 3 << 20, &big);
	if (t_status("pool.allocate_3mib", status, EFI_SUCCESS)) {
		t_check("pool.big_usable", fill_and_verify((uintptr_t)big, 3 << 20),
			"large pool buffer does not hold data");
		t_status("pool.free_3mib", env.bs->free_pool(big), EFI_SUCCESS);
	}
	t_status("pool.bad_type", env.bs->allocate_pool(0x50000000u, 16, &dummy),
		 EFI_INVALID_PARAMETER);
	t_status("pool.persistent_type_invalid",
		 env.bs->allocate_pool(EFI_PERSISTENT_MEMORY, 16, &dummy), EFI_INVALID_PARAMETER);
	t_status("pool.null_buffer", env.bs->allocate_pool(EFI_LOADER_DATA, 16, NULL),
		 EFI_INVALID_PARAMETER);
	t_status("pool.free_null", env.bs->free_pool(NULL), EFI_INVALID_PARAMETER);
	test_pool_integrity();
}
