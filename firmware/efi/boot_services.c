/*
 * The boot services table: thin wrappers that validate what the pure modules
 * (memmap, pool, protocol_db, events) do not see, and allocate the buffers
 * the spec says the firmware allocates.
 */
#include <stdarg.h>
#include <string.h>

#include "firmware/efi/connect.h"
#include "firmware/efi/core.h"
#include "firmware/efi/crc32.h"
#include "firmware/efi/events.h"
#include "firmware/efi/nx_compat.h"
#include "firmware/platform/log.h"
#include "firmware/platform/timer.h"

#define MAX_MULTIPLE_PROTOCOLS DB_MAX_PROTOCOLS

static bool boot_services_exited;
static bool before_exit_signaled;
/*
 * Time programs spent blocked in WaitForEvent and Stall (timer ticks): waits
 * they asked for, not firmware work. systemd-boot, with timeout 0, waits up
 * to 100 ms in WaitForEvent for a key on every firmware; the debug log's
 * line at ExitBootServices lets tools/bench take that out of efilite's
 * disk-boot overhead from a measurement rather than an assumption.
 */
static uint64_t wait_ticks, wait_calls, stall_ticks, stall_calls;
static void (*connect_hook)(const efi_guid_t *guid);

void efi_set_connect_hook(void (*hook)(const efi_guid_t *guid))
{
	connect_hook = hook;
}

/* Devices that are probed only when a program looks for them (disks). */
static void connect_on_demand(uint32_t search_type, const efi_guid_t *guid)
{
	if (connect_hook && search_type != EFI_BY_REGISTER_NOTIFY)
		connect_hook(search_type == EFI_ALL_HANDLES ? NULL : guid);
}

static uint64_t raise_tpl(uint64_t new_tpl)
{
	return events_raise_tpl(new_tpl);
}

static void restore_tpl(uint64_t old_tpl)
{
	events_restore_tpl(old_tpl);
}

static efi_status_t allocate_pages(uint32_t type, uint32_t memory_type, uint64_t pages,
				   efi_physical_addr_t *memory)
{
	efi_status_t status =
		memmap_allocate(&efi_memmap, type, memory_type, pages, EFI_PAGE_SIZE, memory);

	if (status != EFI_SUCCESS)
		return status;
	/* executable for a loader built before NX_COMPAT */
	status = efi_pages_prepare(*memory, pages, memory_type);
	if (status != EFI_SUCCESS)
		memmap_free(&efi_memmap, *memory, pages);
	return status;
}

static efi_status_t free_pages(efi_physical_addr_t memory, uint64_t pages)
{
	/* an application may have made them read-only or executable */
	return efi_pages_free(memory, pages);
}

static efi_status_t get_memory_map(uint64_t *map_size, efi_memory_descriptor_t *map,
				   uint64_t *map_key, uint64_t *desc_size, uint32_t *desc_version)
{
	return memmap_get(&efi_memmap, map_size, map, map_key, desc_size, desc_version);
}

static efi_status_t allocate_pool(uint32_t memory_type, uint64_t size, void **buffer)
{
	return pool_alloc(&efi_pool, memory_type, size, buffer);
}

static efi_status_t free_pool(void *buffer)
{
	return pool_free(&efi_pool, buffer);
}

static efi_status_t create_event(uint32_t type, uint64_t notify_tpl, efi_event_notify_t notify,
				 void *context, efi_event_t *event)
{
	return events_create(type, notify_tpl, notify, context, NULL, event);
}

static efi_status_t create_event_ex(uint32_t type, uint64_t notify_tpl,
				    efi_event_notify_t notify, const void *context,
				    const efi_guid_t *group, efi_event_t *event)
{
	return events_create(type, notify_tpl, notify, context, group, event);
}

/* A closed event's protocol notify registrations go with it. */
static efi_status_t close_event(efi_event_t event)
{
	efi_status_t status = events_close(event);

	if (status == EFI_SUCCESS)
		db_notify_forget_event(&efi_db, event);
	return status;
}

static efi_status_t set_timer(efi_event_t event, uint32_t type, uint64_t trigger_time)
{
	return events_set_timer(event, type, timer_ticks_from_100ns(trigger_time));
}

