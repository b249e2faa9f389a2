/*
 * CRC-32 (IEEE 802.3, reflected, initial and final value 0xffffffff): the
 * checksum of GPT headers and entry arrays, of UEFI table headers and of
 * CalculateCrc32(). Four bits per step through a 16-entry table: small enough
 * for the firmware, fast enough for fuzzing.
 *
 * Placement: the firmware's runtime services (firmware/efi/crc32.c) may only
 * reach the runtime range after ExitBootServices(), not .text or .rodata, so
 * they define BYTES_CRC32_CODE and BYTES_CRC32_DATA (as RUNTIME_CODE and
 * RUNTIME_DATA) before including this header; everyone else leaves them empty.
 */
#ifndef EFILITE_PARSERS_BYTES_CRC32_H
#define EFILITE_PARSERS_BYTES_CRC32_H
#include <stddef.h>
#include <stdint.h>

#ifndef BYTES_CRC32_CODE
#define BYTES_CRC32_CODE
#endif
#ifndef BYTES_CRC32_DATA
#define BYTES_CRC32_DATA
#endif

/* Continues crc (0 to start) over len bytes at p. */
static inline BYTES_CRC32_CODE uint32_t bytes_crc32_update(uint32_t crc, const uint8_t *p,
							   size_t len)
{
	static const uint32_t nibble[16] BYTES_CRC32_DATA = {
		0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u,
		0x4db26158u, 0x5005713cu, 0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
		0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
	};

	crc = ~crc;
	while (len-- > 0) {
		crc ^= *p++;
		crc = (crc >> 4) ^ nibble[crc & 15];
		crc = (crc >> 4) ^ nibble[crc & 15];
	}
	return ~crc;
}

static inline BYTES_CRC32_CODE uint32_t bytes_crc32(const uint8_t *p, size_t len)
{
	return bytes_crc32_update(0, p, len);
}
#endif
