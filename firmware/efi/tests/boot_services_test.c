/*
 * Host tests for the boot services table (firmware/efi/boot_services.c),
 * linked with the production memmap, pool, protocol database and events
 * over host memory, and explicit stubs for the rest (boot_services_stubs.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/nx_compat.h"
#include "firmware/efi/connect.h"
#include "firmware/efi/efi_boot.h"
#include "firmware/efi/tests/boot_services_stubs.h"
#include "firmware/efi/tests/fake_driver.h"
#include "firmware/efi/tests/host_core.h"
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

	CHECK(host_core_init(first_descriptors, 16, (uint64_t)(uintptr_t)ram,
			     RAM_PAGES * EFI_PAGE_SIZE) == EFI_SUCCESS);
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

/*
 * A driver's Stop() removes the other pair (the protocol it added) on the
 * way: the last pair then fails, and the first is put back on the same
 * handle, which outlived its last protocol (it was freed before).
 */
static void test_uninstall_multiple_rollback_keeps_handle(void)
{
	struct fake_driver fs;
	efi_handle_t controller = NULL;

	CHECK(fake_driver_install(&fs, 1, &guid_a, &guid_b, &iface_b, false) != NULL);
	CHECK(bs->install_protocol_interface(&controller, g(&guid_a), EFI_NATIVE_INTERFACE,
					     &iface_a) == EFI_SUCCESS);
	CHECK(bs->connect_controller(controller, NULL, NULL, 0) == EFI_SUCCESS);
	CHECK(fs.starts == 1 && has(controller, &guid_b, &iface_b));
	CHECK(bs->uninstall_multiple_protocol_interfaces(controller, &guid_a, &iface_a, &guid_b,
							 &iface_b, NULL) == EFI_INVALID_PARAMETER);
	CHECK(fs.stops == 1);
	CHECK(db_handle_valid(&efi_db, controller) && has(controller, &guid_a, &iface_a));
	CHECK(!has(controller, &guid_b, &iface_b));
	CHECK(bs->uninstall_protocol_interface(controller, g(&guid_a), &iface_a) == EFI_SUCCESS);
	CHECK(!db_handle_valid(&efi_db, controller));
	CHECK(fake_driver_uninstall(&fs) == EFI_SUCCESS);
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

	/*
	 * Pages whose attributes cannot be reset are never freed read-only
	 * (issue 10 defect 1), yet FreePages succeeds (it has no status for
	 * that): the firmware keeps them, as boot-services data no FreePages frees.
	 */
	CHECK(bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, &a) == EFI_SUCCESS);
	stub.attributes = MMU_ATTR_RO;
	stub.set_attributes_result = -1;
	stub.last_log[0] = '\0';
	CHECK(bs->free_pages(a, 1) == EFI_SUCCESS);
	CHECK(memmap_type_at(&efi_memmap, a) == EFI_BOOT_SERVICES_DATA);
	CHECK(strstr(stub.last_log, "kept out of free memory") != NULL);
	stub.set_attributes_result = 0;
	CHECK(bs->free_pages(a, 1) == EFI_NOT_FOUND);
	CHECK(memmap_type_at(&efi_memmap, a) == EFI_BOOT_SERVICES_DATA);
	stub.attributes = MMU_ATTR_XP;
}

/* FreePool of a large block: the same, and only EFI_SUCCESS or EFI_INVALID_PARAMETER. */
static void test_pool_reset_fails(void)
{
	void *buf = NULL;
	uint64_t header;

	CHECK(bs->allocate_pool(EFI_LOADER_DATA, 3 * EFI_PAGE_SIZE, &buf) == EFI_SUCCESS);
	header = (uint64_t)(uintptr_t)buf & ~(uint64_t)(EFI_PAGE_SIZE - 1);
	stub.attributes = MMU_ATTR_RO;
	stub.set_attributes_result = -1;
	CHECK(bs->free_pool(buf) == EFI_SUCCESS);
	CHECK(memmap_type_at(&efi_memmap, header) == EFI_BOOT_SERVICES_DATA);
	stub.set_attributes_result = 0;
	CHECK(bs->free_pool(buf) == EFI_INVALID_PARAMETER);
	stub.attributes = MMU_ATTR_XP;
}

/* The NX compatibility mode: LoaderCode/LoaderData pages become RWX, nothing else does. */
static void test_pages_nx_compat(void)
{
	efi_physical_addr_t a = 0;

	CHECK(bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, &a) == EFI_SUCCESS);
	CHECK(bs->free_pages(a, 1) == EFI_SUCCESS);
	stub.set_attributes_calls = 0;
	nx_compat_enter();
	CHECK(stub.write_exec_allowed == 1);
	CHECK(bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_BOOT_SERVICES_DATA, 1, &a) ==
	      EFI_SUCCESS);
	CHECK(stub.set_attributes_calls == 0);
	CHECK(bs->free_pages(a, 1) == EFI_SUCCESS);
	CHECK(bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 1, &a) == EFI_SUCCESS);
	CHECK(stub.set_attributes_calls == 1 && stub.attributes == 0);
	/* no executable pages for it: the allocation fails and nothing stays allocated */
	stub.set_attributes_result = -1;
	CHECK(bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_CODE, 1, &a) ==
	      EFI_OUT_OF_RESOURCES);
	stub.set_attributes_result = 0;
}

