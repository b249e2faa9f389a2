/*
 * The handle/protocol database as a pure module over a caller-owned struct,
 * so host tests drive it directly. It holds DB_FIRST_HANDLES handles and
 * DB_FIRST_OPEN_RECORDS open records in itself (every boot needs no more),
 * and grows past them in blocks from its alloc hook, bounded only by memory.
 * A handle is a pointer to its slot; every entry point validates handles
 * against the slot blocks, so stale or forged handles yield
 * EFI_INVALID_PARAMETER.
 */
#ifndef EFILITE_EFI_PROTOCOL_DB_H
#define EFILITE_EFI_PROTOCOL_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

/* Handles in the database itself: a disk boot's (disks, partitions, images) fit. */
#define DB_FIRST_HANDLES 64
#define DB_MAX_PROTOCOLS 12 /* per handle: a partition has 5, loaders add their own */
/*
 * Open records of all protocol instances together, shared: one instance may
 * hold many (a disk's Block I/O, one BY_CHILD_CONTROLLER record per partition).
 */
#define DB_FIRST_OPEN_RECORDS 256
#define DB_MAX_NOTIFIES 16 /* RegisterProtocolNotify registrations */

/* An open record, on its instance's list or the free list. */
struct db_open_record {
	efi_open_protocol_information_entry_t entry;
	struct db_open_record *next;
};

struct db_protocol {
	efi_guid_t guid;
	void *interface;
	struct db_open_record *opens; /* its open records, oldest first */
};

struct db_handle {
	struct db_handle *next; /* the next slot, in the order slots were made */
	bool in_use;
	uint32_t count;
	uint32_t holds; /* db_hold() calls not yet released: the handle outlives its protocols */
	/* per registration: 0, or when the handle became new for it (the oldest is taken first) */
	uint32_t queued[DB_MAX_NOTIFIES];
	struct db_protocol protocols[DB_MAX_PROTOCOLS];
};

/* Slots in one piece of memory: the database's own, or a block it grew. */
struct db_handle_block {
	struct db_handle_block *next;
	struct db_handle *slots;
	size_t count;
};

/*
 * A RegisterProtocolNotify registration: the handles that got `guid`
 * installed (or reinstalled) since are marked (db_handle.queued) until
 * LocateHandle(ByRegisterNotify) or LocateProtocol takes them.
 */
struct db_notify {
	bool in_use;
	efi_guid_t guid;
	efi_event_t event;
};

struct protocol_db {
	struct db_handle first_slots[DB_FIRST_HANDLES];
	struct db_handle_block first_block; /* over first_slots; grown blocks follow */
	struct db_handle_block *last_block;
	size_t slots;                       /* in all blocks */
	struct db_open_record first_opens[DB_FIRST_OPEN_RECORDS];
	struct db_open_record *free_opens;  /* NULL: none left until the pool grows */
	size_t open_records;                /* made, in use or free */
	struct db_notify notifies[DB_MAX_NOTIFIES];
	uint32_t notify_clock;              /* the last db_handle.queued mark given */
	uint32_t driver_changes;            /* driver bindings installed, reinstalled, uninstalled */
	/* Signals a registration's event (SignalEvent in the firmware); NULL: none. */
	void (*signal)(efi_event_t event);
	/*
	 * Memory to grow into (and scratch lists of connect.c): `bytes` for
	 * `what`, or NULL, which the hook names in a log line (the database
	 * cannot). NULL hook: no growth past the database's own room.
	 */
	void *(*alloc)(size_t bytes, const char *what);
	void (*free)(void *block);
};

void db_init(struct protocol_db *db);
/*
 * RegisterProtocolNotify: *registration names the new registration. NULL
 * guid, event or registration -> EFI_INVALID_PARAMETER; no free slot ->
 * EFI_OUT_OF_RESOURCES. The caller checks that event is live.
 */
efi_status_t db_register_notify(struct protocol_db *db, const efi_guid_t *guid,
				efi_event_t event, void **registration);
/*
 * The oldest handle new for the registration; take removes it from the
 * queue. Not a registration -> EFI_INVALID_PARAMETER; none new -> EFI_NOT_FOUND.
 */
efi_status_t db_notify_next(struct protocol_db *db, void *registration, bool take,
			    efi_handle_t *handle);