static efi_status_t install_protocol_interface(efi_handle_t *handle, efi_guid_t *protocol,
					       uint32_t interface_type, void *interface)
{
	if (interface_type != EFI_NATIVE_INTERFACE)
		return EFI_INVALID_PARAMETER;
	return db_install(&efi_db, handle, protocol, interface);
}

/*
 * Uninstall: drivers holding the protocol BY_DRIVER are asked to let go first
 * (DisconnectController); if it is still held, they are connected again and
 * the answer is EFI_ACCESS_DENIED, as the spec describes.
 */
#define MAX_DISCONNECT_DEPTH 16
#define MAX_DRIVER_AGENTS 4 /* BY_DRIVER opens of one instance exclude each other: one */
static unsigned disconnect_depth;

/* Disconnects the drivers holding protocol on handle BY_DRIVER; false if it cannot try. */
static bool release_drivers(efi_handle_t handle, const efi_guid_t *protocol)
{
	efi_open_protocol_information_entry_t o;
	efi_handle_t agents[MAX_DRIVER_AGENTS];
	uint32_t n = 0;

	/* drivers' Stop() uninstalls children, which disconnects theirs: bound the nesting */
	if (disconnect_depth >= MAX_DISCONNECT_DEPTH)
		return false;
	/* the agents first: disconnecting them changes the records */
	for (uint32_t i = 0; db_open_record(&efi_db, handle, protocol, i, &o) == EFI_SUCCESS; i++)
		if (o.attributes & EFI_OPEN_PROTOCOL_BY_DRIVER && n < MAX_DRIVER_AGENTS)
			agents[n++] = o.agent_handle;
	disconnect_depth++;
	for (uint32_t i = 0; i < n; i++)
		if (db_handle_valid(&efi_db, agents[i]))
			db_disconnect(&efi_db, handle, agents[i], NULL);
	disconnect_depth--;
	return true;
}

static efi_status_t uninstall_one(efi_handle_t handle, const efi_guid_t *protocol,
				  void *interface)
{
	efi_status_t status = db_uninstall(&efi_db, handle, protocol, interface);

	if (status != EFI_ACCESS_DENIED || !release_drivers(handle, protocol))
		return status;
	status = db_uninstall(&efi_db, handle, protocol, interface);
	if (status == EFI_ACCESS_DENIED)
		db_connect(&efi_db, handle, NULL, NULL, true);
	return status;
}

/*
 * The same for the old interface; afterwards the handle is connected again
 * (recursively), so drivers bind to the new interface, as on edk2.
 */
static efi_status_t reinstall_protocol_interface(efi_handle_t handle, efi_guid_t *protocol,
						 void *old_interface, void *new_interface)
{
	efi_status_t status = db_reinstall(&efi_db, handle, protocol, old_interface,
					   new_interface);

	if (status == EFI_ACCESS_DENIED && release_drivers(handle, protocol))
		status = db_reinstall(&efi_db, handle, protocol, old_interface, new_interface);
	if (status == EFI_SUCCESS || status == EFI_ACCESS_DENIED)
		db_connect(&efi_db, handle, NULL, NULL, true);
	return status;
}

static efi_status_t uninstall_protocol_interface(efi_handle_t handle, efi_guid_t *protocol,
						 void *interface)
{
	return uninstall_one(handle, protocol, interface);
}

static efi_status_t handle_protocol(efi_handle_t handle, efi_guid_t *protocol, void **interface)
{
	return db_get(&efi_db, handle, protocol, interface);
}

/* Installs and reinstalls of protocol signal event; LocateHandle(ByRegisterNotify) names the handles. */
static efi_status_t register_protocol_notify(efi_guid_t *protocol, efi_event_t event,
					     void **registration)
{
	if (!events_live(event))
		return EFI_INVALID_PARAMETER;
	return db_register_notify(&efi_db, protocol, event, registration);
}

