/*
 * Boot time: the flash store's committed records, checked by parsers/varstore,
 * replayed into the RAM copy in log order (the last record of a name wins,
 * a deletion record removes it); a window without a valid store is formatted.
 */
#include "firmware/efi/rt.h"
#include "firmware/efi/varstore.h"

/* Names are copied out of the image: it is byte data, and SetVariable takes UTF-16. */
static void replay(struct varstore *vs, const struct varstore_record *rec)
{
	efi_char16_t name[VARSTORE_MAX_NAME_BYTES / 2];
	efi_guid_t guid;

	rt_memmove(name, rec->name, rec->name_size);
	rt_memmove(&guid, rec->guid, sizeof(guid));
	if (rec->attributes == 0 ||
	    varstore_set(vs, name, &guid, rec->attributes, rec->data_size, rec->data, false) ==
		    EFI_INVALID_PARAMETER) {
		/* deleted, or re-created with other attributes: the record replaces it */
		varstore_set(vs, name, &guid, 0, 0, NULL, false);
		if (rec->attributes)
			varstore_set(vs, name, &guid, rec->attributes, rec->data_size, rec->data,
				     false);
	}
}

bool varstore_attach(struct varstore *vs, const volatile uint8_t *map, const uint8_t *image,
		     uint64_t window_size, uint64_t block_size,
		     struct varstore_attach_result *result)
{
	struct varstore_record rec;
	uint64_t cursor = 0;

	result->log = VARSTORE_LOG_OK;
	result->check = varstore_check(image, window_size, &result->info);
	if (result->check != VARSTORE_OK) {
		result->log = varstore_log_format(&vs->log, map, window_size, block_size);
		vs->persistent = result->log == VARSTORE_LOG_OK;
		return vs->persistent;
	}
	while (varstore_next(image, window_size, &result->info, &cursor, &rec) == VARSTORE_OK)
		replay(vs, &rec);
	varstore_log_open(&vs->log, map, block_size, &result->info);
	vs->persistent = true;
	return true;
}
