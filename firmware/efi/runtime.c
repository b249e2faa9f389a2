/*
 * Runtime services. Everything here is RUNTIME_CODE/RUNTIME_DATA: after
 * ExitBootServices() only the runtime range (one EfiRuntimeServicesCode
 * descriptor, so the OS keeps code and data at the same relative offset and
 * PC-relative addressing keeps working), the variable store (runtime data)
 * and the PL031 page are mapped. SetVirtualAddressMap() converts every
 * absolute pointer that runtime code still follows afterwards.
 *
 * Works at runtime (EFI_RT_PROPERTIES_TABLE): Get/SetTime, Get/SetVariable,
 * GetNextVariableName, QueryVariableInfo, SetVirtualAddressMap,
 * GetNextHighMonotonicCount, ResetSystem. The wakeup timer and capsules
 * return EFI_UNSUPPORTED; ConvertPointer works only while
 * SetVirtualAddressMap runs (there are no virtual-address-change events).
 * ResetSystem before ExitBootServices first runs the firmware's reset hook
 * (efi_on_reset_system(): the disks flushed and stopped).
 */
#include "firmware/efi/core.h"
#include "firmware/efi/efi_time.h"
#include "firmware/efi/rt.h"
#include "firmware/efi/varstore.h"
#include "firmware/efi/varstore_flash.h"
#include "firmware/efi/virtmap.h"
#include "firmware/platform/psci.h"
#include "firmware/platform/rtc.h"

#define EFI_OPTIONAL_PTR 0x1ull

#define SUPPORTED_AT_RUNTIME                                                                  \
	(EFI_RT_SUPPORTED_GET_TIME | EFI_RT_SUPPORTED_SET_TIME | EFI_RT_SUPPORTED_GET_VARIABLE | \
	 EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME | EFI_RT_SUPPORTED_SET_VARIABLE |            \
	 EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP | EFI_RT_SUPPORTED_RESET_SYSTEM |           \
	 EFI_RT_SUPPORTED_GET_NEXT_HIGH_MONOTONIC_COUNT | EFI_RT_SUPPORTED_QUERY_VARIABLE_INFO)

static struct varstore variables RUNTIME_DATA;
static bool at_runtime RUNTIME_DATA;
static bool virtual_mode RUNTIME_DATA;
/*
 * Boot services only (NULL from ExitBootServices on: runtime code cannot
 * log): tells the console that SetVariable formatted the variable flash.
 */
/* volatile: never a direct call */
static void (*volatile report_format)(int check, enum efi_variable_format outcome) RUNTIME_DATA;
/*
 * Boot services only (NULL from ExitBootServices on, when the OS owns the devices): the
 * firmware's work before a reset a program asks for, which the disks' caches need.
 */
static void (*volatile reset_notify)(void) RUNTIME_DATA;
static uint64_t *rtc_base_ref RUNTIME_DATA;
/* High 32 bits: GetNextHighMonotonicCount(); low 32: GetNextMonotonicCount(). */
static uint64_t monotonic_count RUNTIME_DATA;
static efi_rt_properties_table_t rt_properties RUNTIME_DATA = {
	.version = EFI_RT_PROPERTIES_TABLE_VERSION,
	.length = sizeof(efi_rt_properties_table_t),
	.runtime_services_supported = SUPPORTED_AT_RUNTIME,
};
/* The map SetVirtualAddressMap() is applying, for ConvertPointer(). */
static const uint8_t *svam_map RUNTIME_DATA;
static uint64_t svam_map_size RUNTIME_DATA, svam_desc_size RUNTIME_DATA;

RUNTIME_CODE static efi_status_t get_time(efi_time_t *time, efi_time_capabilities_t *caps)
{
	uint32_t seconds;

	if (!time)
		return EFI_INVALID_PARAMETER;
	seconds = rtc_read_seconds();
	if (!seconds)
		return EFI_DEVICE_ERROR;
	efi_time_from_unix(seconds, time);
	if (caps) {
		caps->resolution = 1;
		caps->accuracy = 50000000; /* 50 ppm, in parts per trillion */
		caps->sets_to_zero = 0;
	}
	return EFI_SUCCESS;
}

RUNTIME_CODE static efi_status_t set_time(efi_time_t *time)
{
	uint32_t seconds;

	if (!time || !efi_time_to_unix(time, &seconds))
		return EFI_INVALID_PARAMETER;
	return rtc_write_seconds(seconds) ? EFI_SUCCESS : EFI_DEVICE_ERROR;
}

RUNTIME_CODE static efi_status_t get_wakeup_time(efi_bool_t *enabled, efi_bool_t *pending,
						 efi_time_t *time)
{
	(void)enabled;
	(void)pending;
	(void)time;
	return EFI_UNSUPPORTED;
}