/* ByRegisterNotify: one handle at a time, taken only once it has been handed out. */
static efi_status_t locate_notified(void *registration, uint64_t *buffer_size,
				    efi_handle_t *buffer)
{
	efi_handle_t next;
	efi_status_t status;

	if (!buffer_size)
		return EFI_INVALID_PARAMETER;
	status = db_notify_next(&efi_db, registration, false, &next);
	if (status != EFI_SUCCESS)
		return status;
	if (*buffer_size < sizeof(next)) {
		*buffer_size = sizeof(next);
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!buffer)
		return EFI_INVALID_PARAMETER;
	db_notify_next(&efi_db, registration, true, buffer);
	*buffer_size = sizeof(next);
	return EFI_SUCCESS;
}

static efi_status_t locate_handle(uint32_t search_type, efi_guid_t *protocol, void *search_key,
				  uint64_t *buffer_size, efi_handle_t *buffer)
{
	connect_on_demand(search_type, protocol);
	if (search_type == EFI_BY_REGISTER_NOTIFY)
		return locate_notified(search_key, buffer_size, buffer);
	return db_locate_handles(&efi_db, search_type, protocol, buffer_size, buffer);
}

static efi_status_t locate_device_path(efi_guid_t *protocol, efi_device_path_t **device_path,
				       efi_handle_t *device)
{
	connect_on_demand(EFI_BY_PROTOCOL, protocol);
	return db_locate_device_path(&efi_db, protocol, device_path, device);
}

static efi_status_t install_configuration_table(efi_guid_t *guid, void *table)
{
	return efi_install_configuration_table(guid, table);
}

static uint64_t ticks_to_us(uint64_t ticks)
{
	uint64_t hz = timer_frequency();

	return hz ? ticks / hz * 1000000u + ticks % hz * 1000000u / hz : 0;
}

static efi_status_t wait_for_event(uint64_t count, efi_event_t *list, uint64_t *index)
{
	uint64_t start = timer_ticks();
	efi_status_t status = events_wait(count, list, index);

	wait_ticks += timer_ticks() - start;
	wait_calls++;
	return status;
}

static efi_status_t exit_boot_services(efi_handle_t image, uint64_t map_key)
{
	(void)image;
	if (boot_services_exited)
		return EFI_SUCCESS;
	/*
	 * UEFI 2.10 7.1: the "before" group's last chance to use boot services,
	 * once, at the first call; what it allocates changes the key, and the
	 * caller retries with a fresh map, as after any stale key.
	 */
	if (!before_exit_signaled) {
		before_exit_signaled = true;
		events_signal_before_exit_boot_services();
	}
	if (map_key != efi_memmap.key)
		return EFI_INVALID_PARAMETER;
	log_debug("boot services: programs waited %llu us in WaitForEvent (%llu calls), "
		  "%llu us in Stall (%llu calls)",
		  (unsigned long long)ticks_to_us(wait_ticks), (unsigned long long)wait_calls,
		  (unsigned long long)ticks_to_us(stall_ticks), (unsigned long long)stall_calls);
	events_signal_exit_boot_services();
	efi_runtime_exit_boot_services();
	efi_system_table_exit_boot_services();
	boot_services_exited = true;
	return EFI_SUCCESS;
}

static efi_status_t stall(uint64_t microseconds)
{
	uint64_t start = timer_ticks();

	timer_delay_us(microseconds);
	events_poll();
	stall_ticks += timer_ticks() - start;
	stall_calls++;
	return EFI_SUCCESS;
}

/* There is no watchdog to arm: the firmware never resets the machine behind the OS's back. */
static efi_status_t set_watchdog_timer(uint64_t timeout, uint64_t code, uint64_t data_size,
				       efi_char16_t *data)
{
	(void)timeout;
	(void)code;
	(void)data_size;
	(void)data;
	return EFI_SUCCESS;
}

static efi_status_t connect_controller(efi_handle_t controller, efi_handle_t *drivers,
				       efi_device_path_t *remaining, efi_bool_t recursive)
{
	return db_connect(&efi_db, controller, drivers, remaining, recursive);
}

static efi_status_t disconnect_controller(efi_handle_t controller, efi_handle_t driver,
					  efi_handle_t child)
{
	return db_disconnect(&efi_db, controller, driver, child);
}

