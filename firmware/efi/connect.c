/*
 * The EFI driver model (see connect.h).
 *
 * Rule -> status:
 *   connect: controller not a live handle                       -> EFI_INVALID_PARAMETER
 *   connect: no driver's Supported() and Start() succeeded      -> EFI_NOT_FOUND
 *   disconnect: controller, or a non-NULL driver or child, not
 *     a live handle                                             -> EFI_INVALID_PARAMETER
 *   disconnect: a driver's Stop() fails                         -> that status
 *   disconnect: children left after the driver stopped them     -> EFI_DEVICE_ERROR
 *   disconnect: nothing manages the controller (or child)       -> EFI_SUCCESS
 *
 * Drivers run arbitrary code that changes the database (opens, new child
 * handles, even uninstalling themselves), so every list here is a snapshot
 * and each driver is looked up again right before it is called. A recursive
 * connect goes CONNECT_MAX_DEPTH levels of children deep at most.
 */
#include "firmware/efi/connect.h"

/* Children or drivers of one handle: distinct handles, so no more than there are. */
#define MAX_RECORDS DB_MAX_HANDLES

struct driver {
	efi_handle_t handle;
	efi_driver_binding_t *binding;
	bool done;
};

static efi_driver_binding_t *binding_of(struct protocol_db *db, efi_handle_t handle)
{
	void *binding = NULL;

	if (db_get(db, handle, &efi_driver_binding_protocol_guid, &binding) != EFI_SUCCESS)
		return NULL;
	return binding;
}

static bool listed(const struct driver *list, size_t n, efi_handle_t handle)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].handle == handle)
			return true;
	return false;
}

/* The caller's drivers in its order, then the others by Version, highest first. */
static size_t driver_order(struct protocol_db *db, efi_handle_t *drivers, struct driver *list)
{
	size_t n = 0, first_free;

	for (size_t i = 0; drivers && i < DB_MAX_HANDLES && drivers[i]; i++) {
		efi_driver_binding_t *b = binding_of(db, drivers[i]);

		if (b && !listed(list, n, drivers[i]))
			list[n++] = (struct driver){ drivers[i], b, false };
	}
	first_free = n;
	for (size_t i = 0; i < DB_MAX_HANDLES; i++) {
		efi_handle_t h = &db->handles[i];
		efi_driver_binding_t *b = db->handles[i].in_use ? binding_of(db, h) : NULL;
		size_t at = n;

		if (!b || listed(list, n, h))
			continue;
		while (at > first_free && list[at - 1].binding->version < b->version) {
			list[at] = list[at - 1];
			at--;
		}
		list[at] = (struct driver){ h, b, false };
		n++;
	}
	return n;
}

/* Children: controllers of BY_CHILD_CONTROLLER opens on the parent's protocols (by agent, if given). */
static size_t children_of(const struct protocol_db *db, efi_handle_t parent, efi_handle_t agent,
			  efi_handle_t *out)
{
	efi_guid_t *guids[DB_MAX_PROTOCOLS];
	uint32_t count = 0;
	size_t n = 0;

	if (db_protocols(db, parent, guids, &count) != EFI_SUCCESS)
		return 0;
	for (uint32_t i = 0; i < count; i++) {
		efi_open_protocol_information_entry_t o;

		for (uint32_t j = 0; db_open_record(db, parent, guids[i], j, &o) == EFI_SUCCESS; j++) {
			bool seen = false;

			if (!(o.attributes & EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER) ||
			    (agent && o.agent_handle != agent))
				continue;
			for (size_t k = 0; k < n; k++)
				seen |= out[k] == o.controller_handle;
			if (!seen && n < MAX_RECORDS)
				out[n++] = o.controller_handle;
		}
	}
	return n;
}

/* The drivers for one controller: true if one started. Not inlined: its list stays off the recursion's frames. */
static __attribute__((noinline)) bool connect_one(struct protocol_db *db, efi_handle_t controller, efi_handle_t *drivers,
			efi_device_path_t *remaining)
{
	struct driver list[DB_MAX_HANDLES];
	size_t n = driver_order(db, drivers, list);
	bool started = false, again = true;

	/* a started driver may make others applicable: go round until none starts */
	while (again) {
		again = false;
		for (size_t i = 0; i < n && !again; i++) {
			struct driver *d = &list[i];

			if (d->done || binding_of(db, d->handle) != d->binding ||
			    !db_handle_valid(db, controller))
				continue;
			if (d->binding->supported(d->binding, controller, remaining) != EFI_SUCCESS)
				continue;
			d->done = true;
			if (d->binding->start(d->binding, controller, remaining) == EFI_SUCCESS)
				started = again = true;
		}
	}
	return started;
}

