// SPDX-License-Identifier: MIT
/*
 * Proves that each injected etc/table-loader carries the fault its QEMU test
 * expects efilite to name: the script runs on the host through the same
 * table loader and ACPI tree check as in the firmware, against the fw_cfg
 * directory QEMU builds from the test's -fw_cfg files, and the first failing
 * step must say exactly MESSAGE, prefixed as the firmware prefixes it
 * ("etc/table-loader: " or "ACPI tables: "), or "ok" for the control and
 * for faults only efilite's own limits catch (a script longer than it reads).
 *
 * Usage: acpi_loader_inputs_test SCRIPT RSDP TABLES MESSAGE [SCRIPT RSDP TABLES MESSAGE]...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/acpi/acpi.h"
#include "parsers/fwcfg/table_loader.h"
#include "parsers/fwcfg/test_builders.h"

int tb_failures;

#define MAX_FILE_SIZE 4096
/* QEMU numbers -fw_cfg files from 0x20 in name order. */
#define FIRST_SELECT 0x20
#define NUM_FILES 3

struct input {
	const char *path;
	uint8_t data[MAX_FILE_SIZE];
	uint32_t size;
};

static int read_input(struct input *in)
{
	FILE *f = fopen(in->path, "rb");

	if (!f) {
		printf("cannot open %s\n", in->path);
		return -1;
	}
	in->size = (uint32_t)fread(in->data, 1, sizeof(in->data), f);
	fclose(f);
	return 0;
}

static void *allocate(void *ctx, const char *name, uint32_t size, uint32_t align, uint8_t zone,
		      uint64_t *addr)
{
	/* aligned_alloc wants a size that is a multiple of the alignment. */
	void *blob = aligned_alloc(align, (size + align - 1) / align * align);

	(void)ctx;
	(void)name;
	(void)zone;
	*addr = (uint64_t)(uintptr_t)blob;
	return blob;
}

static int fetch(void *ctx, uint16_t select, void *dst, uint32_t size)
{
	struct input *files = ctx;
	unsigned i = select - FIRST_SELECT;

	if (select < FIRST_SELECT || i >= NUM_FILES || files[i].size != size)
		return -1;
	memcpy(dst, files[i].data, size);
	return 0;
}

/* QEMU serves every -fw_cfg file the tests inject read-only: writes fail. */
static int write_pointer(void *ctx, uint16_t select, uint32_t offset, const void *value,
			 uint8_t size)
{
	(void)ctx;
	(void)select;
	(void)offset;
	(void)value;
	(void)size;
	return -1;
}

/* What the firmware would print after "efilite: error: ", or "ok". */
static void run(struct input *files, char *message, size_t message_size)
{
	const struct tb_file dir_files[NUM_FILES] = {
		{ "etc/table-loader", files[0].size, FIRST_SELECT },
		{ "opt/efilite/rsdp", files[1].size, FIRST_SELECT + 1 },
		{ "opt/efilite/tables", files[2].size, FIRST_SELECT + 2 },
	};
	const struct tl_ops ops = { files, allocate, fetch, write_pointer };
	struct acpi_region regions[TL_MAX_BLOBS];
	uint8_t dir[1024];
	size_t dir_len = tb_dir(dir, dir_files, NUM_FILES);
	struct tl_plan plan;
	struct tl_rsdp rsdp;
	struct acpi_tree tree;
	int status;

	memset(&plan, 0, sizeof(plan));
	status = tl_execute(files[0].data, files[0].size, dir, dir_len, &ops, &plan, &rsdp);
	if (status) {
		snprintf(message, message_size, "etc/table-loader: %s", tl_strerror(status));
	} else {
		for (size_t i = 0; i < plan.num_blobs; i++)
			regions[i] = (struct acpi_region){ plan.blobs[i].addr, plan.blobs[i].data,
							   plan.blobs[i].size };
		status = acpi_tree_check(regions, plan.num_blobs, rsdp.addr, &tree);
		snprintf(message, message_size, status ? "ACPI tables: %s" : "ok",
			 acpi_strerror(status));
	}
	for (size_t i = 0; i < plan.num_blobs; i++)
		free(plan.blobs[i].data);
}

int main(int argc, char **argv)
{
	static struct input files[NUM_FILES];
	char message[256];

	if (argc < 5 || (argc - 1) % 4 != 0) {
		printf("usage: %s SCRIPT RSDP TABLES MESSAGE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i += 4) {
		for (int f = 0; f < NUM_FILES; f++) {
			files[f].path = argv[i + f];
			if (read_input(&files[f]))
				return 1;
		}
		run(files, message, sizeof(message));
		if (strcmp(message, argv[i + 3]) != 0) {
			printf("FAIL: %s: \"%s\", want \"%s\"\n", argv[i], message, argv[i + 3]);
			tb_failures++;
		} else {
			printf("%s: %s\n", argv[i], message);
		}
	}
	return tb_failures != 0;
}
