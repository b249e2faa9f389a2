/*
 * efi_set_boot_current() (boot_manager.c as linked into the firmware) over
 * the production variable store in RAM, reached through the runtime
 * services table as the boot manager reaches it: BootCurrent names the
 * option started, volatile, whatever a program or an earlier boot stored
 * under that name before (a non-volatile one with other attributes would
 * refuse the new value and be read as this boot's). And the disks it
 * connects and the file systems it lists, more of them than the database
 * once held.
 */
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/boot_manager.h"
#include "firmware/efi/core.h"
#include "firmware/efi/tests/boot_services_stubs.h"
#include "firmware/efi/tests/fake_driver.h"
#include "firmware/efi/tests/host_core.h"
#include "firmware/efi/varstore.h"
#include "tools/testing/check.h"

#define BS EFI_VARIABLE_BOOTSERVICE_ACCESS
#define RT EFI_VARIABLE_RUNTIME_ACCESS
#define NV EFI_VARIABLE_NON_VOLATILE

static uint64_t storage[512];
static struct varstore vs;
static const efi_char16_t boot_current[] = u"BootCurrent";

static efi_status_t get_variable(efi_char16_t *name, efi_guid_t *guid, uint32_t *attr,
					uint64_t *size, void *data)
{
	return varstore_get(&vs, name, guid, attr, size, data, false);
}

static efi_status_t set_variable(efi_char16_t *name, efi_guid_t *guid, uint32_t attr,
					uint64_t size, void *data)
{
	return varstore_set(&vs, name, guid, attr, size, data, false);
}

static efi_runtime_services_t runtime_services;
static efi_system_table_t system_table;

efi_system_table_t *efi_system_table(void)
{
	return &system_table;
}

/* what boot_manager.c needs beside it, unused here */
efi_handle_t efi_firmware_handle(void)
{
	return NULL;
}

efi_status_t efi_image_set_load_options(efi_handle_t image, const void *options, uint32_t size)
{
	(void)image, (void)options, (void)size;
	return EFI_UNSUPPORTED;
}

const char *efi_simple_fs_last_error(void)
{
	return NULL;
}

/* BootCurrent's attributes and value; EFI_NOT_FOUND if there is none. */
static efi_status_t read_boot_current(uint32_t *attr, uint16_t *value)
{
	uint8_t buf[8];
	uint64_t size = sizeof(buf);
	efi_status_t status = varstore_get(&vs, boot_current, &efi_global_variable_guid, attr,
					   &size, buf, false);

	if (status == EFI_SUCCESS)
		CHECK(size == 2);
	*value = (uint16_t)(buf[0] | buf[1] << 8);
	return status;
}

static void test_boot_current(uint32_t stale_attributes)
{
	uint32_t attr = 0;
	uint16_t value = 0;

	varstore_init(&vs, storage, sizeof(storage));
	if (stale_attributes)
		CHECK(varstore_set(&vs, boot_current, &efi_global_variable_guid, stale_attributes,
				   2, "\x05\x00", false) == EFI_SUCCESS);
	CHECK(efi_set_boot_current(-1) == EFI_SUCCESS);
	CHECK(read_boot_current(&attr, &value) == EFI_NOT_FOUND);
	CHECK(efi_set_boot_current(0x1234) == EFI_SUCCESS);
	CHECK(read_boot_current(&attr, &value) == EFI_SUCCESS);
	CHECK(value == 0x1234 && attr == (BS | RT));
	CHECK(efi_set_boot_current(1) == EFI_SUCCESS);
	CHECK(read_boot_current(&attr, &value) == EFI_SUCCESS && value == 1);
	CHECK(efi_set_boot_current(-1) == EFI_SUCCESS);
	CHECK(read_boot_current(&attr, &value) == EFI_NOT_FOUND);
}

/* A stored BootCurrent is replaced as soon as an option starts, without the clear first. */
static void test_stale_replaced(uint32_t stale_attributes)
{
	uint32_t attr = 0;
	uint16_t value = 0;

	varstore_init(&vs, storage, sizeof(storage));
	CHECK(varstore_set(&vs, boot_current, &efi_global_variable_guid, stale_attributes, 2,
			   "\x05\x00", false) == EFI_SUCCESS);
	CHECK(efi_set_boot_current(7) == EFI_SUCCESS);
	CHECK(read_boot_current(&attr, &value) == EFI_SUCCESS);
	CHECK(value == 7 && attr == (BS | RT));
}

/*
 * 300 disks (Block I/O handles; the database held 192 handles, the boot
 * manager's snapshot as many): each is connected, here by a file system
 * driver; of their 300 file systems the boot manager is given the first
 * 256 in disk order (it got none when there were more), and a line says so.
 */
#define DISKS 300
#define KEPT 256

static void test_many_disks(void)
{
	static efi_memory_descriptor_t descriptors[16];
	static efi_handle_t disks[DISKS], got[KEPT];
	static int block_io, file_system;
	struct fake_driver fs;
	bool in_order = true;

	CHECK(host_core_init(descriptors, 16,
			     (uint64_t)(uintptr_t)aligned_alloc(EFI_PAGE_SIZE, 1024 * EFI_PAGE_SIZE),
			     1024 * EFI_PAGE_SIZE) == EFI_SUCCESS);
	CHECK(fake_driver_install(&fs, 1, &efi_block_io_protocol_guid,
				  &efi_simple_file_system_protocol_guid, &file_system, false));
	for (int i = 0; i < DISKS; i++) {
		disks[i] = NULL;
		CHECK(db_install(&efi_db, &disks[i], &efi_block_io_protocol_guid, &block_io) ==
		      EFI_SUCCESS);
	}
	efi_connect_block_devices();
	CHECK(fs.starts == DISKS);
	stub.last_log[0] = '\0';
	CHECK(efi_file_system_handles(got, KEPT) == KEPT);
	for (int i = 0; i < KEPT; i++)
		in_order &= got[i] == disks[i];
	CHECK(in_order);
	CHECK(strcmp(stub.last_log, "boot: 300 file systems: only the first 256 are tried") == 0);
}

int main(void)
{
	runtime_services.get_variable = get_variable;
	runtime_services.set_variable = set_variable;
	system_table.runtime_services = &runtime_services;
	test_boot_current(0);
	test_boot_current(NV | BS | RT);
	test_boot_current(BS);
	test_stale_replaced(NV | BS | RT);
	test_stale_replaced(BS | RT);
	test_many_disks();
	return check_report("boot_current_test");
}