RUNTIME_CODE static efi_status_t set_wakeup_time(efi_bool_t enable, efi_time_t *time)
{
	(void)enable;
	(void)time;
	return EFI_UNSUPPORTED;
}

RUNTIME_CODE static efi_status_t translate(uint64_t *addr)
{
	return virtmap_translate(svam_map, svam_map_size, svam_desc_size, addr);
}

RUNTIME_CODE static efi_status_t convert_pointer(uint64_t disposition, void **address)
{
	uint64_t value;
	efi_status_t status;

	if (!svam_map)
		return EFI_UNSUPPORTED;
	if (!address)
		return EFI_INVALID_PARAMETER;
	rt_memmove(&value, address, sizeof(value));
	if (!value)
		return (disposition & EFI_OPTIONAL_PTR) ? EFI_SUCCESS : EFI_INVALID_PARAMETER;
	status = translate(&value);
	if (status == EFI_SUCCESS)
		rt_memmove(address, &value, sizeof(value));
	return status;
}

/* Every absolute pointer runtime code follows after SetVirtualAddressMap(). */
#define RT_FIRST_SERVICE(rt) ((uint8_t *)&(rt)->get_time)
#define RT_SERVICE_COUNT                                                                      \
	((sizeof(efi_runtime_services_t) - sizeof(efi_table_header_t)) / sizeof(void *))

/* Converts the pointer stored at slot (NULL stays NULL); dry_run only checks it. */
RUNTIME_CODE static bool convert_slot(void *slot, bool dry_run)
{
	uint64_t addr;

	rt_memmove(&addr, slot, sizeof(addr));
	if (!addr)
		return true;
	if (translate(&addr) != EFI_SUCCESS)
		return false;
	if (!dry_run)
		rt_memmove(slot, &addr, sizeof(addr));
	return true;
}

/*
 * No initialised pointer arrays here: the compiler would copy them from
 * .rodata, which is not mapped at runtime.
 */
RUNTIME_CODE static efi_status_t convert_all(efi_runtime_services_t *rt, efi_system_table_t *st,
					     bool dry_run)
{
	bool ok = true;

	for (size_t i = 0; i < RT_SERVICE_COUNT; i++)
		ok = ok && convert_slot(RT_FIRST_SERVICE(rt) + i * sizeof(void *), dry_run);
	ok = ok && convert_slot(&variables.buf, dry_run);
	ok = ok && convert_slot(&variables.log.map, dry_run);
	ok = ok && convert_slot(efi_variable_flash_base_ref(), dry_run);
	ok = ok && convert_slot(&st->runtime_services, dry_run);
	ok = ok && convert_slot(&st->firmware_vendor, dry_run);
	ok = ok && convert_slot(&st->configuration_table, dry_run);
	ok = ok && convert_slot(rtc_base_ref, dry_run);
	return ok ? EFI_SUCCESS : EFI_NO_MAPPING;
}

static efi_runtime_services_t *rt_table RUNTIME_DATA;
static efi_system_table_t *sys_table RUNTIME_DATA;

RUNTIME_CODE static efi_status_t set_virtual_address_map(uint64_t map_size, uint64_t desc_size,
							 uint32_t desc_version,
							 efi_memory_descriptor_t *map)
{
	efi_runtime_services_t *rt = rt_table;
	efi_system_table_t *st = sys_table;
	efi_status_t status;

	if (!at_runtime || virtual_mode)
		return EFI_UNSUPPORTED;
	status = virtmap_check(map_size, desc_size, desc_version, map);
	if (status != EFI_SUCCESS)
		return status;
	svam_map = (const uint8_t *)map;
	svam_map_size = map_size;
	svam_desc_size = desc_size;
	status = convert_all(rt, st, true);
	if (status == EFI_SUCCESS) {
		convert_all(rt, st, false);
		efi_table_update_crc(&rt->hdr);
		efi_table_update_crc(&st->hdr);
		virtual_mode = true;
	}
	svam_map = NULL;
	return status;
}

RUNTIME_CODE static efi_status_t get_variable(efi_char16_t *name, efi_guid_t *vendor,
					      uint32_t *attributes, uint64_t *data_size,
					      void *data)
{
	return varstore_get(&variables, name, vendor, attributes, data_size, data, at_runtime);
}

RUNTIME_CODE static efi_status_t get_next_variable_name(uint64_t *name_size,
							efi_char16_t *name,
							efi_guid_t *vendor)
{
	return varstore_next_name(&variables, name_size, name, vendor, at_runtime);
}