/* Drops the registrations of event (CloseEvent). */
void db_notify_forget_event(struct protocol_db *db, efi_event_t event);
bool db_handle_valid(const struct protocol_db *db, efi_handle_t handle);
/*
 * *handle NULL creates a handle. Duplicate protocol on a handle -> EFI_INVALID_PARAMETER.
 * Install and reinstall queue the handle for the guid's registrations and signal their events.
 */
efi_status_t db_install(struct protocol_db *db, efi_handle_t *handle, const efi_guid_t *guid,
			void *interface);
/*
 * Removes the protocol (and the handle once empty, with every open record
 * naming it as agent or controller); refused while opened BY_DRIVER/EXCLUSIVE.
 */
efi_status_t db_uninstall(struct protocol_db *db, efi_handle_t handle, const efi_guid_t *guid,
			  void *interface);
/*
 * For a change in several steps on one handle (UninstallMultipleProtocolInterfaces):
 * while held, a handle whose last protocol goes stays live (and empty), so
 * the steps, or their rollback, never reach a freed or reused slot. Release
 * drops it if it is still empty. Hold: EFI_INVALID_PARAMETER if not live.
 */
efi_status_t db_hold(struct protocol_db *db, efi_handle_t handle);
/*
 * A new handle without protocols, held; EFI_OUT_OF_RESOURCES if no slot is
 * free and there is no memory for more.
 */
efi_status_t db_new_held(struct protocol_db *db, efi_handle_t *handle);
void db_release(struct protocol_db *db, efi_handle_t handle);
efi_status_t db_reinstall(struct protocol_db *db, efi_handle_t handle, const efi_guid_t *guid,
			  void *old_interface, void *new_interface);
efi_status_t db_get(const struct protocol_db *db, efi_handle_t handle, const efi_guid_t *guid,
		    void **interface);
/*
 * LocateHandle for EFI_ALL_HANDLES / EFI_BY_PROTOCOL: fills up to *buffer_size
 * bytes; EFI_BUFFER_TOO_SMALL with the size needed; EFI_NOT_FOUND if none match.
 */
efi_status_t db_locate_handles(const struct protocol_db *db, uint32_t search_type,
			       const efi_guid_t *guid, uint64_t *buffer_size,
			       efi_handle_t *buffer);
efi_status_t db_locate_protocol(const struct protocol_db *db, const efi_guid_t *guid,
				void **interface);
/*
 * LocateDevicePath: the handle supporting guid whose device path is the
 * longest node-wise prefix of *path; *path advances past the matched nodes.
 */
efi_status_t db_locate_device_path(const struct protocol_db *db, const efi_guid_t *guid,
				   efi_device_path_t **path, efi_handle_t *device);
/* A handle carrying a device path identical to path, or NULL. */
efi_handle_t db_find_device_path(const struct protocol_db *db, const efi_device_path_t *path);
efi_status_t db_open(struct protocol_db *db, efi_handle_t handle, const efi_guid_t *guid,
		     void **interface, efi_handle_t agent, efi_handle_t controller,
		     uint32_t attributes);
efi_status_t db_close(struct protocol_db *db, efi_handle_t handle, const efi_guid_t *guid,
		      efi_handle_t agent, efi_handle_t controller);
/*
 * The protocol's open record number index (0 is the first) into *entry:
 * EFI_NOT_FOUND past the last one (or if the handle does not carry the
 * protocol), EFI_INVALID_PARAMETER for a handle that is not live.
 */
efi_status_t db_open_record(const struct protocol_db *db, efi_handle_t handle,
			    const efi_guid_t *guid, uint32_t index,
			    efi_open_protocol_information_entry_t *entry);
/* The GUIDs installed on handle (pointers into the database); guids has DB_MAX_PROTOCOLS room. */
efi_status_t db_protocols(const struct protocol_db *db, efi_handle_t handle,
			  efi_guid_t **guids, uint32_t *count);

/* The first slot (live or not); the others follow through db_handle.next. */
static inline struct db_handle *db_slots(const struct protocol_db *db)
{
	return (struct db_handle *)db->first_slots;
}
/* The alloc and free hooks, NULL-safe: NULL if there is no hook. */
void *db_alloc(struct protocol_db *db, size_t bytes, const char *what);
void db_free(struct protocol_db *db, void *block);

/* Device path helpers (bounded walks of caller memory). */
#define DP_MAX_NODES 256
/* Total bytes of a device path including its end node, or 0 if malformed. */
size_t dp_size(const efi_device_path_t *path);
#endif
