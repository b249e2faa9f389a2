/*
 * Host tests of parsers/fwcfg/table_loader_{check,exec}.c: a small script
 * shaped like QEMU's (tables blob with an XSDT and one table, RSDP blob, a
 * WRITE_POINTER) runs through mock ops, then each rule is broken once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/acpi/acpi.h"
#include "parsers/fwcfg/fwcfg_dir.h"
#include "parsers/fwcfg/table_loader.h"
#include "parsers/fwcfg/test_builders.h"
#include "parsers/testing/strerror_table.h"

#define TABLES "etc/acpi/tables"
#define RSDP "etc/acpi/rsdp"
#define ADDR_FILE "etc/vmgenid_addr"
#define TABLES_SIZE 80u /* XSDT (36 + 8) at 0, a "TEST" table (36) at 44 */
#define TEST_OFFSET 44u
#define SEL_TABLES 0x21
#define SEL_RSDP 0x22
#define SEL_ADDR 0x23
#define NUM_CMDS 10
#define MAX_WRITES 8

static const struct tb_file files[] = {
	{ TABLES, TABLES_SIZE, SEL_TABLES },
	{ RSDP, 36, SEL_RSDP },
	{ ADDR_FILE, 8, SEL_ADDR },
};

static uint8_t dir[FWCFG_DIR_HEADER_SIZE + 3 * FWCFG_DIR_ENTRY_SIZE];
static size_t dir_len;
static uint8_t script[NUM_CMDS * TL_COMMAND_SIZE];
static uint8_t tables_file[TABLES_SIZE], rsdp_file[36];

struct mock {
	uint64_t next_addr;     /* address handed to the next allocation */
	int fail_allocate;      /* 1-based call to fail, 0 = none */
	int fail_fetch;
	int fail_write;
	int misalign;           /* add 1 to every address */
	int allocations, fetches;
	void *blocks[TL_MAX_BLOBS];
	struct { uint16_t select; uint32_t offset; uint64_t value; uint8_t size; } writes[MAX_WRITES];
	int num_writes;
};

static uint8_t *cmd(unsigned i)
{
	return script + i * TL_COMMAND_SIZE;
}

static void build_files(void)
{
	memset(tables_file, 0, sizeof(tables_file));
	memcpy(tables_file, "XSDT", 4);
	tb_put_le(tables_file + 4, 44, 4);
	tb_put_le(tables_file + 36, TEST_OFFSET, 8); /* relative to the tables blob */
	memcpy(tables_file + TEST_OFFSET, "TEST", 4);
	tb_put_le(tables_file + TEST_OFFSET + 4, 36, 4);

	memset(rsdp_file, 0, sizeof(rsdp_file));
	memcpy(rsdp_file, "RSD PTR ", 8);
	rsdp_file[15] = 2;
	tb_put_le(rsdp_file + 20, 36, 4);
	tb_put_le(rsdp_file + 24, 0, 8); /* XSDT at offset 0 of the tables blob */
}

/* The script QEMU would emit for the files above, plus one unknown command. */
static void build_script(void)
{
	dir_len = tb_dir(dir, files, 3);
	tb_allocate(cmd(0), TABLES, 64, TL_ZONE_HIGH);
	tb_allocate(cmd(1), RSDP, 16, TL_ZONE_FSEG);
	tb_add_pointer(cmd(2), TABLES, TABLES, 36, 8);
	tb_add_checksum(cmd(3), TABLES, 9, 0, 44);
	tb_add_checksum(cmd(4), TABLES, TEST_OFFSET + 9, TEST_OFFSET, 36);
	tb_add_pointer(cmd(5), RSDP, TABLES, 24, 8);
	tb_add_checksum(cmd(6), RSDP, 8, 0, 20);
	tb_add_checksum(cmd(7), RSDP, 32, 0, 36);
	tb_write_pointer(cmd(8), ADDR_FILE, TABLES, 0, TEST_OFFSET, 8);
	memset(cmd(9), 0, TL_COMMAND_SIZE);
	cmd(9)[0] = 0x99;
	build_files();
}