/* Whether an agent holds protocol on handle EXCLUSIVE. */
static bool held_exclusive(efi_handle_t handle, const efi_guid_t *protocol)
{
	efi_open_protocol_information_entry_t o;

	for (uint32_t i = 0; db_open_record(&efi_db, handle, protocol, i, &o) == EFI_SUCCESS; i++)
		if (o.attributes & EFI_OPEN_PROTOCOL_EXCLUSIVE)
			return true;
	return false;
}

/*
 * An EXCLUSIVE open asks the drivers holding the protocol BY_DRIVER to let
 * go first (UEFI 2.10 7.3), as uninstall does; an EXCLUSIVE holder is not
 * asked, and still refuses it.
 */
static efi_status_t open_protocol(efi_handle_t handle, efi_guid_t *protocol, void **interface,
				  efi_handle_t agent, efi_handle_t controller, uint32_t attributes)
{
	efi_status_t status =
		db_open(&efi_db, handle, protocol, interface, agent, controller, attributes);

	if (status != EFI_ACCESS_DENIED || !(attributes & EFI_OPEN_PROTOCOL_EXCLUSIVE) ||
	    held_exclusive(handle, protocol) || !release_drivers(handle, protocol))
		return status;
	return db_open(&efi_db, handle, protocol, interface, agent, controller, attributes);
}

static efi_status_t close_protocol(efi_handle_t handle, efi_guid_t *protocol, efi_handle_t agent,
				   efi_handle_t controller)
{
	return db_close(&efi_db, handle, protocol, agent, controller);
}

static efi_status_t open_protocol_information(efi_handle_t handle, efi_guid_t *protocol,
					      efi_open_protocol_information_entry_t **entries,
					      uint64_t *count)
{
	efi_open_protocol_information_entry_t o;
	uint32_t n = 0;
	efi_status_t status;
	void *unused;

	if (!entries || !count || !protocol)
		return EFI_INVALID_PARAMETER;
	status = db_get(&efi_db, handle, protocol, &unused);
	if (status != EFI_SUCCESS)
		return status == EFI_UNSUPPORTED ? EFI_NOT_FOUND : status;
	while (db_open_record(&efi_db, handle, protocol, n, &o) == EFI_SUCCESS)
		n++;
	status = pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, n * sizeof(o), (void **)entries);
	if (status != EFI_SUCCESS)
		return status;
	for (uint32_t i = 0; i < n; i++)
		db_open_record(&efi_db, handle, protocol, i, &(*entries)[i]);
	*count = n;
	return EFI_SUCCESS;
}

static efi_status_t protocols_per_handle(efi_handle_t handle, efi_guid_t ***protocols,
					 uint64_t *count)
{
	efi_guid_t *guids[DB_MAX_PROTOCOLS];
	uint32_t n;
	efi_status_t status;

	if (!protocols || !count)
		return EFI_INVALID_PARAMETER;
	status = db_protocols(&efi_db, handle, guids, &n);
	if (status != EFI_SUCCESS)
		return status;
	status = pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, n * sizeof(guids[0]),
			    (void **)protocols);
	if (status != EFI_SUCCESS)
		return status;
	memcpy(*protocols, guids, n * sizeof(guids[0]));
	*count = n;
	return EFI_SUCCESS;
}

static efi_status_t locate_handle_buffer(uint32_t search_type, efi_guid_t *protocol,
					 void *search_key, uint64_t *count, efi_handle_t **buffer)
{
	uint64_t size = 0;
	efi_status_t status;

	if (!count || !buffer)
		return EFI_INVALID_PARAMETER;
	status = locate_handle(search_type, protocol, search_key, &size, NULL);
	if (status != EFI_BUFFER_TOO_SMALL)
		return status;
	status = pool_alloc(&efi_pool, EFI_BOOT_SERVICES_DATA, size, (void **)buffer);
	if (status != EFI_SUCCESS)
		return status;
	status = locate_handle(search_type, protocol, search_key, &size, *buffer);
	if (status != EFI_SUCCESS) {
		pool_free(&efi_pool, *buffer);
		*buffer = NULL;
		return status;
	}
	*count = size / sizeof(efi_handle_t);
	return EFI_SUCCESS;
}

