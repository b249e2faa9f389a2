#include "firmware/platform/timer.h"

#include "firmware/platform/sysreg.h"
#include "firmware/platform/ticks.h"

uint64_t timer_ticks(void)
{
	isb(); /* no reading the counter ahead of earlier instructions */
	return read_sysreg(cntvct_el0);
}

uint64_t timer_frequency(void)
{
	return read_sysreg(cntfrq_el0) & 0xffffffff;
}

uint64_t timer_ticks_from_100ns(uint64_t units)
{
	return ticks_scale(units, 10000000, timer_frequency());
}

void timer_delay_us(uint64_t us)
{
	uint64_t start = timer_ticks(), ticks = ticks_scale(us, 1000000, timer_frequency());

	while (timer_ticks() - start < ticks)
		;
}
