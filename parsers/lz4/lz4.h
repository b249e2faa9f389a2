/*
 * LZ4 block format decoder (lz4_Block_format.md), for the firmware's own
 * compressed image: the first stage expands it from flash into RAM. Flash is
 * ours but still read as untrusted: every length and offset is checked before
 * use, nothing is written outside dst[0..dst_cap), and any broken rule (tabled
 * in lz4.c) is a distinct status. No allocation, no globals.
 */
#ifndef EFILITE_PARSERS_LZ4_LZ4_H
#define EFILITE_PARSERS_LZ4_LZ4_H
#include <stddef.h>

enum lz4_status {
	LZ4_OK = 0,
	LZ4_ERR_EMPTY,
	LZ4_ERR_LENGTH_TRUNCATED,
	LZ4_ERR_LITERALS_TRUNCATED,
	LZ4_ERR_OFFSET_TRUNCATED,
	LZ4_ERR_OFFSET_ZERO,
	LZ4_ERR_OFFSET_BEFORE_START,
	LZ4_ERR_OUTPUT_FULL,
	LZ4_ERR_NO_FINAL_LITERALS,
	LZ4_ERR_COUNT /* not a status: one past the last */
};

/*
 * Decodes the block src[0..src_len) into dst[0..dst_cap). On LZ4_OK,
 * *dst_len is the number of bytes produced (<= dst_cap); dst[*dst_len..dst_cap)
 * may have been written too. On an error, *dst_len is 0 and dst[0..dst_cap)
 * holds a partial result. Nothing outside dst[0..dst_cap) is ever written.
 */
int lz4_decode(const void *src, size_t src_len, void *dst, size_t dst_cap, size_t *dst_len);

/* A short description of an lz4_status value (never NULL). */
const char *lz4_strerror(int status);
#endif