/*
 * The children, and theirs, down to CONNECT_MAX_DEPTH levels (disk,
 * partition, file system is three): each level costs a snapshot of handles
 * on the caller's stack.
 */
static void connect_children(struct protocol_db *db, efi_handle_t controller, unsigned depth)
{
	efi_handle_t children[MAX_RECORDS];
	size_t n;

	if (depth >= CONNECT_MAX_DEPTH)
		return;
	n = children_of(db, controller, NULL, children);
	for (size_t i = 0; i < n; i++) {
		if (!db_handle_valid(db, children[i]))
			continue;
		connect_one(db, children[i], NULL, NULL);
		connect_children(db, children[i], depth + 1);
	}
}

efi_status_t db_connect(struct protocol_db *db, efi_handle_t controller, efi_handle_t *drivers,
			efi_device_path_t *remaining, bool recursive)
{
	bool started;

	if (!db_handle_valid(db, controller))
		return EFI_INVALID_PARAMETER;
	started = connect_one(db, controller, drivers, remaining);
	if (recursive)
		connect_children(db, controller, 0);
	return started ? EFI_SUCCESS : EFI_NOT_FOUND;
}

/* Agents holding any of controller's protocols BY_DRIVER (only `only`, if given). */
static size_t managing_drivers(const struct protocol_db *db, efi_handle_t controller,
			       efi_handle_t only, efi_handle_t *out)
{
	efi_guid_t *guids[DB_MAX_PROTOCOLS];
	uint32_t count = 0;
	size_t n = 0;

	db_protocols(db, controller, guids, &count);
	for (uint32_t i = 0; i < count; i++) {
		efi_open_protocol_information_entry_t o;

		for (uint32_t j = 0; db_open_record(db, controller, guids[i], j, &o) == EFI_SUCCESS;
		     j++) {
			efi_handle_t agent = o.agent_handle;
			bool seen = false;

			if (!(o.attributes & EFI_OPEN_PROTOCOL_BY_DRIVER) || (only && agent != only))
				continue;
			for (size_t k = 0; k < n; k++)
				seen |= out[k] == agent;
			if (!seen && n < MAX_RECORDS)
				out[n++] = agent;
		}
	}
	return n;
}

static efi_status_t stop_driver(struct protocol_db *db, efi_handle_t controller,
				efi_handle_t agent, efi_handle_t child)
{
	efi_driver_binding_t *b = binding_of(db, agent);
	efi_handle_t children[MAX_RECORDS];
	size_t n;
	efi_status_t status;

	if (!b)
		return EFI_SUCCESS; /* opened BY_DRIVER by something that is no driver */
	n = children_of(db, controller, agent, children);
	if (child) {
		bool mine = false;

		for (size_t i = 0; i < n; i++)
			mine |= children[i] == child;
		if (!mine)
			return EFI_SUCCESS;
		status = b->stop(b, controller, 1, &child);
	} else {
		status = n ? b->stop(b, controller, n, children) : EFI_SUCCESS;
	}
	if (status != EFI_SUCCESS)
		return status;
	/* the driver lets go of the controller itself only once it has no children left */
	if (children_of(db, controller, agent, children))
		return child ? EFI_SUCCESS : EFI_DEVICE_ERROR;
	return b->stop(b, controller, 0, NULL);
}

efi_status_t db_disconnect(struct protocol_db *db, efi_handle_t controller, efi_handle_t driver,
			   efi_handle_t child)
{
	efi_handle_t agents[MAX_RECORDS];
	size_t n;

	if (!db_handle_valid(db, controller) || (driver && !db_handle_valid(db, driver)) ||
	    (child && !db_handle_valid(db, child)))
		return EFI_INVALID_PARAMETER;
	n = managing_drivers(db, controller, driver, agents);
	for (size_t i = 0; i < n; i++) {
		efi_status_t status = stop_driver(db, controller, agents[i], child);

		if (status != EFI_SUCCESS)
			return status;
	}
	return EFI_SUCCESS;
}

efi_status_t db_install_driver(struct protocol_db *db, efi_driver_binding_t *binding,
			       efi_handle_t image)
{
	efi_handle_t handle = NULL;
	efi_status_t status = db_install(db, &handle, &efi_driver_binding_protocol_guid, binding);

	binding->image_handle = image;
	binding->driver_binding_handle = handle;
	return status;
}
