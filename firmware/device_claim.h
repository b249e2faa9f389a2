/*
 * The firmware's record of the device regions it has checked (devices.h):
 * main sets it up with the layout and its console, fw_cfg and RTC; drivers
 * claim each further region from the DT (virtio-mmio slots, the PCI ECAM and
 * windows) before they map it.
 */
#ifndef EFILITE_FIRMWARE_DEVICE_CLAIM_H
#define EFILITE_FIRMWARE_DEVICE_CLAIM_H
#include <stdint.h>

#include "parsers/devices/devices.h"

void device_claim_init(const struct devices_layout *layout);
/*
 * Checks and records a device region; 0 if it passed, else -1 after an
 * `efilite: error: device tree: NAME at BASE (size SIZE): ...` line.
 */
int device_claim(const char *name, uint64_t base, uint64_t size, uint64_t align,
		 uint64_t min_size);
#endif
