#include "firmware/platform/console.h"

#include <stdbool.h>

#include "firmware/platform/timer.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)
#define UARTFR_TXFE (1u << 7)
#define PCELL_ID0 0xff0 /* PrimeCell IDs, one byte per word: 0d f0 05 b1 */
/* Far above the 1.4 ms a 16-byte FIFO takes to drain at 115200 baud. */
#define TX_TIMEOUT_MS 100

static uint64_t pl011_base;

static volatile uint32_t *reg(unsigned offset)
{
	return (volatile uint32_t *)(uintptr_t)(pl011_base + offset);
}

void console_init(uint64_t base)
{
	pl011_base = base;
}

uint64_t console_base(void)
{
	return pl011_base;
}

/*
 * Whether a PL011 answers at base: a mapped region that reads as zeros or
 * all-ones (QEMU's empty PCI window) would swallow every byte. Its
 * transmitter must drain (TXFE without TXFF, impossible for both at once) and,
 * if the region covers them, the PrimeCell IDs must read 0d f0 05 b1. An
 * address that aborts instead is named by the exception report.
 */
bool console_answers(uint64_t base, uint64_t size)
{
	static const uint8_t pcell_id[4] = { 0x0d, 0xf0, 0x05, 0xb1 };
	volatile uint32_t *r = (volatile uint32_t *)(uintptr_t)base;
	uint64_t start = timer_ticks(), limit = timer_frequency() / 1000 * TX_TIMEOUT_MS;

	if (size >= PCELL_ID0 + 16)
		for (unsigned i = 0; i < 4; i++)
			if ((r[PCELL_ID0 / 4 + i] & 0xff) != pcell_id[i])
				return false;
	while ((r[UARTFR / 4] & (UARTFR_TXFE | UARTFR_TXFF)) != UARTFR_TXFE)
		if (timer_ticks() - start > limit)
			return false;
	return true;
}

static bool tx_ready(void)
{
	uint64_t start, limit;

	if (!(*reg(UARTFR) & UARTFR_TXFF))
		return true;
	start = timer_ticks();
	limit = timer_frequency() / 1000 * TX_TIMEOUT_MS;
	while (*reg(UARTFR) & UARTFR_TXFF)
		if (timer_ticks() - start > limit)
			return false;
	return true;
}

/*
 * A transmitter that never drains is not a console (a wrong address, a
 * wedged UART): it is dropped, so that a report, and the power-off after
 * it, never wait on it forever.
 */
static void put_byte(char c)
{
	if (!tx_ready()) {
		pl011_base = 0;
		return;
	}
	*reg(UARTDR) = (unsigned char)c;
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; pl011_base && i < n; i++) {
		if (s[i] == '\n')
			put_byte('\r');
		if (pl011_base)
			put_byte(s[i]);
	}
}

int console_getc(void)
{
	if (!pl011_base || *reg(UARTFR) & UARTFR_RXFE)
		return -1;
	return (int)(*reg(UARTDR) & 0xff);
}
