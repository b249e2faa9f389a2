/* Host tests for the DT device region checks (firmware/devices.c) on QEMU virt's layout. */
#include "parsers/devices/devices.h"
#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

static const struct devices_range ram[] = { { 0x40000000, 0x20000000 } };
static const struct devices_layout virt = {
	.ram = ram,
	.ram_count = 1,
	.flash = { 0, 0x4000000 },
	.dtb = { 0x40000000, 0x200000 },
	.firmware_ram = { 0x40200000, 0x200000 },
	.pa_limit = 1ull << 48,
};

/* QEMU's own regions, in the order main.c checks them. */
static struct devices_region devs[3];

static void reset(void)
{
	devs[0] = (struct devices_region){ "fw_cfg", 0x9020000, 0x18, 8, 0x18 };
	devs[1] = (struct devices_region){ "PL031 RTC", 0x9010000, 0x1000, 4, 0x0c };
	devs[2] = (struct devices_region){ "console", 0x9000000, 0x1000, 4, 0x1c };
}

/* Claims devs in order, as main.c does; the first refusal's status and index. */
static int claim_all(const struct devices_layout *layout, size_t *bad, size_t *other)
{
	static struct devices set;

	devices_init(&set, layout);
	for (size_t i = 0; i < 3; i++) {
		int status = devices_claim(&set, &devs[i], other);

		*bad = i;
		if (status != DEVICES_OK)
			return status;
	}
	return DEVICES_OK;
}

static int check(size_t *bad, size_t *other)
{
	return claim_all(&virt, bad, other);
}

static void test_rules(void)
{
	size_t bad = 99, other = 99;

	reset();
	CHECK(check(&bad, &other) == DEVICES_OK);
	/* the three mutated QEMU trees of issue 10 */
	devs[0].base = 0x9020001;
	CHECK(check(&bad, &other) == DEVICES_ERR_ALIGNMENT && bad == 0);
	reset();
	devs[1].base = 0x400000023;
	CHECK(check(&bad, &other) == DEVICES_ERR_ALIGNMENT && bad == 1);
	reset();
	devs[2].base = 0x9020000;
	CHECK(check(&bad, &other) == DEVICES_ERR_DEVICE && bad == 2 && other == 0);
	/* sharing a page is fine, sharing a byte is not */
	reset();
	devs[2].base = 0x9020018;
	devs[2].size = 0x1c;
	CHECK(check(&bad, &other) == DEVICES_OK);
	devs[2].base = 0x9020010;
	CHECK(check(&bad, &other) == DEVICES_ERR_DEVICE && other == 0);
	/* each rule once */
	reset();
	devs[0].size = 0x10;
	CHECK(check(&bad, &other) == DEVICES_ERR_SIZE && bad == 0);
	devs[0].size = 0;
	devs[0].min_size = 0;
	CHECK(check(&bad, &other) == DEVICES_ERR_SIZE);
	reset();
	devs[1].base = (1ull << 48) - 0x800;
	CHECK(check(&bad, &other) == DEVICES_ERR_PA_RANGE && bad == 1);
	devs[1].base = UINT64_MAX - 3;
	devs[1].size = 0x1000;
	CHECK(check(&bad, &other) == DEVICES_ERR_PA_RANGE);
	reset();
	devs[1].base = 0x5ffff000;
	CHECK(check(&bad, &other) == DEVICES_ERR_RAM);
	devs[1].base = 0x3ffff800; /* a page below RAM, but the page is shared */
	devs[1].size = 0x800;
	CHECK(check(&bad, &other) == DEVICES_OK);
	devs[1].size = 0x801;
	CHECK(check(&bad, &other) == DEVICES_ERR_RAM);
	reset();
	devs[2].base = 0x3fff000;
	CHECK(check(&bad, &other) == DEVICES_ERR_FLASH && bad == 2);
	reset();
	/* layouts where only the window rules can catch it (no RAM listed there) */
	struct devices_layout no_ram = virt;

	no_ram.ram_count = 0;
	devs[2].base = 0x40100000;
	CHECK(claim_all(&no_ram, &bad, &other) == DEVICES_ERR_DTB);
	devs[2].base = 0x40300000;
	CHECK(claim_all(&no_ram, &bad, &other) == DEVICES_ERR_FIRMWARE_RAM);
}

/* Drivers claim more regions later: QEMU's 32 virtio-mmio slots share pages, not bytes. */
static void test_claims(void)
{
	static struct devices set;
	size_t other = 99;

	reset();
	devices_init(&set, &virt);
	for (size_t i = 0; i < 3; i++)
		CHECK(devices_claim(&set, &devs[i], &other) == DEVICES_OK);
	for (uint64_t slot = 0; slot < 32; slot++) {
		struct devices_region v = { "virtio-mmio", 0xa000000 + slot * 0x200, 0x200, 4, 0x200 };

		CHECK(devices_claim(&set, &v, &other) == DEVICES_OK);
	}
	/* a slot the DT puts onto fw_cfg, or claimed twice */
	struct devices_region bad = { "virtio-mmio", 0x9020000, 0x200, 4, 0x200 };

	CHECK(devices_claim(&set, &bad, &other) == DEVICES_ERR_DEVICE &&
	      set.claimed[other].base == 0x9020000);
	bad.base = 0xa000200;
	CHECK(devices_claim(&set, &bad, &other) == DEVICES_ERR_DEVICE && other == 4);
	/* an ECAM window inside RAM */
	bad = (struct devices_region){ "PCI ECAM", 0x50000000, 0x10000000, 1u << 20, 1u << 20 };
	CHECK(devices_claim(&set, &bad, &other) == DEVICES_ERR_RAM);
	CHECK(set.count == 35);
	/* the record is bounded */
	while (set.count < DEVICES_MAX) {
		struct devices_region v = { "x", 0x100000000ull + set.count * 0x1000, 0x10, 4, 4 };

		CHECK(devices_claim(&set, &v, &other) == DEVICES_OK);
	}
	struct devices_region one_more = { "x", 0x200000000ull, 0x10, 4, 4 };

	CHECK(devices_claim(&set, &one_more, &other) == DEVICES_ERR_TOO_MANY);
}

int main(void)
{
	CHECK(strerror_table_ok(devices_strerror, DEVICES_ERR_COUNT,
				"unknown device region status"));
	test_rules();
	test_claims();
	return check_report("devices_test");
}
