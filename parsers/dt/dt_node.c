/* Property decoding for the lookups: status, strings, #cells and reg. */
#include <string.h>

#include "parsers/dt/dt_internal.h"

static bool prop_is(const void *value, int len, const char *expected)
{
	return (size_t)len == strlen(expected) + 1 && memcmp(value, expected, (size_t)len) == 0;
}

bool dt_node_enabled(const void *fdt, int node)
{
	int len;
	const void *status = dt_walk_getprop(fdt, node, "status", &len);

	return !status || prop_is(status, len, "okay") || prop_is(status, len, "ok");
}

int dt_string_prop(const void *fdt, int node, const char *name, const char **value,
		   size_t *value_len)
{
	int len;
	const char *prop = dt_walk_getprop(fdt, node, name, &len);

	if (!prop)
		return DT_ERR_NOT_FOUND;
	if (len < 1 || memchr(prop, 0, (size_t)len) != prop + len - 1)
		return DT_ERR_NOT_STRING;
	*value = prop;
	*value_len = (size_t)len - 1;
	return DT_OK;
}

int dt_cells(const void *fdt, int node, const char *name, uint32_t *out)
{
	int len;
	const uint8_t *prop = dt_walk_getprop(fdt, node, name, &len);

	if (!prop)
		return DT_ERR_CELLS_MISSING;
	if (len != 4)
		return DT_ERR_CELLS_VALUE;
	*out = bytes_be32(prop);
	if (*out != 1 && *out != 2)
		return DT_ERR_CELLS_VALUE;
	return DT_OK;
}

/*
 * reg is a CPU physical address only if every bus between the node and the
 * root maps its children 1:1 (empty ranges); the root sits at offset 0.
 */
static int check_identity_ranges(const void *fdt, int parent)
{
	while (parent > 0) {
		int len;

		if (!dt_walk_getprop(fdt, parent, "ranges", &len) || len != 0)
			return DT_ERR_REG_UNTRANSLATED;
		parent = dt_walk_parent(fdt, parent);
	}
	return parent == 0 ? DT_OK : DT_ERR_NOT_FOUND;
}

int dt_reg_prop(const void *fdt, int node, struct dt_reg_prop *reg)
{
	return dt_reg_prop_under(fdt, dt_walk_parent(fdt, node), node, reg);
}

int dt_bus_cells(const void *fdt, int parent, struct dt_reg_prop *reg)
{
	int status;

	if (parent < 0)
		return DT_ERR_CELLS_MISSING; /* the root has no parent */
	status = dt_cells(fdt, parent, "#address-cells", &reg->address_cells);
	if (status != DT_OK)
		return status;
	status = dt_cells(fdt, parent, "#size-cells", &reg->size_cells);
	if (status != DT_OK)
		return status;
	return check_identity_ranges(fdt, parent);
}

int dt_reg_prop_under(const void *fdt, int parent, int node, struct dt_reg_prop *reg)
{
	int status = dt_bus_cells(fdt, parent, reg);

	return status == DT_OK ? dt_reg_prop_cells(fdt, node, reg) : status;
}

int dt_reg_prop_cells(const void *fdt, int node, struct dt_reg_prop *reg)
{
	int len;
	size_t entry_size;

	reg->cells = dt_walk_getprop(fdt, node, "reg", &len);
	if (!reg->cells)
		return DT_ERR_NOT_FOUND;
	entry_size = 4 * (reg->address_cells + reg->size_cells);
	if (len == 0 || (size_t)len % entry_size)
		return DT_ERR_REG_LENGTH;
	reg->entries = (size_t)len / entry_size;
	return DT_OK;
}

static uint64_t load_cells(const uint8_t *p, uint32_t n)
{
	return n == 2 ? bytes_be64(p) : bytes_be32(p);
}

int dt_reg_entry(const struct dt_reg_prop *reg, size_t index, struct dt_reg *out)
{
	const uint8_t *p = reg->cells + index * 4 * (reg->address_cells + reg->size_cells);
	uint64_t base = load_cells(p, reg->address_cells);
	uint64_t size = load_cells(p + 4 * reg->address_cells, reg->size_cells);

	if (size > UINT64_MAX - base)
		return DT_ERR_REG_OVERFLOW;
	out->base = base;
	out->size = size;
	return DT_OK;
}
