/* PL031 real-time clock, behind the GetTime()/SetTime() runtime services. */
#ifndef EFILITE_PLATFORM_RTC_H
#define EFILITE_PLATFORM_RTC_H
#include <stdbool.h>
#include <stdint.h>

/* The registers used: 32-bit RTCDR at 0 and RTCLR at 8. */
#define PL031_REG_ALIGN 4
#define PL031_REG_END 0x0c

void rtc_init(uint64_t base);
uint64_t *rtc_base_ptr(void); /* for SetVirtualAddressMap to convert */
/* Seconds since the Unix epoch, 0 if absent. Runtime code (RUNTIME_CODE). */
uint32_t rtc_read_seconds(void);
/* Loads the counter with Unix seconds. Runtime code. False if there is no PL031. */
bool rtc_write_seconds(uint32_t seconds);
#endif
