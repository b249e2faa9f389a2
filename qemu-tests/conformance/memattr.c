/* SPDX-License-Identifier: MIT */
/*
 * EFI_MEMORY_ATTRIBUTE_PROTOCOL on pages this app allocated, including the way
 * EFI zboot and UKI loaders use it: write code, make it read-only, clear XP, run it.
 */
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

#define ACCESS_BITS (EFI_MEMORY_RP | EFI_MEMORY_XP | EFI_MEMORY_RO)

/* AArch64: mov w0, #42; ret */
static const uint32_t return_42[] = { 0x52800540, 0xd65f03c0 };

static struct efi_memory_attribute_protocol *proto;

static efi_status_t get(efi_physical_addr_t base, uint64_t pages, uint64_t *attrs)
{
	*attrs = ~0ull;
	return proto->get_memory_attributes(proto, base, pages * EFI_PAGE_SIZE, attrs);
}

static efi_status_t set(efi_physical_addr_t base, uint64_t attrs)
{
	return proto->set_memory_attributes(proto, base, EFI_PAGE_SIZE, attrs);
}

static efi_status_t clear(efi_physical_addr_t base, uint64_t attrs)
{
	return proto->clear_memory_attributes(proto, base, EFI_PAGE_SIZE, attrs);
}

/* Make freshly written instructions visible to instruction fetch. */
static void sync_code(const void *code, size_t len)
{
	for (uintptr_t p = (uintptr_t)code & ~63ull; p < (uintptr_t)code + len; p += 64)
		__asm__ volatile("dc cvau, %0" : : "r"(p) : "memory");
	__asm__ volatile("dsb ish" : : : "memory");
	for (uintptr_t p = (uintptr_t)code & ~63ull; p < (uintptr_t)code + len; p += 64)
		__asm__ volatile("ic ivau, %0" : : "r"(p) : "memory");
	__asm__ volatile("dsb ish; isb" : : : "memory");
}

static void test_read_only(efi_physical_addr_t page)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)page;
	uint64_t attrs;

	*p = 0x1234;
	t_status("memattr.get", get(page, 2, &attrs), EFI_SUCCESS);
	t_equal("memattr.fresh_pages_not_ro_rp", attrs & (EFI_MEMORY_RO | EFI_MEMORY_RP), 0);
	t_check("memattr.get_only_access_bits", (attrs & ~ACCESS_BITS) == 0,
		"attributes other than RP/XP/RO returned");
	if (!t_status("memattr.set_ro", set(page, EFI_MEMORY_RO), EFI_SUCCESS))
		return;
	get(page, 1, &attrs);
	t_check("memattr.ro_reported", attrs & EFI_MEMORY_RO, "RO not reported after set");
	t_equal("memattr.ro_page_readable", *p, 0x1234);
	t_status("memattr.mixed_range_no_mapping", get(page, 2, &attrs), EFI_NO_MAPPING);
	t_status("memattr.clear_ro", clear(page, EFI_MEMORY_RO), EFI_SUCCESS);
	get(page, 1, &attrs);
	t_equal("memattr.ro_cleared", attrs & EFI_MEMORY_RO, 0);
	*p = 0x5678;
	t_equal("memattr.writable_again", *p, 0x5678);
}

static void test_execute(efi_physical_addr_t page)
{
	uint32_t (*fn)(void) = (uint32_t (*)(void))(uintptr_t)page;
	uint64_t attrs;

	for (size_t i = 0; i < sizeof(return_42) / sizeof(return_42[0]); i++)
		((volatile uint32_t *)(uintptr_t)page)[i] = return_42[i];
	sync_code((const void *)(uintptr_t)page, sizeof(return_42));
	if (!t_status("memattr.set_ro_for_code", set(page, EFI_MEMORY_RO), EFI_SUCCESS))
		return;
	if (!t_status("memattr.clear_xp", clear(page, EFI_MEMORY_XP), EFI_SUCCESS))
		return;
	get(page, 1, &attrs);
	t_equal("memattr.code_page_ro_x", attrs, EFI_MEMORY_RO);
	t_equal("memattr.code_runs", fn(), 42);
	t_status("memattr.set_xp", set(page, EFI_MEMORY_XP), EFI_SUCCESS);
	get(page, 1, &attrs);
	t_equal("memattr.xp_reported", attrs, EFI_MEMORY_RO | EFI_MEMORY_XP);
	t_status("memattr.clear_ro_keeps_xp", clear(page, EFI_MEMORY_RO), EFI_SUCCESS);
	get(page, 1, &attrs);
	t_equal("memattr.data_page_again", attrs, EFI_MEMORY_XP);
}