static void *mock_allocate(void *ctx, const char *name, uint32_t size, uint32_t align,
			   uint8_t zone, uint64_t *addr)
{
	struct mock *m = ctx;
	void *p;

	(void)name, (void)zone;
	if (++m->allocations == m->fail_allocate)
		return NULL;
	p = calloc(1, size);
	m->blocks[m->allocations - 1] = p;
	m->next_addr = (m->next_addr + align - 1) & ~(uint64_t)(align - 1);
	*addr = m->next_addr + (uint64_t)m->misalign;
	m->next_addr += size;
	return p;
}

static int mock_fetch(void *ctx, uint16_t select, void *dst, uint32_t size)
{
	struct mock *m = ctx;

	if (++m->fetches == m->fail_fetch)
		return -1;
	if (select == SEL_TABLES && size == sizeof(tables_file))
		memcpy(dst, tables_file, size);
	else if (select == SEL_RSDP && size == sizeof(rsdp_file))
		memcpy(dst, rsdp_file, size);
	else
		return -1;
	return 0;
}

static int mock_write(void *ctx, uint16_t select, uint32_t offset, const void *value, uint8_t size)
{
	struct mock *m = ctx;

	if (m->num_writes == MAX_WRITES)
		return -1;
	m->writes[m->num_writes].select = select;
	m->writes[m->num_writes].offset = offset;
	m->writes[m->num_writes].value = tb_get_le(value, size);
	m->writes[m->num_writes].size = size;
	return ++m->num_writes == m->fail_write ? -1 : 0;
}

static void mock_free(struct mock *m)
{
	for (int i = 0; i < m->allocations && i < (int)TL_MAX_BLOBS; i++)
		free(m->blocks[i]);
}

static int execute(struct mock *m, struct tl_plan *plan, struct tl_rsdp *rsdp)
{
	const struct tl_ops ops = { m, mock_allocate, mock_fetch, mock_write };

	return tl_execute(script, sizeof(script), dir, dir_len, &ops, plan, rsdp);
}

static void test_execute_valid(void)
{
	struct mock m = { .next_addr = 0x40001000 };
	struct tl_plan plan;
	struct tl_rsdp rsdp;
	struct acpi_region regions[2];
	struct acpi_tree tree;

	build_script();
	CHECK_STATUS(execute(&m, &plan, &rsdp), TL_OK, tl_strerror);
	CHECK(plan.num_blobs == 2 && plan.num_commands == NUM_CMDS && plan.num_write_pointers == 1);
	CHECK(plan.blobs[0].addr == 0x40001000 && plan.blobs[0].size == TABLES_SIZE);
	CHECK(plan.blobs[1].addr == 0x40001050 && plan.blobs[1].zone == TL_ZONE_FSEG);
	CHECK(rsdp.blob == 1 && rsdp.offset == 0 && rsdp.addr == 0x40001050);
	/* relocated pointers */
	CHECK(tb_get_le(plan.blobs[0].data + 36, 8) == 0x40001000 + TEST_OFFSET);
	CHECK(tb_get_le(plan.blobs[1].data + 24, 8) == 0x40001000);
	/* the reported WRITE_POINTER */
	CHECK(m.num_writes == 1 && m.writes[0].select == SEL_ADDR && m.writes[0].offset == 0 &&
	      m.writes[0].value == 0x40001000 + TEST_OFFSET && m.writes[0].size == 8);
	/* checksums fixed: the whole tree verifies */
	for (int i = 0; i < 2; i++)
		regions[i] = (struct acpi_region){ plan.blobs[i].addr, plan.blobs[i].data,
						   plan.blobs[i].size };
	CHECK_STATUS(acpi_tree_check(regions, 2, rsdp.addr, &tree), ACPI_OK, acpi_strerror);
	CHECK(tree.num_tables == 1);
	mock_free(&m);
}

