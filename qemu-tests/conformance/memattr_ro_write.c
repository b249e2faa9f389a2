/* SPDX-License-Identifier: MIT */
/*
 * Writes a page, makes it read-only through EFI_MEMORY_ATTRIBUTE_PROTOCOL and
 * writes it again: the second write must fault (the boot test expects the
 * firmware's report of a permission fault on a write). It catches a TLB entry
 * left writable by a permission change: the neighbour page is changed first,
 * so that the block holding both is already split into pages and making this
 * page read-only is an in-place change of its descriptor, which only the
 * firmware's TLB invalidation makes take effect.
 */
#include "qemu-tests/conformance/test.h"

efi_status_t efi_main(efi_handle_t image, struct efi_system_table *st)
{
	static const efi_guid_t guid = EFI_MEMORY_ATTRIBUTE_PROTOCOL_GUID;
	struct efi_memory_attribute_protocol *proto;
	efi_physical_addr_t pages = 0;
	volatile uint64_t *p;

	t_init(image, st);
	if (env.bs->locate_protocol(&guid, NULL, (void **)&proto) != EFI_SUCCESS ||
	    env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, 2, &pages) !=
		    EFI_SUCCESS ||
	    proto->set_memory_attributes(proto, pages + EFI_PAGE_SIZE, EFI_PAGE_SIZE,
					 EFI_MEMORY_RO) != EFI_SUCCESS)
		return EFI_UNSUPPORTED;
	p = (volatile uint64_t *)(uintptr_t)pages;
	*p = 1; /* the TLB now holds this page writable */
	if (proto->set_memory_attributes(proto, pages, EFI_PAGE_SIZE, EFI_MEMORY_RO) != EFI_SUCCESS)
		return EFI_UNSUPPORTED;
	t_puts("memattr_ro_write: writing a page made read-only at ");
	t_put_hex(pages);
	t_puts("\n");
	*p = 2;
	t_check("memattr.ro_write_faults", false, "a write to a read-only page went through");
	t_finish();
}
