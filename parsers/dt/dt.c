/*
 * dt_check(): the rules a DTB must meet before libfdt may walk it. libfdt's
 * own checks are partial (fdt_check_header() bounds the blocks but not the
 * tags inside them; fdt_next_tag() adds a 32-bit property length to an int),
 * so every rule below is checked here. The header and block rules are
 * checked in table order; the reservation map entries and then the structure
 * tags are checked one by one in blob order; the first broken rule wins.
 *
 * | rule                                                          | status                        |
 * |---------------------------------------------------------------|-------------------------------|
 * | blob address 8-byte aligned                                   | DT_ERR_ALIGNMENT              |
 * | len >= 40 (v17 header)                                        | DT_ERR_SHORT_BUFFER           |
 * | magic == 0xd00dfeed                                           | DT_ERR_MAGIC                  |
 * | version >= 17                                                 | DT_ERR_VERSION                |
 * | last_comp_version <= 17 and <= version                        | DT_ERR_LAST_COMP_VERSION      |
 * | totalsize >= 40                                               | DT_ERR_TOTALSIZE_SMALL        |
 * | totalsize <= len                                              | DT_ERR_TOTALSIZE_BUFFER       |
 * | totalsize < INT32_MAX (libfdt offsets are int)                | DT_ERR_TOTALSIZE_MAX          |
 * | 40 <= off_mem_rsvmap <= totalsize                             | DT_ERR_RSVMAP_BOUNDS          |
 * | off_mem_rsvmap % 8 == 0                                       | DT_ERR_RSVMAP_ALIGN           |
 * | structure block in [40, totalsize), no wrap                   | DT_ERR_STRUCT_BOUNDS          |
 * | off_dt_struct and size_dt_struct % 4 == 0                     | DT_ERR_STRUCT_ALIGN           |
 * | strings block in [40, totalsize), no wrap                     | DT_ERR_STRINGS_BOUNDS         |
 * | strings block does not overlap the structure block            | DT_ERR_STRINGS_OVERLAP        |
 * | reservation map ends with an all-zero entry within totalsize  | DT_ERR_RSVMAP_UNTERMINATED    |
 * | reservation entries: address + size does not wrap             | DT_ERR_RSVMAP_ENTRY_OVERFLOW  |
 * | reservation map overlaps neither structure nor strings block  | DT_ERR_RSVMAP_OVERLAP         |
 * | structure block starts with the root's FDT_BEGIN_NODE         | DT_ERR_ROOT_NOT_FIRST         |
 * | a tag is BEGIN_NODE, END_NODE, PROP, NOP or END               | DT_ERR_TAG_UNKNOWN            |
 * | node name NUL-terminated within the structure block           | DT_ERR_NODE_NAME_UNTERMINATED |
 * | node nesting <= DT_MAX_DEPTH                                  | DT_ERR_DEPTH                  |
 * | no node after the root node closed (exactly one root)         | DT_ERR_MULTIPLE_ROOTS         |
 * | END_NODE only closes an open node                             | DT_ERR_END_NODE_UNBALANCED    |
 * | property length and name offset fit in the structure block    | DT_ERR_PROP_TRUNCATED         |
 * | property value fits in the structure block (forged length)    | DT_ERR_PROP_LENGTH            |
 * | property name offset < size_dt_strings                        | DT_ERR_PROP_NAME_OFFSET       |
 * | property name NUL-terminated within the strings block         | DT_ERR_PROP_NAME_UNTERMINATED |
 * | property inside a node                                        | DT_ERR_PROP_OUTSIDE_NODE      |
 * | a node's properties precede its subnodes                      | DT_ERR_PROP_AFTER_SUBNODE     |
 * | FDT_END is not inside an open node                            | DT_ERR_END_INSIDE_NODE        |
 * | FDT_END is the last tag of the structure block                | DT_ERR_DATA_AFTER_END         |
 * | the structure block has an FDT_END                            | DT_ERR_END_MISSING            |
 *
 * Lookup rules (dt_node.c, dt_lookup.c), checked on the nodes they read:
 *
 * | rule                                                          | status                        |
 * |---------------------------------------------------------------|-------------------------------|
 * | node / property asked for exists                              | DT_ERR_NOT_FOUND              |
 * | node status absent, "okay" or "ok"                            | DT_ERR_DISABLED               |
 * | string property: one NUL, at its end                          | DT_ERR_NOT_STRING             |
 * | parent has #address-cells and #size-cells                     | DT_ERR_CELLS_MISSING          |
 * | #address-cells / #size-cells one cell of value 1 or 2         | DT_ERR_CELLS_VALUE            |
 * | reg non-empty, a whole number of (address, size) entries      | DT_ERR_REG_LENGTH             |
 * | reg address + size does not wrap                              | DT_ERR_REG_OVERFLOW           |
 * | every ancestor below the root has empty ranges (identity map) | DT_ERR_REG_UNTRANSLATED       |
 * | memory entries fit the caller's array                         | DT_ERR_TOO_MANY_REGIONS       |
 * | stdout-path non-empty and names an existing node              | DT_ERR_STDOUT_PATH            |
 * | stdout-path alias exists in /aliases as an absolute path      | DT_ERR_ALIAS                  |
 * | /psci method is "smc" or "hvc"                                | DT_ERR_PSCI_METHOD            |
 * | compatible-regs entries fit the caller's array                | DT_ERR_TOO_MANY_REGIONS       |
 *
 * PCI host rules (dt_pci.c):
 *
 * | rule                                                          | status                        |
 * |---------------------------------------------------------------|-------------------------------|
 * | bus-range: two cells, start <= end <= 255                     | DT_ERR_PCI_BUS_RANGE          |
 * | #address-cells 3; ranges: whole entries of 3 + parent + size  | DT_ERR_PCI_RANGES             |
 * | ranges entry: CPU and PCI address + size do not wrap, size > 0| DT_ERR_PCI_RANGES             |
 * | ECAM reg covers 1 MiB per bus of bus-range                    | DT_ERR_PCI_ECAM_SIZE          |
 */
