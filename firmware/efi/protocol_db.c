/*
 * Handle/protocol database (see protocol_db.h).
 *
 * Rule -> status:
 *   handle not live, GUID NULL, *handle NULL where required  -> EFI_INVALID_PARAMETER
 *   install: protocol already on the handle                  -> EFI_INVALID_PARAMETER
 *   install: no free protocol slot on the handle, or no
 *            free handle slot and no memory for more         -> EFI_OUT_OF_RESOURCES
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
 *   open BY_DRIVER or EXCLUSIVE: held BY_DRIVER by another
 *         agent, or EXCLUSIVE (a look-up always succeeds)    -> EFI_ACCESS_DENIED
 *   open: no free record in the shared pool and no memory
 *         for more, for a BY_DRIVER/BY_CHILD_CONTROLLER/
 *         EXCLUSIVE open (GET_PROTOCOL and BY_HANDLE_PROTOCOL
 *         then succeed unrecorded)                           -> EFI_OUT_OF_RESOURCES
 *   close: no open record for agent+controller               -> EFI_NOT_FOUND
 *   register notify: guid, event or registration NULL        -> EFI_INVALID_PARAMETER
 *   register notify: all registration slots in use           -> EFI_OUT_OF_RESOURCES
 *   notify next: not a live registration                     -> EFI_INVALID_PARAMETER
 *   notify next: no handle new for the registration          -> EFI_NOT_FOUND
 *
 * Growth: handle slots and open records come in blocks from the alloc hook,
 * each block as large as all before it (so there are few), kept until the
 * end of boot services; a handle's slot never moves.
 */
#include <string.h>

#include "firmware/efi/protocol_db.h"

/* Threads slots[0..count) after tail (the last slot so far, NULL: none). */
static void link_slots(struct db_handle *tail, struct db_handle *slots, size_t count)
{
	for (size_t i = 0; i + 1 < count; i++)
		slots[i].next = &slots[i + 1];
	if (tail)
		tail->next = slots;
}

/* Puts records[0..count) on the free list. */
static void add_free_records(struct protocol_db *db, struct db_open_record *records,
			     size_t count)
{
	for (size_t i = 0; i < count; i++) {
		records[i].next = db->free_opens;
		db->free_opens = &records[i];
	}
	db->open_records += count;
}

void db_init(struct protocol_db *db)
{
	memset(db, 0, sizeof(*db));
	link_slots(NULL, db->first_slots, DB_FIRST_HANDLES);
	db->first_block = (struct db_handle_block){ NULL, db->first_slots, DB_FIRST_HANDLES };
	db->last_block = &db->first_block;
	db->slots = DB_FIRST_HANDLES;
	add_free_records(db, db->first_opens, DB_FIRST_OPEN_RECORDS);
}

void *db_alloc(struct protocol_db *db, size_t bytes, const char *what)
{
	return db->alloc ? db->alloc(bytes, what) : NULL;
}

void db_free(struct protocol_db *db, void *block)
{
	if (db->free && block)
		db->free(block);
}

/* As many records again as there are: false if there is no memory for them. */
static bool grow_records(struct protocol_db *db)
{
	struct db_open_record *more =
		db_alloc(db, db->open_records * sizeof(*more), "protocol database: open records");

	if (!more)
		return false;
	add_free_records(db, more, db->open_records);
	return true;
}

/* As many handle slots again as there are (zeroed, after the last): the first, or NULL. */
static struct db_handle *grow_slots(struct protocol_db *db)
{
	size_t count = db->slots;
	struct db_handle_block *b =
		db_alloc(db, sizeof(*b) + count * sizeof(struct db_handle),
			 "protocol database: handles");
	struct db_handle *last = &db->last_block->slots[db->last_block->count - 1];

	if (!b)
		return NULL;
	*b = (struct db_handle_block){ NULL, (struct db_handle *)(b + 1), count };
	memset(b->slots, 0, count * sizeof(struct db_handle));
	link_slots(last, b->slots, count);
	db->last_block->next = b;
	db->last_block = b;
	db->slots += count;
	return b->slots;
}

