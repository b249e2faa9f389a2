/* libc-free helpers callable from runtime services (see rt.h). */
#include "firmware/efi/rt.h"

/*
 * Words are read and written through this type: may_alias makes an 8-byte
 * access well defined whatever the type of the objects copied (a plain
 * uint64_t access to UTF-16 names or structs breaks C's aliasing rules).
 */
typedef uint64_t __attribute__((may_alias)) rt_word;

/*
 * Byte by byte, or 8 bytes at a time where source and destination are
 * equally aligned (loading the variable store copies ~100 KiB at boot), in
 * either direction. The direction follows the addresses, compared as
 * integers: as pointers to different objects they have no defined order.
 * Equally aligned and overlapping, they are at least 8 bytes apart, so a
 * word never overwrites source bytes not yet copied.
 */
RUNTIME_CODE void rt_memmove(void *dst, const void *src, size_t n)
{
	volatile uint8_t *d = dst; /* volatile: keep the compiler from calling libc memmove */
	const uint8_t *s = src;
	size_t i = 0;

	if ((uintptr_t)dst < (uintptr_t)src) {
		if ((((uintptr_t)dst ^ (uintptr_t)src) & 7) == 0) {
			for (; i < n && (((uintptr_t)dst + i) & 7); i++)
				d[i] = s[i];
			for (; i + 8 <= n; i += 8)
				*(volatile rt_word *)(d + i) = *(const rt_word *)(s + i);
		}
		for (; i < n; i++)
			d[i] = s[i];
	} else {
		size_t j = n;

		if ((((uintptr_t)dst ^ (uintptr_t)src) & 7) == 0) {
			for (; j > 0 && (((uintptr_t)dst + j) & 7); j--)
				d[j - 1] = s[j - 1];
			for (; j >= 8; j -= 8)
				*(volatile rt_word *)(d + j - 8) = *(const rt_word *)(s + j - 8);
		}
		for (; j > 0; j--)
			d[j - 1] = s[j - 1];
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
