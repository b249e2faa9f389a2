/*
 * Handle/protocol database (see protocol_db.h).
 *
 * Rule -> status:
 *   handle not live, GUID NULL, *handle NULL where required  -> EFI_INVALID_PARAMETER
 *   install: protocol already on the handle                  -> EFI_INVALID_PARAMETER
 *   install: no free handle or protocol slot                 -> EFI_OUT_OF_RESOURCES
 *   uninstall/reinstall: protocol+interface not on handle    -> EFI_NOT_FOUND
 *   uninstall/reinstall: opened BY_DRIVER or EXCLUSIVE       -> EFI_ACCESS_DENIED
 *   (a handle's last uninstall also drops the open records naming it as agent or controller;
 *    a held handle goes at its release instead)
 *   locate: search type other than all/by-protocol           -> EFI_INVALID_PARAMETER
 *   locate: nothing matches                                  -> EFI_NOT_FOUND
 *   open: attributes not one of the spec's combinations,
 *         or agent/controller not live where required        -> EFI_INVALID_PARAMETER
 *   open: protocol not on handle                             -> EFI_UNSUPPORTED
 *   open: BY_DRIVER again by the same agent                  -> EFI_ALREADY_STARTED
 *   open: held BY_DRIVER by another agent, or EXCLUSIVE      -> EFI_ACCESS_DENIED
 *   open: no room for a BY_DRIVER/BY_CHILD_CONTROLLER/
 *         EXCLUSIVE record in the shared pool (GET_PROTOCOL
 *         and BY_HANDLE_PROTOCOL then succeed unrecorded)    -> EFI_OUT_OF_RESOURCES
 *   close: no open record for agent+controller               -> EFI_NOT_FOUND
 *   register notify: guid, event or registration NULL        -> EFI_INVALID_PARAMETER
 *   register notify: all registration slots in use           -> EFI_OUT_OF_RESOURCES
 *   notify next: not a live registration                     -> EFI_INVALID_PARAMETER
 *   notify next: no handle new for the registration          -> EFI_NOT_FOUND
 */
#include <string.h>

#include "firmware/efi/protocol_db.h"

void db_init(struct protocol_db *db)
{
	memset(db, 0, sizeof(*db));
	for (uint16_t i = 1; i < DB_MAX_OPEN_RECORDS; i++)
		db->opens[i - 1].next = (uint16_t)(i + 1);
	db->free_open = 1;
}

/*
 * Open records live in one pool (db->opens), each protocol instance keeping
 * a list of its own in the order they were made; indexes are 1-based so
 * that a zeroed instance has none.
 */
static struct db_open_record *rec(const struct protocol_db *db, uint16_t i)
{
	return (struct db_open_record *)&db->opens[i - 1];
}

/* Unlinks the record *link names and puts it back in the pool. */
static void free_record(struct protocol_db *db, uint16_t *link)
{
	uint16_t i = *link;

	*link = rec(db, i)->next;
	rec(db, i)->next = db->free_open;
	db->free_open = i;
}

static void free_records(struct protocol_db *db, struct db_protocol *p)
{
	while (p->first_open)
		free_record(db, &p->first_open);
}

/* The live handle slot `handle` names; NULL for NULL or anything else. */
static struct db_handle *slot_of(const struct protocol_db *db, efi_handle_t handle)
{
	for (size_t i = 0; i < DB_MAX_HANDLES; i++)
		if ((const void *)&db->handles[i] == handle && db->handles[i].in_use)
			return (struct db_handle *)&db->handles[i];
	return NULL;
}

bool db_handle_valid(const struct protocol_db *db, efi_handle_t handle)
{
	return slot_of(db, handle) != NULL;
}

static struct db_protocol *find_protocol(struct db_handle *h, const efi_guid_t *guid)
{
	for (uint32_t i = 0; i < h->count; i++)
		if (efi_guid_equal(&h->protocols[i].guid, guid))
			return &h->protocols[i];
	return NULL;
}

/*
 * The protocol `guid` on a live handle: EFI_INVALID_PARAMETER for a bad
 * handle, EFI_NOT_FOUND if the handle does not carry it.
 */
