/*
 * UEFI variables: a RAM copy of all of them, packed in insertion order as
 * parsers/varstore records (header, UTF-16 name, data, padded to 8 bytes;
 * read through its byte-wise accessors, never a pointer cast), and the
 * non-volatile ones persisted in flash through parsers/varstore's writer
 * before SetVariable returns. Runtime code: no libc.
 *
 * Rule -> status (SetVariable):
 *   name or GUID NULL, name empty or unterminated/too long  -> EFI_INVALID_PARAMETER
 *   authenticated-write or hardware-error-record attribute   -> EFI_UNSUPPORTED
 *   a write (not a delete) without BOOTSERVICE_ACCESS        -> EFI_INVALID_PARAMETER
 *   data NULL with a nonzero size                            -> EFI_INVALID_PARAMETER
 *   after ExitBootServices: writing without RUNTIME_ACCESS   -> EFI_INVALID_PARAMETER
 *   append of 0 bytes: nothing changes, not even creation    -> EFI_SUCCESS
 *   delete (no access bits, or size 0 without APPEND) of a missing
 *   or (at runtime) boot-only variable                       -> EFI_NOT_FOUND
 *   existing variable rewritten with other attributes        -> EFI_INVALID_PARAMETER
 *   result does not fit RAM, or (non-volatile) a flash area  -> EFI_OUT_OF_RESOURCES
 *   flash program/erase failed: RAM and flash keep the old value -> EFI_DEVICE_ERROR
 *   non-volatile write (or delete) whose format of a window without a
 *   store failed: RAM keeps the old value, the next one tries again -> EFI_DEVICE_ERROR
 * GetVariable: NULL name/GUID/size -> EFI_INVALID_PARAMETER; missing or
 *   invisible -> EFI_NOT_FOUND; too small -> EFI_BUFFER_TOO_SMALL with the
 *   size (and attributes); data NULL -> EFI_INVALID_PARAMETER.
 * GetNextVariableName: NULL args or unterminated name -> EFI_INVALID_PARAMETER;
 *   a non-empty name that is not a visible variable -> EFI_INVALID_PARAMETER;
 *   past the last -> EFI_NOT_FOUND; too small -> EFI_BUFFER_TOO_SMALL with the size.
 * Flash window without a valid store (blank, all zero, garbage): read as no
 *   variables and left untouched (a boot writing no non-volatile variable
 *   costs no erase, and a bank of foreign data is not destroyed before it
 *   must be); the first non-volatile write (or delete) formats it, then
 *   appends. A bank known to refuse writes (the backend asks the chip
 *   without writing, before the first non-volatile write of a boot:
 *   varstore_flash_read_only()) is not persistent: non-volatile writes stay
 *   in RAM, as documented for a missing bank, and its store, if it has one,
 *   stays loaded. Any other bank takes the write or fails it: a failed
 *   format loses no data silently.
 * Persistence: a non-volatile write appends a record; when the active area is
 * full (or its tail damaged) every non-volatile variable, with the new value,
 * is compacted into the other area. Either way the flash holds the new value
 * before RAM changes, so a power cut never loses a write that returned.
 */
#include "firmware/efi/varstore.h"
#include "firmware/efi/rt.h"

#define ACCESS_BITS                                                                      \
	(EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS |                   \
	 EFI_VARIABLE_RUNTIME_ACCESS)
#define UNSUPPORTED_BITS                                                                 \
	(EFI_VARIABLE_HARDWARE_ERROR_RECORD | EFI_VARIABLE_AUTHENTICATED_WRITE_ACCESS |  \
	 EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS |                            \
	 EFI_VARIABLE_ENHANCED_AUTHENTICATED_ACCESS)
/* Every bit UEFI 2.10 defines; any other makes the call invalid (and must never reach flash). */
#define DEFINED_BITS (ACCESS_BITS | UNSUPPORTED_BITS | EFI_VARIABLE_APPEND_WRITE)
#define HEADER VARSTORE_RECORD_HEADER_SIZE
/* Record header fields the RAM copy reads (parsers/varstore/varstore_check.c). */
#define OFF_GUID 16
#define OFF_ATTRIBUTES 32
#define OFF_NAME_SIZE 36
#define OFF_DATA_SIZE 40
#define NO_ENTRY UINT64_MAX

