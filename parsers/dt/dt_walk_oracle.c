#include "parsers/dt/dt_walk_oracle.h"

#include <string.h>

#include <libfdt.h>

#include "parsers/dt/dt_walk.h"

#define AGREE(cond)                      \
	do {                             \
		if (!(cond))             \
			return __LINE__; \
	} while (0)

static int props_agree(const void *fdt, int node)
{
	int prop, len, walk_len;

	fdt_for_each_property_offset(prop, fdt, node) {
		const char *name;
		const void *value;

		fdt_getprop_by_offset(fdt, prop, &name, &len);
		/* by name, the first property of that name (libfdt's own lookup) */
		value = fdt_getprop(fdt, node, name, &len);
		AGREE(dt_walk_getprop(fdt, node, name, &walk_len) == value && walk_len == len);
		AGREE(dt_walk_getprop_namelen(fdt, node, name, strlen(name), &walk_len) == value &&
		      walk_len == len);
	}
	AGREE(dt_walk_getprop(fdt, node, "no such property, really", &len) == NULL);
	return 0;
}

/* Each child by its full name and, without its unit address, by its base name. */
static int children_agree(const void *fdt, int node)
{
	int child, len;

	fdt_for_each_subnode(child, fdt, node) {
		const char *name = fdt_get_name(fdt, child, &len);
		const char *at = memchr(name, '@', (size_t)len);

		AGREE(dt_walk_subnode(fdt, node, name, (size_t)len) ==
		      fdt_subnode_offset_namelen(fdt, node, name, len));
		if (at) {
			int base = (int)(at - name), expected =
				fdt_subnode_offset_namelen(fdt, node, name, base);

			AGREE(dt_walk_subnode(fdt, node, name, (size_t)base) ==
			      (expected < 0 ? -1 : expected));
		}
	}
	AGREE(dt_walk_subnode(fdt, node, "no-such-node", 12) == -1);
	return 0;
}

int dt_walk_oracle(const void *fdt)
{
	int node = -1, depth = -1, walk_node = -1, walk_depth = -1, line;

	for (;;) {
		int parent;

		node = fdt_next_node(fdt, node, &depth);
		walk_node = dt_walk_next_node(fdt, walk_node, &walk_depth);
		if (node < 0 || depth < 0) {
			AGREE(walk_node < 0 || walk_depth < 0);
			return 0;
		}
		AGREE(walk_node == node && walk_depth == depth);
		AGREE(dt_walk_next_any_node(fdt, node) ==
		      (fdt_next_node(fdt, node, NULL) < 0 ? -1 : fdt_next_node(fdt, node, NULL)));
		parent = fdt_parent_offset(fdt, node);
		AGREE(dt_walk_parent(fdt, node) == (parent < 0 ? -1 : parent));
		line = props_agree(fdt, node);
		if (!line)
			line = children_agree(fdt, node);
		if (line)
			return line;
	}
}