static int before_exit_notifies;
static void *before_exit_buf;

/* A notify of the "before ExitBootServices" group that uses its last chance to allocate. */
static void allocate_before_exit(efi_event_t event, void *context)
{
	(void)event;
	(void)context;
	before_exit_notifies++;
	CHECK(bs->allocate_pool(EFI_BOOT_SERVICES_DATA, 64, &before_exit_buf) == EFI_SUCCESS);
}

static void test_memory_map_and_exit(void)
{
	efi_memory_descriptor_t map[64];
	uint64_t size = 0, key = 0, dsize = 0;
	uint32_t version = 0;
	efi_event_t before;
	void *buf;

	CHECK(bs->get_memory_map(&size, NULL, &key, &dsize, &version) == EFI_BUFFER_TOO_SMALL);
	CHECK(size == efi_memmap.count * sizeof(map[0]) && dsize == sizeof(map[0]));
	/*
	 * The "before" group goes first, once, at the first call (UEFI 2.10 7.1):
	 * what it allocates makes the caller's key stale, and the caller retries.
	 */
	CHECK(bs->create_event_ex(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, allocate_before_exit, NULL,
				  &efi_event_group_before_exit_boot_services_guid,
				  &before) == EFI_SUCCESS);
	size = sizeof(map);
	CHECK(bs->get_memory_map(&size, map, &key, &dsize, &version) == EFI_SUCCESS);
	CHECK(bs->exit_boot_services(NULL, key) == EFI_INVALID_PARAMETER);
	CHECK(before_exit_notifies == 1 && stub.runtime_exits == 0);
	CHECK(bs->free_pool(before_exit_buf) == EFI_SUCCESS);
	size = sizeof(map);
	CHECK(bs->get_memory_map(&size, map, &key, &dsize, &version) == EFI_SUCCESS);
	/* a pool allocation in between changes the key ExitBootServices wants */
	CHECK(bs->allocate_pool(EFI_LOADER_DATA, 8192, &buf) == EFI_SUCCESS);
	CHECK(bs->exit_boot_services(NULL, key) == EFI_INVALID_PARAMETER);
	CHECK(stub.runtime_exits == 0);
	CHECK(bs->free_pool(buf) == EFI_SUCCESS);
	CHECK(bs->free_pool(buf) == EFI_INVALID_PARAMETER);
	CHECK(before_exit_notifies == 1 && bs->close_event(before) == EFI_SUCCESS);
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

/* ---- RegisterProtocolNotify and LocateHandle(ByRegisterNotify) ---- */

static int notifies;
static efi_handle_t seen[8];
static size_t seen_count;

/* What a real consumer's notify function does: take every new handle. */
static void take_new_handles(efi_event_t event, void *context)
{
	void *registration = *(void **)context;
	efi_handle_t h;
	uint64_t size = sizeof(h);

	(void)event;
	notifies++;
	while (bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, registration, &size, &h) ==
	       EFI_SUCCESS) {
		if (seen_count < 8)
			seen[seen_count++] = h;
		size = sizeof(h);
	}
}

static void count_notify(efi_event_t event, void *context)
{
	(void)event;
	(void)context;
	notifies++;
}

