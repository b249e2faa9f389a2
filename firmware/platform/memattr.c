#include "firmware/platform/memattr.h"

#include <stdbool.h>

#include "firmware/platform/arch.h"
#include "firmware/platform/layout.h"

#define PAGE_MASK (PT_PAGE_SIZE - 1)
#define MMU_ATTR_ALL (MMU_ATTR_RP | MMU_ATTR_XP | MMU_ATTR_RO | MMU_ATTR_GP)

uint64_t memattr_to_pte(uint64_t attrs)
{
	uint64_t pte = PTE_NORMAL;

	if (attrs & MMU_ATTR_RO)
		pte |= PTE_AP_RO;
	if (attrs & MMU_ATTR_XP)
		pte |= PTE_PXN;
	if (attrs & MMU_ATTR_GP)
		pte |= PTE_GP;
	/* No read-protect bit exists: a clear access flag faults every access. */
	if (attrs & MMU_ATTR_RP)
		pte &= ~(uint64_t)PTE_AF;
	return pte;
}

uint64_t memattr_from_pte(uint64_t pte, bool wxn)
{
	uint64_t attrs = 0;

	if (pte & PTE_AP_RO)
		attrs |= MMU_ATTR_RO;
	if (pte & PTE_PXN || (wxn && !(pte & PTE_AP_RO)))
		attrs |= MMU_ATTR_XP;
	if (!(pte & PTE_AF))
		attrs |= MMU_ATTR_RP;
	if (pte & PTE_GP)
		attrs |= MMU_ATTR_GP;
	return attrs;
}

static bool is_normal(uint64_t pte)
{
	return pte && (pte & PTE_ATTR_INDEX(7)) == PTE_ATTR_INDEX(MAIR_NORMAL_INDEX);
}

static bool is_unmapped_or_device(uint64_t pte)
{
	return !is_normal(pte);
}

static bool is_unmapped_or_normal(uint64_t pte)
{
	return !pte || is_normal(pte);
}

static bool range_ok(uint64_t base, uint64_t size)
{
	const uint64_t limit = 1ull << PT_VA_BITS;

	return size && !((base | size) & PAGE_MASK) && base < limit && size <= limit - base;
}

/* True if every leaf in the (valid) range is accepted by `want`. */
static bool range_all(const struct page_tables *pt, uint64_t base, uint64_t size,
		      bool (*want)(uint64_t pte))
{
	uint64_t va = base, end = base + size, leaf_end;

	while (va < end) {
		if (!want(pt_lookup(pt, va, &leaf_end)))
			return false;
		va = leaf_end;
	}
	return true;
}

int memattr_map_device(struct page_tables *pt, uint64_t base, uint64_t size)
{
	uint64_t start = base & ~PAGE_MASK, end;

	if (!size || size > UINT64_MAX - PAGE_MASK - base)
		return -1;
	end = (base + size + PAGE_MASK) & ~PAGE_MASK;
	if (!range_ok(start, end - start) ||
	    !range_all(pt, start, end - start, is_unmapped_or_device))
		return -1;
	return pt_map(pt, start, end - start, PTE_DEVICE);
}

int memattr_map_ram(struct page_tables *pt, const struct mmu_region *ram, size_t count,
		    uint64_t pa_limit)
{
	for (size_t i = 0; i < count; i++) {
		uint64_t start, end;

		if (ram[i].base < DRAM_BASE || ram[i].base > pa_limit ||
		    ram[i].size > pa_limit - ram[i].base)
			return -1;
		start = (ram[i].base + PAGE_MASK) & ~PAGE_MASK;
		end = (ram[i].base + ram[i].size) & ~PAGE_MASK;
		if (end <= start)
			continue; /* less than a page */
		if (!range_all(pt, start, end - start, is_unmapped_or_normal) ||
		    pt_map(pt, start, end - start, memattr_to_pte(MMU_ATTR_XP)))
			return -1;
	}
	return 0;
}

int memattr_set(struct page_tables *pt, uint64_t base, uint64_t size, uint64_t attrs,
		uint64_t protected_start, uint64_t protected_end)
{
	if (!range_ok(base, size) || base < DRAM_BASE || attrs & ~MMU_ATTR_ALL)
		return -1;
	if (base < protected_end && protected_start < base + size)
		return -1;
	if (!range_all(pt, base, size, is_normal))
		return -1;
	return pt_map(pt, base, size, memattr_to_pte(attrs));
}

/* Normal memory that neither faults a read (access flag) nor a write (read-only). */
static bool is_writable_normal(uint64_t pte)
{
	return is_normal(pte) && (pte & PTE_AF) && !(pte & PTE_AP_RO);
}

bool memattr_writable(const struct page_tables *pt, uint64_t base, uint64_t size)
{
	return range_ok(base, size) && range_all(pt, base, size, is_writable_normal);
}

uint64_t memattr_get(const struct page_tables *pt, uint64_t base, uint64_t size, bool wxn)
{
	uint64_t va = base, end = base + size, leaf_end, attrs = UINT64_MAX;

	if (!range_ok(base, size))
		return UINT64_MAX;
	while (va < end) {
		uint64_t pte = pt_lookup(pt, va, &leaf_end);

		if (!pte || (attrs != UINT64_MAX && attrs != memattr_from_pte(pte, wxn)))
			return UINT64_MAX;
		attrs = memattr_from_pte(pte, wxn);
		va = leaf_end;
	}
	return attrs;
}
