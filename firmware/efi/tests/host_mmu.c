/* The MMU calls over host page tables (see host_mmu.h). */
#include "firmware/efi/tests/host_mmu.h"

#include <stdbool.h>
#include <stdlib.h>

#include "firmware/platform/hardening.h"
#include "firmware/platform/memattr.h"
#include "firmware/platform/mmu.h"

static struct page_tables tables;
static bool wxn = true;

static void no_invalidate(uint64_t va)
{
	(void)va;
}

static void no_sync(void)
{
}

int host_mmu_init(uint64_t base, uint64_t size)
{
	const struct mmu_region ram = { base, size };
	void *pool = aligned_alloc(4096, HOST_MMU_TABLES * 4096);

	if (!pool || pt_init(&tables, pool, HOST_MMU_TABLES * 4096,
			     (struct pt_hooks){ no_invalidate, no_sync, no_sync }))
		return -1;
	return memattr_map_ram(&tables, &ram, 1, 1ull << 48);
}

size_t host_mmu_tables(void)
{
	return tables.pool_used;
}

int mmu_set_attributes(uint64_t base, uint64_t size, uint64_t attrs)
{
	return memattr_set(&tables, base, size, attrs, 0, 0);
}

uint64_t mmu_get_attributes(uint64_t base, uint64_t size)
{
	return memattr_get(&tables, base, size, wxn);
}

void mmu_allow_write_exec(void)
{
	wxn = false;
}

void cache_sync_code(const void *p, size_t size)
{
	(void)p;
	(void)size;
}

/* The host has no BTI: loaded images never get guarded pages here. */
bool hardening_cpu_bti(void)
{
	return false;
}
