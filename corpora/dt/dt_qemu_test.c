/*
 * The lookups on real QEMU 7.2 virt DTBs (tools/corpus/dt-from-qemu.sh).
 * Expected values are QEMU's virt memory map (hw/arm/virt.c: UART 0x09000000,
 * RTC 0x09010000, fw_cfg 0x09020000 + 0x18, RAM at 0x40000000) and the -m,
 * -numa, -append and EL options each seed was dumped with.
 * Usage: test FILE... (every seed in the table must be given).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpora/dt/dt_file.h"
#include "parsers/dt/dt.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

enum psci { HVC, SMC, NO_PSCI };

struct seed {
	const char *file;
	struct dt_reg memory[2];
	size_t regions;
	enum psci psci;
	const char *bootargs;
	bool seen;
};

static struct seed seeds[] = {
	{ "virt-default.dtb", { { 0x40000000, 128 * MiB } }, 1, HVC, NULL },
	{ "virt-1G-smp4.dtb", { { 0x40000000, GiB } }, 1, HVC, NULL },
	{ "virt-5G-gicv3.dtb", { { 0x40000000, 5 * GiB } }, 1, HVC, NULL },
	{ "virt-acpi-off.dtb", { { 0x40000000, GiB } }, 1, HVC, NULL },
	/* With EL2 emulated the guest's hypervisor owns HVC: PSCI moves to SMC. */
	{ "virt-el2.dtb", { { 0x40000000, GiB } }, 1, SMC, NULL },
	/* With EL3 emulated the firmware provides PSCI itself. */
	{ "virt-el3.dtb", { { 0x40000000, GiB } }, 1, NO_PSCI, NULL },
	{ "virt-highmem-off.dtb", { { 0x40000000, GiB } }, 1, HVC, NULL },
	{ "virt-append.dtb", { { 0x40000000, 256 * MiB } }, 1, HVC,
	  "console=ttyAMA0 root=/dev/vda2 rw efi=debug loglevel=8" },
	/* Two NUMA nodes: QEMU emits the higher one first. */
	{ "virt-numa.dtb", { { 0x80000000, GiB }, { 0x40000000, GiB } }, 2, HVC, NULL },
	/* Reduced copies: only the nodes the lookups read. */
	{ "virt-minimal.dtb", { { 0x40000000, 256 * MiB } }, 1, HVC,
	  "console=ttyAMA0 root=/dev/vda2 rw efi=debug loglevel=8" },
	{ "virt-numa-minimal.dtb", { { 0x80000000, GiB }, { 0x40000000, GiB } }, 2, HVC, NULL },
	/* stdout-path = "serial0:115200n8", /aliases/serial0 = "/pl011@9000000". */
	{ "virt-minimal-alias.dtb", { { 0x40000000, 128 * MiB } }, 1, HVC, NULL },
};

static int failures;

static void expect_reg(const char *file, const char *what, int status, struct dt_reg got,
		       uint64_t base, uint64_t size)
{
	if (status != DT_OK || got.base != base || got.size != size) {
		fprintf(stderr, "%s: %s: %s, base %#llx size %#llx; expected %#llx %#llx\n", file,
			what, dt_strerror(status), (unsigned long long)got.base,
			(unsigned long long)got.size, (unsigned long long)base,
			(unsigned long long)size);
		failures++;
	}
}

static void check_memory(const struct seed *s, const struct dt_tree *tree)
{
	struct dt_reg regs[4];
	size_t count = 0;
	int status = dt_memory(tree, regs, 4, &count);

	if (status != DT_OK || count != s->regions) {
		fprintf(stderr, "%s: dt_memory %s, %zu regions\n", s->file, dt_strerror(status),
			count);
		failures++;
		return;
	}
	for (size_t i = 0; i < count; i++)
		expect_reg(s->file, "memory", status, regs[i], s->memory[i].base,
			   s->memory[i].size);
}

static void check_devices(const struct seed *s, const struct dt_tree *tree)
{
	struct dt_reg reg = { 0 };
	int status;

	status = dt_stdout_reg(tree, &reg);
	expect_reg(s->file, "stdout-path", status, reg, 0x09000000, 0x1000);
	/* virt-el3 has a disabled secure pl011 at 0x09040000 first in tree order. */
	status = dt_compatible_reg(tree, "arm,pl011", &reg);
	expect_reg(s->file, "arm,pl011", status, reg, 0x09000000, 0x1000);
	status = dt_compatible_reg(tree, "arm,pl031", &reg);
	expect_reg(s->file, "arm,pl031", status, reg, 0x09010000, 0x1000);
	status = dt_compatible_reg(tree, "qemu,fw-cfg-mmio", &reg);
	expect_reg(s->file, "qemu,fw-cfg-mmio", status, reg, 0x09020000, 0x18);
}

static void check_chosen(const struct seed *s, const struct dt_tree *tree)
{
	const char *args = NULL;
	size_t args_len = 0;
	bool use_smc = false;
	int status = dt_bootargs(tree, &args, &args_len);

	if (s->bootargs ? status != DT_OK || args_len != strlen(s->bootargs) ||
				  memcmp(args, s->bootargs, args_len) != 0
			: status != DT_ERR_NOT_FOUND) {
		fprintf(stderr, "%s: bootargs %s\n", s->file, dt_strerror(status));
		failures++;
	}
	status = dt_psci_use_smc(tree, &use_smc);
	if (s->psci == NO_PSCI ? status != DT_ERR_NOT_FOUND
			       : status != DT_OK || use_smc != (s->psci == SMC)) {
		fprintf(stderr, "%s: psci %s, smc %d\n", s->file, dt_strerror(status), use_smc);
		failures++;
	}
}

static void check_seed(struct seed *s, const void *blob, size_t len)
{
	struct dt_tree tree;
	int status = dt_open(blob, len, &tree);

	s->seen = true;
	if (status != DT_OK || dt_check(blob, len - 1) != DT_ERR_TOTALSIZE_BUFFER) {
		fprintf(stderr, "%s: dt_open %s\n", s->file, dt_strerror(status));
		failures++;
		return;
	}
	check_memory(s, &tree);
	check_devices(s, &tree);
	check_chosen(s, &tree);
}

static struct seed *find_seed(const char *name)
{
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
		if (strcmp(name, seeds[i].file) == 0)
			return &seeds[i];
	return NULL;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		struct seed *s = find_seed(base_name(argv[i]));
		size_t len;
		void *blob;

		if (!s) {
			fprintf(stderr, "%s: no expectations for this seed\n", argv[i]);
			failures++;
			continue;
		}
		blob = load_file(argv[i], &len);
		check_seed(s, blob, len);
		free(blob);
	}
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		if (!seeds[i].seen) {
			fprintf(stderr, "%s: seed not given\n", seeds[i].file);
			failures++;
		}
	}
	if (failures)
		fprintf(stderr, "%d failures\n", failures);
	return failures != 0;
}
