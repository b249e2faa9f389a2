/* Shared by the dt_*.c files only. */
#ifndef EFILITE_PARSERS_DT_DT_INTERNAL_H
#define EFILITE_PARSERS_DT_DT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "parsers/bytes/bytes.h"
#include "parsers/dt/dt.h"
#include "parsers/dt/dt_walk.h"

/* Version 17 header: ten big-endian 32-bit fields. */
#define DT_HEADER_SIZE 40u
#define DT_MAGIC 0xd00dfeedu
#define DT_VERSION 17u
#define DT_RSVMAP_ENTRY_SIZE 16u
/* Header fields the walks read (dt_walk.c). */
#define DT_OFF_STRUCT 8u
#define DT_OFF_STRINGS 12u

#define DT_TAG_BEGIN_NODE 1u
#define DT_TAG_END_NODE 2u
#define DT_TAG_PROP 3u
#define DT_TAG_NOP 4u
#define DT_TAG_END 9u

/* Block offsets and sizes from a header that dt_check_header() accepted. */
struct dt_blocks {
	uint32_t totalsize;
	uint32_t rsvmap_off;
	uint32_t struct_off, struct_size;
	uint32_t strings_off, strings_size;
};

/* Byte-wise loads: blob fields may sit at any alignment in the buffer. */
int dt_check_header(const uint8_t *fdt, size_t len, struct dt_blocks *blocks);
int dt_check_rsvmap(const uint8_t *fdt, const struct dt_blocks *blocks);
int dt_check_struct(const uint8_t *fdt, const struct dt_blocks *blocks);

/* Node helpers for the lookups; fdt has passed dt_check(). */
bool dt_node_enabled(const void *fdt, int node);
int dt_string_prop(const void *fdt, int node, const char *name, const char **value,
		   size_t *value_len);

/* #address-cells or #size-cells of node: one cell of value 1 or 2. */
int dt_cells(const void *fdt, int node, const char *name, uint32_t *out);
/* First reg entry of node. */
int dt_first_reg(const void *fdt, int node, struct dt_reg *out);

/* A node's reg property, validated against its parent's cell sizes. */
struct dt_reg_prop {
	const uint8_t *cells;
	size_t entries;
	uint32_t address_cells, size_cells;
};

int dt_reg_prop(const void *fdt, int node, struct dt_reg_prop *reg);
/* The same with the node's parent known (fdt_parent_offset() walks from the root: O(blob)). */
int dt_reg_prop_under(const void *fdt, int parent, int node, struct dt_reg_prop *reg);
/*
 * dt_reg_prop_under() in two steps, for walks that meet many children of
 * one bus: the bus's cell sizes and its identity ranges into reg (once per
 * parent), then a child's reg property against them.
 */
int dt_bus_cells(const void *fdt, int parent, struct dt_reg_prop *reg);
int dt_reg_prop_cells(const void *fdt, int node, struct dt_reg_prop *reg);
/* The first enabled node compatible with compatible and its parent (-1: the root), in one walk. */
int dt_find_compatible(const void *fdt, const char *compatible, int *node, int *parent);
int dt_reg_entry(const struct dt_reg_prop *reg, size_t index, struct dt_reg *out);

#endif