RUNTIME_CODE static efi_status_t set_variable(efi_char16_t *name, efi_guid_t *vendor,
					      uint32_t attributes, uint64_t data_size,
					      void *data)
{
	int unformatted = variables.unformatted;
	bool persistent = variables.persistent;
	efi_status_t status =
		varstore_set(&variables, name, vendor, attributes, data_size, data, at_runtime);

	/* boot services: the bank found read-only; a window without a store formatted, or failed */
	if (!report_format)
		return status;
	if (persistent && !variables.persistent)
		report_format(unformatted, EFI_VARIABLE_READ_ONLY);
	else if (unformatted != VARSTORE_OK && variables.unformatted == VARSTORE_OK)
		report_format(unformatted, EFI_VARIABLE_FORMATTED);
	else if (unformatted != VARSTORE_OK && status == EFI_DEVICE_ERROR)
		report_format(unformatted, EFI_VARIABLE_FORMAT_FAILED);
	return status;
}

RUNTIME_CODE static efi_status_t query_variable_info(uint32_t attributes, uint64_t *max_storage,
						     uint64_t *remaining,
						     uint64_t *max_variable_size)
{
	return varstore_query(&variables, attributes, max_storage, remaining, max_variable_size,
			      at_runtime);
}

RUNTIME_CODE static efi_status_t get_next_high_monotonic_count(uint32_t *high)
{
	if (!high)
		return EFI_INVALID_PARAMETER;
	monotonic_count = ((monotonic_count >> 32) + 1) << 32;
	*high = (uint32_t)(monotonic_count >> 32);
	return EFI_SUCCESS;
}

/* Boot-time GetNextMonotonicCount(): shares the counter's high half. */
efi_status_t efi_next_monotonic_count(uint64_t *count)
{
	if (!count)
		return EFI_INVALID_PARAMETER;
	*count = monotonic_count++;
	return EFI_SUCCESS;
}

RUNTIME_CODE static void reset_system(uint32_t type, efi_status_t status, uint64_t data_size,
				      void *data)
{
	void (*notify)(void) = reset_notify;

	(void)status;
	(void)data_size;
	(void)data;
	if (notify) {
		reset_notify = NULL; /* once, should the hook's work end up here again */
		notify();
	}
	if (type == EFI_RESET_SHUTDOWN)
		psci_system_off();
	psci_system_reset();
}

RUNTIME_CODE static efi_status_t update_capsule(void **capsules, uint64_t count,
						efi_physical_addr_t sg)
{
	(void)capsules;
	(void)count;
	(void)sg;
	return EFI_UNSUPPORTED;
}

RUNTIME_CODE static efi_status_t query_capsule_capabilities(void **capsules, uint64_t count,
							    uint64_t *max_size,
							    uint32_t *reset_type)
{
	(void)capsules;
	(void)count;
	(void)max_size;
	(void)reset_type;
	return EFI_UNSUPPORTED;
}

void efi_runtime_table_fill(efi_runtime_services_t *rt)
{
	rt->get_time = get_time;
	rt->set_time = set_time;
	rt->get_wakeup_time = get_wakeup_time;
	rt->set_wakeup_time = set_wakeup_time;
	rt->set_virtual_address_map = set_virtual_address_map;
	rt->convert_pointer = convert_pointer;
	rt->get_variable = get_variable;
	rt->get_next_variable_name = get_next_variable_name;
	rt->set_variable = set_variable;
	rt->get_next_high_monotonic_count = get_next_high_monotonic_count;
	rt->reset_system = reset_system;
	rt->update_capsule = update_capsule;
	rt->query_capsule_capabilities = query_capsule_capabilities;
	rt->query_variable_info = query_variable_info;
	rt_table = rt;
}

/*
 * The firmware-defined globals of UEFI 2.10 3.3 that apply here: no
 * OsIndications features, and the one platform language the console speaks.
 */
static void publish_global_variables(void)
{
	static const uint64_t os_indications_supported;
	static const char platform_lang_codes[] = "en-US";
	const uint32_t attributes = EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS;

	varstore_set(&variables, u"OsIndicationsSupported", &efi_global_variable_guid, attributes,
		     sizeof(os_indications_supported), &os_indications_supported, false);
	varstore_set(&variables, u"PlatformLangCodes", &efi_global_variable_guid, attributes,
		     sizeof(platform_lang_codes), platform_lang_codes, false);
}

void efi_runtime_init(void *varstore_buf, uint64_t varstore_size)
{
	varstore_init(&variables, varstore_buf, varstore_size);
	efi_variable_flash_attach(&variables, &efi_memmap);
	report_format = efi_variable_flash_formatted;
	publish_global_variables();
	rtc_base_ref = rtc_base_ptr();
	sys_table = efi_system_table();
	efi_install_configuration_table(&efi_rt_properties_table_guid, &rt_properties);
}

void efi_on_reset_system(void (*notify)(void))
{
	reset_notify = notify;
}

void efi_runtime_exit_boot_services(void)
{
	at_runtime = true;
	report_format = NULL;
	reset_notify = NULL;
}
