/* Host tests for SetVirtualAddressMap's map check and translation (firmware/efi/virtmap.c). */
#include <string.h>

#include "firmware/efi/virtmap.h"
#include "tools/testing/check.h"

/* The OS may use descriptors larger than ours: 48 bytes like edk2-era kernels. */
#define DESC_SIZE 48

static uint8_t map[4 * DESC_SIZE];

static void put(unsigned idx, uint32_t type, uint64_t phys, uint64_t virt, uint64_t pages,
		uint64_t attr)
{
	efi_memory_descriptor_t d = {
		.type = type,
		.physical_start = phys,
		.virtual_start = virt,
		.number_of_pages = pages,
		.attribute = attr,
	};

	memset(map + idx * DESC_SIZE, 0xee, DESC_SIZE);
	memcpy(map + idx * DESC_SIZE, &d, sizeof(d));
}

static void build_map(void)
{
	/* as Linux 6.1 lays them out: 64 KiB-aligned slots above 512 MiB, offsets kept */
	put(0, EFI_MEMORY_MAPPED_IO, 0x09010000, 0x20000000, 1, EFI_MEMORY_UC | EFI_MEMORY_RUNTIME);
	put(1, EFI_CONVENTIONAL_MEMORY, 0x40000000, 0, 0x200, EFI_MEMORY_WB);
	put(2, EFI_RUNTIME_SERVICES_CODE, 0x40211000, 0x20011000, 2,
	    EFI_MEMORY_WB | EFI_MEMORY_RUNTIME);
	put(3, EFI_RUNTIME_SERVICES_DATA, 0x7fff8000, 0x20028000, 8,
	    EFI_MEMORY_WB | EFI_MEMORY_RUNTIME);
}

static void test_check(void)
{
	CHECK(virtmap_check(sizeof(map), DESC_SIZE, 1, map) == EFI_SUCCESS);
	CHECK(virtmap_check(sizeof(map), sizeof(efi_memory_descriptor_t), 1, map) ==
	      EFI_INVALID_PARAMETER); /* 192 bytes are not whole 40-byte descriptors */
	CHECK(virtmap_check(sizeof(map), DESC_SIZE, 2, map) == EFI_INVALID_PARAMETER);
	CHECK(virtmap_check(sizeof(map), 32, 1, map) == EFI_INVALID_PARAMETER);
	CHECK(virtmap_check(sizeof(map), 44, 1, map) == EFI_INVALID_PARAMETER);
	CHECK(virtmap_check(sizeof(map), DESC_SIZE, 1, NULL) == EFI_INVALID_PARAMETER);
	CHECK(virtmap_check(0, DESC_SIZE, 1, map) == EFI_SUCCESS);
}

static void test_translate(void)
{
	uint64_t a;

	build_map();
	a = 0x40211000;
	CHECK(virtmap_translate(map, sizeof(map), DESC_SIZE, &a) == EFI_SUCCESS && a == 0x20011000);
	a = 0x40212ff8; /* last word of the runtime code range */
	CHECK(virtmap_translate(map, sizeof(map), DESC_SIZE, &a) == EFI_SUCCESS && a == 0x20012ff8);
	a = 0x40213000; /* one past it */
	CHECK(virtmap_translate(map, sizeof(map), DESC_SIZE, &a) == EFI_NOT_FOUND);
	CHECK(a == 0x40213000);
	a = 0x09010000;
	CHECK(virtmap_translate(map, sizeof(map), DESC_SIZE, &a) == EFI_SUCCESS && a == 0x20000000);
	a = 0x7fffc123;
	CHECK(virtmap_translate(map, sizeof(map), DESC_SIZE, &a) == EFI_SUCCESS && a == 0x2002c123);
	/* boot-time memory has no virtual address */
	a = 0x40001000;
	CHECK(virtmap_translate(map, sizeof(map), DESC_SIZE, &a) == EFI_NOT_FOUND);
	/* a truncated map is read only up to its last whole descriptor */
	a = 0x7fff8000;
	CHECK(virtmap_translate(map, 3 * DESC_SIZE + 8, DESC_SIZE, &a) == EFI_NOT_FOUND);
}

static void test_huge_descriptor(void)
{
	uint64_t a = 0x1000;

	put(0, EFI_RUNTIME_SERVICES_DATA, 0, 0x100000, UINT64_MAX, EFI_MEMORY_RUNTIME);
	CHECK(virtmap_translate(map, DESC_SIZE, DESC_SIZE, &a) == EFI_NOT_FOUND);
}

int main(void)
{
	test_check();
	test_translate();
	test_huge_descriptor();
	return check_report("virtmap_test");
}
