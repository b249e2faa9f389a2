/*
 * The LZ4 block decoder as the first stage meets it: a block of any bytes
 * into a destination of a size taken from the input's first two bytes
 * (heap-allocated to exactly that size, so ASan sees any write past it).
 * Checked: the status is one with a message; on success the output fits,
 * decoding again into exactly that many bytes gives the same bytes, and one
 * byte less of room is refused as LZ4_ERR_OUTPUT_FULL.
 * fuzz_status(): lz4_decode()'s status.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "parsers/lz4/lz4.h"

static int known(int status)
{
	REQUIRE(status >= 0 && status < LZ4_ERR_COUNT && lz4_strerror(status) != NULL);
	return status;
}

int fuzz_status(const uint8_t *data, size_t size);
const char *fuzz_strerror(int status);

int fuzz_status(const uint8_t *data, size_t size)
{
	size_t cap, n, again;
	uint8_t *dst, *exact;
	int status;

	if (size < 2)
		return LZ4_ERR_EMPTY; /* not even a destination size */
	cap = (size_t)data[0] | (size_t)data[1] << 8;
	data += 2;
	size -= 2;
	dst = malloc(cap ? cap : 1);
	REQUIRE(dst != NULL);
	status = known(lz4_decode(data, size, dst, cap, &n));
	if (status != LZ4_OK) {
		REQUIRE(n == 0);
		free(dst);
		return status;
	}
	REQUIRE(n <= cap);
	exact = malloc(n ? n : 1);
	REQUIRE(exact != NULL);
	REQUIRE(lz4_decode(data, size, exact, n, &again) == LZ4_OK);
	REQUIRE(again == n && memcmp(exact, dst, n) == 0);
	if (n > 0)
		REQUIRE(lz4_decode(data, size, exact, n - 1, &again) == LZ4_ERR_OUTPUT_FULL);
	free(exact);
	free(dst);
	return LZ4_OK;
}

const char *fuzz_strerror(int status)
{
	return lz4_strerror(status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_status(data, size);
	return 0;
}
