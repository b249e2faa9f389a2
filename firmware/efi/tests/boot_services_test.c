/*
 * Host tests for the boot services table (firmware/efi/boot_services.c),
 * linked with the production memmap, pool, protocol database and events
 * over host memory, and explicit stubs for the rest (boot_services_stubs.c).
 */
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/tests/boot_services_stubs.h"
#include "tools/testing/check.h"

#define RAM_PAGES 4096 /* 16 MiB of host memory as the machine's RAM */

static efi_boot_services_t *bs = &efi_boot_services;
static efi_memory_descriptor_t first_descriptors[16];

static const efi_guid_t guid_a =
	EFI_GUID(0x0a0a0a0a, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa);
static const efi_guid_t guid_b =
	EFI_GUID(0x0b0b0b0b, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa);
static const efi_guid_t guid_c =
	EFI_GUID(0x0c0c0c0c, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa);
static int iface_a, iface_b, iface_c;

static void machine_init(void)
{
	uint8_t *ram = aligned_alloc(EFI_PAGE_SIZE, RAM_PAGES * EFI_PAGE_SIZE);

	memmap_init(&efi_memmap, first_descriptors, 16);
	CHECK(memmap_add_ram(&efi_memmap, (uint64_t)(uintptr_t)ram, RAM_PAGES * EFI_PAGE_SIZE) ==
	      EFI_SUCCESS);
	memmap_grow_from_ram(&efi_memmap);
	pool_init(&efi_pool, &efi_memmap);
	db_init(&efi_db);
	efi_boot_services_init();
}

static efi_guid_t *g(const efi_guid_t *guid)
{
	return (efi_guid_t *)guid;
}

/* A handle that only serves as an agent (a driver's image handle). */
static efi_handle_t new_agent(void)
{
	efi_handle_t h = NULL;

	CHECK(bs->install_protocol_interface(&h, g(&guid_c), EFI_NATIVE_INTERFACE, &iface_c) ==
	      EFI_SUCCESS);
	return h;
}

static bool has(efi_handle_t h, const efi_guid_t *guid, void *want)
{
	void *got = NULL;

	return bs->handle_protocol(h, g(guid), &got) == EFI_SUCCESS && got == want;
}

/* Issue 10 defect 3: Uninstall(A, B) with B open BY_DRIVER leaves A installed. */
static void test_uninstall_multiple_all_or_nothing(void)
{
	efi_handle_t h = NULL, agent = new_agent();
	void *b;

	CHECK(bs->install_multiple_protocol_interfaces(&h, &guid_a, &iface_a, &guid_b, &iface_b,
						       NULL) == EFI_SUCCESS);
	CHECK(bs->open_protocol(h, g(&guid_b), &b, agent, h, EFI_OPEN_PROTOCOL_BY_DRIVER) ==
	      EFI_SUCCESS);
	CHECK(bs->uninstall_multiple_protocol_interfaces(h, &guid_a, &iface_a, &guid_b, &iface_b,
							 NULL) == EFI_INVALID_PARAMETER);
	CHECK(has(h, &guid_a, &iface_a) && has(h, &guid_b, &iface_b));
	/* a pair not installed, or named twice, changes nothing either */
	CHECK(bs->uninstall_multiple_protocol_interfaces(h, &guid_a, &iface_a, &guid_c, &iface_c,
							 NULL) == EFI_INVALID_PARAMETER);
	CHECK(bs->uninstall_multiple_protocol_interfaces(h, &guid_a, &iface_a, &guid_a, &iface_a,
							 NULL) == EFI_INVALID_PARAMETER);
	CHECK(has(h, &guid_a, &iface_a));
	CHECK(bs->close_protocol(h, g(&guid_b), agent, h) == EFI_SUCCESS);
	CHECK(bs->uninstall_multiple_protocol_interfaces(h, &guid_a, &iface_a, &guid_b, &iface_b,
							 NULL) == EFI_SUCCESS);
	CHECK(!db_handle_valid(&efi_db, h));
	CHECK(bs->uninstall_protocol_interface(agent, g(&guid_c), &iface_c) == EFI_SUCCESS);
}

