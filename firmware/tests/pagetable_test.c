/*
 * pagetable.c on the host. The tables are checked by an independent walk
 * written from the VMSAv8-64 rules (4 KiB granule, 4 levels), and the TLB
 * maintenance hooks by what the tables look like when they are called.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/platform/arch.h"
#include "firmware/platform/pagetable.h"
#include "tools/testing/check.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)
#define ATTRS_A (PTE_NORMAL | PTE_PXN)
#define ATTRS_B (PTE_NORMAL | PTE_AP_RO)

/* Reference walk: the leaf descriptor for va and its level, or 0. */
static uint64_t walk(const struct page_tables *pt, uint64_t va, int *level_out)
{
	const uint64_t *table = pt->root;

	for (int level = 0; level <= 3; level++) {
		unsigned shift = 39 - 9 * level;
		uint64_t desc = table[(va >> shift) & 511];

		if (!(desc & 1))
			return 0;
		if (level == 3 || (desc & 3) == 1) {
			*level_out = level;
			return level == 0 ? 0 : desc; /* no level-0 blocks with 4 KiB */
		}
		table = (const uint64_t *)(uintptr_t)(desc & PTE_ADDR_MASK);
	}
	return 0;
}

/* The leaf maps va to itself with `attrs`, as a `level` descriptor. */
static bool maps(const struct page_tables *pt, uint64_t va, uint64_t attrs, int level)
{
	int got_level = -1;
	uint64_t desc = walk(pt, va, &got_level);
	unsigned shift = 39 - 9 * got_level;
	uint64_t span_mask = (1ull << shift) - 1;

	if (!desc || got_level != level)
		return false;
	if ((desc & PTE_ADDR_MASK & ~span_mask) != (va & ~span_mask))
		return false;
	if ((desc & 3) != (level == 3 ? 3 : 1))
		return false;
	return (desc & ~(PTE_ADDR_MASK | 3)) == attrs;
}

static bool unmapped(const struct page_tables *pt, uint64_t va)
{
	int level;

	return walk(pt, va, &level) == 0;
}

/*
 * The table walker as the hooks see it. Each hook starts with a DSB on the
 * CPU: the descriptor writes before it are then visible to the walker, those
 * after it may be seen in any order until the next hook. So at every hook the
 * writes since the previous one are checked for what a walker could make of
 * any mix of them:
 *   - break-before-make: a valid entry never turns into another valid entry
 *     in between, except for the permission bits that may change in place;
 *   - publication: a table newly pointed to holds no entry that was valid
 *     before and changed since (a walker that sees the pointer could cache
 *     the old entry), unless this hook's TLB invalidation covers it;
 *   - each break-before-make is complete on its own: after the invalidation
 *     that follows a break, the new entry is published (sync) before the
 *     next invalidation starts another.
 */
#define IN_PLACE (PTE_AP_RO | PTE_AF | PTE_PXN)
enum { SCOPE_NONE, SCOPE_VA, SCOPE_ALL };

static struct page_tables *current;
static void *pool;
static uint8_t *seen; /* the pool at the previous hook */
static size_t pool_bytes;
static unsigned bbm_violations, publish_violations, unpublished_makes;
static unsigned newly_valid; /* entries invalid at the previous hook, valid at this one */
static bool make_pending;    /* a break was invalidated: its make is not published yet */
static bool walker_off;      /* long loops: after their first rounds (setup() turns it back on) */

static uint64_t seen_value(const uint64_t *entry)
{
	uint64_t v;

	memcpy(&v, seen + ((const uint8_t *)entry - (const uint8_t *)pool), sizeof(v));
	return v;
}

static bool is_table_desc(uint64_t desc, int level)
{
	return level < 3 && (desc & 3) == 3;
}

static bool covered(int scope, uint64_t scope_va, uint64_t va, int level)
{
	uint64_t span = 1ull << (39 - 9 * level);

	return scope == SCOPE_ALL || (scope == SCOPE_VA && scope_va >= va && scope_va - va < span);
}

