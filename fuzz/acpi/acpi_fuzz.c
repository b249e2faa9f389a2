/*
 * ACPI tree harness. Input: u64 RSDP address, then up to 16 regions
 * { u64 addr, u32 len, len bytes } (little-endian; len clamped to what is
 * left). Each region is copied into its own exact-size heap block so ASan
 * sees any read past a table's memory.
 *
 * Oracles: after acpi_tree_check() accepts, every XSDT entry maps and passes
 * acpi_table_check() on its own, the RSDP passes acpi_rsdp_check(), and
 * acpi_tree_regions() marks the regions of the RSDP and of every entry. The
 * single-buffer checks also run on every region start, accepted or not.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/acpi/acpi.h"

#define MAX_REGIONS 16

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

static uint64_t load_le(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = size; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

static size_t parse_regions(const uint8_t *data, size_t size, struct acpi_region *regions)
{
	size_t n = 0;

	while (n < MAX_REGIONS && size >= 12) {
		uint64_t addr = load_le(data, 8);
		size_t len = (size_t)load_le(data + 8, 4);
		uint8_t *copy;

		data += 12, size -= 12;
		if (len > size)
			len = size;
		copy = malloc(len ? len : 1);
		REQUIRE(copy != NULL);
		memcpy(copy, data, len);
		regions[n++] = (struct acpi_region){ addr, copy, len };
		data += len, size -= len;
	}
	return n;
}

static void check_each_region(const struct acpi_region *regions, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct acpi_rsdp rsdp;
		uint32_t len;
		size_t entries;
		uint64_t addr;

		acpi_rsdp_check(regions[i].buf, regions[i].len, &rsdp);
		acpi_table_check(regions[i].buf, regions[i].len, NULL, &len);
		if (acpi_xsdt_check(regions[i].buf, regions[i].len, &entries) == ACPI_OK) {
			for (size_t e = 0; e < entries; e++)
				REQUIRE(acpi_xsdt_entry(regions[i].buf, regions[i].len, e, &addr) ==
					ACPI_OK && addr != 0);
			REQUIRE(acpi_xsdt_entry(regions[i].buf, regions[i].len, entries, &addr) ==
				ACPI_ERR_INDEX);
		}
	}
}

/* The bit of the first region holding addr (the harness makes at most 64). */
static uint64_t region_bit(const struct acpi_region *regions, size_t n, uint64_t addr)
{
	for (size_t i = 0; i < n; i++)
		if (addr >= regions[i].addr && addr - regions[i].addr < regions[i].len)
			return 1ull << i;
	return 0;
}

static void walk_tree(const struct acpi_region *regions, size_t n, uint64_t rsdp_addr,
		      const struct acpi_tree *tree)
{
	size_t avail, xsdt_avail, entries = 0;
	const void *rsdp = acpi_map(regions, n, rsdp_addr, &avail);
	const void *xsdt = acpi_map(regions, n, tree->rsdp.xsdt_address, &xsdt_avail);
	struct acpi_rsdp info;

	REQUIRE(rsdp && acpi_rsdp_check(rsdp, avail, &info) == ACPI_OK);
	REQUIRE(info.xsdt_address == tree->rsdp.xsdt_address && info.revision >= 2);
	REQUIRE(xsdt && acpi_xsdt_check(xsdt, xsdt_avail, &entries) == ACPI_OK);
	REQUIRE(entries == tree->num_tables);
	REQUIRE(acpi_tree_regions(regions, n, rsdp_addr, tree) & region_bit(regions, n, rsdp_addr));
	for (size_t i = 0; i < entries; i++) {
		uint64_t addr;
		const void *table;
		uint32_t len = 0;

		REQUIRE(acpi_xsdt_entry(xsdt, xsdt_avail, i, &addr) == ACPI_OK);
		REQUIRE(acpi_tree_regions(regions, n, rsdp_addr, tree) & region_bit(regions, n, addr));
		table = acpi_map(regions, n, addr, &avail);
		REQUIRE(table && acpi_table_check(table, avail, NULL, &len) == ACPI_OK);
		REQUIRE(len >= ACPI_HEADER_SIZE && len <= avail);
	}
}

int fuzz_status(const uint8_t *data, size_t size)
{
	struct acpi_region regions[MAX_REGIONS];
	struct acpi_tree tree;
	uint64_t rsdp_addr;
	size_t n;
	int status;

	if (size < 8)
		return -1;
	rsdp_addr = load_le(data, 8);
	n = parse_regions(data + 8, size - 8, regions);
	status = acpi_tree_check(regions, n, rsdp_addr, &tree);
	REQUIRE(fuzz_strerror(status) != NULL);
	if (status == ACPI_OK)
		walk_tree(regions, n, rsdp_addr, &tree);
	check_each_region(regions, n);
	for (size_t i = 0; i < n; i++)
		free((void *)regions[i].buf);
	return status;
}

const char *fuzz_strerror(int status)
{
	return acpi_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