/* Unlinks the record *link names and puts it back in the pool. */
static void free_record(struct protocol_db *db, struct db_open_record **link)
{
	struct db_open_record *r = *link;

	*link = r->next;
	r->next = db->free_opens;
	db->free_opens = r;
}

static void free_records(struct protocol_db *db, struct db_protocol *p)
{
	while (p->opens)
		free_record(db, &p->opens);
}

/* The live handle slot `handle` names; NULL for NULL or anything else. */
static struct db_handle *slot_of(const struct protocol_db *db, efi_handle_t handle)
{
	for (const struct db_handle_block *b = &db->first_block; b; b = b->next) {
		uintptr_t offset = (uintptr_t)handle - (uintptr_t)b->slots;

		if (offset < b->count * sizeof(struct db_handle) &&
		    offset % sizeof(struct db_handle) == 0)
			return b->slots[offset / sizeof(struct db_handle)].in_use
				       ? &b->slots[offset / sizeof(struct db_handle)]
				       : NULL;
	}
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

/* A driver binding came or went: the driver order connect.c keeps is stale. */
static void note_driver_change(struct protocol_db *db, const efi_guid_t *guid)
{
	if (efi_guid_equal(guid, &efi_driver_binding_protocol_guid))
		db->driver_changes++;
}

/*
 * Marks h new for guid's registrations (once), then signals their events
 * (whose notifies may re-enter).
 */
static void notify_installed(struct protocol_db *db, struct db_handle *h, const efi_guid_t *guid)
{
	bool signal[DB_MAX_NOTIFIES] = { false };

	note_driver_change(db, guid);
	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++) {
		struct db_notify *n = &db->notifies[i];

		if (!n->in_use || !efi_guid_equal(&n->guid, guid))
			continue;
		if (!h->queued[i])
			h->queued[i] = ++db->notify_clock;
		signal[i] = true;
	}
	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++)
		if (signal[i] && db->signal && db->notifies[i].in_use)
			db->signal(db->notifies[i].event);
}

/* h no longer carries guid: it is not new for guid's registrations any more. */
static void notify_uninstalled(struct protocol_db *db, struct db_handle *h,
			       const efi_guid_t *guid)
{
	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++)
		if (db->notifies[i].in_use && efi_guid_equal(&db->notifies[i].guid, guid))
			h->queued[i] = 0;
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
		for (struct db_handle *h = db_slots(db); h; h = h->next)
			h->queued[i] = 0; /* a registration before in this slot leaves no marks */
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
	struct db_handle *oldest = NULL;
	size_t r = DB_MAX_NOTIFIES;

	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++)
		if (registration == (void *)&db->notifies[i] && db->notifies[i].in_use)
			r = i;
	if (r == DB_MAX_NOTIFIES || !handle)
		return EFI_INVALID_PARAMETER;
	for (struct db_handle *h = db_slots(db); h; h = h->next)
		if (h->in_use && h->queued[r] && (!oldest || h->queued[r] < oldest->queued[r]))
			oldest = h;
	if (!oldest)
		return EFI_NOT_FOUND;
	*handle = oldest;
	if (take)
		oldest->queued[r] = 0;
	return EFI_SUCCESS;
}

void db_notify_forget_event(struct protocol_db *db, efi_event_t event)
{
	for (size_t i = 0; i < DB_MAX_NOTIFIES; i++)
		if (db->notifies[i].in_use && db->notifies[i].event == event)
			db->notifies[i].in_use = false;
}

/* The first free slot, or a grown block's first; NULL if there is no memory for one. */
static struct db_handle *new_handle(struct protocol_db *db)
{
	struct db_handle *h = db_slots(db);