static efi_status_t handle_protocol(const struct protocol_db *db, efi_handle_t handle,
				    const efi_guid_t *guid, struct db_protocol **p)
{
	struct db_handle *h = slot_of(db, handle);

	if (!h)
		return EFI_INVALID_PARAMETER;
	*p = find_protocol(h, guid);
	return *p ? EFI_SUCCESS : EFI_NOT_FOUND;
}

/* Queues h for guid's registrations, then signals their events (whose notifies may re-enter). */
static void notify_installed(struct protocol_db *db, struct db_handle *h, const efi_guid_t *guid)
{
	bool signal[DB_MAX_NOTIFIES] = { false };

	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++) {
		struct db_notify *n = &db->notifies[i];
		bool queued = false;

		if (!n->in_use || !efi_guid_equal(&n->guid, guid))
			continue;
		for (uint32_t j = 0; j < n->pending; j++)
			queued |= n->queue[j] == h;
		/* a handle is queued at most once, so the queue cannot overflow */
		if (!queued)
			n->queue[n->pending++] = h;
		signal[i] = true;
	}
	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++)
		if (signal[i] && db->signal && db->notifies[i].in_use)
			db->signal(db->notifies[i].event);
}

static void drop_from_queue(struct db_notify *n, uint32_t at)
{
	for (uint32_t j = at; j + 1 < n->pending; j++)
		n->queue[j] = n->queue[j + 1];
	n->pending--;
}

/* h no longer carries guid: it is not new for guid's registrations any more. */
static void notify_uninstalled(struct protocol_db *db, struct db_handle *h,
			       const efi_guid_t *guid)
{
	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++) {
		struct db_notify *n = &db->notifies[i];

		if (!n->in_use || !efi_guid_equal(&n->guid, guid))
			continue;
		for (uint32_t j = 0; j < n->pending; j++)
			if (n->queue[j] == h)
				drop_from_queue(n, j--);
	}
}

efi_status_t db_register_notify(struct protocol_db *db, const efi_guid_t *guid,
				efi_event_t event, void **registration)
{
	if (!guid || !event || !registration)
		return EFI_INVALID_PARAMETER;
	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++) {
		struct db_notify *n = &db->notifies[i];

		if (n->in_use)
			continue;
		memset(n, 0, sizeof(*n));
		n->in_use = true;
		n->guid = *guid;
		n->event = event;
		*registration = n;
		return EFI_SUCCESS;
	}
	return EFI_OUT_OF_RESOURCES;
}

efi_status_t db_notify_next(struct protocol_db *db, void *registration, bool take,
			    efi_handle_t *handle)
{
	struct db_notify *n = NULL;

	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++)
		if (registration == (void *)&db->notifies[i] && db->notifies[i].in_use)
			n = &db->notifies[i];
	if (!n || !handle)
		return EFI_INVALID_PARAMETER;
	if (n->pending == 0)
		return EFI_NOT_FOUND;
	*handle = n->queue[0];
	if (take)
		drop_from_queue(n, 0);
	return EFI_SUCCESS;
}

void db_notify_forget_event(struct protocol_db *db, efi_event_t event)
{
	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++)
		if (db->notifies[i].in_use && db->notifies[i].event == event)
			db->notifies[i].in_use = false;
}

static struct db_handle *new_handle(struct protocol_db *db)
{
	for (size_t i = 0; i < DB_MAX_HANDLES; i++) {
		if (!db->handles[i].in_use) {
			memset(&db->handles[i], 0, sizeof(db->handles[i]));
			db->handles[i].in_use = true;
			return &db->handles[i];
		}
	}
	return NULL;
}

efi_status_t db_install(struct protocol_db *db, efi_handle_t *handle, const efi_guid_t *guid,
			void *interface)
{
	struct db_handle *h;
	struct db_protocol *p;

	if (!handle || !guid)
		return EFI_INVALID_PARAMETER;
	if (*handle) {
		h = slot_of(db, *handle);
		if (!h)
			return EFI_INVALID_PARAMETER;
		if (find_protocol(h, guid))
			return EFI_INVALID_PARAMETER;
		if (h->count >= DB_MAX_PROTOCOLS)
			return EFI_OUT_OF_RESOURCES;
	} else {
		h = new_handle(db);
		if (!h)
			return EFI_OUT_OF_RESOURCES;
	}
	p = &h->protocols[h->count++];
	memset(p, 0, sizeof(*p));
	p->guid = *guid;
	p->interface = interface;
	*handle = h;
	notify_installed(db, h, guid);
	return EFI_SUCCESS;
}

