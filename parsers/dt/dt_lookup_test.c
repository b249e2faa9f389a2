/* The lookups of dt.h on trees built here with libfdt's sequential writer. */
#include <string.h>

#include "parsers/dt/dt.h"
#include "parsers/dt/dt_test_util.h"

/* The test blob as dt_open() hands it to the lookups. */
static const struct dt_tree *tree(size_t size)
{
	static struct dt_tree checked;

	EXPECT_EQ(dt_open(BLOB, size, &checked), DT_OK);
	return &checked;
}

static void memory_node(const char *name, uint64_t base, uint64_t size)
{
	node(name);
	prop_str("device_type", "memory");
	prop_reg(base, size);
	node_end();
}

static void test_memory(void)
{
	struct dt_reg regs[4];
	size_t size, count = 99;
	uint8_t two_entries[32] = { 0 };

	begin_tree();
	memory_node("memory@40000000", 0x40000000, 0x40000000);
	node("memory@80000000");
	prop_str("device_type", "memory");
	prop_str("status", "disabled");
	prop_reg(0x80000000, 0x1000);
	node_end();
	node("memory@100000000");
	prop_str("device_type", "memory");
	prop_str("status", "okay");
	put_be32(two_entries, 0x00000001);       /* base 0x1_0000_0000 */
	put_be32(two_entries + 12, 0x10000000);  /* size 256 MiB */
	put_be32(two_entries + 16, 0x00000002);  /* base 0x2_0000_0000 */
	put_be32(two_entries + 28, 0x1000);      /* size 4 KiB */
	prop_raw("reg", two_entries, sizeof(two_entries));
	node_end();
	size = finish_tree();

	EXPECT_EQ(dt_memory(tree(size), regs, 4, &count), DT_OK);
	EXPECT_EQ(count, 3);
	EXPECT_EQ(regs[0].base, 0x40000000);
	EXPECT_EQ(regs[0].size, 0x40000000);
	EXPECT_EQ(regs[1].base, 0x100000000);
	EXPECT_EQ(regs[1].size, 0x10000000);
	EXPECT_EQ(regs[2].base, 0x200000000);
	EXPECT_EQ(regs[2].size, 0x1000);
	EXPECT_EQ(dt_memory(tree(size), regs, 2, &count), DT_ERR_TOO_MANY_REGIONS);
	EXPECT_EQ(dt_memory(tree(size), regs, 3, &count), DT_OK);
	/* dt_open() reports dt_check()'s verdict and hands out no blob. */
	struct dt_tree broken = { BLOB };
	EXPECT_EQ(dt_open(BLOB, 39, &broken), DT_ERR_SHORT_BUFFER);
	EXPECT_EQ(broken.fdt == NULL, 1);

	begin_tree();
	node("chosen");
	node_end();
	size = finish_tree();
	EXPECT_EQ(dt_memory(tree(size), regs, 4, &count), DT_ERR_NOT_FOUND);
	EXPECT_EQ(count, 0);
}

/* One device node under the root, whose cells come from the caller. */
static size_t device_tree(uint32_t address_cells, uint32_t size_cells, const void *reg,
			  int reg_len)
{
	begin_tree_bare();
	prop_u32("#address-cells", address_cells);
	prop_u32("#size-cells", size_cells);
	node("rtc@9010000");
	prop_str("compatible", "arm,pl031");
	if (reg)
		prop_raw("reg", reg, reg_len);
	node_end();
	return finish_tree();
}