/* An entry of the RAM copy, at buf + off. */
struct entry {
	uint8_t *p;
	uint32_t attributes, name_size, data_size;
};

RUNTIME_CODE static struct entry entry_at(const struct varstore *vs, uint64_t off)
{
	struct entry e;

	e.p = vs->buf + off;
	e.attributes = varstore_get_le32(e.p + OFF_ATTRIBUTES);
	e.name_size = varstore_get_le32(e.p + OFF_NAME_SIZE);
	e.data_size = varstore_get_le32(e.p + OFF_DATA_SIZE);
	return e;
}

RUNTIME_CODE static uint64_t size_at(const struct varstore *vs, uint64_t off)
{
	struct entry e = entry_at(vs, off);

	return varstore_record_size(e.name_size, e.data_size);
}

RUNTIME_CODE static bool visible(uint32_t attributes, bool at_runtime)
{
	return !at_runtime || (attributes & EFI_VARIABLE_RUNTIME_ACCESS);
}

RUNTIME_CODE static bool find(const struct varstore *vs, const void *name, uint64_t name_size,
			      const void *guid, uint64_t *off)
{
	for (uint64_t o = 0; o < vs->used; o += size_at(vs, o)) {
		struct entry e = entry_at(vs, o);

		if (e.name_size == name_size && rt_memcmp(e.p + OFF_GUID, guid, 16) == 0 &&
		    rt_memcmp(e.p + HEADER, name, name_size) == 0) {
			*off = o;
			return true;
		}
	}
	return false;
}

RUNTIME_CODE void varstore_init(struct varstore *vs, void *buf, uint64_t cap)
{
	vs->buf = buf;
	vs->cap = cap & ~7ull;
	vs->used = 0;
	vs->nv_used = 0;
	vs->persistent = false;
	vs->unformatted = VARSTORE_OK;
	vs->ask_first = false;
}

RUNTIME_CODE efi_status_t varstore_get(const struct varstore *vs, const efi_char16_t *name,
				       const efi_guid_t *guid, uint32_t *attributes,
				       uint64_t *data_size, void *data, bool at_runtime)
{
	uint64_t name_size, off;
	struct entry e;

	if (!name || !guid || !data_size)
		return EFI_INVALID_PARAMETER;
	name_size = rt_str16_size(name, VARSTORE_MAX_NAME_BYTES);
	if (name_size < 4 || !find(vs, name, name_size, guid, &off))
		return name_size ? EFI_NOT_FOUND : EFI_INVALID_PARAMETER;
	e = entry_at(vs, off);
	if (!visible(e.attributes, at_runtime))
		return EFI_NOT_FOUND;
	if (attributes)
		*attributes = e.attributes;
	if (*data_size < e.data_size) {
		*data_size = e.data_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!data)
		return EFI_INVALID_PARAMETER;
	rt_memmove(data, e.p + HEADER + e.name_size, e.data_size);
	*data_size = e.data_size;
	return EFI_SUCCESS;
}

/* Offset of the first visible entry at or after off, or vs->used. */
RUNTIME_CODE static uint64_t next_visible(const struct varstore *vs, uint64_t off,
					  bool at_runtime)
{
	while (off < vs->used && !visible(entry_at(vs, off).attributes, at_runtime))
		off += size_at(vs, off);
	return off;
}

