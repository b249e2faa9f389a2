/* Host tests for crc32() and efi_time_from_unix(). */
#include <string.h>

#include "firmware/efi/crc32.h"
#include "firmware/efi/efi_time.h"
#include "firmware/efi/tests/check.h"

static void test_crc32(void)
{
	/* the standard check value of CRC-32/ISO-HDLC */
	CHECK(crc32("123456789", 9) == 0xcbf43926u);
	CHECK(crc32("", 0) == 0);
	CHECK(crc32("a", 1) == 0xe8b7be43u);
}

static void check_time(uint64_t secs, unsigned y, unsigned mo, unsigned d, unsigned h,
		       unsigned mi, unsigned s)
{
	efi_time_t t;

	memset(&t, 0xaa, sizeof(t));
	efi_time_from_unix(secs, &t);
	CHECK(t.year == y && t.month == mo && t.day == d);
	CHECK(t.hour == h && t.minute == mi && t.second == s);
	CHECK(t.nanosecond == 0 && t.time_zone == 0 && t.daylight == 0);
}

static void test_time(void)
{
	check_time(0, 1970, 1, 1, 0, 0, 0);
	check_time(951782400, 2000, 2, 29, 0, 0, 0);   /* leap day of a /400 year */
	check_time(1709251199, 2024, 2, 29, 23, 59, 59);
	check_time(4107542400ull, 2100, 3, 1, 0, 0, 0); /* 2100 is not a leap year */
	check_time(4294967295ull, 2106, 2, 7, 6, 28, 15); /* last PL031 second */
	check_time(1234567890, 2009, 2, 13, 23, 31, 30);
}

int main(void)
{
	test_crc32();
	test_time();
	return check_report("crc32_time_test");
}