static void test_register_protocol_notify(void)
{
	efi_event_t e;
	void *reg = NULL, *iface;
	efi_handle_t h1 = NULL, h2 = NULL, h3 = NULL, got, *buffer;
	uint64_t size = 0, count;
	int fake;

	CHECK(bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, count_notify, NULL, &e) ==
	      EFI_SUCCESS);
	CHECK(bs->register_protocol_notify(g(&guid_a), &fake, &reg) == EFI_INVALID_PARAMETER);
	CHECK(bs->register_protocol_notify(NULL, e, &reg) == EFI_INVALID_PARAMETER);
	CHECK(bs->register_protocol_notify(g(&guid_a), e, NULL) == EFI_INVALID_PARAMETER);
	CHECK(bs->register_protocol_notify(g(&guid_a), e, &reg) == EFI_SUCCESS && reg);
	CHECK(bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, reg, &size, &got) == EFI_NOT_FOUND);
	CHECK(bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, NULL, &size, &got) ==
	      EFI_INVALID_PARAMETER);
	notifies = 0;
	CHECK(bs->install_protocol_interface(&h1, g(&guid_a), EFI_NATIVE_INTERFACE, &iface_a) ==
	      EFI_SUCCESS);
	CHECK(notifies == 1);
	/* one handle at a time, sized like any LocateHandle */
	size = 0;
	CHECK(bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, reg, &size, &got) ==
	      EFI_BUFFER_TOO_SMALL && size == sizeof(got));
	CHECK(bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, reg, &size, &got) == EFI_SUCCESS &&
	      got == h1);
	CHECK(bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, reg, &size, &got) == EFI_NOT_FOUND);
	/* other GUIDs do not signal */
	CHECK(bs->install_protocol_interface(&h1, g(&guid_b), EFI_NATIVE_INTERFACE, &iface_b) ==
	      EFI_SUCCESS);
	CHECK(notifies == 1);
	CHECK(bs->install_multiple_protocol_interfaces(&h2, &guid_a, &iface_b, NULL) == EFI_SUCCESS);
	CHECK(bs->install_protocol_interface(&h3, g(&guid_a), EFI_NATIVE_INTERFACE, &iface_c) ==
	      EFI_SUCCESS);
	CHECK(notifies == 3);
	/* oldest first; LocateProtocol with the registration takes the next one too */
	size = sizeof(got);
	CHECK(bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, reg, &size, &got) == EFI_SUCCESS &&
	      got == h2);
	CHECK(bs->locate_protocol(g(&guid_a), reg, &iface) == EFI_SUCCESS && iface == &iface_c);
	CHECK(bs->locate_protocol(g(&guid_a), reg, &iface) == EFI_NOT_FOUND && iface == NULL);
	/* reinstalling is news too; an uninstalled handle is not */
	CHECK(bs->reinstall_protocol_interface(h1, g(&guid_a), &iface_a, &iface_b) == EFI_SUCCESS);
	CHECK(notifies == 4);
	CHECK(bs->locate_handle_buffer(EFI_BY_REGISTER_NOTIFY, NULL, reg, &count, &buffer) ==
	      EFI_SUCCESS && count == 1 && buffer[0] == h1);
	CHECK(bs->free_pool(buffer) == EFI_SUCCESS);
	CHECK(bs->reinstall_protocol_interface(h1, g(&guid_a), &iface_b, &iface_a) == EFI_SUCCESS);
	CHECK(bs->uninstall_protocol_interface(h1, g(&guid_a), &iface_a) == EFI_SUCCESS);
	CHECK(bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, reg, &size, &got) == EFI_NOT_FOUND);
	/* the registration goes with its event */
	CHECK(bs->close_event(e) == EFI_SUCCESS);
	CHECK(bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, reg, &size, &got) ==
	      EFI_INVALID_PARAMETER);
	CHECK(bs->install_protocol_interface(&h1, g(&guid_a), EFI_NATIVE_INTERFACE, &iface_a) ==
	      EFI_SUCCESS);
	CHECK(notifies == 5); /* the two reinstalls above, not this install */
	/* a notify function that takes the new handles as they come */
	CHECK(bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, take_new_handles, &reg, &e) ==
	      EFI_SUCCESS);
	CHECK(bs->register_protocol_notify(g(&guid_c), e, &reg) == EFI_SUCCESS);
	seen_count = 0;
	CHECK(bs->install_protocol_interface(&h2, g(&guid_c), EFI_NATIVE_INTERFACE, &iface_c) ==
	      EFI_SUCCESS);
	CHECK(bs->install_protocol_interface(&h3, g(&guid_c), EFI_NATIVE_INTERFACE, &iface_c) ==
	      EFI_SUCCESS);
	CHECK(seen_count == 2 && seen[0] == h2 && seen[1] == h3);
	CHECK(bs->close_event(e) == EFI_SUCCESS);
	CHECK(bs->uninstall_multiple_protocol_interfaces(h1, &guid_a, &iface_a, &guid_b, &iface_b,
							 NULL) == EFI_SUCCESS);
	CHECK(bs->uninstall_multiple_protocol_interfaces(h2, &guid_a, &iface_b, &guid_c, &iface_c,
							 NULL) == EFI_SUCCESS);
	CHECK(bs->uninstall_multiple_protocol_interfaces(h3, &guid_a, &iface_c, &guid_c, &iface_c,
							 NULL) == EFI_SUCCESS);
}

/* ---- ConnectController/DisconnectController with two fake drivers ---- */

