/*
 * Flattened device tree (DTB) from QEMU: a full structure check, then the few
 * lookups the firmware needs. The lookups use libfdt, which trusts the
 * structure it walks, so they take only a struct dt_tree: a blob dt_open()
 * has checked once. The rules are tabled in dt.c.
 */
#ifndef EFILITE_PARSERS_DT_DT_H
#define EFILITE_PARSERS_DT_DT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dt_status {
	DT_OK = 0,
	/* header (dt_header.c) */
	DT_ERR_ALIGNMENT,
	DT_ERR_SHORT_BUFFER,
	DT_ERR_MAGIC,
	DT_ERR_VERSION,
	DT_ERR_LAST_COMP_VERSION,
	DT_ERR_TOTALSIZE_SMALL,
	DT_ERR_TOTALSIZE_BUFFER,
	DT_ERR_TOTALSIZE_MAX,
	DT_ERR_RSVMAP_BOUNDS,
	DT_ERR_RSVMAP_ALIGN,
	DT_ERR_STRUCT_BOUNDS,
	DT_ERR_STRUCT_ALIGN,
	DT_ERR_STRINGS_BOUNDS,
	DT_ERR_STRINGS_OVERLAP,
	/* memory reservation map (dt_rsvmap.c) */
	DT_ERR_RSVMAP_UNTERMINATED,
	DT_ERR_RSVMAP_OVERLAP,
	DT_ERR_RSVMAP_ENTRY_OVERFLOW,
	/* structure block (dt_struct.c) */
	DT_ERR_TAG_UNKNOWN,
	DT_ERR_NODE_NAME_UNTERMINATED,
	DT_ERR_PROP_TRUNCATED,
	DT_ERR_PROP_LENGTH,
	DT_ERR_PROP_NAME_OFFSET,
	DT_ERR_PROP_NAME_UNTERMINATED,
	DT_ERR_PROP_OUTSIDE_NODE,
	DT_ERR_PROP_AFTER_SUBNODE,
	DT_ERR_DEPTH,
	DT_ERR_ROOT_NOT_FIRST,
	DT_ERR_MULTIPLE_ROOTS,
	DT_ERR_END_NODE_UNBALANCED,
	DT_ERR_END_INSIDE_NODE,
	DT_ERR_END_MISSING,
	DT_ERR_DATA_AFTER_END,
	/* lookups (dt_reg.c, dt_chosen.c, dt_psci.c) */
	DT_ERR_NOT_FOUND,
	DT_ERR_DISABLED,
	DT_ERR_NOT_STRING,
	DT_ERR_CELLS_MISSING,
	DT_ERR_CELLS_VALUE,
	DT_ERR_REG_LENGTH,
	DT_ERR_REG_OVERFLOW,
	DT_ERR_REG_UNTRANSLATED,
	DT_ERR_TOO_MANY_REGIONS,
	DT_ERR_STDOUT_PATH,
	DT_ERR_ALIAS,
	DT_ERR_PSCI_METHOD,
	/* PCI host (dt_pci.c) */
	DT_ERR_PCI_BUS_RANGE,
	DT_ERR_PCI_RANGES,
	DT_ERR_PCI_ECAM_SIZE,
	DT_ERR_COUNT /* not a status: one past the last */
};

/* Deepest node nesting accepted (the root is depth 1). */
#define DT_MAX_DEPTH 32

struct dt_reg {
	uint64_t base, size;
};

/* Validates the blob at fdt (8-byte aligned) within buffer [fdt, fdt+len). */
int dt_check(const void *fdt, size_t len);

/*
 * A blob that passed dt_check(). Only dt_open() fills one in; the blob must
 * stay unchanged while the lookups below use it.
 */
struct dt_tree {
	const void *fdt;
};

/* dt_check(fdt, len); on DT_OK, *tree hands the checked blob to the lookups. */
int dt_open(const void *fdt, size_t len, struct dt_tree *tree);

/*
 * Every reg entry of every enabled device_type = "memory" node, in tree
 * order, into regs[0..max). *count is the number written. DT_ERR_NOT_FOUND if
 * there is no memory node, DT_ERR_TOO_MANY_REGIONS if more than max entries.
 */
int dt_memory(const struct dt_tree *tree, struct dt_reg *regs, size_t max, size_t *count);

/* First reg entry of the first enabled node compatible with `compatible`. */
int dt_compatible_reg(const struct dt_tree *tree, const char *compatible, struct dt_reg *reg);

/*
 * First reg entry of every enabled node compatible with `compatible`, in tree
 * order, into regs[0..max): the virtio-mmio slots. DT_ERR_NOT_FOUND if none,
 * DT_ERR_TOO_MANY_REGIONS if more than max.
 */
int dt_compatible_regs(const struct dt_tree *tree, const char *compatible, struct dt_reg *regs,
		       size_t max, size_t *count);

/*
 * Every reg entry of the first enabled node compatible with `compatible`
 * (both banks of QEMU's "cfi-flash"), into regs[0..max); *count is the
 * number written. DT_ERR_TOO_MANY_REGIONS if more than max entries.
 */
int dt_compatible_node_regs(const struct dt_tree *tree, const char *compatible,
			    struct dt_reg *regs, size_t max, size_t *count);

/*
 * In a writable copy of a blob (len bytes): the first enabled node compatible
 * with `compatible` and its subtree become NOPs, in place (the blob keeps its
 * size). DT_ERR_NOT_FOUND if there is none.
 */
int dt_hide_compatible(void *fdt, size_t len, const char *compatible);

/* A PCI address window: CPU addresses [cpu_base, cpu_base + size) are bus pci_base.. */
struct dt_pci_window {
	uint64_t cpu_base, pci_base, size; /* size 0: the host has no such window */
};

struct dt_pci_host {
	struct dt_reg ecam;          /* config space of bus_start.. (1 MiB per bus) */
	uint32_t bus_start, bus_end; /* bus-range, or 0..(ECAM size / 1 MiB - 1) */
	struct dt_pci_window io, mem32, mem64; /* the first ranges entry of each space */
};

/*
 * The first enabled "pci-host-ecam-generic" node: ECAM reg, bus-range and the
 * I/O, 32-bit and 64-bit memory windows of its ranges (3 PCI address cells,
 * the root's address cells, the node's size cells).
 */
int dt_pci_host(const struct dt_tree *tree, struct dt_pci_host *host);

/*
 * First reg entry of the node /chosen/stdout-path names: an absolute path or
 * an alias (optionally followed by /subpath); anything from ':' on is options.
 */
int dt_stdout_reg(const struct dt_tree *tree, struct dt_reg *reg);

/*
 * /chosen/bootargs: *args points into the blob at *args_len bytes followed by
 * a NUL. DT_ERR_NOT_FOUND if /chosen or bootargs is absent.
 */
int dt_bootargs(const struct dt_tree *tree, const char **args, size_t *args_len);

/* /psci method: "smc" -> true, "hvc" -> false. */
int dt_psci_use_smc(const struct dt_tree *tree, bool *use_smc);

/* A short description of a dt_status value (never NULL). */
const char *dt_strerror(int status);
#endif