static void test_reg_cells(void)
{
	uint8_t cells[24] = { 0 };
	struct dt_reg reg;
	size_t size;

	put_be32(cells, 0x09010000);
	put_be32(cells + 4, 0x1000);
	size = device_tree(1, 1, cells, 8);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl031", &reg), DT_OK);
	EXPECT_EQ(reg.base, 0x09010000);
	EXPECT_EQ(reg.size, 0x1000);
	size = device_tree(1, 1, cells, 12);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl031", &reg), DT_ERR_REG_LENGTH);
	{
		/* every entry of one node, as for QEMU's two flash banks */
		struct dt_reg regs[2];
		size_t count = 9;

		put_be32(cells + 8, 0x04000000);
		put_be32(cells + 12, 0x04000000);
		size = device_tree(1, 1, cells, 16);
		EXPECT_EQ(dt_compatible_node_regs(tree(size), "arm,pl031", regs, 2, &count), DT_OK);
		EXPECT_EQ(count, 2);
		EXPECT_EQ(regs[1].base, 0x04000000);
		EXPECT_EQ(regs[1].size, 0x04000000);
		EXPECT_EQ(dt_compatible_node_regs(tree(size), "arm,pl031", regs, 1, &count),
			  DT_ERR_TOO_MANY_REGIONS);
		EXPECT_EQ(dt_compatible_node_regs(tree(size), "cfi-flash", regs, 2, &count),
			  DT_ERR_NOT_FOUND);
		EXPECT_EQ(count, 0);
		/* hidden: the node is gone, the blob still valid and the same size */
		EXPECT_EQ(dt_hide_compatible(BLOB, size, "arm,pl031"), DT_OK);
		EXPECT_EQ(dt_compatible_node_regs(tree(size), "arm,pl031", regs, 2, &count),
			  DT_ERR_NOT_FOUND);
		EXPECT_EQ(dt_hide_compatible(BLOB, size, "arm,pl031"), DT_ERR_NOT_FOUND);
	}
	size = device_tree(1, 1, cells, 0);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl031", &reg), DT_ERR_REG_LENGTH);
	size = device_tree(1, 1, NULL, 0);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl031", &reg), DT_ERR_NOT_FOUND);
	size = device_tree(3, 2, cells, 20);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl031", &reg), DT_ERR_CELLS_VALUE);
	size = device_tree(2, 0, cells, 8);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl031", &reg), DT_ERR_CELLS_VALUE);

	/* #address-cells present but not one cell long. */
	begin_tree_bare();
	prop_raw("#address-cells", cells, 8);
	prop_u32("#size-cells", 1);
	node("rtc");
	prop_str("compatible", "arm,pl031");
	prop_raw("reg", cells, 8);
	node_end();
	size = finish_tree();
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl031", &reg), DT_ERR_CELLS_VALUE);

	begin_tree_bare();
	prop_u32("#address-cells", 1);
	node("rtc");
	prop_str("compatible", "arm,pl031");
	prop_raw("reg", cells, 8);
	node_end();
	size = finish_tree();
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl031", &reg), DT_ERR_CELLS_MISSING);
}

static void test_reg_overflow(void)
{
	uint8_t cells[16];
	struct dt_reg reg;
	size_t size;

	/* Ends exactly at 2^64 - 1: the largest region that does not wrap. */
	put_be32(cells, 0xffffffff);
	put_be32(cells + 4, 0xfffff000);
	put_be32(cells + 8, 0);
	put_be32(cells + 12, 0xfff);
	size = device_tree(2, 2, cells, 16);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl031", &reg), DT_OK);
	EXPECT_EQ(reg.base, 0xfffffffffffff000);
	EXPECT_EQ(reg.size, 0xfff);
	put_be32(cells + 12, 0x1000);
	size = device_tree(2, 2, cells, 16);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl031", &reg), DT_ERR_REG_OVERFLOW);
}

/* A device behind a bus node whose ranges property is given (or absent). */
static size_t bus_tree(const void *ranges, int ranges_len)
{
	begin_tree();
	node("bus");
	prop_u32("#address-cells", 2);
	prop_u32("#size-cells", 2);
	if (ranges_len >= 0)
		prop_raw("ranges", ranges, ranges_len);
	node("uart@9000000");
	prop_str("compatible", "arm,pl011");
	prop_reg(0x9000000, 0x1000);
	node_end();
	node_end();
	return finish_tree();
}

static void test_translation(void)
{
	uint8_t ranges[24] = { 0 };
	struct dt_reg reg;
	size_t size;

	size = bus_tree("", 0);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl011", &reg), DT_OK);
	EXPECT_EQ(reg.base, 0x9000000);
	size = bus_tree(ranges, sizeof(ranges));
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl011", &reg), DT_ERR_REG_UNTRANSLATED);
	size = bus_tree(NULL, -1);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl011", &reg), DT_ERR_REG_UNTRANSLATED);
}