static void test_connect_controller(void)
{
	struct fake_driver bus, leaf, rival;
	efi_handle_t controller = NULL, child;
	efi_handle_t bus_h = fake_driver_install(&bus, 0x10, &guid_a, &guid_b, &iface_b, true);
	efi_handle_t leaf_h = fake_driver_install(&leaf, 0x10, &guid_b, &guid_c, &iface_c, false);
	efi_handle_t rival_h;

	CHECK(bus_h && leaf_h);
	CHECK(bs->connect_controller(NULL, NULL, NULL, 1) == EFI_INVALID_PARAMETER);
	CHECK(bs->disconnect_controller(NULL, NULL, NULL) == EFI_INVALID_PARAMETER);
	CHECK(bs->install_protocol_interface(&controller, g(&guid_a), EFI_NATIVE_INTERFACE,
					     &iface_a) == EFI_SUCCESS);
	/* not recursive: the bus driver makes its child, nobody connects it */
	CHECK(bs->connect_controller(controller, NULL, NULL, 0) == EFI_SUCCESS);
	child = bus.child;
	CHECK(bus.starts == 1 && leaf.starts == 0 && child != NULL);
	CHECK(has(child, &guid_b, &iface_b) && !has(child, &guid_c, &iface_c));
	/* connected already: nothing more starts */
	CHECK(bs->connect_controller(controller, NULL, NULL, 0) == EFI_NOT_FOUND);
	CHECK(bs->connect_controller(child, NULL, NULL, 0) == EFI_SUCCESS);
	CHECK(leaf.starts == 1 && has(child, &guid_c, &iface_c));
	/* tearing down: the child's own driver is disconnected to free it */
	CHECK(bs->disconnect_controller(controller, NULL, NULL) == EFI_SUCCESS);
	CHECK(bus.stops == 2 && leaf.stops == 1 && !db_handle_valid(&efi_db, child));
	/* recursive: the whole stack in one call */
	CHECK(bs->connect_controller(controller, NULL, NULL, 1) == EFI_SUCCESS);
	child = bus.child;
	CHECK(bus.starts == 2 && leaf.starts == 2 && has(child, &guid_c, &iface_c));
	/* disconnecting one child by handle, then a driver that does not manage it */
	CHECK(bs->disconnect_controller(controller, leaf_h, NULL) == EFI_SUCCESS && bus.stops == 2);
	CHECK(bs->disconnect_controller(controller, bus_h, child) == EFI_SUCCESS);
	CHECK(!db_handle_valid(&efi_db, child) && bus.stops == 4 && leaf.stops == 2);
	/* the higher version wins; a driver named by the caller comes first */
	rival_h = fake_driver_install(&rival, 0x20, &guid_a, &guid_b, &iface_b, true);
	CHECK(bs->connect_controller(controller, NULL, NULL, 0) == EFI_SUCCESS);
	CHECK(rival.starts == 1 && bus.starts == 2);
	CHECK(bs->disconnect_controller(controller, NULL, NULL) == EFI_SUCCESS);
	CHECK(bs->connect_controller(controller, (efi_handle_t[]){ bus_h, NULL }, NULL, 0) ==
	      EFI_SUCCESS);
	CHECK(rival.starts == 1 && bus.starts == 3);
	/* uninstalling what a driver holds BY_DRIVER disconnects the driver first */
	CHECK(bs->uninstall_protocol_interface(controller, g(&guid_a), &iface_a) == EFI_SUCCESS);
	CHECK(bus.stops == 6 && !db_handle_valid(&efi_db, controller));
	CHECK(rival_h && fake_driver_uninstall(&rival) == EFI_SUCCESS);
	CHECK(fake_driver_uninstall(&bus) == EFI_SUCCESS);
	CHECK(fake_driver_uninstall(&leaf) == EFI_SUCCESS);
}

/*
 * An application's EXCLUSIVE open makes the driver holding the protocol
 * BY_DRIVER let go (UEFI 2.10 7.3); while it holds it, no driver binds, nor
 * does a second EXCLUSIVE open succeed; closed, the driver binds again.
 */
static void test_exclusive_open_releases_driver(void)
{
	struct fake_driver bus;
	efi_handle_t controller = NULL, app = new_agent(), other = new_agent();
	void *out = NULL;

	CHECK(fake_driver_install(&bus, 0x10, &guid_a, &guid_b, &iface_b, true) != NULL);
	CHECK(bs->install_protocol_interface(&controller, g(&guid_a), EFI_NATIVE_INTERFACE,
					     &iface_a) == EFI_SUCCESS);
	CHECK(bs->connect_controller(controller, NULL, NULL, 0) == EFI_SUCCESS && bus.starts == 1);
	CHECK(bs->open_protocol(controller, g(&guid_a), &out, app, NULL,
				EFI_OPEN_PROTOCOL_EXCLUSIVE) == EFI_SUCCESS);
	CHECK(out == &iface_a && bus.stops == 2 /* the child, then the controller */);
	CHECK(bs->connect_controller(controller, NULL, NULL, 0) == EFI_NOT_FOUND);
	CHECK(bs->open_protocol(controller, g(&guid_a), &out, other, NULL,
				EFI_OPEN_PROTOCOL_EXCLUSIVE) == EFI_ACCESS_DENIED);
	CHECK(bs->close_protocol(controller, g(&guid_a), app, NULL) == EFI_SUCCESS);
	CHECK(bs->connect_controller(controller, NULL, NULL, 0) == EFI_SUCCESS && bus.starts == 2);
	CHECK(bs->uninstall_protocol_interface(controller, g(&guid_a), &iface_a) == EFI_SUCCESS);
	CHECK(fake_driver_uninstall(&bus) == EFI_SUCCESS);
	CHECK(bs->uninstall_protocol_interface(app, g(&guid_c), &iface_c) == EFI_SUCCESS);
	CHECK(bs->uninstall_protocol_interface(other, g(&guid_c), &iface_c) == EFI_SUCCESS);
}