static bool held_by_driver(const struct protocol_db *db, const struct db_protocol *p)
{
	for (uint16_t i = p->first_open; i; i = rec(db, i)->next)
		if (rec(db, i)->entry.attributes &
		    (EFI_OPEN_PROTOCOL_BY_DRIVER | EFI_OPEN_PROTOCOL_EXCLUSIVE))
			return true;
	return false;
}

/* The live protocol instance (guid, interface) on handle, with its status if absent. */
static efi_status_t lookup_instance(const struct protocol_db *db, efi_handle_t handle,
				    const efi_guid_t *guid, void *interface,
				    struct db_handle **hp, struct db_protocol **pp)
{
	if (!guid)
		return EFI_INVALID_PARAMETER;
	*hp = slot_of(db, handle);
	if (!*hp)
		return EFI_INVALID_PARAMETER;
	*pp = find_protocol(*hp, guid);
	if (!*pp || (*pp)->interface != interface)
		return EFI_NOT_FOUND;
	return held_by_driver(db, *pp) ? EFI_ACCESS_DENIED : EFI_SUCCESS;
}

/*
 * A handle that is gone leaves no open records naming it as agent or
 * controller: a new handle in the same slot must not inherit them.
 */
static void forget_handle(struct protocol_db *db, const struct db_handle *gone)
{
	for (size_t i = 0; i < DB_MAX_HANDLES; i++) {
		struct db_handle *h = &db->handles[i];

		for (uint32_t j = 0; h->in_use && j < h->count; j++) {
			struct db_protocol *p = &h->protocols[j];

			for (uint16_t *link = &p->first_open; *link;) {
				const efi_open_protocol_information_entry_t *o = &rec(db, *link)->entry;

				if (o->agent_handle == gone || o->controller_handle == gone)
					free_record(db, link);
				else
					link = &rec(db, *link)->next;
			}
		}
	}
}

/* A handle without protocols (and without holds) is gone. */
static void drop_handle(struct protocol_db *db, struct db_handle *h)
{
	h->in_use = false;
	forget_handle(db, h);
}

efi_status_t db_uninstall(struct protocol_db *db, efi_handle_t handle, const efi_guid_t *guid,
			  void *interface)
{
	struct db_handle *h;
	struct db_protocol *p;
	efi_status_t status = lookup_instance(db, handle, guid, interface, &h, &p);
	size_t idx;

	if (status != EFI_SUCCESS)
		return status;
	notify_uninstalled(db, h, guid);
	free_records(db, p); /* look-ups and children's records go with the instance */
	idx = (size_t)(p - h->protocols);
	for (size_t i = idx; i + 1 < h->count; i++)
		h->protocols[i] = h->protocols[i + 1];
	if (--h->count == 0 && !h->holds)
		drop_handle(db, h);
	return EFI_SUCCESS;
}

efi_status_t db_hold(struct protocol_db *db, efi_handle_t handle)
{
	struct db_handle *h = slot_of(db, handle);

	if (!h)
		return EFI_INVALID_PARAMETER;
	h->holds++;
	return EFI_SUCCESS;
}

efi_status_t db_new_held(struct protocol_db *db, efi_handle_t *handle)
{
	struct db_handle *h = new_handle(db);

	if (!h)
		return EFI_OUT_OF_RESOURCES;
	h->holds = 1;
	*handle = h;
	return EFI_SUCCESS;
}

void db_release(struct protocol_db *db, efi_handle_t handle)
{
	struct db_handle *h = slot_of(db, handle);

	if (h && h->holds && --h->holds == 0 && h->count == 0)
		drop_handle(db, h);
}

efi_status_t db_reinstall(struct protocol_db *db, efi_handle_t handle, const efi_guid_t *guid,
			  void *old_interface, void *new_interface)
{
	struct db_handle *h;
	struct db_protocol *p;
	efi_status_t status = lookup_instance(db, handle, guid, old_interface, &h, &p);

	if (status != EFI_SUCCESS)
		return status;
	p->interface = new_interface;
	free_records(db, p); /* GET_PROTOCOL users must re-open the new instance */
	notify_installed(db, h, guid);
	return EFI_SUCCESS;
}