static void test_compatible(void)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	struct dt_reg reg;
	size_t size;

	begin_tree();
	node("pl011@1000");
	prop_raw("compatible", compat, sizeof(compat));
	prop_str("status", "disabled");
	prop_reg(0x1000, 0x1000);
	node_end();
	node("pl011@2000");
	prop_raw("compatible", compat, sizeof(compat));
	prop_str("status", "ok");
	prop_reg(0x2000, 0x1000);
	node_end();
	node("fw-cfg@9020000");
	prop_str("compatible", "qemu,fw-cfg-mmio");
	prop_str("status", "fail");
	prop_reg(0x9020000, 0x18);
	node_end();
	size = finish_tree();
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl011", &reg), DT_OK);
	EXPECT_EQ(reg.base, 0x2000);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,primecell", &reg), DT_OK);
	EXPECT_EQ(reg.base, 0x2000);
	EXPECT_EQ(dt_compatible_reg(tree(size), "qemu,fw-cfg-mmio", &reg), DT_ERR_NOT_FOUND);
	EXPECT_EQ(dt_compatible_reg(tree(size), "arm,pl0", &reg), DT_ERR_NOT_FOUND);
}

/* A tree with a UART, aliases and /chosen/stdout-path = `path` (raw bytes). */
static size_t stdout_tree(const char *path, int path_len, const char *alias, bool disabled)
{
	begin_tree();
	node("soc");
	prop_u32("#address-cells", 2);
	prop_u32("#size-cells", 2);
	prop_raw("ranges", "", 0);
	node("serial@9000000");
	prop_str("compatible", "arm,pl011");
	if (disabled)
		prop_str("status", "disabled");
	prop_reg(0x9000000, 0x1000);
	node_end();
	node_end();
	if (alias) {
		node("aliases");
		prop_str("serial0", alias);
		prop_str("loop", "loop");
		node_end();
	}
	node("chosen");
	if (path)
		prop_raw("stdout-path", path, path_len);
	node_end();
	return finish_tree();
}

static int stdout_base(const char *path, const char *alias, uint64_t *base)
{
	size_t size = stdout_tree(path, (int)strlen(path) + 1, alias, false);
	struct dt_reg reg = { 0 };
	int status = dt_stdout_reg(tree(size), &reg);

	*base = reg.base;
	return status;
}

static void test_stdout(void)
{
	static const char unterminated[] = { '/', 's', 'o', 'c' };
	struct dt_reg reg;
	uint64_t base;
	size_t size;

	EXPECT_EQ(stdout_base("/soc/serial@9000000", NULL, &base), DT_OK);
	EXPECT_EQ(base, 0x9000000);
	EXPECT_EQ(stdout_base("/soc/serial:115200n8", NULL, &base), DT_OK);
	EXPECT_EQ(base, 0x9000000);
	EXPECT_EQ(stdout_base("serial0:115200n8", "/soc/serial@9000000", &base), DT_OK);
	EXPECT_EQ(base, 0x9000000);
	EXPECT_EQ(stdout_base("serial0/serial", "/soc", &base), DT_OK);
	EXPECT_EQ(base, 0x9000000);
	EXPECT_EQ(stdout_base("serial0", "/soc/serial@9000000", &base), DT_OK);
	EXPECT_EQ(stdout_base("serial0", "soc/serial@9000000", &base), DT_ERR_ALIAS);
	EXPECT_EQ(stdout_base("loop", "/soc", &base), DT_ERR_ALIAS);
	EXPECT_EQ(stdout_base("serial1", "/soc/serial@9000000", &base), DT_ERR_ALIAS);
	EXPECT_EQ(stdout_base("serial0", NULL, &base), DT_ERR_ALIAS);
	EXPECT_EQ(stdout_base("serial0", "/soc/nothing", &base), DT_ERR_STDOUT_PATH);
	EXPECT_EQ(stdout_base("/soc/nothing", NULL, &base), DT_ERR_STDOUT_PATH);
	EXPECT_EQ(stdout_base("", NULL, &base), DT_ERR_STDOUT_PATH);
	EXPECT_EQ(stdout_base(":115200", NULL, &base), DT_ERR_STDOUT_PATH);
	/* The soc bus has no reg; the root has no parent to give it cells. */
	EXPECT_EQ(stdout_base("/soc", NULL, &base), DT_ERR_NOT_FOUND);
	EXPECT_EQ(stdout_base("/", NULL, &base), DT_ERR_CELLS_MISSING);
	EXPECT_EQ(stdout_base("//soc//serial@9000000/", NULL, &base), DT_OK);

	size = stdout_tree("/soc/serial", 12, NULL, true);
	EXPECT_EQ(dt_stdout_reg(tree(size), &reg), DT_ERR_DISABLED);
	size = stdout_tree(unterminated, sizeof(unterminated), NULL, false);
	EXPECT_EQ(dt_stdout_reg(tree(size), &reg), DT_ERR_NOT_STRING);
	size = stdout_tree(NULL, 0, NULL, false);
	EXPECT_EQ(dt_stdout_reg(tree(size), &reg), DT_ERR_NOT_FOUND);
}

