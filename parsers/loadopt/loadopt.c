/*
 * EFI_LOAD_OPTION and BootOrder validation.
 *
 * Rule (checked in this order)                              -> status
 *   len >= 6 (Attributes, FilePathListLength)                -> LOADOPT_ERR_TRUNCATED
 *   a NUL unit ends the description before the buffer does   -> LOADOPT_ERR_DESCRIPTION
 *   FilePathListLength > 0                                   -> LOADOPT_ERR_NO_PATH
 *   FilePathListLength <= bytes after the description        -> LOADOPT_ERR_PATH_BEYOND
 *   the first path passes devpath_check() inside the list    -> LOADOPT_ERR_PATH
 *   BootOrder: even byte count                               -> LOADOPT_ERR_ORDER_ODD
 *   BootOrder: at most LOADOPT_MAX_ORDER entries             -> LOADOPT_ERR_ORDER_TOO_MANY
 *
 * Everything after the path list is OptionalData (the loader's arguments).
 * The description walk is bounded by the buffer; a description that starts
 * at an odd offset is impossible (the header is 6 bytes).
 */
#include "parsers/loadopt/loadopt.h"

#include "parsers/bytes/bytes.h"
#include "parsers/bytes/status_message.h"
#include "parsers/devpath/devpath.h"

static const char *const messages[LOADOPT_ERR_COUNT_] = {
	[LOADOPT_OK] = "ok",
	[LOADOPT_ERR_TRUNCATED] = "load option shorter than its 6-byte header",
	[LOADOPT_ERR_DESCRIPTION] = "load option description without a NUL",
	[LOADOPT_ERR_NO_PATH] = "load option without a device path",
	[LOADOPT_ERR_PATH_BEYOND] = "load option path list beyond its end",
	[LOADOPT_ERR_PATH] = "load option device path malformed",
	[LOADOPT_ERR_ORDER_ODD] = "BootOrder has an odd byte count",
	[LOADOPT_ERR_ORDER_TOO_MANY] = "BootOrder has more than 128 entries",
	[LOADOPT_ERR_BOOTORDER_LINE] = "bootorder line names no disk",
	[LOADOPT_ERR_BOOTORDER_END] = "bootorder has no line left",
};

const char *loadopt_strerror(int status)
{
	return bytes_status_message(messages, LOADOPT_ERR_COUNT_, status,
				    "unknown load option status");
}

int loadopt_parse(const void *buf, size_t len, struct loadopt *opt, int *path_status)
{
	const uint8_t *p = buf;
	size_t list_len, off = LOADOPT_HEADER_SIZE, units = 0, path_size;
	int err;

	*path_status = DEVPATH_OK;
	if (len < LOADOPT_HEADER_SIZE)
		return LOADOPT_ERR_TRUNCATED;
	for (;; units++, off += 2) {
		if (len - off < 2)
			return LOADOPT_ERR_DESCRIPTION;
		if (bytes_le16(p + off) == 0)
			break;
	}
	off += 2;
	list_len = bytes_le16(p + 4);
	if (list_len == 0)
		return LOADOPT_ERR_NO_PATH;
	if (list_len > len - off)
		return LOADOPT_ERR_PATH_BEYOND;
	err = devpath_check(p + off, list_len, &path_size);
	if (err) {
		*path_status = err;
		return LOADOPT_ERR_PATH;
	}
	opt->attributes = bytes_le32(p);
	opt->description = p + LOADOPT_HEADER_SIZE;
	opt->description_units = units;
	opt->file_path = p + off;
	opt->file_path_size = path_size;
	opt->optional_data = p + off + list_len;
	opt->optional_data_size = len - off - list_len;
	return LOADOPT_OK;
}

int loadopt_boot_order(const void *buf, size_t len, uint16_t *out, size_t *count)
{
	const uint8_t *p = buf;

	if (len % 2)
		return LOADOPT_ERR_ORDER_ODD;
	if (len / 2 > LOADOPT_MAX_ORDER)
		return LOADOPT_ERR_ORDER_TOO_MANY;
	for (size_t i = 0; i < len / 2; i++)
		out[i] = bytes_le16(p + 2 * i);
	*count = len / 2;
	return LOADOPT_OK;
}
