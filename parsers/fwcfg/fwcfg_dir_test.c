/* Host tests of parsers/fwcfg/fwcfg_dir.c: one case per rule of its table. */
#include <stdio.h>
#include <string.h>

#include "parsers/fwcfg/fwcfg_dir.h"
#include "parsers/fwcfg/test_builders.h"
#include "parsers/testing/strerror_table.h"

#define MAX_FILES 4
static uint8_t dir[FWCFG_DIR_HEADER_SIZE + MAX_FILES * FWCFG_DIR_ENTRY_SIZE + 1];

static const struct tb_file three[] = {
	{ "etc/acpi/rsdp", 36, 0x21 },
	{ "etc/acpi/tables", 0x20000, 0x22 },
	{ "etc/table-loader", 4096, 0x23 },
};

static uint8_t *entry(unsigned i)
{
	return dir + FWCFG_DIR_HEADER_SIZE + i * FWCFG_DIR_ENTRY_SIZE;
}

static void test_valid(void)
{
	size_t len = tb_dir(dir, three, 3);
	struct fwcfg_file f;
	uint32_t count = 0;

	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_OK, fwcfg_dir_strerror);
	CHECK(count == 3);
	CHECK_STATUS(fwcfg_dir_entry(dir, len, 1, &f), FWCFG_DIR_OK, fwcfg_dir_strerror);
	CHECK(f.size == 0x20000 && f.select == 0x22 && strcmp(f.name, "etc/acpi/tables") == 0);
	CHECK_STATUS(fwcfg_dir_find(dir, len, "etc/table-loader", &f), FWCFG_DIR_OK,
		     fwcfg_dir_strerror);
	CHECK(f.size == 4096 && f.select == 0x23);
	CHECK_STATUS(fwcfg_dir_find(dir, len, "etc/acpi", &f), FWCFG_DIR_ERR_NOT_FOUND,
		     fwcfg_dir_strerror);
	CHECK_STATUS(fwcfg_dir_entry(dir, len, 3, &f), FWCFG_DIR_ERR_INDEX, fwcfg_dir_strerror);
}

static void test_empty_directory(void)
{
	size_t len = tb_dir(dir, three, 0);
	uint32_t count = 7;
	struct fwcfg_file f;

	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_OK, fwcfg_dir_strerror);
	CHECK(count == 0);
	CHECK_STATUS(fwcfg_dir_find(dir, len, "etc/acpi/rsdp", &f), FWCFG_DIR_ERR_NOT_FOUND,
		     fwcfg_dir_strerror);
}

static void test_count_rules(void)
{
	size_t len = tb_dir(dir, three, 3);
	uint32_t count;

	CHECK_STATUS(fwcfg_dir_check(dir, 3, &count), FWCFG_DIR_ERR_TOO_SHORT, fwcfg_dir_strerror);
	dir[0] = 0x00, dir[1] = 0x00, dir[2] = 0x40, dir[3] = 0x00; /* 0x4000 */
	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_ERR_TOO_MANY,
		     fwcfg_dir_strerror);
	dir[2] = 0x00, dir[3] = 0x04;
	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_ERR_COUNT_OVERFLOW,
		     fwcfg_dir_strerror);
	/* every accessor applies the same count rules */
	struct fwcfg_file f;
	CHECK_STATUS(fwcfg_dir_entry(dir, len, 0, &f), FWCFG_DIR_ERR_COUNT_OVERFLOW,
		     fwcfg_dir_strerror);
	CHECK_STATUS(fwcfg_dir_find(dir, len, "x", &f), FWCFG_DIR_ERR_COUNT_OVERFLOW,
		     fwcfg_dir_strerror);
	dir[3] = 0x03;
	CHECK_STATUS(fwcfg_dir_check(dir, len + 1, &count), FWCFG_DIR_ERR_TRAILING,
		     fwcfg_dir_strerror);
}

static void test_entry_rules(void)
{
	size_t len;
	uint32_t count;
	struct fwcfg_file f;

	len = tb_dir(dir, three, 3);
	memset(entry(2) + 8, 'A', FWCFG_FILE_NAME_SIZE);
	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_ERR_NAME_UNTERMINATED,
		     fwcfg_dir_strerror);
	CHECK_STATUS(fwcfg_dir_entry(dir, len, 2, &f), FWCFG_DIR_ERR_NAME_UNTERMINATED,
		     fwcfg_dir_strerror);

	len = tb_dir(dir, three, 3);
	entry(1)[8] = '\0';
	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_ERR_NAME_EMPTY,
		     fwcfg_dir_strerror);

	len = tb_dir(dir, three, 3);
	entry(0)[4] = 0x00, entry(0)[5] = 0x19; /* FW_CFG_FILE_DIR itself */
	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_ERR_SELECT_RANGE,
		     fwcfg_dir_strerror);
	entry(0)[4] = 0x40, entry(0)[5] = 0x21; /* write channel bit */
	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_ERR_SELECT_RANGE,
		     fwcfg_dir_strerror);
	entry(0)[4] = 0x3f, entry(0)[5] = 0xff; /* highest file selector */
	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_OK, fwcfg_dir_strerror);
}

static void test_duplicates(void)
{
	struct tb_file files[3];
	uint32_t count;
	size_t len;

	memcpy(files, three, sizeof(files));
	files[2].name = "etc/acpi/rsdp";
	len = tb_dir(dir, files, 3);
	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_ERR_DUPLICATE_NAME,
		     fwcfg_dir_strerror);

	memcpy(files, three, sizeof(files));
	files[2].select = 0x22;
	len = tb_dir(dir, files, 3);
	CHECK_STATUS(fwcfg_dir_check(dir, len, &count), FWCFG_DIR_ERR_DUPLICATE_SELECT,
		     fwcfg_dir_strerror);
}

static void test_strerror(void)
{
	CHECK(strerror_table_ok(fwcfg_dir_strerror, FWCFG_DIR_ERR_COUNT_,
				"unknown fwcfg_dir status"));
}

int main(void)
{
	test_valid();
	test_empty_directory();
	test_count_rules();
	test_entry_rules();
	test_duplicates();
	test_strerror();
	printf("%s: %d failure(s)\n", __FILE__, tb_failures);
	return tb_failures != 0;
}