/* ReinstallProtocolInterface of what a driver holds: the driver lets go, then binds to the new one. */
static void test_reinstall_reconnects(void)
{
	struct fake_driver bus;
	efi_handle_t controller = NULL, first_child;
	int other;

	CHECK(fake_driver_install(&bus, 1, &guid_a, &guid_b, &iface_b, true) != NULL);
	CHECK(bs->install_protocol_interface(&controller, g(&guid_a), EFI_NATIVE_INTERFACE,
					     &iface_a) == EFI_SUCCESS);
	CHECK(bs->connect_controller(controller, NULL, NULL, 0) == EFI_SUCCESS);
	first_child = bus.child;
	CHECK(bs->reinstall_protocol_interface(controller, g(&guid_a), &iface_a, &other) ==
	      EFI_SUCCESS);
	CHECK(has(controller, &guid_a, &other));
	/* (the new child may reuse the old one's slot) */
	CHECK(bus.stops == 2 && bus.starts == 2 && first_child && has(bus.child, &guid_b, &iface_b));
	CHECK(bs->disconnect_controller(controller, NULL, NULL) == EFI_SUCCESS);
	CHECK(bs->uninstall_protocol_interface(controller, g(&guid_a), &other) == EFI_SUCCESS);
	CHECK(fake_driver_uninstall(&bus) == EFI_SUCCESS);
}

/* A driver whose children are controllers for it again: a recursive connect stops. */
static void test_connect_depth(void)
{
	struct fake_driver chain;
	efi_handle_t controller = NULL;

	CHECK(fake_driver_install(&chain, 1, &guid_a, &guid_a, &iface_a, true) != NULL);
	CHECK(bs->install_protocol_interface(&controller, g(&guid_a), EFI_NATIVE_INTERFACE,
					     &iface_a) == EFI_SUCCESS);
	CHECK(bs->connect_controller(controller, NULL, NULL, 1) == EFI_SUCCESS);
	CHECK(chain.starts == 1 + CONNECT_MAX_DEPTH);
	/* tearing the chain down from the top stops every level */
	CHECK(bs->disconnect_controller(controller, NULL, NULL) == EFI_SUCCESS);
	CHECK(chain.stops == 2 * chain.starts);
	CHECK(bs->uninstall_protocol_interface(controller, g(&guid_a), &iface_a) == EFI_SUCCESS);
	CHECK(fake_driver_uninstall(&chain) == EFI_SUCCESS);
	for (const struct db_handle *h = db_slots(&efi_db); h; h = h->next)
		CHECK(!h->in_use);
}

/*
 * 600 handles, past the 192 the database held before (and the 64 of its
 * own room): each installed, LocateHandleBuffer returns them all. With the
 * machine's pages all taken, a handle past the free slots is refused with
 * the rules' status, and a line names what the memory was for.
 */
#define MANY_HANDLES 600
#define MOST_SLOTS 1024 /* 64 own, then blocks of 64, 128, 256 and 512 */

