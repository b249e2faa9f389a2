/* Host tests for the pool allocator (firmware/efi/pool.c) over host memory. */
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/pool.h"
#include "tools/testing/check.h"

#define ARENA (4u << 20)

static efi_memory_descriptor_t storage[64];
static struct memmap map;
static struct pool pool;
static uint8_t *arena;

static void fresh_with(struct pool_hooks hooks)
{
	memmap_init(&map, storage, 64);
	CHECK(memmap_add_ram(&map, (uint64_t)(uintptr_t)arena, ARENA) == EFI_SUCCESS);
	pool_init(&pool, &map, hooks);
}

static void fresh(void)
{
	fresh_with((struct pool_hooks){ 0 });
}

/* Hook stubs: what the firmware's page attribute code was asked to do. */
static bool exec_mode;
static uint64_t made_exec_base, made_exec_pages, reset_base, reset_pages;
static bool reset_works;

static bool stub_executable(uint32_t memory_type)
{
	return exec_mode && memory_type == EFI_LOADER_DATA;
}

static efi_status_t stub_make_executable(uint64_t base, uint64_t pages)
{
	made_exec_base = base;
	made_exec_pages = pages;
	return EFI_SUCCESS;
}

static bool stub_reset(uint64_t base, uint64_t pages)
{
	reset_base = base;
	reset_pages = pages;
	return reset_works;
}

static void fresh_hooked(void)
{
	exec_mode = false;
	made_exec_base = made_exec_pages = reset_base = reset_pages = 0;
	reset_works = true;
	fresh_with((struct pool_hooks){ stub_executable, stub_make_executable, stub_reset });
}

static void test_small_blocks_share_a_chunk(void)
{
	void *a = NULL, *b = NULL;
	size_t before;

	fresh();
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 10, &a) == EFI_SUCCESS);
	before = map.count;
	for (int i = 0; i < 100; i++)
		CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 24, &b) == EFI_SUCCESS);
	CHECK(map.count == before); /* no new memory map entries */
	CHECK(((uintptr_t)a & 15) == 0 && ((uintptr_t)b & 15) == 0);
	memset(a, 0x5a, 10);
	memset(b, 0xa5, 24);
	CHECK(((uint8_t *)a)[9] == 0x5a);
	CHECK(memmap_type_at(&map, (uintptr_t)a) == EFI_LOADER_DATA);
}

static void test_free_reuses(void)
{
	void *a = NULL, *b = NULL;

	fresh();
	CHECK(pool_alloc(&pool, EFI_BOOT_SERVICES_DATA, 100, &a) == EFI_SUCCESS);
	CHECK(pool_free(&pool, a) == EFI_SUCCESS);
	CHECK(pool_free(&pool, a) == EFI_INVALID_PARAMETER); /* double free */
	CHECK(pool_alloc(&pool, EFI_BOOT_SERVICES_DATA, 90, &b) == EFI_SUCCESS);
	CHECK(a == b);
}

static void test_types_are_separate(void)
{
	void *a = NULL, *b = NULL;

	fresh();
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 8, &a) == EFI_SUCCESS);
	CHECK(pool_alloc(&pool, EFI_RUNTIME_SERVICES_DATA, 8, &b) == EFI_SUCCESS);
	CHECK(memmap_type_at(&map, (uintptr_t)a) == EFI_LOADER_DATA);
	CHECK(memmap_type_at(&map, (uintptr_t)b) == EFI_RUNTIME_SERVICES_DATA);
}

static void test_large(void)
{
	void *a = NULL;
	size_t before;

	fresh();
	before = map.count;
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 3 * EFI_PAGE_SIZE, &a) == EFI_SUCCESS);
	CHECK(memmap_allocated(&map, (uintptr_t)a - 16, 3 * EFI_PAGE_SIZE + 16));
	memset(a, 1, 3 * EFI_PAGE_SIZE);
	CHECK(pool_free(&pool, a) == EFI_SUCCESS);
	CHECK(map.count == before);
	CHECK(pool_free(&pool, a) == EFI_INVALID_PARAMETER);
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, UINT64_MAX, &a) == EFI_OUT_OF_RESOURCES);
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, ARENA, &a) == EFI_OUT_OF_RESOURCES);
}

