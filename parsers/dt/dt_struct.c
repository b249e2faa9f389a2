/* Structure block rules of dt.c's table: one bounded pass over every tag. */
#include <string.h>

#include "parsers/dt/dt_internal.h"

struct walk {
	const uint8_t *block;   /* structure block */
	uint32_t size;          /* its size, a multiple of 4 */
	uint32_t off;           /* next tag, 4-aligned, <= size */
	const uint8_t *strings; /* strings block */
	uint32_t strings_size;
	uint32_t depth;         /* open nodes */
	uint32_t prev_tag;      /* last tag other than NOP */
};

static uint32_t align4(uint32_t off)
{
	return (off + 3) & ~3u;
}

/* The name and its NUL lie within the block; the block size is 4-aligned. */
static int skip_node_name(struct walk *w)
{
	const uint8_t *nul = memchr(w->block + w->off, 0, w->size - w->off);

	if (!nul)
		return DT_ERR_NODE_NAME_UNTERMINATED;
	w->off = align4((uint32_t)(nul - w->block) + 1);
	return DT_OK;
}

static int begin_node(struct walk *w)
{
	if (w->depth == 0 && w->prev_tag != 0)
		return DT_ERR_MULTIPLE_ROOTS;
	if (w->depth == DT_MAX_DEPTH)
		return DT_ERR_DEPTH;
	w->depth++;
	return skip_node_name(w);
}

static int end_node(struct walk *w)
{
	if (w->depth == 0)
		return DT_ERR_END_NODE_UNBALANCED;
	w->depth--;
	return DT_OK;
}

static int check_prop_name(const struct walk *w, uint32_t name_off)
{
	if (name_off >= w->strings_size)
		return DT_ERR_PROP_NAME_OFFSET;
	if (!memchr(w->strings + name_off, 0, w->strings_size - name_off))
		return DT_ERR_PROP_NAME_UNTERMINATED;
	return DT_OK;
}

/*
 * fdt_next_tag() adds the length to an int offset unchecked; with a forged
 * length (corpora/dt/regressions/forged-prop-length.dtb) it then overflows
 * `offset - startoffset` (UBSan-confirmed), so the length is bounded here.
 */
static int prop(struct walk *w)
{
	uint32_t value_len, name_off;
	int status;

	if (w->size - w->off < 8)
		return DT_ERR_PROP_TRUNCATED;
	value_len = bytes_be32(w->block + w->off);
	name_off = bytes_be32(w->block + w->off + 4);
	w->off += 8;
	if (value_len > w->size - w->off)
		return DT_ERR_PROP_LENGTH;
	w->off = align4(w->off + value_len);
	status = check_prop_name(w, name_off);
	if (status != DT_OK)
		return status;
	if (w->depth == 0)
		return DT_ERR_PROP_OUTSIDE_NODE;
	if (w->prev_tag == DT_TAG_END_NODE)
		return DT_ERR_PROP_AFTER_SUBNODE;
	return DT_OK;
}

static int end(const struct walk *w)
{
	if (w->depth != 0)
		return DT_ERR_END_INSIDE_NODE;
	if (w->off != w->size)
		return DT_ERR_DATA_AFTER_END;
	return DT_OK;
}

/* Handles one tag; returns DT_OK to go on, or a status that ends the walk. */
static int step(struct walk *w, uint32_t tag)
{
	switch (tag) {
	case DT_TAG_BEGIN_NODE:
		return begin_node(w);
	case DT_TAG_END_NODE:
		return end_node(w);
	case DT_TAG_PROP:
		return prop(w);
	case DT_TAG_NOP:
		return DT_OK;
	default:
		return DT_ERR_TAG_UNKNOWN;
	}
}

int dt_check_struct(const uint8_t *fdt, const struct dt_blocks *b)
{
	struct walk w = {
		.block = fdt + b->struct_off,
		.size = b->struct_size,
		.strings = fdt + b->strings_off,
		.strings_size = b->strings_size,
	};

	/* libfdt finds the root at structure offset 0. */
	if (w.size < 4 || bytes_be32(w.block) != DT_TAG_BEGIN_NODE)
		return DT_ERR_ROOT_NOT_FIRST;
	/* Each step consumes at least 4 bytes, so the walk ends. */
	for (;;) {
		uint32_t tag;
		int status;

		if (w.off == w.size)
			return DT_ERR_END_MISSING;
		tag = bytes_be32(w.block + w.off);
		w.off += 4;
		if (tag == DT_TAG_END)
			return end(&w);
		status = step(&w, tag);
		if (status != DT_OK)
			return status;
		if (tag != DT_TAG_NOP)
			w.prev_tag = tag;
	}
}
