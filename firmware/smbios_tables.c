#include "firmware/smbios_tables.h"

#include <stdint.h>

#include "firmware/efi/efi_boot.h"
#include "firmware/fwcfg_files.h"
#include "firmware/platform/fwcfg.h"
#include "firmware/platform/log.h"
#include "parsers/smbios/smbios.h"

#define ANCHOR_FILE "etc/smbios/smbios-anchor"
#define TABLES_FILE "etc/smbios/smbios-tables"

static void *load_file(const struct fwcfg_file *file, const char *name)
{
	void *buf = efi_allocate_pages(file->size, 8, EFI_ACPI_RECLAIM_MEMORY);

	if (!buf)
		fatal("%s: no memory for %u bytes", name, file->size);
	if (fwcfg_read(file->select, 0, buf, file->size))
		fatal("%s: fw_cfg read failed", name);
	return buf;
}

void smbios_tables_install(void)
{
	struct fwcfg_file anchor_file, tables_file;
	struct smbios_ep ep;
	uint8_t *anchor, *tables;
	size_t count;
	int status;

	if (!fwcfg_files_find(ANCHOR_FILE, &anchor_file) ||
	    !fwcfg_files_find(TABLES_FILE, &tables_file))
		return;
	anchor = load_file(&anchor_file, ANCHOR_FILE);
	status = smbios_ep_template_check(anchor, anchor_file.size, &ep);
	if (status)
		fatal("%s: %s", ANCHOR_FILE, smbios_strerror(status));
	tables = load_file(&tables_file, TABLES_FILE);
	status = smbios_tables_check(tables, tables_file.size, ep.table_max_size, &count);
	if (status)
		fatal("%s: %s", TABLES_FILE, smbios_strerror(status));
	smbios_ep_set_table_address(anchor, (uint64_t)(uintptr_t)tables);
	status = smbios_ep_check(anchor, anchor_file.size, &ep);
	if (status)
		fatal("%s: %s after linking", ANCHOR_FILE, smbios_strerror(status));
	if (efi_install_config_table(&efi_smbios3_table_guid, anchor))
		fatal("SMBIOS: cannot install the configuration table");
	log_debug("SMBIOS %u.%u: %zu structures", ep.major, ep.minor, count);
}
