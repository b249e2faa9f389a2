/* CRC-32 against the standard check value and a bitwise reference. */
#include <string.h>

#include "parsers/bytes/crc32.h"
#include "tools/testing/check.h"

static uint32_t bitwise(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1u));
	}
	return ~crc;
}

int main(void)
{
	uint8_t buf[1000];

	CHECK(bytes_crc32((const uint8_t *)"123456789", 9) == 0xcbf43926u);
	CHECK(bytes_crc32(buf, 0) == 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	CHECK(bytes_crc32(buf, sizeof(buf)) == bitwise(buf, sizeof(buf)));
	CHECK(bytes_crc32_update(bytes_crc32(buf, 100), buf + 100, 900) ==
	      bytes_crc32(buf, sizeof(buf)));
	return check_report("crc32_test");
}
