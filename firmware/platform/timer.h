/* ARM generic timer (CNTVCT_EL0/CNTFRQ_EL0): Stall() and polled EFI timer events. */
#ifndef EFILITE_PLATFORM_TIMER_H
#define EFILITE_PLATFORM_TIMER_H
#include <stdint.h>

uint64_t timer_ticks(void);
uint64_t timer_frequency(void);
uint64_t timer_ticks_from_100ns(uint64_t units); /* EFI SetTimer() units */
void timer_delay_us(uint64_t us);
#endif
