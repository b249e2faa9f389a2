/*
 * Bitwise CRC-32: no lookup table, because SetVirtualAddressMap recomputes
 * the runtime table's CRC and runtime code cannot read flash .rodata.
 */
#include "firmware/efi/crc32.h"
#include "firmware/efi/rt.h"

RUNTIME_CODE uint32_t crc32(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1u));
	}
	return ~crc;
}
