/*
 * Device regions from the DT, checked before anything maps or touches them
 * (issue 10 defect 8): a DT is host input, and a bad `reg` turned into
 * alignment faults, external aborts, or console bytes written into another
 * device. Pure: the layout is passed in, host tests drive it directly.
 */
#ifndef EFILITE_PARSERS_DEVICES_DEVICES_H
#define EFILITE_PARSERS_DEVICES_DEVICES_H
#include <stddef.h>
#include <stdint.h>

enum devices_status {
	DEVICES_OK = 0,
	DEVICES_ERR_SIZE,           /* smaller than the registers the firmware uses */
	DEVICES_ERR_ALIGNMENT,      /* base not aligned to the widest register */
	DEVICES_ERR_PA_RANGE,       /* reaches past the CPU's physical address range */
	DEVICES_ERR_RAM,            /* shares a page with RAM */
	DEVICES_ERR_FLASH,          /* shares a page with the firmware flash */
	DEVICES_ERR_DTB,            /* shares a page with the DTB window */
	DEVICES_ERR_FIRMWARE_RAM,   /* shares a page with the firmware's own RAM */
	DEVICES_ERR_DEVICE,         /* overlaps another device */
	DEVICES_ERR_TOO_MANY,       /* more than DEVICES_MAX devices */
	DEVICES_ERR_COUNT /* not a status: one past the last */
};

struct devices_range {
	uint64_t base, size;
};

/* One device as the DT gives it, with what the firmware's driver needs. */
struct devices_region {
	const char *name;
	uint64_t base, size;
	uint64_t align;    /* power of two: the widest register access */
	uint64_t min_size; /* end of the last register the driver touches */
};

/* What a device must keep clear of. */
struct devices_layout {
	const struct devices_range *ram;
	size_t ram_count;
	struct devices_range flash, dtb, firmware_ram;
	uint64_t pa_limit; /* 1 << PARange bits */
};

#define DEVICES_MAX 128
#define DEVICES_MAX_RAM 16

/* The layout and the devices accepted so far (caller-owned, no allocation). */
struct devices {
	struct devices_layout layout;
	struct devices_range ram[DEVICES_MAX_RAM];
	struct devices_region claimed[DEVICES_MAX];
	size_t count;
};

/* Copies the layout (at most DEVICES_MAX_RAM RAM ranges are kept). */
void devices_init(struct devices *set, const struct devices_layout *layout);
/*
 * Checks d against the layout and every device accepted so far, and accepts
 * it if it passes; for DEVICES_ERR_DEVICE, *other is the index in
 * set->claimed of the device it overlaps.
 */
int devices_claim(struct devices *set, const struct devices_region *d, size_t *other);
/* A short description of a devices_status value (never NULL). */
const char *devices_strerror(int status);
#endif