RUNTIME_CODE efi_status_t varstore_next_name(const struct varstore *vs, uint64_t *name_size,
					     efi_char16_t *name, efi_guid_t *guid, bool at_runtime)
{
	uint64_t in_size, off = 0;
	struct entry e;

	if (!name_size || !name || !guid)
		return EFI_INVALID_PARAMETER;
	in_size = rt_str16_size(name, *name_size);
	if (in_size == 0)
		return EFI_INVALID_PARAMETER;
	if (in_size > 2) {
		if (!find(vs, name, in_size, guid, &off) ||
		    !visible(entry_at(vs, off).attributes, at_runtime))
			return EFI_INVALID_PARAMETER;
		off += size_at(vs, off);
	}
	off = next_visible(vs, off, at_runtime);
	if (off >= vs->used)
		return EFI_NOT_FOUND;
	e = entry_at(vs, off);
	if (*name_size < e.name_size) {
		*name_size = e.name_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	rt_memmove(name, e.p + HEADER, e.name_size);
	rt_memmove(guid, e.p + OFF_GUID, sizeof(*guid));
	*name_size = e.name_size;
	return EFI_SUCCESS;
}

/* Grows or shrinks the entry at off to new_size bytes, moving the entries after it. */
RUNTIME_CODE static void resize_entry(struct varstore *vs, uint64_t off, uint64_t new_size)
{
	uint64_t old_size = size_at(vs, off);

	if (new_size == old_size)
		return;
	rt_memmove(vs->buf + off + new_size, vs->buf + off + old_size, vs->used - off - old_size);
	vs->used = vs->used - old_size + new_size;
}

/* The value a write leaves: the old data (appends) and the new. */
RUNTIME_CODE static void value_of(struct varstore_value *v, const void *guid, const void *name,
				  uint64_t name_size, uint32_t attributes, const uint8_t *old,
				  uint64_t old_size, const void *data, uint64_t data_size)
{
	v->guid = guid;
	v->name = name;
	v->name_size = (uint32_t)name_size;
	v->attributes = attributes;
	v->data[0] = old;
	v->data_size[0] = old_size;
	v->data[1] = data;
	v->data_size[1] = data_size;
}

/* Writes v as the entry at off (whose space is already sized for it). */
RUNTIME_CODE static void put_entry(struct varstore *vs, uint64_t off, const struct varstore_value *v)
{
	struct varstore_header h;
	uint8_t *p = vs->buf + off;

	h.seq = 0;
	for (unsigned i = 0; i < 16; i++)
		h.guid[i] = v->guid[i];
	h.attributes = v->attributes;
	h.name_size = v->name_size;
	h.data_size = (uint32_t)(v->data_size[0] + v->data_size[1]);
	h.body_sum = 0; /* RAM is not checksummed */
	h.committed = true;
	varstore_header_encode(p, &h);
	rt_memmove(p + HEADER, v->name, v->name_size);
	/* an append's old data is already in place: only the new part moves */
	if (v->data[0] != p + HEADER + v->name_size)
		rt_memmove(p + HEADER + v->name_size, v->data[0], v->data_size[0]);
	rt_memmove(p + HEADER + v->name_size + v->data_size[0], v->data[1], v->data_size[1]);
}

bool varstore_append_record(struct varstore *vs, const uint8_t *record, uint64_t size)
{
	if (size > vs->cap - vs->used)
		return false;
	rt_memmove(vs->buf + vs->used, record, size);
	if (entry_at(vs, vs->used).attributes & EFI_VARIABLE_NON_VOLATILE)
		vs->nv_used += size;
	vs->used += size;
	return true;
}

RUNTIME_CODE static efi_status_t log_status(int status)
{
	if (status == VARSTORE_LOG_OK)
		return EFI_SUCCESS;
	return status == VARSTORE_LOG_TOO_BIG ? EFI_OUT_OF_RESOURCES : EFI_DEVICE_ERROR;
}

/* Every non-volatile variable but the one at skip, then v (unless a deletion), into the other area. */
RUNTIME_CODE static efi_status_t compact(struct varstore *vs, const struct varstore_value *v,
					 uint64_t skip)
{
	int status = varstore_log_compact_begin(&vs->log);

	for (uint64_t o = 0; status == VARSTORE_LOG_OK && o < vs->used; o += size_at(vs, o)) {
		struct entry e = entry_at(vs, o);
		struct varstore_value keep;

		if (o == skip || !(e.attributes & EFI_VARIABLE_NON_VOLATILE))
			continue;
		value_of(&keep, e.p + OFF_GUID, e.p + HEADER, e.name_size, e.attributes,
			 e.p + HEADER + e.name_size, e.data_size, NULL, 0);
		status = varstore_log_compact_put(&vs->log, &keep);
	}
	if (status == VARSTORE_LOG_OK && v->attributes)
		status = varstore_log_compact_put(&vs->log, v);
	if (status == VARSTORE_LOG_OK)
		status = varstore_log_compact_end(&vs->log);
	return log_status(status);
}

RUNTIME_CODE bool varstore_format(struct varstore *vs)
{
	struct varstore_log *log = &vs->log;

	if (varstore_log_format(log, log->map, 2 * log->area_size, log->block_size) !=
	    VARSTORE_LOG_OK)
		return false;
	vs->unformatted = VARSTORE_OK;
	return true;
}

/*
 * Before a non-volatile write: the first one asks the bank whether it takes
 * writes (the store turns volatile if not, as for a missing bank), and a
 * window without a store is formatted. EFI_DEVICE_ERROR if the format failed.
 */
RUNTIME_CODE static efi_status_t prepare_flash(struct varstore *vs)
{
	if (vs->persistent && vs->ask_first) {
		vs->ask_first = false;
		if (varstore_flash_read_only()) {
			vs->persistent = false;
			vs->unformatted = VARSTORE_OK; /* nothing left to format */
		}
	}
	if (!vs->persistent || vs->unformatted == VARSTORE_OK)
		return EFI_SUCCESS;
	return varstore_format(vs) ? EFI_SUCCESS : EFI_DEVICE_ERROR;
}

/* Puts v (a value, or a deletion) in flash before the RAM copy changes. */
RUNTIME_CODE static efi_status_t persist(struct varstore *vs, const struct varstore_value *v,
					 uint64_t off)
{
	int status = varstore_log_append(&vs->log, v);

	if (status == VARSTORE_LOG_FULL)
		return compact(vs, v, off);
	return log_status(status);
}

RUNTIME_CODE static efi_status_t check_set_args(const efi_char16_t *name, const efi_guid_t *guid,
						uint32_t attributes, uint64_t data_size,
						const void *data, bool at_runtime, bool deleting)
{
	if (!name || !guid)
		return EFI_INVALID_PARAMETER;
	if (rt_str16_size(name, VARSTORE_MAX_NAME_BYTES) < 4)
		return EFI_INVALID_PARAMETER;
	/* stored, an undefined bit would end the log there at the next boot (varstore_check) */
	if (attributes & ~DEFINED_BITS)
		return EFI_INVALID_PARAMETER;
	if (attributes & UNSUPPORTED_BITS)
		return EFI_UNSUPPORTED;
	if (!deleting && !(attributes & EFI_VARIABLE_BOOTSERVICE_ACCESS))
		return EFI_INVALID_PARAMETER;
	if (data_size && !data)
		return EFI_INVALID_PARAMETER;
	if (at_runtime && !deleting && !(attributes & EFI_VARIABLE_RUNTIME_ACCESS))
		return EFI_INVALID_PARAMETER;
	/* UEFI 2.10 8.2: after ExitBootServices volatile variables are read-only */
	if (at_runtime && !deleting && !(attributes & EFI_VARIABLE_NON_VOLATILE))
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}

RUNTIME_CODE static efi_status_t delete_entry(struct varstore *vs, uint64_t off,
					      const efi_char16_t *name, uint64_t name_size,
					      const efi_guid_t *guid)
{
	struct entry e = entry_at(vs, off);
	uint64_t size = varstore_record_size(e.name_size, e.data_size);

	if ((e.attributes & EFI_VARIABLE_NON_VOLATILE) && prepare_flash(vs) != EFI_SUCCESS)
		return EFI_DEVICE_ERROR;
	if ((e.attributes & EFI_VARIABLE_NON_VOLATILE) && vs->persistent) {
		struct varstore_value v;
		efi_status_t status;

		value_of(&v, guid, name, name_size, 0, NULL, 0, NULL, 0);
		status = persist(vs, &v, off);
		if (status != EFI_SUCCESS)
			return status;
	}
	if (e.attributes & EFI_VARIABLE_NON_VOLATILE)
		vs->nv_used -= size;
	resize_entry(vs, off, 0);
	return EFI_SUCCESS;
}

RUNTIME_CODE efi_status_t varstore_set(struct varstore *vs, const efi_char16_t *name,
				       const efi_guid_t *guid, uint32_t attributes,
				       uint64_t data_size, const void *data, bool at_runtime)
{
	bool append = attributes & EFI_VARIABLE_APPEND_WRITE;
	bool deleting = !(attributes & ACCESS_BITS) || (data_size == 0 && !append);
	uint32_t stored = attributes & ~EFI_VARIABLE_APPEND_WRITE;
	efi_status_t status;
	uint64_t name_size, off = NO_ENTRY, old_size = 0, kept = 0, new_size, nv_after;
	struct varstore_value v;
	struct entry e = { NULL, 0, 0, 0 };

	status = check_set_args(name, guid, attributes, data_size, data, at_runtime, deleting);
	if (status != EFI_SUCCESS)
		return status;
	name_size = rt_str16_size(name, VARSTORE_MAX_NAME_BYTES);
	if (find(vs, name, name_size, guid, &off)) {
		e = entry_at(vs, off);
		old_size = varstore_record_size(e.name_size, e.data_size);
		if (!visible(e.attributes, at_runtime))
			return deleting ? EFI_NOT_FOUND : EFI_INVALID_PARAMETER;
		if (at_runtime && !(e.attributes & EFI_VARIABLE_NON_VOLATILE))
			return EFI_WRITE_PROTECTED;
	}
	if (deleting)
		return off == NO_ENTRY ? EFI_NOT_FOUND : delete_entry(vs, off, name, name_size, guid);
	if (off != NO_ENTRY && e.attributes != stored)
		return EFI_INVALID_PARAMETER;
	if (append && data_size == 0)
		return EFI_SUCCESS;
	if (off != NO_ENTRY && append)
		kept = e.data_size;
	if (data_size > vs->cap || kept + data_size > UINT32_MAX)
		return EFI_OUT_OF_RESOURCES;
	new_size = varstore_record_size(name_size, kept + data_size);
	if (new_size > vs->cap - vs->used + old_size)
		return EFI_OUT_OF_RESOURCES;
	nv_after = vs->nv_used;
	if (stored & EFI_VARIABLE_NON_VOLATILE) {
		nv_after = nv_after - old_size + new_size;
		if (vs->persistent && nv_after > varstore_log_capacity(&vs->log))
			return EFI_OUT_OF_RESOURCES;
	}
	value_of(&v, guid, name, name_size, stored, off == NO_ENTRY ? NULL : e.p + HEADER + name_size,
		 kept, data, data_size);
	if ((stored & EFI_VARIABLE_NON_VOLATILE) && prepare_flash(vs) != EFI_SUCCESS)
		return EFI_DEVICE_ERROR;
	if ((stored & EFI_VARIABLE_NON_VOLATILE) && vs->persistent) {
		status = persist(vs, &v, off);
		if (status != EFI_SUCCESS)
			return status;
	}
	if (off == NO_ENTRY) {
		off = vs->used;
		vs->used += new_size;
	} else {
		resize_entry(vs, off, new_size);
	}
	v.data[0] = vs->buf + off + HEADER + name_size; /* the kept data did not move */
	put_entry(vs, off, &v);
	vs->nv_used = nv_after;
	return EFI_SUCCESS;
}

RUNTIME_CODE efi_status_t varstore_query(const struct varstore *vs, uint32_t attributes,
					 uint64_t *max_storage, uint64_t *remaining,
					 uint64_t *max_variable, bool at_runtime)
{
	uint64_t cap = vs->cap, used = vs->used;

	if (!max_storage || !remaining || !max_variable || (attributes & ~DEFINED_BITS))
		return EFI_INVALID_PARAMETER;
	if (attributes & UNSUPPORTED_BITS)
		return EFI_UNSUPPORTED;
	if (!(attributes & EFI_VARIABLE_BOOTSERVICE_ACCESS))
		return EFI_INVALID_PARAMETER;
	if (at_runtime && !(attributes & EFI_VARIABLE_RUNTIME_ACCESS))
		return EFI_INVALID_PARAMETER;
	*remaining = cap - used;
	if ((attributes & EFI_VARIABLE_NON_VOLATILE) && vs->persistent) {
		cap = varstore_log_capacity(&vs->log);
		/* a write must fit both the flash log and the RAM copy (varstore_set) */
		if (cap - vs->nv_used < *remaining)
			*remaining = cap - vs->nv_used;
	}
	*max_storage = cap;
	*max_variable = cap - HEADER;
	return EFI_SUCCESS;
}
