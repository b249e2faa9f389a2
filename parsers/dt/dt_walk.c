/*
 * The lookups' walks of a blob dt_check() accepted: the node offsets and
 * answers libfdt's fdt_next_node(), fdt_getprop_namelen(),
 * fdt_parent_offset() and fdt_subnode_offset_namelen() give, without
 * libfdt's re-checks. libfdt bounds every tag it reads and every byte of a
 * node name again (fdt_offset_ptr(), ~60 instructions each under -Oz): one
 * lookup on QEMU virt's 56-node tree cost ~850k instructions, and a boot
 * made eight. dt_check() has checked what these walks rely on, once:
 *   - every tag is BEGIN_NODE, END_NODE, PROP, NOP or END, inside the
 *     structure block; END is its last tag, after the one root closed;
 *   - a node name ends with a NUL inside the structure block;
 *   - a property's value lies inside the structure block, and its name
 *     offset points at a NUL-terminated string inside the strings block;
 *   - a node's properties precede its subnodes; nesting <= DT_MAX_DEPTH.
 */
#include <string.h>

#include "parsers/dt/dt_internal.h"

typedef uint32_t __attribute__((may_alias)) dt_word;

/*
 * A big-endian word of the header or the structure block, one load: the
 * blob is 8-aligned and the block's tags 4-aligned (dt_check()), and the
 * walks read little else (bytes_be32() is a byte loop, 6 instructions a byte).
 */
static uint32_t word(const uint8_t *p)
{
	uint32_t v = *(const dt_word *)__builtin_assume_aligned(p, 4);

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static const uint8_t *struct_block(const void *fdt)
{
	return (const uint8_t *)fdt + word((const uint8_t *)fdt + DT_OFF_STRUCT);
}

/* The tag at off; *next: the offset of the tag after it. */
static uint32_t next_tag(const uint8_t *block, int off, int *next)
{
	uint32_t tag = word(block + off);
	size_t end = (size_t)off + 4;

	if (tag == DT_TAG_BEGIN_NODE)
		end += strlen((const char *)block + end) + 1;
	else if (tag == DT_TAG_PROP)
		end += 8 + (size_t)word(block + end);
	*next = (int)((end + 3) & ~(size_t)3);
	return tag;
}

/*
 * The node after node in blob order; with depth, counted as fdt_next_node()
 * counts it, and the walk ends once the END_NODE closing depth's level has come.
 */
static int next_node(const void *fdt, int node, int *depth)
{
	const uint8_t *block = struct_block(fdt);
	int off = 0, next;

	if (node >= 0)
		next_tag(block, node, &off);
	for (;; off = next) {
		uint32_t tag = next_tag(block, off, &next);

		if (tag == DT_TAG_BEGIN_NODE) {
			if (depth)
				++*depth;
			return off;
		}
		if (tag == DT_TAG_END_NODE && depth && --*depth < 0)
			return next;
		if (tag == DT_TAG_END)
			return -1;
	}
}

int dt_walk_next_node(const void *fdt, int node, int *depth)
{
	return next_node(fdt, node, depth);
}

int dt_walk_next_any_node(const void *fdt, int node)
{
	return next_node(fdt, node, NULL);
}

/* Whether the NUL-terminated s is name[0..len), stopping at s's first difference. */
static bool name_is(const char *s, const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != name[i] || s[i] == '\0')
			return false;
	return s[len] == '\0';
}

const void *dt_walk_getprop_namelen(const void *fdt, int node, const char *name,
				    size_t name_len, int *len)
{
	const uint8_t *block = struct_block(fdt);
	const char *strings = (const char *)fdt + word((const uint8_t *)fdt + DT_OFF_STRINGS);
	int off, next;

	next_tag(block, node, &off);
	for (;; off = next) {
		uint32_t tag = next_tag(block, off, &next);

		if (tag == DT_TAG_NOP)
			continue;
		if (tag != DT_TAG_PROP)
			return NULL; /* the node's first subnode or its END_NODE */
		if (name_is(strings + word(block + off + 8), name, name_len)) {
			*len = (int)word(block + off + 4);
			return block + off + 12;
		}
	}
}

const void *dt_walk_getprop(const void *fdt, int node, const char *name, int *len)
{
	return dt_walk_getprop_namelen(fdt, node, name, strlen(name), len);
}

int dt_walk_parent(const void *fdt, int node)
{
	int parents[DT_MAX_DEPTH];
	int depth = -1;

	for (int n = dt_walk_next_node(fdt, -1, &depth); n >= 0 && depth >= 0;
	     n = dt_walk_next_node(fdt, n, &depth)) {
		parents[depth] = n; /* depth < DT_MAX_DEPTH: the root is depth 0 here */
		if (n == node)
			return depth ? parents[depth - 1] : -1;
	}
	return -1;
}

/* libfdt's rule: "name" also matches "name@unit" when name has no '@' of its own. */
static bool name_matches(const char *node_name, const char *name, size_t len)
{
	if (strlen(node_name) < len || memcmp(node_name, name, len) != 0)
		return false;
	return node_name[len] == '\0' || (node_name[len] == '@' && !memchr(name, '@', len));
}

int dt_walk_subnode(const void *fdt, int parent, const char *name, size_t len)
{
	const uint8_t *block = struct_block(fdt);
	int depth = 0;

	for (int n = dt_walk_next_node(fdt, parent, &depth); n >= 0 && depth > 0;
	     n = dt_walk_next_node(fdt, n, &depth))
		if (depth == 1 && name_matches((const char *)block + n + 4, name, len))
			return n;
	return -1;
}