/* fresh: the entry pointing to table changed since the previous hook. */
static void check_table(const uint64_t *table, int level, uint64_t va, bool fresh, int scope,
			uint64_t scope_va)
{
	unsigned shift = 39 - 9 * level;

	for (size_t i = 0; i < 512; i++) {
		uint64_t now = table[i], before = seen_value(&table[i]);
		uint64_t entry_va = va + ((uint64_t)i << shift);

		newly_valid += !(before & 1) && (now & 1);
		if (fresh) {
			/* a walker that sees the new pointer may see this entry as before */
			if (now != before && (before & 1) && !covered(scope, scope_va, entry_va, level))
				publish_violations++;
		} else if ((before & 1) && (now & 1) && before != now &&
			   (is_table_desc(before, level) || ((before ^ now) & ~IN_PLACE))) {
			bbm_violations++;
		}
		if (is_table_desc(now, level))
			check_table((const uint64_t *)(uintptr_t)(now & PTE_ADDR_MASK), level + 1,
				    entry_va, now != before, scope, scope_va);
	}
}

/* A hook's DSB; an invalidation (scope) right after a make not yet published is counted. */
static void walker_barrier(int scope, uint64_t scope_va)
{
	if (walker_off)
		return;
	newly_valid = 0;
	check_table(current->root, 0, 0, false, scope, scope_va);
	memcpy(seen, pool, pool_bytes);
	if (scope != SCOPE_NONE && make_pending && newly_valid)
		unpublished_makes++;
	make_pending = false;
}

/* What the hooks saw. */
static struct {
	uint64_t va;
	bool mapped_then;
} invalidations[64];
static size_t invalidation_count, sync_count, invalidate_all_count;
/* The entry watched while a table is collapsed: invalid when invalidate_all() runs? */
static uint64_t watched_va;
static bool watched_invalid_at_invalidate_all = true;

static void record_invalidate(uint64_t va)
{
	bool mapped = !unmapped(current, va);

	if (invalidation_count < 64) {
		invalidations[invalidation_count].va = va;
		invalidations[invalidation_count].mapped_then = mapped;
	}
	invalidation_count++;
	walker_barrier(SCOPE_VA, va);
	make_pending = !mapped; /* a break: its make comes next */
}

static void record_sync(void)
{
	sync_count++;
	walker_barrier(SCOPE_NONE, 0);
}

static void record_invalidate_all(void)
{
	invalidate_all_count++;
	if (!unmapped(current, watched_va))
		watched_invalid_at_invalidate_all = false;
	walker_barrier(SCOPE_ALL, 0);
	make_pending = true; /* only ever after a break */
}

static void setup(struct page_tables *pt, size_t pages)
{
	const struct pt_hooks hooks = { record_invalidate, record_invalidate_all, record_sync };

	free(pool);
	free(seen);
	pool_bytes = pages * 4096;
	pool = aligned_alloc(4096, pool_bytes);
	seen = malloc(pool_bytes);
	memset(pool, 0xa5, pool_bytes); /* tables must be cleared by the code */
	CHECK(pt_init(pt, pool, pool_bytes, hooks) == 0);
	memcpy(seen, pool, pool_bytes); /* the root is not pointed to by a descriptor */
	current = pt;
	invalidation_count = sync_count = invalidate_all_count = 0;
	make_pending = walker_off = false;
}

static void test_blocks_where_aligned(void)
{
	struct page_tables pt;
	uint64_t end;

	setup(&pt, 16);
	/* [1 GiB - 4 KiB, 3 GiB + 2 MiB + 4 KiB): page, 1 GiB block, 2 MiB block, page. */
	CHECK(pt_map(&pt, 1 * GiB - 4 * KiB, 2 * GiB + 2 * MiB + 8 * KiB, ATTRS_A) == 0);
	CHECK(maps(&pt, 1 * GiB - 4 * KiB, ATTRS_A, 3));
	CHECK(unmapped(&pt, 1 * GiB - 8 * KiB));
	CHECK(maps(&pt, 1 * GiB, ATTRS_A, 1));
	CHECK(maps(&pt, 2 * GiB + 5 * MiB, ATTRS_A, 1));
	CHECK(maps(&pt, 3 * GiB, ATTRS_A, 2));
	CHECK(maps(&pt, 3 * GiB + 2 * MiB, ATTRS_A, 3));
	CHECK(unmapped(&pt, 3 * GiB + 2 * MiB + 4 * KiB));
	/*
	 * Fresh mappings need no TLB maintenance: only a sync per new table (its
	 * entries before the pointer to it) and the final one.
	 */
	CHECK(invalidation_count == 0);
	CHECK(pt.pool_used == 6 && sync_count == pt.pool_used);
	CHECK(pt_lookup(&pt, 1 * GiB + 12345, &end) == ATTRS_A);
	CHECK(end == 2 * GiB);
	CHECK(pt_lookup(&pt, 3 * GiB + 4096, &end) == ATTRS_A);
	CHECK(end == 3 * GiB + 2 * MiB);
	CHECK(pt_lookup(&pt, 3 * GiB + 2 * MiB + 4 * KiB, &end) == 0);
	CHECK(end == 3 * GiB + 2 * MiB + 8 * KiB);
}

