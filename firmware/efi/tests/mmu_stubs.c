/* MMU stubs that record their calls in `stub` (boot_services_stubs.h). */
#include "firmware/efi/tests/boot_services_stubs.h"

int mmu_set_attributes(uint64_t base, uint64_t size, uint64_t attrs)
{
	(void)base;
	(void)size;
	stub.set_attributes_calls++;
	if (stub.set_attributes_result)
		return stub.set_attributes_result;
	stub.attributes = attrs;
	return 0;
}

void mmu_allow_write_exec(void)
{
	stub.write_exec_allowed++;
}

uint64_t mmu_get_attributes(uint64_t base, uint64_t size)
{
	(void)base;
	(void)size;
	return stub.attributes;
}