static void test_bootargs(void)
{
	static const char embedded_nul[] = "console=ttyAMA0\0quiet";
	const char *args;
	size_t size, len;

	size = stdout_tree(NULL, 0, NULL, false);
	EXPECT_EQ(dt_bootargs(tree(size), &args, &len), DT_ERR_NOT_FOUND);

	begin_tree();
	node("chosen");
	prop_str("bootargs", "console=ttyAMA0 root=/dev/vda");
	node_end();
	size = finish_tree();
	EXPECT_EQ(dt_bootargs(tree(size), &args, &len), DT_OK);
	EXPECT_EQ(len, strlen("console=ttyAMA0 root=/dev/vda"));
	EXPECT_EQ(memcmp(args, "console=ttyAMA0 root=/dev/vda", len + 1), 0);

	begin_tree();
	node("chosen");
	prop_raw("bootargs", embedded_nul, sizeof(embedded_nul));
	node_end();
	size = finish_tree();
	EXPECT_EQ(dt_bootargs(tree(size), &args, &len), DT_ERR_NOT_STRING);

	begin_tree();
	size = finish_tree();
	EXPECT_EQ(dt_bootargs(tree(size), &args, &len), DT_ERR_NOT_FOUND);
}

static int psci(const char *method, int method_len, bool *use_smc)
{
	size_t size;

	begin_tree();
	node("psci");
	prop_str("compatible", "arm,psci-0.2");
	if (method)
		prop_raw("method", method, method_len);
	node_end();
	size = finish_tree();
	return dt_psci_use_smc(tree(size), use_smc);
}

static void test_psci(void)
{
	bool use_smc = false;
	size_t size;

	EXPECT_EQ(psci("smc", 4, &use_smc), DT_OK);
	EXPECT_EQ(use_smc, true);
	EXPECT_EQ(psci("hvc", 4, &use_smc), DT_OK);
	EXPECT_EQ(use_smc, false);
	EXPECT_EQ(psci("smcx", 5, &use_smc), DT_ERR_PSCI_METHOD);
	EXPECT_EQ(psci("hv", 3, &use_smc), DT_ERR_PSCI_METHOD);
	EXPECT_EQ(psci("smc", 3, &use_smc), DT_ERR_NOT_STRING);
	EXPECT_EQ(psci(NULL, 0, &use_smc), DT_ERR_NOT_FOUND);

	begin_tree();
	node("psci");
	prop_str("status", "disabled");
	prop_str("method", "smc");
	node_end();
	size = finish_tree();
	EXPECT_EQ(dt_psci_use_smc(tree(size), &use_smc), DT_ERR_DISABLED);

	begin_tree();
	size = finish_tree();
	EXPECT_EQ(dt_psci_use_smc(tree(size), &use_smc), DT_ERR_NOT_FOUND);
}