static void test_split_is_break_before_make(void)
{
	struct page_tables pt;

	setup(&pt, 16);
	CHECK(pt_map(&pt, 1 * GiB, 1 * GiB, ATTRS_A) == 0);
	/* One page in the middle: 1 GiB block -> 2 MiB blocks -> pages. */
	CHECK(pt_map(&pt, 1 * GiB + 6 * MiB + 8 * KiB, 4 * KiB, ATTRS_B) == 0);
	CHECK(maps(&pt, 1 * GiB + 6 * MiB + 8 * KiB, ATTRS_B, 3));
	CHECK(maps(&pt, 1 * GiB + 6 * MiB + 4 * KiB, ATTRS_A, 3));
	CHECK(maps(&pt, 1 * GiB + 6 * MiB + 12 * KiB, ATTRS_A, 3));
	CHECK(maps(&pt, 1 * GiB + 4 * MiB, ATTRS_A, 2));
	CHECK(maps(&pt, 1 * GiB + 8 * MiB, ATTRS_A, 2));
	CHECK(maps(&pt, 2 * GiB - 4 * KiB, ATTRS_A, 2));
	/* Two splits (each with the old entry invalid while invalidated), one page change. */
	CHECK(invalidation_count == 3);
	CHECK(invalidations[0].va == 1 * GiB && !invalidations[0].mapped_then);
	CHECK(invalidations[1].va == 1 * GiB + 6 * MiB && !invalidations[1].mapped_then);
	CHECK(invalidations[2].va == 1 * GiB + 6 * MiB + 8 * KiB && invalidations[2].mapped_then);
}

static void test_permission_change_in_place(void)
{
	struct page_tables pt;

	setup(&pt, 16);
	CHECK(pt_map(&pt, 4 * GiB, 4 * MiB, ATTRS_A) == 0);
	invalidation_count = 0;
	/* Same memory type: changed in place, then invalidated once per block. */
	CHECK(pt_map(&pt, 4 * GiB, 4 * MiB, ATTRS_B) == 0);
	CHECK(maps(&pt, 4 * GiB, ATTRS_B, 2) && maps(&pt, 4 * GiB + 2 * MiB, ATTRS_B, 2));
	CHECK(invalidation_count == 2);
	CHECK(invalidations[0].mapped_then && invalidations[1].mapped_then);
	/* Same attributes again: nothing to invalidate. */
	invalidation_count = 0;
	CHECK(pt_map(&pt, 4 * GiB, 4 * MiB, ATTRS_B) == 0);
	CHECK(invalidation_count == 0);
	/* Memory type change: break-before-make. */
	CHECK(pt_map(&pt, 4 * GiB, 2 * MiB, PTE_DEVICE) == 0);
	CHECK(maps(&pt, 4 * GiB, PTE_DEVICE, 2));
	CHECK(invalidation_count == 1 && !invalidations[0].mapped_then);
}

/*
 * In-place changes are invalidated when pt_map() returns, after the last of
 * them: page by page up to PT_STALE_MAX pages, else with one invalidate_all().
 */
static void test_in_place_changes_invalidated_once(void)
{
	struct page_tables pt;

	setup(&pt, 16);
	CHECK(pt_map(&pt, 4 * GiB, 2 * MiB, ATTRS_A) == 0);
	CHECK(pt_map(&pt, 4 * GiB, 4 * KiB, ATTRS_B) == 0); /* split: page tables */
	invalidation_count = invalidate_all_count = sync_count = 0;
	CHECK(pt_map(&pt, 4 * GiB + 64 * KiB, PT_STALE_MAX * 4 * KiB, ATTRS_B) == 0);
	CHECK(invalidation_count == PT_STALE_MAX && invalidate_all_count == 0);
	for (unsigned i = 0; i < PT_STALE_MAX; i++)
		CHECK(invalidations[i].va == 4 * GiB + 64 * KiB + i * 4 * KiB &&
		      invalidations[i].mapped_then);
	CHECK(sync_count == 1); /* after the invalidations */
	invalidation_count = invalidate_all_count = 0;
	CHECK(pt_map(&pt, 4 * GiB + 1 * MiB, (PT_STALE_MAX + 1) * 4 * KiB, ATTRS_B) == 0);
	CHECK(invalidation_count == 0 && invalidate_all_count == 1);
	CHECK(maps(&pt, 4 * GiB + 1 * MiB + PT_STALE_MAX * 4 * KiB, ATTRS_B, 3));
	CHECK(maps(&pt, 4 * GiB + 1 * MiB + (PT_STALE_MAX + 1) * 4 * KiB, ATTRS_A, 3));
	/* nothing left owed for the next call */
	invalidation_count = invalidate_all_count = 0;
	CHECK(pt_map(&pt, 4 * GiB + 1 * MiB, 4 * KiB, ATTRS_B) == 0);
	CHECK(invalidation_count == 0 && invalidate_all_count == 0);
}

