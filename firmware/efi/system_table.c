/*
 * The system table, runtime services table and configuration tables. They
 * outlive ExitBootServices(), so they live in runtime data.
 */
#include <string.h>

#include "firmware/efi/core.h"
#include "firmware/efi/crc32.h"
#include "firmware/efi/rt.h"

#define MAX_CONFIG_TABLES 16
#define FIRMWARE_REVISION 0x00010000u /* efilite 1.0 */

static efi_char16_t firmware_vendor[] RUNTIME_DATA = u"efilite";
static efi_configuration_table_t config_tables[MAX_CONFIG_TABLES] RUNTIME_DATA;
static efi_runtime_services_t runtime_table RUNTIME_DATA;
static efi_system_table_t system_table RUNTIME_DATA;

efi_system_table_t *efi_system_table(void)
{
	return &system_table;
}

RUNTIME_CODE void efi_table_update_crc(efi_table_header_t *hdr)
{
	hdr->crc32 = 0;
	hdr->crc32 = crc32(hdr, hdr->header_size);
}

static void header_init(efi_table_header_t *hdr, uint64_t signature, uint32_t size)
{
	hdr->signature = signature;
	hdr->revision = EFI_SPEC_REVISION;
	hdr->header_size = size;
	hdr->reserved = 0;
	efi_table_update_crc(hdr);
}

void efi_system_table_init(void)
{
	efi_system_table_t *st = &system_table;

	memset(st, 0, sizeof(*st));
	efi_runtime_table_fill(&runtime_table);
	header_init(&runtime_table.hdr, EFI_RUNTIME_SERVICES_SIGNATURE, sizeof(runtime_table));
	header_init(&efi_boot_services.hdr, EFI_BOOT_SERVICES_SIGNATURE,
		    sizeof(efi_boot_services));
	st->firmware_vendor = firmware_vendor;
	st->firmware_revision = FIRMWARE_REVISION;
	st->runtime_services = &runtime_table;
	st->boot_services = &efi_boot_services;
	st->configuration_table = config_tables;
	efi_console_init(&st->console_in_handle, &st->con_in, &st->con_out);
	st->console_out_handle = st->console_in_handle;
	st->standard_error_handle = st->console_in_handle;
	st->std_err = st->con_out;
	header_init(&st->hdr, EFI_SYSTEM_TABLE_SIGNATURE, sizeof(*st));
}

/*
 * InstallConfigurationTable: NULL GUID -> EFI_INVALID_PARAMETER; NULL table
 * removes the entry (EFI_NOT_FOUND if absent); a full array -> EFI_OUT_OF_RESOURCES.
 */
efi_status_t efi_install_configuration_table(const efi_guid_t *guid, void *table)
{
	efi_system_table_t *st = &system_table;
	uint64_t n = st->number_of_table_entries, i;

	if (!guid)
		return EFI_INVALID_PARAMETER;
	for (i = 0; i < n && !efi_guid_equal(&config_tables[i].guid, guid); i++)
		;
	if (!table) {
		if (i == n)
			return EFI_NOT_FOUND;
		config_tables[i] = config_tables[n - 1];
		st->number_of_table_entries = n - 1;
	} else if (i < n) {
		config_tables[i].table = table;
	} else {
		if (n == MAX_CONFIG_TABLES)
			return EFI_OUT_OF_RESOURCES;
		config_tables[n].guid = *guid;
		config_tables[n].table = table;
		st->number_of_table_entries = n + 1;
	}
	efi_table_update_crc(&st->hdr);
	return EFI_SUCCESS;
}

void efi_system_table_exit_boot_services(void)
{
	efi_system_table_t *st = &system_table;

	st->console_in_handle = NULL;
	st->con_in = NULL;
	st->console_out_handle = NULL;
	st->con_out = NULL;
	st->standard_error_handle = NULL;
	st->std_err = NULL;
	st->boot_services = NULL;
	efi_table_update_crc(&st->hdr);
}
