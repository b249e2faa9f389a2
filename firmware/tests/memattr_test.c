/* memattr.c on the host: the mmu.h rules over real (host-memory) tables. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "firmware/platform/arch.h"
#include "firmware/platform/layout.h"
#include "firmware/platform/memattr.h"
#include "tools/testing/check.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)
#define RO MMU_ATTR_RO
#define XP MMU_ATTR_XP
#define RP MMU_ATTR_RP
#define NONE UINT64_MAX

static void no_invalidate(uint64_t va)
{
	(void)va;
}

static void no_sync(void)
{
}

static void *pool;

static void setup(struct page_tables *pt)
{
	free(pool);
	pool = aligned_alloc(4096, 64 * 4096);
	CHECK(pt_init(pt, pool, 64 * 4096, (struct pt_hooks){ no_invalidate, no_sync, no_sync }) == 0);
}

static void test_attribute_bits(void)
{
	CHECK(memattr_to_pte(0) == PTE_NORMAL);
	CHECK(memattr_to_pte(RO) == (PTE_NORMAL | PTE_AP_RO));
	CHECK(memattr_to_pte(XP) == (PTE_NORMAL | PTE_PXN));
	CHECK(memattr_to_pte(RP) == (PTE_NORMAL & ~(uint64_t)PTE_AF));
	for (uint64_t attrs = 0; attrs < 8; attrs++) {
		uint64_t bits = (attrs & 1 ? RO : 0) | (attrs & 2 ? XP : 0) | (attrs & 4 ? RP : 0);
		/* Writable is never executable (WXN): reported as XP. */
		uint64_t effective = bits & RO ? bits : bits | XP;

		CHECK(memattr_from_pte(memattr_to_pte(bits), true) == effective);
		/* NX compatibility mode (WXN clear): exactly what was set. */
		CHECK(memattr_from_pte(memattr_to_pte(bits), false) == bits);
	}
}

static void test_map_ram(void)
{
	struct page_tables pt;
	const struct mmu_region below[] = { { DRAM_BASE - 4 * KiB, 8 * KiB } };
	const struct mmu_region past_limit[] = { { DRAM_BASE, 1ull << 40 } };
	const struct mmu_region overflow[] = { { DRAM_BASE, UINT64_MAX } };
	const struct mmu_region ragged[] = { { DRAM_BASE + 0x800, 0x3000 }, { 2 * GiB, 100 } };

	setup(&pt);
	CHECK(memattr_map_ram(&pt, below, 1, 1ull << 40) == -1);
	CHECK(memattr_map_ram(&pt, past_limit, 1, 1ull << 40) == -1);
	CHECK(memattr_map_ram(&pt, overflow, 1, 1ull << 48) == -1);
	CHECK(memattr_map_ram(&pt, ragged, 2, 1ull << 40) == 0);
	CHECK(memattr_get(&pt, DRAM_BASE, 4 * KiB, true) == NONE); /* partial page dropped */
	CHECK(memattr_get(&pt, DRAM_BASE + 4 * KiB, 8 * KiB, true) == XP);
	CHECK(memattr_get(&pt, DRAM_BASE + 12 * KiB, 4 * KiB, true) == NONE);
	CHECK(memattr_get(&pt, 2 * GiB, 4 * KiB, true) == NONE); /* less than a page */
	/* RAM over a device mapping is refused. */
	CHECK(memattr_map_device(&pt, 3 * GiB, 4 * KiB) == 0);
	const struct mmu_region over_device[] = { { 3 * GiB - 4 * KiB, 12 * KiB } };
	CHECK(memattr_map_ram(&pt, over_device, 1, 1ull << 40) == -1);
}

static void test_map_device(void)
{
	struct page_tables pt;
	const struct mmu_region ram[] = { { DRAM_BASE, 1 * GiB } };
	uint64_t end;

	setup(&pt);
	CHECK(memattr_map_device(&pt, 0x9000010, 0x10) == 0); /* rounded out to the page */
	CHECK(pt_lookup(&pt, 0x9000000, &end) == PTE_DEVICE && end == 0x9001000);
	CHECK(pt_lookup(&pt, 0x9001000, &end) == 0);
	CHECK(memattr_map_device(&pt, 0x9000ff0, 0x20) == 0); /* spans two pages */
	CHECK(pt_lookup(&pt, 0x9001000, &end) == PTE_DEVICE);
	CHECK(memattr_map_device(&pt, 0x9000000, 0) == -1);
	CHECK(memattr_map_device(&pt, 0x9000000, UINT64_MAX) == -1);
	CHECK(memattr_map_ram(&pt, ram, 1, 1ull << 40) == 0);
	CHECK(memattr_map_device(&pt, DRAM_BASE + 5 * MiB, 4 * KiB) == -1); /* over RAM */
}