static void virtio_node(const char *name, uint64_t base, const char *status)
{
	node(name);
	prop_str("compatible", "virtio,mmio");
	if (status)
		prop_str("status", status);
	prop_reg(base, 0x200);
	node_end();
}

static void test_compatible_regs(void)
{
	struct dt_reg regs[3];
	size_t size, count = 99;

	begin_tree();
	virtio_node("virtio_mmio@a000000", 0xa000000, NULL);
	virtio_node("virtio_mmio@a000200", 0xa000200, "disabled");
	virtio_node("virtio_mmio@a000400", 0xa000400, "okay");
	size = finish_tree();
	EXPECT_EQ(dt_compatible_regs(tree(size), "virtio,mmio", regs, 3, &count), DT_OK);
	EXPECT_EQ(count, 2);
	EXPECT_EQ(regs[0].base, 0xa000000);
	EXPECT_EQ(regs[1].base, 0xa000400);
	EXPECT_EQ(regs[1].size, 0x200);
	EXPECT_EQ(dt_compatible_regs(tree(size), "virtio,mmio", regs, 1, &count),
		  DT_ERR_TOO_MANY_REGIONS);
	EXPECT_EQ(dt_compatible_regs(tree(size), "arm,pl031", regs, 3, &count), DT_ERR_NOT_FOUND);
	EXPECT_EQ(count, 0);

	/* each slot's cells come from its own parent: a bus of 1+1 cells after a root slot */
	static const uint8_t one_cell_reg[8] = { 0, 0, 0x10, 0, 0, 0, 2, 0 };
	begin_tree();
	virtio_node("virtio_mmio@a000000", 0xa000000, NULL);
	node("bus");
	prop_u32("#address-cells", 1);
	prop_u32("#size-cells", 1);
	prop_raw("ranges", NULL, 0);
	node("virtio_mmio@1000");
	prop_str("compatible", "virtio,mmio");
	prop_raw("reg", one_cell_reg, sizeof(one_cell_reg));
	node_end();
	node_end();
	virtio_node("virtio_mmio@a000400", 0xa000400, NULL);
	size = finish_tree();
	EXPECT_EQ(dt_compatible_regs(tree(size), "virtio,mmio", regs, 3, &count), DT_OK);
	EXPECT_EQ(count, 3);
	EXPECT_EQ(regs[1].base, 0x1000);
	EXPECT_EQ(regs[1].size, 0x200);
	EXPECT_EQ(regs[2].base, 0xa000400);
	/* a slot at the root has no parent to take cells from */
	begin_tree();
	prop_str("compatible", "virtio,mmio");
	size = finish_tree();
	EXPECT_EQ(dt_compatible_regs(tree(size), "virtio,mmio", regs, 3, &count),
		  DT_ERR_CELLS_MISSING);
}

/* One ranges entry: space code in phys.hi, PCI address, CPU address, size. */
static uint8_t *range_entry(uint8_t *p, uint32_t hi, uint64_t pci, uint64_t cpu, uint64_t size)
{
	put_be32(p, hi);
	put_be32(p + 4, (uint32_t)(pci >> 32));
	put_be32(p + 8, (uint32_t)pci);
	put_be32(p + 12, (uint32_t)(cpu >> 32));
	put_be32(p + 16, (uint32_t)cpu);
	put_be32(p + 20, (uint32_t)(size >> 32));
	put_be32(p + 24, (uint32_t)size);
	return p + 28;
}

static uint64_t ecam_size = 0x10000000;

/* QEMU 7.2 virt's pcie@10000000, with bus-range and ranges as given. */
static size_t pci_tree(const uint8_t *bus_range, int bus_range_len, const uint8_t *ranges,
		       int ranges_len, uint32_t address_cells)
{
	begin_tree();
	node("pcie@10000000");
	prop_str("compatible", "pci-host-ecam-generic");
	prop_str("device_type", "pci");
	prop_u32("#address-cells", address_cells);
	prop_u32("#size-cells", 2);
	if (bus_range)
		prop_raw("bus-range", bus_range, bus_range_len);
	prop_reg(0x4010000000, ecam_size);
	prop_raw("ranges", ranges, ranges_len);
	node_end();
	return finish_tree();
}