efi_status_t db_get(const struct protocol_db *db, efi_handle_t handle, const efi_guid_t *guid,
		    void **interface)
{
	struct db_protocol *p;
	efi_status_t status;

	if (!guid || !interface)
		return EFI_INVALID_PARAMETER;
	status = handle_protocol(db, handle, guid, &p);
	if (status == EFI_NOT_FOUND) {
		*interface = NULL;
		return EFI_UNSUPPORTED;
	}
	if (status == EFI_SUCCESS)
		*interface = p->interface;
	return status;
}

static bool matches(const struct db_handle *h, uint32_t search_type, const efi_guid_t *guid)
{
	if (!h->in_use)
		return false;
	return search_type == EFI_ALL_HANDLES ||
	       find_protocol((struct db_handle *)h, guid) != NULL;
}

efi_status_t db_locate_handles(const struct protocol_db *db, uint32_t search_type,
			       const efi_guid_t *guid, uint64_t *buffer_size,
			       efi_handle_t *buffer)
{
	uint64_t need = 0;

	if (!buffer_size || (search_type != EFI_ALL_HANDLES && search_type != EFI_BY_PROTOCOL) ||
	    (search_type == EFI_BY_PROTOCOL && !guid))
		return EFI_INVALID_PARAMETER;
	for (size_t i = 0; i < DB_MAX_HANDLES; i++)
		if (matches(&db->handles[i], search_type, guid))
			need += sizeof(efi_handle_t);
	if (need == 0)
		return EFI_NOT_FOUND;
	if (*buffer_size < need) {
		*buffer_size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!buffer)
		return EFI_INVALID_PARAMETER;
	for (size_t i = 0, n = 0; i < DB_MAX_HANDLES; i++)
		if (matches(&db->handles[i], search_type, guid))
			buffer[n++] = (efi_handle_t)&db->handles[i];
	*buffer_size = need;
	return EFI_SUCCESS;
}

efi_status_t db_locate_protocol(const struct protocol_db *db, const efi_guid_t *guid,
				void **interface)
{
	if (!guid || !interface)
		return EFI_INVALID_PARAMETER;
	for (size_t i = 0; i < DB_MAX_HANDLES; i++) {
		if (matches(&db->handles[i], EFI_BY_PROTOCOL, guid)) {
			*interface = find_protocol((struct db_handle *)&db->handles[i], guid)->interface;
			return EFI_SUCCESS;
		}
	}
	*interface = NULL;
	return EFI_NOT_FOUND;
}

static size_t node_len(const efi_device_path_t *n)
{
	return (size_t)n->length[0] | (size_t)n->length[1] << 8;
}

static bool is_end(const efi_device_path_t *n)
{
	return n->type == EFI_DP_TYPE_END && n->sub_type == EFI_DP_END_ENTIRE;
}

static const efi_device_path_t *next_node(const efi_device_path_t *n)
{
	return (const efi_device_path_t *)((const uint8_t *)n + node_len(n));
}

size_t dp_size(const efi_device_path_t *path)
{
	size_t total = 0;

	for (unsigned i = 0; path && i < DP_MAX_NODES; i++) {
		if (node_len(path) < sizeof(*path))
			return 0;
		total += node_len(path);
		if (is_end(path))
			return total;
		path = next_node(path);
	}
	return 0;
}

/* True if the nodes of `prefix` (before its end) begin `path`; *bytes = their size. */
static bool is_prefix(const efi_device_path_t *prefix, const efi_device_path_t *path,
		      size_t *bytes)
{
	*bytes = 0;
	if (!dp_size(prefix) || !dp_size(path))
		return false;
	while (!is_end(prefix)) {
		if (is_end(path) || node_len(prefix) != node_len(path) ||
		    memcmp(prefix, path, node_len(prefix)) != 0)
			return false;
		*bytes += node_len(prefix);
		prefix = next_node(prefix);
		path = next_node(path);
	}
	return true;
}

