/*
 * lz4_decode: one hand-built block per rule of lz4.c's table (each broken
 * once, and the nearest valid block accepted), overlapping and extended
 * matches, and the guard bytes after dst_cap never written.
 */
#include "parsers/lz4/lz4.h"

#include <stdint.h>
#include <string.h>

#include "parsers/testing/strerror_table.h"
#include "tools/testing/check.h"

#define CHECK_STATUS(expr, want) CHECK_STATUS_AS(expr, want, lz4_strerror)
#define GUARD 0xa5
#define GUARD_BYTES 64

static uint8_t out[4096 + GUARD_BYTES];

/* Decodes into a dst of cap bytes followed by guard bytes that must survive. */
static int decode(const uint8_t *src, size_t len, size_t cap, size_t *n)
{
	int status;

	memset(out, GUARD, sizeof(out));
	status = lz4_decode(src, len, out, cap, n);
	for (size_t i = cap; i < cap + GUARD_BYTES; i++)
		if (out[i] != GUARD) {
			CHECK(!"byte written past dst_cap");
			break;
		}
	return status;
}

static bool produced(size_t n, const char *want, size_t want_len)
{
	return n == want_len && memcmp(out, want, want_len) == 0;
}

static void test_literals(void)
{
	static const uint8_t hello[] = { 0x50, 'h', 'e', 'l', 'l', 'o' };
	static const uint8_t nothing[] = { 0x00 };
	uint8_t long_run[3 + 270];
	size_t n;

	CHECK_STATUS(decode(hello, sizeof(hello), 4096, &n), LZ4_OK);
	CHECK(produced(n, "hello", 5));
	CHECK_STATUS(decode(hello, sizeof(hello), 5, &n), LZ4_OK);
	CHECK_STATUS(decode(hello, sizeof(hello), 4, &n), LZ4_ERR_OUTPUT_FULL);
	CHECK(n == 0);
	CHECK_STATUS(decode(hello, sizeof(hello) - 1, 4096, &n), LZ4_ERR_LITERALS_TRUNCATED);
	CHECK_STATUS(decode(nothing, sizeof(nothing), 0, &n), LZ4_OK);
	CHECK(n == 0);
	CHECK_STATUS(decode(hello, 0, 4096, &n), LZ4_ERR_EMPTY);

	/* 15 + 255 + 0 = 270 literals */
	long_run[0] = 0xf0;
	long_run[1] = 0xff;
	long_run[2] = 0x00;
	memset(long_run + 3, 'x', 270);
	CHECK_STATUS(decode(long_run, sizeof(long_run), 4096, &n), LZ4_OK);
	CHECK(n == 270 && out[0] == 'x' && out[269] == 'x');
	CHECK_STATUS(decode(long_run, sizeof(long_run) - 1, 4096, &n), LZ4_ERR_LITERALS_TRUNCATED);
	CHECK_STATUS(decode(long_run, 2, 4096, &n), LZ4_ERR_LENGTH_TRUNCATED);
	CHECK_STATUS(decode(long_run, 1, 4096, &n), LZ4_ERR_LENGTH_TRUNCATED);
}