static void test_many_handles(void)
{
	static efi_handle_t h[MANY_HANDLES], extra[MOST_SLOTS];
	efi_physical_addr_t taken[64];
	uint64_t taken_pages[64], count = 0;
	efi_handle_t *buffer = NULL;
	efi_status_t status = EFI_SUCCESS;
	size_t all_found = 0, n = 0, made = 0;

	for (size_t i = 0; i < MANY_HANDLES; i++) {
		h[i] = NULL;
		CHECK(bs->install_protocol_interface(&h[i], g(&guid_b), EFI_NATIVE_INTERFACE,
						     &iface_b) == EFI_SUCCESS);
	}
	CHECK(bs->locate_handle_buffer(EFI_BY_PROTOCOL, g(&guid_b), NULL, &count, &buffer) ==
	      EFI_SUCCESS && count == MANY_HANDLES);
	for (size_t i = 0; buffer && i < MANY_HANDLES; i++)
		for (size_t j = 0; j < count; j++)
			all_found += buffer[j] == h[i];
	CHECK(all_found == MANY_HANDLES);
	CHECK(buffer && bs->free_pool(buffer) == EFI_SUCCESS);
	/* no memory left: the free slots go, then the next handle is refused, named */
	for (uint64_t pages = RAM_PAGES; pages && n < 64; pages /= 2)
		while (n < 64 && bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, pages,
						     &taken[n]) == EFI_SUCCESS)
			taken_pages[n++] = pages;
	stub.last_log[0] = '\0';
	while (status == EFI_SUCCESS && made < MOST_SLOTS) {
		extra[made] = NULL;
		status = bs->install_protocol_interface(&extra[made], g(&guid_b), EFI_NATIVE_INTERFACE,
							&iface_b);
		made += status == EFI_SUCCESS;
	}
	printf("many handles: %zu more made, then: %s\n", made, stub.last_log);
	CHECK(status == EFI_OUT_OF_RESOURCES &&
	      strncmp(stub.last_log, "EFI: out of memory for protocol database: handles (", 51) == 0);
	while (n-- > 0)
		CHECK(bs->free_pages(taken[n], taken_pages[n]) == EFI_SUCCESS);
	while (made-- > 0)
		CHECK(bs->uninstall_protocol_interface(extra[made], g(&guid_b), &iface_b) ==
		      EFI_SUCCESS);
	for (size_t i = 0; i < MANY_HANDLES; i++)
		CHECK(bs->uninstall_protocol_interface(h[i], g(&guid_b), &iface_b) == EFI_SUCCESS);
}

/* A vendor media node and an end node. */
struct vendor_path {
	efi_vendor_device_path_t vendor;
	efi_device_path_t end;
} __attribute__((packed));

static const struct vendor_path disk_path = {
	.vendor = { { EFI_DP_TYPE_MEDIA, EFI_DP_MEDIA_VENDOR, { sizeof(efi_vendor_device_path_t), 0 } },
		    EFI_GUID(0xd1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11) },
	.end = { EFI_DP_TYPE_END, EFI_DP_END_ENTIRE, { 4, 0 } },
};

/* InstallMultipleProtocolInterfaces: all or nothing too, and one handle per device path. */
static void test_install_multiple(void)
{
	efi_handle_t h = NULL, h2 = NULL, *buffer = NULL;
	efi_guid_t **guids = NULL;
	efi_open_protocol_information_entry_t *info = NULL;
	uint64_t count = 0;
	void *iface;

	CHECK(bs->install_multiple_protocol_interfaces(&h, &guid_a, &iface_a,
						       &efi_device_path_protocol_guid, &disk_path,
						       NULL) == EFI_SUCCESS);
	/* the same device path again: refused, and the first pair taken back */
	CHECK(bs->install_multiple_protocol_interfaces(&h2, &guid_b, &iface_b,
						       &efi_device_path_protocol_guid, &disk_path,
						       NULL) == EFI_ALREADY_STARTED);
	CHECK(h2 == NULL && bs->locate_protocol(g(&guid_b), NULL, &iface) == EFI_NOT_FOUND);
	/* onto an existing handle: a pair already there undoes the ones before it */
	CHECK(bs->install_multiple_protocol_interfaces(&h, &guid_b, &iface_b, &guid_a, &iface_a,
						       NULL) == EFI_INVALID_PARAMETER);
	CHECK(!has(h, &guid_b, &iface_b) && has(h, &guid_a, &iface_a));
	/* the buffers boot services allocate come from the pool and go back to it */
	CHECK(bs->locate_handle_buffer(EFI_BY_PROTOCOL, g(&guid_a), NULL, &count, &buffer) ==
	      EFI_SUCCESS && count == 1 && buffer[0] == h);
	CHECK(bs->free_pool(buffer) == EFI_SUCCESS);
	CHECK(bs->locate_handle_buffer(EFI_BY_PROTOCOL, g(&guid_c), NULL, &count, &buffer) ==
	      EFI_NOT_FOUND);
	CHECK(bs->protocols_per_handle(h, &guids, &count) == EFI_SUCCESS && count == 2);
	CHECK(bs->free_pool(guids) == EFI_SUCCESS);
	CHECK(bs->open_protocol(h, g(&guid_a), &iface, h, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL) ==
	      EFI_SUCCESS);
	CHECK(bs->open_protocol_information(h, g(&guid_a), &info, &count) == EFI_SUCCESS &&
	      count == 1 && info[0].agent_handle == h &&
	      info[0].attributes == EFI_OPEN_PROTOCOL_GET_PROTOCOL);
	CHECK(bs->free_pool(info) == EFI_SUCCESS);
	CHECK(bs->uninstall_multiple_protocol_interfaces(h, &guid_a, &iface_a,
							 &efi_device_path_protocol_guid, &disk_path,
							 NULL) == EFI_SUCCESS);
	CHECK(!db_handle_valid(&efi_db, h));
}