/* Checks tl_check() and tl_execute() both report `want` for the current script. */
static void expect_check(int want, int line)
{
	struct mock m = { .next_addr = 0x40001000 };
	struct tl_plan plan;
	struct tl_rsdp rsdp;
	int got = tl_check(script, sizeof(script), dir, dir_len, &plan);

	if (got != want) {
		printf("line %d: tl_check = %s, want %s\n", line, tl_strerror(got), tl_strerror(want));
		tb_failures++;
	}
	got = execute(&m, &plan, &rsdp);
	if (got != want) {
		printf("line %d: tl_execute = %s, want %s\n", line, tl_strerror(got),
		       tl_strerror(want));
		tb_failures++;
	}
	CHECK(m.allocations == 0 && m.num_writes == 0); /* nothing ran */
}

#define EXPECT_CHECK(want) expect_check(want, __LINE__)

static void test_check_script_rules(void)
{
	struct tl_plan plan;

	build_script();
	CHECK_STATUS(tl_check(script, sizeof(script) - 1, dir, dir_len, &plan),
		     TL_ERR_SCRIPT_LENGTH, tl_strerror);
	CHECK_STATUS(tl_check(script, sizeof(script), dir, dir_len - 1, &plan), TL_ERR_DIRECTORY,
		     tl_strerror);
	CHECK_STATUS(tl_check(script, 0, dir, dir_len, &plan), TL_OK, tl_strerror);

	memset(cmd(3) + 4, 'x', FWCFG_FILE_NAME_SIZE);
	EXPECT_CHECK(TL_ERR_NAME_UNTERMINATED);
	build_script();
	memset(cmd(5) + 60, 'x', FWCFG_FILE_NAME_SIZE); /* ADD_POINTER src */
	EXPECT_CHECK(TL_ERR_NAME_UNTERMINATED);
	build_script();
	memset(cmd(8) + 4, 'x', FWCFG_FILE_NAME_SIZE); /* WRITE_POINTER dest */
	EXPECT_CHECK(TL_ERR_NAME_UNTERMINATED);
}

static void test_check_allocate_rules(void)
{
	build_script();
	tb_allocate(cmd(1), "etc/acpi/nothing", 16, TL_ZONE_FSEG);
	EXPECT_CHECK(TL_ERR_FILE_NOT_FOUND);
	tb_allocate(cmd(1), RSDP, 24, TL_ZONE_FSEG);
	EXPECT_CHECK(TL_ERR_ALIGN_NOT_POWER_OF_TWO);
	tb_allocate(cmd(1), RSDP, 0, TL_ZONE_FSEG);
	EXPECT_CHECK(TL_ERR_ALIGN_NOT_POWER_OF_TWO);
	tb_allocate(cmd(1), RSDP, 8192, TL_ZONE_FSEG);
	EXPECT_CHECK(TL_ERR_ALIGN_TOO_LARGE);
	tb_allocate(cmd(1), RSDP, 4096, 3);
	EXPECT_CHECK(TL_ERR_ZONE);
	tb_allocate(cmd(1), TABLES, 64, TL_ZONE_HIGH);
	EXPECT_CHECK(TL_ERR_DUPLICATE_ALLOCATE);

	struct tb_file empty[3];
	memcpy(empty, files, sizeof(empty));
	empty[1].size = 0;
	build_script();
	dir_len = tb_dir(dir, empty, 3);
	EXPECT_CHECK(TL_ERR_EMPTY_FILE);
}

