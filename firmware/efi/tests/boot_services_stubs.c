/*
 * Explicit stubs for linking the production boot_services.c into host tests
 * (coreboot style): the core's shared state, and the image, runtime, MMU and
 * timer entry points it calls, each recording what the tests need to see.
 */
#include "firmware/efi/tests/boot_services_stubs.h"

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

efi_status_t efi_load_image(efi_bool_t boot_policy, efi_handle_t parent, efi_device_path_t *path,
			    void *source, uint64_t size, efi_handle_t *image)
{
	(void)boot_policy;
	(void)parent;
	(void)path;
	(void)source;
	(void)size;
	(void)image;
	return EFI_UNSUPPORTED;
}

efi_status_t efi_start_image(efi_handle_t image, uint64_t *exit_data_size,
			     efi_char16_t **exit_data)
{
	(void)image;
	(void)exit_data_size;
	(void)exit_data;
	return EFI_UNSUPPORTED;
}

efi_status_t efi_exit(efi_handle_t image, efi_status_t status, uint64_t exit_data_size,
		      efi_char16_t *exit_data)
{
	(void)image;
	(void)status;
	(void)exit_data_size;
	(void)exit_data;
	return EFI_UNSUPPORTED;
}

efi_status_t efi_unload_image(efi_handle_t image)
{
	(void)image;
	return EFI_UNSUPPORTED;
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

void log_msg(enum log_level level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

uint64_t mmu_get_attributes(uint64_t base, uint64_t size)
{
	(void)base;
	(void)size;
	return stub.attributes;
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