	while (h && h->in_use)
		h = h->next;
	if (!h)
		h = grow_slots(db);
	if (h) {
		struct db_handle *next = h->next;

		memset(h, 0, sizeof(*h));
		h->next = next;
		h->in_use = true;
	}
	return h;
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

static bool held_by_driver(const struct db_protocol *p)
{
	for (const struct db_open_record *r = p->opens; r; r = r->next)
		if (r->entry.attributes & (EFI_OPEN_PROTOCOL_BY_DRIVER | EFI_OPEN_PROTOCOL_EXCLUSIVE))
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
	return held_by_driver(*pp) ? EFI_ACCESS_DENIED : EFI_SUCCESS;
}

/*
 * A handle that is gone leaves no open records naming it as agent or
 * controller: a new handle in the same slot must not inherit them.
 */
static void forget_handle(struct protocol_db *db, const struct db_handle *gone)
{
	for (struct db_handle *h = db_slots(db); h; h = h->next) {
		for (uint32_t j = 0; h->in_use && j < h->count; j++) {
			for (struct db_open_record **link = &h->protocols[j].opens; *link;) {
				const efi_open_protocol_information_entry_t *o = &(*link)->entry;

				if (o->agent_handle == gone || o->controller_handle == gone)
					free_record(db, link);
				else
					link = &(*link)->next;
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
	note_driver_change(db, guid);
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
	for (const struct db_handle *h = db_slots(db); h; h = h->next)
		if (matches(h, search_type, guid))
			need += sizeof(efi_handle_t);
	if (need == 0)
		return EFI_NOT_FOUND;
	if (*buffer_size < need) {
		*buffer_size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!buffer)
		return EFI_INVALID_PARAMETER;
	for (struct db_handle *h = db_slots(db); h; h = h->next)
		if (matches(h, search_type, guid))
			*buffer++ = (efi_handle_t)h;
	*buffer_size = need;
	return EFI_SUCCESS;
}

efi_status_t db_locate_protocol(const struct protocol_db *db, const efi_guid_t *guid,
				void **interface)
{
	if (!guid || !interface)
		return EFI_INVALID_PARAMETER;
	for (struct db_handle *h = db_slots(db); h; h = h->next) {
		if (matches(h, EFI_BY_PROTOCOL, guid)) {
			*interface = find_protocol(h, guid)->interface;
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
	for (const struct db_handle *h = db_slots(db); h; h = h->next) {
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

	for (const struct db_handle *h = db_slots(db); size && h; h = h->next) {
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

static efi_status_t check_conflicts(const struct db_protocol *p, efi_handle_t agent,
				    uint32_t attributes)
{
	bool wants_driver = attributes & EFI_OPEN_PROTOCOL_BY_DRIVER;
	bool wants_exclusive = attributes & EFI_OPEN_PROTOCOL_EXCLUSIVE;

	/* UEFI 2.10 7.3: only driver and exclusive opens can be refused; a look-up always works */
	if (!wants_driver && !wants_exclusive)
		return EFI_SUCCESS;
	for (const struct db_open_record *r = p->opens; r; r = r->next) {
		const efi_open_protocol_information_entry_t *o = &r->entry;

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
	struct db_open_record **link = &p->opens, *r;

	for (; *link; link = &(*link)->next) {
		o = &(*link)->entry;
		if (o->agent_handle == agent && o->controller_handle == controller &&
		    o->attributes == attributes) {
			o->open_count++;
			return EFI_SUCCESS;
		}
	}
	if (!db->free_opens && !grow_records(db)) {
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
	r = db->free_opens;
	db->free_opens = r->next;
	r->next = NULL;
	*link = r;
	o = &r->entry;
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
	status = check_conflicts(p, agent, attributes);
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
	for (struct db_open_record **link = &p->opens; *link;) {
		const efi_open_protocol_information_entry_t *o = &(*link)->entry;

		if (o->agent_handle == agent && o->controller_handle == controller) {
			free_record(db, link);
			removed = true;
		} else {
			link = &(*link)->next;
		}
	}
	return removed ? EFI_SUCCESS : EFI_NOT_FOUND;
}

efi_status_t db_open_record(const struct protocol_db *db, efi_handle_t handle,
			    const efi_guid_t *guid, uint32_t index,
			    efi_open_protocol_information_entry_t *entry)
{
	struct db_protocol *p;
	const struct db_open_record *r;
	efi_status_t status;

	if (!guid || !entry)
		return EFI_INVALID_PARAMETER;
	status = handle_protocol(db, handle, guid, &p);
	if (status != EFI_SUCCESS)
		return status;
	for (r = p->opens; r && index; r = r->next)
		index--;
	if (!r)
		return EFI_NOT_FOUND;
	*entry = r->entry;
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
