/*
 * Host tests for the runtime helpers (firmware/efi/rt_util.c): rt_memmove
 * against memmove for every alignment, length and overlap in a small window,
 * on objects of other types than its words (UTF-16 names, structs).
 */
#include <string.h>

#include "firmware/efi/rt.h"
#include "tools/testing/check.h"

#define SPAN 96

static _Alignas(8) uint8_t buf[SPAN], want[SPAN];

static void fill(uint8_t *p)
{
	for (size_t i = 0; i < SPAN; i++)
		p[i] = (uint8_t)(i * 37 + 11);
}

/* Every (destination, source, length) in the window, overlapping either way or not. */
static void test_memmove_everywhere(void)
{
	unsigned bad = 0;

	for (size_t dst = 0; dst < 24; dst++)
		for (size_t src = 0; src < 24; src++)
			for (size_t n = 0; n + (dst > src ? dst : src) <= SPAN && n <= 64; n++) {
				fill(buf);
				fill(want);
				memmove(want + dst, want + src, n);
				rt_memmove(buf + dst, buf + src, n);
				bad += memcmp(buf, want, SPAN) != 0;
			}
	CHECK(bad == 0);
}

struct record {
	uint16_t name[6];
	uint32_t attributes;
	uint64_t size;
};

/* Typed objects copied whole, and a UTF-16 name moved down within its own array. */
static void test_memmove_typed(void)
{
	struct record a = { { 'B', 'o', 'o', 't', '1', 0 }, 7, 0x1122334455667788u }, b = { 0 };
	uint16_t name[16] = { 'x', 'x', 'x', 'B', 'o', 'o', 't', 'O', 'r', 'd', 'e', 'r', 0 };

	rt_memmove(&b, &a, sizeof(a));
	CHECK(b.name[3] == 't' && b.attributes == 7 && b.size == 0x1122334455667788u);
	a.size = 1;
	CHECK(b.size == 0x1122334455667788u);
	rt_memmove(name, name + 3, 10 * sizeof(uint16_t));
	CHECK(name[0] == 'B' && name[7] == 'e' && name[8] == 'r' && name[9] == 0 && name[10] == 'e');
}

int main(void)
{
	test_memmove_everywhere();
	test_memmove_typed();
	return check_report("rt_util_test");
}
