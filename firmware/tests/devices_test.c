/* Host tests for the DT device region checks (firmware/devices.c) on QEMU virt's layout. */
#include "firmware/devices.h"
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

static int check(size_t *bad, size_t *other)
{
	return devices_check(devs, 3, &virt, bad, other);
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
	CHECK(devices_check(devs, 3, &no_ram, &bad, &other) == DEVICES_ERR_DTB);
	devs[2].base = 0x40300000;
	CHECK(devices_check(devs, 3, &no_ram, &bad, &other) == DEVICES_ERR_FIRMWARE_RAM);
}

int main(void)
{
	CHECK(strerror_table_ok(devices_strerror, DEVICES_ERR_COUNT,
				"unknown device region status"));
	test_rules();
	return check_report("devices_test");
}
