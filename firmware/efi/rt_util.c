/* libc-free helpers callable from runtime services (see rt.h). */
#include "firmware/efi/rt.h"

/*
 * Byte by byte, or 8 bytes at a time where source and destination are
 * equally aligned (loading the variable store copies ~100 KiB at boot).
 */
RUNTIME_CODE void rt_memmove(void *dst, const void *src, size_t n)
{
	volatile uint8_t *d = dst; /* volatile: keep the compiler from calling libc memmove */
	const uint8_t *s = src;
	size_t i = 0;

	if (d < s) {
		if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
			for (; i < n && ((uintptr_t)(d + i) & 7); i++)
				d[i] = s[i];
			for (; i + 8 <= n; i += 8)
				*(volatile uint64_t *)(d + i) = *(const uint64_t *)(s + i);
		}
		for (; i < n; i++)
			d[i] = s[i];
	} else {
		for (size_t j = n; j-- > 0;)
			d[j] = s[j];
	}
}

RUNTIME_CODE void rt_memset(void *dst, uint8_t value, size_t n)
{
	volatile uint8_t *d = dst;

	for (size_t i = 0; i < n; i++)
		d[i] = value;
}

RUNTIME_CODE int rt_memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

RUNTIME_CODE size_t rt_str16_size(const uint16_t *s, size_t max)
{
	for (size_t i = 0; (i + 1) * 2 <= max; i++)
		if (s[i] == 0)
			return (i + 1) * 2;
	return 0;
}
