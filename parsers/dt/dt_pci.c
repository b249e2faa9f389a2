/*
 * The generic ECAM PCI host QEMU's virt machine describes: where config space
 * is and which CPU address windows the firmware may put BARs in.
 */
#include "parsers/dt/dt_internal.h"

#define PCI_ADDRESS_CELLS 3u
#define ECAM_BUS_SIZE (1ull << 20)
/* phys.hi: bits 24-25 are the space code */
#define PCI_SPACE(hi) ((hi) >> 24 & 3u)
#define PCI_SPACE_IO 1u
#define PCI_SPACE_MEM32 2u
#define PCI_SPACE_MEM64 3u

static int bus_range(const void *fdt, int node, struct dt_pci_host *host)
{
	int len;
	const uint8_t *p = dt_walk_getprop(fdt, node, "bus-range", &len);
	uint64_t buses = host->ecam.size / ECAM_BUS_SIZE;

	if (!p) {
		if (!buses)
			return DT_ERR_PCI_ECAM_SIZE;
		host->bus_start = 0;
		host->bus_end = (uint32_t)(buses > 256 ? 255 : buses - 1);
		return DT_OK;
	}
	if (len != 8)
		return DT_ERR_PCI_BUS_RANGE;
	host->bus_start = bytes_be32(p);
	host->bus_end = bytes_be32(p + 4);
	if (host->bus_start > host->bus_end || host->bus_end > 255)
		return DT_ERR_PCI_BUS_RANGE;
	if (buses < host->bus_end - host->bus_start + 1ull)
		return DT_ERR_PCI_ECAM_SIZE;
	return DT_OK;
}

static uint64_t load_cells(const uint8_t *p, uint32_t n)
{
	return n == 2 ? bytes_be64(p) : bytes_be32(p);
}

/* Keeps the first window of each space; other spaces (configuration) are skipped. */
static int ranges(const void *fdt, int node, uint32_t parent_cells, uint32_t size_cells,
		  struct dt_pci_host *host)
{
	size_t entry = 4 * (PCI_ADDRESS_CELLS + parent_cells + size_cells);
	int len;
	const uint8_t *p = dt_walk_getprop(fdt, node, "ranges", &len);

	if (!p || len <= 0 || (size_t)len % entry)
		return DT_ERR_PCI_RANGES;
	for (const uint8_t *end = p + len; p < end; p += entry) {
		uint32_t hi = bytes_be32(p);
		struct dt_pci_window w = {
			.pci_base = bytes_be64(p + 4),
			.cpu_base = load_cells(p + 12, parent_cells),
			.size = load_cells(p + 12 + 4 * parent_cells, size_cells),
		};
		struct dt_pci_window *slot = PCI_SPACE(hi) == PCI_SPACE_IO      ? &host->io
					     : PCI_SPACE(hi) == PCI_SPACE_MEM32 ? &host->mem32
					     : PCI_SPACE(hi) == PCI_SPACE_MEM64 ? &host->mem64
										: NULL;

		if (!w.size || w.size - 1 > UINT64_MAX - w.cpu_base ||
		    w.size - 1 > UINT64_MAX - w.pci_base)
			return DT_ERR_PCI_RANGES;
		if (slot && !slot->size)
			*slot = w;
	}
	return DT_OK;
}

static bool pci_address_cells(const void *fdt, int node)
{
	int len;
	const uint8_t *p = dt_walk_getprop(fdt, node, "#address-cells", &len);

	return p && len == 4 && bytes_be32(p) == PCI_ADDRESS_CELLS;
}

int dt_pci_host(const struct dt_tree *tree, struct dt_pci_host *host)
{
	static const struct dt_pci_host empty;
	const void *fdt = tree->fdt;
	uint32_t parent_cells, size_cells;
	struct dt_reg_prop reg;
	int node, parent, status;

	/* one walk finds the node and its parent */
	if (dt_find_compatible(fdt, "pci-host-ecam-generic", &node, &parent) != DT_OK)
		return DT_ERR_NOT_FOUND;
	*host = empty;
	status = dt_reg_prop_under(fdt, parent, node, &reg);
	if (status == DT_OK)
		status = dt_reg_entry(&reg, 0, &host->ecam);
	if (status != DT_OK)
		return status;
	status = bus_range(fdt, node, host);
	if (status != DT_OK)
		return status;
	if (parent < 0)
		return DT_ERR_CELLS_MISSING;
	status = dt_cells(fdt, parent, "#address-cells", &parent_cells);
	if (status != DT_OK)
		return status;
	status = dt_cells(fdt, node, "#size-cells", &size_cells);
	if (status != DT_OK)
		return status;
	if (!pci_address_cells(fdt, node))
		return DT_ERR_PCI_RANGES;
	return ranges(fdt, node, parent_cells, size_cells, host);
}