/* With a registration: the interface on the next handle new for it (which is then taken). */
static efi_status_t locate_protocol(efi_guid_t *protocol, void *registration, void **interface)
{
	efi_handle_t next;
	efi_status_t status;

	connect_on_demand(EFI_BY_PROTOCOL, protocol);
	if (!registration)
		return db_locate_protocol(&efi_db, protocol, interface);
	if (!protocol || !interface)
		return EFI_INVALID_PARAMETER;
	*interface = NULL;
	status = db_notify_next(&efi_db, registration, true, &next);
	if (status == EFI_SUCCESS)
		status = db_get(&efi_db, next, protocol, interface);
	return status == EFI_SUCCESS ? EFI_SUCCESS : EFI_NOT_FOUND;
}

struct protocol_pair {
	efi_guid_t *guid;
	void *interface;
};

/* Reads the NULL-terminated (GUID, interface) pairs; false if there are too many. */
static bool collect_pairs(va_list ap, struct protocol_pair *pairs, size_t *count)
{
	for (*count = 0;; (*count)++) {
		efi_guid_t *guid = va_arg(ap, efi_guid_t *);

		if (!guid)
			return true;
		if (*count == MAX_MULTIPLE_PROTOCOLS)
			return false;
		pairs[*count].guid = guid;
		pairs[*count].interface = va_arg(ap, void *);
	}
}

/*
 * Each install runs the protocol's notify functions, which may remove what
 * is on the handle: it is held throughout (a new one from before the first
 * install), so that the later pairs and the rollback go to it, never to a
 * freed or reused slot.
 */
static efi_status_t install_pairs(efi_handle_t *handle, const struct protocol_pair *pairs,
				  size_t count)
{
	efi_handle_t h = *handle;
	efi_status_t status;
	size_t i;

	if (count == 0)
		return EFI_SUCCESS;
	status = h ? db_hold(&efi_db, h) : db_new_held(&efi_db, &h);
	if (status != EFI_SUCCESS)
		return status;
	for (i = 0; i < count && status == EFI_SUCCESS; i++) {
		if (efi_guid_equal(pairs[i].guid, &efi_device_path_protocol_guid) &&
		    db_find_device_path(&efi_db, pairs[i].interface))
			status = EFI_ALREADY_STARTED;
		else
			status = db_install(&efi_db, &h, pairs[i].guid, pairs[i].interface);
	}
	if (status == EFI_SUCCESS) {
		*handle = h;
	} else {
		/* roll back the ones installed before the failure */
		for (size_t j = 0; j + 1 < i; j++)
			db_uninstall(&efi_db, h, pairs[j].guid, pairs[j].interface);
	}
	db_release(&efi_db, h); /* a new handle left empty goes */
	return status;
}

static efi_status_t install_multiple_protocol_interfaces(efi_handle_t *handle, ...)
{
	struct protocol_pair pairs[MAX_MULTIPLE_PROTOCOLS];
	size_t count;
	bool ok;
	va_list ap;

	if (!handle)
		return EFI_INVALID_PARAMETER;
	va_start(ap, handle);
	ok = collect_pairs(ap, pairs, &count);
	va_end(ap);
	if (!ok)
		return EFI_INVALID_PARAMETER;
	return install_pairs(handle, pairs, count);
}

/*
 * All or nothing: a pair that cannot be removed (open BY_DRIVER) puts back
 * the ones removed before it, as the spec asks. Pairs not installed, or named
 * twice, are refused up front. A driver's Stop() run on the way may remove
 * the handle's other protocols, the later pairs among them: the handle is
 * held, so that it outlives its last protocol and the rollback puts the
 * pairs back on it, never on a freed or reused handle.
 */
