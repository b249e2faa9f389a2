#include "firmware/platform/console.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)

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

static void put_byte(char c)
{
	while (*reg(UARTFR) & UARTFR_TXFF)
		;
	*reg(UARTDR) = (unsigned char)c;
}

void console_write(const char *s, size_t n)
{
	if (!pl011_base)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			put_byte('\r');
		put_byte(s[i]);
	}
}

int console_getc(void)
{
	if (!pl011_base || *reg(UARTFR) & UARTFR_RXFE)
		return -1;
	return (int)(*reg(UARTDR) & 0xff);
}