/* FreePages hands pages back execute-never whatever an application set on them. */
static void test_pages(void)
{
	efi_physical_addr_t a = 0;

	CHECK(bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_CODE, 2, &a) == EFI_SUCCESS);
	CHECK(memmap_type_at(&efi_memmap, a) == EFI_LOADER_CODE);
	stub.attributes = MMU_ATTR_RO;
	stub.set_attributes_calls = 0;
	CHECK(bs->free_pages(a, 2) == EFI_SUCCESS);
	CHECK(stub.set_attributes_calls == 1 && stub.attributes == MMU_ATTR_XP);
	/* already XP: nothing to change */
	CHECK(bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, &a) == EFI_SUCCESS);
	CHECK(bs->free_pages(a, 1) == EFI_SUCCESS && stub.set_attributes_calls == 1);
	CHECK(bs->free_pages(a, 1) == EFI_NOT_FOUND && stub.set_attributes_calls == 1);
	CHECK(bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_CONVENTIONAL_MEMORY, 1, &a) ==
	      EFI_INVALID_PARAMETER);
}

static void test_memory_map_and_exit(void)
{
	efi_memory_descriptor_t map[64];
	uint64_t size = 0, key = 0, dsize = 0;
	uint32_t version = 0;
	void *buf;

	CHECK(bs->get_memory_map(&size, NULL, &key, &dsize, &version) == EFI_BUFFER_TOO_SMALL);
	CHECK(size == efi_memmap.count * sizeof(map[0]) && dsize == sizeof(map[0]));
	size = sizeof(map);
	CHECK(bs->get_memory_map(&size, map, &key, &dsize, &version) == EFI_SUCCESS);
	/* a pool allocation in between changes the key ExitBootServices wants */
	CHECK(bs->allocate_pool(EFI_LOADER_DATA, 8192, &buf) == EFI_SUCCESS);
	CHECK(bs->exit_boot_services(NULL, key) == EFI_INVALID_PARAMETER);
	CHECK(stub.runtime_exits == 0);
	CHECK(bs->free_pool(buf) == EFI_SUCCESS);
	CHECK(bs->free_pool(buf) == EFI_INVALID_PARAMETER);
}

static void test_timer_never(void)
{
	efi_event_t e;

	CHECK(bs->create_event(EVT_TIMER, 0, NULL, NULL, &e) == EFI_SUCCESS);
	stub.ticks = 1000;
	CHECK(bs->set_timer(e, EFI_TIMER_RELATIVE, UINT64_MAX) == EFI_SUCCESS);
	CHECK(bs->check_event(e) == EFI_NOT_READY);
	CHECK(bs->stall(1000000) == EFI_SUCCESS && stub.ticks == 1000 + STUB_TIMER_HZ);
	CHECK(bs->check_event(e) == EFI_NOT_READY);
	/* 1 s in 100 ns units fires after a 1 s stall */
	CHECK(bs->set_timer(e, EFI_TIMER_RELATIVE, 10000000) == EFI_SUCCESS);
	CHECK(bs->check_event(e) == EFI_NOT_READY);
	CHECK(bs->stall(1000000) == EFI_SUCCESS && bs->check_event(e) == EFI_SUCCESS);
	CHECK(bs->close_event(e) == EFI_SUCCESS);
}

static void test_misc(void)
{
	uint32_t crc = 0;
	uint8_t buf[4] = { 1, 2, 3, 4 };

	CHECK(bs->calculate_crc32(buf, 0, &crc) == EFI_INVALID_PARAMETER);
	CHECK(bs->calculate_crc32(buf, 4, &crc) == EFI_SUCCESS && crc == 0xb63cfbcd);
	bs->set_mem(buf, 3, 0xaa);
	CHECK(buf[0] == 0xaa && buf[2] == 0xaa && buf[3] == 4);
	bs->copy_mem(buf + 1, buf, 3); /* overlapping */
	CHECK(buf[3] == 0xaa && buf[1] == 0xaa);
	CHECK(bs->install_protocol_interface(&(efi_handle_t){ NULL }, g(&guid_a), 1, &iface_a) ==
	      EFI_INVALID_PARAMETER);
}

int main(void)
{
	machine_init();
	test_pages();
	test_memory_map_and_exit();
	test_timer_never();
	test_misc();
	test_uninstall_multiple_all_or_nothing();
	return check_report("boot_services_test");
}