static void test_bad_parameters(void)
{
	void *a = NULL;
	int local;

	fresh();
	CHECK(pool_alloc(&pool, EFI_CONVENTIONAL_MEMORY, 8, &a) == EFI_INVALID_PARAMETER);
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 8, NULL) == EFI_INVALID_PARAMETER);
	CHECK(pool_free(&pool, NULL) == EFI_INVALID_PARAMETER);
	CHECK(pool_free(&pool, &local) == EFI_INVALID_PARAMETER); /* not pool memory */
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 0, &a) == EFI_SUCCESS && a != NULL);
	CHECK(pool_free(&pool, (uint8_t *)a + 16) == EFI_INVALID_PARAMETER);
}

/* Issue 10 defect 5: FreePool of a large block resets its attributes, as FreePages does. */
static void test_large_free_resets_attributes(void)
{
	void *a = NULL;
	uint64_t header;

	fresh_hooked();
	CHECK(pool_alloc(&pool, EFI_BOOT_SERVICES_DATA, 5 * EFI_PAGE_SIZE, &a) == EFI_SUCCESS);
	header = (uint64_t)(uintptr_t)a - 16;
	CHECK(made_exec_pages == 0);
	CHECK(pool_free(&pool, a) == EFI_SUCCESS);
	CHECK(reset_base == header && reset_pages == 6);
	CHECK(!memmap_allocated(&map, header, EFI_PAGE_SIZE));

	/*
	 * pages that cannot be reset are left to the hook (which keeps them):
	 * never freed read-only, and FreePool succeeds, its only other status
	 * being EFI_INVALID_PARAMETER
	 */
	CHECK(pool_alloc(&pool, EFI_BOOT_SERVICES_DATA, 5 * EFI_PAGE_SIZE, &a) == EFI_SUCCESS);
	reset_works = false;
	CHECK(pool_free(&pool, a) == EFI_SUCCESS);
	CHECK(memmap_allocated(&map, (uint64_t)(uintptr_t)a - 16, 6 * EFI_PAGE_SIZE));
	reset_works = true;
}

/* The NX compatibility mode: executable blocks never share a chunk with the others. */
static void test_executable_blocks(void)
{
	void *plain = NULL, *exec = NULL, *again = NULL, *large = NULL;
	uint64_t chunk;

	fresh_hooked();
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 64, &plain) == EFI_SUCCESS);
	CHECK(made_exec_pages == 0);
	exec_mode = true;
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 64, &exec) == EFI_SUCCESS);
	chunk = made_exec_base;
	CHECK(made_exec_pages == POOL_CHUNK_PAGES);
	CHECK((uint64_t)(uintptr_t)exec >= chunk &&
	      (uint64_t)(uintptr_t)exec < chunk + POOL_CHUNK_PAGES * EFI_PAGE_SIZE);
	CHECK((uint64_t)(uintptr_t)plain < chunk ||
	      (uint64_t)(uintptr_t)plain >= chunk + POOL_CHUNK_PAGES * EFI_PAGE_SIZE);
	/* a freed block goes back to the list it came from */
	CHECK(pool_free(&pool, plain) == EFI_SUCCESS);
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 64, &again) == EFI_SUCCESS);
	CHECK(again != plain);
	CHECK(pool_free(&pool, exec) == EFI_SUCCESS);
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 64, &again) == EFI_SUCCESS);
	CHECK(again == exec);
	/* other types are not executable; large blocks are */
	made_exec_pages = 0;
	CHECK(pool_alloc(&pool, EFI_BOOT_SERVICES_DATA, 64, &again) == EFI_SUCCESS);
	CHECK(made_exec_pages == 0);
	CHECK(pool_alloc(&pool, EFI_LOADER_DATA, 3 * EFI_PAGE_SIZE, &large) == EFI_SUCCESS);
	CHECK(made_exec_base == (uint64_t)(uintptr_t)large - 16 && made_exec_pages == 4);
}

int main(void)
{
	arena = aligned_alloc(EFI_PAGE_SIZE, ARENA);
	test_small_blocks_share_a_chunk();
	test_free_reuses();
	test_types_are_separate();
	test_large();
	test_bad_parameters();
	test_large_free_resets_attributes();
	test_executable_blocks();
	free(arena);
	return check_report("pool_test");
}
