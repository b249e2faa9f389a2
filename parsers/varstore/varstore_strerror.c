#include "parsers/varstore/varstore.h"

static const char *const messages[VARSTORE_ERR_COUNT] = {
	[VARSTORE_OK] = "ok",
	[VARSTORE_END] = "no more records",
	[VARSTORE_ERR_ARGUMENT] = "invalid argument or store size",
	[VARSTORE_ERR_BLANK] = "blank (erased) flash",
	[VARSTORE_ERR_ZERO] = "unwritten (all zero) flash",
	[VARSTORE_ERR_NO_AREA] = "no valid store header",
	[VARSTORE_ERR_AREA_MAGIC] = "area header magic missing",
	[VARSTORE_ERR_AREA_CHECKSUM] = "area header checksum wrong",
	[VARSTORE_ERR_AREA_VERSION] = "unknown store version or header size",
	[VARSTORE_ERR_AREA_SIZE] = "area size is not half of the store",
	[VARSTORE_ERR_AREA_RESERVED] = "reserved area header bytes not erased",
	[VARSTORE_ERR_RECORD_TRUNCATED] = "record header runs past the area",
	[VARSTORE_ERR_RECORD_MAGIC] = "record magic missing",
	[VARSTORE_ERR_RECORD_CHECKSUM] = "record header checksum wrong",
	[VARSTORE_ERR_RECORD_RESERVED] = "reserved record bytes not erased",
	[VARSTORE_ERR_RECORD_NAME_SIZE] = "record name size odd, too small or too large",
	[VARSTORE_ERR_RECORD_NAME] = "record name not a NUL-terminated string",
	[VARSTORE_ERR_RECORD_ATTRIBUTES] = "record attributes not NV|BS[|RT]",
	[VARSTORE_ERR_RECORD_SIZE] = "record runs past the area",
	[VARSTORE_ERR_RECORD_TOMBSTONE] = "deletion record carries data",
	[VARSTORE_ERR_RECORD_SEQUENCE] = "record sequence number not increasing",
	[VARSTORE_ERR_RECORD_COMMIT] = "record commit word torn",
	[VARSTORE_ERR_RECORD_UNCOMMITTED] = "record never committed",
	[VARSTORE_ERR_RECORD_BODY] = "record body checksum wrong",
};

const char *varstore_strerror(int status)
{
	if (status < 0 || status >= VARSTORE_ERR_COUNT)
		return "unknown variable store status";
	return messages[status];
}
