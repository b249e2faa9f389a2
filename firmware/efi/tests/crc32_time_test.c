/* Host tests for crc32(), efi_time_from_unix() and efi_time_to_unix(). */
#include <string.h>

#include "firmware/efi/crc32.h"
#include "firmware/efi/efi_time.h"
#include "tools/testing/check.h"

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

/* Every second efi_time_from_unix() produces converts back to itself. */
static void check_round_trip(uint32_t secs)
{
	efi_time_t t;
	uint32_t back = 0;

	efi_time_from_unix(secs, &t);
	CHECK(efi_time_to_unix(&t, &back) && back == secs);
}

static efi_time_t make_time(unsigned y, unsigned mo, unsigned d, unsigned h, int16_t zone)
{
	efi_time_t t;

	memset(&t, 0, sizeof(t));
	t.year = (uint16_t)y;
	t.month = (uint8_t)mo;
	t.day = (uint8_t)d;
	t.hour = (uint8_t)h;
	t.time_zone = zone;
	return t;
}

static void test_time_to_unix(void)
{
	efi_time_t t;
	uint32_t secs;

	check_round_trip(0);
	check_round_trip(951782400);
	check_round_trip(1709251199);
	check_round_trip(4107542400u);
	check_round_trip(4294967295u);
	check_round_trip(1234567890);

	t = make_time(2000, 1, 1, 1, 60); /* 01:00 at UTC+1 is midnight UTC */
	CHECK(efi_time_to_unix(&t, &secs) && secs == 946684800u);
	t = make_time(2000, 1, 1, 0, EFI_UNSPECIFIED_TIMEZONE);
	CHECK(efi_time_to_unix(&t, &secs) && secs == 946684800u);

	t = make_time(2023, 2, 29, 0, 0); /* not a leap year */
	CHECK(!efi_time_to_unix(&t, &secs));
	t = make_time(2024, 13, 1, 0, 0);
	CHECK(!efi_time_to_unix(&t, &secs));
	t = make_time(2024, 4, 31, 0, 0);
	CHECK(!efi_time_to_unix(&t, &secs));
	t = make_time(2024, 1, 1, 24, 0);
	CHECK(!efi_time_to_unix(&t, &secs));
	t = make_time(2024, 1, 1, 0, 1441);
	CHECK(!efi_time_to_unix(&t, &secs));
	t = make_time(2024, 1, 1, 0, 0);
	t.nanosecond = 1000000000u;
	CHECK(!efi_time_to_unix(&t, &secs));
	t = make_time(1969, 12, 31, 23, 0); /* before the PL031's epoch */
	CHECK(!efi_time_to_unix(&t, &secs));
	t = make_time(2106, 2, 7, 7, 0); /* past its 32-bit counter */
	CHECK(!efi_time_to_unix(&t, &secs));
}

int main(void)
{
	test_crc32();
	test_time();
	test_time_to_unix();
	return check_report("crc32_time_test");
}
