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
 * before anything is copied; a copy runs past its end only when there is
 * room for it below dst_cap (copy_forward). The format's end-of-block margins
 * (last 5 bytes literals, last match 12 bytes before the end) serve decoders
 * that rely on them for that; this one neither needs nor enforces them.
 */
#include "parsers/lz4/lz4.h"

#include <stdbool.h>
#include <stdint.h>

#define INLINE static inline __attribute__((always_inline))
#define SLACK 8 /* bytes a word copy may run past its end */

typedef uint64_t __attribute__((aligned(1), may_alias)) unaligned_u64;

/*
 * Copies n bytes forward, 8 a round; s is another buffer or lies at least
 * 8 bytes behind d, so every round reads bytes already in place. With slack
 * (SLACK bytes of room after d + n, and readable after s + n) the last round
 * copies a whole word: the extra bytes lie below dst_cap and what follows
 * overwrites them. Otherwise the tail goes byte by byte. Most runs in code
 * are shorter than 8 bytes: one word instead of a byte loop (under TCG the
 * decoder's instruction count is the first stage's time).
 */
INLINE void copy_forward(uint8_t *d, const uint8_t *s, size_t n, bool slack)
{
	if (slack) {
		for (size_t i = 0; i < n; i += 8)
			*(unaligned_u64 *)(d + i) = *(const unaligned_u64 *)(s + i);
		return;
	}
	for (; n >= 8; n -= 8, d += 8, s += 8)
		*(unaligned_u64 *)d = *(const unaligned_u64 *)s;
	for (; n; n--)
		*d++ = *s++;
}

/*
 * Adds the continuation bytes of a length whose nibble was 15 to *n,
 * saturating at SIZE_MAX (which no buffer has room for) instead of wrapping.
 */
INLINE int read_length(const uint8_t *src, size_t len, size_t *pos, size_t *n)
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
		copy_forward(dst + out, src + pos, n,
			     dst_cap - out - n >= SLACK && src_len - pos - n >= SLACK);
		out += n;
		pos += n;
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
		/* A match may overlap what it produces: under 8 bytes back, byte by byte. */
		if (offset >= 8) {
			copy_forward(dst + out, dst + out - offset, n, dst_cap - out - n >= SLACK);
			out += n;
		} else {
			for (; n; n--, out++)
				dst[out] = dst[out - offset];
		}
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
