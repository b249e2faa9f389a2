/* PL031: the data register counts seconds; the load register sets it. */
#include "firmware/platform/rtc.h"

#include "firmware/platform/layout.h"

#define RTCDR 0x00
#define RTCLR 0x08

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

RUNTIME_CODE bool rtc_write_seconds(uint32_t seconds)
{
	if (!rtc_base)
		return false;
	*(volatile uint32_t *)(uintptr_t)(rtc_base + RTCLR) = seconds;
	return true;
}
