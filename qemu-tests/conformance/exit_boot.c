/* SPDX-License-Identifier: MIT */
/*
 * The hand-over to an OS: ExitBootServices with a stale then the current map
 * key, SetVirtualAddressMap with an identity map of the runtime regions, runtime
 * services afterwards, and ResetSystem(EfiResetShutdown) to end the run.
 *
 * After the first ExitBootServices call only memory-map services may be used,
 * so results of that phase are kept in locals and printed through the PL011.
 */
#include "parsers/bytes/crc32.h"
#include "qemu-tests/conformance/mem.h"
#include "qemu-tests/conformance/memmap.h"
#include "qemu-tests/conformance/runtime.h"
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

#define ALL_RT_SERVICES 0x3fffu
/* The spec lets ExitBootServices fail again if the map changed in between. */
#define EXIT_ATTEMPTS 4

static unsigned int exit_notify_calls;

static void on_exit_boot_services(efi_event_t event, void *context)
{
	exit_notify_calls++;
}

/* EFI_RT_PROPERTIES_TABLE's mask, or every service if the table is absent. */
static uint32_t runtime_services_supported(void)
{
	static const efi_guid_t guid = EFI_RT_PROPERTIES_TABLE_GUID;

	for (uint64_t i = 0; i < env.st->number_of_table_entries; i++) {
		const struct efi_configuration_table *t = &env.st->configuration_table[i];

		if (guid_equal(&t->vendor_guid, &guid))
			return ((const struct efi_rt_properties_table *)t->vendor_table)
				->runtime_services_supported;
	}
	return ALL_RT_SERVICES;
}

/* Copies the runtime descriptors of `map` into `vmap` with VirtualStart = PhysicalStart. */
static uint64_t build_identity_map(const struct memmap *map, struct efi_memory_descriptor *vmap)
{
	uint64_t bytes = 0;

	for (size_t i = 0; i < memmap_count(map); i++) {
		struct efi_memory_descriptor *d = memmap_at(map, i);

		if (!(d->attribute & EFI_MEMORY_RUNTIME))
			continue;
		/* Boot services may be gone: copy with the app's own memcpy. */
		memcpy((uint8_t *)vmap + bytes, d, map->desc_size);
		((struct efi_memory_descriptor *)((uint8_t *)vmap + bytes))->virtual_start =
			d->physical_start;
		bytes += map->desc_size;
	}
	return bytes;
}

static bool header_crc_valid(struct efi_table_header *hdr)
{
	uint32_t stored = hdr->crc32;
	bool ok;

	hdr->crc32 = 0;
	ok = bytes_crc32((const uint8_t *)hdr, hdr->header_size) == stored;
	hdr->crc32 = stored;
	return ok;
}

/* ExitBootServices clears the system table's boot-time fields and re-seals it. */
static void test_system_table_after_exit(void)
{
	const struct efi_system_table *st = env.st;

	t_check("exit.system_table_boot_fields_cleared",
		!st->boot_services && !st->con_out && !st->con_in && !st->std_err &&
			!st->console_in_handle && !st->console_out_handle &&
			!st->standard_error_handle,
		"BootServices/console fields not NULL after ExitBootServices");
	t_check("exit.system_table_crc32", header_crc_valid(&env.st->hdr),
		"system table CRC32 not recomputed");
}

static bool expected(uint32_t supported, uint32_t bit, efi_status_t got)
{
	return got == ((supported & bit) ? EFI_SUCCESS : EFI_UNSUPPORTED);
}

/*
 * After ExitBootServices, variables without EFI_VARIABLE_NON_VOLATILE are
 * read-only; enumeration still finds them.
 */
static void test_variables_after_exit(uint32_t supported)
{
	uint64_t value = ~KEPT_VARIABLE_VALUE, kept = 0, size = sizeof(kept);
	char16_t name[32] = { 0 };
	efi_guid_t vendor = { 0 };
	bool found = false, boot_only_listed = false;
	efi_status_t status;

	status = env.rt->set_variable(KEPT_VARIABLE_NAME, &conformance_vendor_guid,
				      VARIABLE_BS_RT, sizeof(value), &value);
	t_check("runtime.volatile_variable_read_only", status & EFI_ERROR_BIT,
		"SetVariable changed a volatile variable after ExitBootServices");
	if ((supported & EFI_RT_SUPPORTED_GET_VARIABLE) &&
	    env.rt->get_variable(KEPT_VARIABLE_NAME, &conformance_vendor_guid, NULL, &size,
				 &kept) == EFI_SUCCESS)
		t_equal("runtime.volatile_variable_unchanged", kept, KEPT_VARIABLE_VALUE);
	if (supported & EFI_RT_SUPPORTED_GET_VARIABLE) {
		size = sizeof(kept);
		status = env.rt->get_variable(BOOT_ONLY_VARIABLE_NAME, &conformance_vendor_guid,
					      NULL, &size, &kept);
		t_status("runtime.boot_only_variable_hidden", status, EFI_NOT_FOUND);
	}

	for (int i = 0; i < 1000; i++) {
		size = sizeof(name);
		status = env.rt->get_next_variable_name(&size, name, &vendor);
		if (status != EFI_SUCCESS)
			break;
		found |= str16_equal(name, KEPT_VARIABLE_NAME) &&
			 guid_equal(&vendor, &conformance_vendor_guid);
		boot_only_listed |= str16_equal(name, BOOT_ONLY_VARIABLE_NAME) &&
				    guid_equal(&vendor, &conformance_vendor_guid);
	}
	if (!(supported & EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME)) {
		t_status("runtime.get_next_variable_name_unsupported", status, EFI_UNSUPPORTED);
		return;
	}
	t_check("runtime.get_next_variable_name_finds_variable", status == EFI_NOT_FOUND && found,
		"enumeration did not find the variable");
	t_check("runtime.get_next_variable_name_skips_boot_only", !boot_only_listed,
		"enumeration lists a boot-services-only variable");
}

