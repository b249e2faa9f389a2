#include "firmware/acpi_tables.h"

#include <stdint.h>

#include "firmware/efi/efi_boot.h"
#include "firmware/fwcfg_files.h"
#include "firmware/platform/fwcfg.h"
#include "firmware/platform/log.h"
#include "parsers/acpi/acpi.h"
#include "parsers/fwcfg/table_loader.h"

#define TABLE_LOADER_FILE "etc/table-loader"
/* QEMU's script for virt is a few dozen commands; this bounds the read. */
#define MAX_SCRIPT_SIZE (64u * TL_COMMAND_SIZE)

static uint8_t script[MAX_SCRIPT_SIZE];

/*
 * Blob memory is kept by the OS after ExitBootServices, as ACPI tables are;
 * blobs that hold no table are retyped afterwards (keep_data_blobs()).
 */
static void *allocate_blob(void *ctx, const char *name, uint32_t size, uint32_t align,
			   uint8_t zone, uint64_t *addr)
{
	void *blob = efi_allocate_pages(size, align, EFI_ACPI_RECLAIM_MEMORY);

	(void)ctx;
	(void)zone; /* arm64 has no F-segment: any address will do */
	if (!blob)
		log_msg(LOG_ERROR, "ACPI: no memory for %s (%u bytes)", name, size);
	*addr = (uint64_t)(uintptr_t)blob;
	return blob;
}

static int fetch_blob(void *ctx, uint16_t select, void *dst, uint32_t size)
{
	(void)ctx;
	return fwcfg_read(select, 0, dst, size);
}

static int write_pointer(void *ctx, uint16_t select, uint32_t offset, const void *value,
			 uint8_t size)
{
	(void)ctx;
	return fwcfg_write(select, offset, value, size);
}

/*
 * Blobs that hold no table of the tree are data the tables point to, which
 * QEMU may write at run time (etc/hardware_errors with -M virt,ras=on):
 * EfiACPIMemoryNVS, which the OS never reclaims, as OVMF does. Table blobs
 * stay EfiACPIReclaimMemory.
 */
static void keep_data_blobs(const struct tl_plan *plan, const struct acpi_region *regions,
			    uint64_t rsdp_addr, const struct acpi_tree *tree)
{
	uint64_t tables = acpi_tree_regions(regions, plan->num_blobs, rsdp_addr, tree);

	for (size_t i = 0; i < plan->num_blobs; i++) {
		const struct tl_blob *b = &plan->blobs[i];

		if (tables >> i & 1)
			continue;
		if (efi_reserve(b->addr, b->size, EFI_ACPI_MEMORY_NVS) != EFI_SUCCESS)
			fatal("ACPI: cannot keep %s as ACPI NVS memory", b->name);
		log_debug("ACPI: %s is data: ACPI NVS memory", b->name);
	}
}

/* The tables the script built must form a valid tree inside its blobs. */
static void check_tree(const struct tl_plan *plan, uint64_t rsdp_addr)
{
	struct acpi_region regions[TL_MAX_BLOBS];
	struct acpi_tree tree;
	int status;

	for (size_t i = 0; i < plan->num_blobs; i++) {
		regions[i].addr = plan->blobs[i].addr;
		regions[i].buf = plan->blobs[i].data;
		regions[i].len = plan->blobs[i].size;
	}
	status = acpi_tree_check(regions, plan->num_blobs, rsdp_addr, &tree);
	if (status)
		fatal("ACPI tables: %s", acpi_strerror(status));
	log_debug("ACPI: RSDP at 0x%llx, %zu tables", (unsigned long long)rsdp_addr, tree.num_tables);
	keep_data_blobs(plan, regions, rsdp_addr, &tree);
}

bool acpi_tables_install(void)
{
	static const struct tl_ops ops = {
		.allocate = allocate_blob,
		.fetch = fetch_blob,
		.write_pointer = write_pointer,
	};
	struct fwcfg_file loader;
	struct tl_plan plan;
	struct tl_rsdp rsdp;
	const void *dir;
	size_t dir_len;
	int status;

	if (!fwcfg_files_find(TABLE_LOADER_FILE, &loader))
		return false;
	if (loader.size > MAX_SCRIPT_SIZE)
		fatal("%s: %u bytes, more than %u", TABLE_LOADER_FILE, loader.size,
		      MAX_SCRIPT_SIZE);
	if (fwcfg_read(loader.select, 0, script, loader.size))
		fatal("%s: fw_cfg read failed", TABLE_LOADER_FILE);
	dir = fwcfg_files_blob(&dir_len);
	status = tl_execute(script, loader.size, dir, dir_len, &ops, &plan, &rsdp);
	if (status)
		fatal("%s: %s", TABLE_LOADER_FILE, tl_strerror(status));
	check_tree(&plan, rsdp.addr);
	if (efi_install_config_table(&efi_acpi_20_table_guid, (void *)(uintptr_t)rsdp.addr))
		fatal("ACPI: cannot install the configuration table");
	return true;
}
