/*
 * Volatile variable store: packed entries [header | UTF-16 name | data],
 * each padded to 8 bytes, in insertion order. Runtime code: no libc.
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
 *   result does not fit the store                            -> EFI_OUT_OF_RESOURCES
 * GetVariable: NULL name/GUID/size -> EFI_INVALID_PARAMETER; missing or
 *   invisible -> EFI_NOT_FOUND; too small -> EFI_BUFFER_TOO_SMALL with the
 *   size (and attributes); data NULL -> EFI_INVALID_PARAMETER.
 * GetNextVariableName: NULL args or unterminated name -> EFI_INVALID_PARAMETER;
 *   a non-empty name that is not a visible variable -> EFI_INVALID_PARAMETER;
 *   past the last -> EFI_NOT_FOUND; too small -> EFI_BUFFER_TOO_SMALL with the size.
 */
#include "firmware/efi/varstore.h"
#include "firmware/efi/rt.h"

struct var_header {
	efi_guid_t guid;
	uint32_t attributes;
	uint32_t name_size; /* bytes, including the NUL */
	uint64_t data_size;
};

#define ACCESS_BITS                                                                      \
	(EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS |                   \
	 EFI_VARIABLE_RUNTIME_ACCESS)
#define UNSUPPORTED_BITS                                                                 \
	(EFI_VARIABLE_HARDWARE_ERROR_RECORD | EFI_VARIABLE_AUTHENTICATED_WRITE_ACCESS |  \
	 EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS)

RUNTIME_CODE static uint64_t entry_size(uint64_t name_size, uint64_t data_size)
{
	return (sizeof(struct var_header) + name_size + data_size + 7) & ~7ull;
}

RUNTIME_CODE static struct var_header *header_at(const struct varstore *vs, uint64_t off)
{
	return (struct var_header *)(vs->buf + off);
}

RUNTIME_CODE static uint64_t size_at(const struct varstore *vs, uint64_t off)
{
	const struct var_header *h = header_at(vs, off);

	return entry_size(h->name_size, h->data_size);
}

RUNTIME_CODE static bool visible(const struct var_header *h, bool at_runtime)
{
	return !at_runtime || (h->attributes & EFI_VARIABLE_RUNTIME_ACCESS);
}

