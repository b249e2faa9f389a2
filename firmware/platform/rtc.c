/* PL031: the data register counts seconds. Runtime code for GetTime(). */
#include "firmware/platform/rtc.h"

#include "firmware/platform/layout.h"

#define RTCDR 0x00

static uint64_t rtc_base RUNTIME_DATA;

void rtc_init(uint64_t base)
{
	rtc_base = base;
}

uint64_t *rtc_base_ptr(void)
{
	return &rtc_base;
}

RUNTIME_CODE uint32_t rtc_read_seconds(void)
{
	if (!rtc_base)
		return 0;
	return *(volatile uint32_t *)(uintptr_t)(rtc_base + RTCDR);
}
