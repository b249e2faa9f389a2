#include "firmware/platform/pagetable.h"

#include <stdbool.h>
#include <string.h>

#include "firmware/platform/arch.h"

#define PTE_TYPE_MASK 0x3ull
#define LAST_LEVEL 3

static unsigned level_shift(int level)
{
	return 12 + 9 * (LAST_LEVEL - level);
}

static uint64_t level_span(int level)
{
	return 1ull << level_shift(level);
}

static size_t level_index(uint64_t va, int level)
{
	return (va >> level_shift(level)) & 511;
}

static bool is_table(uint64_t desc, int level)
{
	return level < LAST_LEVEL && (desc & PTE_TYPE_MASK) == PTE_TABLE;
}

static uint64_t *table_of(uint64_t desc)
{
	return (uint64_t *)(uintptr_t)(desc & PTE_ADDR_MASK);
}

static uint64_t leaf_desc(uint64_t va, int level, uint64_t attrs)
{
	if (!attrs)
		return 0;
	return va | attrs | (level == LAST_LEVEL ? PTE_PAGE : PTE_BLOCK);
}

static uint64_t *alloc_table(struct page_tables *pt)
{
	uint64_t *table;

	if (pt->free_list) {
		table = pt->free_list;
		pt->free_list = (uint64_t *)(uintptr_t)table[0];
	} else if (pt->pool_next < pt->pool_pages) {
		table = pt->pool[pt->pool_next++];
	} else {
		return NULL;
	}
	pt->pool_used++;
	memset(table, 0, PT_PAGE_SIZE);
	return table;
}

static void free_table(struct page_tables *pt, uint64_t *table)
{
	table[0] = (uint64_t)(uintptr_t)pt->free_list;
	pt->free_list = table;
	pt->pool_used--;
}

int pt_init(struct page_tables *pt, void *pool, size_t pool_bytes, struct pt_hooks hooks)
{
	pt->pool = pool;
	pt->pool_pages = pool_bytes / PT_PAGE_SIZE;
	pt->pool_used = 0;
	pt->pool_next = 0;
	pt->free_list = NULL;
	pt->hooks = hooks;
	pt->stale_count = 0;
	pt->root = alloc_table(pt);
	return pt->root ? 0 : -1;
}

/*
 * Break-before-make, as the architecture spells it out: the invalid entry,
 * DSB, TLB invalidation, DSB (the invalidate hooks), then the new entry and
 * a DSB (sync), so that each replacement is complete before the tables
 * change any further. make: 0 leaves the entry invalid.
 */
static void break_before_make(struct page_tables *pt, uint64_t *pte, uint64_t va, bool all,
			      uint64_t make)
{
	*pte = 0;
	if (all)
		pt->hooks.invalidate_all();
	else
		pt->hooks.invalidate(va);
	if (!make)
		return;
	*pte = make;
	pt->hooks.sync();
}

/* An entry changed in place: its TLB entries go when pt_map() returns. */
static void note_stale(struct page_tables *pt, uint64_t va)
{
	if (pt->stale_count < PT_STALE_MAX)
		pt->stale_va[pt->stale_count] = va;
	if (pt->stale_count <= PT_STALE_MAX)
		pt->stale_count++;
}

/*
 * The TLB invalidation owed for the in-place changes of one pt_map() call:
 * until it, a CPU may use either the old or the new permissions, which the
 * architecture allows for a permission change; the caller sees only the new.
 */
static void flush_stale(struct page_tables *pt)
{
	if (pt->stale_count > PT_STALE_MAX)
		pt->hooks.invalidate_all();
	else
		for (size_t i = 0; i < pt->stale_count; i++)
			pt->hooks.invalidate(pt->stale_va[i]);
	pt->stale_count = 0;
}

/*
 * Replaces a live descriptor. Changing only permissions or the access flag
 * may be done in place (invalidated later, by flush_stale()); anything else
 * (memory type, block -> table) needs break-before-make so the TLB never
 * holds two conflicting entries.
 */
static void replace_desc(struct page_tables *pt, uint64_t *pte, uint64_t va, uint64_t desc)
{
	const uint64_t in_place = PTE_AP_RO | PTE_AF | PTE_PXN;
	uint64_t old = *pte;

	if (old == desc)
		return;
	if (!(old & PTE_VALID)) {
		*pte = desc;
		return;
	}
	if (!(desc & PTE_VALID) || (old ^ desc) & ~in_place) {
		break_before_make(pt, pte, va, false, desc);
		return;
	}
	*pte = desc;
	note_stale(pt, va);
}

/* The next-level table under *pte, made from an empty or block entry if needed. */
static uint64_t *descend(struct page_tables *pt, uint64_t *pte, uint64_t va, int level)
{
	uint64_t old = *pte, sub_span = level_span(level + 1);
	uint64_t block_va = va & ~(level_span(level) - 1);
	uint64_t *table;

	if (is_table(old, level))
		return table_of(old);
	table = alloc_table(pt);
	if (!table)
		return NULL;
	if (old & PTE_VALID) {
		uint64_t attrs = old & ~(PTE_ADDR_MASK | PTE_TYPE_MASK);

		for (size_t i = 0; i < 512; i++)
			table[i] = leaf_desc(block_va + i * sub_span, level + 1, attrs);
	}
	/*
	 * Its entries reach the walker before the pointer to it does: a reused
	 * table still holds the valid entries of a collapsed one, which a walk
	 * through the new pointer must never see.
	 */
	pt->hooks.sync();
	replace_desc(pt, pte, block_va, (uint64_t)(uintptr_t)table | PTE_TABLE);
	return table;
}