efi_status_t db_locate_device_path(const struct protocol_db *db, const efi_guid_t *guid,
				   efi_device_path_t **path, efi_handle_t *device)
{
	size_t best = 0;
	const struct db_handle *found = NULL;

	if (!guid || !path || !*path || !device)
		return EFI_INVALID_PARAMETER;
	for (size_t i = 0; i < DB_MAX_HANDLES; i++) {
		const struct db_handle *h = &db->handles[i];
		struct db_protocol *dp;
		size_t n;

		if (!matches(h, EFI_BY_PROTOCOL, guid))
			continue;
		dp = find_protocol((struct db_handle *)h, &efi_device_path_protocol_guid);
		if (dp && is_prefix(dp->interface, *path, &n) && (!found || n > best)) {
			best = n;
			found = h;
		}
	}
	if (!found)
		return EFI_NOT_FOUND;
	*path = (efi_device_path_t *)((uint8_t *)*path + best);
	*device = (efi_handle_t)found;
	return EFI_SUCCESS;
}

efi_handle_t db_find_device_path(const struct protocol_db *db, const efi_device_path_t *path)
{
	size_t size = dp_size(path);

	for (size_t i = 0; size && i < DB_MAX_HANDLES; i++) {
		const struct db_handle *h = &db->handles[i];
		struct db_protocol *dp;

		if (!h->in_use)
			continue;
		dp = find_protocol((struct db_handle *)h, &efi_device_path_protocol_guid);
		if (dp && dp_size(dp->interface) == size && memcmp(dp->interface, path, size) == 0)
			return (efi_handle_t)h;
	}
	return NULL;
}

static bool valid_open_attributes(uint32_t a)
{
	switch (a) {
	case EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL:
	case EFI_OPEN_PROTOCOL_GET_PROTOCOL:
	case EFI_OPEN_PROTOCOL_TEST_PROTOCOL:
	case EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER:
	case EFI_OPEN_PROTOCOL_BY_DRIVER:
	case EFI_OPEN_PROTOCOL_BY_DRIVER | EFI_OPEN_PROTOCOL_EXCLUSIVE:
	case EFI_OPEN_PROTOCOL_EXCLUSIVE:
		return true;
	default:
		return false;
	}
}

static efi_status_t check_conflicts(const struct protocol_db *db, const struct db_protocol *p,
				    efi_handle_t agent, uint32_t attributes)
{
	bool wants_driver = attributes & EFI_OPEN_PROTOCOL_BY_DRIVER;
	bool wants_exclusive = attributes & EFI_OPEN_PROTOCOL_EXCLUSIVE;

	for (uint16_t i = p->first_open; i; i = rec(db, i)->next) {
		const efi_open_protocol_information_entry_t *o = &rec(db, i)->entry;

		if (o->attributes & EFI_OPEN_PROTOCOL_EXCLUSIVE)
			return o->agent_handle == agent ? EFI_ALREADY_STARTED : EFI_ACCESS_DENIED;
		if ((wants_driver || wants_exclusive) &&
		    (o->attributes & EFI_OPEN_PROTOCOL_BY_DRIVER))
			return o->agent_handle == agent && !wants_exclusive ? EFI_ALREADY_STARTED
									     : EFI_ACCESS_DENIED;
	}
	return EFI_SUCCESS;
}

static efi_status_t add_open_record(struct protocol_db *db, struct db_protocol *p,
				    efi_handle_t agent, efi_handle_t controller, uint32_t attributes)
{
	efi_open_protocol_information_entry_t *o;
	uint16_t *link = &p->first_open, i;

	for (; *link; link = &rec(db, *link)->next) {
		o = &rec(db, *link)->entry;
		if (o->agent_handle == agent && o->controller_handle == controller &&
		    o->attributes == attributes) {
			o->open_count++;
			return EFI_SUCCESS;
		}
	}
	if (!db->free_open) {
		/*
		 * A plain look-up has nothing to enforce: it succeeds unrecorded
		 * (OpenProtocol has no out-of-resources status); only opens whose
		 * record is their meaning (driver, child, exclusive) are refused.
		 */
		if (attributes == EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL ||
		    attributes == EFI_OPEN_PROTOCOL_GET_PROTOCOL)
			return EFI_SUCCESS;
		return EFI_OUT_OF_RESOURCES;
	}
	/* the pool's first free record goes to the end of the instance's list */
	i = db->free_open;
	db->free_open = rec(db, i)->next;
	rec(db, i)->next = 0;
	*link = i;
	o = &rec(db, i)->entry;
	o->agent_handle = agent;
	o->controller_handle = controller;
	o->attributes = attributes;
	o->open_count = 1;
	return EFI_SUCCESS;
}