RUNTIME_CODE static bool find(const struct varstore *vs, const efi_char16_t *name,
			      uint64_t name_size, const efi_guid_t *guid, uint64_t *off)
{
	for (uint64_t o = 0; o < vs->used; o += size_at(vs, o)) {
		const struct var_header *h = header_at(vs, o);

		if (h->name_size == name_size && rt_memcmp(&h->guid, guid, sizeof(*guid)) == 0 &&
		    rt_memcmp(h + 1, name, name_size) == 0) {
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
}

RUNTIME_CODE efi_status_t varstore_get(const struct varstore *vs, const efi_char16_t *name,
				       const efi_guid_t *guid, uint32_t *attributes,
				       uint64_t *data_size, void *data, bool at_runtime)
{
	uint64_t name_size, off;
	const struct var_header *h;

	if (!name || !guid || !data_size)
		return EFI_INVALID_PARAMETER;
	name_size = rt_str16_size(name, VARSTORE_MAX_NAME_BYTES);
	if (name_size < 4 || !find(vs, name, name_size, guid, &off))
		return name_size ? EFI_NOT_FOUND : EFI_INVALID_PARAMETER;
	h = header_at(vs, off);
	if (!visible(h, at_runtime))
		return EFI_NOT_FOUND;
	if (attributes)
		*attributes = h->attributes;
	if (*data_size < h->data_size) {
		*data_size = h->data_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!data)
		return EFI_INVALID_PARAMETER;
	rt_memmove(data, (const uint8_t *)(h + 1) + h->name_size, h->data_size);
	*data_size = h->data_size;
	return EFI_SUCCESS;
}

/* Offset of the first visible entry at or after off, or vs->used. */
RUNTIME_CODE static uint64_t next_visible(const struct varstore *vs, uint64_t off,
					  bool at_runtime)
{
	while (off < vs->used && !visible(header_at(vs, off), at_runtime))
		off += size_at(vs, off);
	return off;
}

RUNTIME_CODE efi_status_t varstore_next_name(const struct varstore *vs, uint64_t *name_size,
					     efi_char16_t *name, efi_guid_t *guid, bool at_runtime)
{
	uint64_t in_size, off = 0;
	const struct var_header *h;

	if (!name_size || !name || !guid)
		return EFI_INVALID_PARAMETER;
	in_size = rt_str16_size(name, *name_size);
	if (in_size == 0)
		return EFI_INVALID_PARAMETER;
	if (in_size > 2) {
		if (!find(vs, name, in_size, guid, &off) ||
		    !visible(header_at(vs, off), at_runtime))
			return EFI_INVALID_PARAMETER;
		off += size_at(vs, off);
	}
	off = next_visible(vs, off, at_runtime);
	if (off >= vs->used)
		return EFI_NOT_FOUND;
	h = header_at(vs, off);
	if (*name_size < h->name_size) {
		*name_size = h->name_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	rt_memmove(name, h + 1, h->name_size);
	rt_memmove(guid, &h->guid, sizeof(*guid));
	*name_size = h->name_size;
	return EFI_SUCCESS;
}

/* Grows or shrinks the entry at off to new_size bytes, moving the entries after it. */
RUNTIME_CODE static void resize_entry(struct varstore *vs, uint64_t off, uint64_t new_size)
{
	uint64_t old_size = size_at(vs, off);

	rt_memmove(vs->buf + off + new_size, vs->buf + off + old_size, vs->used - off - old_size);
	vs->used = vs->used - old_size + new_size;
}

RUNTIME_CODE static efi_status_t check_set_args(const efi_char16_t *name, const efi_guid_t *guid,
						uint32_t attributes, uint64_t data_size,
						const void *data, bool at_runtime, bool deleting)
{
	if (!name || !guid)
		return EFI_INVALID_PARAMETER;
	if (rt_str16_size(name, VARSTORE_MAX_NAME_BYTES) < 4)
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

RUNTIME_CODE static void write_new(struct varstore *vs, const efi_char16_t *name,
				   uint64_t name_size, const efi_guid_t *guid, uint32_t attributes,
				   uint64_t data_size, const void *data)
{
	struct var_header *h = header_at(vs, vs->used);

	rt_memmove(&h->guid, guid, sizeof(*guid));
	h->attributes = attributes;
	h->name_size = (uint32_t)name_size;
	h->data_size = data_size;
	rt_memmove(h + 1, name, name_size);
	rt_memmove((uint8_t *)(h + 1) + name_size, data, data_size);
	vs->used += entry_size(name_size, data_size);
}

RUNTIME_CODE efi_status_t varstore_set(struct varstore *vs, const efi_char16_t *name,
				       const efi_guid_t *guid, uint32_t attributes,
				       uint64_t data_size, const void *data, bool at_runtime)
{
	bool append = attributes & EFI_VARIABLE_APPEND_WRITE;
	bool deleting = !(attributes & ACCESS_BITS) || (data_size == 0 && !append);
	uint32_t stored = attributes & ~EFI_VARIABLE_APPEND_WRITE;
	efi_status_t status;
	uint64_t name_size, off, old_data = 0, new_data, free_bytes;
	bool found;
	struct var_header *h = NULL;

	status = check_set_args(name, guid, attributes, data_size, data, at_runtime, deleting);
	if (status != EFI_SUCCESS)
		return status;
	name_size = rt_str16_size(name, VARSTORE_MAX_NAME_BYTES);
	found = find(vs, name, name_size, guid, &off);
	if (found) {
		h = header_at(vs, off);
		old_data = h->data_size;
		if (!visible(h, at_runtime))
			return deleting ? EFI_NOT_FOUND : EFI_INVALID_PARAMETER;
		if (at_runtime && !(h->attributes & EFI_VARIABLE_NON_VOLATILE))
			return EFI_WRITE_PROTECTED;
	}
	if (deleting) {
		if (!found)
			return EFI_NOT_FOUND;
		resize_entry(vs, off, 0);
		return EFI_SUCCESS;
	}
	if (found && h->attributes != stored)
		return EFI_INVALID_PARAMETER;
	if (append && data_size == 0)
		return EFI_SUCCESS;
	free_bytes = vs->cap - vs->used + (found ? size_at(vs, off) : 0);
	if (data_size > vs->cap)
		return EFI_OUT_OF_RESOURCES;
	new_data = (append ? old_data : 0) + data_size;
	if (entry_size(name_size, new_data) > free_bytes)
		return EFI_OUT_OF_RESOURCES;
	if (!found) {
		write_new(vs, name, name_size, guid, stored, data_size, data);
		return EFI_SUCCESS;
	}
	resize_entry(vs, off, entry_size(name_size, new_data));
	rt_memmove((uint8_t *)(h + 1) + name_size + new_data - data_size, data, data_size);
	h->data_size = new_data;
	return EFI_SUCCESS;
}

RUNTIME_CODE efi_status_t varstore_query(const struct varstore *vs, uint32_t attributes,
					 uint64_t *max_storage, uint64_t *remaining,
					 uint64_t *max_variable, bool at_runtime)
{
	if (!max_storage || !remaining || !max_variable)
		return EFI_INVALID_PARAMETER;
	if (attributes & UNSUPPORTED_BITS)
		return EFI_UNSUPPORTED;
	if (!(attributes & EFI_VARIABLE_BOOTSERVICE_ACCESS))
		return EFI_INVALID_PARAMETER;
	if (at_runtime && !(attributes & EFI_VARIABLE_RUNTIME_ACCESS))
		return EFI_INVALID_PARAMETER;
	*max_storage = vs->cap;
	*remaining = vs->cap - vs->used;
	*max_variable = vs->cap - sizeof(struct var_header);
	return EFI_SUCCESS;
}