/* ---- a notify function that takes the handle away under InstallMultipleProtocolInterfaces ---- */

static void *steal_registration;
static efi_handle_t stolen_from, stealer_handle;

/* Once: removes both protocols from the new handle (freeing it) and makes a handle of its own. */
static void steal_slot(efi_event_t event, void *context)
{
	uint64_t size = sizeof(stolen_from);

	(void)event;
	(void)context;
	if (stealer_handle || bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, steal_registration,
						 &size, &stolen_from) != EFI_SUCCESS)
		return;
	bs->uninstall_protocol_interface(stolen_from, g(&guid_a), &iface_a);
	bs->uninstall_protocol_interface(stolen_from, g(&guid_b), &iface_b);
	bs->install_protocol_interface(&stealer_handle, g(&guid_c), EFI_NATIVE_INTERFACE, &iface_c);
}

/*
 * The pairs after the one whose notify emptied the handle go to that handle,
 * held, never to the notify function's new handle in the freed slot (before:
 * the later pairs landed on it, and the caller got it as its own). The
 * notify comes with the first pair (a handle not yet returned) or the second.
 */
static void install_multiple_notify_frees_handle(const efi_guid_t *notify_guid)
{
	efi_handle_t h = NULL;
	efi_event_t e;

	CHECK(bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, steal_slot, NULL, &e) ==
	      EFI_SUCCESS);
	CHECK(bs->register_protocol_notify(g(notify_guid), e, &steal_registration) == EFI_SUCCESS);
	stealer_handle = NULL;
	CHECK(bs->install_multiple_protocol_interfaces(&h, &guid_a, &iface_a, &guid_b, &iface_b,
						       &efi_device_path_protocol_guid, &disk_path,
						       NULL) == EFI_SUCCESS);
	CHECK(stealer_handle != NULL && stolen_from == h && stealer_handle != h);
	CHECK(!has(stealer_handle, &efi_device_path_protocol_guid, (void *)&disk_path));
	CHECK(has(h, &efi_device_path_protocol_guid, (void *)&disk_path));
	CHECK(!has(h, &guid_a, &iface_a));
	CHECK(bs->close_event(e) == EFI_SUCCESS);
	bs->uninstall_protocol_interface(h, g(&guid_b), &iface_b);
	CHECK(bs->uninstall_protocol_interface(h, g(&efi_device_path_protocol_guid),
					       (void *)&disk_path) == EFI_SUCCESS);
	CHECK(bs->uninstall_protocol_interface(stealer_handle, g(&guid_c), &iface_c) ==
	      EFI_SUCCESS);
	CHECK(!db_handle_valid(&efi_db, h));
}

static void test_install_multiple_notify_frees_handle(void)
{
	install_multiple_notify_frees_handle(&guid_a);
	install_multiple_notify_frees_handle(&guid_b);
}

static const efi_guid_t *hooked[4];
static int hook_calls;

static void record_hook(const efi_guid_t *guid)
{
	if (hook_calls < 4)
		hooked[hook_calls] = guid;
	hook_calls++;
}