efi_status_t db_open(struct protocol_db *db, efi_handle_t handle, const efi_guid_t *guid,
		     void **interface, efi_handle_t agent, efi_handle_t controller,
		     uint32_t attributes)
{
	struct db_protocol *p;
	bool needs_agent = attributes & (EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER |
					 EFI_OPEN_PROTOCOL_BY_DRIVER | EFI_OPEN_PROTOCOL_EXCLUSIVE);
	efi_status_t status;

	if (!guid || !valid_open_attributes(attributes) ||
	    (!interface && attributes != EFI_OPEN_PROTOCOL_TEST_PROTOCOL))
		return EFI_INVALID_PARAMETER;
	if ((needs_agent && !db_handle_valid(db, agent)) ||
	    ((attributes & (EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER | EFI_OPEN_PROTOCOL_BY_DRIVER)) &&
	     !db_handle_valid(db, controller)))
		return EFI_INVALID_PARAMETER;
	status = handle_protocol(db, handle, guid, &p);
	if (status == EFI_NOT_FOUND) {
		if (interface && attributes != EFI_OPEN_PROTOCOL_TEST_PROTOCOL)
			*interface = NULL;
		return EFI_UNSUPPORTED;
	}
	if (status != EFI_SUCCESS)
		return status;
	if (attributes == EFI_OPEN_PROTOCOL_TEST_PROTOCOL)
		return EFI_SUCCESS;
	status = check_conflicts(db, p, agent, attributes);
	if (status == EFI_SUCCESS)
		status = add_open_record(db, p, agent, controller, attributes);
	if (status == EFI_SUCCESS || status == EFI_ALREADY_STARTED)
		*interface = p->interface;
	return status;
}

efi_status_t db_close(struct protocol_db *db, efi_handle_t handle, const efi_guid_t *guid,
		      efi_handle_t agent, efi_handle_t controller)
{
	struct db_protocol *p;
	bool removed = false;
	efi_status_t status;

	if (!guid || !db_handle_valid(db, agent) ||
	    (controller && !db_handle_valid(db, controller)))
		return EFI_INVALID_PARAMETER;
	status = handle_protocol(db, handle, guid, &p);
	if (status != EFI_SUCCESS)
		return status;
	for (uint16_t *link = &p->first_open; *link;) {
		const efi_open_protocol_information_entry_t *o = &rec(db, *link)->entry;

		if (o->agent_handle == agent && o->controller_handle == controller) {
			free_record(db, link);
			removed = true;
		} else {
			link = &rec(db, *link)->next;
		}
	}
	return removed ? EFI_SUCCESS : EFI_NOT_FOUND;
}

efi_status_t db_open_record(const struct protocol_db *db, efi_handle_t handle,
			    const efi_guid_t *guid, uint32_t index,
			    efi_open_protocol_information_entry_t *entry)
{
	struct db_protocol *p;
	efi_status_t status;
	uint16_t i;

	if (!guid || !entry)
		return EFI_INVALID_PARAMETER;
	status = handle_protocol(db, handle, guid, &p);
	if (status != EFI_SUCCESS)
		return status;
	for (i = p->first_open; i && index; i = rec(db, i)->next)
		index--;
	if (!i)
		return EFI_NOT_FOUND;
	*entry = rec(db, i)->entry;
	return EFI_SUCCESS;
}

efi_status_t db_protocols(const struct protocol_db *db, efi_handle_t handle, efi_guid_t **guids,
			  uint32_t *count)
{
	struct db_handle *h = slot_of(db, handle);

	if (!h || !guids || !count)
		return EFI_INVALID_PARAMETER;
	for (uint32_t i = 0; i < h->count; i++)
		guids[i] = &h->protocols[i].guid;
	*count = h->count;
	return EFI_SUCCESS;
}