static void test_unmap(void)
{
	struct page_tables pt;
	size_t used;

	setup(&pt, 16);
	CHECK(pt_map(&pt, 2 * GiB, 2 * MiB, ATTRS_A) == 0);
	CHECK(pt_map(&pt, 2 * GiB + 4 * KiB, 4 * KiB, 0) == 0);
	CHECK(unmapped(&pt, 2 * GiB + 4 * KiB));
	CHECK(maps(&pt, 2 * GiB, ATTRS_A, 3));
	CHECK(maps(&pt, 2 * GiB + 8 * KiB, ATTRS_A, 3));
	/* Unmapping what was never mapped allocates nothing. */
	used = pt.pool_used;
	CHECK(pt_map(&pt, 100 * GiB, 1 * GiB, 0) == 0);
	CHECK(pt.pool_used == used);
}

static void test_table_reused_not_replaced(void)
{
	struct page_tables pt;
	size_t used;

	setup(&pt, 16);
	CHECK(pt_map(&pt, 8 * GiB + 4 * KiB, 4 * KiB, ATTRS_A) == 0);
	used = pt.pool_used;
	CHECK(pt_map(&pt, 8 * GiB, 1 * MiB, ATTRS_B) == 0);
	CHECK(pt.pool_used == used);
	CHECK(maps(&pt, 8 * GiB, ATTRS_B, 3));
	CHECK(maps(&pt, 8 * GiB + 4 * KiB, ATTRS_B, 3));
	CHECK(unmapped(&pt, 8 * GiB + 1 * MiB));
}

/* Issue 10 defect 1: a table made uniform again goes back to being a block. */
static void test_uniform_tables_collapse(void)
{
	struct page_tables pt;
	size_t used;

	setup(&pt, 16);
	CHECK(pt_map(&pt, 1 * GiB, 1 * GiB, ATTRS_A) == 0);
	used = pt.pool_used;
	watched_va = 1 * GiB + 6 * MiB;
	CHECK(pt_map(&pt, 1 * GiB + 6 * MiB + 8 * KiB, 4 * KiB, ATTRS_B) == 0);
	CHECK(pt.pool_used == used + 2); /* a level-2 and a level-3 table */
	CHECK(invalidate_all_count == 0);
	CHECK(pt_map(&pt, 1 * GiB + 6 * MiB + 8 * KiB, 4 * KiB, ATTRS_A) == 0);
	/* both collapse (break-before-make): the 1 GiB block is back */
	CHECK(maps(&pt, 1 * GiB + 6 * MiB + 8 * KiB, ATTRS_A, 1));
	CHECK(maps(&pt, 2 * GiB - 4 * KiB, ATTRS_A, 1));
	CHECK(pt.pool_used == used);
	CHECK(invalidate_all_count == 2 && watched_invalid_at_invalidate_all);
	/* a table whose entries all went away goes away too */
	CHECK(pt_map(&pt, 100 * GiB, 4 * KiB, ATTRS_A) == 0);
	CHECK(pt_map(&pt, 100 * GiB, 4 * KiB, 0) == 0);
	CHECK(pt.pool_used == used);
	/* contiguous but of different attributes, or not starting aligned: kept */
	CHECK(pt_map(&pt, 1 * GiB + 2 * MiB, 2 * MiB, ATTRS_B) == 0);
	CHECK(maps(&pt, 1 * GiB + 2 * MiB, ATTRS_B, 2) && maps(&pt, 1 * GiB, ATTRS_A, 2));
}

