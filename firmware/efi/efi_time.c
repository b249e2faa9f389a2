/* Civil date from a day count (proleptic Gregorian, 400-year eras starting 1 March). */
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
