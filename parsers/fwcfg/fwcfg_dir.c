/*
 * fw_cfg file directory validation.
 *
 * Rule (checked in this order)                           -> status
 *   len >= 4 (the big-endian count)                       -> FWCFG_DIR_ERR_TOO_SHORT
 *   count <= FWCFG_DIR_MAX_FILES (distinct file selects)  -> FWCFG_DIR_ERR_TOO_MANY
 *   4 + count * 64 <= len                                 -> FWCFG_DIR_ERR_COUNT_OVERFLOW
 *   4 + count * 64 == len                                 -> FWCFG_DIR_ERR_TRAILING
 *   per entry: NUL within the 56 name bytes               -> FWCFG_DIR_ERR_NAME_UNTERMINATED
 *   per entry: name not empty                             -> FWCFG_DIR_ERR_NAME_EMPTY
 *   per entry: FWCFG_FILE_FIRST <= select <= FILE_LAST    -> FWCFG_DIR_ERR_SELECT_RANGE
 *   no two entries share a name                           -> FWCFG_DIR_ERR_DUPLICATE_NAME
 *   no two entries share a select                         -> FWCFG_DIR_ERR_DUPLICATE_SELECT
 *
 * The size field is not bounded here: users compare it against their own
 * buffers. The duplicate scan is quadratic; count is at most 16352.
 */
#include "parsers/fwcfg/fwcfg_dir.h"

#include <string.h>

#include "parsers/bytes/bytes.h"
#include "parsers/bytes/status_message.h"

static const uint8_t *entry_at(const uint8_t *dir, uint32_t idx)
{
	return dir + FWCFG_DIR_HEADER_SIZE + (size_t)idx * FWCFG_DIR_ENTRY_SIZE;
}

static const char *entry_name(const uint8_t *entry)
{
	return (const char *)entry + 8;
}

static int check_count(const uint8_t *dir, size_t len, uint32_t *count)
{
	uint32_t n;

	if (len < FWCFG_DIR_HEADER_SIZE)
		return FWCFG_DIR_ERR_TOO_SHORT;
	n = bytes_be32(dir);
	if (n > FWCFG_DIR_MAX_FILES)
		return FWCFG_DIR_ERR_TOO_MANY;
	if ((len - FWCFG_DIR_HEADER_SIZE) / FWCFG_DIR_ENTRY_SIZE < n)
		return FWCFG_DIR_ERR_COUNT_OVERFLOW;
	if (len - FWCFG_DIR_HEADER_SIZE != (size_t)n * FWCFG_DIR_ENTRY_SIZE)
		return FWCFG_DIR_ERR_TRAILING;
	*count = n;
	return FWCFG_DIR_OK;
}

static int check_entry(const uint8_t *entry)
{
	uint16_t select = bytes_be16(entry + 4);

	if (!memchr(entry_name(entry), '\0', FWCFG_FILE_NAME_SIZE))
		return FWCFG_DIR_ERR_NAME_UNTERMINATED;
	if (entry_name(entry)[0] == '\0')
		return FWCFG_DIR_ERR_NAME_EMPTY;
	if (select < FWCFG_FILE_FIRST || select > FWCFG_FILE_LAST)
		return FWCFG_DIR_ERR_SELECT_RANGE;
	return FWCFG_DIR_OK;
}

/* Compares entry i against every later entry; names are known terminated. */
static int check_unique(const uint8_t *dir, uint32_t count, uint32_t i)
{
	const uint8_t *a = entry_at(dir, i);

	for (uint32_t j = i + 1; j < count; j++) {
		const uint8_t *b = entry_at(dir, j);

		if (strcmp(entry_name(a), entry_name(b)) == 0)
			return FWCFG_DIR_ERR_DUPLICATE_NAME;
		if (bytes_be16(a + 4) == bytes_be16(b + 4))
			return FWCFG_DIR_ERR_DUPLICATE_SELECT;
	}
	return FWCFG_DIR_OK;
}

int fwcfg_dir_check(const void *buf, size_t len, uint32_t *count)
{
	const uint8_t *dir = buf;
	uint32_t n;
	int status = check_count(dir, len, &n);

	for (uint32_t i = 0; status == FWCFG_DIR_OK && i < n; i++)
		status = check_entry(entry_at(dir, i));
	for (uint32_t i = 0; status == FWCFG_DIR_OK && i < n; i++)
		status = check_unique(dir, n, i);
	if (status == FWCFG_DIR_OK)
		*count = n;
	return status;
}

/* Re-validates the one entry it returns, so it never reads out of bounds. */
int fwcfg_dir_entry(const void *buf, size_t len, uint32_t idx, struct fwcfg_file *file)
{
	const uint8_t *dir = buf;
	const uint8_t *entry;
	uint32_t n;
	int status = check_count(dir, len, &n);

	if (status != FWCFG_DIR_OK)
		return status;
	if (idx >= n)
		return FWCFG_DIR_ERR_INDEX;
	entry = entry_at(dir, idx);
	status = check_entry(entry);
	if (status != FWCFG_DIR_OK)
		return status;
	file->size = bytes_be32(entry);
	file->select = bytes_be16(entry + 4);
	file->name = entry_name(entry);
	return FWCFG_DIR_OK;
}

int fwcfg_dir_find(const void *buf, size_t len, const char *name, struct fwcfg_file *file)
{
	uint32_t n;
	int status = check_count(buf, len, &n);

	for (uint32_t i = 0; status == FWCFG_DIR_OK && i < n; i++) {
		status = fwcfg_dir_entry(buf, len, i, file);
		if (status == FWCFG_DIR_OK && strcmp(file->name, name) == 0)
			return FWCFG_DIR_OK;
	}
	return status == FWCFG_DIR_OK ? FWCFG_DIR_ERR_NOT_FOUND : status;
}

const char *fwcfg_dir_strerror(int status)
{
	static const char *const msg[FWCFG_DIR_ERR_COUNT_] = {
		[FWCFG_DIR_OK] = "ok",
		[FWCFG_DIR_ERR_TOO_SHORT] = "directory shorter than its count",
		[FWCFG_DIR_ERR_TOO_MANY] = "more entries than file selectors",
		[FWCFG_DIR_ERR_COUNT_OVERFLOW] = "entry count larger than the directory",
		[FWCFG_DIR_ERR_TRAILING] = "bytes after the last entry",
		[FWCFG_DIR_ERR_NAME_UNTERMINATED] = "file name not NUL-terminated",
		[FWCFG_DIR_ERR_NAME_EMPTY] = "empty file name",
		[FWCFG_DIR_ERR_SELECT_RANGE] = "select outside the file item range",
		[FWCFG_DIR_ERR_DUPLICATE_NAME] = "duplicate file name",
		[FWCFG_DIR_ERR_DUPLICATE_SELECT] = "duplicate select",
		[FWCFG_DIR_ERR_INDEX] = "entry index out of range",
		[FWCFG_DIR_ERR_NOT_FOUND] = "no such file",
	};

	return bytes_status_message(msg, FWCFG_DIR_ERR_COUNT_, status, "unknown fwcfg_dir status");
}
