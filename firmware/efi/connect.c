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
 *
 * The lists (drivers, a controller's children or managing agents) are as
 * long as they need to be: up to ON_STACK entries on the stack, as every
 * boot's are, longer ones (a disk's hundreds of partitions) from the
 * database's memory; if there is none for one (named by the alloc hook),
 * that connect or disconnect does nothing.
 */
#include "firmware/efi/connect.h"

#define ON_STACK 16

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

/* Handles with a driver binding: driver_order() lists no more. */
static size_t count_drivers(struct protocol_db *db)
{
	size_t n = 0;

	for (struct db_handle *h = db_slots(db); h; h = h->next)
		n += h->in_use && binding_of(db, h);
	return n;
}

/*
 * The caller's drivers in its order, then the others by Version, highest
 * first: distinct driver handles, so no more than count_drivers() (max).
 */
static size_t driver_order(struct protocol_db *db, efi_handle_t *drivers, struct driver *list,
			   size_t max)
{
	size_t n = 0, first_free;

	/* a list of distinct handles is no longer than there are slots */
	for (size_t i = 0; drivers && i < db->slots && drivers[i] && n < max; i++) {
		efi_driver_binding_t *b = binding_of(db, drivers[i]);

		if (b && !listed(list, n, drivers[i]))
			list[n++] = (struct driver){ drivers[i], b, false };
	}
	first_free = n;
	for (struct db_handle *h = db_slots(db); h && n < max; h = h->next) {
		efi_driver_binding_t *b = h->in_use ? binding_of(db, h) : NULL;
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

/*
 * Children: controllers of BY_CHILD_CONTROLLER opens on the parent's
 * protocols (by agent, if given); the first max into out, and how many
 * there are.
 */
static size_t children_of(const struct protocol_db *db, efi_handle_t parent, efi_handle_t agent,
			  efi_handle_t *out, size_t max)
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
			for (size_t k = 0; k < n && k < max; k++)
				seen |= out[k] == o.controller_handle;
			if (seen)
				continue;
			if (n < max)
				out[n] = o.controller_handle;
			n++;
		}
	}
	return n;
}

/*
 * children_of() and managing_drivers(): the distinct handles found, the
 * first max into out. The count is exact up to max; past it, an upper bound
 * (a handle beyond out is not checked against the others beyond it).
 */
typedef size_t collect_fn(const struct protocol_db *db, efi_handle_t of, efi_handle_t only,
			  efi_handle_t *out, size_t max);

/*
 * The handles collect() finds for (of, only): in stack (ON_STACK entries)
 * if they fit, else in memory from the database (list_done() frees it);
 * NULL and *n = 0 if there is none.
 */
static efi_handle_t *collect_list(struct protocol_db *db, collect_fn *collect, efi_handle_t of,
				  efi_handle_t only, efi_handle_t *stack, size_t *n,
				  const char *what)
{
	efi_handle_t *list;

	*n = collect(db, of, only, stack, ON_STACK);
	if (*n <= ON_STACK)
		return stack;
	list = db_alloc(db, *n * sizeof(*list), what);
	if (!list) {
		*n = 0;
		return NULL;
	}
	*n = collect(db, of, only, list, *n);
	return list;
}

static void list_done(struct protocol_db *db, void *list, void *stack)
{
	if (list != stack)
		db_free(db, list);
}

/*
 * The drivers in the order they are tried, made for the caller's list (or
 * none), and the database's driver_changes then: it holds for the next
 * controller too while no driver binding came or went (a disk's hundreds of
 * partitions are not each worth a walk over every handle).
 */
struct order {
	struct driver *list, stack[ON_STACK];
	size_t n;
	uint32_t changes;
};

static bool order_make(struct protocol_db *db, efi_handle_t *drivers, struct order *o)
{
	size_t max = count_drivers(db);

	o->list = o->stack;
	if (max > ON_STACK)
		o->list = db_alloc(db, max * sizeof(*o->list), "ConnectController: driver list");
	if (!o->list)
		return false;
	o->n = driver_order(db, drivers, o->list, max);
	o->changes = db->driver_changes;
	return true;
}

static void order_done(struct protocol_db *db, struct order *o)
{
	list_done(db, o->list, o->stack);
}

