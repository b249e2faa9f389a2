/* Civil dates <-> day counts (proleptic Gregorian, 400-year eras starting 1 March). */
#include "firmware/efi/efi_time.h"
#include "firmware/efi/rt.h"

RUNTIME_CODE void efi_time_from_unix(uint64_t seconds, efi_time_t *t)
{
	uint64_t days = seconds / 86400, rem = seconds % 86400;
	/* shift the epoch to 0000-03-01 so leap days fall at the end of each year */
	uint64_t z = days + 719468;
	uint64_t era = z / 146097;
	uint64_t doe = z - era * 146097;
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint64_t mp = (5 * doy + 2) / 153;
	uint64_t month = mp < 10 ? mp + 3 : mp - 9;

	t->year = (uint16_t)(yoe + era * 400 + (month <= 2));
	t->month = (uint8_t)month;
	t->day = (uint8_t)(doy - (153 * mp + 2) / 5 + 1);
	t->hour = (uint8_t)(rem / 3600);
	t->minute = (uint8_t)(rem / 60 % 60);
	t->second = (uint8_t)(rem % 60);
	t->pad1 = 0;
	t->nanosecond = 0;
	t->time_zone = 0; /* the PL031 counts UTC */
	t->daylight = 0;
	t->pad2 = 0;
}

RUNTIME_CODE static bool is_leap(uint64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

RUNTIME_CODE static uint8_t days_in_month(uint64_t year, uint8_t month)
{
	if (month == 2)
		return is_leap(year) ? 29 : 28;
	return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

RUNTIME_CODE static bool efi_time_valid(const efi_time_t *t)
{
	return t->year >= 1900 && t->year <= 9999 && t->month >= 1 && t->month <= 12 &&
	       t->day >= 1 && t->day <= days_in_month(t->year, t->month) && t->hour <= 23 &&
	       t->minute <= 59 && t->second <= 59 && t->nanosecond <= 999999999 &&
	       (t->time_zone == EFI_UNSPECIFIED_TIMEZONE ||
		(t->time_zone >= -1440 && t->time_zone <= 1440));
}

/* The inverse of efi_time_from_unix()'s day count, for a valid date. */
RUNTIME_CODE static int64_t days_from_civil(const efi_time_t *t)
{
	uint64_t year = t->year - (t->month <= 2);
	uint64_t era = year / 400, yoe = year - era * 400;
	uint64_t mp = t->month > 2 ? t->month - 3u : t->month + 9u;
	uint64_t doy = (153 * mp + 2) / 5 + t->day - 1;
	uint64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int64_t)(era * 146097 + doe) - 719468;
}

RUNTIME_CODE bool efi_time_to_unix(const efi_time_t *t, uint32_t *seconds)
{
	int64_t utc;

	if (!efi_time_valid(t))
		return false;
	utc = days_from_civil(t) * 86400 + t->hour * 3600 + t->minute * 60 + t->second;
	/* TimeZone is the local time's offset from UTC, in minutes */
	if (t->time_zone != EFI_UNSPECIFIED_TIMEZONE)
		utc -= (int64_t)t->time_zone * 60;
	if (utc < 0 || utc > UINT32_MAX)
		return false;
	*seconds = (uint32_t)utc;
	return true;
}
