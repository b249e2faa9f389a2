/*
 * Device region checks (see devices.h).
 *
 * Rule -> status (checked in this order, per device):
 *   size below the driver's last register                    -> DEVICES_ERR_SIZE
 *   base not a multiple of the widest register access (or
 *     that width not a power of two)                         -> DEVICES_ERR_ALIGNMENT
 *   base + size wraps or passes the physical address limit   -> DEVICES_ERR_PA_RANGE
 *   its pages (rounded outward, as mapped) meet RAM          -> DEVICES_ERR_RAM
 *     ... the flash, the DTB window, the firmware's RAM      -> DEVICES_ERR_FLASH/_DTB/_FIRMWARE_RAM
 *   its bytes overlap an earlier device's                    -> DEVICES_ERR_DEVICE
 *   DEVICES_MAX devices accepted already                     -> DEVICES_ERR_TOO_MANY
 *
 * Pages are what the MMU maps, so a device sharing a page with RAM would
 * turn that RAM into Device memory; two devices may share a page (both are
 * Device memory) but not a byte.
 */
#include "parsers/devices/devices.h"

#include <stdbool.h>

#include "parsers/bytes/status_message.h"

#define PAGE_MASK 0xfffull

/* End of a range, saturated: a layout is caller data too. */
static uint64_t end_of(uint64_t base, uint64_t size)
{
	return size > UINT64_MAX - base ? UINT64_MAX : base + size;
}

static bool overlaps(uint64_t base, uint64_t end, const struct devices_range *r)
{
	return r->size && base < end_of(r->base, r->size) && r->base < end;
}

static int check_one(const struct devices_region *d, const struct devices_layout *l)
{
	uint64_t first_page, end_page;

	if (d->size < d->min_size || d->size == 0)
		return DEVICES_ERR_SIZE;
	if (!d->align || (d->align & (d->align - 1)) || (d->base & (d->align - 1)))
		return DEVICES_ERR_ALIGNMENT;
	if (d->base >= l->pa_limit || d->size > l->pa_limit - d->base)
		return DEVICES_ERR_PA_RANGE;
	first_page = d->base & ~PAGE_MASK;
	end_page = end_of(d->base + d->size, PAGE_MASK) & ~PAGE_MASK;
	if (end_page <= first_page)
		end_page = UINT64_MAX; /* the last page of the address space */
	for (size_t i = 0; i < l->ram_count; i++)
		if (overlaps(first_page, end_page, &l->ram[i]))
			return DEVICES_ERR_RAM;
	if (overlaps(first_page, end_page, &l->flash))
		return DEVICES_ERR_FLASH;
	if (overlaps(first_page, end_page, &l->dtb))
		return DEVICES_ERR_DTB;
	if (overlaps(first_page, end_page, &l->firmware_ram))
		return DEVICES_ERR_FIRMWARE_RAM;
	return DEVICES_OK;
}

void devices_init(struct devices *set, const struct devices_layout *layout)
{
	set->layout = *layout;
	if (set->layout.ram_count > DEVICES_MAX_RAM)
		set->layout.ram_count = DEVICES_MAX_RAM;
	for (size_t i = 0; i < set->layout.ram_count; i++)
		set->ram[i] = layout->ram[i];
	set->layout.ram = set->ram;
	set->count = 0;
}

int devices_claim(struct devices *set, const struct devices_region *d, size_t *other)
{
	int status = check_one(d, &set->layout);

	if (status != DEVICES_OK)
		return status;
	for (size_t i = 0; i < set->count; i++) {
		const struct devices_range earlier = { set->claimed[i].base, set->claimed[i].size };

		if (overlaps(d->base, d->base + d->size, &earlier)) {
			*other = i;
			return DEVICES_ERR_DEVICE;
		}
	}
	if (set->count == DEVICES_MAX)
		return DEVICES_ERR_TOO_MANY;
	set->claimed[set->count++] = *d;
	return DEVICES_OK;
}

const char *devices_strerror(int status)
{
	static const char *const messages[DEVICES_ERR_COUNT] = {
		[DEVICES_OK] = "ok",
		[DEVICES_ERR_SIZE] = "region smaller than the device's registers",
		[DEVICES_ERR_ALIGNMENT] = "base not aligned to the device's register width",
		[DEVICES_ERR_PA_RANGE] = "region beyond the physical address range",
		[DEVICES_ERR_RAM] = "region shares a page with RAM",
		[DEVICES_ERR_FLASH] = "region shares a page with the firmware flash",
		[DEVICES_ERR_DTB] = "region shares a page with the device tree",
		[DEVICES_ERR_FIRMWARE_RAM] = "region shares a page with the firmware's RAM",
		[DEVICES_ERR_DEVICE] = "region overlaps another device",
		[DEVICES_ERR_TOO_MANY] = "more devices than the firmware keeps track of",
	};

	return bytes_status_message(messages, DEVICES_ERR_COUNT, status,
				    "unknown device region status");
}
