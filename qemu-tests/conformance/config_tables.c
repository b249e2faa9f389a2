/* SPDX-License-Identifier: MIT */
/* InstallConfigurationTable: add, replace, delete, as seen in the system table. */
#include "qemu-tests/conformance/memmap.h"
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

static const void *find_table(const efi_guid_t *guid)
{
	size_t count;

	return lookup(guid, &count);
}

static bool bytes_are(const void *p, const char *text, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		if (b[i] != (uint8_t)text[i])
			return false;
	}
	return true;
}

/* The memory type of the page holding addr, or UINT32_MAX if the map has none. */
static uint32_t memory_type_at(uint64_t addr)
{
	struct memmap map;
	struct efi_memory_descriptor *d;
	uint32_t type = UINT32_MAX;

	if (memmap_get(&map) != EFI_SUCCESS)
		return type;
	d = memmap_find(&map, addr);
	if (d)
		type = d->type;
	memmap_free(&map);
	return type;
}

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* The table with this signature that the RSDP's XSDT lists, or NULL. */
static const uint8_t *acpi_table(const uint8_t *rsdp, const char *sig)
{
	const uint8_t *xsdt = (const uint8_t *)(uintptr_t)le(rsdp + 24, 8);
	uint32_t length = (uint32_t)le(xsdt + 4, 4);

	for (uint32_t off = 36; off + 8 <= length; off += 8) {
		const uint8_t *table = (const uint8_t *)(uintptr_t)le(xsdt + off, 8);

		if (bytes_are(table, sig, 4))
			return table;
	}
	return NULL;
}

/*
 * Memory the platform writes at run time is EfiACPIMemoryNVS, as in OVMF:
 * QEMU's error status blocks (etc/hardware_errors, -M virt,ras=on), found
 * through the first HEST entry's Error Status Address (GHES and GHESv2 keep
 * it at offset 20).
 */
static void check_hardware_errors(const uint8_t *rsdp)
{
	const uint8_t *hest = acpi_table(rsdp, "HEST"), *entry;
	uint16_t type;

	/* only QEMU's -M virt,ras=on has one: no SKIP line for the usual case */
	if (!hest)
		return;
	entry = hest + 40;
	type = (uint16_t)le(entry, 2);
	if (!t_check("platform.hest_ghes", le(hest + 36, 4) && (type == 9 || type == 10),
		     "the first HEST entry is not a GHES"))
		return;
	t_equal("platform.hardware_errors_nvs", memory_type_at(le(entry + 20 + 4, 8)),
		EFI_ACPI_MEMORY_NVS);
}

/* A virt machine's firmware hands the OS its hardware description: ACPI or a DT, or both. */
void test_platform_tables(void)
{
	static const efi_guid_t acpi_guid = EFI_ACPI_20_TABLE_GUID;
	static const efi_guid_t dtb_guid = EFI_DTB_TABLE_GUID;
	static const efi_guid_t smbios3_guid = SMBIOS3_TABLE_GUID;
	static const efi_guid_t rt_properties_guid = EFI_RT_PROPERTIES_TABLE_GUID;
	const uint8_t *rsdp = find_table(&acpi_guid), *dtb = find_table(&dtb_guid);
	const uint8_t *smbios = find_table(&smbios3_guid);
	const struct efi_rt_properties_table *rt = find_table(&rt_properties_guid);

	t_check("platform.acpi_or_dtb", rsdp || dtb, "neither ACPI 2.0 RSDP nor DTB installed");
	/* RSDP: "RSD PTR " signature, revision 2 or later for an XSDT. */
	if (rsdp && t_check("platform.acpi_rsdp", bytes_are(rsdp, "RSD PTR ", 8) && rsdp[15] >= 2,
			    "ACPI 2.0 table is not an RSDP of revision 2+"))
		check_hardware_errors(rsdp);
	/* FDT magic, big-endian; the OS may reclaim the memory after reading it (EBBR). */
	if (dtb) {
		t_check("platform.dtb_magic", bytes_are(dtb, "\xd0\x0d\xfe\xed", 4),
			"DTB table lacks the FDT magic");
		t_equal("platform.dtb_acpi_reclaim", memory_type_at((uintptr_t)dtb),
			EFI_ACPI_RECLAIM_MEMORY);
	}
	if (smbios)
		t_check("platform.smbios3_anchor", bytes_are(smbios, "_SM3_", 5),
			"SMBIOS3 table lacks the _SM3_ anchor");
	if (!rt) {
		t_skip("platform.rt_properties", "no EFI_RT_PROPERTIES_TABLE");
		return;
	}
	t_equal("platform.rt_properties_version", rt->version, 1);
	t_check("platform.rt_properties_length", rt->length >= sizeof(*rt),
		"length smaller than the table");
}
