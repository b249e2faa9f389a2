/* dt_check(): one test per rule of dt.c's table, on trees built here. */
#include <string.h>

#include "parsers/dt/dt.h"
#include "parsers/dt/dt_test_util.h"
#include "parsers/testing/strerror_table.h"

enum { BEGIN = 1, END_NODE = 2, PROP = 3, NOP = 4, END = 9 };

static size_t good_tree(void)
{
	begin_tree();
	node("memory@40000000");
	prop_str("device_type", "memory");
	prop_reg(0x40000000, 0x8000000);
	node_end();
	node("chosen");
	prop_str("bootargs", "console=ttyAMA0");
	node_end();
	return finish_tree();
}

static void test_good(void)
{
	size_t size = good_tree();

	EXPECT_EQ(dt_check(BLOB, size), DT_OK);
	/* Trailing buffer space after totalsize is fine. */
	EXPECT_EQ(dt_check(BLOB, sizeof(blob_words)), DT_OK);
}

static void test_header(void)
{
	size_t size = good_tree();
	uint32_t word;

	memmove(BLOB_BYTES + 4, BLOB_BYTES, size);
	EXPECT_EQ(dt_check(BLOB_BYTES + 4, size), DT_ERR_ALIGNMENT);
	size = good_tree();
	EXPECT_EQ(dt_check(BLOB, 39), DT_ERR_SHORT_BUFFER);
	hdr_set(0, 0xedfe0dd0);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_MAGIC);
	size = good_tree();
	hdr_set(HDR_VERSION, 16);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_VERSION);
	hdr_set(HDR_VERSION, 17);
	hdr_set(HDR_LAST_COMP, 18);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_LAST_COMP_VERSION);
	hdr_set(HDR_VERSION, 18);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_LAST_COMP_VERSION);
	hdr_set(HDR_LAST_COMP, 16);
	EXPECT_EQ(dt_check(BLOB, size), DT_OK);
	hdr_set(HDR_TOTALSIZE, 39);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_TOTALSIZE_SMALL);
	hdr_set(HDR_TOTALSIZE, (uint32_t)size);
	EXPECT_EQ(dt_check(BLOB, size - 1), DT_ERR_TOTALSIZE_BUFFER);
	hdr_set(HDR_TOTALSIZE, INT32_MAX);
	EXPECT_EQ(dt_check(BLOB, SIZE_MAX), DT_ERR_TOTALSIZE_MAX);
	hdr_set(HDR_TOTALSIZE, (uint32_t)size);

	word = hdr_get(HDR_OFF_RSVMAP);
	hdr_set(HDR_OFF_RSVMAP, 32);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_RSVMAP_BOUNDS);
	hdr_set(HDR_OFF_RSVMAP, (uint32_t)size + 8);
	EXPECT_EQ(dt_check(BLOB, sizeof(blob_words)), DT_ERR_RSVMAP_BOUNDS);
	hdr_set(HDR_OFF_RSVMAP, word + 4);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_RSVMAP_ALIGN);
	hdr_set(HDR_OFF_RSVMAP, word);
}

static void test_blocks(void)
{
	size_t size = good_tree();
	uint32_t off = hdr_get(HDR_OFF_STRUCT), len = hdr_get(HDR_SIZE_STRUCT);

	hdr_set(HDR_OFF_STRUCT, 36);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_STRUCT_BOUNDS);
	hdr_set(HDR_OFF_STRUCT, (uint32_t)size + 4);
	hdr_set(HDR_SIZE_STRUCT, 0);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_STRUCT_BOUNDS);
	/* off + size wraps to a small value. */
	hdr_set(HDR_OFF_STRUCT, off);
	hdr_set(HDR_SIZE_STRUCT, 0u - off + 8);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_STRUCT_BOUNDS);
	hdr_set(HDR_SIZE_STRUCT, len - 2);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_STRUCT_ALIGN);
	hdr_set(HDR_SIZE_STRUCT, len);
	hdr_set(HDR_OFF_STRUCT, off + 2);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_STRUCT_ALIGN);
	hdr_set(HDR_OFF_STRUCT, off);
	EXPECT_EQ(dt_check(BLOB, size), DT_OK);

	off = hdr_get(HDR_OFF_STRINGS);
	len = hdr_get(HDR_SIZE_STRINGS);
	hdr_set(HDR_SIZE_STRINGS, len + 1);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_STRINGS_BOUNDS);
	hdr_set(HDR_SIZE_STRINGS, 0u - off + 1);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_STRINGS_BOUNDS);
	hdr_set(HDR_SIZE_STRINGS, len);
	hdr_set(HDR_OFF_STRINGS, off - 4);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_STRINGS_OVERLAP);
}

static void test_rsvmap(void)
{
	size_t size;
	uint32_t off;

	memset(blob_words, 0, sizeof(blob_words));
	if (fdt_create(BLOB, sizeof(blob_words)) || fdt_add_reservemap_entry(BLOB, ~0ull, 2) ||
	    fdt_finish_reservemap(BLOB) || fdt_begin_node(BLOB, "")) {
		fprintf(stderr, "cannot build reservation test tree\n");
		exit(2);
	}
	size = finish_tree();
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_RSVMAP_ENTRY_OVERFLOW);

	size = good_tree();
	off = hdr_get(HDR_OFF_RSVMAP);
	/* Fewer than 16 bytes left before totalsize: no room for a terminator. */
	hdr_set(HDR_OFF_RSVMAP, ((uint32_t)size - 8) & ~7u);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_RSVMAP_UNTERMINATED);
	/* The terminator at off..off+16 now also begins the structure block. */
	hdr_set(HDR_OFF_RSVMAP, off);
	hdr_set(HDR_SIZE_STRUCT, hdr_get(HDR_SIZE_STRUCT) + hdr_get(HDR_OFF_STRUCT) - off - 8);
	hdr_set(HDR_OFF_STRUCT, off + 8);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_RSVMAP_OVERLAP);
}