/* Part of a block set to what it already is: no split, no table, no TLB work. */
static void test_no_op_inside_block(void)
{
	struct page_tables pt;
	size_t used;

	setup(&pt, 16);
	CHECK(pt_map(&pt, 1 * GiB, 1 * GiB, ATTRS_A) == 0);
	used = pt.pool_used;
	CHECK(pt_map(&pt, 1 * GiB + 6 * MiB + 8 * KiB, 12 * KiB, ATTRS_A) == 0);
	CHECK(pt.pool_used == used && invalidation_count == 0 && invalidate_all_count == 0);
	CHECK(maps(&pt, 1 * GiB + 6 * MiB + 8 * KiB, ATTRS_A, 1));
}

/* LoadImage at random 2 MiB places, then UnloadImage, many times: the pool never drains. */
static void test_pool_survives_cycles(void)
{
	struct page_tables pt;
	uint64_t rng = 1;
	size_t used;

	setup(&pt, 8);
	CHECK(pt_map(&pt, 1 * GiB, 2 * GiB, ATTRS_A) == 0);
	used = pt.pool_used;
	for (int i = 0; i < 1000; i++) {
		uint64_t base, pages;

		rng = rng * 6364136223846793005ull + 1442695040888963407ull;
		base = 1 * GiB + (rng >> 33) % 1024 * 2 * MiB;
		pages = 1 + (rng >> 20) % 700;
		if (base + pages * 4 * KiB > 3 * GiB)
			continue;
		walker_off = i >= 50; /* a hook per page: the walker model checks the first rounds */
		CHECK(pt_map(&pt, base, 4 * KiB, ATTRS_B) == 0);               /* headers */
		CHECK(pt_map(&pt, base + 4 * KiB, pages * 4 * KiB, 0) == 0);    /* a hole */
		CHECK(pt_map(&pt, base, (pages + 1) * 4 * KiB, ATTRS_A) == 0); /* freed */
		CHECK(pt.pool_used == used);
	}
	CHECK(maps(&pt, 1 * GiB, ATTRS_A, 1) && maps(&pt, 2 * GiB, ATTRS_A, 1));
}

static void test_rejects(void)
{
	struct page_tables pt;

	setup(&pt, 16);
	CHECK(pt_map(&pt, 1 * GiB + 1, 4 * KiB, ATTRS_A) == -1);
	CHECK(pt_map(&pt, 1 * GiB, 4 * KiB + 1, ATTRS_A) == -1);
	CHECK(pt_map(&pt, 1 * GiB, 0, ATTRS_A) == -1);
	CHECK(pt_map(&pt, (1ull << 48) - 4 * KiB, 8 * KiB, ATTRS_A) == -1);
	CHECK(pt_map(&pt, 1 * GiB, UINT64_MAX - 4095, ATTRS_A) == -1);
	CHECK(pt_map(&pt, 1 * GiB, 4 * KiB, ATTRS_A | 0x1000) == -1); /* address bits */
	CHECK(pt_map(&pt, 1 * GiB, 4 * KiB, ATTRS_A | PTE_VALID) == -1); /* type bits */
	CHECK(pt_map(&pt, (1ull << 48) - 4 * KiB, 4 * KiB, ATTRS_A) == 0); /* last page */
	CHECK(maps(&pt, (1ull << 48) - 4 * KiB, ATTRS_A, 3));
}

static void test_pool_exhaustion(void)
{
	struct page_tables pt;

	setup(&pt, 3); /* root, one level-1 table, one level-2 table: no level 3 */
	CHECK(pt_map(&pt, 1 * GiB, 2 * MiB, ATTRS_A) == 0);
	CHECK(pt_map(&pt, 1 * GiB, 4 * KiB, ATTRS_B) == -1);
	CHECK(pt_init(&pt, pool, 4095,
		      (struct pt_hooks){ record_invalidate, record_invalidate_all, record_sync }) ==
	      -1);
}

int main(void)
{
	test_blocks_where_aligned();
	test_split_is_break_before_make();
	test_permission_change_in_place();
	test_in_place_changes_invalidated_once();
	test_unmap();
	test_table_reused_not_replaced();
	test_uniform_tables_collapse();
	test_pool_survives_cycles();
	test_no_op_inside_block();
	test_rejects();
	test_pool_exhaustion();
	/* the walker never saw a broken break-before-make or an unordered table */
	CHECK(bbm_violations == 0);
	CHECK(publish_violations == 0);
	CHECK(unpublished_makes == 0);
	free(pool);
	free(seen);
	return check_report("pagetable_test");
}
