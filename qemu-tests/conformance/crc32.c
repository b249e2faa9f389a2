/* SPDX-License-Identifier: MIT */
#include "qemu-tests/conformance/crc32.h"

#define CRC32_REFLECTED_POLY 0xedb88320u

/* Bitwise: slow but table-free, and only table headers are hashed. */
uint32_t crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (CRC32_REFLECTED_POLY & -(crc & 1));
	}
	return ~crc;
}
