/* The CFI driver's bus on the hardware: device memory and the generic timer. */
#include "firmware/drivers/flash/cfi_bus.h"

#include "firmware/platform/layout.h"
#include "firmware/platform/sysreg.h"

RUNTIME_CODE void cfi_bus_write(uint64_t address, uint32_t value)
{
	*(volatile uint32_t *)(uintptr_t)address = value;
	dsb(sy);
}

RUNTIME_CODE uint32_t cfi_bus_read(uint64_t address)
{
	return *(volatile uint32_t *)(uintptr_t)address;
}

RUNTIME_CODE uint64_t cfi_bus_ticks(void)
{
	return read_sysreg(cntvct_el0);
}

RUNTIME_CODE uint64_t cfi_bus_frequency(void)
{
	return read_sysreg(cntfrq_el0);
}