/* The drivers for one controller, in o's order: true if one started. */
static bool connect_one(struct protocol_db *db, efi_handle_t controller, struct order *o,
			efi_device_path_t *remaining)
{
	bool started = false, again = true;

	for (size_t i = 0; i < o->n; i++)
		o->list[i].done = false;
	/* a started driver may make others applicable: go round until none starts */
	while (again) {
		again = false;
		for (size_t i = 0; i < o->n && !again; i++) {
			struct driver *d = &o->list[i];

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
 * and a driver order on the caller's stack. Not inlined: a level's lists
 * stay off the frames of the drivers it calls.
 */
static __attribute__((noinline)) void connect_children(struct protocol_db *db,
						       efi_handle_t controller, unsigned depth)
{
	efi_handle_t stack[ON_STACK], *children;
	struct order o = { .list = NULL };
	size_t n;

	if (depth >= CONNECT_MAX_DEPTH)
		return;
	children = collect_list(db, children_of, controller, NULL, stack, &n,
				"ConnectController: children");
	for (size_t i = 0; i < n; i++) {
		if (!db_handle_valid(db, children[i]))
			continue;
		if (!o.list || o.changes != db->driver_changes) {
			if (o.list)
				order_done(db, &o);
			if (!order_make(db, NULL, &o))
				break;
		}
		connect_one(db, children[i], &o, NULL);
		connect_children(db, children[i], depth + 1);
	}
	if (o.list)
		order_done(db, &o);
	list_done(db, children, stack);
}

efi_status_t db_connect(struct protocol_db *db, efi_handle_t controller, efi_handle_t *drivers,
			efi_device_path_t *remaining, bool recursive)
{
	struct order o;
	bool started = false;

	if (!db_handle_valid(db, controller))
		return EFI_INVALID_PARAMETER;
	if (order_make(db, drivers, &o)) {
		started = connect_one(db, controller, &o, remaining);
		order_done(db, &o);
	}
	if (recursive)
		connect_children(db, controller, 0);
	return started ? EFI_SUCCESS : EFI_NOT_FOUND;
}

/*
 * Agents holding any of controller's protocols BY_DRIVER (only `only`, if
 * given), listed as children_of() lists children.
 */
static size_t managing_drivers(const struct protocol_db *db, efi_handle_t controller,
			       efi_handle_t only, efi_handle_t *out, size_t max)
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
			for (size_t k = 0; k < n && k < max; k++)
				seen |= out[k] == agent;
			if (seen)
				continue;
			if (n < max)
				out[n] = agent;
			n++;
		}
	}
	return n;
}

static efi_status_t stop_driver(struct protocol_db *db, efi_handle_t controller,
				efi_handle_t agent, efi_handle_t child)
{
	efi_driver_binding_t *b = binding_of(db, agent);
	efi_handle_t stack[ON_STACK], *children;
	size_t n;
	bool mine = !child; /* child NULL: all of them */
	efi_status_t status = EFI_SUCCESS;

	if (!b)
		return EFI_SUCCESS; /* opened BY_DRIVER by something that is no driver */
	children = collect_list(db, children_of, controller, agent, stack, &n,
				"DisconnectController: children");
	if (!children)
		return EFI_OUT_OF_RESOURCES;
	for (size_t i = 0; child && i < n; i++)
		mine |= children[i] == child;
	if (child && mine)
		status = b->stop(b, controller, 1, &child);
	else if (!child && n)
		status = b->stop(b, controller, n, children);
	list_done(db, children, stack);
	if (status != EFI_SUCCESS || !mine)
		return status;
	/* the driver lets go of the controller itself only once it has no children left */
	if (children_of(db, controller, agent, NULL, 0))
		return child ? EFI_SUCCESS : EFI_DEVICE_ERROR;
	return b->stop(b, controller, 0, NULL);
}

efi_status_t db_disconnect(struct protocol_db *db, efi_handle_t controller, efi_handle_t driver,
			   efi_handle_t child)
{
	efi_handle_t stack[ON_STACK], *agents;
	efi_status_t status = EFI_SUCCESS;
	size_t n;

	if (!db_handle_valid(db, controller) || (driver && !db_handle_valid(db, driver)) ||
	    (child && !db_handle_valid(db, child)))
		return EFI_INVALID_PARAMETER;
	agents = collect_list(db, managing_drivers, controller, driver, stack, &n,
			      "DisconnectController: drivers");
	if (!agents)
		return EFI_OUT_OF_RESOURCES;
	for (size_t i = 0; i < n && status == EFI_SUCCESS; i++)
		status = stop_driver(db, controller, agents[i], child);
	list_done(db, agents, stack);
	return status;
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
