/*
 * cache_clean_to_pou_needed() on the registers QEMU's CPUs report (read with
 * mrs under qemu-system-aarch64 7.2) and on each field alone.
 */
#include <stdint.h>

#include "firmware/platform/cache_info.h"
#include "tools/testing/check.h"

#define CTR_A57 0x8444c004ull /* IDC 0, DIC 0: cortex-a57, cortex-a72, max */
#define IDC (1ull << 28)

static uint64_t clidr(unsigned louu, unsigned loc, unsigned louis)
{
	return 0x23 | (uint64_t)louu << 27 | (uint64_t)loc << 24 | (uint64_t)louis << 21;
}

int main(void)
{
	/* max: LoUU 0, LoC 2, LoUIS 0 (FEAT_S2FWB): IDC is effectively 1 */
	CHECK(!cache_clean_to_pou_needed(CTR_A57, 0x2000023));
	/* cortex-a57 and -a72: LoUU 1, LoC 2, LoUIS 1: clean */
	CHECK(cache_clean_to_pou_needed(CTR_A57, 0xa200023));
	/* neoverse-n1 (LoUU 0, LoUIS 0) and a64fx (ctr 86668006): none */
	CHECK(!cache_clean_to_pou_needed(CTR_A57, 0x82000023));
	CHECK(!cache_clean_to_pou_needed(0x86668006, 0x80000023));
	CHECK(clidr(1, 2, 1) == 0xa200023 && clidr(0, 2, 0) == 0x2000023);

	/* IDC read as 1: never, whatever CLIDR says */
	CHECK(!cache_clean_to_pou_needed(CTR_A57 | IDC, clidr(1, 2, 1)));
	/* LoC 0: no cache level before the point of coherency */
	CHECK(!cache_clean_to_pou_needed(CTR_A57, clidr(1, 0, 1)));
	/* one point of unification past a cache level is enough to need it */
	CHECK(cache_clean_to_pou_needed(CTR_A57, clidr(1, 2, 0)));
	CHECK(cache_clean_to_pou_needed(CTR_A57, clidr(0, 2, 1)));
	CHECK(cache_clean_to_pou_needed(CTR_A57, clidr(7, 7, 7)));
	/* other fields do not count: line sizes, DIC, cache types */
	CHECK(cache_clean_to_pou_needed(0x2000000f | 0x000f0000, clidr(1, 1, 1) | 0x1fffff));
	return check_report("cache_info_test");
}
