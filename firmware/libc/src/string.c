/*
 * Freestanding string functions. memcpy/memset move 8 bytes at a time once
 * both pointers are aligned: the EFI stub's CopyMem/SetMem of multi-megabyte
 * buffers runs through them, and this runs with the MMU and caches on.
 */
#include <stdint.h>
#include <string.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		while (n && ((uintptr_t)d & 7)) {
			*d++ = *s++;
			n--;
		}
		/*
		 * 64 bytes a round (paired loads and stores): LoadImage copies a
		 * loader's 27 MB kernel buffer through here, and under TCG the
		 * instructions per byte are what count.
		 */
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			const uint64_t *from = (const uint64_t *)s;
			uint64_t *to = (uint64_t *)d;
			uint64_t w0 = from[0], w1 = from[1], w2 = from[2], w3 = from[3];
			uint64_t w4 = from[4], w5 = from[5], w6 = from[6], w7 = from[7];

			to[0] = w0;
			to[1] = w1;
			to[2] = w2;
			to[3] = w3;
			to[4] = w4;
			to[5] = w5;
			to[6] = w6;
			to[7] = w7;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)d = *(const uint64_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t pattern = 0x0101010101010101ull * (unsigned char)c;

	while (n && ((uintptr_t)d & 7)) {
		*d++ = (unsigned char)c;
		n--;
	}
	/*
	 * 64 bytes a round, as in memcpy: the Linux EFI stub clears its 2 MiB
	 * device tree buffer through SetMem.
	 */
	for (; n >= 64; n -= 64, d += 64) {
		uint64_t *to = (uint64_t *)d;

		to[0] = pattern;
		to[1] = pattern;
		to[2] = pattern;
		to[3] = pattern;
		to[4] = pattern;
		to[5] = pattern;
		to[6] = pattern;
		to[7] = pattern;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(uint64_t *)d = pattern;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t i = 0;

	while (i < maxlen && s[i])
		i++;
	return i;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}
