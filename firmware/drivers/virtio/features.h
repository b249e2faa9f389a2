/*
 * The feature bits through a transport's select register and 32-bit window
 * (virtio-mmio and virtio-pci lay them out alike): bits 0-31 with select 0,
 * bits 32-63 with select 1. A legacy virtio-mmio device has only the low word.
 */
#ifndef EFILITE_DRIVERS_VIRTIO_FEATURES_H
#define EFILITE_DRIVERS_VIRTIO_FEATURES_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/drivers/io.h"

static inline uint64_t virtio_read_features(uint64_t select, uint64_t window, bool high_word)
{
	uint64_t f;

	io_write32(select, 0);
	f = io_read32(window);
	if (high_word) {
		io_write32(select, 1);
		f |= (uint64_t)io_read32(window) << 32;
	}
	return f;
}

static inline void virtio_write_features(uint64_t select, uint64_t window, uint64_t features,
					 bool high_word)
{
	io_write32(select, 0);
	io_write32(window, (uint32_t)features);
	if (high_word) {
		io_write32(select, 1);
		io_write32(window, (uint32_t)(features >> 32));
	}
}
#endif
