/*
 * Host tests for the PL011 console (firmware/platform/console.c) on a fake
 * register block, with a stub timer that advances on every read.
 */
#include <stdint.h>

#include "firmware/platform/console.h"
#include "firmware/platform/timer.h"
#include "tools/testing/check.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_TXFF (1u << 5)

static volatile uint32_t regs[0x1000 / 4];
static uint64_t ticks;

uint64_t timer_ticks(void)
{
	return ticks += 1000;
}

uint64_t timer_frequency(void)
{
	return 62500000;
}

static void test_writes(void)
{
	console_init((uint64_t)(uintptr_t)regs);
	regs[UARTFR / 4] = 0;
	console_write("ab", 2);
	CHECK(regs[UARTDR / 4] == 'b');
	console_write("\n", 1);
	CHECK(regs[UARTDR / 4] == '\n' && console_base() != 0);
}

/* A flag register stuck at "FIFO full" (a wrong address, a wedged UART): dropped, not waited on. */
static void test_stuck_transmitter(void)
{
	uint64_t start;

	console_init((uint64_t)(uintptr_t)regs);
	regs[UARTDR / 4] = 0;
	regs[UARTFR / 4] = UARTFR_TXFF;
	start = ticks;
	console_write("efilite: error: x\n", 18);
	CHECK(console_base() == 0);
	CHECK(regs[UARTDR / 4] == 0);
	/* about the 100 ms bound, not one wait per byte */
	CHECK(ticks - start <= 62500000 / 10 + 2000);
	console_write("more", 4); /* dropped */
	CHECK(console_getc() == -1);
}

int main(void)
{
	test_writes();
	test_stuck_transmitter();
	return check_report("console_test");
}