static void test_too_many_blobs(void)
{
	static uint8_t many_dir[FWCFG_DIR_HEADER_SIZE + 17 * FWCFG_DIR_ENTRY_SIZE];
	static uint8_t many[17 * TL_COMMAND_SIZE];
	static char names[17][8];
	struct tb_file f[17];
	struct tl_plan plan;
	size_t len;

	for (int i = 0; i < 17; i++) {
		snprintf(names[i], sizeof(names[i]), "f%d", i);
		f[i] = (struct tb_file){ names[i], 4, (uint16_t)(0x20 + i) };
		tb_allocate(many + i * TL_COMMAND_SIZE, names[i], 1, TL_ZONE_HIGH);
	}
	len = tb_dir(many_dir, f, 17);
	CHECK_STATUS(tl_check(many, 16 * TL_COMMAND_SIZE, many_dir, len, &plan), TL_OK,
		     tl_strerror);
	CHECK(plan.num_blobs == 16);
	CHECK_STATUS(tl_check(many, sizeof(many), many_dir, len, &plan), TL_ERR_TOO_MANY_BLOBS,
		     tl_strerror);
}

static void test_check_pointer_rules(void)
{
	build_script();
	tb_add_pointer(cmd(1), RSDP, TABLES, 24, 8); /* before RSDP's ALLOCATE */
	tb_allocate(cmd(5), RSDP, 16, TL_ZONE_FSEG);
	EXPECT_CHECK(TL_ERR_POINTER_DEST_UNALLOCATED);
	build_script();
	tb_add_pointer(cmd(2), TABLES, ADDR_FILE, 36, 8); /* in the directory, never allocated */
	EXPECT_CHECK(TL_ERR_POINTER_SRC_UNALLOCATED);
	tb_add_pointer(cmd(2), TABLES, TABLES, 36, 3);
	EXPECT_CHECK(TL_ERR_POINTER_SIZE);
	tb_add_pointer(cmd(2), TABLES, TABLES, TABLES_SIZE - 7, 8);
	EXPECT_CHECK(TL_ERR_POINTER_OFFSET);
	tb_add_pointer(cmd(2), TABLES, TABLES, 0xfffffffc, 8); /* offset + size wraps */
	EXPECT_CHECK(TL_ERR_POINTER_OFFSET);
}

static void test_check_checksum_rules(void)
{
	build_script();
	tb_add_checksum(cmd(3), ADDR_FILE, 0, 0, 8);
	EXPECT_CHECK(TL_ERR_CHECKSUM_UNALLOCATED);
	tb_add_checksum(cmd(3), TABLES, TABLES_SIZE, 0, 44);
	EXPECT_CHECK(TL_ERR_CHECKSUM_RESULT_OFFSET);
	tb_add_checksum(cmd(3), TABLES, 9, 1, TABLES_SIZE);
	EXPECT_CHECK(TL_ERR_CHECKSUM_RANGE);
	tb_add_checksum(cmd(3), TABLES, 9, TABLES_SIZE + 1, 0);
	EXPECT_CHECK(TL_ERR_CHECKSUM_RANGE);
	tb_add_checksum(cmd(3), TABLES, 9, 4, 0xfffffffe); /* start + length wraps */
	EXPECT_CHECK(TL_ERR_CHECKSUM_RANGE);
}

static void test_check_write_pointer_rules(void)
{
	build_script();
	tb_write_pointer(cmd(8), ADDR_FILE, ADDR_FILE, 0, 0, 8);
	EXPECT_CHECK(TL_ERR_WRITE_SRC_UNALLOCATED);
	tb_write_pointer(cmd(8), ADDR_FILE, TABLES, 0, 0, 5);
	EXPECT_CHECK(TL_ERR_WRITE_SIZE);
	tb_write_pointer(cmd(8), "etc/other_addr", TABLES, 0, 0, 8);
	EXPECT_CHECK(TL_ERR_FILE_NOT_FOUND);
	tb_write_pointer(cmd(8), ADDR_FILE, TABLES, 4, 0, 8);
	EXPECT_CHECK(TL_ERR_WRITE_OFFSET);
	tb_write_pointer(cmd(8), ADDR_FILE, TABLES, 0, TABLES_SIZE, 8);
	EXPECT_CHECK(TL_ERR_WRITE_SRC_OFFSET);
}

