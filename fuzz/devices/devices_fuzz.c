/*
 * devices_claim() on arbitrary device regions against QEMU virt's layout
 * (RAM at 1 GiB, flash, the DTB window, firmware RAM) and a PARange chosen
 * by the input's first byte (whose top bit also leaves the RAM out, so that
 * the DTB and firmware windows meet regions first). Each 18-byte record is a region: base and size (64-bit
 * little-endian), log2 of its register width, and its register extent.
 * Oracle: an accepted region breaks no rule (aligned, inside the physical
 * address range, no page shared with the layout, no byte with an accepted
 * region), a refused one breaks the rule its status names, and refusals
 * leave the record unchanged.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/devices/devices.h"

#define RECORD 18
#define PAGE 4096ull

static const struct devices_range ram[] = { { 0x40000000, 0x40000000 } };

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* [a, a_end) and [b, b_end), ends exclusive and possibly 2^64 (as 0 after a wrap: saturated). */
static bool meet(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

static uint64_t sat_end(uint64_t base, uint64_t size)
{
	return size > UINT64_MAX - base ? UINT64_MAX : base + size;
}

/* Does the page-rounded region meet the range? */
static bool pages_meet(const struct devices_region *d, const struct devices_range *r)
{
	uint64_t first = d->base & ~(PAGE - 1);
	uint64_t last = (sat_end(d->base, d->size) - 1) | (PAGE - 1); /* inclusive */

	return r->size && first <= sat_end(r->base, r->size) - 1 && r->base <= last;
}

static bool rule_broken(int status, const struct devices_region *d,
			const struct devices_layout *l, const struct devices *set, size_t other)
{
	switch (status) {
	case DEVICES_ERR_SIZE:
		return d->size == 0 || d->size < d->min_size;
	case DEVICES_ERR_ALIGNMENT:
		return !d->align || (d->align & (d->align - 1)) || d->base % d->align;
	case DEVICES_ERR_PA_RANGE:
		return d->base >= l->pa_limit || d->size > l->pa_limit - d->base;
	case DEVICES_ERR_RAM:
		return l->ram_count && pages_meet(d, &l->ram[0]);
	case DEVICES_ERR_FLASH:
		return pages_meet(d, &l->flash);
	case DEVICES_ERR_DTB:
		return pages_meet(d, &l->dtb);
	case DEVICES_ERR_FIRMWARE_RAM:
		return pages_meet(d, &l->firmware_ram);
	case DEVICES_ERR_DEVICE:
		return other < set->count &&
		       meet(d->base, d->base + d->size, set->claimed[other].base,
			    set->claimed[other].base + set->claimed[other].size);
	case DEVICES_ERR_TOO_MANY:
		return set->count == DEVICES_MAX;
	default:
		return false;
	}
}

static void check_accepted(const struct devices_region *d, const struct devices_layout *l,
			   const struct devices *set)
{
	REQUIRE(!rule_broken(DEVICES_ERR_SIZE, d, l, set, 0));
	REQUIRE(!rule_broken(DEVICES_ERR_ALIGNMENT, d, l, set, 0));
	REQUIRE(!rule_broken(DEVICES_ERR_PA_RANGE, d, l, set, 0));
	REQUIRE((!l->ram_count || !pages_meet(d, &l->ram[0])) && !pages_meet(d, &l->flash) &&
		!pages_meet(d, &l->dtb) && !pages_meet(d, &l->firmware_ram));
	for (size_t i = 0; i + 1 < set->count; i++)
		REQUIRE(!meet(d->base, d->base + d->size, set->claimed[i].base,
			      set->claimed[i].base + set->claimed[i].size));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct devices set;
	struct devices_layout layout = {
		.ram = ram,
		.ram_count = 1,
		.flash = { 0, 0x4000000 },
		.dtb = { 0x40000000, 0x200000 },
		.firmware_ram = { 0x40200000, 0x200000 },
	};

	if (size < 1)
		return 0;
	layout.pa_limit = 1ull << (32 + (data[0] & 0x7f) % 21); /* 32 .. 52 bits */
	if (data[0] & 0x80)
		layout.ram_count = 0;
	devices_init(&set, &layout);
	for (data++, size--; size >= RECORD; data += RECORD, size -= RECORD) {
		struct devices_region d = {
			.name = "fuzz",
			.base = get64(data),
			.size = get64(data + 8),
			.align = data[16] < 64 ? 1ull << data[16] : 0,
			.min_size = data[17],
		};
		size_t before = set.count, other = SIZE_MAX;
		int status = devices_claim(&set, &d, &other);

		REQUIRE(devices_strerror(status) != NULL);
		if (status == DEVICES_OK) {
			REQUIRE(set.count == before + 1);
			check_accepted(&d, &layout, &set);
		} else {
			REQUIRE(set.count == before && status > 0 && status < DEVICES_ERR_COUNT);
			REQUIRE(rule_broken(status, &d, &layout, &set, other));
		}
	}
	return 0;
}
