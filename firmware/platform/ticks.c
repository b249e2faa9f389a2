#include "firmware/platform/ticks.h"

/* Split so that no product can overflow and no 128-bit division is needed. */
uint64_t ticks_scale(uint64_t units, uint64_t per_second, uint64_t freq)
{
	uint64_t whole = units / per_second, rest = units % per_second;
	uint64_t whole_ticks, rest_ticks;

	if (freq && whole > UINT64_MAX / freq)
		return UINT64_MAX;
	whole_ticks = whole * freq;
	/* rest < per_second <= 10^7 and freq < 2^32: the product is below 2^56. */
	rest_ticks = rest * freq / per_second;
	if (rest_ticks > UINT64_MAX - whole_ticks)
		return UINT64_MAX;
	return whole_ticks + rest_ticks;
}