/* Runs the script with mock m, expecting `want`; returns the mock's write count. */
static int expect_execute(struct mock *m, int want, int line)
{
	struct tl_plan plan;
	struct tl_rsdp rsdp;
	int got = execute(m, &plan, &rsdp);

	if (got != want) {
		printf("line %d: tl_execute = %s, want %s\n", line, tl_strerror(got),
		       tl_strerror(want));
		tb_failures++;
	}
	mock_free(m);
	return m->num_writes;
}

#define EXPECT_EXECUTE(m, want) expect_execute(m, want, __LINE__)

static void test_execute_ops_failures(void)
{
	struct mock m;

	build_script();
	m = (struct mock){ .next_addr = 0x40001000, .fail_allocate = 2 };
	CHECK(EXPECT_EXECUTE(&m, TL_ERR_ALLOCATE_FAILED) == 0);
	m = (struct mock){ .next_addr = 0x40001000, .misalign = 1 };
	EXPECT_EXECUTE(&m, TL_ERR_ALLOCATE_MISALIGNED);
	m = (struct mock){ .next_addr = UINT64_MAX - 63 }; /* aligned, but the end wraps */
	EXPECT_EXECUTE(&m, TL_ERR_ALLOCATE_WRAPS);
	m = (struct mock){ .next_addr = 0x40001000, .fail_fetch = 1 };
	EXPECT_EXECUTE(&m, TL_ERR_FETCH_FAILED);
	/* a failed WRITE_POINTER is withdrawn with a zero write */
	m = (struct mock){ .next_addr = 0x40001000, .fail_write = 1 };
	CHECK(EXPECT_EXECUTE(&m, TL_ERR_WRITE_FAILED) == 2);
	CHECK(m.writes[1].select == SEL_ADDR && m.writes[1].value == 0 && m.writes[1].size == 8);
}

static void test_execute_content_rules(void)
{
	struct mock m;

	build_script();
	tb_put_le(tables_file + 36, TABLES_SIZE, 8); /* points one past the blob */
	m = (struct mock){ .next_addr = 0x40001000 };
	CHECK(EXPECT_EXECUTE(&m, TL_ERR_POINTER_VALUE) == 0);

	build_script();
	tb_add_pointer(cmd(5), RSDP, TABLES, 16, 4); /* 32-bit RSDT field */
	m = (struct mock){ .next_addr = 0x100000000 };
	EXPECT_EXECUTE(&m, TL_ERR_POINTER_TRUNCATED);
	m = (struct mock){ .next_addr = 0x40001000 };
	EXPECT_EXECUTE(&m, TL_OK);

	build_script();
	tb_write_pointer(cmd(8), ADDR_FILE, TABLES, 0, TEST_OFFSET, 4);
	m = (struct mock){ .next_addr = 0xfffffff0 }; /* tables at 0xfffffff0 + 44 */
	/* nothing reached QEMU; the undo still clears the field, harmlessly */
	CHECK(EXPECT_EXECUTE(&m, TL_ERR_POINTER_TRUNCATED) == 1);
	CHECK(m.writes[0].value == 0);
}

static void test_execute_no_rsdp(void)
{
	struct mock m = { .next_addr = 0x40001000 };

	build_script();
	rsdp_file[0] = 'r';
	/* the WRITE_POINTER already reported is withdrawn */
	CHECK(EXPECT_EXECUTE(&m, TL_ERR_NO_RSDP) == 2);
	CHECK(m.writes[0].value == 0x40001000 + TEST_OFFSET && m.writes[1].value == 0);
}

static void test_strerror(void)
{
	CHECK(strerror_table_ok(tl_strerror, TL_ERR_COUNT_, "unknown table-loader status"));
}

int main(void)
{
	test_execute_valid();
	test_check_script_rules();
	test_check_allocate_rules();
	test_too_many_blobs();
	test_check_pointer_rules();
	test_check_checksum_rules();
	test_check_write_pointer_rules();
	test_execute_ops_failures();
	test_execute_content_rules();
	test_execute_no_rsdp();
	test_strerror();
	printf("%s: %d failure(s)\n", __FILE__, tb_failures);
	return tb_failures != 0;
}
