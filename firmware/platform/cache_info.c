#include "firmware/platform/cache_info.h"

#define CTR_IDC (1ull << 28)

static unsigned clidr_field(uint64_t clidr, unsigned shift)
{
	return (unsigned)(clidr >> shift & 7);
}

bool cache_clean_to_pou_needed(uint64_t ctr, uint64_t clidr)
{
	unsigned louis = clidr_field(clidr, 21), loc = clidr_field(clidr, 24);
	unsigned louu = clidr_field(clidr, 27);

	if (ctr & CTR_IDC || loc == 0)
		return false;
	return louis != 0 || louu != 0;
}