static void test_pci_host(void)
{
	uint8_t ranges[4 * 28], bus_range[8] = { 0 }, *end = ranges;
	struct dt_pci_host host;
	size_t size;

	end = range_entry(end, 0x01000000, 0, 0x3eff0000, 0x10000);
	end = range_entry(end, 0x02000000, 0x10000000, 0x10000000, 0x2eff0000);
	end = range_entry(end, 0x03000000, 0x8000000000, 0x8000000000, 0x8000000000);
	put_be32(bus_range + 4, 0xff);
	size = pci_tree(bus_range, 8, ranges, (int)(end - ranges), 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_OK);
	EXPECT_EQ(host.ecam.base, 0x4010000000);
	EXPECT_EQ(host.bus_start, 0);
	EXPECT_EQ(host.bus_end, 0xff);
	EXPECT_EQ(host.io.cpu_base, 0x3eff0000);
	EXPECT_EQ(host.io.size, 0x10000);
	EXPECT_EQ(host.mem32.cpu_base, 0x10000000);
	EXPECT_EQ(host.mem32.pci_base, 0x10000000);
	EXPECT_EQ(host.mem32.size, 0x2eff0000);
	EXPECT_EQ(host.mem64.cpu_base, 0x8000000000);
	EXPECT_EQ(host.mem64.size, 0x8000000000);

	/* without bus-range the ECAM size gives the buses */
	size = pci_tree(NULL, 0, ranges, 28, 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_OK);
	EXPECT_EQ(host.bus_end, 0xff);
	EXPECT_EQ(host.mem32.size, 0);
	EXPECT_EQ(host.mem64.size, 0);

	put_be32(bus_range, 2);
	put_be32(bus_range + 4, 1);
	size = pci_tree(bus_range, 8, ranges, 28, 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_ERR_PCI_BUS_RANGE);
	put_be32(bus_range, 0);
	put_be32(bus_range + 4, 0x100);
	size = pci_tree(bus_range, 8, ranges, 28, 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_ERR_PCI_BUS_RANGE);
	size = pci_tree(bus_range, 4, ranges, 28, 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_ERR_PCI_BUS_RANGE);
	/* highmem=off: 16 buses of ECAM */
	ecam_size = 0x1000000;
	put_be32(bus_range + 4, 0xf);
	size = pci_tree(bus_range, 8, ranges, 28, 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_OK);
	put_be32(bus_range + 4, 0x10);
	size = pci_tree(bus_range, 8, ranges, 28, 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_ERR_PCI_ECAM_SIZE);
	ecam_size = 0x80000;
	size = pci_tree(NULL, 0, ranges, 28, 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_ERR_PCI_ECAM_SIZE);
	ecam_size = 0x10000000;
	/* whole entries only, and 3 address cells */
	size = pci_tree(NULL, 0, ranges, 27, 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_ERR_PCI_RANGES);
	size = pci_tree(NULL, 0, ranges, 28, 2);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_ERR_PCI_RANGES);
	/* a window that wraps, or is empty */
	range_entry(ranges, 0x02000000, 0, 0xfffffffffffff000, 0x2000);
	size = pci_tree(NULL, 0, ranges, 28, 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_ERR_PCI_RANGES);
	range_entry(ranges, 0x02000000, 0, 0x10000000, 0);
	size = pci_tree(NULL, 0, ranges, 28, 3);
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_ERR_PCI_RANGES);

	begin_tree();
	size = finish_tree();
	EXPECT_EQ(dt_pci_host(tree(size), &host), DT_ERR_NOT_FOUND);
}

int main(void)
{
	test_compatible_regs();
	test_pci_host();
	test_memory();
	test_reg_cells();
	test_reg_overflow();
	test_translation();
	test_compatible();
	test_stdout();
	test_bootargs();
	test_psci();
	if (failures)
		fprintf(stderr, "%d failures\n", failures);
	return failures != 0;
}
