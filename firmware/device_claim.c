#include "firmware/device_claim.h"

#include "firmware/platform/log.h"

static struct devices claimed;

void device_claim_init(const struct devices_layout *layout)
{
	devices_init(&claimed, layout);
}

int device_claim(const char *name, uint64_t base, uint64_t size, uint64_t align,
		 uint64_t min_size)
{
	const struct devices_region d = { name, base, size, align, min_size };
	size_t other = 0;
	int status = devices_claim(&claimed, &d, &other);

	if (status == DEVICES_ERR_DEVICE)
		log_msg(LOG_ERROR, "error: device tree: %s at 0x%llx (size 0x%llx) overlaps %s at 0x%llx",
			name, (unsigned long long)base, (unsigned long long)size,
			claimed.claimed[other].name, (unsigned long long)claimed.claimed[other].base);
	else if (status != DEVICES_OK)
		log_msg(LOG_ERROR, "error: device tree: %s at 0x%llx (size 0x%llx): %s", name,
			(unsigned long long)base, (unsigned long long)size, devices_strerror(status));
	return status == DEVICES_OK ? 0 : -1;
}
