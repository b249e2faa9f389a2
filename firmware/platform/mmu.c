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
#include "firmware/platform/cache_info.h"
#include "firmware/platform/hardening.h"
#include "firmware/platform/layout.h"
#include "firmware/platform/memattr.h"
#include "firmware/platform/pagetable.h"
#include "firmware/platform/sysreg.h"

static struct page_tables tables;
static bool tables_ready;
static bool wxn = true; /* SCTLR.WXN: writable is never executable */

static void tlb_invalidate_va(uint64_t va)
{
	uint64_t operand = (uint64_t)ASID_RAM << TTBR_ASID_SHIFT | (va >> 12 & 0xfffffffffff);

	dsb(ishst);
	__asm__ volatile("tlbi vae1is, %0" : : "r"(operand) : "memory");
	dsb(ish);
}

static void tlb_invalidate_all(void)
{
	dsb(ishst);
	__asm__ volatile("tlbi aside1is, %0" : : "r"((uint64_t)ASID_RAM << TTBR_ASID_SHIFT) : "memory");
	dsb(ish);
}

static void tables_sync(void)
{
	dsb(ishst);
	isb();
}

static int tables_get(void)
{
	const struct pt_hooks hooks = { tlb_invalidate_va, tlb_invalidate_all, tables_sync };

	if (tables_ready)
		return 0;
	if (pt_init(&tables, __pt_pool_start, (size_t)(__pt_pool_end - __pt_pool_start), hooks))
		return -1;
	tables_ready = true;
	return 0;
}

int mmu_map_device(uint64_t base, uint64_t size)
{
	if (tables_get())
		return -1;
	return memattr_map_device(&tables, base, size);
}

static unsigned pa_bits(void)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48 };
	uint64_t range = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return range < sizeof(bits) ? bits[range] : 48;
}

uint64_t mmu_pa_limit(void)
{
	return 1ull << pa_bits();
}

/* Addresses as integers: flash starts at 0, where C pointer arithmetic is undefined. */
static int map_span(const void *start, const void *end, uint64_t attrs)
{
	uint64_t base = (uint64_t)(uintptr_t)start, limit = (uint64_t)(uintptr_t)end;

	if (limit == base)
		return 0;
	return pt_map(&tables, base, limit - base, attrs);
}

/*
 * The firmware's own memory, over whatever DRAM mapping covers it: code
 * read-only executable, rodata read-only, everything else execute-never
 * (flash too: only the first stage ran there), the DTB read-only and the
 * page below the stack unmapped so an overflow faults. The code is built
 * with BTI landing pads: its pages are guarded where the CPU has BTI.
 */
static int map_firmware(void)
{
	const void *flash = (const void *)(uintptr_t)FLASH_BASE;
	const void *flash_end = (const void *)(uintptr_t)(FLASH_BASE + FLASH_SIZE);
	const void *dtb = (const void *)(uintptr_t)DTB_BASE;
	const void *dtb_end = (const void *)(uintptr_t)(DTB_BASE + DTB_MAX_SIZE);
	uint64_t code = memattr_to_pte(MMU_ATTR_RO) | (hardening_bti() ? PTE_GP : 0);

	if (map_span(flash, flash_end, memattr_to_pte(MMU_ATTR_RO | MMU_ATTR_XP)) ||
	    map_span(dtb, dtb_end, memattr_to_pte(MMU_ATTR_RO | MMU_ATTR_XP)) ||
	    map_span(__fw_ram_start, __stack_bottom, 0) ||
	    map_span(__stack_bottom, __image_start, memattr_to_pte(MMU_ATTR_XP)) ||
	    map_span(__image_start, __text_end, code) ||
	    map_span(__text_end, __rt_start, memattr_to_pte(MMU_ATTR_RO | MMU_ATTR_XP)) ||
	    map_span(__rt_start, __rt_text_end, code) ||
	    map_span(__rt_text_end, __fw_ram_end, memattr_to_pte(MMU_ATTR_XP)))
		return -1;
	/* The first stage wrote the runtime code with data writes and cleaned only [image, __text_end). */
	cache_sync_code(__rt_start, (size_t)(__rt_text_end - __rt_start));
	return 0;
}

int mmu_init(const struct mmu_region *ram, size_t count)
{
	uint64_t root;

	if (tables_get() || memattr_map_ram(&tables, ram, count, mmu_pa_limit()) ||
	    map_firmware())
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

int mmu_set_attributes(uint64_t base, uint64_t size, uint64_t attrs)
{
	if (!tables_ready)
		return -1;
	return memattr_set(&tables, base, size, attrs, FW_RAM_BASE,
			   (uint64_t)(uintptr_t)__fw_ram_end);
}

uint64_t mmu_get_attributes(uint64_t base, uint64_t size)
{
	if (!tables_ready)
		return UINT64_MAX;
	return memattr_get(&tables, base, size, wxn);
}

bool mmu_ram_writable(uint64_t base, uint64_t size)
{
	uint64_t start = base & ~(uint64_t)(PT_PAGE_SIZE - 1), end;

	if (!tables_ready || !size || size > UINT64_MAX - PT_PAGE_SIZE - base)
		return false;
	end = (base + size + PT_PAGE_SIZE - 1) & ~(uint64_t)(PT_PAGE_SIZE - 1);
	return memattr_writable(&tables, start, end - start);
}

#define SCTLR_WXN (1ull << 19)

void mmu_allow_write_exec(void)
{
	if (!wxn)
		return;
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_WXN);
	isb();
	/* TLB entries may hold the WXN-derived permission: drop this ASID's. */
	dsb(ishst);
	__asm__ volatile("tlbi aside1is, %0" : : "r"((uint64_t)ASID_RAM << TTBR_ASID_SHIFT) : "memory");
	dsb(ish);
	isb();
	wxn = false;
}

void mmu_pool_usage(size_t *used, size_t *total)
{
	*used = tables_ready ? tables.pool_used : 0;
	*total = (size_t)(__pt_pool_end - __pt_pool_start) / PT_PAGE_SIZE;
}

/*
 * The cleaning is left out where the cache ID registers say it is not needed
 * (cache_info.h: on QEMU's max CPU, a Linux kernel's 20 MB of text is 330,000
 * DC CVAU fewer), the invalidation where CTR_EL0.DIC says so. Past a few
 * pages one IC IALLUIS is cheaper than invalidating a kernel's text line by
 * line.
 */
#define CTR_DIC (1ull << 29)
#define IC_BY_LINE_MAX (64u * 1024u)

void cache_sync_code(const void *p, size_t size)
{
	uint64_t ctr = read_sysreg(ctr_el0);
	uint64_t dline = 4ull << (ctr >> 16 & 0xf), iline = 4ull << (ctr & 0xf);
	uint64_t start = (uint64_t)(uintptr_t)p, end = start + size;

	if (cache_clean_to_pou_needed(ctr, read_sysreg(clidr_el1)))
		for (uint64_t a = start & ~(dline - 1); a < end; a += dline)
			__asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
	dsb(ish);
	if (!(ctr & CTR_DIC)) {
		if (size > IC_BY_LINE_MAX)
			__asm__ volatile("ic ialluis" : : : "memory");
		else
			for (uint64_t a = start & ~(iline - 1); a < end; a += iline)
				__asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
		dsb(ish);
	}
	isb();
}
