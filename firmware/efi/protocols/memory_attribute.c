/*
 * EFI_MEMORY_ATTRIBUTE_PROTOCOL over the MMU (WXN is on: a range is
 * executable only if it is also read-only). Only memory that some image or
 * loader allocated may change: the firmware's own RAM and free memory may not.
 *
 * Rule -> status:
 *   length 0, base or length not page-aligned, attributes
 *   NULL, or bits outside RP|XP|RO (0 for Set/Clear)         -> EFI_INVALID_PARAMETER
 *   range not wholly allocated memory                         -> EFI_UNSUPPORTED
 *   Get on a range whose attributes differ page to page       -> EFI_NO_MAPPING
 */
#include "firmware/efi/core.h"
#include "firmware/platform/mmu.h"

#define VALID_ATTRIBUTES (EFI_MEMORY_RP | EFI_MEMORY_XP | EFI_MEMORY_RO)
#define NOT_UNIFORM UINT64_MAX

static efi_status_t check_range(efi_physical_addr_t base, uint64_t length)
{
	if (!length || ((base | length) & (EFI_PAGE_SIZE - 1)) || base > UINT64_MAX - length)
		return EFI_INVALID_PARAMETER;
	if (!memmap_allocated(&efi_memmap, base, length))
		return EFI_UNSUPPORTED;
	return EFI_SUCCESS;
}

static efi_status_t get_attributes(efi_memory_attribute_t *self, efi_physical_addr_t base,
				   uint64_t length, uint64_t *attributes)
{
	efi_status_t status = check_range(base, length);
	uint64_t attrs;

	(void)self;
	if (status != EFI_SUCCESS)
		return status;
	if (!attributes)
		return EFI_INVALID_PARAMETER;
	attrs = mmu_get_attributes(base, length);
	if (attrs == NOT_UNIFORM)
		return EFI_NO_MAPPING;
	*attributes = attrs & VALID_ATTRIBUTES; /* not MMU_ATTR_GP, which Set/Clear keep */
	return EFI_SUCCESS;
}

/* Applies (old & ~clear) | set over runs of pages that share their attributes. */
static efi_status_t update(efi_physical_addr_t base, uint64_t length, uint64_t set,
			   uint64_t clear)
{
	efi_status_t status = check_range(base, length);
	uint64_t end = base + length;

	if (status != EFI_SUCCESS)
		return status;
	if (!set && !clear)
		return EFI_INVALID_PARAMETER;
	if ((set | clear) & ~VALID_ATTRIBUTES)
		return EFI_INVALID_PARAMETER;
	while (base < end) {
		uint64_t run = end - base, attrs = mmu_get_attributes(base, run);

		/* fall back to one page at a time where attributes are mixed */
		if (attrs == NOT_UNIFORM) {
			run = EFI_PAGE_SIZE;
			attrs = mmu_get_attributes(base, run);
		}
		if (attrs == NOT_UNIFORM || mmu_set_attributes(base, run, (attrs & ~clear) | set))
			return EFI_UNSUPPORTED;
		base += run;
	}
	return EFI_SUCCESS;
}

static efi_status_t set_attributes(efi_memory_attribute_t *self, efi_physical_addr_t base,
				   uint64_t length, uint64_t attributes)
{
	(void)self;
	return update(base, length, attributes, 0);
}

static efi_status_t clear_attributes(efi_memory_attribute_t *self, efi_physical_addr_t base,
				     uint64_t length, uint64_t attributes)
{
	(void)self;
	return update(base, length, 0, attributes);
}

static efi_memory_attribute_t memory_attribute = {
	.get_memory_attributes = get_attributes,
	.set_memory_attributes = set_attributes,
	.clear_memory_attributes = clear_attributes,
};

efi_status_t efi_memory_attribute_install(void)
{
	efi_handle_t handle = NULL;

	return db_install(&efi_db, &handle, &efi_memory_attribute_protocol_guid,
			  &memory_attribute);
}
