/* ticks_scale() against exact arithmetic (unsigned __int128 on the host). */
#include <stdint.h>
#include <stdio.h>

#include "firmware/platform/ticks.h"

static int failures;

static void expect(uint64_t units, uint64_t per_second, uint64_t freq)
{
	unsigned __int128 exact = (unsigned __int128)units * freq / per_second;
	uint64_t want = exact > UINT64_MAX ? UINT64_MAX : (uint64_t)exact;
	uint64_t got = ticks_scale(units, per_second, freq);

	if (got != want) {
		printf("FAIL: ticks_scale(%llu, %llu, %llu) = %llu, want %llu\n",
		       (unsigned long long)units, (unsigned long long)per_second,
		       (unsigned long long)freq, (unsigned long long)got, (unsigned long long)want);
		failures++;
	}
}

int main(void)
{
	const uint64_t freqs[] = { 0, 1, 62500000, 1000000000, UINT32_MAX };
	const uint64_t units[] = { 0, 1, 9999999, 10000000, 10000001, 123456789012345ull,
				   UINT64_MAX / 62500000, UINT64_MAX / 62500000 * 10000000,
				   UINT64_MAX - 1, UINT64_MAX };

	for (size_t f = 0; f < sizeof(freqs) / sizeof(freqs[0]); f++) {
		for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
			expect(units[u], 10000000, freqs[f]); /* EFI 100 ns units */
			expect(units[u], 1000000, freqs[f]);  /* microseconds */
		}
	}
	if (failures)
		return 1;
	printf("ticks_test: all passed\n");
	return 0;
}
