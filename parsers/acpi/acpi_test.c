/* Host tests of parsers/acpi/acpi.c: one case per rule of its table. */
#include <stdio.h>
#include <string.h>

#include "parsers/acpi/acpi.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, acpi_strerror)

/* Memory image: RSDP at 0x1000, XSDT at 0x2000, FADT at 0x2100, DSDT at 0x2300. */
#define BASE 0x1000u
#define RSDP_OFF 0x0
#define XSDT_OFF 0x1000
#define FADT_OFF 0x1100
#define DSDT_OFF 0x1300
#define FADT_LEN 276u
static uint8_t mem[0x1400];

static void put_le(uint8_t *p, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

static void fix_checksum(uint8_t *p, size_t len, size_t at)
{
	uint8_t sum = 0;

	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	p[at] = (uint8_t)-sum;
}

static void make_table(uint8_t *p, const char *sig, uint32_t len)
{
	memcpy(p, sig, 4);
	put_le(p + 4, len, 4);
	fix_checksum(p, len, 9);
}

static void make_rsdp(uint8_t *p, uint8_t revision, uint64_t xsdt)
{
	memset(p, 0, 36);
	memcpy(p, "RSD PTR ", 8);
	p[15] = revision;
	put_le(p + 20, 36, 4);
	put_le(p + 24, xsdt, 8);
	fix_checksum(p, 20, 8);
	fix_checksum(p, 36, 32);
}

static void build(void)
{
	memset(mem, 0, sizeof(mem));
	make_rsdp(mem + RSDP_OFF, 2, BASE + XSDT_OFF);
	put_le(mem + FADT_OFF + ACPI_FADT_X_DSDT_OFFSET, BASE + DSDT_OFF, 8);
	make_table(mem + FADT_OFF, "FACP", FADT_LEN);
	make_table(mem + DSDT_OFF, "DSDT", 40);
	put_le(mem + XSDT_OFF + 36, BASE + FADT_OFF, 8);
	make_table(mem + XSDT_OFF, "XSDT", 44);
}

static int tree(struct acpi_tree *t)
{
	const struct acpi_region region = { BASE, mem, sizeof(mem) };

	return acpi_tree_check(&region, 1, BASE + RSDP_OFF, t);
}

static void test_valid_tree(void)
{
	struct acpi_tree t;
	uint64_t addr;
	size_t n;

	build();
	CHECK_STATUS(tree(&t), ACPI_OK);
	CHECK(t.rsdp.revision == 2 && t.rsdp.length == 36 && t.rsdp.xsdt_address == BASE + XSDT_OFF);
	CHECK(t.num_tables == 1 && t.dsdt == BASE + DSDT_OFF);
	CHECK_STATUS(acpi_xsdt_check(mem + XSDT_OFF, 44, &n), ACPI_OK);
	CHECK(n == 1);
	CHECK_STATUS(acpi_xsdt_entry(mem + XSDT_OFF, 44, 0, &addr), ACPI_OK);
	CHECK(addr == BASE + FADT_OFF);
	CHECK_STATUS(acpi_xsdt_entry(mem + XSDT_OFF, 44, 1, &addr), ACPI_ERR_INDEX);
}

/* Tables in one region, data they point to in another. */
static void test_tree_regions(void)
{
	static uint8_t data[64];
	const struct acpi_region regions[] = {
		{ 0x10000, data, sizeof(data) },
		{ BASE, mem, sizeof(mem) },
	};
	struct acpi_tree t;

	build();
	CHECK_STATUS(acpi_tree_check(regions, 2, BASE + RSDP_OFF, &t), ACPI_OK);
	CHECK(acpi_tree_regions(regions, 2, BASE + RSDP_OFF, &t) == 2);
}

static void test_rsdp_rules(void)
{
	struct acpi_rsdp r;

	build();
	CHECK_STATUS(acpi_rsdp_check(mem, 19, &r), ACPI_ERR_RSDP_TOO_SHORT);
	CHECK_STATUS(acpi_rsdp_check(mem, 35, &r), ACPI_ERR_RSDP_V2_TOO_SHORT);
	mem[7] = 'X';
	CHECK_STATUS(acpi_rsdp_check(mem, 36, &r), ACPI_ERR_RSDP_SIGNATURE);
	build();
	mem[16] ^= 1; /* RSDT address, covered by the first checksum */
	CHECK_STATUS(acpi_rsdp_check(mem, 36, &r), ACPI_ERR_RSDP_CHECKSUM);
	build();
	mem[28] ^= 1; /* XSDT address high half, only in the extended checksum */
	CHECK_STATUS(acpi_rsdp_check(mem, 36, &r), ACPI_ERR_RSDP_EXT_CHECKSUM);
	build();
	put_le(mem + 20, 37, 4);
	fix_checksum(mem, 37, 32);
	CHECK_STATUS(acpi_rsdp_check(mem, 36, &r), ACPI_ERR_RSDP_LENGTH);
	put_le(mem + 20, 35, 4);
	CHECK_STATUS(acpi_rsdp_check(mem, 36, &r), ACPI_ERR_RSDP_LENGTH);
	/* revision 0: 20 bytes, no XSDT, so no tree */
	make_rsdp(mem, 0, 0);
	CHECK_STATUS(acpi_rsdp_check(mem, 20, &r), ACPI_OK);
	CHECK(r.length == 20 && r.xsdt_address == 0);
	struct acpi_tree t;
	CHECK_STATUS(tree(&t), ACPI_ERR_NO_XSDT);
}

static void test_table_rules(void)
{
	uint32_t len;

	build();
	CHECK_STATUS(acpi_table_check(mem + DSDT_OFF, 35, NULL, &len), ACPI_ERR_TABLE_TOO_SHORT);
	CHECK_STATUS(acpi_table_check(mem + DSDT_OFF, 40, "SSDT", &len), ACPI_ERR_TABLE_SIGNATURE);
	CHECK_STATUS(acpi_table_check(mem + DSDT_OFF, 39, "DSDT", &len),
		     ACPI_ERR_TABLE_LENGTH_LARGE);
	CHECK_STATUS(acpi_table_check(mem + DSDT_OFF, 40, "DSDT", &len), ACPI_OK);
	CHECK(len == 40);
	mem[DSDT_OFF + 39] = 1;
	CHECK_STATUS(acpi_table_check(mem + DSDT_OFF, 40, "DSDT", &len), ACPI_ERR_TABLE_CHECKSUM);
	make_table(mem + DSDT_OFF, "DSDT", 35);
	CHECK_STATUS(acpi_table_check(mem + DSDT_OFF, 40, NULL, &len), ACPI_ERR_TABLE_LENGTH_SMALL);
}

static void test_xsdt_rules(void)
{
	struct acpi_tree t;
	size_t n;

	build();
	make_table(mem + XSDT_OFF, "XSDT", 43);
	CHECK_STATUS(acpi_xsdt_check(mem + XSDT_OFF, 44, &n), ACPI_ERR_XSDT_ENTRIES);
	build();
	put_le(mem + XSDT_OFF + 36, 0, 8);
	make_table(mem + XSDT_OFF, "XSDT", 44);
	CHECK_STATUS(tree(&t), ACPI_ERR_XSDT_ENTRY_NULL);
	build();
	make_table(mem + XSDT_OFF, "XSDU", 44);
	CHECK_STATUS(tree(&t), ACPI_ERR_TABLE_SIGNATURE);
}

static void test_tree_rules(void)
{
	struct acpi_tree t;

	build();
	make_rsdp(mem, 2, BASE + sizeof(mem)); /* one past the region */
	CHECK_STATUS(tree(&t), ACPI_ERR_UNMAPPED);
	build();
	put_le(mem + XSDT_OFF + 36, BASE - 1, 8);
	make_table(mem + XSDT_OFF, "XSDT", 44);
	CHECK_STATUS(tree(&t), ACPI_ERR_UNMAPPED);
	build();
	mem[FADT_OFF + 100] ^= 1; /* a listed table's checksum */
	CHECK_STATUS(tree(&t), ACPI_ERR_TABLE_CHECKSUM);
	build();
	make_table(mem + FADT_OFF, "FACP", 43);
	CHECK_STATUS(tree(&t), ACPI_ERR_FADT_TOO_SHORT);
	build();
	/* no X_DSDT: the 32-bit DSDT field is used */
	put_le(mem + FADT_OFF + ACPI_FADT_X_DSDT_OFFSET, 0, 8);
	put_le(mem + FADT_OFF + ACPI_FADT_DSDT_OFFSET, BASE + DSDT_OFF, 4);
	make_table(mem + FADT_OFF, "FACP", FADT_LEN);
	CHECK_STATUS(tree(&t), ACPI_OK);
	CHECK(t.dsdt == BASE + DSDT_OFF);
	put_le(mem + FADT_OFF + ACPI_FADT_DSDT_OFFSET, 0, 4);
	make_table(mem + FADT_OFF, "FACP", FADT_LEN);
	CHECK_STATUS(tree(&t), ACPI_ERR_NO_DSDT);
	build();
	make_table(mem + DSDT_OFF, "SSDT", 40); /* FADT points at a non-DSDT */
	CHECK_STATUS(tree(&t), ACPI_ERR_TABLE_SIGNATURE);
}

static void test_map(void)
{
	static const uint8_t a[16], b[8];
	const struct acpi_region r[2] = { { 0x100, a, sizeof(a) }, { 0x200, b, sizeof(b) } };
	size_t avail;

	CHECK(acpi_map(r, 2, 0x10f, &avail) == a + 15 && avail == 1);
	CHECK(acpi_map(r, 2, 0x200, &avail) == b && avail == 8);
	CHECK(acpi_map(r, 2, 0x110, &avail) == NULL);
	CHECK(acpi_map(r, 2, 0xff, &avail) == NULL);
}

static void test_strerror(void)
{
	CHECK(strerror_table_ok(acpi_strerror, ACPI_ERR_COUNT_, "unknown ACPI status"));
}

int main(void)
{
	test_valid_tree();
	test_tree_regions();
	test_rsdp_rules();
	test_table_rules();
	test_xsdt_rules();
	test_tree_rules();
	test_map();
	test_strerror();
	return check_report(__FILE__);
}
