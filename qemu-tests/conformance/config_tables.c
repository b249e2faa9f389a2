/* SPDX-License-Identifier: MIT */
/* InstallConfigurationTable: add, replace, delete, as seen in the system table. */
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

static const efi_guid_t test_table_guid =
	EFI_GUID(0x7c2e9a40, 0x1b3f, 0x4d52, 0x8a, 0x77, 0x0e, 0x6c, 0x93, 0x21, 0xd4, 0x05);

static uint64_t table_a, table_b;

/* The table pointer installed under the GUID, or NULL; *count gets the number of entries. */
static void *lookup(const efi_guid_t *guid, size_t *count)
{
	void *found = NULL;

	*count = 0;
	for (uint64_t i = 0; i < env.st->number_of_table_entries; i++) {
		if (guid_equal(&env.st->configuration_table[i].vendor_guid, guid)) {
			found = env.st->configuration_table[i].vendor_table;
			(*count)++;
		}
	}
	return found;
}

void test_configuration_tables(void)
{
	uint64_t before = env.st->number_of_table_entries;
	size_t count;
	void *found;

	t_status("config_table.install",
		 env.bs->install_configuration_table(&test_table_guid, &table_a), EFI_SUCCESS);
	found = lookup(&test_table_guid, &count);
	t_check("config_table.installed_visible", found == &table_a && count == 1,
		"table missing from the system table");
	t_equal("config_table.count_grows", env.st->number_of_table_entries, before + 1);

	t_status("config_table.replace",
		 env.bs->install_configuration_table(&test_table_guid, &table_b), EFI_SUCCESS);
	found = lookup(&test_table_guid, &count);
	t_check("config_table.replaced_in_place", found == &table_b && count == 1,
		"replacement not visible exactly once");
	t_equal("config_table.replace_keeps_count", env.st->number_of_table_entries, before + 1);

	t_status("config_table.delete",
		 env.bs->install_configuration_table(&test_table_guid, NULL), EFI_SUCCESS);
	found = lookup(&test_table_guid, &count);
	t_check("config_table.deleted", count == 0, "table still listed after delete");
	t_equal("config_table.delete_shrinks", env.st->number_of_table_entries, before);

	t_status("config_table.delete_absent_not_found",
		 env.bs->install_configuration_table(&test_table_guid, NULL), EFI_NOT_FOUND);
	t_status("config_table.null_guid_invalid",
		 env.bs->install_configuration_table(NULL, &table_a), EFI_INVALID_PARAMETER);
}
