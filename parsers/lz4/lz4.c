/*
 * LZ4 block decoder. A block is a run of sequences:
 *   token (literal length:4 | match length - 4:4), [literal length bytes],
 *   literals, little-endian 16-bit offset, [match length bytes]
 * A nibble of 15 continues with bytes added to it until one below 255. The
 * last sequence is literals only: the block ends right after its literals.
 *
 * Rules, each checked before the data it guards is used:
 *   rule                                            status
 *   at least one token                              LZ4_ERR_EMPTY
 *   a length's continuation bytes lie in the input  LZ4_ERR_LENGTH_TRUNCATED
 *   the literals lie in the input                   LZ4_ERR_LITERALS_TRUNCATED
 *   both offset bytes lie in the input              LZ4_ERR_OFFSET_TRUNCATED
 *   offset != 0                                     LZ4_ERR_OFFSET_ZERO
 *   offset <= bytes produced so far                 LZ4_ERR_OFFSET_BEFORE_START
 *   literals and match fit in what is left of dst   LZ4_ERR_OUTPUT_FULL
 *   a match is followed by another token            LZ4_ERR_NO_FINAL_LITERALS
 * Lengths saturate rather than wrap and are compared with the room left
 * before anything is copied. The format's end-of-block margins (last 5 bytes literals, last
 * match 12 bytes before the end) serve wild-copy decoders; this one copies
 * byte by byte, so it neither needs nor enforces them.
 */
#include "parsers/lz4/lz4.h"

#include <stdint.h>

/*
 * Adds the continuation bytes of a length whose nibble was 15 to *n,
 * saturating at SIZE_MAX (which no buffer has room for) instead of wrapping.
 */
static int read_length(const uint8_t *src, size_t len, size_t *pos, size_t *n)
{
	uint8_t b;

	do {
		if (*pos >= len)
			return LZ4_ERR_LENGTH_TRUNCATED;
		b = src[(*pos)++];
		*n = b > SIZE_MAX - *n ? SIZE_MAX : *n + b;
	} while (b == 255);
	return LZ4_OK;
}

int lz4_decode(const void *src_, size_t src_len, void *dst_, size_t dst_cap, size_t *dst_len)
{
	const uint8_t *src = src_;
	uint8_t *dst = dst_;
	size_t pos = 0, out = 0;
	int status;

	*dst_len = 0;
	if (src_len == 0)
		return LZ4_ERR_EMPTY;
	for (;;) {
		uint8_t token = src[pos++];
		size_t n = token >> 4, offset;

		if (n == 15 && (status = read_length(src, src_len, &pos, &n)) != LZ4_OK)
			return status;
		if (n > src_len - pos)
			return LZ4_ERR_LITERALS_TRUNCATED;
		if (n > dst_cap - out)
			return LZ4_ERR_OUTPUT_FULL;
		for (; n; n--)
			dst[out++] = src[pos++];
		if (pos == src_len)
			break;

		if (src_len - pos < 2)
			return LZ4_ERR_OFFSET_TRUNCATED;
		offset = (size_t)src[pos] | (size_t)src[pos + 1] << 8;
		pos += 2;
		if (offset == 0)
			return LZ4_ERR_OFFSET_ZERO;
		if (offset > out)
			return LZ4_ERR_OFFSET_BEFORE_START;
		n = token & 15;
		if (n == 15 && (status = read_length(src, src_len, &pos, &n)) != LZ4_OK)
			return status;
		if (n > dst_cap - out || dst_cap - out - n < 4)
			return LZ4_ERR_OUTPUT_FULL;
		n += 4; /* the minimum match */
		/* Byte by byte: a match may overlap what it produces (offset < n). */
		for (; n; n--, out++)
			dst[out] = dst[out - offset];
		if (pos == src_len)
			return LZ4_ERR_NO_FINAL_LITERALS;
	}
	*dst_len = out;
	return LZ4_OK;
}

const char *lz4_strerror(int status)
{
	switch (status) {
	case LZ4_OK:
		return "ok";
	case LZ4_ERR_EMPTY:
		return "empty block (no token)";
	case LZ4_ERR_LENGTH_TRUNCATED:
		return "length continues past the end of the block";
	case LZ4_ERR_LITERALS_TRUNCATED:
		return "literals run past the end of the block";
	case LZ4_ERR_OFFSET_TRUNCATED:
		return "match offset cut off by the end of the block";
	case LZ4_ERR_OFFSET_ZERO:
		return "match offset 0";
	case LZ4_ERR_OFFSET_BEFORE_START:
		return "match offset before the start of the output";
	case LZ4_ERR_OUTPUT_FULL:
		return "output larger than its buffer";
	case LZ4_ERR_NO_FINAL_LITERALS:
		return "block ends in a match, not in literals";
	default:
		return "unknown lz4 status";
	}
}
