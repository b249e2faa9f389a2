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

static void fresh(void)
{
	memmap_init(&map, storage, 64);
	CHECK(memmap_add_ram(&map, (uint64_t)(uintptr_t)arena, ARENA) == EFI_SUCCESS);
	pool_init(&pool, &map);
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

int main(void)
{
	arena = aligned_alloc(EFI_PAGE_SIZE, ARENA);
	test_small_blocks_share_a_chunk();
	test_free_reuses();
	test_types_are_separate();
	test_large();
	test_bad_parameters();
	free(arena);
	return check_report("pool_test");
}