static void test_set_and_get(void)
{
	struct page_tables pt;
	const struct mmu_region ram[] = { { DRAM_BASE, 1 * GiB } };
	const uint64_t fw_start = DRAM_BASE + 2 * MiB, fw_end = DRAM_BASE + 3 * MiB;
	const uint64_t a = DRAM_BASE + 16 * MiB + 8 * KiB;

	setup(&pt);
	CHECK(memattr_map_ram(&pt, ram, 1, 1ull << 40) == 0);
	CHECK(memattr_map_device(&pt, 0x9000000, 4 * KiB) == 0);

	CHECK(memattr_set(&pt, a, 8 * KiB, RO, fw_start, fw_end) == 0);
	CHECK(memattr_get(&pt, a, 8 * KiB, true) == RO);
	CHECK(memattr_get(&pt, a - 4 * KiB, 4 * KiB, true) == XP);
	CHECK(memattr_get(&pt, a - 4 * KiB, 8 * KiB, true) == NONE); /* not uniform */
	CHECK(memattr_set(&pt, a, 4 * KiB, RO | XP | RP, fw_start, fw_end) == 0);
	CHECK(memattr_get(&pt, a, 4 * KiB, true) == (RO | XP | RP));
	CHECK(memattr_set(&pt, a, 4 * KiB, 0, fw_start, fw_end) == 0);
	CHECK(memattr_get(&pt, a, 4 * KiB, true) == XP); /* writable: never executable */
	CHECK(memattr_get(&pt, a, 4 * KiB, false) == 0); /* unless WXN is off: RWX */

	CHECK(memattr_set(&pt, a + 1, 4 * KiB, RO, fw_start, fw_end) == -1);
	CHECK(memattr_set(&pt, a, 4 * KiB + 1, RO, fw_start, fw_end) == -1);
	CHECK(memattr_set(&pt, a, 0, RO, fw_start, fw_end) == -1);
	CHECK(memattr_set(&pt, a, 4 * KiB, RO | 1, fw_start, fw_end) == -1); /* unknown bit */
	CHECK(memattr_set(&pt, fw_end - 4 * KiB, 8 * KiB, RO, fw_start, fw_end) == -1);
	CHECK(memattr_set(&pt, fw_start - 4 * KiB, 8 * KiB, RO, fw_start, fw_end) == -1);
	CHECK(memattr_set(&pt, fw_end, 4 * KiB, RO, fw_start, fw_end) == 0);
	CHECK(memattr_set(&pt, 0x9000000, 4 * KiB, RO, fw_start, fw_end) == -1); /* MMIO */
	CHECK(memattr_set(&pt, DRAM_BASE + 1 * GiB - 4 * KiB, 8 * KiB, RO, fw_start, fw_end) == -1);
	CHECK(memattr_get(&pt, DRAM_BASE + 1 * GiB - 4 * KiB, 4 * KiB, true) == XP); /* left alone */
	CHECK(memattr_get(&pt, DRAM_BASE + 1 * GiB, 4 * KiB, true) == NONE);
	CHECK(memattr_get(&pt, a, 0, true) == NONE);
}

/* Where the CPU may store (a read-ahead touches pages before a device fills them). */
static void test_writable(void)
{
	struct page_tables pt;
	const struct mmu_region ram[] = { { DRAM_BASE, 1 * GiB } };
	const uint64_t a = DRAM_BASE + 16 * MiB;

	setup(&pt);
	CHECK(memattr_map_ram(&pt, ram, 1, 1ull << 40) == 0);
	CHECK(memattr_map_device(&pt, 0x9000000, 4 * KiB) == 0);
	CHECK(memattr_writable(&pt, a, 4 * MiB));
	CHECK(memattr_writable(&pt, DRAM_BASE, 1 * GiB));
	CHECK(memattr_set(&pt, a + 8 * KiB, 4 * KiB, RO | XP, 0, 0) == 0);
	CHECK(!memattr_writable(&pt, a, 16 * KiB));	     /* one read-only page */
	CHECK(memattr_writable(&pt, a, 8 * KiB));	     /* the pages before it */
	CHECK(memattr_writable(&pt, a + 12 * KiB, 8 * KiB)); /* and after */
	CHECK(memattr_set(&pt, a + 8 * KiB, 4 * KiB, XP | RP, 0, 0) == 0);
	CHECK(!memattr_writable(&pt, a + 8 * KiB, 4 * KiB)); /* read-protected */
	CHECK(memattr_set(&pt, a + 8 * KiB, 4 * KiB, 0, 0, 0) == 0);
	CHECK(memattr_writable(&pt, a + 8 * KiB, 4 * KiB)); /* RWX is writable */
	CHECK(!memattr_writable(&pt, 0x9000000, 4 * KiB));  /* device memory */
	CHECK(!memattr_writable(&pt, DRAM_BASE + 1 * GiB - 4 * KiB, 8 * KiB)); /* past RAM */
	CHECK(!memattr_writable(&pt, a + 1, 4 * KiB));	     /* not page aligned */
	CHECK(!memattr_writable(&pt, a, 0));
}

/* Guarded pages (BTI) for loaded images: a bit of their own, kept by updates. */
static void test_guarded(void)
{
	struct page_tables pt;
	const struct mmu_region ram[] = { { DRAM_BASE, 1 * GiB } };
	const uint64_t a = DRAM_BASE + 16 * MiB;

	CHECK(memattr_to_pte(RO | MMU_ATTR_GP) == (PTE_NORMAL | PTE_AP_RO | PTE_GP));
	CHECK(memattr_from_pte(PTE_NORMAL | PTE_AP_RO | PTE_GP, true) == (RO | MMU_ATTR_GP));
	CHECK(memattr_from_pte(PTE_NORMAL | PTE_AP_RO, true) == RO);
	setup(&pt);
	CHECK(memattr_map_ram(&pt, ram, 1, 1ull << 40) == 0);
	CHECK(memattr_set(&pt, a, 8 * KiB, RO | MMU_ATTR_GP, 0, 0) == 0);
	CHECK(memattr_get(&pt, a, 8 * KiB, true) == (RO | MMU_ATTR_GP));
	CHECK(memattr_set(&pt, a, 4 * KiB, XP, 0, 0) == 0); /* FreePages' reset drops it */
	CHECK(memattr_get(&pt, a, 4 * KiB, true) == XP);
	CHECK(memattr_get(&pt, a, 8 * KiB, true) == NONE);
}

int main(void)
{
	test_attribute_bits();
	test_writable();
	test_map_ram();
	test_map_device();
	test_set_and_get();
	test_guarded();
	free(pool);
	return check_report("memattr_test");
}
