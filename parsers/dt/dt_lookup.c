/* The lookups of dt.h: walks (dt_walk.c) of a blob dt_open() has checked. */
#include <string.h>

#include <libfdt.h>

#include "parsers/dt/dt_internal.h"

/* Walks path components [p, end) down from node; empty components are skipped. -1: none. */
static int find_path(const void *fdt, int node, const char *p, const char *end)
{
	while (p < end && node >= 0) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *next = slash ? slash : end;

		if (next > p)
			node = dt_walk_subnode(fdt, node, p, (size_t)(next - p));
		p = next + (slash != NULL);
	}
	return node;
}

/* The node at an absolute path. */
static int path_node(const void *fdt, const char *path, int *node)
{
	*node = find_path(fdt, 0, path, path + strlen(path));
	return *node < 0 ? DT_ERR_NOT_FOUND : DT_OK;
}

/* fdt_node_check_compatible() == 0: compatible is one of the node's strings. */
static bool compatible_with(const void *fdt, int node, const char *compatible)
{
	int len;
	const char *list = dt_walk_getprop(fdt, node, "compatible", &len);

	return list && fdt_stringlist_contains(list, len, compatible);
}

int dt_first_reg(const void *fdt, int node, struct dt_reg *out)
{
	struct dt_reg_prop reg;
	int status = dt_reg_prop(fdt, node, &reg);

	if (status != DT_OK)
		return status;
	return dt_reg_entry(&reg, 0, out);
}

static int append_regs(const void *fdt, int parent, int node, struct dt_reg *regs, size_t max,
		       size_t *count)
{
	struct dt_reg_prop reg;
	int status = dt_reg_prop_under(fdt, parent, node, &reg);

	for (size_t i = 0; status == DT_OK && i < reg.entries; i++) {
		if (*count == max)
			return DT_ERR_TOO_MANY_REGIONS;
		status = dt_reg_entry(&reg, i, &regs[*count]);
		if (status == DT_OK)
			++*count;
	}
	return status;
}

int dt_memory(const struct dt_tree *tree, struct dt_reg *regs, size_t max, size_t *count)
{
	static const char memory[] = "memory";
	const void *fdt = tree->fdt;
	int status = DT_OK;
	int node = -1;
	bool found = false;

	*count = 0;
	while (status == DT_OK) {
		const void *type;
		int len;

		node = dt_walk_next_any_node(fdt, node);
		if (node < 0)
			return found ? DT_OK : DT_ERR_NOT_FOUND;
		type = dt_walk_getprop(fdt, node, "device_type", &len);
		if (!type || len != sizeof(memory) || memcmp(type, memory, sizeof(memory)) != 0 ||
		    !dt_node_enabled(fdt, node))
			continue;
		found = true;
		status = append_regs(fdt, dt_walk_parent(fdt, node), node, regs, max, count);
	}
	return status;
}

int dt_compatible_reg(const struct dt_tree *tree, const char *compatible, struct dt_reg *reg)
{
	struct dt_reg_prop prop;
	int node, parent, status = dt_find_compatible(tree->fdt, compatible, &node, &parent);

	if (status == DT_OK)
		status = dt_reg_prop_under(tree->fdt, parent, node, &prop);
	return status == DT_OK ? dt_reg_entry(&prop, 0, reg) : status;
}

/* Parents remembered per depth; deeper nodes ask dt_walk_parent() (a walk from the root). */
#define DT_PARENT_DEPTH 16

/* Steps to the next node of a walk begun with *depth = -1, noting its parent (-1 for the root). */
static int next_node(const void *fdt, int node, int *depth, int parents[DT_PARENT_DEPTH],
		     int *parent)
{
	node = dt_walk_next_node(fdt, node, depth);
	if (node < 0 || *depth < 0)
		return -1;
	if (*depth < DT_PARENT_DEPTH)
		parents[*depth] = node;
	*parent = *depth == 0 ? -1
		: *depth <= DT_PARENT_DEPTH ? parents[*depth - 1] : dt_walk_parent(fdt, node);
	return node;
}

int dt_find_compatible(const void *fdt, const char *compatible, int *node, int *parent)
{
	int parents[DT_PARENT_DEPTH];
	int depth = -1;

	for (*node = next_node(fdt, -1, &depth, parents, parent); *node >= 0;
	     *node = next_node(fdt, *node, &depth, parents, parent)) {
		if (compatible_with(fdt, *node, compatible) && dt_node_enabled(fdt, *node))
			return DT_OK;
	}
	return DT_ERR_NOT_FOUND;
}

/*
 * One pass over the blob with the parent of each depth at hand: QEMU virt's
 * 32 virtio-mmio slots cost one walk instead of a walk from the root per slot
 * for its parent's #address-cells (~6M instructions under TCG), and their
 * common parent's cell sizes are read once, not once per slot (a third of
 * what was left).
 */
