/*
 * Explicit stubs for linking the production boot_services.c into host tests
 * (coreboot style): the core's shared state, and the runtime, log and timer
 * entry points it calls, each recording what the tests need to see. Images
 * and the MMU are stubbed in image_mmu_stubs.c, or linked for real.
 */
#include "firmware/efi/tests/boot_services_stubs.h"

#include <stdarg.h>
#include <stdio.h>

#include "firmware/platform/log.h"

struct memmap efi_memmap;
struct pool efi_pool;
struct protocol_db efi_db;

struct stub_state stub;

efi_status_t efi_install_configuration_table(const efi_guid_t *guid, void *table)
{
	(void)guid;
	(void)table;
	return EFI_SUCCESS;
}

efi_status_t efi_next_monotonic_count(uint64_t *count)
{
	*count = 0;
	return EFI_SUCCESS;
}

void efi_runtime_exit_boot_services(void)
{
	stub.runtime_exits++;
}

void efi_system_table_exit_boot_services(void)
{
	stub.system_table_exits++;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	vsnprintf(stub.last_log, sizeof(stub.last_log), fmt, ap);
	va_end(ap);
}

uint64_t timer_ticks(void)
{
	return stub.ticks;
}

uint64_t timer_frequency(void)
{
	return STUB_TIMER_HZ;
}

uint64_t timer_ticks_from_100ns(uint64_t units)
{
	return ticks_scale(units, 10000000, STUB_TIMER_HZ);
}

void timer_delay_us(uint64_t us)
{
	stub.ticks += ticks_scale(us, 1000000, STUB_TIMER_HZ);
}
