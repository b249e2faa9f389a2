/*
 * The firmware's memcpy and memset (src/string.c, renamed fw_* for the
 * host): every size up to 300 bytes, every relative alignment of the two
 * buffers (memset: every alignment), and no byte written outside the
 * destination range.
 */
#include <stdint.h>
#include <string.h>

#include "tools/testing/check.h"

void *fw_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *fw_memset(void *dst, int c, size_t n);

#define SPAN 512

int main(void)
{
	static uint8_t src[SPAN], dst[SPAN], want[SPAN];

	for (size_t i = 0; i < SPAN; i++)
		src[i] = (uint8_t)(i * 7 + 3);
	for (size_t so = 0; so < 16; so++) {
		for (size_t dof = 0; dof < 16; dof++) {
			for (size_t n = 0; n <= 300; n++) {
				memset(dst, 0xee, SPAN);
				memset(want, 0xee, SPAN);
				memcpy(want + dof, src + so, n);
				check_count++;
				if (fw_memcpy(dst + dof, src + so, n) != dst + dof ||
				    memcmp(dst, want, SPAN) != 0) {
					check_failures++;
					fprintf(stderr, "memcpy(dst+%zu, src+%zu, %zu) wrong\n", dof,
						so, n);
				}
			}
		}
	}
	for (size_t dof = 0; dof < 16; dof++) {
		for (size_t n = 0; n <= 300; n++) {
			memset(dst, 0xee, SPAN);
			memset(want, 0xee, SPAN);
			memset(want + dof, 0x5a, n);
			check_count++;
			if (fw_memset(dst + dof, 0x15a, n) != dst + dof || memcmp(dst, want, SPAN)) {
				check_failures++;
				fprintf(stderr, "memset(dst+%zu, 0x15a, %zu) wrong\n", dof, n);
			}
		}
	}
	return check_report("memcpy_test");
}