int dt_compatible_regs(const struct dt_tree *tree, const char *compatible, struct dt_reg *regs,
		       size_t max, size_t *count)
{
	const void *fdt = tree->fdt;
	int parents[DT_PARENT_DEPTH];
	int depth = -1, parent, bus = -2, bus_status = DT_OK;
	struct dt_reg_prop reg;

	*count = 0;
	for (int node = next_node(fdt, -1, &depth, parents, &parent); node >= 0;
	     node = next_node(fdt, node, &depth, parents, &parent)) {
		int status;

		if (!compatible_with(fdt, node, compatible) || !dt_node_enabled(fdt, node))
			continue;
		if (*count == max)
			return DT_ERR_TOO_MANY_REGIONS;
		if (parent != bus) {
			bus = parent;
			bus_status = dt_bus_cells(fdt, parent, &reg);
		}
		status = bus_status == DT_OK ? dt_reg_prop_cells(fdt, node, &reg) : bus_status;
		if (status == DT_OK)
			status = dt_reg_entry(&reg, 0, &regs[*count]);
		if (status != DT_OK)
			return status;
		++*count;
	}
	return *count ? DT_OK : DT_ERR_NOT_FOUND;
}

int dt_compatible_node_regs(const struct dt_tree *tree, const char *compatible,
			    struct dt_reg *regs, size_t max, size_t *count)
{
	int node, parent, status = dt_find_compatible(tree->fdt, compatible, &node, &parent);

	*count = 0;
	return status != DT_OK ? status : append_regs(tree->fdt, parent, node, regs, max, count);
}

int dt_hide_compatible(void *fdt, size_t len, const char *compatible)
{
	struct dt_tree tree;
	int node = -1, status = dt_open(fdt, len, &tree);

	if (status != DT_OK)
		return status;
	for (;;) {
		node = fdt_node_offset_by_compatible(fdt, node, compatible);
		if (node < 0)
			return DT_ERR_NOT_FOUND;
		if (dt_node_enabled(fdt, node))
			return fdt_nop_node(fdt, node) == 0 ? DT_OK : DT_ERR_NOT_FOUND;
	}
}

static int walk_path(const void *fdt, int node, const char *p, const char *end, int *out)
{
	node = find_path(fdt, node, p, end);
	if (node < 0)
		return DT_ERR_STDOUT_PATH;
	*out = node;
	return DT_OK;
}

/* An alias value must itself be an absolute path (libfdt would recurse). */
static int resolve_alias(const void *fdt, const char *name, size_t name_len, int *out)
{
	const char *target;
	int aliases, len;

	if (path_node(fdt, "/aliases", &aliases) != DT_OK)
		return DT_ERR_ALIAS;
	target = dt_walk_getprop_namelen(fdt, aliases, name, name_len, &len);
	if (!target || len < 2 || target[0] != '/' || memchr(target, 0, (size_t)len) != target + len - 1)
		return DT_ERR_ALIAS;
	return walk_path(fdt, 0, target, target + len - 1, out);
}

static int resolve_stdout_path(const void *fdt, const char *path, size_t path_len, int *node)
{
	const char *end = path + path_len;
	const char *colon = memchr(path, ':', path_len);
	const char *alias_end;
	int status;

	if (colon)
		end = colon;
	if (end == path)
		return DT_ERR_STDOUT_PATH;
	if (path[0] == '/')
		return walk_path(fdt, 0, path, end, node);
	alias_end = memchr(path, '/', (size_t)(end - path));
	if (!alias_end)
		alias_end = end;
	status = resolve_alias(fdt, path, (size_t)(alias_end - path), node);
	if (status != DT_OK)
		return status;
	return walk_path(fdt, *node, alias_end, end, node);
}

int dt_stdout_reg(const struct dt_tree *tree, struct dt_reg *reg)
{
	const void *fdt = tree->fdt;
	const char *path;
	size_t path_len;
	int node, status = path_node(fdt, "/chosen", &node);

	if (status != DT_OK)
		return status;
	status = dt_string_prop(fdt, node, "stdout-path", &path, &path_len);
	if (status != DT_OK)
		return status;
	status = resolve_stdout_path(fdt, path, path_len, &node);
	if (status != DT_OK)
		return status;
	if (!dt_node_enabled(fdt, node))
		return DT_ERR_DISABLED;
	return dt_first_reg(fdt, node, reg);
}

int dt_bootargs(const struct dt_tree *tree, const char **args, size_t *args_len)
{
	int node, status = path_node(tree->fdt, "/chosen", &node);

	if (status != DT_OK)
		return status;
	return dt_string_prop(tree->fdt, node, "bootargs", args, args_len);
}

int dt_psci_use_smc(const struct dt_tree *tree, bool *use_smc)
{
	const void *fdt = tree->fdt;
	const char *method;
	size_t method_len;
	int node, status = path_node(fdt, "/psci", &node);

	if (status != DT_OK)
		return status;
	if (!dt_node_enabled(fdt, node))
		return DT_ERR_DISABLED;
	status = dt_string_prop(fdt, node, "method", &method, &method_len);
	if (status != DT_OK)
		return status;
	if (method_len != 3 || (memcmp(method, "smc", 3) != 0 && memcmp(method, "hvc", 3) != 0))
		return DT_ERR_PSCI_METHOD;
	*use_smc = method[0] == 's';
	return DT_OK;
}
