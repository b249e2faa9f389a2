/* SPDX-License-Identifier: MIT */
/* GetTime at boot time (the runtime suite repeats it after SetVirtualAddressMap). */
#include "qemu-tests/conformance/runtime.h"
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

static bool leap_year(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned int days_in_month(unsigned int year, unsigned int month)
{
	static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return month == 2 && leap_year(year) ? 29 : days[month - 1];
}

const char *time_invalid_reason(const struct efi_time *t)
{
	if (t->year < 2024 || t->year > 9999)
		return "year before 2024 or after 9999";
	if (t->month < 1 || t->month > 12)
		return "month out of range";
	if (t->day < 1 || t->day > days_in_month(t->year, t->month))
		return "day out of range";
	if (t->hour > 23 || t->minute > 59 || t->second > 59)
		return "time of day out of range";
	if (t->nanosecond > 999999999)
		return "nanosecond out of range";
	if (t->time_zone != EFI_UNSPECIFIED_TIMEZONE &&
	    (t->time_zone < -1440 || t->time_zone > 1440))
		return "time zone out of range";
	if (t->daylight & ~3u)
		return "unknown daylight bits";
	return NULL;
}

void test_time(void)
{
	struct efi_time t, later;
	struct efi_time_capabilities caps = { 0 };
	const char *why;

	if (!t_status("time.get", env.rt->get_time(&t, &caps), EFI_SUCCESS))
		return;
	why = time_invalid_reason(&t);
	t_check("time.fields_valid", !why, why ? why : "");
	t_check("time.capabilities_resolution", caps.resolution > 0, "resolution is zero");
	t_status("time.get_without_capabilities", env.rt->get_time(&later, NULL), EFI_SUCCESS);
	env.bs->stall(1100000);
	env.rt->get_time(&later, NULL);
	t_check("time.advances", later.second != t.second || later.minute != t.minute,
		"clock did not move in 1.1 s");
	t_status("time.null_time", env.rt->get_time(NULL, NULL), EFI_INVALID_PARAMETER);
}
