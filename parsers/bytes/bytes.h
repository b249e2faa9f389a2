/*
 * Byte-wise loads and stores of little- and big-endian fields. Host data may
 * put a field at any alignment, so parsers never cast a buffer pointer to a
 * wider type: these read it a byte at a time.
 */
#ifndef EFILITE_PARSERS_BYTES_BYTES_H
#define EFILITE_PARSERS_BYTES_BYTES_H
#include <stddef.h>
#include <stdint.h>

/* size (1..8) bytes at p, least significant first */
static inline uint64_t bytes_load_le(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = size; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* size (1..8) bytes at p, most significant first */
static inline uint64_t bytes_load_be(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v = v << 8 | p[i];
	return v;
}

static inline void bytes_store_le(uint8_t *p, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void bytes_store_be(uint8_t *p, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * (size - 1 - i)));
}

/*
 * The fixed sizes spelled out byte by byte rather than through the loop
 * above: compilers merge these into one load where the target allows
 * unaligned access (the firmware's -Oz does not unroll the loop, which cost
 * ~30 instructions and two calls per field).
 */
static inline uint16_t bytes_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t bytes_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t bytes_le64(const uint8_t *p)
{
	return (uint64_t)bytes_le32(p) | (uint64_t)bytes_le32(p + 4) << 32;
}

static inline uint16_t bytes_be16(const uint8_t *p)
{
	return (uint16_t)bytes_load_be(p, 2);
}

static inline uint32_t bytes_be32(const uint8_t *p)
{
	return (uint32_t)bytes_load_be(p, 4);
}

static inline uint64_t bytes_be64(const uint8_t *p)
{
	return bytes_load_be(p, 8);
}

/* The 8-bit sum ACPI and SMBIOS checksums are built on. */
static inline uint8_t bytes_sum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len-- > 0)
		sum += *p++;
	return sum;
}
#endif