static void test_matches(void)
{
	/* "ab", then 4 + 4 bytes from offset 2 (overlapping), then "!" */
	static const uint8_t copy[] = { 0x24, 'a', 'b', 2, 0, 0x10, '!' };
	/* "a", then 4 + 4 bytes from offset 1: the match overlaps its output */
	static const uint8_t run[] = { 0x14, 'a', 1, 0, 0x00 };
	/* "a", then 4 + 15 + 5 = 24 bytes from offset 1 */
	static const uint8_t extended[] = { 0x1f, 'a', 1, 0, 5, 0x00 };
	/* 8 bytes back, 12 long: copied 8 bytes a round, the second round
	 * reading what the first wrote */
	static const uint8_t words[] = { 0x88, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 8, 0,
					 0x20, '!', '?' };
	/* 9 bytes back, 4 + 15 + 2 = 21 long */
	static const uint8_t words_odd[] = { 0x9f, '1', '2', '3', '4', '5', '6', '7', '8', '9',
					     9, 0, 2, 0x00 };
	size_t n;

	CHECK_STATUS(decode(copy, sizeof(copy), 4096, &n), LZ4_OK);
	CHECK(produced(n, "ababababab!", 11));
	CHECK_STATUS(decode(run, sizeof(run), 4096, &n), LZ4_OK);
	CHECK(produced(n, "aaaaaaaaa", 9));
	CHECK_STATUS(decode(run, sizeof(run), 9, &n), LZ4_OK);
	CHECK_STATUS(decode(run, sizeof(run), 8, &n), LZ4_ERR_OUTPUT_FULL);
	CHECK_STATUS(decode(run, sizeof(run), 4, &n), LZ4_ERR_OUTPUT_FULL);
	CHECK_STATUS(decode(extended, sizeof(extended), 4096, &n), LZ4_OK);
	CHECK(n == 25 && out[0] == 'a' && out[24] == 'a');
	CHECK_STATUS(decode(extended, sizeof(extended), 25, &n), LZ4_OK);
	CHECK_STATUS(decode(extended, sizeof(extended), 24, &n), LZ4_ERR_OUTPUT_FULL);
	CHECK_STATUS(decode(extended, 4, 4096, &n), LZ4_ERR_LENGTH_TRUNCATED);
	CHECK_STATUS(decode(words, sizeof(words), 4096, &n), LZ4_OK);
	CHECK(produced(n, "abcdefghabcdefghabcd!?", 22));
	CHECK_STATUS(decode(words, sizeof(words), 21, &n), LZ4_ERR_OUTPUT_FULL);
	CHECK_STATUS(decode(words_odd, sizeof(words_odd), 4096, &n), LZ4_OK);
	CHECK(produced(n, "123456789123456789123456789123", 30));
	CHECK_STATUS(decode(words_odd, sizeof(words_odd), 29, &n), LZ4_ERR_OUTPUT_FULL);
}

static void test_offsets(void)
{
	static const uint8_t cut_offset[] = { 0x10, 'a', 1 };
	static const uint8_t no_offset[] = { 0x10, 'a' };
	static const uint8_t zero[] = { 0x10, 'a', 0, 0, 0x00 };
	static const uint8_t before_start[] = { 0x10, 'a', 2, 0, 0x00 };
	static const uint8_t high_byte[] = { 0x10, 'a', 1, 1, 0x00 }; /* offset 257 */
	static const uint8_t ends_in_match[] = { 0x10, 'a', 1, 0 };
	size_t n;

	CHECK_STATUS(decode(cut_offset, sizeof(cut_offset), 4096, &n), LZ4_ERR_OFFSET_TRUNCATED);
	/* literals that end the input end the block */
	CHECK_STATUS(decode(no_offset, sizeof(no_offset), 4096, &n), LZ4_OK);
	CHECK_STATUS(decode(zero, sizeof(zero), 4096, &n), LZ4_ERR_OFFSET_ZERO);
	CHECK_STATUS(decode(before_start, sizeof(before_start), 4096, &n),
		     LZ4_ERR_OFFSET_BEFORE_START);
	CHECK_STATUS(decode(high_byte, sizeof(high_byte), 4096, &n), LZ4_ERR_OFFSET_BEFORE_START);
	CHECK_STATUS(decode(ends_in_match, sizeof(ends_in_match), 4096, &n),
		     LZ4_ERR_NO_FINAL_LITERALS);
}

/* A match length of thousands of 255 bytes saturates instead of wrapping. */
static void test_huge_length(void)
{
	static uint8_t src[5 + 3000 + 1];
	size_t n;

	src[0] = 0x1f;
	src[1] = 'a';
	src[2] = 1;
	src[3] = 0;
	memset(src + 4, 0xff, 3000);
	src[4 + 3000] = 0;
	src[5 + 3000] = 0x00;
	CHECK_STATUS(decode(src, sizeof(src), 4096, &n), LZ4_ERR_OUTPUT_FULL);
	CHECK_STATUS(decode(src, 4 + 3000, 4096, &n), LZ4_ERR_LENGTH_TRUNCATED);
	/* the same for a literal run */
	src[0] = 0xf0;
	memset(src + 1, 0xff, 3000);
	CHECK_STATUS(decode(src, sizeof(src), 4096, &n), LZ4_ERR_LITERALS_TRUNCATED);
}

int main(void)
{
	test_literals();
	test_matches();
	test_offsets();
	test_huge_length();
	CHECK(strerror_table_ok(lz4_strerror, LZ4_ERR_COUNT, "unknown lz4 status"));
	return check_report("lz4_test");
}