static void test_runtime_after_exit(uint32_t supported, const struct memmap *map,
				    struct efi_memory_descriptor *vmap)
{
	uint64_t bytes = build_identity_map(map, vmap);
	uint64_t kept = 0, size = sizeof(kept);
	struct efi_time t;
	efi_status_t status;

	t_check("runtime.map_has_runtime_regions", bytes > 0, "no EFI_MEMORY_RUNTIME descriptor");
	status = env.rt->set_virtual_address_map(bytes, map->desc_size, map->desc_version, vmap);
	t_check("runtime.set_virtual_address_map",
		expected(supported, EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP, status),
		"status disagrees with EFI_RT_PROPERTIES_TABLE");
	status = env.rt->set_virtual_address_map(bytes, map->desc_size, map->desc_version, vmap);
	t_status("runtime.set_virtual_address_map_twice", status, EFI_UNSUPPORTED);

	status = env.rt->get_time(&t, NULL);
	if (t_check("runtime.get_time", expected(supported, EFI_RT_SUPPORTED_GET_TIME, status),
		    "status disagrees with EFI_RT_PROPERTIES_TABLE") && status == EFI_SUCCESS) {
		const char *why = time_invalid_reason(&t);

		t_check("runtime.get_time_fields_valid", !why, why ? why : "");
	}
	status = env.rt->get_variable(KEPT_VARIABLE_NAME, &conformance_vendor_guid, NULL, &size,
				      &kept);
	if (t_check("runtime.get_variable",
		    expected(supported, EFI_RT_SUPPORTED_GET_VARIABLE, status),
		    "status disagrees with EFI_RT_PROPERTIES_TABLE") && status == EFI_SUCCESS)
		t_equal("runtime.get_variable_value", kept, KEPT_VARIABLE_VALUE);
	test_variables_after_exit(supported);
}

static void test_set_virtual_address_map_too_early(const struct memmap *map,
						   struct efi_memory_descriptor *vmap)
{
	uint64_t bytes = build_identity_map(map, vmap);

	t_status("runtime.set_virtual_address_map_before_exit",
		 env.rt->set_virtual_address_map(bytes, map->desc_size, map->desc_version, vmap),
		 EFI_UNSUPPORTED);
}

__attribute__((noreturn)) static void shut_down(uint32_t supported)
{
	if (!(supported & EFI_RT_SUPPORTED_RESET_SYSTEM))
		t_puts("note: EFI_RT_PROPERTIES_TABLE lacks ResetSystem\n");
	t_finish();
}

static void keep_variable_for_runtime(void)
{
	uint64_t kept = KEPT_VARIABLE_VALUE;

	t_status("exit.set_variable_for_runtime",
		 env.rt->set_variable(KEPT_VARIABLE_NAME, &conformance_vendor_guid, VARIABLE_BS_RT,
				      sizeof(kept), &kept),
		 EFI_SUCCESS);
	t_status("exit.set_boot_only_variable",
		 env.rt->set_variable(BOOT_ONLY_VARIABLE_NAME, &conformance_vendor_guid,
				      EFI_VARIABLE_BOOTSERVICE_ACCESS, sizeof(kept), &kept),
		 EFI_SUCCESS);
}

void test_exit_boot_services_and_runtime(void)
{
	uint32_t supported = runtime_services_supported();
	struct efi_memory_descriptor *vmap;
	efi_physical_addr_t vmap_addr = 0;
	efi_status_t stale_status, status = EFI_NOT_READY;
	struct memmap map;
	efi_event_t event;
	int attempts = 0;

	keep_variable_for_runtime();
	t_status("exit.create_event",
		 env.bs->create_event(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK,
				      on_exit_boot_services, NULL, &event),
		 EFI_SUCCESS);
	if (!t_status("exit.memory_map", memmap_get(&map), EFI_SUCCESS) ||
	    !t_status("exit.allocate_virtual_map",
		      env.bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA,
					     map.capacity / EFI_PAGE_SIZE + 1, &vmap_addr),
		      EFI_SUCCESS)) {
		shut_down(supported);
	}
	vmap = (struct efi_memory_descriptor *)(uintptr_t)vmap_addr;
	test_set_virtual_address_map_too_early(&map, vmap);
	t_puts("exiting boot services; further output goes straight to the PL011\n");

	/* Allocating pages for the virtual map changed the map, so this key is stale. */
	stale_status = env.bs->exit_boot_services(env.image, map.key);
	if (stale_status == EFI_SUCCESS)
		status = EFI_SUCCESS; /* wrongly accepted, but boot services are gone now */
	while (status != EFI_SUCCESS && attempts++ < EXIT_ATTEMPTS) {
		if (memmap_refresh(&map) == EFI_SUCCESS)
			status = env.bs->exit_boot_services(env.image, map.key);
	}
	t_use_uart();
	t_status("exit.stale_map_key_invalid", stale_status, EFI_INVALID_PARAMETER);
	t_status("exit.current_map_key", status, EFI_SUCCESS);
	t_check("exit.notify_ran", exit_notify_calls >= 1,
		"EVT_SIGNAL_EXIT_BOOT_SERVICES notify function not called");
	if (status == EFI_SUCCESS) {
		test_system_table_after_exit();
		test_runtime_after_exit(supported, &map, vmap);
	}
	shut_down(supported);
}
