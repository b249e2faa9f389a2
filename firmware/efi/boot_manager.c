/* The EFI core as the boot manager uses it (see boot_manager.h). */
#include "firmware/efi/boot_manager.h"

#include <string.h>

#include "firmware/efi/connect.h"
#include "firmware/efi/core.h"
#include "firmware/platform/log.h"

#define MAX_NAME 16 /* "Boot####" and friends */

void efi_connect_block_devices(void)
{
	uint64_t size = 0;
	efi_handle_t *handles;

	if (db_locate_handles(&efi_db, EFI_BY_PROTOCOL, &efi_block_io_protocol_guid, &size,
			      NULL) != EFI_BUFFER_TOO_SMALL)
		return;
	handles = db_alloc(&efi_db, size, "the Block I/O handles to connect");
	if (!handles ||
	    db_locate_handles(&efi_db, EFI_BY_PROTOCOL, &efi_block_io_protocol_guid, &size,
			      handles) != EFI_SUCCESS)
		size = 0;
	/* a snapshot: connecting a disk adds its partitions, which recursion reaches */
	for (size_t i = 0; i < size / sizeof(handles[0]); i++)
		db_connect(&efi_db, handles[i], NULL, NULL, true);
	db_free(&efi_db, handles);
}

size_t efi_file_system_handles(efi_handle_t *out, size_t max)
{
	const efi_guid_t *fs = &efi_simple_file_system_protocol_guid;
	uint64_t size = max * sizeof(*out);
	efi_status_t status = db_locate_handles(&efi_db, EFI_BY_PROTOCOL, fs, &size, out);
	efi_handle_t *all;

	if (status != EFI_BUFFER_TOO_SMALL)
		return status == EFI_SUCCESS ? size / sizeof(*out) : 0;
	/* more than the boot manager keeps: the first max, in disk order, named */
	all = db_alloc(&efi_db, size, "the file system handles");
	if (!all || db_locate_handles(&efi_db, EFI_BY_PROTOCOL, fs, &size, all) != EFI_SUCCESS) {
		db_free(&efi_db, all);
		return 0;
	}
	log_info("boot: %llu file systems: only the first %zu are tried",
		 (unsigned long long)(size / sizeof(*out)), max);
	memcpy(out, all, max * sizeof(*out));
	db_free(&efi_db, all);
	return max;
}

const efi_device_path_t *efi_handle_device_path(efi_handle_t handle)
{
	void *path = NULL;

	return db_get(&efi_db, handle, &efi_device_path_protocol_guid, &path) == EFI_SUCCESS
		       ? path
		       : NULL;
}

const char *efi_file_system_error(void)
{
	return efi_simple_fs_last_error();
}

static bool to_utf16(const char *name, efi_char16_t *out)
{
	size_t i = 0;

	for (; name[i]; i++) {
		if (i + 1 == MAX_NAME)
			return false;
		out[i] = (efi_char16_t)name[i];
	}
	out[i] = 0;
	return true;
}

/* GetVariable, or SetVariable with no data (delete) when buf is NULL. */
efi_status_t efi_global_variable(const char *name, void *buf, uint64_t *size)
{
	efi_char16_t name16[MAX_NAME];
	efi_runtime_services_t *rt = efi_system_table()->runtime_services;
	efi_guid_t *vendor = (efi_guid_t *)&efi_global_variable_guid;

	if (!to_utf16(name, name16))
		return EFI_INVALID_PARAMETER;
	if (!buf)
		return rt->set_variable(name16, vendor, 0, 0, NULL);
	return rt->get_variable(name16, vendor, NULL, size, buf);
}

efi_status_t efi_set_boot_current(int number)
{
	static const efi_char16_t name[] = { 'B', 'o', 'o', 't', 'C', 'u', 'r', 'r', 'e', 'n', 't', 0 };
	efi_runtime_services_t *rt = efi_system_table()->runtime_services;
	efi_guid_t *vendor = (efi_guid_t *)&efi_global_variable_guid;
	uint8_t value[2] = { (uint8_t)number, (uint8_t)(number >> 8) };
	efi_status_t status;

	/*
	 * Whatever is stored under the name goes first: a BootCurrent a program
	 * or an earlier boot left in the store (non-volatile, other attributes)
	 * would refuse this volatile one and be read as this boot's.
	 */
	status = rt->set_variable((efi_char16_t *)name, vendor, 0, 0, NULL);
	if (number < 0)
		return status == EFI_NOT_FOUND ? EFI_SUCCESS : status;
	return rt->set_variable((efi_char16_t *)name, vendor,
				EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS,
				sizeof(value), value);
}

efi_status_t efi_boot_path(const efi_device_path_t *path, bool boot_policy, const void *options,
			   uint32_t options_size, const char **refusal)
{
	efi_handle_t handle = NULL;
	efi_status_t status = efi_load_image(boot_policy, efi_firmware_handle(),
					     (efi_device_path_t *)path, NULL, 0, &handle);

	*refusal = NULL;
	if (status != EFI_SUCCESS) {
		*refusal = efi_image_load_refusal();
		return status;
	}
	if (options_size) {
		status = efi_image_set_load_options(handle, options, options_size);
		if (status != EFI_SUCCESS) {
			efi_unload_image(handle);
			return status;
		}
	}
	return efi_start_image(handle, NULL, NULL);
}