#include "parsers/bytes/status_message.h"
#include "parsers/dt/dt_internal.h"

int dt_check(const void *fdt, size_t len)
{
	const uint8_t *blob = fdt;
	struct dt_blocks blocks;
	int status;

	status = dt_check_header(blob, len, &blocks);
	if (status != DT_OK)
		return status;
	status = dt_check_rsvmap(blob, &blocks);
	if (status != DT_OK)
		return status;
	return dt_check_struct(blob, &blocks);
}

/*
 * The one full check: the lookups then walk the blob with libfdt as often as
 * they like (each used to re-check it, 8 passes per boot and per fuzz input).
 */
int dt_open(const void *fdt, size_t len, struct dt_tree *tree)
{
	int status = dt_check(fdt, len);

	tree->fdt = status == DT_OK ? fdt : NULL;
	return status;
}

static const char *const messages[DT_ERR_COUNT] = {
	[DT_OK] = "ok",
	[DT_ERR_ALIGNMENT] = "blob not 8-byte aligned",
	[DT_ERR_SHORT_BUFFER] = "buffer shorter than the header",
	[DT_ERR_MAGIC] = "bad magic",
	[DT_ERR_VERSION] = "version older than 17",
	[DT_ERR_LAST_COMP_VERSION] = "last compatible version newer than 17 or than version",
	[DT_ERR_TOTALSIZE_SMALL] = "totalsize smaller than the header",
	[DT_ERR_TOTALSIZE_BUFFER] = "totalsize larger than the buffer",
	[DT_ERR_TOTALSIZE_MAX] = "totalsize too large for libfdt",
	[DT_ERR_RSVMAP_BOUNDS] = "reservation map offset out of bounds",
	[DT_ERR_RSVMAP_ALIGN] = "reservation map not 8-byte aligned",
	[DT_ERR_STRUCT_BOUNDS] = "structure block out of bounds",
	[DT_ERR_STRUCT_ALIGN] = "structure block offset or size not 4-byte aligned",
	[DT_ERR_STRINGS_BOUNDS] = "strings block out of bounds",
	[DT_ERR_STRINGS_OVERLAP] = "strings block overlaps the structure block",
	[DT_ERR_RSVMAP_UNTERMINATED] = "reservation map not terminated within totalsize",
	[DT_ERR_RSVMAP_OVERLAP] = "reservation map overlaps another block",
	[DT_ERR_RSVMAP_ENTRY_OVERFLOW] = "reservation entry address + size wraps",
	[DT_ERR_TAG_UNKNOWN] = "unknown structure tag",
	[DT_ERR_NODE_NAME_UNTERMINATED] = "node name not terminated within the structure block",
	[DT_ERR_PROP_TRUNCATED] = "property header truncated",
	[DT_ERR_PROP_LENGTH] = "property length beyond the structure block",
	[DT_ERR_PROP_NAME_OFFSET] = "property name offset beyond the strings block",
	[DT_ERR_PROP_NAME_UNTERMINATED] = "property name not terminated within the strings block",
	[DT_ERR_PROP_OUTSIDE_NODE] = "property outside any node",
	[DT_ERR_PROP_AFTER_SUBNODE] = "property after a subnode",
	[DT_ERR_DEPTH] = "nodes nested too deeply",
	[DT_ERR_ROOT_NOT_FIRST] = "structure block does not start with the root node",
	[DT_ERR_MULTIPLE_ROOTS] = "more than one root node",
	[DT_ERR_END_NODE_UNBALANCED] = "END_NODE without an open node",
	[DT_ERR_END_INSIDE_NODE] = "END inside an open node",
	[DT_ERR_END_MISSING] = "structure block without END",
	[DT_ERR_DATA_AFTER_END] = "structure block continues after END",
	[DT_ERR_NOT_FOUND] = "node or property not found",
	[DT_ERR_DISABLED] = "node disabled",
	[DT_ERR_NOT_STRING] = "property is not a NUL-terminated string",
	[DT_ERR_CELLS_MISSING] = "parent lacks #address-cells or #size-cells",
	[DT_ERR_CELLS_VALUE] = "#address-cells or #size-cells not 1 or 2",
	[DT_ERR_REG_LENGTH] = "reg empty or not whole entries",
	[DT_ERR_REG_OVERFLOW] = "reg address + size wraps",
	[DT_ERR_REG_UNTRANSLATED] = "reg behind a bus with non-identity ranges",
	[DT_ERR_TOO_MANY_REGIONS] = "more memory regions than the caller's array",
	[DT_ERR_STDOUT_PATH] = "stdout-path does not name a node",
	[DT_ERR_ALIAS] = "stdout-path alias missing or not an absolute path",
	[DT_ERR_PSCI_METHOD] = "psci method neither smc nor hvc",
	[DT_ERR_PCI_BUS_RANGE] = "PCI bus-range not two cells with start <= end <= 255",
	[DT_ERR_PCI_RANGES] = "PCI ranges not whole entries, empty or wrapping",
	[DT_ERR_PCI_ECAM_SIZE] = "PCI ECAM reg smaller than its bus range",
};

const char *dt_strerror(int status)
{
	return bytes_status_message(messages, DT_ERR_COUNT, status, "unknown dt status");
}