/* The services that only pass through, and the on-demand connect hook drivers use. */
static void test_pass_through(void)
{
	efi_handle_t h = NULL, found = NULL, got, *all = NULL;
	efi_device_path_t *path = (efi_device_path_t *)&disk_path;
	uint64_t size = sizeof(got), old, count = 0;
	efi_event_t e;
	void *reg;

	efi_set_connect_hook(record_hook);
	CHECK(bs->install_multiple_protocol_interfaces(&h, &guid_a, &iface_a,
						       &efi_device_path_protocol_guid, &disk_path,
						       NULL) == EFI_SUCCESS);
	CHECK(bs->locate_device_path(g(&guid_a), &path, &found) == EFI_SUCCESS && found == h);
	CHECK(bs->locate_handle_buffer(EFI_ALL_HANDLES, NULL, NULL, &count, &all) == EFI_SUCCESS &&
	      count >= 1 && all[count - 1] == h);
	CHECK(bs->free_pool(all) == EFI_SUCCESS);
	/* ByRegisterNotify looks for nothing new: no probing */
	CHECK(bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, count_notify, NULL, &e) ==
	      EFI_SUCCESS);
	CHECK(bs->register_protocol_notify(g(&guid_c), e, &reg) == EFI_SUCCESS);
	CHECK(bs->locate_handle(EFI_BY_REGISTER_NOTIFY, NULL, reg, &size, &got) == EFI_NOT_FOUND);
	CHECK(hook_calls == 3 && hooked[0] == &guid_a && hooked[1] == NULL && hooked[2] == NULL);
	efi_set_connect_hook(NULL);
	CHECK(bs->close_event(e) == EFI_SUCCESS);
	CHECK(bs->uninstall_multiple_protocol_interfaces(h, &guid_a, &iface_a,
							 &efi_device_path_protocol_guid, &disk_path,
							 NULL) == EFI_SUCCESS);
	/* TPL, watchdog, CreateEventEx, configuration tables */
	old = bs->raise_tpl(TPL_NOTIFY);
	CHECK(old == TPL_APPLICATION && bs->raise_tpl(TPL_CALLBACK) == TPL_NOTIFY);
	bs->restore_tpl(old);
	CHECK(bs->raise_tpl(TPL_APPLICATION) == TPL_APPLICATION);
	CHECK(bs->set_watchdog_timer(300, 0, 0, NULL) == EFI_SUCCESS);
	CHECK(bs->create_event_ex(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, count_notify, NULL, &guid_b,
				  &e) == EFI_SUCCESS);
	CHECK(bs->close_event(e) == EFI_SUCCESS);
	CHECK(bs->install_configuration_table(g(&guid_a), &iface_a) == EFI_SUCCESS);
	/* more pairs than a handle holds, or no handle pointer */
	CHECK(bs->install_multiple_protocol_interfaces(NULL, &guid_a, &iface_a, NULL) ==
	      EFI_INVALID_PARAMETER);
	h = NULL;
	CHECK(bs->install_multiple_protocol_interfaces(
		      &h, &guid_a, &iface_a, &guid_a, &iface_a, &guid_a, &iface_a, &guid_a, &iface_a,
		      &guid_a, &iface_a, &guid_a, &iface_a, &guid_a, &iface_a, &guid_a, &iface_a,
		      &guid_a, &iface_a, &guid_a, &iface_a, &guid_a, &iface_a, &guid_a, &iface_a,
		      &guid_a, &iface_a, NULL) == EFI_INVALID_PARAMETER);
	CHECK(h == NULL);
}

static int exit_notifies;

static void count_exit(efi_event_t event, void *context)
{
	(void)event;
	(void)context;
	exit_notifies++;
}

/* Last: ExitBootServices with a stale key, then the current one, then again. */
static void test_exit_boot_services(void)
{
	efi_memory_descriptor_t map[64];
	uint64_t size = sizeof(map), key = 0, dsize;
	uint32_t version;
	efi_event_t e, signaled;
	uint64_t index;
	unsigned long long wait_us, wait_calls, stall_us, stall_calls;

	CHECK(bs->create_event(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, count_exit, NULL, &e) ==
	      EFI_SUCCESS);

	/* the time programs spend blocked in WaitForEvent and Stall is told at the exit */
	CHECK(bs->create_event(0, 0, NULL, NULL, &signaled) == EFI_SUCCESS &&
	      bs->signal_event(signaled) == EFI_SUCCESS);
	CHECK(bs->wait_for_event(1, &signaled, &index) == EFI_SUCCESS && index == 0);
	CHECK(bs->stall(3000000) == EFI_SUCCESS);
	CHECK(bs->get_memory_map(&size, map, &key, &dsize, &version) == EFI_SUCCESS);
	stub.last_log[0] = '\0';
	CHECK(bs->exit_boot_services(NULL, key + 1) == EFI_INVALID_PARAMETER && exit_notifies == 0);
	CHECK(stub.last_log[0] == '\0');
	CHECK(bs->exit_boot_services(NULL, key) == EFI_SUCCESS);
	CHECK(exit_notifies == 1 && stub.runtime_exits == 1 && stub.system_table_exits == 1);
	CHECK(before_exit_notifies == 1); /* once, at the first call (test_memory_map_and_exit) */
	CHECK(sscanf(stub.last_log, "boot services: programs waited %llu us in WaitForEvent (%llu "
		     "calls), %llu us in Stall (%llu calls)", &wait_us, &wait_calls, &stall_us,
		     &stall_calls) == 4);
	CHECK(wait_calls >= 1 && stall_calls >= 3 && stall_us >= 3000000 && wait_us < stall_us);
	CHECK(bs->exit_boot_services(NULL, key) == EFI_SUCCESS && exit_notifies == 1 &&
	      stub.runtime_exits == 1);
}

int main(void)
{
	machine_init();
	test_pages();
	test_pool_reset_fails();
	test_memory_map_and_exit();
	test_timer_never();
	test_misc();
	test_uninstall_multiple_all_or_nothing();
	test_uninstall_multiple_rollback_keeps_handle();
	test_register_protocol_notify();
	test_connect_controller();
	test_connect_depth();
	test_many_handles();
	test_reinstall_reconnects();
	test_exclusive_open_releases_driver();
	test_install_multiple();
	test_install_multiple_notify_frees_handle();
	test_pass_through();
	test_exit_boot_services();
	test_pages_nx_compat(); /* last: the mode stays on */
	return check_report("boot_services_test");
}
