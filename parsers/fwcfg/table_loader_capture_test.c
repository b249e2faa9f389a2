/*
 * Differential test on real QEMU captures: tools/corpus/fwcfg_corpus.py
 * relocates each captured table-loader script with its own (Python) loader
 * into corpora/acpi/NAME.bin; here the C loader runs the same script from
 * corpora/table_loader/NAME.bin with blobs at the same addresses, and every
 * loaded blob must equal the Python result byte for byte, and verify as an
 * ACPI tree. Usage: table_loader_capture_test LOADER_INPUT ACPI_INPUT...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/acpi/acpi.h"
#include "parsers/fwcfg/table_loader.h"
#include "parsers/fwcfg/test_builders.h"

#define LOAD_BASE 0x48000000ull /* fwcfg_corpus.py's LOAD_BASE */
#define MAX_FILE (1u << 20)

struct loader {
	const uint8_t *pool;
	size_t pool_len, pool_used;
	uint64_t next_addr;
	uint8_t *blocks[TL_MAX_BLOBS];
	size_t num_blocks;
};

static size_t read_file(const char *path, uint8_t *buf)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		printf("cannot open %s\n", path);
		exit(1);
	}
	n = fread(buf, 1, MAX_FILE, f);
	fclose(f);
	return n;
}

static void *place(void *ctx, const char *name, uint32_t size, uint32_t align, uint8_t zone,
		   uint64_t *addr)
{
	struct loader *l = ctx;
	uint8_t *p = calloc(1, size);

	(void)name, (void)zone;
	l->blocks[l->num_blocks++] = p;
	l->next_addr = (l->next_addr + align - 1) & ~(uint64_t)(align - 1);
	*addr = l->next_addr;
	l->next_addr += size;
	return p;
}

static int fetch(void *ctx, uint16_t select, void *dst, uint32_t size)
{
	struct loader *l = ctx;

	(void)select;
	if (l->pool_len - l->pool_used < size)
		return -1;
	memcpy(dst, l->pool + l->pool_used, size);
	l->pool_used += size;
	return 0;
}

static int write_pointer(void *ctx, uint16_t select, uint32_t offset, const void *value,
			 uint8_t size)
{
	(void)ctx, (void)select, (void)offset, (void)value, (void)size;
	return 0;
}

/* Compares the loaded blobs with the regions of the Python-relocated seed. */
static void compare(const char *path, const struct tl_plan *plan, const struct tl_rsdp *rsdp,
		    const uint8_t *acpi, size_t acpi_len)
{
	size_t off = 8;

	CHECK(acpi_len >= 8 && tb_get_le(acpi, 8) == rsdp->addr);
	for (size_t i = 0; i < plan->num_blobs; i++) {
		const struct tl_blob *b = &plan->blobs[i];

		if (acpi_len - off < 12 || tb_get_le(acpi + off, 8) != b->addr ||
		    tb_get_le(acpi + off + 8, 4) != b->size || acpi_len - off - 12 < b->size ||
		    memcmp(acpi + off + 12, b->data, b->size) != 0) {
			printf("%s: blob %s differs from the Python loader's\n", path, b->name);
			tb_failures++;
			return;
		}
		off += 12 + b->size;
	}
	CHECK(off == acpi_len);
}

static void run_capture(const char *loader_path, const char *acpi_path)
{
	static uint8_t in[MAX_FILE], acpi[MAX_FILE];
	size_t len = read_file(loader_path, in), acpi_len = read_file(acpi_path, acpi);
	uint32_t script_len = (uint32_t)tb_get_le(in, 4), dir_len = (uint32_t)tb_get_le(in + 4, 4);
	uint32_t pool_len = (uint32_t)tb_get_le(in + 8, 4);
	struct loader l = { .next_addr = LOAD_BASE };
	const struct tl_ops ops = { &l, place, fetch, write_pointer };
	struct acpi_region regions[TL_MAX_BLOBS];
	struct tl_plan plan;
	struct tl_rsdp rsdp;
	struct acpi_tree tree;

	if (len != 12ull + script_len + dir_len + pool_len) {
		printf("%s: not a plain table_loader_fuzz capture\n", loader_path);
		tb_failures++;
		return;
	}
	l.pool = in + 12 + script_len + dir_len, l.pool_len = pool_len;
	CHECK_STATUS(tl_execute(in + 12, script_len, in + 12 + script_len, dir_len, &ops, &plan,
				&rsdp), TL_OK, tl_strerror);
	if (tb_failures == 0) {
		compare(loader_path, &plan, &rsdp, acpi, acpi_len);
		for (size_t i = 0; i < plan.num_blobs; i++)
			regions[i] = (struct acpi_region){ plan.blobs[i].addr, plan.blobs[i].data,
							   plan.blobs[i].size };
		CHECK_STATUS(acpi_tree_check(regions, plan.num_blobs, rsdp.addr, &tree), ACPI_OK,
			     acpi_strerror);
		CHECK(tree.num_tables > 0 && tree.dsdt != 0);
	}
	for (size_t i = 0; i < l.num_blocks; i++)
		free(l.blocks[i]);
	printf("%s: %zu blobs, %zu commands\n", loader_path, plan.num_blobs, plan.num_commands);
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc % 2 == 0) {
		printf("usage: %s LOADER_INPUT ACPI_INPUT...\n", argv[0]);
		return 1;
	}
	for (int i = 1; i + 1 < argc; i += 2)
		run_capture(argv[i], argv[i + 1]);
	printf("%s: %d failure(s)\n", __FILE__, tb_failures);
	return tb_failures != 0;
}
