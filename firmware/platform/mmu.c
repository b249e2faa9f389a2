/*
 * The RAM page tables (ASID_RAM). They are built while the preliminary flash
 * tables (ASID_BOOT) are live and then switched to: all mappings are
 * non-global, so the two sets never share TLB entries and the switch needs no
 * break-before-make. Later changes to the live tables go through pagetable.c,
 * which does break-before-make where the architecture requires it.
 */
#include "firmware/platform/mmu.h"

#include <stdbool.h>

#include "firmware/platform/arch.h"
#include "firmware/platform/layout.h"
#include "firmware/platform/pagetable.h"
#include "firmware/platform/sysreg.h"

#define PAGE_MASK (PT_PAGE_SIZE - 1)
#define MMU_ATTR_ALL (MMU_ATTR_RP | MMU_ATTR_XP | MMU_ATTR_RO)

static struct page_tables tables;
static bool tables_ready;

static void tlb_invalidate_va(uint64_t va)
{
	uint64_t operand = (uint64_t)ASID_RAM << TTBR_ASID_SHIFT | (va >> 12 & 0xfffffffffff);

	dsb(ishst);
	__asm__ volatile("tlbi vae1is, %0" : : "r"(operand) : "memory");
	dsb(ish);
}

static void tables_sync(void)
{
	dsb(ishst);
	isb();
}

static int tables_get(void)
{
	const struct pt_hooks hooks = { tlb_invalidate_va, tables_sync };

	if (tables_ready)
		return 0;
	if (pt_init(&tables, __pt_pool_start, (size_t)(__pt_pool_end - __pt_pool_start), hooks))
		return -1;
	tables_ready = true;
	return 0;
}

static uint64_t pte_from_attrs(uint64_t attrs)
{
	uint64_t pte = PTE_NORMAL;

	if (attrs & MMU_ATTR_RO)
		pte |= PTE_AP_RO;
	if (attrs & MMU_ATTR_XP)
		pte |= PTE_PXN;
	/* No read-protect bit exists: a clear access flag faults every access. */
	if (attrs & MMU_ATTR_RP)
		pte &= ~(uint64_t)PTE_AF;
	return pte;
}

/* SCTLR.WXN makes every writable mapping execute-never: report that too. */
static uint64_t attrs_from_pte(uint64_t pte)
{
	uint64_t attrs = 0;

	if (pte & PTE_AP_RO)
		attrs |= MMU_ATTR_RO;
	if (pte & PTE_PXN || !(pte & PTE_AP_RO))
		attrs |= MMU_ATTR_XP;
	if (!(pte & PTE_AF))
		attrs |= MMU_ATTR_RP;
	return attrs;
}

static bool is_normal(uint64_t pte)
{
	return pte && (pte & PTE_ATTR_INDEX(7)) == PTE_ATTR_INDEX(MAIR_NORMAL_INDEX);
}

static bool range_ok(uint64_t base, uint64_t size)
{
	return size && !((base | size) & PAGE_MASK) && base < (1ull << PT_VA_BITS) &&
	       size <= (1ull << PT_VA_BITS) - base;
}

/* True if every leaf in the (valid) range is mapped and accepted by `want`. */
static bool range_all(uint64_t base, uint64_t size, bool (*want)(uint64_t pte))
{
	uint64_t va = base, end = base + size, leaf_end;

	while (va < end) {
		if (!want(pt_lookup(&tables, va, &leaf_end)))
			return false;
		va = leaf_end;
	}
	return true;
}

static bool overlaps(uint64_t base, uint64_t size, uint64_t start, uint64_t end)
{
	return base < end && start < base + size;
}

static bool is_unmapped_or_device(uint64_t pte)
{
	return !is_normal(pte);
}

static bool is_unmapped_or_normal(uint64_t pte)
{
	return !pte || is_normal(pte);
}

int mmu_map_device(uint64_t base, uint64_t size)
{
	uint64_t start = base & ~PAGE_MASK, end;

	if (!size || size > UINT64_MAX - PAGE_MASK - base || tables_get())
		return -1;
	end = (base + size + PAGE_MASK) & ~PAGE_MASK;
	if (!range_ok(start, end - start) || !range_all(start, end - start, is_unmapped_or_device))
		return -1;
	return pt_map(&tables, start, end - start, PTE_DEVICE);
}

static unsigned pa_bits(void)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48 };
	uint64_t range = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return range < sizeof(bits) ? bits[range] : 48;
}

