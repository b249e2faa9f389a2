#include <stdint.h>

void fw_main(void *dtb)
{
	volatile uint32_t *uart = (volatile uint32_t *)0x09000000;
	const char *s = "efilite\r\n";

	(void)dtb;
	while (*s)
		*uart = (uint32_t)*s++;
}
