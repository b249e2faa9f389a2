/* The lookups of dt.h: libfdt walks of a blob dt_open() has checked. */
#include <string.h>

#include <libfdt.h>

#include "parsers/dt/dt_internal.h"

/* The node at an absolute path. */
static int path_node(const void *fdt, const char *path, int *node)
{
	*node = fdt_path_offset(fdt, path);
	return *node < 0 ? DT_ERR_NOT_FOUND : DT_OK;
}

int dt_first_reg(const void *fdt, int node, struct dt_reg *out)
{
	struct dt_reg_prop reg;
	int status = dt_reg_prop(fdt, node, &reg);

	if (status != DT_OK)
		return status;
	return dt_reg_entry(&reg, 0, out);
}

static int append_regs(const void *fdt, int node, struct dt_reg *regs, size_t max,
		       size_t *count)
{
	struct dt_reg_prop reg;
	int status = dt_reg_prop(fdt, node, &reg);

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
		node = fdt_node_offset_by_prop_value(fdt, node, "device_type", memory,
						     sizeof(memory));
		if (node < 0)
			return found ? DT_OK : DT_ERR_NOT_FOUND;
		if (!dt_node_enabled(fdt, node))
			continue;
		found = true;
		status = append_regs(fdt, node, regs, max, count);
	}
	return status;
}

/* The next enabled node after node (-1: from the first) compatible with compatible; < 0 if none. */
static int next_enabled_compatible(const void *fdt, int node, const char *compatible)
{
	do
		node = fdt_node_offset_by_compatible(fdt, node, compatible);
	while (node >= 0 && !dt_node_enabled(fdt, node));
	return node;
}

int dt_compatible_reg(const struct dt_tree *tree, const char *compatible, struct dt_reg *reg)
{
	int node = next_enabled_compatible(tree->fdt, -1, compatible);

	return node < 0 ? DT_ERR_NOT_FOUND : dt_first_reg(tree->fdt, node, reg);
}

/* Parents remembered per depth; deeper nodes ask libfdt (which walks from the root). */
#define DT_PARENT_DEPTH 16

/* Steps to the next node of a walk begun with *depth = -1, noting its parent (-1 for the root). */
static int next_node(const void *fdt, int node, int *depth, int parents[DT_PARENT_DEPTH],
		     int *parent)
{
	node = fdt_next_node(fdt, node, depth);
	if (node < 0 || *depth < 0)
		return -1;
	if (*depth < DT_PARENT_DEPTH)
		parents[*depth] = node;
	*parent = *depth == 0 ? -1
		: *depth <= DT_PARENT_DEPTH ? parents[*depth - 1] : fdt_parent_offset(fdt, node);
	return node;
}

int dt_find_compatible(const void *fdt, const char *compatible, int *node, int *parent)
{
	int parents[DT_PARENT_DEPTH];
	int depth = -1;

	for (*node = next_node(fdt, -1, &depth, parents, parent); *node >= 0;
	     *node = next_node(fdt, *node, &depth, parents, parent)) {
		if (fdt_node_check_compatible(fdt, *node, compatible) == 0 &&
		    dt_node_enabled(fdt, *node))
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

		if (fdt_node_check_compatible(fdt, node, compatible) != 0 ||
		    !dt_node_enabled(fdt, node))
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
	int node = next_enabled_compatible(tree->fdt, -1, compatible);

	*count = 0;
	return node < 0 ? DT_ERR_NOT_FOUND : append_regs(tree->fdt, node, regs, max, count);
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

/* Walks path components [p, end) down from node; empty components are skipped. */
static int walk_path(const void *fdt, int node, const char *p, const char *end, int *out)
{
	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *next = slash ? slash : end;

		if (next > p) {
			node = fdt_subnode_offset_namelen(fdt, node, p, (int)(next - p));
			if (node < 0)
				return DT_ERR_STDOUT_PATH;
		}
		p = next + (slash != NULL);
	}
	*out = node;
	return DT_OK;
}

/* An alias value must itself be an absolute path (libfdt would recurse). */
static int resolve_alias(const void *fdt, const char *name, size_t name_len, int *out)
{
	int aliases = fdt_path_offset(fdt, "/aliases");
	const char *target;
	int len;

	if (aliases < 0)
		return DT_ERR_ALIAS;
	target = fdt_getprop_namelen(fdt, aliases, name, (int)name_len, &len);
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