static void test_tags(void)
{
	static const char strings[] = "a\0bb";
	const uint32_t root_nop[] = { NOP, BEGIN, 0, END_NODE, END };
	const uint32_t unknown[] = { BEGIN, 0, 7, END_NODE, END };
	const uint32_t unterminated[] = { BEGIN, 0, BEGIN, 0x61626364 };
	const uint32_t two_roots[] = { BEGIN, 0, END_NODE, BEGIN, 0, END_NODE, END };
	const uint32_t unbalanced[] = { BEGIN, 0, END_NODE, END_NODE, END };
	const uint32_t end_inside[] = { BEGIN, 0, BEGIN, 0, END_NODE, END };
	const uint32_t after_end[] = { BEGIN, 0, END_NODE, END, NOP };
	const uint32_t no_end[] = { BEGIN, 0, END_NODE, NOP };
	const uint32_t nops[] = { BEGIN, 0, NOP, PROP, 0, 0, NOP, END_NODE, NOP, END };
	size_t size;

	size = raw_blob(nops, 10, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_OK);
	size = raw_blob(root_nop, 5, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_ROOT_NOT_FIRST);
	size = raw_blob(root_nop, 0, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_ROOT_NOT_FIRST);
	size = raw_blob(unknown, 5, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_TAG_UNKNOWN);
	size = raw_blob(unterminated, 4, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_NODE_NAME_UNTERMINATED);
	size = raw_blob(two_roots, 7, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_MULTIPLE_ROOTS);
	size = raw_blob(unbalanced, 5, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_END_NODE_UNBALANCED);
	size = raw_blob(end_inside, 6, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_END_INSIDE_NODE);
	size = raw_blob(after_end, 5, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_DATA_AFTER_END);
	size = raw_blob(no_end, 4, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_END_MISSING);
}

static void test_props(void)
{
	static const char strings[] = "a\0bb";
	const uint32_t truncated[] = { BEGIN, 0, PROP, 0 };
	const uint32_t too_long[] = { BEGIN, 0, PROP, 13, 0, 0, END_NODE, END };
	const uint32_t fits[] = { BEGIN, 0, PROP, 12, 0, 0, END_NODE, END };
	const uint32_t name_off[] = { BEGIN, 0, PROP, 0, 5, END_NODE, END };
	const uint32_t last_name[] = { BEGIN, 0, PROP, 0, 2, END_NODE, END };
	const uint32_t outside[] = { BEGIN, 0, END_NODE, PROP, 0, 0, END };
	const uint32_t after_sub[] = { BEGIN, 0, BEGIN, 0, END_NODE, NOP, PROP, 0, 0, END_NODE, END };
	size_t size;

	size = raw_blob(truncated, 4, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_PROP_TRUNCATED);
	size = raw_blob(too_long, 8, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_PROP_LENGTH);
	/* A value running exactly to the block end leaves no room for END. */
	size = raw_blob(fits, 8, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_END_MISSING);
	size = raw_blob(name_off, 7, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_PROP_NAME_OFFSET);
	size = raw_blob(last_name, 7, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_OK);
	size = raw_blob(last_name, 7, strings, sizeof(strings) - 1);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_PROP_NAME_UNTERMINATED);
	size = raw_blob(outside, 7, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_PROP_OUTSIDE_NODE);
	size = raw_blob(after_sub, 11, strings, sizeof(strings));
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_PROP_AFTER_SUBNODE);
}

/* A forged length in a real tree: fdt_next_tag() would overflow its int. */
static void test_forged_length(void)
{
	size_t size = good_tree();
	unsigned tag = prop_tag_offset("bootargs");

	put_be32(BLOB_BYTES + tag + 4, 0x7ffffff0);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_PROP_LENGTH);
	put_be32(BLOB_BYTES + tag + 4, 0xfffffffc);
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_PROP_LENGTH);
}

static void nest(int levels)
{
	begin_tree_bare();
	for (int i = 1; i < levels; i++)
		node("n");
	for (int i = 1; i < levels; i++)
		node_end();
}

static void test_depth(void)
{
	size_t size;

	nest(DT_MAX_DEPTH);
	size = finish_tree();
	EXPECT_EQ(dt_check(BLOB, size), DT_OK);
	nest(DT_MAX_DEPTH + 1);
	size = finish_tree();
	EXPECT_EQ(dt_check(BLOB, size), DT_ERR_DEPTH);
}

static void test_strerror(void)
{
	EXPECT_EQ(strerror_table_ok(dt_strerror, DT_ERR_COUNT, "unknown dt status"), 1);
}

int main(void)
{
	test_good();
	test_header();
	test_blocks();
	test_rsvmap();
	test_tags();
	test_props();
	test_forged_length();
	test_depth();
	test_strerror();
	if (failures)
		fprintf(stderr, "%d failures\n", failures);
	return failures != 0;
}
