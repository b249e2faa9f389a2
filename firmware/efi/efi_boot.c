/* Entry API for main (see efi_boot.h). */
#include "firmware/efi/efi_boot.h"
#include "firmware/efi/core.h"
#include "firmware/efi/events.h"
#include "firmware/efi/nx_compat.h"
#include "firmware/efi/varstore_flash.h"
#include "firmware/platform/layout.h"
#include "firmware/platform/log.h"
#include "firmware/platform/rtc.h"

#define MAX_DESCRIPTORS 128
#define VARSTORE_PAGES 8 /* 32 KiB of volatile variables (plus a flash area's worth) */

struct memmap efi_memmap;
struct pool efi_pool;
struct protocol_db efi_db;
static efi_memory_descriptor_t descriptors[MAX_DESCRIPTORS];

static efi_status_t add_ram(const struct efi_ram_region *ram, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		efi_status_t status = memmap_add_ram(&efi_memmap, ram[i].base, ram[i].size);

		if (status != EFI_SUCCESS)
			return status;
	}
	return EFI_SUCCESS;
}

static uint64_t addr_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static efi_status_t reserve_firmware(void)
{
	uint64_t rtc = *rtc_base_ptr();
	efi_status_t status;

	status = memmap_reserve(&efi_memmap, addr_of(__fw_ram_start),
				addr_of(__fw_ram_end) - addr_of(__fw_ram_start),
				EFI_BOOT_SERVICES_DATA);
	if (status != EFI_SUCCESS)
		return status;
	/* one descriptor: the OS keeps runtime code and data at the same distance */
	status = memmap_reserve(&efi_memmap, addr_of(__rt_start),
				addr_of(__rt_end) - addr_of(__rt_start), EFI_RUNTIME_SERVICES_CODE);
	if (status == EFI_SUCCESS)
		status = efi_variable_flash_reserve(&efi_memmap);
	if (status != EFI_SUCCESS || !rtc)
		return status;
	return memmap_add_mmio(&efi_memmap, rtc, EFI_PAGE_SIZE, EFI_MEMORY_UC | EFI_MEMORY_RUNTIME);
}

static efi_status_t start_runtime(void)
{
	uint64_t varstore = 0;
	uint64_t pages = VARSTORE_PAGES + efi_variable_flash_ram_bytes() / EFI_PAGE_SIZE;
	efi_status_t status;

	status = memmap_allocate(&efi_memmap, EFI_ALLOCATE_ANY_PAGES, EFI_RUNTIME_SERVICES_DATA,
				 pages, EFI_PAGE_SIZE, &varstore);
	if (status != EFI_SUCCESS)
		return status;
	efi_runtime_init((void *)(uintptr_t)varstore, pages * EFI_PAGE_SIZE);
	return EFI_SUCCESS;
}

efi_status_t efi_init(const struct efi_ram_region *ram, size_t count)
{
	efi_status_t status;

	memmap_init(&efi_memmap, descriptors, MAX_DESCRIPTORS);
	status = add_ram(ram, count);
	if (status == EFI_SUCCESS)
		status = reserve_firmware();
	if (status != EFI_SUCCESS)
		return status;
	/* past MAX_DESCRIPTORS the map grows into RAM, so FreePages never runs out of slots */
	memmap_grow_from_ram(&efi_memmap);
	pool_init(&efi_pool, &efi_memmap, efi_pool_hooks());
	db_init(&efi_db);
	efi_boot_services_init();
	efi_image_init();
	efi_system_table_init();
	status = start_runtime();
	if (status == EFI_SUCCESS)
		status = efi_memory_attribute_install();
	if (status == EFI_SUCCESS)
		status = efi_simple_fs_driver_install(efi_firmware_handle());
	if (status == EFI_SUCCESS)
		status = efi_partition_driver_install(efi_firmware_handle());
	if (status == EFI_SUCCESS && efi_rng_install() != EFI_SUCCESS)
		log_debug("EFI: no RNG protocol (no entropy source)");
	return status;
}

efi_status_t efi_reserve(uint64_t base, uint64_t size, uint32_t memory_type)
{
	return memmap_reserve(&efi_memmap, base, size, memory_type);
}

void *efi_allocate_pages(uint64_t size, uint64_t align, uint32_t memory_type)
{
	uint64_t addr = 0;

	if (size == 0 || size > UINT64_MAX - EFI_PAGE_SIZE)
		return NULL;
	if (align < EFI_PAGE_SIZE)
		align = EFI_PAGE_SIZE;
	if (memmap_allocate(&efi_memmap, EFI_ALLOCATE_ANY_PAGES, memory_type,
			    (size + EFI_PAGE_SIZE - 1) >> EFI_PAGE_SHIFT, align,
			    &addr) != EFI_SUCCESS)
		return NULL;
	return (void *)(uintptr_t)addr;
}

void efi_free_pages(void *pages, uint64_t size)
{
	memmap_free(&efi_memmap, (uint64_t)(uintptr_t)pages,
		    (size + EFI_PAGE_SIZE - 1) >> EFI_PAGE_SHIFT);
}

bool efi_pages_available(uint64_t size)
{
	uint64_t pages = (size + EFI_PAGE_SIZE - 1) >> EFI_PAGE_SHIFT, addr = 0;

	if (size > UINT64_MAX - EFI_PAGE_SIZE ||
	    memmap_allocate(&efi_memmap, EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, pages,
			    EFI_PAGE_SIZE, &addr) != EFI_SUCCESS)
		return false;
	return memmap_free(&efi_memmap, addr, pages) == EFI_SUCCESS;
}

efi_status_t efi_install_config_table(const efi_guid_t *guid, void *table)
{
	return efi_install_configuration_table(guid, table);
}

efi_status_t efi_set_initrd(uint64_t size, bool (*fill)(void *dst, uint64_t size))
{
	return efi_initrd_install(size, fill);
}

efi_status_t efi_boot_kernel(const void *image, size_t len, const uint16_t *load_options,
			     size_t load_options_size)
{
	efi_handle_t handle = NULL;
	efi_status_t status;

	if (load_options_size > UINT32_MAX) {
		efi_image_pages_release((void *)image); /* the staged kernel LoadImage() would take */
		return EFI_INVALID_PARAMETER;
	}
	status = efi_load_image(0, efi_firmware_handle(), NULL, (void *)image, len, &handle);
	if (status != EFI_SUCCESS)
		return status;
	if (load_options) {
		status = efi_image_set_load_options(handle, load_options,
						    (uint32_t)load_options_size);
		if (status != EFI_SUCCESS) {
			efi_unload_image(handle);
			return status;
		}
	}
	return efi_start_image(handle, NULL, NULL);
}

efi_status_t efi_on_exit_boot_services(efi_event_notify_t notify, void *ctx)
{
	efi_event_t event;

	return events_create(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, notify, ctx, NULL, &event);
}
