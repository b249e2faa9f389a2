/* Time units to counter ticks, as plain arithmetic (host unit tested). */
#ifndef EFILITE_PLATFORM_TICKS_H
#define EFILITE_PLATFORM_TICKS_H
#include <stdint.h>

/*
 * units * freq / per_second, rounded down, for per_second <= 10^7 and
 * freq < 2^32 (CNTFRQ_EL0 is 32 bits); UINT64_MAX if it does not fit.
 */
uint64_t ticks_scale(uint64_t units, uint64_t per_second, uint64_t freq);
#endif