static void test_read_protect(efi_physical_addr_t page)
{
	uint64_t attrs;

	if (!t_status("memattr.set_rp", set(page, EFI_MEMORY_RP), EFI_SUCCESS))
		return;
	get(page, 1, &attrs);
	t_check("memattr.rp_reported", attrs & EFI_MEMORY_RP, "RP not reported after set");
	t_status("memattr.clear_rp", clear(page, EFI_MEMORY_RP), EFI_SUCCESS);
	get(page, 1, &attrs);
	t_equal("memattr.rp_cleared", attrs & EFI_MEMORY_RP, 0);
}

static void test_errors(efi_physical_addr_t page)
{
	uint64_t attrs;

	t_status("memattr.get_zero_length",
		 proto->get_memory_attributes(proto, page, 0, &attrs), EFI_INVALID_PARAMETER);
	t_status("memattr.get_null_attributes",
		 proto->get_memory_attributes(proto, page, EFI_PAGE_SIZE, NULL),
		 EFI_INVALID_PARAMETER);
	t_status("memattr.set_zero_length",
		 proto->set_memory_attributes(proto, page, 0, EFI_MEMORY_RO),
		 EFI_INVALID_PARAMETER);
	t_status("memattr.set_no_attributes", set(page, 0), EFI_INVALID_PARAMETER);
	t_status("memattr.set_cacheability_invalid", set(page, EFI_MEMORY_WB),
		 EFI_INVALID_PARAMETER);
	t_status("memattr.clear_cacheability_invalid", clear(page, EFI_MEMORY_UC),
		 EFI_INVALID_PARAMETER);
	t_status2("memattr.set_unaligned", set(page + 16, EFI_MEMORY_RO), EFI_INVALID_PARAMETER,
		  EFI_UNSUPPORTED);
}

/*
 * FreePool of a large (whole-page) block made read-only gives the pages back
 * with the attributes of free memory, as FreePages does (issue 10 defect 5):
 * whoever gets them next can write them.
 */
static void test_freed_pool_reset(void)
{
	const uint64_t size = 3 * EFI_PAGE_SIZE;
	efi_physical_addr_t base, again;
	uint64_t attrs, pages;
	void *buf = NULL;

	if (!t_status("memattr.pool_allocate",
		      env.bs->allocate_pool(EFI_LOADER_DATA, size, &buf), EFI_SUCCESS))
		return;
	base = (uintptr_t)buf & ~(EFI_PAGE_SIZE - 1);
	pages = ((uintptr_t)buf + size - base + EFI_PAGE_SIZE - 1) / EFI_PAGE_SIZE;
	if (!t_status("memattr.pool_set_ro",
		      proto->set_memory_attributes(proto, base, pages * EFI_PAGE_SIZE,
						   EFI_MEMORY_RO),
		      EFI_SUCCESS))
		return;
	t_status("memattr.pool_free_ro", env.bs->free_pool(buf), EFI_SUCCESS);
	again = base;
	if (!t_status("memattr.pool_pages_free_again",
		      env.bs->allocate_pages(EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, pages, &again),
		      EFI_SUCCESS))
		return;
	t_status("memattr.pool_pages_get", get(base, pages, &attrs), EFI_SUCCESS);
	t_equal("memattr.freed_pool_not_ro", attrs & (EFI_MEMORY_RO | EFI_MEMORY_RP), 0);
	env.bs->free_pages(again, pages);
}

/* The page this code runs from can be neither execute- nor read-protected. */
static void test_own_code(void)
{
	uint64_t attrs;
	efi_physical_addr_t page = (uintptr_t)efi_main & ~(EFI_PAGE_SIZE - 1);

	if (t_status("memattr.get_own_code", get(page, 1, &attrs), EFI_SUCCESS))
		t_equal("memattr.own_code_executable", attrs & (EFI_MEMORY_XP | EFI_MEMORY_RP), 0);
}

void test_memory_attributes(void)
{
	static const efi_guid_t guid = EFI_MEMORY_ATTRIBUTE_PROTOCOL_GUID;
	efi_physical_addr_t pages = 0;

	if (env.bs->locate_protocol(&guid, NULL, (void **)&proto) != EFI_SUCCESS) {
		t_skip("memattr.protocol", "EFI_MEMORY_ATTRIBUTE_PROTOCOL not installed");
		return;
	}
	if (!t_status("memattr.allocate",
		      env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 2, &pages),
		      EFI_SUCCESS))
		return;
	test_own_code();
	test_read_only(pages);
	test_execute(pages + EFI_PAGE_SIZE);
	test_read_protect(pages);
	test_errors(pages);
	env.bs->free_pages(pages, 2);
	test_freed_pool_reset();
}
