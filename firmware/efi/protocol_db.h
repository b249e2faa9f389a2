/*
 * The handle/protocol database as a pure module over a caller-owned struct
 * (fixed capacity, no allocation), so host tests drive it directly. A handle
 * is a pointer to its slot; every entry point validates handles against the
 * slot array, so stale or forged handles yield EFI_INVALID_PARAMETER.
 */
#ifndef EFILITE_EFI_PROTOCOL_DB_H
#define EFILITE_EFI_PROTOCOL_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

/* Disks: a handle per disk and per partition (16 disks, 128 GPT entries in use in all). */
#define DB_MAX_HANDLES 192
#define DB_MAX_PROTOCOLS 12 /* per handle: a partition has 5, loaders add their own */
/*
 * Open records of all protocol instances together, shared: one instance may
 * hold many (a disk's Block I/O, one BY_CHILD_CONTROLLER record per partition).
 */
#define DB_MAX_OPEN_RECORDS 1024
#define DB_MAX_NOTIFIES 16 /* RegisterProtocolNotify registrations */

/* An open record in the shared pool, on its instance's list (next: 1-based index, 0 ends). */
struct db_open_record {
	efi_open_protocol_information_entry_t entry;
	uint16_t next;
};

struct db_protocol {
	efi_guid_t guid;
	void *interface;
	uint16_t first_open; /* 1-based index of its first open record; 0: none */
};

struct db_handle {
	bool in_use;
	uint32_t count;
	uint32_t holds; /* db_hold() calls not yet released: the handle outlives its protocols */
	struct db_protocol protocols[DB_MAX_PROTOCOLS];
};

/*
 * A RegisterProtocolNotify registration: the handles that got `guid`
 * installed (or reinstalled) since, oldest first, each once, until
 * LocateHandle(ByRegisterNotify) or LocateProtocol takes them.
 */
struct db_notify {
	bool in_use;
	efi_guid_t guid;
	efi_event_t event;
	uint32_t pending;
	struct db_handle *queue[DB_MAX_HANDLES];
};

struct protocol_db {
	struct db_handle handles[DB_MAX_HANDLES];
	struct db_notify notifies[DB_MAX_NOTIFIES];
	struct db_open_record opens[DB_MAX_OPEN_RECORDS];
	uint16_t free_open; /* 1-based index of the first free record; 0: none left */
	/* Signals a registration's event (SignalEvent in the firmware); NULL: none. */
	void (*signal)(efi_event_t event);
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
/* A new handle without protocols, held; EFI_OUT_OF_RESOURCES if no slot is free. */
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

/* Device path helpers (bounded walks of caller memory). */
#define DP_MAX_NODES 256
/* Total bytes of a device path including its end node, or 0 if malformed. */
size_t dp_size(const efi_device_path_t *path);
#endif
