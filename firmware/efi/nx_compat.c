/*
 * W^X for loaded images, and the NX compatibility mode.
 *
 * Free RAM is mapped RW and execute-never, and SCTLR.WXN makes every
 * writable page execute-never whatever its descriptor says. An image that
 * declares NX_COMPAT (PE DllCharacteristics 0x100: the Linux EFI stub,
 * systemd-stub) gets exactly that: code read-only+executable, everything
 * else, including all it allocates, non-executable.
 *
 * Loaders built before NX_COMPAT existed (Debian 12's shim 16.1, GRUB 2.06,
 * systemd-boot 252) execute memory they allocated as LoaderCode or
 * LoaderData (GRUB's modules live on its LoaderData heap), and some have
 * sections that are both writable and executable. Loading such an image
 * turns the compatibility mode on:
 *
 * | rule                                                | result                   |
 * |-----------------------------------------------------|--------------------------|
 * | LoadImage of an image without NX_COMPAT             | mode on, for good        |
 * | mode on: SCTLR.WXN                                  | cleared                  |
 * | mode on: new LoaderCode/LoaderData pages and pool   | RWX                      |
 * | mode on: other memory types                         | RW XP, as before         |
 * | section writable+executable, image without NX_COMPAT| loaded RWX (image.c)     |
 * | section writable+executable, image with NX_COMPAT   | refused (pe_check)       |
 * | pages going back to free memory, either mode        | reset to RW XP first     |
 * | ... and if the reset fails                          | kept, never freed        |
 *
 * The mode never turns off: what the old loader goes on to load (a kernel,
 * another loader) shares memory with it and may hand back to it. An
 * NX_COMPAT image loaded while the mode is on still gets W^X sections;
 * only what it allocates as LoaderCode/LoaderData is executable. The
 * firmware's own memory keeps its explicit XP mappings in either mode.
 */
#include "firmware/efi/nx_compat.h"

#include "firmware/efi/core.h"
#include "firmware/platform/log.h"
#include "firmware/platform/mmu.h"

static bool active;

void nx_compat_enter(void)
{
	if (active)
		return;
	mmu_allow_write_exec();
	active = true;
	log_debug("NX compatibility mode on: an image without NX_COMPAT was loaded");
}

bool nx_compat_executable(uint32_t memory_type)
{
	return active && (memory_type == EFI_LOADER_CODE || memory_type == EFI_LOADER_DATA);
}

static efi_status_t make_executable(uint64_t base, uint64_t pages)
{
	if (mmu_set_attributes(base, pages << EFI_PAGE_SHIFT, 0))
		return EFI_OUT_OF_RESOURCES;
	return EFI_SUCCESS;
}

efi_status_t efi_pages_prepare(uint64_t base, uint64_t pages, uint32_t memory_type)
{
	if (!nx_compat_executable(memory_type))
		return EFI_SUCCESS; /* free RAM is RW XP already */
	return make_executable(base, pages);
}

/*
 * Pages going back to free memory get the attributes of free RAM first. If
 * that fails (no page-table page left for a split), they must not become
 * free read-only or executable: they become pinned EfiBootServicesData
 * instead, which no later FreePages or FreePool frees and the OS reclaims
 * after ExitBootServices like all boot-services memory. The call that freed
 * them still succeeds: FreePages and FreePool have no status for it, and
 * the caller's pages are gone either way. True if the pages may be freed.
 */
static bool reset_or_keep(uint64_t base, uint64_t pages)
{
	uint64_t size = pages << EFI_PAGE_SHIFT;

	if (mmu_get_attributes(base, size) == MMU_ATTR_XP ||
	    !mmu_set_attributes(base, size, MMU_ATTR_XP))
		return true;
	/* if even that fails, they stay allocated as they were: still never free */
	memmap_reserve(&efi_memmap, base, size, EFI_BOOT_SERVICES_DATA);
	log_msg(LOG_ERROR,
		"error: cannot reset the attributes of 0x%llx+0x%llx: kept out of free memory",
		(unsigned long long)base, (unsigned long long)size);
	return false;
}

efi_status_t efi_pages_free(uint64_t base, uint64_t pages)
{
	/* memmap_free() names what is wrong with a range that is not allocated */
	if (pages > UINT64_MAX >> EFI_PAGE_SHIFT ||
	    !memmap_allocated(&efi_memmap, base, pages << EFI_PAGE_SHIFT))
		return memmap_free(&efi_memmap, base, pages);
	if (!reset_or_keep(base, pages))
		return EFI_SUCCESS;
	return memmap_free(&efi_memmap, base, pages);
}

struct pool_hooks efi_pool_hooks(void)
{
	return (struct pool_hooks){ nx_compat_executable, make_executable, reset_or_keep };
}
