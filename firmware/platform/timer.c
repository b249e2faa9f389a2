#include "firmware/platform/timer.h"

#include "firmware/platform/sysreg.h"

uint64_t timer_ticks(void)
{
	isb(); /* no reading the counter ahead of earlier instructions */
	return read_sysreg(cntvct_el0);
}

uint64_t timer_frequency(void)
{
	return read_sysreg(cntfrq_el0) & 0xffffffff;
}

/* units * freq / per_second without a 128-bit division; saturates. */
static uint64_t scale(uint64_t units, uint64_t per_second)
{
	uint64_t freq = timer_frequency();
	uint64_t whole = units / per_second, rest = units % per_second;

	if (freq && whole > UINT64_MAX / freq)
		return UINT64_MAX;
	/* rest < per_second <= 10^7 and freq < 2^32: no overflow. */
	return whole * freq + rest * freq / per_second;
}

uint64_t timer_ticks_from_100ns(uint64_t units)
{
	return scale(units, 10000000);
}

void timer_delay_us(uint64_t us)
{
	uint64_t start = timer_ticks(), ticks = scale(us, 1000000);

	while (timer_ticks() - start < ticks)
		;
}
