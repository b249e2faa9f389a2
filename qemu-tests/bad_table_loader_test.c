// SPDX-License-Identifier: MIT
/*
 * Proves that efilite_bad_table_loader_test feeds the firmware the fault it
 * claims: checked against the fw_cfg directory that QEMU builds from the
 * test's -fw_cfg options, the generated script fails with exactly
 * TL_ERR_POINTER_SRC_UNALLOCATED, and without its faulty second command it
 * passes, so nothing else is wrong with it.
 *
 * Usage: bad_table_loader_test SCRIPT BLOB
 */
#include <stdio.h>

#include "parsers/fwcfg/table_loader.h"
#include "parsers/fwcfg/test_builders.h"

int tb_failures;

static long read_file(const char *path, uint8_t *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		printf("cannot open %s\n", path);
		return -1;
	}
	n = fread(buf, 1, size, f);
	fclose(f);
	return (long)n;
}

int main(int argc, char **argv)
{
	uint8_t script[4096], blob[4096], dir[1024];
	struct tl_plan plan;
	long script_len, blob_len;
	size_t dir_len;

	if (argc != 3) {
		printf("usage: %s SCRIPT BLOB\n", argv[0]);
		return 2;
	}
	script_len = read_file(argv[1], script, sizeof(script));
	blob_len = read_file(argv[2], blob, sizeof(blob));
	if (script_len < 0 || blob_len < 0)
		return 1;

	/* The -fw_cfg files of the test (QEMU numbers user files from 0x20 up). */
	const struct tb_file files[] = {
		{ "etc/table-loader", (uint32_t)script_len, 0x20 },
		{ "opt/efilite/blob", (uint32_t)blob_len, 0x21 },
		{ "opt/efilite/unallocated", (uint32_t)blob_len, 0x22 },
	};
	dir_len = tb_dir(dir, files, sizeof(files) / sizeof(files[0]));

	CHECK(script_len == 2 * TL_COMMAND_SIZE);
	CHECK_STATUS(tl_check(script, (size_t)script_len, dir, dir_len, &plan),
		     TL_ERR_POINTER_SRC_UNALLOCATED, tl_strerror);
	CHECK_STATUS(tl_check(script, TL_COMMAND_SIZE, dir, dir_len, &plan), TL_OK, tl_strerror);
	CHECK(plan.num_blobs == 1);

	if (tb_failures)
		printf("%d check(s) failed\n", tb_failures);
	return tb_failures != 0;
}