/* DT memory, trimmed to whole pages; never the flash or MMIO space below DRAM_BASE. */
static int map_dram(const struct mmu_region *ram, size_t count)
{
	uint64_t limit = 1ull << pa_bits();

	for (size_t i = 0; i < count; i++) {
		uint64_t start, end;

		if (ram[i].base < DRAM_BASE || ram[i].base > limit ||
		    ram[i].size > limit - ram[i].base)
			return -1;
		start = (ram[i].base + PAGE_MASK) & ~PAGE_MASK;
		end = (ram[i].base + ram[i].size) & ~PAGE_MASK;
		if (end <= start)
			continue; /* less than a page */
		if (!range_all(start, end - start, is_unmapped_or_normal) ||
		    pt_map(&tables, start, end - start, pte_from_attrs(MMU_ATTR_XP)))
			return -1;
	}
	return 0;
}

static int map_span(char *start, char *end, uint64_t attrs)
{
	uint64_t base = (uint64_t)(uintptr_t)start;

	if (end == start)
		return 0;
	return pt_map(&tables, base, (uint64_t)(end - start), attrs);
}

/*
 * The firmware's own memory, over whatever DRAM mapping covers it: code
 * read-only executable, everything else execute-never, the DTB read-only and
 * the page below the stack unmapped so an overflow faults.
 */
static int map_firmware(void)
{
	char *flash = (char *)(uintptr_t)FLASH_BASE, *dtb = (char *)(uintptr_t)DTB_BASE;

	if (map_span(flash, __text_end, pte_from_attrs(MMU_ATTR_RO)) ||
	    map_span(__text_end, flash + FLASH_SIZE, pte_from_attrs(MMU_ATTR_RO | MMU_ATTR_XP)) ||
	    map_span(dtb, dtb + DTB_MAX_SIZE, pte_from_attrs(MMU_ATTR_RO | MMU_ATTR_XP)) ||
	    map_span(__fw_ram_start, __stack_bottom, 0) ||
	    map_span(__stack_bottom, __rt_start, pte_from_attrs(MMU_ATTR_XP)) ||
	    map_span(__rt_start, __rt_text_end, pte_from_attrs(MMU_ATTR_RO)) ||
	    map_span(__rt_text_end, __fw_ram_end, pte_from_attrs(MMU_ATTR_XP)))
		return -1;
	/* start.S copied the runtime code with data writes. */
	cache_sync_code(__rt_start, (size_t)(__rt_text_end - __rt_start));
	return 0;
}

int mmu_init(const struct mmu_region *ram, size_t count)
{
	uint64_t root;

	if (tables_get() || map_dram(ram, count) || map_firmware())
		return -1;
	root = (uint64_t)(uintptr_t)tables.root;
	dsb(ish);
	write_sysreg(ttbr0_el1, root | (uint64_t)ASID_RAM << TTBR_ASID_SHIFT);
	isb();
	/* The boot ASID is never used again: drop its entries. */
	__asm__ volatile("tlbi aside1is, %0" : : "r"((uint64_t)ASID_BOOT << TTBR_ASID_SHIFT) : "memory");
	dsb(ish);
	isb();
	return 0;
}

static bool in_firmware_ram(uint64_t base, uint64_t size)
{
	return overlaps(base, size, FW_RAM_BASE, (uint64_t)(uintptr_t)__fw_ram_end);
}

int mmu_set_attributes(uint64_t base, uint64_t size, uint64_t attrs)
{
	if (!tables_ready || !range_ok(base, size) || base < DRAM_BASE || attrs & ~MMU_ATTR_ALL ||
	    in_firmware_ram(base, size) || !range_all(base, size, is_normal))
		return -1;
	return pt_map(&tables, base, size, pte_from_attrs(attrs));
}

uint64_t mmu_get_attributes(uint64_t base, uint64_t size)
{
	uint64_t va = base, end = base + size, leaf_end, attrs = UINT64_MAX;

	if (!tables_ready || !range_ok(base, size))
		return UINT64_MAX;
	while (va < end) {
		uint64_t pte = pt_lookup(&tables, va, &leaf_end);

		if (!pte || (attrs != UINT64_MAX && attrs != attrs_from_pte(pte)))
			return UINT64_MAX;
		attrs = attrs_from_pte(pte);
		va = leaf_end;
	}
	return attrs;
}

void cache_sync_code(const void *p, size_t size)
{
	uint64_t ctr = read_sysreg(ctr_el0);
	uint64_t dline = 4ull << (ctr >> 16 & 0xf), iline = 4ull << (ctr & 0xf);
	uint64_t start = (uint64_t)(uintptr_t)p, end = start + size;

	for (uint64_t a = start & ~(dline - 1); a < end; a += dline)
		__asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
	dsb(ish);
	for (uint64_t a = start & ~(iline - 1); a < end; a += iline)
		__asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
	dsb(ish);
	isb();
}