static efi_status_t uninstall_pairs(efi_handle_t handle, const struct protocol_pair *pairs,
				    size_t count)
{
	size_t removed;

	for (size_t i = 0; i < count; i++) {
		void *current;

		if (db_get(&efi_db, handle, pairs[i].guid, &current) != EFI_SUCCESS ||
		    current != pairs[i].interface)
			return EFI_INVALID_PARAMETER;
		for (size_t j = 0; j < i; j++)
			if (efi_guid_equal(pairs[i].guid, pairs[j].guid))
				return EFI_INVALID_PARAMETER;
	}
	if (db_hold(&efi_db, handle) != EFI_SUCCESS)
		return EFI_INVALID_PARAMETER;
	for (removed = 0; removed < count; removed++)
		if (uninstall_one(handle, pairs[removed].guid, pairs[removed].interface) !=
		    EFI_SUCCESS)
			break;
	if (removed == count) {
		db_release(&efi_db, handle);
		return EFI_SUCCESS;
	}
	while (removed-- > 0)
		db_install(&efi_db, &handle, pairs[removed].guid, pairs[removed].interface);
	db_release(&efi_db, handle);
	return EFI_INVALID_PARAMETER;
}

static efi_status_t uninstall_multiple_protocol_interfaces(efi_handle_t handle, ...)
{
	struct protocol_pair pairs[MAX_MULTIPLE_PROTOCOLS];
	size_t count;
	bool ok;
	va_list ap;

	va_start(ap, handle);
	ok = collect_pairs(ap, pairs, &count);
	va_end(ap);
	if (!ok)
		return EFI_INVALID_PARAMETER;
	return uninstall_pairs(handle, pairs, count);
}

static efi_status_t calculate_crc32(void *data, uint64_t size, uint32_t *crc)
{
	if (!data || !size || !crc)
		return EFI_INVALID_PARAMETER;
	*crc = crc32(data, size);
	return EFI_SUCCESS;
}

static void copy_mem(void *dst, void *src, uint64_t len)
{
	memmove(dst, src, len);
}

static void set_mem(void *buf, uint64_t len, uint8_t value)
{
	memset(buf, value, len);
}

efi_boot_services_t efi_boot_services = {
	.raise_tpl = raise_tpl,
	.restore_tpl = restore_tpl,
	.allocate_pages = allocate_pages,
	.free_pages = free_pages,
	.get_memory_map = get_memory_map,
	.allocate_pool = allocate_pool,
	.free_pool = free_pool,
	.create_event = create_event,
	.set_timer = set_timer,
	.wait_for_event = wait_for_event,
	.signal_event = events_signal,
	.close_event = close_event,
	.check_event = events_check,
	.install_protocol_interface = install_protocol_interface,
	.reinstall_protocol_interface = reinstall_protocol_interface,
	.uninstall_protocol_interface = uninstall_protocol_interface,
	.handle_protocol = handle_protocol,
	.register_protocol_notify = register_protocol_notify,
	.locate_handle = locate_handle,
	.locate_device_path = locate_device_path,
	.install_configuration_table = install_configuration_table,
	.load_image = efi_load_image,
	.start_image = efi_start_image,
	.exit = efi_exit,
	.unload_image = efi_unload_image,
	.exit_boot_services = exit_boot_services,
	.get_next_monotonic_count = efi_next_monotonic_count,
	.stall = stall,
	.set_watchdog_timer = set_watchdog_timer,
	.connect_controller = connect_controller,
	.disconnect_controller = disconnect_controller,
	.open_protocol = open_protocol,
	.close_protocol = close_protocol,
	.open_protocol_information = open_protocol_information,
	.protocols_per_handle = protocols_per_handle,
	.locate_handle_buffer = locate_handle_buffer,
	.locate_protocol = locate_protocol,
	.install_multiple_protocol_interfaces = install_multiple_protocol_interfaces,
	.uninstall_multiple_protocol_interfaces = uninstall_multiple_protocol_interfaces,
	.calculate_crc32 = calculate_crc32,
	.copy_mem = copy_mem,
	.set_mem = set_mem,
	.create_event_ex = create_event_ex,
};

static uint64_t clock_ticks(void)
{
	return timer_ticks();
}

static void signal_event(efi_event_t event)
{
	events_signal(event);
}

void efi_boot_services_init(void)
{
	events_init(clock_ticks);
	efi_db.signal = signal_event;
	efi_db_memory_init();
}
