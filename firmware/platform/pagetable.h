/*
 * VMSAv8-64 translation tables, 4 KiB granule, 4 levels, identity mapped, as
 * plain data structure code: it runs on the host in unit tests. The CPU side
 * (TLB maintenance, barriers) comes in through hooks.
 */
#ifndef EFILITE_PLATFORM_PAGETABLE_H
#define EFILITE_PLATFORM_PAGETABLE_H
#include <stddef.h>
#include <stdint.h>

#define PT_PAGE_SIZE 4096ull
#define PT_VA_BITS 48

struct pt_hooks {
	/* A live descriptor covering va changed: drop its TLB entries. */
	void (*invalidate)(uint64_t va);
	/* A table was replaced by a block: drop every TLB and walk-cache entry. */
	void (*invalidate_all)(void);
	/*
	 * Makes the descriptor writes so far visible to the table walker: after
	 * each break-before-make's new entry, before a new table is pointed to,
	 * and at the end of a change.
	 */
	void (*sync)(void);
};

/*
 * Permission changes made in place are invalidated once, when pt_map()
 * returns: one address at a time up to this many, else the whole address
 * space (LoadImage sets the permissions of thousands of pages; each TLBI is
 * a full TLB flush under QEMU TCG when it falls in a block mapping).
 */
#define PT_STALE_MAX 8

struct page_tables {
	uint64_t *root;
	uint64_t (*pool)[512];
	size_t pool_pages;
	size_t pool_used;    /* tables in use */
	size_t pool_next;    /* pool pages ever handed out */
	uint64_t *free_list; /* reclaimed tables, linked through their first entry */
	struct pt_hooks hooks;
	uint64_t stale_va[PT_STALE_MAX]; /* changed in place, not invalidated yet */
	size_t stale_count;              /* > PT_STALE_MAX: too many, invalidate all */
};

/* pool: page aligned, pool_bytes a multiple of 4 KiB. 0, or -1 if no room for a root. */
int pt_init(struct page_tables *pt, void *pool, size_t pool_bytes, struct pt_hooks hooks);
/*
 * Maps [base, base + size) with leaf descriptor attributes `attrs` (all bits
 * but the type and the address), or unmaps it if attrs is 0. Uses 1 GiB and
 * 2 MiB blocks where the range covers them, splits blocks it partly changes,
 * and turns a table it changed back into a block (or nothing) once all its
 * entries are one uniform mapping (or none): the pool does not drain as
 * ranges are changed and changed back.
 * Page-aligned, non-empty ranges below 2^48 only; 0 or -1 (bad range, pool
 * exhausted: the part already mapped stays mapped).
 */
int pt_map(struct page_tables *pt, uint64_t base, uint64_t size, uint64_t attrs);
/*
 * The leaf descriptor covering va: its attributes (0 if unmapped) and the end
 * of the range it covers, so callers can step from leaf to leaf.
 */
uint64_t pt_lookup(const struct page_tables *pt, uint64_t va, uint64_t *leaf_end);
#endif
