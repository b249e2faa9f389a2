#include "parsers/dt/dt_walk_oracle.h"

#include <stdbool.h>
#include <string.h>

#include <libfdt.h>

#include "parsers/dt/dt.h"
#include "parsers/dt/dt_walk.h"

#define AGREE(cond)                      \
	do {                             \
		if (!(cond))             \
			return __LINE__; \
	} while (0)

/*
 * Asking libfdt by name for every property or child walks the node's
 * properties or children again each time (quadratic: most of dt_fuzz's
 * time). libfdt's answer is the first of that name, so it is taken from
 * the node's first LISTED properties or children, in libfdt's order, when
 * one of them has the name; past those, libfdt is asked.
 */
#define LISTED 64
#define UNLIKELY_PROP "no such property, really"
#define UNLIKELY_NODE "no-such-node"

struct listed {
	int offset, len; /* a child's offset; a property's value length */
	const char *name;
	const void *value;
};

static int props_agree(const void *fdt, int node)
{
	struct listed props[LISTED];
	int prop, len, walk_len, count = 0;
	const void *unlikely;

	fdt_for_each_property_offset(prop, fdt, node) {
		const char *name;
		const void *value = fdt_getprop_by_offset(fdt, prop, &name, &len);
		int i = 0;

		if (count < LISTED)
			props[count++] = (struct listed){ .len = len, .name = name, .value = value };
		while (i < count && strcmp(props[i].name, name))
			i++;
		if (i < count) {
			value = props[i].value;
			len = props[i].len;
		} else {
			value = fdt_getprop(fdt, node, name, &len);
		}
		AGREE(dt_walk_getprop(fdt, node, name, &walk_len) == value && walk_len == len);
		AGREE(dt_walk_getprop_namelen(fdt, node, name, strlen(name), &walk_len) == value &&
		      walk_len == len);
	}
	/*
	 * An unlikely name, yet not assumed absent: the fuzzer learns it from
	 * this comparison and puts it in a blob, so libfdt's answer is the truth.
	 */
	unlikely = fdt_getprop(fdt, node, UNLIKELY_PROP, &len);
	AGREE(dt_walk_getprop(fdt, node, UNLIKELY_PROP, &walk_len) == unlikely &&
	      (!unlikely || walk_len == len));
	return 0;
}

/*
 * libfdt's answer for a child's name[0..len): the first child whose name is
 * exactly that, or, for a name without '@', that name with a unit address.
 */
static int libfdt_subnode(const void *fdt, int node, const struct listed *kids, int count,
			  const char *name, int len)
{
	bool base = !memchr(name, '@', (size_t)len);

	for (int i = 0; i < count; i++)
		if (kids[i].len >= len && !memcmp(kids[i].name, name, (size_t)len) &&
		    (kids[i].len == len || (base && kids[i].name[len] == '@')))
			return kids[i].offset;
	node = fdt_subnode_offset_namelen(fdt, node, name, len);
	return node < 0 ? -1 : node;
}

/* Each child by its full name and, without its unit address, by its base name. */
static int children_agree(const void *fdt, int node)
{
	struct listed kids[LISTED];
	int child, len, count = 0;

	fdt_for_each_subnode(child, fdt, node) {
		const char *name = fdt_get_name(fdt, child, &len);
		const char *at = memchr(name, '@', (size_t)len);

		if (count < LISTED)
			kids[count++] = (struct listed){ .offset = child, .len = len, .name = name };
		AGREE(dt_walk_subnode(fdt, node, name, (size_t)len) ==
		      libfdt_subnode(fdt, node, kids, count, name, len));
		if (at) {
			int base = (int)(at - name);

			AGREE(dt_walk_subnode(fdt, node, name, (size_t)base) ==
			      libfdt_subnode(fdt, node, kids, count, name, base));
		}
	}
	/* an unlikely name, not assumed absent either (see props_agree()) */
	AGREE(dt_walk_subnode(fdt, node, UNLIKELY_NODE, strlen(UNLIKELY_NODE)) ==
	      libfdt_subnode(fdt, node, kids, count, UNLIKELY_NODE, (int)strlen(UNLIKELY_NODE)));
	return 0;
}

int dt_walk_oracle(const void *fdt)
{
	int node = -1, depth = -1, walk_node = -1, walk_depth = -1, line, next;
	/*
	 * The last node libfdt's walk met at each depth: a node's parent is the
	 * one a level up. fdt_parent_offset() would walk from the root for every
	 * node, which made this oracle most of dt_fuzz's time.
	 */
	int last_at[DT_MAX_DEPTH + 1];

	for (;;) {
		node = fdt_next_node(fdt, node, &depth);
		walk_node = dt_walk_next_node(fdt, walk_node, &walk_depth);
		if (node < 0 || depth < 0) {
			AGREE(walk_node < 0 || walk_depth < 0);
			return 0;
		}
		AGREE(walk_node == node && walk_depth == depth);
		next = fdt_next_node(fdt, node, NULL);
		AGREE(dt_walk_next_any_node(fdt, node) == (next < 0 ? -1 : next));
		AGREE(depth <= DT_MAX_DEPTH); /* dt_check()'s nesting rule */
		last_at[depth] = node;
		AGREE(dt_walk_parent(fdt, node) == (depth ? last_at[depth - 1] : -1));
		line = props_agree(fdt, node);
		if (!line)
			line = children_agree(fdt, node);
		if (line)
			return line;
	}
}