static int map_level(struct page_tables *pt, uint64_t *table, int level, uint64_t va,
		     uint64_t end, uint64_t attrs);

/*
 * The one descriptor that can stand for the whole level-(level + 1) table
 * sub: 0 if every entry is 0, a level-`level` block if the entries map one
 * contiguous, aligned range with the same attributes; UINT64_MAX if none
 * can (mixed entries, a sub-table, or no blocks at this level).
 */
static uint64_t uniform_desc(const uint64_t *sub, int level)
{
	uint64_t first = sub[0], sub_span = level_span(level + 1);

	if (!first) {
		for (size_t i = 1; i < 512; i++)
			if (sub[i])
				return UINT64_MAX;
		return 0;
	}
	if (level < 1 || !(first & PTE_VALID) || is_table(first, level + 1) ||
	    (first & PTE_ADDR_MASK & (level_span(level) - 1)))
		return UINT64_MAX;
	for (size_t i = 1; i < 512; i++)
		if (sub[i] != first + i * sub_span)
			return UINT64_MAX;
	return (first & ~PTE_TYPE_MASK) | PTE_BLOCK;
}

/*
 * Puts a uniform table back into its parent entry as one descriptor and
 * frees it. Replacing a table by a block changes the translation size, so
 * break-before-make, with every cached entry of the old table (walk caches
 * included) dropped before the block is written; the table is reused only
 * once no walk can reach it.
 */
static void collapse(struct page_tables *pt, uint64_t *pte, int level)
{
	uint64_t *sub = table_of(*pte), desc = uniform_desc(sub, level);

	if (desc == UINT64_MAX)
		return;
	break_before_make(pt, pte, 0, true, desc);
	free_table(pt, sub);
}

/* Maps [va, chunk_end), which lies within the one entry *pte of a level-`level` table. */
static int map_entry(struct page_tables *pt, uint64_t *pte, int level, uint64_t va,
		     uint64_t chunk_end, uint64_t attrs)
{
	uint64_t span = level_span(level);
	bool whole = (va & (span - 1)) == 0 && chunk_end - va == span;
	uint64_t *sub;

	if (!attrs && !(*pte & PTE_VALID))
		return 0; /* unmapping what is not mapped */
	if (attrs && (*pte & PTE_VALID) && !is_table(*pte, level) &&
	    (*pte & ~(PTE_ADDR_MASK | PTE_TYPE_MASK)) == attrs)
		return 0; /* a block that already maps it so: no split (identity map) */
	if (level == LAST_LEVEL || (level > 0 && whole && !is_table(*pte, level))) {
		replace_desc(pt, pte, va, leaf_desc(va, level, attrs));
		return 0;
	}
	sub = descend(pt, pte, va, level);
	if (!sub || map_level(pt, sub, level + 1, va, chunk_end, attrs))
		return -1;
	collapse(pt, pte, level);
	return 0;
}

static int map_level(struct page_tables *pt, uint64_t *table, int level, uint64_t va,
		     uint64_t end, uint64_t attrs)
{
	uint64_t span = level_span(level);

	while (va < end) {
		uint64_t next = (va & ~(span - 1)) + span;
		uint64_t chunk_end = next < end ? next : end;

		if (map_entry(pt, &table[level_index(va, level)], level, va, chunk_end, attrs))
			return -1;
		va = chunk_end;
	}
	return 0;
}

int pt_map(struct page_tables *pt, uint64_t base, uint64_t size, uint64_t attrs)
{
	const uint64_t limit = 1ull << PT_VA_BITS;
	int ret;

	if ((base | size) & (PT_PAGE_SIZE - 1) || !size || base > limit || size > limit - base)
		return -1;
	if (attrs & (PTE_ADDR_MASK | PTE_TYPE_MASK))
		return -1;
	ret = map_level(pt, pt->root, 0, base, base + size, attrs);
	flush_stale(pt);
	pt->hooks.sync();
	return ret;
}

uint64_t pt_lookup(const struct page_tables *pt, uint64_t va, uint64_t *leaf_end)
{
	const uint64_t *table = pt->root;

	if (va >> PT_VA_BITS) {
		*leaf_end = UINT64_MAX;
		return 0;
	}
	for (int level = 0;; level++) {
		uint64_t desc = table[level_index(va, level)];
		uint64_t span = level_span(level);

		if (!is_table(desc, level)) {
			*leaf_end = (va & ~(span - 1)) + span;
			return desc & PTE_VALID ? desc & ~(PTE_ADDR_MASK | PTE_TYPE_MASK) : 0;
		}
		table = table_of(desc);
	}
}
