/*
 * dt_check() against libfdt: whatever dt_open() accepts, a full libfdt walk
 * (every node, every property by offset and by name) must complete without an error
 * and see every node and property tag of the structure block, and the
 * lookups' walkers must answer as libfdt does (dt_walk_oracle()). Then every
 * lookup runs on the checked tree. A byte after totalsize, if any, sizes
 * dt_memory()'s output array.
 * fuzz_status(): dt_open()'s status, or dt_memory()'s if dt_open() accepted
 * the blob (dt_open() never gives a reg or cells status).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "fuzz/oracle.h"
#include "parsers/dt/dt.h"
#include "parsers/dt/dt_walk_oracle.h"

static volatile uint8_t sink;

/* Reads every byte so the sanitizers see any out-of-bounds value. */
static void touch(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t x = 0;

	for (size_t i = 0; i < len; i++)
		x ^= b[i];
	sink = x;
}

struct counts {
	unsigned nodes, props;
};

/* Tag census with the low-level iterator, independent of node structure. */
static struct counts count_tags(const void *fdt)
{
	struct counts c = { 0, 0 };
	int off = 0, next;
	uint32_t tag;

	do {
		tag = fdt_next_tag(fdt, off, &next);
		REQUIRE(next >= 0 || tag == FDT_END);
		c.nodes += tag == FDT_BEGIN_NODE;
		c.props += tag == FDT_PROP;
		off = next;
	} while (tag != FDT_END);
	REQUIRE((uint32_t)off == fdt_size_dt_struct(fdt));
	return c;
}

static unsigned walk_props(const void *fdt, int node)
{
	unsigned props = 0;
	int prop;

	fdt_for_each_property_offset(prop, fdt, node) {
		const char *name;
		int len, len2;
		const void *value = fdt_getprop_by_offset(fdt, prop, &name, &len);

		REQUIRE(value && name && len >= 0);
		touch(value, (size_t)len);
		touch(name, strlen(name));
		/* By name, the first property of that name is found. */
		REQUIRE(fdt_getprop(fdt, node, name, &len2) != NULL);
		props++;
	}
	REQUIRE(prop == -FDT_ERR_NOTFOUND);
	return props;
}

static struct counts walk_nodes(const void *fdt)
{
	struct counts c = { 0, 0 };
	int node, depth = 0;

	/* Leaving the root, fdt_next_node() drops depth below 0 and stops. */
	for (node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		int len;
		const char *name = fdt_get_name(fdt, node, &len);

		REQUIRE(name && len >= 0 && depth >= 0 && depth < DT_MAX_DEPTH);
		c.nodes++;
		c.props += walk_props(fdt, node);
	}
	REQUIRE(node == -FDT_ERR_NOTFOUND || (node >= 0 && depth < 0));
	return c;
}

static void check_accepted(const void *fdt)
{
	struct counts tags = count_tags(fdt), walked = walk_nodes(fdt);

	REQUIRE(fdt_check_header(fdt) == 0);
	REQUIRE(tags.nodes == walked.nodes && tags.props == walked.props);
	/* the lookups' own walks (dt_walk.h) give libfdt's answers */
	REQUIRE(dt_walk_oracle(fdt) == 0);
}

static void require_reg(int status, const struct dt_reg *reg)
{
	if (status == DT_OK)
		REQUIRE(reg->size <= UINT64_MAX - reg->base);
}

/* Returns dt_memory()'s status. */
static int lookups(const struct dt_tree *tree, size_t max_regions)
{
	static const char *const compatibles[] = { "qemu,fw-cfg-mmio", "arm,pl031", "arm,pl011" };
	struct dt_reg *regs = malloc(max_regions * sizeof(*regs) + 1), reg;
	struct dt_pci_host pci;
	const char *args;
	size_t count, args_len;
	bool use_smc;
	int status, memory;

	memory = status = dt_memory(tree, regs, max_regions, &count);
	REQUIRE(count <= max_regions);
	for (size_t i = 0; i < count; i++)
		require_reg(DT_OK, &regs[i]);
	free(regs);
	for (size_t i = 0; i < 3; i++) {
		status = dt_compatible_reg(tree, compatibles[i], &reg);
		require_reg(status, &reg);
	}
	regs = malloc(max_regions * sizeof(*regs) + 1);
	status = dt_compatible_regs(tree, "virtio,mmio", regs, max_regions, &count);
	REQUIRE(count <= max_regions);
	for (size_t i = 0; i < count; i++)
		require_reg(DT_OK, &regs[i]);
	free(regs);
	status = dt_pci_host(tree, &pci);
	if (status == DT_OK) {
		require_reg(status, &pci.ecam);
		REQUIRE(pci.bus_start <= pci.bus_end && pci.bus_end <= 255);
		REQUIRE(pci.mem32.size - 1 <= UINT64_MAX - pci.mem32.cpu_base || !pci.mem32.size);
		REQUIRE(pci.mem64.size - 1 <= UINT64_MAX - pci.mem64.cpu_base || !pci.mem64.size);
	}
	status = dt_stdout_reg(tree, &reg);
	require_reg(status, &reg);
	status = dt_bootargs(tree, &args, &args_len);
	if (status == DT_OK)
		REQUIRE(strlen(args) == args_len);
	status = dt_psci_use_smc(tree, &use_smc);
	REQUIRE(dt_strerror(status) != NULL);
	return memory;
}

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

int fuzz_status(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy: 8-byte aligned, and ASan bounds at size. */
	uint8_t *fdt = malloc(size ? size : 1);
	size_t max_regions = 4;
	struct dt_tree tree;
	int verdict;

	memcpy(fdt, data, size);
	verdict = dt_open(fdt, size, &tree);
	REQUIRE(dt_strerror(verdict) != NULL);
	REQUIRE((verdict == DT_OK) == (tree.fdt == fdt));
	if (verdict == DT_OK) {
		check_accepted(fdt);
		if (size > fdt_totalsize(fdt))
			max_regions = data[fdt_totalsize(fdt)] % 5;
		verdict = lookups(&tree, max_regions);
	}
	free(fdt);
	return verdict;
}

const char *fuzz_strerror(int status)
{
	return dt_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
